"""The licence of the guide's content, as the site's administrator sets it.

The licence is a site setting (``licentie`` in the plugin's options: an SPDX id and the
licence's address). It is the content's licence, not the software's: the code that builds
the site has its own. Until it is set, every place that would name it says plainly that no
licence has been chosen, so that nobody reads silence as permission.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from handreiking.errors import SourceProblem

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


#: SPDX's license-id syntax (idstring: letters, digits, '-' and '.'), optionally with
#: the '+' that means "or later", as in the SPDX specification's annex on expressions.
SPDX_ID = re.compile(r"[A-Za-z0-9.-]+\+?")

_FIX = (
    "zet onder licentie bij plugins.handreiking in mkdocs.yml 'id:' met de SPDX-code van de "
    "licentie (letters, cijfers, '-' en '.', zoals CC-BY-4.0) en 'url:' met het "
    "https-adres van de licentietekst (zoals https://creativecommons.org/licenses/by/4.0/), "
    "of haal 'licentie' weg zolang er geen licentie is gekozen"
)


def licence_problems(spdx: str | None, url: str | None, config_file: str) -> list[SourceProblem]:
    """What is wrong with the ``licentie`` setting: one problem at ``config_file`` naming
    each mistake (an id that is no SPDX id, an id without address or an address without
    id, an address that is not https), with the fix; none when it is right or unset."""
    spdx = spdx.strip() if spdx else None
    url = url.strip() if url else None
    wrong: list[str] = []
    if spdx is not None and not SPDX_ID.fullmatch(spdx):
        guess = re.sub(r"\s+", "-", spdx)
        hint = f" (bedoel je '{guess}'?)" if SPDX_ID.fullmatch(guess) else ""
        wrong.append(f"'{spdx}' is geen SPDX-code{hint}")
    if spdx is not None and url is None:
        wrong.append("de url van de licentietekst ontbreekt")
    if spdx is None and url is not None:
        wrong.append("de id (de SPDX-code) ontbreekt")
    if url is not None:
        parts = urlsplit(url)
        if parts.scheme != "https" or not parts.hostname:
            wrong.append(f"de url '{url}' is geen https-adres")
    if not wrong:
        return []
    return [SourceProblem(config_file, None, f"de licentie klopt niet: {'; '.join(wrong)}; {_FIX}")]
