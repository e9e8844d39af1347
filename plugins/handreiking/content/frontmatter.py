"""Front matter with line numbers, for messages that point at the right line."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from handreiking.content.sources import (
    PAGE,
    compose_yaml,
    mapping_items,
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

    def line(self, key: str) -> int:
        """The line of ``key``, or the first line of the file when it is missing."""
        return self.lines.get(key, 1)


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
    problems: list[SourceProblem] = []
    items = mapping_items(doc, doc.root, shown, problems, "de front matter")
    if problems:
        raise HandreikingError(problems)
    data = {key: doc.value(value) for key, (_key, value) in items.items()}
    lines = {key: doc.line(key_node) for key, (key_node, _value) in items.items()}
    return FrontMatter(data, lines, body, body_offset, shown)
