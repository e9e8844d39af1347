"""How to cite a page: the APA 7 reference in Dutch, BibTeX, RIS and Highwire meta tags.

Three kinds of work are cited:

- a **chapter** of an edition, as a chapter in a book whose authors are the publishing
  organisations: ``Vrijwilligersacademie, & Hogeschool van Amsterdam. (2016). Partnerschap
  en partnerschapskaart. In *Handreiking …* (Editie Zuidoost). https://…``;
- an **edition** (its start page), as the book itself;
- a **theory box**, shared by all editions and undated, as a web page on the site:
  ``… (z.d.). *Hotspots*. Samenspel formele en informele zorg. https://…``.

A page is cited as any work of the literature lists is: :func:`entry` makes it a pybtex
entry (an ``@incollection``, ``@book`` or ``@misc``, its fields in LaTeX as a ``.bib``
file holds them), and the ``apa-nl`` style formats it; APA 7 leaves out the publisher
when it is the author, as it is here. The RIS record and the meta tags are read from
the same entry.
"""

from __future__ import annotations

import dataclasses
import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any, Literal

from pybtex.database import Entry, Person
from pybtex.richtext import BaseText, HRef, Protected, String, Symbol, Tag, Text

from handreiking import jsoncache
from handreiking.content.literature.fields import EntryFields
from handreiking.content.literature.formatcache import SYMBOLS, TAGS
from handreiking.content.literature.latex import latex_to_str
from handreiking.content.literature.names import Name
from handreiking.content.literature.style import ApaNlStyle, clean_url, html_backend
from handreiking.content.safety import unsafe_url
from handreiking.jsoncache import CacheShapeError, array, string

Kind = Literal["hoofdstuk", "editie", "bouwsteen"]

_CHAPTER_NUMBER = re.compile(r"^\s*\d+(\.\d+)*\.?\s+")


@dataclass(frozen=True)
class Work:
    """Everything a citation of one page needs; plain text, nothing escaped."""

    id: str
    kind: Kind
    title: str
    authors: tuple[str, ...]
    url: str
    site_name: str
    year: int | None = None
    #: the book a chapter is part of (its edition's full title)
    book_title: str | None = None
    #: which edition, as readers name it: "Editie Zuidoost"
    edition_label: str | None = None
    language: str = "nl"
    #: when the page was last changed (ISO date): the date of an undated work's page
    updated: str | None = None
    #: the build date (ISO), the access date of an undated work in the citation files
    accessed: str | None = None
    #: the edition's PDF (absolute), for a chapter or an edition that has one
    pdf_url: str | None = None
    #: what the citation files say about reuse: the licence, or that none is chosen
    licence: str | None = None


def chapter_title(title: str) -> str:
    """A chapter's title without its number: "5. Partnerschap" → "Partnerschap"."""
    return _CHAPTER_NUMBER.sub("", title).strip() or title.strip()


def authors_from(site_author: str | None, partners: Sequence[str]) -> tuple[str, ...]:
    """The organisations that author the guide.

    ``site_author`` names the makers ("Vrijwilligersacademie en Hogeschool van Amsterdam");
    the edition's ``partners`` spell each organisation. The authors are the partners
    that ``site_author`` names, in its order; district partners that it does not name
    helped, but are not authors. Without a match, ``site_author`` as one group author;
    without ``site_author``, the partners.
    """
    if site_author:
        named = [(site_author.find(p), p) for p in partners if p and p in site_author]
        if named:
            return tuple(p for _, p in sorted(named))
        return (site_author.strip(),)
    return tuple(partners)


def book_title(titel: str, ondertitel: str | None) -> str:
    """An edition's full title, APA style: "Titel: Ondertitel"."""
    if not ondertitel:
        return titel
    return f"{titel}: {ondertitel[:1].upper()}{ondertitel[1:]}"


# ---------------------------------------------------------------------- BibTeX

_BIBTEX_ESCAPES = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


_BIBTEX_TABLE = str.maketrans(_BIBTEX_ESCAPES)


def bibtex_escape(text: str) -> str:
    """Text as the value of a braced BibTeX field.

    LaTeX's special characters are escaped; ``<``, ``>`` and ``"`` need nothing inside
    braces, so they stay as they are (BibTeX readers and Zotero take them literally).
    """
    return " ".join(text.split()).translate(_BIBTEX_TABLE)


def _braced(text: str) -> str:
    # Double braces: an organisation is one name, not "first last"; a title keeps its case.
    return "{" + bibtex_escape(text) + "}"


def bibtex(work: Work) -> str:
    """The work as one BibTeX entry (the edition in ``note``, the site in ``howpublished``)."""
    entry_type = _ENTRY_TYPES[work.kind]
    fields: list[tuple[str, str]] = []
    if work.authors:
        fields.append(("author", " and ".join(_braced(a) for a in work.authors)))
    fields.append(("title", _braced(work.title)))
    if work.kind == "hoofdstuk" and work.book_title:
        fields.append(("booktitle", _braced(work.book_title)))
    if work.edition_label and work.kind != "bouwsteen":
        fields.append(("note", bibtex_escape(work.edition_label)))
    if work.kind == "bouwsteen" and work.site_name:
        fields.append(("howpublished", bibtex_escape(work.site_name)))
    # APA leaves out a publisher that is the author, as it always is here: no field.
    if work.year:
        fields.append(("year", str(work.year)))
    fields.append(("url", work.url))
    if not work.year and work.accessed:
        fields.append(("urldate", work.accessed))  # biblatex's access date
    fields.append(("language", _BABEL.get(work.language, work.language)))
    if work.licence:
        fields.append(("copyright", bibtex_escape(work.licence)))  # Zotero's "rights"
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@{entry_type}{{{work.id},\n{body},\n}}\n"


# ---------------------------------------------------------------------- the entry


#: The entry types of the kinds of work, and the RIS types of those.
_ENTRY_TYPES: dict[Kind, str] = {"hoofdstuk": "incollection", "editie": "book", "bouwsteen": "misc"}
_RIS_TYPES = {"incollection": "CHAP", "book": "BOOK", "misc": "ELEC"}
#: Languages as BibTeX (babel) names them, for a work's ISO code.
_BABEL = {"nl": "dutch"}


# TeX's ligatures ("--" is a dash, "``" a quote): braces between the characters keep them.
_LIGATURES = re.compile(r"(?<=-)(?=-)|(?<=`)(?=`)|(?<=')(?=')|(?<=[!?])(?=`)|(?<=,)(?=,)")


def _literal(text: str) -> str:
    """Text as a braced field value that reads back as it is, " and " included."""
    return "{" + _LIGATURES.sub("{}", bibtex_escape(text)) + "}"


@lru_cache(maxsize=256)
def _person(name: str) -> Person:
    # The same organisations author every page: parsed once (a Person is only read).
    return Person(name)


def entry(work: Work) -> Entry:
    """The work as a pybtex entry, its fields in LaTeX as a ``.bib`` file holds them.

    A chapter is an ``@incollection`` in its edition's book, an edition a ``@book``
    (both with the edition as ``edition`` and the authors as ``publisher``), a theory
    box a ``@misc`` with the site as ``organization``.
    """
    fields: list[tuple[str, str]] = [("title", _literal(work.title))]
    if work.kind == "hoofdstuk" and work.book_title:
        fields.append(("booktitle", _literal(work.book_title)))
    if work.edition_label and work.kind != "bouwsteen":
        fields.append(("edition", _literal(work.edition_label)))
    if work.kind == "bouwsteen" and work.site_name:
        fields.append(("organization", _literal(work.site_name)))
    if work.authors and work.kind != "bouwsteen":
        fields.append(("publisher", _literal(", ".join(work.authors))))
    if work.year:
        fields.append(("year", str(work.year)))
    fields.append(("url", work.url))
    fields.append(("language", _BABEL.get(work.language, work.language)))
    persons = {"author": [_person(_literal(a)) for a in work.authors]} if work.authors else {}
    cited = Entry(_ENTRY_TYPES[work.kind], fields=fields, persons=persons)
    cited.key = work.id
    return cited


# ------------------------------------------------------------------------- APA


@cache
def _html() -> Any:
    """The style's HTML backend, escaping quotes as well (the reference stands in a
    paragraph, and ``html.escape`` is what the page's other text gets)."""

    class Backend(html_backend()):  # type: ignore[misc]
        def format_str(self, text: str) -> str:
            return html.escape(text)

    return Backend()


@cache
def _style() -> ApaNlStyle:
    return ApaNlStyle()


def apa_rich(cited: Entry) -> BaseText:
    """The APA reference as pybtex rich text, as the ``apa-nl`` style formats the entry."""
    return _style().format_reference(cited)


def render_html(reference: BaseText) -> str:
    """A reference's rich text (:func:`apa_rich`) as HTML: titles in ``<em>``, the URL a
    link."""
    return str(reference.render(_html()))


def render_stored_html(stored: Any) -> str:
    """A reference's rich text kept as JSON (``formatcache.encode_rich``) as HTML: exactly
    what :func:`render_html` makes of ``formatcache.decode_rich(stored)``, without making
    the rich text again.

    The shape is checked throughout as ``decode_rich`` checks it (``CacheShapeError``:
    only the tags, symbols and safe links it takes; every string escaped). Rich text
    drops its empty parts and merges neighbours of one kind as it is made: empty parts
    are dropped here too, and neighbours it would merge into other markup (two ``<em>``
    in a row; never what ``encode_rich`` writes) are refused rather than rendered
    otherwise than the rich text would be.
    """
    return _stored_part(stored)[0]


def _stored_part(stored: Any) -> tuple[str, Any, int]:
    """The HTML of one part of kept rich text, what rich text merges it by with a
    neighbour of the same (``None``: never merged, or merged into the same HTML), and
    its length (rich text drops a part of none)."""
    if isinstance(stored, str):
        return html.escape(stored), None, len(stored)
    items = array(stored)
    kind = items[0] if items else None
    backend = _html()
    if kind == "symbol" and len(items) == 2 and items[1] in SYMBOLS:
        return backend.symbols[items[1]], None, 1
    if kind == "text" and len(items) == 2:
        inner, length = _stored_parts(items[1])
        return inner, ("text",), length
    if kind == "tag" and len(items) == 3 and items[1] in TAGS:
        name = string(items[1])
        inner, length = _stored_parts(items[2])
        return backend.format_tag(name, inner), ("tag", name), length
    if kind == "href" and len(items) == 4 and unsafe_url(string(items[1])) is None:
        url, external = items[1], jsoncache.boolean(items[2])
        inner, length = _stored_parts(items[3])
        return backend.format_href(url, inner, external), ("href", url), length
    if kind == "protected" and len(items) == 2:
        inner, length = _stored_parts(items[1])
        return backend.format_protected(inner), ("protected",), length
    raise CacheShapeError("unknown rich text")


def _stored_parts(stored: Any) -> tuple[str, int]:
    out = []
    total = 0
    previous: Any = None
    for part in array(stored):
        text, merge_key, length = _stored_part(part)
        if not length:
            continue  # dropped by rich text
        if merge_key == ("text",) or (merge_key is not None and merge_key == previous):
            raise CacheShapeError("rich text not as rich text keeps it")
        previous = merge_key
        out.append(text)
        total += length
    return "".join(out), total


def apa_html(cited: Entry) -> str:
    """The APA reference as HTML, as the ``apa-nl`` style formats the entry: titles in
    ``<em>``, the URL a link."""
    return render_html(apa_rich(cited))


# ------------------------------------------------------------------------- RIS


def _authors(cited: Entry) -> list[str]:
    return [Name.from_person(person).reference() for person in cited.persons.get("author", [])]


def _language(cited: Entry) -> str:
    language = cited.fields.get("language", "")
    return next((iso for iso, babel in _BABEL.items() if babel == language), language)


def ris(cited: Entry, work: Work | None = None) -> str:
    """The entry as one RIS record (CRLF line ends, as the format prescribes); ``work``
    adds the access date of an undated work and the licence."""
    fields = EntryFields(cited)
    lines = [("TY", _RIS_TYPES[cited.type])]
    lines += [("AU", name) for name in _authors(cited)]
    lines.append(("TI", fields.text("title") or ""))
    publisher = fields.text("publisher")
    if publisher == ", ".join(_authors(cited)):
        publisher = None  # APA leaves out a publisher that is the author
    accessed = work.accessed if work is not None and not work.year else None
    optional = [
        ("T2", fields.text("booktitle") or fields.text("organization")),  # book or site
        ("ET", fields.text("edition")),
        ("PY", fields.text("year")),
        ("PB", publisher),
        # RIS dates are YYYY/MM/DD/; Y2 is the access date.
        ("Y2", accessed.replace("-", "/") + "/" if accessed else None),
    ]
    lines += [(tag, value) for tag, value in optional if value]
    lines += [("UR", cited.fields["url"]), ("LA", _language(cited)), ("ID", cited.key)]
    if work is not None and work.licence:
        lines.append(("N1", work.licence))
    lines.append(("ER", ""))
    # RIS has no escapes: a value is the rest of its line.
    return "".join(f"{tag}  - {' '.join(value.split())}".rstrip() + "\r\n" for tag, value in lines)


# -------------------------------------------------------------------- Highwire


def meta_tags(cited: Entry, work: Work | None = None) -> str:
    """Highwire Press ``citation_*`` meta tags, as Zotero and Google Scholar read them.

    Each author is an organisation, written in Highwire's inverted form ("Last, First")
    with no first name: ``Hogeschool van Amsterdam,``. Zotero's Embedded Metadata
    translator then keeps the whole name as the last name instead of splitting it into
    a person ("Amsterdam, H. van"): ``tests/test_zotero.py`` runs its rules.
    """
    return meta_html(meta_fields(cited, work))


def meta_html(tags: Sequence[tuple[str, str]]) -> str:
    """``(name, content)`` pairs (:func:`meta_fields`) as ``<meta>`` tags, escaped."""
    return "".join(
        f'<meta name="{name}" content="{html.escape(value, quote=True)}">\n' for name, value in tags
    )


def meta_fields(cited: Entry, work: Work | None = None) -> list[tuple[str, str]]:
    """What :func:`meta_tags` says, as ``(name, content)`` pairs, not yet escaped."""
    fields = EntryFields(cited)
    tags = [("citation_title", fields.text("title") or "")]
    tags += [("citation_author", f"{name},") for name in _authors(cited)]
    book = fields.text("booktitle")
    optional = [
        ("citation_publication_date", fields.text("year") or (work and work.updated)),
        ("citation_inbook_title", book),
        ("citation_book_title", book),
        # Without a publisher of its own, a work is published by its authors.
        ("citation_publisher", fields.text("publisher") or ", ".join(_authors(cited))),
        ("citation_pdf_url", work and work.pdf_url),
    ]
    tags += [(name, value) for name, value in optional if value]
    tags += [("citation_language", _language(cited)), ("citation_public_url", cited.fields["url"])]
    return tags


# -------------------------------------------------------------- all of it, by shape


@dataclass(frozen=True)
class Cited:
    """A work's citation as the page and its head give it: the APA reference as rich text
    (:func:`apa_rich`), the meta tags as pairs (:func:`meta_fields`) and the RIS record
    (:func:`ris`)."""

    reference: BaseText
    meta: list[tuple[str, str]]
    ris: str


def cite(work: Work) -> Cited:
    """The work's reference, meta tags and RIS record, exactly as formatting its
    :func:`entry` gives them.

    The pages of one edition differ only in their id, title, address and date, so the
    style formats one work of each shape, with stand-ins for those four, and each page
    gets its own put in their place (:func:`_by_shape`); a work whose title or address
    the style could treat otherwise is formatted in full.
    """
    return _by_shape(work) or _in_full(work)


def _in_full(work: Work) -> Cited:
    cited = entry(work)
    return Cited(apa_rich(cited), meta_fields(cited, work), ris(cited, work))


#: The stand-ins of a shape: letters the style, LaTeX and HTML leave as they are.
_TITLE = "Zqxtitelzqx"
_URL = "https://zqx.invalid/zqxadres/"
_ID = "zqxidzqx"
_UPDATED = "zqxdatumzqx"


def _title_rich(raw: str) -> BaseText:
    """The title as the style prints it (sentence case, LaTeX decoded): what
    ``title_text`` makes of the entry's ``title``, its only use of it."""
    return _style().title_text(EntryFields(Entry("misc", fields=[("title", raw)])))


_NOT_PLAIN = re.compile(r"[\s\\{}]")


def _plain_address(url: str) -> bool:
    """Whether the style prints the address as it is (no braces, escapes or spaces for
    it to take out, nothing it refuses), as it prints the stand-in."""
    return (
        bool(url)
        and not _NOT_PLAIN.search(url)
        and clean_url(url) == url
        and unsafe_url(url) is None
    )


def _by_shape(work: Work) -> Cited | None:
    title = _title_rich(_literal(work.title))
    title_text = latex_to_str(_literal(work.title))
    if not title or not title_text or not _plain_address(work.url):
        return None
    if not work.id or work.id != " ".join(work.id.split()):
        return None
    # The style ends the title with a full stop unless it ends with one of its own.
    stand_in = _TITLE + ("." if str(title.add_period()) == str(title) else "")
    shape = _shape(
        dataclasses.replace(
            work, id=_ID, title=stand_in, url=_URL, updated=_UPDATED if work.updated else None
        )
    )
    if shape is None:
        return None
    reference, meta, record = shape
    counts = {"title": 0, "url": 0, "href": 0}
    filled = _fill(reference, (stand_in, title), work.url, counts)
    if filled is None or counts != {"title": 1, "url": 1, "href": 1}:
        return None
    values = {stand_in: title_text, _URL: work.url, _ID: work.id}
    if work.updated:
        values[_UPDATED] = work.updated
    return Cited(
        filled, [(name, _put(value, values)) for name, value in meta], _put(record, values)
    )


@lru_cache(maxsize=512)
def _shape(work: Work) -> tuple[BaseText, tuple[tuple[str, str], ...], str] | None:
    """The stand-in work formatted in full; ``None`` when a stand-in does not come out
    as it went in (the style treated it as more than text)."""
    cited = _in_full(work)
    if str(_title_rich(_literal(work.title))) != work.title:
        return None
    if any(stand_in in str(cited.reference) for stand_in in (_ID, _UPDATED)):
        return None  # the reference printed what it should not depend on
    return cited.reference, tuple(cited.meta), cited.ris


def _put(text: str, values: dict[str, str]) -> str:
    # in one pass: a page's title is never searched for a stand-in
    return _stand_ins(tuple(values)).sub(lambda found: values[found.group(0)], text)


@lru_cache(maxsize=4)
def _split(stand_in: str) -> re.Pattern[str]:
    return re.compile(f"({re.escape(stand_in)}|{re.escape(_URL)})")


@lru_cache(maxsize=16)
def _stand_ins(stand_ins: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(re.escape(stand_in) for stand_in in stand_ins))


def _fill(
    part: BaseText, title: tuple[str, BaseText], url: str, counts: dict[str, int]
) -> BaseText | None:
    """The stand-in reference with the page's title (``(stand-in, title)``) and address
    in place; ``None`` for a kind of rich text this does not know."""
    kind = type(part)
    if kind is String:
        stand_in, rich = title
        pieces = _split(stand_in).split(part.value)  # type: ignore[attr-defined]
        if len(pieces) == 1:
            return part
        filled_parts: list[BaseText] = []
        for index, piece in enumerate(pieces):
            if index % 2 == 0:
                filled_parts.append(String(piece))
            elif piece == stand_in:
                counts["title"] += 1
                filled_parts.append(rich)
            else:
                counts["url"] += 1
                filled_parts.append(String(url))
        return Text(*filled_parts)
    if kind is Symbol:
        return part
    parts = []
    for child in part.parts:  # type: ignore[attr-defined]
        filled = _fill(child, title, url, counts)
        if filled is None:
            return None
        parts.append(filled)
    if kind is Text:
        return Text(*parts)
    if kind is Tag:
        return Tag(part.name, *parts)  # type: ignore[attr-defined]
    if kind is Protected:
        return Protected(*parts)
    if kind is HRef:
        href = part.url  # type: ignore[attr-defined]
        if href == _URL:
            counts["href"] += 1
            href = url
        return HRef(href, *parts, external=part.external)  # type: ignore[attr-defined]
    return None
