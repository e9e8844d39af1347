"""The navigation's top-level items, rendered once for all the pages that see them alike.

Material renders the whole navigation around every page: the sidebar (``partials/nav.html``)
and the tabs (``partials/tabs.html``), one top-level item per edition. An item the page is
not in looks the same on every page at the same distance from the site's root: it is not
active, and its links are relative to the page only through that distance. So a site with
forty editions rendered forty items per page, a thousand pages, most of them the same
(the build grew with the square of the guide).

Inside the section a page is in, each link to another page looks the same on every page
that has the same relative address for it (the boxes' section lists every box on every
box's page). Our copies of Material's partials (``templates/partials/nav.html``,
``tabs.html`` and ``nav-item.html``, each Material's own with one ``{% call %}`` around an
item, kept equal to Material's by ``tests/test_compat.py``) hand each item to
:class:`NavFragments`, which returns the HTML it kept for the same item and the same kind
of page, or renders it. What it
returns is byte for byte what Material's template renders (``tests/test_navcache.py``
builds sites with Material's own partials and compares).

When it cannot tell that two pages see an item alike, it renders: the item is active, or
the page lies in a folder one of the item's links leads into (its relative links then
depend on the whole folder, not only its depth).
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from typing import Any

from mkdocs.utils import normalize_url

from handreiking.compat.mkdocs import page_folder_parts, url_parts

#: The name of :class:`NavFragments` in the templates' globals.
GLOBAL = "handreiking_nav"

# An address that is not relative to the site (``https://...``, ``/x``, ``mailto:``):
# the ``url`` filter leaves it as it is, whatever the page.
_ABSOLUTE = ("/", "#")


class NavFragments:
    """Rendered top-level navigation items of one build, by item, kind and page depth."""

    def __init__(self) -> None:
        self._kept: dict[tuple[Any, ...], str] = {}
        #: per item: the first folders its relative links lead into, or None
        self._folders: dict[int, frozenset[str] | None] = {}
        #: per page address: its folders (asked for every top-level item of every page)
        self._page_folders: dict[str, tuple[str, ...] | None] = {}
        #: per link address and per page address: their parts (:meth:`_item_key`)
        self._url_parts: dict[str, tuple[str, ...] | None] = {}
        self._folder_parts: dict[str, tuple[str, ...]] = {}

    def __call__(self, nav_item: Any, kind: str, page: Any, caller: Callable[[], str]) -> str:
        """The HTML of ``nav_item`` around ``page``: ``kind`` is ``"nav"`` or ``"tabs"`` for
        a top-level item, ``"item"`` for an item of a section."""
        key = self._key(nav_item, kind, page)
        if key is None:
            return caller()
        kept = self._kept.get(key)
        if kept is None:
            kept = self._kept[key] = caller()
        return kept

    def _key(self, nav_item: Any, kind: str, page: Any) -> tuple[Any, ...] | None:
        if page is None or getattr(nav_item, "active", True):
            return None
        if kind == "item":
            # An item of a section: only a link with no children of its own is kept; it
            # differs between pages only by its address, relative to the page, exactly
            # as the template's `url` filter makes it.
            url = getattr(nav_item, "url", None)
            if getattr(nav_item, "children", None) or not isinstance(url, str):
                return None
            return self._item_key(nav_item, url, page)
        folders = self._folders_of(nav_item)
        if folders is None:
            return None
        parts = self._page_folder_of(getattr(page, "url", None))
        if parts is None or (parts and parts[0] in folders):
            return None
        return (kind, id(nav_item), len(parts))

    def _item_key(self, nav_item: Any, url: str, page: Any) -> tuple[Any, ...]:
        """What the address of a section's link looks like from ``page``: not the
        address itself (MkDocs' ``normalize_url`` takes a while, and a section is asked
        for once per item and page), but what it is made from, the link's and the page
        folder's parts (:func:`compat.mkdocs.url_parts`): how many parts the folder has
        and how many it shares with the link's. Pages alike in both get the same address."""
        if url not in self._url_parts:
            self._url_parts[url] = url_parts(url)
        parts = self._url_parts[url]
        page_url = getattr(page, "url", None)
        if parts is None or not isinstance(page_url, str):
            return ("item", id(nav_item), normalize_url(url, page=page))
        folder = self._folder_parts.get(page_url)
        if folder is None:
            folder = self._folder_parts[page_url] = page_folder_parts(page_url)
        shared = 0
        for mine, theirs in zip(folder, parts, strict=False):
            if mine != theirs:
                break
            shared += 1
        return ("item", id(nav_item), url, len(folder), shared)

    def _page_folder_of(self, url: Any) -> tuple[str, ...] | None:
        if not isinstance(url, str):
            return None
        try:
            return self._page_folders[url]
        except KeyError:
            parts = self._page_folders[url] = _page_folder(url)
            return parts

    def _folders_of(self, nav_item: Any) -> frozenset[str] | None:
        if id(nav_item) not in self._folders:
            self._folders[id(nav_item)] = _first_folders(nav_item)
        return self._folders[id(nav_item)]


def _first_folders(nav_item: Any) -> frozenset[str] | None:
    """The first folder of each relative link in ``nav_item``; None when one cannot tell."""
    folders: set[str] = set()
    for item in _walk(nav_item):
        url = getattr(item, "url", None)
        if url is None:
            continue
        if not isinstance(url, str) or url.startswith(".") or ".." in url:
            return None  # ./ or ../: leave such links to the template
        if "://" in url or url.startswith(_ABSOLUTE) or ":" in url.split("/", 1)[0]:
            continue
        folders.add(url.split("/", 1)[0])
    return frozenset(folders)


def _walk(item: Any) -> list[Any]:
    items = [item]
    for child in getattr(item, "children", None) or ():
        items.extend(_walk(child))
    return items


def _page_folder(url: Any) -> tuple[str, ...] | None:
    """The folders of the page's address, as MkDocs' ``get_relative_url`` takes them."""
    if not isinstance(url, str) or url.startswith(_ABSOLUTE) or "://" in url or ".." in url:
        return None
    other = url
    if other != ".":
        head, tail = posixpath.split(other)
        other = head if "." in tail else other
    return tuple(part for part in other.split("/") if part and part != ".")
