"""Citations and literature lists, as a Python-Markdown extension.

Pandoc's citation syntax (see :mod:`handreiking.content.literature.cite`), rendered in
Dutch APA::

    [@sennett2003]              (Sennett, 2003)
    [@sennett2003, p. 12]       (Sennett, 2003, p. 12)
    [@sennett2003; @lipsky1980] (Lipsky, 1980; Sennett, 2003)
    [zie @sennett2003]          (zie Sennett, 2003)
    @sennett2003                Sennett (2003)
    [-@sennett2003]             (2003)

Each work in a citation links to its entry ``id="lit-<key>"``: on the page
itself when the page has a literature list, otherwise on the page the
``literature_page`` option names (a ``src_uri``, or a callable that gets the
:class:`~handreiking.markdown.context.PageContext` and returns one or ``None``),
as a relative ``.md`` link that MkDocs rewrites and validates; with neither,
``#lit-<key>``.

Code spans, code blocks, e-mail addresses (``jan@example.nl``) and ``\\@`` (a
literal ``@``) are never read as citations; Markdown links and footnotes keep
working.

``/// literatuur`` (or mkdocs-bibtex's ``\\bibliography`` alone on a line) places
the list of every work the page cites, also those cited below it;
``/// literatuur | alles`` and ``\\full_bibliography`` place the whole
bibliography. The keys a page cites are kept, in order, with the page's state of
the Markdown instance (see :func:`cited_keys`); ``md.reset()`` clears them.

A group author with an abbreviation (``shortauthor``) is named in full with the
abbreviation at its first citation on the page and by the abbreviation after it (APA 7,
8.21): the page is the document, since a reader may open any page first. The words that
introduce it are marked (``<span class="afkorting-invoering">``), so that
:func:`introduce_once` can make the chapters of a printed book one document.

A citation that cannot be read or names an unknown work is reported once
through the page context (file, line, a Dutch message with a suggestion) and is
shown as the text the author wrote, never dropped.

Options: ``bibliography`` (a :class:`~handreiking.content.literature.Bibliography` or
the path of a ``.bib`` file), ``context`` (a ``PageContext``; by default one
whose problems raise :class:`~handreiking.errors.HandreikingError`),
``literature_page`` and ``document`` (a callable that gets the ``PageContext`` and
returns the keys of the reference list the page belongs to, or ``None`` for the whole
bibliography: year letters and initials are assigned within that list), and
``references_in_place`` (the site's: each full reference beside its citation, shown
on hover, focus and tap).
"""

from __future__ import annotations

import os
import re
import xml.etree.ElementTree as etree
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Any, ClassVar, TypeVar

from markdown import Markdown
from markdown.blockprocessors import BlockProcessor
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString
from pybtex.richtext import BaseMultipartText, BaseText, HRef, String, Symbol, Tag
from pymdownx.blocks import BlocksExtension, BlocksProcessor

from handreiking.compat.markdown import registered_with, reset_with_markdown
from handreiking.compat.pymdownx import ValidatingBlock, escape_characters, is_registered
from handreiking.content.literature.bibliography import (
    Bibliography,
    BibliographyCache,
    CitedWork,
    RenderedCitation,
    load_bibliography,
)
from handreiking.content.literature.cite import (
    KEY,
    Citation,
    CitationSyntaxError,
    looks_like_citation,
    parse_bracketed,
    parse_narrative,
)
from handreiking.content.literature.style import render_text
from handreiking.errors import HandreikingError
from handreiking.markdown.context import PageContext, register_source_lines, source_lines

T = TypeVar("T")

#: ``[...]`` not followed by ``(`` or ``[`` (so links and reference links stay links).
BRACKETED_RE = r"(?<!!)\[(?P<body>[^\[\]]*)\](?![(\[])"
#: ``@key``, not inside a word or an e-mail address, with an optional ``[locator]``.
NARRATIVE_RE = (
    r"(?<![\w.+\-/\\@%'!#$&*=?^`{|}~])@(?P<key>" + KEY + r")"
    r"(?:[ \t]*\[(?P<locator>[^\[\]@\n]*)\](?![(\[]))?"
)
_BIBLIOGRAPHY_COMMAND = re.compile(
    r"(?m)^ {0,3}\\(?P<command>full_bibliography|bibliography)[ \t]*$"
)

LiteraturePage = str | Callable[[PageContext], str | None] | None

#: The class of the words that introduce a group author's abbreviation in a citation.
INTRODUCTION_CLASS = "afkorting-invoering"
_INTRODUCTION = re.compile(
    r'<span class="' + INTRODUCTION_CLASS + r'" data-afkorting="(?P<group>[^"]*)" '
    r'data-kort="(?P<short>[^"]*)">[^<]*</span>'
)


def _shorten(introduced: frozenset[str], match: re.Match[str]) -> str:
    """An introduction, or its short form when the group was introduced before."""
    return match.group("short") if match.group("group") in introduced else match.group(0)


def introduce_once(pages: Iterable[str]) -> list[str]:
    """The HTML of pages read as one document (the chapters of a printed book): a group
    author's abbreviation is introduced at its first citation in the whole document,
    "(Centraal Bureau voor de Statistiek [CBS], 2022)", and every later page that
    introduces it again on its own gets the short form, "(CBS, 2022)" (APA 7, 8.21
    applies it per paper; the book is the paper a reader of the PDF has)."""
    introduced: set[str] = set()
    result = []
    for page in pages:
        seen_here = {m.group("group") for m in _INTRODUCTION.finditer(page)}
        result.append(_INTRODUCTION.sub(partial(_shorten, frozenset(introduced)), page))
        introduced |= seen_here
    return result


@dataclass
class _ListRequest:
    """A literature list placed on the page, filled in once every citation is known."""

    element: etree.Element  # the <div class="literatuurlijst">
    full: bool


@dataclass
class _PageState:
    """What the extension keeps about the page being converted; reset by md.reset()."""

    md: Markdown
    lists: list[_ListRequest] = field(default_factory=list)
    #: every rendered citation with its keys, to put the cited keys in page order
    citations: list[tuple[etree.Element, list[str]]] = field(default_factory=list)
    #: the citations of group authors with an abbreviation, rendered again in page order
    abbreviated: list[tuple[etree.Element, Citation]] = field(default_factory=list)
    reported: dict[str, int] = field(default_factory=dict)
    bibliography: Bibliography | None = None
    bibliography_loaded: bool = False
    no_bibliography_reported: bool = False
    #: the keys the page cites, in order, without repeats
    cited: list[str] = field(default_factory=list)
    #: references shown in place so far (each one's id is ``bron-<n>``)
    references_shown: int = 0

    def reset(self) -> None:
        self.references_shown = 0
        self.lists.clear()
        self.citations.clear()
        self.abbreviated.clear()
        self.reported.clear()
        self.bibliography = None
        self.bibliography_loaded = False
        self.no_bibliography_reported = False
        self.cited.clear()


def _state(md: Markdown) -> _PageState:
    state = registered_with(md, _PageState)
    assert state is not None, "the citations extension registers its state"
    return state


def cited_keys(md: Markdown) -> list[str]:
    """The keys the page cites (as the ``.bib`` file spells them), in order."""
    state = registered_with(md, _PageState)
    return list(state.cited) if state is not None else []


def record_cited(md: Markdown, key: str) -> None:
    """Count ``key`` as cited by the page (for a list built from the page's citations)."""
    keys = _state(md).cited
    if key not in keys:
        keys.append(key)


def _nth_line(md: Markdown, needle: str, occurrence: int) -> int | None:
    """The line (1-based) of the ``occurrence``-th (0-based) appearance of ``needle``."""
    lines = source_lines(md)
    seen = 0
    for number, text in enumerate(lines, start=1):
        seen += text.count(needle)
        if seen > occurrence:
            return number
    return None


def _append_rich(parent: etree.Element, text: BaseText) -> None:
    """Append pybtex rich text to an element: strings, <em>, links."""

    def add_text(value: str) -> None:
        if len(parent):
            parent[-1].tail = AtomicString((parent[-1].tail or "") + value)
        else:
            parent.text = AtomicString((parent.text or "") + value)

    if isinstance(text, String):
        add_text(text.value)
    elif isinstance(text, Symbol):
        add_text({"nbsp": "\u00a0", "ndash": "\u2013"}.get(text.name, " "))
    elif isinstance(text, Tag):
        child = etree.SubElement(parent, text.name)
        for part in text.parts:
            _append_rich(child, part)
    elif isinstance(text, HRef):
        child = etree.SubElement(parent, "a", {"href": text.url})
        for part in text.parts:
            _append_rich(child, part)
    elif isinstance(text, BaseMultipartText):
        for part in text.parts:
            _append_rich(parent, part)
    else:  # pragma: no cover - pybtex has no other kinds of text
        add_text(str(text))


class CitationsExtension(BlocksExtension):
    """Pandoc citations, ``/// literatuur``, ``\\bibliography`` and ``\\full_bibliography``."""

    def __init__(self, **kwargs: Any) -> None:
        self.config = {
            # Defaults are "" (not None): Python-Markdown turns values of options that
            # default to None into booleans.
            "bibliography": ["", "A Bibliography, or the path of a .bib file"],
            "context": ["", "The PageContext the MkDocs plugin updates for every page"],
            "literature_page": [
                "",
                "src_uri of the page with the literature list, or callable(PageContext)",
            ],
            "document": [
                "",
                "callable(PageContext): the keys of the reference list the page belongs to",
            ],
            "references_in_place": [
                False,
                "Put each full reference beside its citation, for a tooltip (the site's)",
            ],
        }
        self._default_context = PageContext()
        self._reported_load_errors: set[str] = set()
        # A bibliography given as a path is this extension's own, parsed again only when
        # the file changed; nothing is kept on disk.
        self._bibliographies = BibliographyCache()
        super().__init__(**kwargs)

    # -- configuration

    @property
    def context(self) -> PageContext:
        """The page being converted."""
        context = self.getConfig("context")
        return context if isinstance(context, PageContext) else self._default_context

    def bibliography(self, md: Markdown) -> Bibliography | None:
        """The bibliography, loaded (once per page, re-read only when changed)."""
        state = _state(md)
        if state.bibliography_loaded:
            return state.bibliography
        state.bibliography_loaded = True
        value = self.getConfig("bibliography")
        if isinstance(value, Bibliography):
            state.bibliography = value
        elif isinstance(value, str | os.PathLike) and os.fspath(value):
            try:
                state.bibliography = load_bibliography(value, cache=self._bibliographies)
            except HandreikingError as error:
                for problem in error.problems:
                    if str(problem) not in self._reported_load_errors:
                        self._reported_load_errors.add(str(problem))
                        self.context.report(problem)
        document = self.getConfig("document")
        if state.bibliography is not None and callable(document):
            # the page's citations follow the reference list of its document (year
            # letters, initials), not the whole bibliography
            keys = document(self.context)
            if keys is not None:
                state.bibliography = state.bibliography.for_document(keys)
        return state.bibliography

    def literature_page(self) -> str | None:
        """The ``src_uri`` of the page with the literature list, if any."""
        option: LiteraturePage = self.getConfig("literature_page")
        if callable(option):
            return option(self.context)
        return option or None

    # -- Markdown

    def extendMarkdownBlocks(self, md: Markdown, block_mgr: BlocksProcessor) -> None:
        """Register the citation patterns, the list commands and ``/// literatuur``."""
        register_source_lines(md)
        escape_characters(md, ["@"])  # "\@" is a literal "@", never a citation
        state = _PageState(md)
        reset_with_markdown(md, state)  # so that md.reset() clears the page's state
        # Before reference definitions and paragraphs; code blocks (80) come first.
        md.parser.blockprocessors.register(
            BibliographyCommandProcessor(md.parser, self), "handreiking_bibliography_command", 16
        )
        # Before links and reference links (170, 160), after code spans and escapes.
        md.inlinePatterns.register(
            BracketedCitationProcessor(BRACKETED_RE, md, self), "handreiking_citation", 174
        )
        # After links and autolinks, so URLs and link targets are never read.
        md.inlinePatterns.register(
            NarrativeCitationProcessor(NARRATIVE_RE, md, self),
            "handreiking_narrative_citation",
            115,
        )
        # After inline patterns (20), so every citation is known; before MkDocs collects
        # the page's anchors (5) and rewrites links (0), so it sees the lit-<key> ids.
        md.treeprocessors.register(
            LiteratureListTreeprocessor(md, self), "handreiking_literature", 15
        )
        if not is_registered(block_mgr, LiteratureBlock.NAME):
            block_mgr.register(LiteratureBlock, {"extension": self})

    # -- helpers for the processors

    def problem(
        self, md: Markdown, message: str, needle: str, occurrence: int | None = None
    ) -> None:
        """Report ``message`` at the line where ``needle`` appears (by default: the
        next appearance not yet reported; or the ``occurrence``-th, from 0)."""
        if occurrence is None:
            state = _state(md)
            occurrence = state.reported.get(needle, 0)
            state.reported[needle] = occurrence + 1
        line = _nth_line(md, needle, occurrence)
        if line is None:
            first = needle.strip().splitlines()[0] if needle.strip() else needle
            line = _nth_line(md, first, 0)
        self.context.problem(message, line)

    def request_list(self, md: Markdown, element: etree.Element, full: bool) -> None:
        """Fill ``element`` with a literature list once the page's citations are known."""
        _state(md).lists.append(_ListRequest(element, full))

    def href(self, md: Markdown, key: str) -> str:
        """Where a citation of ``key`` links to."""
        anchor = f"lit-{key}"
        if _state(md).lists:
            return f"#{anchor}"
        page = self.literature_page()
        context = self.context
        if page and page != context.src_uri:
            return context.link(page, anchor)
        return f"#{anchor}"

    def render(self, md: Markdown, source: str, parse: Callable[[], Citation]) -> etree.Element:
        """The element for one citation, or its source text after reporting why not."""
        try:
            citation = parse()
        except CitationSyntaxError as error:
            self.problem(md, error.message, source)
            return self._as_written(source, [error.message])
        bibliography = self.bibliography(md)
        if bibliography is None:
            state = _state(md)
            message = (
                f"bronvermelding '{source}': er is geen (leesbaar) literatuurbestand, "
                "dus de bronnen op deze pagina zijn niet op te zoeken"
            )
            if not state.no_bibliography_reported:  # once per page, not per citation
                state.no_bibliography_reported = True
                self.problem(md, message, source)
            return self._as_written(source, [message])
        unknown = [item.key for item in citation.items if item.key not in bibliography]
        if unknown:
            messages = []
            for key in unknown:
                hint = bibliography.suggestion(key)
                if not hint:
                    hint = f"; die sleutel staat niet in {bibliography.path}"
                    if citation.mode == "narrative":
                        hint += " (bedoel je een gewoon @-teken, schrijf dan \\@)"
                messages.append(f"onbekende bron '{key}'{hint}")
                self.problem(md, messages[-1], source)
            return self._as_written(source, messages)
        keys = [bibliography.lookup(key) or key for key in citation.keys]
        for key in keys:
            record_cited(md, key)
        element = self._element(md, bibliography.render(citation))
        _state(md).citations.append((element, keys))
        if any(bibliography.abbreviation(key) for key in keys):
            _state(md).abbreviated.append((element, citation))
        return element

    def introduce_abbreviations(self, md: Markdown, root: etree.Element) -> None:
        """Render the citations of group authors with an abbreviation again, in the
        order of the page: the first names the group in full and introduces the
        abbreviation, the others use it (APA 7, 8.21). The page is the document: each
        web page is read on its own, so each introduces the abbreviation again (the
        patterns run one after the other, not in page order, hence this pass)."""
        state = _state(md)
        bibliography = self.bibliography(md)
        if not state.abbreviated or bibliography is None:
            return
        introduced: set[str] = set()
        for element, citation in _in_page_order(root, state.abbreviated):
            rendered = bibliography.render(citation, introduced)
            introduced |= rendered.introduces
            fresh = self._element(md, rendered)
            element.text = fresh.text
            for child in list(element):
                element.remove(child)
            element.extend(list(fresh))

    def _as_written(self, source: str, messages: list[str]) -> etree.Element:
        """A citation that could not be made, as it was written, marked as a mistake:
        the message is its title, so hovering it says what is wrong (the CSS marks it
        by more than colour; the preview also shows the message atop the page)."""
        span = etree.Element(
            "span",
            {"class": "bronvermelding bronvermelding-fout", "title": "\n".join(messages)},
        )
        span.text = AtomicString(source)
        return span

    def _element(self, md: Markdown, rendered: RenderedCitation) -> etree.Element:
        span = etree.Element("span", {"class": "bronvermelding"})
        for part in rendered.parts:
            if isinstance(part, CitedWork):
                link = etree.SubElement(span, "a", {"href": self.href(md, part.key)})
                intro = part.introduction
                if intro is None:
                    _append_rich(link, part.text)
                else:
                    # marked, so that a book of several pages introduces it only once
                    # (:func:`introduce_once`)
                    marked = etree.SubElement(
                        link,
                        "span",
                        {
                            "class": INTRODUCTION_CLASS,
                            "data-afkorting": intro.group,
                            "data-kort": intro.short,
                        },
                    )
                    marked.text = AtomicString(intro.long)
                    _append_rich(link, part.text[len(intro.long) :])
                self._reference_in_place(md, span, link, part.key)
            elif len(span):
                span[-1].tail = AtomicString((span[-1].tail or "") + part)
            else:
                span.text = AtomicString((span.text or "") + part)
        return span

    def _reference_in_place(
        self, md: Markdown, parent: etree.Element, link: etree.Element, key: str
    ) -> None:
        """The full reference beside a citation's link, for reading it where it is cited.

        The link names it as its description (``aria-describedby``), so a screen reader
        reads it with the link; the CSS shows it on hover and focus, and
        ``bronnen.js`` on a tap and closes it with Escape. Links inside the reference
        become text: a tooltip holds nothing to click (the list still has them). The
        book leaves it out (class ``alleen-web``): on paper the list is a page away.
        """
        bibliography = self.bibliography(md)
        if bibliography is None or not self.getConfig("references_in_place"):
            return
        state = _state(md)
        state.references_shown += 1
        reference_id = f"bron-{state.references_shown}"
        link.set("aria-describedby", reference_id)
        tooltip = etree.SubElement(
            parent,
            "span",
            # not in the search index: the literature list is, once
            {
                "class": "bron-uitleg alleen-web",
                "id": reference_id,
                "role": "tooltip",
                "data-search-exclude": "",
            },
        )
        _append_rich(tooltip, bibliography.format(bibliography.lookup(key) or key))
        for inner in tooltip.iter("a"):
            inner.tag = "span"
            inner.attrib.pop("href", None)


def _in_page_order(
    root: etree.Element, pairs: list[tuple[etree.Element, T]]
) -> list[tuple[etree.Element, T]]:
    """``pairs`` (an element and what belongs to it) in the order their elements stand
    in ``root``; one not in it last. Most pages cite once or not at all: then no
    walk through the whole page."""
    if len(pairs) < 2:
        return list(pairs)
    position = {id(element): index for index, element in enumerate(root.iter())}
    return sorted(pairs, key=lambda pair: position.get(id(pair[0]), len(position)))


class BracketedCitationProcessor(InlineProcessor):
    """``[@key]``, ``[zie @key, p. 12; @other]``, ``[-@key]``."""

    ANCESTOR_EXCLUDES = ("a",)
    #: what every match holds (:func:`handreiking.compat.markdown.pattern_needs`)
    NEEDS = r"\["

    def __init__(self, pattern: str, md: Markdown, extension: CitationsExtension) -> None:
        super().__init__(pattern, md)
        self.extension = extension

    def handleMatch(  # type: ignore[override]
        self, m: re.Match[str], data: str
    ) -> tuple[etree.Element | None, int | None, int | None]:
        body = m.group("body")
        if not looks_like_citation(body):
            return None, None, None  # plain brackets, a footnote, a task box ...
        source = m.group(0)
        before = data[: m.start(0)]
        element = self.extension.render(
            self.md, source, lambda: self._after_title(parse_bracketed(body, source), before)
        )
        return element, m.start(0), m.end(0)

    def _after_title(self, citation: Citation, before: str) -> Citation:
        """``*Hemelse modder* [@hemelsemodder]``: a work without author whose title the
        sentence has just named is cited by its year only, "*Hemelse modder* (z.d.)", as
        a narrative citation gives it (APA 7, 8.14), not "(*Hemelse modder*, z.d.)"."""
        bibliography = self.extension.bibliography(self.md)
        if bibliography is None or len(citation.items) != 1:
            return citation
        (item,) = citation.items
        if item.prefix or item.suppress_author or item.key not in bibliography:
            return citation
        if not bibliography.is_title_only(item.key):
            return citation
        title = _bare(render_text(bibliography.citation_names(item.key)))
        if not title or not _bare(before[-3 * len(title) - 8 :]).endswith(title):
            return citation
        return Citation((replace(item, suppress_author=True),), citation.mode, citation.source)


def _bare(text: str) -> str:
    """Text without emphasis marks, quotes and case, for comparing titles."""
    return " ".join(re.sub(r"[*_\"'\u201c\u201d\u2018\u2019]", "", text).casefold().split())


class NarrativeCitationProcessor(InlineProcessor):
    """``@key`` and ``@key [p. 12]``."""

    ANCESTOR_EXCLUDES = ("a",)
    #: what every match holds (:func:`handreiking.compat.markdown.pattern_needs`)
    NEEDS = "@"

    def __init__(self, pattern: str, md: Markdown, extension: CitationsExtension) -> None:
        super().__init__(pattern, md)
        self.extension = extension

    def handleMatch(  # type: ignore[override]
        self, m: re.Match[str], data: str
    ) -> tuple[etree.Element | None, int | None, int | None]:
        source = m.group(0)
        key, locator = m.group("key"), m.group("locator")
        element = self.extension.render(
            self.md, source, lambda: parse_narrative(key, locator, source)
        )
        return element, m.start(0), m.end(0)


class BibliographyCommandProcessor(BlockProcessor):
    """mkdocs-bibtex's ``\\bibliography`` and ``\\full_bibliography``, alone on a line."""

    def __init__(self, parser: Any, extension: CitationsExtension) -> None:
        super().__init__(parser)
        self.extension = extension

    def test(self, parent: etree.Element, block: str) -> bool:
        return _BIBLIOGRAPHY_COMMAND.search(block) is not None

    def run(self, parent: etree.Element, blocks: list[str]) -> None:
        block = blocks.pop(0)
        match = _BIBLIOGRAPHY_COMMAND.search(block)
        assert match is not None  # test() found it
        before, after = block[: match.start()], block[match.end() :]
        if before.strip():
            self.parser.parseBlocks(parent, [before.rstrip("\n")])
        element = etree.SubElement(parent, "div", {"class": "literatuurlijst"})
        full = match.group("command") == "full_bibliography"
        self.extension.request_list(self.parser.md, element, full)
        if after.strip():
            blocks.insert(0, after.lstrip("\n"))


class LiteratureListTreeprocessor(Treeprocessor):
    """Fills in the literature lists, now that every citation on the page is known."""

    def __init__(self, md: Markdown, extension: CitationsExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def order_cited_keys(self, root: etree.Element, state: _PageState) -> None:
        """Put the cited keys in the order of the page (the patterns ran one by one)."""
        ordered = _in_page_order(root, state.citations)
        keys = list(dict.fromkeys(key for _, pair_keys in ordered for key in pair_keys))
        recorded = state.cited
        keys += [key for key in recorded if key not in keys]  # recorded by others
        recorded[:] = keys

    def run(self, root: etree.Element) -> None:
        state = _state(self.md)
        self.order_cited_keys(root, state)
        self.extension.introduce_abbreviations(self.md, root)
        if not state.lists:
            return
        bibliography = self.extension.bibliography(self.md)
        for request in state.lists:
            element = request.element
            element.text = None
            for child in list(element):
                element.remove(child)
            listing = etree.SubElement(element, "ul")
            if bibliography is None:
                continue
            keys = None if request.full else cited_keys(self.md)
            for key in bibliography.sorted_keys(keys):
                item = etree.SubElement(
                    listing, "li", {"id": f"lit-{key}", "class": "literatuur-item"}
                )
                _append_rich(item, bibliography.format(key))


class LiteratureBlock(ValidatingBlock):
    """``/// literatuur`` (what the page cites) or ``/// literatuur | alles`` (everything)."""

    NAME = "literatuur"
    ARGUMENT = None
    OPTIONS: ClassVar[dict[str, tuple[Any, Callable[[Any], Any]]]] = {}

    def on_options(self, arg: Any, options: dict[str, Any]) -> dict[str, Any]:
        # Unknown options would make pymdownx print the block as text; report them instead.
        self.occurrence = self.tracker.get("count", 0)
        self.tracker["count"] = self.occurrence + 1
        for name in options:
            if name != "attrs":
                self.problem(
                    f"/// literatuur kent de optie '{name}' niet; de lijst heeft geen opties"
                )
        return {name: value for name, value in options.items() if name == "attrs"}

    def on_options_rejected(self, arg: Any, options: dict[str, Any]) -> bool:
        self.problem("/// literatuur: de optie 'attrs' is niet te lezen")
        return True  # the list, without the attributes

    def problem(self, message: str) -> None:
        """Report a problem at this block's first line."""
        extension: CitationsExtension = self.config["extension"]
        extension.problem(self.md, message, "/// literatuur", self.occurrence)

    def on_markdown(self) -> str:
        return "raw"

    def on_create(self, parent: etree.Element) -> etree.Element:
        extension: CitationsExtension = self.config["extension"]
        argument = (self.argument or "").strip()
        if argument not in ("", "alles"):
            self.problem(
                f"/// literatuur kent '{argument}' niet; schrijf '/// literatuur' voor wat "
                "deze pagina citeert of '/// literatuur | alles' voor de hele literatuurlijst"
            )
        element = etree.SubElement(parent, "div", {"class": "literatuurlijst"})
        extension.request_list(self.md, element, argument == "alles")
        return element

    def on_end(self, block: etree.Element) -> None:
        if block.text and block.text.strip():
            self.problem(
                "/// literatuur heeft geen inhoud: de lijst komt uit de bronnen die de pagina "
                "citeert; haal de tekst tussen '/// literatuur' en '///' weg"
            )
        block.text = None


def makeExtension(**kwargs: Any) -> CitationsExtension:
    """Python-Markdown's entry: ``markdown.markdown(text, extensions=[makeExtension(...)])``."""
    return CitationsExtension(**kwargs)
