# ruff: noqa: RUF001  (en dashes are what is tested)
"""Dutch APA 7 rules beyond the basics, each with its list entry and every citation form.

Every work here is invented (names, titles, publishers, addresses), written for the rule
it tests. The rules follow the APA Publication Manual, 7th edition (section numbers
given per test), as the Dutch university and hogeschool library guides teach them
(e.g. the APA-richtlijnen of the Hogeschool van Amsterdam and Universiteit Utrecht:
"Vert." for "Trans.", "Oorspronkelijk werk gepubliceerd", Dutch month names).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from handreiking.content.literature import Bibliography


@dataclass(frozen=True)
class Case:
    """One invented work: its ``.bib`` entry, its reference, and its citations."""

    bibtex: str
    reference: str
    parenthetical: str
    with_page: str
    narrative: str
    year_only: str


def _check(case: Case) -> None:
    bibliography = Bibliography.from_string(case.bibtex)
    (key,) = bibliography.keys
    assert bibliography.format_text(key) == case.reference
    assert bibliography.cite(key).text() == case.parenthetical
    assert bibliography.cite(key, locator="p. 80").text() == case.with_page
    assert bibliography.cite(key, "narrative", locator="p. 80").text() == case.narrative
    assert bibliography.cite(key, suppress_author=True).text() == case.year_only


# -- rule 1: translations and republished works (APA 7, 8.15, 9.39-9.41, 10.2 ex. 29) --

TRANSLATION = Case(
    r"""@book{verhagen2004,
  author     = {Verhagen, Anna},
  title      = {De stille stad},
  year       = {2004},
  origdate   = {1962},
  translator = {Kuiper, Rob},
  publisher  = {Uitgeverij Noorderlicht},
}""",
    "Verhagen, A. (2004). De stille stad (R. Kuiper, Vert.). Uitgeverij Noorderlicht. "
    "(Oorspronkelijk werk gepubliceerd 1962)",
    "(Verhagen, 1962/2004)",
    "(Verhagen, 1962/2004, p. 80)",
    "Verhagen (1962/2004, p. 80)",
    "(1962/2004)",
)


def test_a_translated_book_names_translator_and_original_year() -> None:
    """APA 7, 10.2 example 29: "(H. Weaver, Trans.; 2nd ed.)" and "(Original work
    published 1966)"; in text "(Piaget & Inhelder, 1966/1969)" (8.15)."""
    _check(TRANSLATION)


def test_a_translation_with_an_edition_joins_them_with_a_semicolon() -> None:
    """APA 7, 10.2 example 29: "(H. Weaver, Trans.; 2nd ed.)"."""
    _check(
        Case(
            r"""@book{verhagen2010,
  author     = {Verhagen, Anna},
  title      = {De stille stad},
  year       = {2010},
  origyear   = {1962},
  translator = {Kuiper, Rob and Sanne de Wit},
  edition    = {3},
  publisher  = {Uitgeverij Noorderlicht},
  doi        = {10.9999/stille.stad},
}""",
            "Verhagen, A. (2010). De stille stad (R. Kuiper & S. de Wit, Vert.; 3e dr.). "
            "Uitgeverij Noorderlicht. https://doi.org/10.9999/stille.stad "
            "(Oorspronkelijk werk gepubliceerd 1962)",
            "(Verhagen, 1962/2010)",
            "(Verhagen, 1962/2010, p. 80)",
            "Verhagen (1962/2010, p. 80)",
            "(1962/2010)",
        )
    )


def test_a_translated_chapter_names_the_translator_after_its_title() -> None:
    """APA 7, 10.3 example 48: "The ego and the id (J. Riviere, Trans.). In ..."."""
    _check(
        Case(
            r"""@incollection{brandsma1999,
  author     = {Brandsma, Joost},
  title      = {Over het buurtwerk},
  translator = {Kuiper, Rob},
  booktitle  = {Verzameld werk},
  editor     = {Kuiper, Rob},
  pages      = {3--66},
  year       = {1999},
  origdate   = {1931},
  publisher  = {Uitgeverij Noorderlicht},
}""",
            "Brandsma, J. (1999). Over het buurtwerk (R. Kuiper, Vert.). In R. Kuiper (Red.), "
            "Verzameld werk (pp. 3–66). Uitgeverij Noorderlicht. "
            "(Oorspronkelijk werk gepubliceerd 1931)",
            "(Brandsma, 1931/1999)",
            "(Brandsma, 1931/1999, p. 80)",
            "Brandsma (1931/1999, p. 80)",
            "(1931/1999)",
        )
    )


def test_an_original_year_equal_to_the_year_is_not_repeated() -> None:
    bibliography = Bibliography.from_string(
        "@book{a, author={Verhagen, Anna}, title={T}, year={2004}, origdate={2004}, publisher={P}}"
    )
    assert bibliography.cite("a").text() == "(Verhagen, 2004)"
    assert "Oorspronkelijk" not in bibliography.format_text("a")


def test_several_works_in_one_citation_keep_both_years() -> None:
    """APA 7, 8.12 and 8.15: works in list order, each with its years."""
    bibliography = Bibliography.from_string(
        TRANSLATION.bibtex
        + "\n@book{aalbers2019, author={Aalbers, Kees}, title={Buren}, year={2019}, "
        "publisher={Uitgeverij Noorderlicht}}\n"
    )
    assert bibliography.cite(["verhagen2004", "aalbers2019"]).text() == (
        "(Aalbers, 2019; Verhagen, 1962/2004)"
    )


# -- rule 2: full dates (APA 7, 9.15; 10.1 examples 15-17; 10.16) -----------------------

NEWSPAPER = Case(
    r"""@article{jansen2021,
  author       = {Jansen, Piet},
  title        = {Buurthuis opent weer zijn deuren},
  journaltitle = {Het Avondblad},
  date         = {2021-11-03},
  entrysubtype = {newspaper},
  url          = {https://example.org/buurthuis},
}""",
    "Jansen, P. (2021, 3 november). Buurthuis opent weer zijn deuren. Het Avondblad. "
    "https://example.org/buurthuis",
    "(Jansen, 2021)",
    "(Jansen, 2021, p. 80)",
    "Jansen (2021, p. 80)",
    "(2021)",
)


def test_a_newspaper_article_gives_the_full_date() -> None:
    """APA 7, 10.1 example 16: "(2019, January 25)"; in text the year only (8.10)."""
    _check(NEWSPAPER)


def test_a_web_page_with_a_month_gives_the_month() -> None:
    """APA 7, 10.16 example 110 and 9.15: "(2018, May)", Dutch "(2018, mei)"."""
    _check(
        Case(
            r"""@online{buurtkracht2018,
  author = {{Stichting Buurtkracht}},
  title  = {Zo werken wij},
  year   = {2018},
  month  = may,
  url    = {https://example.org/zo-werken-wij},
}""",
            "Stichting Buurtkracht. (2018, mei). Zo werken wij. https://example.org/zo-werken-wij",
            "(Stichting Buurtkracht, 2018)",
            "(Stichting Buurtkracht, 2018, p. 80)",
            "Stichting Buurtkracht (2018, p. 80)",
            "(2018)",
        )
    )


def test_a_blog_post_with_year_month_and_day_fields() -> None:
    """APA 7, 10.1 example 17 (blog post): the full date, "(2019, 4 november)"."""
    _check(
        Case(
            r"""@article{vos2019,
  author       = {Vos, Lieke},
  title        = {Tien jaar buurtkamer},
  journaltitle = {Blog van de Buurtkamer},
  entrysubtype = {blog},
  year         = {2019},
  month        = {11},
  day          = {4},
  url          = {https://example.org/tien-jaar},
}""",
            "Vos, L. (2019, 4 november). Tien jaar buurtkamer. Blog van de Buurtkamer. "
            "https://example.org/tien-jaar",
            "(Vos, 2019)",
            "(Vos, 2019, p. 80)",
            "Vos (2019, p. 80)",
            "(2019)",
        )
    )


def test_a_journal_article_and_a_report_keep_the_year_only() -> None:
    """APA 7, 9.14: periodicals such as journals by year only; reports by year."""
    bibliography = Bibliography.from_string(
        "@article{a, author={Vos, Lieke}, title={T}, journal={Tijdschrift}, year={2019}, "
        "month=nov}\n@report{b, author={Vos, Lieke}, title={R}, year={2020}, month=mar, "
        "institution={Buurtkamer}}"
    )
    assert bibliography.format_text("a").startswith("Vos, L. (2019). T.")
    assert bibliography.format_text("b").startswith("Vos, L. (2020). R.")


def test_dated_works_of_one_author_in_one_year_get_letters_after_the_year() -> None:
    """APA 7, 9.47: "(2020a, May 15)", in text "(Kaufman, 2020a)"."""
    bibliography = Bibliography.from_string(
        NEWSPAPER.bibtex
        + "\n@article{jansen2021b, author={Jansen, Piet}, title={Zomerfeest in de wijk}, "
        "journaltitle={Het Avondblad}, date={2021-06-12}, entrysubtype={newspaper}}\n"
    )
    assert bibliography.format_text("jansen2021").startswith(
        "Jansen, P. (2021a, 3 november). Buurthuis"
    )
    assert bibliography.format_text("jansen2021b").startswith("Jansen, P. (2021b, 12 juni).")
    assert bibliography.cite(["jansen2021", "jansen2021b"]).text() == "(Jansen, 2021a, 2021b)"


# -- rule 3: sentence case (APA 7, 6.17, 9.19) -----------------------------------------


@pytest.mark.parametrize(
    ("title", "shown"),
    [
        # Title Case from a reference manager becomes sentence case
        ("Respect in a World of Inequality", "Respect in a world of inequality"),
        ("Buurthuis Opent Weer Zijn Deuren", "Buurthuis opent weer zijn deuren"),
        # a hyphenated word is two words; the subtitle inside the title gets its capital
        (
            "Street-Level Werk: Dilemma's van de Publieke Dienst",
            "Street-level werk: Dilemma's van de publieke dienst",
        ),
        # braces protect, acronyms and inner capitals stay
        (
            "Wonen in {Amsterdam} en {Rotterdam}: Een Vergelijking van Huur en Koop",
            "Wonen in Amsterdam en Rotterdam: Een vergelijking van huur en koop",
        ),
        ("SamenDOEN in de Wijk Werkt met het CBS", "SamenDOEN in de wijk werkt met het CBS"),
        # sentence case written by hand keeps its proper nouns
        ("Informele zorg in Nederland", "Informele zorg in Nederland"),
        ("Wonen in Amsterdam", "Wonen in Amsterdam"),
        # ... and the first word after a colon gets a capital
        (
            "SamenDOEN in de Buurt: een praktijkanalyse",
            "SamenDOEN in de Buurt: Een praktijkanalyse",
        ),
        ("buurtwerk? ja: graag", "Buurtwerk? Ja: Graag"),
    ],
)
def test_titles_are_shown_in_sentence_case(title: str, shown: str) -> None:
    bibliography = Bibliography.from_string(
        f"@book{{a, author={{Vos, Lieke}}, title={{{title}}}, year={{2019}}, publisher={{P}}}}"
    )
    assert bibliography.format_text("a") == f"Vos, L. (2019). {shown}. P."


def test_a_subtitle_field_is_joined_and_the_whole_title_put_in_sentence_case() -> None:
    """APA 7, 6.17: the first word of the subtitle gets a capital."""
    bibliography = Bibliography.from_string(
        "@book{a, author={Vos, Lieke}, title={Street-Level Werk}, "
        "subtitle={Dilemma's van de Publieke Dienst}, year={2019}, publisher={P}}"
    )
    assert bibliography.format_text("a").startswith(
        "Vos, L. (2019). Street-level werk: Dilemma's van de publieke dienst."
    )


def test_chapter_and_book_titles_in_sentence_case_journal_names_keep_their_capitals() -> None:
    """APA 7, 9.19 and 9.25: titles of works in sentence case, periodicals in title case."""
    bibliography = Bibliography.from_string(
        r"""@article{a, author={Vos, Lieke}, title={Werken in de Wijk van Morgen},
journaltitle={Tijdschrift voor Sociale Vraagstukken}, year={2019}, volume={4}, pages={1--9}}
@incollection{b, author={Vos, Lieke}, title={Werken in de Wijk van Morgen},
booktitle={Het Grote Boek over de Wijk}, editor={Kuiper, Rob}, year={2020}, publisher={P}}"""
    )
    assert bibliography.format_text("a") == (
        "Vos, L. (2019). Werken in de wijk van morgen. "
        "Tijdschrift voor Sociale Vraagstukken, 4, 1–9."
    )
    assert bibliography.format_text("b") == (
        "Vos, L. (2020). Werken in de wijk van morgen. In R. Kuiper (Red.), "
        "Het grote boek over de wijk. P."
    )


# -- rule 7: a work without author, named in the sentence (APA 7, 8.14) -----------------

UNTITLED_AUTHOR = r"""@book{modder, title = {Hemelse modder}}
@article{stuk, title = {Een stuk over de wijk}, journaltitle = {Wijkblad}, year = {2020}}
"""


def _html(markdown_text: str) -> str:
    import markdown
    from handreiking.markdown import citations

    bibliography = Bibliography.from_string(UNTITLED_AUTHOR)
    md = markdown.Markdown(extensions=[citations.makeExtension(bibliography=bibliography)])
    return md.convert(markdown_text)


def test_a_title_only_work_named_in_the_sentence_is_cited_by_its_year() -> None:
    """APA 7, 8.14: without author the title takes the author's place, once: in running
    text "*Hemelse modder* (z.d.)", not "*Hemelse modder* (*Hemelse modder*, z.d.)"."""
    html = _html("Zoals beschreven in *Hemelse modder* [@modder].")
    assert html == (
        '<p>Zoals beschreven in <em>Hemelse modder</em> <span class="bronvermelding">'
        '(<a href="#lit-modder">z.d.</a>)</span>.</p>'
    )
    html = _html('Het artikel "Een stuk over de wijk" [@stuk, p. 3] zegt het.')
    assert '(<a href="#lit-stuk">2020</a>, p. 3)' in html


def test_a_title_only_work_in_every_citation_form() -> None:
    """APA 7, 8.14: "(*Hemelse modder*, z.d.)" in parentheses, "*Hemelse modder* (z.d.)"
    in running text; an article's title between quotes."""
    bibliography = Bibliography.from_string(UNTITLED_AUTHOR)
    assert bibliography.format_text("modder") == "Hemelse modder. (z.d.)."
    assert bibliography.cite("modder").text() == "(Hemelse modder, z.d.)"
    assert bibliography.cite("modder", locator="p. 80").text() == "(Hemelse modder, z.d., p. 80)"
    assert bibliography.cite("modder", "narrative").text() == "Hemelse modder (z.d.)"
    assert bibliography.cite("modder", suppress_author=True).text() == "(z.d.)"
    assert (
        bibliography.cite("stuk", "narrative").text() == "\u201cEen stuk over de wijk\u201d (2020)"
    )
    assert _html("Lees @modder.") == (
        '<p>Lees <span class="bronvermelding"><a href="#lit-modder"><em>Hemelse modder</em> '
        "(z.d.)</a></span>.</p>"
    )


def test_a_title_only_work_cited_elsewhere_keeps_its_title() -> None:
    assert "<em>Hemelse modder</em>, z.d." in _html("Een boek [@modder] over modder.")
    assert "<em>Hemelse modder</em>, z.d." in _html("*Modder* [@modder].")


# -- rule 6: group authors with an abbreviation (APA 7, 8.21) -------------------------

GROUP = r"""@report{cbs2022,
  author      = {{Centraal Bureau voor de Statistiek}},
  shortauthor = {CBS},
  title       = {Mantelzorg in de wijk},
  year        = {2022},
  institution = {Centraal Bureau voor de Statistiek},
}
@online{cbs2021,
  author       = {{Centraal Bureau voor de Statistiek}},
  shortauthor  = {CBS},
  title        = {Vrijwilligers in cijfers},
  date         = {2021-06-14},
  url          = {https://cbs.example.nl/vrijwilligers},
}
@book{verhagen2004,
  author    = {Verhagen, Anna},
  title     = {De stille stad},
  year      = {2004},
  publisher = {Uitgeverij Noorderlicht},
}
@report{bureau2020,
  institution = {Landelijk Bureau Buurtzorg},
  shortauthor = {LBB},
  title       = {Buurtzorg in beeld},
  year        = {2020},
}
"""
CBS = "Centraal Bureau voor de Statistiek"


@pytest.mark.parametrize(
    ("form", "first", "later"),
    [
        ({}, f"({CBS} [CBS], 2022)", "(CBS, 2022)"),
        ({"locator": "p. 5"}, f"({CBS} [CBS], 2022, p. 5)", "(CBS, 2022, p. 5)"),
        ({"mode": "narrative"}, f"{CBS} (CBS, 2022)", "CBS (2022)"),
        ({"mode": "narrative", "locator": "p. 5"}, f"{CBS} (CBS, 2022, p. 5)", "CBS (2022, p. 5)"),
        ({"prefix": "zie"}, f"(zie {CBS} [CBS], 2022)", "(zie CBS, 2022)"),
    ],
)
def test_a_group_author_is_abbreviated_after_its_first_citation(
    form: dict[str, str], first: str, later: str
) -> None:
    """APA 7, 8.21: "(National Institute of Mental Health [NIMH], 2020)" at the first
    citation, "(NIMH, 2020)" after it; in running text "National Institute of Mental
    Health (NIMH, 2020)" and then "NIMH (2020)"."""
    bibliography = Bibliography.from_string(GROUP)
    rendered = bibliography.cite("cbs2022", **form)  # type: ignore[arg-type]
    assert rendered.text() == first
    assert rendered.introduces == {CBS}
    again = bibliography.cite("cbs2022", introduced=rendered.introduces, **form)  # type: ignore[arg-type]
    assert again.text() == later
    assert again.introduces == frozenset()


def test_a_group_author_keeps_its_full_name_in_the_list() -> None:
    """APA 7, 8.21 and 9.11: the reference list gives the group's full name, never the
    abbreviation; a report by the group that publishes it leaves out the publisher
    (9.24); a web page gives its full date (9.15)."""
    bibliography = Bibliography.from_string(GROUP)
    assert bibliography.format_text("cbs2022") == f"{CBS}. (2022). Mantelzorg in de wijk."
    assert bibliography.format_text("cbs2021") == (
        f"{CBS}. (2021, 14 juni). Vrijwilligers in cijfers. https://cbs.example.nl/vrijwilligers"
    )
    assert bibliography.format_text("bureau2020") == (
        "Landelijk Bureau Buurtzorg. (2020). Buurtzorg in beeld."
    )


def test_the_year_only_form_does_not_introduce_the_abbreviation() -> None:
    """APA 7, 8.21: the abbreviation is introduced where the group is first named; "(2022)"
    after the name in the sentence names nobody, so the next citation introduces it."""
    bibliography = Bibliography.from_string(GROUP)
    year_only = bibliography.cite("cbs2022", suppress_author=True)
    assert year_only.text() == "(2022)"
    assert year_only.introduces == frozenset()


def test_several_works_in_one_citation_introduce_the_group_once() -> None:
    """APA 7, 8.12 and 8.21: works of one group in one bracket name it once, "(CBS, 2021,
    2022)"; the abbreviation belongs to the group, so a later citation of its other work
    uses it too. A group author taken from ``institution`` is abbreviated as well."""
    bibliography = Bibliography.from_string(GROUP)
    first = bibliography.cite(["verhagen2004", "cbs2022", "cbs2021", "bureau2020"])
    assert first.text() == (
        f"({CBS} [CBS], 2021, 2022; Landelijk Bureau Buurtzorg [LBB], 2020; Verhagen, 2004)"
    )
    assert first.introduces == {CBS, "Landelijk Bureau Buurtzorg"}
    later = bibliography.cite(["cbs2021", "verhagen2004"], introduced=first.introduces)
    assert later.text() == "(CBS, 2021; Verhagen, 2004)"
    assert bibliography.cite("bureau2020", "narrative", introduced=first.introduces).text() == (
        "LBB (2020)"
    )


def test_a_person_is_never_abbreviated() -> None:
    """APA 7, 8.21 abbreviates group authors only."""
    bibliography = Bibliography.from_string(
        r"@book{vries, author = {de Vries, Marieke}, shortauthor = {MdV}, title = {Wijk},"
        r" year = {2019}, publisher = {Uitgeverij Noorderlicht}}"
    )
    assert bibliography.cite("vries").text() == "(De Vries, 2019)"
    assert bibliography.cite("vries", "narrative").text() == "De Vries (2019)"


def _group_html(markdown_text: str) -> str:
    import markdown
    from handreiking.markdown import citations

    bibliography = Bibliography.from_string(GROUP)
    md = markdown.Markdown(extensions=[citations.makeExtension(bibliography=bibliography)])
    return md.convert(markdown_text)


def _visible(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html)


def test_on_a_page_the_first_citation_in_page_order_introduces_the_abbreviation() -> None:
    """APA 7, 8.21, with the web page as the document: each page is read on its own.
    The bracketed citation later in the paragraph is converted before the narrative one
    before it; the page's order counts."""
    from handreiking.markdown.citations import INTRODUCTION_CLASS

    html = _group_html(
        "Volgens @cbs2022 [p. 4] zorgt een op de vijf [@cbs2021].\n\nOok [@cbs2022]."
    )
    intro = (
        f'<span class="{INTRODUCTION_CLASS}" data-afkorting="{CBS}" data-kort="CBS (">'
        f"{CBS} (CBS, </span>"
    )
    assert html == (
        f'<p>Volgens <span class="bronvermelding"><a href="#lit-cbs2022">{intro}2022, p. 4)'
        '</a></span> zorgt een op de vijf <span class="bronvermelding">(<a href="#lit-cbs2021">'
        'CBS, 2021</a>)</span>.</p>\n<p>Ook <span class="bronvermelding">(<a href="#lit-cbs2022">'
        "CBS, 2022</a>)</span>.</p>"
    )
    # another page introduces it again
    assert _visible(_group_html("Zie [@cbs2022].")) == f"Zie ({CBS} [CBS], 2022)."


def test_in_a_book_only_the_first_chapter_introduces_the_abbreviation() -> None:
    """APA 7, 8.21 per paper: the PDF's chapters are one book, so a later chapter uses
    the abbreviation its first citation would have introduced on the web page."""
    from handreiking.markdown.citations import introduce_once

    first = _group_html("Eerst [@verhagen2004].")
    second = _group_html("Dan @cbs2022 en [@cbs2021; @bureau2020].")
    third = _group_html("Nog eens [@cbs2022] en @bureau2020.")
    assert (
        _visible(third)
        == f"Nog eens ({CBS} [CBS], 2022) en Landelijk Bureau Buurtzorg (LBB, 2020)."
    )
    book = introduce_once([first, second, third])
    assert book[:2] == [first, second]
    assert _visible(second) == (
        f"Dan {CBS} (CBS, 2022) en (CBS, 2021; Landelijk Bureau Buurtzorg [LBB], 2020)."
    )
    assert book[2] == (
        '<p>Nog eens <span class="bronvermelding">(<a href="#lit-cbs2022">CBS, 2022</a>)'
        '</span> en <span class="bronvermelding"><a href="#lit-bureau2020">LBB (2020)</a>'
        "</span>.</p>"
    )
