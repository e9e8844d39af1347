"""The site's navigation: made from the sources, or as ``mkdocs.yml`` gives it.

Without ``nav`` in ``mkdocs.yml`` (our own site), the navigation is made from the
reading order the sources declare (:mod:`handreiking.content.order`): the landing
page, each edition (its start page, its chapters in the order of ``hoofdstukken``,
its overviews), the theory boxes, the pages of the whole guide, then every other
page of ``docs/`` by its path, a folder with its own ``index.md`` as one section
(:func:`source_nav`).

A site that still lists its chapters in ``nav`` keeps it; the pages the plugin makes (an edition's
quote overview and literature list once it is published, the theme comparison, all
quotes, all literature, the index of the theory boxes) are added where they belong
when ``nav`` does not list them, so publishing an edition needs no edit of
``mkdocs.yml``. Entries that ``nav`` already has are left alone; entries for the
overviews of an edition in preparation, which this build does not make, are dropped.

Plain functions on the ``nav`` value of MkDocs' config (a list of strings and
one-key mappings ``{title: src_uri or list}``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from handreiking.content.bouwstenen import BOUWSTENEN_DIR
from handreiking.content.editions import (
    ALL_CHANGES_SRC_URI,
    ALL_KAART_SRC_URI,
    ALL_LITERATURE_SRC_URI,
    ALL_QUOTES_SRC_URI,
    CHANGES_PAGE,
    LITERATURE_PAGE,
    QUOTES_PAGE,
    WORKSHEET_SRC_URI,
)
from handreiking.content.order import GeneratedNav, ReadingOrder, reading_order
from handreiking.outputs.theme_comparison import THEMES_SRC_URI
from handreiking.text import strings_in

if TYPE_CHECKING:
    from handreiking.content.view import PublicationView

#: The title of the landing page in the navigation.
START_TITLE = "Start"
#: The title of the theory boxes' section.
BOXES_TITLE = "Bouwstenen"

#: The pages of the whole guide, with the title they get in the navigation.
GUIDE_PAGES = (
    (f"{BOUWSTENEN_DIR}/index.md", "Bouwstenen"),
    (THEMES_SRC_URI, "Thema's"),
    (ALL_QUOTES_SRC_URI, "Alle citaten"),
    (ALL_LITERATURE_SRC_URI, "Alle literatuur"),
    (ALL_CHANGES_SRC_URI, "Wijzigingen"),
)


def nav_pages(nav: Any) -> Iterator[str]:
    """Every ``src_uri`` in ``nav``, in reading order (external links too)."""
    return strings_in(nav)


def _section_with(nav: list[Any], wanted: Any) -> list[Any] | None:
    """The innermost list in ``nav`` that holds a page for which ``wanted(src_uri)``."""
    for item in nav:
        value = next(iter(item.values()), None) if isinstance(item, dict) else None
        if isinstance(value, list):
            found = _section_with(value, wanted)
            if found is not None:
                return found
        elif (isinstance(item, str) and wanted(item)) or (isinstance(value, str) and wanted(value)):
            return nav
    return None


def _without(nav: list[Any], dropped: set[str]) -> list[Any]:
    out: list[Any] = []
    for item in nav:
        if isinstance(item, str):
            if item not in dropped:
                out.append(item)
        elif isinstance(item, dict) and len(item) == 1:
            title, value = next(iter(item.items()))
            if isinstance(value, list):
                kept = _without(value, dropped)
                if kept:
                    out.append({title: kept})
            elif value not in dropped:
                out.append(item)
        else:
            out.append(item)
    return out


def complete_nav(nav: Any, publication: PublicationView) -> Any:
    """``nav`` with every generated page of this build in it, each once.

    An edition's overviews go into the section that holds its start page (else into
    the one that holds any page of the edition, else into a new section named after
    the edition); the index of the theory boxes goes first into the section of the
    boxes; the other pages of the whole guide go at the end. ``None`` (MkDocs makes
    the navigation itself) stays ``None``.
    """
    if not isinstance(nav, list):
        return nav
    published = {e.id for e in publication.published_editions}
    # the overviews of an edition in preparation are not made in this build
    dropped = {
        f"{e.id}/{name}"
        for e in publication.editions
        if e.id not in published
        for name in (QUOTES_PAGE, LITERATURE_PAGE, CHANGES_PAGE)
    }
    with_kaart = {e.id for e in publication.kaart_editions}
    dropped |= {e.kaart_src_uri for e in publication.editions if e.id not in with_kaart}
    if not with_kaart:
        dropped.add(ALL_KAART_SRC_URI)
    nav = _without(nav, dropped)
    listed = set(nav_pages(nav))
    for edition in publication.published_editions:
        missing = [
            page
            for page in (
                edition.quotes_src_uri,
                edition.literature_src_uri,
                edition.changes_src_uri,
            )
            if page not in listed
        ]
        if not missing:
            continue
        section = _section_with(nav, lambda uri, e=edition: uri == e.start_src_uri)
        if section is None:
            section = _section_with(nav, lambda uri, e=edition: uri.startswith(f"{e.id}/"))
        if section is None:
            section = []
            nav.append({edition.name: section})
        section.extend(missing)
    # The tools the guide asks for: an edition's sociale kaart with its chapters, the
    # tools of the whole guide at the end, together.
    for edition in publication.kaart_editions:
        if edition.kaart_src_uri in listed:
            continue
        section = _section_with(nav, lambda uri, e=edition: uri == e.start_src_uri)
        if section is None:
            section = []
            nav.append({edition.name: section})
        section.append(edition.kaart_src_uri)
    if publication.kaart_editions and ALL_KAART_SRC_URI not in listed:
        nav.append({"Sociale kaart": ALL_KAART_SRC_URI})
    if publication.bouwstenen.get("partnerschapskaart") is not None:
        if WORKSHEET_SRC_URI not in listed:
            nav.append({"Werkblad partnerschapskaart": WORKSHEET_SRC_URI})
    else:
        nav = _without(nav, {WORKSHEET_SRC_URI})
    for page, title in GUIDE_PAGES:
        if page in listed:
            continue
        boxes = None
        if page.startswith(f"{BOUWSTENEN_DIR}/"):
            boxes = _section_with(nav, lambda uri: uri.startswith(f"{BOUWSTENEN_DIR}/"))
        if boxes is not None and boxes is not nav:
            boxes.insert(0, page)
        else:
            nav.append({title: page})
    return nav


def order_pages(files: Iterable[Any]) -> list[str]:
    """The pages of MkDocs' ``files`` that take a place in the reading order: the
    co-authors' Markdown pages that are in the navigation (not the generated ones)."""
    return [
        f.src_uri
        for f in files
        if f.is_documentation_page() and f.generated_by is None and f.inclusion.is_in_nav()
    ]


def order_of(pages: Iterable[str], publication: PublicationView) -> ReadingOrder:
    """The reading order of ``pages`` (the Markdown pages MkDocs found, without the
    generated ones), as the sources declare it."""
    return reading_order(
        pages,
        publication.editions,
        {box.src_uri: box.titel for box in publication.bouwstenen},
        publication.box_order,
        publication.shown_path("").rstrip("/"),
        publication.in_selection,
    )


def source_nav(order: ReadingOrder, publication: PublicationView) -> GeneratedNav:
    """The navigation made from the sources' reading order (see the module's docstring),
    with the pages this build generates in their place."""
    nav = GeneratedNav([{START_TITLE: "index.md"}])
    published = {e.id for e in publication.published_editions}
    with_kaart = {e.id for e in publication.kaart_editions}
    for edition in publication.editions:
        section: list[Any] = list(order.editions.get(edition.id, []))
        if edition.id in with_kaart:  # the tool of its chapter 8, after the chapters
            section.append(edition.kaart_src_uri)
        if edition.id in published:
            section += [
                edition.quotes_src_uri,
                edition.literature_src_uri,
                edition.changes_src_uri,
            ]
        if section:
            nav.append({edition.name: section})
    boxes_index, *guide = GUIDE_PAGES
    nav.append({BOXES_TITLE: [boxes_index[0], *order.boxes]})
    nav.extend({title: page} for page, title in guide)
    nav.extend(_folders_as_sections(order.others))
    # The tools of the whole guide, together at the end.
    tools: list[Any] = []
    if with_kaart:
        tools.append({"Sociale kaart": ALL_KAART_SRC_URI})
    if publication.bouwstenen.get("partnerschapskaart") is not None:
        tools.append({"Werkblad partnerschapskaart": WORKSHEET_SRC_URI})
    if tools:
        nav.append({"Hulpmiddelen": tools})
    return nav


def _folders_as_sections(pages: list[str]) -> list[Any]:
    """``pages`` (paths, in order) with each folder that has its own ``index.md`` as one
    section in the place of its first page: the index first (the theme makes it the
    section's own page), then the folder's other pages by path. The section is named
    after the folder (``voor-auteurs`` is "Voor auteurs"): the guide for co-authors and
    its reference pages stay together instead of each becoming a tab of its own."""
    folders = {
        page.rsplit("/", 1)[0]
        for page in pages
        if "/" in page and page.rsplit("/", 1)[1] == "index.md"
    }
    out: list[Any] = []
    placed: set[str] = set()
    for page in pages:
        folder = next((f for f in sorted(folders) if page.startswith(f"{f}/")), None)
        if folder is None:
            out.append(page)
            continue
        if folder in placed:
            continue
        placed.add(folder)
        index = f"{folder}/index.md"
        inside = [p for p in pages if p.startswith(f"{folder}/") and p != index]
        title = folder.rsplit("/", 1)[-1].replace("-", " ").capitalize()
        out.append({title: [index, *inside]})
    return out


def filter_nav(nav: Any, publication: PublicationView) -> Any:
    """Drop from ``nav`` every entry that points into another edition."""
    if nav is None:
        return None

    def keep(item: Any) -> Any:
        if isinstance(item, str):
            return item if publication.in_selection(item) else None
        if isinstance(item, dict):
            out: dict[str, Any] = {}
            for title, value in item.items():
                if isinstance(value, list):
                    kept = [k for k in (keep(v) for v in value) if k is not None]
                    if kept:
                        out[title] = kept
                elif isinstance(value, str) and publication.in_selection(value):
                    out[title] = value
            return out or None
        return item

    return [k for k in (keep(i) for i in nav) if k is not None]


def site_nav(nav: Any, publication: PublicationView, order: ReadingOrder | None = None) -> Any:
    """The navigation of a build: made from ``order`` when ``mkdocs.yml`` has no ``nav``
    (:func:`source_nav`), else ``nav`` completed (:func:`complete_nav`); and when one
    edition is built alone, without the entries of the others (:func:`filter_nav`). The
    build and ``handreiking check`` both check this one."""
    if nav is None and order is not None:
        nav = source_nav(order, publication)
    elif not isinstance(nav, GeneratedNav):
        nav = complete_nav(nav, publication)
    if publication.only is not None:
        filtered = filter_nav(nav, publication)
        nav = GeneratedNav(filtered) if isinstance(nav, GeneratedNav) else filtered
    return nav
