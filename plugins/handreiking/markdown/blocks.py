"""Quotes and theory boxes as Markdown blocks (pymdown-extensions' blocks API).

Page syntax (see DESIGN.md, "The contract with co-authors")::

    /// citaat | zo-vertrouwen-01
    ///

    /// citaten
    thema: vertrouwen
    ///

    /// bouwsteen | emotionele-en-taakalliantie
    ///

and, for the generated overview pages, ``/// citatenoverzicht`` with ``editie:``.
Options of ``citaten`` and ``citatenoverzicht`` may be written unindented inside
the block (as co-authors do) or indented in the header (as pymdown-extensions
does); both are read.

A theory box's body is Markdown that may cite. A preprocessor expands
``/// bouwsteen | id`` into an internal ``_bouwsteen`` block with the body lines
inside, so the page's own Markdown instance parses the body: its citations are
resolved and counted as cited by the page, exactly like the page's own text.
Mistakes in a box's body are reported once, on the box's own page at the line in
its file: while a placed body is converted the page's context is muted (the
chapter still shows what could not be read).

Mistakes are reported through the page's :class:`PageContext` with the line of
the block, and the block renders a visible ``<p class="handreiking-fout">`` with
the message instead. pymdown-extensions prints a block it cannot read (an
unknown name, broken option YAML) as literal ``///`` text; a treeprocessor finds
such text and reports it the same way, so it never reaches a page silently.

Everything works in plain Python-Markdown::

    markdown.markdown(text, extensions=[makeExtension(quotes=store, context=ctx)])
"""

from __future__ import annotations

import html
import re
import textwrap
import xml.etree.ElementTree as etree
from collections.abc import Callable, Mapping
from contextlib import ExitStack
from functools import lru_cache
from typing import Any, ClassVar

import yaml
from markdown import Markdown
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString
from pymdownx.blocks import BlocksExtension, BlocksProcessor
from pymdownx.blocks.block import Block, type_any

from handreiking.compat.markdown import (
    find_toc_marker_quickly,
    registered_with,
    reset_with_markdown,
    skip_plain_text,
)
from handreiking.compat.pymdownx import (
    BEFORE_INLINE_END,
    ValidatingBlock,
    registered_block_names,
)
from handreiking.content.bouwstenen import Bouwsteen, BouwsteenLibrary
from handreiking.content.quotes import (
    ROLE_LABELS,
    ROLES,
    Quote,
    QuoteStore,
    edition_anchor,
    opening,
    overview_src_uri,
    theme_anchor,
)
from handreiking.errors import choices, did_you_mean
from handreiking.markdown import themetables
from handreiking.markdown.context import (
    ERROR_CLASS,
    PageContext,
    register_source_lines,
    source_lines,
)
from handreiking.text import edition_name, theme_label, theme_slug

#: Value of ``editie`` that selects every edition.
ALL_EDITIONS = "alle"

#: The blocks this module reads in the preprocessor (their closing line is checked).
_OUR_BLOCKS = ("citaat", "citaten", "bouwsteen", "citatenoverzicht")

RE_OUR_HEADER = re.compile(
    r"^(?P<indent>[ ]{0,3})(?P<slashes>/{3,})[ ]*(?P<name>"
    + "|".join(_OUR_BLOCKS)
    + r")[ ]*(?:\|[ ]*(?P<arg>.*?)[ ]*)?$",
    re.I,
)
RE_ANY_HEADER = re.compile(r"^[ ]{0,3}/{3,}[ ]*[\w-]+")
RE_END = re.compile(r"^[ ]{0,3}(?P<slashes>/{3,})[ ]*$")
RE_FENCE = re.compile(r"^[ \t>]*(?P<fence>`{3,}|~{3,})")
# As pymdown-extensions reads a block header (pymdownx.blocks.RE_START).
RE_LITERAL_HEADER = re.compile(r"^[ ]{0,3}(/{3,})[ ]*([\w-]+)[ ]*(?:\|[ ]*(.*?)[ ]*)?$")
RE_SLASH_LINE = re.compile(r"^[ ]{0,3}(/{3,})")


def placed_quotes(md: Markdown) -> list[str]:
    """Ids of the quotes the last converted page placed, in order."""
    page = registered_with(md, _Page)
    return list(page.placed_quotes) if page is not None else []


def placed_bouwstenen(md: Markdown) -> list[str]:
    """Ids of the theory boxes the last converted page placed, in order."""
    page = registered_with(md, _Page)
    return list(page.placed_bouwstenen) if page is not None else []


def _show_error(el: etree.Element, message: str) -> None:
    """Turn ``el`` into the visible error paragraph."""
    for child in list(el):
        el.remove(child)
    el.tag = "p"
    el.attrib.clear()
    el.set("class", ERROR_CLASS)
    el.text = AtomicString(message)


def _error_element(message: str) -> etree.Element:
    el = etree.Element("p")
    _show_error(el, message)
    return el


#: The class of what only the web shows: the book (outputs/pdf.py) leaves it out.
WEB_ONLY = "alleen-web"


def _add_class(el: etree.Element, name: str) -> None:
    existing = el.get("class")
    el.set("class", f"{name} {existing}" if existing else name)


#: What may precede a block on its source line: indentation, '>' of a quote, list markers.
_LINE_PREFIX = r"^(?:[ \t>]|[-*+][ \t]|\d+[.)][ \t])*"


@lru_cache(maxsize=1024)
def _header_pattern(name: str, argument: str | None) -> re.Pattern[str]:
    arg = rf"\|[ ]*{re.escape(argument)}[ ]*" if argument else r"(?:\|[ ]*)?"
    return re.compile(rf"{_LINE_PREFIX}/{{3,}}[ ]*{re.escape(name)}[ ]*{arg}$", re.I)


@lru_cache(maxsize=64)
def _header_any(name: str) -> re.Pattern[str]:
    """A header of block ``name`` with any argument (group ``arg``, spaces around it off)."""
    return re.compile(
        rf"{_LINE_PREFIX}/{{3,}}[ ]*{re.escape(name)}[ ]*(?:\|[ ]*(?P<arg>.*?))?[ ]*$", re.I
    )


class _HeaderLine:
    """Matches what ``_header_pattern(name, argument)`` matches, without compiling a
    pattern for every argument (each quote id is another one, so ``re``'s cache never
    hits). Arguments the quick comparison cannot decide (non-ASCII, spaces around) use
    that pattern itself."""

    def __init__(self, name: str, argument: str | None) -> None:
        self.name = name
        self.argument = argument or None
        self.any = _header_any(name)
        self.exact: re.Pattern[str] | None = None
        if self.argument and (
            not self.argument.isascii() or self.argument != self.argument.strip(" ")
        ):
            self.exact = _header_pattern(name, self.argument)

    def match(self, line: str) -> bool:
        """Whether ``line`` is this block's header."""
        if self.exact is not None:
            return self.exact.match(line) is not None
        found = self.any.match(line)
        if found is None:
            return False
        given = found.group("arg")
        if self.argument is None:
            return not given
        if given is None:
            return False
        if not given.isascii():  # re.I folds some non-ASCII letters onto ASCII ones
            return _header_pattern(self.name, self.argument).match(line) is not None
        return given.lower() == self.argument.lower()


class _Page:
    """What the blocks of one Markdown instance share during a conversion."""

    def __init__(
        self,
        md: Markdown,
        quotes: QuoteStore,
        library: BouwsteenLibrary,
        edition_names: Mapping[str, str],
        context: PageContext,
        quote_page: Callable[[Quote], str | None] | None = None,
        quote_places: Callable[[Quote], list[tuple[str, str]]] | None = None,
    ) -> None:
        self.md = md
        self._quote_page = quote_page
        self._quote_places = quote_places
        self.quotes = quotes
        self.library = library
        self.edition_names = edition_names
        self.context = context
        #: source lines already attributed to a block, so a repeated block gets its own line
        self.claimed: set[int] = set()
        #: blocks created but not (yet) ended
        self.open: list[_LeafBlock] = []
        #: ids placed on the page, in order, once each; until ``md.reset()``
        self.placed_quotes: list[str] = []
        self.placed_bouwstenen: list[str] = []

    def reset(self) -> None:
        """Forget what the last page placed (``md.reset()``, between two pages)."""
        self.placed_quotes.clear()
        self.placed_bouwstenen.clear()

    def start(self) -> None:
        self.claimed.clear()
        self.open.clear()

    def locate(self, pattern: re.Pattern[str] | _HeaderLine) -> int | None:
        """The first unclaimed source line matching ``pattern``; claims it."""
        for index, text in enumerate(source_lines(self.md)):
            if index + 1 not in self.claimed and pattern.match(text):
                self.claimed.add(index + 1)
                return index + 1
        return None

    def quote_page(self, quote: Quote) -> str | None:
        """The overview page a quote's caption links to; ``None``: none in this build."""
        if self._quote_page is None:
            return overview_src_uri(quote.edition)
        return self._quote_page(quote)

    def quote_places(self, quote: Quote) -> list[tuple[str, str]]:
        """The chapters that place a quote, as (title, src_uri); none when not known."""
        return self._quote_places(quote) if self._quote_places is not None else []

    def header_line(self, name: str, argument: str | None) -> int | None:
        return self.locate(_HeaderLine(name, argument))

    def report(self, message: str, line: int | None) -> None:
        self.context.problem(message, line)

    def edition_name(self, edition: str) -> str:
        return edition_name(edition, self.edition_names)

    def known_editions(self) -> list[str]:
        editions = list(self.edition_names)
        editions += [e for e in self.quotes.edition_ids() if e not in editions]
        return editions

    def place(self, placed: list[str], item_id: str) -> None:
        if item_id not in placed:
            placed.append(item_id)


# ------------------------------------------------------------------------- quotes


def _fill_quote(el: etree.Element, quote: Quote, page: _Page, *, overview: bool) -> None:
    """Make ``el`` the figure of ``quote``.

    In a chapter the caption names role, edition and meeting and links to the
    quote in its edition's overview; on an overview page (``overview``) the figure
    carries ``id="<quote-id>"`` and the caption links to itself.
    """
    el.tag = "figure"
    _add_class(el, "citaat")
    el.set("data-citaat", quote.id)
    if overview:
        el.set("id", quote.id)
    blockquote = etree.SubElement(el, "blockquote")
    for paragraph in re.split(r"\n\s*\n", quote.tekst):
        p = etree.SubElement(blockquote, "p")
        p.text = AtomicString(paragraph.strip())
    parts = [quote.role_label]
    if not quote.is_participant:
        # a motto or saying from elsewhere: its origin only, no edition or meeting,
        # and no link to an overview of participants' words (it is in none)
        caption = etree.SubElement(el, "figcaption")
        caption.text = AtomicString("— " + quote.role_label)
        el.set("class", f"{el.get('class')} citaat--elders")
        return
    if not overview:
        parts.append(f"editie {page.edition_name(quote.edition)}")
    if quote.bijeenkomst is not None:
        parts.append(f"bijeenkomst {quote.bijeenkomst}")
    text = "— " + ", ".join(parts)
    if overview and quote.bron:
        text += f" · {quote.bron}"
    caption = etree.SubElement(el, "figcaption")
    target = None if overview else page.quote_page(quote)
    caption.text = AtomicString(text + (" · " if overview else ""))
    if overview:
        # every chapter that places the quote, named by its title: where the link goes
        places = page.quote_places(quote)
        last: etree.Element | None = None
        for index, (title, src_uri) in enumerate(places):
            if index == 0:
                caption.text = AtomicString(f"{caption.text}staat in ")
            elif last is not None:
                last.tail = AtomicString(", " if index < len(places) - 1 else " en ")
            last = etree.SubElement(caption, "a", {"href": page.context.link(src_uri)})
            last.text = AtomicString(title)
        if last is not None:
            last.tail = AtomicString(" · ")
        link = etree.SubElement(
            caption,
            "a",
            {
                "href": f"#{quote.id}",
                "class": "citaat-anker",
                "title": "Vaste link naar dit citaat",
            },
        )
        link.text = AtomicString("vaste link")
    elif target is not None:
        # a link to the overview means nothing on paper: the book leaves it out
        web = etree.SubElement(caption, "span", {"class": WEB_ONLY})
        web.text = AtomicString(" · ")
        link = etree.SubElement(web, "a", {"href": page.context.link(target, quote.id)})
        link.text = AtomicString("alle citaten")


class _LeafBlock(ValidatingBlock):
    """A block whose content is no Markdown: nothing, or options as YAML.

    Argument and option mistakes are collected instead of rejected (pymdown-
    extensions would print the block as literal text); ``finish`` renders the
    block, or the error, when its end is reached.
    """

    ARGUMENT: ClassVar[bool | None] = None
    OPTIONS: ClassVar[dict[str, tuple[Any, Any]]] = {}
    #: what the argument is, for messages; ``None``: the block takes no argument
    ARGUMENT_NAME: ClassVar[str | None] = None
    #: example of the argument, for messages
    ARGUMENT_EXAMPLE: ClassVar[str] = ""
    #: example of an option, for messages about a block without argument
    OPTION_EXAMPLE: ClassVar[str] = "thema: vertrouwen"

    def on_init(self) -> None:
        self.page: _Page = self.config["page"]
        self.problems: list[str] = []
        self.given: dict[str, Any] = {}
        self.scratch = etree.Element("div")
        self.element: etree.Element | None = None
        self.line: int | None = None

    @property
    def arg(self) -> str:
        argument = getattr(self, "argument", None)
        return argument.strip() if isinstance(argument, str) else ""

    def option_names(self) -> list[str]:
        return [name for name in self.OPTIONS]

    def on_options(self, arg: Any, options: dict[str, Any]) -> dict[str, Any]:
        # pymdown-extensions rejects an unknown option by printing the block as
        # text; collect it instead, to report it with the block's line.
        known = {}
        for key, value in options.items():
            if self.accepts_option(key):
                known[key] = value
            else:
                self.problems.append(self.unknown_option(str(key)))
        self.given = {k: v for k, v in known.items() if k != "attrs"}
        return known

    def unknown_option(self, key: str) -> str:
        names = self.option_names()
        if not names:
            return f"'/// {self.NAME}' heeft geen opties, dus ook geen '{key}'"
        return f"onbekende optie '{key}' in '/// {self.NAME}'{choices(key, names)}"

    def on_validate(self, parent: etree.Element) -> bool:
        if self.ARGUMENT_NAME and not self.arg:
            self.problems.append(
                f"'/// {self.NAME}' mist {self.ARGUMENT_NAME}: "
                f"schrijf '/// {self.NAME} | {self.ARGUMENT_EXAMPLE}'"
            )
        elif not self.ARGUMENT_NAME and self.arg:
            self.problems.append(
                f"'/// {self.NAME}' heeft geen argument na '|'; "
                f"schrijf de opties eronder, bijvoorbeeld '{self.OPTION_EXAMPLE}'"
            )
        return True

    def on_markdown(self) -> str:
        return "raw"

    def on_create(self, parent: etree.Element) -> etree.Element:
        self.line = self.page.header_line(self.NAME, self.arg or None)
        self.page.open.append(self)
        self.element = etree.SubElement(parent, "div")
        return self.element

    def on_add(self, block: etree.Element) -> etree.Element:
        return self.scratch

    def on_end(self, block: etree.Element) -> None:
        if self in self.page.open:
            self.page.open.remove(self)
        self.finish(block, (self.scratch.text or "").strip())

    def finish(self, el: etree.Element, content: str) -> None:
        raise NotImplementedError

    def fail(self, el: etree.Element, *messages: str) -> None:
        """Report each message at the block's line and show them in its place."""
        for message in messages:
            self.page.report(message, self.line)
        _show_error(el, " ".join(_sentence(m) for m in messages))

    def no_content(self, what: str) -> str:
        return (
            f"'/// {self.NAME}' heeft geen inhoud: {what}; laat alleen "
            f"'/// {self.NAME} | {self.arg or self.ARGUMENT_EXAMPLE}' en '///' staan"
        )

    def read_options(self, content: str) -> dict[str, Any]:
        """The options: header options, then YAML written inside the block."""
        options = dict(self.given)
        if not content:
            return options
        try:
            data = yaml.safe_load(content)
        except yaml.YAMLError as error:
            problem = getattr(error, "problem", None) or str(error)
            self.problems.append(
                f"de opties van '/// {self.NAME}' zijn geen geldige YAML: {problem}"
            )
            return options
        if not isinstance(data, dict):
            self.problems.append(
                f"schrijf de opties van '/// {self.NAME}' als 'naam: waarde', "
                f"bijvoorbeeld '{self.OPTION_EXAMPLE}'"
            )
            return options
        for key, value in data.items():
            if key in self.OPTIONS:
                options[key] = value
            else:
                self.problems.append(self.unknown_option(str(key)))
        return options


def _sentence(message: str) -> str:
    message = message[:1].upper() + message[1:]
    return message if message.endswith((".", "?", "!")) else message + "."


class CitaatBlock(_LeafBlock):
    """``/// citaat | <id>``: one quote."""

    NAME = "citaat"
    ARGUMENT_NAME = "de id van het citaat"
    ARGUMENT_EXAMPLE = "<id>"
    #: ``editie: <id>`` says a quote of another edition is placed on purpose
    OPTIONS: ClassVar[dict[str, tuple[Any, Any]]] = {"editie": (None, type_any)}

    def finish(self, el: etree.Element, content: str) -> None:
        options = dict(self.given)
        if content:
            try:
                data = yaml.safe_load(content)
            except yaml.YAMLError:
                data = None
            if isinstance(data, dict) and set(data) <= set(self.OPTIONS):
                options.update(data)
            else:
                self.problems.append(self.no_content("de tekst staat in citaten.yml"))
        if self.problems:
            self.fail(el, *self.problems)
            return
        store = self.page.quotes
        quote = store.get(self.arg)
        if quote is None:
            if self.arg in store.broken:
                # the mistake in citaten.yml was reported when loading
                _show_error(
                    el,
                    f"Citaat '{self.arg}' kan niet worden getoond: "
                    f"{store.broken[self.arg]} bevat fouten.",
                )
            else:
                self.fail(
                    el,
                    f"onbekend citaat '{self.arg}'{did_you_mean(self.arg, store.published_ids())}",
                )
        elif not quote.toestemming:
            self.fail(
                el,
                f"citaat '{quote.id}' mag niet worden geplaatst: er is geen toestemming om het "
                f"te publiceren (toestemming: false in {quote.where})",
            )
        else:
            self._check_edition(quote, options.get("editie"))
            _fill_quote(el, quote, self.page, overview=False)
            self.page.place(self.page.placed_quotes, quote.id)

    def _check_edition(self, quote: Quote, declared: Any) -> None:
        """Warn for a quote of another edition placed without saying so (``editie:``)."""
        own = self.page.context.edition
        name = self.page.edition_name(quote.edition)
        if declared is None:
            if own is not None and quote.edition != own:
                self.page.report(
                    f"citaat '{quote.id}' komt uit de editie {name}, maar staat in een hoofdstuk "
                    f"van de editie {self.page.edition_name(own)}; is dat zo bedoeld, zet dan "
                    f"'editie: {quote.edition}' op een regel tussen '/// citaat | {quote.id}' "
                    "en '///'",
                    self.line,
                )
        elif str(declared) != quote.edition:
            self.page.report(
                f"citaat '{quote.id}' komt uit de editie {name}, niet uit '{declared}'; "
                f"schrijf 'editie: {quote.edition}'",
                self.line,
            )


class _SelectingBlock(_LeafBlock):
    """Shared option reading for blocks that select quotes by edition."""

    def read_edition(self, options: dict[str, Any]) -> str | None:
        """The selected edition id, ``ALL_EDITIONS``, or ``None`` after a problem."""
        value = options.get("editie")
        if value is None:
            return self.page.context.edition or ALL_EDITIONS
        known = self.page.known_editions()
        if isinstance(value, str) and (value == ALL_EDITIONS or value in known):
            return value
        word = str(value)
        self.problems.append(f"onbekende editie '{word}'{choices(word, [*known, ALL_EDITIONS])}")
        return None


def _words(value: Any) -> list[str] | None:
    if isinstance(value, str) and value.strip():
        return [value.strip()]
    if isinstance(value, list) and value and all(isinstance(v, str) and v.strip() for v in value):
        return [v.strip() for v in value]
    return None


class CitatenBlock(_SelectingBlock):
    """``/// citaten`` with ``thema``, ``rol``, ``editie``: every matching quote."""

    NAME = "citaten"
    OPTIONS: ClassVar[dict[str, tuple[Any, Any]]] = {
        "thema": (None, type_any),
        "rol": (None, type_any),
        "editie": (None, type_any),
    }

    def finish(self, el: etree.Element, content: str) -> None:
        options = self.read_options(content)
        store = self.page.quotes
        themes = roles = None
        if options.get("thema") is not None:
            themes = _words(options["thema"])
            if themes is None:
                self.problems.append(
                    "'thema' moet een thema of een lijst van thema's zijn, "
                    "bijvoorbeeld 'thema: vertrouwen'"
                )
            else:
                known = {theme_slug(t): t for t in store.themes()}
                for theme in themes:
                    if theme_slug(theme) not in known:
                        self.problems.append(
                            f"onbekend thema '{theme}'{did_you_mean(theme, list(known.values()))}"
                        )
        if options.get("rol") is not None:
            roles = _words(options["rol"])
            if roles is None:
                self.problems.append(
                    "'rol' moet een rol of een lijst van rollen zijn, "
                    "bijvoorbeeld 'rol: vrijwilliger'"
                )
            else:
                for role in roles:
                    if role not in ROLE_LABELS:
                        self.problems.append(f"onbekende rol '{role}'{choices(role, ROLES)}")
        edition = self.read_edition(options)
        if self.problems or edition is None:
            self.fail(el, *self.problems)
            return
        quotes = store.select(
            thema=themes, rol=roles, edition=None if edition == ALL_EDITIONS else edition
        )
        if not quotes:
            criteria = []
            if themes:
                criteria.append(f"thema {_either(themes)}")
            if roles:
                criteria.append(f"rol {_either(roles)}")
            where = (
                "in alle edities"
                if edition == ALL_EDITIONS
                else f"in de editie {self.page.edition_name(edition)}"
            )
            self.fail(
                el,
                f"geen citaten gevonden {'met ' + ' en '.join(criteria) + ' ' if criteria else ''}"
                f"{where}",
            )
            return
        _add_class(el, "citaten")
        for quote in quotes:
            _fill_quote(etree.SubElement(el, "figure"), quote, self.page, overview=False)
            self.page.place(self.page.placed_quotes, quote.id)


def _either(words: list[str]) -> str:
    quoted = [f"'{w}'" for w in words]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " of " + quoted[-1]


class CitatenoverzichtBlock(_SelectingBlock):
    """``/// citatenoverzicht``: the body of a quote overview page.

    ``editie: <id>``: the edition's quotes under ``<h2 id="thema-…">`` per theme;
    ``editie: alle``: per edition (``<h2 id="editie-…">``) and theme (``<h3>``).
    Each quote is shown once, under its first theme, with ``id="<quote-id>"``;
    its other themes list it under "Zie ook".
    """

    NAME = "citatenoverzicht"
    OPTIONS: ClassVar[dict[str, tuple[Any, Any]]] = {"editie": (None, type_any)}
    OPTION_EXAMPLE = "editie: zuidoost"

    def finish(self, el: etree.Element, content: str) -> None:
        options = self.read_options(content)
        selected: list[str] | None = None
        edition: str | None = None
        if isinstance(options.get("editie"), list):
            # several editions, as on /citaten/ when only some are built
            known = self.page.known_editions()
            selected = []
            for each in options["editie"]:
                word = str(each)
                if word in known:
                    selected.append(word)
                else:
                    self.problems.append(f"onbekende editie '{word}'{choices(word, known)}")
        else:
            edition = self.read_edition(options)
            if edition == ALL_EDITIONS:
                selected = self.page.known_editions()
        if self.problems or (edition is None and selected is None):
            self.fail(el, *self.problems)
            return
        _add_class(el, "citatenoverzicht")
        store = self.page.quotes
        if selected is None and edition is not None:
            if not store.published(edition):
                p = etree.SubElement(el, "p")
                p.text = AtomicString("Voor deze editie zijn nog geen citaten opgenomen.")
            self._themes(el, edition, "h2", None)
            return
        editions = [e for e in selected or [] if store.published(e)]
        if not editions:
            p = etree.SubElement(el, "p")
            p.text = AtomicString("Er zijn nog geen citaten opgenomen.")
        for each in editions:
            heading = etree.SubElement(el, "h2", {"id": edition_anchor(each)})
            heading.text = AtomicString(f"Editie {self.page.edition_name(each)}")
            self._themes(el, each, "h3", each)

    def _themes(self, el: etree.Element, edition: str, tag: str, prefix: str | None) -> None:
        quotes = self.page.quotes.published(edition)
        themes = self.page.quotes.themes(edition)
        # each quote's themes as slugs, once, not once per theme of the edition
        slugged = [
            (quote, theme_slug(quote.thema[0]), {theme_slug(t) for t in quote.thema})
            for quote in (quotes if themes else [])
        ]
        for theme in themes:
            slug = theme_slug(theme)
            heading = etree.SubElement(el, tag, {"id": theme_anchor(theme, prefix)})
            heading.text = AtomicString(theme_label(theme))
            also = []
            for quote, first, slugs in slugged:
                if first == slug:
                    _fill_quote(etree.SubElement(el, "figure"), quote, self.page, overview=True)
                elif slug in slugs:
                    also.append(quote)
            if also:
                p = etree.SubElement(el, "p", {"class": "citaten-zie-ook"})
                p.text = AtomicString("Zie ook: ")
                for index, quote in enumerate(also):
                    link = etree.SubElement(p, "a", {"href": f"#{quote.id}"})
                    link.text = AtomicString(opening(quote.tekst))
                    link.tail = AtomicString(", " if index < len(also) - 1 else "")


# ------------------------------------------------------------------- theory boxes


class BouwsteenBlock(_LeafBlock):
    """``/// bouwsteen | <id>`` that the preprocessor did not expand: always a mistake."""

    NAME = "bouwsteen"
    ARGUMENT_NAME = "de id van de bouwsteen"
    ARGUMENT_EXAMPLE = "<id>"

    def finish(self, el: etree.Element, content: str) -> None:
        library = self.page.library
        if content and self.arg:
            self.problems.append(
                self.no_content(f"de tekst staat in docs/bouwstenen/{self.arg}.md")
            )
        if self.problems:
            self.fail(el, *self.problems)
        elif self.arg in library:
            self.fail(
                el,
                f"bouwsteen '{self.arg}' kan hier niet worden geplaatst: zet "
                f"'/// bouwsteen | {self.arg}' aan het begin van een regel, niet ingesprongen "
                "in een lijst of citaat",
            )
        elif self.arg in library.broken:
            _show_error(
                el,
                f"Bouwsteen '{self.arg}' kan niet worden getoond: "
                f"{library.broken[self.arg]} bevat fouten.",
            )
        else:
            self.fail(
                el, f"onbekende bouwsteen '{self.arg}'{did_you_mean(self.arg, library.ids())}"
            )


class _PlacedBouwsteenBlock(Block):
    """``_bouwsteen``: a box expanded by the preprocessor, with its body as content.

    Mistakes in the body belong to the box's file: they are reported once, on the
    box's own page at the line in that file, not again by every chapter that
    places the box. While the body is parsed here, and while its text is
    converted (:class:`_PlacedBodies`), the page's context is muted; what cannot
    be read still shows as a visible error in the chapter.
    """

    NAME = "_bouwsteen"
    ARGUMENT = True

    def on_init(self) -> None:
        self.page: _Page = self.config["page"]
        self.body: etree.Element | None = None
        self.more: etree.Element | None = None
        self.mute = ExitStack()

    def on_markdown(self) -> str:
        return "block"

    def on_create(self, parent: etree.Element) -> etree.Element:
        box = self.page.library.get(str(self.argument).strip())
        if box is None:  # only reachable by writing the internal name by hand
            return etree.SubElement(parent, "div")
        self.page.place(self.page.placed_bouwstenen, box.id)
        self.mute.enter_context(self.page.context.muted())
        return self._aside(parent, box)

    def _aside(self, parent: etree.Element, box: Bouwsteen) -> etree.Element:
        aside = etree.SubElement(
            parent,
            "aside",
            {
                "class": "bouwsteen",
                "data-bouwsteen": box.id,
                "aria-label": f"Bouwsteen: {box.titel}",
            },
        )
        # a paragraph, not a heading: a box must not add entries to the page's contents
        head = etree.SubElement(aside, "p", {"class": "bouwsteen-kop"})
        kind = etree.SubElement(head, "span", {"class": "bouwsteen-soort"})
        kind.text = AtomicString("Bouwsteen")
        kind.tail = AtomicString(" ")
        title = etree.SubElement(head, "strong", {"class": "bouwsteen-titel"})
        title.text = AtomicString(box.titel)
        self.body = etree.SubElement(aside, "div", {"class": "bouwsteen-inhoud"})
        # the book prints the whole box: a link to its page is for the web only
        self.more = etree.SubElement(aside, "p", {"class": f"bouwsteen-meer {WEB_ONLY}"})
        link = etree.SubElement(self.more, "a", {"href": self.page.context.link(box.src_uri)})
        link.text = AtomicString("Lees meer over deze bouwsteen")
        return aside

    def on_add(self, block: etree.Element) -> etree.Element:
        return self.body if self.body is not None else etree.Element("div")

    def on_end(self, block: etree.Element) -> None:
        self.mute.close()
        if self.body is None or self.more is None:
            return
        # the sources come after the body, outside it
        for child in list(self.body):
            if child.get("class") == "bouwsteen-bronnen":
                self.body.remove(child)
                block.insert(list(block).index(self.more), child)

    def on_inline_end(self, block: etree.Element) -> None:
        # headings in the body would enter the chapter's table of contents
        if self.body is None:
            return
        for el in self.body.iter():
            if el.tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
                el.tag = "p"
                el.attrib.pop("id", None)
                _add_class(el, "bouwsteen-tussenkop")


class _BouwsteenBronnenBlock(Block):
    """``_bouwsteen-bronnen``: the "Bronnen:" paragraph of an expanded box.

    Its content is Markdown (``**Bronnen:** [@a; @b]``), so whatever the citation
    extension hooks into (text, blocks or inline) renders the citations.
    """

    NAME = "_bouwsteen-bronnen"

    def on_markdown(self) -> str:
        return "block"

    def on_create(self, parent: etree.Element) -> etree.Element:
        return etree.SubElement(parent, "div", {"class": "bouwsteen-bronnen"})

    def on_end(self, block: etree.Element) -> None:
        children = list(block)
        if len(children) == 1 and children[0].tag == "p" and not block.text:
            # unwrap to <p class="bouwsteen-bronnen">
            p = children[0]
            block.remove(p)
            block.tag = "p"
            block.text = p.text
            block.extend(list(p))


# ----------------------------------------------------------------- preprocessing


class _BlocksPreprocessor(Preprocessor):
    """Expands theory boxes and closes unclosed blocks, before the blocks parser runs.

    Runs after whitespace normalisation and before fenced code, so it skips
    fenced code itself (a page may show the syntax in a code block).
    """

    def __init__(self, md: Markdown, page: _Page) -> None:
        super().__init__(md)
        self.page = page

    def run(self, lines: list[str]) -> list[str]:
        self.page.start()
        out: list[str] = []
        fence: re.Pattern[str] | None = None
        index = 0
        while index < len(lines):
            line = lines[index]
            if fence is not None:
                if fence.match(line):
                    fence = None
                out.append(line)
                index += 1
                continue
            opening = RE_FENCE.match(line)
            if opening:
                mark = opening.group("fence")
                fence = re.compile(rf"^[ \t>]*{re.escape(mark[0])}{{{len(mark)},}}[ \t]*$")
                out.append(line)
                index += 1
                continue
            header = RE_OUR_HEADER.match(line)
            if header is None:
                out.append(line)
                index += 1
                continue
            end = self._end(lines, index, len(header.group("slashes")))
            if end is None:
                out += self._unclosed(header)
                index += 1
                continue
            expanded = self._expand(lines, index, end, header)
            if expanded is None:
                out.append(line)
                index += 1
            else:
                out += expanded
                index = end + 1
        return out

    @staticmethod
    def _end(lines: list[str], start: int, length: int) -> int | None:
        """The line that closes the block opened at ``start``, if any."""
        for index in range(start + 1, len(lines)):
            end = RE_END.match(lines[index])
            if end:
                return index if len(end.group("slashes")) == length else None
            if RE_ANY_HEADER.match(lines[index]):
                return None
        return None

    def _unclosed(self, header: re.Match[str]) -> list[str]:
        name = header.group("name").lower()
        arg = header.group("arg") or None
        line = self.page.header_line(name, arg)
        message = (
            f"'/// {name}' wordt niet afgesloten: zet '{header.group('slashes')}' op een eigen "
            "regel onder het blok"
        )
        self.page.report(message, line)
        placeholder = self.md.htmlStash.store(
            f'<p class="{ERROR_CLASS}">{html.escape(_sentence(message), quote=False)}</p>'
        )
        return ["", placeholder, ""]

    def _expand(
        self, lines: list[str], start: int, end: int, header: re.Match[str]
    ) -> list[str] | None:
        """The lines of a well-formed ``/// bouwsteen | id``, expanded; else ``None``."""
        if header.group("name").lower() != "bouwsteen":
            return None
        box = self.page.library.get((header.group("arg") or "").strip())
        if box is None:
            return None
        inner = lines[start + 1 : end]
        options: list[str] = []
        while inner and inner[0].startswith("    ") and inner[0].strip():
            options.append(inner.pop(0))
        if any(text.strip() for text in inner):
            return None  # content: the bouwsteen block reports it
        # claim the header's line, so a later block on the page gets its own
        self.page.header_line("bouwsteen", box.id)
        body = [text.expandtabs(self.md.tab_length) for text in box.placed_body().split("\n")]
        longest = max(
            (len(m.group(0)) for m in map(re.compile(r"^\s*/+").match, body) if m), default=0
        )
        slashes = "/" * max(4, longest + 1)
        indent = header.group("indent")
        out = ["", f"{indent}{slashes} _bouwsteen | {box.id}", *options, "", *body, ""]
        # Unknown keys in 'bronnen' are reported by the loader, at the key's line.
        if box.bronnen:
            citation = "; ".join(f"@{key}" for key in box.bronnen)
            out += ["/// _bouwsteen-bronnen", "", f"**Bronnen:** [{citation}]", "", "///", ""]
        out += [f"{indent}{slashes}", ""]
        return out


# ------------------------------------------------------------- placed box bodies

#: The parts of a placed box that come from the box's file.
_BOX_PARTS = ("bouwsteen-inhoud", "bouwsteen-bronnen")


class _PlacedBodiesOut(Treeprocessor):
    """Takes the bodies of placed boxes out of the tree before its text is converted."""

    def __init__(self, md: Markdown, held: list[tuple[etree.Element, int, etree.Element]]) -> None:
        super().__init__(md)
        self.held = held

    def run(self, root: etree.Element) -> None:
        self.held.clear()
        for aside in root.iter("aside"):
            if aside.get("data-bouwsteen") is None:
                continue
            for index, child in enumerate(list(aside)):
                if child.get("class") in _BOX_PARTS:
                    self.held.append((aside, index, child))
        for aside, _, child in self.held:
            aside.remove(child)


class _PlacedBodies(Treeprocessor):
    """Puts the bodies back and converts their text with the page's context muted.

    Runs right after the inline patterns and before pymdown-extensions' inline-end
    hooks; the box's own page reports the same text at the right lines.
    """

    def __init__(
        self,
        md: Markdown,
        page: _Page,
        held: list[tuple[etree.Element, int, etree.Element]],
        unparsed: _UnparsedBlocksTreeprocessor,
    ) -> None:
        super().__init__(md)
        self.page = page
        self.held = held
        self.unparsed = unparsed

    def run(self, root: etree.Element) -> None:
        inline = self.md.treeprocessors["inline"]
        with self.page.context.muted():
            for aside, index, child in self.held:
                holder = etree.Element("div")
                holder.append(child)
                self.unparsed.run(holder)
                inline.run(holder, ancestors=["aside"])  # type: ignore[call-arg]
                holder.remove(child)
                aside.insert(index, child)
        self.held.clear()


# ------------------------------------------------------------------ literal blocks


class _UnparsedBlocksTreeprocessor(Treeprocessor):
    """Reports block syntax that pymdown-extensions left as text, and blocks never closed.

    Runs before inline processing, when a paragraph's text is still its source.
    Registered under the shared name ``handreiking_unparsed_blocks``: another
    extension of this package registering the same name replaces it, so each
    broken block is reported once.
    """

    def __init__(self, md: Markdown, page: _Page) -> None:
        super().__init__(md)
        self.page = page

    def run(self, root: etree.Element) -> None:
        for block in list(self.page.open):
            message = (
                f"'/// {block.NAME}' wordt niet afgesloten: zet '///' op een eigen regel "
                "onder het blok"
            )
            self.page.report(message, block.line)
            if block.element is not None:
                _show_error(block.element, _sentence(message))
        self.page.open.clear()

        pending: dict[int, int] = {}
        parents = {child: parent for parent in root.iter() for child in parent}
        for el in list(root.iter()):
            if el.tag not in ("p", "li", "dd") or not el.text or "///" not in el.text:
                continue
            self._check(el, parents, pending)

    def _check(
        self,
        el: etree.Element,
        parents: dict[etree.Element, etree.Element],
        pending: dict[int, int],
    ) -> None:
        text = str(el.text)
        kept: list[str] = []
        errors: list[str] = []
        opened = None
        dropped = False
        for line in text.split("\n"):
            slashes = RE_SLASH_LINE.match(line)
            if slashes is None:
                kept.append(line)
                continue
            dropped = True
            end = RE_END.match(line)
            if end:
                length = len(end.group("slashes"))
                if opened == length:
                    opened = None
                elif pending.get(length):
                    # the end of a block whose header was reported already
                    pending[length] -= 1
                else:
                    errors.append(
                        self._problem(
                            "losse '///' zonder blok erboven; haal hem weg of open het blok "
                            "met '/// naam'",
                            line,
                        )
                    )
                continue
            if opened is not None:
                pending[opened] = pending.get(opened, 0) + 1
            # even a header that cannot be read opens a block: its '///' is no loose end
            opened = len(slashes.group(1))
            errors.append(self._problem(self._diagnose(line, text), line))
        if opened is not None:
            pending[opened] = pending.get(opened, 0) + 1
        if not dropped:
            return
        parent = parents.get(el)
        remainder = "\n".join(kept).strip()
        if parent is None:
            return
        position = list(parent).index(el)
        if el.tag == "p":
            for offset, message in enumerate(errors):
                parent.insert(position + offset, _error_element(message))
            if remainder:
                el.text = remainder
            else:
                parent.remove(el)
        else:  # a list item or definition: keep the element, show the error inside
            el.text = remainder
            for offset, message in enumerate(errors):
                el.insert(offset, _error_element(message))

    def _problem(self, message: str, line: str) -> str:
        where = self.page.locate(re.compile(rf"{_LINE_PREFIX}{re.escape(line.strip())}[ \t]*$"))
        self.page.report(message, where)
        return _sentence(message)

    def _diagnose(self, line: str, text: str) -> str:
        header = RE_LITERAL_HEADER.match(line)
        if header is None:
            return (
                f"'{line.strip()}' is geen geldige blokkop; schrijf '/// naam' of "
                "'/// naam | argument', of zet een '\\' voor '///' als het tekst is"
            )
        name = header.group(2).lower()
        registered = self._registered()
        if name not in registered:
            public = [n for n in registered if not n.startswith("_")]
            return f"onbekend blok '/// {name}'{did_you_mean(name, public)}"
        if name in _OUR_BLOCKS:
            rest = text.split(line, 1)[1].split("\n")[1:]
            indented = []
            for option in rest:
                if not option.startswith("    "):
                    break
                indented.append(option)
            try:
                data = yaml.safe_load(textwrap.dedent("\n".join(indented)))
            except yaml.YAMLError as error:
                problem = getattr(error, "problem", None) or str(error)
                return f"de opties van '/// {name}' zijn geen geldige YAML: {problem}"
            if not isinstance(data, dict):
                return (
                    f"schrijf de opties van '/// {name}' als 'naam: waarde', "
                    "bijvoorbeeld 'thema: vertrouwen'"
                )
            return (
                f"'/// {name}' heeft een ongeldige optie 'attrs'; haal die regel weg "
                "(de site bepaalt zelf hoe een blok eruitziet)"
            )
        return (
            f"'/// {name}' kan niet worden gelezen: controleer het argument na '|' "
            "en de opties eronder"
        )

    def _registered(self) -> list[str]:
        return registered_block_names(self.md)


# ---------------------------------------------------------------------- extension


class HandreikingBlocksExtension(BlocksExtension):
    """The ``citaat``, ``citaten``, ``citatenoverzicht`` and ``bouwsteen`` blocks."""

    def __init__(self, **kwargs: Any) -> None:
        # No default may be None or a bool: Python-Markdown would turn the value
        # passed in into a bool (Extension.setConfig).
        self.config = {
            "quotes": ["", "De citaten van alle edities (QuoteStore)"],
            "bouwstenen": ["", "De bouwstenen (BouwsteenLibrary)"],
            "edition_names": [{}, "Weergavenaam per editie-id, zoals {'zuidoost': 'Zuidoost'}"],
            "context": ["", "De pagina die wordt omgezet (PageContext)"],
            "quote_page": [
                "",
                "callable(Quote) → src_uri van het overzicht met dat citaat, of None (geen "
                "link); leeg: het overzicht van de editie van het citaat",
            ],
            "quote_places": [
                "",
                "callable(Quote) → de hoofdstukken waar het citaat staat, als (titel, "
                "src_uri); een overzicht linkt naar elk",
            ],
        }
        super().__init__(**kwargs)
        self._default_context = PageContext()

    def _option(self, key: str) -> Any:
        value = self.getConfig(key)
        return None if isinstance(value, str) and value == "" else value

    def extendMarkdownBlocks(self, md: Markdown, block_mgr: BlocksProcessor) -> None:
        register_source_lines(md)
        # the same HTML, without trying each inline pattern on a text none can match
        skip_plain_text(md)
        # the same tree, without joining every element's text to find no "[TOC]"
        find_toc_marker_quickly(md)
        quotes = self._option("quotes")
        library = self._option("bouwstenen")
        context = self._option("context")
        page = _Page(
            md,
            quotes=quotes if quotes is not None else QuoteStore(),
            library=library if library is not None else BouwsteenLibrary(),
            edition_names=dict(self._option("edition_names") or {}),
            context=context if context is not None else self._default_context,
            quote_page=self._option("quote_page"),
            quote_places=self._option("quote_places"),
        )
        for block in (
            CitaatBlock,
            CitatenBlock,
            CitatenoverzichtBlock,
            BouwsteenBlock,
            _PlacedBouwsteenBlock,
            _BouwsteenBronnenBlock,
        ):
            block_mgr.register(block, {"page": page})
        block_mgr.register(themetables.ThemeTableBlock, {})
        md.preprocessors.register(_BlocksPreprocessor(md, page), "handreiking_blocks", 27)
        unparsed = _UnparsedBlocksTreeprocessor(md, page)
        md.treeprocessors.register(unparsed, "handreiking_unparsed_blocks", 25)
        held: list[tuple[etree.Element, int, etree.Element]] = []
        md.treeprocessors.register(_PlacedBodiesOut(md, held), "handreiking_box_bodies_out", 25.5)
        md.treeprocessors.register(
            _PlacedBodies(md, page, held, unparsed), "handreiking_box_bodies", BEFORE_INLINE_END
        )
        reset_with_markdown(md, page)  # so that md.reset() clears what the page placed


def makeExtension(**kwargs: Any) -> HandreikingBlocksExtension:
    """Return the extension (Python-Markdown's entry point)."""
    return HandreikingBlocksExtension(**kwargs)
