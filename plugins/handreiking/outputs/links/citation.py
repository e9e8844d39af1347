"""How to cite a page: the APA 7 reference in Dutch, BibTeX, RIS and Highwire meta tags.

Three kinds of work are cited:

- a **chapter** of an edition, as a chapter in a book whose authors are the publishing
  organisations: ``Vrijwilligersacademie, & Hogeschool van Amsterdam. (2016). Partnerschap
  en partnerschapskaart. In *Handreiking …* (Editie Zuidoost). https://…``;
- an **edition** (its start page), as the book itself;
- a **theory box**, shared by all editions and undated, as a web page on the site:
  ``… (z.d.). *Hotspots*. Samenspel formele en informele zorg. https://…``.

APA 7 leaves out the publisher when it is the author, as it is here.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

Kind = Literal["hoofdstuk", "editie", "bouwsteen"]

#: APA's "zonder datum" for a work without a year.
NO_DATE = "z.d."

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
    publisher: tuple[str, ...] = field(default_factory=tuple)
    language: str = "nl"


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


# ------------------------------------------------------------------------- APA


def _apa_authors(authors: Sequence[str]) -> str:
    names = [a.strip() for a in authors if a.strip()]
    # APA 7 puts a comma before "&" from two authors on, group authors included.
    text = names[0] if len(names) == 1 else ", ".join(names[:-1]) + ", & " + names[-1]
    return text if text.endswith(".") else text + "."


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "?", "!")) else text + "."


def apa_parts(work: Work) -> list[tuple[str, bool]]:
    """The APA reference as ``(text, italic)`` runs, for plain text and HTML alike."""
    year = f"({work.year if work.year else NO_DATE})."
    parts: list[tuple[str, bool]] = []
    if work.authors:
        parts.append((f"{_apa_authors(work.authors)} {year} ", False))
    if work.kind == "hoofdstuk" and work.book_title:
        if not work.authors:
            # APA: without an author the title takes its place, before the year.
            parts.append((f"{_sentence(work.title)} {year} In ", False))
        else:
            parts.append((f"{_sentence(work.title)} In ", False))
        parts.append((work.book_title, True))
        label = f" ({work.edition_label})" if work.edition_label else ""
        parts.append((f"{label}. ", False))
    else:
        parts.append((work.title, True))
        label = f" ({work.edition_label})" if work.kind == "editie" and work.edition_label else ""
        tail = f"{label}."
        if not work.authors:
            tail += f" {year}"
        parts.append((tail + " ", False))
        if work.kind == "bouwsteen" and work.site_name:
            parts.append((f"{_sentence(work.site_name)} ", False))
    if work.publisher and tuple(work.publisher) != tuple(work.authors):
        parts.append((f"{_sentence(', '.join(work.publisher))} ", False))
    parts.append((work.url, False))
    return parts


def apa_text(work: Work) -> str:
    """The APA reference as plain text (italics dropped)."""
    return "".join(text for text, _ in apa_parts(work))


def apa_html(work: Work) -> str:
    """The APA reference as HTML: titles in ``<em>``, the URL a link."""
    out = []
    for text, italic in apa_parts(work):
        if text == work.url:
            link = html.escape(text, quote=True)
            out.append(f'<a href="{link}">{html.escape(text)}</a>')
        elif italic:
            out.append(f"<em>{html.escape(text)}</em>")
        else:
            out.append(html.escape(text))
    return "".join(out)


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


def bibtex(work: Work) -> str:
    """The work as one BibTeX entry."""
    entry_type = {"hoofdstuk": "incollection", "editie": "book", "bouwsteen": "misc"}[work.kind]
    fields: list[tuple[str, str]] = []
    if work.authors:
        # Double braces: an organisation is one name, not "first last".
        names = " and ".join("{" + bibtex_escape(a) + "}" for a in work.authors)
        fields.append(("author", names))
    fields.append(("title", "{" + bibtex_escape(work.title) + "}"))
    if work.kind == "hoofdstuk" and work.book_title:
        fields.append(("booktitle", "{" + bibtex_escape(work.book_title) + "}"))
    if work.edition_label and work.kind != "bouwsteen":
        fields.append(("note", bibtex_escape(work.edition_label)))
    if work.kind == "bouwsteen" and work.site_name:
        fields.append(("howpublished", bibtex_escape(work.site_name)))
    publisher = work.publisher or work.authors
    if publisher and work.kind != "bouwsteen":
        fields.append(("publisher", bibtex_escape(", ".join(publisher))))
    if work.year:
        fields.append(("year", str(work.year)))
    fields.append(("url", work.url))
    fields.append(("language", "dutch" if work.language == "nl" else work.language))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@{entry_type}{{{work.id},\n{body},\n}}\n"


# ------------------------------------------------------------------------- RIS


def _ris_value(text: str) -> str:
    # RIS has no escapes: a value is the rest of its line.
    return " ".join(text.split())


def ris(work: Work) -> str:
    """The work as one RIS record (CRLF line ends, as the format prescribes)."""
    ris_type = {"hoofdstuk": "CHAP", "editie": "BOOK", "bouwsteen": "ELEC"}[work.kind]
    lines = [("TY", ris_type)]
    lines += [("AU", a) for a in work.authors]
    lines.append(("TI", work.title))
    if work.kind == "hoofdstuk" and work.book_title:
        lines.append(("T2", work.book_title))
    if work.kind == "bouwsteen" and work.site_name:
        lines.append(("T2", work.site_name))
    if work.edition_label and work.kind != "bouwsteen":
        lines.append(("ET", work.edition_label))
    if work.year:
        lines.append(("PY", str(work.year)))
    publisher = work.publisher or work.authors
    if publisher and work.kind != "bouwsteen":
        lines.append(("PB", ", ".join(publisher)))
    lines.append(("UR", work.url))
    lines.append(("LA", work.language))
    lines.append(("ID", work.id))
    lines.append(("ER", ""))
    return "".join(f"{tag}  - {_ris_value(value)}".rstrip() + "\r\n" for tag, value in lines)


# -------------------------------------------------------------------- Highwire


def meta_tags(work: Work) -> str:
    """Highwire Press ``citation_*`` meta tags, as Zotero and Google Scholar read them."""
    tags: list[tuple[str, str]] = [("citation_title", work.title)]
    tags += [("citation_author", a) for a in work.authors]
    if work.year:
        tags.append(("citation_publication_date", str(work.year)))
    if work.kind == "hoofdstuk" and work.book_title:
        tags.append(("citation_inbook_title", work.book_title))
        tags.append(("citation_book_title", work.book_title))
    publisher = work.publisher or work.authors
    if publisher:
        tags.append(("citation_publisher", ", ".join(publisher)))
    tags.append(("citation_language", work.language))
    tags.append(("citation_public_url", work.url))
    return "".join(
        f'<meta name="{name}" content="{html.escape(value, quote=True)}">\n' for name, value in tags
    )
