"""The tables of ``/themas/``: the block builds exactly what the Markdown table made.

``/// _themavergelijking`` (markdown/themetables.py) builds each theme's table from its
cells' entries (JSON in the block) without parsing their links as Markdown. These tests convert the
same tables written out as Markdown (as the page was before) and through the block, on a
real Markdown instance with the site's extensions and ours, and compare the HTML, for
entries holding everything an inline pattern could start at.
"""

from __future__ import annotations

import markdown
import pytest
from conftest import Built, build, copy_site
from handreiking.markdown import blocks, safehtml, tables
from handreiking.markdown.context import PageContext
from handreiking.markdown.themetables import (
    NAME,
    Entry,
    builds_cells,
    cell_markdown,
    table_markdown,
)
from handreiking.text import markdown_text

SITE_EXTENSIONS = ["attr_list", "md_in_html", "tables", "footnotes", "toc", "admonition"]

#: titles as co-authors write them, each with something Markdown reads
TITLES = [
    "Vertrouwen winnen",
    "Tom & Jerry",
    "Een &amp; al",
    "a < b > c",
    "Mail naar info@example.org",
    "*Niet* vet of __onderstreept__",
    "Pijp | streep",
    "Schuin \\ streep",
    "[Haken] en (haakjes)",
    "1. Begin",
    "#hashtag en +plus-min!",
    "Eind {: .klasse}",
    "`code` en ~tilde~ en ^dakje^",
    "Café — \u2018aanhalingstekens\u2019 en \u201cmeer\u201d",
    "Twee  spaties",
]


def _cell(title: str) -> str:
    # as outputs/theme_comparison.py writes a title into a cell
    return markdown_text(title).replace("|", "\\|")


def _tables() -> dict[str, list[list[list[Entry]]]]:
    header: list[list[Entry]] = [[(name, None)] for name in ("Editie", "Hoofdstukken", "Citaten")]
    rows: list[list[list[Entry]]] = [header]
    for index, title in enumerate(TITLES):
        rows.append(
            [
                [(_cell(f"Editie {index}"), f"editie-{index}/index.md")],
                # a link, and a plain entry (a quote of an edition in preparation)
                [(_cell(title), f"editie-{index}/hoofdstuk.md"), (_cell(title), None)],
                [(f"{_cell(title)} ({_cell('vrijwilliger')})", "citaten.md#q-1")],
            ]
        )
    rows.append([[("—", None)], [(" spatie voor", None)], [("alle 5 citaten", "c.md#thema-x")]])
    return {"proef": rows, "leeg": [header]}


def _markdown_table(rows: list[list[list[Entry]]]) -> str:
    header, *body = rows
    lines = ["| " + " | ".join(cell_markdown(c) for c in header) + " |"]
    lines.append("|" + "---|" * len(header))
    lines += ["| " + " | ".join(cell_markdown(c) for c in row) + " |" for row in body]
    return "\n".join(lines)


def _convert(text: str, extra: list[str] | None = None) -> tuple[str, bool]:
    context = PageContext()
    context.src_uri = "themas.md"
    md = markdown.Markdown(
        extensions=[
            *SITE_EXTENSIONS,
            *(extra or []),
            blocks.makeExtension(context=context),
            tables.makeExtension(context=context, card_pages=("themas.md",)),
            safehtml.makeExtension(context=context),
        ]
    )
    return md.convert(text), builds_cells(md)


@pytest.mark.parametrize("slug", ["proef", "leeg"])
@pytest.mark.parametrize("extra", [[], ["smarty"]], ids=["site", "another-extension"])
def test_the_block_builds_the_markdown_table(slug: str, extra: list[str]) -> None:
    given = _tables()

    def page(body: str) -> str:
        return f"# Thema's\n\n## Proef\n\n{body}\n\nNa de tabel.\n"

    expected, _ = _convert(page(_markdown_table(given[slug])), extra)
    built, fast = _convert(page(table_markdown(given[slug])), extra)
    assert built == expected
    # with the site's extensions the cells are built; with another, parsed as Markdown
    assert fast is (not extra)
    assert "<table" in built


@pytest.mark.parametrize("content", ["", "geen json", "[]", '[[["a", 1]]]', '[[[["a"]]]]'])
def test_a_block_without_a_table_is_empty(content: str) -> None:
    built, _ = _convert(f"/// {NAME}\n{content}\n///\n")
    assert built == "<div></div>"


# -- the page in a build ---------------------------------------------------------------


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Built:
    built = build(copy_site("gegenereerd", tmp_path_factory.mktemp("themas")))
    assert built.returncode == 0, built.stderr
    return built


def test_themas_has_a_table_per_theme_with_its_links(site: Built) -> None:
    html = site.page("themas/")
    assert NAME not in html
    assert html.count("<table") == html.count("<h2 id=") >= 1
    assert 'href="../noord/' in html
