"""Screenshots of what readers see most, at desktop and phone width.

Written to ``test-output/screenshots/`` as artifacts for a person to look at; the test
itself checks only that each page rendered and fits its width.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from browser.support import require_chromium

require_chromium()

from playwright.sync_api import BrowserContext, expect  # noqa: E402

from browser.conftest import Served  # noqa: E402

PAGES = {
    "startpagina": "",
    "hoofdstuk": "zuidoost/partnerschap/",
    "citaten": "zuidoost/citaten/",
}
WIDTHS = {
    "desktop": {"viewport": {"width": 1280, "height": 900}},
    "telefoon": {
        "viewport": {"width": 375, "height": 740},
        "device_scale_factor": 2,
        "is_mobile": True,
        "has_touch": True,
    },
}


@pytest.mark.parametrize("width", list(WIDTHS))
def test_screenshots(
    width: str,
    new_context: Callable[..., BrowserContext],
    served: Served,
    screenshots: Path,
) -> None:
    page = new_context(**WIDTHS[width]).new_page()
    for name, path in PAGES.items():
        page.goto(served.url(path))
        expect(page.locator("article h1")).to_be_visible()
        target = screenshots / f"{name}-{width}.png"
        page.screenshot(path=str(target))
        assert target.stat().st_size > 10_000, f"{target} is nearly empty"
