"""Fixtures for the browser tests: the real site, built once, served on 127.0.0.1.

Every request to another host is recorded, aborted, and fails the test that made it:
readers' browsers must never call another host (fonts, analytics, CDNs).
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pytest
from conftest import ROOT, run_cli

from browser.support import CHROMIUM, CHROMIUM_ARGS, missing

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page, Playwright, Route

#: Playwright's wait for one step (navigation, a click's effect), in milliseconds.
TIMEOUT_MS = 15_000


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@dataclass
class Served:
    """A built site served over HTTP on 127.0.0.1."""

    site: Path
    base: str

    def url(self, path: str = "") -> str:
        """The address of ``path`` (``zuidoost/partnerschap/``) on the server."""
        return self.base + path.lstrip("/")


def build_site(target: Path, *args: str) -> Path:
    """Build the repository's real site into ``target`` with ``handreiking build``."""
    result = run_cli("build", *args, "-d", str(target), cwd=ROOT)
    assert result.returncode == 0, f"build failed:\n{result.stdout}\n{result.stderr}"
    return target


def built_pages(site: Path) -> list[str]:
    """Every page of a built site as a URL path (``""`` for the start page), sorted,
    with the 404 page; not the ``/id/`` redirects, which only send the browser on to a
    page that is in the list itself."""
    pages = sorted(
        "" if path.parent == site else path.parent.relative_to(site).as_posix() + "/"
        for path in site.rglob("index.html")
        if path.relative_to(site).parts[0] != "id"
    )
    return [*pages, "404.html"]


@contextmanager
def serve(site: Path) -> Iterator[Served]:
    """Serve ``site`` from a local HTTP server on 127.0.0.1, in a thread."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Served(site, f"http://127.0.0.1:{server.server_address[1]}/")
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """The real site (``handreiking build --zonder-pdf``), built once and served."""
    site = build_site(tmp_path_factory.mktemp("browser") / "site", "--zonder-pdf")
    with serve(site) as running:
        yield running


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    """Playwright's driver, started once."""
    reason = missing()
    if reason is not None:  # a module that forgot require_chromium()
        pytest.skip(f"browsertests overgeslagen: {reason}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as running:
        yield running


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    """Debian's Chromium, launched once for the whole run."""
    launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield launched
    launched.close()


@dataclass
class Guard:
    """What a browser context did that a reader's browser must not do."""

    local_host: str
    foreign: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def route(self, route: Route) -> None:
        """Let requests to the test server through; record and abort all others."""
        url = route.request.url
        parts = urlsplit(url)
        if parts.scheme in ("data", "blob") or parts.hostname == self.local_host:
            route.continue_()
        else:
            self.foreign.append(url)
            route.abort()

    def check(self) -> None:
        """Fail the test for every foreign request and every uncaught script error."""
        problems = [f"request to another host: {url}" for url in self.foreign]
        problems += [f"script error: {error}" for error in self.errors]
        if problems:
            pytest.fail("\n".join(problems), pytrace=False)


@pytest.fixture
def new_context(browser: Browser, served: Served) -> Iterator[Callable[..., BrowserContext]]:
    """Make guarded browser contexts (``new_context(color_scheme="dark")``).

    After the test, any request to another host or uncaught script error fails it.
    """
    made: list[tuple[BrowserContext, Guard]] = []

    def make(**options: Any) -> BrowserContext:
        options.setdefault("locale", "nl-NL")
        context = browser.new_context(**options)
        context.set_default_timeout(TIMEOUT_MS)
        guard = Guard(local_host="127.0.0.1")
        context.route("**/*", guard.route)
        context.on("weberror", lambda error: guard.errors.append(str(error.error)))
        made.append((context, guard))
        return context

    yield make
    for context, _ in made:
        context.close()
    for _, guard in made:
        guard.check()


@pytest.fixture
def page(new_context: Callable[..., BrowserContext]) -> Page:
    """A page in a guarded desktop context, light mode."""
    return new_context(viewport={"width": 1280, "height": 900}).new_page()


@pytest.fixture
def phone(new_context: Callable[..., BrowserContext]) -> Page:
    """A page at a phone's width (375 by 740), with touch, light mode."""
    context = new_context(
        viewport={"width": 375, "height": 740},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    return context.new_page()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    """Where screenshots go: ``test-output/screenshots`` (gitignored)."""
    folder = ROOT / "test-output" / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder
