"""An entry's fields as the style reads them.

BibTeX and biblatex name the same things differently (``journal`` and
``journaltitle``, ``address`` and ``location``, ``school`` and ``institution``,
``year`` and ``date``), and biblatex's ``crossref`` maps fields of the parent to
other fields of the child (the title of an ``@collection`` is the ``booktitle``
of its ``@incollection``). :class:`EntryFields` hides both, so the style asks for
one name and gets the value wherever the ``.bib`` file put it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from pybtex.bibtex.utils import split_name_list
from pybtex.database import BibliographyData, Entry, Person
from pybtex.exceptions import PybtexError

from handreiking.content.literature.latex import latex_to_str
from handreiking.content.literature.names import Name

#: Other names under which a field may be found, in order of preference.
ALIASES: dict[str, tuple[str, ...]] = {
    "journaltitle": ("journaltitle", "journal"),
    "location": ("location", "address"),
    "institution": ("institution", "school"),
    "urldate": ("urldate", "accessed", "lastchecked"),
    "number": ("number", "issue"),
    "type": ("type", "thesistype"),
}

#: Kinds of entries, by what APA makes of them.
ARTICLE_TYPES = frozenset({"article", "suppperiodical", "review"})
PART_TYPES = frozenset(
    {"incollection", "inbook", "inproceedings", "inreference", "bookinbook", "suppbook",
     "suppcollection", "conference"}
)  # fmt: skip
BOOK_TYPES = frozenset(
    {"book", "mvbook", "collection", "mvcollection", "proceedings", "mvproceedings",
     "reference", "mvreference", "manual", "booklet", "periodical"}
)  # fmt: skip
REPORT_TYPES = frozenset({"report", "techreport"})
THESIS_TYPES = frozenset({"thesis", "phdthesis", "mastersthesis"})
ONLINE_TYPES = frozenset({"online", "www", "electronic", "webpage"})
MULTIVOLUME_TYPES = frozenset({"mvbook", "mvcollection", "mvproceedings", "mvreference"})

#: which template family each kind of entry has in a reference list
FAMILIES: tuple[tuple[frozenset[str], str], ...] = (
    (ARTICLE_TYPES, "article"),
    (PART_TYPES, "incollection"),
    (BOOK_TYPES, "book"),
    (REPORT_TYPES, "report"),
    (THESIS_TYPES, "thesis"),
    (ONLINE_TYPES, "online"),
)


def family(entry_type: str) -> str:
    """The template family: article, incollection, book, report, thesis, online, misc."""
    for types, name in FAMILIES:
        if entry_type in types:
            return name
    return "misc"


def is_standalone(entry_type: str) -> bool:
    """Standalone works have their title in italics; articles and chapters do not."""
    return family(entry_type) not in ("article", "incollection")


# biblatex's default inheritance: fields a child never takes from its parent.
_NOT_INHERITED = frozenset(
    {"title", "subtitle", "titleaddon", "shorttitle", "sorttitle", "indextitle",
     "indexsorttitle", "crossref", "xref", "xdata", "ids", "entryset", "entrysubtype",
     "execute", "label", "options", "presort", "related", "relatedoptions", "relatedstring",
     "relatedtype", "shorthand", "shorthandintro", "sortkey", "pages", "chapter", "eid",
     "doi", "url", "urldate", "eprint", "eprinttype", "eprintclass", "annotation", "abstract",
     "keywords", "file"}
)  # fmt: skip

_MAIN = {"maintitle": "title", "mainsubtitle": "subtitle", "maintitleaddon": "titleaddon"}
_BOOK = {"booktitle": "title", "booksubtitle": "subtitle", "booktitleaddon": "titleaddon"}
_JOURNAL = {"journaltitle": "title", "journalsubtitle": "subtitle"}

_MAX_CROSSREF_DEPTH = 8


def _parent_field(child_type: str, parent_type: str, name: str) -> str | None:
    """Which field of the parent fills the child's field ``name`` (biblatex defaults)."""
    if parent_type in MULTIVOLUME_TYPES and name in _MAIN:
        return _MAIN[name]
    if child_type in PART_TYPES and parent_type in BOOK_TYPES and name in _BOOK:
        return _BOOK[name]
    if parent_type == "periodical" and name in _JOURNAL:
        return _JOURNAL[name]
    if name in _NOT_INHERITED or name in _MAIN or name in _BOOK:
        return None
    return name


@dataclass(frozen=True)
class Year:
    """The year of a work as APA writes it, and how it sorts."""

    #: "2013", "1988-1992" (with an en dash), "z.d." (no date) or "in druk"
    text: str
    #: no date first, then by year, works in press last (APA 7, 9.47)
    sort: tuple[int, int]
    #: ``False`` when the entry gives no year or date at all
    given: bool = True


NO_DATE = Year("z.d.", (0, 0), given=False)
_NO_DATE_WORDS = frozenset({"z.d.", "zd", "z.d", "n.d.", "nd", "n.d", "s.a.", "z.j.", "zj"})
_IN_PRESS_WORDS = frozenset(
    {"in druk", "in press", "forthcoming", "ter perse", "te verschijnen", "in voorbereiding"}
)
_YEAR = re.compile(r"\s*(-?\d{1,4})(?!\d)")


def parse_year(raw: str | None) -> Year:
    """Read a biblatex ``date`` ("2016-01-12", "1988/1992") or BibTeX ``year``."""
    if raw is None:
        return NO_DATE
    text = latex_to_str(raw)
    folded = text.casefold().strip()
    if not folded:
        return NO_DATE
    if folded in _NO_DATE_WORDS:
        return Year("z.d.", (0, 0))
    if folded in _IN_PRESS_WORDS:
        return Year("in druk", (2, 0))
    start, _, end = text.partition("/")
    first = _YEAR.match(start)
    if not first:
        return Year(text, (1, 9999))
    year = int(first.group(1))
    last = _YEAR.match(end)
    if last and int(last.group(1)) != year:
        return Year(f"{year}\u2013{int(last.group(1))}", (1, year))
    return Year(str(year), (1, year))


DUTCH_MONTHS = (
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
)  # fmt: skip
_ISO_DATE = re.compile(r"^\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?\s*$")


def dutch_date(raw: str) -> str:
    """A date in Dutch ("2016-01-12": "12 januari 2016"); else the text as it is."""
    text = latex_to_str(raw)
    match = _ISO_DATE.match(text)
    if not match:
        return text
    year, month, day = match.groups()
    if month is None:
        return year
    if not 1 <= int(month) <= 12:
        return text
    words = [DUTCH_MONTHS[int(month) - 1], year]
    if day is not None:
        if not 1 <= int(day) <= 31:
            return text
        words.insert(0, str(int(day)))
    return " ".join(words)


_ENGLISH_MONTHS = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
#: biblatex ``entrysubtype`` values of works APA dates to the day (APA 7, 9.15 and 10.1-10.2)
DATED_SUBTYPES = frozenset({"newspaper", "magazine", "blog", "nieuws", "krant", "tijdschrift"})


def month_number(raw: str | None) -> int | None:
    """A ``month`` field as a number: "3", "03", "March" (BibTeX's ``mar``), "maart"."""
    if raw is None:
        return None
    text = latex_to_str(raw).strip().casefold().rstrip(".")
    if text.isdigit():
        number = int(text)
        return number if 1 <= number <= 12 else None
    for months in (_ENGLISH_MONTHS, DUTCH_MONTHS):
        for index, name in enumerate(months):
            if len(text) >= 3 and name.startswith(text):
                return index + 1
    return None


def shows_full_date(fields: EntryFields) -> bool:
    """Whether APA dates the work to the day: newspaper and magazine articles, blog posts
    and web pages (APA 7, 9.15), not books, reports or journal articles."""
    subtype = (fields.text("entrysubtype") or "").casefold()
    return family(fields.type) == "online" or subtype in DATED_SUBTYPES


def full_date(fields: EntryFields) -> str:
    """The date after the year as a dated work shows it: "3 november", "mei", or ""
    (from ``date = {2021-11-03}``, or ``month`` and ``day``)."""
    month: int | None = None
    day: int | None = None
    raw = fields.get("date")
    if raw is not None:
        match = _ISO_DATE.match(latex_to_str(raw).partition("/")[0])
        if match is None:
            return ""
        month = int(match.group(2)) if match.group(2) else None
        day = int(match.group(3)) if match.group(3) else None
    else:
        month = month_number(fields.get("month"))
        day_text = fields.text("day") or ""
        day = int(day_text) if day_text.isdigit() else None
    if month is None or not 1 <= month <= 12:
        return ""
    name = DUTCH_MONTHS[month - 1]
    return f"{day} {name}" if day is not None and 1 <= day <= 31 else name


def original_year(fields: EntryFields) -> str | None:
    """The year the work was first published (``origdate``, BibTeX's ``origyear``), when
    it differs from the year of the edition cited: "1962"."""
    raw = fields.get("origdate") or fields.get("origyear")
    if raw is None:
        return None
    year = parse_year(raw)
    if not year.given or year.text == fields.year.text:
        return None
    return year.text


def _person_parts(person: Person) -> tuple[tuple[str, ...], ...]:
    return (
        tuple(person.first_names),
        tuple(person.middle_names),
        tuple(person.prelast_names),
        tuple(person.last_names),
        tuple(person.lineage_names),
    )


class EntryFields:
    """One entry's fields, found under BibTeX or biblatex names, crossref resolved.

    Values are returned as they stand in the ``.bib`` file (LaTeX); the style
    decodes them. A missing or empty field is ``None``.
    """

    def __init__(
        self,
        entry: Entry,
        bib_data: BibliographyData | None = None,
        _seen: tuple[str, ...] = (),
    ) -> None:
        self.entry = entry
        self.key: str = entry.key or ""
        self.type: str = entry.type
        self.parent: EntryFields | None = None
        #: the key a ``crossref`` names when that entry does not exist
        self.missing_crossref: str | None = None
        crossref = entry.fields.get("crossref")
        if crossref and bib_data is not None:
            parent = bib_data.entries.get(crossref)
            if parent is None:
                self.missing_crossref = crossref
            elif parent.key not in _seen and len(_seen) < _MAX_CROSSREF_DEPTH:
                self.parent = EntryFields(parent, bib_data, (*_seen, self.key))

    def own(self, name: str) -> str | None:
        """The field in this entry itself, under any of its names."""
        for alias in ALIASES.get(name, (name,)):
            value = self.entry.fields.get(alias)
            if value is not None and value.strip():
                return value
        return None

    def get(self, name: str) -> str | None:
        """The field, from this entry or inherited through ``crossref``."""
        value = self.own(name)
        if value is None and self.parent is not None:
            source = _parent_field(self.type, self.parent.type, name)
            if source is not None:
                value = self.parent.get(source)
        return value

    def text(self, name: str) -> str | None:
        """The field as plain text (LaTeX decoded), or ``None``."""
        value = self.get(name)
        if value is None:
            return None
        return latex_to_str(value) or None

    def names(self, role: str) -> list[Name]:
        """The authors or editors (or the names of another field, such as ``translator``),
        inherited through ``crossref`` when absent."""
        if role not in ("author", "editor"):
            return self._other_names(role)
        return list(self._names.get(role, ()))

    def _other_names(self, role: str) -> list[Name]:
        """The names in a field pybtex does not read as persons (``translator``)."""
        raw = self.get(role)
        if raw is None:
            return []
        names = []
        for part in split_name_list(raw):
            try:
                names.append(Name.from_person(Person(part)))
            except PybtexError:
                names.append(Name(family=(latex_to_str(part),)))
        return names

    @cached_property
    def _names(self) -> dict[str, tuple[Name, ...]]:
        found: dict[str, tuple[Name, ...]] = {}
        for role in ("author", "editor"):
            persons = self.entry.persons.get(role)
            if persons:
                found[role] = tuple(Name.from_person(person) for person in persons)
            elif self.parent is not None:
                found[role] = tuple(self.parent.names(role))
        return found

    @cached_property
    def year(self) -> Year:
        """The year, from ``date`` or ``year``."""
        return parse_year(self.get("date") or self.get("year"))

    def fingerprint(self) -> tuple[object, ...]:
        """Everything the formatted entry depends on, for caching (made once, like
        :attr:`names`: an entry does not change while it is read)."""
        cached: tuple[object, ...] | None = self.__dict__.get("_fingerprint")
        if cached is None:
            entry = self.entry
            own = (
                entry.key,
                entry.type,
                tuple(entry.fields.items()),
                tuple(
                    (role, tuple(_person_parts(person) for person in people))
                    for role, people in entry.persons.items()
                ),
            )
            cached = (*own, self.parent.fingerprint() if self.parent else None)
            self.__dict__["_fingerprint"] = cached
        return cached


def lead_names(fields: EntryFields) -> tuple[list[Name], str | None]:
    """Who opens the reference and its citations, and as what: "author", "editor" or
    "group" (the institution of a report, the organisation of a web page or manual)."""
    authors = fields.names("author")
    if authors:
        return authors, "author"
    kind = family(fields.type)
    if kind not in ("article", "incollection"):
        editors = fields.names("editor")
        if editors:
            return editors, "editor"
    group_field = {"report": "institution", "online": "organization"}.get(kind)
    if fields.type == "manual":
        group_field = "organization"
    if group_field:
        group = fields.text(group_field)
        if group:
            return [Name(family=(group,))], "group"
    return [], None


def as_fields(entry: Entry | EntryFields) -> EntryFields:
    """An entry's fields as the style reads them; an :class:`EntryFields` (with its
    ``crossref`` resolved) is taken as it is."""
    return entry if isinstance(entry, EntryFields) else EntryFields(entry)
