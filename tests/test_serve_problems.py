"""Live preview: every problem shows on the page it is about, in red with its Dutch
message, and goes away once fixed; the terminal keeps saying it as ``path:line``.

An unknown citation key is marked where it stands (the message as its title) and said
atop the page; a broken link or anchor, a chapter missing from its edition's
``hoofdstukken:`` and an edition without that list are found only once every page is
converted, and still show on their page. A build never shows problems on pages: it
fails (tests elsewhere)."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import copy_site
from handreiking.plugin.events import ASSETS
from test_serve import Server, running

RED = '<p class="handreiking-fout">'


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _gone(server: Server, path: str, text: str) -> None:
    server.wait_for(f"'{text}' gone from /{path}", lambda: text not in (server.get(path) or ""))


def _said_once_per_build(server: Server, line: str) -> None:
    """The terminal says ``line`` in a rebuild once, never twice."""
    for build in server.output().split("Building documentation"):
        assert build.count(line) <= 1, build
    assert line in server.output()


def test_an_unknown_citation_key_is_red_where_it_stands_and_atop_the_page(
    tmp_path: Path,
) -> None:
    with running(copy_site("basis", tmp_path)) as server:
        server.page_shows("noord/samen/", "Wij luisteren naar elkaar.")
        chapter = server.project / "docs/noord/samen.md"
        _replace(chapter, "[@sennett2003, p. 12]", "[@senet2003, p. 12]")
        message = "onbekende bron 'senet2003'; bedoel je 'sennett2003'?"
        marked = (
            f'<span class="bronvermelding bronvermelding-fout" title="{message}">'
            "[@senet2003, p. 12]</span>"
        )
        server.page_shows("noord/samen/", marked)
        server.page_shows("noord/samen/", f"{RED}{message}</p>")
        page = server.get("noord/samen/") or ""
        assert page.count(message) == 2  # the mark's title and the line atop the page
        _said_once_per_build(server, f"docs/noord/samen.md:9: {message}")
        _replace(chapter, "[@senet2003, p. 12]", "[@sennett2003, p. 12]")
        _gone(server, "noord/samen/", message)
        assert "bronvermelding-fout" not in (server.get("noord/samen/") or "")


def test_a_mistake_a_block_shows_in_its_place_is_not_said_again_atop_the_page(
    tmp_path: Path,
) -> None:
    with running(copy_site("basis", tmp_path)) as server:
        server.page_shows("noord/samen/", "Wij luisteren naar elkaar.")
        chapter = server.project / "docs/noord/samen.md"
        _replace(chapter, "/// citaat | no-respect-01", "/// citaat | no-respect-1")
        server.page_shows("noord/samen/", "no-respect-1")
        page = server.get("noord/samen/") or ""
        assert (
            page.count("onbekend citaat &#x27;no-respect-1&#x27;")
            + page.count("nbekend citaat 'no-respect-1'")
            == 1
        ), page


def test_a_missing_anchor_is_red_on_the_linking_page_until_the_anchor_exists(
    tmp_path: Path,
) -> None:
    with running(copy_site("basis", tmp_path)) as server:
        server.page_shows("noord/", "Handreiking Noord")
        start = server.project / "docs/noord/index.md"
        _replace(start, "Lees [Samen](samen.md).", "Lees [Samen](samen.md#later).")
        message = "link naar 'samen.md#later', maar die pagina heeft geen kop of anker 'later'"
        server.page_shows("noord/", f"{RED}{message}")
        _said_once_per_build(server, f"docs/noord/index.md:13: {message}")
        # fixed on the other page: the linking page, unchanged, loses the message
        _replace(server.project / "docs/noord/samen.md", "## Verder {#verder}", "## Later")
        _gone(server, "noord/", message)
        server.page_shows("noord/samen/", 'id="later"')


def test_a_link_to_a_missing_page_is_red_on_the_page_until_fixed(tmp_path: Path) -> None:
    with running(copy_site("basis", tmp_path)) as server:
        server.page_shows("noord/", "Handreiking Noord")
        start = server.project / "docs/noord/index.md"
        _replace(start, "Lees [Samen](samen.md).", "Lees [Samen](samne.md).")
        message = "link naar 'samne.md', maar het bestand docs/noord/samne.md bestaat niet"
        server.page_shows("noord/", f"{RED}{message}")
        _said_once_per_build(server, f"docs/noord/index.md:13: {message}")
        _replace(start, "Lees [Samen](samne.md).", "Lees [Samen](samen.md).")
        _gone(server, "noord/", message)


def test_a_chapter_left_out_of_the_reading_order_says_so_on_its_page(tmp_path: Path) -> None:
    with running(copy_site("volgorde", tmp_path)) as server:
        server.page_shows("noord/partnerschap/", "Partnerschap")
        start = server.project / "docs/noord/index.md"
        _replace(start, "  - partnerschap.md\n", "")
        message = (
            "dit hoofdstuk staat niet in de leesvolgorde van de editie; zet "
            "'- partnerschap.md' onder 'hoofdstukken:' in docs/noord/index.md"
        )
        server.page_shows("noord/partnerschap/", f"{RED}{message}")
        _said_once_per_build(server, f"docs/noord/partnerschap.md:1: {message}")
        _replace(start, "  - vertrouwen.md\n", "  - vertrouwen.md\n  - partnerschap.md\n")
        _gone(server, "noord/partnerschap/", message)


def test_an_edition_without_its_reading_order_says_so_on_its_start_page(tmp_path: Path) -> None:
    with running(copy_site("volgorde", tmp_path)) as server:
        server.page_shows("oost/netwerk/", "Het netwerk in Oost")
        start = server.project / "docs/oost/index.md"
        _replace(start, "hoofdstukken: [netwerk.md]\n", "")
        message = (
            "deze editie heeft hoofdstukken maar geen leesvolgorde, dus staan ze nu op "
            "bestandsnaam; zet 'hoofdstukken: [netwerk.md]' in de front matter"
        )
        server.page_shows("oost/", f"{RED}{message}")
        _said_once_per_build(server, f"docs/oost/index.md:1: {message}")
        _replace(start, "---\n# ", "hoofdstukken: [netwerk.md]\n---\n# ")
        _gone(server, "oost/", message)


def test_a_marked_citation_is_told_by_more_than_colour_in_light_and_dark() -> None:
    """The mark of a citation that could not be made: a wavy underline and a "?" beside
    it, red in the light and a lighter red in the dark scheme."""
    css = (ASSETS / "handreiking.css").read_text(encoding="utf-8")

    def rule(selector: str) -> str:
        found = re.search(re.escape(selector) + r"\s*\{([^}]*)\}", css)
        assert found is not None, selector
        return found.group(1)

    assert "wavy" in rule(".md-typeset .bronvermelding-fout")
    assert 'content: "?"' in rule(".md-typeset .bronvermelding-fout::after")
    assert "color" in rule('[data-md-color-scheme="slate"] .md-typeset .bronvermelding-fout')
