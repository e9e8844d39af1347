"""Texts in which no inline pattern can match are left as they are at once, without
trying each pattern on them, and a pattern whose text is not in a text is not tried on it
(``compat.markdown.skip_plain_text``): the same HTML and the same messages as
Python-Markdown's own inline processor gives, only sooner."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from handreiking.cli.check import _markdown
from handreiking.compat.markdown import _literal, pattern_needs
from handreiking.markdown.context import PageContext
from handreiking.plugin.build import Build
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown import Markdown
from markdown.treeprocessors import InlineProcessor
from mkdocs.config import load_config

from tests.conftest import copy_site

ROOT = Path(__file__).parent.parent


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> tuple[Build, object]:
    site = copy_site("basis", tmp_path_factory.mktemp("plain"))
    config = load_config(config_file=str(site / "mkdocs.yml"))
    plugin = config.plugins["handreiking"]
    return Build.from_config(config, plugin.config, None), config


@pytest.fixture(scope="module")
def markdowns(project: tuple[Build, object]) -> tuple[Markdown, Markdown, list[str]]:
    """The Markdown of ``handreiking check`` and the build (mkdocs.yml's extensions and
    ours), and one alike but with Python-Markdown's own inline processor; the messages
    both report."""
    build, config = project
    said: list[str] = []
    context = PageContext(report=lambda problem: said.append(str(problem)))
    skipping = _markdown(build, config, context)
    stock = _markdown(build, config, context)
    stock.treeprocessors.register(InlineProcessor(stock), "inline", 20)
    return skipping, stock, said


def test_every_inline_pattern_of_the_site_says_what_it_needs(markdowns) -> None:
    """Else no text would be skipped: a pattern added (or changed upstream) must say
    what any match of it holds (``NEEDS``, or ``compat.markdown._STOCK_NEEDS``)."""
    skipping, _, _ = markdowns
    assert type(skipping.treeprocessors["inline"]).__name__ == "_PlainTextSkipping"
    unknown = [
        name
        for name in ("handreiking_citation", "handreiking_narrative_citation", "html")
        if pattern_needs(skipping.inlinePatterns[name]) is None
    ]
    assert unknown == []
    assert all(pattern_needs(pattern) is not None for pattern in skipping.inlinePatterns)


# Texts made of what the patterns look for, mixed with ordinary letters and spaces.
_PIECES = st.sampled_from(
    [
        *"`\\[]()!<>@&*_^#;:/.-,{}|'\"\n \ta0Z",
        "  \n",
        "[@sennett2003]",
        "@sennett2003 [p. 12]",
        "[^1]",
        "<https://example.org>",
        "<iemand@example.org>",
        "&amp;",
        "&#38;",
        "<em>",
        "<!-- x -->",
        "![alt](a.png)",
        "[tekst](b.md)",
        "**vet**",
        "\\@",
        "``code``",
    ]
)


@settings(max_examples=400, deadline=None)
@given(pieces=st.lists(_PIECES, max_size=12))
def test_a_pattern_matches_only_where_what_it_needs_is(markdowns, pieces: list[str]) -> None:
    """The proof that skipping changes nothing: where a pattern's own expression finds a
    match, what it says it needs is found too."""
    text = "".join(pieces)
    skipping, _, _ = markdowns
    for pattern in skipping.inlinePatterns:
        needs = pattern_needs(pattern)
        assert needs is not None
        if pattern.getCompiledRegExp().search(text):
            assert re.search(needs, text, re.DOTALL), (pattern.getCompiledRegExp().pattern, text)


@settings(max_examples=400, deadline=None)
@given(pieces=st.lists(_PIECES, max_size=12))
def test_a_pattern_passed_over_for_its_text_finds_what_its_needs_find(
    markdowns, pieces: list[str]
) -> None:
    """A pattern is passed over where the plain text its needs stand for is not in the
    text: that text is in it exactly where the needs' expression finds something."""
    text = "".join(pieces)
    skipping, _, _ = markdowns
    literals = 0
    for pattern in skipping.inlinePatterns:
        needs = pattern_needs(pattern)
        assert needs is not None
        literal = _literal(needs)
        if literal is None:
            continue
        literals += 1
        assert (literal in text) == bool(re.search(needs, text, re.DOTALL)), (needs, text)
    assert literals >= 8  # backtick, backslash, "[", "<", "&", "  \n", "@", ...


def test_the_site_pages_convert_to_the_same_html_and_messages(markdowns) -> None:
    """Every Markdown file of the test sites and the authors' guide, with the skipping
    processor and with Python-Markdown's own: the same HTML, the same messages."""
    skipping, stock, said = markdowns
    pages = sorted([*(ROOT / "tests" / "sites").rglob("*.md"), *(ROOT / "docs").rglob("*.md")])
    assert pages
    for page in pages:
        text = page.read_text(encoding="utf-8")
        results = []
        for md in (skipping, stock):
            said.clear()
            md.reset()
            results.append((md.convert(text), list(said)))
        assert results[0] == results[1], page
