"""The preview hears of a save at once where the system announces changes, and looks for
it ten times a second elsewhere (``handreiking.watching``).

Where a file system is one Linux announces every change on (a disk of the computer,
memory, a container's layers), a folder or file is listened to; a file by its folder, so
that an editor's save by writing a new file and moving it in its place is heard too, and
what the build does (open and read every file) is not. Elsewhere (WSL's folders of
Windows, network shares) and where no more can be listened to, it is looked at.
"""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path

import pytest
from handreiking import watching
from watchdog.events import FileSystemEvent, FileSystemEventHandler

MOUNTS = "\n".join(
    [
        "27 1 254:0 / / rw,relatime - ext4 /dev/vda rw",
        "30 27 0:27 / /mnt/c rw,noatime - 9p drvfs rw,dirsync,aname=drvfs",
        "31 27 0:28 / /home/jij/met\\040spatie rw - nfs4 server:/thuis rw",
        "32 30 0:29 / /mnt/c/werk rw - fuse.sshfs bron:/werk rw",
        "33 27 0:30 / /tmp rw - tmpfs tmpfs rw",
        "34 27 0:31 / /tmp rw - overlay overlay rw",
    ]
)


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("/home/jij/handreiking/docs", "ext4"),
        ("/mnt/c/Users/jij/handreiking", "9p"),  # WSL: a folder of Windows
        ("/mnt/cc", "ext4"),  # not inside /mnt/c
        ("/home/jij/met spatie/docs", "nfs4"),
        ("/mnt/c/werk/docs", "fuse.sshfs"),  # the deepest mount on the way
        ("/tmp/x", "overlay"),  # the later of two mounts on one point
    ],
)
def test_the_file_system_of_a_path_is_the_deepest_mount_on_its_way(path: str, kind: str) -> None:
    assert watching.file_system_of(path, MOUNTS) == kind


def test_only_the_computers_own_file_systems_announce_changes() -> None:
    assert {"ext4", "tmpfs", "overlay", "btrfs", "xfs"} <= watching.ANNOUNCING
    assert not {"9p", "drvfs", "nfs", "nfs4", "cifs", "fuse.sshfs", "vboxsf"} & watching.ANNOUNCING
    assert watching.file_system_of("/ergens", "") is None


class _Heard(FileSystemEventHandler):
    """What a watched path told: each change, and whether one came."""

    def __init__(self) -> None:
        self.events: list[FileSystemEvent] = []
        self.came = threading.Event()

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.is_directory:  # as MkDocs' server and our own watching leave them out
            return
        self.events.append(event)
        self.came.set()

    def after(self, change: object) -> bool:
        """Whether a change came after ``change`` (a function) ran."""
        self.came.clear()
        change()  # type: ignore[operator]
        return self.came.wait(timeout=20)


def _saves(project: Path, heard_docs: _Heard, heard_file: _Heard) -> None:
    """Every kind of save is heard; reading is not."""
    docs, settings = project / "docs", project / "mkdocs.yml"
    chapter = docs / "ed" / "hoofdstuk.md"
    assert heard_docs.after(lambda: chapter.write_text("# Anders\n", encoding="utf-8"))
    assert heard_docs.after(
        lambda: (docs / "ed" / "nieuw.md").write_text("# N\n", encoding="utf-8")
    )
    assert heard_docs.after(lambda: (docs / "ed" / "nieuw.md").unlink())

    def atomic(path: Path, text: str) -> None:
        # as many editors save: a new file moved in the old one's place
        temporary = path.with_name(f".{path.name}.tmp")
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, path)

    assert heard_docs.after(lambda: atomic(chapter, "# Weer anders\n"))
    assert heard_file.after(lambda: atomic(settings, "site_name: B\n"))
    assert heard_file.after(lambda: atomic(settings, "site_name: C\n"))  # its watch kept
    assert heard_file.after(lambda: settings.write_text("site_name: D\n", encoding="utf-8"))
    # a folder moved out of the watched one: its files are gone
    assert heard_docs.after(lambda: (docs / "ed").rename(project / "elders"))
    # what a build does: open and read every file, write elsewhere
    heard_docs.came.clear()
    heard_file.came.clear()
    (project / "elders" / "hoofdstuk.md").read_text(encoding="utf-8")
    settings.read_text(encoding="utf-8")
    (project / "andere.txt").write_text("niet bekeken\n", encoding="utf-8")
    assert not heard_file.came.wait(timeout=1)
    assert not heard_docs.came.is_set()


def _project(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    (project / "docs" / "ed").mkdir(parents=True)
    (project / "docs" / "ed" / "hoofdstuk.md").write_text("# H\n", encoding="utf-8")
    (project / "mkdocs.yml").write_text("site_name: A\n", encoding="utf-8")
    return project


@pytest.mark.parametrize("listened", [True, False], ids=["gehoord", "bekeken"])
def test_every_kind_of_save_is_heard_and_reading_is_not(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, listened: bool
) -> None:
    project = _project(tmp_path)
    if listened and not watching.announces_changes(project):
        pytest.skip("this file system does not announce changes")
    if not listened:  # as on a folder of Windows seen from WSL
        monkeypatch.setattr(watching, "announces_changes", lambda path: False)
    watcher = watching.Watcher(0.1)
    heard_docs, heard_file = _Heard(), _Heard()
    watcher.schedule(heard_docs, str(project / "docs"), recursive=True)
    scheduled = watcher.schedule(heard_file, str(project / "mkdocs.yml"))
    watcher.start()
    try:
        if listened:
            assert watcher._listening is not None and watcher._listening.is_alive()
        _saves(project, heard_docs, heard_file)
        # a file no longer watched is not heard of; the folder still is
        watcher.unschedule(scheduled)
        heard_file.came.clear()
        (project / "mkdocs.yml").write_text("site_name: E\n", encoding="utf-8")
        assert not heard_file.came.wait(timeout=1)
    finally:
        watcher.stop()
        watcher.join(timeout=10)
    assert not watcher.is_alive()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="inotify is Linux's")
def test_where_nothing_more_can_be_listened_to_it_is_looked_at(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = _project(tmp_path)
    if not watching.announces_changes(project):
        pytest.skip("this file system does not announce changes")
    from watchdog.observers.inotify import InotifyObserver

    def no_more(self: object, *args: object, **kwargs: object) -> object:
        raise OSError(28, "inotify watch limit reached")

    monkeypatch.setattr(InotifyObserver, "schedule", no_more)
    watcher = watching.Watcher(0.1)
    heard = _Heard()
    observer, _watch, _handler = watcher.schedule(heard, str(project / "docs"), recursive=True)
    watcher.start()
    try:
        assert observer is watcher._polling
        chapter = project / "docs" / "ed" / "hoofdstuk.md"
        assert heard.after(lambda: chapter.write_text("# Anders\n", encoding="utf-8"))
    finally:
        watcher.stop()
        watcher.join(timeout=10)


def test_a_watched_link_is_heard_through(tmp_path: Path) -> None:
    # docs/ and mkdocs.yml as links to elsewhere (a shared folder, a file kept apart)
    elsewhere = _project(tmp_path)
    project = tmp_path / "met-links"
    project.mkdir()
    (project / "docs").symlink_to(elsewhere / "docs", target_is_directory=True)
    (project / "mkdocs.yml").symlink_to(elsewhere / "mkdocs.yml")
    watcher = watching.Watcher(0.1)
    heard_docs, heard_file = _Heard(), _Heard()
    watcher.schedule(heard_docs, str(project / "docs"), recursive=True)
    watcher.schedule(heard_file, str(project / "mkdocs.yml"))
    watcher.start()
    try:
        chapter = project / "docs" / "ed" / "hoofdstuk.md"
        assert heard_docs.after(lambda: chapter.write_text("# Anders\n", encoding="utf-8"))
        settings = elsewhere / "mkdocs.yml"
        assert heard_file.after(lambda: settings.write_text("site_name: B\n", encoding="utf-8"))
    finally:
        watcher.stop()
        watcher.join(timeout=10)
