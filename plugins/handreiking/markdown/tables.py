"""Tables that stay readable on a phone, by the kind of table.

Three kinds, chosen per table:

- a table of one or two columns fits a phone's width (the CSS lets long words and code
  wrap) and is left as it is;
- a wider table a co-author wrote keeps its grid, because its reader compares along
  rows and down columns (a time table): it is put in a scroll region that a keyboard
  can reach (``tabindex="0"``), that a screen reader announces by name
  (``role="region"`` with an ``aria-label`` naming the section it stands in), and that
  shows a visible cue on narrow screens (a line under it, and shadows at the edges
  that hide more columns);
- a table on a page listed in ``card_pages`` (the generated comparison of themes,
  whose cells are lists to read, not numbers to compare) becomes a stack of cards on
  narrow screens: every cell carries its column's name (``data-label``), which the
  CSS shows before the cell; explicit table roles keep the table's meaning for
  screen readers when the CSS turns the rows into blocks.

The table element itself keeps no class, so the theme still styles it as a table.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from collections.abc import Collection
from typing import Any

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

from handreiking.markdown.context import PageContext

#: Classes of the wrappers, as ``handreiking.css`` styles them.
SCROLL_CLASS = "tabel-schuif"
CARDS_CLASS = "tabel-kaarten"
#: The visible cue under a scrolling table on a narrow screen.
SCROLL_HINT = "Schuif de tabel opzij voor alle kolommen."
#: Tables with at most this many columns fit a phone.
NARROW_COLUMNS = 2

_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


def _text(element: etree.Element) -> str:
    return " ".join("".join(element.itertext()).split())


def _header_names(table: etree.Element) -> list[str]:
    head = table.find("thead")
    row = head.find("tr") if head is not None else None
    if row is None:
        return []
    return [_text(cell) for cell in row if cell.tag in ("th", "td")]


def _as_cards(table: etree.Element, names: list[str]) -> None:
    table.set("role", "table")
    for group in table:
        if group.tag not in ("thead", "tbody", "tfoot"):
            continue
        group.set("role", "rowgroup")
        for row in group.iter("tr"):
            row.set("role", "row")
            for index, cell in enumerate(c for c in row if c.tag in ("th", "td")):
                if group.tag == "thead":
                    cell.set("role", "columnheader")
                    continue
                cell.set("role", "cell")
                if index < len(names) and names[index]:
                    cell.set("data-label", names[index])


class TablesTreeprocessor(Treeprocessor):
    """Wraps each wide table as its kind asks (see the module's docstring)."""

    def __init__(self, md: Markdown, context: PageContext, card_pages: Collection[str]) -> None:
        super().__init__(md)
        self.context = context
        self.card_pages = card_pages

    def run(self, root: etree.Element) -> None:
        heading = ""
        parents = {child: parent for parent in root.iter() for child in parent}
        # (table, the section heading above it), in document order
        found: list[tuple[etree.Element, str]] = []
        for element in root.iter():
            if element.tag in _HEADINGS:
                heading = _text(element)
            elif element.tag == "table" and element in parents:
                found.append((element, heading))
        cards = self.context.src_uri in self.card_pages
        for table, above in found:
            parent = parents[table]
            index = list(parent).index(table)
            names = _header_names(table)
            if len(names) <= NARROW_COLUMNS:
                continue
            wrapper = etree.Element("div")
            if cards:
                wrapper.set("class", CARDS_CLASS)
                _as_cards(table, names)
                parent.remove(table)
                wrapper.append(table)
            else:
                wrapper.set("class", SCROLL_CLASS)
                region = etree.SubElement(wrapper, "div")
                region.set("class", f"{SCROLL_CLASS}__vak")
                region.set("role", "region")
                region.set("tabindex", "0")
                label = f"Tabel: {above}" if above else "Tabel"
                region.set("aria-label", f"{label} (schuift opzij)")
                parent.remove(table)
                region.append(table)
                hint = etree.SubElement(wrapper, "p")
                hint.set("class", f"{SCROLL_CLASS}__hint")
                hint.set("aria-hidden", "true")
                hint.text = SCROLL_HINT
            wrapper.tail = table.tail
            table.tail = None
            parent.insert(index, wrapper)


class TablesExtension(Extension):
    """Registers :class:`TablesTreeprocessor` (after inline content, before the toc)."""

    def __init__(self, **kwargs: Any) -> None:
        self.config = {
            "context": [PageContext(), "the page being converted"],
            "card_pages": [(), "src_uris whose wide tables become cards on a phone"],
        }
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:
        md.registerExtension(self)
        processor = TablesTreeprocessor(
            md, self.getConfig("context"), frozenset(self.getConfig("card_pages"))
        )
        md.treeprocessors.register(processor, "handreiking_tables", 6)


def makeExtension(**kwargs: Any) -> TablesExtension:
    """The extension, for ``markdown.Markdown(extensions=[...])``."""
    return TablesExtension(**kwargs)
