"""Work split over forked processes, for a large site on a machine with more than one core.

What a build and ``handreiking check`` do per page is mostly pure Python on one core: the
interpreter runs one thread at a time, but a forked process runs beside its parent on
another core, with a copy of everything the parent had loaded (the data, the extensions,
the plugin), made before it starts, at no cost until either side writes. So a share of the
pages is done in a child, which sends back plain data (lists, dicts, strings: what the
caches of :mod:`handreiking.jsoncache` hold), and the parent takes it over as if it had
done that work itself, or does the share itself when the child failed, could not start
or could not send: a child never changes what the parent makes, only how soon.

Only where forking is safe: on Linux, with no other thread running in the process (a
fork copies only the thread that forks: a lock another thread held would stay held in
the child, a writer thread's queue would never drain). On macOS system frameworks may
not survive a fork (Python's own default there is "spawn"); elsewhere there is no fork.
Ctrl+C is the parent's alone: a child ignores it, the parent stops its children.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")

log = logging.getLogger("mkdocs.plugins.handreiking")

#: what converting a page costs besides its length, in characters of Markdown (measured
#: for ``handreiking check``: about 0.9 microseconds a character and 1.8 ms a page)
PAGE_COST = 2_000
#: the work (in characters, :data:`PAGE_COST` a page included) a share has at least
#: before a process of its own is worth its start. A child costs 50-90 ms of CPU more
#: than its share's work (the pages of the parent it copies as it touches them, its
#: answer pickled), the parent a few ms to fork it and take its answer over: a share of
#: this size is about 0.2 s of work, so the 111-page guide (490,000 in its conversions)
#: is built in two processes, its parent's CPU 1.8-2.0 s instead of 2.3-2.5 s, while a
#: site of less than twice this stays in one
SHARE_MIN = 200_000


def processors() -> int:
    """The processors this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not on every system
        return os.cpu_count() or 1


def can_fork() -> bool:
    """Whether this process may fork a child to do work now: on Linux, with no thread
    but this one running."""
    if sys.platform != "linux" or "fork" not in multiprocessing.get_all_start_methods():
        return False
    return threading.active_count() == 1


def large(docs_dir: Path) -> bool:
    """Whether the files under ``docs_dir`` hold enough text that reading them in
    another process gains more than starting it costs (:data:`SHARE_MIN`, in bytes)."""
    size = 0
    for folder, _dirs, names in os.walk(docs_dir):
        for name in names:
            try:
                size += os.stat(os.path.join(folder, name), follow_symlinks=False).st_size
            except OSError:  # gone or unreadable: the scans say so
                continue
            if size >= SHARE_MIN:
                return True
    return False


def shares(
    items: Sequence[T], cost: Callable[[T], int], workers: int | None, share_min: int
) -> list[list[T]]:
    """``items`` in runs of their order, each about the same ``cost``, one per process:
    as many as ``workers`` (``None``: as the processors allow and the total cost, at
    least ``share_min`` a share, is worth), one where no child can be forked. Never an
    empty run but the first, when there are no items."""
    costs = [cost(item) for item in items]
    size = sum(costs)
    if workers is None:
        workers = min(processors(), size // max(share_min, 1))
    if not can_fork():
        workers = 1
    workers = max(1, min(workers, len(items)))
    runs: list[list[T]] = [[] for _ in range(workers)]
    done = 0
    for item, item_cost in zip(items, costs, strict=True):
        runs[min(workers - 1, done * workers // max(size, 1))].append(item)
        done += item_cost
    return [run for run in runs if run] or [[]]


#: whether :meth:`Child.start` froze the objects of this process, for :func:`thaw`
_frozen = False


def thaw() -> None:
    """Give what :meth:`Child.start` froze back to the garbage collector: at the end of
    the work that forked (a build, a check), so that what it let go of may be freed.
    Nothing when no child was forked since: what others froze (the preview keeps what
    its rebuilds reuse frozen) stays so."""
    global _frozen
    if _frozen:
        _frozen = False
        gc.unfreeze()


class Pieces(list[Any]):
    """An answer of a child sent piece by piece, each item on its own: the parent reads
    and unpickles one at a time, never the bytes of the whole answer beside its objects
    (megabytes, for a share of rendered pages). Read as a plain list."""


#: what a child sends first of an answer in :class:`Pieces`: this and how many follow
_PIECES = "pieces"


class Child:
    """A forked process doing one piece of work, whose answer the parent reads once."""

    def __init__(self, process: Any, connection: Any) -> None:
        self.process = process
        self.connection = connection
        self._answered = False

    @classmethod
    def start(cls, work: Callable[[], Any]) -> Child | None:
        """Fork a process that calls ``work()`` and sends what it returns (plain data);
        ``None`` when no process can be forked now (:func:`can_fork`, or the system has
        none to give: then the parent does the work)."""
        if not can_fork():
            return None
        forking = multiprocessing.get_context("fork")
        try:
            receiving, sending = forking.Pipe(duplex=False)
        except OSError:
            return None
        # What is buffered would be written by both processes.
        sys.stdout.flush()
        sys.stderr.flush()
        process = forking.Process(target=_run, args=(work, sending), daemon=True)
        # The child's garbage collector would otherwise touch, and so copy, every object
        # the parent had; frozen, they stay shared. The parent leaves them frozen too:
        # what it had before a fork is mostly what it keeps to the end of its work (the
        # data, the pages, the theme), which its collector's full passes would go over
        # again and again to free nothing; :func:`thaw` at the end of that work.
        global _frozen
        _frozen = True
        gc.freeze()
        # Ctrl+C is held back while the child starts, until it ignores it (_run): else
        # one pressed then would end the child with a traceback of its own.
        held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        try:
            process.start()
        except OSError:  # no process to be had (EAGAIN, ENOMEM)
            receiving.close()
            sending.close()
            return None
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, held)
        sending.close()
        return cls(process, receiving)

    def answer(self) -> Any | None:
        """What ``work()`` returned in the child, waiting for it; ``None`` when the child
        failed or could not send (then the parent does its work). Read once."""
        if self._answered:
            return None
        self._answered = True
        try:
            answer = self.connection.recv()
            if isinstance(answer, tuple) and len(answer) == 2 and answer[0] == _PIECES:
                return [self.connection.recv() for _ in range(answer[1])]
        except (EOFError, OSError, ValueError):
            return None
        return None if answer is None else answer[0]

    def pieces(self) -> Iterator[Any] | None:
        """The items of the :class:`Pieces` that ``work()`` returned in the child, each
        read and unpickled only when the iterator is asked for it (the child waits to
        send the next meanwhile), waiting for the first; ``None`` when the child failed,
        or answered otherwise. The items end early when the child could not send one (the
        parent does what the rest were for). Read once."""
        if self._answered:
            return None
        self._answered = True
        try:
            answer = self.connection.recv()
        except (EOFError, OSError, ValueError):
            return None
        if not (isinstance(answer, tuple) and len(answer) == 2 and answer[0] == _PIECES):
            return None
        return self._pieces(answer[1])

    def _pieces(self, count: int) -> Iterator[Any]:
        for _ in range(count):
            try:
                piece = self.connection.recv()
            except (EOFError, OSError, ValueError):
                return
            yield piece

    def stop(self) -> None:
        """End the process (when it has not ended) and wait for it."""
        self.connection.close()
        if self.process.is_alive():
            self.process.terminate()
        self.process.join()


def _run(work: Callable[[], Any], connection: Any) -> None:
    """In the forked process: do the work and send its result, ``None`` when it failed."""
    # Ctrl+C reaches every process of the terminal: the parent stops its children and
    # says so once.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    try:
        answer: Any = (work(),)
    except Exception:  # said by the parent, which does the work again itself
        answer = None
    try:
        if answer is not None and isinstance(answer[0], Pieces):
            connection.send((_PIECES, len(answer[0])))
            for piece in answer[0]:
                connection.send(piece)
        else:
            connection.send(answer)
    except Exception:  # the parent stopped listening, or the answer is no plain data
        pass
    finally:
        connection.close()


class Ends:
    """Items ``0 .. count - 1`` taken by several processes from both ends: this one from
    the front, in their order, the others (forked after it was made) from the back, one
    at a time, until they meet. Where the two meet depends on the processes' pace, so they
    finish together however the items' costs differ; what each process did with an item
    does not depend on who took it. The front stays one run in order, so its work is done
    as if nobody else took any."""

    def __init__(self, count: int, ends: Any) -> None:
        self.count = count
        #: the next item from the front, and one past the next from the back, shared
        self._ends = ends

    @classmethod
    def make(cls, count: int) -> Ends | None:
        """For ``count`` items; ``None`` where processes cannot share memory (then one
        process takes them all)."""
        try:
            ends = multiprocessing.get_context("fork").Array("i", [0, count])
        except (OSError, ImportError):  # no shared memory or lock here
            return None
        return cls(count, ends)

    def front(self) -> Iterator[int]:
        """The items this process takes from the front, in their order."""
        ends = self._ends
        while True:
            with ends.get_lock():
                at = ends[0]
                if at >= ends[1]:
                    return
                ends[0] = at + 1
            yield at

    def back(self) -> Iterator[int]:
        """The items a forked process takes from the back, last first."""
        ends = self._ends
        while True:
            with ends.get_lock():
                at = ends[1] - 1
                if at < ends[0]:
                    return
                ends[1] = at
            yield at

    def met(self) -> int:
        """Where the front stopped, once :meth:`front` is done: every item from there
        on was taken from the back."""
        return int(self._ends[0])


class Beside:
    """Work done in forked processes while this one goes on: what
    ``Publication.load`` starts to read the pages (its ``Starter``), for the build and
    ``handreiking check`` (``who``, as the debug log names it)."""

    def __init__(self, forks: bool, who: str) -> None:
        self.forks = forks
        self.who = who
        self.children: list[Child] = []

    def start(self, work: Callable[[], T], said: str | None = None) -> Callable[[], T]:
        """Start ``work`` in a forked process; what waits for its result. The work is
        done here instead when no process can be forked, or when it failed there (then
        here it fails the same way, and says why). ``said``: what the debug log says the
        other process did (by default: read and checked the pages)."""
        child = Child.start(work) if self.forks else None
        if child is None:  # no process to be had: done here when asked
            return work

        self.children.append(child)

        def result() -> T:
            answer = child.answer()
            child.stop()
            if answer is None:
                return work()
            log.debug(
                "%s: %s",
                self.who,
                said or "de pagina's in een ander proces gelezen en gecontroleerd",
            )
            return answer  # type: ignore[no-any-return]

        return result

    def stop(self) -> None:
        """End every process started (the loading may have failed before asking)."""
        for child in self.children:
            child.stop()


class Shares:
    """The children doing shares of one step of the work (converting, rendering or
    judging pages), each child's answer taken, waiting for it, when the work here
    reaches the first of the items it is due at."""

    def __init__(self, take: Callable[[Any, list[str]], int | None], said: str) -> None:
        #: takes a child's answer over for the items it was due at; how many the log
        #: names (``None``: nothing was taken, as when the child had failed)
        self._take = take
        #: what the debug log says a child did, with ``%d`` for that number
        self._said = said
        #: per item: what is taken of the children's answers when the work here is there
        self._waiting: dict[str, list[Callable[[], None]]] = {}
        self._children: list[Child] = []
        #: how many children were forked (those heard and stopped included)
        self.forked = 0

    def start(self, at: list[str], work: Callable[[], Any]) -> None:
        """Fork a child doing ``work``, whose answer is taken at the first of the items
        ``at`` the work here reaches (:meth:`at`); none when no child can be forked
        (then the work here does them)."""
        child = self._fork(work)
        if child is None:
            return
        heard = False

        def take() -> None:
            nonlocal heard
            if heard:
                return
            heard = True
            answer = child.answer()
            child.stop()
            if answer is None:  # it failed: its items are done here
                return
            taken = self._take(answer, at)
            if taken is not None:
                log.debug(self._said, taken)

        for item in at:
            self._waiting.setdefault(item, []).append(take)

    def start_pieces(self, first: str, items: list[str], work: Callable[[], Any]) -> None:
        """Fork a child doing ``work``, which answers with :class:`Pieces`, one for each
        of ``items`` in their order: each taken alone (:meth:`Child.pieces`), the first
        when the work here reaches ``first``, each next one when it reaches the item the
        one before was for. So only one piece waits here at a time, not the whole
        answer until the work reaches its last item (a share of rendered pages:
        megabytes). None when no child can be forked (then the work here does them)."""
        child = self._fork(work)
        if child is None or not items:
            return
        pieces: Iterator[Any] | None = None
        count: int | None = None
        done = False

        def take(at: int) -> None:
            nonlocal pieces, count, done
            if done:  # the child failed: the rest is done here
                return
            if at == 0:
                pieces = child.pieces()
                count = None if pieces is None else 0
            piece = _END if pieces is None else next(pieces, _END)
            if piece is not _END:
                taken = self._take([piece], [items[at]])
                if count is not None and taken is not None:
                    count += taken
            if piece is _END or at == len(items) - 1:
                done, pieces = True, None
                child.stop()
                if count is not None:
                    log.debug(self._said, count)

        self._waiting.setdefault(first, []).append(partial(take, 0))
        for at, item in enumerate(items[:-1], 1):
            self._waiting.setdefault(item, []).append(partial(take, at))

    def _fork(self, work: Callable[[], Any]) -> Child | None:
        child = Child.start(work)
        if child is not None:
            self._children.append(child)
            self.forked += 1
        return child

    def at(self, item: str) -> None:
        """The work here is at ``item``: take what of the children's answers is due there."""
        for take in self._waiting.pop(item, ()):
            take()

    def stop(self) -> None:
        """End every child not yet heard (the work failed, or is done)."""
        self._waiting.clear()
        children, self._children = self._children, []
        for child in children:
            child.stop()


#: what :meth:`Shares.start_pieces` takes when a child sends no more pieces
_END = object()
