"""Property-based tests: no input makes the parsers raise anything but the
documented :class:`HandreikingError` (or report a problem). The citation parser and
APA name formatting have theirs in test_citations.py and test_literature_style.py.
"""

from __future__ import annotations

from pathlib import Path

import markdown
import yaml
from handreiking.content.privacy import find_private_details
from handreiking.content.quotes import load_quote_file, load_quotes
from handreiking.errors import SourceProblem
from handreiking.markdown import depth
from handreiking.markdown.blocks import makeExtension
from handreiking.markdown.context import PageContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

SITE = Path(__file__).parent / "sites" / "robuust"
STORE, _ = load_quotes(SITE / "docs", ["noord", "west"])

_BLOCK_PIECES = st.sampled_from(
    [
        "/// citaat",
        "/// citaten",
        "/// bouwsteen",
        "/// citatenoverzicht",
        "/// literatuur",
        "///",
        " | ",
        "|",
        "no-respect-01",
        "no-respect-02",
        "respect",
        "\n",
        "thema: ",
        "editie: ",
        "vertrouwen",
        "[a, b]",
        "{",
        "}",
        ":",
        "- ",
        "    ",
        "\t",
        '"',
        "'",
        "alle",
        "noord",
        "<div>",
        "*",
        "> ",
    ]
)
_BLOCK_TEXT = st.one_of(st.lists(_BLOCK_PIECES, max_size=30).map("".join), st.text(max_size=80))


@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
@given(_BLOCK_TEXT)
def test_block_arguments_and_options_never_raise(text: str) -> None:
    problems: list[SourceProblem] = []
    context = PageContext(path="docs/noord/x.md", edition="noord", report=problems.append)
    html = markdown.markdown(
        text,
        extensions=[
            makeExtension(quotes=STORE, context=context),
            depth.makeExtension(context=context),
        ],
    )
    assert "Dit mag nooit gepubliceerd" not in html
    assert all(isinstance(p, SourceProblem) for p in problems)


_YAML_PIECES = st.sampled_from(
    [
        "- ",
        "id: ",
        "tekst: ",
        "rol: ",
        "thema: ",
        "toestemming: ",
        "naam: ",
        "naam_toestemming: ",
        "bijeenkomst: ",
        "bron: ",
        "no-a-01",
        "bewoner",
        "true",
        "false",
        "[a, b]",
        "{a: b}",
        "\n",
        "  ",
        "\t",
        '"',
        "'",
        ":",
        "&anker ",
        "*anker",
        "!!python/object:os.system ",
        "!!binary ",
        "1",
        "-1",
        "~",
        "\ufeff",
        "---\n",
        "...\n",
        "%YAML 1.1\n",
    ]
)
_YAML_TEXT = st.one_of(st.lists(_YAML_PIECES, max_size=40).map("".join), st.text(max_size=120))


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(_YAML_TEXT)
def test_the_quote_loader_only_reports_problems(tmp_path_factory, text: str) -> None:
    path = tmp_path_factory.mktemp("yaml") / "citaten.yml"
    path.write_text(text, encoding="utf-8")
    # The loader never raises: every mistake comes back as a problem.
    quotes, problems = load_quote_file(path, "noord")
    assert all(isinstance(p, SourceProblem) for p in problems)
    records = {}
    if quotes:  # the file was valid YAML (no unknown tags), so PyYAML reads it too
        loaded = yaml.safe_load(text)
        records = {
            r["id"]: r for r in loaded if isinstance(r, dict) and isinstance(r.get("id"), str)
        }
    for quote in quotes:
        assert quote.id and quote.tekst and quote.rol
        # a name only with consent
        assert quote.naam is None or records[quote.id].get("naam_toestemming") is True


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("0123456789 -+()@.abAB,\n"), max_size=60))
def test_the_privacy_scan_never_raises(text: str) -> None:
    for line, kind, matched in find_private_details(text):
        assert 1 <= line <= text.count("\n") + 1
        assert kind and matched
