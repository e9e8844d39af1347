"""Each mistake is reported once, at its line, by ``handreiking check`` and the build alike.

A theory box's body is placed in every chapter that uses it, but a mistake in it
belongs to the box's file: it is reported on the box's own page, at the line in
that file, and not again per chapter. Links into generated pages (quotes,
literature) are checked against the same anchors by check and build.
"""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest
from conftest import Built, build, check_problems, copy_site, edit_file
from handreiking.content.bouwstenen import load_bouwstenen
from handreiking.content.quotes import load_quotes
from handreiking.errors import SourceProblem
from handreiking.markdown import blocks
from handreiking.markdown.context import PageContext

BOX = "docs/bouwstenen/respect.md"


_check = check_problems


def _edit(project: Path, path: str, old: str, new: str) -> None:
    edit_file(project / path, old, new)


def _mistakes_in_the_box(project: Path) -> None:
    """A citation typo at line 8 and an unknown quote at line 10 of the box, which two
    chapters place."""
    _edit(
        project,
        BOX,
        "behandelen.",
        "behandelen [@sennet2003].\n\n/// citaat | bestaat-niet\n///",
    )
    _edit(project, "docs/noord/index.md", "Lees [Samen](samen.md).", "/// bouwsteen | respect\n///")


EXPECTED_BOX_PROBLEMS = [
    f"{BOX}:8: onbekende bron 'sennet2003'; bedoel je 'sennett2003'?",
    f"{BOX}:10: onbekend citaat 'bestaat-niet'",
]


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_site("basis", tmp_path_factory.mktemp("once"))
    _mistakes_in_the_box(project)
    return project


@pytest.fixture(scope="module")
def built(project: Path) -> Built:
    return build(project)


def test_check_reports_a_mistake_in_a_box_once_at_its_line(project: Path) -> None:
    assert _check(project) == EXPECTED_BOX_PROBLEMS


def test_the_build_reports_the_same_once_at_the_same_line(built: Built) -> None:
    assert built.returncode == 1
    warnings = [line for line in built.stderr.splitlines() if "bestaat-niet" in line]
    warnings += [line for line in built.stderr.splitlines() if "sennet2003" in line]
    assert [w.split(" - ", 1)[1] for w in warnings] == EXPECTED_BOX_PROBLEMS[::-1]


def test_a_title_before_the_body_does_not_shift_lines(tmp_path: Path) -> None:
    # The box has no '# title' of its own: its page gets one before the body.
    project = copy_site("basis", tmp_path)
    _edit(project, BOX, "behandelen.", "behandelen.\n\nEn [@sennet2003].")
    assert _check(project) == [f"{BOX}:10: onbekende bron 'sennet2003'; bedoel je 'sennett2003'?"]


def test_an_unknown_key_under_bronnen_is_reported_once_at_its_line(tmp_path: Path) -> None:
    project = copy_site("basis", tmp_path)
    _edit(project, BOX, "bronnen: [sennett2003]", "bronnen: [sennett2003, onbekend2000]")
    problems = _check(project)
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"{BOX}:5: bron 'onbekend2000' staat niet in de bibliografie")


def test_the_placed_box_still_shows_what_it_cannot_read(project: Path) -> None:
    # Not reported again by the chapter, but visible to whoever reads it.
    quotes, _ = load_quotes(project / "docs", ["noord", "west"], root=project)
    library, _ = load_bouwstenen(project / "docs", root=project)
    problems: list[SourceProblem] = []
    context = PageContext(path="docs/noord/samen.md", src_uri="noord/samen.md", edition="noord")
    context.report = problems.append
    md = markdown.Markdown(
        extensions=[blocks.makeExtension(quotes=quotes, bouwstenen=library, context=context)]
    )
    html = md.convert("Tekst.\n\n/// bouwsteen | respect\n///\n\n/// citaat | fout\n///\n")
    assert [str(p) for p in problems] == ["docs/noord/samen.md:6: onbekend citaat 'fout'"]
    assert html.count('class="handreiking-fout"') == 2
    assert "Onbekend citaat 'bestaat-niet'." in html


# -- links into generated pages -------------------------------------------------------


@pytest.fixture(scope="module")
def linking(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_site("basis", tmp_path_factory.mktemp("links"))
    _edit(
        project,
        "docs/index.md",
        "Twee edities:",
        "Zie [het citaat](noord/citaten.md#no-respect-01), [Sennett](literatuur.md#lit-sennett2003)"
        " en [niets](citaten.md#bestaat-niet).\n\nTwee edities:",
    )
    return project


def test_check_knows_the_anchors_of_generated_pages(linking: Path) -> None:
    assert _check(linking) == [
        "docs/index.md:3: link naar 'citaten.md#bestaat-niet', maar die pagina heeft geen "
        "kop of anker 'bestaat-niet'"
    ]


def test_the_build_fails_on_the_same_link_and_only_on_it(linking: Path) -> None:
    result = build(linking)
    assert result.returncode == 1
    complaints = [
        line for line in result.stderr.splitlines() if "anchor" in line or "anker" in line
    ]
    assert len(complaints) == 1, result.stderr
    assert "citaten.md" in complaints[0] and "bestaat-niet" in complaints[0]
