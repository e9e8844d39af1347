"""One dictionary kept as a pickle in ``.cache/handreiking/`` between builds.

The parsed quote files (``quotes.py``) and the formatted references
(``literature/formatcache.py``) are each one such file. :class:`PickleFile` reads it when
first asked and replaces it whole: a damaged, foreign or unreadable file counts as empty,
and a file that cannot be written (a read-only checkout) leaves the build as it is, only
slower. What is kept and under which key is the caller's.
"""

from __future__ import annotations

import contextlib
import os
import pickle
from pathlib import Path
from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class PickleFile(Generic[K, V]):
    """The dictionary in ``file``, read once."""

    def __init__(self, file: Path) -> None:
        self.file = file
        self._data: dict[K, V] | None = None

    def load(self) -> dict[K, V]:
        """What the file holds; empty when it is absent, damaged or foreign."""
        if self._data is None:
            self._data = {}
            try:
                data = pickle.loads(self.file.read_bytes())
            except Exception:  # absent, damaged or foreign: made anew, then rewritten
                data = None
            if isinstance(data, dict):
                self._data = data
        return self._data

    def write(self, data: dict[K, V]) -> bool:
        """Replace the file with ``data`` (atomically); ``False`` when it cannot be written."""
        temporary = self.file.with_suffix(f".{os.getpid()}.tmp")
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            temporary.write_bytes(pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))
            os.replace(temporary, self.file)
        except (OSError, pickle.PicklingError):
            with contextlib.suppress(OSError):
                temporary.unlink(missing_ok=True)
            return False
        self._data = data
        return True
