"""The licence of the guide's content, as the site's administrator sets it.

The licence is a site setting (``licentie`` in the plugin's options: an SPDX id and the
licence's address). It is the content's licence, not the software's: the code that builds
the site has its own. Until it is set, every place that would name it says plainly that no
licence has been chosen, so that nobody reads silence as permission.
"""

from __future__ import annotations

from dataclasses import dataclass

#: What the site, the catalog, the cartridge and the citation files say without a licence.
NO_LICENCE = (
    "Er is nog geen licentie gekozen voor de inhoud van deze handreiking. Vraag de makers "
    "om toestemming voordat je teksten of citaten overneemt."
)

#: What ``handreiking check`` and a build note, once, while no licence is chosen.
NO_LICENCE_NOTE = (
    "let op: er is nog geen licentie gekozen voor de inhoud; de site, de PDF, de catalogus, "
    "de cartridges en de citatiebestanden zeggen dat. Kies er een met 'licentie' (id: de "
    "SPDX-code, url: het adres van de licentietekst) onder plugins.handreiking in mkdocs.yml"
)


@dataclass(frozen=True)
class Licence:
    """The content's licence: its SPDX id and address; both ``None`` while none is chosen."""

    spdx: str | None = None
    url: str | None = None

    @property
    def chosen(self) -> bool:
        """Whether the administrator has set a licence."""
        return self.spdx is not None

    @property
    def text(self) -> str:
        """One sentence for readers: the licence and its address, or that there is none."""
        if self.spdx is None:
            return NO_LICENCE
        where = f" ({self.url})" if self.url else ""
        return f"De inhoud van deze handreiking valt onder de licentie {self.spdx}{where}."
