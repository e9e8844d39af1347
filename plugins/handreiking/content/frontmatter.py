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
from handreiking.errors import HandreikingError, SourceProblem


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
        raise HandreikingError(problem or SourceProblem(shown, 1, "ongeldige YAML"))
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


#: The front matter of a chapter or a theory box's page. Other keys are the page's own
#: (``title``, ``description``, ...): MkDocs and the theme read them.
CHAPTER = Table(
    fields=(
        Field(
            "id",
            any_text,
            required=True,
            wrong="ongeldig id '{value}': gebruik kleine letters, cijfers en '-'",
            parse=_page_id,
        ),
        # read by the edition switcher, to find the same theme in another edition
        Field("thema", anything, parse=_themes),
    ),
    missing="deze pagina mist een permanent 'id' in de front matter, "
    "bijvoorbeeld: id: zo-partnerschap",
    at_key=True,
    null_is_unset=True,
)
