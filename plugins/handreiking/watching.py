"""How the preview hears of a save: at once where the system announces every change to a
file, by looking ten times a second elsewhere.

MkDocs' live-reload server looks at every watched file again and again (watchdog's
``PollingObserver``): a save is seen up to a tenth of a second late, and looking costs a
core more the larger the guide is. Linux announces each change to a file on a disk of the
computer itself (inotify), but not a change made from elsewhere: from Windows to a folder
WSL reaches (``9p``, ``drvfs``), on a network share (``nfs``, ``cifs``), in a folder a
virtual machine or container shares from its host (``fuse.*``, ``vboxsf``, ``virtiofs``).
So :class:`Watcher` listens where the file system is one of :data:`ANNOUNCING` and looks,
as MkDocs does, everywhere else, and on every other system.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from watchdog.events import (
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers.api import BaseObserver, ObservedWatch
from watchdog.observers.polling import PollingObserver

#: The file systems of the computer itself, on which Linux announces every change made to
#: a file (a disk, memory, the layers of a container).
ANNOUNCING = frozenset(
    {
        "bcachefs",
        "btrfs",
        "ext2",
        "ext3",
        "ext4",
        "f2fs",
        "jfs",
        "nilfs2",
        "overlay",
        "ramfs",
        "reiserfs",
        "tmpfs",
        "xfs",
        "zfs",
    }
)

#: What :meth:`Watcher.schedule` gives back, to :meth:`Watcher.unschedule` to stop.
Scheduled = tuple[BaseObserver, ObservedWatch, FileSystemEventHandler]

#: What a save does that a rebuild must follow: a file written, made, removed, moved (a
#: folder made, removed or moved with its files). Not a file opened or read: the build
#: reads every watched file.
CHANGES: list[type[FileSystemEvent]] = [
    FileModifiedEvent,
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileMovedEvent,
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
]


def _unescaped(field: str) -> str:
    """A path as the mount table writes it: space, tab, new line and backslash octal."""
    for code, character in (("\\040", " "), ("\\011", "\t"), ("\\012", "\n"), ("\\134", "\\")):
        field = field.replace(code, character)
    return field


def file_system_of(path: str | Path, mountinfo: str) -> str | None:
    """The type of the file system ``path`` is on (``ext4``), by the mount table
    ``mountinfo`` (as ``/proc/self/mountinfo`` holds it): the one mounted deepest on the
    way to it. ``None`` when no mount holds it."""
    target = os.path.realpath(path)
    best: tuple[int, str] | None = None
    for line in mountinfo.splitlines():
        fields, _dash, rest = line.partition(" - ")
        parts, kind = fields.split(" "), rest.split(" ", 1)[0]
        if len(parts) < 5 or not kind:
            continue
        point = _unescaped(parts[4])
        inside = point == "/" or target == point or target.startswith(point.rstrip("/") + "/")
        # a later mount on the same point hides the earlier one: >= takes the last
        if inside and (best is None or len(point) >= best[0]):
            best = (len(point), kind)
    return best[1] if best else None


def announces_changes(path: str | Path) -> bool:
    """Whether the system tells at once of every change to a file at ``path`` (on Linux,
    a file system of :data:`ANNOUNCING`)."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        mountinfo = Path("/proc/self/mountinfo").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    return file_system_of(path, mountinfo) in ANNOUNCING


class _AsFiles(FileSystemEventHandler):
    """Passes a change on to ``handler`` as MkDocs' server and our own watching take it:
    a folder made, removed or moved as a change of a file in it (they leave folders out,
    and where one is announced its files may not be: moved out of the watched folder),
    and for a watched file, only a change of that file (``only``)."""

    def __init__(self, handler: FileSystemEventHandler, only: str | None = None) -> None:
        self._handler = handler
        self._only = only

    def dispatch(self, event: FileSystemEvent) -> None:
        if self._only is not None:
            paths = {os.fsdecode(event.src_path), os.fsdecode(event.dest_path or b"")}
            if self._only not in paths:
                return
        if event.is_directory:
            if isinstance(event, (DirCreatedEvent, DirDeletedEvent, DirMovedEvent)):
                self._handler.dispatch(
                    FileModifiedEvent(os.path.join(os.fsdecode(event.src_path), ""))
                )
            return
        self._handler.dispatch(event)


class Watcher:
    """In place of the live-reload server's observer (``LiveReloadServer.observer``): each
    path given to :meth:`schedule` is heard of at once where :func:`announces_changes`,
    else looked at every ``polling_interval`` seconds (also where Linux can watch no more
    folders: ``fs.inotify.max_user_watches``)."""

    def __init__(self, polling_interval: float) -> None:
        #: how often a path where changes are not announced is looked at, in seconds
        self.polling_interval = polling_interval
        self._polling = PollingObserver(timeout=polling_interval)
        self._listening: BaseObserver | None = None
        #: how many schedules share each watch (a folder watched for several files)
        self._shared: dict[tuple[int, ObservedWatch], int] = {}

    def schedule(
        self, event_handler: FileSystemEventHandler, path: str, *, recursive: bool = False
    ) -> Scheduled:
        """Watch ``path`` (a folder, with its subfolders when ``recursive``, or a file);
        what to give :meth:`unschedule` to stop."""
        if announces_changes(path):
            try:
                return self._listen(event_handler, path, recursive)
            except OSError:  # no inotify here, or no more watches to have: looked at
                pass
        watch = self._polling.schedule(event_handler, path, recursive=recursive)
        return self._shares(self._polling, watch, event_handler)

    def _shares(
        self, observer: BaseObserver, watch: ObservedWatch, handler: FileSystemEventHandler
    ) -> Scheduled:
        key = (id(observer), watch)
        self._shared[key] = self._shared.get(key, 0) + 1
        return observer, watch, handler

    def _listen(self, handler: FileSystemEventHandler, path: str, recursive: bool) -> Scheduled:
        if self._listening is None:
            from watchdog.observers.inotify import InotifyObserver

            # started at once: a watch it cannot have fails here, and is looked at
            self._listening = InotifyObserver()
            self._listening.start()
        # What a link points to is listened to (inotify would hear of the link itself),
        # as polling looks through it.
        real = os.path.realpath(path)
        if os.path.isdir(real):
            handler, folder = _AsFiles(handler), real
        else:
            # A file's own watch ends when an editor saves it by writing a new file and
            # moving it in its place: its folder is watched, for that name.
            handler = _AsFiles(handler, only=real)
            folder, recursive = os.path.dirname(real), False
        watch = self._listening.schedule(handler, folder, recursive=recursive, event_filter=CHANGES)
        return self._shares(self._listening, watch, handler)

    def unschedule(
        self, scheduled: tuple[BaseObserver, ObservedWatch, FileSystemEventHandler]
    ) -> None:
        """Stop watching what :meth:`schedule` gave ``scheduled`` for (a folder watched
        for other paths as well stays watched for those)."""
        observer, watch, handler = scheduled
        key = (id(observer), watch)
        self._shared[key] -= 1
        if self._shared[key]:
            observer.remove_handler_for_watch(handler, watch)
        else:
            del self._shared[key]
            observer.unschedule(watch)

    def start(self) -> None:
        self._polling.start()

    def stop(self) -> None:
        for observer in self._observers():
            observer.stop()

    def join(self, timeout: float | None = None) -> None:
        for observer in self._observers():
            if observer.is_alive():
                observer.join(timeout)

    def is_alive(self) -> bool:
        return any(observer.is_alive() for observer in self._observers())

    def _observers(self) -> list[Any]:
        return [self._polling, *([self._listening] if self._listening is not None else [])]
