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
- The tree processor ``inline`` (an ``InlineProcessor``) hands every text, and the text
  of what a pattern made, to its private ``__handleInline(data, patternIndex)``, which
  tries the patterns from ``patternIndex`` on and changes nothing, nor calls anything of
  a pattern but its compiled regular expression's ``finditer`` (and its
  ``ANCESTOR_EXCLUDES``), where no pattern's expression finds a match; its private
  ``__applyPattern(pattern, data, patternIndex, startIndex)`` answers ``(data, False,
  0)`` where the pattern's expression finds no match, and the loop then goes on with
  the next pattern from 0 (:func:`skip_plain_text`).
- The extension ``toc``'s tree processor (a ``TocTreeprocessor``, registered as ``toc``)
  calls its ``replace_marker(root, div)`` only when its ``marker`` is not empty, and that
  changes the tree only where an element below ``root`` has no children and a text that,
  stripped, is the marker (:func:`find_toc_marker_quickly`).
"""

from __future__ import annotations

import functools
import re
import xml.etree.ElementTree as etree
from collections.abc import Callable
from typing import Any, TypeVar

from markdown import Markdown
from markdown import inlinepatterns as patterns
from markdown.blockparser import State
from markdown.extensions.toc import TocTreeprocessor
from markdown.treeprocessors import InlineProcessor
from markdown.util import ETX, STX, AtomicString, Registry

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


#: What any match of Python-Markdown's own inline patterns holds, as a regular
#: expression, by the pattern's own expression: code spans need a backtick, escapes a
#: backslash, links, images and footnotes a "[", autolinks, e-mail links and inline HTML a
#: "<", entities a "&", a hard line break two spaces before a newline.
_STOCK_NEEDS = {
    patterns.BACKTICK_RE: "`",
    patterns.ESCAPE_RE: r"\\",
    patterns.LINK_RE: r"\[",  # also REFERENCE_RE
    patterns.IMAGE_LINK_RE: r"\[",  # also IMAGE_REFERENCE_RE
    r"\[\^([^\]]*)\]": r"\[",  # the footnotes extension's FOOTNOTE_RE
    patterns.AUTOLINK_RE: "<",
    patterns.AUTOMAIL_RE: "<",
    patterns.HTML_RE: "<",
    patterns.ENTITY_RE: "&",
    patterns.LINE_BREAK_RE: "  \n",
}


def pattern_needs(pattern: Any) -> str | None:
    """A regular expression that finds something in every text the inline ``pattern``
    can match (a character any match holds), or ``None`` when that is not known.

    A pattern of our own says it as its ``NEEDS``; Python-Markdown's are known by their
    expression (:data:`_STOCK_NEEDS`); emphasis (``DelimiterProcessor``) matches its
    delimiters alone, so its expression is what it needs."""
    if not isinstance(pattern, patterns.InlineProcessor):
        return None  # an old-style pattern matches a text's start and end too
    expression = pattern.getCompiledRegExp().pattern
    own = getattr(pattern, "NEEDS", None)
    if isinstance(own, str):
        return own
    if isinstance(pattern, patterns.DelimiterProcessor):
        return expression if expression else None
    return _STOCK_NEEDS.get(expression)


def _needs_of(inline_patterns: Registry[Any]) -> re.Pattern[str] | None:
    """One expression that finds something in every text one of ``inline_patterns`` can
    match, or ``None`` when one of them does not say what it needs."""
    needs: dict[str, None] = {}
    for pattern in inline_patterns:
        needed = pattern_needs(pattern)
        if needed is None:
            return None
        needs[needed] = None
    return _compiled_needs("|".join(f"(?:{needed})" for needed in needs))


@functools.lru_cache(maxsize=16)
def _compiled_needs(expression: str) -> re.Pattern[str]:
    return re.compile(expression, re.DOTALL)


class _PlainTextSkipping(InlineProcessor):
    """Python-Markdown's inline processor, which leaves a text in which no inline pattern
    can match as it is at once, instead of trying each pattern on it in turn: what the
    patterns do to it is nothing, either way. Most texts of a page (a sentence, a
    cell, a heading) hold none of the characters a pattern needs."""

    _needs: re.Pattern[str] | None = None
    #: the patterns in their order, each with the text any of its matches holds (``None``:
    #: not known as plain text)
    _each: list[tuple[Any, str | None]] | None = None

    def run(self, tree: etree.Element, ancestors: list[str] | None = None) -> etree.Element:
        # The patterns are read at every run: an extension may register one later.
        self._needs = _needs_of(self.inlinePatterns)
        self._each = [(each, _literal(pattern_needs(each))) for each in self.inlinePatterns]
        return super().run(tree, ancestors)

    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:
        needs = self._needs
        if needs is not None and needs.search(data) is None:
            return data
        each = self._each
        if each is None or isinstance(data, AtomicString):
            handle: Callable[[str, int], str] = super()._InlineProcessor__handleInline  # type: ignore[misc]
            return handle(data, patternIndex)
        # Python-Markdown's own loop, where a pattern whose text is not in ``data`` is
        # passed over as one that found no match (the next starts at 0 again)
        apply = self._InlineProcessor__applyPattern  # type: ignore[attr-defined]
        start = 0
        count = len(each)
        while patternIndex < count:
            pattern, literal = each[patternIndex]
            if literal is not None and literal not in data:
                patternIndex += 1
                start = 0
                continue
            data, matched, start = apply(pattern, data, patternIndex, start)
            if not matched:
                patternIndex += 1
        return data


def _literal(needed: str | None) -> str | None:
    """The plain text the expression ``needed`` (of :func:`pattern_needs`) finds, when
    it finds that text alone (``"`"``, ``\\[``); else ``None``."""
    if needed is None:
        return None
    if len(needed) == 2 and needed[0] == "\\" and not needed[1].isalnum():
        return needed[1]
    if needed and not any(char in _SPECIAL for char in needed):
        return needed
    return None


_SPECIAL = frozenset(".^$*+?{}[]\\|()")


def skip_plain_text(md: Markdown) -> None:
    """Have ``md`` leave the texts in which no inline pattern can match as they are
    without trying each pattern (:class:`_PlainTextSkipping`): the same HTML, sooner.
    Only where ``inline`` is Python-Markdown's own processor (or already this one)."""
    if "inline" not in md.treeprocessors:
        return
    current = md.treeprocessors["inline"]
    if type(current) is not InlineProcessor:
        return
    md.treeprocessors._sort()
    priority = next(item.priority for item in md.treeprocessors._priority if item.name == "inline")
    md.treeprocessors.register(_PlainTextSkipping(md), "inline", priority)


def find_toc_marker_quickly(md: Markdown) -> None:
    """Have ``md``'s table of contents (extension ``toc``) look for its marker
    (``[TOC]``) in the page's tree with one plain walk first, and do what it does to
    replace the marker only where some element holds it: the same tree, sooner.

    Python-Markdown's own search joins the text of every element below each element
    (cost grows with a page's depth), only to replace an element whose own text is the
    marker; a page without one (every page of ours) is left as it was either way.
    Nothing happens where ``toc`` is not registered (yet) or not its own processor."""
    if "toc" not in md.treeprocessors:
        return
    toc = md.treeprocessors["toc"]
    if type(toc) is not TocTreeprocessor or "replace_marker" in vars(toc):
        return
    replace = toc.replace_marker

    def replace_marker(root: etree.Element, elem: etree.Element) -> None:
        marker = toc.marker
        for element in root.iter():
            text = element.text
            if text and len(element) == 0 and text.strip() == marker:
                replace(root, elem)
                return

    toc.replace_marker = replace_marker  # type: ignore[method-assign]
