"""What the build keeps in its cache folder between builds (the plugin's ``cache_dir``,
by default ``.cache/handreiking/`` next to ``mkdocs.yml``), as plain JSON.

The parsed quote files (``content/quotes.py``), the parsed bibliography and the
formatted references (``content/literature/``) and what ``handreiking check`` found
(``plugin/checkcache.py``) are each one file here. The cache can come from
anywhere a co-author's checkout gets files from (a ``git add -f``, a CI cache shared
between branches), so it is data only: JSON, never pickle or anything else that can
construct objects or run code when read. Every file names its ``kind`` and the cache
format; a file that is absent, damaged, foreign, of another kind or of the wrong
shape counts as empty. Callers check the shape of every value they take from it
(:class:`CacheShapeError` from the helpers below) and rebuild their objects from
plain lists, strings and numbers.

A file that cannot be written (a read-only checkout) leaves the build as it is, only
slower. Files of the old pickle cache are never read, and removed when a cache is
written.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import hmac
import json
import os
import re
import secrets
import stat
import sys
import time
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from importlib import metadata
from pathlib import Path
from typing import Any, BinaryIO, Generic, TypeVar

#: The version of the file layout; part of every file's content and name.
FORMAT = 1

#: The top-level field that says which cache a file belongs to.
_KIND = "handreiking-cache"


class CacheShapeError(ValueError):
    """A value read from a cache file is not what the code writes: ignore the file."""


def code_version(files: tuple[str, ...]) -> str:
    """A short hash of the package's ``files`` (paths from the package folder): the code
    that shapes a cached result, so that a change to any of it starts a new cache.
    ``tests/test_layers.py`` checks that each cache names every module it imports."""
    package = Path(__file__).parent
    return hashlib.sha256(b"".join((package / f).read_bytes() for f in files)).hexdigest()[:16]


#: The distributions besides ours whose code shapes what a cache keeps (a converted or
#: rendered page, a check's findings): by version in :func:`environment`.
LIBRARIES = (
    "mkdocs",
    "mkdocs-material",
    "pymdown-extensions",
    "markdown",
    "pybtex",
    "pyyaml",
    "nh3",
    "jinja2",
    "markupsafe",
    "pygments",
    "babel",
)


#: what waits for :func:`environment` worked out in a process forked as a command
#: started (:func:`environment_elsewhere`), asked for once, by the process that forked it
#: (its id): a process forked from that one in turn works it out itself
_elsewhere: tuple[int, Callable[[], Any]] | None = None


def environment_elsewhere(answer: Callable[[], Any] | None) -> None:
    """:func:`environment` as a process forked from this one works it out: ``answer``
    waits for it (``None`` when that failed); ``None``: none (or no longer)."""
    global _elsewhere
    _elsewhere = (os.getpid(), answer) if answer is not None else None


@functools.cache
def environment() -> str:
    """Every file of our package by content (code, templates, assets), :data:`LIBRARIES`
    by version, and the Python version: a cached page or check made by other code is
    never reused. Read once per process (or by a process forked as it started, from
    the same files, by the same code: :func:`environment_elsewhere`)."""
    global _elsewhere
    if _elsewhere is not None:
        (asker, answer), _elsewhere = _elsewhere, None
        given = answer() if asker == os.getpid() else None
        if isinstance(given, str) and len(given) == 64:
            return given
    package = Path(__file__).parent
    hasher = hashlib.sha256(sys.version.encode("utf-8"))
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            hasher.update(f"\0{path.relative_to(package).as_posix()}\0".encode())
            hasher.update(path.read_bytes())
    for name in LIBRARIES:
        try:
            found = metadata.version(name)
        except metadata.PackageNotFoundError:
            found = "-"
        hasher.update(f"\0{name}=={found}".encode())
    return hasher.hexdigest()


def file_for_this_code(folder: Path | None, kind: str) -> Path | None:
    """``<kind>-<digest of environment()>.json`` in ``folder``: a cache only this code
    reads; ``None`` without a folder, or when the code's own files cannot be read (then
    nothing is kept)."""
    if folder is None:
        return None
    try:
        version = environment()
    except OSError:
        return None
    return folder / f"{kind}-{hashlib.sha256(version.encode()).hexdigest()[:32]}.json"


def key(*parts: object) -> str:
    """A dictionary key for ``parts`` (strings, numbers, ``None`` and tuples of them)."""
    return json.dumps(parts, ensure_ascii=False, separators=(",", ":"))


#: how deep :func:`_json_pieces` goes into objects and arrays, and how many characters
#: :func:`_write_json_pieces` gathers before it writes them
_PIECE_DEPTH = 4
_PIECE_CHARACTERS = 1 << 20


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


class Members:
    """A JSON object whose members are made as :func:`write_json` writes them, one after
    the other (each a text key and its value): never all held at once."""

    def __init__(self, members: Iterable[tuple[str, Any]]) -> None:
        self.members = members


#: At most this many characters of text in one piece of small values written together.
_BATCH_CHARACTERS = 1 << 16

#: A small array or object has at most this many members, each a scalar.
_SMALL_MEMBERS = 16

_NUMBERS = (int, float, bool)


def _small(value: Any, nesting: int = 2) -> int:
    """About how many characters ``value`` is in JSON when it is small enough to be
    written together with others (:func:`_json_pieces`); 0 when it is not: a text not
    longer than a piece, a number, ``true``/``false``/``null``, or an array or object
    of a few small values, ``nesting`` levels deep at most (exact types only: anything
    else is written as it always was)."""
    kind = type(value)
    if kind is str:
        return len(value) + 2 if len(value) < _BATCH_CHARACTERS else 0
    if value is None or kind in _NUMBERS:
        return 8
    if kind is dict:
        if not value:
            return 2
        if nesting == 0 or len(value) > _SMALL_MEMBERS:
            return 0
        if not all(type(k) is str for k in value):
            return 0
        size = 2 + sum(len(k) + 4 for k in value)
        members: Iterable[Any] = value.values()
    elif kind is list or kind is tuple:
        if not value:
            return 2
        if nesting == 0 or len(value) > _SMALL_MEMBERS:
            return 0
        size, members = 2, value
    else:
        return 0
    for inner in members:
        inner_size = _small(inner, nesting - 1)
        if not inner_size:
            return 0
        size += inner_size + 1
    return size if size < _BATCH_CHARACTERS else 0


def _json_pieces(value: Any, depth: int = _PIECE_DEPTH) -> Iterator[str]:
    """``_dumps(value)`` in pieces, which joined are exactly it: objects (with text keys
    only) and arrays ``depth`` levels deep are written member by member, so that a cache
    of megabytes is never one text, nor one list of the encoder's pieces, in memory
    (:class:`Members`, at any depth, as the object of its members).

    Small members (:func:`_small`) in a row are written together, up to about
    :data:`_BATCH_CHARACTERS` of text: one call of the encoder for many small values
    (a cache holds tens of thousands), the same text (``_dumps`` of an array or object
    is its members' joined by ``,``)."""
    if isinstance(value, Members) or (
        depth and isinstance(value, dict) and all(type(k) is str for k in value)
    ):
        separator = "{"
        batch: dict[str, Any] = {}
        size = 0
        # (a Members' keys may repeat: only a dict's small members are written together)
        joined = not isinstance(value, Members)
        pairs = value.members if isinstance(value, Members) else value.items()
        for member, inner in pairs:
            if type(member) is not str:
                raise TypeError("a member's key is not a text")
            small = _small(inner) if joined else 0
            if small:
                batch[member] = inner
                size += len(member) + small
                if size >= _BATCH_CHARACTERS:
                    yield separator + _dumps(batch)[1:-1]
                    separator, batch, size = ",", {}, 0
                continue
            if batch:
                yield separator + _dumps(batch)[1:-1]
                separator, batch, size = ",", {}, 0
            yield separator + _dumps(member) + ":"
            yield from _json_pieces(inner, max(depth - 1, 0))
            separator = ","
        if batch:
            yield separator + _dumps(batch)[1:-1]
            separator = ","
        yield "{}" if separator == "{" else "}"
    elif depth and isinstance(value, (list, tuple)):
        separator = "["
        row: list[Any] = []
        size = 0
        for inner in value:
            small = _small(inner)
            if small:
                row.append(inner)
                size += small
                if size >= _BATCH_CHARACTERS:
                    yield separator + _dumps(row)[1:-1]
                    separator, row, size = ",", [], 0
                continue
            if row:
                yield separator + _dumps(row)[1:-1]
                separator, row, size = ",", [], 0
            yield separator
            yield from _json_pieces(inner, depth - 1)
            separator = ","
        if row:
            yield separator + _dumps(row)[1:-1]
            separator = ","
        yield "[]" if separator == "[" else "]"
    else:
        yield _dumps(value)


def _write_json_pieces(out: BinaryIO, value: Any, signing: hmac.HMAC | None = None) -> None:
    """Write ``_dumps(value)`` as UTF-8 to ``out`` (and into ``signing``), a megabyte of
    text at a time."""
    gathered: list[str] = []
    size = 0

    def flush() -> None:
        nonlocal size
        data = "".join(gathered).encode("utf-8")
        gathered.clear()
        size = 0
        out.write(data)
        if signing is not None:
            signing.update(data)

    for piece in _json_pieces(value):
        gathered.append(piece)
        size += len(piece)
        if size >= _PIECE_CHARACTERS:
            flush()
    flush()


def read_json(file: Path | None, kind: str) -> Any:
    """The data stored in ``file`` under ``kind``; ``None`` when absent, damaged or
    foreign (another kind, another format)."""
    if file is None:
        return None
    try:
        stored = json.loads(file.read_bytes())
    except (OSError, ValueError, RecursionError):
        return None
    if (
        not isinstance(stored, dict)
        or stored.get(_KIND) != kind
        or stored.get("format") != FORMAT
        or "data" not in stored
    ):
        return None
    return stored["data"]


def create_new(path: Path, mode: int = 0o666) -> BinaryIO:
    """``path`` made anew for writing: what is there is removed first (a file a stopped
    build left, or a link someone who can write the folder put there to have this write
    land elsewhere), and the file is created only if nothing took its place since."""
    path.unlink(missing_ok=True)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    return os.fdopen(os.open(path, flags, mode), "wb")


def write_new(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` made anew (:func:`create_new`)."""
    with create_new(path) as out:
        out.write(data)


def write_json(file: Path | None, kind: str, data: Any) -> bool:
    """Replace ``file`` with ``data`` (atomically); ``False`` when it cannot be written."""
    if file is None:
        return False
    temporary = file.with_name(f"{file.name}.{os.getpid()}.tmp")
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        with create_new(temporary) as out:
            _write_json_pieces(out, {_KIND: kind, "format": FORMAT, "data": data})
        os.replace(temporary, file)
    except (OSError, TypeError, ValueError):
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
        return False
    remove_old_pickles(file.parent)
    return True


# -- files a cache folder's writer must not be able to forge ------------------------------

#: The secret that signs what only this user's own builds may have written (the gate's
#: verdicts): kept in the user's cache folder, outside every project.
_KEY_FILE = "signing.key"


def user_key_file() -> Path | None:
    """Where the user's signing key lives: ``$XDG_CACHE_HOME/handreiking/`` (an absolute
    path only, as the XDG rules say), else ``~/.cache/handreiking/``; ``None`` without a
    home folder."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):
        try:
            base = str(Path.home() / ".cache")
        except RuntimeError:
            return None
    return Path(base) / "handreiking" / _KEY_FILE


def user_key() -> bytes | None:
    """The user's signing key, made on first use (32 random bytes, mode 0600, in a folder
    of mode 0700). ``None`` when it cannot be made or read, or when others may read or
    write it: then nothing signed is trusted and nothing is signed."""
    file = user_key_file()
    if file is None:
        return None
    try:
        file.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not file.exists():
            _make_key(file, replace=False)
        status, key = _read_key(file)
        if _own_plain_file(status) and len(key) < 32:
            # an empty or cut key, as an older version left when it stopped between
            # creating and writing it: it would turn signing off for good, so it is made
            # anew
            _make_key(file, replace=True)
            status, key = _read_key(file)
    except OSError:
        return None
    if not _own_plain_file(status) or len(key) < 32:
        return None
    return key


def _make_key(file: Path, *, replace: bool) -> None:
    # written whole beside it, then linked in place: a key is never seen half made, and
    # of two builds making one at once, the first one's holds (when replacing an empty
    # one, the last one's: a file signed with the other then counts as empty)
    made = file.with_name(f"{file.name}.{os.getpid()}.nieuw")
    with create_new(made, 0o600) as out:
        out.write(secrets.token_hex(32).encode("ascii"))
    try:
        if replace:
            os.replace(made, file)
        else:
            os.link(made, file)
    except FileExistsError:
        pass
    finally:
        made.unlink(missing_ok=True)


def _read_key(file: Path) -> tuple[os.stat_result, bytes]:
    # not through a link, and never waiting on a pipe someone put in its place
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    with os.fdopen(os.open(file, flags), "rb") as handle_in:
        status = os.fstat(handle_in.fileno())
        key = handle_in.read(256).strip() if stat.S_ISREG(status.st_mode) else b""
    return status, key


def _own_plain_file(status: os.stat_result) -> bool:
    """A regular file of this user's that others can neither read nor write."""
    foreign = hasattr(os, "getuid") and status.st_uid != os.getuid()
    return stat.S_ISREG(status.st_mode) and not status.st_mode & 0o077 and not foreign


def _signature(key: bytes, body: bytes) -> bytes:
    return hmac.new(key, body, hashlib.sha256).hexdigest().encode("ascii")


def read_signed(file: Path | None, kind: str, key: bytes | None) -> Any:
    """What :func:`write_signed` stored in ``file`` under ``kind``, when its signature is
    this user's (``key``); ``None`` when absent, damaged, foreign, unsigned or signed
    with another key."""
    if file is None or key is None:
        return None
    try:
        signature, _, body = file.read_bytes().partition(b"\n")
    except OSError:
        return None
    if not hmac.compare_digest(signature, _signature(key, body)):
        return None
    try:
        stored = json.loads(body)
    except (ValueError, RecursionError):
        return None
    if not isinstance(stored, dict) or stored.get(_KIND) != kind or stored.get("format") != FORMAT:
        return None
    return stored.get("data")


def write_signed(file: Path | None, kind: str, data: Any, key: bytes | None) -> bool:
    """Replace ``file`` with ``data`` signed with ``key`` (atomically); ``False`` when it
    cannot be written or there is no key."""
    if file is None or key is None:
        return False
    temporary = file.with_name(f"{file.name}.{os.getpid()}.tmp")
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        with create_new(temporary) as out:
            # the signature's place first, filled in once the body is written
            signing = hmac.new(key, digestmod=hashlib.sha256)
            out.write(b"0" * (2 * signing.digest_size) + b"\n")
            _write_json_pieces(out, {_KIND: kind, "format": FORMAT, "data": data}, signing)
            out.seek(0)
            out.write(signing.hexdigest().encode("ascii"))
        os.replace(temporary, file)
    except (OSError, TypeError, ValueError):
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
        return False
    return True


#: The names of the old pickle cache's files; nothing else in the folder is touched
#: (``cache_dir`` may be a folder that holds other files).
_OLD_PICKLE = re.compile(r"(bib|fmt|quotes)-[0-9a-f]{32}\.pickle")


def remove_old_pickles(folder: Path) -> None:
    """Remove the files of the old pickle cache from ``folder``: they are never read."""
    with contextlib.suppress(OSError):
        for old in folder.glob("*.pickle"):
            if _OLD_PICKLE.fullmatch(old.name):
                with contextlib.suppress(OSError):
                    old.unlink()


def is_version_of(other: Path, file: Path) -> bool:
    """Whether ``other`` is another version of the cache ``file`` (``quotes-<hash>.json``
    of other code) or a leftover of writing one: what may be removed beside it."""
    stem, _, _ = file.name.partition("-")
    return (
        re.fullmatch(rf"{re.escape(stem)}-[0-9a-f]{{32}}\.json(\.\d+\.tmp)?", other.name)
        is not None
    )


def remove_other_versions(file: Path, *, unused_for: float | None = None) -> None:
    """Remove the other versions of the cache ``file`` beside it (:func:`is_version_of`):
    once ``file`` is written, they are never read again. With ``unused_for``, only those
    not used for that many seconds (:func:`mark_used`): of some caches several are used
    side by side (one per ``.bib`` file and content, one per style), and only age tells
    the forgotten ones."""
    kind, _, _ = file.name.partition("-")
    before = time.time() - unused_for if unused_for is not None else None
    for other in file.parent.glob(f"{kind}-*"):
        if other != file and is_version_of(other, file):
            with contextlib.suppress(OSError):
                if before is None or other.stat().st_mtime < before:
                    other.unlink(missing_ok=True)


#: How long a cache of which several are used side by side is kept after it was last
#: used (:func:`remove_other_versions`): an edited ``.bib`` file's earlier content, the
#: files of older code.
KEPT_UNUSED_S = 7 * 24 * 3600


def mark_used(file: Path | None) -> None:
    """Note that ``file`` is used now (its time of change), so that
    :func:`remove_other_versions` with ``unused_for`` keeps it; nothing when it cannot be
    (a read-only checkout)."""
    if file is not None:
        with contextlib.suppress(OSError):
            os.utime(file)


class JsonFile:
    """A dictionary of JSON values in ``file``, read once and replaced whole.

    Values are kept as JSON (lists, strings, numbers); the caller turns them into its
    objects and back, checking their shape. When one turns out wrongly shaped, the
    caller calls :meth:`forget`: the whole file then counts as empty.
    """

    def __init__(self, file: Path, kind: str) -> None:
        self.file = file
        self.kind = kind
        self._data: dict[str, Any] | None = None

    def load(self) -> dict[str, Any]:
        """What the file holds; empty when it is absent, damaged, foreign or misshapen."""
        if self._data is None:
            data = read_json(self.file, self.kind)
            self._data = data if isinstance(data, dict) else {}
        return self._data

    def forget(self) -> None:
        """Count the file as empty: one of its values had the wrong shape."""
        self._data = {}

    def write(self, data: Mapping[str, Any]) -> bool:
        """Replace the file with ``data``; ``False`` when it cannot be written."""
        stored = dict(data)
        if not write_json(self.file, self.kind, stored):
            return False
        self._data = stored
        return True


Key = TypeVar("Key", bound=Hashable)
Value = TypeVar("Value")


class LastRun(Generic[Key, Value]):
    """What one run (a build's load, a scan) used or made of a cache kept in memory
    across the preview's rebuilds and, for builds, in ``file`` (``<kind>-<versions>.json``).

    :meth:`get` looks in memory, then in the file; a value of the wrong shape there makes
    the whole file count as empty. :meth:`save` keeps exactly what this run used or made:
    in memory, and in the file when it holds anything else, removing the files of other
    versions beside it. ``name`` turns a key into the file's key, ``encode`` a value into
    JSON, ``decode`` JSON back (raising :class:`CacheShapeError`).
    """

    def __init__(
        self,
        memory: dict[Key, Value],
        file: Path | None,
        kind: str,
        name: Callable[[Key], str],
        encode: Callable[[Value], Any],
        decode: Callable[[Any, Key], Value],
    ) -> None:
        self._memory = memory
        self._disk = JsonFile(file, kind) if file is not None else None
        self._name, self._encode, self._decode = name, encode, decode
        #: what this run used or made: the next cache
        self._used: dict[Key, Value] = {}
        self._grown = False

    def get(self, key: Key) -> Value | None:
        """The value kept for ``key``, if any (kept for the next run too)."""
        found = self._memory.get(key)
        if found is None and self._disk is not None:
            stored = self._disk.load().get(self._name(key))
            if stored is not None:
                try:
                    found = self._decode(stored, key)
                except CacheShapeError:
                    self._disk.forget()  # not what this code writes: the file counts as empty
                    self._grown = True
        if found is not None:
            self._used[key] = found
        return found

    def put(self, key: Key, value: Value) -> None:
        """Keep ``value``, made by this run, for ``key``."""
        self._used[key] = value
        self._grown = True

    def save(self) -> None:
        """Keep this run's values in memory, and on disk when the file holds others."""
        self.remember()
        self.write()

    def remember(self) -> None:
        """Keep this run's values in memory (the first half of :meth:`save`)."""
        self._memory.clear()
        self._memory.update(self._used)

    def write(self) -> None:
        """Keep this run's values on disk when the file holds others (the second half of
        :meth:`save`, which a caller may leave for later)."""
        if self._disk is None:
            return
        names = {self._name(key): key for key in self._used}
        if not self._grown and self._disk.load().keys() == names.keys():
            return
        disk = self._disk
        if disk.write({name: self._encode(self._used[key]) for name, key in names.items()}):
            remove_other_versions(disk.file)


class WrittenLater:
    """A cache whose runs (:class:`LastRun`) the preview keeps in memory after every
    rebuild and writes to disk once, when it ends (:meth:`write_pending`): each rebuild
    would write the whole file before its page is served. Until then a stale file is
    only a cache that misses: its keys hold what each value depends on."""

    def __init__(self) -> None:
        #: the preview's last run, not yet written to the folder
        self.pending: LastRun[Any, Any] | None = None

    def save_run(self, run: LastRun[Any, Any], later: bool) -> None:
        """Keep ``run``'s values in memory, and on disk now, or (``later``, the preview)
        when :meth:`write_pending` is called."""
        run.remember()
        if later:
            self.pending = run
        else:
            self.pending = None  # older than what this writes
            run.write()

    def write_pending(self) -> None:
        """Write what the preview's last run left for later to the cache file, for the
        next build."""
        pending, self.pending = self.pending, None
        if pending is not None:
            pending.write()


# -- checking the shape of what was read ------------------------------------------------


def string(value: Any) -> str:
    """``value`` when it is a string."""
    if not isinstance(value, str):
        raise CacheShapeError("expected a string")
    return value


def optional_string(value: Any) -> str | None:
    """``value`` when it is a string or ``None``."""
    return None if value is None else string(value)


def integer(value: Any) -> int:
    """``value`` when it is an integer (not a boolean)."""
    if not isinstance(value, int) or isinstance(value, bool):
        raise CacheShapeError("expected an integer")
    return value


def boolean(value: Any) -> bool:
    """``value`` when it is ``true`` or ``false``."""
    if not isinstance(value, bool):
        raise CacheShapeError("expected a boolean")
    return value


def array(value: Any, length: int | None = None) -> list[Any]:
    """``value`` when it is a list (of ``length`` items, when given)."""
    if not isinstance(value, list) or (length is not None and len(value) != length):
        raise CacheShapeError("expected a list")
    return value


def strings(value: Any) -> list[str]:
    """``value`` when it is a list of strings."""
    items = array(value)
    if not all(isinstance(item, str) for item in items):
        raise CacheShapeError("expected a list of strings")
    return items


def string_map(value: Any) -> dict[str, str]:
    """``value`` when it is an object of strings."""
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise CacheShapeError("expected an object of strings")
    return value


def integer_map(value: Any) -> dict[str, int]:
    """``value`` when it is an object of integers."""
    if not isinstance(value, dict):
        raise CacheShapeError("expected an object of integers")
    for item in value.values():
        integer(item)
    return value
