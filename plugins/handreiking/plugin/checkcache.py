"""What ``handreiking check`` keeps for the next check: its messages, keyed on every input.

A check reads the whole source tree, converts every page and says what is wrong. When
nothing it reads has changed since the last check, or since the last whole build that
found no problem, the next check says exactly the same: this module keeps the messages
(problems, notices, the literature notices of ``--literatuur``) in
``<cache_dir>/check.json`` with a fingerprint of everything a check reads, and gives
them back when the fingerprint is the same.

The fingerprint (:func:`fingerprint`) covers, by content, not by time: every file under
``docs/`` and its name (so an added or removed file counts), ``mkdocs.yml`` (and a file
it inherits from, and the environment variables it reads), the bibliography, the
address record, ``verhuisd.yml``, the privacy allowlist, the build date and the newest
commit of the sources' history (the changes pages are checked too), the plugin's code
and the versions of Python and the libraries that convert and read the pages. What it
cannot tell (a ``mkdocs.yml`` it cannot read) means: check again.

The file is plain JSON through :mod:`handreiking.jsoncache` (never pickle); a damaged,
foreign or misshapen file counts as empty; with ``cache: false`` nothing is read or
written.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from handreiking import jsoncache
from handreiking.content.privacy import ALLOWLIST_FILE
from handreiking.content.publication import Publication
from handreiking.content.sources import split_front_matter
from handreiking.errors import SourceProblem
from handreiking.markdown.recorder import PageRecord
from handreiking.outputs.links.addresses import RECORD_FILE
from handreiking.outputs.links.redirects import MOVES_FILE
from handreiking.plugin.build import Build
from handreiking.plugin.caches import Caches
from handreiking.plugin.gitdates import run_git
from handreiking.plugin.reproducible import build_date

#: the cache file in ``cache_dir`` and its kind
FILE_NAME = "check.json"
KIND = "check"


@dataclass(frozen=True)
class Messages:
    """What one check said: its problems, its notices and its literature notices."""

    problems: list[SourceProblem]
    notices: list[SourceProblem]
    literature: list[SourceProblem]


@dataclass(frozen=True)
class Stamp:
    """The inputs of one check or build, taken before it reads them: where its cache
    file is (``None``: no cache) and the fingerprint of everything it reads."""

    file: Path | None
    inputs: str | None

    def replay(self) -> Messages | None:
        """The messages of the last check (or build) of exactly these inputs; ``None``
        when there is none, or the file is damaged, foreign or misshapen."""
        if self.file is None or self.inputs is None:
            return None
        stored = jsoncache.read_json(self.file, KIND)
        if not isinstance(stored, dict) or stored.get("inputs") != self.inputs:
            return None
        try:
            return Messages(
                _problems(stored.get("problems")),
                _problems(stored.get("notices")),
                _problems(stored.get("literature")),
            )
        except jsoncache.CacheShapeError:
            return None

    def record(self, messages: Messages) -> None:
        """Keep ``messages`` for the next check of the same inputs (a read-only folder:
        the next check is only slower)."""
        if self.file is None or self.inputs is None:
            return
        jsoncache.write_json(
            self.file,
            KIND,
            {
                "inputs": self.inputs,
                "problems": [_as_json(p) for p in messages.problems],
                "notices": [_as_json(p) for p in messages.notices],
                "literature": [_as_json(p) for p in messages.literature],
            },
        )


def stamp(config: Any, options: Any) -> Stamp:
    """The :class:`Stamp` of the site ``config`` (a loaded ``mkdocs.yml``) with the
    plugin's ``options``: no file with ``cache: false`` or an unfit ``cache_dir``."""
    caches = Caches()
    caches.configure(config, options)
    if caches.folder is None:
        return Stamp(None, None)
    return Stamp(caches.folder / FILE_NAME, fingerprint(config, options))


def record_check(taken: Stamp | None, build: Build | None, *, failed: bool) -> None:
    """What a whole build leaves for the next ``handreiking check``: a build of the
    inputs ``taken`` as it started that found no problem says what a check of them would
    (no problems; its notices about the sociale kaart and the literature). A build that
    ``failed`` leaves nothing: the check will say the problems with their lines."""
    if taken is None or build is None or failed:
        return
    taken.record(Messages([], build.kaart_notices(), build.literature_notices()))


def fingerprint(
    config: Any, options: Any, summary: Callable[[Path], object] | None = None
) -> str | None:
    """A digest of everything ``handreiking check`` reads for ``config``; ``None`` when
    that cannot be told (then nothing is reused). ``summary`` stands for a file under
    ``docs/`` (by default, the digest of its content)."""
    config_file = Path(config.config_file_path).resolve()
    root = config_file.parent
    docs_dir = Path(config.docs_dir).resolve()
    digest = hashlib.sha256()

    def add(*parts: object) -> None:
        digest.update(jsoncache.key(*parts).encode("utf-8"))
        digest.update(b"\0")

    add("code", jsoncache.environment())
    add("config", str(config_file), str(docs_dir))
    try:
        text = config_file.read_bytes()
    except OSError:
        return None
    add("mkdocs.yml", hashlib.sha256(text).hexdigest())
    for part in _config_parts(text.decode("utf-8", "replace"), root):
        add(*part)
    add("options", jsoncache.key(*_plain(dict(options.items()))))
    outside = [root / name for name in (RECORD_FILE, MOVES_FILE, ALLOWLIST_FILE)]
    outside += [root / name for name in options.bibliografie]
    for path in outside:
        add("file", str(path), _file_digest(path))
    for part in _tree(docs_dir, summary or _file_digest):
        add(*part)
    # the build date (the sociale kaart's notices) and the history (the changes pages)
    history = run_git(
        root, "log", "-1", "--format=%H", "--", str(docs_dir), *(str(p) for p in outside)
    )
    add("date", build_date(root, docs_dir).isoformat(), history)
    return digest.hexdigest()


def _config_parts(text: str, root: Path) -> list[tuple[object, ...]]:
    """What ``mkdocs.yml`` reads besides itself: a file it inherits from and the
    environment variables its ``!ENV`` tags name."""
    parts: list[tuple[object, ...]] = []
    inherited = re.search(r"^INHERIT:\s*['\"]?([^'\"\n#]+?)['\"]?\s*(#.*)?$", text, re.MULTILINE)
    if inherited is not None:
        path = root / inherited.group(1)
        parts.append(("inherit", str(path), _file_digest(path)))
    for names in re.findall(r"!ENV\s*(\[[^\]]*\]|\S+)", text):
        for name in re.findall(r"[A-Za-z_][A-Za-z0-9_]*", names):
            parts.append(("env", name, os.environ.get(name)))
    return parts


def _tree(folder: Path, summary: Callable[[Path], object]) -> list[tuple[object, ...]]:
    """Every file under ``folder`` (through symbolic links, each folder once) by its
    path and ``summary`` (its content); a link also by where it points."""
    parts: list[tuple[object, ...]] = []
    seen: set[str] = set()
    for current, dirs, files in os.walk(folder, followlinks=True):
        real = os.path.realpath(current)
        if real in seen:
            dirs[:] = []
            continue
        seen.add(real)
        dirs.sort()
        for name in [*sorted(files), *dirs]:
            path = Path(current, name)
            relative = path.relative_to(folder).as_posix()
            target = os.readlink(path) if path.is_symlink() else None
            content = None if name in dirs else summary(path)
            parts.append((relative, target, content))
    return parts


def _file_digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def _plain(value: Any) -> tuple[object, ...]:
    """``value`` (the plugin's options) as strings and numbers, sorted."""
    if isinstance(value, dict):
        return tuple((str(k), _plain(v)) for k, v in sorted(value.items()))
    if isinstance(value, (list, tuple)):
        return tuple(_plain(v) for v in value)
    if hasattr(value, "items"):  # a sub-configuration
        return _plain(dict(value.items()))
    if value is None or isinstance(value, (str, int, float, bool)):
        return (value,)
    return (repr(value),)


def _as_json(problem: SourceProblem) -> list[object]:
    return [problem.path, problem.line, problem.message]


def _problems(value: Any) -> list[SourceProblem]:
    found = []
    for item in jsoncache.array(value):
        path, line, message = jsoncache.array(item, 3)
        found.append(
            SourceProblem(
                jsoncache.string(path),
                None if line is None else jsoncache.integer(line),
                jsoncache.string(message),
            )
        )
    return found


# -- per page ------------------------------------------------------------------------

#: the per-page results in ``cache_dir`` and their kind
PAGES_FILE_NAME = "check-pages.json"
PAGES_KIND = "check-pages"


@dataclass(frozen=True)
class PageResult:
    """What converting one page said and recorded: the problems reported while it was
    converted, its record (links, anchors, what it cited and placed) and its visible
    text as the publication gate reads it."""

    problems: list[SourceProblem]
    record: PageRecord | None
    visible: str


class PageResults:
    """Each page's :class:`PageResult`, kept by the digest of everything converting it
    reads: its Markdown and the page's place (:meth:`key`), and ``context``, a digest
    of everything else (:func:`context_digest`). A check after one edited chapter
    converts that chapter only (and the generated pages, when what the chapters
    recorded changed)."""

    def __init__(self, folder: Path | None, context: str | None) -> None:
        self.file = folder / PAGES_FILE_NAME if folder is not None and context else None
        self.context = context
        stored = jsoncache.read_json(self.file, PAGES_KIND)
        self._old: dict[str, Any] = stored if isinstance(stored, dict) else {}
        self._new: dict[str, Any] = {}
        self._changed = False

    def key(self, *parts: object) -> str:
        """The key of a page converted from ``parts`` (strings, numbers, ``None``)."""
        text = jsoncache.key(self.context, *parts)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def get(self, key: str) -> PageResult | None:
        """The result kept under ``key``; ``None`` when there is none or it is misshapen."""
        if self.file is None or key not in self._old:
            return None
        stored = self._old[key]
        try:
            result = page_result(stored)
        except jsoncache.CacheShapeError:
            self._changed = True
            return None
        self._new[key] = stored
        return result

    def put(self, key: str, result: PageResult) -> None:
        """Keep ``result`` under ``key``."""
        if self.file is None:
            return
        self._changed = True
        self._new[key] = stored_result(result)

    def save(self) -> None:
        """Replace the file with the results of this check (those of pages gone or
        changed are left out), when any changed."""
        if self.file is not None and (self._changed or len(self._new) != len(self._old)):
            jsoncache.write_json(self.file, PAGES_KIND, self._new)


def stored_result(result: PageResult) -> list[object]:
    """``result`` as plain data (as :class:`PageResults` keeps it)."""
    return [
        [_as_json(p) for p in result.problems],
        None if result.record is None else _record_as_json(result.record),
        result.visible,
    ]


def page_result(stored: Any) -> PageResult:
    """The :class:`PageResult` :func:`stored_result` gave (else
    :class:`~handreiking.jsoncache.CacheShapeError`)."""
    problems, record, visible = jsoncache.array(stored, 3)
    return PageResult(_problems(problems), _record(record), jsoncache.string(visible))


def context_digest(config: Any, options: Any, publication: Publication) -> str | None:
    """A digest of everything converting a page reads besides the page itself: every
    input of the check (:func:`fingerprint`), where a chapter counts by what the scan
    before the build read from it (its front matter, title, id, themes, the boxes it
    places and the works it cites), not its text: a chapter's text reaches another
    page's conversion only through that."""
    docs_dir = Path(config.docs_dir).resolve()
    scanned = {
        (docs_dir / src_uri).as_posix(): page for src_uri, page in publication.scanned.items()
    }

    def summary(path: Path) -> object:
        page = scanned.get(path.as_posix())
        if page is None:
            return _file_digest(path)
        try:
            front = split_front_matter(path.read_text(encoding="utf-8"))[0]
        except (OSError, ValueError):
            return _file_digest(path)
        return jsoncache.key(front, *_plain(dataclasses.asdict(page)))

    return fingerprint(config, options, summary)


def _record(value: Any) -> PageRecord | None:
    if value is None:
        return None
    cited, quotes, bouwstenen, links, anchors = jsoncache.array(value, 5)
    return PageRecord(
        cited=jsoncache.strings(cited),
        quotes=jsoncache.strings(quotes),
        bouwstenen=jsoncache.strings(bouwstenen),
        links=[
            (
                jsoncache.string(target),
                None if line is None else jsoncache.integer(line),
            )
            for target, line in (jsoncache.array(link, 2) for link in jsoncache.array(links))
        ],
        anchors=set(jsoncache.strings(anchors)),
    )


def _record_as_json(record: PageRecord) -> list[object]:
    return [
        list(record.cited),
        list(record.quotes),
        list(record.bouwstenen),
        [[target, line] for target, line in record.links],
        sorted(record.anchors),
    ]


def records_digest(records: dict[str, PageRecord | None], before: str = "") -> str:
    """A digest of what the pages recorded, in their order, following ``before`` (the
    digest of the pages before them): what a generated page reads of the others."""
    # a record as JSON is plain already (strings, numbers, lists of them)
    parts = [
        (uri, None if r is None else jsoncache.key(*_record_as_json(r)))
        for uri, r in records.items()
    ]
    text = jsoncache.key(before, *parts)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
