"""Collects the linkable units while MkDocs renders, and writes what links to them.

``plugin/events.py`` calls :class:`Links` from its events: :meth:`Links.set_nav` (reading
order), :meth:`Links.page_content` (records a chapter, box or edition start page and adds
"Citeer deze pagina"), :meth:`Links.post_page` (the ``citation_*`` meta tags) and
:meth:`Links.post_build` (permanent addresses, moved pages, citation files, cartridges
and the catalog, in that order; the catalog last, so that it lists only files that exist).
"""

from __future__ import annotations

import html as html_mod
import json
import logging
import os
import posixpath
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink

from handreiking.compat.mkdocs import write_site_file
from handreiking.content.editions import Edition, book_name
from handreiking.content.licence import Licence
from handreiking.outputs.links import addresses as addresses_mod
from handreiking.outputs.links import cartridge as cartridge_mod
from handreiking.outputs.links import catalog as catalog_mod
from handreiking.outputs.links import citation as citation_mod
from handreiking.outputs.links.citecache import CitationCache, Formatted
from handreiking.outputs.links.redirects import (
    ID_DIR,
    MOVES_FILE,
    Move,
    address_in_use,
    load_moves,
    move_problem,
    redirect_html,
    relative_url,
)

if TYPE_CHECKING:
    from handreiking.content.quotes import Quote
    from handreiking.content.view import PublicationView
    from handreiking.markdown.record import BuildRecord

log = logging.getLogger("mkdocs.plugins.handreiking")

#: The guide for lecturers, when the site has one.
TEACHERS_PAGE = "voor-docenten.md"

#: What "Citeer deze pagina" calls the page.
_WHAT = {"editie": "deze editie", "hoofdstuk": "dit hoofdstuk", "bouwsteen": "deze bouwsteen"}


@dataclass(frozen=True)
class Section:
    """A heading of a chapter, with its anchor."""

    anchor: str
    title: str
    level: int


@dataclass
class LinkUnit:
    """A page with a permanent id: an edition's start page, a chapter or a theory box."""

    id: str
    kind: citation_mod.Kind
    src_uri: str
    url: str
    dest_uri: str
    title: str
    edition: str | None
    summary: str | None = None
    themes: list[str] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    quotes: list[str] = field(default_factory=list)
    bouwstenen: list[str] = field(default_factory=list)
    #: The permanent address, site-relative: ``id/<id>/``.
    permalink_path: str = field(init=False, repr=False, compare=False)
    #: The folder of the page's HTML file: relative links start here.
    directory: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Read a few times per page: made once.
        self.permalink_path = f"{ID_DIR}/{self.id}/"
        self.directory = posixpath.dirname(self.dest_uri)

    def citation_file(self, extension: str) -> str:
        """Where the page's ``.bib`` or ``.ris`` file lives, next to the page."""
        return posixpath.join(self.directory, f"{self.id}.{extension}")


#: The theme's ``<meta name="description">`` (the site's, on every page).
_DESCRIPTION = re.compile(r'<meta name="description" content="[^"]*">\s*')
_PARAGRAPH = re.compile(r"<p\b[^>]*>(.*?)</p>", re.S)
_TAG = re.compile(r"<[^>]+>")
#: A citation's full reference beside its link (``markdown.citations``): a tooltip, not
#: part of the sentence that describes the page.
_TOOLTIP = re.compile(r'<span\b[^>]*\brole="tooltip"[^>]*>')
_SPAN = re.compile(r"<(/?)span\b[^>]*>")
#: OpenGraph types: an edition is a book, a chapter an article, the rest web pages.
#: (Zotero reads og:type "book" as a book and "website" as a web page.)
_OG_TYPES: dict[str | None, str] = {
    "editie": "book",
    "hoofdstuk": "article",
    "bouwsteen": "website",
}
_DESCRIPTION_LENGTH = 200


def describe(summary: object, html: str) -> str:
    """A page's description: its ``samenvatting``, else its first paragraph's text,
    shortened at a word to about 200 characters."""
    if isinstance(summary, str) and summary.strip():
        text = " ".join(summary.split())
    else:
        text = ""
        for match in _PARAGRAPH.finditer(html):
            text = " ".join(
                html_mod.unescape(_TAG.sub("", _without_tooltips(match.group(1)))).split()
            )
            if text:
                break
    if len(text) > _DESCRIPTION_LENGTH:
        text = text[:_DESCRIPTION_LENGTH].rsplit(" ", 1)[0].rstrip(",;:") + " …"
    return text


def _without_tooltips(html: str) -> str:
    """``html`` without the tooltips in it, each with the spans nested in it."""
    found = _TOOLTIP.search(html)
    while found is not None:
        depth, end = 1, len(html)
        for tag in _SPAN.finditer(html, found.end()):
            depth += -1 if tag.group(1) else 1
            if depth == 0:
                end = tag.end()
                break
        html = html[: found.start()] + html[end:]
        found = _TOOLTIP.search(html, found.start())
    return html


def _sections(toc: Iterable[AnchorLink]) -> list[Section]:
    found: list[Section] = []
    for link in toc:
        if link.level >= 2:
            found.append(Section(link.id, html_mod.unescape(link.title), link.level))
        found.extend(_sections(link.children))
    return found


def _text_list(value: Any) -> list[str]:
    if isinstance(value, list):
        return [str(v) for v in value if isinstance(v, str | int) and not isinstance(v, bool)]
    return []


# What urljoin reads in a relative address besides its path's plain segments: a scheme,
# a fragment, a query, parameters, what urlsplit removes, empty and dot segments.
_NOT_PLAIN = re.compile(r"[:#?;\t\r\n]|//|(?:^|/)\.\.?(?:/|$)")
_PREFIXES: dict[str, str | None] = {}


def absolute_url(base: str, url: str) -> str:
    """``urljoin(base, url)``; for a plain relative path, without parsing it.

    A path of plain segments (``zuidoost/partnerschap/``) lands after the folder of
    ``base`` whatever its segments are: ``urljoin(base, "x")`` without its ``x`` is the
    same prefix for each of them (thousands per build, for the catalog and citations).
    """
    if url[:1] > " " and url[0] != "/" and _NOT_PLAIN.search(url) is None:
        if base not in _PREFIXES:
            joined = urljoin(base, "x")
            _PREFIXES[base] = joined[:-1] if joined.endswith("x") else None
        prefix = _PREFIXES[base]
        if prefix is not None:
            return prefix + url
    return urljoin(base, url)


class Links:
    """Everything the curriculum links to, for one build."""

    def __init__(
        self,
        publication: PublicationView,
        record: BuildRecord,
        config: MkDocsConfig,
        licence: Licence | None = None,
        updated: Callable[[str], str | None] | None = None,
        build_date: str | None = None,
        citations: CitationCache | None = None,
    ) -> None:
        self.publication = publication
        #: a page's last-updated ISO date, by its path in docs/ (an undated page's date)
        self.updated = updated
        #: the build's ISO date (``SOURCE_DATE_EPOCH``): the access date in citation files
        self.build_date = build_date
        #: the PDFs this build makes, known before the pages render
        self.pdfs: set[str] = set()
        #: each page's description (its summary, else its first paragraph), by src_uri
        self.descriptions: dict[str, str] = {}
        #: the content's licence (the ``licentie`` setting), or none chosen yet
        self.licence = licence if licence is not None else Licence()
        #: the pages' ids and what each placed, as the build converts them
        self.record = record
        self.site_url: str | None = config.site_url or None
        self.site_name: str = config.site_name
        self.site_author: str | None = config.site_author or None
        self.use_directory_urls: bool = config.use_directory_urls
        self.units: dict[str, LinkUnit] = {}
        self.nav_order: list[str] = []
        self.teachers_url: str | None = None
        self._page_urls: dict[str, str] = {}
        self._absolute: dict[str, str] = {}  # urljoin with site_url, once per address
        self._order: dict[str, int] | None = None  # place of each page in nav_order
        #: formatted citations, kept across builds (citecache.py); by work, not by page
        self.citations = citations if citations is not None else CitationCache()
        self.citations.start()
        # The citation of each unit (by src_uri), made once for the page, its meta tags
        # and its citation files; and what the units of one edition share.
        self._citations: dict[str, Formatted] = {}
        self._authors: dict[str | None, tuple[str, ...]] = {}
        self._books: dict[str, tuple[str, str]] = {}
        self._made: set[str] = set()  # folders made by _write in this post_build
        self.written: list[str] = []  # every file post_build wrote, relative to the site
        self._page_src_uris: list[str] = []  # every page of the build, for the record
        self._taken: set[str] = set()  # the files of the build besides ours (set_nav)
        self._written: set[str] = set()  # the same as `written`, to look up
        #: what this build published, for the address record once it succeeded
        self.published: set[str] | None = None
        #: the cartridges :meth:`post_build` wrote, for the catalog (``None``: no catalog)
        self._cartridges: dict[str, str] | None = None
        #: the redirects :meth:`post_build` wrote to each page: (their path, the target)
        self._redirects: dict[str, list[tuple[str, str]]] = {}
        #: the catalog's entry of each chapter and theory box as last written, indented,
        #: with what it was made of (see :meth:`_kept_piece`)
        self._pieces: dict[str, tuple[tuple[Any, ...], _Indented]] = {}
        self.moves, problems = load_moves(publication.root)
        for problem in problems:
            log.warning(str(problem))
        moves_file = publication.root / MOVES_FILE
        if moves_file.is_file() and str(moves_file) not in config.watch:
            config.watch.append(str(moves_file))

    # -- addresses -----------------------------------------------------------

    def absolute(self, url: str) -> str | None:
        """A site-relative URL as an absolute one, when ``site_url`` is set."""
        if not self.site_url:
            return None
        absolute = self._absolute.get(url)
        if absolute is None:
            absolute = self._absolute[url] = absolute_url(self.site_url, url)
        return absolute

    def _absolute_at(self, url: str, anchor: str) -> str | None:
        """``absolute(f"{url}#{anchor}")``, from the cached ``absolute(url)``.

        ``urljoin`` treats a fragment apart: it is put back, as it came, after the rest
        is joined. Exceptions (an empty ``url``, which ``urljoin`` returns as the base
        itself; an empty anchor, which it drops; characters that ``urlsplit`` strips) go
        the long way.
        """
        if (
            anchor
            and url[:1] > " "
            and "#" not in url
            and "\t" not in anchor
            and "\r" not in anchor
            and "\n" not in anchor
        ):
            absolute = self.absolute(url)
            return absolute if absolute is None else f"{absolute}#{anchor}"
        return self.absolute(f"{url}#{anchor}")

    def shown_url(self, url: str) -> str:
        """An address to print for readers: absolute, else from the site's root."""
        return self.absolute(url) or "/" + url

    # -- during the build ----------------------------------------------------

    def set_nav(self, nav: Navigation, files: Files) -> None:
        """Remember the reading order, and where the guide for lecturers is."""
        self.nav_order = [page.file.src_uri for page in nav.pages]
        self._order = None
        self._page_src_uris = [file.src_uri for file in files.documentation_pages()]
        # what the build writes besides our own files: an address one of them takes is
        # taken (the folder may hold the last build's files: the preview keeps them)
        self._taken = {file.dest_uri for file in files}
        # ... and a folder where a file of ours would go (a file inside it is published)
        for dest in list(self._taken):
            parts = dest.split("/")[:-1]
            self._taken.update("/".join(parts[: n + 1]) for n in range(len(parts)))
        teachers = files.get_file_from_path(TEACHERS_PAGE)
        self.teachers_url = teachers.url if teachers is not None else None
        self.pdfs = {
            e.pdf_src_uri
            for e in self.publication.selected
            if files.get_file_from_path(e.pdf_src_uri) is not None
        }

    def page_content(self, html: str, page: Page) -> str:
        """Record the page if it has a permanent id; add "Citeer deze pagina"."""
        src_uri = page.file.src_uri
        self.descriptions[src_uri] = describe(page.meta.get("samenvatting"), html)
        info = self.record.pages.get(src_uri)
        if info is None:
            return html
        edition = info.edition
        if edition is None:
            kind: citation_mod.Kind = "bouwsteen"
        elif src_uri == f"{edition}/index.md":
            kind = "editie"
        else:
            kind = "hoofdstuk"
        record = self.record.records.get(src_uri)
        box = self.publication.bouwstenen.get(info.id) if kind == "bouwsteen" else None
        title = box.titel if box is not None else (page.title or info.title or info.id)
        unit = LinkUnit(
            id=info.id,
            kind=kind,
            src_uri=src_uri,
            url=page.url,
            dest_uri=page.file.dest_uri,
            title=html_mod.unescape(str(title)),
            edition=edition,
            summary=page.meta.get("samenvatting") or None,
            themes=list(box.thema) if box is not None else _text_list(page.meta.get("thema")),
            sections=_sections(page.toc),
            quotes=[q for q in (record.quotes if record else []) if self._published_quote(q)],
            bouwstenen=list(record.bouwstenen) if record else [],
        )
        self.units[src_uri] = unit
        work = self.work(unit)
        if work is not None:
            cited = self._citations[src_uri] = self.citations.get(work)
            html += self._citation_html(unit, cited.apa)
        if kind == "editie":
            html += self._cartridge_html(unit)
        return html

    def post_page(self, output: str, page: Page) -> str:
        """Put the page's description, OpenGraph and ``citation_*`` meta tags in its head."""
        src_uri = page.file.src_uri
        cited = self._citations.get(src_uri)
        unit = self.units.get(src_uri)
        title = unit.title if unit is not None else html_mod.unescape(str(page.title or ""))
        description = self.descriptions.get(src_uri) or title
        head = self.share_tags(
            title, description, page.url, _OG_TYPES.get(unit.kind if unit else None, "website")
        )
        if cited is not None:
            head += cited.meta
        else:
            head += self._page_meta_tags(src_uri, title, page.url)
        # The theme writes the site's description on every page: this page's own instead,
        # with ours before </head>. Found in the head, the page is copied once.
        end = output.find("</head>")
        found = _DESCRIPTION.search(output, 0, end) if end >= 0 else None
        if found is not None:
            return "".join((output[: found.start()], output[found.end() : end], head, output[end:]))
        # (none in the head) the first anywhere; without a </head>, replace changes nothing
        output = _DESCRIPTION.sub("", output, count=1)
        return output.replace("</head>", head + "</head>", 1)

    def share_tags(self, title: str, description: str, url: str, og_type: str) -> str:
        """The page's ``description`` and OpenGraph tags, for search engines and previews."""
        tags = [("name", "description", description)]
        tags += [
            ("property", "og:title", title),
            ("property", "og:description", description),
            ("property", "og:type", og_type),
            ("property", "og:locale", "nl_NL"),
            ("property", "og:site_name", self.site_name),
        ]
        absolute = self.absolute(url)
        if absolute is not None:
            tags.append(("property", "og:url", absolute))
        return "".join(
            f'<meta {kind}="{name}" content="{html_mod.escape(value, quote=True)}">\n'
            for kind, name, value in tags
        )

    def _page_meta_tags(self, src_uri: str, title: str, url: str) -> str:
        """An overview page without a citation of its own: a web page by the makers, dated."""
        changed = self.updated(src_uri) if self.updated is not None else None
        changed = changed or self.build_date
        tags = [("citation_title", title)]
        tags += [("citation_author", f"{name},") for name in self._authors_of(None)]
        if changed is not None:
            tags.append(("citation_date", changed))
        tags.append(("citation_language", "nl"))
        tags.append(("citation_public_url", self.shown_url(url)))
        return "".join(
            f'<meta name="{name}" content="{html_mod.escape(value, quote=True)}">\n'
            for name, value in tags
        )

    def _published_quote(self, quote_id: str) -> bool:
        quote = self.publication.quotes.get(quote_id)
        # a motto or saying from elsewhere is no participant's quote: not listed
        return quote is not None and quote.toestemming and quote.is_participant

    # -- citations -----------------------------------------------------------

    def _edition(self, edition_id: str | None) -> Edition | None:
        return self.publication.edition(edition_id) if edition_id else None

    def work(self, unit: LinkUnit) -> citation_mod.Work | None:
        """What a citation of the page says; ``None`` for an edition in preparation."""
        edition = self._edition(unit.edition)
        if unit.kind != "bouwsteen" and (edition is None or not edition.published):
            return None
        authors = self._authors_of(edition)
        url = self.shown_url(unit.permalink_path)
        changed = self.updated(unit.src_uri) if self.updated is not None else None
        extra: dict[str, Any] = {
            "updated": changed,
            "accessed": self.build_date,
            "licence": self.licence.text,
        }
        if unit.kind == "bouwsteen" or edition is None:
            return citation_mod.Work(
                unit.id, "bouwsteen", unit.title, authors, url, self.site_name, **extra
            )
        book, label = self._book_of(edition)
        if edition.pdf_src_uri in self.pdfs:
            extra["pdf_url"] = self.shown_url(edition.pdf_src_uri)
        if unit.kind == "editie":
            return citation_mod.Work(
                unit.id,
                "editie",
                book,
                authors,
                url,
                self.site_name,
                edition.jaar,
                edition_label=label,
                **extra,
            )
        return citation_mod.Work(
            unit.id,
            "hoofdstuk",
            citation_mod.chapter_title(unit.title),
            authors,
            url,
            self.site_name,
            edition.jaar,
            book_title=book,
            edition_label=label,
            **extra,
        )

    def _authors_of(self, edition: Edition | None) -> tuple[str, ...]:
        """The authors of an edition's pages; of a theory box (``None``), all partners'."""
        key = edition.id if edition is not None else None
        authors = self._authors.get(key)
        if authors is None:
            if edition is not None:
                partners: list[str] = list(edition.partners)
            else:
                partners = [p for e in self.publication.editions for p in e.partners]
            authors = self._authors[key] = citation_mod.authors_from(self.site_author, partners)
        return authors

    def _book_of(self, edition: Edition) -> tuple[str, str]:
        """An edition as the book its chapters are in: its full title, and its label."""
        book = self._books.get(edition.id)
        if book is None:
            book = self._books[edition.id] = (
                citation_mod.book_title(edition.titel, edition.ondertitel),
                f"Editie {edition.name}",
            )
        return book

    def _citation_html(self, unit: LinkUnit, apa: str) -> str:
        # citation_file's folder is the page's own: the names alone are the links.
        bib, ris = f"{unit.id}.bib", f"{unit.id}.ris"
        permalink = self.shown_url(unit.permalink_path)
        href = self.absolute(unit.permalink_path) or relative_url(
            unit.permalink_path, unit.directory
        )
        teachers = ""
        if self.teachers_url is not None:
            teachers_href = relative_url(self.teachers_url, unit.directory)
            teachers = f' Meer over linken en citeren: <a href="{teachers_href}">voor docenten</a>.'
        return (
            '\n<details class="quote handreiking-citeer" id="citeer-deze-pagina" '
            "data-search-exclude>\n"
            "<summary>Citeer deze pagina</summary>\n"
            f"<p>Zo verwijs je in APA-stijl naar {_WHAT[unit.kind]}:</p>\n"
            f'<p class="handreiking-citeer__apa">{apa}</p>\n'
            f'<p>Permanent adres: <a href="{html_mod.escape(href, quote=True)}">'
            f"<code>{html_mod.escape(permalink)}</code></a>. Dit adres blijft werken, ook als "
            f"de pagina verhuist.{teachers}</p>\n"
            f'<p>Voor je literatuurbeheer: <a href="{bib}" download>BibTeX (.bib)</a> · '
            f'<a href="{ris}" download>RIS (.ris)</a>, voor bijvoorbeeld Zotero, EndNote '
            "of Mendeley.</p>\n"
            "</details>\n"
        )

    def _cartridge_html(self, unit: LinkUnit) -> str:
        edition = self._edition(unit.edition)
        if edition is None or not edition.published or self.site_url is None:
            return ""
        target = cartridge_mod.cartridge_path(edition.id)
        href = relative_url(target, unit.directory).rstrip("/")
        more = ""
        if self.teachers_url is not None:
            teachers_href = relative_url(self.teachers_url, unit.directory)
            more = f' Hoe je die importeert, lees je <a href="{teachers_href}">voor docenten</a>.'
        return (
            '\n<p class="handreiking-cartridge" data-search-exclude>'
            f'<strong>Voor docenten:</strong> <a href="{href}" download>deze editie als '
            "Common Cartridge (.imscc)</a>, met een link naar elk hoofdstuk, elke bouwsteen, "
            "de citaten, de literatuurlijst en de PDF, "
            f"om in je leeromgeving te importeren.{more}</p>\n"
        )

    # -- after the build -----------------------------------------------------

    def post_build(self, site_dir: Path) -> None:
        """Write permanent addresses, moved pages, citation files, cartridges, catalog."""
        self._made = set()
        self.written, self._written = [], set()
        self._cartridges = None
        self._redirects = {}
        self._write_id_pages(site_dir)
        self._write_moves(site_dir)
        self.published, problems = addresses_mod.check_record(
            self.publication, self.record, self._page_src_uris, self.moves, self.use_directory_urls
        )
        for problem in problems:
            log.warning(str(problem))
        self._write_citation_files(site_dir)
        if self.site_url is None:
            log.info(
                "Geen catalogus en geen cartridges: die hebben absolute adressen nodig; "
                "zet site_url in mkdocs.yml"
            )
            return
        cartridges = self._write_cartridges(site_dir)
        self._cartridges = cartridges
        self._write_catalog(site_dir, cartridges)

    def write_catalog_again(self, site_dir: Path) -> None:
        """Write the catalog again, as :meth:`post_build` did, from the units and the
        publication as they are now: the preview's rebuild after an edit of the data
        (quotes, theory boxes), which the catalog lists, when nothing else it wrote
        can change. Nothing when the last :meth:`post_build` wrote no catalog."""
        if self._cartridges is not None:
            self._write_catalog(site_dir, self._cartridges)

    def forget_catalog_pieces(self) -> None:
        """Let go of the catalog's pieces kept for :meth:`write_catalog_again` (megabytes
        of indented JSON at a 10x build): a build writes its catalog once, and holds them
        through the gate and the page cache's save for nothing."""
        self._pieces = {}
        _INDENTED.clear()

    def save_record(self) -> None:
        """Add what this build published to the address record (after it succeeded)."""
        if self.published is not None:
            addresses_mod.add_to_record(self.publication.root, self.published)
            self.published = None

    def _write(self, site_dir: Path, path: str, content: str | bytes) -> None:
        self.written.append(path)  # for the publication gate: every file accounted for
        self._written.add(path)
        # As MkDocs writes its pages: the preview leaves a file whose bytes did not
        # change; a build makes each folder once, not once per file.
        data = content if isinstance(content, bytes) else content.encode("utf-8")
        write_site_file(data, os.path.join(site_dir, path), self._made)

    def _is_taken(self, dest: str) -> bool:
        """Whether a file of the build (MkDocs' or one we wrote), or a folder of its files,
        is at ``dest``."""
        return dest in self._taken or dest in self._written

    def _write_id_pages(self, site_dir: Path) -> None:
        for unit in self.units.values():
            path = f"{unit.permalink_path}index.html"
            if self._is_taken(path):
                log.warning(
                    f"{self.publication.shown_path(unit.src_uri)}: het permanente adres "
                    f"/{unit.permalink_path} is al bezet door een andere pagina; "
                    "verplaats die pagina uit docs/id/"
                )
                continue
            target = relative_url(unit.url, unit.permalink_path.rstrip("/"))
            self._write_redirect(site_dir, path, target, unit)

    def _write_redirect(self, site_dir: Path, path: str, target: str, unit: LinkUnit) -> None:
        """A page at ``path`` that leads to ``target``, the page of ``unit``, with the
        unit's title and description for previews; kept, to write again
        (:meth:`write_redirects_again`)."""
        self._redirects.setdefault(unit.src_uri, []).append((path, target))
        head = self.share_tags(
            unit.title,
            self.descriptions.get(unit.src_uri) or unit.title,
            unit.url,
            _OG_TYPES[unit.kind],
        )
        self._write(
            site_dir, path, redirect_html(target, unit.title, self.absolute(unit.url), head)
        )

    def write_redirects_again(self, site_dir: Path, src_uris: Iterable[str]) -> None:
        """Write again the pages :meth:`post_build` wrote that lead to the pages
        ``src_uris`` (their ``/id/`` page, the old addresses of a move), as they are now:
        the preview's rebuild after an edit of the data that changed what those pages
        show of them (their description), and nothing else they show."""
        for src_uri in src_uris:
            unit = self.units.get(src_uri)
            redirects = self._redirects.pop(src_uri, [])
            if unit is None:
                continue
            for path, target in redirects:
                self._write_redirect(site_dir, path, target, unit)

    def _resolve_move(self, move: Move) -> LinkUnit | None:
        if move.naar.endswith(".md"):
            return self.units.get(move.naar)
        return next((u for u in self.units.values() if u.id == move.naar), None)

    def _write_moves(self, site_dir: Path) -> None:
        destinations: dict[str, str] | None = None
        for move in self.moves:
            if not self.publication.in_selection(move.van or move.naar):
                continue  # one edition alone: moves in another edition are not ours
            if destinations is None:  # once, not per move
                destinations = {u.id: src for src, u in self.units.items()} | {
                    src: src for src in self.units
                }
            if move.old_id is not None and self.publication.only and move.naar not in destinations:
                continue  # an old id that leads into another edition
            problem = move_problem(move, self.publication.docs_dir, destinations)
            if problem is not None:
                log.warning(str(problem))
                continue
            unit = self._resolve_move(move)
            assert unit is not None  # move_problem checked the destination
            old_dest, old_url = move.old_address(self.use_directory_urls)
            if self._is_taken(old_dest):
                log.warning(str(address_in_use(move, old_url)))
                continue
            target = relative_url(unit.url, posixpath.dirname(old_dest))
            self._write_redirect(site_dir, old_dest, target, unit)

    def _write_citation_files(self, site_dir: Path) -> None:
        for src_uri, unit in self.units.items():
            cited = self._citations.get(src_uri)
            if cited is None:
                continue
            self._write(site_dir, unit.citation_file("bib"), cited.bibtex)
            self._write(site_dir, unit.citation_file("ris"), cited.ris)

    def _in_reading_order(self, units: Iterable[LinkUnit]) -> list[LinkUnit]:
        order = self._order
        if order is None:
            order = self._order = {src: i for i, src in enumerate(self.nav_order)}
        return sorted(units, key=lambda u: (order.get(u.src_uri, len(order)), u.src_uri))

    def _write_cartridges(self, site_dir: Path) -> dict[str, str]:
        written: dict[str, str] = {}
        by_edition: dict[str | None, list[LinkUnit]] = {}  # once, not per edition
        for unit in self.units.values():
            by_edition.setdefault(unit.edition, []).append(unit)
        all_boxes = [u for u in self.units.values() if u.kind == "bouwsteen"]
        pages = set(self._page_src_uris)
        for edition in self.publication.selected:
            if not edition.published:
                continue
            own = self._in_reading_order(by_edition.get(edition.id, []))
            used = {box for u in own for box in u.bouwstenen}
            boxes = self._in_reading_order(u for u in all_boxes if u.id in used)

            def link(u: LinkUnit) -> cartridge_mod.WebLink:
                return cartridge_mod.WebLink(u.id, u.title, self.shown_url(u.permalink_path))

            groups = [cartridge_mod.Group("hoofdstukken", "Hoofdstukken", tuple(map(link, own)))]
            if boxes:
                groups.append(
                    cartridge_mod.Group("bouwstenen", "Bouwstenen", tuple(map(link, boxes)))
                )
            # Ids with an underscore: no page id has one, so none can clash.
            extra = []
            if edition.quotes_src_uri in pages:
                url = self.shown_url(self._page_url(edition.quotes_src_uri))
                extra.append(cartridge_mod.WebLink("editie_citaten", "Citaten", url))
            if edition.literature_src_uri in pages:
                url = self.shown_url(self._page_url(edition.literature_src_uri))
                extra.append(cartridge_mod.WebLink("editie_literatuur", "Literatuurlijst", url))
            if (site_dir / edition.pdf_src_uri).is_file():  # written by the PDF step
                url = self.shown_url(edition.pdf_src_uri)
                extra.append(cartridge_mod.WebLink("editie_pdf", "De hele editie als PDF", url))
            if extra:
                groups.append(
                    cartridge_mod.Group("editie", "Citaten, literatuur en PDF", tuple(extra))
                )
            book, _ = self._book_of(edition)
            title = f"{edition.titel} (editie {edition.name})"
            path = cartridge_mod.cartridge_path(edition.id)
            self._write(
                site_dir,
                path,
                cartridge_mod.cartridge_bytes(
                    book_name(edition.id), title, book, groups, self.licence
                ),
            )
            written[edition.id] = path
        return written

    def _catalog(self, site_dir: Path, cartridges: dict[str, str]) -> dict[str, Any]:
        def url(path: str) -> str:
            return self.absolute(path) or path

        def url_at(path: str, anchor: str) -> str:
            return self._absolute_at(path, anchor) or f"{path}#{anchor}"

        units = self._in_reading_order(self.units.values())
        editions = []
        for edition in self.publication.selected:
            start = self.units.get(f"{edition.id}/index.md")
            entry: dict[str, Any] = {
                "id": edition.id,
                "title": edition.titel,
                "name": edition.name,
                "status": edition.status,
                "url": url(start.url if start else f"{edition.id}/"),
            }
            if edition.ondertitel:
                entry["subtitle"] = edition.ondertitel
            if edition.jaar is not None:
                entry["year"] = edition.jaar
            if start is not None:
                entry["permalink"] = url(start.permalink_path)
            pdf = edition.pdf_src_uri  # written by the PDF step, when it ran
            if (site_dir / pdf).is_file():
                entry["pdf"] = url(pdf)
            if edition.id in cartridges:
                entry["cartridge"] = url(cartridges[edition.id])
            editions.append(entry)
        chapters: list[dict[str, Any] | _Indented] = []
        for unit in units:
            if unit.kind != "hoofdstuk" or unit.edition is None:
                continue
            made_of: tuple[Any, ...] = (unit, self.site_url)
            kept = self._kept_piece(unit.src_uri, made_of)
            if kept is not None:
                chapters.append(kept)
                continue
            chapter: dict[str, Any] = {
                "id": unit.id,
                "edition": unit.edition,
                "title": unit.title,
                "url": url(unit.url),
                "permalink": url(unit.permalink_path),
            }
            if isinstance(unit.summary, str) and unit.summary.strip():
                chapter["summary"] = unit.summary.strip()
            chapter["themes"] = unit.themes
            chapter["sections"] = [
                {
                    "anchor": s.anchor,
                    "title": s.title,
                    "level": s.level,
                    "url": url_at(unit.url, s.anchor),
                    "permalink": url_at(unit.permalink_path, s.anchor),
                }
                for s in unit.sections
            ]
            chapter["theory_boxes"] = list(dict.fromkeys(unit.bouwstenen))
            chapter["quotes"] = list(dict.fromkeys(unit.quotes))
            chapters.append(self._keep_piece(unit.src_uri, made_of, chapter))
        # Who uses what, indexed once (not every unit searched per quote and box).
        box_users: dict[str, list[LinkUnit]] = {}
        quote_users: dict[str, list[LinkUnit]] = {}
        for unit in units:
            for box_id in dict.fromkeys(unit.bouwstenen):
                box_users.setdefault(box_id, []).append(unit)
            for quote_id in dict.fromkeys(unit.quotes):
                quote_users.setdefault(quote_id, []).append(unit)
        boxes: list[dict[str, Any] | _Indented] = []
        for unit in units:
            if unit.kind != "bouwsteen":
                continue
            box = self.publication.bouwstenen.get(unit.id)
            sources = list(box.bronnen) if box is not None else []
            used_in = [u.id for u in box_users.get(unit.id, [])]
            made_of = (unit, self.site_url, sources, used_in)
            kept = self._kept_piece(unit.src_uri, made_of)
            if kept is not None:
                boxes.append(kept)
                continue
            entry = {
                "id": unit.id,
                "title": unit.title,
                "url": url(unit.url),
                "permalink": url(unit.permalink_path),
                "themes": unit.themes,
                "sources": sources,
                "used_in": used_in,
            }
            boxes.append(self._keep_piece(unit.src_uri, made_of, entry))
        quotes: list[dict[str, Any] | _Indented] = []
        # A quote is listed where this build shows it: in the overview of its edition
        # when that is published (``published_editions``), else on the first chapter
        # that places it; a quote shown nowhere is not listed.
        published = {e.id: e for e in self.publication.published_editions}
        for quote in self.publication.quotes.published():
            home = published.get(quote.edition)
            users = quote_users.get(quote.id, [])
            if home is not None:
                where = self._page_url(home.quotes_src_uri)
            elif users:
                where = users[0].url
            else:
                continue
            quotes.append(self._quote_entry(quote, where, [u.id for u in users], url_at))
        catalog: dict[str, Any] = {
            "$schema": url(catalog_mod.SCHEMA_FILE),
            "title": self.site_name,
            "url": url(""),
            "language": "nl",
            "licence": self._licence_entry(),
            "editions": editions,
            "chapters": chapters,
            "theory_boxes": boxes,
            "quotes": quotes,
        }
        organisations = self._organisations(url_at)
        if organisations:
            catalog["organisations"] = organisations
        return catalog

    def _quote_entry(
        self, quote: Quote, where: str, used_in: list[str], url_at: Callable[[str, str], str]
    ) -> _Indented:
        """The catalog's entry of ``quote``, shown on the page at ``where`` and placed by
        the units ``used_in``: kept as last written when made of the same (the very same
        quote, which is frozen; the preview keeps the quotes of the files it did not
        read again)."""
        made_of: tuple[Any, ...] = (quote, self.site_url, where, used_in)
        key = f"\0citaat\0{quote.id}"  # beside the units' src_uri, never one
        kept = self._kept_piece(key, made_of)
        if kept is not None:
            return kept
        entry: dict[str, Any] = {
            "id": quote.id,
            "edition": quote.edition,
            "role": quote.rol,
            "themes": list(quote.thema),
            "text": quote.tekst,
            "url": url_at(where, quote.id),
            "used_in": used_in,
        }
        if quote.bijeenkomst is not None:
            entry["meeting"] = quote.bijeenkomst
        return self._keep_piece(key, made_of, entry)

    def _kept_piece(self, src_uri: str, made_of: tuple[Any, ...]) -> _Indented | None:
        """The catalog's entry of the unit ``src_uri`` as last written, when it was made
        of the same: the very same unit (a unit is never changed once made; the preview
        keeps the units of the pages it did not convert again) and equal other parts."""
        kept = self._pieces.get(src_uri)
        if kept is None or kept[0][0] is not made_of[0] or kept[0][1:] != made_of[1:]:
            return None
        return kept[1]

    def _keep_piece(
        self, src_uri: str, made_of: tuple[Any, ...], entry: dict[str, Any]
    ) -> _Indented:
        """``entry`` indented as the catalog writes it, kept with what it was made of."""
        piece = _Indented(_indented(entry, _PIECE_DEPTH), _PIECE_DEPTH)
        self._pieces[src_uri] = (made_of, piece)
        return piece

    def _organisations(self, url_at: Callable[[str, str], str]) -> list[dict[str, Any]]:
        """Every organisation on the sociale kaart of an edition of this build, at its
        anchor on the edition's page."""
        out: list[dict[str, Any]] = []
        kaart = self.publication.sociale_kaart
        for edition in self.publication.kaart_editions:
            page = self._page_url(edition.kaart_src_uri)
            for organisatie in kaart.of(edition.id):
                entry: dict[str, Any] = {
                    "id": organisatie.id,
                    "edition": edition.id,
                    "name": organisatie.naam,
                    "description": organisatie.omschrijving,
                }
                if organisatie.website:
                    entry["website"] = organisatie.website
                for key, values in (
                    ("themes", organisatie.thema),
                    ("target_groups", organisatie.doelgroep),
                    ("neighbourhoods", organisatie.wijk),
                ):
                    if values:
                        entry[key] = list(values)
                entry["checked"] = organisatie.gecontroleerd.iso
                entry["checked_by"] = organisatie.gecontroleerd_door
                entry["url"] = url_at(page, organisatie.id)
                out.append(entry)
        return out

    def _licence_entry(self) -> dict[str, str]:
        entry = {"text": self.licence.text}
        if self.licence.spdx is not None:
            entry["spdx"] = self.licence.spdx
        if self.licence.url is not None:
            entry["url"] = self.licence.url
        return entry

    def _page_url(self, src_uri: str) -> str:
        url = self._page_urls.get(src_uri)
        if url is None:  # the same few overview pages, once per quote
            url = self._page_urls[src_uri] = File(src_uri, None, "", self.use_directory_urls).url
        return url

    def _write_catalog(self, site_dir: Path, cartridges: dict[str, str]) -> None:
        schema = dict(catalog_mod.SCHEMA)
        schema["$id"] = self.absolute(catalog_mod.SCHEMA_FILE)
        catalog = self._catalog(site_dir, cartridges)
        for path, data in ((catalog_mod.SCHEMA_FILE, schema), (catalog_mod.CATALOG_FILE, catalog)):
            self._write(site_dir, path, _indented_json(data))


#: Pieces of JSON written with indents, by their compact form (see :func:`_indented_json`).
_INDENTED: dict[str, str] = {}
#: The lists and objects this many levels deep are the pieces: the catalog's editions,
#: chapters and theory boxes, each.
_PIECE_DEPTH = 2
#: At most this many pieces are kept.
_MOST_PIECES = 20_000


class _Indented:
    """A piece of the catalog already indented as :func:`_indented` indents it at its
    depth: the preview's catalog keeps the pieces of the units it did not convert again."""

    __slots__ = ("depth", "text")

    def __init__(self, text: str, depth: int) -> None:
        self.text, self.depth = text, depth

    def at(self, depth: int) -> str:
        """The piece as it stands ``depth`` lists and objects deep."""
        if depth == self.depth:
            return self.text
        # every line after the first has the indent of its depth at least
        top = self.text.replace("\n" + "  " * self.depth, "\n")
        return top.replace("\n", "\n" + "  " * depth) if depth else top


def _indented_json(data: Any) -> str:
    """``data`` as JSON with an indent of 2, as the catalog is written: exactly as
    ``json.dumps(data, ensure_ascii=False, indent=2)``, and a newline.

    Indenting is the json module's Python encoder, ten times slower than its compact
    one; the preview writes the catalog again after most edits of the data, most of it
    as it was. So the outer lists and objects are indented item by item, and each piece
    inside them is kept by its compact text (the same compact text is the same data):
    the catalog after an edit of one quote indents that quote's edition again, not the
    rest.
    """
    return _indented(data, 0) + "\n"


def _indented(value: Any, depth: int) -> str:
    """``value`` as it stands ``depth`` lists and objects deep: as at the top level, with
    every line after its first indented two spaces more per level (strings in JSON hold
    no line breaks). Each line is indented once, where it is made: a kept piece
    (:class:`_Indented`) is not indented again on the way up, as a whole catalog."""
    if type(value) is _Indented:
        return value.at(depth)
    items: Iterable[tuple[str | None, Any]] | None = None
    if depth < _PIECE_DEPTH and value:
        if isinstance(value, dict) and all(isinstance(key, str) for key in value):
            items = value.items()
        elif isinstance(value, list | tuple):
            items = ((None, item) for item in value)
    if items is None:
        compact = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        text = _INDENTED.get(compact)
        if text is None:
            if len(_INDENTED) >= _MOST_PIECES:
                _INDENTED.clear()
            text = _INDENTED[compact] = json.dumps(value, ensure_ascii=False, indent=2)
        return text.replace("\n", "\n" + "  " * depth) if depth else text
    inner = "\n" + "  " * (depth + 1)
    parts = []
    for key, item in items:
        piece = _indented(item, depth + 1)
        parts.append(piece if key is None else f"{json.dumps(key, ensure_ascii=False)}: {piece}")
    opening, closing = ("{", "}") if isinstance(value, dict) else ("[", "]")
    return opening + inner + ("," + inner).join(parts) + "\n" + "  " * depth + closing
