"""Front matter with line numbers, for messages that point at the right line."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

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
    """Read a UTF-8 file (a byte-order mark is accepted); a clear error otherwise."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise HandreikingError(
            SourceProblem(shown, None, f"kan het bestand niet lezen ({error.strerror})")
        ) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise HandreikingError(
            SourceProblem(
                shown,
                line,
                "het bestand is geen UTF-8; sla het op als UTF-8 (in de meeste editors: "
                "'Opslaan als' en dan codering UTF-8)",
            )
        ) from None


def parse_front_matter(text: str, shown: str) -> FrontMatter:
    """Split ``---``-delimited YAML front matter from ``text``.

    A file without front matter gives empty data. Malformed YAML, or front
    matter that is not a mapping, raises :class:`HandreikingError` with the line.
    """
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip() != "---":
        return FrontMatter({}, {}, text, 0, shown)
    for end in range(1, len(lines)):
        if lines[end].rstrip() in ("---", "..."):
            break
    else:
        raise HandreikingError(
            SourceProblem(shown, 1, "de front matter wordt niet afgesloten met een regel '---'")
        )
    source = "".join(lines[1:end])
    try:
        node = yaml.compose(source, Loader=yaml.SafeLoader)
        data = yaml.safe_load(source)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        problem = getattr(error, "problem", None) or str(error)
        raise HandreikingError(
            SourceProblem(shown, line, f"ongeldige YAML in de front matter: {problem}")
        ) from None
    if data is None:
        data, node = {}, None
    if not isinstance(data, dict):
        raise HandreikingError(
            SourceProblem(shown, 2, "de front matter moet bestaan uit regels 'sleutel: waarde'")
        )
    key_lines: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key_node, _ in node.value:
            key_lines[str(key_node.value)] = key_node.start_mark.line + 2
    return FrontMatter(data, key_lines, "".join(lines[end + 1 :]), end + 1, shown)
