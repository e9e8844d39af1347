"""Writes the generated files on a thread while MkDocs renders the pages.

A build makes a few hundred small files besides MkDocs' own pages: a permanent address
(``id/<id>/index.html``) and a ``.bib`` and ``.ris`` file per chapter, theory box and
edition. Creating a file waits on the file system (measured: up to half a millisecond
each, right after the previous site was deleted), and in that wait the interpreter has
nothing to do. So :class:`FileWriter` creates
them on one thread of its own, started as soon as their content is known (``on_env``),
while MkDocs renders the pages on the main thread; :meth:`FileWriter.wait` is called before
anything looks at the site folder again, and raises what the thread raised.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_CLOEXEC", 0)


def write_all(site_dir: Path, files: Iterable[tuple[str, bytes]]) -> None:
    """Write each ``(site-relative path, content)``; one ``mkdir`` per folder.

    With ``os.open`` and ``os.write``: three system calls per file where ``open()``
    makes six, and each lets the main thread wait for the interpreter once more.
    """
    made: set[str] = set()
    for path, content in files:
        target = os.path.join(site_dir, path)
        folder = os.path.dirname(target)
        if folder not in made:
            # exist_ok: MkDocs may make the same folder for a page at the same moment.
            os.makedirs(folder, exist_ok=True)
            made.add(folder)
        fd = os.open(target, _FLAGS, 0o666)
        try:
            view = memoryview(content)
            while view:
                view = view[os.write(fd, view) :]
        finally:
            os.close(fd)


class FileWriter:
    """One batch of files written on a thread; :meth:`wait` before using the site folder."""

    def __init__(self) -> None:
        self._future: Future[None] | None = None

    def start(self, site_dir: Path, files: list[tuple[str, bytes]]) -> None:
        self.wait()
        executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="handreiking-writer")
        self._future = executor.submit(write_all, site_dir, files)
        executor.shutdown(wait=False)  # the thread ends when the batch is written

    def wait(self) -> None:
        """Block until the batch is written; raise the thread's error, if any."""
        future, self._future = self._future, None
        if future is not None:
            future.result()
