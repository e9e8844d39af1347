"""Citations in plain Python-Markdown: each form, what is never a citation, lists, errors."""

# ruff: noqa: RUF001  (the en dashes in the expected output are what is tested)
from __future__ import annotations

import contextlib
import re
from pathlib import Path

import markdown
import pytest
from handreiking.content.literature import Bibliography, load_bibliography, parse_citation
from handreiking.content.literature.cite import CitationSyntaxError, CiteItem
from handreiking.errors import HandreikingError, SourceProblem
from handreiking.markdown.citations import cited_keys, makeExtension
from handreiking.markdown.context import PageContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

FIXTURES = Path(__file__).parent / "fixtures" / "lit"
BIB = FIXTURES / "literatuur.bib"


@pytest.fixture(scope="module")
def bib() -> Bibliography:
    return load_bibliography(BIB)


def render(text: str, bib: Bibliography | str, **options: object) -> str:
    return markdown.markdown(text, extensions=[makeExtension(bibliography=bib, **options)])


def link(key: str, text: str) -> str:
    return f'<a href="#lit-{key}">{text}</a>'


def cite(inner: str) -> str:
    return f'<span class="bronvermelding">{inner}</span>'


# -- the forms -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "html"),
    [
        ("[@sennett2003]", cite(f"({link('sennett2003', 'Sennett, 2003')})")),
        ("[@sennett2003, p. 12]", cite(f"({link('sennett2003', 'Sennett, 2003')}, p. 12)")),
        (
            "[@sennett2003; @lipsky1980]",
            cite(f"({link('lipsky1980', 'Lipsky, 1980')}; {link('sennett2003', 'Sennett, 2003')})"),
        ),
        ("[zie @sennett2003]", cite(f"(zie {link('sennett2003', 'Sennett, 2003')})")),
        ("@sennett2003", cite(link("sennett2003", "Sennett (2003)"))),
        ("[-@sennett2003]", cite(f"({link('sennett2003', '2003')})")),
        ("@deboer2013", cite(link("deboer2013", "De Boer en De Klerk (2013a)"))),
        ("[@deboer2013]", cite(f"({link('deboer2013', 'De Boer &amp; De Klerk, 2013a')})")),
        ("@sennett2003 [p. 12]", cite(link("sennett2003", "Sennett (2003, p. 12)"))),
        (
            "[@tonkens2013, pp. 407-409]",
            cite(f"({link('tonkens2013', 'Tonkens et al., 2013')}, pp. 407–409)"),
        ),
        (
            "[@deboer2013; @deboer2013b]",
            cite(
                f"({link('deboer2013', 'De Boer &amp; De Klerk, 2013a')}, "
                f"{link('deboer2013b', '2013b')})"
            ),
        ),
    ],
)
def test_citation_forms(bib: Bibliography, source: str, html: str) -> None:
    assert render(f"Tekst {source}.", bib) == f"<p>Tekst {html}.</p>"


def test_prefix_of_first_work_introduces_the_whole_citation(bib: Bibliography) -> None:
    # The works are put in list order; "zie" stays in front, "vgl." stays with its work.
    assert render("[zie @sennett2003; vgl. @lipsky1980, p. 3]", bib) == (
        "<p>"
        + cite(
            f"(zie vgl. {link('lipsky1980', 'Lipsky, 1980')}, p. 3; "
            f"{link('sennett2003', 'Sennett, 2003')})"
        )
        + "</p>"
    )


def test_narrative_citation_at_the_end_of_a_sentence(bib: Bibliography) -> None:
    assert render("Zo schrijft @lipsky1980.", bib) == (
        f"<p>Zo schrijft {cite(link('lipsky1980', 'Lipsky (1980)'))}.</p>"
    )


def test_group_author_and_title_italics_in_citation(bib: Bibliography) -> None:
    rmo = link("rmo2013", "Raad voor Maatschappelijke Ontwikkeling, 2013")
    assert render("[@rmo2013]", bib) == f"<p>{cite('(' + rmo + ')')}</p>"
    untitled = Bibliography.from_string("@book{h, title={Handboek}, year=2014, publisher={P}}")
    assert render("[@h]", untitled) == (
        f"<p>{cite('(' + link('h', '<em>Handboek</em>, 2014') + ')')}</p>"
    )


def test_keys_are_case_insensitive_and_linked_as_the_file_spells_them(bib: Bibliography) -> None:
    assert render("[@Sennett2003]", bib) == (
        f"<p>{cite('(' + link('sennett2003', 'Sennett, 2003') + ')')}</p>"
    )


def test_citation_across_lines(bib: Bibliography) -> None:
    assert render("Zie [zie\n@sennett2003].", bib) == (
        f"<p>Zie {cite('(zie ' + link('sennett2003', 'Sennett, 2003') + ')')}.</p>"
    )


# -- never a citation -----------------------------------------------------------------


def test_code_spans_and_code_blocks_are_left_alone(bib: Bibliography) -> None:
    source = "`[@sennett2003]` en `@lipsky1980`\n\n    [@sennett2003]\n\n```\n@lipsky1980\n```\n"
    assert markdown.markdown(
        source, extensions=[makeExtension(bibliography=bib), "fenced_code"]
    ) == (
        "<p><code>[@sennett2003]</code> en <code>@lipsky1980</code></p>\n"
        "<pre><code>[@sennett2003]\n</code></pre>\n"
        "<pre><code>@lipsky1980\n</code></pre>"
    )


def test_email_addresses_are_not_citations(bib: Bibliography) -> None:
    assert render("Mail a@b.nl of jan.de-boer@example.nl [mail: info@x.nl]", bib) == (
        "<p>Mail a@b.nl of jan.de-boer@example.nl [mail: info@x.nl]</p>"
    )
    assert render("<info@sennett2003.nl>", bib).count("bronvermelding") == 0


def test_escaped_at_is_a_literal_at(bib: Bibliography) -> None:
    assert render("Volg \\@sennett2003 en [\\@lipsky1980]", bib) == (
        "<p>Volg @sennett2003 en [@lipsky1980]</p>"
    )


def test_links_and_footnotes_keep_working(bib: Bibliography) -> None:
    source = (
        "Zie [de site](https://mastodon.nl/@sennett2003) en [@sennett2003][^1] en "
        "[tekst][ref].\n\n[ref]: https://example.org/@lipsky1980\n[^1]: Noot over @lipsky1980.\n"
    )
    html = markdown.markdown(source, extensions=[makeExtension(bibliography=bib), "footnotes"])
    assert '<a href="https://mastodon.nl/@sennett2003">de site</a>' in html
    assert '<a href="https://example.org/@lipsky1980">tekst</a>' in html
    assert cite("(" + link("sennett2003", "Sennett, 2003") + ")") in html
    assert 'class="footnote-ref" href="#fn:1"' in html
    assert f"Noot over {cite(link('lipsky1980', 'Lipsky (1980)'))}." in html


def test_brackets_without_citation_stay_text(bib: Bibliography) -> None:
    assert render("Een [opmerking] en [x] en [ ]", bib) == "<p>Een [opmerking] en [x] en [ ]</p>"


# -- where citations link ---------------------------------------------------------------


def test_link_to_the_literature_page(bib: Bibliography) -> None:
    context = PageContext(path="docs/zuidoost/partnerschap.md", src_uri="zuidoost/partnerschap.md")
    html = render("[@sennett2003]", bib, context=context, literature_page="zuidoost/literatuur.md")
    assert '<a href="literatuur.md#lit-sennett2003">' in html
    html = render("@lipsky1980", bib, context=context, literature_page="literatuur.md")
    assert '<a href="../literatuur.md#lit-lipsky1980">' in html


def test_literature_page_may_be_computed_from_the_page(bib: Bibliography) -> None:
    context = PageContext(src_uri="zuid/start.md", edition="zuid")
    pages: list[PageContext] = []

    def page_of(ctx: PageContext) -> str | None:
        pages.append(ctx)
        return f"{ctx.edition}/literatuur.md" if ctx.edition else None

    html = render("[@sennett2003]", bib, context=context, literature_page=page_of)
    assert '<a href="literatuur.md#lit-sennett2003">' in html
    assert pages[0] is context
    assert '<a href="#lit-sennett2003">' in render(
        "[@sennett2003]", bib, literature_page=lambda c: None
    )


def test_a_page_with_its_own_list_links_to_itself(bib: Bibliography) -> None:
    html = render(
        "[@sennett2003]\n\n/// literatuur\n///\n", bib, literature_page="zuidoost/literatuur.md"
    )
    assert '<a href="#lit-sennett2003">' in html


# -- literature lists ---------------------------------------------------------------------

SENNETT_ITEM = (
    '<li class="literatuur-item" id="lit-sennett2003">Sennett, R. (2003). '
    "<em>Respect in a world of inequality</em>. W. W. Norton.</li>"
)
LIPSKY_ITEM = (
    '<li class="literatuur-item" id="lit-lipsky1980">Lipsky, M. (1980). '
    "<em>Street-level bureaucracy: Dilemmas of the individual in public services</em>. "
    "Russell Sage Foundation.</li>"
)


def test_literatuur_block_lists_what_the_page_cites_also_below_it(bib: Bibliography) -> None:
    html = render("[@sennett2003]\n\n/// literatuur\n///\n\nLater: @lipsky1980.\n", bib)
    assert html == (
        f"<p>{cite('(' + link('sennett2003', 'Sennett, 2003') + ')')}</p>\n"
        f'<div class="literatuurlijst">\n<ul>\n{LIPSKY_ITEM}\n{SENNETT_ITEM}\n</ul>\n</div>\n'
        f"<p>Later: {cite(link('lipsky1980', 'Lipsky (1980)'))}.</p>"
    )


def test_bibliography_command_lists_what_the_page_cites(bib: Bibliography) -> None:
    html = render("@sennett2003\n\n\\bibliography\n", bib)
    assert html.endswith(f'<div class="literatuurlijst">\n<ul>\n{SENNETT_ITEM}\n</ul>\n</div>')


def test_full_bibliography_lists_every_work(bib: Bibliography) -> None:
    for source in ("\\full_bibliography\n", "/// literatuur | alles\n///\n"):
        html = render(source, bib)
        assert html.count('class="literatuur-item"') == len(bib.keys)
        assert (
            html.index("lit-bordin1979")
            < html.index("lit-deboer2013")
            < html.index("lit-vanderlans2011")
        )


def test_a_page_without_citations_gets_an_empty_list(bib: Bibliography) -> None:
    assert (
        render("/// literatuur\n///\n", bib) == '<div class="literatuurlijst">\n<ul></ul>\n</div>'
    )


def test_cited_keys_are_recorded_in_order_and_reset(bib: Bibliography) -> None:
    md = markdown.Markdown(extensions=[makeExtension(bibliography=bib)])
    md.convert("@lipsky1980 [@sennett2003; @LIPSKY1980] @deboer2013")
    assert not hasattr(md, "handreiking_cited_keys")  # kept with the extension, not on md
    assert cited_keys(md) == ["lipsky1980", "sennett2003", "deboer2013"]
    md.reset()
    assert cited_keys(md) == []
    md.convert("[@bordin1979]")
    assert cited_keys(md) == ["bordin1979"]


def test_bibliography_option_may_be_a_path(bib: Bibliography) -> None:
    assert render("[@sennett2003]", str(BIB)) == render("[@sennett2003]", bib)


# -- problems ---------------------------------------------------------------------------


def collect(text: str, bib: Bibliography, **options: object) -> tuple[str, list[SourceProblem]]:
    problems: list[SourceProblem] = []
    context = PageContext(
        path="docs/zuidoost/partnerschap.md", line_offset=4, report=problems.append
    )
    html = markdown.markdown(
        text, extensions=[makeExtension(bibliography=bib, context=context, **options)]
    )
    return html, problems


def test_unknown_key_raises_with_default_context(bib: Bibliography) -> None:
    with pytest.raises(HandreikingError) as caught:
        render("Eerste regel.\n\nZie [@senet2003].", bib)
    assert str(caught.value) == "<markdown>:3: onbekende bron 'senet2003'; bedoel je 'sennett2003'?"


def test_unknown_key_is_reported_and_shown_as_written(bib: Bibliography) -> None:
    html, problems = collect("Regel.\n\nZie [@senet2003] en @lipsky1908.\n", bib)
    # marked as a mistake, its message as the title (the CSS shows more than colour)
    assert html == (
        '<p>Regel.</p>\n<p>Zie <span class="bronvermelding bronvermelding-fout" '
        "title=\"onbekende bron 'senet2003'; bedoel je 'sennett2003'?\">[@senet2003]</span>"
        ' en <span class="bronvermelding bronvermelding-fout" '
        "title=\"onbekende bron 'lipsky1908'; bedoel je 'lipsky1980'?\">@lipsky1908</span>.</p>"
    )
    assert [str(p) for p in problems] == [
        "docs/zuidoost/partnerschap.md:7: onbekende bron 'senet2003'; bedoel je 'sennett2003'?",
        "docs/zuidoost/partnerschap.md:7: onbekende bron 'lipsky1908'; bedoel je 'lipsky1980'?",
    ]


def test_narrative_unknown_key_without_suggestion_mentions_escaping(bib: Bibliography) -> None:
    _, problems = collect("Volg @gemeenteamsterdam op Mastodon.", bib)
    assert [p.message for p in problems] == [
        f"onbekende bron 'gemeenteamsterdam'; die sleutel staat niet in {BIB} "
        "(bedoel je een gewoon @-teken, schrijf dan \\@)"
    ]


def test_repeated_bad_citation_is_reported_at_each_line(bib: Bibliography) -> None:
    _, problems = collect("[@weg]\n\n[@weg]\n", bib)
    assert [p.line for p in problems] == [5, 7]


@pytest.mark.parametrize(
    ("source", "reason"),
    [
        (
            "[@]",
            "na '@' hoort de sleutel van een bron (bedoel je een gewoon @-teken, schrijf dan \\@)",
        ),
        (
            "[zie @]",
            "na '@' hoort de sleutel van een bron (bedoel je een gewoon @-teken, schrijf dan \\@)",
        ),
        ("[@sennett2003, ]", "na de komma ontbreekt de verwijzing (bijvoorbeeld 'p. 12')"),
        ("[@sennett2003; ]", "er staat een leeg deel tussen de puntkomma's"),
        ("[@sennett2003;; @lipsky1980]", "er staat een leeg deel tussen de puntkomma's"),
        (
            "[@sennett2003; zie ook]",
            "het deel 'zie ook' noemt geen bron; begin het met @sleutel of haal de puntkomma weg",
        ),
        (
            "[@sennett2003 @lipsky1980]",
            "twee bronnen in één deel; scheid ze met een puntkomma: [@a; @b]",
        ),
    ],
)
def test_unreadable_citations(bib: Bibliography, source: str, reason: str) -> None:
    html, problems = collect(f"Zie {source}.", bib)
    message = f"bronvermelding '{source}' is niet te lezen: {reason}"
    assert html == (
        f'<p>Zie <span class="bronvermelding bronvermelding-fout" title="{message}">{source}'
        "</span>.</p>"
    )
    assert [str(p) for p in problems] == [
        f"docs/zuidoost/partnerschap.md:5: bronvermelding '{source}' is niet te lezen: {reason}"
    ]


def test_narrative_with_empty_locator_is_unreadable(bib: Bibliography) -> None:
    html, problems = collect("@sennett2003 [, ] zegt", bib)
    assert "bronvermelding-fout" in html
    assert problems[0].message.endswith(
        "tussen de haken ontbreekt de verwijzing (bijvoorbeeld 'p. 12')"
    )


def test_literatuur_block_problems(bib: Bibliography) -> None:
    html, problems = collect("/// literatuur | iets\n///\n\n/// literatuur\ntekst\n///\n", bib)
    assert html.count('<div class="literatuurlijst">') == 2  # never printed as "///" text
    assert "///" not in html
    assert [(p.line, p.message.split(";")[0]) for p in problems] == [
        (5, "/// literatuur kent 'iets' niet"),
        (8, "/// literatuur heeft geen inhoud: de lijst komt uit de bronnen die de pagina citeert"),
    ]


def test_literatuur_block_with_unknown_option_still_renders(bib: Bibliography) -> None:
    html, problems = collect("/// literatuur\n    soort: kort\n///\n", bib)
    assert html == '<div class="literatuurlijst">\n<ul></ul>\n</div>'
    assert [p.message for p in problems] == [
        "/// literatuur kent de optie 'soort' niet; de lijst heeft geen opties"
    ]


def test_missing_bibliography_file_is_reported_once(tmp_path: Path) -> None:
    problems: list[SourceProblem] = []
    ext = makeExtension(
        bibliography=str(tmp_path / "weg.bib"), context=PageContext(report=problems.append)
    )
    html = markdown.markdown("[@a] en [@b]", extensions=[ext])
    assert html.count("bronvermelding-fout") == 2
    assert [p.message for p in problems] == [
        "het literatuurbestand bestaat niet of is niet te lezen; zet bij 'bibliografie' in "
        "mkdocs.yml het pad van het .bib-bestand, bijvoorbeeld 'bibliografie: bibliography.bib'",
        "bronvermelding '[@a]': er is geen (leesbaar) literatuurbestand, dus de bronnen op "
        "deze pagina zijn niet op te zoeken",
    ]


def test_without_bibliography_citations_are_shown_as_written() -> None:
    problems: list[SourceProblem] = []
    ext = makeExtension(bibliography=None, context=PageContext(report=problems.append))
    html = markdown.markdown("[@a] en @b\n\n/// literatuur\n///\n", extensions=[ext])
    lacking = (
        "er is geen (leesbaar) literatuurbestand, dus de bronnen op deze pagina zijn niet "
        "op te zoeken"
    )
    assert html == (
        '<p><span class="bronvermelding bronvermelding-fout" '
        f"title=\"bronvermelding '[@a]': {lacking}\">[@a]</span> en "
        '<span class="bronvermelding bronvermelding-fout" '
        f"title=\"bronvermelding '@b': {lacking}\">@b</span></p>\n"
        '<div class="literatuurlijst">\n<ul></ul>\n</div>'
    )
    assert len(problems) == 1


# -- the .bib file: malformed and duplicate entries, with their lines ---------------------


def test_malformed_bib_names_the_line() -> None:
    with pytest.raises(HandreikingError) as caught:
        load_bibliography(FIXTURES / "kapot-komma.bib")
    assert [(p.line, p.message) for p in caught.value.problems] == [
        (4, "hier verwacht ik '}'; ontbreekt er een komma na het vorige veld?")
    ]
    assert caught.value.problems[0].path == str(FIXTURES / "kapot-komma.bib")


def test_duplicate_keys_name_both_lines() -> None:
    with pytest.raises(HandreikingError) as caught:
        load_bibliography(FIXTURES / "dubbel.bib", root=FIXTURES)
    assert [str(p) for p in caught.value.problems] == [
        "dubbel.bib:15: de sleutel 'Sennett2003' staat twee keer in het bestand: op regel 1 "
        "en op regel 15; geef één van beide een andere sleutel"
    ]


@pytest.mark.parametrize(
    ("text", "problems"),
    [
        (
            "@book{a,\n  title = {X},\n  title = {Y},\n}",
            [(3, "bron 'a' heeft het veld 'title' twee keer (ook op regel 2)")],
        ),
        (
            "@book{a,\n  title = {X",
            [(2, "het bestand houdt op midden in een bron; ontbreekt er een '}'?")],
        ),
        (
            "\n@book{a, journal = jomch}",
            [
                (
                    2,
                    "onbekende afkorting 'jomch': zet de waarde tussen accolades ({...}) "
                    "of definieer haar met @string{jomch = {...}}",
                )
            ],
        ),
        (
            '@book{a, title = "x}y"}',
            [(1, "de accolades kloppen niet: er staat een '}' zonder '{'")],
        ),
        ("@book{a, title {x}}", [(1, "hier verwacht ik '='; schrijf veld = {waarde}")]),
        (
            "@book{a, author = {a, b, c, d}}",
            [
                (
                    1,
                    "bron 'a': een naam met te veel komma's ('a, b, c, d'); schrijf elke naam "
                    "als 'Achternaam, Voornaam' en zet ' and ' tussen de namen",
                )
            ],
        ),
        (
            "@book{a, title={x}}\n\n@book{b, title={y}\n@book{c, title={z}}",
            [(4, "hier verwacht ik '}'; ontbreekt er een komma na het vorige veld?")],
        ),
    ],
)
def test_bib_problems(text: str, problems: list[tuple[int, str]]) -> None:
    with pytest.raises(HandreikingError) as caught:
        Bibliography.from_string(text, "bibliography.bib")
    assert [(p.line, p.message) for p in caught.value.problems] == problems


def test_unknown_entry_types_are_accepted() -> None:
    bibliography = Bibliography.from_string("@podcast{p, title={Aflevering 1}, year=2020}")
    assert bibliography.keys == ["p"]


# -- properties: nothing but HandreikingError ----------------------------------------------

_PIECES = st.sampled_from(
    [
        "[",
        "]",
        "@",
        "-@",
        ";",
        ",",
        " ",
        "\n",
        "\\",
        "`",
        "(",
        ")",
        "zie",
        "p. 12",
        "{",
        "}",
        "sennett2003",
        "lipsky1980",
        "senet",
        "a@b.nl",
        "///",
        " literatuur",
        "\\bibliography",
        "*",
        "_",
        "[^1]",
        "<",
        ">",
        "!",
    ]
)
_TEXT = st.one_of(st.lists(_PIECES, max_size=25).map("".join), st.text(max_size=60))


@settings(max_examples=500, deadline=None)
@given(_TEXT)
def test_citation_parser_raises_only_handreiking_errors(text: str) -> None:
    try:
        citation = parse_citation(text)
    except CitationSyntaxError as error:
        assert error.message.startswith(("bronvermelding '", f"'{text}' is geen"))
        assert isinstance(error, HandreikingError)
    else:
        assert citation.items
        assert all(isinstance(item, CiteItem) and item.key for item in citation.items)


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(_TEXT)
def test_markdown_with_citations_raises_only_handreiking_errors(text: str) -> None:
    bib = load_bibliography(BIB)
    with contextlib.suppress(HandreikingError):
        render(text, bib)
    problems: list[SourceProblem] = []
    html = markdown.markdown(
        text,
        extensions=[makeExtension(bibliography=bib, context=PageContext(report=problems.append))],
    )
    # A citation that is reported is shown, never dropped.
    assert html.count("bronvermelding-fout") <= len(problems)


def test_references_in_place_put_the_full_reference_beside_each_citation(
    bib: Bibliography,
) -> None:
    html = render("Zie [@sennett2003] en @sennett2003.", bib, references_in_place=True)
    tips = re.findall(
        r'<a aria-describedby="(bron-\d)" href="#lit-sennett2003">[^<]*</a>'
        r'<span class="bron-uitleg alleen-web" data-search-exclude="" id="(bron-\d)" '
        r'role="tooltip">Sennett, R\. \(2003\)\. <em>',
        html,
    )
    assert tips == [("bron-1", "bron-1"), ("bron-2", "bron-2")], html
    assert "bron-uitleg" not in render("Zie [@sennett2003].", bib)  # plain Markdown: off
