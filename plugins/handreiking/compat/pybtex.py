"""What the bibliography needs of pybtex beyond its documented API.

Written against pybtex 0.26.1. It relies on:

- ``LowLevelParser`` (``pybtex.database.input.bibtex``), the BibTeX scanner: its
  ``parse_command`` starts each ``@command``, its ``parse_field`` reads one
  ``name = value`` with ``optional``, ``required``, ``NAME``, ``EQUALS``, ``parse_value``,
  ``current_field_name`` and ``lineno``; its ``command_start`` is the offset of the
  ``@`` of the command it yields. :class:`LineKeepingParser` copies ``parse_field`` to
  note the line of each field.
- ``Parser.parse_string``: copied by :class:`LineKeepingParser` to note the line of each
  entry, with what it reads of the parser: ``unnamed_entry_counter``, ``command_start``,
  ``keyless_entries``, ``handle_error``, ``data.want_entry``, ``filename``, ``macros``,
  ``process_preamble`` and ``process_entry``.
- ``OrderedCaseInsensitiveDict`` (``pybtex.utils``) keeps its values in ``_dict`` and the
  keys as written in ``_keys``, both by the lower-case key, and reads every value
  (``get``, ``values``, ``items``) through ``__getitem__`` (:class:`LazyCaseInsensitiveDict`).
- ``pybtex.errors.capture()``: collects the errors pybtex reports (``report_error``, such
  as a name with too many commas) instead of printing them (:func:`captured_errors`).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pybtex.errors
from pybtex.database import BibliographyData
from pybtex.database.input.bibtex import LowLevelParser, Parser
from pybtex.utils import OrderedCaseInsensitiveDict


class _FieldLineScanner(LowLevelParser):
    """pybtex's scanner, remembering on which line each field name stands."""

    field_lines: list[int]

    def parse_command(self) -> Any:
        self.field_lines = []
        return super().parse_command()

    def parse_field(self) -> None:
        # pybtex's parse_field, with the field's line kept.
        name = self.optional([self.NAME])
        if not name:
            return
        self.field_lines.append(self.lineno)
        self.current_field_name = name.value
        self.required([self.EQUALS])
        self.parse_value()


class LineKeepingParser(Parser):
    """pybtex's BibTeX parser that hands each entry to :meth:`on_entry` with its lines.

    A subclass implements :meth:`on_entry` and calls :meth:`add_entry` for the entries
    it keeps; ``handle_error`` (pybtex's hook) gets every syntax error.
    """

    def __init__(self, filename: str) -> None:
        super().__init__(encoding="utf-8")
        self.filename = filename

    def on_entry(
        self, command: str, key: str | None, fields: list[Any], line: int, field_lines: list[int]
    ) -> None:
        """One ``@type{key, ...}`` of the file, at ``line``; ``field_lines`` holds the
        line of each of ``fields`` (name and value pairs), in order."""
        raise NotImplementedError

    def add_entry(self, command: str, key: str | None, fields: list[Any]) -> None:
        """Add the entry to ``self.data`` as pybtex does (persons, crossrefs, ...)."""
        self.process_entry(command, key, fields)

    def parse_string(self, text: str) -> BibliographyData:
        # pybtex's Parser.parse_string, with the line of every entry kept.
        self.unnamed_entry_counter = 1
        self.command_start = 0
        scanner = _FieldLineScanner(
            text,
            keyless_entries=self.keyless_entries,
            handle_error=self.handle_error,
            want_entry=self.data.want_entry,
            filename=self.filename,
            macros=self.macros,
        )
        line, counted = 1, 0
        for command, body in scanner:
            start = scanner.command_start or 0
            line += text.count("\n", counted, start)
            counted = start
            kind = command.lower()
            if kind == "preamble":
                self.process_preamble(*body)
            elif kind != "string":
                key, fields = body
                self.on_entry(command, key, fields, line, scanner.field_lines)
        return self.data


class LazyCaseInsensitiveDict(OrderedCaseInsensitiveDict):
    """pybtex's ordered case-insensitive dict, whose string values are made when read.

    A value stored as a ``str`` is turned into the real value by :meth:`made` the first
    time it is read (``[]``, ``get``, ``values``, ``items``), and kept. Keys, order,
    ``in`` and ``len`` read no value.
    """

    def made(self, key: str, stored: str) -> Any:
        """The value for ``key`` (as first written) from its ``stored`` text."""
        raise NotImplementedError

    def __getitem__(self, key: str) -> Any:
        lower = key.lower()
        value = self._dict[lower]
        if isinstance(value, str):
            value = self._dict[lower] = self.made(self._keys[lower], value)
        return value


@contextmanager
def captured_errors() -> Iterator[list[Exception]]:
    """Inside the ``with`` block, the errors pybtex reports are collected in the list
    it gives, not printed."""
    with pybtex.errors.capture() as captured:
        yield captured
