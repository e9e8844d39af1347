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

glibc also moves the size from which it maps a block on its own (and unmaps it when freed)
up to the largest such block freed so far: after the first large pages are let go of, every
later page (a hundred kilobytes or more) comes from the heap too, between small objects
that outlive it, where trimming cannot reach. :func:`map_large_blocks` keeps that size at
glibc's default, so a large string is given back as soon as it is freed (measured at a 10x
build: each process's peak 6-10 MB lower, for a few hundred milliseconds more of the
system's time).
"""

from __future__ import annotations

import ctypes
import gc
import sys
from collections.abc import Callable

_trim: Callable[[int], int] | None = None
_looked_up = False

#: glibc's ``mallopt`` parameter for the size from which a block is mapped on its own
_M_MMAP_THRESHOLD = -3
#: that size: glibc's default, from which it would otherwise move up
MMAP_THRESHOLD = 128 * 1024


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


def map_large_blocks() -> None:
    """Have glibc map every block of :data:`MMAP_THRESHOLD` or more on its own from now
    on, in this process and those it forks; elsewhere nothing. For the rest of the
    process: glibc has no way back to the size it moved itself."""
    if not sys.platform.startswith("linux"):
        return
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):  # no glibc (musl), or no symbols to look in
        return
    mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD)


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
