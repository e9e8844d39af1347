"""Formatted references kept between builds, next to the parsed bibliography.

Formatting a reference in Dutch APA (names, TeX in titles, the order of parts) costs
about half a millisecond; a guide's literature lists format hundreds of them on every
build. :class:`FormatCache` keeps the result of each one in ``.cache/handreiking/``,
keyed on everything the result depends on:

- per reference, the entry's full content (type, key, every field, every name, its
  ``crossref`` parent; :meth:`EntryFields.fingerprint`) and its year letter; per sort
  key (where the work stands in a list), per citation's names ("De Boer & Ten Cate")
  and per list of missing fields, the entry's content;
- per file, the style's name, the version of the literature code and of pybtex, and
  the pickle protocol. Only our own :class:`ApaNlStyle` is cached: a style from
  another package may change without the code version noticing.

An edited entry has another fingerprint, so it is formatted again; a damaged, foreign or
outdated file is ignored and replaced. Nothing here changes what is formatted.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

from handreiking.diskcache import PickleFile

#: cached value: a reference as pybtex rich text, HTML and plain text; a sort key; the
#: names a citation gives, as rich text in a 1-tuple; or what an entry lacks (messages)
Formatted = tuple[Any, ...]


class FormatCache:
    """The formatted references of one style, read once and written when they grew."""

    def __init__(self, file: Path) -> None:
        self._disk: PickleFile[tuple[object, ...], Formatted] = PickleFile(file)
        #: what this process used or formatted, to be written back
        self._used: dict[tuple[object, ...], Formatted] = {}
        self._grown = False

    @classmethod
    def for_style(cls, root: str | os.PathLike[str], folder: Path, versions: str) -> FormatCache:
        """The cache file under ``root/folder`` for these style and code ``versions``."""
        name = hashlib.sha256(f"format|{versions}".encode()).hexdigest()[:32]
        return cls(Path(root) / folder / f"fmt-{name}.pickle")

    def get(self, key: tuple[object, ...]) -> Formatted | None:
        """The reference formatted by an earlier build, or ``None``."""
        found = self._used.get(key)
        if found is None:
            found = self._disk.load().get(key)
            if found is not None:
                self._used[key] = found
        return found

    def put(self, key: tuple[object, ...], value: Formatted) -> None:
        """Remember a reference formatted now."""
        self._used[key] = value
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
