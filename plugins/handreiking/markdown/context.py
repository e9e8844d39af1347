"""What an extension knows about the page it is converting.

The MkDocs plugin owns one :class:`PageContext` per build and updates it before
each page is converted; in plain Python-Markdown the default context is used.
Extensions use it to report problems with the right file and line, to know the
page's edition, and to write links as relative ``.md`` paths that MkDocs then
resolves and validates like any other link.
"""

from __future__ import annotations

import bisect
import os
import posixpath
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache

from markdown import Markdown
from markdown.preprocessors import Preprocessor

from handreiking.errors import HandreikingError, SourceProblem

#: The class of the visible error an extension renders instead of what it could not read.
ERROR_CLASS = "handreiking-fout"


def _raise(problem: SourceProblem) -> None:
    raise HandreikingError(problem)


@dataclass
class PageContext:
    """The page being converted, as far as the extensions need to know it."""

    #: the source path shown in messages, e.g. ``docs/zuidoost/partnerschap.md``
    path: str = "<markdown>"
    #: the page's path inside ``docs/`` (MkDocs' ``src_uri``); ``None`` outside MkDocs
    src_uri: str | None = None
    #: lines before the Markdown starts in the file (front matter)
    line_offset: int = 0
    #: the edition the page belongs to, or ``None`` (theory boxes, landing page)
    edition: str | None = None
    #: where problems go; the default raises :class:`HandreikingError`
    report: Callable[[SourceProblem], None] = field(default=_raise)
    #: while above 0, :meth:`problem` reports nothing (see :meth:`muted`)
    _muted: int = field(default=0, repr=False, compare=False)

    def problem(self, message: str, line: int | None = None) -> None:
        """Report ``message`` at ``line`` (1-based, in the Markdown) of this page."""
        if self._muted:
            return
        if line is not None:
            line += self.line_offset
        self.report(SourceProblem(self.path, line, message))

    @contextmanager
    def muted(self) -> Iterator[None]:
        """Report nothing inside the ``with`` block.

        For Markdown that belongs to another file: a theory box's body placed in a
        chapter is reported on the box's own page, at the box's lines, once.
        """
        self._muted += 1
        try:
            yield
        finally:
            self._muted -= 1

    def link(self, target_src_uri: str, anchor: str | None = None) -> str:
        """A link from this page to another page (by its ``src_uri``), as MkDocs reads it."""
        base = posixpath.dirname(self.src_uri or "")
        href = _relative(target_src_uri, base or ".", os.getcwd())
        return f"{href}#{anchor}" if anchor else href


@lru_cache(maxsize=4096)
def _relative(target: str, base: str, cwd: str) -> str:
    """``posixpath.relpath``, once per page and target (it reads ``cwd`` for paths with ..)."""
    return posixpath.relpath(target, base)


#: The name the line keeper is registered under, once per Markdown instance.
SOURCE_LINES = "handreiking_source_lines"


class SourceLines(Preprocessor):
    """Keeps the page's original lines, so problems can name their line."""

    def __init__(self, md: Markdown) -> None:
        super().__init__(md)
        #: the lines of the page this Markdown instance converted last
        self.lines: list[str] = []
        self._text: tuple[str, list[int]] | None = None

    def run(self, lines: list[str]) -> list[str]:
        self.lines = list(lines)
        self._text = None
        return lines

    def find(self, needle: str, start: int = 0) -> int | None:
        """The 1-based line of the first line from ``start`` on that holds ``needle``.

        A page asks for every link it has: one search through the whole text, not a
        search of every line per link."""
        if "\n" in needle or start >= len(self.lines):
            return None  # no single line holds it
        if self._text is None:
            starts, offset = [], 0
            for line in self.lines:
                starts.append(offset)
                offset += len(line) + 1
            self._text = ("\n".join(self.lines), starts)
        text, starts = self._text
        found = text.find(needle, starts[max(start, 0)])
        return None if found < 0 else bisect.bisect_right(starts, found)


def register_source_lines(md: Markdown) -> None:
    """Register the line keeper; runs before every other preprocessor."""
    md.preprocessors.register(SourceLines(md), SOURCE_LINES, 1000)


def source_lines(md: Markdown) -> list[str]:
    """The original lines of the page ``md`` converts (none without the line keeper)."""
    if SOURCE_LINES not in md.preprocessors:  # a Registry has no get()
        return []
    keeper = md.preprocessors[SOURCE_LINES]
    return keeper.lines if isinstance(keeper, SourceLines) else []


def line_of(md: Markdown, needle: str, start: int = 0) -> int | None:
    """The 1-based line of the first original line from ``start`` on that holds ``needle``."""
    if SOURCE_LINES not in md.preprocessors:  # a Registry has no get()
        return None
    keeper = md.preprocessors[SOURCE_LINES]
    return keeper.find(needle, start) if isinstance(keeper, SourceLines) else None
