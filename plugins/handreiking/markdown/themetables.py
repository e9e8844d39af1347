"""The tables of ``/themas/``, built as the Markdown table they stand for would be.

The comparison of themes (``outputs/theme_comparison.py``) holds thousands of links in
a large guide (each edition's chapters, boxes and first quotes, per theme). Written as
Markdown tables, every cell's links and ``<br>`` were parsed again by Python-Markdown's
inline patterns on each conversion: seconds at forty editions. The page places each
table as a ``/// _themavergelijking`` block holding its cells' entries as JSON (one
line: the page's Markdown still holds all it shows, so a conversion is reused exactly
as long as before, see ``plugin/pagecache.py``), and this block builds the
table's elements from the cells' entries as the ``tables`` extension and the inline
patterns would have made them, character for character: the escapes a cell's Markdown
holds become the placeholders the ``escape`` pattern makes, its entities and ``<br>``
go into the HTML stash as the ``entity`` and ``html`` patterns put them, and every text
is final (``AtomicString``), so the rest of the conversion (attribute lists, link
rewriting, the tables' cards, the record of links and anchors) sees the tree it saw
(the record notes a link at the block's line, not at its row's: a generated page's
links are not checked, see ``plugin/validation.py``).

Only where that is certain: on a Markdown instance with exactly the inline patterns and
tree processors this was written against, and for a cell whose entries hold nothing an
inline pattern could start at. Any other cell is given its Markdown as text, which the
inline patterns then parse as they parsed the Markdown table's cell.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as etree
from collections.abc import Mapping, Sequence
from typing import Any

from markdown import Markdown
from markdown.util import AtomicString

from handreiking.compat.markdown import MKDOCS_PAGE_TREEPROCESSORS, escaped
from handreiking.compat.pymdownx import ValidatingBlock
from handreiking.content.safety import clean_html

#: One entry of a cell as Markdown: its text, and where it links (``None``: plain text).
Entry = tuple[str, str | None]
#: A table: the row of column names, then the rows; each a list of cells.
Table = Sequence[Sequence[Sequence[Entry]]]

#: The name of the block, internal: only the generated page writes it.
NAME = "_themavergelijking"
#: What separates a cell's entries in its Markdown.
LINE = "<br>"

#: The inline patterns, by name and class, whose effect on an entry is built here; a
#: Markdown instance with any other (another extension's) parses every cell itself.
_KNOWN_INLINE = {
    "backtick": "markdown.inlinepatterns.BacktickInlineProcessor",
    "escape": "markdown.inlinepatterns.EscapeInlineProcessor",
    "footnote": "markdown.extensions.footnotes.FootnoteInlineProcessor",
    "handreiking_citation": "handreiking.markdown.citations.BracketedCitationProcessor",
    "reference": "markdown.inlinepatterns.ReferenceInlineProcessor",
    "link": "markdown.inlinepatterns.LinkInlineProcessor",
    "image_link": "markdown.inlinepatterns.ImageInlineProcessor",
    "image_reference": "markdown.inlinepatterns.ImageReferenceInlineProcessor",
    "short_reference": "markdown.inlinepatterns.ShortReferenceInlineProcessor",
    "short_image_ref": "markdown.inlinepatterns.ShortImageReferenceInlineProcessor",
    "autolink": "markdown.inlinepatterns.AutolinkInlineProcessor",
    "handreiking_narrative_citation": "handreiking.markdown.citations.NarrativeCitationProcessor",
    "automail": "markdown.inlinepatterns.AutomailInlineProcessor",
    "linebreak": "markdown.inlinepatterns.SubstituteTagInlineProcessor",
    "entity": "markdown.inlinepatterns.HtmlInlineProcessor",
    # one pattern for '*' and '_' in newer Python-Markdown, two in older ones
    "em_strong": "markdown.inlinepatterns.DelimiterProcessor",
    "html": "handreiking.markdown.safehtml.SafeHtmlInlineProcessor",
}
#: The tree processors that may run with it: none tells a final text from another.
_KNOWN_TREE: dict[str, str | tuple[str, ...]] = {
    # Python-Markdown's, or ours that skips the texts no pattern can match (the same)
    "inline": (
        "markdown.treeprocessors.InlineProcessor",
        "handreiking.compat.markdown._PlainTextSkipping",
    ),
    "prettify": "markdown.treeprocessors.PrettifyTreeprocessor",
    "unescape": "markdown.treeprocessors.UnescapeTreeprocessor",
    "toc": "markdown.extensions.toc.TocTreeprocessor",
    "attr_list": "markdown.extensions.attr_list.AttrListTreeprocessor",
    "footnote": "markdown.extensions.footnotes.FootnoteTreeprocessor",
    "footnote-duplicate": "markdown.extensions.footnotes.FootnotePostTreeprocessor",
    "blocks_on_inline_end": "pymdownx.blocks.BlocksTreeprocessor",
    "handreiking_unparsed_blocks": "handreiking.markdown.blocks._UnparsedBlocksTreeprocessor",
    "handreiking_box_bodies_out": "handreiking.markdown.blocks._PlacedBodiesOut",
    "handreiking_box_bodies": "handreiking.markdown.blocks._PlacedBodies",
    "handreiking_literature": "handreiking.markdown.citations.LiteratureListTreeprocessor",
    "handreiking_depth": "handreiking.markdown.depth.DepthTreeprocessor",
    "handreiking_tables": "handreiking.markdown.tables.TablesTreeprocessor",
    "handreiking_safe": "handreiking.markdown.safehtml.SafeLinksTreeprocessor",
    "handreiking_links_and_anchors": "handreiking.markdown.recorder._LinksAndAnchors",
    **MKDOCS_PAGE_TREEPROCESSORS,
}
#: In an entry: a backslash escape, or an entity ``markdown_text`` writes.
_TOKEN = re.compile(r"\\(.)|&(?:amp|lt|gt);", re.S)
#: Characters at which one of the known inline patterns may start (or that end a line).
_STARTS = frozenset("\\`*_[]!<>&@{}|\n\r")


def _only(registry: object, known: Mapping[str, str | tuple[str, ...]]) -> bool:
    """Whether a registry of ``md`` holds exactly processors of ``known`` (by name and
    class, or one of the classes) and nothing else."""
    present = 0
    for name, qualified in known.items():
        if name in registry:  # type: ignore[operator]
            item = registry[name]  # type: ignore[index]
            found = f"{type(item).__module__}.{type(item).__qualname__}"
            if found not in ((qualified,) if isinstance(qualified, str) else qualified):
                return False
            present += 1
    return present == len(registry)  # type: ignore[arg-type]


def builds_cells(md: Markdown) -> bool:
    """Whether the cells may be built here on ``md`` (see the module's docstring)."""
    return (
        _only(md.inlinePatterns, _KNOWN_INLINE)
        and _only(md.treeprocessors, _KNOWN_TREE)
        and clean_html(LINE) == LINE
    )


def cell_markdown(cell: Sequence[Entry]) -> str:
    """A cell as Markdown: its entries, one per line, each linked when it has a target."""
    return LINE.join(f"[{text}]({href})" if href is not None else text for text, href in cell)


def _pieces(md: Markdown, text: str) -> list[tuple[bool, str]] | None:
    """An entry's Markdown as the inline patterns leave it: (stashed?, text) pieces;
    ``None`` when a pattern could do more than escapes and entities."""
    pieces: list[tuple[bool, str]] = []
    at = 0
    for match in _TOKEN.finditer(text):
        plain = text[at : match.start()]
        if not _STARTS.isdisjoint(plain):
            return None
        pieces.append((False, plain))
        char = match.group(1)
        if char is None:
            pieces.append((True, match.group(0)))
        elif char in md.ESCAPED_CHARS:
            pieces.append((False, escaped(char)))
        else:
            return None
        at = match.end()
    rest = text[at:]
    if not _STARTS.isdisjoint(rest):
        return None
    pieces.append((False, rest))
    return pieces


def _fill(md: Markdown, element: etree.Element, cell: Sequence[Entry], fast: bool) -> None:
    """Make ``element`` (a ``th`` or ``td``) what the tables extension and the inline
    patterns make of the cell's Markdown."""
    markdown = cell_markdown(cell)
    text = markdown.strip(" ")
    entries = [_pieces(md, entry) for entry, _href in cell] if fast and text == markdown else None
    if entries is None or any(pieces is None for pieces in entries):
        element.text = text  # parsed by the inline patterns, as the Markdown table's cell
        return
    pending: list[str] = []
    last: etree.Element | None = None

    def flush() -> None:
        if not pending:
            return
        joined = AtomicString("".join(pending))
        if last is None:
            element.text = joined
        else:
            last.tail = joined
        pending.clear()

    def stashed(pieces: list[tuple[bool, str]]) -> str:
        return "".join(md.htmlStash.store(part) if stash else part for stash, part in pieces)

    for index, ((_entry, href), pieces) in enumerate(zip(cell, entries, strict=True)):
        if index:
            pending.append(md.htmlStash.store(LINE))
        assert pieces is not None
        if href is None:
            pending.append(stashed(pieces))
            continue
        flush()
        last = etree.SubElement(element, "a", {"href": href})
        last.text = AtomicString(stashed(pieces))
    flush()


def table_markdown(table: Table) -> str:
    """The Markdown that places ``table``: the block, its entries as one line of JSON
    (ASCII only, so no character of it is one Markdown's preprocessors change)."""
    data = json.dumps(table, ensure_ascii=True, separators=(",", ":"))
    return f"/// {NAME}\n{data}\n///"


def _read(text: str) -> list[list[list[Entry]]] | None:
    """The table a block holds; ``None`` when it holds none (written by hand)."""
    try:
        data: Any = json.loads(text)
    except ValueError:
        return None

    def entry(value: Any) -> bool:
        return (
            isinstance(value, list)
            and len(value) == 2
            and isinstance(value[0], str)
            and (value[1] is None or isinstance(value[1], str))
        )

    if not (isinstance(data, list) and data and all(isinstance(row, list) for row in data)):
        return None
    width = len(data[0])
    for row in data:
        if len(row) != width or not all(isinstance(c, list) and c for c in row):
            return None
        if not all(entry(value) for cell in row for value in cell):
            return None
    return [[[(text, href) for text, href in cell] for cell in row] for row in data]


class ThemeTableBlock(ValidatingBlock):
    """``/// _themavergelijking`` with a table's entries as JSON: the table of one theme
    on ``/themas/``. Holding no table (only written so by hand), it is an empty ``div``.
    """

    NAME = NAME

    def on_init(self) -> None:
        self.scratch = etree.Element("div")

    def on_markdown(self) -> str:
        return "raw"

    def on_create(self, parent: etree.Element) -> etree.Element:
        return etree.SubElement(parent, "div")

    def on_add(self, block: etree.Element) -> etree.Element:
        return self.scratch

    def on_end(self, block: etree.Element) -> None:
        rows = _read(self.scratch.text or "")
        if rows is None:
            return
        block.tag = "table"
        md = self.md
        fast = builds_cells(md)
        head, *body = rows
        for group, cells in (("thead", [head]), ("tbody", body)):
            section = etree.SubElement(block, group)
            tag = "th" if group == "thead" else "td"
            for row in cells:
                tr = etree.SubElement(section, "tr")
                for cell in row:
                    _fill(md, etree.SubElement(tr, tag), cell, fast)
            if not cells:  # as the tables extension builds a table without rows
                tr = etree.SubElement(section, "tr")
                for _cell in head:
                    etree.SubElement(tr, tag)
