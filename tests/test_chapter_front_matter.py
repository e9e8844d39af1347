"""A chapter's front matter is checked as boxes and editions are: known keys with
"bedoel je …?", a list of themes, the exact line of a missing ':'; in the preview the
problem shows in red on the page, and the front matter never shows as page text."""

from __future__ import annotations

from pathlib import Path

from conftest import check_problems, copy_site, edit_file
from test_serve import running

CHAPTER = "docs/noord/samen.md"


def test_the_keys_chapters_and_mkdocs_use_are_accepted(tmp_path: Path) -> None:
    project = copy_site("basis", tmp_path)
    edit_file(
        project / CHAPTER,
        "samenvatting: Een testhoofdstuk.\n",
        "samenvatting: Een testhoofdstuk.\ntitle: Samen\ndescription: Over samen.\n"
        "hide: [toc]\nsearch:\n  boost: 2\nstatus: new\ntemplate: main.html\n",
    )
    assert check_problems(project) == []


def test_one_theme_may_stand_alone_and_a_theme_list_is_a_list(tmp_path: Path) -> None:
    project = copy_site("basis", tmp_path)
    edit_file(project / CHAPTER, "thema: [respect]", "thema: respect")
    assert check_problems(project) == []
    edit_file(project / CHAPTER, "thema: respect", "thema: [respect, {a: b}]")
    assert check_problems(project) == [
        f"{CHAPTER}:3: 'thema' moet een lijst van thema's zijn, "
        "bijvoorbeeld 'thema: [partnerschap, vertrouwen]'"
    ]


def test_an_unknown_key_far_from_any_gets_the_known_ones(tmp_path: Path) -> None:
    project = copy_site("basis", tmp_path)
    edit_file(project / CHAPTER, "thema: [respect]", "thema: [respect]\nkleur: rood")
    assert check_problems(project) == [
        f"{CHAPTER}:4: onbekende sleutel 'kleur' in de front matter; een hoofdstuk kent id, "
        "thema, samenvatting en de sleutels van MkDocs zoals title en description"
    ]


def test_a_front_matter_mistake_shows_in_red_on_the_served_page(tmp_path: Path) -> None:
    project = copy_site("basis", tmp_path)
    chapter = project / CHAPTER
    with running(project) as server:
        server.page_shows("noord/samen/", "Wij luisteren naar elkaar.")
        edit_file(chapter, "thema: [respect]", "thema [respect]")
        message = "in de front matter mist de dubbele punt na 'thema'; schrijf 'thema: [respect]'"
        server.page_shows("noord/samen/", f'<p class="handreiking-fout">{message}</p>')
        page = server.get("noord/samen/") or ""
        # the front matter is no page text; the page itself is still there
        assert "no-samen" not in page and "samenvatting" not in page
        assert "Wij luisteren naar elkaar." in page
        assert f"{CHAPTER}:3: {message}" in server.output()
        edit_file(chapter, "thema [respect]", "tema: [respect]")
        server.page_shows("noord/samen/", "onbekende sleutel 'tema' in de front matter")
        edit_file(chapter, "tema: [respect]", "thema: [respect]")
        server.wait_for(
            "the page without the message",
            lambda: "handreiking-fout" not in (server.get("noord/samen/") or "handreiking-fout"),
        )
        assert "Traceback" not in server.output()
