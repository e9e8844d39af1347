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
# Accents as control words, each on the letter after it (``\c c``, ``\c{c}``).
_WORD_ACCENTS = {
    "c": "\u0327",
    "u": "\u0306",
    "v": "\u030c",
    "H": "\u030b",
    "k": "\u0328",
    "r": "\u030a",
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


#: The TeX that :func:`_decode` reads itself, as latexcodec reads it (the tests hold
#: the two side by side): an accent on one letter (``\"e``, ``\"{e}``, ``\c c``,
#: ``\c{c}``; braces written stay, as latexcodec keeps them), the dotless i in braces
#: (``{\i}``), an escaped ``&``, ``%``, ``#`` or ``_``, and the dashes ``--`` and
#: ``---``. Most .bib files hold nothing else: names with accents as BibTeX exports
#: write them, page ranges, "\&" in titles. Importing latexcodec costs a process
#: tens of milliseconds and 2 MB (it builds its tables from Unicode's character names).
_PLAIN_TEX = re.compile(
    r"\\(?P<symbol>[\"'`^~=.])(?:\{(?P<braced>[A-Za-z])\}|(?P<letter>[A-Za-z]))"
    r"|\\(?P<word>[cuvHkr])(?:\{(?P<word_braced>[A-Za-z])\}| (?P<word_letter>[A-Za-z]))"
    r"|(?P<dotless>\\i)(?=\})"
    r"|\\(?P<escaped>[&%#_])"
    r"|(?<!-)(?P<dashes>---?)(?!-)"
)
#: What latexcodec gives back as it is, between those: no other special character of
#: TeX, no ligature ("''", ",,", "<<", ">>" or "--") and no run of white space (which
#: it makes one space). A lone quote, hyphen, "?" or "!" stays as it is.
_AS_IT_IS = re.compile(r"[^\\~$`%&#^_\n\r]*")
_LIGATURE = re.compile(r"''|,,|<<|>>|--|\s\s")
#: The letters an accent of :data:`_PLAIN_TEX` may make: those of Latin-1 and Latin
#: Extended-A, every one of them in latexcodec's table (it lacks some others: "\"h"
#: stays as it is there).
_COMPOSED = range(0xC0, 0x180)


def load_codec() -> None:
    """Import latexcodec now (a process about to fork children that will decode
    accents: they share what it built instead of each building it)."""
    import latexcodec  # noqa: F401


def needs_codec(text: str) -> bool:
    """Whether the .bib ``text`` holds a TeX command that only latexcodec decodes (one
    :data:`_PLAIN_TEX` does not read)."""
    at = text.find("\\")
    while at >= 0:
        found = _PLAIN_TEX.match(text, at)
        if found is None or _plain_token(found) is None:
            return True
        at = text.find("\\", found.end())
    return False


def _plain_token(found: re.Match[str]) -> str | None:
    """What a match of :data:`_PLAIN_TEX` decodes to; ``None`` for an accent on a
    letter latexcodec may not know with it (left to latexcodec)."""
    if found["dashes"]:
        return "\u2013" if len(found["dashes"]) == 2 else "\u2014"
    if found["escaped"]:
        return found["escaped"]
    if found["dotless"]:
        return "\u0131"
    braced = found["braced"] or found["word_braced"]
    letter = braced or found["letter"] or found["word_letter"]
    mark = _ACCENTS[found["symbol"]] if found["symbol"] else _WORD_ACCENTS[found["word"]]
    composed = unicodedata.normalize("NFC", letter + mark)
    if len(composed) != 1 or ord(composed) not in _COMPOSED:
        return None
    return "{" + composed + "}" if braced else composed


def _decode_plain(value: str) -> str | None:
    """``value`` decoded as latexcodec decodes it, when all the TeX it holds is what
    :data:`_PLAIN_TEX` reads; ``None`` otherwise."""
    if value[:1].isspace():
        return None  # (latexcodec drops it)
    parts: list[str] = []
    at = 0
    for found in _PLAIN_TEX.finditer(value):
        before = value[at : found.start()]
        token = _plain_token(found)
        if token is None or not _as_it_is(before):
            return None
        parts += (before, token)
        at = found.end()
    if not _as_it_is(value[at:]):
        return None
    parts.append(value[at:])
    return "".join(parts)


def _as_it_is(text: str) -> bool:
    """Whether latexcodec gives ``text`` back as it is (:data:`_AS_IT_IS`)."""
    return _AS_IT_IS.fullmatch(text) is not None and _LIGATURE.search(text) is None


def _decode(value: str) -> str:
    """Decode TeX accents and ligatures to Unicode, the way pybtex does."""
    if not _TEX_SPECIAL.search(value):
        return value  # most fields: plain text, and latexcodec is slow
    plain = _decode_plain(value)
    if plain is not None:
        # Accents, dashes, a lone hyphen ("Zuid-Oost") or quote: what most fields with
        # a special character hold.
        return plain
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
