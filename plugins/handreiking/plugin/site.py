"""The whole publication: editions, quotes, theory boxes and literature, and what the
plugin generates from them. Plain domain code; ``plugin.py`` calls it from MkDocs' events.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from markdown import Extension

from handreiking.content import bouwstenen as bouwstenen_mod
from handreiking.content import quotes as quotes_mod
from handreiking.content.bouwstenen import BouwsteenLibrary
from handreiking.content.editions import (
    ALL_LITERATURE_SRC_URI,
    ALL_QUOTES_SRC_URI,
    Edition,
    edition_of,
    load_editions,
)
from handreiking.content.frontmatter import FrontMatter, parse_front_matter
from handreiking.content.literature.bibliography import Bibliography, load_bibliography
from handreiking.content.privacy import privacy_problems
from handreiking.content.quotes import Quote, QuoteStore
from handreiking.content.safety import markup_message, nav_problems, strings_with_markup
from handreiking.content.sources import ID_PATTERN, read_source_text, shown_path, split_front_matter
from handreiking.errors import HandreikingError, SourceProblem, did_you_mean, then_advise
from handreiking.markdown import blocks, citations, depth, safehtml
from handreiking.markdown.context import PageContext
from handreiking.markdown.recorder import PageRecord, RecorderExtension
from handreiking.outputs.theme_comparison import THEMES_SRC_URI, themes_markdown
from handreiking.plugin import edition_pages
from handreiking.plugin.caches import Caches
from handreiking.plugin.navigation import nav_pages

#: The index of the theory boxes, a generated page.
BOUWSTENEN_INDEX = f"{bouwstenen_mod.BOUWSTENEN_DIR}/index.md"
BOUWSTEEN_BLOCK = re.compile(r"^///\s*bouwsteen\s*\|\s*(\S+)", re.M)


@dataclass
class PageInfo:
    """A chapter or theory box as far as other pages need to know it."""

    src_uri: str
    id: str
    title: str | None
    edition: str | None


@dataclass
class ScannedPage:
    """A chapter as read from its source before the build: title and the boxes it places."""

    src_uri: str
    title: str
    edition: str
    bouwstenen: list[str]
    #: the permanent ``id`` and the themes (``thema``) of its front matter, if readable
    id: str | None = None
    thema: list[str] = field(default_factory=list)


H1 = re.compile(r"^#\s+(.+?)\s*(\{[^}]*\})?\s*$", re.M)
FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
#: a citation's ``@key`` (see markdown/citations.py), and code, where nothing is cited
CITATION = re.compile(citations.NARRATIVE_RE)
CODE = re.compile(r"(?ms)^ {0,3}(`{3,}|~{3,}).*?^ {0,3}\1|(`+)[^`]*?\2")


def chapter_title(text: str) -> str | None:
    """The page's first ``# Title``: in its body, not in front matter nor in fenced code."""
    _, _, body, _ = split_front_matter(text)
    fence: str | None = None
    for line in body.splitlines():
        opened = FENCE.match(line)
        if fence is not None:
            if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence):
                fence = None
        elif opened:
            fence = opened.group(1)
        else:
            title = H1.match(line)
            if title:
                return title.group(1)
    return None


def scan_pages(
    docs_dir: Path,
    edition_ids: list[str],
    *,
    texts: Mapping[Path, str] | None = None,
    shown_docs: str | None = None,
    fronts: dict[str, tuple[str, FrontMatter]] | None = None,
) -> dict[str, ScannedPage]:
    """Read every chapter once for its title and the theory boxes it places.

    Theory box pages and the single-edition build need to know which chapters use
    which box before any page is rendered. ``texts`` holds files read already (by
    the privacy check), by path. With ``fronts``, each front matter read is kept
    there by ``src_uri`` with its text, parsed under the name ``<shown_docs>/<src_uri>``.
    """
    pages: dict[str, ScannedPage] = {}
    for edition in edition_ids:
        for path in sorted((docs_dir / edition).glob("*.md")):
            text = texts.get(path) if texts is not None else None
            if text is None:
                text, _problem = read_source_text(path, path.name)
            if text is None:
                continue  # reported where the page itself is read
            src_uri = f"{edition}/{path.name}"
            shown = f"{shown_docs}/{src_uri}" if shown_docs is not None else src_uri
            pages[src_uri] = ScannedPage(
                src_uri,
                chapter_title(text) or path.stem,
                edition,
                list(dict.fromkeys(BOUWSTEEN_BLOCK.findall(text))),
                *_id_and_themes(text, shown, src_uri, fronts),
            )
    return pages


def _id_and_themes(
    text: str,
    shown: str,
    src_uri: str,
    fronts: dict[str, tuple[str, FrontMatter]] | None = None,
) -> tuple[str | None, list[str]]:
    """A chapter's ``id`` and ``thema`` from its front matter; mistakes are reported later."""
    try:
        front = parse_front_matter(text, shown)
    except HandreikingError:
        return None, []
    if fronts is not None:
        fronts[src_uri] = (text, front)
    data = front.data
    page_id = data.get("id")
    themes = data.get("thema")
    if isinstance(themes, str):
        themes = [themes]
    return (
        page_id if isinstance(page_id, str) else None,
        [t for t in themes if isinstance(t, str)] if isinstance(themes, list) else [],
    )


def markup_problems(front: FrontMatter) -> list[SourceProblem]:
    """Front matter is plain text: a value with markup is refused (see safety.py), as the
    theme writes titles and descriptions into every page unescaped."""
    return [
        SourceProblem(front.path, front.line(key), markup_message(str(key)))
        for key, value in front.data.items()
        if next(strings_with_markup(value), None) is not None
    ]


def _config_text(root: Path) -> str:
    """The text of ``mkdocs.yml``, to find lines in; empty when it cannot be read."""
    try:
        return (root / "mkdocs.yml").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ""


@dataclass
class Site:
    """Everything the plugin knows about the publication for one build."""

    root: Path
    docs_dir: Path
    editions: list[Edition]
    quotes: QuoteStore
    bouwstenen: BouwsteenLibrary
    bibliography: Bibliography | None
    only: str | None
    problems: list[SourceProblem] = field(default_factory=list)
    records: dict[str, PageRecord] = field(default_factory=dict)
    scanned: dict[str, ScannedPage] = field(default_factory=dict)
    pages: dict[str, PageInfo] = field(default_factory=dict)
    #: whether the sources passed the privacy scan: only then does the publication gate
    #: read the output (a build stops before; ``check`` would say the same thing twice)
    privacy_clean: bool = True
    _ids: dict[str, str] = field(default_factory=dict)
    _usage: dict[str, list[tuple[str, str, str | None]]] | None = None
    _chapters: dict[str, list[ScannedPage]] | None = None
    #: the front matter read while scanning, by ``src_uri``, with the text it was read
    #: from: :meth:`prepare_page` reuses it when MkDocs gives the same text
    _fronts: dict[str, tuple[str, FrontMatter]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    # Indexes of ``editions`` and ``only``, which are fixed once the Site is loaded (it is
    # loaded afresh for every build): asked for many times per page.
    _edition_ids: frozenset[str] | None = field(default=None, init=False, repr=False, compare=False)
    _by_id: dict[str, Edition] | None = field(default=None, init=False, repr=False, compare=False)
    _published_ids: frozenset[str] | None = field(
        default=None, init=False, repr=False, compare=False
    )
    _generated: frozenset[str] | None = field(default=None, init=False, repr=False, compare=False)
    _selected: tuple[Edition, ...] | None = field(
        default=None, init=False, repr=False, compare=False
    )
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
        bibliography: Path,
        style: str,
        nav: Any = None,
        config_file: Path | None = None,
        caches: Caches | None = None,
    ) -> Site:
        """Load and check all data of the publication; problems are collected, not raised.

        ``nav`` (as in ``mkdocs.yml``) gives the reading order of the chapters; ``caches``
        are the plugin's (without them, everything is read anew and nothing kept).
        """
        caches = caches if caches is not None else Caches()
        problems: list[SourceProblem] = []
        editions, found = load_editions(docs_dir, edition_ids, root)
        problems.extend(found)
        if only is not None and only not in edition_ids:
            problems.append(
                SourceProblem(
                    "mkdocs.yml",
                    None,
                    f"onbekende editie '{only}'"
                    + then_advise(
                        did_you_mean(only, edition_ids), f"kies uit: {', '.join(edition_ids)}"
                    ),
                )
            )
        store, found = quotes_mod.load_quotes(
            docs_dir, [e.id for e in editions], root=root, cache=caches.quotes
        )
        problems.extend(found)
        bib: Bibliography | None = None
        try:
            bib = load_bibliography(
                bibliography, root=root, style=style, cache=caches.bibliographies
            )
        except HandreikingError as error:
            problems.extend(error.problems)
        # The loader checks each box's sources against the bibliography, at the line in
        # the box's file: the one report of an unknown key under 'bronnen'.
        library, found = bouwstenen_mod.load_bouwstenen(
            docs_dir,
            root=root,
            bib_keys=set(bib.keys) if bib is not None else None,
            bib_file=shown_path(bibliography, root),
        )
        problems.extend(found)
        # Phone numbers, e-mail and home addresses never reach any output.
        # The chapters it reads are read once: the scan below takes them from it.
        texts: dict[Path, str] = {}
        private = privacy_problems(
            docs_dir,
            root=root,
            texts=texts,
            bibliography=bibliography,
            config_file=config_file,
        )
        problems.extend(private)
        if nav:
            problems.extend(nav_problems(nav, _config_text(root)))
        site = cls(root, docs_dir, editions, store, library, bib, only, problems)
        site.privacy_clean = not private
        site.scanned = scan_pages(
            docs_dir,
            [e.id for e in site.selected],
            texts=texts,
            shown_docs=shown_path(docs_dir, root),
            fronts=site._fronts,
        )
        if nav:
            # Reading order: as listed in nav; unlisted chapters after, by edition and file.
            position = {src_uri: index for index, src_uri in enumerate(nav_pages(nav))}
            order = sorted(site.scanned, key=lambda uri: position.get(uri, len(position)))
            site.scanned = {uri: site.scanned[uri] for uri in order}
        site._check_references()
        return site

    @classmethod
    def from_config(cls, config: Any, options: Any, caches: Caches | None = None) -> Site:
        """Load the publication as ``mkdocs.yml`` describes it (the build and the check),
        with ``caches`` (the plugin's; new ones when not given) set by its options."""
        caches = caches if caches is not None else Caches()
        caches.configure(config, options)
        root = Path(config.config_file_path).resolve().parent
        return cls.load(
            root=root,
            docs_dir=Path(config.docs_dir).resolve(),
            edition_ids=list(options.edities),
            only=options.editie,
            bibliography=root / options.bibliografie,
            style=options.bibliografie_stijl,
            nav=config.nav,
            config_file=Path(config.config_file_path).resolve(),
            caches=caches,
        )

    def _check_references(self) -> None:
        """Keys named in front matter (nocite, bronnen) must exist in the bibliography."""
        if self.bibliography is None:
            return
        keys = set(self.bibliography.keys)
        for edition in self.editions:
            for key in edition.nocite:
                if key not in keys:
                    self.problems.append(
                        SourceProblem(
                            edition.path,
                            edition.nocite_line,
                            f"onbekende bron '{key}' onder 'nocite'" + did_you_mean(key, keys),
                        )
                    )

    # -- editions and pages --------------------------------------------------

    @property
    def edition_ids(self) -> list[str]:
        return [e.id for e in self.editions]

    @property
    def edition_names(self) -> dict[str, str]:
        return {e.id: e.name for e in self.editions}

    def edition(self, edition_id: str) -> Edition | None:
        if self._by_id is None:
            # the first of an id, as a search of the list finds it (ids are unique)
            self._by_id = {}
            for e in self.editions:
                self._by_id.setdefault(e.id, e)
        return self._by_id.get(edition_id)

    def _edition_id_set(self) -> frozenset[str]:
        if self._edition_ids is None:
            self._edition_ids = frozenset(e.id for e in self.editions)
        return self._edition_ids

    def edition_of(self, src_uri: str) -> str | None:
        """The edition a page belongs to (as :func:`editions.edition_of`), in O(1)."""
        return edition_of(src_uri, self._edition_id_set())

    def shown_path(self, src_uri: str) -> str:
        """The path a co-author sees for a page: relative to the project, e.g. docs/x.md."""
        shown = self._shown.get(src_uri)
        if shown is None:
            shown = self._shown[src_uri] = shown_path(self.docs_dir / src_uri, self.root)
        return shown

    @property
    def selected(self) -> list[Edition]:
        """The editions this build publishes."""
        if self._selected is None:
            self._selected = tuple(e for e in self.editions if self.only in (None, e.id))
        return list(self._selected)

    @property
    def published_editions(self) -> list[Edition]:
        """The editions of this build that are published: only these get quote overviews
        and literature lists, and only their quotes are shown outside their chapters
        (``/citaten/``, ``/themas/``, ``catalog.json``)."""
        return [e for e in self.selected if e.published]

    def _published_edition(self, edition_id: str) -> Edition | None:
        """The edition when it is among :attr:`published_editions` (asked per quote)."""
        if self._published_ids is None:
            self._published_ids = frozenset(e.id for e in self.published_editions)
        return self.edition(edition_id) if edition_id in self._published_ids else None

    def literature_page(self, context: PageContext) -> str:
        """Where a page's citations link: its edition's list, else the list of all works."""
        edition = self._published_edition(context.edition) if context.edition else None
        if edition is not None:
            return edition.literature_src_uri
        return ALL_LITERATURE_SRC_URI

    def quote_page(self, quote: Quote) -> str | None:
        """Where a quote's caption links: the overview of its edition, else the overview
        of all quotes, when that page is in this build and shows the quote; else nowhere."""
        edition = self._published_edition(quote.edition)
        if edition is None:
            return None  # no overview of this build shows it
        if self._generated is None:
            self._generated = frozenset(self.generated_pages())
        for page in (edition.quotes_src_uri, ALL_QUOTES_SRC_URI):
            if page in self._generated:
                return page
        return None

    # -- Markdown ------------------------------------------------------------

    def markdown_extensions(self, context: PageContext) -> list[Extension]:
        """Our Markdown extensions, fed with this publication's data."""
        return [
            blocks.makeExtension(
                quotes=self.quotes,
                bouwstenen=self.bouwstenen,
                edition_names=self.edition_names,
                context=context,
                quote_page=self.quote_page,
            ),
            citations.makeExtension(
                bibliography=self.bibliography,
                context=context,
                literature_page=self.literature_page,
            ),
            depth.makeExtension(context=context),
            # raw HTML through the allowlist, unsafe links out (safety.py)
            safehtml.makeExtension(context=context),
            # what each page cited and placed, for the pages generated after it
            RecorderExtension(context=context, records=self.records),
        ]

    def check_page_meta(self, src_uri: str, front: FrontMatter) -> list[SourceProblem]:
        """A chapter or theory box needs a permanent, unique, well-formed ``id``."""
        edition = self.edition_of(src_uri)
        is_box = src_uri.startswith("bouwstenen/") and src_uri != "bouwstenen/index.md"
        if edition is None and not is_box:
            return []
        page_id = front.data.get("id")
        shown = front.path
        if page_id is None:
            return [
                SourceProblem(
                    shown,
                    1,
                    "deze pagina mist een permanent 'id' in de front matter, "
                    "bijvoorbeeld: id: zo-partnerschap",
                )
            ]
        if not isinstance(page_id, str) or not ID_PATTERN.match(page_id):
            return [
                SourceProblem(
                    shown,
                    front.line("id"),
                    f"ongeldig id '{page_id}': gebruik kleine letters, cijfers en '-'",
                )
            ]
        first = self._ids.setdefault(page_id, f"{shown}:{front.line('id')}")
        if first != f"{shown}:{front.line('id')}":
            return [
                SourceProblem(
                    shown, front.line("id"), f"id '{page_id}' wordt al gebruikt in {first}"
                )
            ]
        title = front.data.get("titel") or front.data.get("title")
        self.pages[src_uri] = PageInfo(
            src_uri, page_id, title if isinstance(title, str) else None, edition
        )
        return []

    def prepare_page(self, context: PageContext, src_uri: str, raw: str, markdown: str) -> str:
        """Point ``context`` at one source page, check its front matter, and return the
        Markdown to convert (``markdown`` is ``raw`` without its front matter).

        Shared by the build and ``handreiking check``, so both report the same problems.
        """
        self.point_context(context, src_uri)
        context.line_offset = raw[: len(raw) - len(markdown)].count("\n")
        try:
            front = self._front_matter(src_uri, raw, context.path)
        except HandreikingError as error:
            for problem in error.problems:
                context.report(problem)
        else:
            for problem in self.check_page_meta(src_uri, front):
                context.report(problem)
            for problem in markup_problems(front):
                context.report(problem)
        if src_uri.startswith("bouwstenen/"):
            page = self.bouwsteen_page_markdown(src_uri, markdown)
            # A title put before the body takes lines; the offset gives them back,
            # so the body's line numbers stay those of the file.
            context.line_offset -= page[: page.find(markdown)].count("\n")
            markdown = page
        return markdown

    def _front_matter(self, src_uri: str, raw: str, shown: str) -> FrontMatter:
        """``parse_front_matter(raw, shown)``: the scan's when it read the same text."""
        scanned = self._fronts.pop(src_uri, None)
        if scanned is not None and scanned[0] == raw and scanned[1].path == shown:
            return scanned[1]
        return parse_front_matter(raw, shown)

    def point_context(self, context: PageContext, src_uri: str) -> None:
        """Point ``context`` at the page ``src_uri`` (no lines before its Markdown yet)."""
        context.src_uri = src_uri
        context.edition = self.edition_of(src_uri)
        context.path = self.shown_path(src_uri)
        context.line_offset = 0

    def page_markdown(
        self,
        context: PageContext,
        src_uri: str,
        raw: str,
        markdown: str,
        *,
        generated: bool = False,
        site_url: str | None = None,
    ) -> str:
        """The Markdown to convert for any page of the build (``on_page_markdown``).

        A generated page gets its computed Markdown; the landing page of a one-edition
        build leads to that edition only; a source page goes through
        :meth:`prepare_page`. ``context`` is pointed at the page in every case.
        """
        self.point_context(context, src_uri)
        if generated:
            computed = self.generated_markdown(src_uri)
            return computed if computed is not None else markdown
        if self.only is not None and src_uri == "index.md":
            landing = edition_pages.single_edition_landing(self, site_url)
            if landing is not None:
                return landing
        return self.prepare_page(context, src_uri, raw, markdown)

    # -- generated pages -----------------------------------------------------

    def generated_pages(self) -> list[str]:
        """The pages the plugin writes, in the order they must be rendered.

        They come after every real page, so that the pages that list what other
        pages cite or place see all of it.
        """
        pages = [e.quotes_src_uri for e in self.published_editions]
        pages += [ALL_QUOTES_SRC_URI, BOUWSTENEN_INDEX, THEMES_SRC_URI]
        pages += [e.literature_src_uri for e in self.published_editions]
        pages.append(ALL_LITERATURE_SRC_URI)
        return pages

    def generated_markdown(self, src_uri: str) -> str | None:
        """The Markdown of a generated page, computed when it is rendered."""
        makers: dict[str, Callable[[], str]] = {
            ALL_QUOTES_SRC_URI: self._all_quotes,
            BOUWSTENEN_INDEX: self._bouwstenen_index,
            ALL_LITERATURE_SRC_URI: self._all_literature,
            THEMES_SRC_URI: partial(themes_markdown, self),
        }
        for edition in self.published_editions:
            makers[edition.quotes_src_uri] = partial(self._edition_quotes, edition)
            makers[edition.literature_src_uri] = partial(self._edition_literature, edition)
        maker = makers.get(src_uri)
        return maker() if maker is not None else None

    def _edition_quotes(self, edition: Edition) -> str:
        return quotes_mod.edition_overview_markdown(self.quotes, edition.id, self.edition_names)

    def _all_quotes(self) -> str:
        ids = [e.id for e in self.published_editions]
        return quotes_mod.all_overview_markdown(self.quotes, ids, self.edition_names)

    def chapters(self, edition: str) -> list[ScannedPage]:
        """The edition's chapters (its start page left out), in scan order; indexed once."""
        if self._chapters is None:
            self._chapters = {}
            for page in self.scanned.values():
                if not page.src_uri.endswith("/index.md"):
                    self._chapters.setdefault(page.edition, []).append(page)
        return self._chapters.get(edition, [])

    def bouwsteen_usage(self) -> dict[str, list[tuple[str, str, str | None]]]:
        """For each theory box, the chapters that place it: (title, src_uri, edition),
        in reading order. Computed once from the page scan."""
        if self._usage is None:
            usage: dict[str, list[tuple[str, str, str | None]]] = {}
            for page in self.scanned.values():
                for box in page.bouwstenen:
                    usage.setdefault(box, []).append((page.title, page.src_uri, page.edition))
            self._usage = usage
        return self._usage

    def _bouwstenen_index(self) -> str:
        library = self.bouwstenen
        if self.only is not None:
            # One edition alone: only the boxes it uses are in the build.
            library = bouwstenen_mod.BouwsteenLibrary(
                {k: box for k, box in library.boxes.items() if self.in_selection(box.src_uri)},
                dict(library.broken),
            )
        return bouwstenen_mod.index_markdown(library, self.bouwsteen_usage(), self.edition_names)

    def bouwsteen_page_markdown(self, src_uri: str, markdown: str) -> str:
        """A theory box's own page: its title, body, sources, where it is used, literature."""
        box = self.bouwstenen.get(src_uri.removeprefix("bouwstenen/").removesuffix(".md"))
        if box is None:
            return markdown
        title = quotes_mod.markdown_text(box.titel)
        out = [markdown if H1.match(markdown.lstrip()) else f"# {title}\n\n{markdown}"]
        # an unknown key is reported by the loader, at its line in the box's file
        known = [k for k in box.bronnen if self.bibliography is None or k in self.bibliography]
        if known:
            keys = "; ".join(f"@{key}" for key in known)
            out.append(f"**Bronnen:** [{keys}]")
        used = bouwstenen_mod.usage_markdown(
            self.bouwsteen_usage().get(box.id, []), self.edition_names
        )
        if used:
            out.append(f"## Gebruikt in\n\n{used}")
        if known or self._cites(markdown):
            out.append("## Literatuur\n\n/// literatuur\n///")
        return "\n\n".join(out) + "\n"

    def _cites(self, markdown: str) -> bool:
        """Whether ``markdown`` cites a work of the bibliography (outside code)."""
        if self.bibliography is None:
            return False
        text = CODE.sub("", markdown)
        return any(m.group("key").strip("{}") in self.bibliography for m in CITATION.finditer(text))

    def literature_notices(self) -> list[SourceProblem]:
        """What the works this build cites lack for a complete APA reference.

        Notices, not errors: a work the guide knows only by its title is still listed
        with what it has. Only cited works, so a large export stays quiet.
        """
        if self.bibliography is None:
            return []
        keys = [key for record in self.records.values() for key in record.cited]
        keys += [key for edition in self.selected for key in edition.nocite]
        return self.bibliography.warnings_for(keys)

    def cited_in_edition(self, edition: Edition) -> list[str]:
        """What the edition's pages cite (in the order they were converted), then its
        ``nocite``."""
        return self._cited_by_edition([edition])[edition.id]

    def _cited_by_edition(self, editions: list[Edition]) -> dict[str, list[str]]:
        """:meth:`cited_in_edition` of several editions, in one pass over the records."""
        wanted: dict[str, dict[str, None]] = {edition.id: {} for edition in editions}
        for src_uri, record in self.records.items():
            if not record.cited:
                continue
            edition_id = edition_of(src_uri, wanted)
            if edition_id is not None:
                wanted[edition_id].update(dict.fromkeys(record.cited))
        for edition in editions:
            wanted[edition.id].update(dict.fromkeys(edition.nocite))
        return {edition_id: list(keys) for edition_id, keys in wanted.items()}

    def _edition_literature(self, edition: Edition) -> str:
        keys = self.cited_in_edition(edition)
        body = self._literature_html(keys)
        return f"# Literatuur\n\n{body}\n"

    def _all_literature(self) -> str:
        if self.bibliography is None:
            return "# Literatuur\n"
        users: dict[str, list[str]] = {}
        cited_by = self._cited_by_edition(self.selected)
        for edition in self.selected:
            for key in cited_by[edition.id]:
                users.setdefault(key, []).append(edition.name)
        notes = {key: "Geciteerd in: " + ", ".join(names) for key, names in users.items()}
        # The works this publication cites anywhere (chapters, boxes, other pages) and
        # each edition's nocite; not the rest of a reference manager's export, which
        # may hold thousands of works no page mentions.
        cited = {key for record in self.records.values() for key in record.cited}
        keys = [key for key in self.bibliography.keys if key in cited or key in users]
        return f"# Literatuur\n\n{self._literature_html(keys, notes)}\n"

    def _literature_html(self, keys: list[str], notes: dict[str, str] | None = None) -> str:
        if self.bibliography is None:
            return ""
        return self.bibliography.list_html(keys, notes=notes)

    # -- one edition alone ---------------------------------------------------

    def keeps(self, src_uri: str) -> bool:
        """Whether a file of ``docs/`` is published by this build.

        Quote data (``citaten.yml``) never is: it reaches readers only through the
        pages, where consent is checked. Nor is what belongs to another edition when
        one edition is built alone.
        """
        return not src_uri.endswith("/citaten.yml") and self.in_selection(src_uri)

    def in_selection(self, src_uri: str) -> bool:
        """Whether a file belongs in this build (all of it, or one edition alone)."""
        if self.only is None or self.edition(self.only) is None:
            # An unknown edition is reported when loading, and the build stops there;
            # ``handreiking check`` goes on with the rest as for the whole site.
            return True
        head = src_uri.split("/", 1)[0]
        if "/" in src_uri and head in self._edition_id_set():
            return head == self.only
        if head == "bouwstenen" and src_uri != "bouwstenen/index.md":
            box = src_uri.removeprefix("bouwstenen/").removesuffix(".md")
            return box in self.bouwsteen_usage()
        return True

    def filter_nav(self, nav: Any) -> Any:
        """Drop from ``nav`` every entry that points into another edition."""
        if nav is None:
            return None

        def keep(item: Any) -> Any:
            if isinstance(item, str):
                return item if self.in_selection(item) else None
            if isinstance(item, dict):
                out: dict[str, Any] = {}
                for title, value in item.items():
                    if isinstance(value, list):
                        kept = [k for k in (keep(v) for v in value) if k is not None]
                        if kept:
                            out[title] = kept
                    elif isinstance(value, str) and self.in_selection(value):
                        out[title] = value
                return out or None
            return item

        return [k for k in (keep(i) for i in nav) if k is not None]

    # -- templates -----------------------------------------------------------

    def template_context(self, src_uri: str) -> dict[str, Any]:
        edition_id = self.edition_of(src_uri)
        return {
            "editions": self.editions,
            "edition": self.edition(edition_id) if edition_id else None,
        }
