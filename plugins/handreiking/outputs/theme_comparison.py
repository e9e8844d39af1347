"""The comparison page ``/themas/``: per theme, what each edition has on it.

A theme is a word in the ``thema`` list of a chapter's front matter or of a quote.
Per theme the page has a table with one row per edition that treats it, and its
chapters, the theory boxes those chapters place on the theme, and its quotes side
by side. Themes are compared by their slug, so ``Eigen kracht`` and
``eigen kracht`` are one theme.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from handreiking.content.quotes import Quote, opening, theme_anchor
from handreiking.markdown.themetables import Entry, table_markdown
from handreiking.text import markdown_text, theme_label, theme_slug

if TYPE_CHECKING:
    from handreiking.content.editions import Edition
    from handreiking.content.view import PublicationView

#: Where the page lives inside ``docs/``.
THEMES_SRC_URI = "themas.md"
TITLE = "Thema's in de edities"
#: Quotes shown per edition and theme; the rest is one link away, on the edition's overview.
QUOTES_SHOWN = 3
_OPENING_WORDS = 12


@dataclass
class EditionOnTheme:
    """What one edition has on one theme."""

    edition: Edition
    chapters: list[tuple[str, str]] = field(default_factory=list)  # (title, src_uri)
    boxes: list[tuple[str, str]] = field(default_factory=list)  # (title, src_uri)
    quotes: list[Quote] = field(default_factory=list)


@dataclass
class Theme:
    """One theme and the editions that treat it, in edition order."""

    label: str
    slug: str
    editions: list[EditionOnTheme] = field(default_factory=list)


@lru_cache(maxsize=4096)
def _link(src_uri: str) -> str:
    href = posixpath.relpath(src_uri, posixpath.dirname(THEMES_SRC_URI) or ".")
    return href.replace(" ", "%20").replace("(", "%28").replace(")", "%29")


@lru_cache(maxsize=4096)
def _cell_text(text: str) -> str:
    """Plain text as Markdown inside a table cell (the same titles, names and roles
    in many cells, made again after every edit in the preview: kept)."""
    return markdown_text(text).replace("|", "\\|")


def themes(publication: PublicationView) -> list[Theme]:
    """Every theme an edition of this build treats, sorted by name."""
    labels: dict[str, str] = {}
    found: dict[str, dict[str, EditionOnTheme]] = {}

    def entry(slug: str, label: str, edition: Edition) -> EditionOnTheme:
        labels.setdefault(slug, label)
        per_edition = found.setdefault(slug, {})
        return per_edition.setdefault(edition.id, EditionOnTheme(edition))

    box_slugs: dict[str, set[str]] = {}
    published = {e.id for e in publication.published_editions}
    for edition in publication.selected:
        for page in publication.chapters(edition.id):
            for theme in dict.fromkeys(page.thema):
                slug = theme_slug(theme)
                on = entry(slug, theme, edition)
                on.chapters.append((page.title, page.src_uri))
                for box_id in page.bouwstenen:
                    box = publication.bouwstenen.get(box_id)
                    if box is None:
                        continue
                    slugs = box_slugs.get(box_id)
                    if slugs is None:
                        slugs = box_slugs[box_id] = {theme_slug(t) for t in box.thema}
                    if slug not in slugs:
                        continue
                    if (box.titel, box.src_uri) not in on.boxes:
                        on.boxes.append((box.titel, box.src_uri))
        if edition.id not in published:
            continue  # quotes of an edition in preparation are not published yet
        for quote in publication.quotes.published(edition.id):
            for theme in dict.fromkeys(quote.thema):
                entry(theme_slug(theme), theme, edition).quotes.append(quote)
    order = {e.id: index for index, e in enumerate(publication.selected)}
    result = [
        Theme(
            theme_label(labels[slug]),
            slug,
            sorted(per_edition.values(), key=lambda on: order[on.edition.id]),
        )
        for slug, per_edition in found.items()
    ]
    return sorted(result, key=lambda theme: theme.slug)


#: The columns of each theme's table.
COLUMNS = ("Editie", "Hoofdstukken", "Bouwstenen", "Citaten")
#: What a cell shows when the edition has nothing of its kind on the theme.
NOTHING = "—"


def _quotes_cell(on: EditionOnTheme, slug: str) -> list[Entry]:
    if not on.quotes:
        return [(NOTHING, None)]
    overview = on.edition.quotes_src_uri
    items: list[Entry] = []
    for quote in on.quotes[:QUOTES_SHOWN]:
        words = opening(quote.tekst, _OPENING_WORDS)
        text = f"{_cell_text(words)} ({_cell_text(quote.role_label.lower())})"
        items.append((text, f"{_link(overview)}#{quote.id}" if on.edition.published else None))
    if len(on.quotes) > QUOTES_SHOWN and on.edition.published:
        anchor = theme_anchor(slug)
        items.append(
            (f"alle {len(on.quotes)} citaten over dit thema", f"{_link(overview)}#{anchor}")
        )
    return items


def _links_cell(links: list[tuple[str, str]]) -> list[Entry]:
    if not links:
        return [(NOTHING, None)]
    return [(_cell_text(title), _link(src_uri)) for title, src_uri in links]


def theme_table(theme: Theme) -> list[list[list[Entry]]]:
    """The table of one theme: the row of column names, then one row per edition that
    treats it, each a list of cells, each a list of entries (text and link, as Markdown).

    The page places it with ``markdown/themetables.py``'s block, which builds the table
    a Markdown table of these cells made, without parsing its thousands of links (in a
    large guide) as Markdown again on every conversion."""
    rows: list[list[list[Entry]]] = [[[(column, None)] for column in COLUMNS]]
    for on in theme.editions:
        name: Entry = (_cell_text(on.edition.name), _link(on.edition.start_src_uri))
        rows.append(
            [[name], _links_cell(on.chapters), _links_cell(on.boxes), _quotes_cell(on, theme.slug)]
        )
    return rows


def themes_markdown(publication: PublicationView) -> str:
    """The Markdown of ``/themas/``: per theme a heading and its table (:func:`theme_table`)."""
    out = [
        f"# {TITLE}",
        "",
        "Per thema: welke edities het behandelen, met hun hoofdstukken, de bouwstenen die "
        "die hoofdstukken erbij plaatsen en de citaten van deelnemers, naast elkaar.",
        "",
    ]
    found = themes(publication)
    present = {on.edition.id for theme in found for on in theme.editions}
    waiting = [e.name for e in publication.selected if not e.published and e.id not in present]
    if waiting:
        which = ", ".join(waiting)
        out += [f"De edities in voorbereiding ({_cell_text(which)}) staan hier nog niet bij.", ""]
    if not found:
        out += ["Er zijn nog geen hoofdstukken of citaten met een thema.", ""]
    for theme in found:
        out += [f"## {_cell_text(theme.label)}", "", table_markdown(theme_table(theme)), ""]
    return "\n".join(out)
