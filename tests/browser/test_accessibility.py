"""WCAG 2.1 AA with axe-core in Chromium: no serious or critical violation, on every page.

Every rule axe-core runs by default is checked on every page of the built site (the
``/id/`` redirects aside: each sends the browser to a page that is checked itself), at
a phone's width (390 by 844) and a desktop's (1280 by 900), in light and dark mode. The site
has one published edition; the other editions' pages (start pages in preparation) are
all in the list too. Should the site grow past :data:`MAX_PAGES`, sample: keep every page
of one edition and of the shared pages, and of each further edition only its start page
and its generated pages (quotes, literature), which the same templates make for all.

A violation is fixed in the theme (palette, handreiking.css, our partials), never by
switching a rule off.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from browser.support import require_chromium

require_chromium()

from axe_playwright_python.sync_playwright import Axe  # noqa: E402
from playwright.sync_api import BrowserContext  # noqa: E402

from browser.conftest import Served, built_pages  # noqa: E402

BLOCKING = ("serious", "critical")
VIEWPORTS = {"telefoon": (390, 844), "desktop": (1280, 900)}
#: Above this many pages the test should sample (see the module's docstring).
MAX_PAGES = 200


@pytest.fixture(scope="module")
def axe() -> Axe:
    """axe-core, as shipped inside axe-playwright-python (no network)."""
    return Axe()


def describe(violations: list[dict[str, Any]]) -> str:
    """One readable line per violation and element, with axe-core's reason."""
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:5]:
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"    {node['target']}: {summary[:300]}")
        if len(violation["nodes"]) > 5:
            lines.append(f"    ... and {len(violation['nodes']) - 5} more")
    return "\n".join(lines)


def test_every_page_is_in_the_list(served: Served) -> None:
    pages = built_pages(served.site)
    assert len(pages) < MAX_PAGES, "the site grew: sample as the docstring says"
    for expected in ("", "zuidoost/partnerschap/", "themas/", "citaten/", "404.html"):
        assert expected in pages


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_no_serious_violations_on_any_page(
    viewport: str,
    scheme: str,
    new_context: Callable[..., BrowserContext],
    served: Served,
    axe: Axe,
) -> None:
    width, height = VIEWPORTS[viewport]
    context = new_context(viewport={"width": width, "height": height}, color_scheme=scheme)
    page = context.new_page()
    found = []
    for path in built_pages(served.site):
        page.goto(served.url(path))
        page.wait_for_load_state("load")
        result = axe.run(page)
        blocking = [v for v in result.response["violations"] if v["impact"] in BLOCKING]
        if blocking:
            found.append(f"/{path}:\n{describe(blocking)}")
    assert not found, "\n".join(found)
