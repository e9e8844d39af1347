"""Raw HTML and links in a page through the allowlist of :mod:`handreiking.content.safety`.

Python-Markdown keeps the HTML a co-author writes in its ``htmlStash``: block HTML
from the ``html_block`` preprocessor (md_in_html's version stores an element whose
content is Markdown as an ``etree`` element, the rest as strings) and inline HTML,
tag by tag, from the ``html`` inline pattern. Exactly those entries are cleaned here,
when they are stored, so the HTML our own extensions and pymdown-extensions generate
(classes, ``data-`` attributes, ids) is never touched. A last tree walk takes unsafe
addresses out of Markdown links and images (and event handlers or ``style`` set with
attr_list). Each thing taken out is reported at its line, so the co-author knows why.
"""

from __future__ import annotations

import functools
import re
import xml.etree.ElementTree as etree
from html.parser import HTMLParser
from typing import Any

from markdown import Extension, Markdown
from markdown.inlinepatterns import HTML_RE, HtmlInlineProcessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from handreiking.compat.mkdocs import TITLE_READ_AT
from handreiking.content.safety import (
    URL_ATTRIBUTES,
    attribute_message,
    clean_html,
    html_problems,
    url_problem,
)
from handreiking.markdown.context import PageContext, register_source_lines, source_lines

#: :func:`clean_html` depends on the fragment alone: a page's inline HTML is mostly the
#: same few tags (``<span class="...">``, ``</span>``), cleaned once each.
_cleaned = functools.lru_cache(maxsize=4096)(clean_html)

#: The ``style`` Python-Markdown's tables extension puts on aligned cells.
_TABLE_ALIGN = re.compile(r"text-align: (left|right|center);?")


def _line(md: Markdown, needle: str, start: int = 0) -> int | None:
    """The 1-based source line (from ``start``) holding ``needle``, ignoring case."""
    lines = source_lines(md)
    wanted = needle.strip().lower()
    if not wanted:
        return None
    for number, text in enumerate(lines[start:], start=start + 1):
        if wanted in text.lower():
            return number
    return None


def _line_of_any(md: Markdown, needles: list[str], start: int = 0) -> int | None:
    for needle in needles:
        line = _line(md, needle, start)
        if line is not None:
            return line
    return None


class _Checker:
    """Cleans and reports, for one Markdown instance and the page being converted."""

    def __init__(self, md: Markdown, context: PageContext) -> None:
        self.md = md
        self.context = context

    def report(self, fragment: str, start: int = 0) -> None:
        """Report what cleaning takes out of ``fragment``, at the lines that hold it."""
        lines = fragment.strip().splitlines()
        first = lines[0][:60] if lines else ""
        for message, needle in html_problems(fragment):
            # A lone tag is found by its whole text, a block's fault by what it is.
            needles = [first, needle] if len(lines) == 1 else [needle, first]
            line = _line_of_any(self.md, needles, start)
            self.context.problem(message, line)

    def clean(self, fragment: str, start: int = 0) -> str:
        """``fragment`` reported and cleaned."""
        cleaned = _cleaned(fragment)
        if cleaned != fragment:
            self.report(fragment, start)
        return cleaned

    def clean_element(self, element: etree.Element) -> None:
        """An md_in_html element (content still Markdown): clean its own tag in place."""
        state = element.attrib.pop("markdown", None)
        probe = etree.Element(element.tag, dict(element.attrib))
        shown = self.md.serializer(probe)
        start_tag = shown[: shown.index(">") + 1] if ">" in shown else shown
        cleaned = self.clean(start_tag)
        tag, attrs = _read_start_tag(cleaned)
        if tag is None:
            # Not allowed: keep what it holds, in a neutral element.
            tag = "div" if self.md.is_block_level(element.tag) else "span"
            attrs = {}
        element.tag = tag
        element.attrib.clear()
        element.attrib.update(attrs)
        if state is not None:
            element.set("markdown", state)


def _read_start_tag(text: str) -> tuple[str | None, dict[str, str]]:
    """The tag and attributes of the first start tag in ``text`` (as nh3 wrote it)."""
    found: list[tuple[str, dict[str, str]]] = []

    class _Reader(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if not found:
                found.append((tag, {name: value or "" for name, value in attrs}))

        handle_startendtag = handle_starttag

    reader = _Reader(convert_charrefs=True)
    reader.feed(text)
    reader.close()
    return found[0] if found else (None, {})


class _StashStart(Preprocessor):
    """Notes where the stash ends before the author's block HTML is stored."""

    def __init__(self, md: Markdown, mark: list[int]) -> None:
        super().__init__(md)
        self.mark = mark

    def run(self, lines: list[str]) -> list[str]:
        self.mark[:] = [len(self.md.htmlStash.rawHtmlBlocks)]
        return lines


class _StashClean(Preprocessor):
    """Cleans every entry the ``html_block`` preprocessor stored: the author's HTML."""

    def __init__(self, md: Markdown, mark: list[int], checker: _Checker) -> None:
        super().__init__(md)
        self.mark = mark
        self.checker = checker

    def run(self, lines: list[str]) -> list[str]:
        stash = self.md.htmlStash.rawHtmlBlocks
        start = self.mark[0] if self.mark else len(stash)
        at = 0  # blocks come in page order: look for each one's line after the last
        for index in range(start, len(stash)):
            entry = stash[index]
            if isinstance(entry, etree.Element):
                if entry.get("markdown") in ("block", "span"):
                    self.checker.clean_element(entry)
                else:
                    # Not Markdown inside: serialised as it is later, so cleaned as text.
                    stash[index] = self.checker.clean(self.md.serializer(entry), at)
                continue
            text = str(entry)
            first = text.strip().splitlines()[0][:60] if text.strip() else ""
            line = _line(self.md, first, at) if first else None
            stash[index] = self.checker.clean(text, line - 1 if line is not None else at)
            if line is not None:
                at = line - 1
        return lines


class SafeHtmlInlineProcessor(HtmlInlineProcessor):
    """Python-Markdown's inline HTML pattern, each tag cleaned before it is stored."""

    def __init__(self, pattern: str, md: Markdown, checker: _Checker) -> None:
        super().__init__(pattern, md)
        self.checker = checker

    def handleMatch(  # type: ignore[override]
        self, m: re.Match[str], data: str
    ) -> tuple[str, int, int]:
        rawhtml = self.backslash_unescape(self.unescape(m.group(1)))
        placeholder = self.md.htmlStash.store(self.checker.clean(rawhtml))
        return placeholder, m.start(0), m.end(0)


class SafeLinksTreeprocessor(Treeprocessor):
    """Unsafe addresses, event handlers and ``style`` out of the finished tree.

    The tree holds the Markdown's links and images and what attr_list set; the raw
    HTML in it (md_in_html) is clean already. What our extensions generate is safe
    by construction, so only what a co-author typed is ever taken out here.
    """

    def __init__(self, md: Markdown, checker: _Checker) -> None:
        super().__init__(md)
        self.checker = checker

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            if not isinstance(element.tag, str):
                continue
            for name, value in list(element.attrib.items()):
                message = self._problem(element, name.lower(), value)
                if message is None:
                    continue
                del element.attrib[name]
                if name in URL_ATTRIBUTES and element.tag in ("a", "img"):
                    _unlink(element)
                # Reported where the page's source holds it; an address our extensions
                # took from elsewhere (a work's url) is reported where it was written.
                parts = value.split()
                line = _line_of_any(self.md, [value, parts[0] if parts else "", value[:12]])
                if line is not None or name not in URL_ATTRIBUTES:
                    self.checker.context.problem(message, line)

    @staticmethod
    def _problem(element: etree.Element, name: str, value: str) -> str | None:
        if name.startswith("on"):
            return attribute_message(name, element.tag)
        if name == "style" and not (
            element.tag in ("th", "td") and _TABLE_ALIGN.fullmatch(value.strip())
        ):
            return attribute_message(name, element.tag)
        if name in URL_ATTRIBUTES:
            return url_problem(value, element.tag, mailto=True)
        return None


def _unlink(element: etree.Element) -> None:
    """A link without its address is its text; an image without its source is its alt
    text (MkDocs expects every ``a`` and ``img`` to have one)."""
    if element.tag == "img":
        element.text = element.attrib.pop("alt", "")
    element.tag = "span"


class SafeHtmlExtension(Extension):
    """Registers the cleaning of raw HTML and the last check of links."""

    def __init__(self, **kwargs: Any) -> None:
        self.config = {"context": [PageContext(), "the page being converted"]}
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:
        register_source_lines(md)
        checker = _Checker(md, self.getConfig("context"))
        mark: list[int] = []
        # Around html_block (20), whichever extension registered it (md_in_html does).
        md.preprocessors.register(_StashStart(md, mark), "handreiking_html_start", 20.5)
        md.preprocessors.register(_StashClean(md, mark, checker), "handreiking_html_clean", 19.5)
        md.inlinePatterns.register(SafeHtmlInlineProcessor(HTML_RE, md, checker), "html", 90)
        # After every other tree change (attr_list 8, toc 5), before MkDocs reads the
        # title (1) and rewrites links (0).
        md.treeprocessors.register(
            SafeLinksTreeprocessor(md, checker), "handreiking_safe", TITLE_READ_AT + 1
        )


def makeExtension(**kwargs: Any) -> SafeHtmlExtension:
    """The extension, for ``markdown.Markdown(extensions=[...])``."""
    return SafeHtmlExtension(**kwargs)
