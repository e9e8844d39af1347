"""The plugin's options in ``mkdocs.yml``."""

from __future__ import annotations

from typing import Any

from mkdocs.config import config_options as c
from mkdocs.config.base import Config, ValidationError


class BibliographyFiles(c.OptionallyRequired[list[str]]):
    """``bibliografie``: one ``.bib`` file, or a list of them (a Zotero export per
    collection, a shared group library), always read as a list."""

    def run_validation(self, value: object) -> list[str]:
        files: Any = [value] if isinstance(value, str) else value
        if (
            not isinstance(files, list)
            or not files
            or not all(isinstance(f, str) and f.strip() for f in files)
        ):
            raise ValidationError(
                "'bibliografie' moet een .bib-bestand zijn of een lijst van .bib-bestanden, "
                "bijvoorbeeld 'bibliografie: bibliography.bib' of "
                "'bibliografie: [zotero.bib, groep.bib]'"
            )
        return [f.strip() for f in files]


class LicenceOptions(Config):
    """``licentie``: the licence of the guide's content (not of the software)."""

    # The SPDX id, e.g. CC-BY-SA-4.0, and the address of the licence's text.
    id = c.Optional(c.Type(str))
    url = c.Optional(c.Type(str))


class HandreikingConfig(Config):
    """Options of the ``handreiking`` plugin.

    Co-authors see these in ``mkdocs.yml``, so the names they type are Dutch.
    """

    enabled = c.Type(bool, default=True)

    # The district editions, in reading order; each lives in docs/<id>/.
    edities = c.ListOfItems(c.Type(str), default=[])
    # Build only this edition (``handreiking build --editie``); empty for all.
    editie = c.Optional(c.Type(str))

    # The literature of all editions, relative to mkdocs.yml: one file or a list.
    bibliografie = BibliographyFiles(default="bibliography.bib")
    # The pybtex style that formats it: a name in the entry point group
    # pybtex.style.formatting. Our citations (author, year) need apa-nl or a style
    # built on it (ApaNlStyle); pybtex's own numbered styles (plain, alpha) are refused.
    bibliografie_stijl = c.Type(str, default="apa-nl")

    # What the build keeps for the next one (the parsed bibliography, formatted
    # references, parsed quote files), as Material's social plugin names the options:
    # ``cache: false`` reads and writes nothing on disk; ``cache_dir`` is relative to
    # mkdocs.yml. Options for the administrator, so named as Material names them.
    cache = c.Type(bool, default=True)
    cache_dir = c.Type(str, default=".cache/handreiking")

    # The licence of the content, shown in the footer and the PDF's colophon and written
    # into the catalog, the cartridges and the citation files; until it is set, the
    # site says that no licence has been chosen.
    licentie = c.SubConfig(LicenceOptions)
