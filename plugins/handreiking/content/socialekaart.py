"""The sociale kaart: which organisations work in an edition's area, from
``docs/<editie>/sociale-kaart.yml``.

Each record names one organisation: a short description, its website (``https:``
only), the themes, target groups and neighbourhoods it works on, and when and by whom
(an organisation, never a person) the record was last checked. Records are validated
through one table (:data:`ORGANISATIE`), as quotes are, with ``path:line`` and "bedoel
je …?"; loading never stops at the first mistake. No phone numbers: the privacy scan
reads this file like every text file under ``docs/``.

The organisations keep the map up to date themselves: the page links each record to
the repository's web editor, and :func:`stale_entries` notes the records not checked
for over a year (a notice, not an error).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from handreiking.content.safety import url_scheme
from handreiking.content.schema import (
    MISSING,
    Field,
    Invalid,
    Record,
    Table,
    any_text,
    anything,
    filled_text,
    not_empty,
    texts_or_nothing,
    validate,
)
from handreiking.content.sources import (
    ID_PATTERN,
    MAX_DATA_BYTES,
    YamlDocument,
    compose_yaml_list,
    read_source_text,
    shown_path,
)
from handreiking.errors import SourceProblem
from handreiking.text import sort_key, theme_slug

#: The file name of an edition's sociale kaart, inside ``docs/<editie>/``.
KAART_FILE = "sociale-kaart.yml"

#: Anchors the sociale kaart pages use for their own sections: no record id may start so.
PAGE_ANCHOR_PREFIX = "sociale-kaart"

#: A record checked longer ago than this gets a notice from ``handreiking check``.
STALE_AFTER = datetime.timedelta(days=365)

MONTHS = (
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
)  # fmt: skip

#: ``2016-01``: a month, when the day is not known (a YAML date needs a day).
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


# --------------------------------------------------------------------------- model


@dataclass(frozen=True)
class CheckedOn:
    """When a record was last checked: a day, or a month when the day is not known."""

    date: datetime.date
    #: ``False``: only the month is known (written as ``2016-01``)
    has_day: bool = True

    @property
    def iso(self) -> str:
        """``2016-01-31``, or ``2016-01`` for a month (as ``<time datetime>`` takes it)."""
        return self.date.isoformat() if self.has_day else self.date.isoformat()[:7]

    @property
    def dutch(self) -> str:
        """``31 januari 2016``, or ``januari 2016`` for a month."""
        month = f"{MONTHS[self.date.month - 1]} {self.date.year}"
        return f"{self.date.day} {month}" if self.has_day else month

    @property
    def when(self) -> str:
        """``op 31 januari 2016``, or ``in januari 2016`` for a month."""
        return f"op {self.dutch}" if self.has_day else f"in {self.dutch}"

    @property
    def last_day(self) -> datetime.date:
        """The last day this may mean: the day itself, or the month's last day."""
        if self.has_day:
            return self.date
        following = self.date.replace(day=28) + datetime.timedelta(days=4)
        return following - datetime.timedelta(days=following.day)


@dataclass(frozen=True)
class Organisatie:
    """One organisation on an edition's sociale kaart."""

    id: str
    naam: str
    omschrijving: str
    gecontroleerd: CheckedOn
    gecontroleerd_door: str
    website: str | None = None
    thema: tuple[str, ...] = ()
    doelgroep: tuple[str, ...] = ()
    wijk: tuple[str, ...] = ()
    #: the edition whose file holds the record
    edition: str = ""
    #: the file as messages show it, and the line of the record
    path: str = ""
    line: int = 0

    @property
    def where(self) -> str:
        """``path:line`` of the record, for messages."""
        return f"{self.path}:{self.line}"


#: The three lists a reader filters on: field name → label on the page.
FACETS: dict[str, str] = {"thema": "Thema", "doelgroep": "Doelgroep", "wijk": "Wijk"}


@dataclass
class SocialeKaart:
    """Every edition's organisations, in edition order and then file order."""

    organisaties: list[Organisatie] = field(default_factory=list)
    #: the editions that have a ``sociale-kaart.yml`` (an empty one included), in order
    editions: list[str] = field(default_factory=list)

    def __iter__(self) -> Iterator[Organisatie]:
        return iter(self.organisaties)

    def __len__(self) -> int:
        return len(self.organisaties)

    def of(self, edition: str) -> list[Organisatie]:
        """The organisations of one edition, sorted by name."""
        return sorted(
            (o for o in self.organisaties if o.edition == edition), key=lambda o: sort_key(o.naam)
        )

    def values(self, facet: str, organisaties: Iterable[Organisatie]) -> list[str]:
        """Every value of ``facet`` (``thema``, ``doelgroep``, ``wijk``) among
        ``organisaties`` (first spelling), sorted by name."""
        seen: dict[str, str] = {}
        for organisatie in organisaties:
            for value in getattr(organisatie, facet):
                seen.setdefault(theme_slug(value), value)
        return sorted(seen.values(), key=sort_key)


# ------------------------------------------------------------------------- the table


def _kaart_id(value: str, _context: Mapping[str, Any]) -> str:
    if not ID_PATTERN.match(value):
        raise Invalid()  # the field's own message
    if value.startswith(PAGE_ANCHOR_PREFIX):
        raise Invalid(
            f"id '{value}' mag niet beginnen met '{PAGE_ANCHOR_PREFIX}' (zo heten de delen "
            "van de pagina zelf); gebruik de naam van de organisatie, bijvoorbeeld 'madizo'"
        )
    return value


def _website(value: str, _context: Mapping[str, Any]) -> str:
    address = value.strip()
    scheme = url_scheme(address)
    if scheme == "https" and re.match(r"^https://[^/\s]+\.[^/\s]+", address) and " " not in address:
        return address
    if scheme == "http":
        raise Invalid(
            f"website '{address}' begint met 'http://'; gebruik het veilige adres dat met "
            "'https://' begint"
        )
    raise Invalid(
        f"website '{address}' is geen webadres; schrijf het hele adres, dat met 'https://' "
        "begint, bijvoorbeeld 'https://www.voorbeeld.nl/'"
    )


def _checked_on(value: Any, _context: Mapping[str, Any]) -> CheckedOn:
    if isinstance(value, datetime.datetime):
        return CheckedOn(value.date())
    if isinstance(value, datetime.date):
        return CheckedOn(value)
    if isinstance(value, str):
        month = _MONTH.match(value.strip())
        if month and 1 <= int(month.group(2)) <= 12:
            return CheckedOn(datetime.date(int(month.group(1)), int(month.group(2)), 1), False)
    raise Invalid()  # the field's own message


def _show(value: Any) -> str:
    if value is None:
        return "leeg"
    if isinstance(value, str):
        return f"'{value}'"
    if isinstance(value, int | float | bool | datetime.date):
        return f"'{value!s}'"
    return "een lijst of blok"


def _name(values: Mapping[str, Any]) -> str:
    """How messages name a record: by its id once that is known to be right."""
    return f"organisatie '{values['id']}'" if "id" in values else "deze organisatie"


def _list(key: str, example: str) -> str:
    return (
        f"'{key}' moet een lijst zijn, tussen '[' en ']' en met komma's ertussen, "
        f"bijvoorbeeld '{key}: [{example}]'"
    )


#: A record of ``sociale-kaart.yml``. The id is checked first: messages about missing
#: fields name the organisation by it.
ORGANISATIE = Table(
    fields=(
        Field(
            "id",
            any_text,
            required=True,
            wrong="ongeldige id {shown}: gebruik kleine letters, cijfers en losse streepjes, "
            "bijvoorbeeld 'madizo'",
            parse=_kaart_id,
        ),
        Field(
            "naam",
            filled_text,
            required=True,
            wrong="'naam' moet de naam van de organisatie zijn, als tekst",
        ),
        Field(
            "omschrijving",
            any_text,
            required=True,
            wrong="'omschrijving' moet tekst zijn: in een paar zinnen wat de organisatie doet",
            parse=not_empty(
                "'omschrijving' is leeg; zeg in een paar zinnen wat de organisatie doet"
            ),
        ),
        Field(
            "website",
            any_text,
            wrong="'website' moet een webadres zijn dat met 'https://' begint",
            parse=_website,
        ),
        Field("thema", texts_or_nothing, wrong=_list("thema", "informele zorg, mantelzorg")),
        Field("doelgroep", texts_or_nothing, wrong=_list("doelgroep", "vrijwilligers, ouderen")),
        Field("wijk", texts_or_nothing, wrong=_list("wijk", "Gaasperdam, Driemond")),
        Field(
            "gecontroleerd",
            anything,
            required=True,
            wrong="'gecontroleerd' moet de datum zijn waarop iemand deze gegevens naliep, "
            "zoals 2026-03-31 (of alleen de maand: 2026-03), niet {shown}",
            parse=_checked_on,
        ),
        Field(
            "gecontroleerd_door",
            filled_text,
            required=True,
            wrong="'gecontroleerd_door' moet de naam van een organisatie zijn, als tekst "
            "(geen naam van een persoon)",
        ),
    ),
    order=(
        "id",
        MISSING,
        "naam",
        "omschrijving",
        "website",
        "thema",
        "doelgroep",
        "wijk",
        "gecontroleerd",
        "gecontroleerd_door",
    ),
    unknown="onbekend veld '{key}'{hint}",
    missing="{name} mist het verplichte veld '{key}'",
    name=_name,
    show=_show,
)

#: The fields of a record, in the table's order.
FIELDS: tuple[str, ...] = ORGANISATIE.names


# ------------------------------------------------------------------------- loading


def load_kaart_file(
    path: Path, edition: str, *, root: Path | None = None
) -> tuple[list[Organisatie], list[SourceProblem]]:
    """Load and validate one ``sociale-kaart.yml``: its valid records, in file order,
    and every problem found (a repeated id where it repeats)."""
    shown = shown_path(path, root)
    text, problem = read_source_text(path, shown, max_bytes=MAX_DATA_BYTES)
    if problem is not None or text is None:
        return [], [problem] if problem else []
    doc, records, problem = compose_yaml_list(
        text,
        shown,
        f"{KAART_FILE} moet een lijst van organisaties zijn; begin elke organisatie "
        "met '- id: ...' op een nieuwe regel",
    )
    if problem is not None or doc is None:
        return [], [problem] if problem else []
    found: list[Organisatie] = []
    problems: list[SourceProblem] = []
    seen: dict[str, Organisatie] = {}
    for node in records:
        organisatie = _record(doc, node, edition, shown, problems)
        if organisatie is None:
            continue
        first = seen.get(organisatie.id)
        if first is not None:
            problems.append(
                SourceProblem(
                    shown,
                    organisatie.line,
                    f"id '{organisatie.id}' komt twee keer voor: ook op regel {first.line}; "
                    "geef elke organisatie een eigen id",
                )
            )
            continue
        seen[organisatie.id] = organisatie
        found.append(organisatie)
    return found, problems


def _record(
    doc: YamlDocument, node: yaml.Node, edition: str, shown: str, problems: list[SourceProblem]
) -> Organisatie | None:
    line = doc.line(node)
    if not isinstance(node, yaml.MappingNode):
        problems.append(
            SourceProblem(
                shown,
                line,
                "deze organisatie heeft geen velden; schrijf '- id: ...' met daaronder "
                "'naam:', 'omschrijving:', 'gecontroleerd:' en 'gecontroleerd_door:'",
            )
        )
        return None
    checked = validate(Record.read(doc, node, shown, "deze organisatie"), ORGANISATIE)
    problems.extend(checked.problems)
    if checked.problems:
        return None
    values = checked.values
    return Organisatie(
        id=values["id"],
        naam=values["naam"],
        omschrijving=values["omschrijving"],
        gecontroleerd=values["gecontroleerd"],
        gecontroleerd_door=values["gecontroleerd_door"],
        website=values.get("website"),
        thema=tuple(values.get("thema", ())),
        doelgroep=tuple(values.get("doelgroep", ())),
        wijk=tuple(values.get("wijk", ())),
        edition=edition,
        path=shown,
        line=line,
    )


def load_sociale_kaart(
    docs_dir: Path, editions: Sequence[str], *, root: Path | None = None
) -> tuple[SocialeKaart, list[SourceProblem]]:
    """Load ``docs/<editie>/sociale-kaart.yml`` of every edition that has one."""
    kaart = SocialeKaart()
    problems: list[SourceProblem] = []
    for edition in editions:
        path = Path(docs_dir) / edition / KAART_FILE
        if not path.is_file():
            continue
        found, file_problems = load_kaart_file(path, edition, root=root)
        kaart.editions.append(edition)
        kaart.organisaties.extend(found)
        problems.extend(file_problems)
    return kaart, problems


# ------------------------------------------------------------------------ notices


def stale_entries(kaart: SocialeKaart, today: datetime.date) -> list[SourceProblem]:
    """A notice for every record last checked more than a year before ``today`` (the
    build date, so that two builds of the same sources say the same)."""
    notices = []
    for organisatie in kaart:
        checked = organisatie.gecontroleerd
        if today - checked.last_day > STALE_AFTER:
            notices.append(
                SourceProblem(
                    organisatie.path,
                    organisatie.line,
                    f"'{organisatie.naam}' is voor het laatst gecontroleerd "
                    f"{checked.when}, meer dan een jaar geleden; vraag de organisatie of "
                    "de gegevens nog kloppen en zet dan de datum van vandaag bij "
                    "'gecontroleerd'",
                )
            )
    return notices
