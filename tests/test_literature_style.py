"""The Dutch APA 7 style (``apa-nl``): exact output per entry type and per rule."""

# ruff: noqa: RUF001  (en dashes and the Turkish dotless i are what is tested)
from __future__ import annotations

import contextlib
import string
import unicodedata
from pathlib import Path

import pytest
from handreiking.content.literature import Bibliography, format_name, latex, load_bibliography
from handreiking.content.literature.fields import dutch_date, parse_year
from handreiking.content.literature.latex import latex_to_str
from handreiking.content.literature.style import ApaNlStyle, render_html, render_text
from handreiking.errors import HandreikingError
from hypothesis import example, given, settings
from hypothesis import strategies as st
from pybtex.database import BibliographyData, Entry, Person, parse_file
from pybtex.plugin import find_plugin

FIXTURES = Path(__file__).parent / "fixtures" / "lit"
BIBLATEX_EXAMPLES = Path(__file__).parents[1].parent / "shared/testdata/biblatex-examples.bib"


@pytest.fixture(scope="module")
def bib() -> Bibliography:
    return load_bibliography(FIXTURES / "literatuur.bib")


def one(bibtex: str) -> str:
    """The plain text reference of the only entry in ``bibtex``."""
    bibliography = Bibliography.from_string(bibtex)
    (key,) = bibliography.keys
    return bibliography.format_text(key)


# -- the pybtex plugin ----------------------------------------------------------------


def test_pybtex_finds_the_style_by_its_entry_point() -> None:
    assert find_plugin("pybtex.style.formatting", "apa-nl") is ApaNlStyle


def test_pybtex_api_formats_a_bibliography_in_apa_order() -> None:
    data = parse_file(str(FIXTURES / "literatuur.bib"))
    style = find_plugin("pybtex.style.formatting", "apa-nl")()
    formatted = list(style.format_bibliography(data, ["sennett2003", "lipsky1980", "bordin1979"]))
    assert [entry.key for entry in formatted] == ["bordin1979", "lipsky1980", "sennett2003"]
    assert [entry.label for entry in formatted] == [
        "Bordin, 1979",
        "Lipsky, 1980",
        "Sennett, 2003",
    ]
    assert formatted[2].text.render_as("text") == (
        "Sennett, R. (2003). Respect in a world of inequality. W. W. Norton."
    )


def test_pybtex_format_entry_takes_crossref_from_bib_data() -> None:
    data = parse_file(str(FIXTURES / "literatuur.bib"))
    style = ApaNlStyle()
    entry = style.format_entry("x", data.entries["kampen2015"], data)
    assert "In I. Verhoeven & E. Tonkens (Red.), Bundel over de participatiesamenleving" in (
        render_text(entry.text)
    )


# -- one entry of each type -----------------------------------------------------------


def test_article(bib: Bibliography) -> None:
    assert bib.format_text("bordin1979") == (
        "Bordin, E. S. (1979). The generalizability of the psychoanalytic concept of the "
        "working alliance. Psychotherapy: Theory, Research & Practice, 16(3), 252–260. "
        "https://doi.org/10.1037/h0085885"
    )


def test_article_html_puts_journal_and_volume_in_italics(bib: Bibliography) -> None:
    assert bib.format_html("bordin1979") == (
        "Bordin, E. S. (1979). The generalizability of the psychoanalytic concept of the "
        "working alliance. <em>Psychotherapy: Theory, Research &amp; Practice</em>, "
        "<em>16</em>(3), 252–260. "
        '<a href="https://doi.org/10.1037/h0085885">https://doi.org/10.1037/h0085885</a>'
    )


def test_book(bib: Bibliography) -> None:
    assert bib.format_text("sennett2003") == (
        "Sennett, R. (2003). Respect in a world of inequality. W. W. Norton."
    )
    assert bib.format_html("sennett2003") == (
        "Sennett, R. (2003). <em>Respect in a world of inequality</em>. W. W. Norton."
    )


def test_incollection(bib: Bibliography) -> None:
    assert bib.format_text("vanderlans2011") == (
        "Van der Lans, J. (2011). Sociaal werk in de wijk. In K. ten Have (Red.), "
        "Handboek wijkgericht werken (2e dr., pp. 45–67). Coutinho."
    )
    assert "In K. ten Have (Red.), <em>Handboek wijkgericht werken</em> (2e dr., pp. 45–67)." in (
        bib.format_html("vanderlans2011")
    )


def test_report(bib: Bibliography) -> None:
    assert bib.format_text("deboer2013") == (
        "De Boer, A., & De Klerk, M. (2013a). Informele zorg in Nederland: Een "
        "literatuurstudie naar mantelzorg en vrijwilligerswerk in de zorg. "
        "Sociaal en Cultureel Planbureau."
    )
    assert bib.format_text("deboer2013b") == (
        "De Boer, A., & De Klerk, M. (2013b). Testbron voor jaarletters (Rapport nr. 2013-7). "
        "Sociaal en Cultureel Planbureau."
    )


def test_online_with_retrieval_date(bib: Bibliography) -> None:
    assert bib.format_text("rmo2013") == (
        "Raad voor Maatschappelijke Ontwikkeling. (2013). Terugtreden is vooruitzien: "
        "Maatschappelijke veerkracht in het sociaal domein. Geraadpleegd op 12 januari 2016, "
        "van https://www.raadrvs.nl/documenten/publicaties/2013/05/16/terugtreden-is-vooruitzien"
    )


def test_online_without_retrieval_date_or_year(bib: Bibliography) -> None:
    assert bib.format_text("wijkzorg") == (
        "Gemeente Amsterdam. (z.d.). Wijkzorg in Zuidoost. https://www.amsterdam.nl/zuidoost/"
    )


def test_thesis(bib: Bibliography) -> None:
    assert bib.format_text("kampen2014") == (
        "Kampen, T. (2014). Verplicht vrijwilligerswerk: De ervaringen van bijstandscliënten "
        "met een tegenprestatie voor hun uitkering [Proefschrift, Universiteit van Amsterdam]."
    )


def test_misc(bib: Bibliography) -> None:
    assert bib.format_text("sahin2015") == (
        "Şahin, A., & Öztürk, M. (2015). Samen sterk in Holendrecht [Brochure]. "
        "Stichting Buurtwerk."
    )


def test_edited_book_names_the_editors_with_red(bib: Bibliography) -> None:
    assert bib.format_text("bundel2015") == (
        "Verhoeven, I., & Tonkens, E. (Red.). (2015). Bundel over de participatiesamenleving. "
        "Van Gennep."
    )


def test_unknown_entry_type_is_formatted_like_misc() -> None:
    assert one("@podcast{p, author={Sennett, Richard}, title={Respect}, year=2004}") == (
        "Sennett, R. (2004). Respect."
    )


# -- the Dutch rules ------------------------------------------------------------------


def test_particles_capitalised_before_the_surname_and_sorted_under_them(
    bib: Bibliography,
) -> None:
    assert bib.format_text("vanderlans2010").startswith("Van der Lans, J. (2010).")
    assert bib.sorted_keys(["sennett2003", "vanderlans2010", "deboer2013", "bordin1979"]) == [
        "bordin1979",
        "deboer2013",
        "sennett2003",
        "vanderlans2010",
    ]


def test_particle_after_initials_keeps_its_case(bib: Bibliography) -> None:
    assert "In K. ten Have (Red.)," in bib.format_text("vanderlans2011")


@pytest.mark.parametrize(
    ("name", "form", "expected"),
    [
        ("Anna de Boer", "reference", "De Boer, A."),
        ("de Boer, Anna", "reference", "De Boer, A."),
        ("De Boer, Anna", "reference", "De Boer, A."),
        ("Jos van der Lans", "reference", "Van der Lans, J."),
        ("Have, K. ten", "reference", "Ten Have, K."),
        ("Have, K. ten", "initials-first", "K. ten Have"),
        ("Jan De Vries", "citation", "De Vries"),
        ("Jan-Willem van den Berg", "reference", "Van den Berg, J.-W."),
        ("IJsbrand Jansen", "reference", "Jansen, IJ."),
        ("van 't Hart, Th.", "reference", "Van 't Hart, Th."),
        ("Hart, Th. van 't", "reference", "Van 't Hart, Th."),
        ("Sennett, Jr., Richard", "reference", "Sennett, R., Jr."),
        (
            "{Raad voor Maatschappelijke Ontwikkeling}",
            "reference",
            "Raad voor Maatschappelijke Ontwikkeling",
        ),
        ("{\\c{S}}ahin, Ay{\\c{s}}e", "reference", "Şahin, A."),
        ('{\\"O}zt{\\"u}rk, Mehmet', "citation", "Öztürk"),
    ],
)
def test_names(name: str, form: str, expected: str) -> None:
    assert format_name(name, form) == expected  # type: ignore[arg-type]


def test_ampersand_in_parentheses_and_en_in_running_text(bib: Bibliography) -> None:
    assert render_text(bib.citation_names("deboer2013")) == "De Boer & De Klerk"
    assert render_text(bib.citation_names("deboer2013", narrative=True)) == "De Boer en De Klerk"
    assert bib.format_text("deboer2013").startswith("De Boer, A., & De Klerk, M.")


def test_et_al_from_three_authors_in_citations(bib: Bibliography) -> None:
    assert render_text(bib.citation_names("tonkens2013")) == "Tonkens et al."
    assert bib.format_text("tonkens2013").startswith(
        "Tonkens, E., Grootegoed, E., & Duyvendak, J. W. (2013)."
    )


def _authors(count: int) -> str:
    return " and ".join(f"Auteur{n:02d}, A." for n in range(1, count + 1))


def test_up_to_twenty_authors_are_all_listed() -> None:
    text = one(f"@article{{a, author={{{_authors(20)}}}, title={{T}}, journal={{J}}, year=2020}}")
    assert text.startswith("Auteur01, A., Auteur02, A., ")
    assert "Auteur19, A., & Auteur20, A. (2020)." in text


def test_twenty_one_authors_become_nineteen_an_ellipsis_and_the_last() -> None:
    text = one(f"@article{{a, author={{{_authors(22)}}}, title={{T}}, journal={{J}}, year=2020}}")
    assert "Auteur18, A., Auteur19, A., . . . Auteur22, A. (2020)." in text
    assert "Auteur20" not in text and "Auteur21" not in text


def test_no_year_is_z_d(bib: Bibliography) -> None:
    assert bib.year("wijkzorg") == "z.d."
    assert one("@book{b, author={Sennett, Richard}, title={Zonder jaar}, publisher={P}}") == (
        "Sennett, R. (z.d.). Zonder jaar. P."
    )


def test_same_authors_same_year_are_lettered_in_title_order() -> None:
    bibliography = Bibliography.from_string(
        """
        @book{z, author={Sennett, Richard}, title={Zwijgen}, year=2003, publisher={P}}
        @book{a, author={Sennett, Richard}, title={Aandacht}, year=2003, publisher={P}}
        @book{m, author={Sennett, Richard}, title={The Middle}, year=2003, publisher={P}}
        @book{o, author={Sennett, Richard}, title={Ouder}, year=2001, publisher={P}}
        """
    )
    assert [bibliography.year(key) for key in "azmo"] == ["2003a", "2003c", "2003b", "2001"]
    assert bibliography.sorted_keys() == ["o", "a", "m", "z"]


def test_works_without_date_are_lettered_z_d_a() -> None:
    bibliography = Bibliography.from_string(
        """
        @online{a, author={{Gemeente Amsterdam}}, title={A}, url={https://a.nl}}
        @online{b, author={{Gemeente Amsterdam}}, title={B}, url={https://b.nl}}
        """
    )
    assert [bibliography.year(key) for key in "ab"] == ["z.d.-a", "z.d.-b"]


def test_editors_in_and_pages_with_en_dash() -> None:
    text = one(
        """@incollection{c, author={Jansen, Piet}, title={Hoofdstuk},
        editor={Boer, Anna and Klerk, Mirjam and Have, Karin ten},
        booktitle={Het boek}, pages={45-67}, publisher={Uitgever}, year=2010}"""
    )
    assert "In A. Boer, M. Klerk, & K. ten Have (Red.), Het boek (pp. 45–67). Uitgever." in text


def test_a_single_page_is_p() -> None:
    text = one(
        "@incollection{c, author={Jansen, Piet}, title={H}, booktitle={B}, pages={45}, "
        "publisher={U}, year=2010}"
    )
    assert "In B (p. 45). U." in text


def test_title_and_subtitle_are_joined_by_a_colon_with_a_capital(bib: Bibliography) -> None:
    assert "Street-level bureaucracy: Dilemmas of the individual in public services." in (
        bib.format_text("lipsky1980")
    )


def test_subtitle_after_a_question_mark_needs_no_colon() -> None:
    text = one("@book{b, author={A, B}, title={Waarom?}, subtitle={een antwoord}, year=2000}")
    assert "Waarom? Een antwoord." in text


@pytest.mark.parametrize(
    "doi",
    [
        "10.1037/h0085885",
        "doi:10.1037/h0085885",
        "https://doi.org/10.1037/h0085885",
        "http://dx.doi.org/10.1037/h0085885",
    ],
)
def test_doi_is_written_as_a_doi_org_address(doi: str) -> None:
    text = one(
        f"@article{{a, author={{A, B}}, title={{T}}, journal={{J}}, year=2000, doi={{{doi}}}}}"
    )
    assert text.endswith(". https://doi.org/10.1037/h0085885")


def test_doi_wins_over_url() -> None:
    text = one(
        "@article{a, author={A, B}, title={T}, journal={J}, year=2000, doi={10.1/x}, "
        "url={https://example.org}, urldate={2020-01-01}}"
    )
    assert text.endswith("J. https://doi.org/10.1/x")


def test_url_without_retrieval_date_is_given_as_is() -> None:
    text = one("@online{o, author={A, B}, title={T}, year=2000, url={https://example.org/x}}")
    assert text == "A, B. (2000). T. https://example.org/x"


@pytest.mark.parametrize(
    ("month", "name"),
    list(
        enumerate(
            [
                "januari",
                "februari",
                "maart",
                "april",
                "mei",
                "juni",
                "juli",
                "augustus",
                "september",
                "oktober",
                "november",
                "december",
            ],
            start=1,
        )
    ),
)
def test_dutch_month_names(month: int, name: str) -> None:
    assert dutch_date(f"2016-{month:02d}-03") == f"3 {name} 2016"


def test_retrieval_date_that_is_no_date_is_shown_as_written() -> None:
    assert dutch_date("vorige week") == "vorige week"
    assert dutch_date("2016-13-01") == "2016-13-01"


def test_organisation_as_author_is_written_and_sorted_as_one_name(bib: Bibliography) -> None:
    assert render_text(bib.citation_names("rmo2013")) == "Raad voor Maatschappelijke Ontwikkeling"
    order = bib.sorted_keys(["sennett2003", "rmo2013", "lipsky1980"])
    assert order == ["lipsky1980", "rmo2013", "sennett2003"]


def test_group_author_that_is_also_the_publisher_is_not_repeated() -> None:
    text = one(
        "@report{r, author={{Sociaal en Cultureel Planbureau}}, title={Rapport}, "
        "institution={Sociaal en Cultureel Planbureau}, year=2014}"
    )
    assert text == "Sociaal en Cultureel Planbureau. (2014). Rapport."


def test_report_without_author_has_the_institution_as_group_author() -> None:
    assert one("@report{r, title={Rapport}, institution={Movisie}, year=2014}") == (
        "Movisie. (2014). Rapport."
    )


def test_work_without_author_starts_with_its_title() -> None:
    assert one("@book{b, title={Handboek}, edition={3}, publisher={P}, year=2014}") == (
        "Handboek (3e dr.). (2014). P."
    )


def test_sorting_is_authors_then_year_then_title() -> None:
    bibliography = Bibliography.from_string(
        """
        @book{s2, author={Sennett, Richard}, title={B}, year=2008}
        @book{s1, author={Sennett, Richard}, title={A}, year=2003}
        @book{sc, author={Sennett, Richard and Cobb, Jonathan}, title={C}, year=1972}
        @book{l, author={Lipsky, Michael}, title={Z}, year=1980}
        @book{nd, author={Sennett, Richard}, title={Z}}
        """
    )
    assert bibliography.sorted_keys() == ["l", "nd", "s1", "s2", "sc"]


# -- reading BibTeX and biblatex alike -------------------------------------------------


def test_bibtex_and_biblatex_field_names_give_the_same_reference() -> None:
    bibtex = one(
        "@article{a, author={Jansen, Piet}, title={T}, journal={J}, year={2010}, "
        "volume=3, pages={1--2}, address={Utrecht}}"
    )
    biblatex = one(
        "@article{a, author={Jansen, Piet}, title={T}, journaltitle={J}, date={2010-05-01}, "
        "volume=3, pages={1--2}, location={Utrecht}}"
    )
    assert bibtex == biblatex == "Jansen, P. (2010). T. J, 3, 1–2."


def test_school_and_institution_and_string_macros(bib: Bibliography) -> None:
    assert "[Proefschrift, Universiteit van Amsterdam]" in bib.format_text("kampen2014")
    assert bib.format_text("deboer2013").endswith("Sociaal en Cultureel Planbureau.")


def test_crossref_gives_the_book_and_its_editors(bib: Bibliography) -> None:
    assert bib.format_text("kampen2015") == (
        "Kampen, T. (2015). Vrijwilligerswerk als tegenprestatie. In I. Verhoeven & "
        "E. Tonkens (Red.), Bundel over de participatiesamenleving (p. 12). Van Gennep."
    )


def test_tex_accents_are_decoded(bib: Bibliography) -> None:
    assert latex_to_str('{\\"o}') == "ö"
    assert latex_to_str("{\\c{S}}ahin") == "Şahin"
    assert latex_to_str("Le \\emph{De Anima}") == "Le De Anima"
    assert "bijstandscliënten" in bib.format_text("kampen2014")


def test_latex_emphasis_in_a_title_becomes_em() -> None:
    bibliography = Bibliography.from_string(
        "@article{a, author={A, B}, title={Over \\emph{Respect}}, journal={J}, year=2000}"
    )
    assert "Over <em>Respect</em>." in bibliography.format_html("a")


def test_years_from_date_ranges_and_words() -> None:
    assert parse_year("1988/1992").text == "1988–1992"
    assert parse_year("2016-01-12").text == "2016"
    assert parse_year("in press").text == "in druk"
    assert parse_year("z.d.").text == "z.d."
    assert parse_year(None).given is False


# -- incomplete entries ---------------------------------------------------------------


def test_entry_that_lacks_fields_is_formatted_and_warned_about() -> None:
    bibliography = Bibliography.from_string(
        "@article{half,\n  author = {Jansen, Piet},\n  title = {Zonder tijdschrift},\n}",
        path="literatuur.bib",
    )
    assert bibliography.format_text("half") == "Jansen, P. (z.d.). Zonder tijdschrift."
    assert [str(problem) for problem in bibliography.warnings] == [
        "literatuur.bib:1: bron 'half' mist een jaartal (veld 'year' of 'date'); er staat nu "
        "'z.d.' (schrijf year = {z.d.} als het werk echt geen jaartal heeft)",
        "literatuur.bib:1: bron 'half' mist de naam van het tijdschrift "
        "(veld 'journal' of 'journaltitle')",
    ]


def test_explicit_z_d_is_no_warning(bib: Bibliography) -> None:
    assert bib.warnings_for(["wijkzorg"]) == []


def test_missing_crossref_target_is_warned_about() -> None:
    bibliography = Bibliography.from_string(
        "@incollection{c, author={A, B}, title={T}, crossref={weg}, year=2000}"
    )
    messages = [problem.message for problem in bibliography.warnings]
    assert (
        "bron 'c' verwijst met 'crossref' naar 'weg', maar die bron staat niet in het "
        "literatuurbestand"
    ) in messages


def test_an_entry_with_nothing_still_formats() -> None:
    bibliography = Bibliography(BibliographyData({"leeg": Entry("book")}))
    assert bibliography.format_text("leeg") == "[leeg]. (z.d.)."
    assert {
        problem.message.split(" mist ")[1].split(" (")[0] for problem in bibliography.warnings
    } == {
        "een auteur of redacteur",
        "een titel",
        "een jaartal",
        "een uitgever",
    }


def test_the_style_formats_entries_without_bibliography() -> None:
    entry = Entry(
        "book",
        fields={"title": "Respect", "year": "2003"},
        persons={"author": [Person("Sennett, Richard")]},
    )
    assert render_html(ApaNlStyle().format_reference(entry)) == (
        "Sennett, R. (2003). <em>Respect</em>."
    )


# -- the biblatex example database ----------------------------------------------------


@pytest.fixture(scope="module")
def examples() -> Bibliography:
    if not BIBLATEX_EXAMPLES.exists():
        pytest.skip(f"biblatex-examples.bib not found at {BIBLATEX_EXAMPLES}")
    return load_bibliography(BIBLATEX_EXAMPLES)


def test_every_biblatex_example_formats(examples: Bibliography) -> None:
    assert len(examples.keys) == 92
    for key in examples.keys:
        assert examples.format_text(key)
        assert examples.format_html(key)
        assert examples.cite(key).text().startswith("(")
    assert examples.sorted_keys()[:1] == ["set"]  # no author, no title, no date: first


def test_biblatex_examples_spot_checks(examples: Bibliography) -> None:
    assert examples.format_text("aksin").startswith(
        "Aksın, Ö., Türkmen, H., Artok, L., Çetinkaya, B., Ni, C., Büyükgüngör, O., & "
        "Özkal, E. (2006)."
    )
    assert render_text(examples.citation_names("aksin")) == "Aksın et al."
    assert "In G. Westfahl (Red.), Space and beyond: The frontier theme in science fiction " in (
        examples.format_text("westfahl:space")
    )
    assert examples.format_text("kastenholz").endswith("https://doi.org/10.1063/1.2172593")
    assert examples.format_text("ctan").endswith(
        "Geraadpleegd op 1 oktober 2006, van http://www.ctan.org"
    )


def test_biblatex_examples_warnings_name_entry_and_field(examples: Bibliography) -> None:
    messages = [str(problem) for problem in examples.warnings]
    assert any("bron 'set' mist een titel (veld 'title')" in m for m in messages)
    assert all(m.startswith(str(BIBLATEX_EXAMPLES)) for m in messages)


# -- property: names never raise anything but HandreikingError -------------------------

_NAME_PARTS = st.sampled_from(
    ["Anna", "de", "Boer", ",", " ", "and", "{", "}", "\\", '{\\"o}', "-", ".", "IJ", "'t", "~"]
)


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.lists(_NAME_PARTS, max_size=12).map("".join), st.text(max_size=40)))
def test_name_formatting_raises_only_handreiking_errors(text: str) -> None:
    for form in ("reference", "citation", "initials-first"):
        with contextlib.suppress(HandreikingError):
            format_name(text, form)  # type: ignore[arg-type]


def test_and_others_becomes_et_al_in_list_and_citation() -> None:
    bibtex = (
        "@report{b2014, author = {Bichbich, F. and others}, title = {Praktijkanalyse},"
        " year = {2014}}"
    )
    assert one(bibtex) == "Bichbich, F., et al. (2014). Praktijkanalyse."
    bibliography = Bibliography.from_string(bibtex)
    assert bibliography.cite(["b2014"]).text() == "(Bichbich et al., 2014)"
    assert bibliography.cite(["b2014"], mode="narrative").text() == "Bichbich et al. (2014)"


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40))
@example(",,Samen werken")  # TeX's low opening quote: a ligature without a special character
def test_the_plain_text_shortcut_decodes_as_latexcodec_does(value: str) -> None:
    _decodes_as_latexcodec_does(value)


def _decodes_as_latexcodec_does(value: str) -> None:
    """What ``_decode`` gives ``value`` is what latexcodec gives, whichever way it went:
    its shortcuts must, and its slow way is latexcodec."""
    import codecs

    import latexcodec  # noqa: F401  (registers "ulatex", the decoder compared with)
    from handreiking.content.literature import latex

    try:
        expected = codecs.decode(value, "ulatex")
    except (UnicodeDecodeError, ValueError, IndexError):
        return  # a stray backslash: _decode reads on without it (tested elsewhere)
    assert latex._decode(value) == expected


_BRACED = st.sampled_from(
    [
        *("{", "}", "{}", "}{", " ", "a", "Z", ".", ",", ":", ";", "(", ")", "[", "]", "1"),
        *("\u00e9", "\u2013", "\u00a0", "\t", '"', "*", "/", "@", "=", "+", "|"),
    ]
)


@settings(max_examples=1000, deadline=None)
@given(st.lists(_BRACED, max_size=24).map("".join))
@example("{Partnerschap en partnerschapskaart}")  # a page's title, as its citation has it
@example("{Wat nu: samen (of niet)}")
def test_braces_alone_take_the_plain_text_shortcut_as_latexcodec_decodes_them(
    value: str,
) -> None:
    _decodes_as_latexcodec_does(value)


_HYPHENATED = st.sampled_from(
    [*("-", "a", "Z", " ", "1", ".", ",", "(", ")", "{", "}", "/", "\u00e9", "\n", "\t")]
)


@settings(max_examples=1000, deadline=None)
@given(st.lists(_HYPHENATED, max_size=24).map("".join))
@example("Zuid-Oost")
@example("2019-2020")
@example("- a")  # the space after a leading hyphen stays
def test_lone_hyphens_take_the_plain_text_shortcut_as_latexcodec_decodes_them(
    value: str,
) -> None:
    _decodes_as_latexcodec_does(value)


# -- the TeX of most .bib files, read without latexcodec --------------------------------

_LETTERS = st.sampled_from(string.ascii_letters)
_ACCENTED = st.one_of(
    st.builds(
        str.format,
        st.sampled_from(["\\{0}{1}", "\\{0}{{{1}}}", "{{\\{0}{1}}}"]),
        st.sampled_from(list(latex._ACCENTS)),
        _LETTERS,
    ),
    st.builds(
        str.format,
        st.sampled_from(["\\{0} {1}", "\\{0}{{{1}}}", "{{\\{0} {1}}}"]),
        st.sampled_from(list(latex._WORD_ACCENTS)),
        _LETTERS,
    ),
)
_PLAIN_TEX_PARTS = st.one_of(
    _ACCENTED,
    st.sampled_from(
        [
            *("{\\i}", "\\&", "\\%", "\\#", "\\_", "-", "--", "---", "'", "?", "!"),
            *("<", ">", "{", "}", " ", "a", "Z", ".", ",", "1", "\u00e9", "\t"),
        ]
    ),
)


@settings(max_examples=2000, deadline=None)
@given(st.lists(_PLAIN_TEX_PARTS, max_size=10).map("".join))
@example(r"Ren{\'e}e")  # as BibTeX exports write names with accents
@example(r"{\c C}elik and G{\"u}ndo{\u g}du and Y{\i}lmaz")
@example(r"Zorg \& Welzijn, 12--34")
@example(r"Op \'e\'en lijn---samen")
@example("in 't Veld")
def test_accents_dashes_and_escapes_decode_as_latexcodec_decodes_them(value: str) -> None:
    _decodes_as_latexcodec_does(value)


def test_every_accent_on_a_letter_of_latin_1_or_extended_a_is_read_without_latexcodec() -> None:
    import codecs

    import latexcodec  # noqa: F401  (registers "ulatex", the decoder compared with)

    forms = [(accent, "\\{0}{1}", "\\{0}{{{1}}}") for accent in latex._ACCENTS]
    forms += [(accent, "\\{0} {1}", "\\{0}{{{1}}}") for accent in latex._WORD_ACCENTS]
    marks = {**latex._ACCENTS, **latex._WORD_ACCENTS}
    read = 0
    for accent, bare, braced in forms:
        for letter in string.ascii_letters:
            composed = unicodedata.normalize("NFC", letter + marks[accent])
            in_range = len(composed) == 1 and ord(composed) in latex._COMPOSED
            for value in (bare.format(accent, letter), braced.format(accent, letter)):
                plain = latex._decode_plain(value)
                if not in_range:
                    assert plain is None, value  # latexcodec's, whatever it makes of it
                    continue
                assert plain == codecs.decode(value, "ulatex"), value
                read += 1
    assert read > 300  # (so that the range is not empty by mistake)


def test_whether_a_bib_needs_latexcodec() -> None:
    assert not latex.needs_codec(
        "@book{a, author = {M{\\\"u}ller, Ren{\\'e}e and {\\c C}elik, Y{\\i}lmaz},"
        " title = {Zorg \\& welzijn}, pages = {12--34}}"
    )
    assert latex.needs_codec("@book{a, title = {\\emph{Samen}}}")
    assert latex.needs_codec('@book{a, author = {\\"Hanna}}')  # no such letter in Latin-1
    assert latex.needs_codec("@book{a, author = {{\\'\\i}}}")  # an accent on a dotless i


def test_formatting_a_bib_of_accents_and_dashes_does_not_import_latexcodec() -> None:
    """latexcodec costs a process 2 MB and tens of milliseconds to import: a .bib as
    BibTeX exports write it (names with accents, page ranges, "\\&") never needs it."""
    import subprocess
    import sys

    plain = (
        "@article{celik2019, author = {{\\c C}elik, G{\\\"o}khan and M{\\'e}nard, Ren{\\'e}e},"
        " title = {Zorg \\& welzijn in 't {W}esten}, journal = {Tijdschrift},"
        " year = {2019}, pages = {12--34}}"
    )
    script = (
        "import sys\n"
        "from handreiking.content.literature import Bibliography\n"
        "bibliography = Bibliography.from_string(sys.argv[1])\n"
        "print(bibliography.format_text('celik2019'))\n"
        "print('latexcodec' in sys.modules)\n"
    )
    for bib, imported in ((plain, "False"), (plain.replace("Tijdschrift", "\\emph{T}"), "True")):
        run = subprocess.run(
            [sys.executable, "-c", script, bib], capture_output=True, text=True, check=True
        )
        reference, imports = run.stdout.splitlines()
        assert reference.startswith("\u00c7elik, G., & M\u00e9nard, R. (2019). Zorg & welzijn")
        assert "12\u201334" in reference
        assert imports == imported
