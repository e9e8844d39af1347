"""A limit on how deeply Markdown may nest, so a strange page fails calmly.

Python-Markdown parses thousands of nested emphasis markers or lists without
trouble, but later steps (the table of contents, the HTML serializer) walk the
tree recursively and end in a ``RecursionError`` traceback. No real page nests
anywhere near :data:`MAX_DEPTH` levels; a page that does is reported once, and the
too-deep part is shown as plain text.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from typing import Any

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

from handreiking.compat.markdown import recover_from_recursion
from handreiking.markdown.context import (
    ERROR_CLASS,
    PageContext,
    line_of,
    register_source_lines,
    source_lines,
)

#: Elements inside elements, counted from the page's root; far above any real page.
MAX_DEPTH = 60


def _flat_text(element: etree.Element) -> str:
    """All text inside ``element``, without recursion."""
    parts: list[str] = []
    stack: list[tuple[etree.Element, bool]] = [(element, False)]
    while stack:
        node, after = stack.pop()
        if after:
            parts.append(node.tail or "")
            continue
        parts.append(node.text or "")
        if node is not element:
            stack.append((node, True))
        stack.extend((child, False) for child in reversed(list(node)))
    return "".join(parts)


class DepthTreeprocessor(Treeprocessor):
    """Flattens whatever lies deeper than :data:`MAX_DEPTH` and reports it."""

    def __init__(self, md: Markdown, context: PageContext) -> None:
        super().__init__(md)
        self.context = context

    def run(self, root: etree.Element) -> None:
        stack: list[tuple[etree.Element, int]] = [(root, 0)]
        reported = False
        while stack:
            element, depth = stack.pop()
            if depth >= MAX_DEPTH:
                text = _flat_text(element)
                for child in list(element):
                    element.remove(child)
                element.text = text
                if not reported:
                    reported = True
                    snippet = " ".join(text.split())[:20]
                    line = line_of(self.md, snippet) if snippet else None
                    self.context.problem(MESSAGE, line)
                continue
            stack.extend((child, depth + 1) for child in element)


MESSAGE = (
    f"de Markdown is hier te diep genest (meer dan {MAX_DEPTH} lagen lijsten, citaten of "
    "nadruk in elkaar); maak de opbouw eenvoudiger"
)


def _deepest_line(md: Markdown) -> int | None:
    """The first line that nests far too deeply, by indentation and '>' markers."""
    lines = source_lines(md)
    for number, line in enumerate(lines, start=1):
        expanded = line.expandtabs(4)
        indent = len(expanded) - len(expanded.lstrip())
        quotes = len(re.match(r"[\s>]*", expanded).group().replace(" ", ""))  # type: ignore[union-attr]
        if indent // 4 + quotes >= MAX_DEPTH:
            return number
    return None


def _guard_block_parser(md: Markdown, context: PageContext) -> None:
    """Python-Markdown's block parser recurses per nesting level: stop it calmly."""

    def recovered() -> etree.Element:
        context.problem(MESSAGE, _deepest_line(md))
        root = etree.Element(md.doc_tag)
        error = etree.SubElement(root, "p", {"class": ERROR_CLASS})
        error.text = MESSAGE[:1].upper() + MESSAGE[1:] + "."
        return root

    recover_from_recursion(md, recovered)


class DepthExtension(Extension):
    """Registers :class:`DepthTreeprocessor` right after inline parsing."""

    def __init__(self, **kwargs: Any) -> None:
        self.config = {"context": [PageContext(), "the page being converted"]}
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:
        register_source_lines(md)
        _guard_block_parser(md, self.getConfig("context"))
        # Inline parsing is priority 20; every later tree walk (attr_list, toc, ...)
        # then sees a tree of bounded depth.
        md.treeprocessors.register(
            DepthTreeprocessor(md, self.getConfig("context")), "handreiking_depth", 19
        )


def makeExtension(**kwargs: Any) -> DepthExtension:
    """The extension, for ``markdown.Markdown(extensions=[...])``."""
    return DepthExtension(**kwargs)
