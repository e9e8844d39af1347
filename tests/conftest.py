"""Shared helpers: build real sites with MkDocs and read what a reader would see."""

from __future__ import annotations

import io
import logging
import os
import shutil
import subprocess
import sys
import time
import warnings
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, redirect_stderr, redirect_stdout
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


@dataclass
class Ran:
    """What one run of the ``handreiking`` command gave: exit code and its output."""

    returncode: int
    stdout: str
    stderr: str


def run_command(*args: str, cwd: Path, env: Mapping[str, str] | None = None) -> Ran:
    """Run the ``handreiking`` command in a new process, exactly as a co-author types it."""
    result = subprocess.run(
        [sys.executable, "-m", "handreiking.cli", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )
    return Ran(result.returncode, result.stdout, result.stderr)


def run_cli(*args: str, cwd: Path, env: Mapping[str, str] | None = None) -> Ran:
    """Run the ``handreiking`` command in this process, with what it prints as a new
    process prints it (:func:`run_command` starts one; this saves the start-up).

    The command's ``main`` runs in ``cwd`` with the environment ``env`` (default: this
    one), its standard output and error captured. Everything a process would start
    afresh is put back afterwards: the folder, the environment, the loggers MkDocs and
    the command set up, the warning filters, and the plugins: MkDocs keeps one instance
    of a plugin with ``on_startup`` for the whole process, so every run starts without.
    """
    from handreiking.cli.main import main
    from handreiking.compat.mkdocs import forget_plugin_instances

    forget_plugin_instances()

    out, err = io.StringIO(), io.StringIO()
    with _as_a_new_process(cwd, env), redirect_stdout(out), redirect_stderr(err):
        try:
            code = main(list(args))
        except SystemExit as stop:  # argparse: a wrong option
            code = stop.code if isinstance(stop.code, int) else 0 if stop.code is None else 1
    return Ran(code, out.getvalue(), err.getvalue())


#: The loggers a build sets up (the command's handler, MkDocs' levels and our filter).
_LOGGERS = ("", "mkdocs", "mkdocs.plugins.handreiking")


@contextmanager
def _as_a_new_process(cwd: Path, env: Mapping[str, str] | None) -> Iterator[None]:
    """Run the body as a new process of the command would: in ``cwd``, with ``env``,
    the loggers and warnings as Python starts them; restore this process afterwards."""
    folder, environment = os.getcwd(), dict(os.environ)
    saved = [
        (logger, list(logger.handlers), logger.level, logger.propagate)
        for logger in map(logging.getLogger, _LOGGERS)
    ]
    root = logging.getLogger()
    # No handler on the root logger: what another library logs reaches the terminal
    # through logging's last resort, as in a new process (not pytest's capture).
    root.handlers.clear()
    root.setLevel(logging.WARNING)
    try:
        os.chdir(cwd)
        if env is not None:
            os.environ.clear()
            os.environ.update(env)
        with warnings.catch_warnings():
            _python_warning_defaults()
            yield
    finally:
        os.chdir(folder)
        os.environ.clear()
        os.environ.update(environment)
        for logger, handlers, level, propagate in saved:
            logger.handlers[:] = handlers
            logger.setLevel(level)
            logger.propagate = propagate


def _python_warning_defaults() -> None:
    """The warning filters and output of a Python started without options."""
    warnings.resetwarnings()
    warnings.filterwarnings("default", category=DeprecationWarning, module="__main__")
    for category in (DeprecationWarning, PendingDeprecationWarning, ImportWarning):
        warnings.filterwarnings("ignore", category=category, append=True)
    warnings.filterwarnings("ignore", category=ResourceWarning, append=True)

    def show(message, category, filename, lineno, file=None, line=None) -> None:  # type: ignore[no-untyped-def]
        sys.stderr.write(warnings.formatwarning(message, category, filename, lineno, line))

    warnings.showwarning = show


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


def files_of(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` (a built site, a cache folder) by its relative path: two
    of them compare byte for byte."""
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def removed_old_sites(folder: Path) -> None:
    """Wait until the old sites ``handreiking build`` handed to its remover next to
    ``folder`` (``.<site>-weg-*``, removed in a process of its own after the new site is
    in place) are gone; fail when one is still there after a minute."""
    deadline = time.monotonic() + 60
    while gone := [path.name for path in folder.iterdir() if "-weg-" in path.name]:
        assert time.monotonic() < deadline, f"not removed: {gone}"
        time.sleep(0.05)


def copy_site(name: str, tmp_path: Path) -> Path:
    """Copy ``tests/sites/<name>`` into ``tmp_path`` and return the copy."""
    target = tmp_path / name
    shutil.copytree(SITES / name, target, symlinks=True)
    return target


def build(project: Path, *args: str) -> Built:
    """Build ``project`` with ``handreiking build`` (strict) into ``project/site``, in
    this process (:func:`run_cli`)."""
    result = run_cli("build", "--zonder-pdf", *args, cwd=project)
    return Built(result.returncode, result.stdout, result.stderr, project / "site")


@pytest.fixture
def site_copy(tmp_path: Path):
    """Return a function that copies a test site into tmp_path."""
    return lambda name: copy_site(name, tmp_path)


@pytest.fixture(autouse=True, scope="session")
def _own_signing_key(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The gate signs its verdicts with a key in the user's cache folder: the tests keep
    theirs in a folder of their own, never in the home folder of whoever runs them."""
    before = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("xdg-cache"))
    yield
    if before is None:
        os.environ.pop("XDG_CACHE_HOME", None)
    else:
        os.environ["XDG_CACHE_HOME"] = before


@pytest.fixture(autouse=True)
def _quiet_mkdocs_logs():
    logging.getLogger("mkdocs").propagate = True
    yield
