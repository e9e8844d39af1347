"""Tables on a phone (390 by 844), in Chromium: every table is readable without losing a column.

Each kind as ``markdown/tables.py`` makes it: a narrow table fits the screen; a wide
table a co-author wrote scrolls in a focusable, labelled region with a visible cue; the
comparison of themes turns into cards, each cell headed by its column's name.
Screenshots of each kind go to ``test-output/screenshots/``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from browser.support import require_chromium

require_chromium()

from playwright.sync_api import BrowserContext, Page, expect  # noqa: E402

from browser.conftest import Served, built_pages  # noqa: E402

PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}
SCROLLING = "zuidoost/bijlage-ontwikkeltraject/"
CARDS = "themas/"
NARROW = "voor-docenten/"


@pytest.fixture(params=["light", "dark"])
def phone_page(request: pytest.FixtureRequest, new_context: Callable[..., BrowserContext]) -> Page:
    return new_context(color_scheme=request.param, **PHONE).new_page()


def _table_report(page: Page) -> list[str]:
    """What is wrong with each table on the page at this width (empty: all readable)."""
    return page.evaluate(
        """() => {
        const problems = [];
        const say = (n, what) => problems.push(n + ": " + what);
        const width = document.documentElement.clientWidth;
        document.querySelectorAll("article table").forEach((table, n) => {
            const region = table.closest('[role="region"]');
            if (region) {
                if (region.getAttribute("tabindex") !== "0") say(n, "region not focusable");
                if (!region.getAttribute("aria-label")) say(n, "region without a name");
                const hint = region.parentElement.querySelector(".tabel-schuif__hint");
                if (!hint || hint.offsetHeight === 0) say(n, "no visible cue");
                const right = region.getBoundingClientRect().right;
                if (right > width + 1) say(n, "region wider than the screen");
                return;
            }
            const box = table.getBoundingClientRect();
            if (box.right > width + 1) say(n, "table reaches " + Math.round(box.right) + "px");
            const wrap = table.parentElement;
            for (const scroller of [table, wrap, wrap.parentElement]) {
                if (scroller.scrollWidth > scroller.clientWidth + 1) {
                    say(n, scroller.className + " hides columns");
                }
            }
        });
        return problems;
    }"""
    )


def test_every_table_on_every_page_is_readable_on_a_phone(phone_page: Page, served: Served) -> None:
    found = []
    for path in built_pages(served.site):
        phone_page.goto(served.url(path))
        if phone_page.locator("article table").count():
            found += [f"/{path} {problem}" for problem in _table_report(phone_page)]
    assert not found, "\n".join(found)


def test_a_wide_table_scrolls_in_a_named_region(
    phone_page: Page, served: Served, screenshots: Path
) -> None:
    phone_page.goto(served.url(SCROLLING))
    region = phone_page.locator('.tabel-schuif [role="region"]')
    expect(region).to_have_attribute(
        "aria-label", "Tabel: Tijdsinvestering voor deelnemers (schuift opzij)"
    )
    expect(phone_page.locator(".tabel-schuif__hint")).to_be_visible()
    assert region.evaluate("el => el.scrollWidth > el.clientWidth"), "nothing to scroll"
    # every column is there, one scroll away: the keyboard reaches the last one
    region.focus()
    for _ in range(20):
        phone_page.keyboard.press("ArrowRight")
    last = phone_page.locator(".tabel-schuif th").last
    expect(last).to_have_text("Bijzonderheden")
    expect(last).to_be_in_viewport()
    region.evaluate("el => { el.scrollLeft = 0 }")
    region.screenshot(path=str(screenshots / "tabel-schuift-telefoon.png"))


def test_the_comparison_of_themes_becomes_cards(
    phone_page: Page, served: Served, screenshots: Path
) -> None:
    phone_page.goto(served.url(CARDS))
    table = phone_page.locator(".tabel-kaarten table").first
    cells = table.locator("tbody td")
    labels = [
        cell.evaluate("el => getComputedStyle(el, '::before').content") for cell in cells.all()[:4]
    ]
    # the column's name, shown before the cell; its alternative text is empty, so a
    # screen reader, which has the column header, does not hear the name twice
    assert labels == [
        f'"{name}" / ""' for name in ("Editie", "Hoofdstukken", "Bouwstenen", "Citaten")
    ]
    # one cell under the other, each as wide as the card
    first, second = cells.nth(0).bounding_box(), cells.nth(1).bounding_box()
    assert first and second and second["y"] >= first["y"] + first["height"] - 1
    assert abs(first["width"] - second["width"]) < 1
    # still a table for a screen reader, with its column headers
    expect(table).to_have_attribute("role", "table")
    expect(table.locator("thead th").first).to_have_attribute("role", "columnheader")
    table.screenshot(path=str(screenshots / "tabel-kaarten-telefoon.png"))


def test_a_narrow_table_fits(phone_page: Page, served: Served, screenshots: Path) -> None:
    phone_page.goto(served.url(NARROW))
    table = phone_page.locator("article table").first
    expect(table).to_be_visible()
    assert not phone_page.locator("article .tabel-schuif, article .tabel-kaarten").count()
    assert _table_report(phone_page) == []
    table.screenshot(path=str(screenshots / "tabel-past-telefoon.png"))
