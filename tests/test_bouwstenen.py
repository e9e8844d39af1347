"""Loading and validating theory boxes, and the /bouwstenen/ index page."""

from __future__ import annotations

from pathlib import Path

import markdown
from handreiking.content.bouwstenen import (
    Bouwsteen,
    BouwsteenLibrary,
    index_markdown,
    load_bouwsteen_file,
    load_bouwstenen,
)

BOX = """\
---
id: wederkerigheid
titel: Wederkerigheid en respect
thema: [wederkerigheid, gelijkwaardigheid]
bronnen: [sennett2003, lipsky1980]
---
# Wederkerigheid en respect

Respect groeit waar mensen iets terug kunnen doen [@sennett2003].
"""


def write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    path = tmp_path / "docs" / "bouwstenen" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def problems_of(tmp_path: Path, text: str, name: str = "wederkerigheid.md") -> list[str]:
    path = write(tmp_path, name, text)
    box, problems = load_bouwsteen_file(path, root=tmp_path)
    assert (box is None) == bool(problems)
    return [str(p) for p in problems]


def test_a_valid_box_loads(tmp_path: Path) -> None:
    path = write(tmp_path, "wederkerigheid.md", BOX)
    box, problems = load_bouwsteen_file(path, root=tmp_path)
    assert problems == []
    assert box == Bouwsteen(
        id="wederkerigheid",
        titel="Wederkerigheid en respect",
        thema=("wederkerigheid", "gelijkwaardigheid"),
        bronnen=("sennett2003", "lipsky1980"),
        body=BOX.split("---\n", 2)[2],
        path="docs/bouwstenen/wederkerigheid.md",
        body_line_offset=6,
        bronnen_lines=(5, 5),
    )
    assert box.src_uri == "bouwstenen/wederkerigheid.md"
    # the box shows its title itself, so the page's own h1 is left out when placed
    assert box.placed_body() == "Respect groeit waar mensen iets terug kunnen doen [@sennett2003]."


def test_the_library_skips_the_index_and_remembers_broken_files(tmp_path: Path) -> None:
    write(tmp_path, "wederkerigheid.md", BOX)
    write(tmp_path, "index.md", "# Bouwstenen\n")
    write(tmp_path, "kapot.md", "---\nid: kapot\n---\n")
    library, problems = load_bouwstenen(tmp_path / "docs", root=tmp_path)
    assert library.ids() == ["wederkerigheid"]
    assert library.broken == {"kapot": "docs/bouwstenen/kapot.md"}
    assert [str(p) for p in problems] == [
        "docs/bouwstenen/kapot.md:2: de bouwsteen mist het verplichte veld 'titel'",
        "docs/bouwstenen/kapot.md:2: de bouwsteen mist het verplichte veld 'thema'",
        "docs/bouwstenen/kapot.md:2: de bouwsteen mist het verplichte veld 'bronnen'",
    ]


def test_no_folder_is_no_boxes(tmp_path: Path) -> None:
    library, problems = load_bouwstenen(tmp_path / "docs")
    assert len(library) == 0 and problems == []


def test_id_must_equal_the_file_name(tmp_path: Path) -> None:
    assert problems_of(tmp_path, BOX, "respect.md") == [
        "docs/bouwstenen/respect.md:2: id 'wederkerigheid' is niet gelijk aan de bestandsnaam "
        "'respect.md'; maak ze gelijk (de id staat in vaste links, dus hernoem liever het "
        "bestand)"
    ]


def test_missing_id_suggests_the_file_name(tmp_path: Path) -> None:
    assert problems_of(tmp_path, BOX.replace("id: wederkerigheid\n", "")) == [
        "docs/bouwstenen/wederkerigheid.md:2: de bouwsteen mist het verplichte veld 'id'; "
        "zet 'id: wederkerigheid' in de front matter"
    ]


def test_title_instead_of_titel(tmp_path: Path) -> None:
    assert problems_of(tmp_path, BOX.replace("titel:", "title:")) == [
        "docs/bouwstenen/wederkerigheid.md:2: de bouwsteen mist het verplichte veld 'titel' "
        "(er staat 'title'; een bouwsteen gebruikt 'titel')"
    ]


def test_near_miss_keys_are_typos_other_keys_are_page_metadata(tmp_path: Path) -> None:
    text = BOX.replace("bronnen:", "description: Over respect\nbronen:")
    assert problems_of(tmp_path, text) == [
        "docs/bouwstenen/wederkerigheid.md:6: onbekend veld 'bronen'; bedoel je 'bronnen'?",
        "docs/bouwstenen/wederkerigheid.md:2: de bouwsteen mist het verplichte veld 'bronnen'",
    ]


def test_lists_are_type_checked(tmp_path: Path) -> None:
    text = BOX.replace("thema: [wederkerigheid, gelijkwaardigheid]", "thema: wederkerigheid")
    text = text.replace("bronnen: [sennett2003, lipsky1980]", "bronnen: sennett2003")
    assert problems_of(tmp_path, text) == [
        "docs/bouwstenen/wederkerigheid.md:4: 'thema' moet een lijst van thema's zijn, "
        "bijvoorbeeld 'thema: [partnerschap, vertrouwen]'",
        "docs/bouwstenen/wederkerigheid.md:5: 'bronnen' moet een lijst van sleutels uit "
        "bibliography.bib zijn, bijvoorbeeld 'bronnen: [sennett2003, lipsky1980]'",
    ]


def test_empty_lists_and_at_signs_are_fine(tmp_path: Path) -> None:
    text = BOX.replace("thema: [wederkerigheid, gelijkwaardigheid]", "thema: []")
    text = text.replace("bronnen: [sennett2003, lipsky1980]", "bronnen:\n  - '@sennett2003'")
    path = write(tmp_path, "wederkerigheid.md", text)
    box, problems = load_bouwsteen_file(path)
    assert problems == [] and box is not None
    assert box.thema == () and box.bronnen == ("sennett2003",) and box.bronnen_lines == (6,)
    assert box.body_line_offset == 7


def test_no_front_matter(tmp_path: Path) -> None:
    assert problems_of(tmp_path, "# Wederkerigheid\n") == [
        "docs/bouwstenen/wederkerigheid.md:1: de bouwsteen heeft geen front matter; begin het "
        "bestand met '---', dan 'id: wederkerigheid', 'titel:', 'thema:' en 'bronnen:', "
        "en weer '---'"
    ]


def test_unclosed_front_matter(tmp_path: Path) -> None:
    assert problems_of(tmp_path, "---\nid: wederkerigheid\n# Tekst\n") == [
        "docs/bouwstenen/wederkerigheid.md:1: de front matter wordt niet afgesloten; "
        "zet '---' op een eigen regel eronder"
    ]


def test_malformed_front_matter_yaml_gives_the_file_line(tmp_path: Path) -> None:
    text = BOX.replace("thema: [wederkerigheid, gelijkwaardigheid]", "thema: [wederkerigheid")
    assert problems_of(tmp_path, text) == [
        "docs/bouwstenen/wederkerigheid.md:5: de YAML kan niet worden gelezen: expected ',' or "
        "']', but got ':' (while parsing a flow sequence)"
    ]


def test_not_utf8(tmp_path: Path) -> None:
    text = BOX.replace("Respect", "R\u00e9spect").encode("cp1252")
    path = write(tmp_path, "wederkerigheid.md", text)
    _box, problems = load_bouwsteen_file(path, root=tmp_path)
    assert [str(p) for p in problems] == [
        "docs/bouwstenen/wederkerigheid.md:9: het bestand is niet als UTF-8 opgeslagen "
        "(teken 0xe9 is onleesbaar); sla het op als UTF-8"
    ]


def test_sources_missing_from_the_bibliography(tmp_path: Path) -> None:
    write(
        tmp_path,
        "wederkerigheid.md",
        BOX.replace(
            "bronnen: [sennett2003, lipsky1980]", "bronnen:\n  - sennett2003\n  - lipsky1908"
        ),
    )
    library, problems = load_bouwstenen(
        tmp_path / "docs", root=tmp_path, bib_keys={"sennett2003", "lipsky1980"}
    )
    assert [str(p) for p in problems] == [
        "docs/bouwstenen/wederkerigheid.md:7: bron 'lipsky1908' staat niet in de bibliografie "
        "(bibliography.bib); bedoel je 'lipsky1980'?"
    ]
    assert library.check_sources({"sennett2003", "lipsky1908"}) == []


# ------------------------------------------------------------------- index page


def test_index_markdown_lists_boxes_with_their_chapters(tmp_path: Path) -> None:
    write(tmp_path, "wederkerigheid.md", BOX)
    write(
        tmp_path,
        "cirkels.md",
        "---\nid: cirkels\ntitel: Cirkels van <invloed>\nthema: [invloed]\nbronnen: []\n---\n",
    )
    library, _ = load_bouwstenen(tmp_path / "docs")
    usage = {
        "wederkerigheid": [
            ("Wederkerigheid en gelijkwaardigheid", "zuidoost/wederkerigheid.md", "zuidoost"),
            ("Wederkerigheid en gelijkwaardigheid", "zuidoost/wederkerigheid.md", "zuidoost"),
            ("Voor docenten", "voor-docenten.md", None),
        ]
    }
    text = index_markdown(library, usage, {"zuidoost": "Zuidoost"})
    assert text == (
        "# Bouwstenen\n\n"
        "Bouwstenen zijn korte stukken theorie die in de handreikingen terugkomen. Elke "
        "bouwsteen heeft een eigen pagina; hieronder staat ook in welke hoofdstukken hij "
        "gebruikt wordt.\n\n"
        "## [Cirkels van &lt;invloed&gt;](cirkels.md)\n\n"
        "Thema: invloed\n\n"
        "Nog in geen hoofdstuk gebruikt.\n\n"
        "## [Wederkerigheid en respect](wederkerigheid.md)\n\n"
        "Thema's: wederkerigheid, gelijkwaardigheid\n\n"
        "Gebruikt in:\n\n"
        "- [Wederkerigheid en gelijkwaardigheid](../zuidoost/wederkerigheid.md) "
        "(editie Zuidoost)\n"
        "- [Voor docenten](../voor-docenten.md)\n"
    )
    html = markdown.markdown(text)
    assert '<h2><a href="cirkels.md">Cirkels van &lt;invloed&gt;</a></h2>' in html


def test_index_markdown_of_an_empty_library() -> None:
    assert "Er zijn nog geen bouwstenen." in index_markdown(BouwsteenLibrary(), {})
