"""Editions: start pages, the switcher, /themas/, one edition alone, and the checks.

The site ``tests/sites/edities`` has three published editions (Noord, West, Oost)
that share theory boxes and bib entries, and one in preparation (Zuid).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import Built, build, copy_site, edit_file

SITE = "edities"


@pytest.fixture(scope="module")
def whole(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return build(copy_site(SITE, tmp_path_factory.mktemp("whole")))


@pytest.fixture(scope="module")
def west_alone(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return build(copy_site(SITE, tmp_path_factory.mktemp("west")), "--editie", "west")


def _section(html: str, start: str, end: str) -> str:
    match = re.search(re.escape(start) + r".*?" + re.escape(end), html, re.S)
    assert match is not None, f"{start!r} not found"
    return match.group(0)


def switcher_links(built: Built, url_path: str) -> dict[str, str]:
    """The switcher of a page: edition id → href."""
    nav = _section(built.page(url_path), '<nav class="handreiking-editiekiezer"', "</nav>")
    found = re.findall(r'<a href="([^"]*)" class="md-version__link" data-editie="([^"]+)"', nav)
    return {edition: href for href, edition in found}


def literature_keys(built: Built, url_path: str) -> set[str]:
    return set(re.findall(r'id="lit-([^"]+)"', built.page(url_path)))


# ----------------------------------------------------------------- the whole site


def test_whole_site_builds_strict_without_warnings(whole: Built) -> None:
    assert whole.returncode == 0, whole.stderr
    assert "WAARSCHUWING" not in whole.stderr


@pytest.mark.parametrize(
    ("edition", "keys"),
    [
        # noord cites gamma2003 itself and places the boxes samen (alfa2001) and respect (beta2002)
        ("noord", {"alfa2001", "beta2002", "gamma2003"}),
        # west only places the box samen
        ("west", {"alfa2001"}),
        # oost cites beta2002 itself and names epsilon2005 under nocite
        ("oost", {"beta2002", "epsilon2005"}),
    ],
)
def test_each_edition_lists_exactly_the_works_it_cites(
    whole: Built, edition: str, keys: set[str]
) -> None:
    assert literature_keys(whole, f"{edition}/literatuur/") == keys


def test_start_page_shows_the_edition_metadata_and_its_overviews(whole: Built) -> None:
    html = whole.page("noord/")
    card = _section(html, '<section class="handreiking-editie"', "</section>")
    for label, value in [
        ("Titel", "Handreiking Noord"),
        ("Ondertitel", "Testbuurt, Noord"),
        ("Stadsdeel", "Noord"),
        ("Gebied", "Testbuurt"),
        ("Jaar", "2020"),
        ("Status", "gepubliceerd"),
        ("Partners", "Testorganisatie, Testhogeschool"),
    ]:
        assert re.search(rf"<dt>{label}</dt>\s*<dd>{re.escape(value)}</dd>", card), label
    assert '<a href="citaten/">' in card
    assert '<a href="literatuur/">' in card
    assert "voorbereiding" not in card
    # the card comes right after the title, before the page's own text (the colophon)
    assert html.index("</h1>") < html.index(card) < html.index('id="colofon"')


def test_edition_in_preparation_says_so_and_links_to_no_content(whole: Built) -> None:
    card = _section(whole.page("zuid/"), '<section class="handreiking-editie"', "</section>")
    assert "In voorbereiding." in card
    assert "<dd>in voorbereiding</dd>" in card
    assert "<a " not in card
    assert not (whole.site / "zuid" / "citaten").exists()
    assert not (whole.site / "zuid" / "literatuur").exists()


def test_switcher_goes_to_the_chapter_with_the_same_id_suffix(whole: Built) -> None:
    assert switcher_links(whole, "noord/partnerschap/") == {
        "noord": "./",
        "west": "../../west/partnerschap/",  # no-partnerschap ↔ we-partnerschap
        "oost": "../../oost/",  # no chapter on partnerschap or tijd: the start page
        "zuid": "../../zuid/",
    }


def test_switcher_falls_back_to_a_chapter_on_the_same_theme(whole: Built) -> None:
    links = switcher_links(whole, "noord/vertrouwen/")
    assert links["west"] == "../../west/buurt/"  # shares the theme vertrouwen
    assert links["oost"] == "../../oost/"


def test_switcher_on_overviews_and_pages_of_the_whole_guide(whole: Built) -> None:
    assert switcher_links(whole, "noord/citaten/") == {
        "noord": "./",
        "west": "../../west/citaten/",
        "oost": "../../oost/citaten/",
        "zuid": "../../zuid/",  # in preparation: no overview
    }
    assert switcher_links(whole, "") == {
        "noord": "noord/",
        "west": "west/",
        "oost": "oost/",
        "zuid": "zuid/",
    }
    assert switcher_links(whole, "bouwstenen/samen/")["west"] == "../../west/"


def test_switcher_marks_the_current_edition_and_editions_in_preparation(whole: Built) -> None:
    nav = _section(whole.page("west/buurt/"), '<nav class="handreiking-editiekiezer"', "</nav>")
    assert 'aria-label="Kies een editie"' in nav
    assert '<summary class="md-version__current">Editie West</summary>' in nav
    assert re.search(r'data-editie="west" aria-current="true">West</a>', nav)
    assert "aria-current" not in nav.replace('data-editie="west" aria-current', "")
    assert re.search(r'data-editie="zuid">Zuid <span[^>]*>\(in voorbereiding\)</span>', nav)
    assert re.search(r'data-editie="oost">Oost</a>', nav)


def test_switcher_is_in_the_header_of_every_page(whole: Built) -> None:
    for page in whole.site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        if page.name == "404.html" or 'http-equiv="refresh"' in html:
            continue  # not a page of the guide (a redirect of /id/<id>/)
        header = _section(html, '<header class="md-header', "</header>")
        assert 'class="handreiking-editiekiezer"' in header, page


def test_switcher_escapes_an_edition_name_once(tmp_path: Path) -> None:
    project = copy_site(SITE, tmp_path)
    # '<' before a space is text, not markup (markup in front matter is refused)
    edit_file(
        project / "docs" / "zuid" / "index.md", "stadsdeel: Zuid", 'stadsdeel: "Zuid & < Ons"'
    )
    built = build(project)
    assert built.returncode == 0, built.stderr
    for url_path in ("noord/partnerschap/", "zuid/", ""):
        nav = _section(built.page(url_path), '<nav class="handreiking-editiekiezer"', "</nav>")
        assert re.search(r'data-editie="zuid"( aria-current="true")?>Zuid &amp; &lt; Ons <', nav)
        assert "&amp;amp;" not in nav and "< Ons" not in nav
    zuid = _section(built.page("zuid/"), '<nav class="handreiking-editiekiezer"', "</nav>")
    assert '<summary class="md-version__current">Editie Zuid &amp; &lt; Ons</summary>' in zuid


def test_themes_page_compares_the_editions_per_theme(whole: Built) -> None:
    html = whole.page("themas/")
    partnerschap = _section(html, 'id="partnerschap"', "</table>")
    rows = re.findall(r"<tr\b[^>]*>.*?</tr>", partnerschap, re.S)[1:]
    assert [re.search(r'<td[^>]*><a href="../([a-z]+)/">', row).group(1) for row in rows] == [  # type: ignore[union-attr]
        "noord",
        "west",
    ]
    noord, west = rows
    assert 'href="../noord/partnerschap/"' in noord
    assert 'href="../bouwstenen/samen/"' in noord
    assert 'href="../noord/citaten/#no-partnerschap-01"' in noord
    assert 'href="../west/partnerschap/"' in west
    assert 'href="../west/citaten/#we-partnerschap-01"' in west
    netwerk = _section(html, 'id="netwerk"', "</table>")
    assert 'href="../oost/netwerk/"' in netwerk and "noord" not in netwerk
    vertrouwen = _section(html, 'id="vertrouwen"', "</table>")
    assert 'href="../bouwstenen/respect/"' in vertrouwen
    assert "De edities in voorbereiding (Zuid) staan hier nog niet bij." in html


def test_theory_box_pages_show_which_editions_use_them(whole: Built) -> None:
    html = whole.page("bouwstenen/samen/")
    used = html.split('id="gebruikt-in"', 1)[1]
    assert 'href="../../noord/partnerschap/"' in used and "(editie Noord)" in used
    assert 'href="../../west/partnerschap/"' in used and "(editie West)" in used


# --------------------------------------------------------------- one edition alone


def test_one_edition_alone_holds_only_its_pages_boxes_and_literature(west_alone: Built) -> None:
    assert west_alone.returncode == 0, west_alone.stderr
    assert "WAARSCHUWING" not in west_alone.stderr
    site = west_alone.site
    pages = {p.relative_to(site).as_posix() for p in site.rglob("index.html")}
    assert not [p for p in pages if p.split("/")[0] in ("noord", "oost", "zuid")]
    assert {p for p in pages if p.startswith("west/")} == {
        "west/index.html",
        "west/partnerschap/index.html",
        "west/buurt/index.html",
        "west/citaten/index.html",
        "west/literatuur/index.html",
        "west/wijzigingen/index.html",
    }
    # only the box West places
    assert {p for p in pages if p.startswith("bouwstenen/")} == {
        "bouwstenen/index.html",
        "bouwstenen/samen/index.html",
    }
    assert literature_keys(west_alone, "literatuur/") == {"alfa2001"}
    assert literature_keys(west_alone, "west/literatuur/") == {"alfa2001"}
    assert "no-partnerschap-01" not in west_alone.page("citaten/")
    themas = west_alone.page("themas/")
    assert "noord" not in themas and "oost" not in themas


def test_one_edition_alone_has_no_links_to_other_editions(west_alone: Built) -> None:
    for page in west_alone.site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for edition in ("noord", "oost", "zuid"):
            assert not re.search(rf'href="(\.\./)*{edition}/', html), (page, edition)
    assert "handreiking-editiekiezer" not in west_alone.page("west/partnerschap/")
    landing = west_alone.page("")
    assert 'href="west/"' in landing
    assert 'href="https://example.org/handreiking/noord/"' in landing


# ------------------------------------------------------------------------ checks


_edit = edit_file


def test_a_folder_that_looks_like_an_undeclared_edition(tmp_path: Path) -> None:
    project = copy_site(SITE, tmp_path)
    (project / "docs" / "noordoost").mkdir()
    (project / "docs" / "noordoost" / "index.md").write_text(
        "---\ntitel: Noordoost\nstadsdeel: Noordoost\nstatus: in-voorbereiding\n---\n",
        encoding="utf-8",
    )
    result = build(project)
    assert result.returncode != 0
    assert (
        "docs/noordoost/index.md: de map docs/noordoost/ lijkt een editie maar staat niet onder "
        "'edities' in mkdocs.yml" in result.stderr
    )


def test_a_declared_edition_without_folder(tmp_path: Path) -> None:
    project = copy_site(SITE, tmp_path)
    _edit(project / "mkdocs.yml", "[noord, west, oost, zuid]", "[noord, west, oost, zuid, centrum]")
    result = build(project)
    assert result.returncode != 0
    assert (
        "editie 'centrum' staat in mkdocs.yml maar de map docs/centrum/ "
        "(met een startpagina index.md) ontbreekt" in result.stderr
    )


def test_a_declared_edition_without_start_page(tmp_path: Path) -> None:
    project = copy_site(SITE, tmp_path)
    (project / "docs" / "zuid" / "index.md").unlink()
    (project / "docs" / "zuid" / "concept.md").write_text("# Concept\n", encoding="utf-8")
    result = build(project)
    assert result.returncode != 0
    assert (
        "editie 'zuid' staat in mkdocs.yml maar de startpagina docs/zuid/index.md ontbreekt"
        in result.stderr
    )


def test_the_same_chapter_id_twice(tmp_path: Path) -> None:
    project = copy_site(SITE, tmp_path)
    _edit(project / "docs" / "west" / "buurt.md", "id: we-buurt", "id: we-partnerschap")
    result = build(project)
    assert result.returncode != 0
    first, second = sorted(["docs/west/buurt.md", "docs/west/partnerschap.md"])
    assert f"{second}:2: id 'we-partnerschap' wordt al gebruikt in {first}:2" in result.stderr


def test_a_quote_of_another_edition_without_editie_is_a_warning(tmp_path: Path) -> None:
    project = copy_site(SITE, tmp_path)
    _edit(project / "docs" / "noord" / "vertrouwen.md", "    editie: west\n", "")
    result = build(project)
    assert result.returncode != 0  # strict: a warning fails the build
    assert (
        "WAARSCHUWING - docs/noord/vertrouwen.md:13: citaat 'we-partnerschap-01' komt uit de "
        "editie West, maar staat in een hoofdstuk van de editie Noord; is dat zo bedoeld, zet "
        "dan 'editie: west' op een regel tussen '/// citaat | we-partnerschap-01' en '///'"
        in result.stderr
    )


def test_editie_written_inside_the_citaat_block(tmp_path: Path) -> None:
    project = copy_site(SITE, tmp_path)
    _edit(project / "docs" / "noord" / "vertrouwen.md", "    editie: west\n", "editie: west\n")
    result = build(project)
    assert result.returncode == 0, result.stderr
    assert 'data-citaat="we-partnerschap-01"' in result.page("noord/vertrouwen/")


def test_editie_that_is_not_the_quotes_edition(tmp_path: Path) -> None:
    project = copy_site(SITE, tmp_path)
    _edit(project / "docs" / "noord" / "vertrouwen.md", "editie: west", "editie: oost")
    result = build(project)
    assert result.returncode != 0
    assert (
        "docs/noord/vertrouwen.md:13: citaat 'we-partnerschap-01' komt uit de editie West, "
        "niet uit 'oost'; schrijf 'editie: west'" in result.stderr
    )


def _best_on_theme(wanted: list[str], chapters: list[frozenset[str]]) -> int | None:
    """The rule of plugin/switcher.py, by the letter: most shared themes, then the page's
    earliest theme among them, then the first chapter."""
    best: tuple[int, int] | None = None
    found = None
    for number, slugs in enumerate(chapters):
        shared = [wanted.index(s) for s in slugs if s in wanted]
        if shared and (best is None or (len(shared), -min(shared)) > best):
            best, found = (len(shared), -min(shared)), number
    return found


def test_the_theme_match_follows_the_rule() -> None:
    import random

    from handreiking.plugin.switcher import _Index, _on_theme

    rng = random.Random(11)
    slugs = ["taal", "zorg", "buurt", "wonen", "werk", "geld"]
    for _ in range(500):
        editions = ["a", "b", "c"]
        chapters: list[tuple[str, str]] = []
        themes: list[frozenset[str]] = []
        by_slug: dict[str, list[int]] = {}
        for edition in editions:
            for n in range(rng.randint(0, 5)):
                chosen = frozenset(rng.sample(slugs, rng.randint(0, 3)))
                for slug in chosen:
                    by_slug.setdefault(slug, []).append(len(chapters))
                chapters.append((edition, f"{edition}/h{n}.md"))
                themes.append(chosen)
        wanted = tuple(rng.choice(slugs) for _ in range(rng.randint(0, 4)))  # repeats too
        index = _Index([], {}, chapters, by_slug, [], {})
        found = _on_theme(index, wanted)
        for edition in editions:
            own = [i for i, (e, _) in enumerate(chapters) if e == edition]
            best = _best_on_theme(list(wanted), [themes[i] for i in own])
            expected = chapters[own[best]][1] if best is not None else None
            assert found.get(edition) == expected, (wanted, edition)
