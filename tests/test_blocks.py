"""The citaat, citaten, citatenoverzicht and bouwsteen blocks in plain Python-Markdown."""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import markdown
import pytest
from handreiking.content.bouwstenen import BouwsteenLibrary, load_bouwstenen
from handreiking.content.quotes import QuoteStore, load_quotes
from handreiking.errors import HandreikingError, SourceProblem
from handreiking.markdown.blocks import (
    makeExtension,
    placed_bouwstenen,
    placed_quotes,
)
from handreiking.markdown.context import PageContext
from markdown.inlinepatterns import InlineProcessor

ZUIDOOST = """\
- id: zo-vertrouwen-01
  tekst: "De basis waarop we werken met elkaar is vertrouwen."
  rol: beroepskracht
  thema: [vertrouwen, partnerschap]
  bijeenkomst: 1
  bron: "Handreiking Zuidoost 2016"
  toestemming: true
- id: zo-taal-01
  tekst: "We spreken nu <script>alert('x')</script> *dezelfde* taal & meer."
  rol: vrijwilliger
  thema: [taal]
  toestemming: true
- id: zo-geheim-01
  tekst: "Dit mag niemand lezen."
  rol: bewoner
  thema: [vertrouwen]
  toestemming: false
- id: zo-partnerschap-01
  tekst: |
    Eerste alinea.

    Tweede alinea.
  rol: mantelzorger
  thema: [partnerschap]
  bijeenkomst: 3
  toestemming: true
- id: zo-kapot-01
  tekst: "Rol ontbreekt."
  thema: [taal]
  toestemming: true
"""

OOST = """\
- id: oo-vertrouwen-01
  tekst: "Vertrouwen komt te voet."
  rol: bewoner
  thema: [Vertrouwen]
  toestemming: true
"""

BOX = """\
---
id: wederkerigheid
titel: Wederkerigheid & <respect>
thema: [wederkerigheid]
bronnen: [sennett2003, lipsky1980]
---
# Wederkerigheid

Respect groeit waar mensen iets terug kunnen doen [@sennett2003].

## Drie vormen

Geven, nemen en\tterugdoen.
"""

EDITION_NAMES = {"zuidoost": "Zuidoost", "oost": "Oost", "zuid": "Zuid"}


@dataclass
class Data:
    quotes: QuoteStore
    library: BouwsteenLibrary
    load_problems: list[SourceProblem]


@pytest.fixture
def data(tmp_path: Path) -> Data:
    docs = tmp_path / "docs"
    for edition, text in (("zuidoost", ZUIDOOST), ("oost", OOST)):
        (docs / edition).mkdir(parents=True)
        (docs / edition / "citaten.yml").write_text(text, encoding="utf-8")
    (docs / "bouwstenen").mkdir()
    (docs / "bouwstenen" / "wederkerigheid.md").write_text(BOX, encoding="utf-8")
    (docs / "bouwstenen" / "cirkels.md").write_text(
        "---\nid: cirkels\ntitel: Cirkels\nthema: []\nbronnen: []\n---\nTekst met\n"
        "/// note\nEen notitie.\n///\n",
        encoding="utf-8",
    )
    (docs / "bouwstenen" / "kapot.md").write_text("---\nid: kapot\n---\n", encoding="utf-8")
    quotes, problems = load_quotes(docs, ["zuid", "zuidoost", "nieuw-west", "oost"], root=tmp_path)
    library, more = load_bouwstenen(docs, root=tmp_path)
    return Data(quotes, library, problems + more)


@dataclass
class Result:
    html: str
    problems: list[str] = field(default_factory=list)
    md: markdown.Markdown | None = None

    def errors(self) -> list[str]:
        return re.findall(r'<p class="handreiking-fout">(.*?)</p>', self.html, re.S)


def convert(
    data: Data,
    text: str,
    *,
    extensions: list[Any] | None = None,
    edition: str | None = "zuidoost",
    src_uri: str = "zuidoost/partnerschap.md",
    line_offset: int = 0,
    **config: Any,
) -> Result:
    problems: list[SourceProblem] = []
    context = PageContext(
        path=f"docs/{src_uri}",
        src_uri=src_uri,
        line_offset=line_offset,
        edition=edition,
        report=problems.append,
    )
    options: dict[str, Any] = {
        "quotes": data.quotes,
        "bouwstenen": data.library,
        "edition_names": EDITION_NAMES,
        "context": context,
    }
    options.update(config)
    md = markdown.Markdown(extensions=[makeExtension(**options), *(extensions or [])])
    html = md.convert(text)
    return Result(html, [str(p) for p in problems], md)


def test_fixture_data_is_as_intended(data: Data) -> None:
    assert [str(p) for p in data.load_problems] == [
        "docs/zuidoost/citaten.yml:27: citaat 'zo-kapot-01' mist het verplichte veld 'rol'",
        "docs/bouwstenen/kapot.md:2: de bouwsteen mist het verplichte veld 'titel'",
        "docs/bouwstenen/kapot.md:2: de bouwsteen mist het verplichte veld 'thema'",
        "docs/bouwstenen/kapot.md:2: de bouwsteen mist het verplichte veld 'bronnen'",
    ]


# --------------------------------------------------------------------- citaat


def test_citaat_renders_a_figure_with_attribution_and_link(data: Data) -> None:
    result = convert(data, "/// citaat | zo-vertrouwen-01\n///\n")
    assert result.problems == []
    assert result.html == (
        '<figure class="citaat" data-citaat="zo-vertrouwen-01">\n'
        "<blockquote>\n"
        "<p>De basis waarop we werken met elkaar is vertrouwen.</p>\n"
        "</blockquote>\n"
        "<figcaption>— Beroepskracht, editie Zuidoost, bijeenkomst 1"
        '<span class="alleen-web"> · <a href="citaten.md#zo-vertrouwen-01">alle citaten</a>'
        "</span></figcaption>\n"
        "</figure>"
    )
    assert placed_quotes(result.md) == ["zo-vertrouwen-01"]  # type: ignore[arg-type]


def test_citaat_links_to_its_own_editions_overview_from_anywhere(data: Data) -> None:
    result = convert(
        data, "/// citaat | oo-vertrouwen-01\n///\n", src_uri="voor-docenten.md", edition=None
    )
    assert '<a href="oost/citaten.md#oo-vertrouwen-01">alle citaten</a>' in result.html
    assert '— Bewoner, editie Oost<span class="alleen-web"> · ' in result.html


def test_citaat_text_is_escaped_not_markdown(data: Data) -> None:
    result = convert(data, "/// citaat | zo-taal-01\n///\n")
    assert (
        "<p>We spreken nu &lt;script&gt;alert('x')&lt;/script&gt; *dezelfde* taal &amp; meer.</p>"
        in result.html
    )
    assert "<script>" not in result.html and "<em>" not in result.html


def test_citaat_with_paragraphs_and_without_edition_name(data: Data) -> None:
    result = convert(data, "/// citaat | zo-partnerschap-01\n///\n", edition_names={})
    assert "<p>Eerste alinea.</p>\n<p>Tweede alinea.</p>" in result.html
    assert (
        '— Mantelzorger, editie Zuidoost, bijeenkomst 3<span class="alleen-web"> · ' in result.html
    )


def test_citaat_between_text_and_in_a_list(data: Data) -> None:
    text = (
        "Voor.\n\n/// citaat | zo-vertrouwen-01\n///\n\nNa.\n\n"
        "- punt\n\n    /// citaat | zo-taal-01\n    ///\n"
    )
    result = convert(data, text)
    assert result.problems == []
    assert result.html.startswith("<p>Voor.</p>\n<figure")
    assert "</figure>\n<p>Na.</p>" in result.html
    assert re.search(r"<li>\s*<p>punt</p>\s*<figure[^>]*data-citaat=\"zo-taal-01\"", result.html)
    assert placed_quotes(result.md) == ["zo-vertrouwen-01", "zo-taal-01"]  # type: ignore[arg-type]


def test_unknown_quote_id_with_did_you_mean(data: Data) -> None:
    text = "# Partnerschap\n\nTekst.\n\n/// citaat | zo-vertrouwen-1\n///\n"
    result = convert(data, text, line_offset=4)
    assert result.problems == [
        "docs/zuidoost/partnerschap.md:9: onbekend citaat 'zo-vertrouwen-1'; "
        "bedoel je 'zo-vertrouwen-01'?"
    ]
    assert result.errors() == ["Onbekend citaat 'zo-vertrouwen-1'; bedoel je 'zo-vertrouwen-01'?"]
    assert "<figure" not in result.html


def test_quote_without_consent_is_an_error_and_never_shown(data: Data) -> None:
    result = convert(data, "/// citaat | zo-geheim-01\n///\n")
    assert result.problems == [
        "docs/zuidoost/partnerschap.md:1: citaat 'zo-geheim-01' mag niet worden geplaatst: "
        "er is geen toestemming om het te publiceren "
        "(toestemming: false in docs/zuidoost/citaten.yml:13)"
    ]
    assert "niemand" not in result.html
    assert placed_quotes(result.md) == []  # type: ignore[arg-type]


def test_unknown_ids_never_suggest_a_quote_without_consent(data: Data) -> None:
    result = convert(data, "/// citaat | zo-geheim-1\n///\n")
    assert result.problems == ["docs/zuidoost/partnerschap.md:1: onbekend citaat 'zo-geheim-1'"]


def test_a_quote_with_data_errors_is_not_reported_twice(data: Data) -> None:
    result = convert(data, "/// citaat | zo-kapot-01\n///\n")
    assert result.problems == []
    assert result.errors() == [
        "Citaat 'zo-kapot-01' kan niet worden getoond: docs/zuidoost/citaten.yml:27 bevat fouten."
    ]


def test_citaat_without_argument(data: Data) -> None:
    result = convert(data, "Tekst.\n\n/// citaat\n///\n")
    assert result.problems == [
        "docs/zuidoost/partnerschap.md:3: '/// citaat' mist de id van het citaat: "
        "schrijf '/// citaat | <id>'"
    ]
    assert result.errors() == [
        "'/// citaat' mist de id van het citaat: schrijf '/// citaat | &lt;id&gt;'."
    ]
    assert "///" not in result.html.replace("'/// citaat", "")


def test_citaat_with_content(data: Data) -> None:
    result = convert(data, "/// citaat | zo-taal-01\nDe tekst hier.\n///\n")
    assert result.problems == [
        "docs/zuidoost/partnerschap.md:1: '/// citaat' heeft geen inhoud: de tekst staat in "
        "citaten.yml; laat alleen '/// citaat | zo-taal-01' en '///' staan"
    ]
    assert "De tekst hier" not in result.html


def test_citaat_with_an_option(data: Data) -> None:
    result = convert(data, "/// citaat | zo-taal-01\n    thema: taal\n///\n")
    assert result.problems == [
        "docs/zuidoost/partnerschap.md:1: onbekende optie 'thema' in '/// citaat'; kies uit: editie"
    ]


def test_the_same_block_twice_reports_each_at_its_own_line(data: Data) -> None:
    text = "/// citaat | zo-x\n///\n\nTekst.\n\n/// citaat | zo-x\n///\n"
    result = convert(data, text)
    assert result.problems == [
        "docs/zuidoost/partnerschap.md:1: onbekend citaat 'zo-x'",
        "docs/zuidoost/partnerschap.md:6: onbekend citaat 'zo-x'",
    ]


def test_unclosed_block_is_reported_and_swallows_nothing(data: Data) -> None:
    text = "/// citaat | zo-taal-01\n\nDe rest van het hoofdstuk.\n\n## Kop\n"
    result = convert(data, text)
    assert result.problems == [
        "docs/zuidoost/partnerschap.md:1: '/// citaat' wordt niet afgesloten: "
        "zet '///' op een eigen regel onder het blok"
    ]
    assert result.html == (
        "<p class=\"handreiking-fout\">'/// citaat' wordt niet afgesloten: "
        "zet '///' op een eigen regel onder het blok.</p>\n"
        "<p>De rest van het hoofdstuk.</p>\n<h2>Kop</h2>"
    )


def test_default_context_raises_the_problem() -> None:
    md = markdown.Markdown(extensions=[makeExtension()])
    with pytest.raises(HandreikingError) as raised:
        md.convert("/// citaat | zo-1\n///\n")
    assert str(raised.value) == "<markdown>:1: onbekend citaat 'zo-1'"


def test_extension_by_name_in_plain_markdown() -> None:
    html = markdown.markdown("Tekst.", extensions=["handreiking.markdown.blocks"])
    assert html == "<p>Tekst.</p>"


# -------------------------------------------------------------------- citaten


def test_citaten_by_theme_in_file_order_without_unconsented(data: Data) -> None:
    result = convert(data, "/// citaten\nthema: vertrouwen\n///\n")
    assert result.problems == []
    assert re.findall(r'data-citaat="([^"]+)"', result.html) == ["zo-vertrouwen-01"]
    assert result.html.startswith('<div class="citaten">\n<figure class="citaat"')
    assert placed_quotes(result.md) == ["zo-vertrouwen-01"]  # type: ignore[arg-type]


def test_citaten_options_in_the_header_too(data: Data) -> None:
    result = convert(data, "/// citaten\n    thema: [partnerschap, taal]\n///\n")
    assert re.findall(r'data-citaat="([^"]+)"', result.html) == [
        "zo-vertrouwen-01",
        "zo-taal-01",
        "zo-partnerschap-01",
    ]


def test_citaten_by_role_and_all_editions(data: Data) -> None:
    result = convert(data, "/// citaten\nrol: [bewoner, vrijwilliger]\neditie: alle\n///\n")
    assert re.findall(r'data-citaat="([^"]+)"', result.html) == ["zo-taal-01", "oo-vertrouwen-01"]
    result = convert(data, "/// citaten\nthema: Vertrouwen\neditie: oost\n///\n")
    assert re.findall(r'data-citaat="([^"]+)"', result.html) == ["oo-vertrouwen-01"]


def test_citaten_on_a_page_without_edition_shows_all(data: Data) -> None:
    result = convert(data, "/// citaten\nthema: vertrouwen\n///\n", edition=None)
    assert re.findall(r'data-citaat="([^"]+)"', result.html) == [
        "zo-vertrouwen-01",
        "oo-vertrouwen-01",
    ]


def test_citaten_with_mistakes(data: Data) -> None:
    text = "/// citaten\nthema: vertrouwn\nrol: vrijwillger\neditie: zuid-oost\ntema: x\n///\n"
    result = convert(data, text)
    assert result.problems == [
        "docs/zuidoost/partnerschap.md:1: onbekende optie 'tema' in '/// citaten'; "
        "bedoel je 'thema'?",
        "docs/zuidoost/partnerschap.md:1: onbekend thema 'vertrouwn'; bedoel je 'vertrouwen'?",
        "docs/zuidoost/partnerschap.md:1: onbekende rol 'vrijwillger'; bedoel je 'vrijwilliger'?",
        "docs/zuidoost/partnerschap.md:1: onbekende editie 'zuid-oost'; bedoel je 'zuidoost'?",
    ]
    assert len(result.errors()) == 1  # one visible error with every message
    assert "<figure" not in result.html


def test_citaten_that_match_nothing(data: Data) -> None:
    result = convert(data, "/// citaten\nthema: taal\nrol: manager\n///\n")
    assert result.problems == [
        "docs/zuidoost/partnerschap.md:1: geen citaten gevonden met thema 'taal' en "
        "rol 'manager' in de editie Zuidoost"
    ]


def test_citaten_with_an_argument_or_bad_options(data: Data) -> None:
    result = convert(data, "/// citaten | vertrouwen\n///\n\n/// citaten\nthema vertrouwen\n///\n")
    assert result.problems == [
        "docs/zuidoost/partnerschap.md:1: '/// citaten' heeft geen argument na '|'; "
        "schrijf de opties eronder, bijvoorbeeld 'thema: vertrouwen'",
        "docs/zuidoost/partnerschap.md:4: schrijf de opties van '/// citaten' als "
        "'naam: waarde', bijvoorbeeld 'thema: vertrouwen'",
    ]


def test_citaten_options_that_are_not_yaml(data: Data) -> None:
    result = convert(data, "/// citaten\nthema: [taal\n///\n")
    assert result.problems == [
        "docs/zuidoost/partnerschap.md:1: de opties van '/// citaten' zijn geen geldige YAML: "
        "expected ',' or ']', but got '<stream end>'"
    ]


# ------------------------------------------------------- literal /// never shown


def test_unknown_block_name_is_reported_not_printed(data: Data) -> None:
    text = "Tekst.\n\n/// citat | zo-taal-01\n///\n"
    result = convert(data, text)
    assert result.problems == [
        "docs/zuidoost/partnerschap.md:3: onbekend blok '/// citat'; bedoel je 'citaat'?"
    ]
    assert result.html == (
        "<p>Tekst.</p>\n"
        "<p class=\"handreiking-fout\">Onbekend blok '/// citat'; bedoel je 'citaat'?</p>"
    )


def test_header_options_that_are_not_yaml(data: Data) -> None:
    result = convert(data, "/// citaten\n    thema: [x\n///\n")
    assert result.problems == [
        "docs/zuidoost/partnerschap.md:1: de opties van '/// citaten' zijn geen geldige YAML: "
        "expected ',' or ']', but got '<stream end>'"
    ]
    assert "///" not in result.html.replace("'/// citaten'", "")


def test_a_broken_block_with_blank_lines_reports_once(data: Data) -> None:
    result = convert(data, "/// notitie\n\nInhoud.\n\n///\n\nNa.\n")
    assert result.problems == ["docs/zuidoost/partnerschap.md:1: onbekend blok '/// notitie'"]
    assert result.html == (
        "<p class=\"handreiking-fout\">Onbekend blok '/// notitie'.</p>\n<p>Inhoud.</p>\n<p>Na.</p>"
    )


def test_a_lone_end_and_a_bad_header(data: Data) -> None:
    result = convert(data, "Tekst.\n\n///\n\n- /// dit is geen blok\n")
    assert result.problems == [
        "docs/zuidoost/partnerschap.md:3: losse '///' zonder blok erboven; haal hem weg of open "
        "het blok met '/// naam'",
        "docs/zuidoost/partnerschap.md:5: '/// dit is geen blok' is geen geldige blokkop; "
        "schrijf '/// naam' of '/// naam | argument', of zet een '\\' voor '///' als het "
        "tekst is",
    ]
    assert '<li>\n<p class="handreiking-fout">' in result.html


def test_escaped_slashes_are_text(data: Data) -> None:
    result = convert(data, "\\/// dit is tekst\n")
    assert result.problems == []
    assert result.html == "<p>/// dit is tekst</p>"


def test_block_syntax_in_code_is_left_alone(data: Data) -> None:
    text = (
        "```\n/// bouwsteen | wederkerigheid\n///\n\n/// citaat | onbekend\n```\n\n"
        "    /// citat\n    ///\n"
    )
    result = convert(data, text, extensions=["fenced_code"])
    assert result.problems == []
    assert "/// bouwsteen | wederkerigheid\n///\n\n/// citaat | onbekend" in result.html
    assert "<aside" not in result.html


def test_other_block_extensions_still_work(data: Data) -> None:
    text = (
        "/// admonition | Let op\n    type: warning\nTekst.\n///\n\n/// citaat | zo-taal-01\n///\n"
    )
    result = convert(data, text, extensions=["pymdownx.blocks.admonition"])
    assert result.problems == []
    assert '<div class="admonition warning">' in result.html
    assert 'data-citaat="zo-taal-01"' in result.html


def test_broken_blocks_of_other_extensions_are_reported_too(data: Data) -> None:
    text = "/// admonition | Let op\n    type: [\n///\n"
    result = convert(data, text, extensions=["pymdownx.blocks.admonition"])
    assert result.problems == [
        "docs/zuidoost/partnerschap.md:1: '/// admonition' kan niet worden gelezen: controleer "
        "het argument na '|' en de opties eronder"
    ]


# ------------------------------------------------------------------- bouwsteen


class CitationProbe(markdown.Extension):
    """Stands in for the citation extension: a real inline pattern on the same instance."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.inlinePatterns.register(_Probe(r"\[(@[^\]]+)\]", md), "probe", 200)
        md.cited = []  # type: ignore[attr-defined]


class _Probe(InlineProcessor):
    def handleMatch(self, m: re.Match[str], data: str) -> tuple[etree.Element, int, int]:  # type: ignore[override]
        keys = [k.strip().lstrip("@") for k in m.group(1).split(";")]
        self.md.cited.extend(keys)  # type: ignore[attr-defined]
        el = etree.Element("cite")
        el.text = ", ".join(keys)
        return el, m.start(0), m.end(0)


def test_bouwsteen_renders_title_body_sources_and_link(data: Data) -> None:
    result = convert(data, "/// bouwsteen | wederkerigheid\n///\n")
    assert result.problems == []
    assert result.html == (
        '<aside aria-label="Bouwsteen: Wederkerigheid &amp; &lt;respect&gt;" class="bouwsteen" '
        'data-bouwsteen="wederkerigheid">\n'
        '<p class="bouwsteen-kop"><span class="bouwsteen-soort">Bouwsteen</span> '
        '<strong class="bouwsteen-titel">Wederkerigheid &amp; &lt;respect&gt;</strong></p>\n'
        '<div class="bouwsteen-inhoud">\n'
        "<p>Respect groeit waar mensen iets terug kunnen doen [@sennett2003].</p>\n"
        '<p class="bouwsteen-tussenkop">Drie vormen</p>\n'
        "<p>Geven, nemen en terugdoen.</p>\n"
        "</div>\n"
        '<p class="bouwsteen-bronnen"><strong>Bronnen:</strong> [@sennett2003; @lipsky1980]</p>\n'
        '<p class="bouwsteen-meer alleen-web"><a href="../bouwstenen/wederkerigheid.md">'
        "Lees meer over deze bouwsteen</a></p>\n"
        "</aside>"
    )
    assert placed_bouwstenen(result.md) == ["wederkerigheid"]  # type: ignore[arg-type]


def test_bouwsteen_body_is_parsed_by_the_pages_markdown(data: Data) -> None:
    text = "Eigen tekst [@lipsky1980].\n\n/// bouwsteen | wederkerigheid\n///\n"
    result = convert(data, text, extensions=[CitationProbe()])
    assert result.md is not None
    cited = result.md.cited  # type: ignore[attr-defined]
    assert sorted(cited) == ["lipsky1980", "lipsky1980", "sennett2003", "sennett2003"]
    bronnen = '<p class="bouwsteen-bronnen"><strong>Bronnen:</strong> <cite>sennett2003, '
    assert bronnen in result.html


def test_bouwsteen_stays_out_of_the_table_of_contents(data: Data) -> None:
    text = "# Hoofdstuk\n\n/// bouwsteen | wederkerigheid\n///\n"
    result = convert(data, text, extensions=["toc"])
    assert result.md is not None
    toc = result.md.toc_tokens  # type: ignore[attr-defined]
    assert [t["name"] for t in toc] == ["Hoofdstuk"] and toc[0]["children"] == []


def test_bouwsteen_with_a_nested_block_in_its_body(data: Data) -> None:
    result = convert(
        data, "/// bouwsteen | cirkels\n///\n", extensions=["pymdownx.blocks.admonition"]
    )
    assert result.problems == []
    assert re.search(
        r'<div class="bouwsteen-inhoud">\s*<p>Tekst met</p>\s*<div class="admonition note">',
        result.html,
    )
    assert "bouwsteen-bronnen" not in result.html  # no sources, no "Bronnen:"


def test_unknown_bouwsteen_with_did_you_mean(data: Data) -> None:
    result = convert(data, "/// bouwsteen | wederkerigheit\n///\n")
    assert result.problems == [
        "docs/zuidoost/partnerschap.md:1: onbekende bouwsteen 'wederkerigheit'; "
        "bedoel je 'wederkerigheid'?"
    ]
    assert result.errors() == ["Onbekende bouwsteen 'wederkerigheit'; bedoel je 'wederkerigheid'?"]


def test_bouwsteen_mistakes(data: Data) -> None:
    text = (
        "/// bouwsteen\n///\n\n/// bouwsteen | kapot\n///\n\n"
        "/// bouwsteen | cirkels\nEigen tekst.\n///\n\n"
        "- punt\n\n    /// bouwsteen | cirkels\n    ///\n"
    )
    result = convert(data, text)
    assert result.problems == [
        "docs/zuidoost/partnerschap.md:1: '/// bouwsteen' mist de id van de bouwsteen: "
        "schrijf '/// bouwsteen | <id>'",
        "docs/zuidoost/partnerschap.md:7: '/// bouwsteen' heeft geen inhoud: de tekst staat in "
        "docs/bouwstenen/cirkels.md; laat alleen '/// bouwsteen | cirkels' en '///' staan",
        "docs/zuidoost/partnerschap.md:13: bouwsteen 'cirkels' kan hier niet worden geplaatst: "
        "zet '/// bouwsteen | cirkels' aan het begin van een regel, niet ingesprongen in een "
        "lijst of citaat",
    ]
    # the broken box file was reported when loading; here it is only shown
    assert "Bouwsteen 'kapot' kan niet worden getoond: docs/bouwstenen/kapot.md bevat fouten." in (
        result.errors()
    )
    assert "<aside" not in result.html


def test_unclosed_bouwsteen(data: Data) -> None:
    result = convert(data, "/// bouwsteen | wederkerigheid\n\nTekst.\n")
    assert result.problems == [
        "docs/zuidoost/partnerschap.md:1: '/// bouwsteen' wordt niet afgesloten: zet '///' op "
        "een eigen regel onder het blok"
    ]
    assert result.html.endswith("<p>Tekst.</p>")


def test_placements_reset_with_the_markdown_instance(data: Data) -> None:
    result = convert(
        data,
        "/// bouwsteen | wederkerigheid\n///\n\n/// citaat | zo-taal-01\n///\n\n"
        "/// citaat | zo-taal-01\n///\n",
    )
    md = result.md
    assert md is not None
    assert placed_quotes(md) == ["zo-taal-01"]
    assert placed_bouwstenen(md) == ["wederkerigheid"]
    md.reset()
    assert placed_quotes(md) == [] and placed_bouwstenen(md) == []
    md.convert("/// citaat | zo-vertrouwen-01\n///\n")
    assert placed_quotes(md) == ["zo-vertrouwen-01"]


# ------------------------------------------------------------------- overviews


def test_edition_overview_has_theme_headings_and_quote_anchors(data: Data) -> None:
    text = "# Stemmen uit het Samenspel\n\n/// citatenoverzicht\neditie: zuidoost\n///\n"
    result = convert(data, text, src_uri="zuidoost/citaten.md", extensions=["toc"])
    assert result.problems == []
    html = result.html
    assert re.findall(r'<h2 id="([^"]+)">([^<]+)</h2>', html) == [
        ("thema-partnerschap", "Partnerschap"),
        ("thema-taal", "Taal"),
        ("thema-vertrouwen", "Vertrouwen"),
    ]
    # every published quote once, under its first theme, anchored by its id
    assert re.findall(r'<figure class="citaat" data-citaat="([^"]+)" id="([^"]+)"', html) == [
        ("zo-partnerschap-01", "zo-partnerschap-01"),
        ("zo-taal-01", "zo-taal-01"),
        ("zo-vertrouwen-01", "zo-vertrouwen-01"),
    ]
    assert (
        '<p class="citaten-zie-ook">Zie ook: <a href="#zo-vertrouwen-01">'
        "“De basis waarop we werken met elkaar is…”</a></p>\n"
        '<h2 id="thema-taal">'
    ) in html
    assert (
        "<figcaption>— Beroepskracht, bijeenkomst 1 · Handreiking Zuidoost 2016 · "
        '<a class="citaat-anker" href="#zo-vertrouwen-01" title="Vaste link naar dit citaat">'
        "vaste link</a></figcaption>"
    ) in html
    assert "niemand" not in html
    assert placed_quotes(result.md) == []  # type: ignore[arg-type]
    assert result.md is not None
    toc = result.md.toc_tokens  # type: ignore[attr-defined]
    assert [c["id"] for c in toc[0]["children"]] == [
        "thema-partnerschap",
        "thema-taal",
        "thema-vertrouwen",
    ]


def test_all_editions_overview(data: Data) -> None:
    result = convert(
        data, "/// citatenoverzicht\neditie: alle\n///\n", src_uri="citaten.md", edition=None
    )
    assert re.findall(r'<h([23]) id="([^"]+)">([^<]+)</h\1>', result.html) == [
        ("2", "editie-zuidoost", "Editie Zuidoost"),
        ("3", "editie-zuidoost-thema-partnerschap", "Partnerschap"),
        ("3", "editie-zuidoost-thema-taal", "Taal"),
        ("3", "editie-zuidoost-thema-vertrouwen", "Vertrouwen"),
        ("2", "editie-oost", "Editie Oost"),
        ("3", "editie-oost-thema-vertrouwen", "Vertrouwen"),
    ]
    ids = re.findall(r' id="([^"]+)"', result.html)
    assert len(ids) == len(set(ids))


def test_overview_of_chosen_editions_and_of_an_empty_edition(data: Data) -> None:
    result = convert(data, "/// citatenoverzicht\neditie: [oost, zuid]\n///\n", edition=None)
    assert re.findall(r'<h2 id="([^"]+)"', result.html) == ["editie-oost"]
    result = convert(data, "/// citatenoverzicht\neditie: zuid\n///\n")
    assert result.html == (
        '<div class="citatenoverzicht">\n'
        "<p>Voor deze editie zijn nog geen citaten opgenomen.</p>\n</div>"
    )


def test_overview_with_an_unknown_edition(data: Data) -> None:
    result = convert(data, "/// citatenoverzicht\neditie: [oost, west]\n///\n")
    assert result.problems == [
        "docs/zuidoost/partnerschap.md:1: onbekende editie 'west'; "
        "kies uit: zuidoost, oost, zuid, nieuw-west"
    ]


# ----------------------------------------------------------- a MkDocs-like setup


def test_with_the_extensions_a_material_site_uses(data: Data) -> None:
    text = (
        "# Partnerschap\n\n"
        "```python\nprint('/// citaat | x')\n```\n\n"
        "/// citaat | zo-vertrouwen-01\n///\n\n"
        "/// bouwsteen | wederkerigheid\n///\n\n"
        "!!! note\n    Een notitie.\n"
    )
    result = convert(
        data,
        text,
        extensions=[
            "toc",
            "attr_list",
            "md_in_html",
            "admonition",
            "pymdownx.superfences",
            "pymdownx.blocks.admonition",
            "pymdownx.blocks.details",
        ],
    )
    assert result.problems == []
    assert 'data-citaat="zo-vertrouwen-01"' in result.html
    assert 'data-bouwsteen="wederkerigheid"' in result.html
    assert '<div class="admonition note">' in result.html
    assert "handreiking-fout" not in result.html
