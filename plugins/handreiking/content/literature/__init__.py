"""Literature: reading the ``.bib`` file, citations, and the Dutch APA 7 style.

Kept apart as sphinxcontrib-bibtex does: parsing and caching
(:mod:`~handreiking.content.literature.bibliography`), the citation syntax
(:mod:`~handreiking.content.literature.cite`), in-text referencing ("(Sennett, 2003a)":
:mod:`~handreiking.content.literature.referencing`, with pybtex's label style ``apa-nl``),
the order of a list (:mod:`~handreiking.content.literature.sorting`, pybtex's sorting
style ``apa-nl``) and formatting the list (:mod:`~handreiking.content.literature.style`,
pybtex's formatting style ``apa-nl``).
The Markdown side lives in :mod:`handreiking.markdown.citations`.
"""

from __future__ import annotations

from handreiking.content.literature.bibliography import (
    Bibliography,
    BibliographyCache,
    CitedWork,
    RenderedCitation,
    load_bibliography,
    parse_bibliography,
)
from handreiking.content.literature.cite import (
    Citation,
    CitationSyntaxError,
    CiteItem,
    parse_citation,
)
from handreiking.content.literature.names import Name, format_name, parse_name
from handreiking.content.literature.style import ApaNlStyle, MissingField

__all__ = [
    "ApaNlStyle",
    "Bibliography",
    "BibliographyCache",
    "Citation",
    "CitationSyntaxError",
    "CiteItem",
    "CitedWork",
    "MissingField",
    "Name",
    "RenderedCitation",
    "format_name",
    "load_bibliography",
    "parse_bibliography",
    "parse_citation",
    "parse_name",
]
