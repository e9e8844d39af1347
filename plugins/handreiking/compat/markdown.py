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
- A backslash-escaped character stands in the text, until the end, as ``STX``, its code
  point and ``ETX`` (:func:`escaped`).
- MkDocs' ``Page.render`` registers its own tree processors under the names and classes
  of :data:`MKDOCS_PAGE_TREEPROCESSORS` (private classes, named here, never imported).
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from collections.abc import Callable
from typing import Any, TypeVar

from markdown import Markdown
from markdown.blockparser import State
from markdown.util import ETX, STX

T = TypeVar("T")

#: The tree processors MkDocs registers on a page's Markdown, by name and class.
MKDOCS_PAGE_TREEPROCESSORS = {
    "mkdocs_extract_anchors": "mkdocs.structure.pages._ExtractAnchorsTreeprocessor",
    "relpath": "mkdocs.structure.pages._RelativePathTreeprocessor",
    "mkdocs_extract_title": "mkdocs.structure.pages._ExtractTitleTreeprocessor",
}


def escaped(char: str) -> str:
    """What stands in the text for ``char`` escaped by a backslash, as the inline
    pattern ``escape`` leaves it."""
    return f"{STX}{ord(char)}{ETX}"


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
