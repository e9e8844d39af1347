"""The literature list in Chromium looks like an APA list: no bullets, a hanging indent."""

from __future__ import annotations

from browser.support import require_chromium

require_chromium()

from playwright.sync_api import Page  # noqa: E402

from browser.conftest import Served  # noqa: E402

#: The left edge of an entry's first line and of its second, and its bullet.
MEASURE = """el => {
    const range = document.createRange();
    range.selectNodeContents(el);
    const lines = [...range.getClientRects()].map(r => [Math.round(r.left), Math.round(r.top)]);
    const tops = [...new Set(lines.map(([, top]) => top))].sort((a, b) => a - b);
    const leftOf = top => Math.min(...lines.filter(([, t]) => t === top).map(([left]) => left));
    return {
        marker: getComputedStyle(el).listStyleType,
        first: leftOf(tops[0]),
        second: tops.length > 1 ? leftOf(tops[tops.length - 1]) : null,
        box: Math.round(el.getBoundingClientRect().left),
    };
}"""


def test_the_list_has_no_bullets_and_a_hanging_indent(page: Page, served: Served) -> None:
    for path in ("zuidoost/literatuur/", "literatuur/"):
        page.set_viewport_size({"width": 390, "height": 844})
        page.goto(served.url(path))
        entries = page.locator("li.literatuur-item")
        assert entries.count() > 5
        long_entry = entries.nth(1)  # Balduk (2015): a long title, over several lines
        found = long_entry.evaluate(MEASURE)
        assert found["marker"] == "none", found
        assert found["second"] is not None, found
        # the first line starts at the entry's edge, the lines after it further in
        assert found["first"] <= found["box"] + 1, found
        assert found["second"] >= found["first"] + 20, found
