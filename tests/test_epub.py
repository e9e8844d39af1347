"""The e-book per published edition: EPUB 3, checked by Debian's epubcheck, with the
same chapters, quotes, boxes and literature as the site, linked like the PDF, the same
bytes from the same sources, and read by the publication gate."""

from __future__ import annotations

import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT, Built, copy_site, run_cli
from handreiking.outputs.gate import Output, _texts, visible_text

EPOCH = "1577836800"  # 2020-01-01T00:00:00Z
REAL_EPUB = "zuidoost/handreiking-zuidoost.epub"


def _build(project: Path, site: Path, epoch: str | None = EPOCH) -> Built:
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    if epoch is not None:
        env["SOURCE_DATE_EPOCH"] = epoch
    result = run_cli("build", "-d", str(site), cwd=project, env=env)
    return Built(result.returncode, result.stdout, result.stderr, site)


@pytest.fixture(scope="module")
def real(tmp_path_factory: pytest.TempPathFactory) -> Built:
    built = _build(ROOT, tmp_path_factory.mktemp("real-epub") / "site", epoch=None)
    assert built.returncode == 0, built.stderr
    return built


@pytest.fixture(scope="module")
def archive(real: Built) -> zipfile.ZipFile:
    return zipfile.ZipFile(real.site / REAL_EPUB)


def _read(archive: zipfile.ZipFile, name: str) -> str:
    return archive.read(name).decode("utf-8")


def epubcheck_command() -> list[str] | None:
    """Debian's epubcheck: its /usr/bin/epubcheck is the jar itself, run through java."""
    found = shutil.which("epubcheck")
    java = shutil.which("java")
    if found is None or java is None:
        return None
    jar = Path(found).resolve()
    return [java, "-jar", str(jar)] if jar.suffix == ".jar" else [found]


def test_epubcheck_finds_no_error(real: Built) -> None:
    command = epubcheck_command()
    if command is None:
        pytest.skip("epubcheck ontbreekt (apt-get install -y epubcheck)")
    ran = subprocess.run(
        [*command, str(real.site / REAL_EPUB)], capture_output=True, text=True, timeout=300
    )
    assert ran.returncode == 0, ran.stdout + ran.stderr
    assert "No errors or warnings detected" in ran.stdout, ran.stdout


def test_one_epub_per_published_edition(real: Built) -> None:
    assert (real.site / REAL_EPUB).is_file()
    for waiting in ("zuid", "nieuw-west", "oost"):  # in preparation: no book
        assert not list((real.site / waiting).glob("*.epub")), waiting


def test_dutch_metadata_cover_and_navigation(archive: zipfile.ZipFile) -> None:
    opf = _read(archive, "EPUB/content.opf")
    assert "<dc:language>nl</dc:language>" in opf
    assert "<dc:title>Handreiking gebiedsgericht samenspel" in opf
    assert "<dc:creator" in opf and "Hogeschool van Amsterdam</dc:creator>" in opf
    assert "editie Zuidoost" in opf  # subject and description
    assert 'properties="cover-image"' in opf
    cover = _read(archive, "EPUB/omslag.xhtml")
    assert 'lang="nl"' in cover
    assert "Handreiking gebiedsgericht samenspel" in cover and "Editie Zuidoost" in cover
    nav = _read(archive, "EPUB/nav.xhtml")
    assert 'epub:type="toc"' in nav and "<h2>Inhoud</h2>" in nav
    assert "5. Partnerschap en partnerschapskaart" in nav
    spine = opf.split("<spine", 1)[1]
    assert spine.index('idref="omslag"') < spine.index('idref="nav"') < spine.index("h-voorwoord")


def test_the_chapters_hold_quotes_boxes_and_the_literature(archive: zipfile.ZipFile) -> None:
    partnership = _read(archive, "EPUB/h-partnerschap.xhtml")
    assert 'data-citaat="zo-taal-01"' in partnership
    assert 'data-bouwsteen="partnerschapskaart"' in partnership
    assert "— Herkomst onbekend" in partnership  # a motto with its origin, as on the site
    literature = _read(archive, "EPUB/h-literatuur.xhtml")
    assert 'id="h-literatuur--lit-hook2006"' in literature
    # a citation leads to the list in the e-book, not to the web
    assert 'href="h-literatuur.xhtml#h-literatuur--lit-hook2006"' in partnership
    for name in archive.namelist():
        if name.endswith(".xhtml"):
            text = _read(archive, name)
            assert "alle citaten" not in text and "Lees meer over deze bouwsteen" not in text
            assert "bron-uitleg" not in text, name  # the site's in-place references


def test_pages_link_to_the_epub_with_its_size(real: Built) -> None:
    size = (real.site / REAL_EPUB).stat().st_size
    label = f"EPUB, {round(size / 1000)} kB"
    chapter = real.page("zuidoost/partnerschap/")
    assert 'href="../handreiking-zuidoost.epub" download>als e-boek' in chapter
    assert f'data-epub-grootte="zuidoost"> ({label})</span>' in chapter
    start = real.page("zuidoost/")
    assert 'href="handreiking-zuidoost.epub" download>Download deze editie als e-boek' in start
    assert f"({label})" in start


def test_the_same_sources_give_the_same_bytes(tmp_path: Path) -> None:
    books = []
    for name in ("een", "twee"):
        project = copy_site("pdf", tmp_path / name)
        built = _build(project, project / "site")
        assert built.returncode == 0, built.stderr
        books.append(sorted((project / "site").rglob("*.epub")))
    assert books[0] and len(books[0]) == len(books[1])
    for first, second in zip(*books, strict=True):
        assert first.read_bytes() == second.read_bytes(), first.name
        with zipfile.ZipFile(first) as archive:
            assert archive.namelist()[0] == "mimetype"
            assert {info.date_time for info in archive.infolist()} == {(2020, 1, 1, 0, 0, 0)}
            assert archive.getinfo("mimetype").compress_type == zipfile.ZIP_STORED


def test_the_gate_reads_every_file_in_the_epub(real: Built) -> None:
    texts = list(_texts(REAL_EPUB, real.site / REAL_EPUB, Output("data"), {}, set()))
    where = {place for place, _, _, _ in texts}
    assert f"{REAL_EPUB}/EPUB/h-partnerschap.xhtml" in where
    assert all(markup for _, _, _, markup in texts)  # read as markup: its visible text
    assert any(
        "Partnerschap en partnerschapskaart" in visible_text(text) for _, text, _, _ in texts
    )
