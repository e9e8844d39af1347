"""The printed book per edition: a PDF made with WeasyPrint by ``handreiking build``.

One build of the real site (with PDF) and two builds of the small ``pdf`` site (two
copies in different folders, for identical bytes), each shared by the whole module.
"""

from __future__ import annotations

import html
import os
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, Built, build, copy_site, run_cli, run_command
from handreiking.content.editions import load_edition
from handreiking.plugin.events import HandreikingPlugin
from handreiking.plugin.reproducible import source_date_epoch
from pypdf import PdfReader

EPOCH = "1577836800"  # 2020-01-01T00:00:00Z
SITE_URL = "https://handreiking.example.org/"


def _build_with_pdf(
    project: Path, site: Path, *, epoch: str | None, new_process: bool = False
) -> Built:
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    if epoch is not None:
        env["SOURCE_DATE_EPOCH"] = epoch
    run = run_command if new_process else run_cli
    result = run("build", "-d", str(site), cwd=project, env=env)
    return Built(result.returncode, result.stdout, result.stderr, site)


@pytest.fixture(scope="module")
def real(tmp_path_factory: pytest.TempPathFactory) -> Built:
    site = tmp_path_factory.mktemp("real-pdf") / "site"
    built = _build_with_pdf(ROOT, site, epoch=None)
    assert built.returncode == 0, built.stderr
    return built


@pytest.fixture(scope="module")
def real_pdf(real: Built) -> PdfReader:
    return PdfReader(real.site / "zuidoost" / "handreiking-zuidoost.pdf")


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> tuple[Built, Built]:
    """The small site, built twice from two copies in different folders (the second in
    a new process: another hash seed must not change a byte)."""
    builds = []
    for name in ("een", "twee"):
        project = copy_site("pdf", tmp_path_factory.mktemp(name))
        built = _build_with_pdf(project, project / "site", epoch=EPOCH, new_process=name == "twee")
        assert built.returncode == 0, built.stderr
        builds.append(built)
    return builds[0], builds[1]


def squash(text: str) -> str:
    """Text without spaces, line breaks and hyphens: hyphenation and line breaks
    in the PDF must not decide whether a sentence is found."""
    return re.sub(r"[\s\u00ad\-\u2010]+", "", text).lower()


def pdf_text(reader: PdfReader) -> str:
    return "\n".join(page.extract_text() for page in reader.pages)


def nav_chapters(real: Built) -> list[tuple[str, str]]:
    """The Zuidoost chapters in the site's order, with their title as the site shows it:
    (address, title), from the edition's ``hoofdstukken``, and its literature list."""
    text = (ROOT / "docs/zuidoost/index.md").read_text(encoding="utf-8")
    front = yaml.safe_load(text.split("---", 2)[1])
    chapters = []
    for name in [*front["hoofdstukken"], "literatuur.md"]:
        url = "zuidoost/" + name.removesuffix(".md") + "/"
        page = real.page(url)
        title = re.search(r"<h1[^>]*>(.*?)(?:<a class=\"headerlink\"|</h1>)", page, re.S)
        assert title is not None, url
        chapters.append((url, html.unescape(re.sub(r"<[^>]+>", "", title.group(1))).strip()))
    return chapters


# -- the real site ---------------------------------------------------------------


def test_real_build_makes_one_pdf_per_published_edition(real: Built) -> None:
    assert "WAARSCHUWING" not in real.stderr
    assert (real.site / "zuidoost" / "handreiking-zuidoost.pdf").is_file()
    for edition in ("zuid", "nieuw-west", "oost"):  # in preparation: no book
        assert not list((real.site / edition).glob("*.pdf"))


def test_pdf_holds_every_chapter_title(real: Built, real_pdf: PdfReader) -> None:
    text = squash(pdf_text(real_pdf))
    chapters = nav_chapters(real)
    assert len(chapters) >= 15  # fourteen chapters and appendices, and the literature
    for _, title in chapters:
        assert squash(title) in text, title


def test_pdf_holds_quotes_and_theory_boxes_as_on_the_site(real_pdf: PdfReader) -> None:
    text = squash(pdf_text(real_pdf))
    assert squash("Samenspel is in eerste instantie het partnerschap durven zien en doen") in text
    assert squash("Deelnemer, editie Zuidoost") in text
    # A theory box: its label and its title, as the site shows it.
    assert squash("BOUWSTEEN De partnerschapskaart") in text
    assert squash("BOUWSTEEN Buiten de comfortzone") in text


def test_pdf_holds_the_literature_list(real: Built, real_pdf: PdfReader) -> None:
    entries = re.findall(
        r'<li id="lit-[^"]+" class="literatuur-item">(.*?)</li>', real.page("zuidoost/literatuur/")
    )
    assert len(entries) > 10
    last_pages = squash("".join(p.extract_text() for p in real_pdf.pages[-3:]))
    for entry in entries:
        plain = html.unescape(re.sub(r"<[^>]+>", "", entry))
        assert squash(plain) in last_pages, plain
    # Citations in the text, in Dutch APA, link to the list inside the book.
    assert squash("Hook (2006)") in squash(pdf_text(real_pdf))


def test_page_count_is_sane(real_pdf: PdfReader) -> None:
    assert 20 <= len(real_pdf.pages) <= 80


def test_metadata(real_pdf: PdfReader) -> None:
    edition, _ = load_edition(ROOT / "docs", "zuidoost", ROOT)
    assert edition is not None
    meta = real_pdf.metadata
    assert meta is not None
    assert meta.title == f"{edition.titel}. {edition.ondertitel}"
    assert meta.author == "Vrijwilligersacademie en Hogeschool van Amsterdam"
    assert meta.subject is not None and "Zuidoost" in meta.subject
    assert real_pdf.trailer["/Root"]["/Lang"] == "nl"
    # Not the build time: the date of the sources (SOURCE_DATE_EPOCH, which the plugin
    # takes from the last commit when it is not set).
    epoch = source_date_epoch(ROOT, ROOT / "docs")
    expected = datetime.fromtimestamp(epoch, UTC).strftime("D:%Y%m%d%H%M%S")
    assert meta["/CreationDate"].startswith(expected)
    assert meta["/ModDate"] == meta["/CreationDate"]


def test_pdf_is_tagged_and_has_bookmarks(real_pdf: PdfReader) -> None:
    root = real_pdf.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"]
    assert "/StructTreeRoot" in root
    titles = [item.title for item in real_pdf.outline if not isinstance(item, list)]
    assert "Inhoud" in titles
    assert "Voorwoord" in titles


def test_cover_and_colophon(real_pdf: PdfReader) -> None:
    cover = squash(real_pdf.pages[0].extract_text())
    for part in ("Gaasperdam / Holendrecht", "Zuidoost", "2016", "Hogeschool van Amsterdam"):
        assert squash(part) in cover, part
    colophon = squash(real_pdf.pages[1].extract_text())
    assert squash("Colofon") in colophon
    assert squash(f"{SITE_URL}zuidoost/") in colophon
    assert squash("Common Cartridge") not in colophon  # for the web only


def test_table_of_contents_points_at_the_right_pages(real: Built, real_pdf: PdfReader) -> None:
    contents_page = next(
        i
        for i, page in enumerate(real_pdf.pages)
        if page.extract_text().lstrip().startswith("Inhoud")
    )
    toc = " ".join(real_pdf.pages[contents_page].extract_text().split())
    # Where each chapter heading really landed: WeasyPrint's bookmark of the <h1>.
    landed = {
        item.title: real_pdf.get_destination_page_number(item)
        for item in real_pdf.outline
        if not isinstance(item, list)
    }
    for _, title in nav_chapters(real):
        printed = re.search(re.escape(title) + r"[\s.]*?(\d+)(?!\d)", toc)
        assert printed is not None, f"{title} staat niet met een paginanummer in de inhoud"
        number = int(printed.group(1))
        # The cover is page 1: printed number N is the N-th page of the file.
        assert landed[title] == number - 1, title
        assert squash(title) in squash(real_pdf.pages[number - 1].extract_text())
        # The chapter starts there: the page before belongs to something else.
        if number - 2 != contents_page:
            before = squash(real_pdf.pages[number - 2].extract_text())
            assert squash(title) not in before, title


def test_links_inside_the_book_and_to_the_web(real: Built, real_pdf: PdfReader) -> None:
    internal, uris = 0, []
    for page in real_pdf.pages:
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            action = annotation.get("/A")
            if action is not None and "/URI" in action:
                uris.append(str(action["/URI"]))
            elif "/Dest" in annotation or (action is not None and "/D" in action):
                internal += 1
    assert internal > 15 + 10  # the contents alone link to every chapter
    assert uris and all(re.match(r"(https?|mailto):", uri) for uri in uris), uris
    chapter_addresses = [SITE_URL + url for url, _ in nav_chapters(real)]
    for uri in uris:
        # A chapter in the book is linked inside the book, never on the web.
        assert uri.split("#")[0] not in chapter_addresses, uri
    # the book prints each box whole: the web's "read more" link to its page is left out
    assert f"{SITE_URL}bouwstenen/partnerschapskaart/" not in uris


def test_start_page_links_to_the_pdf(real: Built) -> None:
    assert 'href="handreiking-zuidoost.pdf"' in real.page("zuidoost/")
    assert ".pdf" not in real.page("zuid/")  # in preparation: no book
    # ... and /catalog.json lists the book (outputs/links/catalog.py lists what exists).
    catalog = (real.site / "catalog.json").read_text(encoding="utf-8")
    assert f"{SITE_URL}zuidoost/handreiking-zuidoost.pdf" in catalog


# -- the small site --------------------------------------------------------------


def test_two_builds_give_identical_bytes(small: tuple[Built, Built]) -> None:
    first, second = (b.site / "noord" / "handreiking-noord.pdf" for b in small)
    assert first.read_bytes() == second.read_bytes()


def test_source_date_epoch_is_the_only_date(small: tuple[Built, Built]) -> None:
    reader = PdfReader(small[0].site / "noord" / "handreiking-noord.pdf")
    meta = reader.metadata
    assert meta is not None
    assert meta["/CreationDate"].startswith("D:20200101000000")
    assert meta["/ModDate"].startswith("D:20200101000000")


def test_small_book_reads_in_order_with_internal_links(small: tuple[Built, Built]) -> None:
    reader = PdfReader(small[0].site / "noord" / "handreiking-noord.pdf")
    text = squash(pdf_text(reader))
    # Cover, colophon (the start page's own), contents, the chapters, the literature.
    order = [
        "Samenwerken in de wijk",
        "Dit is het colofon van de testeditie",
        "Inhoud",
        "Respect is wederkerig",
        "Wij luisteren naar elkaar",
        "BOUWSTEEN Respect en wederkerigheid",
        "Bijeenkomst 2 uur",
        "Sennett, R. (2003)",
    ]
    positions = [text.find(squash(part)) for part in order]
    assert -1 not in positions, dict(zip(order, positions, strict=True))
    assert positions == sorted(positions)
    # Only the book: "Citeer deze pagina" is for the web.
    assert squash("Citeer deze pagina") not in text
    # Consent: a quote without it never reaches the book.
    assert squash("Dit mag nooit gepubliceerd worden") not in text
    # "de bijlage" in chapter Samen jumps to the table's section inside the PDF.
    samen = next(
        i for i, p in enumerate(reader.pages) if "Respect is wederkerig" in p.extract_text()
    )
    targets = []
    for annotation in reader.pages[samen].get("/Annots") or []:
        annotation = annotation.get_object()
        action = annotation.get("/A")
        if action is not None and "/URI" in action:
            targets.append(str(action["/URI"]))
        else:
            targets.append("intern")
    assert "intern" in targets
    assert "https://example.org/handreiking/bouwstenen/respect/" in targets


def test_zonder_pdf_skips_the_book_and_its_link(tmp_path: Path) -> None:
    built = build(copy_site("pdf", tmp_path))  # conftest's build passes --zonder-pdf
    assert built.returncode == 0, built.stderr
    assert not (built.site / "noord" / "handreiking-noord.pdf").exists()
    assert "handreiking-noord.pdf" not in built.page("noord/")


def test_serve_never_makes_a_pdf() -> None:
    plugin = HandreikingPlugin()
    plugin.load_config({"edities": ["noord"]})
    plugin.on_startup(command="serve", dirty=False)
    assert not plugin.pdf_wanted
    plugin.on_startup(command="build", dirty=False)
    assert plugin.pdf_wanted


# -- the book for readers: linked from every chapter, no web-only links, XMP, no gaps ----


def test_every_chapter_page_links_to_the_pdf_with_its_size(real: Built) -> None:
    size = (real.site / "zuidoost" / "handreiking-zuidoost.pdf").stat().st_size
    label = f"{size / 1000:.0f} kB" if size < 1_000_000 else f"{size / 1e6:.1f} MB"
    label = label.replace(".", ",")
    for page in ("zuidoost/partnerschap/", "zuidoost/voorwoord/", "zuidoost/citaten/"):
        html_text = real.page(page)
        assert (
            '<a href="../handreiking-zuidoost.pdf" download>De editie Zuidoost als PDF'
            f'<span class="handreiking-pdf__grootte" data-pdf-grootte="zuidoost"> (PDF, {label})'
        ) in html_text, page
    assert "Download deze editie als PDF<span" in real.page("zuidoost/")
    assert f"(PDF, {label})" in real.page("zuidoost/")
    for page in ("zuid/", "bouwstenen/hotspots/", ""):
        assert "handreiking-pdf" not in real.page(page), page


def test_web_only_links_are_not_in_the_book(real: Built, real_pdf: PdfReader) -> None:
    text = squash(pdf_text(real_pdf))
    assert 'class="alleen-web"' in real.page("zuidoost/partnerschap/")  # on the web ...
    for web_only in ("alle citaten", "Lees meer over deze bouwsteen", "Herkomst onbekend"):
        if web_only == "Herkomst onbekend":
            assert squash(web_only) in text  # ... a saying's origin is no link: printed
        else:
            assert squash(web_only) not in text, web_only  # ... not on paper
    # a citation's reference shown in place on the web is printed once, in the list
    assert text.count(squash("Partnering with patients")) == 1


def test_xmp_metadata(real_pdf: PdfReader) -> None:
    edition, _ = load_edition(ROOT / "docs", "zuidoost", ROOT)
    assert edition is not None
    xmp = real_pdf.xmp_metadata
    assert xmp is not None
    assert xmp.dc_title == {"x-default": f"{edition.titel}. {edition.ondertitel}"}
    assert xmp.dc_creator == ["Vrijwilligersacademie en Hogeschool van Amsterdam"]
    assert xmp.dc_language == ["nl"]
    assert xmp.dc_subject and "editie Zuidoost" in xmp.dc_subject[0]
    epoch = source_date_epoch(ROOT, ROOT / "docs")
    assert xmp.xmp_create_date == datetime.fromtimestamp(epoch, UTC).replace(tzinfo=None)
    # still a tagged PDF
    root = real_pdf.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in root


#: The page's text area in PDF points (A4, the margins of boek.css's @page).
_MM = 72 / 25.4
_TOP, _BOTTOM = 842 - 24 * _MM, 22 * _MM


def _lowest_text(page: object) -> float | None:
    """The baseline of the page's lowest line of text inside the text area."""
    found: list[float] = []

    def visit(text: str, cm: list[float], tm: list[float], *_: object) -> None:
        if text.strip():
            found.append(tm[4] * cm[1] + tm[5] * cm[3] + cm[5])

    page.extract_text(visitor_text=visit)  # type: ignore[attr-defined]
    inside = [y for y in found if _BOTTOM - 2 < y < _TOP + 2]  # not the running head, folio
    return min(inside) if inside else None


def test_no_page_but_a_chapter_end_is_less_than_two_thirds_full(real_pdf: PdfReader) -> None:
    # A quote or box kept whole on the next page leaves a gap; a chapter's last page
    # (the page before a bookmark's page, and the last) may end anywhere.
    starts = {
        real_pdf.get_destination_page_number(item)
        for item in real_pdf.outline
        if not isinstance(item, list)
    }
    gaps = []
    for number, page in enumerate(real_pdf.pages):
        if number + 1 in starts or number == len(real_pdf.pages) - 1:
            continue
        lowest = _lowest_text(page)
        filled = 0.0 if lowest is None else (_TOP - lowest) / (_TOP - _BOTTOM)
        if filled < 2 / 3:
            gaps.append(f"page {number + 1}: {filled:.0%} filled")
    assert not gaps, gaps
    assert len(starts) > 10  # the chapters were found
