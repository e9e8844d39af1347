"""The plugin's options in ``mkdocs.yml``."""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


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

    # The literature of all editions, relative to mkdocs.yml.
    bibliografie = c.Type(str, default="bibliography.bib")
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
