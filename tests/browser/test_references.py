"""References where they are cited, in Chromium: hover, keyboard focus and a tap show the
full reference beside the citation; a screen reader gets it as the link's description;
Escape closes it; the link still leads to the literature list."""

from __future__ import annotations

import json
import re
from collections.abc import Callable

from browser.support import require_chromium

require_chromium()

from playwright.sync_api import BrowserContext, Page, expect  # noqa: E402

from browser.conftest import Served  # noqa: E402

CHAPTER = "zuidoost/partnerschap/"
REFERENCE = re.compile(r"^Hook, M\. L\. \(2006\)\. Partnering with patients")


def _citation(page: Page) -> tuple[object, object]:
    link = page.locator("article .bronvermelding a[aria-describedby]").first
    tip = page.locator("#" + (link.get_attribute("aria-describedby") or ""))
    return link, tip


def test_hover_shows_the_reference_in_place(page: Page, served: Served) -> None:
    page.goto(served.url(CHAPTER))
    link, tip = _citation(page)
    expect(tip).to_be_hidden()  # type: ignore[arg-type]
    link.hover()  # type: ignore[attr-defined]
    expect(tip).to_be_visible()  # type: ignore[arg-type]
    expect(tip).to_have_text(REFERENCE)  # type: ignore[arg-type]
    expect(tip).to_have_attribute("role", "tooltip")  # type: ignore[arg-type]
    # the pointer may move onto the reference without losing it (WCAG 1.4.13)
    tip.hover()  # type: ignore[attr-defined]
    expect(tip).to_be_visible()  # type: ignore[arg-type]
    box = tip.bounding_box()  # type: ignore[attr-defined]
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= 1280


def test_keyboard_focus_shows_it_escape_closes_it_and_a_screen_reader_hears_it(
    page: Page, served: Served
) -> None:
    page.goto(served.url(CHAPTER))
    link, tip = _citation(page)
    expect(link).to_have_accessible_description(REFERENCE)  # type: ignore[arg-type]
    link.focus()  # type: ignore[attr-defined]
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")  # focus by keyboard, as :focus-visible needs
    expect(link).to_be_focused()  # type: ignore[arg-type]
    expect(tip).to_be_visible()  # type: ignore[arg-type]
    page.keyboard.press("Escape")
    expect(tip).to_be_hidden()  # type: ignore[arg-type]
    page.keyboard.press("Enter")  # still a link to the list
    expect(page).to_have_url(re.compile(r"/zuidoost/literatuur/#lit-hook2006$"))


def test_a_tap_shows_it_and_a_second_tap_follows_the_link(
    new_context: Callable[..., BrowserContext], served: Served
) -> None:
    phone = new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    ).new_page()
    phone.goto(served.url(CHAPTER))
    link, tip = _citation(phone)
    link.scroll_into_view_if_needed()  # type: ignore[attr-defined]
    link.tap()  # type: ignore[attr-defined]
    expect(tip).to_be_visible()  # type: ignore[arg-type]
    expect(phone).to_have_url(served.url(CHAPTER))
    box = tip.bounding_box()  # type: ignore[attr-defined]
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390  # on the screen
    link.tap()  # type: ignore[attr-defined]
    expect(phone).to_have_url(re.compile(r"/zuidoost/literatuur/#lit-hook2006$"))


def test_the_chapter_is_not_found_by_the_words_of_a_reference(served: Served) -> None:
    # the reference beside a citation stays out of the search index: the literature
    # list is found by it, not every page that cites the work
    index = json.loads((served.site / "search" / "search_index.json").read_text("utf-8"))
    chapter = [d for d in index["docs"] if d["location"].startswith(CHAPTER)]
    assert chapter and not [d for d in chapter if "Partnering with patients" in d["text"]]
    assert any("Partnering with patients" in d["text"] for d in index["docs"])
