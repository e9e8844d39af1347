"""The bibliography: one ``.bib`` file, read once, formatted on demand.

:func:`load_bibliography` parses a ``.bib`` file with pybtex, strictly: every
syntax error, duplicate key and duplicate field becomes a
:class:`~handreiking.errors.SourceProblem` with the file's line, and all of them
are raised together as one :class:`~handreiking.errors.HandreikingError`. The
file is parsed again only when it changed (size, modification time, and the
content hash when those differ), and formatted entries are cached by the
entry's content, so rebuilding a site with a large bibliography stays fast.

Year letters (2013a, 2013b) and the initials of first authors with the same surname
are assigned within one reference list, as APA 7 does (8.19, 8.20):
:meth:`Bibliography.for_document` gives the bibliography as one document sees it (an
edition's list and its chapters, or the combined list and the pages of the whole
guide). Without a document they are computed across the whole bibliography.
"""

from __future__ import annotations

import contextlib
import copy
import functools
import hashlib
import json
import operator
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import cached_property
from html import escape
from pathlib import Path
from typing import Any, NoReturn

import pybtex
import pybtex.plugin
from pybtex.database import BibliographyData, Entry, Person
from pybtex.database.input.bibtex import DuplicateField, UndefinedMacro
from pybtex.exceptions import PybtexError
from pybtex.richtext import Text
from pybtex.scanner import PrematureEOF, PybtexSyntaxError, TokenRequired

from handreiking import jsoncache
from handreiking.compat.pybtex import (
    LazyCaseInsensitiveDict,
    LineKeepingParser,
    captured_errors,
    simple_entries,
)
from handreiking.content import reads
from handreiking.content.literature import referencing
from handreiking.content.literature.cite import Citation, CiteItem, Mode, normalise_locator
from handreiking.content.literature.fields import EntryFields, lead_names
from handreiking.content.literature.formatcache import FormatCache
from handreiking.content.literature.latex import needs_codec
from handreiking.content.literature.style import (
    ApaNlStyle,
    address_problems,
    render_html,
    render_text,
)
from handreiking.content.sources import BIBLIOGRAPHY, read_source_text, shown_path
from handreiking.errors import HandreikingError, SourceProblem, did_you_mean
from handreiking.text import common_ends

# -- parsing --------------------------------------------------------------------------


def _dutch(error: PybtexError) -> str:
    """pybtex's parse errors, told to a co-author."""
    if isinstance(error, UndefinedMacro):
        name = str(error.args[0]) if error.args else "?"
        return (
            f"onbekende afkorting '{name}': zet de waarde tussen accolades ({{...}}) "
            f"of definieer haar met @string{{{name} = {{...}}}}"
        )
    if isinstance(error, PrematureEOF):
        return "het bestand houdt op midden in een bron; ontbreekt er een '}'?"
    if isinstance(error, TokenRequired):
        wanted = str(error.args[0]).removesuffix(" expected") if error.args else "?"
        wanted = {
            "a valid name": "een veldnaam",
            "entry key": "de sleutel van de bron",
            "field value": "een waarde (tussen accolades of aanhalingstekens)",
            "'{' or '('": "'{' na het type van de bron",
        }.get(wanted, wanted)
        hint = ""
        if wanted in ("'}'", "')'"):
            hint = "; ontbreekt er een komma na het vorige veld?"
        elif wanted == "'='":
            hint = "; schrijf veld = {waarde}"
        return f"hier verwacht ik {wanted}{hint}"
    if isinstance(error, PybtexSyntaxError):
        message = str(error.args[0]) if error.args else ""
        if "unbalanced braces" in message:
            return "de accolades kloppen niet: er staat een '}' zonder '{'"
        if "too many nested braces" in message:
            return "te veel accolades in elkaar"
        return f"het bestand is hier niet te lezen ({message})"
    return f"het bestand is hier niet te lezen ({error})"


class _Parser(LineKeepingParser):
    """pybtex's BibTeX parser, strict and collecting problems with their lines.

    ``compact``: each entry is kept as the JSON text the cache file keeps of it (see
    :class:`_LazyEntries`) as soon as it is read and checked, not as pybtex's objects: a
    5,000-entry export held as pybtex's objects takes some 25 MB, a build uses the few
    hundred works it cites.
    """

    def __init__(self, path: str, *, compact: bool = False) -> None:
        # compact: each entry's persons are read once, to keep its JSON text
        super().__init__(path, share_persons=compact)
        self.path = path
        self.compact = compact
        self.restart()

    def restart(self) -> None:
        super().restart()
        self.problems: list[SourceProblem] = []
        self.lines: dict[str, int] = {}
        self._line: int | None = None
        if self.compact:
            self.data.entries = _LazyEntries()

    def handle_error(self, error: PybtexError) -> None:
        if isinstance(error, DuplicateField):
            return  # reported by on_entry, with the lines of both fields
        line = getattr(error, "lineno", None) or self._line
        self.problems.append(SourceProblem(self.path, line, _dutch(error)))

    def on_entry(
        self, command: str, key: str | None, fields: list[Any], line: int, field_lines: list[int]
    ) -> None:
        if key is not None and key in self.data.entries:
            first = self.lines.get(key.lower())
            self.problems.append(
                SourceProblem(
                    self.path,
                    line,
                    f"de sleutel '{key}' staat twee keer in het bestand: op regel {first} "
                    f"en op regel {line}; geef één van beide een andere sleutel",
                )
            )
            return
        seen: dict[str, int] = {}
        for index, (name, _value) in enumerate(fields):
            field_line = field_lines[index] if index < len(field_lines) else line
            if name.lower() in seen:
                self.problems.append(
                    SourceProblem(
                        self.path,
                        field_line,
                        f"bron '{key}' heeft het veld '{name}' twee keer "
                        f"(ook op regel {seen[name.lower()]})",
                    )
                )
            seen.setdefault(name.lower(), field_line)
        self._line = line
        with captured_errors() as captured:  # names BibTeX cannot read
            self.add_entry(command, key, fields)
        self._line = None
        for error in captured:
            self.problems.append(
                SourceProblem(self.path, line, f"bron '{key}': {_dutch_name_error(error)}")
            )
        entry = self.data.entries.get(key) if key is not None else None
        if entry is not None:
            for name, message in address_problems(entry.fields):
                self.problems.append(
                    SourceProblem(self.path, seen.get(name, line), f"bron '{key}': {message}")
                )
            if self.compact:
                self.data.entries[entry.key] = _json_text(_encode_entry(entry))
        if key is not None:
            self.lines[key.lower()] = line


def _dutch_name_error(error: Exception) -> str:
    text = str(error)
    if text.startswith("Too many commas in"):
        return (
            f"een naam met te veel komma's ({text.removeprefix('Too many commas in ')}); "
            "schrijf elke naam als 'Achternaam, Voornaam' en zet ' and ' tussen de namen"
        )
    return text


def parse_bibliography(
    text: str, path: str = "<bibliografie>", style: ApaNlStyle | None = None
) -> Bibliography:
    """Parse ``.bib`` text; raises :class:`HandreikingError` with every problem found."""
    return _parse(text, path, style)[0]


def _parse(text: str, path: str, style: ApaNlStyle | None) -> tuple[Bibliography, bool]:
    """:func:`parse_bibliography`, and whether the fast scanner read the text."""
    parser = _parsed(text, path, compact=False)
    return Bibliography(parser.data, path=path, lines=parser.lines, style=style), parser.simple


def _parsed(text: str, path: str, *, compact: bool) -> _Parser:
    """The parser that read ``text`` without a problem (else :class:`HandreikingError`
    with every problem found)."""
    parser = _Parser(path, compact=compact)
    try:
        parser.parse_string(text)
    except PybtexError as error:  # pragma: no cover - every error is handled above
        raise HandreikingError(SourceProblem(path, None, _dutch(error))) from error
    if parser.problems:
        problems = sorted(set(parser.problems), key=lambda p: (p.line or 0, p.message))
        raise HandreikingError(problems)
    return parser


@dataclass
class _Loaded:
    stamp: tuple[int, int]
    digest: str
    bibliography: Bibliography
    #: the file's text (as UTF-8: half the memory of a text with a letter beyond
    #: Latin-1, which Python holds at two bytes a character) and what the disk cache
    #: keeps of it (:func:`_stored`), when kept there: the next load after an edit
    #: parses only the entries that changed
    encoded: bytes | None = None
    stored: list[Any] | None = None
    #: whether the fast scanner reads the text (:func:`simple_entries`); ``None``: not
    #: yet known
    simple: bool | None = None

    @property
    def text(self) -> str | None:
        """The file's text, when kept."""
        return None if self.encoded is None else self.encoded.decode("utf-8")


class BibliographyCache:
    """Parsed bibliographies and formatted references, kept by their owner for its next
    load (the plugin keeps one per instance, so two sites in one process share nothing).

    In memory, a file is parsed again only when it changed, and a reference formatted
    once is reused by every bibliography loaded through this cache. With a ``folder``,
    both are also kept there between builds, as JSON (:mod:`handreiking.jsoncache`): a
    5,000-entry export takes pybtex seconds to parse, the JSON loads in a tenth. Without
    one, nothing is read from or written to disk.
    """

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder
        self.loaded: dict[str, _Loaded] = {}
        #: what the preview loaded after an edit and has not written to disk yet, by the
        #: file's cache key: the cache file and its data (:meth:`write_pending`)
        self.pending: dict[str, tuple[Path, list[Any]]] = {}
        #: per style, formatted references by the entry's content: rich text, HTML, text
        self.formatted: dict[object, dict[tuple[object, ...], tuple[Text, str, str]]] = {}
        #: several files read as one (:func:`load_bibliographies`): by the parts and style
        self.joined: dict[tuple[object, ...], tuple[tuple[Bibliography, ...], Bibliography]] = {}

    def ready_for_edits(self) -> None:
        """Tell now, for each file loaded with its text kept, whether the fast scanner
        reads it (:func:`simple_entries`), which the first load after an edit asks
        (:func:`_spliced`): the preview asks it after a whole rebuild rather than in the
        first rebuild after a save (a tenth of a second for an export of thousands)."""
        for loaded in self.loaded.values():
            if loaded.simple is None and loaded.encoded is not None and loaded.stored is not None:
                loaded.simple = simple_entries(loaded.encoded.decode("utf-8")) is not None

    def write_pending(self) -> None:
        """Write the cache files the preview left for later (:func:`load_bibliography`):
        the next build reads the bibliography as the preview last loaded it."""
        pending, self.pending = self.pending, {}
        for disk, stored in pending.values():
            _write_disk_cache(disk, stored)

    def release(self) -> None:
        """Let go of every bibliography loaded through this cache, and of what it keeps
        for the next load (the files' texts, formatted references): a build whose pages
        are all converted reads no work any more (:meth:`Bibliography.release`). Each
        one's formatted references are saved first; a load after this starts afresh."""
        self.write_pending()
        released = [loaded.bibliography for loaded in self.loaded.values()]
        released += [one for parts, joined in self.joined.values() for one in (*parts, joined)]
        for bibliography in released:
            bibliography.release()
        self.loaded, self.formatted, self.joined = {}, {}, {}


def load_bibliography(
    path: str | os.PathLike[str],
    *,
    root: str | os.PathLike[str] | None = None,
    style: str | ApaNlStyle = "apa-nl",
    cache: BibliographyCache | None = None,
    ahead: Callable[[], Mapping[str, Any]] | None = None,
) -> Bibliography:
    """Read a ``.bib`` file; through the same ``cache``, the same object comes back
    until the file changes.

    Problems in the file are raised together as one :class:`HandreikingError`,
    each with its line. Messages show the path relative to ``root`` when given.
    ``style`` is the ``bibliografie_stijl`` option: the name of a pybtex style
    registered in ``pybtex.style.formatting`` that our citations can use (see
    :func:`_style`), or an :class:`ApaNlStyle` (subclass) instance. Without a
    ``cache`` the file is parsed on every call. ``ahead`` gives what
    :func:`parse_ahead` parsed of it meanwhile (in another process), taken instead of
    parsing it here when it was parsed from the same text.
    """
    cache = cache if cache is not None else BibliographyCache()
    file = Path(path)
    shown = shown_path(file, Path(root) if root is not None else None)
    style_object = _style(style)
    try:
        stat = file.stat()
    except OSError as error:
        raise HandreikingError(SourceProblem(shown, None, BIBLIOGRAPHY.unreadable)) from error
    style_key = style if isinstance(style, str) else id(style)
    cache_key = f"{file.resolve()}|{shown}|{style_key}"
    stamp = (stat.st_mtime_ns, stat.st_size)
    loaded = cache.loaded.get(cache_key)
    if loaded is not None and loaded.stamp == stamp:
        return loaded.bibliography
    text, problem = read_source_text(file, shown, wording=BIBLIOGRAPHY)
    if text is None:
        raise HandreikingError(problem or SourceProblem(shown, None, BIBLIOGRAPHY.unreadable))
    encoded = text.encode("utf-8")
    digest = hashlib.sha256(encoded).hexdigest()
    if loaded is not None and loaded.digest == digest:
        loaded.stamp = stamp
        return loaded.bibliography
    # a newer version of the file than the one waiting to be written: that one is stale
    cache.pending.pop(cache_key, None)
    disk = _disk_cache(cache.folder, digest, style)
    jsoncache.mark_used(disk)
    stored: list[Any] | None = None
    simple: bool | None = None
    spliced = False
    edited: frozenset[str] | None = None
    read = jsoncache.read_json(disk, "bibliography")
    bibliography = None if read is None else _from_stored(read, disk, shown, style_object, encoded)
    if bibliography is not None:
        stored = read
    else:
        # The preview after an edit of one work: the other works as the last load had
        # them, exactly what parsing the whole file gives (else ``None``: parsed whole).
        if disk is not None and loaded is not None:
            stored = _spliced(loaded, text, shown, style_object)
            simple = True if stored is not None else None
            spliced = stored is not None
        if stored is None and disk is None:
            bibliography, simple = _parse(text, shown, style_object)
        elif stored is None:
            # The build goes on with what the next build reads back: each entry kept as
            # its JSON until used, as from the cache. A build uses the works it cites;
            # pybtex's objects of the other thousands would be kept to the end (nor are
            # they all held while the file is read: see _Parser's ``compact``).
            got = ahead().get(str(file)) if ahead is not None else None
            if got is None or got[0] != digest:
                got = _parsed_ahead(text, shown, style_object, digest)
            if got[3] is not None:
                raise HandreikingError(got[3])
            stored, simple = got[1], got[2]
        if stored is not None and spliced and disk is not None:
            # Spliced after an edit in the preview: the cache file is written when the
            # preview ends (or a later edit makes this one stale), not after every save;
            # until then the preview loads from memory.
            cache.pending[cache_key] = (disk, stored)
            bibliography = _from_stored(stored, disk, shown, style_object, encoded)
        elif stored is not None:
            _write_disk_cache(disk, stored)  # read-only: as before
            bibliography = _from_stored(stored, disk, shown, style_object, encoded)
    assert bibliography is not None  # parsed, or just made: of the right shape
    bibliography.needs_codec = needs_codec(text)
    bibliography.source_digest = f"{digest}|{style}" if isinstance(style, str) else ""
    bibliography.formatted = cache.formatted.setdefault(style_key, {})
    if cache.folder is not None and isinstance(style, str) and type(style_object) is ApaNlStyle:
        format_cache = FormatCache.for_style(cache.folder, _versions(style))
        kept = loaded.bibliography.format_cache if loaded is not None else None
        # the same file, read once: the preview loads the bibliography after every edit
        if kept is not None and kept.file == format_cache.file:
            format_cache = kept
        bibliography.format_cache = format_cache
    if loaded is not None and loaded.stored is not None and stored is not None:
        edited = _touched(loaded.stored, stored, text)
    if edited is not None and loaded is not None:
        # the last load's bibliography but these works: what the preview may ask
        loaded.bibliography.edited = None  # only the last edit is told
        for last in (loaded.bibliography, *loaded.bibliography._documents.values()):
            last._sorted_before = None  # held by this one only: no chain of loads
        bibliography.edited = (loaded.bibliography, edited)
        bibliography._sorted_before = loaded.bibliography
    kept_text = encoded if stored is not None else None
    cache.loaded[cache_key] = _Loaded(stamp, digest, bibliography, kept_text, stored, simple)
    return bibliography


def load_bibliographies(
    paths: Sequence[str | os.PathLike[str]],
    *,
    root: str | os.PathLike[str] | None = None,
    style: str | ApaNlStyle = "apa-nl",
    cache: BibliographyCache | None = None,
    ahead: Callable[[], Mapping[str, Any]] | None = None,
) -> Bibliography:
    """Read the ``bibliografie`` option's files as one bibliography.

    One file is :func:`load_bibliography`. Several (a Zotero export per collection, a
    shared group library) are each read and cached as one file would be, then joined
    in the order given; a key in two files is one problem at its second place, naming
    the first, in the joined bibliography's ``problems`` (the first entry is kept, so
    citations of it still resolve and say nothing more). Through the same ``cache`` the
    same joined object comes back until a file changes.
    """
    if len(paths) == 1:
        return load_bibliography(paths[0], root=root, style=style, cache=cache, ahead=ahead)
    cache = cache if cache is not None else BibliographyCache()
    parts: list[Bibliography] = []
    problems: list[SourceProblem] = []
    for path in paths:
        try:
            parts.append(load_bibliography(path, root=root, style=style, cache=cache, ahead=ahead))
        except HandreikingError as error:
            problems.extend(error.problems)
    if problems:
        raise HandreikingError(problems)
    joined_key = (tuple(id(part) for part in parts), style if isinstance(style, str) else id(style))
    kept = cache.joined.get(joined_key)
    if kept is not None and all(a is b for a, b in zip(kept[0], parts, strict=True)):
        return kept[1]
    entries: dict[str, tuple[str, Entry]] = {}
    places: dict[str, tuple[str, int | None]] = {}
    for part in parts:
        for key, entry in part.data.entries.items():
            first = places.get(key.lower())
            if first is not None:
                where = f"{first[0]}:{first[1]}" if first[1] is not None else first[0]
                problems.append(
                    SourceProblem(
                        part.path,
                        part.line(key),
                        f"de sleutel '{key}' staat ook in {where}; een werk staat in één "
                        "bestand: haal het hier of daar weg, of geef een van de twee een "
                        "andere sleutel",
                    )
                )
                continue
            places[key.lower()] = (part.path, part.line(key))
            entries[key] = (part.path, entry)
    data = BibliographyData(
        entries=[(key, entry) for key, (_file, entry) in entries.items()],
        preamble=[text for part in parts for text in part.data.preamble_list],
    )
    joined = Bibliography(
        data,
        path=", ".join(part.path for part in parts),
        lines={key: line for key, (_file, line) in places.items() if line is not None},
        style=parts[0].style,
    )
    joined.sources = tuple(part.path for part in parts)
    joined.problems = problems
    joined._files = {key: file for key, (file, _line) in places.items()}
    joined.formatted = parts[0].formatted
    joined.format_cache = parts[0].format_cache
    joined.needs_codec = any(part.needs_codec for part in parts)
    if all(part.source_digest for part in parts):
        joined.source_digest = "+".join(part.source_digest for part in parts)
    cache.joined[joined_key] = (tuple(parts), joined)
    return joined


#: The code that shapes what is cached (every module of ours this one imports, directly
#: or not): a change to it starts a new cache.
SHAPING_CODE = (
    *(f"content/literature/{p.name}" for p in sorted(Path(__file__).parent.glob("*.py"))),
    "compat/pybtex.py",
    "content/reads.py",
    "content/safety.py",
    "content/sources.py",
    "errors.py",
    "jsoncache.py",
    "text.py",
)
_CODE_VERSION = jsoncache.code_version(SHAPING_CODE)


def parse_ahead(
    paths: Sequence[str | os.PathLike[str]],
    *,
    root: str | os.PathLike[str] | None = None,
    style: str | ApaNlStyle = "apa-nl",
    cache: BibliographyCache | None = None,
) -> dict[str, list[Any]]:
    """What :func:`load_bibliographies` with this ``cache`` would parse of ``paths`` from
    cold, done beforehand (in a process of its own, beside the rest of the loading): per
    file (by its path) parsed whole, its text's digest and what the cache file keeps of
    it, or the problems found. A file the cache has in memory or on disk, or that cannot
    be read, is left to the loading (which says why), as is everything without a cache
    folder; plain data, sent back whole."""
    found: dict[str, list[Any]] = {}
    if cache is None or cache.folder is None or not isinstance(style, str):
        return found
    style_object = _style(style)
    for path in paths:
        file = Path(path)
        shown = shown_path(file, Path(root) if root is not None else None)
        text, _problem = read_source_text(file, shown, wording=BIBLIOGRAPHY)
        if text is None:
            continue
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        disk = _disk_cache(cache.folder, digest, style)
        if disk is None or disk.exists() or cache.loaded:
            continue
        found[str(file)] = _parsed_ahead(text, shown, style_object, digest)
    return found


def _parsed_ahead(text: str, shown: str, style: ApaNlStyle, digest: str) -> list[Any]:
    """``text`` parsed whole (:func:`_parsed`), as :func:`parse_ahead` gives it: its
    ``digest``, what the cache file keeps of it and whether the fast scanner read it, and
    ``None``; or the digest, two ``None`` and the problems found."""
    try:
        parser = _parsed(text, shown, compact=True)
    except HandreikingError as error:
        return [digest, None, None, list(error.problems)]
    bibliography = Bibliography(parser.data, path=shown, lines=parser.lines, style=style)
    return [digest, _stored(bibliography), parser.simple, None]


def _disk_cache(folder: Path | None, digest: str, style: str | ApaNlStyle) -> Path | None:
    """The cache file for this content, style and version of the code in ``folder``;
    ``None`` without a folder."""
    if folder is None or not isinstance(style, str):
        return None
    versions = f"{digest}|{_versions(style)}"
    name = hashlib.sha256(versions.encode("utf-8")).hexdigest()[:32]
    return folder / f"bib-{name}.json"


def _write_disk_cache(disk: Path | None, stored: list[Any]) -> None:
    """Write the cache file ``disk`` (nothing when it cannot be), and remove the other
    versions beside it no build used for a week (one per ``.bib`` file is in use)."""
    if disk is not None and jsoncache.write_json(disk, "bibliography", stored):
        jsoncache.remove_other_versions(disk, unused_for=jsoncache.KEPT_UNUSED_S)


def _versions(style: str) -> str:
    """Style, code and cache format versions: what every cached file depends on."""
    return f"{style}|{_CODE_VERSION}|{pybtex.__version__}|json{jsoncache.FORMAT}"


#: The name parts of a pybtex ``Person``, in the order the cache keeps them.
_NAME_PARTS = ("first_names", "middle_names", "prelast_names", "last_names", "lineage_names")
#: a person's name parts in that order, as a tuple (JSON writes it as a list)
_name_parts = operator.attrgetter(*_NAME_PARTS)


def _encode_entry(entry: Entry) -> list[Any]:
    """One entry as plain data, to be written as JSON: type, fields and the name parts of
    every person by role (each person's as a tuple of its lists, not copied)."""
    return [
        entry.type,
        entry.original_type,
        [[name, value] for name, value in entry.fields.items()],
        [
            [role, [_name_parts(person) for person in people]]
            for role, people in entry.persons.items()
        ],
    ]


def _check_entry(stored: Any) -> list[Any]:
    """``stored`` when it has the shape :func:`_encode_entry` gives (else
    :class:`~handreiking.jsoncache.CacheShapeError`)."""
    # Plain type checks, not the helpers of jsoncache: this runs for every entry used.
    if type(stored) is not list or len(stored) != 4:
        raise jsoncache.CacheShapeError("not an entry")
    kind, original, fields, persons = stored
    ok = type(kind) is str and type(original) is str and type(fields) is list
    ok = ok and type(persons) is list
    ok = ok and all(
        type(field) is list and len(field) == 2 and type(field[0]) is str and type(field[1]) is str
        for field in fields
    )
    for role_people in persons if ok else ():
        ok = type(role_people) is list and len(role_people) == 2
        ok = ok and type(role_people[0]) is str and type(role_people[1]) is list
        ok = ok and all(
            type(person) is list
            and len(person) == len(_NAME_PARTS)
            and all(type(part) is list and all(type(w) is str for w in part) for part in person)
            for person in role_people[1]
        )
        if not ok:
            break
    if not ok:
        raise jsoncache.CacheShapeError("not an entry")
    return stored


def _decode_entry(stored: list[Any]) -> Entry:
    """An entry checked by :func:`_check_entry`, rebuilt as pybtex's objects."""
    kind, original, fields, persons = stored
    entry = Entry(original, fields=[(name, value) for name, value in fields])
    entry.type = kind
    for role, people in persons:
        rebuilt = []
        for parts in people:
            person = Person()
            for name, words in zip(_NAME_PARTS, parts, strict=True):
                setattr(person, name, list(words))
            rebuilt.append(person)
        entry.persons[role] = rebuilt
    return entry


class _LazyEntries(LazyCaseInsensitiveDict):
    """pybtex's entries, each kept as its JSON text until it is first used.

    A build uses the works it cites, not the whole file: reading and checking 5,000
    entries took most of the time of loading the cache. Each entry is read from its JSON
    when first used (:meth:`made`); keys, order, ``in`` and ``len`` need no entry. An
    entry whose JSON is not what :func:`_encode_entry` writes is never used: it comes
    from ``fallback`` (the ``.bib`` file parsed anew) instead.
    """

    fallback: Callable[[str], Entry]

    def made(self, key: str, stored: str) -> Entry:
        try:
            entry = _decode_entry(_check_entry(json.loads(stored)))
            entry.key = key  # the spelling of the file, as pybtex sets it
        except (ValueError, TypeError, RecursionError):  # misshapen: never trusted
            entry = self.fallback(key)
        return entry


def _from_stored(
    stored: Any, file: Path | None, shown: str, style: ApaNlStyle, encoded: bytes
) -> Bibliography | None:
    """The bibliography from what :func:`_stored` made (read back from ``file``; its
    text ``encoded`` as UTF-8, parsed only for an entry the cache spoiled); ``None``
    when it is misshapen."""
    try:
        entries, preamble, lines, suffixes = jsoncache.array(stored, 4)
        lazy = _LazyEntries()
        for item in jsoncache.array(entries):
            if type(item) is not list or len(item) != 2:
                return None
            key, entry = item
            if type(key) is not str or type(entry) is not str or key in lazy:
                return None
            lazy[key] = entry
        data = BibliographyData(preamble=jsoncache.strings(preamble))
        data.entries = lazy
        lines = jsoncache.integer_map(lines)
        # the whole file's year letters, when the build that wrote it needed them
        suffixes = None if suffixes is None else jsoncache.string_map(suffixes)
    except (ValueError, TypeError):  # misshapen: ignored and rewritten
        return None

    @functools.cache
    def parsed() -> BibliographyData:
        # Only for an entry the file spoiled: the next build writes the file anew.
        if file is not None:
            with contextlib.suppress(OSError):
                file.unlink()
        return parse_bibliography(encoded.decode("utf-8"), shown, style).data

    def fallback(key: str) -> Entry:
        entry = parsed().entries.get(key)
        return entry if entry is not None else Entry("misc")

    lazy.fallback = fallback
    return Bibliography(data, path=shown, lines=lines, style=style, year_suffixes=suffixes)


def _spliced(old: _Loaded, text: str, shown: str, style: ApaNlStyle) -> list[Any] | None:
    """What :func:`_stored` keeps of ``text`` parsed whole, made from ``old`` (the same
    file as last loaded, with its text) by parsing only the entries an edit touched;
    ``None`` when that is not sure to be the same (then the whole file is parsed).

    A co-author who corrects one title in an export of thousands of works changes one
    entry; pybtex takes most of a second to read them all again. The text before and
    after the edit is the same, so the fast scanner (:func:`simple_entries`, which reads
    entry after entry) finds there the same entries as last time, at the same place or
    as many lines further. Only between an unchanged entry that starts a line before
    the edit and one that starts a line after it is read again, and checked as a whole
    parse checks it; a problem there, a key found outside it, or text the fast scanner
    does not read means the whole file is parsed, which says it as always.
    """
    before, kept = old.text, old.stored
    if before is None or kept is None or "\r" in text or "\r" in before:
        return None
    try:
        entries, preamble, lines, _suffixes = kept
    except ValueError:
        return None
    if preamble or not isinstance(lines, dict):
        return None
    if old.simple is None:
        old.simple = simple_entries(before) is not None
    if not old.simple:
        return None
    # the entry (by its index) that starts at the beginning of each line
    starting: dict[int, int] = {}
    for index, (key, _json) in enumerate(entries):
        line = lines.get(key.lower())
        if type(line) is not int or line in starting:
            return None  # two entries on one line: which one an offset starts is unclear
        starting[line] = index
    same_start, same_end = common_ends(before, text)
    # the start of the segment: the line of an entry starting before the edit, or the top
    at = before.rfind("\n", 0, same_start) + 1
    line = before.count("\n", 0, at) + 1
    while at > 0 and not (before.startswith("@", at) and at < same_start and line in starting):
        at = before.rfind("\n", 0, at - 1) + 1
        line -= 1
    first = starting[line] if at > 0 else 0
    start, start_line = at, line if at > 0 else 1
    # its end: the line of an entry starting after the edit, or the end
    edited_end = len(before) - same_end
    at = (
        edited_end
        if edited_end == 0 or before[edited_end - 1] == "\n"
        else before.find("\n", edited_end) + 1
    )
    line = before.count("\n", 0, at) + 1
    while at > 0 and not (before.startswith("@", at) and line in starting):
        at = before.find("\n", at) + 1
        line += 1
    end, last = (at, starting[line]) if at > 0 else (len(before), len(entries))
    if first > last or end < start:
        return None
    shift = len(text) - len(before)
    segment = text[start : end + shift]
    found = simple_entries(segment)
    if found is None:
        return None
    if start > 0 and (not found or found[0][1].lower() != entries[first][0].lower()):
        # the line did not start with that entry: an '@' at the start of a line inside
        # another entry's value, the entry starting later on the line
        return None
    parser = _Parser(shown)
    offset = start_line - 1
    for command, key, fields, entry_line, field_lines in found:
        lines_of_fields = [n + offset for n in field_lines]
        parser.on_entry(command, key, fields, entry_line + offset, lines_of_fields)
    if parser.problems:
        return None
    outside = {key.lower() for key, _json in entries[:first]}
    outside.update(key.lower() for key, _json in entries[last:])
    made = parser.data.entries
    if any(key.lower() in outside for key in made):
        return None  # a key twice in the file: the whole parse says where
    more_lines = text.count("\n", start, end + shift) - before.count("\n", start, end)
    new_entries = [
        *entries[:first],
        *([key, _json_text(_encode_entry(made[key]))] for key in made),
        *entries[last:],
    ]
    new_lines: dict[str, int] = {}
    for key, _json in entries[:first]:
        new_lines[key.lower()] = lines[key.lower()]
    new_lines.update(parser.lines)
    for key, _json in entries[last:]:
        new_lines[key.lower()] = lines[key.lower()] + more_lines
    return [new_entries, [], new_lines, None]


def _touched(before: list[Any], now: list[Any], text: str) -> frozenset[str] | None:
    """The keys (lower case) of the works whose entries (or the spelling of their key)
    differ between two stored bibliographies (:func:`_stored`: each entry as its
    JSON), or are in one only; ``None`` when a work of ``text`` may take fields of
    another (``crossref``), when the works both have are in another order, or when
    either is not of the shape stored."""
    if _inherits(text):
        return None
    try:
        old = {key.lower(): (key, entry) for key, entry in before[0]}
        new = {key.lower(): (key, entry) for key, entry in now[0]}
    except (TypeError, ValueError, AttributeError, IndexError):
        return None
    if [key for key in old if key in new] != [key for key in new if key in old]:
        return None
    return frozenset(key for key in old.keys() | new.keys() if old.get(key) != new.get(key))


#: a field through which a work takes fields of another (BibTeX's, biblatex's)
_INHERITING = re.compile(r"(?i)\b(?:crossref|xref|xdata)\s*=")


def _inherits(text: str) -> bool:
    """Whether :data:`_INHERITING` is found in ``text``, told at once when it cannot be.

    Searched case-insensitively in a text of thousands of works that is not ASCII, the
    pattern takes a tenth of a second, after every save in the preview. Each of its
    matches ends in "ref" or "data" in any case (no other character matches those
    letters, and none is more than one byte in UTF-8): when the text's bytes, their
    ASCII letters in lower case, hold neither, there is none; else it is searched."""
    lowered = text.encode("utf-8", "surrogatepass").lower()
    if b"ref" not in lowered and b"data" not in lowered:
        return False
    return _INHERITING.search(text) is not None


#: ``json.dumps`` with these options makes an encoder for each call; one made once
#: writes the same text (it keeps no state between calls)
_json_text: Callable[[Any], str] = json.JSONEncoder(
    ensure_ascii=False, separators=(",", ":")
).encode


def _stored(bibliography: Bibliography) -> list[Any]:
    """What the cache file keeps of a parsed bibliography: each entry as JSON text, the
    preamble, the lines, and the whole file's year letters when they were worked out
    (``null`` else: they take every entry, and a build needs only its documents')."""
    data = bibliography.data
    entries = data.entries
    unmade = entries.unmade if isinstance(entries, LazyCaseInsensitiveDict) else None
    return [
        [[key, _entry_text(entries, key, unmade)] for key in entries],
        list(data.preamble_list),
        bibliography._lines,
        bibliography._suffixes,
    ]


def _entry_text(
    entries: Mapping[str, Entry], key: str, unmade: Callable[[str], str | None] | None
) -> str:
    """The JSON text of one entry: as kept while it is not made yet, else encoded."""
    text = unmade(key) if unmade is not None else None
    return text if text is not None else _json_text(_encode_entry(entries[key]))


#: Where the ``bibliografie_stijl`` option is set, for messages about it.
_STYLE_SETTING = "mkdocs.yml"


def _same_sorting(one: ApaNlStyle, other: ApaNlStyle) -> bool:
    """Whether the styles sort works alike: one object, or both our own style as
    :func:`_style` makes it for its name (each load makes it anew)."""
    return one is other or (type(one) is ApaNlStyle and type(other) is ApaNlStyle)


def _style(style: str | ApaNlStyle) -> ApaNlStyle:
    """The style object for the ``bibliografie_stijl`` option.

    Any style registered in the entry point group ``pybtex.style.formatting`` is
    found, but our citations ("(Sennett, 2003)", year letters, the APA order) need
    what :class:`ApaNlStyle` adds to pybtex's styles; so only ``apa-nl`` and
    styles built on it work. pybtex's own (``plain``, ``alpha``, ...) number their
    entries and are refused with a message that says so.
    """
    if isinstance(style, ApaNlStyle):
        return style
    if style in ("", None, "apa-nl"):
        # Our own style, as registered in pyproject.toml: no entry point scan needed.
        return ApaNlStyle()
    try:
        found = pybtex.plugin.find_plugin("pybtex.style.formatting", style)
    except PybtexError:
        usable = ", ".join(f"'{name}'" for name in _usable_styles())
        raise HandreikingError(
            SourceProblem(
                _STYLE_SETTING,
                None,
                f"onbekende literatuurstijl '{style}'; deze site kent alleen {usable} "
                "(zet 'bibliografie_stijl' in mkdocs.yml)",
            )
        ) from None
    if not (isinstance(found, type) and issubclass(found, ApaNlStyle)):
        usable = ", ".join(f"'{name}'" for name in _usable_styles())
        raise HandreikingError(
            SourceProblem(
                _STYLE_SETTING,
                None,
                f"literatuurstijl '{style}' (bibliografie_stijl) is een pybtex-stijl die "
                "de citaties van deze site niet kan maken: die hebben auteur en jaar nodig "
                "(Sennett, 2003) en Nederlandse APA-regels. Kies "
                f"{usable}, of een stijl die op ApaNlStyle voortbouwt",
            )
        )
    return found()


def _usable_styles() -> list[str]:
    """The registered pybtex styles our citations can use: ``apa-nl`` and its kind."""
    usable = []
    for name in pybtex.plugin.enumerate_plugin_names("pybtex.style.formatting"):
        try:
            found = pybtex.plugin.find_plugin("pybtex.style.formatting", name)
        except PybtexError:  # pragma: no cover - a broken third-party entry point
            continue
        if isinstance(found, type) and issubclass(found, ApaNlStyle):
            usable.append(name)
    return usable or ["apa-nl"]


# -- formatting cache, shared by the bibliographies of one BibliographyCache -----------

_FORMATTED_MAX = 50_000
#: the most literature lists one bibliography keeps (:meth:`Bibliography.list_html`)
_LISTS_MAX = 200


def _formatted(
    style: ApaNlStyle,
    fields: EntryFields,
    suffix: str,
    memory: dict[tuple[object, ...], tuple[Text, str, str]],
    disk: FormatCache | None = None,
) -> tuple[Text, str, str]:
    """The reference as rich text, HTML and plain text, cached by the entry's content
    (in ``memory``, and in ``disk`` between builds)."""
    cache_key = (*fields.fingerprint(), suffix)
    cached = memory.get(cache_key)
    if cached is not None and (disk is None or disk.knows("reference", cache_key)):
        # formatted (or read) before through this disk cache too: asking it again finds
        # it and changes nothing, and making the key's JSON costs more than a lookup
        return cached
    stored = disk.get("reference", cache_key) if disk is not None else None
    if cached is None:
        rich = stored if stored is not None else style.format_fields(fields, suffix)
        cached = (rich, render_html(rich), render_text(rich))
    if disk is not None and stored is None:
        disk.put("reference", cache_key, cached[0])
    if cache_key not in memory:
        if len(memory) >= _FORMATTED_MAX:
            memory.clear()
        memory[cache_key] = cached
    return cached


# -- citations ------------------------------------------------------------------------


@dataclass(frozen=True)
class Introduction:
    """Where a citation introduces a group author's abbreviation: its text begins with
    ``long`` ("Centraal Bureau voor de Statistiek [CBS]"), which becomes ``short``
    ("CBS") where the abbreviation was introduced before (APA 7, 8.21)."""

    group: str
    long: str
    short: str


@dataclass(frozen=True)
class CitedWork:
    """The part of a rendered citation that links to a work's entry."""

    key: str
    text: Text
    #: set when the text introduces the abbreviation of its group author
    introduction: Introduction | None = None


@dataclass(frozen=True)
class RenderedCitation:
    """A citation, resolved: plain text and links to the works it names."""

    parts: tuple[str | CitedWork, ...]
    #: the group authors whose abbreviation this citation introduces
    introduces: frozenset[str] = frozenset()

    def text(self) -> str:
        """As plain text: "(Lipsky, 1980; Sennett, 2003)"."""
        return "".join(p if isinstance(p, str) else render_text(p.text) for p in self.parts)

    def html(self, href: Callable[[str], str | None] = lambda key: f"#lit-{key}") -> str:
        """As HTML, every work linked to ``href(key)`` (no link when it returns ``None``)."""
        out = []
        for part in self.parts:
            if isinstance(part, str):
                out.append(escape(part, quote=False))
                continue
            target = href(part.key)
            inner = render_html(part.text)
            out.append(f'<a href="{escape(target)}">{inner}</a>' if target else inner)
        return "".join(out)


class _Released:
    """What a released bibliography holds in place of its works and of what was made of
    them (:meth:`Bibliography.release`): reading any of it raises, so that a step of the
    build that still reads a work after the release fails at once rather than finding
    nothing."""

    def __init__(self, what: str) -> None:
        self._what = what

    def _read(self, *_args: object, **_kwargs: object) -> NoReturn:
        raise RuntimeError(
            f"{self._what}: de bibliografie is na het omzetten van de pagina's losgelaten "
            "en wordt toch nog gelezen"
        )

    def __getattr__(self, name: str) -> NoReturn:
        self._read()

    __getitem__ = __contains__ = __iter__ = __len__ = __bool__ = __eq__ = __hash__ = _read

    def __repr__(self) -> str:
        return f"<losgelaten: {self._what}>"


class Bibliography:
    """The works of one ``.bib`` file, in Dutch APA style.

    Keys are case-insensitive, as in BibTeX; :meth:`lookup` gives the spelling
    the file uses, which is the one in ``id="lit-<key>"``.
    """

    def __init__(
        self,
        data: BibliographyData,
        path: str = "<bibliografie>",
        lines: dict[str, int] | None = None,
        style: ApaNlStyle | None = None,
        year_suffixes: Mapping[str, str] | None = None,
    ) -> None:
        self.data = data
        self.path = path
        #: the files the works come from, as messages show them (several: see
        #: :func:`load_bibliographies`), and the file of each work when there are several
        self.sources: tuple[str, ...] = (path,)
        self._files: dict[str, str] = {}
        #: what joining several files found (a key in two of them): the joined
        #: bibliography keeps the first, and whoever loads it reports these
        self.problems: list[SourceProblem] = []
        self.style = style or ApaNlStyle()
        self._lines = {key.lower(): line for key, line in (lines or {}).items()}
        self._sort_keys: dict[str, tuple[Any, ...]] = {}
        self._fields: dict[str, EntryFields] = {}
        # Citations are pure functions of the (unchanging) entries: made once per build.
        self._rendered: dict[
            tuple[tuple[CiteItem, ...], str, frozenset[str]], RenderedCitation
        ] = {}
        self._names: dict[tuple[str, bool], Text] = {}
        self._years: dict[str, str] = {}
        self._labels: dict[tuple[str, bool], Text] = {}
        self._suffixes = dict(year_suffixes) if year_suffixes is not None else None
        #: formatted references between builds (set by :func:`load_bibliography`)
        self.format_cache: FormatCache | None = None
        #: whether the file holds TeX commands that formatting decodes with latexcodec
        #: (:func:`~handreiking.content.literature.latex.needs_codec`; set by
        #: :func:`load_bibliography`)
        self.needs_codec = False
        #: what this bibliography was made of, for a cache of what is derived from it
        #: alone: the digest of the file's text and the style's name (set by
        #: :func:`load_bibliography`); empty when unknown (parsed from a string, or a
        #: style given as an object), and then nothing is derived from it
        self.source_digest = ""
        #: formatted references in memory, shared through a :class:`BibliographyCache`
        self.formatted: dict[tuple[object, ...], tuple[Text, str, str]] = {}
        #: the works whose citations give the first author's initials (a document's)
        self._initials: frozenset[str] = frozenset()
        #: the views of this bibliography per document (see :meth:`for_document`)
        self._documents: dict[frozenset[str], Bibliography] = {}
        #: the same views by the keys as asked, in their order
        self._documents_asked: dict[tuple[str, ...], Bibliography] = {}
        #: what a read of a work notes (content/reads.py): ``"all"`` for the whole
        #: bibliography, ``"doc"`` for a document's view (:meth:`for_document`)
        self._scope = "all"
        #: the lists made by :meth:`list_html`, by what was asked, with what they read
        self._lists: dict[tuple[object, ...], tuple[str, frozenset[reads.Item]]] = {}
        #: when loaded after an edit of the file (:func:`load_bibliography`): the
        #: bibliography of the last load, and the keys (lower case) of the only works
        #: that may differ from it, in their entry or as other works take fields of them
        self.edited: tuple[Bibliography, frozenset[str]] | None = None
        #: the last load's bibliography when :attr:`edited` was set, for the sort keys of
        #: the works the edit did not touch (kept by the views of :meth:`for_document`,
        #: which share this one's sort keys)
        self._sorted_before: Bibliography | None = None
        #: whether :meth:`release` let go of the works
        self.released = False

    @classmethod
    def from_string(cls, text: str, path: str = "<bibliografie>") -> Bibliography:
        """Parse ``.bib`` text (see :func:`parse_bibliography`)."""
        return parse_bibliography(text, path)

    # -- keys
    # Every read of a work notes it (content/reads.py): a page's conversion is kept for
    # as long as the works it read are unchanged.

    @property
    def keys(self) -> list[str]:
        """All keys, in the order of the file."""
        reads.note("works", "", "")
        return list(self.data.entries.keys())

    def __contains__(self, key: object) -> bool:
        if not isinstance(key, str):
            return False
        reads.note("work", self._scope, key)
        return key in self.data.entries

    def __len__(self) -> int:
        return len(self.data.entries)

    def __iter__(self) -> Iterator[str]:
        return iter(self.keys)

    def lookup(self, key: str) -> str | None:
        """The key as the file writes it, or ``None`` when there is no such work."""
        reads.note("work", self._scope, key)
        entry = self.data.entries.get(key)
        return entry.key if entry is not None else None

    def suggestion(self, key: str) -> str:
        """The suggestion "; bedoel je 'x'?" for the closest key, or ""."""
        return did_you_mean(key, self.keys)

    def entry(self, key: str) -> Entry:
        """The pybtex entry (``KeyError`` when unknown)."""
        reads.note("work", self._scope, key)
        return self.data.entries[key]

    def line(self, key: str) -> int | None:
        """The line in the ``.bib`` file where the entry starts."""
        return self._lines.get(key.lower())

    def file(self, key: str) -> str:
        """The ``.bib`` file the entry is in, as messages show it."""
        return self._files.get(key.lower(), self.path)

    def fields(self, key: str) -> EntryFields:
        """The entry's fields as the style reads them."""
        reads.note("work", self._scope, key)
        return self._entry_fields(key)

    def _entry_fields(self, key: str) -> EntryFields:
        """:meth:`fields`, noting no read: for what reads every work of a list."""
        canonical = self._spelling(key)
        fields = self._fields.get(canonical)
        if fields is None:
            fields = self._untouched_fields(canonical)
            if fields is None:
                fields = EntryFields(self.data.entries[key], self.data)
            self._fields[canonical] = fields
        return fields

    def _spelling(self, key: str) -> str:
        """The key of the work ``key`` as its entry spells it. An entry still kept as
        its JSON is not made for it: it is made with the key as the file first spelled
        it (:class:`_LazyEntries`)."""
        entries = self.data.entries
        if isinstance(entries, _LazyEntries) and entries.unmade(key) is not None:
            spelled = entries.spelling(key)
            if spelled is not None:
                return spelled
        return entries[key].key

    def _untouched_fields(self, canonical: str) -> EntryFields | None:
        """The fields the last load made of the work ``canonical``, when an edit
        touched other works only (:attr:`edited`): its entry is the same, spelled the
        same, and no work takes fields of another (:func:`_touched`); what is made of
        them once (names, fingerprint, year-letter group) need not be made again."""
        edited = self.edited
        if edited is None or canonical.lower() in edited[1]:
            return None
        before = edited[0]._fields.get(canonical)
        return before if before is not None and before.key == canonical else None

    # -- documents

    def for_document(self, keys: Iterable[str]) -> Bibliography:
        """This bibliography as one document's reference list sees it: the works ``keys``
        (unknown ones left out) are the list, so year letters are assigned among them
        ("2014a" only when that document lists a "2014b"; APA 7, 8.19 and 9.47) and a
        first author's initials are given when another first author of the list has the
        same surname (8.20). Entries, formatted references and their caches are shared.
        """
        # Every page of an edition asks with the same list of keys: found by the list
        # itself before the keys are looked up one by one.
        asked = tuple(keys)
        view = self._documents_asked.get(asked)
        if view is not None:
            return view
        known = frozenset(self._spelling(k) for k in asked if k in self.data.entries)
        view = self._documents.get(known)
        if view is None:
            view = copy.copy(self)
            all_fields = [self._entry_fields(key) for key in sorted(known)]
            view._suffixes = referencing.year_suffixes(all_fields)
            view._initials = frozenset(referencing.needing_initials(all_fields))
            view._rendered, view._names, view._years, view._labels = {}, {}, {}, {}
            view._documents = {}
            view._documents_asked = {}
            view._lists = {}
            view._scope = "doc"
            view.edited = None  # asked of the whole bibliography only
            self._documents[known] = view
        self._documents_asked[asked] = view
        return view

    def work_state(self, key: str) -> tuple[object, ...] | None:
        """Everything a citation or reference of ``key`` shows, in this bibliography or
        document (:meth:`for_document`): the entry, its year letter and whether the
        first author's initials are given; ``None`` when there is no such work."""
        with reads.not_recording():
            if key not in self.data.entries:
                return None
            fields = self._entry_fields(key)
            return (
                fields.fingerprint(),
                self.year_suffixes.get(fields.key, ""),
                fields.key in self._initials,
            )

    def neighbours(self, key: str) -> tuple[tuple[Any, ...], str | None] | None:
        """What decides which other works of a list change the year letter and initials
        of the work ``key``: its group for year letters (:func:`referencing.letter_group`)
        and its first author's surname (``None`` for a group author or none); ``None``
        when there is no such work."""
        with reads.not_recording():
            if key not in self.data.entries:
                return None
            fields = self._entry_fields(key)
            first = referencing.first_author(fields)
            return referencing.letter_group(fields), first[0] if first is not None else None

    # -- formatting

    @property
    def year_suffixes(self) -> dict[str, str]:
        """Year letters of the whole bibliography: key -> "a", "b", ..."""
        if self._suffixes is None:
            self._suffixes = referencing.year_suffixes(self.fields(key) for key in self.keys)
        return self._suffixes

    def year(self, key: str) -> str:
        """The year as cited: "2013", "2013a", "z.d."."""
        cached = self._years.get(key)
        if cached is None:
            fields = self.fields(key)
            cached = referencing.cited_year(fields, self.year_suffixes.get(fields.key, ""))
            self._years[key] = cached
        return cached

    def _formatted(self, fields: EntryFields) -> tuple[Text, str, str]:
        suffix = self.year_suffixes.get(fields.key, "")
        return _formatted(self.style, fields, suffix, self.formatted, self.format_cache)

    def save_format_cache(self) -> None:
        """Keep this build's formatted references in the cache folder for the next build
        (saved already when released: :meth:`release`)."""
        if self.released:
            return
        if self.format_cache is not None:
            self.format_cache.save(limit=2 * len(self) + 100)

    def release(self) -> None:
        """Let go of the works and of everything made of them, in this bibliography and
        its documents' views (:meth:`for_document`), once a build has converted every
        page: they are the largest part of what the bibliography holds (a 5,000-work
        export: some 15 MB, held by the build to its end and by every process it forks
        after). The formatted references are saved first (:meth:`save_format_cache`).
        Kept: what names the bibliography (:attr:`path`, :attr:`sources`,
        :attr:`source_digest`, :attr:`problems`); any other read of it raises
        (:class:`_Released`). Never in the preview: its next rebuild reuses all of it."""
        if self.released:
            return
        self.save_format_cache()
        self.released = True
        views = [*self._documents.values(), *self._documents_asked.values()]
        gone: Any = _Released(self.path)
        self.data = gone
        self.format_cache = gone
        self.formatted = gone
        self._files = self._lines = self._fields = self._sort_keys = gone
        self._rendered = self._names = self._years = self._labels = gone
        self._suffixes = self._initials = self._lists = gone
        self._documents = self._documents_asked = gone
        self.edited = self._sorted_before = None
        for view in views:
            view.release()

    def formatted_entries(self) -> dict[str, Any]:
        """What the format cache holds of this run (empty without one): for another
        process of the same run (:meth:`take_formatted`)."""
        return self.format_cache.entries() if self.format_cache is not None else {}

    def formatted_since(self, had: set[str]) -> dict[str, Any]:
        """:meth:`formatted_entries` but those named in ``had`` (its names when this
        process was forked): what a forked process sends back, as
        :meth:`take_formatted` takes no others."""
        return {name: made for name, made in self.formatted_entries().items() if name not in had}

    def take_formatted(self, entries: dict[str, Any]) -> None:
        """Take over what another process of this run formatted (its
        :meth:`formatted_entries`), to be used and kept as if formatted here."""
        if self.format_cache is not None:
            self.format_cache.take(entries)

    def format(self, key: str) -> Text:
        """The reference as pybtex rich text."""
        fields = self.fields(key)
        return self._formatted(fields)[0]

    def format_html(self, key: str) -> str:
        """The reference as HTML: ``<em>`` for italics, DOI and URL as links."""
        fields = self.fields(key)
        return self._formatted(fields)[1]

    def format_text(self, key: str) -> str:
        """The reference as plain text."""
        fields = self.fields(key)
        return self._formatted(fields)[2]

    def sort_key(self, key: str) -> tuple[Any, ...]:
        """Where the work stands in an APA list (computed once per entry)."""
        cached = self._sort_keys.get(key)
        if cached is None:
            fields = self.fields(key)
            disk = self.format_cache
            cached = self._untouched_sort_key(key, fields)
            if cached is None and disk is not None:
                cached = disk.get("sort", fields.fingerprint())
            if cached is None:
                cached = self.style.sorting_style.sorting_key(fields)
                if disk is not None:
                    disk.put("sort", fields.fingerprint(), cached)
            self._sort_keys[key] = cached
        return cached

    def _untouched_sort_key(self, key: str, fields: EntryFields) -> tuple[Any, ...] | None:
        """The sort key the last load gave the work ``key``, when an edit touched other
        works only (:attr:`edited`, kept by this bibliography's views): its fields are
        the very ones it had then (:meth:`_untouched_fields`), sorted in the same style,
        and found in or kept by the same format cache, so asking that again (which makes
        the JSON of the whole entry) would find the same and change nothing there."""
        before = self._sorted_before
        if before is None or not _same_sorting(before.style, self.style):
            return None
        if before.format_cache is not self.format_cache:
            return None
        if before._fields.get(fields.key) is not fields:
            return None
        return before._sort_keys.get(key)

    def sorted_keys(self, keys: Iterable[str] | None = None) -> list[str]:
        """Keys (all when ``None``) in APA order, unknown keys left out, no repeats."""
        known = [self._spelling(k) for k in (self.keys if keys is None else keys) if k in self]
        return sorted(dict.fromkeys(known), key=self.sort_key)

    def list_html(
        self,
        keys: Iterable[str] | None = None,
        *,
        notes: Mapping[str, str] | None = None,
        extra: Callable[[str], str] | None = None,
    ) -> str:
        """An APA-sorted list: ``<ul>`` of ``<li id="lit-<key>" class="literatuur-item">``.

        ``keys`` defaults to the whole bibliography (unknown keys are left out).
        ``notes`` adds a line of plain text under a reference (e.g. "Geciteerd in:
        Zuidoost"); ``extra(key)`` adds HTML after it. No blank lines, so the list
        can be put in Markdown as a raw HTML block.

        A list without ``extra`` is made once per bibliography (or document) and the
        same ``keys`` and ``notes``: the entries do not change, and a file that changed
        is another bibliography (:func:`load_bibliography`). The preview's rebuilds ask
        again for the same literature lists; what making one read is noted again.
        """
        if extra is not None:
            return self._list_html(keys, notes, extra)
        asked = (
            None if keys is None else tuple(keys),
            None if notes is None else tuple(notes.items()),
        )
        found = self._lists.get(asked)
        if found is None:
            with reads.recording() as read:
                html = self._list_html(asked[0], notes, None)
            if len(self._lists) >= _LISTS_MAX:
                self._lists.clear()
            found = self._lists[asked] = (html, frozenset(read))
        for item in found[1]:
            reads.note(*item)
        return found[0]

    def _list_html(
        self,
        keys: Iterable[str] | None,
        notes: Mapping[str, str] | None,
        extra: Callable[[str], str] | None,
    ) -> str:
        items = []
        for key in self.sorted_keys(keys):
            more = ""
            note = notes.get(key) if notes else None
            if note:
                more += f'<br><span class="literatuur-noot">{escape(note)}</span>'
            if extra:
                more += extra(key)
            items.append(
                f'<li id="lit-{escape(key)}" class="literatuur-item">'
                f"{self.format_html(key)}{more}</li>"
            )
        return "<ul>\n" + "".join(item + "\n" for item in items) + "</ul>"

    # -- citing

    def citation_names(self, key: str, narrative: bool = False) -> Text:
        """Who a citation names: "Sennett", "De Boer & De Klerk", "Aksin et al."."""
        cached = self._names.get((key, narrative))
        if cached is None:
            fields = self.fields(key)
            disk = self.format_cache
            initials = fields.key in self._initials
            memo = (narrative, initials, fields.fingerprint())
            cached = disk.get("names", memo) if disk is not None else None
            if cached is None:
                cached = referencing.citation_names(fields, narrative, initials)
                if disk is not None:
                    disk.put("names", memo, cached)
            self._names[key, narrative] = cached
        return cached

    def is_title_only(self, key: str) -> bool:
        """Whether citations name the work by its title (it has no author)."""
        return not lead_names(self.fields(key))[0]

    def abbreviation(self, key: str) -> tuple[str, str] | None:
        """The group author of a work and its abbreviation (``shortauthor``):
        ("Centraal Bureau voor de Statistiek", "CBS"), or ``None``."""
        fields = self.fields(key)
        short = referencing.group_abbreviation(fields)
        return (str(self.citation_names(key)), short) if short else None

    def render(
        self, citation: Citation, introduced: AbstractSet[str] = frozenset()
    ) -> RenderedCitation:
        """Resolve a citation whose keys are all known (``KeyError`` otherwise).

        A group author with an abbreviation (``shortauthor``) is named in full with its
        abbreviation, "(Centraal Bureau voor de Statistiek [CBS], 2022)", unless the
        group is in ``introduced`` (the document named it before): "(CBS, 2022)" (APA 7,
        8.21). The result's ``introduces`` says which groups it introduced; the
        caller keeps the document's ``introduced``, in the document's order.
        """
        groups = {
            found[0] for key in citation.keys if (found := self.abbreviation(key)) is not None
        }
        memo = (citation.items, citation.mode, frozenset(groups & set(introduced)))
        cached = self._rendered.get(memo)
        if cached is None:
            if citation.mode == "narrative":
                cached = self._narrative(citation.items[0], memo[2])
            else:
                cached = self._parenthetical(citation.items, memo[2])
            self._rendered[memo] = cached
        return cached

    def cite(
        self,
        keys: str | Iterable[str],
        mode: Mode = "parenthetical",
        locator: str = "",
        prefix: str = "",
        suppress_author: bool = False,
        introduced: AbstractSet[str] = frozenset(),
    ) -> RenderedCitation:
        """Cite works by key; ``locator`` and ``prefix`` go with the first work
        (``introduced``: the group authors named before, see :meth:`render`)."""
        keys = [keys] if isinstance(keys, str) else list(keys)
        items = [CiteItem(key, suppress_author=suppress_author) for key in keys]
        if items:
            items[0] = CiteItem(
                keys[0], prefix.strip(), normalise_locator(locator), suppress_author
            )
        return self.render(Citation(tuple(items), mode), introduced)

    def _narrative(self, item: CiteItem, introduced: AbstractSet[str]) -> RenderedCitation:
        key = self.data.entries[item.key].key
        names = self.citation_names(key, narrative=True)
        inside = self.year(key) + (f", {item.locator}" if item.locator else "")
        work = CitedWork(key, Text(names, f" ({inside})"))
        introduces: frozenset[str] = frozenset()
        abbreviation = self.abbreviation(key)
        if abbreviation is not None:
            group, short = abbreviation
            if group in introduced:
                work = CitedWork(key, Text(f"{short} ({inside})"))
            else:
                # "Centraal Bureau voor de Statistiek (CBS, 2022)", later "CBS (2022)"
                long = f"{group} ({short}, "
                work = CitedWork(
                    key, Text(f"{long}{inside})"), Introduction(group, long, f"{short} (")
                )
                introduces = frozenset({group})
        parts: list[str | CitedWork] = []
        if item.prefix:
            parts.append(item.prefix + " ")
        parts.append(work)
        return RenderedCitation(tuple(parts), introduces)

    def _parenthetical(
        self, items: Iterable[CiteItem], introduced: AbstractSet[str]
    ) -> RenderedCitation:
        written = list(items)
        # A prefix on the first work written ("zie") introduces the whole citation;
        # other prefixes stay with their work when the works are put in list order.
        lead = written[0].prefix if written else ""
        if lead:
            written[0] = CiteItem(
                written[0].key, "", written[0].locator, written[0].suppress_author
            )
        ordered = (
            sorted(written, key=lambda item: self.sort_key(item.key))
            if len(written) > 1
            else written
        )
        parts: list[str | CitedWork] = ["(" + (lead + " " if lead else "")]
        previous_names: str | None = None
        previous_open = False  # may the next year join the previous work's names?
        known = set(introduced)
        introduces: set[str] = set()
        for index, item in enumerate(ordered):
            key = self.data.entries[item.key].key
            names = self.citation_names(key)
            year = self.year(key)
            joinable = not item.prefix and not item.suppress_author
            if index and joinable and previous_open and str(names) == previous_names:
                parts.append(", ")  # same authors: (Sennett, 2003, 2008)
                parts.append(CitedWork(key, Text(year)))
            else:
                if index:
                    parts.append("; ")
                if item.prefix:
                    parts.append(item.prefix + " ")
                abbreviation = None if item.suppress_author else self.abbreviation(key)
                if abbreviation is not None:
                    group, short = abbreviation
                    if group in known:
                        parts.append(CitedWork(key, Text(f"{short}, {year}")))
                    else:
                        # "(Centraal Bureau voor de Statistiek [CBS], 2022)"
                        long = f"{group} [{short}]"
                        intro = Introduction(group, long, short)
                        parts.append(CitedWork(key, Text(f"{long}, {year}"), intro))
                        known.add(group)
                        introduces.add(group)
                else:
                    label = self._labels.get((key, item.suppress_author))
                    if label is None:
                        label = Text(year) if item.suppress_author else Text(names, ", ", year)
                        self._labels[key, item.suppress_author] = label
                    parts.append(CitedWork(key, label))
            if item.locator:
                parts.append(f", {item.locator}")
            previous_names = str(names) if not item.suppress_author else None
            previous_open = joinable and not item.locator
        parts.append(")")
        return RenderedCitation(tuple(_merge(parts)), frozenset(introduces))

    # -- problems

    @cached_property
    def warnings(self) -> list[SourceProblem]:
        """What entries lack for a complete reference, one problem per missing field."""
        return self.warnings_for(self.keys)

    def warnings_for(self, keys: Iterable[str]) -> list[SourceProblem]:
        """Like :attr:`warnings`, for some works only (unknown keys are skipped)."""
        problems = []
        for key in dict.fromkeys(keys):
            if key not in self:
                continue
            for message in self._missing(key):
                problems.append(SourceProblem(self.file(key), self.line(key), message))
        return problems

    def _missing(self, key: str) -> tuple[str, ...]:
        """What the entry lacks, one message per field (kept in the cache folder too)."""
        fields = self.fields(key)
        disk = self.format_cache
        found: tuple[str, ...] | None = (
            disk.get("missing", fields.fingerprint()) if disk is not None else None
        )
        if found is None:
            found = tuple(missing.message for missing in self.style.check_fields(fields))
            if disk is not None:
                disk.put("missing", fields.fingerprint(), found)
        return found


def _merge(parts: list[str | CitedWork]) -> list[str | CitedWork]:
    """Join neighbouring strings."""
    merged: list[str | CitedWork] = []
    for part in parts:
        if isinstance(part, str) and merged and isinstance(merged[-1], str):
            merged[-1] += part
        elif part != "":
            merged.append(part)
    return merged
