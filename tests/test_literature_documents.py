"""Year letters and initials per document: each reference list is its own document.

APA 7, 8.19 and 9.47: letters (2014a, 2014b) tell apart works of the same authors and
year *in one reference list*; 8.20: initials tell apart first authors with the same
surname *in one reference list*. An edition's literature page (and its PDF) is one list,
and the citations in its chapters follow it; the combined ``/literatuur/`` is another,
and the pages of the whole guide (the start page, theory boxes) follow that one. All
works are invented.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import Built, build, copy_site

WORKS = r"""
@book{bos2014aap,
  author = {Bos, Jan},
  title = {Aap en de wijk},
  year = {2014},
  publisher = {Uitgeverij Noorderlicht},
}

@book{bos2014noot,
  author = {Bos, Jan},
  title = {Noot en de wijk},
  year = {2014},
  publisher = {Uitgeverij Noorderlicht},
}

@book{devries2018,
  author = {De Vries, Marieke},
  title = {Buren helpen buren},
  year = {2018},
  publisher = {Uitgeverij Noorderlicht},
}

@article{devries2021,
  author = {De Vries, Karin and Smit, Els and Bos, Jan},
  title = {Vrijwilligers in de wijk},
  journaltitle = {Tijdschrift voor de Wijk},
  year = {2021},
  volume = {3},
  pages = {1--9},
}
"""


def _plain(html: str) -> str:
    """The page without the references shown in place beside each citation (a reader
    sees them on hover), so the citations read as they are written."""
    html = re.sub(r'<span class="bron-uitleg[^"]*"[^>]*>.*?</span>', "", html)
    return re.sub(r' aria-describedby="bron-\d+"', "", html)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Built:
    project = copy_site("basis", tmp_path_factory.mktemp("documenten"))
    with (project / "bibliography.bib").open("a", encoding="utf-8") as bib:
        bib.write(WORKS)
    chapter = project / "docs" / "noord" / "samen.md"
    chapter.write_text(
        chapter.read_text(encoding="utf-8")
        + "\nOver de wijk [@bos2014noot]; zo ook @bos2014noot [p. 4] en [-@bos2014noot].\n"
        "\nBuren [@devries2018; @devries2021, p. 3], en @devries2018.\n",
        encoding="utf-8",
    )
    start = project / "docs" / "index.md"
    start.write_text(
        start.read_text(encoding="utf-8") + "\nZie [@bos2014aap; @bos2014noot].\n",
        encoding="utf-8",
    )
    result = build(project)
    assert result.returncode == 0, result.stderr
    return result


def test_an_edition_that_lists_one_work_of_the_year_gives_no_letter(site: Built) -> None:
    chapter = _plain(site.page("noord/samen/"))
    assert '(<a href="../literatuur/#lit-bos2014noot">Bos, 2014</a>)' in chapter
    assert '<a href="../literatuur/#lit-bos2014noot">Bos (2014, p. 4)</a>' in chapter
    assert '(<a href="../literatuur/#lit-bos2014noot">2014</a>)' in chapter
    assert "2014b" not in chapter
    literature = _plain(site.page("noord/literatuur/"))
    assert "Bos, J. (2014). <em>Noot en de wijk</em>. Uitgeverij Noorderlicht." in literature
    assert "2014b" not in literature


def test_the_combined_list_and_the_pages_of_the_whole_guide_letter_both(site: Built) -> None:
    combined = _plain(site.page("literatuur/"))
    assert "Bos, J. (2014a). <em>Aap en de wijk</em>." in combined
    assert "Bos, J. (2014b). <em>Noot en de wijk</em>." in combined
    start = _plain(site.page(""))
    assert '<a href="literatuur/#lit-bos2014aap">Bos, 2014a</a>' in start
    assert '<a href="literatuur/#lit-bos2014noot">2014b</a>)' in start


def test_first_authors_with_the_same_surname_are_cited_with_initials(site: Built) -> None:
    """APA 7, 8.20: "(M. de Vries, 2018; K. de Vries et al., 2021)", in list order."""
    chapter = _plain(site.page("noord/samen/"))
    assert (
        '(<a href="../literatuur/#lit-devries2021">K. de Vries et al., 2021</a>, p. 3; '
        '<a href="../literatuur/#lit-devries2018">M. de Vries, 2018</a>)'
    ) in chapter
    assert '<a href="../literatuur/#lit-devries2018">M. de Vries (2018)</a>' in chapter
    # the list itself gives every name as always
    literature = _plain(site.page("noord/literatuur/"))
    assert "De Vries, M. (2018). <em>Buren helpen buren</em>." in literature


def test_the_scan_before_the_build_finds_what_the_pages_cite(tmp_path: Path) -> None:
    """The works of a document are read before its pages are converted (a citation needs
    its letter before the list exists); they are what the converted pages cite."""
    from handreiking.content.literature.cite import scan_cited_keys

    text = (
        "Zie [@a; zie ook @b, p. 3] en [-@c] en @d [p. 4]. Mail jan@example.nl, \\@e.\n"
        "`[@f]` en\n\n```\n[@g]\n```\n"
    )
    assert scan_cited_keys(text) == ["a", "b", "c", "d"]
    # a fence of tildes is code too, and a page without code has all of it read
    assert scan_cited_keys("Zie @a.\n\n~~~\n[@g]\n~~~\n") == ["a"]
    assert scan_cited_keys("Zie @a, @b~~en~~ [-@c].\n") == ["a", "b", "c"]


GROUP = r"""
@report{kvz2022,
  author = {{Kenniscentrum Voorbeeld Zorg}},
  shortauthor = {KVZ},
  title = {Mantelzorg in de wijk},
  year = {2022},
  institution = {Kenniscentrum Voorbeeld Zorg},
}
"""


def test_a_group_abbreviation_is_introduced_per_page_and_once_in_the_book(
    tmp_path: Path,
) -> None:
    """APA 7, 8.21: the abbreviation is introduced at the first citation of a document
    and used after it. On the site each page is a document (a reader may open any page
    first); the PDF is one book, so only its first chapter that cites the group
    introduces it. The list keeps the full name."""
    from conftest import run_cli
    from pypdf import PdfReader

    project = copy_site("pdf", tmp_path)
    with (project / "bibliography.bib").open("a", encoding="utf-8") as bib:
        bib.write(GROUP)
    for name, text in (
        ("samen", "Eerst [@kvz2022] en dan @kvz2022."),
        ("bijlage", "Ook [@kvz2022]."),
    ):
        chapter = project / "docs" / "noord" / f"{name}.md"
        chapter.write_text(chapter.read_text(encoding="utf-8") + f"\n{text}\n", encoding="utf-8")
    ran = run_cli("build", "-d", str(project / "site"), cwd=project)
    assert ran.returncode == 0, ran.stderr
    built = Built(ran.returncode, ran.stdout, ran.stderr, project / "site")
    for page in ("noord/samen/", "noord/bijlage/"):
        assert "Kenniscentrum Voorbeeld Zorg [KVZ]</span>, 2022</a>)" in _plain(built.page(page))
    assert ">KVZ (2022)</a>" in _plain(built.page("noord/samen/"))
    assert "Kenniscentrum Voorbeeld Zorg. (2022)." in _plain(built.page("noord/literatuur/"))
    pdf = PdfReader(project / "site" / "noord" / "handreiking-noord.pdf")
    text = " ".join(" ".join(page.extract_text() for page in pdf.pages).split())
    assert text.count("Kenniscentrum Voorbeeld Zorg [KVZ], 2022") == 1
    assert "Ook (KVZ, 2022)" in text
