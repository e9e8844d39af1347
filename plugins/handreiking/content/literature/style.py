"""``apa-nl``: APA 7 as Dutch publications write it, as a pybtex formatting style.

Registered in the entry point group ``pybtex.style.formatting``, so any pybtex
user can pick it::

    style = pybtex.plugin.find_plugin("pybtex.style.formatting", "apa-nl")()

What makes it Dutch: particles before the surname and sorted under them ("De
Boer, A., & De Klerk, M. (2013)."), ``Red.``, ``z.d.``, ``In``, ``e dr.``, ``nr.``,
and ``Geraadpleegd op 12 januari 2016, van <url>``. What makes it APA: authors
(up to twenty; then the first nineteen, an ellipsis and the last), the year in
parentheses with letters for works of the same authors in the same year, titles
and subtitles joined by a colon, italics for standalone works, journal names and
volumes, DOIs as ``https://doi.org/...``, and the order authors, year, title.

Titles are printed as the ``.bib`` file writes them (write them in sentence
case); only the first letter of the title and of the subtitle is capitalised.
The place of publication is not printed (APA 7 dropped it).

The style never raises on incomplete entries: it formats what an entry has.
:meth:`ApaNlStyle.missing_fields` says what is missing, in Dutch, so a caller can
warn. Entries are read with both BibTeX and biblatex field names and with
``crossref`` resolved (see :mod:`handreiking.content.literature.fields`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from typing import Any

from pybtex.backends import plaintext as plaintext_backend
from pybtex.bibtex.utils import split_name_list
from pybtex.database import BibliographyData, Entry
from pybtex.exceptions import PybtexError
from pybtex.richtext import BaseText, HRef, Tag, Text
from pybtex.style import FormattedBibliography, FormattedEntry
from pybtex.style.formatting import BaseStyle
from pybtex.style.names.plain import NameStyle as PlainNameStyle
from pybtex.style.template import (
    FieldIsMissing,
    first_of,
    join,
    node,
    optional,
    sentence,
    tag,
)

from handreiking.content.literature.fields import (
    EntryFields,
    dutch_date,
    family,
    is_standalone,
    lead_names,
    original_year,
)
from handreiking.content.literature.latex import latex_to_str, latex_to_text
from handreiking.content.literature.names import Name, sort_text
from handreiking.content.literature.referencing import (
    AND_IN_PARENTHESES,
    ET_AL,
    ApaNlLabelStyle,
    list_date,
    year_suffixes,
)
from handreiking.content.literature.sorting import ApaNlSortingStyle
from handreiking.content.literature.titles import sentence_case
from handreiking.content.safety import unsafe_url, url_message

# The Dutch words of the style, in one place.
EDITORS = "Red."
IN = "In"
PAGE, PAGES = "p.", "pp."
VOLUME = "Vol."
NUMBER = "nr."
ARTICLE_NUMBER = "Artikel"
RETRIEVED = "Geraadpleegd op"
UNPUBLISHED = "Ongepubliceerd manuscript"
TRANSLATOR = "Vert."
ORIGINALLY = "Oorspronkelijk werk gepubliceerd"
PATENT = "Octrooi"

_THESIS_KINDS = {
    "phdthesis": "Proefschrift",
    "phd thesis": "Proefschrift",
    "doctoral dissertation": "Proefschrift",
    "dissertation": "Proefschrift",
    "proefschrift": "Proefschrift",
    "mathesis": "Masterscriptie",
    "mastersthesis": "Masterscriptie",
    "masterthesis": "Masterscriptie",
    "master's thesis": "Masterscriptie",
    "masterscriptie": "Masterscriptie",
    "bathesis": "Bachelorscriptie",
    "bachelorthesis": "Bachelorscriptie",
    "bachelor's thesis": "Bachelorscriptie",
    "candthesis": "Kandidaatsscriptie",
}
_REPORT_KINDS = {
    "techreport": "Technisch rapport",
    "technical report": "Technisch rapport",
    "resreport": "Onderzoeksrapport",
    "report": "Rapport",
}
_EPRINT_URLS = {
    "arxiv": "https://arxiv.org/abs/{}",
    "jstor": "https://www.jstor.org/stable/{}",
    "hdl": "https://hdl.handle.net/{}",
    "pubmed": "https://pubmed.ncbi.nlm.nih.gov/{}/",
    "googlebooks": "https://books.google.com/books?id={}",
}
_DASH = re.compile(r"(?<=\w)\s*(?:-{1,3}|\u2010|\u2011|\u2013|\u2014)\s*(?=\w)")
_EDITION = re.compile(
    r"^(\d+)\s*(?:e|de|ste|st|nd|rd|th|\.)?\s*(?:(?:ed|edition|editie|dr|druk)\.?)?$", re.I
)
_DOI_PREFIX = re.compile(r"^\s*(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.I)
_URL_COMMAND = re.compile(r"\\url\s*\{([^{}]*)\}")
_TEX_ESCAPE = re.compile(r"\\([_%#&~$])")


def dashify(text: str) -> str:
    """Page ranges with an en dash: "45-67" and "45--67" get U+2013 between the numbers."""
    return _DASH.sub("\u2013", text)


def pages_label(pages: str) -> str:
    """The page label: "p." for one page, "pp." for a range or a list."""
    return PAGES if re.search(r"[\u2013,&]|\bff?\.?$", pages) else PAGE


def doi_url(doi: str) -> str:
    """A DOI as APA 7 writes it: ``https://doi.org/10...``."""
    return "https://doi.org/" + _TEX_ESCAPE.sub(r"\1", _DOI_PREFIX.sub("", doi.strip()))


def clean_url(url: str) -> str:
    """A bib field's address without ``\\url{...}``, braces and TeX escapes."""
    match = _URL_COMMAND.search(url)
    if match:
        url = match.group(1)
    return _TEX_ESCAPE.sub(r"\1", url.strip().strip("{}").strip())


#: Fields the style reads (under their BibTeX or biblatex names, see ``fields.ALIASES``).
USED_FIELDS = frozenset(
    {
        "author", "editor", "translator", "title", "subtitle", "maintitle", "mainsubtitle",
        "booktitle", "booksubtitle", "journaltitle", "journal", "journalsubtitle", "volume",
        "number", "issue", "pages", "eid", "edition", "publisher", "organization",
        "institution", "school", "type", "thesistype", "howpublished", "url", "doi",
        "urldate", "accessed", "lastchecked", "eprint", "eprinttype", "year", "date",
        "month", "day", "origdate", "origyear", "entrysubtype", "crossref", "shorttitle",
        "shortauthor",
    }
)  # fmt: skip
#: Fields a reference manager exports that APA 7 leaves out of the list on purpose (the
#: place of publication, ISBN, what only the reference manager itself uses): not reported.
OMITTED_FIELDS = frozenset(
    {
        "address", "location", "isbn", "issn", "abstract", "keywords", "file", "annotation",
        "annote", "comment", "langid", "language", "pagetotal", "timestamp", "owner",
        "groups", "mendeley-tags", "mendeley-groups", "copyright", "shortjournal", "lccn",
        "pmid", "pmcid", "series", "sortkey", "sorttitle", "sortname", "presort", "ids",
        "options", "keyword", "urlyear", "urlmonth", "urlday", "eprintclass", "primaryclass",
        "archiveprefix", "shorthand", "label", "indextitle", "hyphenation", "citation-key",
        "rights", "library", "extra", "archive", "archive_location", "callnumber",
    }
)  # fmt: skip


def ignored_fields(fields: EntryFields) -> list[str]:
    """The fields of the entry (its own, not a ``crossref`` parent's) that the reference
    list does not show and that APA does not leave out on purpose: ``note``,
    ``addendum``, ``version`` ... (so that nothing is dropped without a word)."""
    return [
        name
        for name, raw in fields.entry.fields.items()
        if raw.strip() and name.lower() not in USED_FIELDS and name.lower() not in OMITTED_FIELDS
    ]


def ignored_message(key: str, names: list[str]) -> str:
    """The notice for fields the list does not show, in Dutch."""
    quoted = [f"'{name}'" for name in names]
    if len(quoted) == 1:
        what, it = f"het veld {quoted[0]} staat", "het"
    else:
        what, it = f"de velden {', '.join(quoted[:-1])} en {quoted[-1]} staan", "ze"
    return (
        f"bron '{key}': {what} niet in de literatuurlijst (de APA-stijl van de site gebruikt "
        f"{it} niet); haal {it} weg, of zet wat de lezer moet weten in een veld dat de "
        "lijst wel toont"
    )


@dataclass(frozen=True)
class MissingField:
    """A field an entry lacks; ``message`` says so to a co-author, in Dutch."""

    key: str
    field: str
    message: str


# -- template nodes, in pybtex's template language ------------------------------------


@node
def reference(children: list[Any], data: dict[str, Any]) -> Text:
    """The blocks of one reference, separated by a space."""
    return join(sep=" ")[children].format_data(data)


@node
def value(
    children: list[Any],
    context: dict[str, Any],
    name: str,
    plain: bool = False,
    apply_func: Any = None,
) -> Text:
    """A field of the entry under its BibTeX or biblatex name, crossref resolved.

    Like pybtex's ``field``: raises ``FieldIsMissing`` (so wrap it in ``optional``).
    """
    if children:
        raise ValueError(children)
    fields: EntryFields = context["fields"]
    raw = fields.get(name)
    if raw is None:
        raise FieldIsMissing(name, context["entry"])
    if plain:
        text = latex_to_str(raw)
        result = Text(apply_func(text) if apply_func else text)
    else:
        result = latex_to_text(raw)
        if apply_func:
            result = apply_func(result)
    if not result:
        raise FieldIsMissing(name, context["entry"])
    return result


@node
def author_date(children: list[Any], context: dict[str, Any]) -> Text:
    """Author and date, "Sennett, R. (2003). Title."; without author the title leads."""
    style: ApaNlStyle = context["style"]
    fields: EntryFields = context["fields"]
    title = sentence(sep=" ")[children].format_data(context)
    date = Text("(", list_date(fields, context.get("year_suffix", "")), ").")
    names = style.format_lead(fields)
    if names:
        return Text(names.add_period(), " ", date, *((" ", title) if title else ()))
    if not title:
        title = Text(f"[{fields.key}].")
    return Text(title, " ", date)


@node
def publisher(children: list[Any], context: dict[str, Any], *candidates: str) -> Text:
    """The first of the candidate fields that is present ("A; B" for several).

    Left out when it repeats the group authors (APA: "Raad voor ... (2013). Titel."):
    one of them, each of them, or all of them in one, separated by commas.
    """
    fields: EntryFields = context["fields"]
    lead, _ = lead_names(fields)
    authors = [sort_text(name.reference()) for name in lead if name.is_group]
    for candidate in candidates:
        raw = fields.get(candidate)
        if raw is None:
            continue
        try:
            parts = split_name_list(raw)
        except PybtexError:
            parts = [raw]
        names = [name for name in (latex_to_str(part) for part in parts) if name]
        if not names:
            continue
        if authors and _repeats(names, authors):
            return Text()
        return Text("; ".join(names))
    return Text()


def _repeats(names: list[str], authors: list[str]) -> bool:
    """Whether the publisher ``names`` are the group ``authors`` (as :func:`sort_text`)."""
    if {sort_text(name) for name in names} <= set(authors):
        return True
    return sort_text(" ".join(names)) == " ".join(authors)


def resolve_url(fields: EntryFields) -> str | None:
    """The address of a work without DOI: ``url``, a ``\\url`` in ``howpublished``,
    or an ``eprint`` (arXiv, JSTOR, handle, PubMed)."""
    url = clean_url(fields.get("url") or "")
    if not url:
        match = _URL_COMMAND.search(fields.get("howpublished") or "")
        if match:
            url = clean_url(match.group(1))
    if not url:
        eprint = fields.get("eprint")
        pattern = _EPRINT_URLS.get((fields.get("eprinttype") or "").strip().lower())
        if eprint and pattern:
            url = pattern.format(clean_url(eprint))
    if url and unsafe_url(url) is not None:
        return None  # never a link a browser would run; the bib check reports it
    return url or None


def address_problems(fields: Mapping[str, str]) -> Iterator[tuple[str, str]]:
    """The fields of one entry whose address may not be published: (field, message).

    ``url`` and a ``\\url`` in ``howpublished`` must be web addresses; a ``doi``, written
    bare or after ``doi:`` or ``https://doi.org/``, must not carry another scheme.
    """
    if "url" not in fields and "howpublished" not in fields and "doi" not in fields:
        return  # most entries have no address: none to clean
    advice = "gebruik een webadres dat met https:// begint"
    url = clean_url(fields.get("url") or "")
    match = _URL_COMMAND.search(fields.get("howpublished") or "")
    candidates = [("url", url), ("howpublished", clean_url(match.group(1)) if match else "")]
    doi = fields.get("doi") or ""
    candidates.append(("doi", _TEX_ESCAPE.sub(r"\1", _DOI_PREFIX.sub("", doi.strip()))))
    for name, address in candidates:
        scheme = unsafe_url(address) if address else None
        if scheme is not None:
            yield name, url_message(address, scheme, advice)


@node
def web_refs(children: list[Any], context: dict[str, Any]) -> Text:
    """The DOI as a link; otherwise the URL, with the retrieval date if there is one."""
    fields: EntryFields = context["fields"]
    doi = fields.get("doi")
    if doi and doi.strip():
        address = doi_url(doi)
        return Text(HRef(address, address))
    url = resolve_url(fields)
    if not url:
        return Text()
    link = HRef(url, url)
    urldate = fields.get("urldate")
    if urldate:
        return Text(f"{RETRIEVED} {dutch_date(urldate)}, van ", link)
    return Text(link)


@node
def original_note(children: list[Any], context: dict[str, Any]) -> Text:
    """ "(Oorspronkelijk werk gepubliceerd 1962)" at the end of a republished or translated
    work (APA 7, 9.41 and 10.2 example 29)."""
    original = original_year(context["fields"])
    return Text(f"({ORIGINALLY} {original})") if original else Text()


# -- rendering ------------------------------------------------------------------------


@lru_cache(maxsize=1)
def html_backend() -> Any:
    """pybtex's HTML backend, with escaped link addresses and no protected spans.

    Made when first needed: pybtex's module imports ``urllib.request`` (through
    ``xml.sax.saxutils``), and a build whose references all come from ``.cache/``
    renders no rich text.
    """
    from pybtex.backends import html

    class HtmlBackend(html.Backend):  # type: ignore[misc]
        symbols = html.Backend.symbols | {"newblock": " "}

        def format_protected(self, text: str) -> str:
            return text

        @staticmethod
        def format_href(url: str, text: str, external: bool = False) -> str:
            return f'<a href="{escape(url, quote=True)}">{text}</a>' if text else ""

    return HtmlBackend


class TextBackend(plaintext_backend.Backend):
    """pybtex's plain text backend, with a real en dash."""

    symbols = plaintext_backend.Backend.symbols | {"ndash": "\u2013"}  # type: ignore[operator]


def render_html(text: BaseText) -> str:
    """Rich text as HTML (``<em>``, ``<a href>``), escaped."""
    return str(text.render(html_backend()()))


def render_text(text: BaseText) -> str:
    """Rich text as plain text."""
    return str(text.render(TextBackend()))


# -- the style --------------------------------------------------------------------------


class ApaNlStyle(BaseStyle):
    """Dutch APA 7 (``apa-nl``): the reference list.

    Besides pybtex's API (:meth:`format_bibliography`, :meth:`format_entries`,
    :meth:`format_entry`) it offers :meth:`format_reference` for one entry with its
    year letter, and :meth:`missing_fields`. In-text citations are
    :mod:`~handreiking.content.literature.referencing`'s; the order of the list is its
    sorting style's, the labels ("Sennett, 2003") its label style's.
    """

    # Given as classes, not as the names their entry points register: looking a name up
    # scans every installed package (15 ms per build).
    default_name_style = PlainNameStyle
    default_label_style = ApaNlLabelStyle
    default_sorting_style = ApaNlSortingStyle

    # -- names, year, title

    def format_name_list(self, names: list[Name]) -> str:
        """Names in a reference list (APA 7): all up to twenty, then 19, ". . .", the last."""
        if names and names[-1].is_others:
            # "and others" in the .bib: the names we have, then "et al."
            known = [name.reference() for name in names[:-1]]
            return ", ".join([*known, ET_AL])
        refs = [name.reference() for name in names]
        if len(refs) <= 1:
            return "".join(refs)
        if len(refs) > 20:
            return ", ".join(refs[:19]) + ", . . . " + refs[-1]
        return ", ".join(refs[:-1]) + f", {AND_IN_PARENTHESES} " + refs[-1]

    def format_editors_in(self, names: list[Name]) -> str:
        """Editors after "In": initials first, "&" before the last."""
        parts = [name.initials_first() for name in names]
        if len(parts) <= 2:
            return f" {AND_IN_PARENTHESES} ".join(parts)
        return ", ".join(parts[:-1]) + f", {AND_IN_PARENTHESES} " + parts[-1]

    def format_lead(self, fields: EntryFields) -> Text:
        """Who opens the reference: "Sennett, R.", "Matuz, R. (Red.)", or empty."""
        names, role = lead_names(fields)
        if not names:
            return Text()
        text = self.format_name_list(names)
        return Text(text, f" ({EDITORS})") if role == "editor" else Text(text)

    def format_year(self, fields: EntryFields, suffix: str = "") -> str:
        """The year as cited: "2013", "2013a", "z.d.", "z.d.-a"."""
        year = fields.year.text
        if not suffix:
            return year
        return year + suffix if year[-1:].isdigit() else f"{year}-{suffix}"

    def title_text(self, fields: EntryFields, prefix: str = "") -> Text:
        """Title and subtitle joined by a colon, in sentence case (see
        :mod:`~handreiking.content.literature.titles`)."""
        title = fields.get(f"{prefix}title")
        subtitle = fields.get(f"{prefix}subtitle")
        main = latex_to_text(title) if title else Text()
        sub = latex_to_text(subtitle) if subtitle else Text()
        if main and sub:
            separator = " " if str(main).rstrip()[-1:] in ("?", "!", ":", ".") else ": "
            return sentence_case(Text(main, separator, sub))
        return sentence_case(main or sub) if (main or sub) else Text()

    def format_title(self, fields: EntryFields, italic: bool, details: Text | None = None) -> Text:
        """The title (of a book in a multivolume work, with the main title first)."""
        title = self.title_text(fields)
        main = self.title_text(fields, "main") if is_standalone(fields.type) else Text()
        if main:
            volume = fields.text("volume")
            if volume and title:
                title = Text(main, f": {VOLUME} {volume}. ", title)
            elif title:
                title = Text(main, ": ", title)
            else:
                title = main
        if italic and title:
            title = Text(Tag("em", title))
        if details:
            return Text(title, " ", details) if title else details
        return title

    def format_edition(self, fields: EntryFields) -> str | None:
        """The edition, "2e dr."; a first edition is not mentioned."""
        edition = fields.text("edition")
        if not edition:
            return None
        match = _EDITION.match(edition)
        if match:
            number = int(match.group(1))
            return f"{number}e dr." if number > 1 else None
        return edition

    def format_translators(self, fields: EntryFields) -> str:
        """The translators as APA names them after the title: "R. Kuiper, Vert."."""
        names = fields.names("translator")
        if not names:
            return ""
        return f"{self.format_editors_in(names)}, {TRANSLATOR}"

    def format_details(self, fields: EntryFields, pages: bool = False) -> Text:
        """The parenthetical after a title: "(R. Kuiper, Vert.; 2e dr., Vol. 3)", and
        "(pp. 45-67)" (with an en dash) after the book of a part."""
        translators = "" if pages else self.format_translators(fields)
        details = self._details(fields, pages)
        if translators and details:
            return Text(f"({translators}; ", details, ")")
        if translators:
            return Text(f"({translators})")
        return Text("(", details, ")") if details else Text()

    def _details(self, fields: EntryFields, pages: bool = False) -> str:
        items = []
        edition = self.format_edition(fields)
        if edition:
            items.append(edition)
        volume = fields.text("volume")
        if volume and not (is_standalone(fields.type) and fields.get("maintitle")):
            items.append(f"{VOLUME} {volume}")
        if pages:
            page_range = fields.text("pages")
            if page_range:
                page_range = dashify(page_range)
                items.append(f"{pages_label(page_range)} {page_range}")
        return ", ".join(items)

    def translated(self, fields: EntryFields, details: Text) -> Text:
        """A description after the title with the translators before it: "(R. Kuiper,
        Vert.) [Proefschrift]"."""
        translators = self.format_translators(fields)
        if not translators:
            return details
        return Text(f"({translators})", " ", details) if details else Text(f"({translators})")

    def part_title(self, fields: EntryFields) -> Text:
        """The title of an article or chapter, with its translators: "Titel (R. Kuiper,
        Vert.)" (APA 7, 10.1 and 10.3)."""
        translators = self.format_translators(fields)
        return self.format_title(
            fields, italic=False, details=Text(f"({translators})") if translators else None
        )

    def format_in(self, fields: EntryFields) -> Text:
        """The "In" part: "In K. ten Have (Red.), *Boektitel* (pp. 45-67)."."""
        head = []
        editors = fields.names("editor")
        if editors:
            head.append(Text(self.format_editors_in(editors), f" ({EDITORS})"))
        book = self.title_text(fields, "book")
        if not book:
            book = self.title_text(fields, "main")
        if book:
            head.append(Text(Tag("em", book)))
        details = self.format_details(fields, pages=True)
        if not head:
            return details.add_period() if details else Text()
        body = Text(", ").join(head)
        if details:
            body = Text(body, " ", details)
        return Text(f"{IN} ", body).add_period()

    # -- templates (pybtex's idiom: one per entry type, see unsrt.py)

    def get_article_template(self, e: EntryFields) -> Any:
        journal = optional[
            tag("em")[join(sep=": ")[value("journaltitle"), optional[value("journalsubtitle")]]]
        ]
        volume = optional[join[tag("em")[value("volume")], optional["(", value("number"), ")"]]]
        location = first_of[
            optional[value("pages", plain=True, apply_func=dashify)],
            optional[join[f"{ARTICLE_NUMBER} ", value("eid")]],
        ]
        return reference[
            author_date[self.part_title(e)],
            sentence[journal, volume, location],
            web_refs,
            original_note,
        ]

    def get_book_template(self, e: EntryFields) -> Any:
        return reference[
            author_date[self.format_title(e, italic=True, details=self.format_details(e))],
            sentence[publisher("publisher", "organization", "institution")],
            web_refs,
            original_note,
        ]

    def get_incollection_template(self, e: EntryFields) -> Any:
        return reference[
            author_date[self.part_title(e)],
            self.format_in(e),
            sentence[publisher("publisher", "organization")],
            web_refs,
            original_note,
        ]

    def get_report_template(self, e: EntryFields) -> Any:
        details = Text()
        number = e.text("number")
        if number:
            kind = e.text("type")
            label = _REPORT_KINDS.get(kind.casefold(), kind) if kind else "Rapport"
            details = Text(f"({label} {NUMBER} {number})")
        return reference[
            author_date[self.format_title(e, italic=True, details=self.translated(e, details))],
            sentence[publisher("institution", "publisher", "organization")],
            web_refs,
            original_note,
        ]

    def get_thesis_template(self, e: EntryFields) -> Any:
        kind = e.text("type")
        if kind:
            label = _THESIS_KINDS.get(kind.casefold(), kind[:1].upper() + kind[1:])
        else:
            label = {"phdthesis": "Proefschrift", "mastersthesis": "Masterscriptie"}.get(
                e.type, "Scriptie"
            )
        institution = e.text("institution")
        description = Text(f"[{label}, {institution}]" if institution else f"[{label}]")
        return reference[
            author_date[self.format_title(e, italic=True, details=self.translated(e, description))],
            web_refs,
            original_note,
        ]

    def get_online_template(self, e: EntryFields) -> Any:
        return reference[
            author_date[self.format_title(e, italic=True, details=self.translated(e, Text()))],
            sentence[publisher("organization", "publisher", "institution")],
            web_refs,
            original_note,
        ]

    def get_misc_template(self, e: EntryFields) -> Any:
        details = Text()
        howpublished = e.get("howpublished")
        if howpublished and not _URL_COMMAND.search(howpublished):
            details = Text("[", latex_to_text(howpublished).capfirst(), "]")
        elif e.type == "unpublished":
            details = Text(f"[{UNPUBLISHED}]")
        elif e.type == "patent" and e.text("number"):
            details = Text(f"({PATENT} {NUMBER} {e.text('number')})")
        return reference[
            author_date[self.format_title(e, italic=True, details=self.translated(e, details))],
            sentence[publisher("publisher", "organization", "institution")],
            web_refs,
            original_note,
        ]

    def get_template(self, e: EntryFields) -> Any:
        """The template for the entry's type; unknown types are formatted as ``misc``."""
        getter = getattr(self, f"get_{e.type}_template", None)
        if getter is None:
            getter = getattr(self, f"get_{family(e.type)}_template")
        return getter(e)

    # -- formatting

    def format_reference(
        self, entry: Entry, bib_data: BibliographyData | None = None, year_suffix: str = ""
    ) -> Text:
        """One entry as an APA reference (rich text), with ``year_suffix`` after its year."""
        return self.format_fields(EntryFields(entry, bib_data), year_suffix)

    def format_fields(self, fields: EntryFields, year_suffix: str = "") -> Text:
        """Like :meth:`format_reference`, for an entry already wrapped."""
        context = {
            "entry": fields.entry,
            "fields": fields,
            "style": self,
            "year_suffix": year_suffix,
        }
        return self.get_template(fields).format_data(context)

    def format_entry(  # type: ignore[override]
        self, label: str, entry: Entry, bib_data: BibliographyData | None = None
    ) -> FormattedEntry:
        """pybtex's API: one entry, without a year letter."""
        return FormattedEntry(entry.key, self.format_reference(entry, bib_data), label)

    def format_entries(  # type: ignore[override]
        self, entries: Iterable[Entry], bib_data: BibliographyData | None = None
    ) -> Iterator[FormattedEntry]:
        """pybtex's API: entries in the sorting style's order (APA's by default), with the
        label style's labels, lettered within the given entries.

        The sorting and label styles are given each entry's :class:`EntryFields`, so
        that ``crossref`` counts.
        """
        all_fields = [EntryFields(entry, bib_data) for entry in entries]
        suffixes = year_suffixes(all_fields)
        ordered = self.sort(all_fields)
        for fields, label in zip(ordered, self.format_labels(ordered), strict=True):
            suffix = suffixes.get(fields.key, "")
            yield FormattedEntry(fields.key, self.format_fields(fields, suffix), label)

    def format_bibliography(  # type: ignore[override]
        self, bib_data: BibliographyData, citations: Iterable[str] | None = None
    ) -> FormattedBibliography:
        """pybtex's API; ``"*"`` cites everything, unknown keys are skipped."""
        keys = list(bib_data.entries.keys()) if citations is None else list(citations)
        if "*" in keys:
            keys = list(bib_data.entries.keys())
        entries = [bib_data.entries[key] for key in dict.fromkeys(keys) if key in bib_data.entries]
        return FormattedBibliography(
            self.format_entries(entries, bib_data), style=self, preamble=bib_data.preamble
        )

    # -- what is missing

    def missing_fields(
        self, entry: Entry, bib_data: BibliographyData | None = None
    ) -> list[MissingField]:
        """What the entry lacks for a complete APA reference (messages in Dutch)."""
        return self.check_fields(EntryFields(entry, bib_data))

    def check_fields(self, fields: EntryFields) -> list[MissingField]:
        """Like :meth:`missing_fields`, for an entry already wrapped; also says, once per
        entry, which of its fields the list does not show (:func:`ignored_fields`)."""
        key = fields.key
        missing: list[MissingField] = []

        def lacks(field: str, what: str) -> None:
            missing.append(MissingField(key, field, f"bron '{key}' mist {what}"))

        kind = family(fields.type)
        if fields.missing_crossref:
            missing.append(
                MissingField(
                    key,
                    "crossref",
                    f"bron '{key}' verwijst met 'crossref' naar '{fields.missing_crossref}', "
                    "maar die bron staat niet in het literatuurbestand",
                )
            )
        names, _ = lead_names(fields)
        if not names and kind not in ("online", "misc"):
            if kind == "book":
                lacks("author", "een auteur of redacteur (veld 'author' of 'editor')")
            else:
                lacks("author", "een auteur (veld 'author')")
        if not fields.get("title"):
            lacks("title", "een titel (veld 'title')")
        if not fields.year.given:
            lacks(
                "year",
                "een jaartal (veld 'year' of 'date'); er staat nu 'z.d.' "
                "(schrijf year = {z.d.} als het werk echt geen jaartal heeft)",
            )
        if kind == "article" and not fields.get("journaltitle"):
            lacks("journaltitle", "de naam van het tijdschrift (veld 'journal' of 'journaltitle')")
        if fields.type in ("book", "collection", "reference") and not fields.get("publisher"):
            lacks("publisher", "een uitgever (veld 'publisher')")
        if kind == "incollection":
            if not (fields.get("booktitle") or fields.get("maintitle")):
                lacks("booktitle", "de titel van het boek waarin het staat (veld 'booktitle')")
            if fields.type in ("incollection", "inbook") and not fields.get("publisher"):
                lacks("publisher", "een uitgever (veld 'publisher')")
        if kind in ("report", "thesis") and not fields.get("institution"):
            lacks("institution", "een instelling (veld 'institution' of 'school')")
        if kind == "online" and not (resolve_url(fields) or fields.get("doi")):
            lacks("url", "een webadres (veld 'url')")
        ignored = ignored_fields(fields)
        if ignored:
            missing.append(MissingField(key, ignored[0], ignored_message(key, ignored)))
        return missing
