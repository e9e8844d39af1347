"""Formatted references kept between builds, next to the parsed bibliography.

Formatting a reference in Dutch APA (names, TeX in titles, the order of parts) costs
about half a millisecond; a guide's literature lists format hundreds of them on every
build. :class:`FormatCache` keeps the result of each one in the cache folder (the
plugin's ``cache_dir``) as JSON, keyed on everything the result depends on:

- per reference, the entry's full content (type, key, every field, every name, its
  ``crossref`` parent; :meth:`EntryFields.fingerprint`) and its year letter; per sort
  key (where the work stands in a list), per citation's names ("De Boer & Ten Cate",
  with whether the document asks for initials) and per list of missing fields, the
  entry's content. A value is kept under a digest of that (:data:`NAMES`), not under the
  content itself: each process of a build holds every name it used, and the main
  process those of every process that converted pages;
- per file, the style's name, the version of the literature code and of pybtex, and
  the cache format. Only our own :class:`ApaNlStyle` is cached: a style from
  another package may change without the code version noticing.

pybtex's rich text is stored as plain lists (``["tag", "em", [...]]``) and rebuilt
with pybtex's own constructors; every value's shape is checked when it is read, and a
value of the wrong shape makes the whole file count as empty. An edited entry has
another fingerprint, so it is formatted again; a damaged, foreign or outdated file is
ignored and replaced. Nothing here changes what is formatted.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

from pybtex.richtext import BaseText, HRef, Protected, String, Symbol, Tag, Text

from handreiking import jsoncache
from handreiking.content.safety import unsafe_url
from handreiking.jsoncache import CacheShapeError, array, integer, string, strings

#: The tags our style and the TeX reader make: a cached reference with any other is not
#: what this code wrote (pybtex writes a tag's name into the HTML as it is).
TAGS = frozenset({"em", "strong"})
#: the symbols pybtex's backends all know (``Backend.symbols``); a cache names no other
SYMBOLS = frozenset({"ndash", "newblock", "nbsp"})

#: what is kept: a reference (rich text: its HTML and plain text are made from it again,
#: so a cache file cannot put markup of its own on a page), a sort key, the names a
#: citation gives (rich text), what an entry lacks (messages)
Kind = Literal["reference", "sort", "names", "missing"]

#: How a value's name is made of its kind and key: part of the file's name, so that a
#: file naming its values otherwise is never read (2: the first 32 hexadecimal digits of
#: the SHA-256 of the key's JSON; 1 was that JSON itself).
NAMES = 2


class FormatCache:
    """The formatted references of one style, read once and written when they grew."""

    def __init__(self, file: Path) -> None:
        self.file = file
        self._disk = jsoncache.JsonFile(file, "format")
        #: what this process used or formatted (as JSON), to be written back
        self._used: dict[str, Any] = {}
        #: what was read of it, made again (a bibliography loaded again after an edit
        #: asks for the same works: the preview)
        self._made: dict[str, Any] = {}
        #: the keys (kind and key, as given) :meth:`get` found or :meth:`put` kept: asked
        #: again, they are found with nothing changed (:meth:`knows`)
        self._known: set[tuple[object, ...]] = set()
        #: the key :meth:`get` was last asked and its name, for the :meth:`put` of the same
        #: key object that follows a miss (the name is made of the JSON of the whole entry)
        self._asked: tuple[str, tuple[object, ...], str] | None = None
        self._grown = False

    @classmethod
    def for_style(cls, folder: Path, versions: str) -> FormatCache:
        """The cache file in ``folder`` for these style and code ``versions``."""
        name = hashlib.sha256(f"format|{versions}|names{NAMES}".encode()).hexdigest()[:32]
        file = folder / f"fmt-{name}.json"
        jsoncache.mark_used(file)  # kept beside the other styles' (save)
        return cls(file)

    def knows(self, kind: Kind, key: tuple[object, ...]) -> bool:
        """Whether :meth:`get` found, or :meth:`put` kept, ``key`` in this process: then
        asking again finds it and changes nothing here (what is used stays used). A
        caller holding the value in memory need not ask (nor make the key's JSON text,
        which holds the whole entry)."""
        return (kind, *key) in self._known

    def get(self, kind: Kind, key: tuple[object, ...]) -> Any:
        """What an earlier build kept of this ``kind`` under ``key``, or ``None``."""
        name = self._name(kind, key)
        self._asked = (kind, key, name)
        value = self._made.get(name)
        if value is not None:
            return value
        stored = self._used.get(name)
        if stored is None:
            stored = self._disk.load().get(name)
        if stored is None:
            return None
        try:
            value = _DECODE[kind](stored)
        except (ValueError, TypeError, RecursionError):  # not what this code writes
            self._disk.forget()
            self._used.pop(name, None)
            self._grown = True
            return None
        self._used[name] = stored
        self._made[name] = value
        self._known.add((kind, *key))
        return value

    def put(self, kind: Kind, key: tuple[object, ...], value: Any) -> None:
        """Remember something formatted now (nothing when it cannot be kept as JSON)."""
        try:
            stored = _ENCODE[kind](value)
        except (ValueError, TypeError):  # CacheShapeError included
            return
        self._used[self._name(kind, key)] = stored
        self._known.add((kind, *key))
        self._grown = True

    def _name(self, kind: Kind, key: tuple[object, ...]) -> str:
        """The name ``key`` is kept under (:data:`NAMES`): made once for a :meth:`get`
        and the :meth:`put` after it of the very same key object."""
        asked = self._asked
        if asked is not None and asked[1] is key and asked[0] == kind:
            return asked[2]
        return hashlib.sha256(jsoncache.key(kind, *key).encode()).hexdigest()[:32]

    def entries(self) -> dict[str, Any]:
        """What this process used or formatted, as JSON (for :meth:`take`)."""
        return dict(self._used)

    def take(self, entries: dict[str, Any]) -> None:
        """Take over what another process of the same run used or formatted
        (:meth:`entries`): each is read and checked as a kept one when used."""
        new = {name: stored for name, stored in entries.items() if name not in self._used}
        if new:
            self._used.update(new)
            self._grown = True

    def save(self, limit: int) -> None:
        """Write the cache when this build formatted something new.

        Earlier entries are kept (an edition built alone must not push out the others)
        unless the file would hold more than ``limit``: then only this build's.
        """
        if not self._grown:
            return
        kept = {**self._disk.load(), **self._used}
        if len(kept) > limit:
            kept = dict(self._used)
        if self._disk.write(kept):
            self._grown = False
            jsoncache.remove_other_versions(self.file, unused_for=jsoncache.KEPT_UNUSED_S)


# -- rich text as JSON -----------------------------------------------------------------


def encode_rich(text: BaseText) -> Any:
    """pybtex rich text as plain lists and strings (``CacheShapeError`` for other kinds)."""
    kind = type(text)
    if kind is String:
        return text.value
    if kind is Symbol:
        return ["symbol", text.name]
    parts = [encode_rich(part) for part in getattr(text, "parts", ())]
    if kind is Text:
        return ["text", parts]
    if kind is Tag:
        return ["tag", text.name, parts]
    if kind is HRef:
        return ["href", text.url, bool(text.external), parts]
    if kind is Protected:
        return ["protected", parts]
    raise CacheShapeError(f"no JSON form for {kind.__name__}")


def decode_rich(stored: Any) -> BaseText:
    """:func:`encode_rich`'s data back as rich text, its shape checked throughout."""
    if isinstance(stored, str):
        return String(stored)
    items = array(stored)
    if not items:
        raise CacheShapeError("empty rich text")
    kind = items[0]
    if kind == "symbol" and len(items) == 2 and items[1] in SYMBOLS:
        return Symbol(string(items[1]))
    if kind == "text" and len(items) == 2:
        return Text(*_decode_parts(items[1]))
    if kind == "tag" and len(items) == 3 and items[1] in TAGS:
        return Tag(string(items[1]), *_decode_parts(items[2]))
    if kind == "href" and len(items) == 4 and unsafe_url(string(items[1])) is None:
        external = jsoncache.boolean(items[2])
        return HRef(string(items[1]), *_decode_parts(items[3]), external=external)
    if kind == "protected" and len(items) == 2:
        return Protected(*_decode_parts(items[1]))
    raise CacheShapeError("unknown rich text")


def _decode_parts(stored: Any) -> list[BaseText]:
    return [decode_rich(part) for part in array(stored)]


def _text(stored: Any) -> Text:
    text = decode_rich(stored)
    if not isinstance(text, Text):
        raise CacheShapeError("expected rich text")
    return text


def _encode_text(value: Any) -> Any:
    if not isinstance(value, Text):
        raise CacheShapeError("expected rich text")
    return encode_rich(value)


def _encode_sort(value: Any) -> Any:
    who, year, title, key = value
    return [
        [[string(a), string(b)] for a, b in who],
        [integer(n) for n in year],
        string(title),
        string(key),
    ]


def _decode_sort(stored: Any) -> tuple[Any, ...]:
    who, year, title, key = array(stored, 4)
    names = []
    for name in array(who):
        surname, initials = strings(array(name, 2))
        names.append((surname, initials))
    first, second = array(year, 2)
    return (tuple(names), (integer(first), integer(second)), string(title), string(key))


_ENCODE: dict[str, Callable[[Any], Any]] = {
    "reference": _encode_text,
    "sort": _encode_sort,
    "names": _encode_text,
    "missing": lambda value: strings(list(value)),
}

_DECODE: dict[str, Callable[[Any], Any]] = {
    "reference": _text,
    "sort": _decode_sort,
    "names": _text,
    "missing": lambda stored: tuple(strings(stored)),
}
