"""The browser tests' own guard: a request to another host is stopped and fails the test."""

from __future__ import annotations

import pytest

from browser.support import require_chromium

require_chromium()

from playwright.sync_api import Browser  # noqa: E402

from browser.conftest import Guard, Served  # noqa: E402

FONTS = "https://fonts.googleapis.com/css?family=Roboto"


def test_a_request_to_another_host_is_aborted_and_fails(browser: Browser, served: Served) -> None:
    guard = Guard(local_host="127.0.0.1")
    context = browser.new_context()
    context.route("**/*", guard.route)
    page = context.new_page()
    page.goto(served.url())
    outcome = page.evaluate(f"() => fetch('{FONTS}').then(() => 'geladen', () => 'geblokkeerd')")
    context.close()
    assert outcome == "geblokkeerd"
    assert guard.foreign == [FONTS]
    with pytest.raises(pytest.fail.Exception, match="request to another host"):
        guard.check()
