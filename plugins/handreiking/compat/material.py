"""What the plugin needs of Material for MkDocs beyond its documented API.

Written against mkdocs-material 9.8.2 (Material is in maintenance). It relies on the
internals of Material's search plugin (``material/plugins/search/plugin.py``):

- the plugin instance keeps its index as ``search_index``, made in ``on_config``;
- the index keeps its entries (dicts of ``location``, ``title``, ``text``, ...) in the
  list ``entries``, and ``generate_search_index`` writes exactly that list;
- ``on_page_context`` indexes a page by calling ``search_index.add_entry_from_context(page)``
  on the instance, which only appends that page's entries;
- ``on_post_build`` writes the index (``search/search_index.json``) from ``search_index``:
  the preview, having indexed one page again in the last build's index, writes it
  through it (:func:`take_out_page_entries`, :func:`put_back_page_entries`,
  :func:`write_search_indexes`).

MkDocs' own search plugin keeps its entries elsewhere (``_entries``): it is left alone.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mkdocs.structure.pages import Page

#: One entry of Material's search index.
SearchEntry = dict[str, Any]

#: ``index_page(page, as_material)``: the entries of ``page``; ``as_material()`` makes
#: them as Material does.
IndexPage = Callable[["Page", Callable[[], list[SearchEntry]]], list[SearchEntry]]


def wrap_search_indexing(plugins: Any, index_page: IndexPage) -> None:
    """Let ``index_page`` give the search entries of every page Material indexes.

    ``plugins`` is the site's ``config.plugins``; every Material search plugin in it
    indexes each page with the entries ``index_page`` returns, in that order.
    """
    for plugin in plugins.values():
        index = getattr(plugin, "search_index", None)
        entries = getattr(index, "entries", None)
        if index is None or not isinstance(entries, list):
            continue
        original = index.add_entry_from_context

        def add(page: Page, index: Any = index, original: Any = original) -> None:
            def as_material() -> list[SearchEntry]:
                start = len(index.entries)
                original(page)
                made: list[SearchEntry] = index.entries[start:]
                del index.entries[start:]
                return made

            index.entries.extend(index_page(page, as_material))

        index.add_entry_from_context = add


#: Where one page's entries were in one search index: (the index, first, end of the list
#: once they were taken out).
Taken = tuple[Any, int, int]


def take_out_page_entries(plugins: Any, url: str) -> list[Taken] | None:
    """Take the entries of the page at ``url`` out of every Material search index of the
    site (``config.plugins``), to index the page again; where they were, for
    :func:`put_back_page_entries`. ``None``, and nothing taken, when a page has no entries
    or they are not one run (a page the search leaves out), or the site has a search
    index that is not Material's."""
    found: list[tuple[Any, int, int]] = []
    for plugin in plugins.values():
        index = getattr(plugin, "search_index", None)
        if index is None:
            continue
        entries = getattr(index, "entries", None)
        if not isinstance(entries, list):
            return None  # another search's index (MkDocs' own): not ours to redo
        positions = [
            n
            for n, entry in enumerate(entries)
            if entry.get("location") == url or str(entry.get("location", "")).startswith(url + "#")
        ]
        if not positions or positions != list(range(positions[0], positions[-1] + 1)):
            return None
        found.append((index, positions[0], positions[-1] + 1))
    taken = []
    for index, first, end in found:
        del index.entries[first:end]
        taken.append((index, first, len(index.entries)))
    return taken


def put_back_page_entries(taken: list[Taken]) -> None:
    """Move the entries the page was indexed with again (added at the end of each index)
    to where its entries were (:func:`take_out_page_entries`)."""
    for index, first, end in taken:
        new = index.entries[end:]
        del index.entries[end:]
        index.entries[first:first] = new


def write_search_indexes(plugins: Any, config: Any) -> None:
    """Write ``search/search_index.json`` again, as Material does after a build."""
    for plugin in plugins.values():
        if isinstance(getattr(getattr(plugin, "search_index", None), "entries", None), list):
            plugin.on_post_build(config=config)
