"""Links for the curriculum: permanent addresses, moved pages, catalog, citations, cartridge."""

from __future__ import annotations

import codecs
import io
import json
import posixpath
import re
import shutil
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path
from urllib.parse import urljoin

import jsonschema
import latexcodec  # noqa: F401  (registers the "ulatex" codec)
import pytest
from conftest import ROOT, SHARED, Built, build, copy_site, run_cli
from handreiking.content.licence import Licence
from handreiking.outputs.links import cartridge as cartridge_mod
from handreiking.outputs.links import citation as citation_mod
from handreiking.outputs.links.collector import Links, absolute_url
from handreiking.outputs.links.redirects import load_moves, relative_url
from lxml import etree

SITE_URL = "https://example.org/handreiking/"
CP = "{http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1}"
WL = "{http://www.imsglobal.org/xsd/imsccv1p1/imswl_v1p1}"
LOM = "{http://ltsc.ieee.org/xsd/imsccv1p1/LOM/manifest}"
#: The official IMS schemas of Common Cartridge 1.1, as Moodle ships them (imports by
#: local file name: lxml loads them without the network).
CC11 = SHARED / "testdata" / "ims-cc" / "1.1"
TRICKY_CHAPTER = '2. Geven & nemen, "samen" 1 < 2 > 0'
TRICKY_EDITION = 'Handreiking Noord & "Oost" 1 < 2 > 0'
TRICKY_BOX = 'Respect & "gelijkwaardigheid"'
REFRESH = re.compile(r'<meta http-equiv="refresh" content="0; url=([^"]+)">')


@pytest.fixture(scope="module")
def links_site(tmp_path_factory: pytest.TempPathFactory) -> Built:
    project = copy_site("links", tmp_path_factory.mktemp("links"))
    built = build(project)
    assert built.returncode == 0, built.stderr
    assert "WAARSCHUWING" not in built.stderr
    return built


@pytest.fixture(scope="module")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Built:
    site = tmp_path_factory.mktemp("real-links") / "site"
    result = run_cli("build", "--zonder-pdf", "-d", str(site), cwd=ROOT)
    assert result.returncode == 0, result.stderr
    return Built(result.returncode, result.stdout, result.stderr, site)


def follow(site: Path, url_path: str) -> str:
    """Follow redirect pages from ``url_path`` to a real page; return its site path."""
    for _ in range(5):
        path = site / url_path / "index.html" if url_path.endswith("/") else site / url_path
        assert path.is_file(), f"/{url_path} is not built"
        match = REFRESH.search(path.read_text(encoding="utf-8"))
        if match is None:
            return url_path
        base = url_path if url_path.endswith("/") else posixpath.dirname(url_path) + "/"
        target = posixpath.normpath(posixpath.join(base, match.group(1).split("#")[0]))
        url_path = "" if target == "." else target + "/"
    raise AssertionError(f"redirect loop at /{url_path}")


def catalog(site: Path) -> dict:
    return json.loads((site / "catalog.json").read_text(encoding="utf-8"))


def front_matter_ids(docs: Path) -> set[str]:
    """The ``id`` in the front matter of every page (not in the examples a page shows)."""
    ids = set()
    for page in docs.rglob("*.md"):
        text = page.read_text(encoding="utf-8")
        if not text.startswith("---\n"):
            continue
        front = text.split("\n---\n", 1)[0]
        match = re.search(r"^id:\s*(\S+)\s*$", front, re.M)
        if match:
            ids.add(match.group(1))
    return ids


# --------------------------------------------------------------- permanent addresses


@pytest.mark.parametrize("which", ["links_site", "real_site"])
def test_every_permalink_lands_on_a_built_page(which: str, request: pytest.FixtureRequest) -> None:
    built: Built = request.getfixturevalue(which)
    ids = sorted(p.name for p in (built.site / "id").iterdir())
    docs = (ROOT / "docs") if which == "real_site" else None
    if docs is not None:
        assert set(ids) == front_matter_ids(docs)
    for page_id in ids:
        landed = follow(built.site, f"id/{page_id}/")
        assert not landed.startswith("id/")
        html = built.page(landed)
        assert "<h1" in html


def test_permalink_is_relative_and_keeps_the_anchor(links_site: Built) -> None:
    html = links_site.page("id/no-geven/")
    assert 'content="0; url=../../noord/geven/"' in html
    assert '<link rel="canonical" href="https://example.org/handreiking/noord/geven/">' in html
    assert 'location.replace("../../noord/geven/" + location.hash)' in html


def test_the_seed_sections_have_explicit_anchors() -> None:
    for chapter in (ROOT / "docs" / "zuidoost").glob("*.md"):
        for line in chapter.read_text(encoding="utf-8").splitlines():
            if re.match(r"^#{2,6} ", line):
                assert re.search(r"\{#[a-z0-9-]+\}\s*$", line), f"{chapter.name}: {line}"


def test_a_renamed_chapter_keeps_its_old_address_and_its_permalink(tmp_path: Path) -> None:
    project = copy_site("links", tmp_path)
    docs = project / "docs" / "noord"
    (docs / "samen.md").rename(docs / "samen-werken.md")
    (docs / "index.md").write_text(
        (docs / "index.md").read_text(encoding="utf-8").replace("(samen.md)", "(samen-werken.md)"),
        encoding="utf-8",
    )
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("noord/samen.md", "noord/samen-werken.md"),
        encoding="utf-8",
    )
    (project / "verhuisd.yml").write_text(
        "- van: noord/samen.md\n  naar: no-samen\n", encoding="utf-8"
    )
    built = build(project)
    assert built.returncode == 0, built.stderr
    assert follow(built.site, "noord/samen/") == "noord/samen-werken/"
    assert follow(built.site, "id/no-samen/") == "noord/samen-werken/"
    assert "Samen" in built.page("noord/samen-werken/")
    old = built.page("noord/samen/")
    assert 'url=../samen-werken/"' in old
    entry = next(c for c in catalog(built.site)["chapters"] if c["id"] == "no-samen")
    assert entry["url"] == SITE_URL + "noord/samen-werken/"
    assert entry["permalink"] == SITE_URL + "id/no-samen/"


def test_a_permanent_address_taken_by_a_folder_of_files_is_reported(tmp_path: Path) -> None:
    # A folder in docs/ where the address's index.html would go takes the address too
    # (with a picture in it: a text file there is a data file, never published).
    project = copy_site("links", tmp_path)
    blocking = project / "docs" / "id" / "no-samen" / "index.html" / "kaart.png"
    blocking.parent.mkdir(parents=True)
    blocking.write_bytes(b"\x89PNG\r\n\x1a\n")
    built = build(project)
    assert built.returncode == 1
    assert "Traceback" not in built.stderr
    assert (
        "WAARSCHUWING - docs/noord/samen.md: het permanente adres /id/no-samen/ is al bezet "
        "door een andere pagina; verplaats die pagina uit docs/id/"
    ) in built.stderr


def test_permanent_addresses_and_citation_files_are_complete(links_site: Built) -> None:
    # Every page with an id has its redirect, and its .bib and .ris are whole.
    site = links_site.site
    ids = front_matter_ids(ROOT / "tests" / "sites" / "links" / "docs")
    assert "no-samen" in ids
    for unit_id in ids:
        assert REFRESH.search((site / "id" / unit_id / "index.html").read_text(encoding="utf-8"))
    bibs = sorted(site.rglob("*.bib"))
    assert bibs, "no citation files"
    for bib in bibs:
        assert bib.read_text(encoding="utf-8").rstrip().endswith("}"), bib
        ris = bib.with_suffix(".ris").read_text(encoding="utf-8")
        assert ris.rstrip().endswith("ER  -"), bib


def test_a_move_can_name_the_new_file(tmp_path: Path) -> None:
    project = copy_site("links", tmp_path)
    (project / "verhuisd.yml").write_text(
        "- van: noord/oud.md\n  naar: noord/geven.md\n", encoding="utf-8"
    )
    built = build(project)
    assert built.returncode == 0, built.stderr
    assert follow(built.site, "noord/oud/") == "noord/geven/"


def test_mistakes_in_the_history_of_moves_are_reported_with_their_line(tmp_path: Path) -> None:
    project = copy_site("links", tmp_path)
    (project / "verhuisd.yml").write_text(
        "- van: noord/oud.md\n"
        "  naar: no-samne\n"
        "- van: noord/samen.md\n"
        "  naar: no-geven\n"
        "- van: noord/ander\n"
        "  naar: no-geven\n"
        "- van: noord/weg.md\n"
        "  nar: no-geven\n",
        encoding="utf-8",
    )
    built = build(project)
    assert built.returncode != 0
    assert (
        "verhuisd.yml:1: onbekende bestemming 'naar: no-samne'; bedoel je 'no-samen'?"
        in built.stderr
    )
    assert "verhuisd.yml:3: docs/noord/samen.md bestaat nog" in built.stderr
    assert "verhuisd.yml:5: 'van: noord/ander' moet het oude bestand binnen docs/ zijn" in (
        built.stderr
    )
    assert "verhuisd.yml:8: onbekende sleutel 'nar'; bedoel je 'naar'?" in built.stderr
    assert "Traceback" not in built.stderr
    # handreiking check finds the same mistakes, without building.
    checked = run_cli("check", cwd=project)
    assert checked.returncode == 1
    for line in (
        "verhuisd.yml:1: onbekende bestemming 'naar: no-samne'; bedoel je 'no-samen'?",
        "verhuisd.yml:3: docs/noord/samen.md bestaat nog",
        "verhuisd.yml:5: 'van: noord/ander' moet het oude bestand binnen docs/ zijn",
        "verhuisd.yml:8: onbekende sleutel 'nar'; bedoel je 'naar'?",
    ):
        assert line in checked.stdout


def test_load_moves_reads_nothing_without_a_file(tmp_path: Path) -> None:
    assert load_moves(tmp_path) == ([], [])


def test_relative_url() -> None:
    assert relative_url("zuidoost/partnerschap/", "id/zo-partnerschap") == (
        "../../zuidoost/partnerschap/"
    )
    assert relative_url("", "id/zo-start") == "../../"
    assert relative_url("zuidoost/x/#a", "zuidoost/y") == "../x/#a"


_PATHS = ["", ".", "..", "x", "a/b/", "a/b", "id/x/", "a/./b", "a/../b", "a//b", "/a", "/a/b/"]
_PATHS += ["a:b", "a#b", "a?b", "a;b", "a/;b/c", " a", "a b/", "\ta", "a\tb", "é/ü/", ".well/"]
_PATHS += ["a/.b/", "a/b..c/", "...", "a/...", "~x/", "%41/", "a/b/c/d/", "../a/", "a/b/../../.."]


def test_relative_url_is_posixpaths_relpath() -> None:
    # The same answers as posixpath.relpath, which looks at the working folder.
    for target in _PATHS:
        for from_dir in _PATHS:
            path, hash_, fragment = target.partition("#")
            expected = posixpath.relpath(path or ".", from_dir or ".")
            if path == "" or path.endswith("/"):
                expected = "./" if expected == "." else expected.rstrip("/") + "/"
            assert relative_url(target, from_dir) == expected + hash_ + fragment, (
                target,
                from_dir,
            )


def test_absolute_addresses_are_urljoins() -> None:
    bases = [SITE_URL, "https://example.org", "https://example.org/sub", "https://x.org//a//b/"]
    bases += ["https://x.org/a/./b/../c/", "https://x.org/a?q=1#f", "http://X.org:80/x;p?q"]
    bases += ["mailto:a@b", "file:///tmp/x/", "", "//x.org/a/", "/rel/base/", "HTTPS://x.org/é/"]
    for base in bases:
        links = object.__new__(Links)  # only the addresses: no build
        links.site_url, links._absolute = base or None, {}
        for path in _PATHS:
            if base:
                assert absolute_url(base, path) == urljoin(base, path), (base, path)
            for anchor in ["", "a", "a#b", "a?b", "a:b", "a b", "a\tb", "\n"]:
                expected = urljoin(base, f"{path}#{anchor}") if base else None
                assert links._absolute_at(path, anchor) == expected, (base, path, anchor)


# -------------------------------------------------------------------------- catalog


@pytest.mark.parametrize("which", ["links_site", "real_site"])
def test_the_catalog_validates_against_its_schema(
    which: str, request: pytest.FixtureRequest
) -> None:
    built: Built = request.getfixturevalue(which)
    schema = json.loads((built.site / "catalog.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    errors = [e.message for e in validator.iter_errors(catalog(built.site))]
    assert errors == []


def test_the_catalog_lists_every_page_with_an_id(real_site: Built) -> None:
    data = catalog(real_site.site)
    listed = {c["id"] for c in data["chapters"]} | {b["id"] for b in data["theory_boxes"]}
    listed |= {e["permalink"].rstrip("/").rsplit("/", 1)[-1] for e in data["editions"]}
    assert listed == front_matter_ids(ROOT / "docs")
    for entry in data["chapters"] + data["theory_boxes"]:
        path = entry["url"].removeprefix("https://handreiking.example.org/")
        assert (real_site.site / path / "index.html").is_file()
        permalink = entry["permalink"].removeprefix("https://handreiking.example.org/")
        assert follow(real_site.site, permalink) == path


def test_the_catalog_describes_a_chapter(real_site: Built) -> None:
    data = catalog(real_site.site)
    chapter = next(c for c in data["chapters"] if c["id"] == "zo-partnerschap")
    assert chapter["edition"] == "zuidoost"
    assert chapter["url"] == "https://handreiking.example.org/zuidoost/partnerschap/"
    assert chapter["permalink"] == "https://handreiking.example.org/id/zo-partnerschap/"
    assert "partnerschap" in chapter["themes"]
    section = next(s for s in chapter["sections"] if s["anchor"] == "van-klik-naar-taak")
    assert section["url"].endswith("/zuidoost/partnerschap/#van-klik-naar-taak")
    assert 'id="van-klik-naar-taak"' in real_site.page("zuidoost/partnerschap/")
    assert "partnerschapskaart" in chapter["theory_boxes"]
    assert chapter["quotes"]
    zuidoost = next(e for e in data["editions"] if e["id"] == "zuidoost")
    assert zuidoost["status"] == "gepubliceerd"
    assert zuidoost["cartridge"].endswith("/zuidoost/handreiking-zuidoost.imscc")
    assert "pdf" not in zuidoost  # built --zonder-pdf: there is no PDF to link to
    zuid = next(e for e in data["editions"] if e["id"] == "zuid")
    assert zuid["status"] == "in-voorbereiding"
    assert "cartridge" not in zuid


def test_the_catalog_lists_only_quotes_with_consent(links_site: Built) -> None:
    data = catalog(links_site.site)
    ids = [q["id"] for q in data["quotes"]]
    assert ids == ["no-respect-01"]
    quote = data["quotes"][0]
    assert quote["role"] == "vrijwilliger"
    assert quote["url"] == SITE_URL + "noord/citaten/#no-respect-01"
    assert 'id="no-respect-01"' in links_site.page("noord/citaten/")
    assert "no-respect-02" not in (links_site.site / "catalog.json").read_text(encoding="utf-8")


def test_the_catalog_links_the_pdf_when_there_is_one(tmp_path: Path) -> None:
    # The catalog is written after the PDF step and lists a PDF only when the file is
    # there; a PDF put in place by hand stands in for the PDF step here.
    from handreiking.outputs.pdf import pdf_uri
    from pypdf import PdfWriter

    project = copy_site("links", tmp_path)
    writer = PdfWriter()  # a real, empty PDF: the gate reads what it publishes
    writer.add_blank_page(width=595, height=842)
    with (project / "docs" / pdf_uri("noord")).open("wb") as handle:
        writer.write(handle)
    built = build(project)
    assert built.returncode == 0, built.stderr
    noord = next(e for e in catalog(built.site)["editions"] if e["id"] == "noord")
    assert noord["pdf"] == SITE_URL + "noord/handreiking-noord.pdf"


# ------------------------------------------------------------------------ citations


def test_a_chapter_carries_highwire_meta_tags(links_site: Built) -> None:
    html = links_site.page("noord/geven/")
    head = html.split("</head>", 1)[0]
    expected = [
        ("citation_title", "Geven &amp; nemen, &quot;samen&quot; 1 &lt; 2 &gt; 0"),
        ("citation_author", "Testorganisatie,"),
        ("citation_publication_date", "2020"),
        (
            "citation_inbook_title",
            "Handreiking Noord &amp; &quot;Oost&quot; 1 &lt; 2 &gt; 0: Samen in Noord",
        ),
        ("citation_publisher", "Testorganisatie"),
        ("citation_language", "nl"),
        ("citation_public_url", SITE_URL + "id/no-geven/"),
    ]
    for name, content in expected:
        assert f'<meta name="{name}" content="{content}">' in head


def test_a_chapter_shows_its_apa_citation(links_site: Built) -> None:
    html = links_site.page("noord/geven/")
    assert "<summary>Citeer deze pagina</summary>" in html
    apa = re.search(r'<p class="handreiking-citeer__apa">(.*?)</p>', html, re.S)
    assert apa is not None
    text = re.sub(r"<[^>]+>", "", apa.group(1))
    import html as html_mod

    assert html_mod.unescape(text) == (
        'Testorganisatie. (2020). Geven & nemen, "samen" 1 < 2 > 0. In '
        'Handreiking Noord & "Oost" 1 < 2 > 0: Samen in Noord (Editie Noord). '
        f"{SITE_URL}id/no-geven/"
    )
    assert "<em>Handreiking Noord &amp; &quot;Oost&quot; 1 &lt; 2 &gt; 0: Samen in Noord</em>" in (
        apa.group(1)
    )
    assert 'href="no-geven.bib"' in html
    assert 'href="no-geven.ris"' in html


def test_the_real_site_cites_a_chapter_as_a_chapter_of_its_edition(real_site: Built) -> None:
    html = real_site.page("zuidoost/partnerschap/")
    apa = re.search(r'<p class="handreiking-citeer__apa">(.*?)</p>', html, re.S)
    assert apa is not None
    assert apa.group(1).startswith(
        "Vrijwilligersacademie, &amp; Hogeschool van Amsterdam. (2016). "
        "Partnerschap en partnerschapskaart. In <em>Handreiking gebiedsgericht samenspel"
    )
    assert "(Editie Zuidoost). " in apa.group(1)
    assert '<meta name="citation_author" content="Hogeschool van Amsterdam,">' in html
    # District partners helped make the guide, but are not its authors.
    assert '<meta name="citation_author" content="MadiZO,">' not in html


def test_a_theory_box_is_cited_as_an_undated_web_page(links_site: Built) -> None:
    html = links_site.page("bouwstenen/respect/")
    assert (
        "Testorganisatie. (z.d.). <em>Respect &amp; &quot;gelijkwaardigheid&quot;</em>. "
        "Testhandreiking. "
    ) in html
    # Undated as a work (z.d.), but the page is dated for reference managers: its last
    # change, else the build date.
    assert re.search(r'<meta name="citation_publication_date" content="\d{4}-\d\d-\d\d">', html)


def test_bib_and_ris_keep_special_characters(links_site: Built) -> None:
    bib = (links_site.site / "noord/geven/no-geven.bib").read_text(encoding="utf-8")
    title = re.search(r"^  title = \{\{(.*)\}\},$", bib, re.M)
    assert title is not None
    assert codecs.decode(title.group(1), "ulatex") == 'Geven & nemen, "samen" 1 < 2 > 0'
    assert bib.startswith("@incollection{no-geven,\n")
    assert "  author = {{Testorganisatie}},\n" in bib
    assert "  year = {2020},\n" in bib
    ris = (links_site.site / "noord/geven/no-geven.ris").read_bytes().decode("utf-8")
    assert ris.startswith("TY  - CHAP\r\n")
    assert 'TI  - Geven & nemen, "samen" 1 < 2 > 0\r\n' in ris
    assert f"T2  - {TRICKY_EDITION}: Samen in Noord\r\n" in ris
    assert ris.endswith("ER  -\r\n")
    # APA leaves out a publisher that is the author; a dated work needs no access date.
    assert "PB  -" not in ris and "publisher" not in bib
    assert "Y2  -" not in ris and "urldate" not in bib
    box = (links_site.site / "bouwstenen/respect/respect.bib").read_text(encoding="utf-8")
    assert 'title = {{Respect \\& "gelijkwaardigheid"}}' in box
    # An undated work carries the build date as its access date.
    assert re.search(r"^  urldate = \{\d{4}-\d\d-\d\d\},$", box, re.M)
    box_ris = (links_site.site / "bouwstenen/respect/respect.ris").read_text(encoding="utf-8")
    assert re.search(r"^Y2  - \d{4}/\d\d/\d\d/$", box_ris, re.M)


def test_bibtex_escapes_latex_specials() -> None:
    text = r"50% & $5 #1 a_b {c} ~d^ \e" + ' <f> "g"'
    assert citation_mod.bibtex_escape(text) == (
        r"50\% \& \$5 \#1 a\_b \{c\} \textasciitilde{}d\textasciicircum{} \textbackslash{}e"
        r' <f> "g"'
    )


def test_a_page_is_cited_as_a_pybtex_entry_in_the_apa_nl_style() -> None:
    work = citation_mod.Work(
        "zo-x",
        "hoofdstuk",
        "Vraag -- antwoord: ``samen''?",
        ("Vrijwilligersacademie", "Hogeschool van Amsterdam"),
        "https://example.org/id/zo-x/",
        "Samenspel and co",
        2016,
        book_title="Handreiking: Zuidoost",
        edition_label="Editie Zuidoost",
    )
    entry = citation_mod.entry(work)
    assert (entry.type, entry.key) == ("incollection", "zo-x")
    assert entry.fields["title"] == "{Vraag -{}- antwoord: `{}`samen'{}'?}"
    assert entry.fields["edition"] == "{Editie Zuidoost}"
    # The publisher is the authors: APA leaves it out; a question ends the title.
    assert citation_mod.apa_html(entry) == (
        "Vrijwilligersacademie, &amp; Hogeschool van Amsterdam. (2016). Vraag -- antwoord: "
        "``samen&#x27;&#x27;? In <em>Handreiking: Zuidoost</em> (Editie Zuidoost). "
        '<a href="https://example.org/id/zo-x/">https://example.org/id/zo-x/</a>'
    )
    assert citation_mod.ris(entry).split("\r\n") == [
        "TY  - CHAP",
        "AU  - Vrijwilligersacademie",
        "AU  - Hogeschool van Amsterdam",
        "TI  - Vraag -- antwoord: ``samen''?",
        "T2  - Handreiking: Zuidoost",
        "ET  - Editie Zuidoost",
        "PY  - 2016",
        "UR  - https://example.org/id/zo-x/",
        "LA  - nl",
        "ID  - zo-x",
        "ER  -",
        "",
    ]
    box = citation_mod.entry(
        citation_mod.Work("b", "bouwsteen", "Box", (), "/id/b/", "Samenspel and co")
    )
    assert citation_mod.apa_html(box) == (
        '<em>Box</em>. (z.d.). Samenspel and co. <a href="/id/b/">/id/b/</a>'
    )
    assert citation_mod.meta_tags(box) == (
        '<meta name="citation_title" content="Box">\n'
        '<meta name="citation_language" content="nl">\n'
        '<meta name="citation_public_url" content="/id/b/">\n'
    )
    dated = citation_mod.Work(
        "b",
        "bouwsteen",
        "Box",
        ("Org",),
        "/id/b/",
        "S",
        updated="2026-01-02",
        accessed="2026-02-03",
    )
    assert '<meta name="citation_publication_date" content="2026-01-02">' in (
        citation_mod.meta_tags(citation_mod.entry(dated), dated)
    )
    assert "Y2  - 2026/02/03/\r\n" in citation_mod.ris(citation_mod.entry(dated), dated)
    assert "  urldate = {2026-02-03},\n" in citation_mod.bibtex(dated)


_TITLES = [
    "Partnerschap en partnerschapskaart",
    "Wat nu?",
    "Een titel die eindigt.",
    "Samen!",
    'A & B <c> "d"',
    "Titel: ondertitel",
    "Respect in a World of Inequality",
    "DOEN en SamenDOEN",
    "{Amsterdam} in accolades",
    r"back\slash $5 50% #1 a_b ~d^",
    "Vraag -- antwoord: ``samen''",
    "Eindigt met een spatie. ",
    "   ",
    "nr. 5",
    "\u00e9 \u2018aanhalingstekens\u2019 en ellips...",
    r"\emph{nadruk}",
    "regel\nregel",
    "Zqxtitelzqx",
]
_ADDRESSES = [
    "https://example.org/id/zo-x/",
    "/id/zo-x/",
    "../id/zo-x/",
    "https://example.org/a?b=1&c=2",
    "https://example.org/{x}",
    "https://example.org/a b",
    "javascript:alert(1)",
    "",
]


@pytest.mark.parametrize("kind", ["hoofdstuk", "editie", "bouwsteen"])
def test_a_page_cited_by_the_shape_of_its_edition_is_cited_as_formatted_in_full(
    kind: citation_mod.Kind,
) -> None:
    # cite() formats one work per shape with stand-ins and puts each page's title,
    # address, id and date in their place: the same as formatting the page's entry.
    for title in _TITLES:
        for url in _ADDRESSES:
            for authors in (("Vrijwilligersacademie", "Hogeschool van Amsterdam"), ()):
                for year, updated in ((2016, "2026-01-02"), (None, "2026-01-02"), (None, None)):
                    work = citation_mod.Work(
                        "zo-x",
                        kind,
                        title,
                        authors,
                        url,
                        "Samenspel & zorg",
                        year,
                        book_title="Handreiking: Zuidoost" if kind == "hoofdstuk" else None,
                        edition_label="Editie Zuidoost" if kind != "bouwsteen" else None,
                        updated=updated,
                        accessed="2026-02-03",
                        pdf_url="https://example.org/zo.pdf" if year else None,
                        licence="CC BY 4.0",
                    )
                    entry = citation_mod.entry(work)
                    cited = citation_mod.cite(work)
                    assert citation_mod.render_html(cited.reference) == citation_mod.apa_html(
                        entry
                    ), (title, url)
                    assert citation_mod.meta_html(cited.meta) == citation_mod.meta_tags(
                        entry, work
                    ), (title, url)
                    assert cited.ris == citation_mod.ris(entry, work), (title, url)


# ------------------------------------------------------------------------ cartridge


def cartridge(site: Path, edition: str) -> zipfile.ZipFile:
    return zipfile.ZipFile(site / edition / f"handreiking-{edition}.imscc")


_SCHEMAS: dict[str, etree.XMLSchema] = {}


def schema(name: str) -> etree.XMLSchema:
    """An official CC 1.1 schema, loaded offline (no_network; its imports are local files)."""
    if name not in _SCHEMAS:
        parser = etree.XMLParser(no_network=True, resolve_entities=False)
        _SCHEMAS[name] = etree.XMLSchema(etree.parse(str(CC11 / name), parser))
    return _SCHEMAS[name]


def assert_valid(name: str, data: bytes, what: str) -> None:
    xsd = schema(name)
    document = etree.fromstring(data, etree.XMLParser(no_network=True, resolve_entities=False))
    errors = [] if xsd.validate(document) else [str(e) for e in xsd.error_log]
    assert errors == [], f"{what}: {errors}"


@pytest.mark.parametrize(("which", "edition"), [("links_site", "noord"), ("real_site", "zuidoost")])
def test_the_cartridge_is_valid_cc_1_1_and_every_link_lands(
    which: str, edition: str, request: pytest.FixtureRequest
) -> None:
    built: Built = request.getfixturevalue(which)
    with cartridge(built.site, edition) as archive:
        raw = archive.read("imsmanifest.xml")
        assert_valid("ccv1p1_imscp_v1p2_v1p0.xsd", raw, "imsmanifest.xml")
        # Moodle's restore (backup/converter/imscc11/lib.php, detect_format) reads the
        # first 500 bytes, lower-cased, without white space and quotes, for this string.
        snippet = raw[:500].decode("utf-8").lower()
        snippet = re.sub(r"\s*", "", snippet).replace("'", "").replace('"', "")
        assert "xmlns=http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1" in snippet
        manifest = ET.fromstring(raw)
        assert manifest.tag == f"{CP}manifest"
        assert manifest.findtext(f"{CP}metadata/{CP}schema") == "IMS Common Cartridge"
        assert manifest.findtext(f"{CP}metadata/{CP}schemaversion") == "1.1.0"
        # The schemaLocation hints name the files IMS publishes (the ones validated here).
        hints = manifest.get("{http://www.w3.org/2001/XMLSchema-instance}schemaLocation").split()
        for location in hints[1::2]:
            assert (CC11 / location.rsplit("/", 1)[-1]).is_file(), location
        resources = {r.get("identifier"): r for r in manifest.iter(f"{CP}resource")}
        items = [i for i in manifest.iter(f"{CP}item") if i.get("identifierref")]
        assert items and len(items) == len(resources)
        assert sorted(archive.namelist()) == sorted(
            ["imsmanifest.xml"] + [r.find(f"{CP}file").get("href") for r in resources.values()]
        )
        base = SITE_URL if which == "links_site" else "https://handreiking.example.org/"
        for item in items:
            resource = resources[item.get("identifierref")]
            assert resource.get("type") == "imswl_xmlv1p1"
            href = resource.find(f"{CP}file").get("href")
            data = archive.read(href)
            assert_valid("ccv1p1_imswl_v1p1.xsd", data, href)
            link = ET.fromstring(data)
            assert link.tag == f"{WL}webLink"
            hint = link.get("{http://www.w3.org/2001/XMLSchema-instance}schemaLocation")
            assert (CC11 / hint.split()[1].rsplit("/", 1)[-1]).is_file()
            assert link.findtext(f"{WL}title") == item.findtext(f"{CP}title")
            url = link.find(f"{WL}url").get("href")
            assert url.startswith(base)
            path = url.removeprefix(base)
            if path.endswith(".pdf"):
                assert (built.site / path).is_file()
            else:
                landed = follow(built.site, path)
                assert "<h1" in built.page(landed)


def groups(archive: zipfile.ZipFile) -> list[tuple[str, list[str]]]:
    """The cartridge's headings, each with the resources under it, in order."""
    manifest = ET.fromstring(archive.read("imsmanifest.xml"))
    root = manifest.find(f"{CP}organizations/{CP}organization/{CP}item")
    return [
        (
            group.findtext(f"{CP}title"),
            [i.get("identifierref") for i in group.findall(f"{CP}item")],
        )
        for group in root.findall(f"{CP}item")
    ]


def test_the_cartridge_groups_its_links_in_reading_order(links_site: Built) -> None:
    with cartridge(links_site.site, "noord") as archive:
        manifest = ET.fromstring(archive.read("imsmanifest.xml"))
        titles = [i.findtext(f"{CP}title") for i in manifest.iter(f"{CP}item")]
        assert groups(archive) == [
            ("Hoofdstukken", ["R_no-start", "R_no-samen", "R_no-geven"]),
            ("Bouwstenen", ["R_respect"]),
            ("Citaten, literatuur en PDF", ["R_editie_citaten", "R_editie_literatuur"]),
        ]
        lom = manifest.find(f"{CP}metadata/{LOM}lom")
        assert lom.findtext(f"{LOM}general/{LOM}title/{LOM}string") == (
            f"{TRICKY_EDITION} (editie Noord)"
        )
    assert TRICKY_CHAPTER in titles
    assert TRICKY_BOX in titles


def test_the_cartridge_links_the_pdf_when_the_edition_has_one(real_site: Built) -> None:
    # The real site is built without PDFs here: the PDF's link comes with the PDF.
    with cartridge(real_site.site, "zuidoost") as archive:
        found = dict(groups(archive))
    assert found["Citaten, literatuur en PDF"] == ["R_editie_citaten", "R_editie_literatuur"]
    assert len(found["Hoofdstukken"]) > 5 and found["Bouwstenen"]


def test_the_cartridge_is_reproducible(links_site: Built) -> None:
    path = links_site.site / "noord" / "handreiking-noord.imscc"
    with zipfile.ZipFile(path) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    links = (cartridge_mod.WebLink("a", "A & B", "https://example.org/id/a/"),)
    group = [cartridge_mod.Group("g", "G", links)]
    first = cartridge_mod.cartridge_bytes("x", "T", "D", group, Licence())
    assert first == cartridge_mod.cartridge_bytes("x", "T", "D", group, Licence())
    assert_valid("ccv1p1_imscp_v1p2_v1p0.xsd", _manifest(first), "manifest")


def _manifest(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read("imsmanifest.xml")


def test_only_published_editions_get_a_cartridge(links_site: Built) -> None:
    assert (links_site.site / "noord" / "handreiking-noord.imscc").is_file()
    assert not (links_site.site / "west" / "handreiking-west.imscc").exists()


def test_the_start_page_links_the_cartridge(links_site: Built, real_site: Built) -> None:
    assert 'href="handreiking-noord.imscc" download' in links_site.page("noord/")
    html = real_site.page("zuidoost/")
    assert 'href="handreiking-zuidoost.imscc" download' in html
    assert 'href="../voor-docenten/"' in html
    assert "handreiking-zuid.imscc" not in real_site.page("zuid/")


# --------------------------------------------------------------------- voor docenten


def test_the_guide_for_lecturers_uses_real_ids(real_site: Built) -> None:
    html = real_site.page("voor-docenten/")
    for address in ["/id/zo-partnerschap/", "/id/partnerschapskaart/", "verhuisd.yml"]:
        assert address in html
    for address in ["zo-partnerschap", "partnerschapskaart", "zo-start"]:
        assert (real_site.site / "id" / address / "index.html").is_file()
    assert 'id="van-klik-naar-taak"' in real_site.page("zuidoost/partnerschap/")
    assert 'id="zo-vertrouwen-01"' in real_site.page("zuidoost/citaten/")


def test_no_catalog_without_site_url(tmp_path: Path) -> None:
    project = copy_site("links", tmp_path)
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(f"site_url: {SITE_URL}\n", ""),
        encoding="utf-8",
    )
    built = build(project)
    assert built.returncode == 0, built.stderr
    assert not (built.site / "catalog.json").exists()
    assert follow(built.site, "id/no-samen/") == "noord/samen/"
    shutil.rmtree(built.site)


# ------------------------------------------------------------------ shareable pages

OG = re.compile(r'<meta property="(og:[a-z_]+)" content="([^"]*)">')
DESCRIPTION = re.compile(r'<meta name="description" content="([^"]*)">')


def test_every_page_has_opengraph_tags_and_its_own_description(real_site: Built) -> None:
    site_description = DESCRIPTION.search(
        (real_site.site / "voor-auteurs" / "index.html").read_text(encoding="utf-8")
    )
    pages = sorted(real_site.site.rglob("*.html"))
    assert len(pages) > 50
    for path in pages:
        relative = path.relative_to(real_site.site).as_posix()
        if relative == "404.html":
            continue
        head = path.read_text(encoding="utf-8").split("</head>", 1)[0]
        tags = dict(OG.findall(head))
        assert set(tags) >= {
            "og:title", "og:description", "og:url", "og:type", "og:locale", "og:site_name"
        }, relative  # fmt: skip
        assert tags["og:locale"] == "nl_NL"
        assert tags["og:url"].startswith("https://handreiking.example.org/")
        assert tags["og:type"] in {"article", "book", "website"}
        descriptions = DESCRIPTION.findall(head)
        assert len(descriptions) == 1 and descriptions[0], relative
        assert descriptions[0] == tags["og:description"]
    assert site_description is not None


def test_a_description_from_the_first_paragraph_leaves_out_a_citations_reference(
    tmp_path: Path,
) -> None:
    project = copy_site("links", tmp_path)
    chapter = project / "docs" / "noord" / "samen.md"
    chapter.write_text(
        chapter.read_text(encoding="utf-8").replace("samenvatting: Een testhoofdstuk.\n", ""),
        encoding="utf-8",
    )
    built = build(project)
    assert built.returncode == 0, built.stderr
    page = built.page("noord/samen/")
    # the page does show the full reference beside the citation, as a tooltip
    assert 'role="tooltip"' in page
    descriptions = DESCRIPTION.findall(page.split("</head>", 1)[0])
    assert descriptions == ["Respect is wederkerig (Sennett, 2003, p. 12)."]
    permanent = built.page("id/no-samen/").split("</head>", 1)[0]
    assert DESCRIPTION.findall(permanent) == descriptions


def test_a_chapter_is_described_by_its_summary_and_its_id_page_by_the_same(
    real_site: Built,
) -> None:
    chapter = real_site.page("zuidoost/partnerschap/").split("</head>", 1)[0]
    permanent = real_site.page("id/zo-partnerschap/").split("</head>", 1)[0]
    summary = re.search(
        r"^samenvatting:\s*(.+)$",
        (ROOT / "docs/zuidoost/partnerschap.md").read_text(encoding="utf-8"),
        re.M,
    )
    described = DESCRIPTION.findall(chapter)
    assert described
    if summary is not None:
        assert described[0].startswith(summary.group(1).strip().strip("\"'")[:40])
    # A link preview does not follow the redirect: the /id/ page says the same.
    assert dict(OG.findall(permanent)) == dict(OG.findall(chapter)) | {
        "og:url": dict(OG.findall(chapter))["og:url"]
    }
    assert DESCRIPTION.findall(permanent) == described
    assert dict(OG.findall(chapter))["og:type"] == "article"
    assert dict(OG.findall(real_site.page("zuidoost/")))["og:type"] == "book"


# -- the catalog's indented JSON, written piece by piece ------------------------------


@pytest.mark.parametrize("depth", [0, 1, 2, 3, 5])
def test_the_catalogs_json_is_indented_exactly_as_the_json_module_does(
    monkeypatch: pytest.MonkeyPatch, depth: int
) -> None:
    from handreiking.outputs.links import collector

    monkeypatch.setattr(collector, "_PIECE_DEPTH", depth)  # pieces this deep
    monkeypatch.setattr(collector, "_INDENTED", {})
    data = {
        "titel": "Citaten “zó” — één\tregel\nen nog één",
        "leeg": {},
        "niets": [],
        "getallen": [0, -3, 2.5, 1e100, True, False, None],
        "lijst": [{"a": [1, [2, [3, {}]]], "b": "x"}, ["y", {"c": None}], ("z", "w")],
        "diep": {"een": {"twee": {"drie": ["vier" * 5, {"vijf": [[], {}]}]}}},
        "sleutels": {3: "een getal als sleutel", "4": "een tekst"},
    }
    expected = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    assert collector._indented_json(data) == expected
    # again, from the pieces kept, and after one piece changed
    assert collector._indented_json(data) == expected
    data["lijst"][0]["b"] = "anders"  # type: ignore[index]
    assert collector._indented_json(data) == json.dumps(data, ensure_ascii=False, indent=2) + "\n"


@pytest.mark.parametrize("depth", [0, 1, 2, 3])
def test_a_kept_piece_of_the_catalog_is_indented_as_where_it_stands(depth: int) -> None:
    from handreiking.outputs.links import collector

    entry = {"id": "no-01", "themes": ["a", "b"], "where": {"url": "x/", "used_in": []}}
    piece = collector._Indented(collector._indented(entry, depth), depth)
    # the piece where the catalog's pieces stand (two deep) and less deep, whatever its own
    for data in (piece, [piece, 1], {"a": [{"b": 2}, piece], "c": piece}):
        expected = json.loads(json.dumps(data, default=lambda _piece: entry))
        written = collector._indented_json(data)
        assert written == json.dumps(expected, ensure_ascii=False, indent=2) + "\n"
