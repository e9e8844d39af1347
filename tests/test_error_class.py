"""Every visible error the Markdown extensions render carries the one class the CSS styles."""

from __future__ import annotations

import re
from pathlib import Path

import markdown
from handreiking.errors import SourceProblem
from handreiking.markdown import blocks, depth
from handreiking.markdown.context import ERROR_CLASS, PageContext

MARKDOWN = Path(__file__).resolve().parents[1] / "plugins" / "handreiking" / "markdown"


def _convert(extension: object, text: str) -> tuple[str, list[SourceProblem]]:
    problems: list[SourceProblem] = []
    context = PageContext(report=problems.append)
    md = markdown.Markdown(extensions=[extension.makeExtension(context=context)])  # type: ignore[attr-defined]
    return md.convert(text), problems


def test_a_page_nested_too_deeply_shows_the_shared_error_class() -> None:
    html, problems = _convert(depth, "".join("    " * i + "- x\n" for i in range(400)))
    assert len(problems) == 1
    assert f'<p class="{ERROR_CLASS}">De Markdown is hier te diep genest' in html


def test_a_block_error_shows_the_same_class() -> None:
    html, problems = _convert(blocks, "/// citaat\n///\n")
    assert len(problems) == 1
    assert f'<p class="{ERROR_CLASS}">' in html


def test_the_class_is_written_in_one_place() -> None:
    sources = {path.name: path.read_text(encoding="utf-8") for path in MARKDOWN.glob("*.py")}
    # as a value in code (an assignment, an attribute, an argument), not in a docstring
    literal = re.compile(rf'(?<!class)[=:,(]\s*"{ERROR_CLASS}"')
    assert [name for name, text in sources.items() if literal.search(text)] == ["context.py"]
