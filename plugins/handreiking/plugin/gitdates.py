"""When each source page was last changed, from git, as a Dutch date.

One ``git log`` call reads the whole history of ``docs/`` once: the first time a
file appears (newest first) is its last change. Builds must give the same bytes
every time, so the build's own clock is never used: a file git knows nothing about
(no git, no history, a shallow clone's cut-off commit, a new file) gets the date of
``SOURCE_DATE_EPOCH`` when that is set, and no date otherwise.

In the live preview only, a page whose file differs from the last commit (changed,
new, not yet added) says so instead of a date: the last commit's date would tell
its co-author that the page was last changed then. A build never asks: what git
status says depends on the work tree, and the same sources must give the same bytes.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from handreiking.content.literature.fields import DUTCH_MONTHS
from handreiking.outputs.changes import Change, History


@dataclass(frozen=True)
class Date:
    """A last-updated date: ISO for ``<time datetime>``, Dutch for readers."""

    iso: str
    dutch: str


def dutch_date(timestamp: int) -> Date:
    """``28 november 2026`` for a Unix time (in UTC, so every machine agrees)."""
    moment = datetime.fromtimestamp(timestamp, tz=UTC)
    return Date(
        moment.date().isoformat(), f"{moment.day} {DUTCH_MONTHS[moment.month - 1]} {moment.year}"
    )


@dataclass
class LastUpdated:
    """The last-updated date of each page, by its path inside ``docs/``."""

    dates: dict[str, Date]
    fallback: Date | None = None
    #: in the preview: the pages with changes not yet committed (paths inside ``docs/``)
    uncommitted: frozenset[str] = frozenset()

    def get(self, src_uri: str) -> Date | None:
        """The page's date, else the ``SOURCE_DATE_EPOCH`` date, else ``None``."""
        return self.dates.get(src_uri, self.fallback)

    def is_uncommitted(self, src_uri: str) -> bool:
        """Whether the page has changes git has not recorded (asked in the preview only)."""
        return src_uri in self.uncommitted


#: The variable that fixes a build's time (https://reproducible-builds.org/).
VARIABLE = "SOURCE_DATE_EPOCH"


def source_date_seconds() -> int | None:
    """``SOURCE_DATE_EPOCH`` in seconds; ``None`` while it is not set (or not a number)."""
    value = os.environ.get(VARIABLE, "").strip()
    return int(value) if value.isdigit() else None


def _source_date_epoch() -> Date | None:
    seconds = source_date_seconds()
    return dutch_date(seconds) if seconds is not None else None


def run_git(root: Path, *args: str) -> str | None:
    """The output of ``git <args>`` run in ``root``; ``None`` without git or on failure."""
    try:
        result = subprocess.run(
            ["git", "-c", "core.quotepath=off", *args],
            cwd=root,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=60,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout if result.returncode == 0 else None


def _shallow_commits(root: Path, shallow_file: str) -> set[str]:
    """Commits where a shallow clone's history is cut off; their dates say nothing."""
    file = Path(shallow_file)
    file = file if file.is_absolute() else root / file
    try:
        return set(file.read_text(encoding="ascii").split())
    except OSError:
        return set()


def _uncommitted(root: Path, docs_dir: Path, prefix: str) -> frozenset[str]:
    """The files under ``docs_dir`` that differ from the last commit, or that git does
    not know yet, as paths inside ``docs/``."""
    status = run_git(
        root, "status", "--porcelain", "-z", "--untracked-files=all", "--", str(docs_dir)
    )
    found: set[str] = set()
    entries = iter((status or "").split("\0"))
    for entry in entries:
        if len(entry) < 4:
            continue
        code, name = entry[:2], entry[3:]
        if "R" in code or "C" in code:
            next(entries, None)  # a rename's old name follows: gone, so no page
        if code != "!!" and name.startswith(prefix):
            found.add(name[len(prefix) :])
    return frozenset(found)


def last_updated(root: Path, docs_dir: Path, *, preview: bool = False) -> LastUpdated:
    """Read the last change of every file under ``docs_dir`` from git, in one call
    (with ``preview``, a second: which files have uncommitted changes)."""
    return read_history(root, docs_dir, preview=preview)[0]


def read_history(
    root: Path, docs_dir: Path, others: tuple[Path, ...] = (), *, preview: bool = False
) -> tuple[LastUpdated, History]:
    """Each page's last change and the history of the sources (``docs_dir`` and the
    files ``others``, such as the bibliography), from one ``git log``.

    The history lists every commit with its date, subject line and the files it touched
    (relative to ``root``); outside git it is not ``available``. A shallow clone's
    cut-off commit is left out of both: every file seems changed there. With
    ``preview``, also which files have changes that are not committed yet (a second
    call, ``git status``; a build never asks, so the same sources give the same bytes).
    """
    fallback = _source_date_epoch()
    # One call for both: the top of the work tree, and where a shallow clone says
    # where its history is cut off.
    found = run_git(root, "rev-parse", "--show-toplevel", "--git-path", "shallow")
    top, _, shallow_file = (found or "").strip().partition("\n")
    if not top or not docs_dir.is_relative_to(Path(top).resolve()):
        return LastUpdated({}, fallback), History()
    top_dir = Path(top).resolve()
    # names relative to the project (a project above the work tree's top: to the top)
    inside = root.resolve().is_relative_to(top_dir)
    root_prefix = _prefix(root.resolve(), top_dir) if inside else ""
    docs_prefix = _prefix(docs_dir.resolve(), top_dir)
    paths = [str(docs_dir), *(str(p) for p in others if p.resolve().is_relative_to(top_dir))]
    uncommitted = _uncommitted(root, docs_dir, docs_prefix) if preview else frozenset()
    log = run_git(
        root,
        "log",
        # record separator, hash, committer time, unit separator, subject
        "--format=%x1e%H %ct%x1f%s",
        "--name-only",
        "--no-renames",
        "--",
        *paths,
    )
    if log is None:
        return LastUpdated({}, fallback, uncommitted), History()
    shallow = _shallow_commits(root, shallow_file.strip()) if shallow_file else set()
    dates: dict[str, Date] = {}
    changes: list[Change] = []
    for record in log.split("\x1e")[1:]:
        header, _, names = record.partition("\n")
        head, _, subject = header.partition("\x1f")
        commit, _, stamp = head.partition(" ")
        if commit in shallow or not stamp.strip().isdigit():
            continue  # every file seems changed there: its real date is unknown
        timestamp = int(stamp)
        date = dutch_date(timestamp)
        files = []
        for name in names.splitlines():
            if not name:
                continue
            if name.startswith(docs_prefix):
                dates.setdefault(name[len(docs_prefix) :], date)
            if name.startswith(root_prefix):
                files.append(name[len(root_prefix) :])
        if files:
            changes.append(Change(commit, timestamp, subject.strip(), tuple(files)))
    shown_docs = docs_prefix[len(root_prefix) :] if inside else docs_prefix
    return LastUpdated(dates, fallback, uncommitted), History(tuple(changes), True, shown_docs)


def _prefix(folder: Path, top: Path) -> str:
    """``folder`` relative to ``top`` as a prefix of git's paths (``docs/``; ``""``)."""
    relative = folder.relative_to(top).as_posix()
    return "" if relative == "." else relative + "/"
