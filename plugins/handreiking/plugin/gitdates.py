"""When each source page was last changed, from git, as a Dutch date.

One ``git log`` call reads the whole history of ``docs/`` once: the first time a
file appears (newest first) is its last change. Builds must give the same bytes
every time, so the build's own clock is never used: a file git knows nothing about
(no git, no history, a shallow clone's cut-off commit, a new file) gets the date of
``SOURCE_DATE_EPOCH`` when that is set, and no date otherwise.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from handreiking.content.literature.fields import DUTCH_MONTHS


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

    def get(self, src_uri: str) -> Date | None:
        """The page's date, else the ``SOURCE_DATE_EPOCH`` date, else ``None``."""
        return self.dates.get(src_uri, self.fallback)


def _source_date_epoch() -> Date | None:
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return dutch_date(int(value)) if value.isdigit() else None


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


def last_updated(root: Path, docs_dir: Path) -> LastUpdated:
    """Read the last change of every file under ``docs_dir`` from git, in one call."""
    fallback = _source_date_epoch()
    # One call for both: the top of the work tree, and where a shallow clone says
    # where its history is cut off.
    found = run_git(root, "rev-parse", "--show-toplevel", "--git-path", "shallow")
    top, _, shallow_file = (found or "").strip().partition("\n")
    if not top or not docs_dir.is_relative_to(Path(top).resolve()):
        return LastUpdated({}, fallback)
    top_dir = Path(top).resolve()
    log = run_git(
        root,
        "log",
        "--format=%x1e%H %ct",
        "--name-only",
        "--no-renames",
        "--",
        str(docs_dir),
    )
    if not log:
        return LastUpdated({}, fallback)
    shallow = _shallow_commits(root, shallow_file.strip()) if shallow_file else set()
    prefix = docs_dir.relative_to(top_dir).as_posix().strip(".") + "/"
    prefix = prefix.lstrip("/")
    dates: dict[str, Date] = {}
    for record in log.split("\x1e")[1:]:
        header, _, names = record.partition("\n")
        commit, _, stamp = header.partition(" ")
        if commit in shallow or not stamp.strip().isdigit():
            continue  # every file seems changed there: its real date is unknown
        date = dutch_date(int(stamp))
        for name in names.splitlines():
            if name.startswith(prefix):
                dates.setdefault(name[len(prefix) :], date)
    return LastUpdated(dates, fallback)
