"""``handreiking check``: a clean tree passes, and each kind of mistake is named exactly."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT, check_problems, copy_site, edit_file, run_cli, run_command

_check = check_problems


def _edit(project: Path, path: str, old: str, new: str) -> None:
    edit_file(project / path, old, new)


def test_clean_tree_exits_0_with_a_one_line_summary(tmp_path: Path) -> None:
    project = copy_site("basis", tmp_path)
    result = run_command("check", cwd=project)  # the command as typed, in its own process
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
    result = run_command("check", cwd=project)
    assert result.returncode == 1
    assert result.stdout == (
        "docs/noord/samen.md:11: onbekend citaat 'no-respect-1'; bedoel je 'no-respect-01'?\n"
    )
    assert "Traceback" not in result.stderr


def test_the_command_ends_with_everything_said_and_kept(tmp_path: Path) -> None:
    """The command's process ends at once after a check (nothing taken apart on the way
    out): what it says is all there, in its order, with its exit code, and what it keeps
    for the next check is written whole (that check, in a process of its own, says the
    same from it)."""
    project = copy_site("basis", tmp_path)
    _edit(project, "docs/noord/samen.md", "/// citaat | no-respect-01", "/// citaat | no-respect-1")
    first = run_command("check", "--literatuur", cwd=project)
    assert first.returncode == 1, first.stdout + first.stderr
    assert first.stdout.startswith("docs/noord/samen.md:11: onbekend citaat 'no-respect-1'")
    assert first.stderr.rstrip().endswith("1 probleem/problemen gevonden."), first.stderr
    kept = sorted(path.name for path in (project / ".cache").rglob("*") if path.is_file())
    assert kept, "nothing kept for the next check"
    second = run_command("check", "--literatuur", cwd=project)
    assert (second.returncode, second.stdout, second.stderr) == (
        first.returncode,
        first.stdout,
        first.stderr,
    )


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


# -- the levels of mkdocs.yml's `validation` hold for our messages too ---------------------


def _validation(project: Path, setting: str, level: str) -> None:
    _edit(project, "mkdocs.yml", f"  {setting}: warn", f"  {setting}: {level}")


def _extra_page(project: Path) -> None:
    (project / "docs/noord/extra.md").write_text(
        "---\nid: no-extra\n---\n\n# Extra\n", encoding="utf-8"
    )


OMITTED = (
    "docs/noord/extra.md:1: deze pagina staat niet in de navigatie; voeg 'noord/extra.md' "
    "toe onder nav in mkdocs.yml"
)


def test_a_kind_set_to_warn_fails_check_and_build_in_our_words(tmp_path: Path) -> None:
    project = copy_site("basis", tmp_path)
    _extra_page(project)
    assert _check(project) == [OMITTED]
    built = run_command("build", "--zonder-pdf", cwd=project)  # its exit code, as typed
    assert built.returncode == 1
    assert f"WAARSCHUWING - {OMITTED}" in built.stderr
    assert "not included" not in built.stderr  # MkDocs' own message is not given as well


def test_a_kind_set_to_info_is_said_but_fails_neither(tmp_path: Path) -> None:
    project = copy_site("basis", tmp_path)
    _validation(project, "omitted_files", "info")
    _extra_page(project)
    assert _check(project) == []
    built = run_cli("build", "--zonder-pdf", cwd=project)
    assert built.returncode == 0, built.stderr
    assert f"INFO - {OMITTED}" in built.stderr
    assert "not included" not in built.stderr


def test_a_kind_set_to_ignore_is_not_said(tmp_path: Path) -> None:
    project = copy_site("basis", tmp_path)
    _validation(project, "anchors", "ignore")
    _edit(project, "docs/noord/index.md", "[Samen](samen.md)", "[Samen](samen.md#nergens)")
    assert _check(project) == []
    built = run_cli("build", "--zonder-pdf", cwd=project)
    assert built.returncode == 0, built.stderr
    assert "nergens" not in built.stderr


def test_absolute_links_relative_to_docs_are_checked_as_files_under_docs(tmp_path: Path) -> None:
    # MkDocs' 'relative_to_docs': '/noord/samen.md' means docs/noord/samen.md
    project = copy_site("basis", tmp_path)
    _validation(project, "absolute_links", "relative_to_docs")
    _edit(project, "docs/noord/index.md", "[Samen](samen.md)", "[Samen](/noord/samen.md)")
    assert _check(project) == []
    built = run_cli("build", "--zonder-pdf", cwd=project)
    assert built.returncode == 0, built.stderr
    assert '<a href="samen/">Samen' in (project / "site/noord/index.html").read_text(
        encoding="utf-8"
    )
    _edit(project, "docs/noord/index.md", "(/noord/samen.md)", "(/noord/samem.md)")
    expected = (
        "docs/noord/index.md:13: link naar '/noord/samem.md', maar het bestand "
        "docs/noord/samem.md bestaat niet; bedoel je 'samen.md'?"
    )
    assert _check(project) == [expected]
    built = run_cli("build", "--zonder-pdf", cwd=project)
    assert built.returncode == 1
    assert f"WAARSCHUWING - {expected}" in built.stderr


def test_anchors_in_raw_html_count_in_check_and_build(tmp_path: Path) -> None:
    project = copy_site("basis", tmp_path)
    with (project / SAMEN).open("a", encoding="utf-8") as page:
        page.write('\nEen <span id="plek">plek</span> in de tekst.\n\n<div id="blok">\nB\n</div>\n')
    _edit(
        project,
        "docs/noord/index.md",
        "[Samen](samen.md)",
        "[Samen](samen.md#plek), [blok](samen.md#blok), [mis](samen.md#blk)",
    )
    expected = (
        "docs/noord/index.md:13: link naar 'samen.md#blk', maar die pagina heeft geen kop of "
        "anker 'blk'; bedoel je 'blok'?"
    )
    assert _check(project) == [expected]
    built = run_cli("build", "--zonder-pdf", cwd=project)
    assert built.returncode == 1
    assert [line for line in built.stderr.splitlines() if "WAARSCHUWING" in line] == [
        f"WAARSCHUWING - {expected}"
    ]
