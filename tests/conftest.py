"""Shared helpers: build real sites with MkDocs and read what a reader would see."""

from __future__ import annotations

import logging
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SITES = Path(__file__).resolve().parent / "sites"
SHARED = ROOT.parent / "shared"


@dataclass
class Built:
    """The result of one ``handreiking build``: exit code, output and the site folder."""

    returncode: int
    stdout: str
    stderr: str
    site: Path

    def page(self, url_path: str) -> str:
        """The HTML of the page at ``url_path`` (e.g. ``zuidoost/partnerschap/``)."""
        path = self.site / url_path
        if url_path.endswith("/") or url_path == "":
            path = path / "index.html"
        return path.read_text(encoding="utf-8")


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run the ``handreiking`` command as a co-author would."""
    return subprocess.run(
        [sys.executable, "-m", "handreiking.cli", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
    )


def edit_file(path: Path, old: str, new: str) -> None:
    """Replace the first ``old`` in ``path`` with ``new``, as a co-author's edit would."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def check_problems(project: Path) -> list[str]:
    """``handreiking check``'s problems for ``project``, in process, as printed."""
    from handreiking.cli.check import check_sources
    from mkdocs.config import load_config

    config = load_config(config_file=str(project / "mkdocs.yml"))
    return [str(problem) for problem in check_sources(config)]


def copy_site(name: str, tmp_path: Path) -> Path:
    """Copy ``tests/sites/<name>`` into ``tmp_path`` and return the copy."""
    target = tmp_path / name
    shutil.copytree(SITES / name, target, symlinks=True)
    return target


def build(project: Path, *args: str) -> Built:
    """Build ``project`` with ``handreiking build`` (strict) into ``project/site``."""
    result = run_cli("build", "--zonder-pdf", *args, cwd=project)
    return Built(result.returncode, result.stdout, result.stderr, project / "site")


@pytest.fixture
def site_copy(tmp_path: Path):
    """Return a function that copies a test site into tmp_path."""
    return lambda name: copy_site(name, tmp_path)


@pytest.fixture(autouse=True)
def _quiet_mkdocs_logs():
    logging.getLogger("mkdocs").propagate = True
    yield
