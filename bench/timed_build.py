"""``mkdocs`` run in this process, recording how long each edition's book (PDF, EPUB) took.

The plugin logs every book it writes at DEBUG, on a logger of its own, with the seconds
in the record (``handreiking.outputs.pdf.log_book_time``); this script collects those
records as JSON lines in ``--times`` and otherwise is ``python -m mkdocs`` with the same
arguments, so the benchmark's reference build needs no second build to split off the
books::

    python bench/timed_build.py --times books.jsonl build --strict -f mkdocs.yml -d site

Each line: ``{"kind": "pdf" | "epub", "edition": "<id>", "seconds": 1.23}``.
"""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

#: the logger the plugin times its books through (``outputs/pdf.py``)
BOOKS_LOGGER = "mkdocs.plugins.handreiking.books"


class BookTimes(logging.Handler):
    """Append each record that carries a book's time to a file, one JSON object a line."""

    def __init__(self, path: Path) -> None:
        super().__init__(logging.DEBUG)
        self.path = path

    def emit(self, record: logging.LogRecord) -> None:
        book = getattr(record, "handreiking_book", None)
        if book is None:
            return
        with self.path.open("a", encoding="utf-8") as out:
            out.write(json.dumps(book) + "\n")


def main(argv: list[str]) -> int:
    if len(argv) < 2 or argv[0] != "--times":
        print(__doc__, file=sys.stderr)
        return 2
    times = Path(argv[1])
    times.write_text("", encoding="utf-8")
    books_log = logging.getLogger(BOOKS_LOGGER)
    # Only this logger goes to DEBUG, the rest of MkDocs keeps its INFO level; its
    # records still reach MkDocs' own handler, so the build's log shows them too.
    books_log.setLevel(logging.DEBUG)
    books_log.addHandler(BookTimes(times))
    from mkdocs.__main__ import cli

    try:
        cli.main(args=argv[2:], prog_name="mkdocs", standalone_mode=True)
    except SystemExit as done:
        return done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
