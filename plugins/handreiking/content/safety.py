"""Only safe links and markup: the one rule for every address, title and raw HTML.

Every address that ends up in the site — a link or image in a page, an ``href`` or
``src`` in raw HTML, a ``url`` or ``doi`` in the bibliography, a link in the
navigation — is either relative (a file of the site, an anchor) or an absolute
``https:`` or ``http:`` address. ``mailto:`` is allowed in pages only: the address
is text in the page, which the privacy check reads like any other text. Whatever
else a browser would run or open (``javascript:``, ``data:``, ``vbscript:``,
``file:``, ...) is refused. The scheme is read the way a browser reads it (WHATWG URL
parsing): character references decoded, leading and trailing C0 controls and
spaces stripped, tabs and newlines anywhere removed, case ignored.

Titles and other plain-text values of front matter and ``mkdocs.yml``'s navigation
are refused when they contain markup: the theme writes them into the navigation,
``<title>`` and meta tags as they are, and they also go to the search index, catalog,
citation files and PDF. One rule (no markup) holds in every one of those places.

Raw HTML a co-author writes goes through :func:`clean_html`, an allowlist
sanitizer (nh3); :func:`html_problems` explains, in Dutch, what it takes out.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from html.parser import HTMLParser

from handreiking.errors import SourceProblem
from handreiking.text import strings_in

#: Schemes an address may have anywhere.
WEB_SCHEMES = frozenset({"http", "https"})
#: What a browser strips from both ends of an address before reading it.
_C0_OR_SPACE = "".join(chr(code) for code in range(0x21))
_TAB_OR_NEWLINE = re.compile("[\t\n\r]")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")

ADVICE = "gebruik een webadres dat met https:// begint, of een link naar een bestand in docs/"


def url_scheme(url: str) -> str | None:
    """The scheme a browser reads in ``url``, in lower case; ``None`` for a relative address."""
    text = html.unescape(url).strip(_C0_OR_SPACE)
    text = _TAB_OR_NEWLINE.sub("", text)
    match = _SCHEME.match(text)
    return match.group(1).lower() if match else None


def shown_url(url: str, limit: int = 40) -> str:
    """``url`` as a message shows it: control characters out, long ones cut."""
    text = "".join(ch for ch in url if ch.isprintable()).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def unsafe_url(url: str, *, mailto: bool = False) -> str | None:
    """Why ``url`` may not be published (the scheme it has), or ``None`` when it may.

    ``mailto`` allows ``mailto:`` addresses (in pages, where the privacy check reads them).
    """
    scheme = url_scheme(url)
    if scheme is None or scheme in WEB_SCHEMES or (mailto and scheme == "mailto"):
        return None
    return scheme


def url_message(url: str, scheme: str, advice: str = ADVICE) -> str:
    """The message for a link to ``url`` whose ``scheme`` is not allowed."""
    return (
        f"link naar '{shown_url(url)}': een adres dat met '{scheme}:' begint mag niet op de "
        f"site; {advice}"
    )


def remote_image_message(url: str) -> str:
    """The message for an image the reader's browser would fetch from another host."""
    return (
        f"afbeelding '{shown_url(url)}' staat op een andere website, en dan haalt de browser "
        "van elke lezer haar daar op; zet het bestand in docs/ en verwijs ernaar, "
        "bijvoorbeeld ![uitleg](plaatje.png)"
    )


# -- titles and other plain text --------------------------------------------------

#: A start or end tag, comment or declaration, or a character reference: markup.
_MARKUP = re.compile(r"<[A-Za-z/!?]|&(?:#[0-9]+|#[xX][0-9A-Fa-f]+|[A-Za-z][A-Za-z0-9]*);")
#: Keys whose value is the title of a page, box or edition.
TITLE_KEYS = frozenset({"title", "titel", "ondertitel"})


def has_markup(text: str) -> bool:
    """Whether ``text`` holds an HTML tag, comment or character reference."""
    return _MARKUP.search(text) is not None


def markup_message(key: str | None) -> str:
    """The message for markup in the plain-text value of ``key`` (``None``: a nav title)."""
    if key is None or key in TITLE_KEYS:
        return "een titel mag geen HTML bevatten: schrijf gewone tekst"
    return f"'{key}' mag geen HTML bevatten: schrijf gewone tekst"


def strings_with_markup(value: object) -> Iterator[str]:
    """Every string in ``value`` (a string, or lists and mappings of them) with markup."""
    return (text for text in strings_in(value) if has_markup(text))


# -- raw HTML ---------------------------------------------------------------------

#: What a guide legitimately writes in raw HTML.
ALLOWED_TAGS = frozenset(
    {
        "h1", "h2", "h3", "h4", "h5", "h6", "p", "br", "hr", "div", "span",
        "ul", "ol", "li", "dl", "dt", "dd",
        "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "colgroup", "col",
        "a", "img", "abbr", "details", "summary", "figure", "figcaption",
        "em", "strong", "b", "i", "u", "s", "del", "ins", "mark", "small", "sub", "sup",
        "code", "pre", "kbd", "samp", "var", "blockquote", "q", "cite", "dfn", "time",
    }
)  # fmt: skip
#: Attributes on every allowed tag (``markdown`` is md_in_html's switch).
GENERIC_ATTRIBUTES = frozenset({"id", "class", "title", "lang", "markdown"})
ALLOWED_ATTRIBUTES: dict[str, set[str]] = {
    "*": set(GENERIC_ATTRIBUTES),
    "a": {"href", "name"},
    "img": {"src", "alt", "width", "height"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "ol": {"start", "reversed", "type"},
    "col": {"span"},
    "colgroup": {"span"},
    "details": {"open"},
    "time": {"datetime"},
}
#: Tags removed with everything inside them (a script's code is no text for readers).
DROPPED_WITH_CONTENT = frozenset(
    {"script", "style", "iframe", "object", "embed", "template", "noscript", "textarea"}
)
#: Tags that load something from elsewhere into the page.
EMBEDDING_TAGS = frozenset({"iframe", "object", "embed", "video", "audio", "source", "frame"})
#: Attributes whose value is an address.
URL_ATTRIBUTES = frozenset({"href", "src"})


def _filter_attribute(tag: str, name: str, value: str) -> str | None:
    """nh3's hook: our URL rule on top of its own, and no image from another host."""
    if name in URL_ATTRIBUTES:
        if unsafe_url(value, mailto=True) is not None:
            return None
        if tag == "img" and url_scheme(value) is not None:
            return None
    return value


def clean_html(fragment: str) -> str:
    """``fragment`` (HTML a co-author wrote) through the allowlist, with nh3.

    Python-Markdown keeps inline HTML tag by tag, so a lone start tag (``<span
    class="x">``) or end tag (``</span>``) is cleaned as the element it opens or
    closes; anything else is cleaned as it is.
    """
    single = _LONE_TAG.fullmatch(fragment.strip())
    if single is not None:
        closing, tag = single.group(1), single.group(2).lower()
        if closing:
            return fragment if tag in ALLOWED_TAGS else ""
        if tag not in _VOID:
            cleaned = _nh3(fragment + f"</{tag}>")
            return cleaned.removesuffix(f"</{tag}>")
    return _nh3(fragment)


_LONE_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)(?:\s[^<>]*)?/?>")
_VOID = frozenset({"br", "hr", "img", "col", "wbr", "area", "base", "input", "link", "meta"})
_PLACEHOLDER = re.compile("\x02wzxhzdk:([0-9]+)\x03")
_KEPT = re.compile("\ue000([0-9]+)\ue001")


def _nh3(fragment: str) -> str:
    # nh3 drops control characters, and with them Python-Markdown's placeholders
    # for stashed HTML inside the fragment: carry them through as private-use text.
    text = _PLACEHOLDER.sub("\ue000\\1\ue001", fragment)
    # Imported here: most pages have no raw HTML, and nh3 costs every process of a
    # build (the forked ones inherit it) 1.5 MB.
    import nh3

    cleaned = nh3.clean(
        text,
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        attribute_filter=_filter_attribute,
        link_rel=None,
        url_schemes={"http", "https", "mailto"},
    )
    return _KEPT.sub("\x02wzxhzdk:\\1\x03", cleaned)


class _Finder(HTMLParser):
    """Lists what :func:`clean_html` takes out of a fragment, as messages."""

    def __init__(self, mailto: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.mailto = mailto
        self.found: list[tuple[str, str]] = []  # (message, text to find its line by)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if ":" in tag:
            # <javascript:...> is an autolink to Markdown, a tag to Python-Markdown
            text = self.get_starttag_text() or tag
            message = url_problem(text.strip("<>"), "a", mailto=self.mailto)
            self.found.append((message or tag_message(tag), text))
            return
        if tag not in ALLOWED_TAGS:
            self.found.append((tag_message(tag), f"<{tag}"))
            return
        allowed = ALLOWED_ATTRIBUTES["*"] | ALLOWED_ATTRIBUTES.get(tag, set())
        for name, value in attrs:
            if name not in allowed:
                self.found.append((attribute_message(name, tag), name))
            elif name in URL_ATTRIBUTES and value is not None:
                message = url_problem(value, tag, mailto=self.mailto)
                if message is not None:
                    self.found.append((message, value))

    handle_startendtag = handle_starttag


def tag_message(tag: str) -> str:
    """The message for an element that may not be on the site."""
    if tag in EMBEDDING_TAGS:
        return (
            f"deze HTML mag niet op de site: <{tag}> laadt iets van een andere website in de "
            "pagina; zet er een gewone link naartoe neer, zoals [de video](https://...)"
        )
    return (
        f"deze HTML mag niet op de site: <{tag}>; gebruik gewone opmaak (koppen, alinea's, "
        "lijsten, tabellen, links, afbeeldingen)"
    )


def attribute_message(name: str, tag: str) -> str:
    """The message for an attribute that may not be on the site."""
    why = ""
    if name.startswith("on"):
        why = " (dat start een script)"
    elif name == "style":
        why = " (opmaak die tekst kan verbergen)"
    return f"deze HTML mag niet op de site: '{name}' in <{tag}>{why}; haal het weg"


def url_problem(url: str, tag: str, *, mailto: bool) -> str | None:
    """The message for the address of a link (``a``) or image (``img``), or ``None``."""
    scheme = unsafe_url(url, mailto=mailto)
    if scheme is not None:
        return url_message(url, scheme)
    if tag == "img" and url_scheme(url) is not None:
        return remote_image_message(url)
    return None


def html_problems(fragment: str, *, mailto: bool = True) -> list[tuple[str, str]]:
    """What :func:`clean_html` would take out of ``fragment``: (message, text on its line)."""
    finder = _Finder(mailto)
    finder.feed(_PLACEHOLDER.sub("", fragment))
    finder.close()
    return list(dict.fromkeys(finder.found))


# -- mkdocs.yml's navigation ------------------------------------------------------


def nav_problems(nav: object, config_text: str, shown: str = "mkdocs.yml") -> list[SourceProblem]:
    """Titles with markup and links with a scheme other than the web's in ``nav``.

    ``config_text`` is the text of ``mkdocs.yml``, to find each problem's line in.
    """
    lines = config_text.splitlines()

    def line_of(text: str) -> int | None:
        for number, line in enumerate(lines, start=1):
            if text in line:
                return number
        return None

    problems: list[SourceProblem] = []

    def walk(item: object) -> None:
        if isinstance(item, list):
            for child in item:
                walk(child)
        elif isinstance(item, dict):
            for title, value in item.items():
                if isinstance(title, str) and has_markup(title):
                    problems.append(SourceProblem(shown, line_of(title), markup_message(None)))
                walk(value)
        elif isinstance(item, str):
            scheme = unsafe_url(item)
            if scheme is not None:
                problems.append(SourceProblem(shown, line_of(item), url_message(item, scheme)))

    walk(nav)
    return problems
