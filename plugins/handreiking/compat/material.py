"""What the plugin needs of Material for MkDocs beyond its documented API.

Written against mkdocs-material 9.8.2 (Material is in maintenance). It relies on the
internals of Material's search plugin (``material/plugins/search/plugin.py``):

- the plugin instance keeps its index as ``search_index``, made in ``on_config``;
- the index keeps its entries (dicts of ``location``, ``title``, ``text``, ...) in the
  list ``entries``, and ``generate_search_index`` writes exactly that list;
- ``on_page_context`` indexes a page by calling ``search_index.add_entry_from_context(page)``
  on the instance, which only appends that page's entries.

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
