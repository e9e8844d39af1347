"""The publication as loaded for one build: editions, quotes, theory boxes, literature
and the page scan, with the indexes the build asks for many times.

Loaded once per build (:meth:`Publication.load`), with every problem in the data
collected, and not changed after: what a build records as it converts its pages is
kept apart (:class:`~handreiking.markdown.record.BuildRecord`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Protocol, TypeVar

from handreiking.content import bouwstenen as bouwstenen_mod
from handreiking.content import quotes as quotes_mod
from handreiking.content.bouwstenen import BouwsteenLibrary, BoxCache
from handreiking.content.chapters import ScanCache, ScannedPage, scan_pages
from handreiking.content.editions import Edition, EditionCache, edition_of, load_editions
from handreiking.content.frontmatter import FrontMatter
from handreiking.content.literature.bibliography import (
    Bibliography,
    BibliographyCache,
    load_bibliographies,
    parse_ahead,
)
from handreiking.content.order import BoxOrder, GeneratedNav, load_box_order
from handreiking.content.privacy import PrivacyCache, privacy_problems
from handreiking.content.quotes import QuoteStore
from handreiking.content.safety import nav_problems
from handreiking.content.socialekaart import SocialeKaart, load_sociale_kaart
from handreiking.content.sources import shown_path
from handreiking.errors import HandreikingError, SourceProblem, did_you_mean, then_advise
from handreiking.text import strings_in

_T = TypeVar("_T")


class Starter(Protocol):
    """How :meth:`Publication.load` starts reading the pages (the privacy scan and the
    page scan), which reads nothing the rest of the loading makes: given that work, what
    gives its result when it is needed. By default the work is done then, in this
    process; ``handreiking check`` does it in another process meanwhile (its result
    sent back whole: the scan's cache, the preview's, is not given then). Parsing the
    bibliography from cold is started the same way (``said``: what the debug log says
    of it)."""

    def __call__(self, work: Callable[[], _T], said: str | None = None) -> Callable[[], _T]: ...


def _given(value: _T) -> _T:
    return value


def _config_text(root: Path) -> str:
    """The text of ``mkdocs.yml``, to find lines in; empty when it cannot be read."""
    try:
        return (root / "mkdocs.yml").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ""


def _unknown_edition(only: str | None, edition_ids: list[str]) -> list[SourceProblem]:
    if only is None or only in edition_ids:
        return []
    return [
        SourceProblem(
            "mkdocs.yml",
            None,
            f"onbekende editie '{only}'"
            + then_advise(did_you_mean(only, edition_ids), f"kies uit: {', '.join(edition_ids)}"),
        )
    ]


def _in_reading_order(scanned: dict[str, ScannedPage], nav: Any) -> dict[str, ScannedPage]:
    """As listed in ``nav``; unlisted chapters after, by edition and file."""
    position = {src_uri: index for index, src_uri in enumerate(strings_in(nav))}
    order = sorted(scanned, key=lambda uri: position.get(uri, len(position)))
    return {uri: scanned[uri] for uri in order}


def _in_edition_order(
    scanned: dict[str, ScannedPage], editions: list[Edition]
) -> dict[str, ScannedPage]:
    """As each edition's ``hoofdstukken`` lists them (content/order.py); unlisted chapters
    after, by file, as the navigation has them."""
    position: dict[str, int] = {}
    for edition in editions:
        position[edition.start_src_uri] = -1
        for index, name in enumerate(edition.hoofdstukken or ()):
            position.setdefault(f"{edition.id}/{name.strip()}", index)
    order = sorted(scanned, key=lambda uri: position.get(uri, len(position)))
    return {uri: scanned[uri] for uri in order}


def _unknown_references(
    editions: list[Edition], bibliography: Bibliography | None
) -> Iterable[SourceProblem]:
    """Keys named in front matter (nocite) must exist in the bibliography."""
    if bibliography is None:
        return
    keys = set(bibliography.keys)
    for edition in editions:
        for key in edition.nocite:
            if key not in keys:
                yield SourceProblem(
                    edition.path,
                    edition.nocite_line,
                    f"onbekende bron '{key}' onder 'nocite'" + did_you_mean(key, keys),
                )


@dataclass(frozen=True, eq=False)
class Publication:
    """Everything the plugin knows about the publication for one build, fixed once loaded."""

    root: Path
    docs_dir: Path
    editions: list[Edition]
    quotes: QuoteStore
    bouwstenen: BouwsteenLibrary
    bibliography: Bibliography | None
    #: the edition built alone, or ``None`` for the whole guide
    only: str | None
    #: what loading found wrong in the data; a build stops on any of them
    problems: list[SourceProblem] = field(default_factory=list)
    #: the chapters of the editions of this build, in reading order, by ``src_uri``
    scanned: dict[str, ScannedPage] = field(default_factory=dict)
    #: the order of the theory boxes, when ``docs/bouwstenen/index.md`` gives one
    box_order: BoxOrder | None = None
    #: whether the sources passed the privacy scan: only then does the publication gate
    #: read the output (a build stops before; ``check`` would say the same thing twice)
    privacy_clean: bool = True
    #: the organisations of every edition's ``sociale-kaart.yml``
    sociale_kaart: SocialeKaart = field(default_factory=SocialeKaart)
    _shown: dict[str, str] = field(default_factory=dict, init=False, repr=False, compare=False)

    # -- loading -------------------------------------------------------------

    @classmethod
    def load(
        cls,
        *,
        root: Path,
        docs_dir: Path,
        edition_ids: list[str],
        only: str | None,
        bibliography: Path | Sequence[Path],
        style: str,
        nav: Any = None,
        config_file: Path | None = None,
        fronts: dict[str, tuple[str, FrontMatter]] | None = None,
        quote_cache: quotes_mod.QuoteCache | None = None,
        bibliography_cache: BibliographyCache | None = None,
        privacy_cache: PrivacyCache | None = None,
        scan_cache: ScanCache | None = None,
        box_cache: BoxCache | None = None,
        edition_cache: EditionCache | None = None,
        start: Starter | None = None,
    ) -> Publication:
        """Load and check all data of the publication; problems are collected, not raised.

        ``nav`` (as in ``mkdocs.yml``) gives the reading order of the chapters. With
        ``fronts``, the front matter the page scan read is kept there by ``src_uri``,
        with its text, for the build to reuse. ``quote_cache``, ``bibliography_cache``,
        ``privacy_cache``, ``scan_cache``, ``box_cache`` and ``edition_cache`` are the
        plugin's (without them, everything is read and checked anew and nothing kept).
        ``start`` starts reading the pages (:class:`Starter`; by default they are read
        before the theory boxes, which take their texts from that read); what that finds
        is said where it always is, but ``fronts`` is left empty then.
        """
        problems: list[SourceProblem] = []
        # the 'bibliografie' option: one file or several, read as one
        bib_files = [bibliography] if isinstance(bibliography, Path) else list(bibliography)
        editions, found = load_editions(docs_dir, edition_ids, root, edition_cache)
        problems.extend(found)
        scanned_editions = [e.id for e in editions if only in (None, e.id)]
        # what is read elsewhere comes back whole: not the front matter, which holds
        # its YAML as composed (its reader makes each page's own)
        keep_fronts = fronts is not None and start is None
        # the Markdown files the privacy scan read, when it runs here: the page scan and
        # the theory boxes take their texts from it
        texts: dict[Path, str] = {}

        def read_pages() -> tuple[
            list[SourceProblem], dict[str, ScannedPage], dict[str, tuple[str, FrontMatter]]
        ]:
            # Phone numbers, e-mail and home addresses never reach any output.
            # The chapters it reads are read once: the page scan takes them from it.
            private = privacy_problems(
                docs_dir,
                root=root,
                texts=texts,
                bibliography=bib_files,
                config_file=config_file,
                cache=privacy_cache,
            )
            read: dict[str, tuple[str, FrontMatter]] = {}
            scanned = scan_pages(
                docs_dir,
                scanned_editions,
                texts=texts,
                shown_docs=shown_path(docs_dir, root),
                fronts=read if keep_fronts else None,
                cache=scan_cache,
            )
            return private, scanned, read

        # Without a starter, read here, before the theory boxes that take their texts
        # from it; what it finds is said in its place below all the same.
        pages_read = (
            start(read_pages) if start is not None else functools.partial(_given, read_pages())
        )
        # Parsing a large .bib from cold takes a second: started beside the rest too, when
        # there is a cache folder for it (else there is nothing to parse from cold).
        ahead = None
        if start is not None and bibliography_cache is not None and bibliography_cache.folder:
            ahead = functools.cache(
                start(
                    functools.partial(
                        parse_ahead, bib_files, root=root, style=style, cache=bibliography_cache
                    ),
                    "de bibliografie in een ander proces gelezen",
                )
            )
        problems.extend(_unknown_edition(only, edition_ids))
        store, found = quotes_mod.load_quotes(
            docs_dir, [e.id for e in editions], root=root, cache=quote_cache
        )
        problems.extend(found)
        kaart, found = load_sociale_kaart(docs_dir, [e.id for e in editions], root=root)
        problems.extend(found)
        bib: Bibliography | None = None
        try:
            bib = load_bibliographies(
                bib_files, root=root, style=style, cache=bibliography_cache, ahead=ahead
            )
            problems.extend(bib.problems)
        except HandreikingError as error:
            problems.extend(error.problems)
        # The loader checks each box's sources against the bibliography, at the line in
        # the box's file: the one report of an unknown key under 'bronnen'.
        library, found = bouwstenen_mod.load_bouwstenen(
            docs_dir,
            root=root,
            bib_keys=set(bib.keys) if bib is not None else None,
            bib_file=", ".join(shown_path(file, root) for file in bib_files),
            cache=box_cache,
            texts=texts if start is None else None,
        )
        problems.extend(found)
        private, scanned, read = pages_read()
        if fronts is not None:
            fronts.update(read)
        problems.extend(private)
        if nav and not isinstance(nav, GeneratedNav):
            problems.extend(nav_problems(nav, _config_text(root)))
        if nav and not isinstance(nav, GeneratedNav):
            scanned = _in_reading_order(scanned, nav)
        else:
            scanned = _in_edition_order(scanned, editions)
        box_order, found = load_box_order(docs_dir, root)
        problems.extend(found)
        problems.extend(_unknown_references(editions, bib))
        return cls(
            root,
            docs_dir,
            editions,
            store,
            library,
            bib,
            only,
            problems,
            scanned,
            box_order,
            not private,
            kaart,
        )

    # -- editions and pages --------------------------------------------------
    # Indexes of what is fixed once the publication is loaded (it is loaded afresh for
    # every build), asked for many times per page.

    @cached_property
    def edition_ids(self) -> list[str]:
        """The ids of :attr:`editions`, in their order."""
        return [e.id for e in self.editions]

    @cached_property
    def edition_names(self) -> dict[str, str]:
        """Each edition's name, by id."""
        return {e.id: e.name for e in self.editions}

    @cached_property
    def _by_id(self) -> dict[str, Edition]:
        # the first of an id, as a search of the list finds it (ids are unique)
        by_id: dict[str, Edition] = {}
        for e in self.editions:
            by_id.setdefault(e.id, e)
        return by_id

    @cached_property
    def _edition_id_set(self) -> frozenset[str]:
        return frozenset(e.id for e in self.editions)

    def edition(self, edition_id: str) -> Edition | None:
        """The edition with this id, or ``None``."""
        return self._by_id.get(edition_id)

    def edition_of(self, src_uri: str) -> str | None:
        """The edition a page belongs to (as :func:`editions.edition_of`), in O(1)."""
        return edition_of(src_uri, self._edition_id_set)

    def shown_path(self, src_uri: str) -> str:
        """The path a co-author sees for a page: relative to the project, e.g. docs/x.md."""
        shown = self._shown.get(src_uri)
        if shown is None:
            shown = self._shown[src_uri] = shown_path(self.docs_dir / src_uri, self.root)
        return shown

    @cached_property
    def selected(self) -> list[Edition]:
        """The editions this build publishes."""
        return [e for e in self.editions if self.only in (None, e.id)]

    @cached_property
    def published_editions(self) -> list[Edition]:
        """The editions of this build that are published: only these get quote overviews
        and literature lists, and only their quotes are shown outside their chapters
        (``/citaten/``, ``/themas/``, ``catalog.json``)."""
        return [e for e in self.selected if e.published]

    @cached_property
    def _published_ids(self) -> frozenset[str]:
        return frozenset(e.id for e in self.published_editions)

    def published_edition(self, edition_id: str) -> Edition | None:
        """The edition when it is among :attr:`published_editions` (asked per quote)."""
        return self.edition(edition_id) if edition_id in self._published_ids else None

    @cached_property
    def kaart_editions(self) -> list[Edition]:
        """The published editions of this build with a sociale kaart: each gets a page."""
        return [e for e in self.published_editions if e.id in self.sociale_kaart.editions]

    @cached_property
    def _chapters(self) -> dict[str, list[ScannedPage]]:
        chapters: dict[str, list[ScannedPage]] = {}
        for page in self.scanned.values():
            if not page.src_uri.endswith("/index.md"):
                chapters.setdefault(page.edition, []).append(page)
        return chapters

    def chapters(self, edition: str) -> list[ScannedPage]:
        """The edition's chapters (its start page left out), in scan order."""
        return self._chapters.get(edition, [])

    @cached_property
    def bouwsteen_usage(self) -> dict[str, list[tuple[str, str, str | None]]]:
        """For each theory box, the chapters that place it: (title, src_uri, edition),
        in reading order, from the page scan."""
        usage: dict[str, list[tuple[str, str, str | None]]] = {}
        for page in self.scanned.values():
            for box in page.bouwstenen:
                usage.setdefault(box, []).append((page.title, page.src_uri, page.edition))
        return usage

    # -- one edition alone ---------------------------------------------------

    def keeps(self, src_uri: str) -> bool:
        """Whether a file of ``docs/`` is published by this build.

        Data (``citaten.yml``, ``sociale-kaart.yml``) never is: it reaches readers only through the
        pages, where consent is checked. Nor is what belongs to another edition when
        one edition is built alone.
        """
        return not src_uri.endswith(("/citaten.yml", "/sociale-kaart.yml")) and self.in_selection(
            src_uri
        )

    def in_selection(self, src_uri: str) -> bool:
        """Whether a file belongs in this build (all of it, or one edition alone)."""
        if self.only is None or self.edition(self.only) is None:
            # An unknown edition is reported when loading, and the build stops there;
            # ``handreiking check`` goes on with the rest as for the whole site.
            return True
        head = src_uri.split("/", 1)[0]
        if "/" in src_uri and head in self._edition_id_set:
            return head == self.only
        if head == "bouwstenen" and src_uri != "bouwstenen/index.md":
            box = src_uri.removeprefix("bouwstenen/").removesuffix(".md")
            return box in self.bouwsteen_usage
        return True
