"""The publication gate: one look at everything a build is about to publish.

Checks on the sources catch what co-authors write in the places we thought of. This
module holds the guarantees where they cannot be bypassed: on the files themselves.

* :func:`source_files` decides, for every file MkDocs found in ``docs/``, whether it may
  be published at all. Pages are rendered; images and PDFs are copied; data files
  (YAML, CSV, JSON, text, BibTeX) and editor backups never are; a name close to a data
  file the build reads (``citaten.yaml``) is a mistake; anything else stops the build.
* :class:`Gate` looks at the staged site after rendering, before it replaces the last
  good one: every file must be accounted for (a page, a theme or plugin asset, a
  plugin output, or a file type co-authors may publish), and the visible text of every
  output (pages, search index, catalog, citation files, cartridges, the books) must hold
  no phone number, e-mail address or home address, no quote without consent and no
  participant's name.
"""

from __future__ import annotations

import array
import base64
import codecs
import contextlib
import hashlib
import html
import io
import json
import logging
import os
import posixpath
import re
import sys
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache, partial
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any, TypeVar

import yaml

from handreiking import forking, jsoncache, memory
from handreiking.content.privacy import (
    ALLOWLIST_FILE,
    Allowlist,
    find_in_plain_text,
    plain_text,
)
from handreiking.content.quotes import QUOTE_FILE
from handreiking.content.socialekaart import KAART_FILE
from handreiking.errors import SourceProblem, did_you_mean
from handreiking.text import strings_in

if TYPE_CHECKING:
    from mkdocs.structure.files import File

    from handreiking.content.view import PublicationView
    from handreiking.markdown.record import BuildRecord

#: The fastest safe YAML reader there is (C when PyYAML has it): builds no objects.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
#: the gate gives the memory of the files it read back to the system every this many
#: files (memory.py): a built site is thousands of files of up to megabytes
GIVE_BACK_FILES = 200
#: and at once after a file of this many bytes or more: judging it took several times
#: its size (its text, the text a reader gets, the scans' copies), which the heap would
#: otherwise keep under the next files' memory until the next give-back
GIVE_BACK_SIZE = 1_000_000

#: What co-authors may publish from ``docs/`` besides pages: pictures and documents
#: that cannot run code in a reader's browser. (SVG can hold scripts: not on this list.)
PUBLISHABLE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".pdf")

#: Data: read by the build (``citaten.yml``) or kept beside the text by co-authors
#: (lists of participants, notes, exports). Never copied into the site.
DATA_SUFFIXES = (".yml", ".yaml", ".csv", ".tsv", ".json", ".txt", ".bib", ".ris", ".xml")

#: Editor and merge leftovers: never copied, never a mistake worth stopping for.
BACKUP_SUFFIXES = (".bak", ".orig", ".rej", ".swp", ".swo", ".tmp", ".old")

#: The data files the build reads from an edition's folder, by name.
DATA_FILES = (QUOTE_FILE, KAART_FILE)


def _is_backup(name: str) -> bool:
    lower = name.lower()
    return (
        lower.endswith("~")
        or lower.endswith(BACKUP_SUFFIXES)
        or (lower.startswith("#") and lower.endswith("#"))
        or lower.startswith(".~lock.")
    )


def _close_data_name(name: str) -> str | None:
    """The data file ``name`` was probably meant to be (``citaten.yaml``: citaten.yml)."""
    lower = name.lower()
    for wanted in DATA_FILES:
        stem = wanted.rsplit(".", 1)[0]
        if name != wanted and (
            lower == wanted or lower.startswith(stem) or did_you_mean(lower, [wanted])
        ):
            return wanted
    return None


@dataclass
class SourceFiles:
    """What :func:`source_files` decided about the files of ``docs/``."""

    #: ``src_uri`` of every file that must not be copied into the site
    drop: set[str] = field(default_factory=set)
    #: files that stop the build: a near miss of a data file, a type that is not published
    problems: list[SourceProblem] = field(default_factory=list)


def admin_assets(config: Any) -> list[str]:
    """The files of ``docs/`` that ``mkdocs.yml`` itself names (``extra_css``,
    ``extra_javascript``, the theme's ``logo`` and ``favicon``): the administrator's,
    published as they are."""
    named = [*config.extra_css, *map(str, config.extra_javascript)]
    named += [str(config.theme[key]) for key in ("logo", "favicon") if config.theme.get(key)]
    return named


def source_files(
    files: Iterable[File],
    docs_dir: Path,
    *,
    editions: Iterable[str],
    shown: Callable[[str], str],
    admin_assets: Iterable[str] = (),
) -> SourceFiles:
    """Decide which files of ``docs/`` (not the theme's, not generated) may be published.

    ``editions`` are the ids of the edition folders (where ``citaten.yml`` is read);
    ``shown`` gives the path a co-author sees for a ``src_uri``; ``admin_assets`` are
    the files ``mkdocs.yml`` names (:func:`admin_assets`), published as they are.
    """
    result = SourceFiles()
    allowed = set(admin_assets)
    folders = set(editions)
    for file in files:
        if file.generated_by is not None or file.is_documentation_page():
            continue
        if file.src_dir is None or Path(file.src_dir).resolve() != docs_dir:
            continue  # the theme's own files
        src_uri = file.src_uri
        name = PurePosixPath(src_uri).name
        suffix = PurePosixPath(name.lower()).suffix
        if src_uri in allowed or suffix in PUBLISHABLE_SUFFIXES:
            continue
        result.drop.add(src_uri)
        if _is_backup(name):
            continue
        folder = posixpath.dirname(src_uri)
        close = name if name in DATA_FILES else _close_data_name(name)
        if close is not None and folder not in folders:
            example = f"docs/{min(folders, default='zuidoost')}/{close}"
            result.problems.append(
                SourceProblem(
                    shown(src_uri),
                    None,
                    f"dit bestand wordt niet gelezen en niet gepubliceerd: {close} wordt alleen "
                    f"gelezen in de map van een editie, zoals {example}. Zet de gegevens "
                    "daar, of haal dit bestand weg",
                )
            )
        elif close is not None and close != name:
            where = posixpath.join(posixpath.dirname(shown(src_uri)), close)
            result.problems.append(
                SourceProblem(
                    shown(src_uri),
                    None,
                    f"dit bestand wordt niet gelezen en niet gepubliceerd; bedoel je {close}? "
                    f"Zet de gegevens in {where} (precies die naam, in kleine letters), of "
                    "haal dit bestand weg",
                )
            )
        elif close is not None or suffix in DATA_SUFFIXES:
            continue  # read by the build, or a data file beside the text: never copied
        else:
            kinds = ", ".join(PUBLISHABLE_SUFFIXES)
            result.problems.append(
                SourceProblem(
                    shown(src_uri),
                    None,
                    f"bestanden van dit soort ('{suffix or name}') worden niet gepubliceerd: "
                    f"uit docs/ komen alleen pagina's (.md) en bestanden van deze soorten op de "
                    f"site: {kinds}. Zet de inhoud in een pagina, bewaar het bestand buiten "
                    "docs/, of haal het weg",
                )
            )
    return result


# ------------------------------------------------------------------------ visible text

_COMMENT = re.compile(r"<!--.*?-->", re.S)
_HIDDEN = re.compile(r"<(script|style|template)\b[^>]*>.*?</\1\s*>", re.S | re.I)
#: Tags inside a line of text: removed without a trace, so ``06-<b>1234</b>5678`` is read
#: as the number a reader sees.
_INLINE = re.compile(
    r"</?(?:a|abbr|b|bdi|bdo|cite|code|data|del|dfn|em|i|ins|kbd|mark|q|s|samp|small|span|"
    r"strong|sub|sup|time|u|var|wbr)\b(?:[^>\"']|\"[^\"]*\"|'[^']*')*>",
    re.I,
)
_TAG = re.compile(r"<[!/?]?[A-Za-z][^>\"']*(?:(?:\"[^\"]*\"|'[^']*')[^>\"']*)*>")
#: Attribute values a reader, a screen reader or a link preview shows.
#: (Lower-case names and no space around "=", as every HTML writer of a build makes them:
#: MkDocs, Material, our templates, nh3; the literal start makes the search fast.)
_SHOWN_ATTRIBUTE = re.compile(
    r"[ \n\t](?:alt|title|aria-label|aria-description|content|label|placeholder|value|"
    r"data-[\w-]+)=(?:\"([^\"]*)\"|'([^']*)')"
)
_MAIL_OR_PHONE_LINK = re.compile(r"[ \n\t]href=[\"']?((?:mailto|tel|sms):[^\"'>\s]*)", re.I)


def decoded(text: str) -> str:
    """Plain text as it reads: entities decoded, look-alike digits, dashes and spaces made
    plain (:func:`privacy.plain_text`). Unlike :func:`privacy.normalise` it leaves
    Markdown's markers alone: it is for text already taken out of the HTML."""
    if "&" in text:
        text = html.unescape(text)
    return plain_text(text)


def visible_text(markup: str) -> str:
    """The text of an HTML or XML document as readers get it, attribute texts included.

    Markup inside a line (emphasis, links) is removed without a trace and block
    boundaries become line breaks, so text split by markup is read whole and text in
    neighbouring cells is not run together.
    """
    if "<" not in markup:
        return decoded(markup)
    attributes = [a or b for a, b in _SHOWN_ATTRIBUTE.findall(markup)]
    attributes += _MAIL_OR_PHONE_LINK.findall(markup)
    text = _COMMENT.sub("", markup)
    text = _HIDDEN.sub("\n", text)
    text = _INLINE.sub("", text)
    text = _TAG.sub("\n", text)
    return decoded(text + "\n" + "\n".join(attributes))


#: the characters of a text :func:`_collapse` splits at once, at least
_COLLAPSE_PIECE = 1 << 16
_SPACE = re.compile(r"\s")


def _readable(raw: str, markup: bool) -> str:
    """The text a reader gets from ``raw``: :func:`visible_text` of it when ``markup``,
    else :func:`decoded`."""
    return visible_text(raw) if markup else decoded(raw)


def _collapse(text: str) -> str:
    r"""``" ".join(text.split())``, without a list of every word of a large text at once
    (a page of megabytes has hundreds of thousands, each an object of its own).

    The text is split in pieces that end at a white-space character (what ``\s``
    matches is what ``str.split`` splits at: both ask Unicode's white space), so no word
    lies in two pieces, and the words of the pieces, in order, are the words of the
    text."""
    if len(text) <= _COLLAPSE_PIECE:
        return " ".join(text.split())
    parts: list[str] = []
    start = 0
    while start < len(text):
        space = _SPACE.search(text, start + _COLLAPSE_PIECE)
        end = len(text) if space is None else space.end()
        part = " ".join(text[start:end].split())
        if part:
            parts.append(part)
        start = end
    return " ".join(parts)


# ------------------------------------------------------------------------ the gate


@dataclass(frozen=True)
class Output:
    """One file of the staged site: what made it, and the sources its text comes from."""

    #: ``page``, ``asset`` (theme, plugin or a co-author's file), ``data`` (plugin output:
    #: catalog, citation files, cartridges, id pages, search index, books), ``mkdocs``
    kind: str
    #: the source a message points at (``docs/x.md``), or ``None``
    source: str | None = None
    #: the source files whose privacy exceptions hold in this output (``None``: all)
    sources: frozenset[str] | None = None


@dataclass
class Gate:
    """Everything a build is about to publish, checked before it replaces the last site.

    The plugin tells it what each file is (:meth:`expect`) as the build goes; after the
    build, :meth:`inspect` walks the staged folder.
    """

    publication: PublicationView
    #: what the build's pages placed and cited: whose privacy exceptions hold on each
    record: BuildRecord
    allowlist: Allowlist
    outputs: dict[str, Output] = field(default_factory=dict)
    #: the text of each book, by the PDF's path: the HTML WeasyPrint printed
    books: dict[str, str] = field(default_factory=dict)

    #: what earlier builds of this plugin read and said (the preview's rebuilds; with
    #: ``keep_on_disk``, the earlier builds of this project by this user too)
    memory: GateMemory | None = None
    #: whether ``memory`` reads and keeps its verdicts in its folder (builds)
    keep_on_disk: bool = False

    _canaries: dict[str, tuple[str, str, int | None]] | None = field(
        default=None, init=False, repr=False
    )
    #: per built page a forked process judged (:meth:`inspect`): what it read of it and
    #: of the pages before it in its share (:class:`_Digested`), once its answer is taken
    _digested: dict[str, _Digested] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        if self.memory is not None:
            self.memory.start(disk=self.keep_on_disk)

    def expect(self, dest: str, output: Output) -> None:
        """Account for the file at ``dest`` (relative to the site folder)."""
        self.outputs[dest] = output

    def canaries(self) -> dict[str, tuple[str, str, int | None]]:
        """The texts that must never be published (read once per build)."""
        if self._canaries is None:
            self._canaries = _canaries(self.publication, self.memory)
        return self._canaries

    def page_problems(self, src_uri: str, html: str) -> list[SourceProblem]:
        """What the gate says about one page's own converted text, as ``handreiking
        check`` says it: for the live preview, which publishes nothing and so has no
        gate of its own, but shows every problem on its page."""
        if not self.publication.privacy_clean:
            return []
        shown = self.publication.shown_path(src_uri)
        sources = page_sources(self.publication, self.record, src_uri)
        findings = Findings(self.publication, self.allowlist, self.canaries(), self.memory)
        findings.judge(shown, html, sources, page=True)
        return findings.problems()

    def expect_files(self, files: Iterable[File], docs_dir: Path) -> None:
        """Account for MkDocs' files: rendered pages, theme and co-authors' assets."""
        for file in files:
            if file.is_documentation_page():
                source = self.publication.shown_path(file.src_uri)
                generated = file.generated_by is not None
                self.expect(
                    file.dest_uri,
                    Output(
                        "page",
                        None if generated else source,
                        None
                        if generated
                        else page_sources(self.publication, self.record, file.src_uri),
                    ),
                )
            elif file.generated_by is not None:
                self.expect(file.dest_uri, Output("data"))
            else:
                in_docs = file.abs_src_path is not None and Path(file.abs_src_path).is_relative_to(
                    docs_dir
                )
                shown = self.publication.shown_path(file.src_uri) if in_docs else None
                self.expect(file.dest_uri, Output("asset", shown))

    # -- inspecting the staged site ------------------------------------------

    def inspect(self, site_dir: Path, workers: int | None = None) -> list[SourceProblem]:
        """Every file accounted for, and nothing private in any text; the problems found.

        On a large site, with a memory, shares of the files are judged in forked processes
        meanwhile (``workers``: how many processes, ``None``: as the machine and the
        site's size allow): their verdicts are offered to the memory, each keyed on
        exactly the text and rules it was made of, and this process still reads every
        file and judges every text, by those verdicts where the keys match."""
        problems: list[SourceProblem] = []
        findings = Findings(self.publication, self.allowlist, self.canaries(), self.memory)
        chrome: set[str] = set()  # lines of the theme's frame already read on other pages
        files = _site_files(site_dir)
        forked = _judging_forked(self, site_dir, files, workers)
        try:
            problems += self._inspect(site_dir, files, findings, chrome, forked)
        finally:
            forked.stop()
            self._digested = {}
        return problems

    def _inspect(
        self,
        site_dir: Path,
        files: list[tuple[str, bool]],
        findings: Findings,
        chrome: set[str],
        forked: forking.Shares,
    ) -> list[SourceProblem]:
        problems: list[SourceProblem] = []
        # every file is read whole, one after the other: what each left is given back
        giving_back = memory.Every(GIVE_BACK_FILES)
        for dest, symlink in files:
            forked.at(dest)
            giving_back.page()
            path = site_dir / dest
            output = self.outputs.get(dest)
            if output is None or symlink:
                problems.append(_unaccounted(dest))
                continue
            if output.kind == "asset":
                # The theme's files and co-authors' pictures are checked by kind, not read;
                # a co-author's PDF is read like everything else that holds text.
                if output.source is not None and path.suffix.lower() == ".pdf":
                    unreadable = scan_document(findings, output.source, path)
                    if unreadable is not None:
                        problems.append(unreadable)
                continue
            large = _size(str(path)) >= GIVE_BACK_SIZE
            if _digestible(dest, output):
                self._judge_html(dest, path, output, findings, chrome)
            else:
                self._judge_texts(dest, path, output, findings, chrome)
            if large:
                memory.give_back()
        for dest, book in sorted(self.books.items()):
            findings.judge(f"{dest} (de tekst van het boek)", book, None)
        problems.extend(findings.problems())
        return problems

    def _judge_texts(
        self, dest: str, path: Path, output: Output, findings: Findings, chrome: set[str]
    ) -> None:
        """Judge each text a reader gets of a file that is not a page read whole
        (:func:`_texts`)."""
        for where, text, sources, markup in _texts(dest, path, output, self.outputs, chrome):
            findings.judge(where, text, sources, page=where == output.source, markup=markup)

    def _judge_html(
        self, dest: str, path: Path, output: Output, findings: Findings, chrome: set[str]
    ) -> None:
        """Judge an HTML file as :func:`_texts` reads it: its own text whole, of its frame
        the units no file before had (:func:`_own_and_new`). What the file is made of,
        the digest of its own text and its frame's units, is taken from the memory (an
        earlier build read exactly these bytes) or from a forked process of this build
        (:class:`_Digested`) when either has it, else read here (and kept)."""
        data = path.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        share = self._digested.pop(dest, None)
        # (the share is told of every file of it this process reads, in order)
        from_share = share.take(dest, digest) if share is not None else None
        memory = self.memory
        kept = memory.page(digest) if memory is not None else None
        units: list[str] | None
        own_text: str | None = None  # the page's own text, when read here
        if kept is not None:
            own, units = kept
            new = _new_units(units, chrome)
        elif from_share is not None:
            # the units new to the process's share, less those read before it: those
            # new to this build (see _Digested)
            own, share_new = from_share
            units = None
            new = _new_units(share_new, chrome)
        else:
            text = _file_text(data)
            data = b""  # read: its text is all that is judged
            own_text, read = _own_and_units(text)
            del text
            own, units = _text_digest(own_text), list(read)
            new = _new_units(units, chrome)
        if memory is not None and units is not None:
            memory.keep_page(digest, own, units)
        where = _where(dest, output)
        page = where == output.source

        def raw() -> str:
            # The text read above, handed over (not held here while it is judged), or
            # read now: never two copies of a large page's text at once.
            nonlocal own_text
            text, own_text = own_text, None
            return text if text is not None else _own_and_units(_file_text(data))[0]

        findings.judge_digested(where, own, raw, output.sources, page, True)
        if new:
            findings.judge(where, "\n".join(new), output.sources, page=page)

    def verdicts_of(self, site_dir: Path, dests: list[str]) -> list[Any]:
        """Judge the texts of the files ``dests`` (in a forked process): each verdict it
        made by its key, as :meth:`GateMemory.save` keeps them, and what it read of each
        built page (:class:`_Digested`). What the earlier builds' verdicts judge is not
        judged again, nor sent back: the parent has them too."""
        kept = GateMemory()
        earlier = self.memory._earlier if self.memory is not None else {}
        kept._earlier = earlier
        findings = Findings(self.publication, self.allowlist, self.canaries(), kept)
        chrome: set[str] = set()
        digested: dict[str, list[Any]] = {}
        for dest in dests:
            output = self.outputs[dest]
            path = site_dir / dest
            large = _size(str(path)) >= GIVE_BACK_SIZE
            if _digestible(dest, output):
                # as _texts reads a page, with what the parent needs to know of it
                data = path.read_bytes()
                digest = hashlib.sha256(data).hexdigest()
                own, units = _own_and_units(_file_text(data))
                del data  # read: its text is all that is judged
                new = _new_units(units, chrome)
                where = _where(dest, output)
                page = where == output.source
                own_digest = _text_digest(own)
                findings.judge(where, own, output.sources, page=page)
                del own
                if new:
                    findings.judge(where, "\n".join(new), output.sources, page=page)
                digested[dest] = [digest, own_digest, new]
            else:
                self._judge_texts(dest, path, output, findings, chrome)
            if large:
                memory.give_back()
        verdicts = {key: found for key, found in kept.encoded().items() if key not in earlier}
        return [verdicts, digested]


#: the bytes of files a share holds at least before a process of its own judges them
#: (about 30 ns a byte: reading the file, its visible text, the scans). The gate is the
#: build's last step, with the other core idle: a child costs that core about 50 ms more
#: than its share, and this process a few ms; the 111-page guide (5.9 MB to judge) is
#: judged in two processes, its parent's CPU for the gate 0.16 s instead of 0.26 s
JUDGE_SHARE_MIN = 2_500_000


def _judging_forked(
    gate: Gate, site_dir: Path, files: list[tuple[str, bool]], workers: int | None
) -> forking.Shares:
    """The forked processes judging shares of the site's files (:meth:`Gate.inspect`),
    their verdicts offered to the gate's memory, and what they read of each page kept
    for the gate (:class:`_Digested`); none without a memory to offer to."""

    def take(answer: Any, run: list[str]) -> int | None:
        assert gate.memory is not None
        try:
            verdicts, digested = _decode_answer(answer)
        except (jsoncache.CacheShapeError, ValueError, TypeError):
            return None
        gate.memory.offer(verdicts)
        pages = [dest for dest in run if _digestible(dest, gate.outputs[dest])]
        share = _Digested(pages, digested)
        for dest in pages:
            gate._digested[dest] = share
        return len(run)

    forked = forking.Shares(take, "gate: %d bestanden in een ander proces beoordeeld")
    if gate.memory is None:  # nothing to offer the verdicts to
        return forked
    judged = []
    for dest, symlink in files:
        output = gate.outputs.get(dest)
        if not symlink and output is not None and output.kind != "asset":
            judged.append(dest)

    folder = os.fspath(site_dir)

    def size(dest: str) -> int:
        # a string path: a Path made per file only to be measured costs more than the stat
        return _size(os.path.join(folder, dest))

    for run in forking.shares(judged, size, workers, JUDGE_SHARE_MIN)[1:]:
        forked.start(run, partial(gate.verdicts_of, site_dir, run))
    return forked


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


def _digestible(dest: str, output: Output) -> bool:
    """Whether ``dest`` is an HTML file, whose text :func:`_texts` takes apart into its
    own text and its frame."""
    return output.kind != "asset" and dest.lower().endswith((".html", ".htm"))


@dataclass
class _Digested:
    """What a forked process (:meth:`Gate.inspect`) read of the HTML files of its share
    of the site, in their order: per file the SHA-256 of its bytes, the SHA-256 of its
    own text, and the units of its frame new to the share (:func:`_own_and_new`).

    Taken for a page only when its bytes are exactly those, and every page before it in
    the share was taken so, in the same order: then the units of the share's earlier
    pages are among those the gate has read, so a unit new to the share and not among
    them is new to the build, and every unit new to the build is new to the share.
    Otherwise this page and the rest of the share are read here again."""

    dests: list[str]
    pages: dict[str, tuple[str, str, list[str]]]
    done: int = 0
    intact: bool = True

    def take(self, dest: str, digest: str) -> tuple[str, list[str]] | None:
        """The digest of the page's own text and its units new to the share, when
        ``digest`` is the SHA-256 of the bytes they were read from, in the order they
        were read."""
        if not self.intact or self.done >= len(self.dests) or self.dests[self.done] != dest:
            self.intact = False
            return None
        self.done += 1
        known = self.pages.get(dest)
        if known is None or digest != known[0]:
            self.intact = False
            return None
        return known[1], known[2]


def _decode_answer(answer: Any) -> tuple[dict[str, Found], dict[str, tuple[str, str, list[str]]]]:
    """What :meth:`Gate.verdicts_of` sent back, its shape checked throughout."""
    verdicts, digested = jsoncache.array(answer, 2)
    if not isinstance(digested, dict):
        raise jsoncache.CacheShapeError("expected an object of pages")
    pages: dict[str, tuple[str, str, list[str]]] = {}
    for dest, value in digested.items():
        data, own, units = jsoncache.array(value, 3)
        pages[jsoncache.string(dest)] = (
            jsoncache.string(data),
            jsoncache.string(own),
            jsoncache.strings(units),
        )
    return _decode_verdicts(verdicts), pages


def _site_files(site_dir: Path) -> list[tuple[str, bool]]:
    """Every file in ``site_dir`` but folders, by its path there (``/``-separated,
    ordered part by part), with whether it is a symbolic link: one listing per folder,
    whose entries say what they are without a look at each file. A link is never
    followed (a link to a folder is a file here, and not accounted for)."""
    found: list[tuple[tuple[str, ...], bool]] = []
    folders: list[tuple[str, tuple[str, ...]]] = [(str(site_dir), ())]
    while folders:
        folder, parts = folders.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    folders.append((entry.path, (*parts, entry.name)))
                else:
                    found.append(((*parts, entry.name), entry.is_symlink()))
    found.sort()
    return [("/".join(parts), symlink) for parts, symlink in found]


def page_sources(publication: PublicationView, build: BuildRecord, src_uri: str) -> frozenset[str]:
    """A page's file and every file whose text it shows (its quotes, boxes and works):
    where the privacy exceptions that hold on the page may be listed for."""
    sources = {publication.shown_path(src_uri), "mkdocs.yml"}
    record = build.records.get(src_uri)
    if record is not None:
        for quote_id in record.quotes:
            quote = publication.quotes.get(quote_id)
            if quote is not None:
                sources.add(quote.path)
        for box_id in record.bouwstenen:
            box = publication.bouwstenen.get(box_id)
            if box is not None:
                sources.add(box.path)
        if record.cited and publication.bibliography is not None:
            sources.update(publication.bibliography.sources)
    return frozenset(sources)


def scan_document(findings: Findings, shown: str, path: Path) -> SourceProblem | None:
    """Read the text of a co-author's PDF into ``findings``; a problem when it cannot be
    read (then nobody can tell what it would publish)."""
    from pypdf import PdfReader  # only for sites with PDFs of their own in docs/

    # pypdf says what it repairs on its own logger; a damaged file gets our message.
    logging.getLogger("pypdf").setLevel(logging.CRITICAL)
    try:
        reader = PdfReader(path)
        text = "\n".join(page.extract_text() or "" for page in reader.pages)
        for value in (reader.metadata or {}).values():
            text += f"\n{value}"
    except Exception:  # pypdf raises many kinds for a damaged or encrypted file
        return SourceProblem(
            shown,
            None,
            "de tekst van deze PDF kan niet worden gelezen, dus ook niet worden "
            "gecontroleerd op persoonlijke gegevens; sla het document opnieuw op als PDF "
            "(zonder wachtwoord), of haal het weg",
        )
    findings.scan(shown, decoded(text), frozenset({shown}))
    return None


def _unaccounted(dest: str) -> SourceProblem:
    return SourceProblem(
        dest,
        None,
        "dit bestand staat in de gebouwde site, maar geen pagina, thema, plugin of bestand "
        "uit docs/ heeft het gemaakt; het wordt niet gepubliceerd. Bouw opnieuw in een lege "
        "map, of meld het als het blijft terugkomen",
    )


def _where(dest: str, output: Output) -> str:
    """Where a problem in the output file ``dest`` is said to be: the source of a page,
    else the file itself."""
    return output.source if output.kind == "page" and output.source else dest


def _page_of(location: str, outputs: dict[str, Output]) -> frozenset[str] | None:
    """The sources of the page a search entry's ``location`` points into."""
    path = location.split("#", 1)[0]
    page = outputs.get(f"{path}index.html" if path.endswith("/") or not path else path)
    return page.sources if page is not None else None


def _texts(
    dest: str, path: Path, output: Output, outputs: dict[str, Output], chrome: set[str]
) -> Iterator[tuple[str, str, frozenset[str] | None, bool]]:
    """``(where, text, sources, markup)`` of one output file: its text as readers get it
    is :func:`visible_text` of ``text`` when ``markup``, else :func:`decoded` of it."""
    where = _where(dest, output)
    suffix = path.suffix.lower()
    if suffix in (".png", ".jpg", ".jpeg", ".gif", ".webp", ".ico", ".pdf", ".gz", ".woff2"):
        return
    if suffix in (".imscc", ".epub"):
        # a cartridge, an e-book: every file in the archive, as its reader gets it
        with zipfile.ZipFile(path) as archive:
            for member in archive.namelist():
                text = archive.read(member).decode("utf-8", "replace")
                yield f"{dest}/{member}", text, None, True
        return
    if suffix == ".json":
        # the search index: megabytes, read a piece at a time, its entries one by one
        # as json.loads would give them (never the whole text, nor all entries, at once),
        # then its other members
        rest = _array_member(path, "docs")
        if rest is not None:
            yield from _entry_texts(dest, _array_items(_JsonPieces(path), "docs"), outputs)
            yield where, "\n".join(strings_in(rest)), output.sources, True
            return
    raw = path.read_text(encoding="utf-8", errors="replace")
    if suffix == ".json":
        try:
            data = json.loads(raw)
        except (ValueError, RecursionError):  # (nested too deep for the parser) as text
            yield where, raw, output.sources, False
            return
        del raw  # read: the search index is megabytes, as text and again as data
        docs = data.get("docs") if isinstance(data, dict) else None
        if isinstance(docs, list):  # the search index: each entry from its own page
            yield from _entry_texts(dest, _each_let_go(docs), outputs)
            data = {key: value for key, value in data.items() if key != "docs"}
        yield where, "\n".join(strings_in(data)), output.sources, True
        return
    if suffix in (".html", ".htm"):
        own, frame = _own_and_new(raw, chrome)
        yield where, own, output.sources, True
        if frame:
            yield where, frame, output.sources, True
        return
    if suffix in (".xml", ".svg"):
        yield where, raw, output.sources, True
        return
    yield where, raw, output.sources, False


def _entry_texts(
    dest: str, entries: Iterable[Any], outputs: dict[str, Output]
) -> Iterator[tuple[str, str, frozenset[str] | None, bool]]:
    """What :func:`_texts` reads of each entry of the search index ``dest``: its text,
    at the page it is from."""
    for entry in entries:
        if isinstance(entry, dict):
            location = str(entry.get("location", ""))
            where = f"{dest}, bij /{location}"
            yield where, "\n".join(strings_in(entry)), _page_of(location, outputs), True


def _each_let_go(items: list[Any]) -> Iterator[Any]:
    """The items of ``items``, each let go of by the list as it is given (judged one at
    a time, not held all to the end)."""
    for index, item in enumerate(items):
        items[index] = None
        yield item


_DECODER = json.JSONDecoder()
#: what JSON counts as white space between its tokens (json.decoder's own)
_JSON_SPACE = re.compile(r"[ \t\n\r]*")
#: how much of a JSON file :class:`_JsonPieces` reads at a time (bytes)
_JSON_PIECE = 1 << 20


def _past_space(text: str, at: int) -> int:
    """Where the white space at ``at`` of ``text`` ends."""
    found = _JSON_SPACE.match(text, at)
    return found.end() if found is not None else at


class _JsonPieces:
    """A JSON file's text read a piece at a time, decoded as ``read_text`` with
    ``errors="replace"`` decodes the whole: only the piece from where the reader stands
    is held. Its methods raise ``ValueError`` where the text is not JSON."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._bytes: io.BufferedReader | None = None
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._text = ""
        self._at = 0
        self._ended = False

    def _more(self, grow: bool = False) -> bool:
        """Read the next piece; ``False`` at the file's end. ``grow``: at least as much
        as is held (a value larger than a piece, read again with each: the reading stays
        linear in its size)."""
        if self._ended:
            return False
        if self._bytes is None:
            self._bytes = open(self._path, "rb")  # noqa: SIM115 (closed at its end)
        size = max(_JSON_PIECE, len(self._text) - self._at) if grow else _JSON_PIECE
        data = self._bytes.read(size)
        self._text = self._text[self._at :] + self._decoder.decode(data, final=not data)
        self._at = 0
        if not data:
            self._ended = True
            self._bytes.close()
        return True

    def token(self) -> str:
        """The next character that is not white space (taken), ``""`` at the end."""
        while True:
            self._at = _past_space(self._text, self._at)
            if self._at < len(self._text):
                self._at += 1
                return self._text[self._at - 1]
            if not self._more():
                return ""

    def back(self) -> None:
        """Give back the character :meth:`token` took."""
        self._at -= 1

    def value(self) -> Any:
        """The next JSON value (taken); a value that ends where the text read so far
        ends may go on (a number) and is read again with more."""
        while True:
            self._at = _past_space(self._text, self._at)
            try:
                value, end = _DECODER.raw_decode(self._text, self._at)
            except ValueError:  # cut short, or not JSON (found once the whole is read)
                if self._more(grow=True):
                    continue
                raise
            if end == len(self._text) and self._more(grow=True):
                continue
            self._at = end
            return value

    def close(self) -> None:
        if self._bytes is not None:
            self._bytes.close()


def _array_member(path: Path, name: str) -> dict[str, Any] | None:
    """The members but ``name`` (in their order, as :func:`json.loads` gives them) of
    the JSON object in the file ``path`` whose member ``name`` is an array, given once;
    ``None`` unless the file is such an object, valid as a whole. Read a piece at a time,
    each item of the array made and let go of: :func:`_array_items` gives them after.

    What an item holds is parsed as :func:`json.loads` parses it, but for nesting: an
    item nested within a level of the parser's limit (some thousand levels) is parsed
    here, where the whole would not be (and would be read as text); its text is read
    either way."""
    pieces = _JsonPieces(path)
    rest: dict[str, Any] = {}
    found = False
    try:
        if pieces.token() != "{":
            return None
        while True:
            if pieces.token() != '"':
                return None
            pieces.back()
            key = pieces.value()
            if pieces.token() != ":":
                return None
            if key == name:
                if found or pieces.token() != "[":
                    return None  # twice (the last counts), or no array: read whole
                pieces.back()
                found = True
                for _item in _array_items(pieces, None):
                    pass  # made and let go of: read again by the caller
            else:
                rest[key] = pieces.value()
            token = pieces.token()
            if token == "}":
                break
            if token != ",":
                return None
        if pieces.token() != "":
            return None
    except (ValueError, RecursionError):
        return None
    finally:
        pieces.close()
    return rest if found else None


def _array_items(pieces: _JsonPieces, name: str | None) -> Iterator[Any]:
    """The items of an array of ``pieces`` one by one: the array that stands next, or
    (``name``) that of the member ``name`` of the object the text is, as
    :func:`_array_member` found it."""
    try:
        if name is not None:
            pieces.token()  # the object's "{"
            while pieces.value() != name:  # a member before it
                pieces.token()  # ":"
                pieces.value()
                pieces.token()  # ","
            pieces.token()  # ":"
        if pieces.token() != "[":
            raise ValueError("expected '['")
        if pieces.token() == "]":
            return
        pieces.back()
        while True:
            yield pieces.value()
            token = pieces.token()
            if token == "]":
                return
            if token != ",":
                raise ValueError("expected ',' or ']'")
    finally:
        if name is not None:
            pieces.close()


#: A stretch of the frame up to and with the next quoted value (the attribute's name
#: just before it), or the text after the last.
_FRAME_UNIT = re.compile(r'[^"]*"[^"]*"|[^"]+')


def _own_and_new(page: str, chrome: set[str]) -> tuple[str, str]:
    """A built page's own text (its head and its article) whole, and of the frame around
    it (header, navigation, footer) only the units no page before had.

    The frame is nine tenths of a page and nearly all of it repeats from page to page, but
    for the relative addresses in it; its text comes from titles and settings the source
    scan reads too (and titles may hold no markup). Cut after every second ``"``, each
    unit holds an attribute's value with its name and what came before it: a unit is
    read once per build, as it stands (a shown attribute, ``alt``, ``title``,
    ``aria-label``, is read as such), and the article is read whole on every page.
    """
    own, units = _own_and_units(page)
    return own, "\n".join(_new_units(units, chrome))


def _new_units(units: Iterable[str], chrome: set[str]) -> list[str]:
    """Those of a page's frame ``units`` no file before had (not in ``chrome``), now
    added to it."""
    new = [unit for unit in units if unit not in chrome]
    chrome.update(new)
    return new


def _own_and_units(page: str) -> tuple[str, Iterable[str]]:
    """A built page's own text, and the units of its frame (:func:`_own_and_new`) in
    their order, each once."""
    head = page.find("</head>")
    start = page.find("<article", max(head, 0))
    end = page.rfind("</article>")
    if head < 0 or start < 0 or end < start:
        return page, ()
    units = dict.fromkeys(_FRAME_UNIT.findall(page[head:start] + "\n" + page[end:]))
    return page[:head] + "\n" + page[start:end], units


def _file_text(data: bytes) -> str:
    """The text of a file's bytes, exactly as ``Path.read_text(encoding="utf-8",
    errors="replace")`` reads the file (its newlines made ``\\n`` too)."""
    return io.TextIOWrapper(io.BytesIO(data), encoding="utf-8", errors="replace").read()


#: the characters of a text :func:`_text_digest` encodes at a time
_DIGEST_PIECE = 1 << 18


def _text_digest(text: str) -> str:
    """The SHA-256 of a text, as a verdict's key holds it (:meth:`Findings._key`): of
    its UTF-8, encoded piece by piece (not the bytes of a page of megabytes at once, up
    to three times its characters while they are encoded). Each character is encoded on
    its own, a lone surrogate too ("surrogatepass"), so the pieces' bytes in order are
    the bytes of the whole."""
    digest = hashlib.sha256()
    for start in range(0, len(text), _DIGEST_PIECE):
        digest.update(text[start : start + _DIGEST_PIECE].encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


class Findings:
    """What the gate found in published text, each thing said once.

    A page's own text is reported at the page's source, as ``handreiking check`` reports
    it from the converted page; text found only in other outputs (the search index, the
    catalog, a book) is reported at that output.
    """

    def __init__(
        self,
        publication: PublicationView,
        allowlist: Allowlist,
        canaries: dict[str, tuple[str, str, int | None]] | None = None,
        memory: GateMemory | None = None,
    ) -> None:
        self.allowlist = allowlist
        self._all_files = frozenset(entry.bestand for entry in allowlist.entries)
        self._canaries = _canaries(publication) if canaries is None else canaries
        self._canary = _canary_pattern(tuple(sorted(self._canaries)))
        self._memory = memory
        #: what a verdict is judged by besides its text: the code (every file of our
        #: package) and the texts that must never be published; ``None``: no reuse
        self._rules: str | None = None
        if memory is not None:
            try:
                version = jsoncache.environment()
            except OSError:
                self._memory = None
            else:
                self._rules = jsoncache.key("gate", version, sorted(self._canaries))
        #: the exceptions a text is judged by, by the files it is made of
        self._exceptions: dict[frozenset[str] | None, str] = {}
        #: (kind, matched) -> the pages (sources) or else the outputs that show it
        self._private: dict[tuple[str, str], tuple[bool, list[str]]] = {}
        #: canary text -> the pages or else the outputs that show it
        self._leaked: dict[str, tuple[bool, list[str]]] = {}

    def scan(
        self, where: str, text: str, sources: frozenset[str] | None, *, page: bool = False
    ) -> None:
        """Look for private details and canaries in ``text`` (plain text, as
        :func:`decoded` and :func:`visible_text` give it), shown at ``where``.

        ``page``: ``where`` is a page's source and ``text`` its own content; found there,
        a thing is not reported again for the outputs that repeat it.
        """
        self._note(self._found(text, sources), where, page)

    def found(self, text: str, sources: frozenset[str] | None) -> Found:
        """What :meth:`scan` finds in ``text``, not yet noted: another process may look
        (``handreiking check``'s), this one note it in its order (:meth:`note`)."""
        return self._found(text, sources)

    def note(self, found: Found, where: str, *, page: bool = False) -> None:
        """Note what :meth:`found` found, as :meth:`scan` would have."""
        self._note(found, where, page)

    def judge(
        self,
        where: str,
        raw: str,
        sources: frozenset[str] | None,
        *,
        page: bool = False,
        markup: bool = True,
    ) -> None:
        """:meth:`scan` the text a reader gets from ``raw`` (:func:`visible_text` of it
        when ``markup``, else :func:`decoded`), or take what the memory kept for exactly
        this text judged by exactly these rules (:meth:`_key`)."""
        if self._memory is None:
            self._note(
                self._found(visible_text(raw) if markup else decoded(raw), sources), where, page
            )
            return
        self.judge_digested(where, _text_digest(raw), lambda: raw, sources, page, markup)

    def judge_digested(
        self,
        where: str,
        digest: str,
        raw: Callable[[], str],
        sources: frozenset[str] | None,
        page: bool,
        markup: bool,
    ) -> None:
        """:meth:`judge` the text whose SHA-256 is ``digest`` (:func:`_text_digest`),
        made by ``raw`` only when no verdict is kept for exactly it."""
        key = self._key(digest, sources, markup) if self._memory is not None else None
        found = None if key is None or self._memory is None else self._memory.verdict(key)
        if found is None:
            # (the raw text let go of once it is read: not held while the text is judged)
            found = self._found(_readable(raw(), markup), sources)
            if key is not None and self._memory is not None:
                self._memory.keep(key, found)
        self._note(found, where, page)

    def _key(self, text: str, sources: frozenset[str] | None, markup: bool) -> str:
        """Everything a verdict on a text is made of: the text itself (``text``, its
        SHA-256), how it is read, the exceptions that hold in it (those of the files it
        comes from), the texts that must never be published and the code. Same key,
        same verdict."""
        exceptions = self._exceptions.get(sources)
        if exceptions is None:
            files = self._all_files if sources is None else sources
            exceptions = self._exceptions[sources] = jsoncache.key(
                *((e.tekst, e.bestand, e.regel, e.citaat) for e in self.allowlist.for_files(files))
            )
        return hashlib.sha256(
            f"{self._rules}\0{exceptions}\0{markup}\0{text}".encode("utf-8", "surrogatepass")
        ).hexdigest()

    def _found(self, text: str, sources: frozenset[str] | None) -> Found:
        """What ``text`` shows that it must not: private details (not allowed for
        ``sources``) and texts that must never be published, each once, in order."""
        # The exceptions listed for the files this text comes from (for an output made
        # of everything, such as the catalog: all of them).
        files = self._all_files if sources is None else sources
        masked = self.allowlist.mask_for(text, files)
        # (``text`` is plain already: :func:`decoded` made it so, and blanks keep it so)
        private = tuple(
            (kind, matched)
            for kind, matched in find_in_plain_text(masked)
            if not self.allowlist.allows(matched, files)
        )
        leaked = (
            tuple(dict.fromkeys(self._canary.findall(_collapse(text))))
            if self._canary is not None
            else ()
        )
        return private, leaked

    def _note(self, found: Found, where: str, page: bool) -> None:
        private, leaked = found
        for detail in private:
            _note(self._private, detail, where, page)
        for needle in leaked:
            _note(self._leaked, needle, where, page)

    def problems(self) -> list[SourceProblem]:
        """One problem per thing found and page (or, outside pages, per thing)."""
        found: list[SourceProblem] = []
        advice = (
            "persoonlijke gegevens horen niet in de handreiking: haal het weg uit de bron. "
            "Is het van een openbare organisatie, zet de precieze tekst dan met een reden en "
            f"het bestand in {ALLOWLIST_FILE}"
        )
        for (kind, matched), (in_pages, places) in self._private.items():
            where = "van deze pagina" if in_pages else "van dit bestand"
            found.append(
                SourceProblem(
                    places[0],
                    None,
                    f"in de gepubliceerde tekst {where} staat {kind} ('{matched}')"
                    f"{_elsewhere(places, in_pages)}; {advice}",
                )
            )
        for needle, (in_pages, places) in self._leaked.items():
            label, path, line = self._canaries[needle]
            where = "op de pagina" if in_pages else "in het gepubliceerde bestand"
            found.append(
                SourceProblem(
                    path,
                    line,
                    f"{label} staat {where} {places[0]}{_elsewhere(places, in_pages)}; "
                    "dat mag nooit. "
                    "Haal het daar weg (in citaten.yml mag het blijven staan)",
                )
            )
        return sorted(set(found), key=lambda p: (p.path, p.line or 0, p.message))


#: What one text shows that it must not: ``(kind, matched)`` of each private detail, and
#: each text that must never be published.
Found = tuple[tuple[tuple[str, str], ...], tuple[str, ...]]


@lru_cache(maxsize=8)
def _canary_pattern(needles: tuple[str, ...]) -> re.Pattern[str] | None:
    """One pattern for all the texts that must never be published, each a whole word or
    words: the name "Bo" is not found in "Bovendien", nor "Jan" in "Jansen"."""
    if not needles:
        return None
    longest_first = sorted(needles, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, longest_first)) + r")(?!\w)")


def _note(found: dict[Any, tuple[bool, list[str]]], key: Any, where: str, page: bool) -> None:
    """Record that ``key`` was seen at ``where``; places in pages outrank other outputs."""
    known = found.get(key)
    if known is None or (page and not known[0]):
        found[key] = (page, [where])
    elif page == known[0] and where not in known[1]:
        known[1].append(where)


def _elsewhere(places: list[str], pages: bool) -> str:
    others = len(places) - 1
    if not others:
        return ""
    if pages:
        return f" (ook op {others} andere pagina's)" if others > 1 else " (ook op 1 andere pagina)"
    return f" (ook in {others} andere bestanden)" if others > 1 else " (ook in 1 ander bestand)"


class GateMemory:
    """What the gate read and said in earlier builds of one plugin, each thing keyed on
    exactly what it was made of.

    What the texts that must never be published read of each quote file, by the file's
    SHA-256 (:func:`_quote_canaries`); and the verdict on each text the gate judged
    (:meth:`Findings.judge`), by its key (:meth:`Findings._key`: the text's SHA-256, the
    exceptions and canaries it was judged by, and the code). A verdict is kept for two
    builds: those of this build and of the one before.

    With a ``folder``, a build (``start(disk=True)``) also takes the verdicts of the
    last build from ``gate-<code>.json`` there and the quote files' canaries from
    ``canaries-<code>.json``, and :meth:`save` keeps its own there. Both files are
    signed with the user's own key (:func:`jsoncache.user_key`, outside the project):
    anyone who can write the project's cache folder could otherwise write "no findings"
    for a page that holds a phone number, or leave a quote without consent out of the
    canaries. A file whose signature is not this user's, or that is damaged, counts as
    empty, and the gate judges everything.
    """

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder
        #: what the canaries read of each quote file, by its SHA-256
        self.quote_files: dict[str, list[QuoteCanary]] = {}
        #: the quote files the canaries file held when read (written only when they change)
        self._quotes_on_disk: set[str] | None = None
        self._verdicts: dict[str, Found] = {}
        self._earlier: dict[str, Found] = {}
        #: verdicts a forked process of this build made (:meth:`offer`)
        self._offered: dict[str, Found] = {}
        #: the verdicts the file held when read (to write it only when they change)
        self._on_disk: set[str] | None = None
        #: how many texts this build judged by a kept verdict
        self.reused = 0
        #: what the last build read of each HTML file (:meth:`page`), by the SHA-256 of
        #: its bytes: the digest of its own text, and its frame's units as indices into
        #: ``_units`` (packed, :func:`_pack_units`), as the signed file holds them
        self._pages_earlier: dict[str, tuple[str, str]] = {}
        self._units: list[str] = []
        #: the place of each unit in ``_units``, once asked for
        self._places: dict[str, int] | None = None
        #: this build's, for the next
        self._pages: dict[str, tuple[str, str]] = {}
        self._pages_on_disk: set[str] | None = None
        #: whether the signed file is still to be read (:meth:`_read_pages`)
        self._pages_unread = False

    def file(self) -> Path | None:
        """The signed file in the folder; ``None`` without one, or when the code's own
        files cannot be read."""
        return jsoncache.file_for_this_code(self.folder, "gate")

    def canaries_file(self) -> Path | None:
        """The signed file of the quote files' canaries beside :meth:`file`."""
        return jsoncache.file_for_this_code(self.folder, "canaries")

    def pages_file(self) -> Path | None:
        """The signed file of what the last build read of each HTML file."""
        return jsoncache.file_for_this_code(self.folder, "gatepages")

    def page(self, digest: str) -> tuple[str, list[str]] | None:
        """What an earlier build read of an HTML file whose bytes have the SHA-256
        ``digest``: the digest of its own text and its frame's units, in their order,
        each once (:func:`_own_and_units`); ``None`` when none did (kept for the next
        build too)."""
        if self._pages_unread:
            self._read_pages()
        found = self._pages.get(digest)
        if found is None:
            found = self._pages_earlier.get(digest)
            if found is None:
                return None
        own, packed = found
        try:
            units = _unpack_units(packed, self._units)
        except (ValueError, IndexError):  # not what this code writes: read it again
            return None
        self._pages[digest] = found
        return own, units

    def keep_page(self, digest: str, own: str, units: list[str]) -> None:
        """Keep what this build read of the HTML file with the bytes' SHA-256 ``digest``."""
        if self._pages_unread:
            self._read_pages()  # its places are into the file's units
        if digest not in self._pages:
            if self._places is None:
                self._places = {unit: index for index, unit in enumerate(self._units)}
            self._pages[digest] = (own, _pack_units(units, self._units, self._places))

    def start(self, *, disk: bool = False) -> None:
        """A new build: the last build's verdicts are the earlier ones (with ``disk``,
        those in the signed file too)."""
        self.reused = 0
        self._offered = {}
        # (a page's units are places in ``_units``, which the file's replace)
        self._pages_earlier, self._pages = ({} if disk else self._pages), {}
        self._pages_on_disk = None
        self._pages_unread = False
        if self._verdicts:
            self._earlier, self._verdicts = self._verdicts, {}
        self._on_disk = None
        self._quotes_on_disk = None
        if disk:
            found = _read_signed(self.file(), "gate", _decode_verdicts)
            self._on_disk = set(found)
            self._earlier = {**found, **self._earlier}
            # without it, every quote file is parsed
            quote_files = _read_signed(self.canaries_file(), "canaries", _decode_quote_canaries)
            self._quotes_on_disk = set(quote_files)
            self.quote_files = {**quote_files, **self.quote_files}
            # read when the gate reads the site, not held through the build before it
            self._pages_unread = True

    def _read_pages(self) -> None:
        """Take what the last build read of its HTML files from the signed file."""
        self._pages_unread = False
        stored = _read_signed(self.pages_file(), "gatepages", _decode_pages)
        self._units = stored["units"] if stored else []
        self._places = None
        self._pages_earlier = stored["pages"] if stored else {}
        self._pages_on_disk = set(self._pages_earlier)

    def verdict(self, key: str) -> Found | None:
        """The verdict kept under ``key``, if any (kept for this build too)."""
        found = self._verdicts.get(key)
        if found is None:
            found = self._earlier.get(key)
            if found is None:
                found = self._offered.pop(key, None)
                if found is not None:  # made in this build, by another process
                    self._verdicts[key] = found
                return found
            self._verdicts[key] = found
        self.reused += 1
        return found

    def keep(self, key: str, found: Found) -> None:
        """Keep the verdict ``found`` under ``key``."""
        self._verdicts[key] = found

    def offer(self, verdicts: dict[str, Found]) -> None:
        """Verdicts a forked process of this build made on texts it judged, each by its
        key: taken when this process judges a text of the same key."""
        self._offered.update(verdicts)

    def encoded(self) -> dict[str, Any]:
        """This build's verdicts as plain data (as :meth:`save` writes them)."""
        return {
            key: [[list(detail) for detail in private], list(leaked)]
            for key, (private, leaked) in self._verdicts.items()
        }

    def save(self) -> None:
        """Keep this build's verdicts in the signed file (when they are not what it holds),
        removing the files of other code beside it."""
        self._save_canaries()
        self._save_pages()
        file = self.file()
        if file is None or self._on_disk == self._verdicts.keys():
            return
        # (written as they are: a tuple is a JSON array, as encoded() makes it; no copy of
        # every verdict at the build's end)
        if jsoncache.write_signed(file, "gate", self._verdicts, jsoncache.user_key()):
            self._on_disk = set(self._verdicts)
            jsoncache.remove_other_versions(file)

    def _save_pages(self) -> None:
        """Keep what this build read of its HTML files in their signed file (when it is
        not what the file holds). The units keep their places, and a page read anew adds
        those no page had; when most are of pages gone, they are placed anew."""
        file = self.pages_file()
        if self._pages_unread:
            if not self._pages:
                return  # no HTML file read: what the file holds stays
            self._read_pages()
        if file is None or self._pages_on_disk == self._pages.keys():
            return
        units, pages = self._units, self._pages
        if len(units) > 20_000 and len(units) > 2 * self._used_units():
            units = []
            places: dict[str, int] = {}
            try:
                pages = {
                    digest: (own, _pack_units(_unpack_units(packed, self._units), units, places))
                    for digest, (own, packed) in self._pages.items()
                }
            except (ValueError, IndexError):
                return
        data = {"units": units, "pages": pages}  # (a page's tuple written as its array)
        if jsoncache.write_signed(file, "gatepages", data, jsoncache.user_key()):
            self._pages_on_disk = set(self._pages)
            jsoncache.remove_other_versions(file)

    def _used_units(self) -> int:
        """How many units of ``_units`` this build's pages hold."""
        used: set[int] = set()
        for _own, packed in self._pages.values():
            with contextlib.suppress(ValueError):
                used.update(array.array("I", base64.b64decode(packed.encode("ascii"))))
        return len(used)

    def _save_canaries(self) -> None:
        """Keep the quote files' canaries of this build in their signed file (when they
        are not what it holds)."""
        file = self.canaries_file()
        if file is None or self._quotes_on_disk is None:
            return  # no folder, or a preview's memory: nothing on disk
        if self._quotes_on_disk == self.quote_files.keys():
            return
        data = {digest: [list(r) for r in records] for digest, records in self.quote_files.items()}
        if jsoncache.write_signed(file, "canaries", data, jsoncache.user_key()):
            self._quotes_on_disk = set(self.quote_files)
            jsoncache.remove_other_versions(file)


T = TypeVar("T")

log = logging.getLogger("mkdocs.plugins.handreiking")


def _read_signed(
    file: Path | None, kind: str, decode: Callable[[Any], dict[str, T]]
) -> dict[str, T]:
    """What the signed ``file`` holds, ``decode``d; empty when it is not this user's or not
    what this code writes (the file then counts as empty)."""
    stored = jsoncache.read_signed(file, kind, jsoncache.user_key())
    try:
        return decode(stored)
    except jsoncache.CacheShapeError:
        return {}


def _decode_verdicts(stored: Any) -> dict[str, Found]:
    """:meth:`GateMemory.save`'s data back, its shape checked throughout."""
    if stored is None:
        return {}
    if not isinstance(stored, dict):
        raise jsoncache.CacheShapeError("expected an object")
    verdicts: dict[str, Found] = {}
    for key, value in stored.items():
        private, leaked = jsoncache.array(value, 2)
        details = []
        for detail in jsoncache.array(private):
            kind, matched = jsoncache.strings(jsoncache.array(detail, 2))
            details.append((kind, matched))
        verdicts[key] = (tuple(details), tuple(jsoncache.strings(leaked)))
    return verdicts


def _pack_units(found: list[str], units: list[str], places: dict[str, int]) -> str:
    """``found`` as the places of its units in ``units`` (added there when new), packed:
    four bytes each, in Base64."""
    indices = array.array("I")
    for unit in found:
        index = places.get(unit)
        if index is None:
            index = places[unit] = len(units)
            units.append(unit)
        indices.append(index)
    if sys.byteorder != "little":
        indices.byteswap()
    return base64.b64encode(indices.tobytes()).decode("ascii")


def _unpack_units(packed: str, units: list[str]) -> list[str]:
    """What :func:`_pack_units` packed; ``ValueError`` or ``IndexError`` when it is not
    what it packs."""
    data = base64.b64decode(packed.encode("ascii"), validate=True)
    indices = array.array("I")
    if len(data) % indices.itemsize:
        raise ValueError("not a list of places")
    indices.frombytes(data)
    if sys.byteorder != "little":
        indices.byteswap()
    return [units[index] for index in indices]


def _decode_pages(stored: Any) -> dict[str, Any]:
    """:meth:`GateMemory._save_pages`'s data back, its shape checked (the places of each
    page are checked when it is read: :meth:`GateMemory.page`)."""
    if stored is None:
        return {}
    if not isinstance(stored, dict):
        raise jsoncache.CacheShapeError("expected an object")
    units = jsoncache.strings(stored.get("units"))
    pages = stored.get("pages")
    if not isinstance(pages, dict):
        raise jsoncache.CacheShapeError("expected an object of pages")
    decoded_pages: dict[str, tuple[str, str]] = {}
    for digest, value in pages.items():
        own, packed = jsoncache.strings(jsoncache.array(value, 2))
        decoded_pages[jsoncache.string(digest)] = (own, packed)
    return {"units": units, "pages": decoded_pages}


def _canaries(
    publication: PublicationView, memory: GateMemory | None = None
) -> dict[str, tuple[str, str, int | None]]:
    """Texts that must never be published, each with what it is and where it is kept:
    every quote without consent, and every participant's name.

    Read from each ``citaten.yml`` itself, not from the quote cache: a forged cache file
    that gave a quote consent would otherwise hide that quote from this search too.
    With ``memory``, a file with the text it had in the last build is not parsed again.
    """
    found: dict[str, tuple[str, str, int | None]] = {}
    parsed: dict[str, list[QuoteCanary]] = {}
    for edition in publication.editions:
        path = publication.docs_dir / edition.id / QUOTE_FILE
        try:
            source = path.read_text(encoding="utf-8")
        except (OSError, ValueError):
            continue  # absent or unreadable: the quote loader says why
        digest = hashlib.sha256(source.encode("utf-8", "surrogatepass")).hexdigest()
        records = memory.quote_files.get(digest) if memory is not None else None
        if records is None:
            records = _quote_canaries(source)
        parsed[digest] = records
        for quote_id, text, name in records:
            known = publication.quotes.get(quote_id)
            shown = (
                known.path
                if known is not None
                else publication.shown_path(path.relative_to(publication.docs_dir).as_posix())
            )
            line = known.line if known is not None else None
            if text is not None:
                needle = _collapse(decoded(text))
                if needle:
                    label = f"de tekst van citaat '{quote_id}' (zonder toestemming)"
                    found.setdefault(needle, (label, shown, line))
            if name is not None and _collapse(decoded(name)):
                label = f"de naam bij citaat '{quote_id}' ('{name}')"
                found.setdefault(_collapse(decoded(name)), (label, shown, line))
    if memory is not None:
        memory.quote_files = parsed
    return found


#: What the canaries read of one quote in a quote file: its id, its text when it has no
#: consent, and the participant's name (each ``None`` when it is not text).
QuoteCanary = tuple[str, "str | None", "str | None"]


def _quote_canaries(source: str) -> list[QuoteCanary]:
    """What :func:`_canaries` reads of the quote file ``source``: nothing when it is not
    YAML, empty or no list (the quote loader says why)."""
    try:
        records = yaml.load(source, Loader=_LOADER)
    except (ValueError, yaml.YAMLError):
        return []
    kept: list[QuoteCanary] = []
    for record in records if isinstance(records, list) else ():
        if not isinstance(record, dict):
            continue
        text, name = record.get("tekst"), record.get("naam")
        kept.append(
            (
                str(record.get("id", "?")),
                text if record.get("toestemming") is not True and isinstance(text, str) else None,
                name if isinstance(name, str) else None,
            )
        )
    return kept


def _decode_quote_canaries(stored: Any) -> dict[str, list[QuoteCanary]]:
    """:meth:`GateMemory.save`'s quote files back, their shape checked throughout."""
    if stored is None:
        return {}
    if not isinstance(stored, dict):
        raise jsoncache.CacheShapeError("expected an object")
    files: dict[str, list[QuoteCanary]] = {}
    for digest, records in stored.items():
        kept: list[QuoteCanary] = []
        for record in jsoncache.array(records):
            quote_id, text, name = jsoncache.array(record, 3)
            kept.append(
                (
                    jsoncache.string(quote_id),
                    jsoncache.optional_string(text),
                    jsoncache.optional_string(name),
                )
            )
        files[jsoncache.string(digest)] = kept
    return files
