"""``handreiking check``: a clean tree passes, and each kind of mistake is named exactly."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT, check_problems, copy_site, edit_file, run_cli

_check = check_problems


def _edit(project: Path, path: str, old: str, new: str) -> None:
    edit_file(project / path, old, new)


def test_clean_tree_exits_0_with_a_one_line_summary(tmp_path: Path) -> None:
    project = copy_site("basis", tmp_path)
    result = run_cli("check", cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == "Alles in orde: geen problemen gevonden.\n"
    assert not (project / "site").exists(), "check must not build the site"


def test_the_real_site_is_clean() -> None:
    result = run_cli("check", cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "Alles in orde: geen problemen gevonden."


def test_a_mistake_exits_1_and_prints_path_line_message(tmp_path: Path) -> None:
    project = copy_site("basis", tmp_path)
    _edit(project, "docs/noord/samen.md", "/// citaat | no-respect-01", "/// citaat | no-respect-1")
    result = run_cli("check", cwd=project)
    assert result.returncode == 1
    assert result.stdout == (
        "docs/noord/samen.md:11: onbekend citaat 'no-respect-1'; bedoel je 'no-respect-01'?\n"
    )
    assert "Traceback" not in result.stderr


SAMEN = "docs/noord/samen.md"

MISTAKES: dict[str, tuple[str, str, str, list[str]]] = {
    "unknown quote": (
        SAMEN,
        "/// citaat | no-respect-01",
        "/// citaat | no-respect-1",
        [f"{SAMEN}:11: onbekend citaat 'no-respect-1'; bedoel je 'no-respect-01'?"],
    ),
    "quote without consent": (
        SAMEN,
        "/// citaat | no-respect-01",
        "/// citaat | no-respect-02",
        [
            f"{SAMEN}:11: citaat 'no-respect-02' mag niet worden geplaatst: er is geen "
            "toestemming om het te publiceren (toestemming: false in docs/noord/citaten.yml:7)"
        ],
    ),
    "unknown role in citaten.yml": (
        "docs/noord/citaten.yml",
        "rol: vrijwilliger",
        "rol: vrijwiliger",
        ["docs/noord/citaten.yml:3: onbekende rol 'vrijwiliger'; bedoel je 'vrijwilliger'?"],
    ),
    "unknown theory box": (
        SAMEN,
        "/// bouwsteen | respect",
        "/// bouwsteen | respekt",
        [f"{SAMEN}:14: onbekende bouwsteen 'respekt'; bedoel je 'respect'?"],
    ),
    "unknown citation key": (
        SAMEN,
        "[@sennett2003, p. 12]",
        "[@sennet2003, p. 12]",
        [f"{SAMEN}:9: onbekende bron 'sennet2003'; bedoel je 'sennett2003'?"],
    ),
    "missing id": (
        SAMEN,
        "id: no-samen\n",
        "",
        [
            f"{SAMEN}:1: deze pagina mist een permanent 'id' in de front matter, "
            "bijvoorbeeld: id: zo-partnerschap"
        ],
    ),
    "duplicate id": (
        SAMEN,
        "id: no-samen",
        "id: no-start",
        [f"{SAMEN}:2: id 'no-start' wordt al gebruikt in docs/noord/index.md:2"],
    ),
    "broken front matter": (
        SAMEN,
        "thema: [respect]",
        "thema: [respect",
        [f"{SAMEN}:4: ongeldige YAML in de front matter: expected ',' or ']', but got ':'"],
    ),
    "edition metadata": (
        "docs/noord/index.md",
        "status: gepubliceerd",
        "status: klaar",
        [
            "docs/noord/index.md:6: onbekende status 'klaar'; kies uit: gepubliceerd, "
            "in-voorbereiding"
        ],
    ),
    "link to a missing page": (
        "docs/noord/index.md",
        "[Samen](samen.md)",
        "[Samen](samem.md)",
        [
            "docs/noord/index.md:13: link naar 'samem.md', maar het bestand "
            "docs/noord/samem.md bestaat niet; bedoel je 'samen.md'?"
        ],
    ),
    "link to a missing anchor": (
        "docs/noord/index.md",
        "[Samen](samen.md)",
        "[Samen](samen.md#verdr)",
        [
            "docs/noord/index.md:13: link naar 'samen.md#verdr', maar die pagina heeft geen "
            "kop of anker 'verdr'; bedoel je 'verder'?"
        ],
    ),
    "link to a folder": (
        "docs/index.md",
        "[West](west/index.md)",
        "[West](west/)",
        ["docs/index.md:3: link naar 'west/': verwijs naar het bestand zelf, dus 'west/index.md'"],
    ),
}


@pytest.mark.parametrize("case", MISTAKES)
def test_each_kind_of_mistake_is_reported_exactly(tmp_path: Path, case: str) -> None:
    path, old, new, expected = MISTAKES[case]
    project = copy_site("basis", tmp_path)
    _edit(project, path, old, new)
    assert _check(project) == expected


def test_links_to_headings_and_explicit_anchors_pass(tmp_path: Path) -> None:
    project = copy_site("basis", tmp_path)
    _edit(
        project,
        "docs/noord/index.md",
        "[Samen](samen.md)",
        "[Samen](samen.md#samen), [verder](samen.md#verder), [hier](#handreiking-noord)",
    )
    assert _check(project) == []


def test_problems_are_sorted_by_file_and_line(tmp_path: Path) -> None:
    project = copy_site("basis", tmp_path)
    _edit(project, SAMEN, "Zo schreef @sennett2003", "Zo schreef @sennet2003")
    _edit(project, SAMEN, "/// citaat | no-respect-01", "/// citaat | no-respect-1")
    _edit(project, "docs/noord/index.md", "[Samen](samen.md)", "[Samen](samem.md)")
    problems = _check(project)
    assert [p.split(": ", 1)[0] for p in problems] == [
        "docs/noord/index.md:13",
        f"{SAMEN}:11",
        f"{SAMEN}:19",
    ]
