"""``handreiking build`` replaces the last good site in one step and cleans up after faults.

The build stages the new site next to the target and swaps it in only when it is
complete: on Linux with one atomic exchange, elsewhere with two renames. What a killed
build leaves (a staging folder, a set-aside old site) is removed by the next build,
which first puts back the last complete site when a kill between the two renames left
none. A full disk, a read-only folder and a file where a folder must go are told in
Dutch, naming the folder, with exit 1 and the last good site unchanged; Ctrl+C stops a
build at any point with the last good site unchanged and no process or folder left.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT, build, copy_site, edit_file, files_of, removed_old_sites, run_cli
from handreiking.cli import main as cli


def _next_to(site: Path) -> list[str]:
    """The hidden folders next to the site folder, besides the build's ``.cache``, once
    the old sites the build removes in the background are gone."""
    removed_old_sites(site.parent)
    return sorted(
        path.name
        for path in site.parent.iterdir()
        if path.name.startswith(".") and path.name != ".cache"
    )


def _no_traceback(stderr: str) -> None:
    assert "Traceback" not in stderr
    assert "waarschijnlijk een fout in de handreiking-software" not in stderr


def _errors(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("FOUT - ")]


@pytest.fixture
def built(tmp_path: Path) -> Path:
    """The robust test site, built once: its ``site/`` is the last good site."""
    project = copy_site("robuust", tmp_path)
    first = build(project)
    assert first.returncode == 0, first.stderr
    return project


def test_a_build_removes_what_a_killed_build_left(built: Path) -> None:
    site = built / "site"
    half = built / ".site-nieuw-abc123"  # killed while rendering
    (half / "noord").mkdir(parents=True)
    (half / "noord" / "index.html").write_text("<p>half</p>", encoding="utf-8")
    aside = built / ".site-oud-def456" / "site"  # killed after the swap, before the cleanup
    aside.mkdir(parents=True)
    (aside / "index.html").write_text("<p>oud</p>", encoding="utf-8")
    other = built / ".andere-nieuw-789"  # another target's: not this build's to remove
    other.mkdir()
    edit_file(built / "docs" / "noord" / "samen.md", "# ", "# Nieuw: ")
    again = build(built)
    assert again.returncode == 0, again.stderr
    assert _next_to(site) == [".andere-nieuw-789"]
    assert "Nieuw: " in again.page("noord/samen/")


def test_the_old_site_is_removed_and_never_under_a_name_a_build_puts_back(built: Path) -> None:
    # Removing a large old site took seconds (on a busy disk tens of seconds) after the new
    # one was in place; the build hands it to a remover and is done.
    site = built / "site"
    (site / "alleen-oud.txt").write_text("van de vorige site", encoding="utf-8")
    edit_file(built / "docs" / "noord" / "samen.md", "# ", "# Vernieuwd: ")
    again = build(built)
    assert again.returncode == 0, again.stderr
    assert "Vernieuwd: " in again.page("noord/samen/")
    assert not (site / "alleen-oud.txt").exists()
    # Until it is gone, the old site is only in a folder no build puts back.
    for path in built.glob(".site-*/**/alleen-oud.txt"):
        assert path.relative_to(built).parts[0].startswith(".site-weg-"), path
    assert _next_to(site) == []
    assert not list(built.glob(".site-*/**/alleen-oud.txt"))


def test_an_old_site_a_remover_left_is_never_put_back(built: Path) -> None:
    # A remover killed halfway (the computer off) leaves part of an old site; with no site
    # in place, the next build does not take it for the last good one: it builds anew.
    site = built / "site"
    half = built / ".site-weg-k1l2m3" / ".site-nieuw-k1l2m3"
    shutil.move(site, half)
    (half / "noord" / "samen" / "index.html").unlink()
    again = build(built)
    assert again.returncode == 0, again.stderr
    assert "De vorige site staat weer" not in again.stderr
    assert (site / "noord" / "samen" / "index.html").is_file()
    assert _next_to(site) == []


def test_a_kill_between_the_two_renames_is_repaired_by_the_next_build(built: Path) -> None:
    site = built / "site"
    good = files_of(site)
    # The state a kill between "site -> .site-oud-*/site" and ".site-nieuw-* -> site" leaves.
    aside = built / ".site-oud-x1y2z3"
    aside.mkdir()
    site.rename(aside / "site")
    half = built / ".site-nieuw-x1y2z3"
    half.mkdir()
    (half / "index.html").write_text("<p>half af</p>", encoding="utf-8")
    # The next build fails on a mistake in the sources: the old site is back all the same.
    edit_file(built / "docs" / "noord" / "samen.md", "# ", "/// citaat | bestaat-niet\n///\n\n# ")
    failed = build(built)
    assert failed.returncode == 1
    _no_traceback(failed.stderr)
    assert f"De vorige site staat weer in {site}" in failed.stderr
    assert files_of(site) == good
    assert _next_to(site) == []


def test_without_an_atomic_exchange_the_two_renames_give_the_same_site(
    built: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Where renameat2 is missing (another system, a file system without it) the swap
    # falls back to two renames; the result is the same.
    site = built / "site"
    edit_file(built / "docs" / "noord" / "samen.md", "# ", "# Opnieuw: ")
    monkeypatch.chdir(built)
    monkeypatch.setattr(cli, "_exchange", lambda first, second: False)
    assert cli.main(["build", "--zonder-pdf"]) == 0
    assert "Opnieuw: " in (site / "noord" / "samen" / "index.html").read_text(encoding="utf-8")
    assert _next_to(site) == []


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="renameat2 is Linux's")
def test_the_exchange_swaps_two_folders_in_one_step(tmp_path: Path) -> None:
    first, second = tmp_path / "een", tmp_path / "twee"
    first.mkdir()
    second.mkdir()
    (first / "a").write_text("een", encoding="utf-8")
    (second / "a").write_text("twee", encoding="utf-8")
    if not cli._exchange(first, second):
        pytest.skip("this file system cannot exchange two folders atomically")
    assert (first / "a").read_text(encoding="utf-8") == "twee"
    assert (second / "a").read_text(encoding="utf-8") == "een"


def test_a_file_where_the_site_folder_must_go(built: Path) -> None:
    blocker = built / "geen-map"
    blocker.write_text("een bestand\n", encoding="utf-8")
    good = files_of(built / "site")
    result = run_cli("build", "--zonder-pdf", "-d", str(blocker / "site"), cwd=built)
    assert result.returncode == 1
    _no_traceback(result.stderr)
    assert _errors(result.stderr) == [
        f"FOUT - kan niet schrijven in {blocker}: daar staat een bestand waar een map moet "
        "komen; kies een andere map voor de site (met -d of site_dir in mkdocs.yml); de "
        "vorige site is ongewijzigd"
    ]
    assert blocker.read_text(encoding="utf-8") == "een bestand\n"
    assert files_of(built / "site") == good


def _mount(*args: str) -> bool:
    """Run ``mount``; ``False`` when this machine does not let us (not root, no mount)."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0 or shutil.which("mount") is None:
        return False
    done = subprocess.run(["mount", *args], capture_output=True, text=True)
    return done.returncode == 0


@contextlib.contextmanager
def _mounted(folder: Path, *args: str) -> Iterator[None]:
    folder.mkdir(parents=True, exist_ok=True)
    if not _mount(*args):
        pytest.skip("needs root and a working mount to make a real full or read-only disk")
    try:
        yield
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True)


def test_a_full_disk_keeps_the_last_good_site(tmp_path: Path) -> None:
    project = copy_site("robuust", tmp_path)
    disk = tmp_path / "schijf"
    # room for one site (about 3 MB), not for a second one staged next to it
    with _mounted(disk, "-t", "tmpfs", "-o", "size=4500k", "tmpfs", str(disk)):
        site = disk / "site"
        first = run_cli("build", "--zonder-pdf", "-d", str(site), cwd=project)
        assert first.returncode == 0, first.stderr
        good = files_of(site)
        result = run_cli("build", "--zonder-pdf", "-d", str(site), cwd=project)
        assert result.returncode == 1
        _no_traceback(result.stderr)
        assert _errors(result.stderr) == [
            f"FOUT - kan niet schrijven in {site}: de schijf is vol; maak ruimte vrij en "
            "bouw opnieuw; de vorige site is ongewijzigd"
        ]
        assert files_of(site) == good
        assert _next_to(site) == []


def test_a_read_only_disk_keeps_the_last_good_site(built: Path) -> None:
    site = built / "site"
    good = files_of(site)
    outside = built / "buiten"
    outside.mkdir()
    shutil.move(site, outside / "site")
    with _mounted(built / "alleen-lezen", "--bind", str(outside), str(built / "alleen-lezen")):
        readonly = built / "alleen-lezen"
        if not _mount("-o", "remount,bind,ro", str(readonly)):
            pytest.skip("this machine cannot make a bind mount read-only")
        result = run_cli("build", "--zonder-pdf", "-d", str(readonly / "site"), cwd=built)
        assert result.returncode == 1
        _no_traceback(result.stderr)
        assert _errors(result.stderr) == [
            f"FOUT - kan niet schrijven in {readonly}: de schijf is alleen-lezen; bouw in een "
            "map waarin je mag schrijven (bijvoorbeeld met -d /tmp/site); de vorige site is "
            "ongewijzigd"
        ]
        assert files_of(readonly / "site") == good


def _children(pid: int) -> list[str]:
    try:
        return Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return []


def _running_in_group(group: int) -> list[str]:
    """The processes of a process group still running (not ended and waiting for their
    parent to read their exit: a forked child whose parent ended first stays so here)."""
    running = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError):
            state, _parent, process_group = stat.read_text().rsplit(")", 1)[1].split()[:3]
            if int(process_group) == group and state != "Z":
                running.append(stat.parent.name)
    return running


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forks and /proc are Linux's")
def test_ctrl_c_at_any_point_of_a_build_keeps_the_last_good_site(tmp_path: Path) -> None:
    # The guide itself: large enough that a build from scratch forks its work.
    project = tmp_path / "gids"
    project.mkdir()
    for name in ("mkdocs.yml", "bibliography.bib", "privacy-uitzonderingen.yml"):
        shutil.copy2(ROOT / name, project / name)
    shutil.copytree(ROOT / "docs", project / "docs")
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1764288000", "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "handreiking.cli", "build", "--zonder-pdf"]
    first = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True)
    assert first.returncode == 0, first.stderr
    site = project / "site"
    good = files_of(site)

    def staged(build: subprocess.Popen[str]) -> bool:
        return any(project.glob(".site-nieuw-*"))

    def forked(build: subprocess.Popen[str]) -> bool:
        return bool(_children(build.pid))

    def writing(build: subprocess.Popen[str]) -> bool:
        return any(project.glob(".site-nieuw-*/**/index.html"))

    stopped = []
    for moment in (staged, forked, writing):
        shutil.rmtree(project / ".cache", ignore_errors=True)  # from scratch: it forks
        # As a terminal does: Ctrl+C reaches the build and every process it started.
        build = subprocess.Popen(
            command,
            cwd=project,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        while build.poll() is None and not moment(build):
            time.sleep(0.005)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(build.pid, signal.SIGINT)
        _out, said = build.communicate(timeout=120)
        assert build.returncode in (0, 130), said  # 0: it ended before the Ctrl+C came
        _no_traceback(said)
        stopped.append(build.returncode == 130)
        assert files_of(site) == good
        assert _next_to(site) == []
        deadline = time.monotonic() + 30
        while left := _running_in_group(build.pid):
            assert time.monotonic() < deadline, f"still running after Ctrl+C: {left}"
            time.sleep(0.05)
    assert stopped[0], "the build ended before the first Ctrl+C: nothing was tested"
