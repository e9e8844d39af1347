"""From the LaTeX in a ``.bib`` field to pybtex rich text.

pybtex's own :meth:`pybtex.richtext.Text.from_latex` decodes accents (through
latexcodec) and turns ``{...}`` into :class:`~pybtex.richtext.Protected`, but
leaves every other command in the output (``\\emph``, ``\\mkbibquote``,
``\\TeX``). Reference managers and biblatex files use those, so this module
decodes the accents the same way and then reads the commands that matter for a
reference list: emphasis becomes ``<em>``, quotes become Dutch-style quotes,
logos become their names, and any other command is dropped while its argument
is kept. It never raises: text it cannot read is passed on as it is.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from functools import lru_cache

from pybtex.richtext import BaseText, Protected, String, Tag, Text

# Commands whose single argument is shown in italics.
_EMPHASIS = frozenset({"emph", "textit", "textsl", "mkbibemph", "mkbibitalic", "em", "it"})
_BOLD = frozenset({"textbf", "mkbibbold", "bf"})
_QUOTE = frozenset({"mkbibquote", "enquote", "mkbibquotes"})
# Commands without an argument that stand for text.
_WORDS = {
    "TeX": "TeX",
    "LaTeX": "LaTeX",
    "LaTeXe": "LaTeX2e",
    "BibTeX": "BibTeX",
    "XeTeX": "XeTeX",
    "hyphen": "-",
    "slash": "/",
    "textendash": "\u2013",
    "textemdash": "\u2014",
    "dots": "\u2026",
    "ldots": "\u2026",
    "textellipsis": "\u2026",
    "space": " ",
    "newblock": " ",
    "quad": " ",
    "nobreakspace": "\u00a0",
}
# Commands with an argument that must not be shown (sorting hacks).
_DROP_ARGUMENT = frozenset({"noopsort", "sortname", "nocite", "label", "index"})
_CAPITALISE = frozenset({"autocap", "MakeUppercase", "uppercase", "MakeCapital"})

# Accents as control symbols, with the combining character they stand for.
_ACCENTS = {
    '"': "\u0308",
    "'": "\u0301",
    "`": "\u0300",
    "^": "\u0302",
    "~": "\u0303",
    "=": "\u0304",
    ".": "\u0307",
}

_TOKEN = re.compile(
    r"(?P<command>\\[A-Za-z]+\*?)\s*"  # a control word eats the spaces after it
    r"|(?P<symbol>\\.)"  # a control symbol
    r"|(?P<open>\{)"
    r"|(?P<close>\})"
    r"|(?P<math>\$)"
    r"|(?P<text>[^\\{}$]+)",
    re.DOTALL,
)


#: What latexcodec may change (TeX's special characters and ligatures, ",," the low
#: opening quote among them, and the spaces it collapses); a value without any of
#: these decodes to itself. Braces alone are not among them: latexcodec replaces no
#: sequence with a brace but after a backslash or within ``$`` (its table's one such
#: entry is ``$^{TM}$``), and a braced title (every citation of a page is one) would
#: otherwise take its slow path.
_TEX_SPECIAL = re.compile(r"[\\~$`'\-!?<>%&#^_\n\r]|,,|^\s|\s\s")


def load_codec() -> None:
    """Import latexcodec now (a process about to fork children that will decode
    accents: they share what it built instead of each building it)."""
    import latexcodec  # noqa: F401


def _decode(value: str) -> str:
    """Decode TeX accents and ligatures to Unicode, the way pybtex does."""
    if not _TEX_SPECIAL.search(value):
        return value  # most fields: plain text, and latexcodec is slow
    if "--" not in value and not _TEX_SPECIAL.search(value.replace("-", "")):
        # A lone hyphen ("Zuid-Oost", "2019-2020") is the one special character of most
        # fields that have one, and latexcodec leaves it as it is; importing it costs
        # every process of a build 40-60 ms.
        return value
    import latexcodec  # noqa: F401  (registers the "ulatex" codec; imported when first needed)

    try:
        return codecs.decode(value, "ulatex")  # type: ignore[call-overload,no-any-return]
    except (UnicodeDecodeError, ValueError, IndexError):
        # A stray backslash (``x\``) stops latexcodec; read the rest without it.
        try:
            cleaned = re.sub(r"\\(?![A-Za-z{}&%$#_~^\"'`.=])", "", value)
            return codecs.decode(cleaned, "ulatex")  # type: ignore[call-overload,no-any-return]
        except (UnicodeDecodeError, ValueError, IndexError):
            return value


class _Reader:
    """A small recursive reader for the decoded text; tolerant of bad braces."""

    def __init__(self, text: str) -> None:
        self.tokens = [
            (m.lastgroup or "text", m.group(m.lastgroup or 0)) for m in _TOKEN.finditer(text)
        ]
        self.pos = 0

    def read(self, until_close: bool = False) -> list[BaseText]:
        parts: list[BaseText] = []
        while self.pos < len(self.tokens):
            kind, value = self.tokens[self.pos]
            self.pos += 1
            if kind == "close":
                if until_close:
                    return parts
                continue  # a stray '}' is dropped
            if kind == "open":
                parts.append(Protected(*self.read(until_close=True)))
            elif kind == "math":
                continue  # math shift: the decoded content is kept, the '$' is not
            elif kind == "symbol":
                char = value[1]
                if char in _ACCENTS:
                    parts.append(String(self.accent(char)))
                elif char == "\\":
                    parts.append(String(" "))
                elif char not in "/,;:!@ ":
                    parts.append(String(char))
                elif char != "/" and char != "@":
                    parts.append(String(" "))
            elif kind == "command":
                parts.extend(self.command(value.strip()[1:].rstrip("*")))
            else:
                parts.append(String(value))
        return parts

    def accent(self, accent: str) -> str:
        """An accent latexcodec left alone (``\\"{\\i}``), put on the next letter."""
        base = ""
        if self.pos < len(self.tokens):
            kind, value = self.tokens[self.pos]
            if kind == "open":
                self.pos += 1
                base = str(Text(*self.read(until_close=True)))
            elif kind == "text":
                base, rest = value[:1], value[1:]
                self.tokens[self.pos] = ("text", rest)
        if not base:
            return ""
        first = {"\u0131": "i", "\u0237": "j"}.get(base[0], base[0])
        return unicodedata.normalize("NFC", first + _ACCENTS[accent]) + base[1:]

    def argument(self) -> list[BaseText] | None:
        """The ``{...}`` group right after a command, if any."""
        if self.pos < len(self.tokens) and self.tokens[self.pos][0] == "open":
            self.pos += 1
            return self.read(until_close=True)
        return None

    def command(self, name: str) -> list[BaseText]:
        if name in _WORDS:
            return [String(_WORDS[name])]
        if name in ("protect", "relax", "nopunct", "unskip", "ignorespaces", "isdot"):
            return []
        argument = self.argument()
        if argument is None:
            return []  # an unknown command without argument: nothing to show
        if name in _DROP_ARGUMENT:
            return []
        if name in _EMPHASIS:
            return [Tag("em", *argument)]
        if name in _BOLD:
            return [Tag("strong", *argument)]
        if name in _QUOTE:
            return [String("\u201c"), *argument, String("\u201d")]
        if name in _CAPITALISE:
            return [Text(*argument).capfirst()]
        return argument


@lru_cache(maxsize=65536)
def latex_to_text(value: str) -> Text:
    """The rich text of a ``.bib`` field value: accents decoded, commands read."""
    return Text(*_Reader(_decode(value)).read())


@lru_cache(maxsize=65536)
def latex_to_str(value: str) -> str:
    """The plain text of a ``.bib`` field value (no braces, no commands)."""
    return " ".join(str(latex_to_text(value)).split())
