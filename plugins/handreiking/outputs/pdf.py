"""A printed book per edition: one PDF, made with WeasyPrint from the rendered chapters.

The book holds exactly what the site shows: each chapter's rendered HTML (quotes,
theory boxes, citations, the literature list), in the order of the site's navigation.
Around it come a cover, a colophon and a table of contents ("Inhoud") with page
numbers. Links between chapters become links inside the PDF; every other link points
at the published site. The book is one document: a group author's abbreviation, which
each web page introduces at its own first citation, is introduced only in the first
chapter that cites the group (APA 7, 8.21; ``markdown.citations.introduce_once``).

The same sources give the same bytes: the only date in the file comes from
``SOURCE_DATE_EPOCH`` (none when it is not set), the file identifier is a hash of the
content, and WeasyPrint names its font subsets by hash too.

``plugin/events.py`` announces the files in ``on_files`` (:func:`planned`, so pages can link to
them) and writes them from ``on_post_build`` (:func:`build_site_pdfs`).
"""

from __future__ import annotations

import html
import logging
import os
import posixpath
import re
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page

from handreiking.content.editions import (
    CHANGES_PAGE,
    QUOTES_PAGE,
    Edition,
    epub_src_uri,
    pdf_src_uri,
)
from handreiking.content.licence import Licence
from handreiking.errors import SourceProblem
from handreiking.markdown.citations import introduce_once

log = logging.getLogger("mkdocs.plugins.handreiking")

TEMPLATES = Path(__file__).parents[1] / "templates" / "pdf"
STYLESHEET = Path(__file__).parents[1] / "assets" / "pdf" / "boek.css"

#: Pages of an edition that are not chapters of its book: the start page is the cover
#: and colophon; the quote overview repeats what the chapters already show; the list of
#: changes belongs to the website, not to a printed edition.
NOT_CHAPTERS = ("index.md", QUOTES_PAGE, CHANGES_PAGE)

#: Attributes whose value is a list of ids (ARIA references).
#: The class of what only the web has and the book leaves out (with all inside it).
WEB_ONLY = "alleen-web"
ID_LIST_ATTRIBUTES = ("aria-labelledby", "aria-describedby", "aria-controls", "aria-owns")


def pdf_uri(edition_id: str) -> str:
    """Where the PDF lives in the built site: ``<editie>/handreiking-<editie>.pdf``."""
    return pdf_src_uri(edition_id)


def planned(editions: Iterable[Edition]) -> list[str]:
    """The PDFs this build makes: one per published edition, as paths in the site."""
    return [pdf_uri(edition.id) for edition in editions if edition.published]


# -- the book's content ------------------------------------------------------


@dataclass
class Chapter:
    """One chapter of the book: a rendered page of the edition."""

    src_uri: str
    url: str
    title: str
    content: str
    anchor: str = ""
    html: str = ""


@dataclass
class Book:
    """Everything that goes into one edition's PDF."""

    edition: Edition
    chapters: list[Chapter]
    site_name: str
    site_url: str | None
    author: str
    colophon: str = ""
    date: str | None = None
    anchors: dict[str, str] = field(default_factory=dict)
    #: the content's licence, said in the colophon (or that none is chosen)
    licence: Licence = field(default_factory=Licence)

    @property
    def title(self) -> str:
        """The title in the PDF's metadata: the edition's title and subtitle."""
        if self.edition.ondertitel:
            return f"{self.edition.titel}. {self.edition.ondertitel}"
        return self.edition.titel

    @property
    def subject(self) -> str:
        """The subject in the PDF's metadata: which guide, which edition."""
        details = [d for d in (self.edition.gebied, self.edition.jaar) if d]
        where = f" ({', '.join(str(d) for d in details)})" if details else ""
        return f"{self.site_name}: editie {self.edition.name}{where}"

    @property
    def web_address(self) -> str | None:
        """The edition's start page on the published site."""
        return f"{self.site_url}{self.edition.id}/" if self.site_url else None


def _anchor_for(src_uri: str) -> str:
    """A chapter's anchor in the book: ``zuidoost/inleiding.md`` → ``h-inleiding``."""
    stem = posixpath.basename(src_uri).removesuffix(".md")
    return "h-" + re.sub(r"[^A-Za-z0-9_-]", "-", stem)


def _normal_url(path: str) -> str:
    """Page addresses compared the same way with and without ``use_directory_urls``."""
    if path.endswith("index.html"):
        path = path[: -len("index.html")]
    return path.lstrip("/")


class _Rewriter(HTMLParser):
    """Copies a chapter's HTML, making ids unique in the book and links fit for a PDF.

    - ``id="x"`` becomes ``id="<chapter>--x"`` (every page has its own ``#inleiding``);
    - a link to a page in the book becomes a link to its anchor in the PDF;
    - any other link into the site becomes an absolute link to the published site;
    - images are read from the built site;
    - the headings' permalinks (the pilcrow) and whatever has the class ``alleen-web``
      (a reference shown beside its citation on hover) are dropped: they mean nothing on
      paper.
    """

    def __init__(
        self,
        page_url: str,
        prefix: str,
        anchors: Mapping[str, str],
        site_url: str | None,
        site_dir: Path,
    ) -> None:
        super().__init__(convert_charrefs=False)
        self.base = (
            page_url
            if page_url.endswith("/") or not page_url
            else posixpath.dirname(page_url) + "/"
        )
        self.page_url = _normal_url(page_url)
        self.prefix = prefix
        self.anchors = anchors
        self.site_url = site_url
        self.site_dir = site_dir
        self.out: list[str] = []
        self._skip = 0
        self._skip_tag = "a"
        #: ids of elements the book leaves out, which nothing in it may point at
        self.left_out: set[str] = set()

    # -- links ---------------------------------------------------------------

    def _local_id(self, fragment: str) -> str:
        return f"{self.prefix}--{fragment}"

    def link(self, href: str) -> str | None:
        """The link's new target, or None to leave the text without a link."""
        parts = urlsplit(href)
        if parts.scheme or parts.netloc:
            return href  # web, mail, phone: as they are
        if not parts.path:
            return f"#{self._local_id(parts.fragment)}" if parts.fragment else None
        target = _normal_url(posixpath.normpath(posixpath.join(self.base, parts.path)))
        if parts.path.endswith("/") and not target.endswith("/"):
            target += "/"
        if target == ".":
            target = ""
        chapter = self.anchors.get(target)
        if chapter is not None:
            return f"#{chapter}--{parts.fragment}" if parts.fragment else f"#{chapter}"
        if self.site_url is None:
            return None
        return self.site_url + target + (f"#{parts.fragment}" if parts.fragment else "")

    def image(self, src: str) -> str:
        parts = urlsplit(src)
        if parts.scheme or parts.netloc:
            return src
        path = posixpath.normpath(posixpath.join(self.base, parts.path))
        return (self.site_dir / path).resolve().as_uri()

    def _attributes(self, tag: str, attrs: list[tuple[str, str | None]]) -> str:
        out: list[str] = []
        for name, value in attrs:
            if value is None:
                out.append(f" {name}")
                continue
            if name == "id":
                value = self._local_id(value)
            elif name in ID_LIST_ATTRIBUTES:
                kept = [v for v in value.split() if v not in self.left_out]
                if not kept:
                    continue
                value = " ".join(self._local_id(v) for v in kept)
            elif name == "href" and tag == "a":
                new = self.link(value)
                if new is None:
                    continue
                value = new
            elif name == "src":
                value = self.image(value)
            elif name == "srcset":
                continue
            out.append(f' {name}="{html.escape(value, quote=True)}"')
        return "".join(out)

    # -- HTMLParser ----------------------------------------------------------

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._skip:
            self._skip += tag == self._skip_tag
            return
        classes = (dict(attrs).get("class") or "").split()
        if (tag == "a" and "headerlink" in classes) or WEB_ONLY in classes:
            self._skip, self._skip_tag = 1, tag
            return
        self.out.append(f"<{tag}{self._attributes(tag, attrs)}>")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if not self._skip:
            self.out.append(f"<{tag}{self._attributes(tag, attrs)} />")

    def handle_endtag(self, tag: str) -> None:
        if self._skip:
            self._skip -= tag == self._skip_tag
            return
        self.out.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.out.append(data)

    def handle_entityref(self, name: str) -> None:
        if not self._skip:
            self.out.append(f"&{name};")

    def handle_charref(self, name: str) -> None:
        if not self._skip:
            self.out.append(f"&#{name};")

    def handle_comment(self, data: str) -> None:
        pass  # comments have no place in the book

    def handle_decl(self, decl: str) -> None:
        pass

    def unknown_decl(self, data: str) -> None:
        pass


def rewrite_html(
    content: str,
    *,
    page_url: str,
    prefix: str,
    anchors: Mapping[str, str],
    site_url: str | None,
    site_dir: Path,
) -> str:
    """A page's rendered HTML made fit for the book (see :class:`_Rewriter`)."""
    rewriter = _Rewriter(page_url, prefix, anchors, site_url, site_dir)
    # ids inside what the book leaves out: references to them (aria-describedby) go too
    for tag in _WEB_ONLY_TAG.findall(content):
        rewriter.left_out.update(_ID.findall(tag))
    rewriter.feed(content)
    rewriter.close()
    return "".join(rewriter.out)


_WEB_ONLY_TAG = re.compile(rf"<[a-z][^>]*\b{WEB_ONLY}\b[^>]*>", re.I)
_ID = re.compile(r'\bid="([^"]+)"')
_H2 = re.compile(r"<h2\b[^>]*>", re.I)
_COLOFON = re.compile(r'<h2\b[^>]*\bid="colofon"[^>]*>.*?</h2>', re.I | re.S)


def colophon_section(start_page_html: str) -> str:
    """The body of the start page's "Colofon" section (``## Colofon {#colofon}``), if any."""
    heading = _COLOFON.search(start_page_html)
    if heading is None:
        return ""
    rest = start_page_html[heading.end() :]
    following = _H2.search(rest)
    return (rest[: following.start()] if following else rest).strip()


def source_date() -> str | None:
    """The date the PDF carries: ``SOURCE_DATE_EPOCH`` as a W3C date, or none at all.

    A build time would make every build's bytes differ, so without the variable the
    PDF has no creation or modification date. (The plugin sets the variable from the
    last commit when nobody did; see ``plugin/reproducible.py``.)
    """
    value = os.environ.get("SOURCE_DATE_EPOCH")
    if not value:
        return None
    try:
        moment = datetime.fromtimestamp(int(value), UTC)
    except (ValueError, OverflowError, OSError):
        # A setting of the machine, not a mistake in the guide: said, and the book is
        # made as it would be without the variable.
        log.info(
            f"SOURCE_DATE_EPOCH='{value}' is geen tijdstip in seconden sinds 1970 "
            "(bijvoorbeeld 1451606400); de PDF krijgt geen datum"
        )
        return None
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


# -- rendering ---------------------------------------------------------------


@dataclass
class PageSource:
    """A rendered page of the site, as the book needs it."""

    src_uri: str
    url: str
    title: str
    content: str


def make_book(
    edition: Edition,
    pages: Iterable[PageSource],
    *,
    site_name: str,
    site_url: str | None,
    author: str,
    site_dir: Path,
    licence: Licence | None = None,
) -> Book:
    """Collect an edition's chapters, in the order given (the site's navigation)."""
    prefix = f"{edition.id}/"
    if site_url and not site_url.endswith("/"):
        site_url += "/"
    chapters: list[Chapter] = []
    start: PageSource | None = None
    for page in pages:
        if not page.src_uri.startswith(prefix) or "/" in page.src_uri[len(prefix) :]:
            continue
        name = page.src_uri[len(prefix) :]
        if name == "index.md":
            start = page
        if name in NOT_CHAPTERS:
            continue
        chapters.append(
            Chapter(page.src_uri, page.url, page.title, page.content, _anchor_for(page.src_uri))
        )
    anchors = {_normal_url(c.url): c.anchor for c in chapters}
    # the book is one document: a group author's abbreviation is introduced once in it
    contents = introduce_once(chapter.content for chapter in chapters)
    for chapter, content in zip(chapters, contents, strict=True):
        chapter.html = rewrite_html(
            content,
            page_url=chapter.url,
            prefix=chapter.anchor,
            anchors=anchors,
            site_url=site_url,
            site_dir=site_dir,
        )
    colophon = ""
    if start is not None:
        section = colophon_section(start.content)
        if section:
            colophon = rewrite_html(
                section,
                page_url=start.url,
                prefix="colofon",
                anchors=anchors,
                site_url=site_url,
                site_dir=site_dir,
            )
    return Book(
        edition=edition,
        chapters=chapters,
        site_name=site_name,
        site_url=site_url,
        author=author,
        colophon=colophon,
        date=source_date(),
        anchors=anchors,
        licence=licence if licence is not None else Licence(),
    )


def book_html(book: Book) -> str:
    """The whole book as one HTML document, from ``templates/pdf/boek.html``."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html"]),
        keep_trailing_newline=True,
    )
    template = env.get_template("boek.html")
    return template.render(
        book=book,
        edition=book.edition,
        chapters=[(c, Markup(c.html)) for c in book.chapters],
        colophon=Markup(book.colophon),
    )


_XMP_NS = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
}


def xmp_metadata(book: Book) -> bytes:
    """The book's XMP metadata packet: title, authors, language, subject and date.

    Readers' software and libraries' catalogues read XMP rather than the document
    information dictionary (which WeasyPrint writes from the HTML's ``<meta>``).
    """
    from xml.etree.ElementTree import Element, SubElement, register_namespace, tostring

    for prefix, uri in _XMP_NS.items():
        register_namespace(prefix, uri)

    def tag(prefix: str, name: str) -> str:
        return f"{{{_XMP_NS[prefix]}}}{name}"

    rdf = Element(tag("rdf", "RDF"))
    about = SubElement(rdf, tag("rdf", "Description"), {tag("rdf", "about"): ""})

    def items(prefix: str, name: str, kind: str, values: list[str], lang: bool = False) -> None:
        holder = SubElement(SubElement(about, tag(prefix, name)), tag("rdf", kind))
        for value in values:
            attrs = {"xml:lang": "x-default"} if lang else {}
            SubElement(holder, tag("rdf", "li"), attrs).text = value

    items("dc", "title", "Alt", [book.title], lang=True)
    if book.author:
        items("dc", "creator", "Seq", [book.author])
    items("dc", "language", "Bag", ["nl"])
    items("dc", "subject", "Bag", [book.subject])
    items("dc", "description", "Alt", [book.subject], lang=True)
    if book.date:
        SubElement(about, tag("xmp", "CreateDate")).text = book.date
        SubElement(about, tag("xmp", "ModifyDate")).text = book.date
    SubElement(about, tag("xmp", "CreatorTool")).text = "handreiking (MkDocs en WeasyPrint)"
    return (
        b'<?xpacket begin="\xef\xbb\xbf" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
        b'<x:xmpmeta xmlns:x="adobe:ns:meta/">'
        + tostring(rdf, encoding="utf-8", xml_declaration=False)
        + b'</x:xmpmeta>\n<?xpacket end="r"?>'
    )


def _with_xmp(packet: bytes) -> Callable[[Any, Any], None]:
    """A WeasyPrint finisher that puts ``packet`` in the PDF as its catalog's metadata."""

    def finish(_document: Any, pdf: Any) -> None:
        import pydyf

        stream = pydyf.Stream([packet], {"Type": "/Metadata", "Subtype": "/XML"})
        pdf.add_object(stream)
        pdf.catalog["Metadata"] = stream.reference

    return finish


def write_pdf(book: Book, target: Path, site_dir: Path) -> None:
    """Render the book with WeasyPrint into ``target``."""
    # Imported here: WeasyPrint loads Pango at import, which `mkdocs serve` never needs.
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.urls import URLFetcher

    # Only local files: a build never waits for, or depends on, the network.
    fetcher = URLFetcher(allowed_protocols={"file", "data"})
    fonts = FontConfiguration()
    document = HTML(
        string=book_html(book),
        base_url=site_dir.resolve().as_uri() + "/",
        url_fetcher=fetcher,
    )
    stylesheet = CSS(filename=str(STYLESHEET), font_config=fonts, url_fetcher=fetcher)
    target.parent.mkdir(parents=True, exist_ok=True)
    document.write_pdf(
        str(target),
        stylesheets=[stylesheet],
        font_config=fonts,
        # A hash of the content, not a random id: the same book gives the same bytes.
        pdf_identifier=True,
        pdf_tags=True,
        finisher=_with_xmp(xmp_metadata(book)),
    )


def build_pdfs(
    made: Iterable[Book],
    *,
    site_dir: Path,
    books: dict[str, str] | None = None,
) -> list[Path]:
    """Write the PDF of every book in ``made`` (see :func:`site_books`); return the files.

    ``books`` receives the HTML each PDF was printed from, by the PDF's path in the
    site: the text the publication gate reads.
    """
    written: list[Path] = []
    for book in made:
        edition = book.edition
        started = time.perf_counter()
        target = site_dir / pdf_uri(edition.id)
        if not book.chapters:
            target.unlink(missing_ok=True)  # the placeholder announced in on_files
            problem = SourceProblem(
                edition.path,
                None,
                f"editie '{edition.id}' is gepubliceerd maar heeft geen hoofdstukken in "
                f"docs/{edition.id}/ (zie 'hoofdstukken:' in docs/{edition.id}/index.md); "
                "er komt geen PDF",
            )
            log.warning(str(problem))
            continue
        write_pdf(book, target, site_dir)
        if books is not None:
            books[pdf_uri(edition.id)] = book_html(book)
        log.info(f"PDF van editie {edition.name}: {pdf_uri(edition.id)}")
        log_book_time("pdf", edition, time.perf_counter() - started)
        written.append(target)
    return written


#: How long each book took, at DEBUG. A child of the plugin's logger: it follows that
#: logger's level (``mkdocs build -v`` shows the lines) unless set on its own, and its
#: records skip the problem counter there (``plugin/reported.py``), which drops what
#: MkDocs' level hides before any handler sees it.
book_times_log = logging.getLogger("mkdocs.plugins.handreiking.books")


def log_book_time(kind: str, edition: Edition, seconds: float) -> None:
    """Log how long one edition's book (``kind``: ``"pdf"`` or ``"epub"``) took.

    The record carries the figure in ``handreiking_book`` as well, for a log handler
    that collects it (the benchmark's ``bench/timed_build.py``) without parsing text.
    """
    book_times_log.debug(
        f"{kind.upper()} van editie {edition.name} gemaakt in {seconds:.2f} s",
        extra={"handreiking_book": {"kind": kind, "edition": edition.id, "seconds": seconds}},
    )


#: The empty span a page holds where its link to an edition's PDF or EPUB gets the
#: file's size, which is known only once the file is written, after the pages.
SIZE_SPAN = '<span class="handreiking-pdf__grootte" data-{kind}-grootte="{edition}"></span>'


def size_label(size: int, kind: str = "PDF") -> str:
    """A file's size as a Dutch reader reads it: ``"PDF, 1,2 MB"``, ``"EPUB, 85 kB"``."""
    if size >= 1_000_000:
        return f"{kind}, {size / 1_000_000:.1f} MB".replace(".", ",")
    return f"{kind}, {max(1, round(size / 1000))} kB"


def fill_in_sizes(site_dir: Path, editions: Iterable[Edition]) -> None:
    """Write each written book's size (PDF, EPUB) into the links to it on the pages."""
    sizes = {}
    for edition in editions:
        if not edition.published:
            continue
        for kind, uri in (("pdf", pdf_uri(edition.id)), ("epub", epub_src_uri(edition.id))):
            target = site_dir / uri
            if target.is_file():
                span = SIZE_SPAN.format(kind=kind, edition=html.escape(edition.id, quote=True))
                label = size_label(target.stat().st_size, kind.upper())
                sizes[span] = span.replace("></span>", f"> ({label})</span>")
    if not sizes:
        return
    for page in site_dir.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        if "-grootte=" not in text:
            continue
        for empty, filled in sizes.items():
            text = text.replace(empty, filled)
        page.write_text(text, encoding="utf-8")


def site_books(
    editions: Iterable[Edition],
    pages: Iterable[Page],
    config: MkDocsConfig,
    licence: Licence | None = None,
) -> list[Book]:
    """Each published edition's book, made once from a finished MkDocs build (its pages,
    in navigation order): the PDF and the EPUB are both written from it."""
    sources = [
        PageSource(page.file.src_uri, page.url, page.title or "", page.content or "")
        for page in pages
        if page.content is not None
    ]
    try:
        return [
            make_book(
                edition,
                sources,
                site_name=config.site_name,
                site_url=config.site_url or None,
                author=config.site_author or "",
                site_dir=Path(config.site_dir),
                licence=licence,
            )
            for edition in editions
            if edition.published
        ]
    except (OSError, ValueError) as error:
        raise PluginError(f"de PDF kon niet worden gemaakt: {error}") from error


def build_site_pdfs(
    made: Iterable[Book], config: MkDocsConfig, books: dict[str, str] | None = None
) -> list[Path]:
    """:func:`build_pdfs` for a finished MkDocs build, from its :func:`site_books`."""
    try:
        return build_pdfs(made, site_dir=Path(config.site_dir), books=books)
    except (OSError, ValueError) as error:
        raise PluginError(f"de PDF kon niet worden gemaakt: {error}") from error
