"""The whole publication: editions, quotes, theory boxes and literature, and what the
plugin generates from them. Plain domain code; ``plugin.py`` calls it from MkDocs' events.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from markdown import Extension

from handreiking import bouwstenen as bouwstenen_mod
from handreiking import quotes as quotes_mod
from handreiking.editions import Edition, edition_of, load_editions
from handreiking.errors import HandreikingError, SourceProblem
from handreiking.frontmatter import FrontMatter, parse_front_matter
from handreiking.literature.bibliography import Bibliography, load_bibliography
from handreiking.markdown import blocks, citations, depth
from handreiking.markdown.context import PageContext
from handreiking.privacy import privacy_problems
from handreiking.themes import THEMES_SRC_URI, themes_markdown

PAGE_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
BOUWSTEEN_BLOCK = re.compile(r"^///\s*bouwsteen\s*\|\s*(\S+)", re.M)


@dataclass
class PageRecord:
    """What one converted page cited and placed."""

    cited: list[str] = field(default_factory=list)
    quotes: list[str] = field(default_factory=list)
    bouwstenen: list[str] = field(default_factory=list)


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


def scan_pages(docs_dir: Path, edition_ids: list[str]) -> dict[str, ScannedPage]:
    """Read every chapter once for its title and the theory boxes it places.

    Theory box pages and the single-edition build need to know which chapters use
    which box before any page is rendered.
    """
    pages: dict[str, ScannedPage] = {}
    for edition in edition_ids:
        for path in sorted((docs_dir / edition).glob("*.md")):
            try:
                text = path.read_text(encoding="utf-8-sig")
            except (OSError, UnicodeDecodeError):
                continue  # reported where the page itself is read
            src_uri = f"{edition}/{path.name}"
            title = H1.search(text)
            pages[src_uri] = ScannedPage(
                src_uri,
                title.group(1) if title else path.stem,
                edition,
                list(dict.fromkeys(BOUWSTEEN_BLOCK.findall(text))),
                *_id_and_themes(text, src_uri),
            )
    return pages


def _id_and_themes(text: str, src_uri: str) -> tuple[str | None, list[str]]:
    """A chapter's ``id`` and ``thema`` from its front matter; mistakes are reported later."""
    try:
        data = parse_front_matter(text, src_uri).data
    except HandreikingError:
        return None, []
    page_id = data.get("id")
    themes = data.get("thema")
    if isinstance(themes, str):
        themes = [themes]
    return (
        page_id if isinstance(page_id, str) else None,
        [t for t in themes if isinstance(t, str)] if isinstance(themes, list) else [],
    )


@dataclass
class Site:
    """Everything the plugin knows about the publication for one build."""

    root: Path
    docs_dir: Path
    editions: list[Edition]
    quotes: Any
    bouwstenen: Any
    bibliography: Bibliography | None
    only: str | None
    problems: list[SourceProblem] = field(default_factory=list)
    records: dict[str, PageRecord] = field(default_factory=dict)
    scanned: dict[str, ScannedPage] = field(default_factory=dict)
    pages: dict[str, PageInfo] = field(default_factory=dict)
    _ids: dict[str, str] = field(default_factory=dict)

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
        previous: Site | None = None,
    ) -> Site:
        """Load and check all data of the publication; problems are collected, not raised."""
        problems: list[SourceProblem] = []
        editions, found = load_editions(docs_dir, edition_ids, root)
        problems.extend(found)
        if only is not None and only not in edition_ids:
            from handreiking.errors import did_you_mean

            problems.append(
                SourceProblem(
                    "mkdocs.yml",
                    None,
                    f"onbekende editie '{only}'"
                    + did_you_mean(only, edition_ids)
                    + f"; kies uit: {', '.join(edition_ids)}",
                )
            )
        store, found = quotes_mod.load_quotes(docs_dir, [e.id for e in editions], root=root)
        problems.extend(found)
        bib: Bibliography | None = None
        try:
            bib = load_bibliography(bibliography, root=root, style=style)
        except HandreikingError as error:
            problems.extend(error.problems)
        # The loader checks each box's sources against the bibliography, at the line in
        # the box's file; the Markdown extension therefore gets no bib_keys (one report).
        library, found = bouwstenen_mod.load_bouwstenen(
            docs_dir, root=root, bib_keys=set(bib.keys) if bib is not None else None
        )
        problems.extend(found)
        # Phone numbers, e-mail and home addresses never reach any output (issue 9).
        problems.extend(privacy_problems(docs_dir, root=root))
        site = cls(root, docs_dir, editions, store, library, bib, only, problems)
        site.scanned = scan_pages(docs_dir, [e.id for e in site.selected])
        site._check_references()
        return site

    @classmethod
    def from_config(cls, config: Any, options: Any, previous: Site | None = None) -> Site:
        """Load the publication as ``mkdocs.yml`` describes it (the build and the check)."""
        root = Path(config.config_file_path).resolve().parent
        return cls.load(
            root=root,
            docs_dir=Path(config.docs_dir).resolve(),
            edition_ids=list(options.edities),
            only=options.editie,
            bibliography=root / options.bibliografie,
            style=options.bibliografie_stijl,
            previous=previous,
        )

    def _check_references(self) -> None:
        """Keys named in front matter (nocite, bronnen) must exist in the bibliography."""
        if self.bibliography is None:
            return
        keys = set(self.bibliography.keys)
        from handreiking.errors import did_you_mean

        for edition in self.editions:
            for key in edition.nocite:
                if key not in keys:
                    self.problems.append(
                        SourceProblem(
                            edition.path,
                            None,
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
        return next((e for e in self.editions if e.id == edition_id), None)

    def edition_of(self, src_uri: str) -> str | None:
        return edition_of(src_uri, self.edition_ids)

    def shown_path(self, src_uri: str) -> str:
        """The path a co-author sees for a page: relative to the project, e.g. docs/x.md."""
        path = self.docs_dir / src_uri
        return (
            path.relative_to(self.root).as_posix() if path.is_relative_to(self.root) else str(path)
        )

    @property
    def selected(self) -> list[Edition]:
        """The editions this build publishes."""
        return [e for e in self.editions if self.only in (None, e.id)]

    def literature_page(self, context: PageContext) -> str:
        """Where a page's citations link: its edition's list, else the list of all works."""
        edition = self.edition(context.edition) if context.edition else None
        if edition is not None and edition.published:
            return f"{edition.id}/literatuur.md"
        return "literatuur.md"

    # -- Markdown ------------------------------------------------------------

    def markdown_extensions(self, context: PageContext) -> list[Extension]:
        """Our Markdown extensions, fed with this publication's data."""
        return [
            blocks.makeExtension(
                quotes=self.quotes,
                bouwstenen=self.bouwstenen,
                edition_names=self.edition_names,
                context=context,
            ),
            citations.makeExtension(
                bibliography=self.bibliography,
                context=context,
                literature_page=self.literature_page,
            ),
            depth.makeExtension(context=context),
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
        if not isinstance(page_id, str) or not PAGE_ID.match(page_id):
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
        context.src_uri = src_uri
        context.edition = self.edition_of(src_uri)
        context.path = self.shown_path(src_uri)
        context.line_offset = raw[: len(raw) - len(markdown)].count("\n")
        try:
            front = parse_front_matter(raw, context.path)
        except HandreikingError as error:
            for problem in error.problems:
                context.report(problem)
        else:
            for problem in self.check_page_meta(src_uri, front):
                context.report(problem)
        if src_uri.startswith("bouwstenen/"):
            # Added after the body, so the body's line numbers stay right.
            markdown = self.bouwsteen_page_markdown(src_uri, markdown)
        return markdown

    # -- generated pages -----------------------------------------------------

    def generated_pages(self) -> list[str]:
        """The pages the plugin writes, in the order they must be rendered.

        They come after every real page, so that the pages that list what other
        pages cite or place see all of it.
        """
        pages: list[str] = []
        for edition in self.selected:
            if edition.published:
                pages.append(f"{edition.id}/citaten.md")
        pages += ["citaten.md", "bouwstenen/index.md", THEMES_SRC_URI]
        for edition in self.selected:
            if edition.published:
                pages.append(f"{edition.id}/literatuur.md")
        pages.append("literatuur.md")
        return pages

    def generated_markdown(self, src_uri: str) -> str | None:
        """The Markdown of a generated page, computed when it is rendered."""
        makers: dict[str, Callable[[], str]] = {
            "citaten.md": self._all_quotes,
            "bouwstenen/index.md": self._bouwstenen_index,
            "literatuur.md": self._all_literature,
            THEMES_SRC_URI: partial(themes_markdown, self),
        }
        for edition in self.selected:
            makers[f"{edition.id}/citaten.md"] = partial(self._edition_quotes, edition)
            makers[f"{edition.id}/literatuur.md"] = partial(self._edition_literature, edition)
        maker = makers.get(src_uri)
        return maker() if maker is not None else None

    def _edition_quotes(self, edition: Edition) -> str:
        return quotes_mod.edition_overview_markdown(self.quotes, edition.id, self.edition_names)

    def _all_quotes(self) -> str:
        ids = [e.id for e in self.selected]
        return quotes_mod.all_overview_markdown(self.quotes, ids, self.edition_names)

    def bouwsteen_usage(self) -> dict[str, list[tuple[str, str, str | None]]]:
        """For each theory box, the chapters that place it: (title, src_uri, edition)."""
        usage: dict[str, list[tuple[str, str, str | None]]] = {}
        for page in self.scanned.values():
            for box in page.bouwstenen:
                usage.setdefault(box, []).append((page.title, page.src_uri, page.edition))
        return usage

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
        if box.bronnen:
            keys = "; ".join(f"@{key}" for key in box.bronnen)
            out.append(f"**Bronnen:** [{keys}]")
        used = self.bouwsteen_usage().get(box.id, [])
        if used:
            out.append("## Gebruikt in\n")
            lines = []
            for title, chapter, edition in used:
                name = self.edition_names.get(edition, edition) if edition else ""
                href = posixpath.relpath(chapter, "bouwstenen")
                lines.append(f"- [{title}]({href})" + (f" (editie {name})" if name else ""))
            out.append("\n".join(lines))
        out.append("## Literatuur\n\n/// literatuur\n///")
        return "\n\n".join(out) + "\n"

    def cited_in_edition(self, edition: Edition) -> list[str]:
        keys: dict[str, None] = {}
        for src_uri, record in self.records.items():
            if self.edition_of(src_uri) == edition.id:
                keys.update(dict.fromkeys(record.cited))
        keys.update(dict.fromkeys(edition.nocite))
        return list(keys)

    def _edition_literature(self, edition: Edition) -> str:
        keys = self.cited_in_edition(edition)
        body = self._literature_html(keys)
        return f"# Literatuur\n\n{body}\n"

    def _all_literature(self) -> str:
        if self.bibliography is None:
            return "# Literatuur\n"
        users: dict[str, list[str]] = {}
        for edition in self.selected:
            for key in self.cited_in_edition(edition):
                users.setdefault(key, []).append(edition.name)
        notes = {key: "Geciteerd in: " + ", ".join(names) for key, names in users.items()}
        keys = list(self.bibliography.keys)
        if self.only is not None:
            # One edition alone: only the works its pages (and the boxes they use) cite.
            cited = {key for record in self.records.values() for key in record.cited}
            keys = [key for key in keys if key in cited or key in users]
        return f"# Literatuur\n\n{self._literature_html(keys, notes)}\n"

    def _literature_html(self, keys: list[str], notes: dict[str, str] | None = None) -> str:
        if self.bibliography is None:
            return ""
        return self.bibliography.list_html(keys, notes=notes)

    # -- one edition alone ---------------------------------------------------

    def in_selection(self, src_uri: str) -> bool:
        """Whether a file belongs in this build (all of it, or one edition alone)."""
        if self.only is None:
            return True
        head = src_uri.split("/", 1)[0]
        if "/" in src_uri and head in self.edition_ids:
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
