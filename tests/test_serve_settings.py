"""Live preview: a mistake in ``mkdocs.yml`` while ``handreiking serve`` runs is said once,
in Dutch at its line, shown on every page, and the preview recovers when it is fixed."""

from __future__ import annotations

import urllib.error
import urllib.request
from pathlib import Path

import pytest
from conftest import copy_site
from handreiking.cli.serve import settings_error_page
from handreiking.errors import SourceProblem
from handreiking.plugin.preview_errors import FIX, HEADING
from test_serve import Server, running

#: a wrong indent, and a theme MkDocs does not know: what each makes the preview say
MISTAKES = {
    "inspringen": (
        "  language: nl\n",
        "   language: nl\n",
        "mkdocs.yml:6: de YAML kan niet worden gelezen: mapping values are not allowed here",
    ),
    "instelling": (
        "  name: material\n",
        "  name: materiaal\n",
        "mkdocs.yml:4: de instelling 'theme' klopt niet (MkDocs zegt: Unrecognised theme "
        "name: 'materiaal'.",
    ),
}


@pytest.mark.parametrize("mistake", sorted(MISTAKES))
def test_a_broken_mkdocs_yml_shows_on_every_page_until_it_is_fixed(
    tmp_path: Path, mistake: str
) -> None:
    good_line, bad_line, message = MISTAKES[mistake]
    project = copy_site("basis", tmp_path)
    settings = project / "mkdocs.yml"
    good = settings.read_text(encoding="utf-8")
    assert good_line in good
    with running(project) as server:
        server.page_shows("noord/samen/", "Wij luisteren naar elkaar.")
        settings.write_text(good.replace(good_line, bad_line, 1), encoding="utf-8")
        for path in ("noord/samen/", "", "bouwstenen/respect/"):
            server.page_shows(path, message)
        assert message in _not_found_page(server)  # an address that is no page too
        page = server.get("noord/samen/") or ""
        assert HEADING in page and FIX in page and "1 fout in mkdocs.yml" in page
        assert "livereload(" in page  # it reloads itself once the file is fixed
        _said_once_without_traceback(server, message)
        # Fixed, every page shows its content again.
        settings.write_text(good, encoding="utf-8")
        server.page_shows("noord/samen/", "Wij luisteren naar elkaar.")
        for path in ("", "bouwstenen/respect/"):
            server.wait_for(
                f"/{path} without the error",
                lambda p=path: HEADING not in (server.get(p) or HEADING),
            )
        # And the preview goes on rebuilding as before.
        chapter = project / "docs/noord/samen.md"
        text = chapter.read_text(encoding="utf-8")
        chapter.write_text(
            text.replace("Respect is wederkerig", "Respect blijft"), encoding="utf-8"
        )
        server.page_shows("noord/samen/", "Respect blijft")
        _said_once_without_traceback(server, message)


def _not_found_page(server: Server) -> str:
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(server.url("bestaat-niet/"), timeout=5)
    assert refused.value.code == 404
    return str(refused.value.read().decode("utf-8"))


def _said_once_without_traceback(server: Server, message: str) -> None:
    output = server.output()
    assert "Traceback" not in output, output
    assert output.count(message) == 1, output


def test_the_settings_error_page_escapes_what_it_quotes() -> None:
    page = settings_error_page([SourceProblem("mkdocs.yml", 4, "onbekend thema '<b>'")])
    assert "<li>mkdocs.yml:4: onbekend thema '&lt;b&gt;'</li>" in page
    assert "<b>" not in page
    assert page.rstrip().endswith("</html>") and "</body>" in page


@pytest.mark.parametrize("mistake", sorted(MISTAKES))
def test_a_mkdocs_yml_broken_at_the_start_is_served_until_it_is_fixed(
    tmp_path: Path, mistake: str
) -> None:
    """No site address can be read from the broken file: the preview serves the error
    page on every path of the address it was given, and the site once the file is fixed."""
    good_line, bad_line, message = MISTAKES[mistake]
    project = copy_site("basis", tmp_path)
    settings = project / "mkdocs.yml"
    good = settings.read_text(encoding="utf-8")
    settings.write_text(good.replace(good_line, bad_line, 1), encoding="utf-8")
    with running(project, site_url="https://example.org/handreiking/") as server:
        root = f"http://127.0.0.1:{server.port}/"
        server.wait_for("the error page", lambda: message in (_body(root) or ""))
        for address in (root, server.url("noord/samen/"), server.url("")):
            page = _body(address) or ""
            assert message in page and HEADING in page and FIX in page, address
            assert "livereload(" in page, address  # it reloads itself once fixed
        assert f"Serving on {root}" in server.output()
        _said_once_without_traceback(server, message)
        # Fixed: the site at its own address, as if the preview had started with it.
        settings.write_text(good, encoding="utf-8")
        server.page_shows("noord/samen/", "Wij luisteren naar elkaar.")
        assert HEADING not in (server.get("") or HEADING)
        assert "livereload(" in (server.get("noord/samen/") or "")
        # And it rebuilds on every save, as a preview started with a good file does.
        chapter = project / "docs/noord/samen.md"
        text = chapter.read_text(encoding="utf-8")
        chapter.write_text(
            text.replace("Respect is wederkerig", "Respect blijft"), encoding="utf-8"
        )
        server.page_shows("noord/samen/", "Respect blijft")
        quotes = project / "docs/noord/citaten.yml"
        quotes.write_text(
            quotes.read_text(encoding="utf-8").replace("Wij luisteren", "Wij luisterden"),
            encoding="utf-8",
        )
        server.page_shows("noord/samen/", "Wij luisterden naar elkaar.")
        _said_once_without_traceback(server, message)


def _body(address: str) -> str | None:
    """The page at ``address``, also when it comes with an error status (404)."""
    try:
        with urllib.request.urlopen(address, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except urllib.error.HTTPError as refused:
        return str(refused.read().decode("utf-8"))
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None
