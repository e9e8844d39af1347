"""Live preview: ``handreiking serve`` rebuilds on a change of the data files, and a
broken data file is reported clearly while the server keeps running."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from conftest import copy_site

TIMEOUT = 30.0


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    """A running ``handreiking serve`` on a copied test site."""

    def __init__(self, project: Path) -> None:
        self.project = project
        self.port = _free_port()
        # MkDocs serves the site under the path of its site_url.
        site_url = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))["site_url"]
        self.mount = urlsplit(site_url).path.strip("/")
        self.log = project / "serve.log"
        self._log_file = self.log.open("w", encoding="utf-8")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "handreiking.cli", "serve", "-a", f"127.0.0.1:{self.port}"],
            cwd=project,
            stdout=self._log_file,
            stderr=subprocess.STDOUT,
        )

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}/{self.mount}/{path}"

    def get(self, path: str) -> str | None:
        try:
            with urllib.request.urlopen(self.url(path), timeout=5) as r:
                return str(r.read().decode("utf-8"))
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            return None

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8")

    def wait_for(self, what: str, condition: Callable[[], bool]) -> None:
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"server stopped:\n{self.output()}"
            if condition():
                return
            time.sleep(0.2)
        pytest.fail(f"no {what} within {TIMEOUT} s; server output:\n{self.output()}")

    def page_shows(self, path: str, text: str) -> None:
        self.wait_for(f"'{text}' on /{path}", lambda: text in (self.get(path) or ""))

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self._log_file.close()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    running = Server(copy_site("basis", tmp_path))
    try:
        running.page_shows("noord/samen/", "Wij luisteren naar elkaar.")
        yield running
    finally:
        running.stop()


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_changing_a_quote_shows_on_the_served_page(server: Server) -> None:
    quotes = server.project / "docs/noord/citaten.yml"
    _replace(quotes, "Wij luisteren naar elkaar.", "Wij luisteren echt naar elkaar.")
    server.page_shows("noord/samen/", "Wij luisteren echt naar elkaar.")


def test_changing_the_bibliography_shows_on_the_served_page(server: Server) -> None:
    bib = server.project / "bibliography.bib"
    _replace(bib, "Respect in a world of inequality", "Respect in a world of difference")
    server.page_shows("literatuur/", "Respect in a world of difference")


def test_a_broken_data_file_is_reported_and_the_server_keeps_running(server: Server) -> None:
    quotes = server.project / "docs/noord/citaten.yml"
    good = quotes.read_text(encoding="utf-8")
    _replace(quotes, "rol: vrijwilliger", "rol: vrijwiliger")
    message = "docs/noord/citaten.yml:3: onbekende rol 'vrijwiliger'; bedoel je 'vrijwilliger'?"
    server.wait_for("the error in the log", lambda: message in server.output())
    assert "Traceback" not in server.output()
    # MkDocs holds page requests until a build succeeds again; the server keeps running.
    time.sleep(1)
    assert server.process.poll() is None
    # Fixed, the next change shows again.
    quotes.write_text(good.replace("Wij luisteren", "Wij luisterden"), encoding="utf-8")
    server.page_shows("noord/samen/", "Wij luisterden naar elkaar.")


def test_a_mistake_in_a_chapter_shows_on_the_page_while_serving(server: Server) -> None:
    chapter = server.project / "docs/noord/samen.md"
    _replace(chapter, "/// citaat | no-respect-01", "/// citaat | no-respect-1")
    server.page_shows("noord/samen/", "no-respect-1")
    assert "docs/noord/samen.md:11: onbekend citaat 'no-respect-1'" in server.output()
