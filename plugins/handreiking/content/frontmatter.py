"""Front matter with line numbers, for messages that point at the right line."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from handreiking.content.schema import Entry, Field, Invalid, Record, Table, any_text, anything
from handreiking.content.sources import (
    ID_PATTERN,
    PAGE,
    compose_yaml,
    read_source_text,
    split_front_matter,
)
from handreiking.errors import HandreikingError, SourceProblem, did_you_mean


@dataclass
class FrontMatter:
    """A page's YAML front matter: its values, the line of each key, and the body."""

    data: dict[str, Any]
    lines: dict[str, int]
    body: str
    #: lines in the file before the body starts
    body_offset: int
    path: str
    #: each key with the lines of its key and of its value (see :attr:`record`)
    entries: dict[str, Entry] = field(default_factory=dict)

    def line(self, key: str) -> int:
        """The line of ``key``, or the first line of the file when it is missing."""
        return self.lines.get(key, 1)

    @property
    def record(self) -> Record:
        """The front matter to validate; a field left out is reported on the first line."""
        return Record(self.path, 1, self.entries)


def read_text(path: Path, shown: str) -> str:
    """Read a Markdown page as UTF-8 (a byte-order mark is accepted).

    Raises :class:`HandreikingError` with one clear problem when it cannot be read.
    """
    text, problem = read_source_text(path, shown, wording=PAGE)
    if text is None:
        raise HandreikingError(problem or SourceProblem(shown, None, "kan het bestand niet lezen"))
    return text


def parse_front_matter(text: str, shown: str) -> FrontMatter:
    """Split ``---``-delimited YAML front matter from ``text``.

    A file without front matter gives empty data. Malformed YAML, a key written
    twice, or front matter that is not a mapping, raises :class:`HandreikingError`
    with the line.
    """
    source, yaml_offset, body, body_offset = split_front_matter(text)
    if source is None:
        if yaml_offset == -1:
            raise HandreikingError(
                SourceProblem(shown, 1, "de front matter wordt niet afgesloten met een regel '---'")
            )
        return FrontMatter({}, {}, text, 0, shown)
    # The YAML ends where the closing '---' line starts: an error at its end is there.
    doc, problem = compose_yaml(
        source + "\n", shown, yaml_offset, lead="ongeldige YAML in de front matter", explain=False
    )
    if doc is None:
        raise HandreikingError(
            _missing_colon(source, shown, yaml_offset)
            or problem
            or SourceProblem(shown, 1, "ongeldige YAML")
        )
    if doc.root is None:
        return FrontMatter({}, {}, body, body_offset, shown)
    if not isinstance(doc.root, yaml.MappingNode):
        raise HandreikingError(
            SourceProblem(shown, 2, "de front matter moet bestaan uit regels 'sleutel: waarde'")
        )
    record = Record.read(doc, doc.root, shown, "de front matter")
    if record.problems:
        raise HandreikingError(record.problems)
    entries = record.entries
    data = {key: entry.value for key, entry in entries.items()}
    lines = {key: entry.key_line for key, entry in entries.items()}
    return FrontMatter(data, lines, body, body_offset, shown, entries)


def _missing_colon(source: str, shown: str, yaml_offset: int) -> SourceProblem | None:
    """A front matter line without its ':' (``thema [a, b]``), at that line and with the fix.

    YAML itself sees the mistake only on the next line, and in other words; every line
    of a front matter that starts at the margin is a ``key: value``.
    """
    for number, line in enumerate(source.splitlines(), start=1 + yaml_offset):
        text = line.strip()
        if not text or line[0] in " \t#-[{\"'" or ":" in text:
            continue
        key, _, rest = text.partition(" ")
        rest = rest.strip() or "..."
        return SourceProblem(
            shown,
            number,
            f"in de front matter mist de dubbele punt na '{key}'; schrijf '{key}: {rest}'",
        )
    return None


# ------------------------------------------------------------------ chapter pages


def _page_id(value: str, _context: Mapping[str, Any]) -> str:
    if not ID_PATTERN.match(value):
        raise Invalid()  # the field's own message
    return value


def _themes(value: Any, _context: Mapping[str, Any]) -> list[str]:
    """One theme or a list of them; what is no text is left out, never refused."""
    if isinstance(value, str):
        return [value]
    return [t for t in value if isinstance(t, str)] if isinstance(value, list) else []


def _theme_list(entry: Entry) -> list[str]:
    """A list of themes; one theme may stand alone (``thema: vertrouwen``). Themes
    separated by commas without brackets are refused: YAML reads them as one theme."""
    value = entry.value
    if isinstance(value, str) and "," not in value and value.strip():
        return [value.strip()]
    if isinstance(value, list) and all(isinstance(t, str) and t.strip() for t in value):
        return [t.strip() for t in value]
    raise Invalid()


def _theme_message(names: Mapping[str, Any]) -> str:
    value = names["value"]
    if isinstance(value, str) and "," in value:
        items = ", ".join(t.strip() for t in value.split(",") if t.strip())
        return f"'thema' is een lijst: zet de thema's tussen '[' en ']', dus 'thema: [{items}]'"
    return (
        "'thema' moet een lijst van thema's zijn, bijvoorbeeld 'thema: [partnerschap, vertrouwen]'"
    )


#: Front matter keys MkDocs and Material read themselves; allowed beside ours.
PAGE_META_KEYS = frozenset(
    {
        "title",
        "description",
        "template",
        "hide",
        "search",
        "status",
        "icon",
        "tags",
        "subtitle",
        "authors",
        "date",
        "comments",
        "social",
        "robots",
        "render_macros",
    }
)

_ID = Field(
    "id",
    any_text,
    required=True,
    wrong="ongeldig id '{value}': gebruik kleine letters, cijfers en '-'",
    parse=_page_id,
)
_MISSING_ID = (
    "deze pagina mist een permanent 'id' in de front matter, bijvoorbeeld: id: zo-partnerschap"
)


def _unknown_chapter_key(key: str, names: tuple[str, ...]) -> str | None:
    """MkDocs' and Material's own keys are the page's; any other is a mistake."""
    if key in PAGE_META_KEYS:
        return None
    ours = tuple(name for name in names if name != "titel")
    hint = did_you_mean(key, (*ours, *sorted(PAGE_META_KEYS)))
    if not hint:
        hint = (
            f"; een hoofdstuk kent {', '.join(ours)} "
            "en de sleutels van MkDocs zoals title en description"
        )
    return f"onbekende sleutel '{key}' in de front matter{hint}"


#: The front matter of a chapter: our keys, and the keys MkDocs and the theme read
#: (``title``, ``description``, ``hide``, ...); any other key is refused, with the
#: nearest known one.
CHAPTER = Table(
    fields=(
        _ID,
        # read by the edition switcher and /themas/, to find the same theme elsewhere
        Field("thema", _theme_list, wrong=_theme_message),
        # the catalog's summary of the page
        Field("samenvatting", any_text, wrong="'samenvatting' moet een tekst zijn"),
        # a box's word for the title; accepted on a chapter as the page's title
        Field("titel", any_text, wrong="'titel' moet een tekst zijn"),
    ),
    missing=_MISSING_ID,
    unknown=_unknown_chapter_key,
    at_key=True,
    null_is_unset=True,
)

#: The permanent id of a theory box's page and an edition's start page: the rest of
#: their front matter is checked by their own tables (bouwstenen.py, editions.py).
PAGE_ID = Table(
    fields=(_ID, Field("thema", anything, parse=_themes)),
    missing=_MISSING_ID,
    at_key=True,
    null_is_unset=True,
)
