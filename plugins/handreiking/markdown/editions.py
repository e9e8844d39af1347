"""``/// edities``: the table of the guide's editions, made from their front matter.

The landing page lists every edition with its area and status. Typed by hand, that
table said "in voorbereiding" long after an edition was published; made from each
edition's ``index.md`` (``stadsdeel``, ``gebied``, ``status``, ``jaar``), it changes
with the one edit that publishes the edition::

    /// edities
    ///

Works in plain Python-Markdown with the editions given::

    markdown.markdown(text, extensions=[makeExtension(editions=[...], context=ctx)])
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from collections.abc import Callable
from typing import Any, ClassVar

from markdown import Markdown
from pymdownx.blocks import BlocksExtension, BlocksProcessor

from handreiking.compat.pymdownx import ValidatingBlock, is_registered
from handreiking.content.editions import Edition, status_label
from handreiking.markdown.context import PageContext, line_of, register_source_lines

#: The block's name, as co-authors write it.
NAME = "edities"
#: The table's column headings.
HEADINGS = ("Editie", "Gebied", "Status")


def status_text(edition: Edition) -> str:
    """What the table says of an edition's status: ``gepubliceerd (2016)``."""
    label = status_label(edition.status)
    if edition.published and edition.jaar is not None:
        return f"{label} ({edition.jaar})"
    return label


class EditionsBlock(ValidatingBlock):
    """``/// edities``: a table of the editions, one row each, in the order of ``mkdocs.yml``."""

    NAME = NAME
    ARGUMENT = False
    OPTIONS: ClassVar[dict[str, tuple[Any, Callable[[Any], Any]]]] = {}

    def on_markdown(self) -> str:
        return "raw"

    def on_create(self, parent: etree.Element) -> etree.Element:
        extension: EditionsExtension = self.config["extension"]
        context = extension.context
        # No class: Material styles the tables of a page that have none.
        table = etree.SubElement(parent, "table")
        row = etree.SubElement(etree.SubElement(table, "thead"), "tr")
        for heading in HEADINGS:
            etree.SubElement(row, "th").text = heading
        body = etree.SubElement(table, "tbody")
        for edition in extension.editions:
            row = etree.SubElement(body, "tr", {"data-editie": edition.id})
            link = etree.SubElement(
                etree.SubElement(row, "td"), "a", {"href": context.link(edition.start_src_uri)}
            )
            link.text = edition.name
            etree.SubElement(row, "td").text = edition.gebied or ""
            etree.SubElement(row, "td").text = status_text(edition)
        return table

    def on_end(self, block: etree.Element) -> None:
        # the raw content lands after the last element the block made
        written = [block.text or "", *(child.tail or "" for child in block)]
        if "".join(written).strip():
            extension: EditionsExtension = self.config["extension"]
            extension.context.problem(
                "/// edities heeft geen inhoud: de tabel komt uit de startpagina's van de "
                "edities (stadsdeel, gebied, status en jaar); haal de tekst tussen "
                "'/// edities' en '///' weg",
                line_of(self.md, f"/// {NAME}"),
            )
        block.text = None
        for child in block:
            child.tail = None


class EditionsExtension(BlocksExtension):
    """The ``edities`` block."""

    def __init__(self, **kwargs: Any) -> None:
        # Defaults are not None: Python-Markdown would turn the value into a bool.
        self.config = {
            "editions": [[], "De edities, in de volgorde van mkdocs.yml (Edition)"],
            "context": ["", "De pagina die wordt omgezet (PageContext)"],
        }
        super().__init__(**kwargs)
        self._default_context = PageContext()

    @property
    def editions(self) -> list[Edition]:
        """The editions the table lists."""
        return list(self.getConfig("editions") or [])

    @property
    def context(self) -> PageContext:
        """The page being converted."""
        context = self.getConfig("context")
        return context if isinstance(context, PageContext) else self._default_context

    def extendMarkdownBlocks(self, md: Markdown, block_mgr: BlocksProcessor) -> None:
        register_source_lines(md)
        if not is_registered(block_mgr, NAME):
            block_mgr.register(EditionsBlock, {"extension": self})


def makeExtension(**kwargs: Any) -> EditionsExtension:
    """Return the extension (Python-Markdown's entry point)."""
    return EditionsExtension(**kwargs)
