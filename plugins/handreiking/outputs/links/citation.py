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

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

from pybtex.database import Entry, Person
from pybtex.richtext import BaseText

from handreiking.content.literature.fields import EntryFields
from handreiking.content.literature.names import Name
from handreiking.content.literature.style import ApaNlStyle, html_backend

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
    persons = {"author": [Person(_literal(a)) for a in work.authors]} if work.authors else {}
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
