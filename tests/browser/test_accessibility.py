"""WCAG 2.1 AA with axe-core in Chromium: no serious or critical violation.

Every rule axe-core runs by default is checked, on the pages readers meet most, in light
and dark mode. A violation is fixed in the theme (palette, handreiking.css, our partials),
never by switching a rule off.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from browser.support import require_chromium

require_chromium()

from axe_playwright_python.sync_playwright import Axe  # noqa: E402
from playwright.sync_api import BrowserContext, Page  # noqa: E402

from browser.conftest import Served  # noqa: E402

PAGES = {
    "startpagina": "",
    "editie": "zuidoost/",
    "hoofdstuk": "zuidoost/partnerschap/",  # quotes and a theory box
    "bouwsteen": "bouwstenen/partnerschapskaart/",
    "literatuur": "zuidoost/literatuur/",
    "citaten": "zuidoost/citaten/",
}
BLOCKING = ("serious", "critical")


@pytest.fixture(scope="module")
def axe() -> Axe:
    """axe-core, as shipped inside axe-playwright-python (no network)."""
    return Axe()


@pytest.fixture(params=["light", "dark"])
def scheme_page(
    request: pytest.FixtureRequest, new_context: Callable[..., BrowserContext]
) -> Iterator[Page]:
    """One page per colour scheme, reused for all pages of the test."""
    context = new_context(viewport={"width": 1280, "height": 900}, color_scheme=request.param)
    yield context.new_page()


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


@pytest.mark.parametrize("name", list(PAGES))
def test_no_serious_violations(name: str, scheme_page: Page, served: Served, axe: Axe) -> None:
    scheme_page.goto(served.url(PAGES[name]))
    scheme_page.wait_for_load_state("load")
    result = axe.run(scheme_page)
    blocking = [v for v in result.response["violations"] if v["impact"] in BLOCKING]
    assert not blocking, f"{PAGES[name] or '/'}:\n{describe(blocking)}"
