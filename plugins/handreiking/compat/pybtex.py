"""What the bibliography needs of pybtex beyond its documented API.

Written against pybtex 0.26.1. It relies on:

- ``LowLevelParser`` (``pybtex.database.input.bibtex``), the BibTeX scanner: its
  ``parse_command`` starts each ``@command``, its ``parse_field`` reads one
  ``name = value`` with ``optional``, ``required``, ``NAME``, ``EQUALS``, ``parse_value``,
  ``current_field_name`` and ``lineno``; its ``command_start`` is the offset of the
  ``@`` of the command it yields. :class:`LineKeepingParser` copies ``parse_field`` to
  note the line of each field.
- ``Parser.process_entry``: copied by :class:`LineKeepingParser` to make each person
  by :meth:`~LineKeepingParser.person`, with what it reads of the parser:
  ``unnamed_entry_counter``, ``handle_error``, ``flatten_value_list``, ``person_fields``
  and ``data.add_entry``; and ``DuplicateField`` and ``split_name_list`` as it uses
  them, and ``normalize_whitespace`` (``textutils``), which replaces each run of
  whitespace (its pattern ``\\s+``) in the stripped text by one space
  (:func:`normalized_whitespace`).
- ``Person``: ``Person(name)`` reads only the name's text, and reports an error
  (``report_error``) only for a name of more than three parts between commas; its name
  parts are the five lists ``first_names``, ``middle_names``, ``prelast_names``,
  ``last_names`` and ``lineage_names``, all it holds (:func:`copied_person`), which
  its ``_parse_string`` fills from the stripped name (:func:`parsed_person`).
- ``Parser.parse_string``: copied by :class:`LineKeepingParser` to note the line of each
  entry, with what it reads of the parser: ``unnamed_entry_counter``, ``command_start``,
  ``keyless_entries``, ``handle_error``, ``data.want_entry``, ``filename``, ``macros``,
  ``process_preamble`` and ``process_entry``.
- the patterns of its scanner (``Scanner.WHITESPACE``, ``LowLevelParser.NAME``,
  ``KEY_BRACE``, ``NUMBER``: their ``match``), which :func:`iter_simple_entries` reads
  with, to give what ``LowLevelParser`` gives for a plainly written file.
- ``BaseParser.__init__`` makes the parser's ``data`` (a ``BibliographyData`` with no
  wanted entries and ``min_crossrefs=2``, as :class:`LineKeepingParser` asks for): its
  ``restart`` makes it anew.
- ``OrderedCaseInsensitiveDict`` (``pybtex.utils``) keeps its values in ``_dict`` and the
  keys as written in ``_keys``, both by the lower-case key, and reads every value
  (``get``, ``values``, ``items``) through ``__getitem__`` (:class:`LazyCaseInsensitiveDict`).
- ``pybtex.errors.capture()``: collects the errors pybtex reports (``report_error``, such
  as a name with too many commas) instead of printing them (:func:`captured_errors`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pybtex.errors
from pybtex.bibtex.utils import split_name_list
from pybtex.database import BibliographyData, Entry, Person
from pybtex.database.input.bibtex import DuplicateField, LowLevelParser, Parser
from pybtex.scanner import Scanner
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

    ``share_persons``: a name written more than once gives the same ``Person`` each
    time, for a subclass that only reads the persons of an entry (pybtex's ``Person`` can
    be changed); else each gets a copy of its own.
    """

    def __init__(self, filename: str, *, share_persons: bool = False) -> None:
        super().__init__(encoding="utf-8")
        self.filename = filename
        self.share_persons = share_persons
        #: whether :meth:`parse_string` read the text with the fast scanner
        self.simple = False
        # every name read without an error, parsed: a large export names the same
        # people many times, and parsing a name costs more than copying what it gave
        self._persons: dict[str, Person] = {}

    def on_entry(
        self, command: str, key: str | None, fields: list[Any], line: int, field_lines: list[int]
    ) -> None:
        """One ``@type{key, ...}`` of the file, at ``line``; ``field_lines`` holds the
        line of each of ``fields`` (name and value pairs), in order."""
        raise NotImplementedError

    def add_entry(self, command: str, key: str | None, fields: list[Any]) -> None:
        """Add the entry to ``self.data`` as pybtex does (persons, crossrefs, ...)."""
        self.process_entry(command, key, fields)

    def person(self, name: str) -> Person:
        """``Person(name)``, parsed once for each name's text."""
        if name.count(",") > 2:
            return Person(name)  # reports too many commas: each time it is written
        person = self._persons.get(name)
        if person is None:
            person = self._persons[name] = parsed_person(name)
        return person if self.share_persons else copied_person(person)

    def process_entry(self, entry_type: str, key: str | None, fields: list[Any]) -> None:
        # pybtex's Parser.process_entry, with each person made by self.person.
        entry = Entry(entry_type)
        if key is None:
            key = f"unnamed-{self.unnamed_entry_counter}"
            self.unnamed_entry_counter += 1
        seen_fields = set()
        for field_name, field_value_list in fields:
            if field_name.lower() in seen_fields:
                self.handle_error(DuplicateField(key, field_name))
                continue
            field_value = normalized_whitespace(self.flatten_value_list(field_value_list))
            if field_name in self.person_fields:
                for name in split_name_list(field_value):
                    entry.add_person(self.person(name), field_name)
            else:
                entry.fields[field_name] = field_value
            seen_fields.add(field_name.lower())
        self.data.add_entry(key, entry)

    def restart(self) -> None:
        """Forget every entry read so far: pybtex's scanner reads the text anew after the
        fast one found it not plainly written. A subclass forgets its own notes too."""
        self.data = BibliographyData()

    def parse_string(self, text: str) -> BibliographyData:
        # pybtex's Parser.parse_string, with the line of every entry kept.
        self.unnamed_entry_counter = 1
        self.command_start = 0
        try:
            # What pybtex's scanner would give, found by a faster one (see there), one
            # entry at a time: a large export's entries are never all held as scanned.
            for command, key, fields, line, field_lines in iter_simple_entries(text):
                self.on_entry(command, key, fields, line, field_lines)
            self.simple = True
            return self.data
        except NotPlain:
            self.restart()
            self.unnamed_entry_counter = 1
        self.simple = False
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


def normalized_whitespace(text: str) -> str:
    """pybtex's ``normalize_whitespace``: ``str.split`` and ``strip`` take as whitespace
    just what its pattern's ``\\s`` matches (``str.isspace``), in a fraction of the time."""
    return " ".join(text.split())


def parsed_person(name: str) -> Person:
    """``Person(name)``, without splitting the five empty name parts it is also given."""
    person = Person.__new__(Person)
    person.first_names = []
    person.middle_names = []
    person.prelast_names = []
    person.last_names = []
    person.lineage_names = []
    name = name.strip()
    if name:
        person._parse_string(name)
    return person


def copied_person(person: Person) -> Person:
    """A ``Person`` equal to ``person``, with lists of its own: made without parsing
    (``Person()`` splits five empty strings)."""
    copy = Person.__new__(Person)
    copy.first_names = person.first_names[:]
    copy.middle_names = person.middle_names[:]
    copy.prelast_names = person.prelast_names[:]
    copy.last_names = person.last_names[:]
    copy.lineage_names = person.lineage_names[:]
    return copy


# pybtex's own patterns, so that both scanners read names, keys and spaces alike
_WHITESPACE = Scanner.WHITESPACE.match
_NAME = LowLevelParser.NAME.match
_KEY = LowLevelParser.KEY_BRACE.match
_NUMBER = LowLevelParser.NUMBER.match
_BRACES = re.compile(r"[{}]")
#: a field whose value is in braces with at most one level of braces inside (``H{\'e}l``),
#: and the spaces after it, as the steps of :func:`iter_simple_entries` read it (``\s*``
#: where they skip spaces): most fields of an export, read in one match
_PLAIN_FIELD = re.compile(
    rf"\s*+({LowLevelParser.NAME.match.__self__.pattern})\s*+=\s*+"
    r"\{((?:[^{}]++|\{[^{}]*+\})*+)\}\s*+"
).match
#: pybtex refuses deeper nesting; the fast scanner leaves anything near it to pybtex
_DEEPEST = 50

SimpleEntry = tuple[str, str, list[tuple[str, list[str]]], int, list[int]]


class NotPlain(Exception):
    """The ``.bib`` text is not written the plain way :func:`iter_simple_entries` reads."""


def simple_entries(text: str) -> list[SimpleEntry] | None:
    """All of :func:`iter_simple_entries`; ``None`` when the text is not plainly written."""
    try:
        return list(iter_simple_entries(text))
    except NotPlain:
        return None


def iter_simple_entries(text: str) -> Iterator[SimpleEntry]:
    """The entries of a ``.bib`` text as pybtex's scanner gives them to
    :meth:`LineKeepingParser.on_entry` (command, key, fields as name and value parts,
    the entry's line, each field's line), when the text is written the plain way
    (Zotero's and JabRef's exports are): only ``@type{key, name = {value}, ...}`` with
    values in braces or numbers. :class:`NotPlain` is raised, after the entries before
    it, at anything else (``@string``, ``@preamble``, ``@comment``, quoted values,
    abbreviations, ``#``, a carriage return, any syntax error): pybtex's own scanner
    then reads the whole text, and says what is wrong. pybtex's scanner costs most of
    the time of reading a large export; this one reads it many times faster and gives
    the same."""
    if "\r" in text:
        raise NotPlain  # pybtex counts lines by \r too
    pos, line, counted = 0, 1, 0
    end = len(text)

    def skip(at: int) -> int:
        found = _WHITESPACE(text, at)
        return found.end() if found else at

    while True:
        at = text.find("@", pos)
        if at < 0:
            return
        line += text.count("\n", counted, at)
        counted = at
        name = _NAME(text, skip(at + 1))
        if name is None:
            raise NotPlain
        command = name.group()
        if command.lower() in ("string", "preamble", "comment"):
            raise NotPlain
        pos = skip(name.end())
        if not text.startswith("{", pos):
            raise NotPlain
        key = _KEY(text, skip(pos + 1))
        if key is None:
            raise NotPlain
        pos = key.end()
        fields: list[tuple[str, list[str]]] = []
        field_lines: list[int] = []
        while True:
            plain = _PLAIN_FIELD(text, pos)
            if plain is not None:
                field_lines.append(line + text.count("\n", counted, plain.start(1)))
                fields.append((plain.group(1), [plain.group(2)]))
                pos = plain.end()
                field = None
            else:
                pos = skip(pos)
                field = _NAME(text, pos)
            if field is not None:
                field_lines.append(line + text.count("\n", counted, field.start()))
                pos = skip(field.end())
                if not text.startswith("=", pos):
                    raise NotPlain
                pos = skip(pos + 1)
                if text.startswith("{", pos):
                    closing = _closing_brace(text, pos + 1)
                    if closing is None:
                        raise NotPlain
                    value, pos = text[pos + 1 : closing], closing + 1
                else:
                    number = _NUMBER(text, pos)
                    if number is None:
                        raise NotPlain
                    value, pos = number.group(), number.end()
                fields.append((field.group(), [value]))
                pos = skip(pos)
            if text.startswith(",", pos):
                pos += 1
                continue
            if not text.startswith("}", pos):
                raise NotPlain  # "#", a quoted value, an abbreviation, a missing comma
            pos += 1
            break
        if pos > end:  # pragma: no cover - an entry cannot end past the text
            raise NotPlain
        yield (command, key.group(), fields, line, field_lines)


def _closing_brace(text: str, start: int) -> int | None:
    """Where the ``}`` closing a value that starts at ``start`` (after its ``{``)
    stands; ``None`` when it is not closed or nests too deep."""
    depth = 0
    for brace in _BRACES.finditer(text, start):
        if brace.group() == "{":
            depth += 1
            if depth > _DEEPEST:
                return None
        elif depth == 0:
            return brace.start()
        else:
            depth -= 1
    return None


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

    def spelling(self, key: str) -> str | None:
        """``key`` as first written, without making its value; ``None`` when absent."""
        return self._keys.get(key.lower())

    def unmade(self, key: str) -> str | None:
        """The stored text of ``key`` while its value is not made yet, else ``None``."""
        value = self._dict[key.lower()]
        return value if isinstance(value, str) else None


@contextmanager
def captured_errors() -> Iterator[list[Exception]]:
    """Inside the ``with`` block, the errors pybtex reports are collected in the list
    it gives, not printed."""
    with pybtex.errors.capture() as captured:
        yield captured
