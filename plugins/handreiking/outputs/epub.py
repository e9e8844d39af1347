"""The e-book per published edition: ``<editie>/handreiking-<editie>.epub``, EPUB 3.

The same book as the PDF (:func:`handreiking.outputs.pdf.make_book`: the edition's
chapters in the navigation's order, with their quotes, theory boxes and literature
list, web-only parts left out), one XHTML file per chapter, a cover page with the
title and the edition, a navigation document, Dutch metadata. EbookLib makes the
container; the same sources give the same bytes (``SOURCE_DATE_EPOCH`` is the only
date, and every file in the archive carries it).
"""

from __future__ import annotations

import html
import io
import logging
import re
import time
import uuid
import zipfile
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from handreiking.content.editions import Edition, epub_src_uri
from handreiking.outputs.pdf import Book, log_book_time

log = logging.getLogger("mkdocs.plugins.handreiking")

#: The e-book's own style: plain, so that readers' apps can set type and colours.
STYLESHEET = """\
body { font-family: serif; line-height: 1.45; }
h1, h2, h3 { font-family: sans-serif; line-height: 1.2; }
figure.citaat { margin: 1em 0; padding: 0.3em 0 0.3em 1em; border-left: 0.2em solid #3949ab; }
figure.citaat blockquote { margin: 0; font-style: italic; }
figure.citaat figcaption { font-size: 0.9em; }
aside.bouwsteen { margin: 1em 0; padding: 0.5em 0.8em; border: 1px solid #9fa8da; }
.bouwsteen-kop { font-family: sans-serif; font-weight: bold; }
li.literatuur-item { list-style: none; margin-left: -1.5em; padding-left: 1.5em;
  text-indent: -1.5em; }
.omslag { text-align: center; margin-top: 20%; }
.omslag .editie { font-size: 1.4em; margin-top: 1em; }
table { border-collapse: collapse; }
th, td { border: 1px solid #999; padding: 0.2em 0.4em; vertical-align: top; }
"""

#: Attributes a chapter of the site may carry that mean nothing in an e-book.
_DROPPED = re.compile(r'\s(?:download|data-search-exclude)(?:="[^"]*")?(?=[\s>/])')
_FIXED_TIME = (2016, 1, 1, 0, 0, 0)  # without SOURCE_DATE_EPOCH: a fixed moment


def epub_uri(edition_id: str) -> str:
    """Where an edition's e-book goes in the site."""
    return epub_src_uri(edition_id)


def planned(editions: Iterable[Edition]) -> list[str]:
    """The e-books this build makes: one per published edition, as paths in the site."""
    return [epub_uri(edition.id) for edition in editions if edition.published]


def _moment(book: Book) -> datetime:
    if book.date:
        return datetime.strptime(book.date, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    return datetime(*_FIXED_TIME, tzinfo=UTC)


def _chapter_xhtml(book: Book, text: str) -> str:
    """A chapter's HTML from the book, with links into other chapters pointing at files."""
    files = {chapter.anchor: f"{chapter.anchor}.xhtml" for chapter in book.chapters}

    def relink(match: re.Match[str]) -> str:
        anchor = match.group(1)
        chapter = anchor.split("--", 1)[0]
        if chapter not in files:
            return match.group(0)
        target = files[chapter] if chapter == anchor else f"{files[chapter]}#{anchor}"
        return f'href="{target}"'

    text = re.sub(r'href="#([^"]+)"', relink, text)
    return _DROPPED.sub("", text)


def _cover(book: Book) -> str:
    edition = book.edition
    lines = [f'<h1 class="titel">{html.escape(edition.titel)}</h1>']
    if edition.ondertitel:
        lines.append(f'<p class="ondertitel">{html.escape(edition.ondertitel)}</p>')
    lines.append(f'<p class="editie">Editie {html.escape(edition.name)}</p>')
    if edition.jaar:
        lines.append(f'<p class="jaar">{edition.jaar}</p>')
    if book.author:
        lines.append(f'<p class="uitgever">{html.escape(book.author)}</p>')
    return '<section class="omslag" epub:type="cover">' + "".join(lines) + "</section>"


def _cover_image(book: Book) -> bytes:
    """A plain cover picture (SVG) with the title and the edition, for readers' shelves."""
    edition = book.edition

    def text(y: int, size: int, value: str, weight: str = "normal") -> str:
        return (
            f'<text x="300" y="{y}" font-size="{size}" font-weight="{weight}" '
            f'text-anchor="middle" font-family="sans-serif" fill="#ffffff">'
            f"{html.escape(value)}</text>"
        )

    words = edition.titel.split()
    title_lines, line = [], ""
    for word in words:  # a few lines of at most some 24 characters
        if line and len(line) + 1 + len(word) > 24:
            title_lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    if line:
        title_lines.append(line)
    parts = [text(220 + 50 * n, 38, part, "bold") for n, part in enumerate(title_lines)]
    below = 220 + 50 * len(title_lines) + 60
    parts.append(text(below, 44, f"Editie {edition.name}", "bold"))
    if edition.jaar:
        parts.append(text(below + 60, 28, str(edition.jaar)))
    if book.author:
        parts.append(text(860, 20, book.author))
    label = html.escape(f"{edition.titel}, editie {edition.name}")
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<svg xmlns="http://www.w3.org/2000/svg" width="600" height="900" '
        f'viewBox="0 0 600 900" role="img" aria-label="{label}">'
        f"<title>{label}</title>"
        '<rect width="600" height="900" fill="#283593"/>' + "".join(parts) + "</svg>"
    ).encode("utf-8")


def write_epub(book: Book, target: Path) -> None:
    """Write ``book`` as an EPUB 3 file to ``target``, the same bytes for the same book."""
    from ebooklib import epub

    edition = book.edition
    moment = _moment(book)
    ebook = epub.EpubBook()
    # A stable identifier: from the edition's address, never random.
    address = f"{book.site_url or 'urn:handreiking:'}{edition.id}/"
    ebook.set_identifier(f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, address)}")
    ebook.set_title(book.title)
    ebook.set_language("nl")
    if book.author:
        ebook.add_author(book.author)
        ebook.add_metadata("DC", "publisher", book.author)
    ebook.add_metadata("DC", "subject", book.subject)
    ebook.add_metadata("DC", "description", book.subject)
    ebook.add_metadata("DC", "date", moment.strftime("%Y-%m-%dT%H:%M:%SZ"))

    style = epub.EpubItem(
        uid="stijl", file_name="stijl.css", media_type="text/css", content=STYLESHEET
    )
    ebook.add_item(style)
    image = epub.EpubItem(
        uid="omslagbeeld",
        file_name="omslag.svg",
        media_type="image/svg+xml",
        content=_cover_image(book),
    )
    image.properties = ["cover-image"]  # type: ignore[attr-defined]
    ebook.add_item(image)
    ebook.add_metadata(None, "meta", "", {"name": "cover", "content": "omslagbeeld"})

    cover = epub.EpubHtml(uid="omslag", title="Omslag", file_name="omslag.xhtml", lang="nl")
    cover.content = _cover(book)
    cover.add_item(style)
    ebook.add_item(cover)

    pages = []
    for chapter in book.chapters:
        page = epub.EpubHtml(
            uid=chapter.anchor,
            title=chapter.title,
            file_name=f"{chapter.anchor}.xhtml",
            lang="nl",
        )
        page.content = (
            f'<section id="{chapter.anchor}" epub:type="chapter">'
            f"{_chapter_xhtml(book, chapter.html)}</section>"
        )
        page.add_item(style)
        ebook.add_item(page)
        pages.append(page)
    if book.colophon:
        colophon = epub.EpubHtml(
            uid="colofon", title="Colofon", file_name="colofon.xhtml", lang="nl"
        )
        colophon.content = (
            f"<section><h1>Colofon</h1>{_chapter_xhtml(book, book.colophon)}</section>"
        )
        colophon.add_item(style)
        ebook.add_item(colophon)
        pages.append(colophon)

    ebook.toc = [epub.Link(p.file_name, p.title, p.id) for p in pages]
    ebook.add_item(epub.EpubNcx())
    nav = epub.EpubNav(uid="nav", file_name="nav.xhtml", title="Inhoud")
    nav.add_item(style)
    ebook.add_item(nav)
    ebook.spine = [cover, "nav", *pages]

    raw = io.BytesIO()
    epub.write_epub(raw, ebook, {"mtime": moment, "epub3_landmark": True})
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(_with_fixed_times(raw.getvalue(), moment))


def _with_fixed_times(archive: bytes, moment: datetime) -> bytes:
    """The archive again, every member dated ``moment`` (zip stores the time of writing):
    the mimetype first and stored, as EPUB requires; the rest as it was compressed."""
    stamp = max(moment.timetuple()[:6], (1980, 1, 1, 0, 0, 0))
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(archive)) as source, zipfile.ZipFile(out, "w") as copy:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=stamp)  # type: ignore[arg-type]
            fixed.compress_type = info.compress_type
            fixed.external_attr = 0o644 << 16
            copy.writestr(fixed, source.read(info.filename))
    return out.getvalue()


def build_epubs(
    made: Iterable[Book],
    *,
    site_dir: Path,
    books: dict[str, str] | None = None,
) -> list[Path]:
    """Write the e-book of every book in ``made`` (the PDF's, see
    :func:`~handreiking.outputs.pdf.site_books`); return the files.

    ``books`` receives, by the e-book's path in the site, the HTML of its chapters: the
    text the publication gate reads (it reads the archive itself as well).
    """
    written: list[Path] = []
    for book in made:
        edition = book.edition
        started = time.perf_counter()
        target = site_dir / epub_uri(edition.id)
        if not book.chapters:
            target.unlink(missing_ok=True)  # the placeholder announced in on_files
            continue
        write_epub(book, target)
        if books is not None:
            books[epub_uri(edition.id)] = "\n".join(c.html for c in book.chapters)
        log.info(f"E-boek van editie {edition.name}: {epub_uri(edition.id)}")
        log_book_time("epub", edition, time.perf_counter() - started)
        written.append(target)
    return written


def build_site_epubs(
    made: Iterable[Book], config: MkDocsConfig, books: dict[str, str] | None = None
) -> list[Path]:
    """:func:`build_epubs` for a finished MkDocs build, from the books its PDFs were
    written from."""
    try:
        return build_epubs(made, site_dir=Path(config.site_dir), books=books)
    except (OSError, ValueError) as error:
        raise PluginError(f"het e-boek (EPUB) kon niet worden gemaakt: {error}") from error
