"""The pages the plugin writes: one registry, address → maker.

Generated pages (an edition's quote overview and literature list once it is published,
all quotes, the index of the theory boxes, ``/themas/``, all literature) are added to
the build's files and their Markdown is made when MkDocs converts them, after every
page of the co-authors, so that the pages that list what other pages cite or place see
all of it. Two source pages get Markdown of ours too: a theory box's own page (its
title, sources, where it is used, literature) and, when one edition is built alone,
the landing page, which then leads to that edition only.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from functools import cached_property, partial
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from handreiking.content import bouwstenen as bouwstenen_mod
from handreiking.content import quotes as quotes_mod
from handreiking.content import reads
from handreiking.content.chapters import H1, ScannedPage, chapter_title
from handreiking.content.editions import (
    ALL_CHANGES_SRC_URI,
    ALL_KAART_SRC_URI,
    ALL_LITERATURE_SRC_URI,
    ALL_QUOTES_SRC_URI,
    CHANGES_FEED,
    Edition,
)
from handreiking.content.literature.cite import scan_cited_keys
from handreiking.content.sources import read_source_text, split_front_matter
from handreiking.markdown import citations
from handreiking.outputs import sociale_kaart, worksheet
from handreiking.outputs.changes import ChangesPages, History
from handreiking.outputs.theme_comparison import THEMES_SRC_URI, themes_markdown
from handreiking.text import markdown_text


class KeptLists(Protocol):
    """Where a build keeps the literature lists it made for the next build (the page
    cache): each by exactly what made it."""

    def kept_list(
        self,
        bibliography: Bibliography,
        asked: Sequence[str],
        keys: Sequence[str],
        notes: Mapping[str, str] | None,
    ) -> tuple[str, frozenset[reads.Item]] | None:
        """The list an earlier build made of the same, and what making it read."""

    def keep_list(
        self,
        bibliography: Bibliography,
        asked: Sequence[str],
        keys: Sequence[str],
        notes: Mapping[str, str] | None,
        html: str,
        read: frozenset[reads.Item],
    ) -> None:
        """Keep the list made of ``bibliography.for_document(asked)``, ``keys`` and
        ``notes``, and what making it read."""


if TYPE_CHECKING:
    from handreiking.content.chapters import ScannedPage
    from handreiking.content.literature.bibliography import Bibliography
    from handreiking.content.quotes import Quote
    from handreiking.content.view import PublicationView
    from handreiking.markdown.context import PageContext
    from handreiking.markdown.record import BuildRecord
    from handreiking.markdown.recorder import PageRecord

#: The index of the theory boxes, a generated page.
BOUWSTENEN_INDEX = f"{bouwstenen_mod.BOUWSTENEN_DIR}/index.md"
#: a citation's ``@key`` (see markdown/citations.py), and code, where nothing is cited
CITATION = re.compile(citations.NARRATIVE_RE)
CODE = re.compile(r"(?ms)^ {0,3}(`{3,}|~{3,}).*?^ {0,3}\1|(`+)[^`]*?\2")


def _same_quotes_placed(
    records: tuple[PageRecord | None, ...], others: tuple[PageRecord | None, ...]
) -> bool:
    """Whether the chapters of ``records`` place the same quotes as those of ``others``,
    in the same order: the very same records, or records of the same quotes."""
    return len(records) == len(others) and all(
        a is b or (a is not None and b is not None and a.quotes == b.quotes)
        for a, b in zip(records, others, strict=True)
    )


def _chapter_places(chapters: list[tuple[Edition, ScannedPage]]) -> list[tuple[str, ...]]:
    """What :meth:`GeneratedPages.quote_places` shows of each chapter, in order."""
    return [(edition.id, edition.name, page.title, page.src_uri) for edition, page in chapters]


class _PlacesIndex:
    """Which chapters place each quote (:meth:`GeneratedPages.quote_places`), as made
    from the chapters' records, and the answers given from it."""

    def __init__(self) -> None:
        #: the chapters' records it was made of (``None``: not recorded), in reading order
        self.records: tuple[PageRecord | None, ...] = ()
        #: per quote id: the positions of the chapters that place it
        self.positions: dict[str, list[int]] = {}
        #: the answers given, by (quote id, the quote's edition)
        self.found: dict[tuple[str, str], list[tuple[str, str]]] = {}
        #: how many pages were recorded when the records were last compared
        self.recorded = -1
        #: compare again before the next answer (a generated page began)
        self.stale = True
        #: counts the times it was made
        self.generation = 0


class GeneratedPages:
    """The generated pages of one build, and the Markdown of each."""

    def __init__(
        self,
        publication: PublicationView,
        record: BuildRecord,
        edit_link: sociale_kaart.EditLink | None = None,
        history: History | None = None,
    ) -> None:
        self.publication = publication
        #: what the pages converted before a generated page cited and placed
        self.record = record
        #: a data file's address in the web editor ("Stel een wijziging voor"), if known
        self.edit_link = edit_link
        #: the git history of the sources (not available outside git)
        self.history = history if history is not None else History()
        self._titles: dict[str, str | None] = {}
        #: where :meth:`quote_places` finds the chapters that place each quote
        self._places = _PlacesIndex()
        #: what making each generated page's Markdown read of the data
        #: (:mod:`handreiking.content.reads`), by its address: the preview after an edit
        #: of data makes again only the pages whose reads changed
        self.made_reads: dict[str, frozenset[reads.Item]] = {}
        #: literature lists an earlier build made, where a build keeps them (the page
        #: cache, :meth:`_literature_html`); ``None``: each list is made
        self.kept_lists: KeptLists | None = None

    @cached_property
    def makers(self) -> dict[str, Callable[[], str]]:
        """Address (``src_uri``) → what makes its Markdown, in the order the pages must be
        rendered."""
        published = self.publication.published_editions
        makers: dict[str, Callable[[], str]] = {
            e.quotes_src_uri: partial(self._edition_quotes, e) for e in published
        }
        makers[ALL_QUOTES_SRC_URI] = self._all_quotes
        makers[BOUWSTENEN_INDEX] = self._bouwstenen_index
        makers[THEMES_SRC_URI] = partial(themes_markdown, self.publication)
        makers.update(
            {e.literature_src_uri: partial(self._edition_literature, e) for e in published}
        )
        makers[ALL_LITERATURE_SRC_URI] = self._all_literature
        # The tools the guide asks for: the sociale kaart of each edition that has one.
        kaart = self.publication.kaart_editions
        makers.update({e.kaart_src_uri: partial(self._edition_kaart, e) for e in kaart})
        if kaart:
            makers[ALL_KAART_SRC_URI] = self._all_kaart
        # ... and the worksheet of the partnerschapskaart, beside its theory box
        if self.publication.bouwstenen.get(worksheet.BOX) is not None:
            makers[worksheet.WORKSHEET_SRC_URI] = worksheet.worksheet_markdown
        makers.update({e.changes_src_uri: partial(self.changes.markdown, e) for e in published})
        makers[ALL_CHANGES_SRC_URI] = partial(self.changes.markdown, None)
        return makers

    # -- what changed ----------------------------------------------------------

    @cached_property
    def changes(self) -> ChangesPages:
        """The pages of changes and their feeds, from the history of the sources."""
        return ChangesPages(self.publication, self.history, self._is_page, self.title)

    @property
    def feeds(self) -> dict[str, Edition | None]:
        """The Atom feeds of the changes pages, by their path in the site: the whole
        guide's (``None``) and each published edition's."""
        feeds: dict[str, Edition | None] = {CHANGES_FEED: None}
        feeds.update({e.changes_feed: e for e in self.publication.published_editions})
        return feeds

    def _is_page(self, src_uri: str) -> bool:
        publication = self.publication
        return (
            src_uri.endswith(".md")
            and publication.keeps(src_uri)
            and (src_uri in self.makers or (publication.docs_dir / src_uri).is_file())
        )

    def title(self, src_uri: str) -> str | None:
        """A page's title as its links show it: the chapter's, the box's, the edition's,
        else its first ``# heading``; ``None`` when it has none."""
        if src_uri in self._titles:
            return self._titles[src_uri]
        publication = self.publication
        found: str | None = None
        scanned = publication.scanned.get(src_uri)
        box = publication.bouwstenen.get(
            src_uri.removeprefix(f"{bouwstenen_mod.BOUWSTENEN_DIR}/").removesuffix(".md")
        )
        edition = publication.edition(src_uri.removesuffix("/index.md"))
        if scanned is not None:
            found = scanned.title
        elif box is not None and src_uri.startswith(f"{bouwstenen_mod.BOUWSTENEN_DIR}/"):
            found = box.titel
        elif edition is not None and src_uri == edition.start_src_uri:
            found = edition.titel
        else:
            try:
                text = (publication.docs_dir / src_uri).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                text = ""
            found = chapter_title(text)
        self._titles[src_uri] = found
        return found

    @property
    def tools(self) -> list[str]:
        """The generated pages of the tools, whose script (``hulpmiddelen.js``) the site
        then loads."""
        return [
            uri
            for uri in self.makers
            if uri.endswith(sociale_kaart.KAART_PAGE) or uri == worksheet.WORKSHEET_SRC_URI
        ]

    @property
    def addresses(self) -> list[str]:
        """The pages the plugin writes, in the order they must be rendered."""
        return list(self.makers)

    def reads_generated(self, src_uri: str) -> bool:
        """Whether making the generated page ``src_uri`` reads what the generated pages
        before it recorded: the literature lists read what every page cited. Every other
        generated page reads of the pages only what the chapters recorded (where each
        quote is placed, :meth:`quote_places`)."""
        return src_uri == ALL_LITERATURE_SRC_URI or any(
            src_uri == edition.literature_src_uri for edition in self.publication.published_editions
        )

    def markdown(self, src_uri: str) -> str | None:
        """The Markdown of a generated page, computed when it is rendered."""
        maker = self.makers.get(src_uri)
        self._places.stale = True  # what quote_places() read may have changed since
        if maker is None:
            return None
        with reads.recording() as read:
            made = maker()
        self.made_reads[src_uri] = frozenset(read)
        return made

    # -- where the blocks and citations link ---------------------------------

    def literature_page(self, context: PageContext) -> str:
        """Where a page's citations link: its edition's list, else the list of all works."""
        edition = self.publication.published_edition(context.edition) if context.edition else None
        if edition is not None:
            return edition.literature_src_uri
        return ALL_LITERATURE_SRC_URI

    # -- the works of each document (its reference list) -----------------------

    def document_keys(self, context: PageContext) -> list[str]:
        """The works of the reference list a page belongs to: its edition's (the edition's
        literature page and PDF), else the combined list (``/literatuur/``, theory boxes,
        pages of the whole guide). Year letters and initials are assigned among them.

        What making the list reads is noted by no page (content/reads.py): a page reads
        of it only the year letters and initials of the works it cites, which a read of
        each of those works notes."""
        with reads.not_recording():
            edition = (
                self.publication.published_edition(context.edition) if context.edition else None
            )
            if edition is not None:
                return self._edition_documents[edition.id]
            return self._combined_document

    @cached_property
    def _edition_documents(self) -> dict[str, list[str]]:
        """Per published edition, what its pages and the boxes they place cite (read
        before the pages are converted), then its ``nocite``."""
        publication = self.publication
        documents: dict[str, list[str]] = {}
        for edition in publication.published_editions:
            keys: dict[str, None] = {}
            for page in publication.scanned.values():
                if page.edition != edition.id:
                    continue
                keys.update(dict.fromkeys(page.cited))
                for box_id in page.bouwstenen:
                    keys.update(dict.fromkeys(self._box_keys(box_id)))
            keys.update(dict.fromkeys(edition.nocite))
            documents[edition.id] = list(keys)
        return documents

    @cached_property
    def _combined_document(self) -> list[str]:
        """Every work the build's pages cite: the editions', the boxes' and those of the
        other pages (read before the pages are converted)."""
        publication = self.publication
        keys: dict[str, None] = {}
        for edition_keys in self._edition_documents.values():
            keys.update(dict.fromkeys(edition_keys))
        for box in publication.bouwstenen:
            if publication.in_selection(box.src_uri):
                keys.update(dict.fromkeys(self._box_keys(box.id)))
        docs = Path(publication.docs_dir)
        skipped = {edition.id for edition in publication.editions}
        skipped.add(bouwstenen_mod.BOUWSTENEN_DIR)
        # what docs.rglob("*.md") finds outside the editions' and the boxes' folders,
        # without walking through them (thousands of chapters in a large guide)
        found: list[Path] = []
        for top in docs.iterdir():
            if top.name in skipped:
                continue
            if top.name.endswith(".md"):
                found.append(top)
            if top.is_dir() and not top.is_symlink():
                found.extend(path for path in top.rglob("*.md") if path != top)
        for path in sorted(found):
            text, _ = read_source_text(path, path.name)
            if text is not None:
                keys.update(dict.fromkeys(scan_cited_keys(split_front_matter(text)[2])))
        for edition in publication.selected:
            keys.update(dict.fromkeys(edition.nocite))
        return list(keys)

    def _box_keys(self, box_id: str) -> list[str]:
        box = self.publication.bouwstenen.get(box_id)
        if box is None:
            return []
        return [*box.bronnen, *scan_cited_keys(box.body)]

    def quote_page(self, quote: Quote) -> str | None:
        """Where a quote's caption links: the overview of its edition, else the overview
        of all quotes, when that page is in this build and shows the quote; else nowhere."""
        edition = self.publication.published_edition(quote.edition)
        if edition is None:
            return None  # no overview of this build shows it
        for page in (edition.quotes_src_uri, ALL_QUOTES_SRC_URI):
            if page in self.makers:
                return page
        return None

    def quote_places(self, quote: Quote) -> list[tuple[str, str]]:
        """The chapters of this build that place a quote, as (title, src_uri), in reading
        order: where a quote in an overview leads. A chapter of another edition than the
        quote's says which. Asked while the overviews are converted, after every
        chapter, so the build's record is complete."""
        reads.note("places", "", quote.id)
        index = self._places_index()
        memo = (quote.id, quote.edition)
        found = index.found.get(memo)
        if found is None:
            chapters = self._chapters_in_order
            found = []
            for position in index.positions.get(quote.id, ()):
                edition, chapter = chapters[position]
                title = chapter.title
                if edition.id != quote.edition:
                    title += f" (editie {edition.name})"
                found.append((title, chapter.src_uri))
            index.found[memo] = found
        return list(found)

    def places_alike(self, other: GeneratedPages) -> bool:
        """Whether :meth:`quote_places` answers here as in ``other`` for a quote of the
        same id and edition: the same chapters in reading order (their edition, title
        and address), placing the same quotes."""
        if not _same_quotes_placed(self._places_index().records, other._places_index().records):
            return False
        return _chapter_places(self._chapters_in_order) == _chapter_places(other._chapters_in_order)

    def places_generation(self) -> int:
        """A number that changes whenever what :meth:`quote_places` answers may change:
        when a chapter's record is added, or replaced by one of other quotes. The page
        cache keeps its digests of the chapters that place a quote for as long as it
        stays the same."""
        return self._places_index().generation

    def _places_index(self) -> _PlacesIndex:
        """The chapters that place each quote, from the chapters' records as they are now.

        Every quote of every overview asks, twice (the page cache's digest too): a
        chapter's record is only ever added, whole (the recorder's, or the page cache's
        replay), so while as many pages are recorded as when last looked, and no
        generated page began since (:meth:`markdown`), nothing changed. Else the
        chapters' records are compared with those the index was made of (the same
        record, or one of the same quotes: a chapter converted again), and it is made
        again only when one of them places other quotes.
        """
        index = self._places
        records = self.record.records
        if not index.stale and index.recorded == len(records):
            return index
        chapters = self._chapters_in_order
        now = tuple(records.get(chapter.src_uri) for _edition, chapter in chapters)
        index.stale, index.recorded = False, len(records)
        if _same_quotes_placed(now, index.records):
            # a chapter converted again places the same quotes: the same answers
            index.records = now
            return index
        positions: dict[str, list[int]] = {}
        for position, record in enumerate(now):
            for quote_id in dict.fromkeys(record.quotes if record is not None else ()):
                positions.setdefault(quote_id, []).append(position)
        index.records, index.positions, index.found = now, positions, {}
        index.generation += 1
        return index

    @cached_property
    def _chapters_in_order(self) -> list[tuple[Edition, ScannedPage]]:
        """The chapters of every published edition, in reading order."""
        return [
            (edition, chapter)
            for edition in self.publication.published_editions
            for chapter in self.publication.chapters(edition.id)
        ]

    # -- quotes ----------------------------------------------------------------

    def _edition_quotes(self, edition: Edition) -> str:
        publication = self.publication
        return quotes_mod.edition_overview_markdown(
            publication.quotes, edition.id, publication.edition_names
        )

    def _all_quotes(self) -> str:
        publication = self.publication
        ids = [e.id for e in publication.published_editions]
        return quotes_mod.all_overview_markdown(publication.quotes, ids, publication.edition_names)

    # -- the sociale kaart --------------------------------------------------------

    def _edition_kaart(self, edition: Edition) -> str:
        return sociale_kaart.edition_markdown(
            self.publication.sociale_kaart, edition, self.edit_link
        )

    def _all_kaart(self) -> str:
        publication = self.publication
        return sociale_kaart.all_markdown(
            publication.sociale_kaart, publication.kaart_editions, self.edit_link
        )

    # -- theory boxes ----------------------------------------------------------

    def _bouwstenen_index(self) -> str:
        publication = self.publication
        library = publication.bouwstenen
        if publication.only is not None:
            # One edition alone: only the boxes it uses are in the build.
            library = bouwstenen_mod.BouwsteenLibrary(
                {
                    k: box
                    for k, box in library.boxes.items()
                    if publication.in_selection(box.src_uri)
                },
                dict(library.broken),
            )
        return bouwstenen_mod.index_markdown(
            library, publication.bouwsteen_usage, publication.edition_names
        )

    def bouwsteen_page(self, src_uri: str, markdown: str) -> str:
        """A theory box's own page: its title, body, sources, where it is used, literature."""
        publication = self.publication
        box = publication.bouwstenen.get(src_uri.removeprefix("bouwstenen/").removesuffix(".md"))
        if box is None:
            return markdown
        bibliography = publication.bibliography
        title = markdown_text(box.titel)
        out = [markdown if H1.match(markdown.lstrip()) else f"# {title}\n\n{markdown}"]
        # an unknown key is reported by the loader, at its line in the box's file
        known = [k for k in box.bronnen if bibliography is None or k in bibliography]
        if known:
            keys = "; ".join(f"@{key}" for key in known)
            out.append(f"**Bronnen:** [{keys}]")
        used = bouwstenen_mod.usage_markdown(
            publication.bouwsteen_usage.get(box.id, []), publication.edition_names
        )
        if used:
            out.append(f"## Gebruikt in\n\n{used}")
        if known or self._cites(markdown):
            out.append("## Literatuur\n\n/// literatuur\n///")
        return "\n\n".join(out) + "\n"

    def _cites(self, markdown: str) -> bool:
        """Whether ``markdown`` cites a work of the bibliography (outside code)."""
        bibliography = self.publication.bibliography
        if bibliography is None:
            return False
        text = CODE.sub("", markdown)
        return any(m.group("key").strip("{}") in bibliography for m in CITATION.finditer(text))

    # -- literature ------------------------------------------------------------

    def _edition_literature(self, edition: Edition) -> str:
        keys = self.record.cited_by_edition([edition])[edition.id]
        body = self._literature_html(keys, document=self._edition_documents[edition.id])
        return f"# Literatuur\n\n{body}\n"

    def _all_literature(self) -> str:
        publication = self.publication
        bibliography = publication.bibliography
        if bibliography is None:
            return "# Literatuur\n"
        users: dict[str, list[str]] = {}
        cited_by = self.record.cited_by_edition(publication.selected)
        for edition in publication.selected:
            for key in cited_by[edition.id]:
                users.setdefault(key, []).append(edition.name)
        notes = {key: "Geciteerd in: " + ", ".join(names) for key, names in users.items()}
        # The works this publication cites anywhere (chapters, boxes, other pages) and
        # each edition's nocite; not the rest of a reference manager's export, which
        # may hold thousands of works no page mentions.
        cited = set(self.record.cited())
        keys = [key for key in bibliography.keys if key in cited or key in users]
        body = self._literature_html(keys, notes, self._combined_document)
        return f"# Literatuur\n\n{body}\n"

    def _literature_html(
        self, keys: list[str], notes: dict[str, str] | None = None, document: Sequence[str] = ()
    ) -> str:
        """The list of ``keys``, lettered among the works of ``document`` and the list."""
        bibliography = self.publication.bibliography
        if bibliography is None:
            return ""
        asked = [*document, *keys]
        kept = self.kept_lists
        if kept is None:
            return bibliography.for_document(asked).list_html(keys, notes=notes)
        # The same bibliography, code, document, works and notes make the same list:
        # looked up, with what making it read, which the page's reads get again.
        found = kept.kept_list(bibliography, asked, keys, notes)
        if found is not None:
            html, made_of = found
            for item in made_of:
                reads.note(*item)
            return html
        with reads.recording() as read:
            html = bibliography.for_document(asked).list_html(keys, notes=notes)
        kept.keep_list(bibliography, asked, keys, notes, html, frozenset(read))
        return html

    # -- the landing page of one edition alone -----------------------------------

    def landing(self, site_url: str | None) -> str | None:
        """The landing page of a one-edition build: it leads to that edition only.

        The landing page of the whole guide links to every edition, which this build
        does not hold; the other editions are named with their address on the whole
        site when ``site_url`` is set. ``None`` when the whole guide is built.
        """
        publication = self.publication
        edition = publication.edition(publication.only) if publication.only else None
        if edition is None:
            return None
        out = [
            f"# {markdown_text(edition.titel)}",
            "",
            f"Deze site bevat de editie **{markdown_text(edition.name)}** van de handreiking: "
            f"[naar de startpagina van de editie]({edition.id}/index.md).",
            "",
        ]
        others = [e for e in publication.editions if e.id != edition.id]
        if others:
            if site_url:
                base = site_url.rstrip("/")
                names = ", ".join(f"[{markdown_text(e.name)}]({base}/{e.id}/)" for e in others)
            else:
                names = ", ".join(markdown_text(e.name) for e in others)
            out += [f"De andere edities ({names}) staan op de site met alle edities.", ""]
        return "\n".join(out)
