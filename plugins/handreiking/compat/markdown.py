"""What the Markdown extensions need of Python-Markdown beyond its documented API.

Written against Markdown 3.11.3. It relies on:

- ``Markdown.reset()`` calling ``reset()`` on every object in ``registeredExtensions``
  and nothing else of them, so any object with a ``reset`` method may be registered,
  not only an ``Extension`` (:func:`reset_with_markdown`).
- ``BlockParser.parseDocument(lines)`` called on the instance by ``Markdown.convert``,
  and the parser's ``state`` (a ``State``) and ``root``, which a parse that stopped
  halfway leaves behind (:func:`recover_from_recursion`).
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from collections.abc import Callable
from typing import Any

from markdown import Markdown
from markdown.blockparser import State


def reset_with_markdown(md: Markdown, state: Any) -> None:
    """Have ``md.reset()`` (between two pages) call ``state.reset()`` too."""
    md.registerExtension(state)


def recover_from_recursion(md: Markdown, recovered: Callable[[], etree.Element]) -> None:
    """When the block parser of ``md`` recurses too deeply, the document becomes
    ``recovered()`` (the root element, a ``md.doc_tag``) instead of an error."""
    parser = md.parser
    parse = parser.parseDocument

    def parse_document(lines: list[str]) -> etree.ElementTree:
        try:
            return parse(lines)
        except RecursionError:
            parser.state = State()
            root = recovered()
            parser.root = root
            return etree.ElementTree(root)

    parser.parseDocument = parse_document  # type: ignore[method-assign]
