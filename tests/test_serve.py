"""Live preview: ``handreiking serve`` rebuilds on a change of the data files, and
broken data is shown on the page (and in the terminal) while the server keeps running,
from the first build on."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from conftest import copy_site
from handreiking.errors import SourceProblem
from handreiking.plugin.preview_errors import FIX, HEADING, error_page_html

TIMEOUT = 30.0


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    """A running ``handreiking serve`` on a copied test site."""

    def __init__(self, project: Path, site_url: str | None = None) -> None:
        self.project = project
        self.port = _free_port()
        # MkDocs serves the site under the path of its site_url (given when mkdocs.yml
        # cannot be read).
        if site_url is None:
            settings = (project / "mkdocs.yml").read_text(encoding="utf-8")
            site_url = yaml.safe_load(settings)["site_url"]
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


@contextmanager
def running(project: Path, site_url: str | None = None) -> Iterator[Server]:
    """``handreiking serve`` on ``project`` while the ``with`` block runs."""
    server = Server(project, site_url)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    with running(copy_site("basis", tmp_path)) as started:
        started.page_shows("noord/samen/", "Wij luisteren naar elkaar.")
        yield started


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


def test_a_broken_data_file_shows_on_the_page_until_it_is_fixed(server: Server) -> None:
    quotes = server.project / "docs/noord/citaten.yml"
    good = quotes.read_text(encoding="utf-8")
    _replace(quotes, "thema: [respect]", "thema: [respect")
    problem = "docs/noord/citaten.yml:5: de YAML kan niet worden gelezen"
    # The page the co-author has open says what is wrong and where, in the theme's layout.
    server.page_shows("noord/samen/", problem)
    page = server.get("noord/samen/") or ""
    assert HEADING in page and FIX in page
    assert 'class="md-header' in page  # Material's layout, not a bare error
    assert "livereload(" in page  # and it reloads itself once the file is fixed
    assert "Wij luisteren naar elkaar." not in page
    # So do the generated pages and the other pages.
    server.page_shows("noord/citaten/", problem)
    server.page_shows("bouwstenen/respect/", problem)
    assert problem in server.output() and "Traceback" not in server.output()
    # Fixed, the page shows its content again.
    quotes.write_text(good.replace("Wij luisteren", "Wij luisterden"), encoding="utf-8")
    server.page_shows("noord/samen/", "Wij luisterden naar elkaar.")
    assert HEADING not in (server.get("noord/samen/") or "")


def test_the_error_page_replaces_pages_kept_from_earlier_rebuilds(server: Server) -> None:
    # A second good rebuild first, so the preview has pages it could reuse.
    _replace(server.project / "docs/noord/index.md", "Lees [Samen]", "Lees eerst [Samen]")
    server.page_shows("noord/", "Lees eerst")
    quotes = server.project / "docs/noord/citaten.yml"
    good = quotes.read_text(encoding="utf-8")
    _replace(quotes, "rol: vrijwilliger", "rol: vrijwiliger")
    for path in ("noord/samen/", "bouwstenen/respect/", "west/", ""):
        server.page_shows(path, "docs/noord/citaten.yml:3: onbekende rol")
    # Restored as it was, every page shows its content again, not a kept error page.
    quotes.write_text(good, encoding="utf-8")
    server.page_shows("noord/samen/", "Wij luisteren naar elkaar.")
    for path in ("bouwstenen/respect/", "west/", "", "noord/"):
        server.wait_for(
            f"/{path} without the error", lambda p=path: HEADING not in (server.get(p) or HEADING)
        )


def test_broken_data_at_the_start_shows_the_error_page(tmp_path: Path) -> None:
    project = copy_site("basis", tmp_path)
    _replace(project / "docs/noord/citaten.yml", "rol: vrijwilliger", "rol: vrijwiliger")
    problem = "docs/noord/citaten.yml:3: onbekende rol 'vrijwiliger'; bedoel je 'vrijwilliger'?"
    with running(project) as server:
        server.page_shows("noord/samen/", problem)
        assert HEADING in (server.get("") or "")
        _replace(project / "docs/noord/citaten.yml", "rol: vrijwiliger", "rol: vrijwilliger")
        server.page_shows("noord/samen/", "Wij luisteren naar elkaar.")
        assert "Traceback" not in server.output()


def test_a_page_that_is_not_utf8_shows_the_error_page(tmp_path: Path) -> None:
    project = copy_site("basis", tmp_path)
    latin1 = project / "docs/noord/latin1.md"
    latin1.write_bytes("# Caf\xe9\n".encode("latin-1"))
    with running(project) as server:
        server.page_shows("noord/samen/", "docs/noord/latin1.md:1: het bestand is geen UTF-8")
        latin1.write_text("# Café\n", encoding="utf-8")
        server.page_shows("noord/latin1/", "Café")


def test_the_error_page_escapes_what_it_quotes() -> None:
    page = error_page_html([SourceProblem("docs/a.md", 2, "onbekend citaat '<script>'")])
    assert "<li>docs/a.md:2: onbekend citaat '&lt;script&gt;'</li>" in page
    assert "<script>" not in page


def test_a_rebuild_keeps_the_permanent_addresses_without_a_word(server: Server) -> None:
    """A rebuild writes only what changed, so the folder still holds the last build's
    files: the permanent addresses (/id/...) are the build's own, not taken by another."""
    chapter = server.project / "docs/noord/samen.md"
    _replace(chapter, "# ", "# Weer ")
    server.page_shows("noord/samen/", "Weer ")
    assert "al bezet" not in server.output()
    page_id = (yaml.safe_load(chapter.read_text(encoding="utf-8").split("---")[1]) or {})["id"]
    assert "noord/samen/" in (server.get(f"id/{page_id}/") or "")


def test_a_mistake_in_a_chapter_shows_on_the_page_while_serving(server: Server) -> None:
    chapter = server.project / "docs/noord/samen.md"
    _replace(chapter, "/// citaat | no-respect-01", "/// citaat | no-respect-1")
    server.page_shows("noord/samen/", "no-respect-1")
    assert "docs/noord/samen.md:11: onbekend citaat 'no-respect-1'" in server.output()


def test_what_the_gate_would_refuse_shows_on_the_served_page(server: Server) -> None:
    """The preview publishes nothing and has no gate of its own, but says on the page
    what the gate (and ``handreiking check``) would say, and keeps running."""
    chapter = server.project / "docs/noord/samen.md"
    with chapter.open("a", encoding="utf-8") as handle:
        handle.write("\nBel [06-1234](https://voorbeeld.nl/)5678.\n")
    message = "in de gepubliceerde tekst van deze pagina staat een telefoonnummer ('06-12345678')"
    server.page_shows("noord/samen/", message)
    assert f"docs/noord/samen.md: {message}" in server.output()
    _replace(chapter, "Bel [06-1234](https://voorbeeld.nl/)5678.", "Bel het buurthuis.")
    server.wait_for("the message gone", lambda: message not in (server.get("noord/samen/") or ""))


# -- the citation files in the preview (outputs/links/collector.py, citecache.py) ----------


def test_a_changed_title_shows_in_the_served_citation_files(server: Server) -> None:
    """A rebuild writes only what changed: the citation files of an edited page change."""
    chapter = server.project / "docs/noord/samen.md"
    assert "Samen" in (server.get("noord/samen/no-samen.bib") or "")
    _replace(chapter, "# Samen", "# Samen verder")
    for name in ("noord/samen/", "noord/samen/no-samen.bib", "noord/samen/no-samen.ris"):
        server.page_shows(name, "Samen verder")


def test_a_rebuild_writes_only_the_citation_files_that_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As ``handreiking serve`` rebuilds, in this process: the collector's files (citation
    files, permanent addresses, catalog) go through the same check as MkDocs' pages; a
    file whose bytes did not change is not written again, one that did is."""
    from handreiking.compat.mkdocs import writing_only_what_changed
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    project = copy_site("basis", tmp_path)
    monkeypatch.chdir(project)
    site = tmp_path / "site"
    written: dict[str, tuple[int, int, bytes]] = {}
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(site), strict=False)
    config.plugins.on_startup(command="serve", dirty=False)

    def rebuild() -> dict[str, int]:
        fresh = load_config(str(project / "mkdocs.yml"), site_dir=str(site), strict=False)
        with writing_only_what_changed(str(site), written):
            build(fresh, serve_url="http://127.0.0.1:8000/handreiking/")
        return {str(p.relative_to(site)): p.stat().st_mtime_ns for p in site.rglob("*.*")}

    try:
        before = rebuild()
        edited, other = "noord/samen/no-samen", "bouwstenen/respect/respect"
        assert {f"{edited}.bib", f"{other}.bib", "id/respect/index.html"} <= set(before)
        _replace(project / "docs/noord/samen.md", "# Samen", "# Samen verder")
        after = rebuild()
    finally:
        config.plugins.on_shutdown()
    for name in (f"{edited}.bib", f"{edited}.ris", "catalog.json"):
        assert after[name] != before[name], name  # written again: their bytes changed
        assert "Samen verder" in (site / name).read_text(encoding="utf-8")
    for name in (f"{other}.bib", f"{other}.ris", "id/respect/index.html"):
        assert after[name] == before[name], name  # the same bytes: left as they were
