"""Reader journeys through the real site in Chromium: reading, searching, the theory
boxes, the phone menu, dark mode, switching editions, permanent addresses and the PDF."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from browser.support import require_chromium

require_chromium()

from conftest import ROOT  # noqa: E402
from playwright.sync_api import BrowserContext, Page, expect  # noqa: E402

from browser.conftest import Served, build_site, serve  # noqa: E402

EDITION = "zuidoost"
CHAPTER = f"{EDITION}/partnerschap/"
#: A word that occurs in one quote only ("... een handreiking te geven aan de medemens").
SEARCH_WORD = "medemens"


def edition_pages(edition: str) -> list[str]:
    """The edition's pages in reading order, as URL paths: its start page, the chapters
    its front matter lists under ``hoofdstukken``, and when it is published its sociale
    kaart (if it has one), quote overview, literature list and page of changes (as the
    navigation has them)."""
    text = (ROOT / "docs" / edition / "index.md").read_text(encoding="utf-8")
    front = yaml.safe_load(text.split("---", 2)[1])
    pages = [f"{edition}/"]
    pages += [f"{edition}/{name.removesuffix('.md')}/" for name in front.get("hoofdstukken") or []]
    if front.get("status") == "gepubliceerd":
        if (ROOT / "docs" / edition / "sociale-kaart.yml").exists():
            pages.append(f"{edition}/sociale-kaart/")
        pages += [f"{edition}/citaten/", f"{edition}/literatuur/", f"{edition}/wijzigingen/"]
    return pages


def no_horizontal_scroll(page: Page) -> None:
    """The page fits the window's width: nothing to scroll sideways."""
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px"


# -- journeys ------------------------------------------------------------------------


def test_landing_page_leads_to_zuidoost(page: Page, served: Served) -> None:
    page.goto(served.url())
    expect(page).to_have_title(re.compile("Samenspel"))
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    page.locator("article").get_by_role("link", name="Zuidoost", exact=True).first.click()
    page.wait_for_url(served.url(f"{EDITION}/"))
    expect(page.locator("article h1")).to_contain_text("Zuidoost")


def test_chapters_in_order_with_next_and_previous(page: Page, served: Served) -> None:
    order = edition_pages(EDITION)
    assert len(order) > 5, order
    page.goto(served.url(order[0]))
    for following in order[1:]:
        page.get_by_role("link", name=re.compile(r"^Volgende")).click()
        page.wait_for_url(served.url(following), wait_until="domcontentloaded")
        expect(page.locator("article h1")).to_be_visible()
    for preceding in reversed(order[:-1]):
        page.get_by_role("link", name=re.compile(r"^Vorige")).click()
        page.wait_for_url(served.url(preceding), wait_until="domcontentloaded")
        expect(page.locator("article h1")).to_be_visible()


def test_search_in_dutch_finds_a_quote(page: Page, served: Served) -> None:
    page.goto(served.url(f"{EDITION}/"))
    search = page.get_by_role("textbox", name="Zoeken")
    search.click()
    # Material's search listens to key events: type, don't fill.
    search.press_sequentially(SEARCH_WORD, delay=20)
    expect(page.locator(".md-search-result__meta")).to_contain_text(re.compile("overeenkomend"))
    # The result for the whole word: its excerpt marks the word.
    hit = page.locator(
        ".md-search-result__link", has=page.locator("mark", has_text=re.compile(SEARCH_WORD, re.I))
    ).first
    expect(hit).to_be_visible()
    hit.click()
    page.wait_for_url(re.compile(rf"\?h={SEARCH_WORD}"))
    quote = page.locator("figure[data-citaat]", has_text=SEARCH_WORD).first
    expect(quote).to_be_visible()
    # search.highlight marks the word where the reader lands.
    expect(page.locator("mark", has_text=re.compile(SEARCH_WORD, re.I)).first).to_be_visible()


def test_theory_box_from_a_chapter_and_back(page: Page, served: Served) -> None:
    page.goto(served.url(CHAPTER))
    box = page.locator("aside[data-bouwsteen]").first
    expect(box).to_be_visible()
    box_id = box.get_attribute("data-bouwsteen")
    title = box.locator(".bouwsteen-titel").inner_text().strip()
    box.get_by_role("link", name=re.compile("Lees meer over deze bouwsteen")).click()
    page.wait_for_url(served.url(f"bouwstenen/{box_id}/"))
    expect(page.locator("article h1")).to_contain_text(title)
    page.go_back()
    page.wait_for_url(served.url(CHAPTER))
    expect(page.locator(f'aside[data-bouwsteen="{box_id}"]')).to_be_visible()


def test_phone_menu_opens_and_pages_fit(phone: Page, served: Served) -> None:
    phone.goto(served.url(CHAPTER))
    no_horizontal_scroll(phone)
    menu = phone.locator("label.md-header__button[for='__drawer']")
    expect(menu).to_be_visible()
    menu.click()
    drawer = phone.locator(".md-sidebar--primary")
    expect(drawer).to_be_in_viewport()
    # The menu opens at the chapter's edition: go on to another chapter from there.
    target = f"{EDITION}/wederkerigheid/"
    drawer.locator(f'a.md-nav__link[href$="/{target.split("/")[1]}/"]').first.click()
    phone.wait_for_url(served.url(target))
    expect(phone.locator("article h1")).to_be_visible()
    for path in ("", f"{EDITION}/", CHAPTER, f"{EDITION}/citaten/", f"{EDITION}/literatuur/"):
        phone.goto(served.url(path))
        no_horizontal_scroll(phone)
        size = phone.locator("article.md-typeset").evaluate(
            "element => parseFloat(getComputedStyle(element).fontSize)"
        )
        assert size >= 15, f"{path}: text of {size}px is too small to read on a phone"


def test_dark_mode_follows_the_reader_and_toggles(
    new_context: Callable[..., BrowserContext], served: Served
) -> None:
    page = new_context(color_scheme="dark").new_page()
    page.goto(served.url(CHAPTER))
    body = page.locator("body")
    expect(body).to_have_attribute("data-md-color-scheme", "slate")
    background = body.evaluate("element => getComputedStyle(element).backgroundColor")
    channels = [int(c) for c in re.findall(r"\d+", background)[:3]]
    assert max(channels) < 80, f"dark mode background is {background}"
    page.get_by_title("Lichte modus").click()
    expect(body).to_have_attribute("data-md-color-scheme", "default")


# -- editions, permanent addresses and the PDF -------------------------------------


def test_switch_edition_on_a_chapter(page: Page, served: Served) -> None:
    page.goto(served.url(CHAPTER))
    switcher = page.locator("header.md-header").get_by_role(
        "navigation", name=re.compile("editie", re.I)
    )
    assert switcher.count(), f"geen editiekiezer: geen navigatie 'editie' in de kop van {CHAPTER}"
    expect(switcher).to_contain_text("Zuidoost")
    opener = switcher.locator("summary, button").first
    if opener.count():
        opener.click()
    switcher.get_by_role("link", name=re.compile(r"^Oost\b")).click()
    page.wait_for_url(re.compile(r"/oost/"))
    expect(page.locator("article h1")).to_be_visible()
    expect(
        page.locator("header.md-header").get_by_role("navigation", name=re.compile("editie", re.I))
    ).to_contain_text("Oost")


def _chapter_id(path: str) -> str:
    from handreiking.content.frontmatter import parse_front_matter

    source = ROOT / "docs" / (path.rstrip("/") + ".md")
    front = parse_front_matter(source.read_text(encoding="utf-8"), str(source))
    return str(front.data["id"])


def test_permanent_address_lands_on_the_chapter(page: Page, served: Served) -> None:
    assert (served.site / "id").is_dir(), (
        "geen vaste adressen /id/<id>/: de site heeft geen map id/"
    )
    chapter_id = _chapter_id(CHAPTER)
    page.goto(served.url(f"id/{chapter_id}/"))
    page.wait_for_url(served.url(CHAPTER) + "*")
    expect(page.locator("article h1")).to_be_visible()


@pytest.fixture(scope="module")
def served_with_pdf(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The Zuidoost edition built with its PDF, served."""
    site = build_site(tmp_path_factory.mktemp("browser-pdf") / "site", "--editie", EDITION)
    pdf = site / EDITION / f"handreiking-{EDITION}.pdf"
    assert pdf.is_file(), f"geen PDF van de editie: de build maakte geen {pdf.name}"
    with serve(site) as running:
        yield running


def test_download_the_pdf(
    new_context: Callable[..., BrowserContext], served_with_pdf: Served
) -> None:
    page = new_context(accept_downloads=True).new_page()
    page.goto(served_with_pdf.url(f"{EDITION}/"))
    link = page.locator(f'a[href$="handreiking-{EDITION}.pdf"]').first
    assert link.count(), f"geen link naar de PDF op de startpagina van {EDITION}"
    with page.expect_download() as started:
        link.click()
    download = started.value
    assert download.suggested_filename == f"handreiking-{EDITION}.pdf"
    saved = Path(download.path())
    assert saved.read_bytes().startswith(b"%PDF-")
