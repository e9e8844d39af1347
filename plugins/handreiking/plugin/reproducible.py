"""Same sources, same bytes: the one date a build uses.

MkDocs writes the build date into the sitemap (``<lastmod>``) and the gzip header
of ``sitemap.xml.gz``; it takes it from ``SOURCE_DATE_EPOCH`` when that is set, and
from the clock otherwise, so two builds on different days would differ. The plugin
therefore sets ``SOURCE_DATE_EPOCH`` when nobody else did:

1. the time of the last git commit that touched the project folder, or
2. outside git (a tarball, a copy), the newest modification time of the sources
   (``mkdocs.yml``, the bibliography, everything under ``docs/``).

Set ``SOURCE_DATE_EPOCH`` yourself to choose another date.
"""

from __future__ import annotations

import datetime
import os
from pathlib import Path

from handreiking.plugin.gitdates import VARIABLE, run_git, source_date_seconds

#: Set beside it to the value the plugin chose, so it is known as ours, not the user's.
SET_BY_US = "HANDREIKING_SOURCE_DATE_EPOCH"


def _last_commit_time(root: Path) -> int | None:
    output = run_git(root, "log", "-1", "--format=%ct", "--", ".")
    value = output.strip() if output is not None else ""
    return int(value) if value.isdigit() else None


def _newest_source_time(root: Path, docs_dir: Path) -> int:
    newest = 0
    candidates = [root / "mkdocs.yml", *root.glob("*.bib"), *sorted(docs_dir.rglob("*"))]
    for path in candidates:
        try:
            if path.is_file():
                newest = max(newest, int(path.stat().st_mtime))
        except OSError:
            continue
    return newest


def source_date_epoch(root: Path, docs_dir: Path) -> int:
    """The build date of this project's sources, as a Unix time (see the module)."""
    committed = _last_commit_time(root)
    return committed if committed is not None else _newest_source_time(root, docs_dir)


def ensure_source_date_epoch(root: Path, docs_dir: Path) -> None:
    """Set ``SOURCE_DATE_EPOCH`` from the sources unless the user set it.

    What we set is marked in the environment itself (:data:`SET_BY_US`), which every
    build in this process (and no other) shares: a later build of another project in the
    same process replaces our value, never the user's.
    """
    current = os.environ.get(VARIABLE)
    if current is not None and current != os.environ.get(SET_BY_US):
        return
    value = str(source_date_epoch(root, docs_dir))
    os.environ[VARIABLE] = os.environ[SET_BY_US] = value


def build_date(root: Path, docs_dir: Path) -> datetime.date:
    """The build's date (UTC): ``SOURCE_DATE_EPOCH`` when set, else as
    :func:`source_date_epoch` finds it, so that what a build says about dates (a record
    of the sociale kaart not checked for a year) depends on the sources only."""
    seconds = source_date_seconds()
    if seconds is None:
        seconds = source_date_epoch(root, docs_dir)
    return datetime.datetime.fromtimestamp(seconds, datetime.UTC).date()
