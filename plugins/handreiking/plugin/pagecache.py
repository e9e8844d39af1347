"""Builds and previews that reuse what did not change: pages neither converted nor rendered again.

A co-author who edits one chapter changes one page; every other page would come out byte
for byte the same. This cache keeps, per page:

- the **conversion** of its Markdown to HTML (content, table of contents, title, anchors,
  what it cited and placed, the INFO messages it gave), keyed by the Markdown as the plugins
  left it and a fingerprint of everything else a conversion may read (``mkdocs.yml``, the
  editions' metadata, the other data files of ``docs/``, ...), the site's files and
  addresses, and the code (ours, by content; MkDocs, Material, the Markdown extensions and
  the rest of what renders, by version); and, besides that key, by what it read of the
  quotes, theory boxes and bibliography: the models note every read
  (:mod:`handreiking.content.reads`), the conversion keeps each item read with its digest,
  and is reused only while every one of them is unchanged. An edit of one quote converts
  the pages that placed or listed it, not the whole site. A page that gave a warning is
  never kept, so its warning comes again.
- the **rendered page** (the theme's template around the content), keyed by the page's
  content, table of contents, title, address, front matter, last-updated date, and a
  fingerprint of what the theme and our templates read from elsewhere: the whole
  navigation (titles, addresses, front matter), the chapters of every edition (the
  edition switcher), the project's templates (by content) and the data.
- the **search entries** Material's search makes of it, keyed by what they are made of.

Under ``serve`` the cache lives in memory across the rebuilds of one server. There it
also keeps, of a large page (the overviews of quotes, ``/themas/``), its Markdown and
the content its search entries were made of, so that an edit of a quote does not
convert and index the whole page again: ``/themas/`` is converted again only in the
tables whose Markdown changed (:meth:`PageCache._convert_by_part`), the overview of
all quotes only in the editions whose quotes changed
(:meth:`PageCache._convert_editions_again`), and Material indexes again only the
sections whose HTML changed (:meth:`PageCache._entries_by_part`). Each part is done
alone by the page's own conversion or by Material's own parser, and checked: a table
or a section, as it was, alone, must give exactly what the whole page has of it; an
edition's quotes must keep their headings, ids and links. Otherwise the whole page is
done, as always. ``tests/test_hotedit.py`` compares the preview with a whole
rebuild after such edits, with every page counted as large. A build
keeps it on disk (``pages.json`` and ``pages.pack`` in ``cache_dir``, written after a build the
gate let through, plain JSON as every cache there: :mod:`handreiking.jsoncache`), so the
next build of the same checkout, or a CI run with its cache restored, renders only what
changed. A key that differs in any part means the work is done again, as in a build from
scratch; a damaged or foreign file counts as empty. The cache never writes a page
itself: MkDocs writes every page of every build, so the site is always complete.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import itertools
import json
import logging
import operator
import os
import re
import zlib
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2 import BytecodeCache
from jinja2.bccache import Bucket

from handreiking import jsoncache
from handreiking.compat.material import (
    PART_START,
    SearchEntry,
    index_lines,
    index_part,
    kept_tags,
    outside_headings,
    reads_line_by_line,
    skip_needless_scrubbing,
    splits_into_parts,
    wrap_search_indexing,
)
from handreiking.compat.mkdocs import (
    Render,
    RenderState,
    kept_render_state,
    restore_render_state,
    toc_data,
    toc_from_data,
    wrap_page_render,
)
from handreiking.content import reads
from handreiking.content.bouwstenen import BOUWSTENEN_DIR
from handreiking.content.quotes import QUOTE_FILE, edition_anchor
from handreiking.markdown.context import PageContext
from handreiking.markdown.recorder import PageRecord

if TYPE_CHECKING:
    from concurrent.futures import ThreadPoolExecutor

    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page
    from mkdocs.structure.toc import AnchorLink

    from handreiking.content.view import PublicationView
    from handreiking.outputs.changes import ChangesPages
    from handreiking.outputs.pages import GeneratedPages
    from handreiking.plugin.gitdates import LastUpdated

#: The cache's file in ``cache_dir`` and its kind (:mod:`handreiking.jsoncache`).
FILE_NAME = "pages.json"
KIND = "pages"
#: Beside it: the pages' HTML and search entries, compressed (:meth:`PageCache.save`).
PACK_NAME = "pages.pack"

#: The theme's error pages (``404.html``): their rendering is kept
#: (:meth:`PageCache.plan_template`).
ERROR_PAGE = re.compile(r"[0-9]{3}\.html")
#: The template of a page whose rendering is reused (templates/handreiking-cached.html).
CACHED_TEMPLATE = "handreiking-cached.html"
#: The context variable that template prints.
CACHED_OUTPUT = "handreiking_cached_output"


def _digest(*parts: str | bytes) -> str:
    hasher = hashlib.blake2b(digest_size=20)
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "little"))
        hasher.update(data)
    return hasher.hexdigest()


def _file_digest(path: Path) -> str:
    hasher = hashlib.blake2b(digest_size=20)
    with open(path, "rb") as file:
        for chunk in iter(lambda: file.read(1 << 20), b""):
            hasher.update(chunk)
    return hasher.hexdigest()


def _json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=repr, ensure_ascii=False)


def _entries_text(entries: list[dict[str, Any]]) -> str:
    """A page's search entries as the pack keeps them (a render child's, and the
    build's own, encoded alike)."""
    return json.dumps(entries, ensure_ascii=False, separators=(",", ":"))


def _toc(items: Iterable[AnchorLink]) -> list[Any]:
    return [[item.id, item.title, item.level, _toc(item.children)] for item in items]


def data_fingerprint(
    publication: PublicationView, config_file: Path, bibliography: Path | Sequence[Path]
) -> str:
    """Every file a conversion may read besides the page itself, by its content, except
    those whose reading each conversion keeps item by item.

    That is every text file of ``docs/`` (:data:`TEXT_SUFFIXES`) except the chapters of
    the editions (each chapter's text is in its own page's key; what other pages need of
    it, its title, id, themes and boxes, is in the scan, added by
    :meth:`PageCache.start`), the editions' start pages (their own text is in their
    page's key, their metadata in :meth:`PageCache.start`), the quote files and the
    theory boxes (what a conversion read of them it keeps itself, :class:`DataItems`),
    and the files next to ``mkdocs.yml`` the plugin reads but the bibliography (also
    kept per work read).
    Other files (images, PDFs) count only by their address, in :meth:`PageCache.start`:
    no conversion reads their bytes, and an editor's swap or autosave file next to a
    chapter (``.partnerschap.md.swp``, rewritten while the co-author types) must not
    make every rebuild start afresh.

    By content, not by size and time: those miss an edit that keeps both, such as a
    same-length fix saved within the time resolution of the file system (2 s on FAT,
    1 s on some network and container mounts) or a copy put back with its old time.
    The text files are small (a few hundred kB for the guide, a few MB for a large
    bibliography): reading them costs milliseconds per rebuild.
    """
    editions = set(publication.edition_ids)
    # Resolved: `mkdocs serve -f mkdocs.yml` loads its first config by the relative path
    # and every later one by the absolute path, which must not read as a change.
    bib_files = {
        p.resolve() for p in ([bibliography] if isinstance(bibliography, Path) else bibliography)
    }
    stats: list[str] = []
    for directory, _dirs, names in os.walk(publication.docs_dir):
        relative = os.path.relpath(directory, publication.docs_dir)
        chapter_folder = relative in editions
        box_folder = relative == BOUWSTENEN_DIR
        for name in names:
            if not name.endswith(TEXT_SUFFIXES):
                continue
            if chapter_folder and (name.endswith(".md") or name == QUOTE_FILE):
                continue
            if box_folder and name.endswith(".md") and name != "index.md":
                continue
            path = os.path.join(directory, name)
            if Path(path).resolve() in bib_files:
                continue
            stats.append(f"{relative}/{name}:{_content(path)}")
    sources = {p.resolve() for p in (config_file, *publication.root.glob("*.yml"))} - bib_files
    for source in sorted(sources):
        stats.append(f"{source}:{_content(str(source))}")
    stats.sort()
    return _digest(*stats)


#: The files of ``docs/`` a conversion may read the text of.
TEXT_SUFFIXES = (".md", ".yml", ".yaml", ".bib", ".json")


def _content(path: str) -> str:
    """The digest of a file's bytes; ``-`` when it cannot be read (gone, a dangling link)."""
    try:
        with open(path, "rb") as file:
            return _digest(file.read())
    except OSError:
        return "-"


@dataclass
class _Conversion:
    """What :meth:`Page.render` produced for one page; its HTML in ``content``
    (``state.content`` is left empty)."""

    key: str
    state: RenderState
    record: Any
    messages: list[tuple[str, int, str]]
    content: Blob
    #: what the conversion read of the data (content/reads.py), each with its digest then
    reads: list[tuple[reads.Item, str]] = field(default_factory=list)
    #: the data an earlier build saved this conversion as (:func:`_conversion_data`), when
    #: it was read from disk: saved again as it is, not encoded anew
    stored: dict[str, Any] | None = None


#: A compressed text: the bytes themselves (in memory), or where it is in a pack file:
#: ``(0, offset, length)`` in the one an earlier build wrote, ``(1, number, 0)`` the
#: number-th text of this build's (its place there: :meth:`_Blobs.place`); or, in
#: memory, the text itself (:meth:`_Blobs.put_plain`).
Blob = bytes | str | tuple[int, int, int]


class _Blobs:
    """Where the page cache keeps its texts, compressed.

    In memory (the preview), or, for a build, in pack files: what an earlier build
    kept is read from its pack when reused, and what this build keeps is written to
    a new pack as it comes, so a build holds its pages in memory only until they are
    written. The new pack is compressed and written by a thread of its own, in the
    order the texts came: zlib and the writes let go of the interpreter, so they run
    beside the build on a second core instead of inside it.
    """

    def __init__(self, old: Path | None = None, new: Path | None = None) -> None:
        self._old = open(old, "rb") if old is not None else None  # noqa: SIM115
        self._new_path = new
        self._new: Any = None
        self._offset = 0
        #: this build's pack: (offset, length) of each text, in the order they came
        self._places: list[tuple[int, int]] = []
        self._count = 0
        self._writer: ThreadPoolExecutor | None = None
        self._failed: BaseException | None = None
        #: the digest of the new pack, taken as it is written (by the writing thread)
        self._hasher = hashlib.blake2b(digest_size=20)
        #: texts of the earlier pack read ahead (:meth:`read_ahead`): what is still to be
        #: read, in order, and what is being read, by its place
        self._ahead: list[tuple[int, int, int]] = []
        self._reading: dict[tuple[int, int, int], Any] = {}
        self._reader: ThreadPoolExecutor | None = None

    def put(self, text: str) -> Blob:
        """Keep ``text``."""
        data = text.encode("utf-8")
        if self._new_path is None:
            return zlib.compress(data, 1)
        return self._queue(data, compress=True)

    def put_plain(self, text: str) -> Blob:
        """Keep ``text``, in memory as it is: for a text every rebuild of the preview
        reads again (a page's converted HTML, a fraction of the rendered page's size),
        so it is not decompressed each time. In a pack, as :meth:`put`."""
        if self._new_path is None:
            return text
        return self.put(text)

    def put_compressed(self, data: bytes) -> Blob:
        """Keep what :meth:`compressed` gave (of this store or another)."""
        if self._new_path is None:
            return data
        return self._queue(data, compress=False)

    def _queue(self, data: bytes, *, compress: bool) -> Blob:
        if self._writer is None:
            # imported here: a process that keeps nothing new (most of a build's forked
            # ones) does without it
            from concurrent.futures import ThreadPoolExecutor

            self._writer = ThreadPoolExecutor(1, thread_name_prefix="handreiking-pack")
        self._writer.submit(self._write, data, compress)
        self._count += 1
        return (1, self._count - 1, 0)  # where it is, once written: :meth:`place`

    def _write(self, data: bytes, compress: bool) -> None:
        """In the writer thread: one text after the other, never two at once."""
        if self._failed is not None or self._new_path is None:
            return
        try:
            if compress:
                data = zlib.compress(data, 1)
            if self._new is None:
                self._new_path.parent.mkdir(parents=True, exist_ok=True)
                self._new = jsoncache.create_new(self._new_path)
            self._new.write(data)
            self._hasher.update(data)
        except BaseException as error:  # kept, and raised by flush(): a place never shifts
            self._failed = error
            return
        self._places.append((self._offset, len(data)))
        self._offset += len(data)

    def flush(self) -> None:
        """Wait until the pack holds every text it was given; raises what writing met."""
        writer, self._writer = self._writer, None
        if writer is not None:
            writer.shutdown(wait=True)
        if self._failed is not None or len(self._places) != self._count:
            raise OSError(f"the page cache's pack could not be written: {self._failed}")

    def digest(self) -> str:
        """The digest of this build's pack as :func:`_file_digest` gives it (after
        :meth:`flush`): taken while it was written, not by reading it again."""
        return self._hasher.hexdigest()

    def place(self, blob: Blob) -> tuple[int, int]:
        """Offset and length in this build's pack of what :meth:`put` returned (after
        :meth:`flush`)."""
        if not (isinstance(blob, tuple) and blob[0] == 1):
            raise ValueError("not in this build's pack")
        return self._places[blob[1]]

    def compressed(self, blob: Blob) -> bytes:
        """The compressed bytes of ``blob``: kept in memory, or in the earlier build's
        pack (what this build writes is for the next one to read)."""
        if isinstance(blob, bytes):
            return blob
        if isinstance(blob, str):
            return zlib.compress(blob.encode("utf-8"), 1)
        pack, offset, length = blob
        if pack != 0 or self._old is None:
            raise ValueError("not in the pack of an earlier build")
        self._old.seek(offset)
        data = self._old.read(length)
        if len(data) != length:
            raise ValueError("the pack is shorter than its index says")
        return data

    def text(self, blob: Blob) -> str:
        """The text of ``blob``."""
        if isinstance(blob, str):
            return blob
        if isinstance(blob, tuple) and blob in self._reading:
            # what was read ahead of it and not asked for (a page whose search entries
            # changed) is not kept: the build has gone past it
            for earlier in list(self._reading):
                if earlier == blob:
                    break
                self._reading.pop(earlier).cancel()
            reading = self._reading.pop(blob)
            self._read_on()
            try:
                return reading.result().decode("utf-8")  # type: ignore[no-any-return]
            except (OSError, ValueError, zlib.error):
                pass  # read again below, where what went wrong is raised as it is
        return zlib.decompress(self.compressed(blob)).decode("utf-8")

    #: How many texts :meth:`read_ahead` keeps read before they are asked for, and how
    #: many compressed bytes at most (a large page, such as an overview of every quote,
    #: is read alone): what waits in memory stays small.
    AHEAD = 8
    AHEAD_BYTES = 1 << 18

    def read_ahead(self, blobs: Iterable[Blob]) -> None:
        """Read and decompress ``blobs`` of the earlier pack in a thread of its own, in
        this order, a few ahead of :meth:`text` asking for them: a build takes every
        unchanged page from the pack in the order it writes them, and reading and
        decompressing let go of the interpreter, so a second core does it meanwhile."""
        if self._old is None:
            return
        self._ahead = [b for b in blobs if isinstance(b, tuple) and b[0] == 0][::-1]
        self._read_on()

    def _read_on(self) -> None:
        """Keep :data:`AHEAD` texts being read, of :data:`AHEAD_BYTES` at most."""
        if self._old is None:
            return
        while self._ahead and len(self._reading) < self.AHEAD:
            waiting = sum(length for _pack, _offset, length in self._reading)
            if self._reading and waiting + self._ahead[-1][2] > self.AHEAD_BYTES:
                break
            blob = self._ahead.pop()
            if self._reader is None:
                from concurrent.futures import ThreadPoolExecutor

                self._reader = ThreadPoolExecutor(1, thread_name_prefix="handreiking-read")
            self._reading[blob] = self._reader.submit(_read_place, self._old.fileno(), blob)

    def for_child(self) -> _Blobs:
        """The texts as a forked process converting a share of the pages keeps them
        (:meth:`PageCache.in_child`): in memory, never in this build's pack, which the
        parent writes; the earlier build's pack read through a file of the child's own
        (one shared with the parent would share its position)."""
        return _Blobs(Path(self._old.name) if self._old is not None else None, None)

    def stop_reading_ahead(self) -> None:
        """End the thread reading ahead (:meth:`read_ahead`): what it read and was not
        asked for is let go; a text asked for later is read when asked."""
        reader, self._reader = self._reader, None
        self._ahead, self._reading = [], {}
        if reader is not None:
            reader.shutdown(wait=True, cancel_futures=True)

    def close(self) -> None:
        """Close the pack files (a new pack stays where it was written)."""
        with contextlib.suppress(OSError):
            self.flush()
        self.stop_reading_ahead()
        for file in (self._old, self._new):
            if file is not None:
                file.close()
        self._old = self._new = None


def _read_place(descriptor: int, blob: tuple[int, int, int]) -> bytes:
    """The decompressed bytes at ``blob``'s place in the open pack ``descriptor`` (in the
    reading thread: ``pread`` leaves the file's position to the build's thread)."""
    _pack, offset, length = blob
    data = os.pread(descriptor, length, offset)
    if len(data) != length:
        raise ValueError("the pack is shorter than its index says")
    return zlib.decompress(data)


def _conversion_data(conversion: _Conversion) -> dict[str, Any]:
    state, record = conversion.state, conversion.record
    return {
        "key": conversion.key,
        "toc": toc_data(state.toc),
        "title": state.title,
        "anchors": sorted(state.anchors) if state.anchors is not None else None,
        "anchor_links": state.anchor_links,
        "record": None
        if record is None
        else {
            "cited": record.cited,
            "quotes": record.quotes,
            "bouwstenen": record.bouwstenen,
            "links": [list(link) for link in record.links],
            "anchors": sorted(record.anchors),
        },
        "messages": [list(message) for message in conversion.messages],
        "reads": [[*item, digest] for item, digest in conversion.reads],
    }


def _conversion_from_data(data: Any, content: Blob) -> _Conversion:
    if not isinstance(data, dict):
        raise jsoncache.CacheShapeError("expected a conversion")
    anchors = data["anchors"]
    links = data["anchor_links"]
    if links is not None:
        if not isinstance(links, dict):
            raise jsoncache.CacheShapeError("expected links to anchors")
        links = {jsoncache.string(k): jsoncache.string_map(v) for k, v in links.items()}
    state = RenderState(
        "",
        toc_from_data(data["toc"]),
        jsoncache.optional_string(data["title"]),
        set(jsoncache.strings(anchors)) if anchors is not None else None,
        links,
    )
    record = None
    if data["record"] is not None:
        raw = data["record"]
        if not isinstance(raw, dict):
            raise jsoncache.CacheShapeError("expected a page record")
        # Plain type checks, not one helper call per part: a page may have thousands.
        raw_links = jsoncache.array(raw["links"])
        if not all(
            type(link) is list
            and len(link) == 2
            and type(link[0]) is str
            and (link[1] is None or type(link[1]) is int)
            for link in raw_links
        ):
            raise jsoncache.CacheShapeError("expected links, each an address and a line")
        record_links: list[tuple[str, int | None]] = [(href, line) for href, line in raw_links]
        record = PageRecord(
            cited=jsoncache.strings(raw["cited"]),
            quotes=jsoncache.strings(raw["quotes"]),
            bouwstenen=jsoncache.strings(raw["bouwstenen"]),
            links=record_links,
            anchors=set(jsoncache.strings(raw["anchors"])),
        )
    messages: list[tuple[str, int, str]] = []
    for message in jsoncache.array(data["messages"]):
        name, level, text = jsoncache.array(message, 3)
        messages.append((jsoncache.string(name), jsoncache.integer(level), jsoncache.string(text)))
    read: list[tuple[reads.Item, str]] = []
    for entry in jsoncache.array(data["reads"]):
        kind, scope, key, digest = (jsoncache.string(part) for part in jsoncache.array(entry, 4))
        read.append(((kind, scope, key), digest))
    return _Conversion(
        jsoncache.string(data["key"]), state, record, messages, content, read, stored=data
    )


class WorkDigests:
    """The digests :class:`DataItems` gave the works of each reference list, kept from one
    build to the next by what they were made of: the bibliography (its text and style,
    ``Bibliography.source_digest``) and the code (:func:`jsoncache.environment`), each
    list by the works it holds.

    A work's digest in a reference list is its entry with its year letter and initials
    there, which a build would otherwise find by making the fields of every work of
    every edition's list to read the letters and initials off them. The same bytes,
    the same code and the same list give the same digest, so it is looked up; any other
    bibliography, code or list starts from nothing.
    """

    def __init__(self, source: str = "", known: dict[str, dict[str, str]] | None = None) -> None:
        #: what the ``known`` digests were made of (empty: nothing known)
        self.source = source
        #: by the digest of a list's works: the digest of each work asked of it
        self.known: dict[str, dict[str, str]] = known if known is not None else {}
        #: the digests this process asked for or made, for :meth:`data`
        self.used: dict[str, dict[str, str]] = {}

    @staticmethod
    def source_of(bibliography: Any) -> str:
        """What the digests of ``bibliography``'s works are made of; empty: unknown."""
        made_of = getattr(bibliography, "source_digest", "")
        return _digest(made_of, jsoncache.environment()) if made_of else ""

    def get(self, source: str, document: str, key: str) -> str | None:
        """The digest kept of the work ``key`` in the list ``document`` made of ``source``."""
        if not source or source != self.source:
            return None
        found = self.known.get(document, {}).get(key)
        if found is not None:
            self.used.setdefault(document, {})[key] = found
        return found

    def put(self, source: str, document: str, key: str, digest: str) -> None:
        """Keep the digest made of the work ``key`` in the list ``document``."""
        if not source:
            return
        if source != self.source:
            self.source, self.known, self.used = source, {}, {}
        self.known.setdefault(document, {})[key] = digest
        self.used.setdefault(document, {})[key] = digest

    def data(self) -> dict[str, Any]:
        """What a build saves: the digests it used."""
        return {"source": self.source, "documents": self.used}

    @classmethod
    def from_data(cls, data: Any) -> WorkDigests:
        """The digests an earlier build saved (:meth:`data`)."""
        if not isinstance(data, dict):
            raise jsoncache.CacheShapeError("expected the works' digests")
        documents = data["documents"]
        if not isinstance(documents, dict):
            raise jsoncache.CacheShapeError("expected the reference lists")
        known = {jsoncache.string(d): jsoncache.string_map(w) for d, w in documents.items()}
        return cls(jsoncache.string(data["source"]), known)


class DataItems:
    """The digest of each item of data a conversion may read (:mod:`handreiking.content.reads`),
    as the publication of this build has it.

    A conversion keeps the items it read with their digests; it is reused only when each
    digest is still the same. What an item's digest covers is what a page shows of it:
    a quote's every field but its line in the file (only a warning names that, and a
    conversion with a warning is never kept); a work's entry with its year letter and
    initials in the reference list of the page's document.
    """

    def __init__(
        self,
        publication: PublicationView,
        pages: GeneratedPages | None,
        works: WorkDigests | None = None,
    ) -> None:
        self.publication = publication
        self.pages = pages
        #: digests of the works of reference lists kept from an earlier build
        self._works = works
        self._works_source: str | None = None
        #: the digest of the works of each reference list, by the edition of its pages
        self._document_ids: dict[str | None, str] = {}
        self._known: dict[tuple[reads.Item, str | None], str] = {}
        #: the works of each reference list, by the edition of the pages that belong to it
        self._documents: dict[str | None, tuple[str, ...]] = {}
        #: the digests of the chapters that place a quote, with the generation of the
        #: generated pages' index they were made from (GeneratedPages.places_generation)
        self._places: dict[reads.Item, tuple[int, str]] = {}

    def digest(self, item: reads.Item, src_uri: str) -> str:
        """The digest of ``item`` now, as the page ``src_uri`` reads it."""
        found = self._known_digest(item)
        if found is not None:
            return found
        with reads.not_recording():
            kind, scope, _key = item
            if kind == "places":
                # The chapters' records grow while the build converts: kept only for as
                # long as the generated pages say what they answer from is the same.
                if self.pages is None:
                    return self._digest(item, None)
                generation = self.pages.places_generation()
                kept = self._places.get(item)
                if kept is None or kept[0] != generation:
                    kept = self._places[item] = (generation, self._digest(item, None))
                return kept[1]
            edition = self.publication.edition_of(src_uri)
            in_document = kind == "work" and scope == "doc"
            memo = (item, edition if in_document else None)
            found = self._known.get(memo)
            if found is None:
                document = self._document(edition) if in_document else None
                if document is not None and self._works is not None:
                    found = self._known[memo] = self._work_digest(item, edition, document)
                else:
                    found = self._known[memo] = self._digest(item, document)
            return found

    def take_places(self, last: DataItems) -> None:
        """Take the digests of the chapters that place each quote (``"places"``) from
        ``last``, the data items of the last rebuild, where they are surely the same:
        the generated pages answer alike (:meth:`GeneratedPages.places_alike`: the same
        chapters, the very same records) and the quote is there with the same edition
        as it was, or gone as it was. Each is kept with the generation of the places of
        this rebuild's pages, so a chapter converted again since drops them all."""
        pages, old_pages = self.pages, last.pages
        if pages is None or old_pages is None or not last._places:
            return
        with reads.not_recording():
            if not pages.places_alike(old_pages):
                return
            generation, old_generation = pages.places_generation(), old_pages.places_generation()
            quotes, old_quotes = self.publication.quotes, last.publication.quotes
            for item, (made, digest) in last._places.items():
                if made != old_generation:
                    continue
                quote, old_quote = quotes.get(item[2]), old_quotes.get(item[2])
                if _placed_alike(quote, old_quote):
                    self._places[item] = (generation, digest)

    def _known_digest(self, item: reads.Item) -> str | None:
        """The digest :meth:`digest` worked out for ``item`` before, when it needs no
        page to say which (not a work as a reference list shows it) and is still so;
        looked up without :func:`reads.not_recording`, which costs more than the lookup
        (every page's reads are looked up after every edit of data, thousands): nothing
        here reads the data."""
        kind, scope, _key = item
        if kind == "places":
            kept = self._places.get(item)
            pages = self.pages
            if kept is not None and pages is not None and kept[0] == pages.places_generation():
                return kept[1]
            return None
        if kind == "work" and scope == "doc":
            return None
        return self._known.get((item, None))

    def _work_digest(self, item: reads.Item, edition: str | None, document: tuple[str, ...]) -> str:
        """The digest of a work as the reference list ``document`` shows it: kept from
        an earlier build of the same bibliography, code and list (:class:`WorkDigests`),
        else made and kept."""
        works = self._works
        assert works is not None
        if self._works_source is None:
            self._works_source = WorkDigests.source_of(self.publication.bibliography)
        source = self._works_source
        listed = self._document_ids.get(edition)
        if listed is None:
            listed = self._document_ids[edition] = _digest(*document)
        key = item[2]
        found = works.get(source, listed, key)
        if found is None:
            found = self._digest(item, document)
            works.put(source, listed, key, found)
        return found

    def _document(self, edition: str | None) -> tuple[str, ...]:
        """The works of the reference list the pages of ``edition`` belong to (the
        citations extension's ``document``, whose year letters and initials they show)."""
        found = self._documents.get(edition)
        if found is None:
            keys = self.pages.document_keys(PageContext(edition=edition)) if self.pages else []
            found = self._documents[edition] = tuple(keys)
        return found

    def _digest(self, item: reads.Item, document: tuple[str, ...] | None) -> str:
        kind, scope, key = item
        publication = self.publication
        value: Any
        if kind == "quote":
            quote = publication.quotes.get(key)
            return _quote_digest(quote, publication.quotes.broken.get(key))
        elif kind == "quotes":
            return _quotes_digest(publication.quotes, scope)
        elif kind == "quote-editions":
            value = publication.quotes.edition_ids()
        elif kind == "box":
            value = [repr(publication.bouwstenen.get(key)), publication.bouwstenen.broken.get(key)]
        elif kind == "boxes":
            library = publication.bouwstenen
            value = [[repr(box) for box in library], sorted(library.broken.items())]
        elif kind in ("work", "works"):
            bibliography = publication.bibliography
            if bibliography is None:
                value = None
            elif kind == "works":
                value = [bibliography.work_state(k) for k in bibliography.keys]
            elif document is not None:
                value = bibliography.for_document(document).work_state(key)
            else:
                value = bibliography.work_state(key)
        elif kind == "places" and self.pages is not None:
            quote = publication.quotes.get(key)
            value = self.pages.quote_places(quote) if quote is not None else None
        else:  # an item this cache does not know: never the same
            return "?"
        return _digest(repr(value))


def _placed_alike(quote: Any, old_quote: Any) -> bool:
    """Whether :meth:`GeneratedPages.quote_places` answers of ``quote`` as of
    ``old_quote`` (either may be gone: ``None``), given the same places: it reads the
    quote's id and edition."""
    if quote is None or old_quote is None:
        return quote is None and old_quote is None
    return bool(quote.id == old_quote.id and quote.edition == old_quote.edition)


#: What was made of each quote object, by its id (:func:`_of_quote`): the preview's
#: rebuilds compare the digests of the quotes of the last load and the new one, mostly the
#: same objects (the quote files that did not change are not parsed again).
_QUOTE_TEXTS: dict[int, tuple[Any, Any, str]] = {}
_QUOTE_DIGESTS: dict[int, tuple[Any, Any, str]] = {}
#: At most this many are kept in each.
_MOST_QUOTE_TEXTS = 50_000


def _of_quote(
    kept: dict[int, tuple[Any, Any, str]], quote: Any, also: Any, make: Callable[[], str]
) -> str:
    """``make()`` of ``quote`` and ``also``, kept in ``kept`` by the quote object: a quote
    is frozen, so the same object (held there, so its id is not another's) and an equal
    ``also`` give the same."""
    found = kept.get(id(quote))
    if found is not None and found[0] is quote and found[1] == also:
        return found[2]
    if len(kept) >= _MOST_QUOTE_TEXTS:
        kept.clear()
    made = make()
    kept[id(quote)] = (quote, also, made)
    return made


def _quote(quote: Any) -> str:
    """A quote as a page shows it: every field but its line in the file."""
    if quote is None:
        return "-"
    return _of_quote(_QUOTE_TEXTS, quote, None, lambda: repr(dataclasses.replace(quote, line=0)))


def _quote_digest(quote: Any, broken: str | None) -> str:
    """The digest of the data item of one quote (``"quote"``): the quote as a page shows
    it (:func:`_quote`), and where its record is broken, if it is."""
    return _of_quote(_QUOTE_DIGESTS, quote, broken, lambda: _digest(repr([_quote(quote), broken])))


#: :func:`_quotes_digest` by the item's scope: the quote objects, the broken records and
#: the editions it was made of, and the digest.
_QUOTES_DIGESTS: dict[str, tuple[tuple[Any, ...], list[Any], list[str], str]] = {}


def _quotes_digest(store: Any, scope: str) -> str:
    """The digest of the data item of the quotes of an edition (``"quotes"``; ``"*"``:
    all of them): each quote as a page shows it (:func:`_quote`), the broken records
    and the editions. The preview's rebuilds find most editions' quotes the very same
    (frozen) objects as at the last digest, with equal records and editions: then the
    digest made of them then."""
    chosen = tuple(store) if scope == "*" else tuple(store.published(scope or None))
    broken = sorted(store.broken.items())
    kept = _QUOTES_DIGESTS.get(scope)
    if (
        kept is not None
        and len(kept[0]) == len(chosen)
        and all(map(operator.is_, kept[0], chosen))
        and kept[1] == broken
        and kept[2] == store.editions
    ):
        return kept[3]
    found = _digest(repr([[_quote(q) for q in chosen], broken, store.editions]))
    _QUOTES_DIGESTS[scope] = (chosen, broken, list(store.editions), found)
    return found


class _Collect(logging.Handler):
    """Collects what MkDocs and the plugins log while one page is converted."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@dataclass
class PageCache:
    """Conversions, rendered pages and search entries of earlier builds of one site."""

    conversions: dict[str, _Conversion] = field(default_factory=dict)
    #: per page: (key, the rendered page)
    outputs: dict[str, tuple[str, Blob]] = field(default_factory=dict)
    #: counts of this rebuild, for the log and the tests
    converted: int = 0
    reused_conversions: int = 0
    rendered: int = 0
    reused_outputs: int = 0
    #: of those, the renderings a forked process of this build made (:meth:`take_renders`)
    taken_outputs: int = 0
    #: the pages this rebuild converted, in order
    converted_pages: list[str] = field(default_factory=list)
    _data: str = ""
    #: the digests of the data items conversions read, for this rebuild
    _items: DataItems | None = None
    _site_key: str = ""
    _pending: dict[str, str] = field(default_factory=dict)
    _hits: dict[str, Blob] = field(default_factory=dict)
    _reused: set[str] = field(default_factory=set)
    #: per page: (key, the search index entries Material made of it)
    search_entries: dict[str, tuple[str, list[dict[str, Any]]]] = field(default_factory=dict)
    #: per page, read from disk or given by a forked process (:meth:`take_renders`):
    #: (key, where its search entries are, or them compressed), read when reused
    _search_places: dict[str, tuple[str, Blob]] = field(default_factory=dict)
    #: per page whose search entries were taken from disk: where they are, kept as they
    #: were (:meth:`save` writes them again without encoding them anew)
    _search_blobs: dict[str, Blob] = field(default_factory=dict)
    #: under ``serve``, per large page: what its search entries were made of (all of
    #: their key but the content, and the content), to index again only its parts
    #: that changed (:meth:`_entries_by_part`)
    _indexed: dict[str, tuple[str, str]] = field(default_factory=dict)
    #: under ``serve``, per large page indexed by part last: the digest of this
    #: rebuild's data and the page's frame, and the entry each part indexed alone gave,
    #: by the digest of the part (:meth:`_indexed_alone`)
    _parts_indexed: dict[str, tuple[str, dict[str, SearchEntry]]] = field(default_factory=dict)
    #: under ``serve``, per large page: the Markdown of its kept conversion, to convert
    #: again only its parts that changed (:meth:`_convert_by_part`)
    _markdowns: dict[str, str] = field(default_factory=dict)
    #: per large page converted by part last: the digest of this rebuild's data and the
    #: Markdown of the parts converted alone, and what it gave (:meth:`_convert_alone`)
    _alone: dict[str, tuple[str, tuple[Any, ...]]] = field(default_factory=dict)
    #: the pages converted (:meth:`_convert_by_part`, :meth:`_convert_editions_again`)
    #: and indexed (:meth:`_entries_by_part`) by part, for the tests
    converted_by_part: list[str] = field(default_factory=list)
    indexed_by_part: list[str] = field(default_factory=list)
    #: the theme's templates, compiled once (each rebuild has a new Jinja environment)
    bytecode: _MemoryBytecodeCache = field(default_factory=lambda: _MemoryBytecodeCache())
    #: the theme's error page (404.html), by name: (key, the rendered page)
    templates: dict[str, tuple[str, Blob]] = field(default_factory=dict)
    #: this rebuild's keys of the theme's error pages, and those whose rendering is reused
    _template_keys: dict[str, str] = field(default_factory=dict)
    _template_hits: dict[str, Blob] = field(default_factory=dict)
    _planned: bool = False
    #: where a build keeps the cache between builds; ``None``: in memory only
    file: Path | None = None
    #: a build's digests of the works of the reference lists, kept between builds
    #: (the preview keeps each bibliography's lists in memory instead)
    works: WorkDigests | None = None
    #: a build's literature lists (:meth:`kept_list`), by what made them: where each is
    #: and what making it read; those read from disk, and those this build used
    lists: dict[str, tuple[Blob, frozenset[reads.Item]]] = field(default_factory=dict)
    _lists_used: dict[str, tuple[Blob, frozenset[reads.Item]]] = field(default_factory=dict)
    #: a build's other results made of the bibliography alone (:meth:`kept_value`), by
    #: what made them; those read from disk, and those this build used
    values: dict[str, Any] = field(default_factory=dict)
    _values_used: dict[str, Any] = field(default_factory=dict)
    #: the compressed texts (in memory, or in this build's and the last build's packs)
    blobs: _Blobs = field(default_factory=_Blobs)
    #: in a forked process (:meth:`in_child`): the parent's, left as they were
    _parents_blobs: _Blobs | None = None

    # -- on disk ---------------------------------------------------------------

    @classmethod
    def on_disk(cls, folder: Path) -> PageCache:
        """The cache a build left in ``folder``; empty when there is none, or when a
        file of it is damaged, foreign, of another shape or of another save."""
        file, pack = folder / FILE_NAME, folder / PACK_NAME
        new = pack.with_name(f"{pack.name}.{os.getpid()}.tmp")
        stored = jsoncache.read_json(file, KIND)
        if stored is not None:
            cache = cls(file=file)
            try:
                cache.blobs = _Blobs(pack, new)
                cache._take(stored, pack)
            except (OSError, jsoncache.CacheShapeError, ValueError, TypeError, KeyError):
                cache.blobs.close()
            else:
                return cache
        return cls(file=file, blobs=_Blobs(None, new), works=WorkDigests())

    def _take(self, stored: Any, pack: Path) -> None:
        if not isinstance(stored, dict) or stored["pack"] != _file_digest(pack):
            raise jsoncache.CacheShapeError("the pack is not the one this index was saved with")
        pages = stored["pages"]
        if not isinstance(pages, dict):
            raise jsoncache.CacheShapeError("expected an object of pages")
        size = pack.stat().st_size

        def place(value: Any) -> Blob:
            offset, length = (jsoncache.integer(n) for n in jsoncache.array(value, 2))
            if offset < 0 or length < 0 or offset + length > size:
                raise jsoncache.CacheShapeError("a place outside the pack")
            return (0, offset, length)

        for src_uri, entry in pages.items():
            if not isinstance(entry, dict):
                raise jsoncache.CacheShapeError("expected a page")
            if "conversion" in entry:
                conversion = entry["conversion"]
                self.conversions[src_uri] = _conversion_from_data(
                    conversion, place(conversion["content"])
                )
            if "output" in entry:
                key, where = jsoncache.array(entry["output"], 2)
                self.outputs[src_uri] = (jsoncache.string(key), place(where))
            if "search" in entry:
                key, where = jsoncache.array(entry["search"], 2)
                self._search_places[src_uri] = (jsoncache.string(key), place(where))
        self.works = WorkDigests.from_data(stored["works"]) if "works" in stored else WorkDigests()
        lists = stored.get("lists", {})
        if not isinstance(lists, dict):
            raise jsoncache.CacheShapeError("expected an object of literature lists")
        for key, entry in lists.items():
            where, read = jsoncache.array(entry, 2)
            items: set[reads.Item] = set()
            for item in jsoncache.array(read):
                kind, scope, name = (jsoncache.string(part) for part in jsoncache.array(item, 3))
                items.add((kind, scope, name))
            self.lists[jsoncache.string(key)] = (place(where), frozenset(items))
        values = stored.get("values", {})
        if not isinstance(values, dict):
            raise jsoncache.CacheShapeError("expected an object of values")
        self.values = values
        templates = stored.get("templates", {})
        if not isinstance(templates, dict):
            raise jsoncache.CacheShapeError("expected an object of templates")
        for name, entry in templates.items():
            key, where = jsoncache.array(entry, 2)
            self.templates[jsoncache.string(name)] = (jsoncache.string(key), place(where))

    def save(self) -> bool:
        """Write what this build kept for the next build; ``False`` when it cannot.

        Two files: ``pages.pack``, the pages' HTML and search entries compressed one
        after the other (written while the pages were made), and ``pages.json``, where
        each page's parts are in the pack, with the pack's digest, so that an index is
        never read with another save's pack.
        """
        if self.file is None:
            return False
        blobs = self.blobs
        # each page's parts, by where they are in the pack (a conversion's data is made
        # as the file is written: not every page's at once, at the build's end)
        pages: dict[str, dict[str, Any]] = {}
        try:

            def kept(blob: Blob) -> Blob:
                if not (isinstance(blob, tuple) and blob[0] == 1):
                    blob = blobs.put_compressed(blobs.compressed(blob))
                return blob

            for src_uri, conversion in self.conversions.items():
                pages.setdefault(src_uri, {})["conversion"] = kept(conversion.content)
            for src_uri, (key, output) in self.outputs.items():
                pages.setdefault(src_uri, {})["output"] = [key, kept(output)]
            for src_uri, (key, entries) in self.search_entries.items():
                blob = self._search_blobs.get(src_uri)
                if blob is None:
                    blob = blobs.put(_entries_text(entries))
                pages.setdefault(src_uri, {})["search"] = [key, kept(blob)]
            template_blobs = {name: kept(blob) for name, (_key, blob) in self.templates.items()}
            list_blobs = {key: kept(blob) for key, (blob, _read) in self._lists_used.items()}
            blobs.flush()  # now every text has its place in the pack
            lists = {
                key: [list(blobs.place(list_blobs[key])), sorted(map(list, read))]
                for key, (_blob, read) in self._lists_used.items()
            }
            templates = {
                name: [key, list(blobs.place(template_blobs[name]))]
                for name, (key, _blob) in self.templates.items()
            }
            for entry in pages.values():
                if "conversion" in entry:
                    entry["conversion"] = list(blobs.place(entry["conversion"]))
                for part in ("output", "search"):
                    if part in entry:
                        entry[part][1] = list(blobs.place(entry[part][1]))
            new_path = blobs._new_path
            digest = blobs.digest()
            blobs.close()
            if new_path is None or not new_path.exists():
                return False
            pack = self.file.with_name(PACK_NAME)
            os.replace(new_path, pack)
            for left in pack.parent.glob(f"{PACK_NAME}.*.tmp"):  # of builds that were stopped
                with contextlib.suppress(OSError):
                    left.unlink()
        except (OSError, ValueError, zlib.error):
            self.discard()
            return False
        conversions = self.conversions

        def members() -> Iterator[tuple[str, dict[str, Any]]]:
            for src_uri, entry in pages.items():
                if "conversion" in entry:
                    # A conversion reused as an earlier build saved it is saved as it was
                    # read (nothing changes a kept conversion in place: see _replay); but
                    # where its HTML is in the pack.
                    conversion = conversions[src_uri]
                    stored = conversion.stored
                    data = dict(stored) if stored is not None else _conversion_data(conversion)
                    data["content"] = entry["conversion"]
                    entry = {**entry, "conversion": data}
                yield src_uri, entry

        saved: dict[str, Any] = {
            "pack": digest,
            "pages": jsoncache.Members(members()),
            "templates": templates,
            "lists": lists,
            "values": self._values_used,
        }
        if self.works is not None:
            saved["works"] = self.works.data()
        return jsoncache.write_json(self.file, KIND, saved)

    def discard(self) -> None:
        """Close the packs and remove this build's unsaved one (a build that failed)."""
        new_path = self.blobs._new_path
        self.blobs.close()
        if new_path is not None:
            with contextlib.suppress(OSError):
                new_path.unlink(missing_ok=True)

    # -- literature lists (outputs/pages.py, KeptLists) ---------------------------

    def _list_key(
        self,
        bibliography: Any,
        asked: Sequence[str],
        keys: Sequence[str],
        notes: Mapping[str, str] | None,
    ) -> str:
        """What a literature list is made of: the bibliography's text and style, the
        code, the document's works, the list's works and notes; empty when the
        bibliography does not say what it was made of, or the cache is in memory only
        (the preview keeps each bibliography's lists in it)."""
        listed = None if notes is None else list(notes.items())
        return self._derived_key("list", bibliography, (list(asked), list(keys), listed))

    def _derived_key(self, kind: str, bibliography: Any, made_of: Any) -> str:
        """The key of what is made of ``bibliography`` (its text and style), the code
        and ``made_of`` (plain data) alone; empty when the bibliography does not say what
        it was made of, or the cache is in memory only."""
        source = getattr(bibliography, "source_digest", "")
        if not source or self.file is None:
            return ""
        return _digest(kind, source, jsoncache.environment(), repr(made_of))

    def kept_value(self, kind: str, bibliography: Any, made_of: Any) -> Any:
        """What an earlier build kept (:meth:`keep_value`) as made of ``bibliography``,
        the code and ``made_of``: plain JSON, checked by the caller; ``None`` when none."""
        key = self._derived_key(kind, bibliography, made_of)
        found = self.values.get(key) if key else None
        if found is not None:
            self._values_used[key] = found
        return found

    def keep_value(self, kind: str, bibliography: Any, made_of: Any, value: Any) -> None:
        """Keep ``value`` (plain JSON), made of ``bibliography``, the code and
        ``made_of`` alone, for the next build."""
        key = self._derived_key(kind, bibliography, made_of)
        if key:
            self.values[key] = self._values_used[key] = value

    def kept_list(
        self,
        bibliography: Any,
        asked: Sequence[str],
        keys: Sequence[str],
        notes: Mapping[str, str] | None,
    ) -> tuple[str, frozenset[reads.Item]] | None:
        """The literature list an earlier build made of the same, and what making it
        read; ``None`` when none was, or its text cannot be read."""
        key = self._list_key(bibliography, asked, keys, notes)
        found = self.lists.get(key) if key else None
        if found is None:
            return None
        try:
            html = self.blobs.text(found[0])
        except (OSError, ValueError, zlib.error):
            return None
        self._lists_used[key] = found
        return html, found[1]

    def keep_list(
        self,
        bibliography: Any,
        asked: Sequence[str],
        keys: Sequence[str],
        notes: Mapping[str, str] | None,
        html: str,
        read: frozenset[reads.Item],
    ) -> None:
        """Keep a literature list this build made, for the next build."""
        key = self._list_key(bibliography, asked, keys, notes)
        if key:
            self.lists[key] = self._lists_used[key] = (self.blobs.put(html), read)

    @property
    def started(self) -> bool:
        """Whether this rebuild started (:meth:`start`): its pages may be reused."""
        return bool(self._data)

    # -- one rebuild ---------------------------------------------------------

    def reset(self) -> None:
        """Forget what the previous rebuild planned; nothing is reused until :meth:`start`."""
        self.converted = self.reused_conversions = self.rendered = self.reused_outputs = 0
        self.taken_outputs = 0
        self.converted_pages = []
        self._data = ""
        self._items = None
        self._pending.clear()
        self._hits.clear()
        self._reused.clear()
        self._template_keys.clear()
        self._template_hits.clear()
        self._planned = False

    def start(
        self,
        publication: PublicationView,
        files: Files,
        config: MkDocsConfig,
        data: str,
        pages: GeneratedPages | None = None,
    ) -> None:
        """Begin a rebuild: the data fingerprint and this build's files and addresses;
        ``pages`` (the generated pages) says where each page's citations belong and
        which chapters place a quote, for :class:`DataItems`.

        Nothing is reused in a rebuild of a site with a plugin or Markdown extension this
        cache does not know (:func:`only_known_readers`): what it reads is in no key.
        """
        if not only_known_readers(config):
            return
        addresses = sorted(f"{f.src_uri}\0{f.url}" for f in files)
        scan = [
            (p.src_uri, p.title, p.edition, p.bouwstenen, p.id, p.thema)
            for p in publication.scanned.values()
        ]
        # The editions' metadata, as loaded: their start pages' own text is in their key.
        editions = [repr(edition) for edition in publication.editions]
        self._data = _digest(
            data,
            *addresses,
            _json(scan),
            _json(editions),
            _json(publication.only),
            jsoncache.environment(),
        )
        self._items = DataItems(publication, pages, self.works)
        if pages is not None and self.file is not None:
            pages.kept_lists = self
        # forget pages that are gone
        known = {f.src_uri for f in files}
        for store in (
            self.conversions,
            self.outputs,
            self.search_entries,
            self._search_places,
            self._search_blobs,
            self._indexed,
            self._parts_indexed,
            self._markdowns,
            self._alone,
        ):
            for src_uri in [uri for uri in store if uri not in known]:
                del store[src_uri]

    def use_data(self, publication: PublicationView, pages: GeneratedPages | None) -> None:
        """Read the data items of ``publication`` from here on (:class:`DataItems`): the
        preview's rebuild after an edit of data files only, which the data fingerprint
        of :meth:`start` leaves out (quote files, theory boxes, the bibliography), so the
        rest of what this rebuild started with stays as it is."""
        if self._data:
            last, self._items = self._items, DataItems(publication, pages, self.works)
            if last is not None:
                self._items.take_places(last)

    @property
    def data_items(self) -> DataItems | None:
        """The digests of the data items of this rebuild (:meth:`start`, :meth:`use_data`)."""
        return self._items if self._data else None

    def read_what_changed(
        self,
        src_uri: str,
        unchanged: Collection[str] = (),
        same: Callable[[reads.Item, str], bool] | None = None,
    ) -> bool | None:
        """Whether the kept conversion of ``src_uri`` read an item of data that is no
        longer as it was (:meth:`use_data`); ``None`` when none is kept. Items of the
        kinds ``unchanged``, and those for which ``same(item, src_uri)`` is true, are not
        looked at: the caller knows they are the same."""
        kept = self.conversions.get(src_uri)
        items = self._items
        if kept is None or items is None or not self._data:
            return None
        return any(
            item[0] not in unchanged
            and not (same is not None and same(item, src_uri))
            and items.digest(item, src_uri) != digest
            for item, digest in kept.reads
        )

    def wrap_render(self, page: Page, records: dict[str, PageRecord]) -> None:
        """Make ``page.render`` reuse the previous conversion when its key is unchanged."""
        src_uri = page.file.src_uri

        def render(original: Render, config: MkDocsConfig, files: Files) -> None:
            if not self._data:  # this rebuild did not start (broken data): no reuse
                original(config, files)
                return
            key = _digest(self._data, src_uri, page.markdown or "")
            kept = self.conversions.get(src_uri)
            # under serve: a large page whose Markdown changed in a few parts
            if (
                kept is not None
                and kept.key != key
                and self.file is None
                and self._convert_by_part(page, kept, key, original, config, files, records)
            ):
                self._keep_markdown(src_uri, page.markdown or "")
                return
            # under serve: a list of literature whose references changed in a few lines
            if (
                kept is not None
                and kept.key != key
                and self.file is None
                and self._convert_list_again(page, kept, key, original, config, files, records)
            ):
                self._keep_markdown(src_uri, page.markdown or "")
                return
            self._keep_markdown(src_uri, page.markdown or "")
            if kept is not None and kept.key == key and self._still_the_same(kept, src_uri):
                text = self._kept_html(kept)  # None: a pack damaged since: convert
                if text is not None:
                    self._replay(page, kept, text, files, records)
                    self.reused_conversions += 1
                    if isinstance(kept.content, str):  # taken from a child: into the pack
                        kept.content = self.blobs.put_plain(text)
                    return
            # under serve: an overview of quotes whose editions' quotes changed
            if (
                kept is not None
                and kept.key == key
                and self.file is None
                and self._convert_editions_again(page, kept, original, config, files, records)
            ):
                return
            collect = _Collect()
            logger = logging.getLogger("mkdocs")
            logger.addHandler(collect)
            try:
                with reads.recording() as read:
                    original(config, files)
            finally:
                logger.removeHandler(collect)
            self.converted += 1
            self.converted_pages.append(src_uri)
            if any(r.levelno >= logging.WARNING for r in collect.records):
                self.conversions.pop(src_uri, None)
                return
            items = self._items
            assert items is not None  # started
            read_now = [(item, items.digest(item, src_uri)) for item in sorted(read)]
            state = kept_render_state(page)
            content = self.blobs.put_plain(state.content)
            state.content = ""
            self.conversions[src_uri] = _Conversion(
                key,
                state,
                records.get(src_uri),
                [(r.name, r.levelno, r.getMessage()) for r in collect.records],
                content,
                read_now,
            )

        wrap_page_render(page, render)

    def _keep_markdown(self, src_uri: str, markdown: str) -> None:
        """Under ``serve``, keep the Markdown of a large page's conversion."""
        if self.file is None and (len(markdown) >= LARGE_PAGE or _is_literature(markdown)):
            self._markdowns[src_uri] = markdown
        else:
            self._markdowns.pop(src_uri, None)

    def _kept_markdown(self, src_uri: str, kept: _Conversion) -> str | None:
        """The Markdown ``kept`` was converted from (:meth:`_keep_markdown`), when a part
        of it may be converted again in its place: it gave no message and a record, its
        key is still that Markdown's, and what it read is still the same; else ``None``."""
        markdown = self._markdowns.get(src_uri)
        if markdown is None or kept.messages or kept.record is None:
            return None
        if _digest(self._data, src_uri, markdown) != kept.key:
            return None
        if not self._still_the_same(kept, src_uri):
            return None
        return markdown

    def _convert_by_part(
        self,
        page: Page,
        kept: _Conversion,
        key: str,
        original: Render,
        config: MkDocsConfig,
        files: Files,
        records: dict[str, PageRecord],
    ) -> bool:
        """Under ``serve``, convert only the parts of a large page's Markdown that
        changed, when each is a heading and a table of ``/themas/`` (:data:`TABLE_PART`),
        and put their HTML in the place of theirs in the kept conversion; ``False``
        (nothing changed) when that cannot be said of the change.

        Each part that changed is converted alone, as it was and as it is, with the
        page's own conversion (its Markdown extensions, address and files): as it was,
        it must give exactly the HTML it has in the kept conversion, and both must give
        the same table of contents, anchors, links, record and reads, without a message;
        the page then offers other pages and files what it did."""
        src_uri = page.file.src_uri
        old_markdown = self._kept_markdown(src_uri, kept)
        new_markdown = page.markdown or ""
        if old_markdown is None:
            return False
        old_parts, new_parts = _markdown_parts(old_markdown), _markdown_parts(new_markdown)
        if len(old_parts) != len(new_parts) or old_parts[0] != new_parts[0]:
            return False
        changed = [n for n, (a, b) in enumerate(zip(old_parts, new_parts, strict=True)) if a != b]
        if not changed or len(changed) > MOST_PARTS:
            return False
        old_html = self._kept_html(kept)
        if old_html is None:
            return False
        regions = _html_parts(old_html)
        if len(regions) != len(old_parts):
            return False
        read_before = {item for item, _digest_now in kept.reads}
        for n in changed:
            before, after = old_parts[n], new_parts[n]
            if not (TABLE_PART.fullmatch(before) and TABLE_PART.fullmatch(after)):
                return False
            if before.split("\n", 1)[0] != after.split("\n", 1)[0]:
                return False  # another heading
        # the parts that changed, together, as they were and as they are
        alone = ["".join(parts[n] for n in changed) for parts in (old_parts, new_parts)]
        was, now = self._as_it_was_and_is(page, kept, alone, original, config, files, records)
        if was is None or now is None or was[1:] != now[1:] or not now[-1] <= read_before:
            return False
        was_parts, now_parts = _html_parts(was[0]), _html_parts(now[0])
        if len(was_parts) != len(changed) + 1 or len(now_parts) != len(changed) + 1:
            return False
        if was_parts[0] or now_parts[0]:
            return False  # something before the first heading
        for n, before, after in zip(changed, was_parts[1:], now_parts[1:], strict=True):
            region, before, after = regions[n], before.rstrip("\n"), after.rstrip("\n")
            if not region.startswith(before) or region[len(before) :].strip("\n"):
                return False
            regions[n] = after + region[len(before) :]
        self._converted_by_part(page, kept, "".join(regions), files, key=key)
        self._alone[src_uri] = (_digest(self._data, alone[1]), now)
        return True

    def _as_it_was_and_is(
        self,
        page: Page,
        kept: _Conversion,
        alone: list[str],
        original: Render,
        config: MkDocsConfig,
        files: Files,
        records: dict[str, PageRecord],
    ) -> tuple[tuple[Any, ...] | None, tuple[Any, ...] | None]:
        """The parts of a page that changed, ``alone`` (as they were, as they are),
        each converted alone with the page's own conversion (:meth:`_convert_alone`),
        the page's record put back after. The same parts saved again: as they were, they
        were converted alone last time, and put in the page so (converting them again
        would check nothing more); what they are now is kept for the next save by the
        caller, once put in the page."""
        src_uri = page.file.src_uri
        last = self._alone.get(src_uri)
        try:
            if last is not None and last[0] == _digest(self._data, alone[0]):
                was: tuple[Any, ...] | None = last[1]
            else:
                was = self._convert_alone(page, alone[0], original, config, files, records)
            now = self._convert_alone(page, alone[1], original, config, files, records)
        finally:
            records[src_uri] = kept.record
        self._alone.pop(src_uri, None)
        return was, now

    def _convert_list_again(
        self,
        page: Page,
        kept: _Conversion,
        key: str,
        original: Render,
        config: MkDocsConfig,
        files: Files,
        records: dict[str, PageRecord],
    ) -> bool:
        """Under ``serve``, convert only the lines of a list of literature
        (:data:`LITERATURE`: a heading, then one reference a line) that changed, and put
        their HTML in the place of theirs in the kept conversion; ``False`` (nothing
        changed) when that cannot be said of the change.

        The lines that changed (the same number as before, a run of at most
        :data:`MOST_PARTS`) are converted alone in a list of their own, as they were
        and as they are, with the page's own conversion: as they were, they must give
        HTML found exactly once in the kept conversion (each reference carries the id
        of its work), and both must give the same table of contents, anchors, links,
        record and reads, without a message; the page then offers other pages and
        files what it did, each line where it was."""
        src_uri = page.file.src_uri
        old_markdown = self._kept_markdown(src_uri, kept)
        new_markdown = page.markdown or ""
        if old_markdown is None:
            return False
        if not (_is_literature(old_markdown) and _is_literature(new_markdown)):
            return False
        old_lines, new_lines = old_markdown.split("\n"), new_markdown.split("\n")
        if len(old_lines) != len(new_lines):
            return False
        changed = [n for n, (a, b) in enumerate(zip(old_lines, new_lines, strict=True)) if a != b]
        if not changed or changed[-1] - changed[0] >= MOST_PARTS:
            return False
        first, last = changed[0], changed[-1] + 1
        if not all(
            _LIST_ITEM.fullmatch(line) for line in old_lines[first:last] + new_lines[first:last]
        ):
            return False
        alone = [
            "<ul>\n" + "".join(line + "\n" for line in lines[first:last]) + "</ul>\n"
            for lines in (old_lines, new_lines)
        ]
        old_html = self._kept_html(kept)
        if old_html is None:
            return False
        was, now = self._as_it_was_and_is(page, kept, alone, original, config, files, records)
        read_before = {item for item, _digest_now in kept.reads}
        if was is None or now is None or was[1:] != now[1:] or not now[-1] <= read_before:
            return False
        start, end = _LIST_HTML
        inner = []
        for made in (was[0], now[0]):
            if not (made.startswith(start) and made.endswith(end)):
                return False
            inner.append(made[len(start) : -len(end)])
        if not inner[0] or old_html.count(inner[0]) != 1:
            return False
        self._converted_by_part(page, kept, old_html.replace(inner[0], inner[1]), files, key=key)
        self._alone[src_uri] = (_digest(self._data, alone[1]), now)
        return True

    def _convert_editions_again(
        self,
        page: Page,
        kept: _Conversion,
        original: Render,
        config: MkDocsConfig,
        files: Files,
        records: dict[str, PageRecord],
    ) -> bool:
        """Under ``serve``, convert again only the editions of an overview of quotes
        (``/// citatenoverzicht`` with a list of editions, as ``/citaten/``) whose
        quotes changed, when nothing else it read changed, and put their HTML in the
        place of theirs in the kept conversion; ``False`` (nothing changed) when that
        cannot be said of the change.

        The editions are converted together, as the page's own Markdown (its Markdown
        extensions, address and files), in a block of their own. In the HTML of each,
        every heading must be as it was, and every quote, "see also" and heading must
        begin, link and carry ids as it did: the page then has the same table of
        contents, anchors, links and record, and offers other pages and files what it
        did."""
        src_uri = page.file.src_uri
        found = OVERVIEW.fullmatch(page.markdown or "")
        items = self._items
        if found is None or items is None or kept.messages or kept.record is None:
            return False
        listed = [word.strip() for word in found.group("editions").split(",")]
        changed: set[str] = set()
        for item, digest in kept.reads:
            if items.digest(item, src_uri) == digest:
                continue
            kind, scope, _key = item
            if kind != "quotes":
                return False  # a quote's places, the editions: more than the quotes
            if scope in listed:
                changed.add(scope)
        editions = [edition for edition in listed if edition in changed]
        if not editions or len(editions) > MOST_PARTS:
            return False
        old_html = self._kept_html(kept)
        if old_html is None:
            return False
        mini = f"/// citatenoverzicht\neditie: [{', '.join(editions)}]\n///\n"
        try:
            made = self._convert_alone(page, mini, original, config, files, records)
        finally:
            records[src_uri] = kept.record
        read_before = {item for item, _digest_now in kept.reads}
        if made is None or not made[-1] <= read_before:
            return False
        start, end = OVERVIEW_HTML
        html = made[0]
        if not html.startswith(start) or not html.endswith(end) or html.count(end) != 1:
            return False
        new_parts = _html_parts(html[len(start) : -len(end)])
        regions = _html_parts(old_html)
        if new_parts[0] or len(new_parts) != len(editions) + 1:
            return False
        place = {_opening(region): n for n, region in enumerate(regions)}
        for edition, part in zip(editions, new_parts[1:], strict=True):
            n = place.get(_opening(part))
            if n is None or n == 0 or f'id="{edition_anchor(edition)}"' not in _opening(part):
                return False
            region = regions[n]
            was = region
            rest = ""
            if n == len(regions) - 1:  # the last edition: the block ends after it
                close = region.rfind(end)
                if close < 0:
                    return False
                was, rest = region[:close], region[close:]
            if _chunk_shapes(was) != _chunk_shapes(part):
                return False
            regions[n] = part + rest
        reads = [(item, items.digest(item, src_uri)) for item, _digest in kept.reads]
        self._converted_by_part(page, kept, "".join(regions), files, reads=reads)
        return True

    def _converted_by_part(
        self, page: Page, kept: _Conversion, content: str, files: Files, **changes: Any
    ) -> None:
        """``page`` converted again in parts: its ``content`` on the page and kept in
        place of ``kept``, with ``changes`` (its new key or reads), and counted."""
        src_uri = page.file.src_uri
        restore_render_state(page, dataclasses.replace(kept.state, content=content), files)
        self.converted += 1
        self.converted_pages.append(src_uri)
        self.converted_by_part.append(src_uri)
        self.conversions[src_uri] = dataclasses.replace(
            kept, content=self.blobs.put_plain(content), **changes
        )

    def _convert_alone(
        self,
        page: Page,
        markdown: str,
        original: Render,
        config: MkDocsConfig,
        files: Files,
        records: dict[str, PageRecord],
    ) -> tuple[Any, ...] | None:
        """``markdown`` converted as the page's own (:meth:`_convert_by_part`): its
        HTML, then what the page offers of it (table of contents, anchors, links to
        anchors, record) and what it read; ``None`` when it said something."""
        src_uri = page.file.src_uri
        shown = page.markdown
        collect = _Collect()
        logger = logging.getLogger("mkdocs")
        logger.addHandler(collect)
        page.markdown = markdown
        try:
            with reads.recording() as read:
                original(config, files)
        finally:
            page.markdown = shown
            logger.removeHandler(collect)
        if collect.records:
            return None
        state = kept_render_state(page)
        record = records.get(src_uri)
        return (
            state.content,
            toc_data(state.toc),
            state.anchors,
            state.anchor_links,
            repr(record),
            frozenset(read),
        )

    def _kept_html(self, kept: _Conversion) -> str | None:
        """The HTML of a kept conversion; ``None`` when the pack was damaged since."""
        try:
            return self.blobs.text(kept.content)
        except (OSError, ValueError, zlib.error):
            return None

    def _still_the_same(self, kept: _Conversion, src_uri: str) -> bool:
        """Whether every item of data the kept conversion read is as it was then."""
        items = self._items
        if items is None:
            return False
        return all(items.digest(item, src_uri) == digest for item, digest in kept.reads)

    def _replay(
        self,
        page: Page,
        kept: _Conversion,
        content: str,
        files: Files,
        records: dict[str, PageRecord],
    ) -> None:
        # The kept table of contents and PageRecord are handed out again, not copied:
        # nothing after the conversion may change them in place (nothing does today:
        # the search plugin and outputs/links/collector.py only read them).
        # Messages are replayed from the "mkdocs" logger tree only (_Collect sits there);
        # a conversion's messages elsewhere (Python-Markdown's own) are not repeated.
        restore_render_state(page, dataclasses.replace(kept.state, content=content), files)
        if kept.record is not None:
            records[page.file.src_uri] = kept.record
        for name, level, message in kept.messages:
            logging.getLogger(name).log(level, message)

    # -- conversions of another process (plugin/forkedpages.py) ----------------

    def in_child(self) -> None:
        """In a forked process converting or rendering a share of this build's pages:
        keep what it makes in memory, for :meth:`give` and :meth:`give_renders`."""
        # The parent's packs stay referenced, never closed here: closing would write
        # what the parent's file buffered at the fork into the parent's pack once more.
        self._parents_blobs = self.blobs
        self.blobs = self.blobs.for_child()

    def give(self, src_uris: Iterable[str]) -> list[Any]:
        """The conversions kept of ``src_uris`` (those without a warning), as plain
        data with their HTML, for :meth:`take` in the process that forked this one."""
        given: list[Any] = []
        for src_uri in src_uris:
            conversion = self.conversions.get(src_uri)
            if conversion is not None:
                text = self.blobs.text(conversion.content)
                given.append([src_uri, _conversion_data(conversion), text])
        return given

    def take(self, given: Any) -> int:
        """Keep the conversions :meth:`give` gave in a forked process as if an earlier
        build had kept them: each is reused only when its key and every item it read
        match what this build has when it reaches the page, else the page is converted
        again. How many were taken; a misshapen answer is taken as none."""
        taken: dict[str, _Conversion] = {}
        try:
            for src_uri, data, content in jsoncache.array(given):
                conversion = _conversion_from_data(data, jsoncache.string(content))
                # Saved as it is encoded anew (the same data): its parts are not held
                # twice through the rest of the build.
                conversion.stored = None
                taken[jsoncache.string(src_uri)] = conversion
        except (jsoncache.CacheShapeError, ValueError, TypeError, KeyError):
            return 0
        self.conversions.update(taken)
        return len(taken)

    def settle(self) -> bool:
        """Wait until this build's pack holds every text given so far, its writing
        thread ended, so that the process may fork; ``False`` when writing failed."""
        try:
            self.blobs.flush()
        except OSError:
            return False
        return True

    def done_reading(self) -> None:
        """Every page is rendered: the thread reading reused pages ahead ends (what is
        read later, such as the search entries of a page, is read when asked), so that
        the process may fork."""
        self.blobs.stop_reading_ahead()

    def unrendered(self, pages: Iterable[Page]) -> list[Page]:
        """Those of ``pages`` (after :meth:`plan_rendering`) this build renders itself:
        none kept of an earlier build is reused."""
        return [page for page in pages if page.file.src_uri not in self._hits]

    def give_renders(self, src_uris: Iterable[str]) -> list[Any]:
        """The rendered pages and search entries kept of ``src_uris``, as plain data, for
        :meth:`take_renders` in the process that forked this one: both compressed, the
        search entries encoded as :meth:`save` puts them in the pack (as objects, they
        would be megabytes more in the parent, which holds the most as it takes them)."""
        given: list[Any] = []
        for src_uri in src_uris:
            output = self.outputs.get(src_uri)
            search = self.search_entries.get(src_uri)
            given.append(
                [
                    src_uri,
                    None if output is None else [output[0], self.blobs.compressed(output[1])],
                    None if search is None else [search[0], self._search_data(search[1])],
                ]
            )
        return given

    def _search_data(self, entries: list[dict[str, Any]]) -> bytes:
        """``entries`` encoded and compressed as :meth:`save` keeps them."""
        return zlib.compress(_entries_text(entries).encode("utf-8"), 1)

    def take_renders(self, given: Any, pages: dict[str, Page]) -> int:
        """Reuse the renderings :meth:`give_renders` gave in a forked process, as those an
        earlier build kept: a page's only when its key is the one :meth:`plan_page` gave
        it here; its search entries, each only when its key matches when Material's
        search asks (read then, as those of an earlier build are). How many renderings
        were taken; a misshapen answer is taken as none."""
        taken = 0
        try:
            for src_uri, output, search in jsoncache.array(given):
                if search is not None:
                    key, data = jsoncache.array(search, 2)
                    if not isinstance(data, bytes):
                        raise jsoncache.CacheShapeError("expected search entries")
                    self._search_places[src_uri] = (jsoncache.string(key), data)
                    self.search_entries.pop(src_uri, None)
                    self._search_blobs.pop(src_uri, None)
                if output is None:
                    continue
                key, data = jsoncache.array(output, 2)
                page = pages.get(src_uri)
                if (
                    page is None
                    or not isinstance(data, bytes)
                    or key != self._pending.get(src_uri)
                    or src_uri in self._hits
                    or "template" in page.meta
                ):
                    continue
                self.outputs[src_uri] = (key, self.blobs.put_compressed(data))
                self._hits[src_uri] = data
                page.meta["template"] = CACHED_TEMPLATE
                taken += 1
                self.taken_outputs += 1
        except (jsoncache.CacheShapeError, ValueError, TypeError):
            return taken
        return taken

    def plan_rendering(
        self,
        pages: Iterable[Page],
        nav: Navigation,
        publication: PublicationView,
        dates: LastUpdated,
        changes: ChangesPages | None,
        config: MkDocsConfig,
    ) -> None:
        """Before the pages are rendered: reuse the rendering of every unchanged page."""
        if not self._data:  # this rebuild did not start: nothing is reused
            return
        pages = list(pages)
        self._site_key = _digest(
            self._data,
            _json(_nav(nav.items)),
            _json([(e.id, e.name, e.published, repr(e)) for e in publication.editions]),
            _json(config.get("extra", {})),
            _theme_fingerprint(config.theme.dirs),
        )
        for page in pages:
            self.plan_page(page, dates, changes)
        self._planned = True
        # The rendered pages reused, and their search entries, as the build asks for them.
        ahead: list[Blob] = []
        for page in pages:
            src_uri = page.file.src_uri
            search = self._search_places.get(src_uri)
            if search is not None and src_uri not in self.search_entries:
                ahead.append(search[1])
            hit = self._hits.get(src_uri)
            if hit is not None:
                ahead.append(hit)
        self.blobs.read_ahead(ahead)

    def plan_page(self, page: Page, dates: LastUpdated, changes: ChangesPages | None) -> None:
        """The rendering key of ``page`` as it is now (after :meth:`plan_rendering`, the
        site's part of it): its rendering is reused when an earlier one had the same key."""
        src_uri = page.file.src_uri
        # What our templates show of the page's history: its own date, whether it has
        # uncommitted changes (preview), where the date links. Not every page's date: a
        # commit then renders only the pages it changed.
        history = (
            repr(dates.get(src_uri)),
            dates.is_uncommitted(src_uri),
            changes.listed(src_uri) if changes is not None else None,
        )
        key = _digest(
            self._site_key,
            src_uri,
            page.url,
            page.title or "",
            page.content or "",
            repr(_toc(page.toc)),
            repr(page.meta),
            _json(history),
        )
        self._pending[src_uri] = key
        self._reused.discard(src_uri)
        self._hits.pop(src_uri, None)
        kept = self.outputs.get(src_uri)
        if kept is not None and kept[0] == key and "template" not in page.meta:
            # read when the page is written (pages are large, and many): the pack's
            # digest was checked when it was opened
            self._hits[src_uri] = kept[1]
            page.meta["template"] = CACHED_TEMPLATE

    def cached_output(self, page: Page) -> str | None:
        """The rendered page kept for ``page``, when its rendering is reused."""
        blob = self._hits.pop(page.file.src_uri, None)
        if blob is None:
            return None
        self.reused_outputs += 1
        self._reused.add(page.file.src_uri)
        return self.blobs.text(blob)

    def keep_output(self, page: Page, output: str) -> None:
        """Keep the theme's output for ``page`` (before the plugins' ``on_post_page``)."""
        src_uri = page.file.src_uri
        key = self._pending.get(src_uri)
        if key is None:
            return
        if src_uri not in self._reused:
            self.rendered += 1
            self.outputs[src_uri] = (key, self.blobs.put(output))

    def plan_template(self, name: str, site_url: str | None) -> bool:
        """Before the theme's error page ``name`` (``404.html``) is rendered, after
        :meth:`plan_rendering`: whether an earlier rendering of it is reused
        (:meth:`cached_template_output`).

        It is the frame of every page (the navigation, the editions, the settings, the
        templates: the site's part of a page's key) around a text of its own, with the
        site's address for its links; the theme's other pages (``sitemap.xml``) show the
        pages' dates and are rendered every time.
        """
        if not self._planned or not self._site_key or not ERROR_PAGE.fullmatch(name):
            return False
        key = _digest(self._site_key, "template", name, site_url or "")
        self._template_keys[name] = key
        self._template_hits.pop(name, None)
        kept = self.templates.get(name)
        if kept is not None and kept[0] == key:
            self._template_hits[name] = kept[1]
            return True
        return False

    def cached_template_output(self, name: str) -> str | None:
        """The rendering kept for the theme's page ``name``, when it is reused."""
        blob = self._template_hits.get(name)
        return None if blob is None else self.blobs.text(blob)

    def keep_template_output(self, name: str, output: str) -> None:
        """Keep what the theme made of its page ``name`` (when :meth:`plan_template`
        planned it and it was rendered, not reused)."""
        key = self._template_keys.get(name)
        if key is not None and name not in self._template_hits:
            self.templates[name] = (key, self.blobs.put(output))

    def wrap_search(self, plugins: Any) -> None:
        """Reuse Material's search index entries of every page whose text did not change.

        Material's search plugin parses every page's HTML again on each rebuild; its
        entries depend only on the page's content, table of contents, address, title
        and front matter.
        """

        def index_page(
            page: Page, as_material: Callable[[], list[SearchEntry]]
        ) -> list[SearchEntry]:
            meta = {k: v for k, v in page.meta.items() if k != "template"}
            key = _digest(
                page.url,
                str(page.title),
                page.content or "",
                repr(_toc(page.toc)),
                repr(meta),
            )
            src_uri = page.file.src_uri
            kept = self.search_entries.get(src_uri)
            if kept is None and src_uri in self._search_places:
                kept = self._entries_from_disk(src_uri, key)
            frame = _digest(page.url, str(page.title), repr(_toc(page.toc)), repr(meta))
            if kept is not None and kept[0] == key:
                checked = self._indexed.get(src_uri, ("", ""))[1] == page.content
                self._keep_indexed(src_uri, frame, page.content or "", checked)
                return [dict(entry) for entry in kept[1]]
            made = None
            if kept is not None:
                made = self._entries_by_part(page, frame, kept[1], plugins)
                if made is None:
                    made = self._entries_by_line(page, frame, kept[1])
            by_part = made is not None
            if made is None:
                made = as_material()
            else:
                self.indexed_by_part.append(src_uri)
            self._keep_indexed(src_uri, frame, page.content or "", by_part)
            if self._packing_search:
                # a build: put in its pack at once, as pack_search_entries would once the
                # index is written, not held as objects through the rendering meanwhile
                self.search_entries[src_uri] = (key, [])
                self._search_blobs[src_uri] = self.blobs.put(_entries_text(made))
            else:
                self.search_entries[src_uri] = (key, [dict(e) for e in made])
                self._search_blobs.pop(src_uri, None)
            return made

        wrap_search_indexing(plugins, index_page)
        skip_needless_scrubbing(plugins)

    @property
    def _packing_search(self) -> bool:
        """Whether the search entries of this build go to its pack (a build, not the
        preview): those it made or read again are needed only there, once it is saved."""
        return self.file is not None and self.blobs._new_path is not None

    def pack_search_entries(self) -> None:
        """In a build, once the search index is written: the search entries this build
        made put in its pack at once, as :meth:`save` would put them, and let go of
        (they are megabytes of text, which the gate would otherwise have besides)."""
        if self.file is None or self.blobs._new_path is None:
            return
        for src_uri, (key, entries) in self.search_entries.items():
            if src_uri not in self._search_blobs:  # (else kept as an earlier build saved them)
                self._search_blobs[src_uri] = self.blobs.put(_entries_text(entries))
            self.search_entries[src_uri] = (key, [])

    def _keep_indexed(self, src_uri: str, frame: str, content: str, checked: bool) -> None:
        """Under ``serve``, keep what a large page's search entries were made of, when
        Material's parser carries no state across its parts (``checked``: so said of
        its parts that changed, and of the rest before)."""
        if (
            self.file is None
            and len(content) >= LARGE_PAGE
            and (checked or splits_into_parts(content))
        ):
            self._indexed[src_uri] = (frame, content)
        else:
            self._indexed.pop(src_uri, None)

    def _entries_by_part(
        self, page: Page, frame: str, entries: list[SearchEntry], plugins: Any
    ) -> list[SearchEntry] | None:
        """The search entries of a large page whose content changed in a few of its parts
        (:func:`compat.material.index_part`): those parts indexed again, the entries of
        the rest as they were. ``None`` when that cannot be said of the change: the
        page's address, title, table of contents or front matter changed, its parts are
        not the same in number and headings, or Material's parser would carry state
        across them; then the whole page is indexed as Material does.

        Each part that changed must give, indexed alone, the entry it has in the kept
        entries, as it was, before its new entry is taken."""
        kept = self._indexed.get(page.file.src_uri)
        content = page.content or ""
        if kept is None or kept[0] != frame:
            return None
        # what was kept splits into parts (_keep_indexed): so do the parts that changed
        old_parts, new_parts = _parts(kept[1]), _parts(content)
        if len(old_parts) != len(new_parts) or old_parts[0] != new_parts[0]:
            return None
        changed = [n for n, (a, b) in enumerate(zip(old_parts, new_parts, strict=True)) if a != b]
        if len(changed) > MOST_PARTS:
            return None
        made = [dict(entry) for entry in entries]
        places: dict[Any, int] = {}
        for n, entry in enumerate(made):
            places[entry.get("location")] = -1 if entry.get("location") in places else n
        src_uri = page.file.src_uri
        last = self._parts_indexed.pop(src_uri, None)
        context = _digest(self._data, frame)
        alone = last[1] if last is not None and last[0] == context else {}
        indexed: dict[str, SearchEntry] = {}
        for n in changed:
            before, after = old_parts[n], new_parts[n]
            if _opening(before) != _opening(after):
                return None  # another heading: other sections
            if not splits_into_parts(after):
                return None
            was = self._indexed_alone(plugins, page, before, alone)
            now = self._indexed_alone(plugins, page, after, indexed)
            if was is None or now is None or len(was) != 1 or len(now) != 1:
                return None
            place = places.get(was[0].get("location"))
            if place is None or place < 0 or made[place] != was[0]:
                return None
            if now[0].get("location") != was[0].get("location"):
                return None
            made[place] = now[0]
        self._parts_indexed[src_uri] = (context, indexed)
        return made

    def _entries_by_line(
        self, page: Page, frame: str, entries: list[SearchEntry]
    ) -> list[SearchEntry] | None:
        """The search entry of a large page of one section (a list of literature: one
        reference a line) whose content changed in a run of a few of its list's lines
        (:func:`compat.material.index_lines`): the text of those lines as they were,
        found exactly once in the kept entry's text, replaced by their text as they are.
        ``None`` when that cannot be said of the change (the page's address, title,
        table of contents or front matter changed, it has more than one section, other
        lines changed, or they are in its heading); then the whole page is indexed."""
        kept = self._indexed.get(page.file.src_uri)
        if kept is None or kept[0] != frame or len(entries) != 1:
            return None
        text = entries[0].get("text")
        if not isinstance(text, str):
            return None
        old_lines, new_lines = kept[1].split("\n"), (page.content or "").split("\n")
        most = min(len(old_lines), len(new_lines))
        first = 0
        while first < most and old_lines[first] == new_lines[first]:
            first += 1
        after = 0
        while after < most - first and old_lines[-1 - after] == new_lines[-1 - after]:
            after += 1
        was_lines = old_lines[first : len(old_lines) - after]
        now_lines = new_lines[first : len(new_lines) - after]
        if not was_lines or not now_lines or max(len(was_lines), len(now_lines)) > MOST_PARTS:
            return None
        before = "\n".join(old_lines[:first])
        if not (outside_headings(before) and reads_line_by_line(before)):
            return None
        was = index_lines("\n".join(was_lines))
        now = index_lines("\n".join(now_lines))
        if was is None or now is None:
            return None
        place = text.find(was)
        if place < 0 or text.find(was, place + 1) >= 0:
            return None
        # Where Material's parser drops an element kept empty after these lines, it looks
        # back to the first opening tag of its kind in the section: one these lines
        # open, as they were or as they are but not both, must be found before them too.
        for tag in kept_tags():
            opening = f"<{tag}>"
            if (opening in was) != (opening in now) and opening not in text[:place]:
                return None
        made = dict(entries[0])
        made["text"] = text[:place] + now + text[place + len(was) :]
        return [made]

    def _indexed_alone(
        self, plugins: Any, page: Page, part: str, known: dict[str, SearchEntry]
    ) -> list[SearchEntry] | None:
        """The entries of ``part`` of ``page`` indexed alone (:func:`index_part`), kept
        in ``known`` by the digest of the part when there is one.

        What the last rebuild indexed alone of a page (with the same data and the same
        address, title, table of contents and front matter) it put in the page's
        entries: the same part saved again, as it was, gives that entry, so indexing
        it again would check nothing more."""
        key = _digest(part)
        entry = known.get(key)
        if entry is not None:
            return [dict(entry)]
        found = index_part(plugins, page, part)
        if found is not None and len(found) == 1:
            known[key] = dict(found[0])
        return found

    def _entries_from_disk(self, src_uri: str, key: str) -> tuple[str, list[dict[str, Any]]] | None:
        """The search entries an earlier build kept for the page, if their key is ``key``."""
        kept_key, blob = self._search_places.pop(src_uri)
        if kept_key != key:
            return None
        try:
            entries = json.loads(self.blobs.text(blob))
        except (OSError, ValueError, zlib.error):
            return None
        if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
            return None
        # a build keeps the blob only (saved as it is): the entries go to Material's index
        self.search_entries[src_uri] = (key, [] if self._packing_search else entries)
        if self._packing_search and isinstance(blob, bytes):
            # taken from a child (take_renders): into the pack now, not held to the save
            blob = self.blobs.put_compressed(blob)
        self._search_blobs[src_uri] = blob
        return key, entries

    def summary(self) -> str:
        """One line for the log of a rebuild."""
        reused = "".join(f"; {name} hergebruikt" for name in sorted(self._template_hits))
        return (
            f"pagina's: {self.converted} omgezet, {self.reused_conversions} hergebruikt; "
            f"{self.rendered} opgemaakt, {self.reused_outputs} hergebruikt{reused}"
        )

    def converted_summary(self, most: int = 20) -> str:
        """One line for the log: which pages this rebuild converted (the first ``most``),
        so that what an edit made convert again can be seen."""
        shown = ", ".join(self.converted_pages[:most])
        more = len(self.converted_pages) - most
        return f"omgezet: {shown or '-'}" + (f" en {more} andere" if more > 0 else "")


#: A page this large (characters of content) has its search entries made again by
#: part under ``serve`` (:meth:`PageCache._entries_by_part`): the overviews of quotes,
#: ``/themas/``; at most this many parts of it changed.
LARGE_PAGE = 50_000
MOST_PARTS = 16


#: A part of a large page's Markdown that :meth:`PageCache._convert_by_part` converts
#: alone: a heading, then one table of ``/themas/`` (its block holds one line of ASCII
#: JSON: nothing in it is Markdown), then blank lines.
TABLE_PART = re.compile(r"## [^\n]*\n\n/// _themavergelijking\n\[[ -~]*\]\n///\n*")
_MARKDOWN_PART = re.compile(r"^(?=## )", re.MULTILINE)
_HTML_PART = re.compile(r"<h2(?=[\s>])")


#: The Markdown of an overview of the quotes of several editions (``/citaten/``,
#: :func:`content.quotes.all_overview_markdown`): its block is the last thing on it.
OVERVIEW = re.compile(
    r"(?P<head>(?:[^/\n][^\n]*\n|\n)*)"
    r"/// citatenoverzicht\neditie: \[(?P<editions>[^\]\n]*)\]\n///\n"
)
#: The Markdown of a list of literature (:meth:`GeneratedPages.markdown` of ``literatuur.md``
#: and each edition's): a heading, then one reference a line
#: (:meth:`Bibliography.list_html`), converted by line (:meth:`PageCache._convert_list_again`).
_LITERATURE_START = "# Literatuur\n\n<ul>\n"
_LIST_ITEM = re.compile(r'<li id="lit-[^"\n]*" class="literatuur-item">[^\n]*</li>')
#: How the HTML of such lines converted alone in a list of their own begins and ends.
_LIST_HTML = ("<ul>\n", "</ul>")
#: How the HTML of an overview's block begins and ends.
OVERVIEW_HTML = ('<div class="citatenoverzicht">\n', "</div>")
#: Where an overview's parts begin: its headings, quotes and "see also" lines.
_CHUNK = re.compile(r'<(?:h[2-6](?=[\s>])|figure(?=[\s>])|p class="citaten-zie-ook")')
_ATTRIBUTE = re.compile(r'\s(?:id|href)="[^"]*"')


def _opening(html: str) -> str:
    """The first tag of ``html``."""
    return html[: html.find(">") + 1]


def _chunk_shapes(html: str) -> list[tuple[str, ...]]:
    """Of each heading, quote and "see also" line of an overview's part: its first tag
    and every id and link in it; a heading whole."""
    shapes: list[tuple[str, ...]] = []
    for chunk in _cut(html, _CHUNK):
        if chunk.startswith("<h"):
            shapes.append((chunk,))
        else:
            shapes.append((_opening(chunk), *_ATTRIBUTE.findall(chunk)))
    return shapes


def _is_literature(markdown: str) -> bool:
    """Whether ``markdown`` is a list of literature: the heading, the list's opening
    line, then lines of references up to the list's end (the last thing on it)."""
    return markdown.startswith(_LITERATURE_START) and markdown.endswith("\n</ul>\n")


def _cut(text: str, before: re.Pattern[str]) -> list[str]:
    """``text`` cut before every match of ``before`` (the first part is what comes
    before the first match, perhaps nothing)."""
    bounds = [0, *(match.start() for match in before.finditer(text)), len(text)]
    return [text[a:b] for a, b in itertools.pairwise(bounds)]


def _markdown_parts(markdown: str) -> list[str]:
    """``markdown`` cut before every line that begins with ``## ``."""
    return _cut(markdown, _MARKDOWN_PART)


def _html_parts(html: str) -> list[str]:
    """``html`` cut before every ``<h2``."""
    return _cut(html, _HTML_PART)


def _parts(html: str) -> list[str]:
    """``html`` cut before every :data:`compat.material.PART_START`."""
    return _cut(html, PART_START)


#: The plugins whose reading the keys cover: their templates and what those read.
KNOWN_PLUGINS = frozenset({"search", "material/search", "handreiking"})
#: Markdown extensions that read files of their own (included text): none of it is in a key.
FILE_READING_EXTENSIONS = ("pymdownx.snippets", "markdown_include", "mdx_include")


def only_known_readers(config: MkDocsConfig) -> bool:
    """Whether every plugin and Markdown extension of the site reads only what the keys
    cover. Another plugin may give templates anything (``on_page_context``), and an
    included file (``--8<--`` of ``pymdownx.snippets``) may lie outside ``docs/``: the
    rebuilds of such a site do all the work, as a build does.
    """
    if any(name not in KNOWN_PLUGINS for name in config.plugins):
        return False
    return not any(
        isinstance(ext, str) and ext.startswith(FILE_READING_EXTENSIONS)
        for ext in config.markdown_extensions
    )


def _theme_fingerprint(dirs: Iterable[str]) -> str:
    """The project's own templates (``custom_dir``, ours in a checkout), by content.

    By content, not by time: a fresh clone gives every file a new time. Installed
    themes (Material, MkDocs' own) count by their version (:func:`jsoncache.environment`).
    """
    stats: list[str] = []
    for theme_dir in dirs:
        if "site-packages" in theme_dir or "dist-packages" in theme_dir:
            continue
        for directory, _dirs, names in os.walk(theme_dir):
            for name in names:
                path = os.path.join(directory, name)
                stats.append(f"{os.path.relpath(path, theme_dir)}:{_content(path)}")
    return _digest(*sorted(stats))


def new_bytecode_cache() -> _MemoryBytecodeCache:
    """An empty cache of compiled templates in memory (``compiled``: by Jinja's key)."""
    return _MemoryBytecodeCache()


class _MemoryBytecodeCache(BytecodeCache):
    """Compiled templates in memory; Jinja checks each template's source against it."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self.compiled.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


def _nav(items: Iterable[Any]) -> list[Any]:
    """The navigation as the theme sees it: kind, title, address, front matter, children."""
    out: list[Any] = []
    for item in items:
        kind = type(item).__name__
        entry: list[Any] = [kind, item.title, getattr(item, "url", None)]
        meta = getattr(item, "meta", None)
        if meta:
            entry.append({k: v for k, v in meta.items() if k != "template"})
        children = getattr(item, "children", None)
        if children:
            entry.append(_nav(children))
        out.append(entry)
    return out
