"""What the Markdown extensions need of Python-Markdown beyond its documented API.

Written against Markdown 3.11.3. It relies on:

- ``Markdown.reset()`` calling ``reset()`` on every object in ``registeredExtensions``
  and nothing else of them, so any object with a ``reset`` method may be registered,
  not only an ``Extension`` (:func:`reset_with_markdown`); that list keeps them for
  the instance's life, so an extension finds its page's state there
  (:func:`registered_with`).
- ``BlockParser.parseDocument(lines)`` called on the instance by ``Markdown.convert``,
  and the parser's ``state`` (a ``State``) and ``root``, which a parse that stopped
  halfway leaves behind (:func:`recover_from_recursion`).
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from collections.abc import Callable
from typing import Any, TypeVar

from markdown import Markdown
from markdown.blockparser import State

T = TypeVar("T")


def reset_with_markdown(md: Markdown, state: Any) -> None:
    """Have ``md.reset()`` (between two pages) call ``state.reset()`` too."""
    md.registerExtension(state)


def registered_with(md: Markdown, kind: type[T]) -> T | None:
    """The object of type ``kind`` that :func:`reset_with_markdown` registered with ``md``
    (the first, if several), or ``None``: per Markdown instance, the page's state."""
    for registered in md.registeredExtensions:
        if isinstance(registered, kind):
            return registered
    return None


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
