"""One validator for the co-authors' YAML: a table of fields, and :func:`validate`.

Every mapping a co-author writes (a quote in ``citaten.yml``, a theory box's front
matter, an edition's ``index.md``, a chapter's front matter, a move in
``verhuisd.yml``, an exception in ``privacy-uitzonderingen.yml``) is described by a
:class:`Table`: per :class:`Field` its name, whether it is required, its type, how it
is parsed into the model's value, and the messages a mistake gets. :func:`validate`
checks one mapping against a table and returns the values it accepts and a
``path:line`` problem for each mistake: a key written twice, a key the table does not
know, a required field left out, a value of the wrong type or one its parse refuses.
Rules that look at several fields at once stay with the loader, after the table.

Messages are written in the table as templates (``str.format`` fields: ``{key}``,
``{value}``, ``{shown}`` (the value as the table shows it), ``{name}`` (how messages
name the record), ``{hint}`` (for an unknown key), and the keywords the loader passes
to :func:`validate`), or as a function of those same names when a message needs logic.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import yaml

from handreiking.content.sources import YamlDocument, mapping_items
from handreiking.errors import SourceProblem, did_you_mean, then_advise

#: A message: a template for ``str.format_map``, or a function of the same names.
Message = str | Callable[[Mapping[str, Any]], str]


class Invalid(Exception):
    """A value refused by a field's type or parse.

    With a ``message`` (already worded: it is not formatted again), that message is
    reported; without one, the field's own ``wrong`` message.
    """

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message)
        self.message = message


# ------------------------------------------------------------------------ the input


class Entry:
    """One ``key: value`` of a mapping, with the lines of its key and of its value."""

    __slots__ = ("_doc", "_value", "key", "key_node", "node")

    _UNREAD = object()

    def __init__(self, doc: YamlDocument, key: str, key_node: yaml.Node, node: yaml.Node):
        self._doc = doc
        self._value: Any = Entry._UNREAD
        self.key = key
        self.key_node = key_node
        #: the value as YAML composed it (its kind, its raw text, its items)
        self.node = node

    @property
    def value(self) -> Any:
        """The Python value (safe types only), made once."""
        if self._value is Entry._UNREAD:
            self._value = self._doc.value(self.node)
        return self._value

    @property
    def key_line(self) -> int:
        """The line of the key."""
        return self._doc.line(self.key_node)

    @property
    def line(self) -> int:
        """The line of the value (of its first line, for a list written below the key)."""
        return self._doc.line(self.node)

    def item_lines(self) -> list[int]:
        """The line of each item, when the value is a list."""
        if not isinstance(self.node, yaml.SequenceNode):
            return []
        return [self._doc.line(item) for item in self.node.value]

    def item_values(self) -> list[Any] | None:
        """The Python value of each item, or ``None`` when the value is no list."""
        if not isinstance(self.node, yaml.SequenceNode):
            return None
        return [self._doc.value(item) for item in self.node.value]


@dataclass
class Record:
    """A YAML mapping as read: its entries by key, where it is, and what reading found."""

    #: the file as messages show it
    path: str
    #: where a field left out is reported: the mapping's first line (a front matter: 1)
    line: int
    entries: dict[str, Entry] = field(default_factory=dict)
    #: problems found reading it (a key written twice, a key that is no word)
    problems: list[SourceProblem] = field(default_factory=list)

    @classmethod
    def read(cls, doc: YamlDocument, node: yaml.MappingNode, path: str, what: str) -> Record:
        """Read a mapping node; ``what`` names it when a key is written twice."""
        problems: list[SourceProblem] = []
        items = mapping_items(doc, node, path, problems, what)
        entries = {key: Entry(doc, key, pair[0], pair[1]) for key, pair in items.items()}
        return cls(path, doc.line(node), entries, problems)

    def __contains__(self, key: object) -> bool:
        return key in self.entries

    def __getitem__(self, key: str) -> Entry:
        return self.entries[key]


# ------------------------------------------------------------------------ the table


@dataclass(frozen=True)
class Field:
    """One field of a table: everything the validator knows about it, in one place."""

    name: str
    #: the YAML value as a Python value of the right type; raises :class:`Invalid`
    #: (then ``wrong`` is reported) when it has another type
    type: Callable[[Entry], Any]
    #: the message for a value of the wrong type, or one ``parse`` refuses without words
    wrong: Message = ""
    #: the typed value into the model's value, given the loader's keywords; raises
    #: :class:`Invalid` to refuse it
    parse: Callable[[Any, Mapping[str, Any]], Any] | None = None
    required: bool = False
    #: the message when a required field is left out, if not the table's
    missing: Message | None = None
    #: checked only when this holds for the values accepted before it (in the table's
    #: ``order``, or the file's); else not checked: the loader says why it may not be there
    only_if: Callable[[Mapping[str, Any]], bool] | None = None
    #: a required field that may be left out when this other field is given
    required_unless: str | None = None


#: In :attr:`Table.order`: where the required fields that are left out are reported.
MISSING = "(missing)"


@dataclass(frozen=True)
class Table:
    """The fields of one kind of mapping, and how its mistakes are worded."""

    fields: tuple[Field, ...]
    #: the message for a required field left out (``{key}``), reported on the mapping's line
    missing: Message = ""
    #: the message for a key no field has (``{key}``, ``{hint}``); ``None``: other keys
    #: are allowed. A function gets the key and the field names, and may return ``None``.
    unknown: str | Callable[[str, tuple[str, ...]], str | None] | None = None
    #: ``{hint}`` of ``unknown``: from the key and the field names
    hint: Callable[[str, tuple[str, ...]], str] = did_you_mean
    #: the order of the checks: field names and :data:`MISSING`. Left out: the missing
    #: fields first, then the table's order. Unknown keys are always reported first.
    order: tuple[str, ...] = ()
    #: check each key where it stands in the file, an unknown key among them, and
    #: only then look for missing fields (``order`` is not used)
    keys_in_file_order: bool = False
    #: report a refused value on the line of its key (else of the value)
    at_key: bool = False
    #: report a refused value on the mapping's line (where a list item starts), as the
    #: messages about the record as a whole are
    at_record: bool = False
    #: a key with nothing after it (null) is as if it were left out, as MkDocs reads
    #: front matter: a required one is missing, an optional one is not checked
    null_is_unset: bool = False
    #: a required field with an empty text (``''``) is reported missing too (and checked)
    empty_is_missing: bool = False
    #: ``{name}``: how messages name the record, from the values checked so far
    name: Callable[[Mapping[str, Any]], str] | None = None
    #: ``{shown}``: a value as the messages show it
    show: Callable[[Any], str] = str
    #: the field names, in the table's order (made from ``fields``)
    names: tuple[str, ...] = field(init=False, repr=False, compare=False)
    #: the fields by name (made from ``fields``)
    by_name: dict[str, Field] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        names = tuple(f.name for f in self.fields)
        if len(set(names)) != len(names):
            raise ValueError(f"a field is named twice in {names}")
        if self.order and sorted(self.order) != sorted((*names, MISSING)):
            raise ValueError(f"order {self.order} must name each field of {names} and MISSING")
        object.__setattr__(self, "names", names)
        object.__setattr__(self, "by_name", {f.name: f for f in self.fields})
        if not self.order:
            object.__setattr__(self, "order", (MISSING, *names))


@dataclass
class Checked:
    """What :func:`validate` found: the accepted values, and every problem in order."""

    #: the model's value of each field that is there and was accepted
    values: dict[str, Any]
    problems: list[SourceProblem]
    #: the fields whose value was refused
    refused: set[str] = field(default_factory=set)


# ---------------------------------------------------------------------- the checker


def validate(record: Record, table: Table, **context: Any) -> Checked:
    """Check ``record`` against ``table``: its values, and its problems in file terms.

    In order: the problems reading found; keys the table does not know; then the
    fields in the table's ``order`` (the missing ones where :data:`MISSING` stands),
    or with ``keys_in_file_order`` each key where it stands and the missing ones last.
    ``context`` (e.g. the file's name) is passed to every parse and message.
    """
    check = _Validation(record, table, context)
    entries = record.entries
    if table.keys_in_file_order:
        for entry in entries.values():
            found = table.by_name.get(entry.key)
            if found is None:
                check.unknown(entry.key)
            else:
                check.value(found, entry)
        check.missing()
        return check.result
    for key in entries:
        if key not in table.by_name:
            check.unknown(key)
    for step in table.order:
        if step == MISSING:
            check.missing()
        elif step in entries:
            check.value(table.by_name[step], entries[step])
    return check.result


class _Validation:
    """One run of :func:`validate`: the record, the table, and what was found so far."""

    def __init__(self, record: Record, table: Table, context: Mapping[str, Any]) -> None:
        self.record = record
        self.table = table
        self.context = context
        self.result = Checked({}, list(record.problems))

    def unknown(self, key: str) -> None:
        rule = self.table.unknown
        if rule is None:
            return
        if callable(rule):
            message = rule(key, self.table.names)
        else:
            message = rule.format_map(self._names(key, hint=self.table.hint(key, self.table.names)))
        if message is not None:
            self._report(self.record[key].key_line, message)

    def value(self, spec: Field, entry: Entry) -> None:
        if self.table.null_is_unset and entry.value is None:
            return
        if spec.only_if is not None and not spec.only_if(self.result.values):
            return
        try:
            value = spec.type(entry)
            if spec.parse is not None:
                value = spec.parse(value, self.context)
        except Invalid as refusal:
            message = refusal.message
            if message is None:
                message = self._word(spec.wrong, self._names(spec.name, entry.value))
            self._report(self._refused_line(entry), message)
            self.result.refused.add(spec.name)
        else:
            self.result.values[spec.name] = value

    def _refused_line(self, entry: Entry) -> int:
        if self.table.at_record:
            return self.record.line
        return entry.key_line if self.table.at_key else entry.line

    def missing(self) -> None:
        for spec in self.table.fields:
            instead = spec.required_unless
            if instead is not None and not self._left_out(instead):
                continue
            if spec.required and self._left_out(spec.name):
                message = spec.missing if spec.missing is not None else self.table.missing
                self._report(self.record.line, self._word(message, self._names(spec.name)))

    def _left_out(self, key: str) -> bool:
        entry = self.record.entries.get(key)
        if entry is None:
            return True
        if self.table.null_is_unset and entry.value is None:
            return True
        return self.table.empty_is_missing and entry.value == ""

    def _names(self, key: str, value: Any = None, **more: Any) -> dict[str, Any]:
        table = self.table
        return {
            **self.context,
            "key": key,
            "value": value,
            "shown": table.show(value),
            "name": table.name(self.result.values) if table.name is not None else "",
            "values": self.result.values,
            "record": self.record,
            **more,
        }

    @staticmethod
    def _word(message: Message, names: Mapping[str, Any]) -> str:
        return message(names) if callable(message) else message.format_map(names)

    def _report(self, line: int, message: str) -> None:
        self.result.problems.append(SourceProblem(self.record.path, line, message))


# ------------------------------------------------------------------------ the types


def anything(entry: Entry) -> Any:
    """Any value; its parse decides."""
    return entry.value


def any_text(entry: Entry) -> str:
    """A text, as written."""
    if not isinstance(entry.value, str):
        raise Invalid()
    return entry.value


def filled_text(entry: Entry) -> str:
    """A text with more than spaces in it, without spaces around it."""
    value = entry.value
    if not isinstance(value, str) or not value.strip():
        raise Invalid()
    return value.strip()


def text_or_number(entry: Entry) -> str:
    """A text, or a whole number taken as its text (``titel: 2016``)."""
    value = entry.value
    if not isinstance(value, str | int) or isinstance(value, bool):
        raise Invalid()
    return str(value)


def boolean(entry: Entry) -> bool:
    """``true`` or ``false``."""
    if not isinstance(entry.value, bool):
        raise Invalid()
    return entry.value


def integer(entry: Entry) -> int:
    """A whole number (``true`` is not one)."""
    value = entry.value
    if not isinstance(value, int) or isinstance(value, bool):
        raise Invalid()
    return value


def positive_integer(entry: Entry) -> int:
    """A whole number of 1 or more."""
    value = integer(entry)
    if value < 1:
        raise Invalid()
    return value


def texts(entry: Entry) -> list[str]:
    """A list of texts with more than spaces in them, each without spaces around it."""
    values = entry.item_values()
    if values is None or not all(isinstance(v, str) and v.strip() for v in values):
        raise Invalid()
    return [v.strip() for v in values]


def texts_or_nothing(entry: Entry) -> list[str]:
    """:func:`texts`, where a key with nothing after it is the empty list."""
    return [] if entry.value is None else texts(entry)


def strings(entry: Entry) -> list[str]:
    """A list of texts, as written."""
    value = entry.value
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise Invalid()
    return list(value)


# ----------------------------------------------------------------------- the parses


def not_empty(message: str) -> Callable[[Any, Mapping[str, Any]], Any]:
    """A parse that refuses an empty text (spaces only) or list with ``message``;
    a text comes back without spaces around it."""

    def parse(value: Any, _context: Mapping[str, Any]) -> Any:
        value = value.strip() if isinstance(value, str) else value
        if not value:
            raise Invalid(message)
        return value

    return parse


def hint_then(advice: str) -> Callable[[str, Sequence[str]], str]:
    """A ``hint`` for an unknown key: "did you mean", then ``advice`` (see ``then_advise``)."""

    def hint(key: str, names: Sequence[str]) -> str:
        return then_advise(did_you_mean(key, names), advice)

    return hint
