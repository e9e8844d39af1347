"""A large build's freed memory given back to the system, so that its peak stays low.

A build holds every page's HTML until it is rendered and written, and then lets go of it
(``page.content``, see the plugin's ``on_post_page``). Python frees those large strings to
the C library's allocator, which keeps the memory for later use: glibc returns only what is
at the top of its heap, and a heap in which long-lived objects lie between freed pages
stays as large as it ever was. The next large allocations (the rendered pages of a forked
process taken over, the search index, the catalog) then come on top of it, and the
process's peak, which is what a machine running the build must have, grows with them.
:func:`give_back` asks glibc to return the free pages inside its heap
(``malloc_trim``); elsewhere (macOS, musl) it does nothing.

Python's cyclic garbage is freed by its collector, which looks at the oldest objects only
rarely, and a build makes millions of objects: a page's converted tree stays referenced by
its Markdown instance, whose parts refer to each other, until a full collection.
``give_back(collect=True)`` runs one first, at the few moments worth it (once every page is
converted).
"""

from __future__ import annotations

import ctypes
import gc
import sys
from collections.abc import Callable

_trim: Callable[[int], int] | None = None
_looked_up = False


def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's ``malloc_trim``, or ``None`` where there is none."""
    global _trim, _looked_up
    if not _looked_up:
        _looked_up = True
        if sys.platform.startswith("linux"):
            try:
                _trim = ctypes.CDLL(None).malloc_trim
            except (OSError, AttributeError):  # no glibc (musl), or no symbols to look in
                _trim = None
    return _trim


def give_back(*, collect: bool = False) -> None:
    """Return the free memory of the C allocator's heap to the system (glibc); with
    ``collect``, after a full run of Python's garbage collector."""
    if collect:
        gc.collect()
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


class Every:
    """:func:`give_back` once every ``pages`` calls of :meth:`page` (pages, or files,
    let go of)."""

    def __init__(self, pages: int) -> None:
        self.pages = pages
        self._count = 0

    def page(self) -> None:
        """One more page let go of: memory given back at every ``pages``-th."""
        self._count += 1
        if self._count % self.pages == 0:
            give_back()
