"""A problem the plugin reports stops the build, whatever ``strict`` and ``-q`` say.

Under ``mkdocs build -q`` MkDocs drops warnings before its strict counter sees them,
and without ``strict`` nothing counts them: the page with the red error text would be
published. The plugin counts its own problems and stops the build before pages are
written (or, for what only the finished site shows, at the end), saying each problem
once, also when ``-q`` hides the log lines.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import build, copy_site, edit_file

CHAPTER = "docs/noord/samen.md"
UNKNOWN_QUOTE = f"{CHAPTER}:11: onbekend citaat 'no-respect-1'; bedoel je 'no-respect-01'?"
ADDRESS_TAKEN = (
    f"{CHAPTER}: het permanente adres /id/no-samen/ is al bezet door een andere pagina; "
    "verplaats die pagina uit docs/id/"
)


def _mkdocs(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", *args],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )


def _not_strict(project: Path) -> None:
    edit_file(project / "mkdocs.yml", "strict: true", "strict: false")


def _published_pages(project: Path) -> list[str]:
    site = project / "site"
    return sorted(str(path.relative_to(site)) for path in site.rglob("*.html"))


@pytest.fixture
def unknown_quote(tmp_path: Path) -> Path:
    project = copy_site("robuust", tmp_path)
    edit_file(project / CHAPTER, "/// citaat | no-respect-01", "/// citaat | no-respect-1")
    return project


@pytest.fixture
def address_taken(tmp_path: Path) -> Path:
    """A problem only the finished site shows: found after the pages are written."""
    project = copy_site("robuust", tmp_path)
    (project / "docs" / "id").mkdir()
    (project / "docs" / "id" / "no-samen.md").write_text(
        "---\nid: no-oud\n---\n\n# Oud\n", encoding="utf-8"
    )
    return project


@pytest.mark.parametrize(
    ("args", "strict"),
    [(("-q", "--strict"), True), (("-q",), False), ((), False), (("--strict",), True)],
    ids=["-q --strict", "-q, strict: false", "strict: false", "--strict"],
)
def test_mkdocs_build_stops_before_publishing_a_page_with_a_problem(
    unknown_quote: Path, args: tuple[str, ...], strict: bool
) -> None:
    if not strict:
        _not_strict(unknown_quote)
    result = _mkdocs(unknown_quote, *args)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert result.stderr.count(UNKNOWN_QUOTE) == 1, result.stderr  # said once, also under -q
    assert "1 fout(en) in de bronnen" in result.stderr
    assert _published_pages(unknown_quote) == []  # stopped before any page was written


@pytest.mark.parametrize("args", [("-q",), ()], ids=["-q", "not quiet"])
def test_a_problem_found_in_the_finished_site_fails_the_build_too(
    address_taken: Path, args: tuple[str, ...]
) -> None:
    _not_strict(address_taken)
    result = _mkdocs(address_taken, *args)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert result.stderr.count(ADDRESS_TAKEN) == 1, result.stderr


def test_handreiking_build_says_the_problem_once_and_publishes_nothing(
    unknown_quote: Path,
) -> None:
    _not_strict(unknown_quote)  # the command is strict itself; the plugin stops it anyway
    result = build(unknown_quote)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.count(UNKNOWN_QUOTE) == 1, result.stderr
    assert result.stderr.rstrip().endswith(
        "FOUT - 1 fout(en) in de bronnen; zie de meldingen hierboven"
    )
    assert not result.site.exists()


def test_a_build_without_problems_is_unchanged(tmp_path: Path) -> None:
    project = copy_site("robuust", tmp_path)
    _not_strict(project)
    result = _mkdocs(project, "-q")
    assert result.returncode == 0, result.stderr
    assert "fout(en)" not in result.stderr
    assert "noord/samen/index.html" in _published_pages(project)
