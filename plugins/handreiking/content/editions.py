"""The district editions: which exist, their metadata, and which page belongs to which."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from handreiking.content.frontmatter import parse_front_matter, read_text
from handreiking.content.schema import (
    MISSING,
    Field,
    Invalid,
    Table,
    anything,
    integer,
    strings,
    text_or_number,
    validate,
)
from handreiking.content.sources import ID_PATTERN, PAGE, read_source_text, shown_path
from handreiking.errors import HandreikingError, SourceProblem, did_you_mean

PUBLISHED = "gepubliceerd"
STATUSES = (PUBLISHED, "in-voorbereiding")
#: Readers' words for the statuses: what the landing page's table, the start page card
#: and the switcher show.
STATUS_LABELS = {status: status.replace("-", " ") for status in STATUSES}
#: folders under docs/ that are never editions
NOT_EDITIONS = frozenset({"bouwstenen", "assets", "stylesheets", "javascripts", "images", "id"})


@dataclass
class Edition:
    """One district edition, as declared in mkdocs.yml and described in its index.md."""

    id: str
    titel: str
    stadsdeel: str
    status: str
    ondertitel: str | None = None
    gebied: str | None = None
    jaar: int | None = None
    partners: list[str] = field(default_factory=list)
    nocite: list[str] = field(default_factory=list)
    #: the line of ``nocite`` in index.md, for messages
    nocite_line: int | None = None
    page_id: str | None = None
    path: str = ""
    #: the chapters in reading order, as files in the edition's folder (``hoofdstukken``);
    #: ``None`` when the front matter gives no order (then: by file name)
    hoofdstukken: list[str] | None = None
    #: the line of each entry of ``hoofdstukken``, and of the key itself
    hoofdstukken_lines: list[int] = field(default_factory=list)
    hoofdstukken_line: int | None = None

    @property
    def published(self) -> bool:
        return self.status == PUBLISHED

    @property
    def name(self) -> str:
        """The name readers know the edition by: its district."""
        return self.stadsdeel

    # The pages and files the plugin makes for an edition, as paths inside docs/ and
    # the built site: named here only.

    @property
    def quotes_src_uri(self) -> str:
        """The edition's quote overview (made when it is published)."""
        return quotes_src_uri(self.id)

    @property
    def literature_src_uri(self) -> str:
        """The edition's literature list (made when it is published)."""
        return literature_src_uri(self.id)

    @property
    def kaart_src_uri(self) -> str:
        """The edition's sociale kaart (made when it has a ``sociale-kaart.yml``)."""
        return kaart_src_uri(self.id)

    @property
    def changes_src_uri(self) -> str:
        """The edition's page of changes (made when it is published)."""
        return changes_src_uri(self.id)

    @property
    def changes_feed(self) -> str:
        """The Atom feed beside the edition's page of changes, in the built site."""
        return f"{self.id}/{CHANGES_FEED}"

    @property
    def pdf_src_uri(self) -> str:
        """The edition's PDF in the built site (made by ``outputs/pdf.py``)."""
        return pdf_src_uri(self.id)

    @property
    def epub_src_uri(self) -> str:
        """The edition's e-book in the built site (made by ``outputs/epub.py``)."""
        return epub_src_uri(self.id)

    @property
    def start_src_uri(self) -> str:
        """The edition's start page, ``<editie>/index.md``."""
        return f"{self.id}/index.md"


# -- the addresses of what the plugin generates (one place for their names) ----

#: pages of the whole guide, inside docs/
ALL_QUOTES_SRC_URI = "citaten.md"
ALL_LITERATURE_SRC_URI = "literatuur.md"
#: what changed in the sources (outputs/changes.py), and its Atom feed beside it
ALL_CHANGES_SRC_URI = "wijzigingen.md"
CHANGES_FEED = "wijzigingen.xml"
#: file names of the pages every published edition gets
QUOTES_PAGE = "citaten.md"
LITERATURE_PAGE = "literatuur.md"
CHANGES_PAGE = "wijzigingen.md"


#: the sociale kaart (an edition's page, and the page of all editions) and the worksheet
#: of the partnerschapskaart, pages of the tools the guide asks for
KAART_PAGE = "sociale-kaart.md"
ALL_KAART_SRC_URI = "sociale-kaart.md"
WORKSHEET_SRC_URI = "partnerschapskaart.md"


def kaart_src_uri(edition_id: str) -> str:
    """An edition's sociale kaart: ``<editie>/sociale-kaart.md``."""
    return f"{edition_id}/{KAART_PAGE}"


def quotes_src_uri(edition_id: str) -> str:
    """An edition's quote overview: ``<editie>/citaten.md``."""
    return f"{edition_id}/{QUOTES_PAGE}"


def literature_src_uri(edition_id: str) -> str:
    """An edition's literature list: ``<editie>/literatuur.md``."""
    return f"{edition_id}/{LITERATURE_PAGE}"


def changes_src_uri(edition_id: str) -> str:
    """An edition's page of changes: ``<editie>/wijzigingen.md``."""
    return f"{edition_id}/{CHANGES_PAGE}"


def book_name(edition_id: str) -> str:
    """The base name of an edition's PDF and cartridge: ``handreiking-<editie>``."""
    return f"handreiking-{edition_id}"


def pdf_src_uri(edition_id: str) -> str:
    """An edition's PDF in the built site: ``<editie>/handreiking-<editie>.pdf``."""
    return f"{edition_id}/{book_name(edition_id)}.pdf"


def epub_src_uri(edition_id: str) -> str:
    """An edition's EPUB in the built site: ``<editie>/handreiking-<editie>.epub``."""
    return f"{edition_id}/{book_name(edition_id)}.epub"


def cartridge_src_uri(edition_id: str) -> str:
    """An edition's Common Cartridge in the built site (``.imscc`` beside the PDF)."""
    return f"{edition_id}/{book_name(edition_id)}.imscc"


def status_label(status: str) -> str:
    """Readers' words for an edition's ``status``: ``in voorbereiding``."""
    return STATUS_LABELS.get(status, status)


def edition_of(src_uri: str, edition_ids: Collection[str]) -> str | None:
    """The edition a page belongs to, from its path inside docs/."""
    head, slash, _rest = src_uri.partition("/")
    return head if slash and head in edition_ids else None


def _status(value: object, _context: Mapping[str, Any]) -> object:
    if value not in STATUSES:
        raise Invalid(f"onbekende status '{value}'; kies uit: {', '.join(STATUSES)}")
    return value


_TEXT = "'{key}' moet een tekst zijn"


def _list(example: str) -> str:
    """The message for a list field that is no list of texts, with an ``example`` list."""
    return (
        "'{key}' moet een lijst zijn, tussen '[' en ']' en met komma's ertussen, "
        f"bijvoorbeeld '{{key}}: [{example}]'"
    )


#: The front matter of an edition's ``index.md``. A key with nothing after it counts as
#: left out, and so does an empty text in a required field.
EDITION = Table(
    fields=(
        Field("id", text_or_number, wrong=_TEXT),
        Field("titel", text_or_number, required=True, wrong=_TEXT),
        Field("ondertitel", text_or_number, wrong=_TEXT),
        Field("stadsdeel", text_or_number, required=True, wrong=_TEXT),
        Field("gebied", text_or_number, wrong=_TEXT),
        Field("jaar", integer, wrong="'jaar' moet een jaartal zijn, zoals 2016"),
        Field("status", anything, required=True, parse=_status),
        Field("partners", strings, wrong=_list("eerste partner, tweede partner")),
        Field("nocite", strings, wrong=_list("lipsky1980, sennett2003")),
        # the reading order of the edition's chapters (content/order.py)
        Field("hoofdstukken", strings, wrong=_list("voorwoord.md, inleiding.md")),
    ),
    # the order messages have always come in
    order=(
        MISSING,
        "status",
        "jaar",
        "titel",
        "stadsdeel",
        "ondertitel",
        "gebied",
        "partners",
        "nocite",
        "id",
        "hoofdstukken",
    ),
    unknown="onbekende sleutel '{key}' in de front matter van de editie{hint}",
    missing="de front matter van de editie mist '{key}'",
    at_key=True,
    null_is_unset=True,
    empty_is_missing=True,
)


def load_edition(
    docs_dir: Path,
    edition_id: str,
    root: Path,
    reuse: dict[tuple[str, str, str], tuple[Edition | None, list[SourceProblem]]] | None = None,
    used: dict[tuple[str, str, str], tuple[Edition | None, list[SourceProblem]]] | None = None,
) -> tuple[Edition | None, list[SourceProblem]]:
    """Read ``docs/<edition_id>/index.md`` and check its front matter. With ``reuse``
    (an :class:`EditionCache`'s memory), a start page loaded before with the same text,
    edition and shown name is not parsed again; what is loaded is put in ``used``."""
    index = docs_dir / edition_id / "index.md"
    shown = shown_path(index, root)
    if not index.is_file():
        if index.parent.is_dir():
            missing = f"de startpagina {shown}"
        else:
            missing = f"de map {shown_path(index.parent, root)}/ (met een startpagina index.md)"
        return None, [
            SourceProblem(
                "mkdocs.yml",
                None,
                f"editie '{edition_id}' staat in mkdocs.yml maar {missing} ontbreekt",
            )
        ]
    try:
        text = read_text(index, shown)
    except HandreikingError as error:
        return None, error.problems
    key = (edition_id, shown, text)
    loaded = reuse.get(key) if reuse is not None else None
    if loaded is None:
        loaded = _parse_edition(text, edition_id, shown)
    if used is not None:
        used[key] = loaded
    edition, problems = loaded
    return edition, list(problems)


def _parse_edition(
    text: str, edition_id: str, shown: str
) -> tuple[Edition | None, list[SourceProblem]]:
    """The edition that the start page's ``text`` describes, and its problems."""
    try:
        fm = parse_front_matter(text, shown)
    except HandreikingError as error:
        return None, error.problems
    checked = validate(fm.record, EDITION)
    values = checked.values
    edition = Edition(
        id=edition_id,
        titel=values.get("titel") or edition_id,
        stadsdeel=values.get("stadsdeel") or edition_id,
        status=values.get("status", "in-voorbereiding"),
        ondertitel=values.get("ondertitel"),
        gebied=values.get("gebied"),
        jaar=values.get("jaar"),
        partners=values.get("partners", []),
        nocite=values.get("nocite", []),
        nocite_line=fm.line("nocite"),
        page_id=values.get("id"),
        path=shown,
        hoofdstukken=values.get("hoofdstukken"),
        hoofdstukken_lines=(
            fm.entries["hoofdstukken"].item_lines() if "hoofdstukken" in fm.entries else []
        ),
        hoofdstukken_line=fm.lines.get("hoofdstukken"),
    )
    return edition, checked.problems


class EditionCache:
    """Each edition's start page as loaded, kept by its owner (the plugin) for its next
    load.

    In memory only, for the rebuilds of ``mkdocs serve``: the file is still read every
    time, and its front matter parsed and checked anew unless its text, its edition and
    the name messages show are those of the last load, which is everything loading it
    reads. An edition is never changed once loaded.
    """

    def __init__(self) -> None:
        self.memory: dict[tuple[str, str, str], tuple[Edition | None, list[SourceProblem]]] = {}


def load_editions(
    docs_dir: Path, edition_ids: list[str], root: Path, cache: EditionCache | None = None
) -> tuple[list[Edition], list[SourceProblem]]:
    """Load every declared edition; also flag folders that look like undeclared editions.
    With a ``cache`` (the plugin's), a start page that did not change is not parsed
    again (:class:`EditionCache`)."""
    used: dict[tuple[str, str, str], tuple[Edition | None, list[SourceProblem]]] | None = (
        {} if cache is not None else None
    )
    editions: list[Edition] = []
    problems: list[SourceProblem] = []
    seen: set[str] = set()
    for edition_id in edition_ids:
        if not ID_PATTERN.match(edition_id):
            problems.append(
                SourceProblem(
                    "mkdocs.yml",
                    None,
                    f"ongeldige editie-id '{edition_id}': gebruik kleine letters, cijfers en '-'",
                )
            )
            continue
        if edition_id in seen:
            problems.append(
                SourceProblem(
                    "mkdocs.yml", None, f"editie '{edition_id}' staat twee keer in mkdocs.yml"
                )
            )
            continue
        seen.add(edition_id)
        edition, found = load_edition(
            docs_dir, edition_id, root, cache.memory if cache is not None else None, used
        )
        problems.extend(found)
        if edition is not None:
            editions.append(edition)
    if cache is not None and used is not None:
        cache.memory = used
    for folder in sorted(p for p in docs_dir.iterdir() if p.is_dir()):
        if folder.name in seen or folder.name in NOT_EDITIONS or folder.name.startswith("."):
            continue
        if (folder / "citaten.yml").is_file() or _declares_status(folder / "index.md"):
            shown = shown_path(folder / "index.md", root)
            problems.append(
                SourceProblem(
                    shown,
                    None,
                    f"de map docs/{folder.name}/ lijkt een editie maar staat niet onder "
                    f"'edities' in mkdocs.yml" + did_you_mean(folder.name, edition_ids),
                )
            )
    return editions, problems


def _declares_status(index: Path) -> bool:
    if not index.is_file():
        return False
    text, _problem = read_source_text(index, index.name, wording=PAGE)
    if text is None:
        return False  # an unreadable page is reported where pages are read
    head = text[:2000]
    return head.startswith("---") and re.search(r"^status\s*:", head, re.M) is not None
