"""In-text referencing, and the ``apa-nl`` label and sorting styles: exact output."""

from __future__ import annotations

import importlib
import importlib.metadata
import tomllib
from pathlib import Path

import pytest
from handreiking.content.literature.fields import EntryFields
from handreiking.content.literature.referencing import (
    ApaNlLabelStyle,
    citation_names,
    format_year,
    label,
    letters,
    year_suffixes,
)
from handreiking.content.literature.sorting import ApaNlSortingStyle, title_sort_text
from handreiking.content.literature.style import ApaNlStyle, render_html, render_text
from pybtex.database import BibliographyData, Entry, Person, parse_string
from pybtex.plugin import find_plugin
from pybtex.style.formatting import BaseStyle
from pybtex.style.labels import BaseLabelStyle
from pybtex.style.sorting import BaseSortingStyle

ROOT = Path(__file__).parents[1]

BIB = r"""
@book{sennett2003, author = {Sennett, Richard}, title = {Respect}, year = {2003}}
@book{sennett2008, author = {Sennett, Richard}, title = {The craftsman}, year = {2008}}
@report{deboer2013, author = {de Boer, Alice and de Klerk, Mirjam},
  title = {Informele zorg}, year = {2013}}
@report{deboer2013b, author = {De Boer, Alice and De Klerk, Mirjam},
  title = {De andere bron}, year = {2013}}
@article{tonkens2013, author = {Tonkens, E. and Grootegoed, E. and Duyvendak, J. W.},
  title = {Introduction}, year = {2013}}
@article{others2020, author = {Aksin, A. and others}, title = {Veel auteurs}, year = {2020}}
@online{rmo2013, organization = {{Raad voor Maatschappelijke Ontwikkeling}},
  title = {Terugtreden is vooruitzien}, year = {2013}}
@book{anoniem, title = {Een boek zonder auteur}, year = {in druk}}
@incollection{deel, title = {Een hoofdstuk zonder auteur}, shorttitle = {Hoofdstuk}}
@book{undated, author = {Sennett, Richard}, title = {Zonder jaar}}
@book{undated2, author = {Sennett, Richard}, title = {Ook zonder jaar}}
"""


@pytest.fixture(scope="module")
def data() -> BibliographyData:
    return parse_string(BIB, "bibtex")


def fields(data: BibliographyData, key: str) -> EntryFields:
    return EntryFields(data.entries[key], data)


# -- names ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "parenthetical", "narrative"),
    [
        ("sennett2003", "Sennett", "Sennett"),
        ("deboer2013", "De Boer & De Klerk", "De Boer en De Klerk"),
        ("tonkens2013", "Tonkens et al.", "Tonkens et al."),
        ("others2020", "Aksin et al.", "Aksin et al."),
        (
            "rmo2013",
            "Raad voor Maatschappelijke Ontwikkeling",
            "Raad voor Maatschappelijke Ontwikkeling",
        ),
    ],
)
def test_citation_names(
    data: BibliographyData, key: str, parenthetical: str, narrative: str
) -> None:
    assert render_text(citation_names(fields(data, key))) == parenthetical
    assert render_text(citation_names(fields(data, key), narrative=True)) == narrative


def test_a_work_without_author_is_named_by_its_title(data: BibliographyData) -> None:
    assert render_html(citation_names(fields(data, "anoniem"))) == (
        "<em>Een boek zonder auteur</em>"
    )
    assert render_html(citation_names(fields(data, "deel"))) == "\u201cHoofdstuk\u201d"


# -- years and letters ------------------------------------------------------------------


def test_letters() -> None:
    assert [letters(i) for i in (0, 1, 25, 26, 27, 701, 702)] == [
        "a", "b", "z", "aa", "ab", "zz", "aaa"
    ]  # fmt: skip


def test_format_year(data: BibliographyData) -> None:
    assert format_year(fields(data, "sennett2003")) == "2003"
    assert format_year(fields(data, "sennett2003"), "b") == "2003b"
    assert format_year(fields(data, "undated")) == "z.d."
    assert format_year(fields(data, "undated"), "a") == "z.d.-a"
    assert format_year(fields(data, "anoniem"), "a") == "in druk-a"


def test_year_suffixes_letter_the_same_names_in_the_same_year_by_title(
    data: BibliographyData,
) -> None:
    everything = [fields(data, key) for key in data.entries]
    # "De andere bron" sorts under "andere": before "Informele zorg".
    assert year_suffixes(everything) == {
        "deboer2013b": "a",
        "deboer2013": "b",
        "undated2": "a",
        "undated": "b",
    }


def test_label(data: BibliographyData) -> None:
    assert label(fields(data, "deboer2013"), "b") == "De Boer & De Klerk, 2013b"
    assert label(fields(data, "anoniem")) == "Een boek zonder auteur, in druk"


# -- the label style --------------------------------------------------------------------


def test_label_style_letters_among_the_entries_it_labels(data: BibliographyData) -> None:
    keys = ["deboer2013", "deboer2013b", "sennett2003"]
    entries = [fields(data, key) for key in keys]
    assert list(ApaNlLabelStyle().format_labels(entries)) == [
        "De Boer & De Klerk, 2013b",
        "De Boer & De Klerk, 2013a",
        "Sennett, 2003",
    ]
    # Plain pybtex entries work too; a single work has no letter.
    plain = [data.entries["deboer2013"], data.entries["sennett2008"]]
    assert list(ApaNlLabelStyle().format_labels(plain)) == [
        "De Boer & De Klerk, 2013",
        "Sennett, 2008",
    ]


# -- the sorting style ------------------------------------------------------------------


def test_sorting_style_puts_works_in_apa_order(data: BibliographyData) -> None:
    ordered = ApaNlSortingStyle().sort(list(data.entries.values()))
    assert [entry.key for entry in ordered] == [
        "others2020",  # Aksin
        "anoniem",  # no author: under its title without "Een", "boek"
        "deboer2013b",  # De Boer under D; "andere" before "informele"
        "deboer2013",
        "deel",  # "hoofdstuk"
        "rmo2013",  # the organisation of a web page is its author
        "undated2",  # Sennett: no date first, then by title
        "undated",
        "sennett2003",
        "sennett2008",
        "tonkens2013",
    ]


def test_sorting_key(data: BibliographyData) -> None:
    assert ApaNlSortingStyle().sorting_key(fields(data, "deboer2013")) == (
        (("de boer", "a"), ("de klerk", "m")),
        (1, 2013),
        "informele zorg",
        "deboer2013",
    )
    assert ApaNlSortingStyle().sorting_key(data.entries["anoniem"]) == (
        (("boek zonder auteur", ""),),
        (2, 0),
        "boek zonder auteur",
        "anoniem",
    )


def test_title_sort_text() -> None:
    assert title_sort_text("De Boer") == "boer"
    assert title_sort_text("'t Hooi") == "hooi"
    assert title_sort_text("Éen-tweedrie") == "eentweedrie"


# -- the plugins, and how the style uses them -------------------------------------------


def test_the_style_uses_the_label_and_sorting_styles_by_default() -> None:
    style = ApaNlStyle()
    assert type(style.label_style) is ApaNlLabelStyle
    assert type(style.sorting_style) is ApaNlSortingStyle


def test_the_style_formats_with_other_pybtex_label_styles(data: BibliographyData) -> None:
    style = ApaNlStyle(label_style="number")
    formatted = list(style.format_entries([data.entries["sennett2008"], data.entries["rmo2013"]]))
    assert [(entry.key, entry.label) for entry in formatted] == [
        ("rmo2013", "1"),
        ("sennett2008", "2"),
    ]


def _entry_points() -> dict[str, dict[str, str]]:
    with (ROOT / "pyproject.toml").open("rb") as file:
        project = tomllib.load(file)["project"]
    return project["entry-points"]


EXPECTED = {
    "pybtex.style.formatting": BaseStyle,
    "pybtex.style.labels": BaseLabelStyle,
    "pybtex.style.sorting": BaseSortingStyle,
}


@pytest.mark.parametrize("group", sorted(EXPECTED))
def test_pyproject_registers_apa_nl_as_an_importable_plugin(group: str) -> None:
    target = _entry_points()[group]["apa-nl"]
    module, _, name = target.partition(":")
    found = getattr(importlib.import_module(module), name)
    assert issubclass(found, EXPECTED[group])


@pytest.mark.parametrize("group", sorted(EXPECTED))
def test_pybtex_finds_apa_nl_by_name(group: str) -> None:
    installed = {
        (point.group, point.name)
        for point in importlib.metadata.distribution("handreiking").entry_points
    }
    if (group, "apa-nl") not in installed:
        pytest.skip(f"the installed package predates {group} in pyproject.toml: reinstall it")
    target = _entry_points()[group]["apa-nl"]
    module, _, name = target.partition(":")
    assert find_plugin(group, "apa-nl") is getattr(importlib.import_module(module), name)


def test_a_page_entry_needs_no_bib_data() -> None:
    entry = Entry("book", fields={"title": "{Boek}", "year": "2016"})
    entry.persons["author"] = [Person("{Vrijwilligersacademie}")]
    assert ApaNlSortingStyle().sorting_key(entry)[0] == (("vrijwilligersacademie", ""),)
