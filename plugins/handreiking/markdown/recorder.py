"""What a converted page cited, placed, links to and offers as anchors, kept per page.

The blocks and citations extensions note, in their state of the Markdown instance, the
quotes and theory boxes a page places and the works it cites; a treeprocessor of this
extension notes the page's links (with the line each was typed on) and its anchors.
Once the page is converted, all of it is copied into a mapping by the page's
``src_uri`` (the :class:`PageContext`'s), from which the literature lists and overviews
are built and the links between pages are checked (``plugin/validation.py``), by the
build and by ``handreiking check`` alike.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor
from markdown.treeprocessors import Treeprocessor

from handreiking.compat.mkdocs import LINKS_REWRITTEN_AT
from handreiking.markdown.blocks import placed_bouwstenen, placed_quotes
from handreiking.markdown.citations import cited_keys
from handreiking.markdown.context import PageContext, line_of, register_source_lines


@dataclass
class PageRecord:
    """What one converted page cited and placed, where it links to, and its anchors."""

    cited: list[str] = field(default_factory=list)
    quotes: list[str] = field(default_factory=list)
    bouwstenen: list[str] = field(default_factory=list)
    #: every link (``href`` of ``<a>``, ``src`` of ``<img>``) as written, with the line of
    #: the file it was typed on, or ``None`` for a link an extension made
    links: list[tuple[str, int | None]] = field(default_factory=list)
    #: the ids a link may point at (``id`` of any element, ``name`` of ``<a>``)
    anchors: set[str] = field(default_factory=set)


class _RawAnchors(HTMLParser):
    """The ids in a piece of raw HTML, as :class:`_LinksAndAnchors` takes them from the tree."""

    def __init__(self, ids: set[str]) -> None:
        super().__init__(convert_charrefs=True)
        self.ids = ids

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name in ("id", "name") if tag == "a" else ("id",):
            if values.get(name):
                self.ids.add(values[name] or "")


def _element_anchors(root: etree.Element, ids: set[str]) -> None:
    for el in root.iter():
        for name in ("id", "name") if el.tag == "a" else ("id",):
            value = el.get(name)
            if value:
                ids.add(value)


class _LinksAndAnchors(Treeprocessor):
    """Notes the page's links as written and its anchors, raw HTML included.

    Registered at priority 0, as MkDocs registers its own link rewriting later at the
    same priority: this runs after every other tree change and before MkDocs turns
    ``partnerschap.md`` into ``../partnerschap/``. Links in raw HTML are not noted
    (MkDocs leaves those alone too); anchors in raw HTML are, as MkDocs counts them.
    """

    def __init__(self, md: Markdown, context: PageContext) -> None:
        super().__init__(md)
        self.context = context
        #: what the last converted page links to, and its anchors
        self.links: list[tuple[str, int | None]] = []
        self.anchors: set[str] = set()
        #: whether :attr:`links` and :attr:`anchors` are of the page being converted and
        #: not recorded yet (:class:`_Recorder`)
        self.unrecorded = False

    def run(self, root: etree.Element) -> None:
        links: list[tuple[str, int | None]] = []
        lines: dict[str, int | None] = {}
        ids: set[str] = set()
        # one walk for the links and the anchors (as _element_anchors takes them)
        for el in root.iter():
            tag = el.tag
            if tag == "a":
                target = el.get("href")
                for name in ("id", "name"):
                    value = el.get(name)
                    if value:
                        ids.add(value)
            else:
                target = el.get("src") if tag == "img" else None
                value = el.get("id")
                if value:
                    ids.add(value)
            if not target:
                continue
            if target not in lines:
                line = line_of(self.md, target)
                lines[target] = None if line is None else line + self.context.line_offset
            links.append((target, lines[target]))
        raw = _RawAnchors(ids)
        for block in self.md.htmlStash.rawHtmlBlocks:
            if isinstance(block, str):
                if "id=" in block or "name=" in block:
                    raw.feed(block)
                    raw.close()
                    raw.reset()
            else:
                _element_anchors(block, ids)
        self.links = links
        self.anchors = ids
        self.unrecorded = True


class _Recorder(Postprocessor):
    """Copies what the page's extensions recorded into ``records``."""

    def __init__(
        self,
        md: Markdown,
        context: PageContext,
        records: dict[str, PageRecord],
        noted: _LinksAndAnchors,
    ) -> None:
        super().__init__(md)
        self.context = context
        self.records = records
        self.noted = noted

    def run(self, text: str) -> str:
        # The table of contents (and MkDocs, for the title) runs the postprocessors on
        # each heading's HTML while the tree is processed, before the page's links are
        # noted: only the last run, on the whole page, records it.
        if not self.noted.unrecorded:
            return text
        self.noted.unrecorded = False
        if self.context.src_uri is not None:
            self.records[self.context.src_uri] = PageRecord(
                cited=cited_keys(self.md),
                quotes=placed_quotes(self.md),
                bouwstenen=placed_bouwstenen(self.md),
                links=list(self.noted.links),
                anchors=set(self.noted.anchors),
            )
        return text


class RecorderExtension(Extension):
    """Records each converted page in ``records``, under the context's ``src_uri``."""

    def __init__(self, *, context: PageContext, records: dict[str, PageRecord]) -> None:
        super().__init__()
        self.context = context
        self.records = records

    def extendMarkdown(self, md: Markdown) -> None:
        register_source_lines(md)
        noted = _LinksAndAnchors(md, self.context)
        md.treeprocessors.register(noted, "handreiking_links_and_anchors", LINKS_REWRITTEN_AT)
        # Priority 0: after every other postprocessor.
        md.postprocessors.register(
            _Recorder(md, self.context, self.records, noted), "handreiking_recorder", 0
        )


def makeExtension(**kwargs: Any) -> RecorderExtension:
    """The extension, for ``markdown.Markdown(extensions=[...])``."""
    return RecorderExtension(**kwargs)
