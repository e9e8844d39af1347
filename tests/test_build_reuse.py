"""A build that reuses what an earlier build kept in ``.cache/handreiking/`` (plugin/pagecache.py)
gives, after any kind of change, byte for byte the site a build from scratch gives."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import check_problems, copy_site, edit_file, files_of, run_cli, run_command

CACHE = Path(".cache") / "handreiking"


def _build(project: Path, site: str) -> tuple[int, int]:
    """``handreiking -v build`` into ``site``: how many pages it converted and rendered."""
    ran = run_cli("-v", "build", "--zonder-pdf", "-d", site, cwd=project)
    assert ran.returncode == 0, ran.stdout + ran.stderr
    assert "Traceback" not in ran.stderr
    found = re.search(r"pagina's: (\d+) omgezet, \d+ hergebruikt; (\d+) opgemaakt", ran.stderr)
    assert found is not None, ran.stderr
    return int(found[1]), int(found[2])


def _reused_equals_cold(project: Path) -> tuple[int, int]:
    """Build with the cache of the build before, then from scratch: the same bytes."""
    counts = _build(project, "site-reused")
    shutil.rmtree(project / CACHE)
    _build(project, "site-cold")
    reused, cold = files_of(project / "site-reused"), files_of(project / "site-cold")
    assert sorted(reused) == sorted(cold)
    assert [name for name in reused if reused[name] != cold[name]] == []
    return counts


def _with_own_template(project: Path) -> Path:
    """A ``custom_dir`` with a partial of the project's own (the footer's copyright)."""
    ours = Path(__file__).parents[1] / "plugins" / "handreiking" / "templates" / "partials"
    partials = project / "overrides" / "partials"
    partials.mkdir(parents=True)
    shutil.copy(ours / "copyright.html", partials / "copyright.html")
    edit_file(project / "mkdocs.yml", "theme:\n", "theme:\n  custom_dir: overrides\n")
    return partials / "copyright.html"


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


CHANGES = {
    "chapter-text": lambda p: _append(p / "docs/noord/partnerschap.md", "\nEen nieuwe zin.\n"),
    "chapter-title": lambda p: edit_file(
        p / "docs/noord/partnerschap.md", "# Partnerschap in Noord", "# Samen in Noord"
    ),
    "quote": lambda p: edit_file(
        p / "docs/noord/citaten.yml", "Samen kom je verder", "Samen kom je veel verder"
    ),
    "box": lambda p: edit_file(
        p / "docs/bouwstenen/samen.md", "begint met elkaar kennen", "begint met luisteren"
    ),
    "bibliography": lambda p: edit_file(p / "bibliography.bib", "Samen werken", "Samen leren"),
    "edition-status": lambda p: edit_file(
        p / "docs/zuid/index.md", "status: in-voorbereiding", "status: gepubliceerd"
    ),
    "template": lambda p: _append(p / "overrides/partials/copyright.html", "\n<p>Extra</p>\n"),
    "mkdocs-yml": lambda p: edit_file(
        p / "mkdocs.yml", "site_name: Testhandreiking met edities", "site_name: Andere naam"
    ),
}


@pytest.mark.parametrize("change", CHANGES)
def test_a_reusing_build_after_a_change_is_a_build_from_scratch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change: str
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # no git in the copy
    project = copy_site("edities", tmp_path)
    _with_own_template(project)
    converted, rendered = _build(project, "site-first")
    assert converted > 20 and rendered == converted
    assert (project / CACHE / "pages.json").is_file()

    CHANGES[change](project)
    converted, rendered = _reused_equals_cold(project)
    if change == "chapter-text":
        # the chapter itself, and what shows its words: nothing else
        assert 1 <= converted <= 3 and 1 <= rendered <= 3


def test_a_reusing_build_lists_what_a_chapter_now_cites_and_places(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The literature list and the quote overview of the edition follow the chapters."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    project = copy_site("edities", tmp_path)
    _build(project, "site-first")
    literature = Path("noord") / "literatuur" / "index.html"
    overview = Path("noord") / "citaten" / "index.html"

    def shown(site: str) -> tuple[bool, bool]:
        html = (project / site / overview).read_text(encoding="utf-8")
        start = html.index('id="no-vertrouwen-01"')
        figure = html[start : html.index("</figure>", start)]
        listed = 'id="lit-delta2004"' in (project / site / literature).read_text(encoding="utf-8")
        return listed, "partnerschap/" in figure

    assert shown("site-first") == (False, False)
    _append(
        project / "docs/noord/partnerschap.md",
        "\nZie ook [@delta2004].\n\n/// citaat | no-vertrouwen-01\n///\n",
    )
    _reused_equals_cold(project)
    assert shown("site-reused") == (True, True)


def test_nothing_changed_converts_and_renders_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    project = copy_site("edities", tmp_path)
    _build(project, "site-first")
    assert _reused_equals_cold(project) == (0, 0)


def test_the_build_command_ends_with_its_site_whole_and_its_cache_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The command's process ends at once after a build (nothing taken apart on the way
    out): what it says is all there, its site is whole, and what it keeps is written
    whole: the next build, in a process of its own, converts and renders nothing and
    gives the same bytes."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    project = copy_site("edities", tmp_path)
    first = run_command("-v", "build", "--zonder-pdf", "-d", "site-first", cwd=project)
    assert first.returncode == 0, first.stderr
    assert first.stderr.rstrip().endswith(f"De site staat in {project / 'site-first'}")
    second = run_command("-v", "build", "--zonder-pdf", "-d", "site-second", cwd=project)
    assert second.returncode == 0, second.stderr
    assert re.search(r"pagina's: 0 omgezet, \d+ hergebruikt; 0 opgemaakt", second.stderr), (
        second.stderr
    )
    built, again = files_of(project / "site-first"), files_of(project / "site-second")
    assert len(built) > 20 and built == again


DAMAGE = {
    "index-garbage": ("pages.json", lambda b: b"{niet eens json"),
    "index-cut": ("pages.json", lambda b: b[: len(b) // 2]),
    "index-misshapen": ("pages.json", lambda b: b.replace(b'"key"', b'"sleutel"', 1)),
    "pack-cut": ("pages.pack", lambda b: b[: len(b) // 2]),
    "pack-flipped": ("pages.pack", lambda b: b[:100] + bytes([b[100] ^ 0xFF]) + b[101:]),
    "pack-gone": ("pages.pack", None),
    # the works' digests and the literature lists kept beside the pages
    "works-misshapen": (
        "pages.json",
        lambda b: b.replace(b'"documents":{', b'"documents":{"x":1,'),
    ),
    "lists-misshapen": ("pages.json", lambda b: b.replace(b'"lists":{', b'"lists":{"x":1,', 1)),
}


@pytest.mark.parametrize("damage", DAMAGE)
def test_a_damaged_cache_counts_as_empty(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: str
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    project = copy_site("edities", tmp_path)
    _build(project, "site-first")
    name, spoil = DAMAGE[damage]
    file = project / CACHE / name
    if spoil is None:
        file.unlink()
    else:
        file.write_bytes(spoil(file.read_bytes()))

    converted, rendered = _reused_equals_cold(project)

    assert converted > 20 and rendered == converted  # all the work, as from scratch


def test_without_cache_nothing_of_the_pages_is_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = copy_site("edities", tmp_path)
    edit_file(
        project / "mkdocs.yml", "  - handreiking:\n", "  - handreiking:\n      cache: false\n"
    )
    for site in ("site-first", "site-second"):
        ran = run_cli("-v", "build", "--zonder-pdf", "-d", site, cwd=project)
        assert ran.returncode == 0, ran.stderr
        assert "hergebruikt" not in ran.stderr
    assert not (project / CACHE).exists()


def test_what_a_stopped_build_left_is_removed_by_the_next(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    project = copy_site("edities", tmp_path)
    _build(project, "site-first")
    left = project / CACHE / "pages.pack.12345.tmp"  # a build stopped while writing
    left.write_bytes(b"half a pack")
    _append(project / "docs/noord/partnerschap.md", "\nEen nieuwe zin.\n")
    _reused_equals_cold(project)
    assert not left.exists()
    assert sorted(p.name for p in (project / CACHE).glob("pages*")) == ["pages.json", "pages.pack"]


# -- an edit of data converts only the pages that read what changed ---------------------


def _converted_pages(project: Path, site: str) -> set[str]:
    """``handreiking -v build`` into ``site``: the pages it converted, as its log names them."""
    ran = run_cli("-v", "build", "--zonder-pdf", "-d", site, cwd=project)
    assert ran.returncode == 0, ran.stdout + ran.stderr
    found = re.search(r"omgezet: (.*)", ran.stderr)
    assert found is not None, ran.stderr
    return set() if found[1] == "-" else set(re.sub(r" en \d+ andere$", "", found[1]).split(", "))


def _reused_as_cold(project: Path) -> set[str]:
    """What a reusing build converted; its site is the site a build from scratch makes."""
    converted = _converted_pages(project, "site-reused")
    shutil.rmtree(project / CACHE)
    _converted_pages(project, "site-cold")
    reused, cold = files_of(project / "site-reused"), files_of(project / "site-cold")
    assert sorted(reused) == sorted(cold)
    assert [name for name in reused if reused[name] != cold[name]] == []
    return converted


DATA_CHANGES = {
    # a quote placed in one chapter: that chapter and the overviews that list it
    "one-quote": (
        lambda p: edit_file(
            p / "docs/noord/citaten.yml", "Samen kom je verder", "Samen kom je veel verder"
        ),
        {
            "noord/partnerschap.md",
            "noord/citaten.md",
            "citaten.md",
            "themas.md",  # its Markdown shows the quotes of each theme
        },
    ),
    # a theory box: the two chapters that place it and its own page
    "one-box": (
        lambda p: edit_file(
            p / "docs/bouwstenen/samen.md", "begint met elkaar kennen", "begint met luisteren"
        ),
        {"bouwstenen/samen.md", "noord/partnerschap.md", "west/partnerschap.md"},
    ),
    # a work cited by one chapter
    "one-work": (
        lambda p: edit_file(p / "bibliography.bib", "Tijd voor elkaar", "Tijd voor elkander"),
        # the lists' Markdown holds the references
        {"noord/partnerschap.md", "noord/literatuur.md", "literatuur.md"},
    ),
}


@pytest.mark.parametrize("change", DATA_CHANGES)
def test_an_edit_of_data_converts_only_the_pages_that_read_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change: str
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    project = copy_site("edities", tmp_path)
    _converted_pages(project, "site-first")
    edit, expected = DATA_CHANGES[change]
    edit(project)
    assert _reused_as_cold(project) == expected


def _first_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    project = copy_site("edities", tmp_path)
    _converted_pages(project, "site-first")
    return project


def test_a_quote_whose_consent_is_withdrawn_fails_the_page_that_placed_it_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = _first_build(tmp_path, monkeypatch)
    # the other quote of the file, listed only in the overviews: they alone change
    edit_file(
        project / "docs/noord/citaten.yml",
        'verdienen."\n  rol: bewoner\n  thema: [vertrouwen]\n  toestemming: true',
        'verdienen."\n  rol: bewoner\n  thema: [vertrouwen]\n  toestemming: false',
    )
    assert _reused_as_cold(project) == {"noord/citaten.md", "citaten.md", "themas.md"}
    # the placed one: the chapter is converted again, and says so as a build from scratch
    edit_file(
        project / "docs/noord/citaten.yml",
        'alleen."\n  rol: vrijwilliger\n  thema: [partnerschap]\n  toestemming: true',
        'alleen."\n  rol: vrijwilliger\n  thema: [partnerschap]\n  toestemming: false',
    )
    ran = run_cli("build", "--zonder-pdf", "-d", "site-reused", cwd=project)
    assert ran.returncode != 0
    assert "citaat 'no-partnerschap-01' mag niet worden geplaatst" in ran.stderr


def test_a_quote_placed_before_it_existed_shows_once_it_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = _first_build(tmp_path, monkeypatch)
    _append(project / "docs/noord/vertrouwen.md", "\n/// citaat | no-nieuw-01\n///\n")
    ran = run_cli("build", "--zonder-pdf", "-d", "site-failed", cwd=project)
    assert ran.returncode != 0 and "onbekend citaat 'no-nieuw-01'" in ran.stderr
    _append(
        project / "docs/noord/citaten.yml",
        '- id: no-nieuw-01\n  tekst: "Een nieuw citaat."\n  rol: bewoner\n'
        "  thema: [vertrouwen]\n  toestemming: true\n",
    )
    assert "noord/vertrouwen.md" in _reused_as_cold(project)
    page = (project / "site-reused/noord/vertrouwen/index.html").read_text(encoding="utf-8")
    assert "Een nieuw citaat." in page


def test_a_work_that_gets_a_year_letter_is_cited_with_it_on_every_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Gamma (2003) becomes Gamma (2003a) once the edition cites another work of hers of
    # 2003: the chapter that cites the first work shows the letter, though neither it
    # nor that work changed.
    project = _first_build(tmp_path, monkeypatch)
    _append(
        project / "bibliography.bib",
        "\n@book{gamma2003b,\n  author = {Gamma, Gerda},\n  title = {Uur voor uur},\n"
        "  year = {2003},\n  publisher = {Testuitgeverij},\n}\n",
    )
    _append(project / "docs/noord/vertrouwen.md", "\nZie ook @gamma2003b.\n")
    assert "noord/partnerschap.md" in _reused_as_cold(project)
    page = (project / "site-reused/noord/partnerschap/index.html").read_text(encoding="utf-8")
    assert "2003a" in page


def test_a_year_letter_the_edition_alone_gives_shows_in_its_list_and_on_its_pages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The bibliography is the same as the build before had; only what the edition cites
    # changed: the works' digests and the literature lists kept for that bibliography
    # are of another reference list, and are not reused.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    project = copy_site("edities", tmp_path)
    _append(
        project / "bibliography.bib",
        "\n@book{gamma2003b,\n  author = {Gamma, Gerda},\n  title = {Uur voor uur},\n"
        "  year = {2003},\n  publisher = {Testuitgeverij},\n}\n",
    )
    _converted_pages(project, "site-first")
    assert _converted_pages(project, "site-again") == set()  # lists, digests from the disk
    kept = json.loads((project / CACHE / "pages.json").read_text(encoding="utf-8"))["data"]
    assert kept["lists"] and kept["works"]["documents"]
    _append(project / "docs/noord/vertrouwen.md", "\nZie ook @gamma2003b.\n")
    converted = _reused_as_cold(project)
    assert {"noord/partnerschap.md", "noord/literatuur.md"} <= converted
    page = (project / "site-reused/noord/partnerschap/index.html").read_text(encoding="utf-8")
    listed = (project / "site-reused/noord/literatuur/index.html").read_text(encoding="utf-8")
    assert "2003a" in page and "2003b" in listed


def _notice_line(project: Path, site: str) -> str:
    """What ``handreiking build`` says of the cited works that lack something."""
    ran = run_cli("build", "--zonder-pdf", "-d", site, cwd=project)
    assert ran.returncode == 0, ran.stdout + ran.stderr
    return "\n".join(line for line in ran.stderr.splitlines() if "na te kijken" in line)


def test_a_reusing_build_counts_the_works_that_lack_something_as_one_from_scratch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The count is kept by the bibliography and the works listed: an edit of either
    # counts again.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    project = copy_site("edities", tmp_path)
    assert _notice_line(project, "site-first") == ""
    edit_file(
        project / "bibliography.bib",
        "  publisher = {Testuitgeverij},\n}\n\n@book{beta",
        "}\n\n@book{beta",
    )
    said = _notice_line(project, "site-second")
    assert "bij 1 bron is iets na te kijken" in said
    assert _notice_line(project, "site-third") == said  # kept
    # what the build left for the next check names the work, as a check from scratch
    checked = run_cli("check", "--literatuur", cwd=project)
    assert "bibliography.bib:1: " in checked.stdout + checked.stderr
    _append(project / "docs/noord/vertrouwen.md", "\nZie ook @delta2004.\n")
    edit_file(
        project / "bibliography.bib",
        "  year = {2004},\n  publisher = {Testuitgeverij},\n",
        "  year = {2004},\n",
    )
    said = _notice_line(project, "site-fourth")
    assert "bij 2 bronnen is iets na te kijken" in said
    again = run_cli("check", "--literatuur", cwd=project)
    shutil.rmtree(project / CACHE)
    assert _notice_line(project, "site-cold") == said
    shutil.rmtree(project / CACHE)
    cold = run_cli("check", "--literatuur", cwd=project)
    assert (again.returncode, again.stdout, again.stderr) == (
        cold.returncode,
        cold.stdout,
        cold.stderr,
    )


# -- "Citeer deze pagina", .bib and .ris: formatted once (outputs/links/citecache.py) ----

CITATIONS = CACHE / "citations.json"


def _citations_of(project: Path, site: str) -> tuple[int, int]:
    """``handreiking -v build`` into ``site``: how many citations it formatted and reused."""
    ran = run_cli("-v", "build", "--zonder-pdf", "-d", site, cwd=project)
    assert ran.returncode == 0, ran.stdout + ran.stderr
    found = re.search(r"citeerteksten: (\d+) opgemaakt, (\d+) hergebruikt", ran.stderr)
    assert found is not None, ran.stderr
    return int(found[1]), int(found[2])


def _citeer(page: Path) -> str:
    """The "Citeer deze pagina" block of a built page."""
    found = re.search(
        r'<details class="quote handreiking-citeer".*?</details>', page.read_text(), re.S
    )
    assert found is not None, page
    return found[0]


@pytest.mark.parametrize("change", ["chapter-title", "edition-status"])
def test_a_reusing_build_formats_only_the_citations_that_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change: str
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    project = copy_site("edities", tmp_path)
    formatted, reused = _citations_of(project, "site-first")
    assert formatted > 5 and reused == 0
    assert CITATIONS.name in {p.name for p in (project / CACHE).iterdir()}

    CHANGES[change](project)
    again, reused = _citations_of(project, "site-reused")
    shutil.rmtree(project / CACHE)
    assert _citations_of(project, "site-cold")[1] == 0  # from scratch: all formatted
    reused_site, cold_site = files_of(project / "site-reused"), files_of(project / "site-cold")
    assert [name for name in reused_site.keys() | cold_site.keys()
            if reused_site.get(name) != cold_site.get(name)] == []  # fmt: skip

    if change == "chapter-title":
        assert (again, reused) == (1, formatted - 1)  # that chapter's, nothing else
        page = project / "site-reused" / "noord" / "partnerschap"
        assert "Samen in Noord" in _citeer(page / "index.html")
        assert "Samen in Noord" in (page / "no-partnerschap.bib").read_text(encoding="utf-8")
        assert "Samen in Noord" in (page / "no-partnerschap.ris").read_text(encoding="utf-8")
    else:
        # the edition now published is cited, its start page first; the rest reused
        assert again >= 1 and reused == formatted
        start = project / "site-reused" / "zuid"
        assert "Handreiking Zuid" in _citeer(start / "index.html")
        assert (start / "zu-start.bib").is_file() and (start / "zu-start.ris").is_file()


CITATION_DAMAGE = {
    "garbage": lambda b: b"{niet eens json",
    "cut": lambda b: b[: len(b) // 2],
    "foreign-code": lambda b: re.sub(rb'"code":"[0-9a-f]+"', b'"code":"ander"', b),
    "unknown-meta-tag": lambda b: b.replace(b'"citation_title"', b'"citation_script"'),
    "markup-in-reference": lambda b: b.replace(b'["tag","em"', b'["tag","script"'),
    # a symbol no backend knows: rendering it would fail
    "unknown-symbol": lambda b: b.replace(b'["text",[', b'["text",[["symbol","x"],'),
    # rich text that rich text would have merged or dropped: not what this code writes
    "unmerged-parts": lambda b: b.replace(
        b'["text",[', b'["text",[["tag","em",["a"]],["tag","em",["b"]],'
    ),
    "nested-text": lambda b: b.replace(b'["text",[', b'["text",[["text",["a"]],'),
    "misshapen": lambda b: b.replace(b'"works":{', b'"works":{"x":[1],', 1).replace(
        b'\\r\\n"]', b'\\r\\n",7]'
    ),
}


@pytest.mark.parametrize("damage", CITATION_DAMAGE)
def test_a_damaged_citation_cache_counts_as_empty(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: str
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    project = copy_site("edities", tmp_path)
    formatted, _ = _citations_of(project, "site-first")
    file = project / CITATIONS
    spoiled = CITATION_DAMAGE[damage](file.read_bytes())
    assert spoiled != file.read_bytes(), "the damage must change the file"
    file.write_bytes(spoiled)

    assert _citations_of(project, "site-reused") == (formatted, 0)  # all formatted again
    assert files_of(project / "site-reused") == files_of(project / "site-first")
    assert _citations_of(project, "site-again") == (0, formatted)  # and kept whole again


def test_a_refused_build_keeps_no_citations(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    project = copy_site("edities", tmp_path)
    edit_file(project / "docs/noord/partnerschap.md", "| no-partnerschap-01", "| no-bestaat-niet")
    ran = run_cli("-v", "build", "--zonder-pdf", "-d", "site", cwd=project)
    assert ran.returncode != 0
    assert "citeerteksten:" in ran.stderr  # the citations were made, and not kept
    assert not (project / CITATIONS).exists()


def test_a_crafted_citation_cache_puts_no_markup_on_a_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the cache holds is data: a reference is rich text rendered (and escaped) by
    the style's backend, a meta tag a name this code writes and its escaped value."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    project = copy_site("edities", tmp_path)
    _citations_of(project, "site-first")
    file = project / CITATIONS
    stored = json.loads(file.read_text(encoding="utf-8"))
    for reference, tags, _bib, _ris in stored["data"]["works"].values():
        reference[1].insert(0, '<script>alert("apa")</script>')
        tags[0][1] = '"><script>alert("meta")</script>'
    file.write_text(json.dumps(stored), encoding="utf-8")

    assert _citations_of(project, "site-crafted")[1] > 5  # taken as it is: it has the shape
    pages = list((project / "site-crafted").rglob("*.html"))
    shown = [page for page in pages if "&lt;script&gt;alert(&quot;apa&quot;)" in page.read_text()]
    assert shown, "the crafted text is on the pages, as text"
    assert not [page for page in pages if "<script>alert(" in page.read_text()]


# -- the privacy scan's findings per source file (content/privacy.py, privacy-*.json) ----

PHONE = "\nBel 06-12345678 gerust.\n"


def _refused(project: Path) -> str:
    """``handreiking build`` of ``project``, which must fail: what it said."""
    ran = run_cli("build", "--zonder-pdf", "-d", "site", cwd=project)
    assert ran.returncode == 1, ran.stderr
    assert "Traceback" not in ran.stderr
    return ran.stderr


def test_the_privacy_scan_kept_on_disk_reports_its_findings_on_every_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    project = copy_site("edities", tmp_path)
    _build(project, "site-first")
    (kept,) = (project / CACHE).glob("privacy-*.json")
    _append(project / "docs/noord/partnerschap.md", PHONE)
    (expected,) = check_problems(project)
    assert "'06-12345678'" in expected
    assert f"FOUT - {expected}\n" in _refused(project)
    # The chapter's findings now come from the file: said all the same.
    assert f"FOUT - {expected}\n" in _refused(project)
    edit_file(project / "docs/noord/partnerschap.md", PHONE, "\n")
    assert check_problems(project) == []
    _build(project, "site-fixed")
    assert [p.name for p in (project / CACHE).glob("privacy-*.json")] == [kept.name]


@pytest.mark.parametrize("damage", ["garbage", "misshapen", "forged"])
def test_a_damaged_or_forged_privacy_cache_hides_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: str
) -> None:
    """A damaged file counts as empty; a forged one that claims a chapter is clean
    leaves the detail to the publication gate, which reads the output itself."""
    import json

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    project = copy_site("edities", tmp_path)
    _append(project / "docs/noord/partnerschap.md", PHONE)
    (expected,) = check_problems(project)
    _refused(project)
    (kept,) = (project / CACHE).glob("privacy-*.json")
    if damage == "garbage":
        kept.write_bytes(b"{niet eens json")
    else:
        stored = json.loads(kept.read_text(encoding="utf-8"))
        for key in stored["data"]:
            stored["data"][key] = {"x": 1} if damage == "misshapen" else [[], [], []]
        kept.write_text(json.dumps(stored), encoding="utf-8")
    said = _refused(project)
    if damage == "forged":
        assert "in de gepubliceerde tekst van deze pagina staat een telefoonnummer" in said
        assert not (project / "site").exists()
    else:
        assert f"FOUT - {expected}\n" in said


# -- what a reusing build saves again, and the theme's error page --------------------------


def _summary(project: Path, site: str) -> str:
    """``handreiking -v build`` into ``site``: the page cache's line of its log."""
    ran = run_cli("-v", "build", "--zonder-pdf", "-d", site, cwd=project)
    assert ran.returncode == 0, ran.stdout + ran.stderr
    found = re.search(r"pagina's: .*", ran.stderr)
    assert found is not None, ran.stderr
    return found[0]


def test_what_a_reusing_build_saved_again_is_reused_by_the_next(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The conversions a reusing build took from disk are saved as they were read: a
    third build after another edit reuses them, and still gives a build from scratch."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    project = copy_site("edities", tmp_path)
    _build(project, "site-first")
    _append(project / "docs/noord/partnerschap.md", "\nEen nieuwe zin.\n")
    _build(project, "site-second")
    _append(project / "docs/noord/vertrouwen.md", "\nNog een nieuwe zin.\n")
    converted, rendered = _reused_equals_cold(project)
    assert 1 <= converted <= 3 and 1 <= rendered <= 3


@pytest.mark.parametrize(
    ("change", "reused"),
    [("chapter-text", True), ("chapter-title", False), ("mkdocs-yml", False), ("template", False)],
)
def test_the_error_page_is_rendered_again_only_when_its_frame_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change: str, reused: bool
) -> None:
    """404.html shows the navigation, the editions and the settings of every page's
    frame: reused after an edit of a chapter's text, made again after a change of a
    title, the settings or a template; either way the bytes of a build from scratch."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    project = copy_site("edities", tmp_path)
    _with_own_template(project)
    assert "404.html hergebruikt" not in _summary(project, "site-first")
    CHANGES[change](project)
    assert ("404.html hergebruikt" in _summary(project, "site-reused")) == reused
    shutil.rmtree(project / CACHE)
    _build(project, "site-cold")
    assert (project / "site-reused/404.html").read_bytes() == (
        project / "site-cold/404.html"
    ).read_bytes()
    reused_files, cold = files_of(project / "site-reused"), files_of(project / "site-cold")
    assert [name for name in reused_files if reused_files[name] != cold.get(name)] == []


# -- the gate's judging of a reusing build in forked processes (gate._Digested) --------

JUDGED = re.compile(r"gate: (\d+) bestanden in een ander proces beoordeeld")


@pytest.mark.parametrize("change", ["chapter-text", "quote"])
def test_a_reusing_build_judged_in_forked_processes_gives_the_site_of_one_from_scratch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change: str
) -> None:
    """A reusing build ends its reading of reused pages before the gate, so the gate's
    judging forks as in a build from scratch; the site is a cold build's, byte for byte."""
    from handreiking.plugin import forkedpages

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    monkeypatch.setattr(forkedpages, "WORKERS", 3)  # as a large site forks by itself
    project = copy_site("edities", tmp_path)
    _build(project, "site-first")
    CHANGES[change](project)
    ran = run_cli("-v", "build", "--zonder-pdf", "-d", "site-reused", cwd=project)
    assert ran.returncode == 0, ran.stderr
    rendered = re.search(r"pagina's: .*; \d+ opgemaakt, (\d+) hergebruikt", ran.stderr)
    assert rendered is not None and int(rendered[1]) > 20  # most pages reused
    assert len(JUDGED.findall(ran.stderr)) == 2  # two shares in children
    shutil.rmtree(project / CACHE)
    _build(project, "site-cold")
    reused, cold = files_of(project / "site-reused"), files_of(project / "site-cold")
    assert sorted(reused) == sorted(cold)
    assert [name for name in reused if reused[name] != cold[name]] == []


PHONE = "<p>Bel 06-12345678</p>"


@pytest.mark.parametrize("forked", [True, False])
def test_a_page_changed_after_a_forked_process_read_it_is_read_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, forked: bool
) -> None:
    """What a forked process read of a page counts only for exactly the bytes it read,
    and only while every page before it in its share was taken so: a page changed after
    it was read is read again, and so is the rest of its share. Here two pages' frames
    get a phone number before the gate, and the first loses it once the child has read
    both; the gate finds it on the second page, as it does without forking."""
    from handreiking.outputs import gate
    from handreiking.plugin import forkedpages

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    monkeypatch.setattr(forkedpages, "WORKERS", 2 if forked else 1)
    project = copy_site("edities", tmp_path)
    _build(project, "site-first")
    _append(project / "docs/noord/partnerschap.md", "\nEen nieuwe zin.\n")
    first, second = "west/buurt/index.html", "west/partnerschap/index.html"
    seen = tmp_path / "child-read-both"
    inspect, verdicts_of = gate.Gate.inspect, gate.Gate.verdicts_of

    def tampered_inspect(self: gate.Gate, site_dir: Path, workers: int | None = None) -> Any:
        # in the frames, before the article (in one process: as the child leaves them)
        for page in (first, second) if forked else (second,):
            edit_file(site_dir / page, "<article", f"{PHONE}<article")
        return inspect(self, site_dir, workers)

    def tampering_child(self: gate.Gate, site_dir: Path, dests: list[str]) -> Any:
        answer = verdicts_of(self, site_dir, dests)
        if first in dests and second in dests:  # read both: now the first changes
            edit_file(site_dir / first, f"{PHONE}<article", "<article")
            seen.touch()
        return answer

    monkeypatch.setattr(gate.Gate, "inspect", tampered_inspect)
    monkeypatch.setattr(gate.Gate, "verdicts_of", tampering_child)
    ran = run_cli("-v", "build", "--zonder-pdf", "-d", "site-reused", cwd=project)
    assert ran.returncode != 0
    assert seen.exists() == forked and bool(JUDGED.search(ran.stderr)) == forked
    found = sorted(line for line in ran.stderr.splitlines() if "06-12345678" in line)
    assert len(found) == 1 and "docs/west/partnerschap.md" in found[0], ran.stderr


def test_what_the_gate_read_of_a_page_is_kept_and_says_what_it_said(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The gate keeps what it read of each HTML file (its own text's digest, its frame's
    units) by the SHA-256 of the file's bytes, also for a build it refused; the next
    build reads those files by it, and finds a phone number in two pages' frames where
    it did, as it does when the kept file is damaged, or gone."""
    from handreiking.outputs import gate

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    project = copy_site("edities", tmp_path)
    inspect, own_and_units = gate.Gate.inspect, gate._own_and_units
    taken_apart: list[str] = []

    def tampered_inspect(self: gate.Gate, site_dir: Path, workers: int | None = None) -> Any:
        for page in ("west/buurt/index.html", "west/partnerschap/index.html"):
            edit_file(site_dir / page, "<article", f"{PHONE}<article")
        return inspect(self, site_dir, workers)

    def counted(page: str) -> Any:
        taken_apart.append(page)
        return own_and_units(page)

    monkeypatch.setattr(gate.Gate, "inspect", tampered_inspect)
    monkeypatch.setattr(gate, "_own_and_units", counted)

    def said() -> tuple[list[str], int]:
        taken_apart.clear()
        ran = run_cli("build", "--zonder-pdf", "-d", "site", cwd=project)
        assert ran.returncode != 0
        return sorted(line for line in ran.stderr.splitlines() if "06-12345678" in line), len(
            taken_apart
        )

    first, read_first = said()
    # the frame's text is read once per build, where it first shows
    assert len(first) == 1 and "docs/west/buurt.md" in first[0] and "andere" not in first[0]
    (kept,) = (project / CACHE).glob("gatepages-*.json")
    again, read_again = said()
    assert again == first and read_first > 20 and read_again == 0  # every file known
    body = kept.read_bytes()
    kept.write_bytes(body[:-20] + bytes([body[-20] ^ 1]) + body[-19:])  # damaged
    damaged, read_damaged = said()
    assert damaged == first and read_damaged > 20  # counted as empty: every page read
    kept.unlink()
    gone, read_gone = said()
    assert gone == first and read_gone > 20
