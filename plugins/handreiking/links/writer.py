"""Writes the generated files on a thread while MkDocs renders the pages.

A build makes a few hundred small files besides MkDocs' own pages: a permanent address
(``id/<id>/index.html``) and a ``.bib`` and ``.ris`` file per chapter, theory box and
edition. Creating a file waits on the disk, more so right after MkDocs wrote megabytes of
HTML, and in that wait the interpreter has nothing to do. So :class:`FileWriter` creates
them on one thread of its own, started as soon as their content is known (``on_env``),
while MkDocs renders the pages on the main thread; :meth:`FileWriter.wait` is called before
anything looks at the site folder again, and raises what the thread raised.
"""

from __future__ import annotations

from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path


def write_all(site_dir: Path, files: Iterable[tuple[str, str]]) -> None:
    """Write each ``(site-relative path, text)``; one ``mkdir`` per folder."""
    made: set[Path] = set()
    for path, content in files:
        target = site_dir / path
        if target.parent not in made:
            # exist_ok: MkDocs may make the same folder for a page at the same moment.
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        target.write_text(content, encoding="utf-8", newline="")


class FileWriter:
    """One batch of files written on a thread; :meth:`wait` before using the site folder."""

    def __init__(self) -> None:
        self._future: Future[None] | None = None

    def start(self, site_dir: Path, files: list[tuple[str, str]]) -> None:
        self.wait()
        executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="handreiking-writer")
        self._future = executor.submit(write_all, site_dir, files)
        executor.shutdown(wait=False)  # the thread ends when the batch is written

    def wait(self) -> None:
        """Block until the batch is written; raise the thread's error, if any."""
        future, self._future = self._future, None
        if future is not None:
            future.result()
