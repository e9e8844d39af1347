"""Generated pages: in the navigation by themselves, and only what this build publishes.

The site ``tests/sites/gegenereerd`` has two published editions (Noord, Oost) and one
in preparation (Zuid); its ``mkdocs.yml`` lists none of the generated pages but one.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import Built, build, copy_site


def _nav_links(html: str) -> list[str]:
    """The hrefs of the site navigation (the primary sidebar) of a page, in order."""
    nav = html.split('class="md-nav md-nav--primary"', 1)[1].split("md-sidebar--secondary", 1)[0]
    return re.findall(r'<a href="([^"]*)" class="md-nav__link', nav)


def _section(html: str, heading_id: str) -> str:
    """The HTML from ``<h2 id=heading_id>`` to the next ``<h2``."""
    return html.split(f'<h2 id="{heading_id}"', 1)[1].split("<h2", 1)[0]


def _captions(html: str) -> dict[str, str]:
    """Each quote figure's caption, by the quote id."""
    return dict(
        re.findall(
            r'<figure class="citaat" data-citaat="([^"]+)".*?<figcaption>(.*?)</figcaption>',
            html,
            re.S,
        )
    )


@pytest.fixture(scope="module")
def whole(tmp_path_factory: pytest.TempPathFactory) -> Built:
    built = build(copy_site("gegenereerd", tmp_path_factory.mktemp("heel")))
    assert built.returncode == 0, built.stderr
    return built


# -- B1: generated pages join the navigation by themselves --------------------


def test_generated_pages_are_in_the_navigation_without_listing_them(whole: Built) -> None:
    assert "WAARSCHUWING" not in whole.stderr
    links = _nav_links(whole.page(""))
    for href in (
        "noord/citaten/",
        "noord/literatuur/",
        "oost/literatuur/",
        "bouwstenen/",
        "themas/",
        "citaten/",
        "literatuur/",
    ):
        assert links.count(href) == 1, (href, links)
    # an edition's pages go into its own section, after its chapters
    assert links.index("noord/begin/") < links.index("noord/citaten/") < links.index("oost/")
    assert links.index("oost/netwerk/") < links.index("oost/literatuur/") < links.index("zuid/")
    # the index of the boxes comes first in the section of the boxes
    assert links.index("bouwstenen/") + 1 == links.index("bouwstenen/leeg/")


def test_a_listed_generated_page_keeps_its_place_and_title(whole: Built) -> None:
    html = whole.page("")
    links = _nav_links(html)
    assert links.count("oost/citaten/") == 1
    assert "Citaten uit Oost" in html


def test_overviews_of_an_edition_in_preparation_leave_the_navigation(whole: Built) -> None:
    assert not (whole.site / "zuid" / "citaten").exists()
    assert "zuid/citaten/" not in _nav_links(whole.page(""))


def test_publishing_an_edition_needs_no_edit_of_the_navigation(tmp_path: Path) -> None:
    project = copy_site("gegenereerd", tmp_path)
    index = project / "docs" / "zuid" / "index.md"
    index.write_text(
        index.read_text(encoding="utf-8").replace("in-voorbereiding", "gepubliceerd"),
        encoding="utf-8",
    )
    built = build(project)
    assert built.returncode == 0, built.stderr
    assert "not included in the" not in built.stderr
    links = _nav_links(built.page(""))
    assert links.count("zuid/citaten/") == 1 and "zuid/literatuur/" in links
    assert "Zuid leert nog van de anderen." in built.page("zuid/citaten/")


# -- B2: a quote links to an overview only where one shows it -----------------


def test_a_quote_of_an_edition_in_preparation_links_to_no_overview(whole: Built) -> None:
    captions = _captions(whole.page("noord/begin/"))
    assert captions["zu-respect-01"] == "— Beroepskracht, editie Zuid"
    assert 'href="../citaten/#no-respect-01"' in captions["no-respect-01"]


def test_in_one_edition_a_quote_of_another_links_to_no_overview(tmp_path: Path) -> None:
    built = build(copy_site("gegenereerd", tmp_path), "--editie", "oost")
    assert built.returncode == 0, built.stderr
    captions = _captions(built.page("oost/netwerk/"))
    assert captions["no-respect-01"] == "— Vrijwilliger, editie Noord"
    assert 'href="../citaten/#oo-respect-01"' in captions["oo-respect-01"]


# -- B3: quotes of an edition in preparation are not published elsewhere ------


def test_quotes_of_an_edition_in_preparation_stay_off_the_overviews(whole: Built) -> None:
    for page in ("citaten/", "themas/"):
        html = whole.page(page)
        assert "Wij luisteren naar elkaar." in html or "Wij luisteren" in html, page
        assert "Zuid leert" not in html, page
    catalog = json.loads((whole.site / "catalog.json").read_text(encoding="utf-8"))
    quotes = {q["id"]: q for q in catalog["quotes"]}
    # shown on the Noord chapter that places it, so listed with that address
    assert quotes["zu-respect-01"]["url"].endswith("/noord/begin/#zu-respect-01")
    assert quotes["no-respect-01"]["url"].endswith("/noord/citaten/#no-respect-01")


# -- B6, B8, B9: the page of a theory box --------------------------------------


def test_a_box_without_sources_has_no_empty_literature_section(whole: Built) -> None:
    assert 'id="literatuur"' not in whole.page("bouwstenen/leeg/")
    assert "<ul></ul>" not in whole.page("bouwstenen/leeg/")
    respect = _section(whole.page("bouwstenen/respect/"), "literatuur")
    assert "Sennett" in respect


def test_used_in_lists_chapters_in_reading_order_escaped_and_linked(whole: Built) -> None:
    used = _section(whole.page("bouwstenen/respect/"), "gebruikt-in")
    items = re.findall(r'<li><a href="([^"]+)">(.*?)</a> \(editie (\w+)\)</li>', used)
    assert items == [
        ("../../noord/later/", "Later *geschreven* [concept]", "Noord"),
        ("../../noord/begin/", "Aan het begin", "Noord"),
        ("../../oost/samen%20%28deel%202%29/", "Samen_werken (deel 2)", "Oost"),
    ]
    # the index of the boxes lists them the same way
    index = whole.page("bouwstenen/")
    assert index.index("noord/later/") < index.index("noord/begin/")
    assert "Later *geschreven* [concept]" in index


def test_a_chapter_title_comes_from_its_heading_not_front_matter_or_code(whole: Built) -> None:
    for page in ("bouwstenen/leeg/", "themas/"):
        html = whole.page(page)
        assert "Aan het begin" in html, page
        assert "Werktitel" not in html and "Ook geen titel" not in html, page


def test_all_literature_lists_what_the_guide_cites_not_the_whole_bib_file(whole: Built) -> None:
    # A reference manager's export may hold thousands of works no page mentions.
    html = whole.page("literatuur/")
    assert 'id="lit-sennett2003"' in html
    assert 'id="lit-hook2006"' not in html


# -- quotes lead to their chapters; each overview its own title ------------------------


def test_a_quote_in_an_overview_links_to_every_chapter_that_places_it(whole: Built) -> None:
    # no-respect-01 stands in a chapter of its own edition and in one of another
    # (the other edition's chapter says which edition it is in)
    for page, begin, netwerk in (
        ("noord/citaten/", "../begin/", "../../oost/netwerk/"),
        ("citaten/", "../noord/begin/", "../oost/netwerk/"),
    ):
        caption = _captions(whole.page(page))["no-respect-01"]
        assert (
            f'staat in <a href="{begin}">Aan het begin</a> en '
            f'<a href="{netwerk}">Netwerk (editie Oost)</a> · '
        ) in caption, caption
        assert caption.endswith(
            '<a class="citaat-anker" href="#no-respect-01" title="Vaste link naar dit citaat">'
            "vaste link</a>"
        )


def test_a_quote_placed_nowhere_has_no_chapter_link(whole: Built) -> None:
    captions = _captions(whole.page("oost/citaten/"))
    placed_nowhere = [c for c in captions.values() if "staat in" not in c]
    for caption in placed_nowhere:
        assert caption.count("<a ") == 1  # only its own permanent link


def test_each_overview_has_its_own_title(whole: Built) -> None:
    titles = {
        page: re.search(r"<title>(.*?)</title>", whole.page(page)).group(1)  # type: ignore[union-attr]
        for page in ("noord/citaten/", "oost/citaten/", "citaten/")
    }
    assert len(set(titles.values())) == 3, titles
    assert titles["noord/citaten/"].startswith("Stemmen uit het Samenspel: editie Noord")
