"""Privacy: personal contact details never reach the site.

Chapters, quotes and theory boxes are written about residents who took part in
meetings. A phone number, an e-mail address or a postal code with a house number
in the sources is almost always a slip (a participant's details pasted along with
a quote), so each is an error, in the build and in ``handreiking check``.

The scan reads every text file under ``docs/`` (pages, quotes, theory boxes, and
any other text: ``.txt``, ``.csv``, ``.json``, ``.html``, ``.svg``, ...), the
bibliography and ``mkdocs.yml``. It decides on the text a reader will see, not
only on the text as typed: a number split by emphasis or an HTML comment, written
with an entity or a YAML escape, folded over lines, spelled with a Unicode dash, a
non-breaking space or fullwidth digits, an address with ``(at)``: all are found.
Each file is scanned as written and as shown:

- Markdown, HTML and SVG: with comments and tags removed, entities unescaped,
  emphasis markers and backslash escapes removed, continuation lines joined;
- YAML (data files, front matter, ``mkdocs.yml``): every string value as parsed
  (escapes decoded, folded lines joined), reported at its line in the file;
- JSON: every string as decoded; BibTeX: without braces, ``--`` as a dash.

A public organisation's address or phone number may be published on purpose. That
goes through one reviewed file, ``privacy-uitzonderingen.yml`` next to
``mkdocs.yml``: a list of exact texts, each with the reason it may be public and the
file it is for (optionally narrowed to a line or a quote)::

    - tekst: "Anton de Komplein 150, 1102 CW Amsterdam"
      reden: "bezoekadres van het stadsdeelkantoor Zuidoost (openbaar)"
      bestand: docs/zuidoost/aan-de-slag.md

An exception for one file does not allow the same text anywhere else. An exception
that its file no longer holds is reported too, so the list stays short and every
entry in it has been looked at.
"""

from __future__ import annotations

import bisect
import hashlib
import html
import json
import os
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from handreiking import jsoncache
from handreiking.content.schema import (
    Field,
    Invalid,
    Record,
    Table,
    any_text,
    filled_text,
    hint_then,
    positive_integer,
    validate,
)
from handreiking.content.sources import (
    MAX_DATA_BYTES,
    compose_yaml,
    decoded_source,
    read_source_text,
    shown_path,
    split_front_matter,
)
from handreiking.errors import SourceProblem, did_you_mean, then_advise
from handreiking.text import common_ends

#: The reviewed list of texts that may be published although they look private.
ALLOWLIST_FILE = "privacy-uitzonderingen.yml"

#: Markdown pages and YAML data: scanned as before, and read by the build too.
SCANNED_SUFFIXES = (".md", ".yml", ".yaml")
#: Files whose visible text differs from their source by markup.
MARKUP_SUFFIXES = (".md", ".markdown", ".html", ".htm", ".xhtml", ".svg", ".xml")
#: Files whose content is never text: not read at all.
BINARY_SUFFIXES = frozenset(
    {
        ".png",
        ".jpg",
        ".jpeg",
        ".gif",
        ".webp",
        ".avif",
        ".ico",
        ".bmp",
        ".tif",
        ".tiff",
        ".heic",
        ".psd",
        ".pdf",
        ".eps",
        ".ai",
        ".woff",
        ".woff2",
        ".ttf",
        ".otf",
        ".eot",
        ".zip",
        ".gz",
        ".tgz",
        ".bz2",
        ".xz",
        ".7z",
        ".rar",
        ".jar",
        ".mp3",
        ".mp4",
        ".m4a",
        ".m4v",
        ".wav",
        ".ogg",
        ".oga",
        ".ogv",
        ".webm",
        ".mov",
        ".avi",
        ".mkv",
        ".flac",
        ".docx",
        ".xlsx",
        ".pptx",
        ".odt",
        ".ods",
        ".odp",
        ".epub",
        ".doc",
        ".xls",
        ".ppt",
        ".sqlite",
        ".db",
        ".pyc",
        ".exe",
        ".dll",
        ".so",
        ".dylib",
        ".bin",
    }
)
#: How much of an unknown file is looked at to tell text from binary (a NUL byte).
_SNIFF_BYTES = 8192

# -------------------------------------------------------------------- what is found

# One separator between digit groups, as a reader sees it (after Unicode dashes and
# spaces are made ASCII): a space, a tab or a line break, or a hyphen, dot or slash
# with at most one of those on either side ("06 - 12345678", "020.123.4567").
_SEP = r"(?:[ \t\n]?[-./][ \t\n]?|[ \t\n])"

# The "at" of an e-mail address, as written to fool a harvester or by accident:
# "@", " @ ", "(at)", "[at]", " at "; and its dots: ".", "(dot)", "[punt]", " dot ".
_AT = (
    r"(?:[ \t]?@[ \t]?"
    r"|[ \t]?[(\[{<][ \t]?(?i:at|apenstaartje)[ \t]?[)\]}>][ \t]?"
    r"|[ \t](?i:at)[ \t])"
)
_DOT = r"(?:\.|[ \t]?[(\[{<][ \t]?(?i:dot|punt)[ \t]?[)\]}>][ \t]?|[ \t](?i:dot|punt)[ \t])"
EMAIL = re.compile(
    rf"(?<![\w.%+-])[\w.%+-]+{_AT}(?!www\.)[A-Za-z0-9-]+(?:{_DOT}[A-Za-z0-9-]+)*"
    rf"{_DOT}[A-Za-z]{{2,}}\b(?!/)"
)

# A phone number candidate: a national or international prefix, then digits with
# at most one separator between them. Whether it really is a Dutch number is
# decided by _is_phone, on the digits and the first group.
# (Each way the prefix starts is a plain character with the test of what comes before
# after it: the regular expression engine then skips to those characters quickly.)
_NOT_AFTER = r"(?<![\w+/.,-].)"
PHONE = re.compile(
    rf"(?P<prefix>\+{_NOT_AFTER}31|0{_NOT_AFTER}031|\({_NOT_AFTER}0\d{{1,3}}\)|0{_NOT_AFTER})"
    rf"(?P<rest>(?:{_SEP}?\(0\))?(?:{_SEP}?\d){{7,10}})"
    r"(?![\w-]|[./]\d)"
)
_GROUPS = re.compile(r"[ \t\n./-]+")
#: "06-12-2016", "06/2016": a date, not a phone number
_DATE = re.compile(r"0[1-9][-./](?:\d{1,2}[-./])?(?:19|20)\d\d(?!\d)")
_SERVICE = ("0800", "0900", "0906", "0909")

# Two lower-case letters after four digits are a postcode only when they are no
# word or abbreviation ("in 2016 en 12 ...", "1990 ca 12").
_NOT_POSTCODE = (
    "sa|sd|ss|en|op|in|is|om|te|ze|we|je|af|al|na|of|er|nu|ja|zo|ik|de|da|ed|pp|nr|no|"
    "bl|vs|ca|at|to|an|on|or|as|be|by|do|go|he|if|it|me|my|so|up|us|am|pm|km|cm|mm|kg|"
    "mg|ml|dl|cl|ha|kb|mb|gb|ms|jr|sr|st|dr|mr|ir|ds|ex|et|bv|nv|ok|tv|uw|ie|ff|vv|ga|la|ge"
)
#: The two letters of a postcode, and what may not follow them: ASCII only.
_POSTCODE_LETTERS = (
    rf"(?:(?!SA|SD|SS)[A-Z]{{2}}|(?!(?:{_NOT_POSTCODE})(?![a-z]))[a-z]{{2}})(?![A-Za-z])"
)
_AFTER_DIGITS = rf"\d{{3}}[ \t]{{0,2}}{_POSTCODE_LETTERS}"
_POSTCODE = rf"[1-9]{_AFTER_DIGITS}"
_POSTCODE_RE = re.compile(_POSTCODE)
_HOUSE_NUMBER = r"\d{1,5}(?:[ -]?[a-zA-Z](?![A-Za-z]))?(?:[-/]\d{1,4})?"
#: "nr. 12", "huisnummer 12"
_NUMBER_WORD = r"(?i:(?:huis)?(?:nummer|nr\.?)|no\.)[ \t]?"
#: "1102 AB 12": a postal code followed by a house number
POSTCODE_THEN_NUMBER = re.compile(
    rf"([1-9](?<![\w-].){_AFTER_DIGITS}),?[ \t]{{1,2}}(?:{_NUMBER_WORD})?{_HOUSE_NUMBER}(?![\w-])"
)
#: "Straatnaam 12, 1102 AB": a street with a house number followed by a postal code
STREET_THEN_POSTCODE = re.compile(
    rf"(?<![\w-])[A-Za-zÀ-ÿ][\w'.-]*[ \t]{{1,2}}(?:{_NUMBER_WORD})?{_HOUSE_NUMBER},?"
    rf"[ \t]*\n?[ \t]*{_POSTCODE}"
)

#: Cheap tests that rule a pattern out for a whole text (most texts hold none of these):
#: each matches a part every match of its pattern contains, so skipping is exact.
_MAYBE_EMAIL = re.compile(r"@|[(\[{<][ \t]?(?i:at|apenstaartje)[ \t]?[)\]}>]|[ \t](?i:at)[ \t]")
_MAYBE_PHONE = re.compile(rf"\d(?:{_SEP}?\d){{6}}")
#: A postal code itself, as both address patterns end or start with it: its look-aheads
#: (no letter after the two, not "en", "to", ...) see there what they see in a whole
#: match. A year before a word ("2016 toestemming") is no postal code.
_MAYBE_POSTCODE = _POSTCODE_RE

#: Cheaper still, and run first: the same two tests on the text's UTF-8 bytes with every
#: ASCII digit and every byte of a non-ASCII character made b"0". A digit (``\d``) is
#: one or more b"0" there and the separators and letters stay as they are, so a match
#: of _MAYBE_PHONE or _MAYBE_POSTCODE leaves a match of these (an ASCII letter is
#: itself there, and any other character no ASCII letter, so the postcode's letters and
#: their look-aheads read there as in the text); b"0" is found by a fast search of one
#: byte, where ``\d`` is tested character by character.
_ZEROS = bytes.maketrans(bytes(range(0x30, 0x3A)) + bytes(range(0x80, 0x100)), b"0" * 138)
_MAYBE_PHONE_ZEROS = re.compile(rb"0(?:(?:[ \t\n]?[-./][ \t\n]?|[ \t\n])?0){6}")
_MAYBE_POSTCODE_ZEROS = re.compile(rb"0000[ \t]{0,2}" + _POSTCODE_LETTERS.encode("ascii"))

# ------------------------------------------------------------- what a reader sees


def _character_table() -> dict[int, str]:
    table: dict[int, str] = {}
    # Every dash and hyphen a reader takes for "-" (the non-breaking hyphen U+2011,
    # en and em dash, the minus sign, small and fullwidth hyphen-minus)
    for code in (*range(0x2010, 0x2016), 0x2043, 0x2212, 0xFE58, 0xFE63, 0xFF0D):
        table[code] = "-"
    # Every space: no-break, narrow no-break, thin, ideographic, line separators
    for code in (0xA0, 0x1680, *range(0x2000, 0x200B), 0x2028, 0x2029, 0x202F, 0x205F, 0x3000):
        table[code] = " "
    # Fullwidth ASCII (U+FF10 for "0", U+FF20 for "@") and the mathematical digits
    for code in range(0xFF01, 0xFF5F):
        if code != 0xFF0D:
            table[code] = chr(code - 0xFEE0)
    for code in range(0x1D7CE, 0x1D800):
        table[code] = str((code - 0x1D7CE) % 10)
    table[0xFE6B] = "@"  # small commercial at
    return table


_CHARACTERS = _character_table()
_SPECIAL = re.compile(
    "[\u00a0\u1680\u2000-\u200a\u2010-\u2015\u2028\u2029\u202f\u205f\u2043\u2212\u3000"
    "\ufe58\ufe63\ufe6b\uff01-\uff5e\U0001d7ce-\U0001d7ff]"
)
#: Characters a reader does not see at all: soft hyphen, zero-width spaces and joiners.
_INVISIBLE = "[\u00ad\u200b\u200c\u200d\u2060\ufeff]"

_Replacement = str | Callable[[re.Match[str]], str]
#: One step of turning a source into what a reader sees: a text the source must
#: contain for the step to change anything (or None), what to find, and its replacement.
_Pass = tuple[str | None, re.Pattern[str], _Replacement]
_Passes = tuple[str, tuple[_Pass, ...]] | None


def _unescape(match: re.Match[str]) -> str:
    return html.unescape(match.group())


_INVISIBLE_RE = re.compile(_INVISIBLE)
#: Characters nobody sees, in any text.
_PLAIN: tuple[_Pass, ...] = ((None, _INVISIBLE_RE, ""),)
#: Inline tags, backslash escapes, emphasis markers and invisible characters: removed.
_MARKERS = re.compile(
    r"</?[A-Za-z][\w:.-]*(?:\s[^<>]*)?/?>"
    r"|\\(?=[!-/:-@\[-`{-~])"
    r"|[*_`]+|~~|==|\^\^"
    rf"|{_INVISIBLE}"
)
#: What :data:`_MARKERS` can match but for its runs of "*", "_" and "`": a text without
#: any of these (most pages) has only those runs removed, each character on its own.
_NOT_ONLY_EMPHASIS = ("<", "\\", "~~", "==", "^^")


def _without_markers(text: str) -> str:
    """``_MARKERS.sub("", text)``; for most pages by removing three characters.

    Each alternative of the pattern but ``[*_`]+`` starts with "<" or a backslash, is
    "~~", "==" or "^^", or is an invisible character, so a text holding none of these
    gives no match but the runs of "*", "_" and "`", and removing every run of them is
    removing every one of them (a tenth of the time on a page).
    """
    if any(needle in text for needle in _NOT_ONLY_EMPHASIS) or (
        not text.isascii() and _INVISIBLE_RE.search(text)
    ):
        return _MARKERS.sub("", text)
    return text.replace("*", "").replace("_", "").replace("`", "")


#: What Markdown and HTML show differently from how they are typed, step by step:
#: comments, tags (a block tag is a space), backslash escapes, emphasis markers,
#: invisible characters, the indentation and ">" after a line break; entities last, so
#: what they stand for stays.
_MARKUP: tuple[_Pass, ...] = (
    ("<!--", re.compile(r"<!--.*?(?:-->|\Z)", re.S), ""),
    (
        "<",
        re.compile(
            r"</?(?:br|p|div|li|ul|ol|dl|dt|dd|tr|td|th|table|thead|tbody|h[1-6]|blockquote|"
            r"hr|section|article|header|footer|figure|figcaption|text|title|desc)\b[^<>]*>"
        ),
        " ",
    ),
    (None, _MARKERS, ""),
    ("\n", re.compile(r"\n(?:[ \t]+(?:>[ \t]*)*|(?:>[ \t]*)+)"), "\n"),
    (
        "&",
        re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});?"),
        _unescape,
    ),
)
#: Braces, the backslash of an escape and invisible characters: removed.
_BIB_MARKS = re.compile(r"[{}]|\\(?=[^A-Za-z\s])|" + _INVISIBLE)
_BIB_ESCAPE = re.compile(r"\\(?=[^A-Za-z\s])")


def _without_bib_marks(text: str) -> str:
    """``_BIB_MARKS.sub("", text)``, with the braces (thousands in a bibliography)
    removed by str.replace.

    Each match is one character, and whether a backslash is one is decided by the
    character after it in ``text``: so removing those backslashes first (looking at
    the same characters) and then every brace and invisible character removes the same
    characters.
    """
    if "\\" in text:
        text = _BIB_ESCAPE.sub("", text)
    text = text.replace("{", "").replace("}", "")
    return text if text.isascii() else _INVISIBLE_RE.sub("", text)


#: What BibTeX shows differently: braces and escapes, "--" and "---" as a dash, "~" a space.
_BIB: tuple[_Pass, ...] = (
    (None, _BIB_MARKS, ""),
    ("--", re.compile("---?"), "-"),
    ("~", re.compile("~"), " "),
)


#: The characters whose lower case is more than one character (Unicode's SpecialCasing:
#: "İ" becomes "i̇"). Each other character lowers to one (the final sigma too), so a text
#: without these keeps its length in lower case (tests/test_privacy.py asks every
#: character of the Unicode this Python has).
LONGER_IN_LOWER_CASE = "\u0130"


def lowers_alike(text: str) -> bool:
    """Whether ``text.lower()`` has as many characters as ``text``: told without
    lowering it (a bibliography of a megabyte and a half took 15 ms, after every save
    in the preview)."""
    return not any(character in text for character in LONGER_IN_LOWER_CASE)


@dataclass
class _Mapped:
    """A text rewritten from a source, with where each of its characters came from."""

    text: str
    #: start of each piece in ``text``, its start in the source, and whether it is
    #: copied (a replaced piece maps as a whole to its source start)
    starts: list[int] = field(default_factory=list)
    sources: list[int] = field(default_factory=list)
    copied: list[bool] = field(default_factory=list)

    def source(self, position: int) -> int:
        """The offset in the source of the character at ``position`` in the text."""
        if not self.starts:
            return position
        index = bisect.bisect_right(self.starts, position) - 1
        if index < 0:
            return position
        if self.copied[index]:
            return self.sources[index] + position - self.starts[index]
        return self.sources[index]


def _rewrite(text: str, pattern: re.Pattern[str], replacement: _Replacement) -> _Mapped:
    """What ``pattern.sub(replacement, text)`` gives, with where each piece came from."""
    pieces: list[str] = []
    mapped = _Mapped("")
    done = 0  # source offset up to which the text is handled
    length = 0  # length of the rewritten text so far
    for match in pattern.finditer(text):
        start, end = match.span()
        new = replacement if isinstance(replacement, str) else replacement(match)
        if start > done:
            mapped.starts.append(length)
            mapped.sources.append(done)
            mapped.copied.append(True)
            pieces.append(text[done:start])
            length += start - done
        if new:
            mapped.starts.append(length)
            mapped.sources.append(start)
            mapped.copied.append(False)
            pieces.append(new)
            length += len(new)
        done = end
    if not mapped.starts and done == 0:
        return _Mapped(text)
    mapped.starts.append(length)
    mapped.sources.append(done)
    mapped.copied.append(True)
    pieces.append(text[done:])
    mapped.text = "".join(pieces)
    return mapped


def _special(match: re.Match[str]) -> str:
    return _CHARACTERS[ord(match.group())]


def _ascii(text: str) -> str:
    """Unicode dashes, spaces and fullwidth characters as ASCII, one for one."""
    if text.isascii() or not _SPECIAL.search(text):
        return text
    return _SPECIAL.sub(_special, text)


def _apply(text: str, passes: tuple[_Pass, ...]) -> str:
    """``text`` as a reader sees it, by ``passes``."""
    if passes is _PLAIN and text.isascii():
        return text
    for needed, pattern, replacement in passes:
        if pattern is _MARKERS:
            text = _without_markers(text)
        elif pattern is _BIB_MARKS:
            text = _without_bib_marks(text)
        elif needed is None or needed in text:
            text = pattern.sub(replacement, text)
    return _ascii(text)


def _apply_mapped(text: str, passes: tuple[_Pass, ...]) -> tuple[str, Callable[[int], int]]:
    """What :func:`_apply` gives, and the offset in ``text`` of each of its characters."""
    steps: list[_Mapped] = []
    if not (passes is _PLAIN and text.isascii()):
        for needed, pattern, replacement in passes:
            if needed is None or needed in text:
                step = _rewrite(text, pattern, replacement)
                steps.append(step)
                text = step.text

    def source(position: int) -> int:
        for step in reversed(steps):
            position = step.source(position)
        return position

    return _ascii(text), source


def plain_text(text: str) -> str:
    """``text`` without invisible characters, its Unicode dashes, spaces and fullwidth
    characters as ASCII: plain text (not markup) as a reader reads it."""
    return _apply(text, _PLAIN)


def normalise(text: str) -> str:
    """The text a reader sees in ``text`` (Markdown, HTML or plain), for the scan.

    HTML comments and tags are removed, entities unescaped, emphasis markers and
    backslash escapes removed, indentation after a line break dropped, invisible
    characters removed, and Unicode dashes, spaces and fullwidth characters made ASCII.
    :func:`find_private_details` needs only the last two itself, and does them.
    """
    return _apply(text, _MARKUP)


def _is_phone(prefix: str, rest: str) -> bool:
    digits = re.sub(r"\D", "", rest.replace("(0)", ""))
    if prefix in ("+31", "0031"):
        national = "0" + digits
    elif prefix.startswith("("):
        national = prefix.strip("()") + digits
    else:
        if rest[:1] in " \t\n-./":
            return False  # "0-306-40615-2" is an ISBN: a number never starts "0-"
        national = "0" + digits
        # With separators, the first group is the area code: 06 or 0xx(x).
        groups = _GROUPS.split(rest, maxsplit=1)
        if len(groups) > 1:
            code = "0" + groups[0]
            service = code in _SERVICE
            if not (code == "06" or service or (3 <= len(code) <= 4 and code[1] in "1234578")):
                return False
            if _DATE.match("0" + rest):
                return False
    if national.startswith(_SERVICE):
        return 8 <= len(national) <= 11
    return len(national) == 10 and national[1] in "12345678" and not national.startswith("00")


_EMAIL_KIND = "een e-mailadres"
_PHONE_KIND = "een telefoonnummer"
_ADDRESS_KIND = "een adres (postcode met huisnummer)"


#: ASCII capitals as small letters, and every character an "at" other than "@" may
#: follow as a space (see _MAYBE_EMAIL): for UTF-8 bytes.
_AT_BYTES = bytes.maketrans(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ\t([{<", b"abcdefghijklmnopqrstuvwxyz     ")
#: What an "at" other than "@" starts with, in those bytes.
_AT_WORDS = (b" at", b"apenstaartje")
#: The characters that are no ASCII letter but that _MAYBE_EMAIL, ignoring case, reads as
#: one of its words' letters: the long s, as an "s" (tests/test_privacy.py asks every
#: character). A text with one is searched with the pattern.
READ_AS_AT_LETTERS = "\u017f"


def _ats(text: str, data: bytes | None = None) -> list[int]:
    """Every offset where an "at" of an e-mail address (_MAYBE_EMAIL) starts.

    Found with plain substring searches (the one regular expression would test
    every space of the text); each candidate is then tested with _MAYBE_EMAIL.
    The words are looked for in the text's UTF-8 bytes (``data``, when given),
    capitals made small and "\\t([{<" a space, where two searches find what
    searching the text in lower case for " at", "\\tat", "(at", "[at", "{at", "<at"
    and "apenstaartje" did: no character that is not ASCII lowers to one of their
    characters (tests/test_privacy.py asks every character of the Unicode this Python
    has), and in UTF-8 such a character is bytes that are no ASCII character. A text
    with a letter whose lower case is longer, or with a character the pattern reads as
    one of those letters (:data:`READ_AS_AT_LETTERS`), is searched with the pattern.
    """
    found: list[int] = []
    at = text.find("@")
    while at != -1:
        found.append(at)
        at = text.find("@", at + 1)
    if not lowers_alike(text) or any(letter in text for letter in READ_AS_AT_LETTERS):
        return sorted({match.start() for match in _MAYBE_EMAIL.finditer(text)} | set(found))
    if data is None:
        data = text.encode("utf-8", "surrogatepass")
    lowered = data.translate(_AT_BYTES)
    hits: list[int] = []
    for word in _AT_WORDS:
        at = lowered.find(word)
        while at != -1:
            hits.append(at)
            at = lowered.find(word, at + 1)
    if not hits:
        return found
    if not text.isascii():
        # from offsets in the bytes to offsets in the text: each hit is at an ASCII byte
        hits.sort()
        done = characters = 0
        for index, at in enumerate(hits):
            characters += len(data[done:at].decode("utf-8", "surrogatepass"))
            done = at
            hits[index] = characters
    candidates: set[int] = set()
    for at in hits:
        candidates.update(range(max(at - 2, 0), at + 1))
    found.extend(c for c in candidates if text[c] != "@" and _MAYBE_EMAIL.match(text, c))
    return sorted(found)


def _emails(text: str, data: bytes | None = None) -> Iterable[tuple[int, str, str]]:
    """Every e-mail address in ``text``, tried only where an "at" is.

    An address's local part is the whole run of its characters before the "at" (the
    pattern may not start inside one), so trying the pattern there and only there
    finds exactly what a search of the whole text would, without trying it at every
    word of the text.
    """
    last = -1
    for end in _ats(text, data):
        if end == 0:
            continue
        before = text[end - 1]
        ends: tuple[int, ...]
        if before in " \t" and end > 1:
            ends = (end, end - 1)
        elif before.isalnum() or before in "_.%+-":
            ends = (end,)
        else:
            continue
        for local_end in ends:
            start = local_end
            while start > 0 and (text[start - 1].isalnum() or text[start - 1] in "_.%+-"):
                start -= 1
            if start == local_end or start <= last:
                continue
            match = EMAIL.match(text, start)
            if match is not None:
                last = start
                yield start, _EMAIL_KIND, match.group()
                break


def _streets(text: str) -> Iterable[tuple[int, str, str]]:
    """Every street with a house number and a postal code, tried only before a postal code.

    The pattern starts at a word, so a search of the whole text would try it at every
    word; a street name, number and the space before the code fit well within
    ``_STREET_REACH`` characters.
    """
    done = 0
    for code in _POSTCODE_RE.finditer(text):
        start = max(done, code.start() - _STREET_REACH)
        end = min(len(text), code.end() + 1)
        match = STREET_THEN_POSTCODE.search(text, start, end)
        while match is not None and match.end() < code.end():
            match = STREET_THEN_POSTCODE.search(text, match.end(), end)
        if match is not None:
            done = match.end()
            yield match.start(), _ADDRESS_KIND, match.group()


_STREET_REACH = 200


def _find(text: str) -> list[tuple[int, str, str]]:
    """``(offset, kind, matched)`` of every detail in ``text`` (already visible ASCII)."""
    found: list[tuple[int, str, str]] = []
    data = text.encode("utf-8", "surrogatepass")
    found.extend(_emails(text, data))
    zeros = data.translate(_ZEROS)
    if _MAYBE_PHONE_ZEROS.search(zeros) and _MAYBE_PHONE.search(text):
        for match in PHONE.finditer(text):
            if _is_phone(match.group("prefix"), match.group("rest")):
                found.append((match.start(), _PHONE_KIND, match.group()))
    if _MAYBE_POSTCODE_ZEROS.search(zeros) and _MAYBE_POSTCODE.search(text):
        for match in POSTCODE_THEN_NUMBER.finditer(text):
            found.append((match.start(), _ADDRESS_KIND, match.group()))
        found.extend(_streets(text))
    return found


def find_private_details(text: str) -> list[tuple[int, str, str]]:
    """Every phone number, e-mail address and address in ``text``.

    ``text`` is plain text (as a page shows it, or as a source is typed). Unicode
    dashes and hyphens, no-break and other Unicode spaces, fullwidth digits and
    invisible characters are read as a reader sees them; ``(at)``, ``[at]`` and
    spaces around ``@``, lower-case postcodes, "nr." and a number over two lines are
    found too. Markup is not removed here: see :func:`normalise`.

    Returns ``(line, kind, matched text)``, sorted by position; ``kind`` is the
    Dutch name of what was found, ``matched`` the text as a reader sees it, its
    white space made single spaces.
    """
    visible, source = _apply_mapped(text, _PLAIN)
    found = sorted(_find(visible))
    unique: dict[tuple[int, str], tuple[int, str, str]] = {}
    for start, kind, matched in found:
        line = text.count("\n", 0, source(start)) + 1
        shown = " ".join(matched.split())
        unique.setdefault((line, shown), (line, kind, shown))
    return list(unique.values())


def find_in_plain_text(text: str) -> list[tuple[str, str]]:
    """``(kind, matched)`` of every detail :func:`find_private_details` finds in ``text``,
    each once, in order, for a text that is plain already (:func:`plain_text` of
    something, as the publication gate reads the output): it is not made plain again,
    and no line is counted."""
    found = sorted(_find(text))
    return list(dict.fromkeys((kind, " ".join(matched.split())) for _start, kind, matched in found))


# ------------------------------------------------------------------- the exceptions


@dataclass(frozen=True)
class AllowedText:
    """One reviewed text that may be published in one file, with where it is listed.

    ``line`` is the entry's line in ``privacy-uitzonderingen.yml``; ``bestand`` the
    file it is for, as messages show it (relative to the project); ``regel`` and
    ``citaat``, when given, narrow it to a line of that file or a quote in it.
    """

    tekst: str
    reden: str
    line: int
    bestand: str
    regel: int | None = None
    citaat: str | None = None

    def needles(self) -> tuple[str, ...]:
        """The text as written and as a reader sees it (the same text, or two)."""
        seen = normalise(self.tekst)
        return (self.tekst,) if seen in ("", self.tekst) else (self.tekst, seen)


def _blank(text: str, start: int, end: int) -> str:
    blank = "".join("\n" if c == "\n" else " " for c in text[start:end])
    return text[:start] + blank + text[end:]


@dataclass
class Allowlist:
    """The reviewed exceptions of ``privacy-uitzonderingen.yml``."""

    entries: list[AllowedText]
    path: str

    def for_files(self, bestanden: Iterable[str]) -> list[AllowedText]:
        """The exceptions for any of ``bestanden`` (paths as messages show them)."""
        wanted = {bestanden} if isinstance(bestanden, str) else set(bestanden)
        return [entry for entry in self.entries if entry.bestand in wanted]

    def mask_for(self, text: str, bestanden: Iterable[str]) -> str:
        """``text`` with every text allowed for any of ``bestanden`` blanked out.

        For a text made from those files (a page, a search entry): each exception is
        blanked as written and as a reader sees it (see :func:`normalise`), anywhere
        in ``text`` (``regel`` and ``citaat`` are not known there). Line breaks are
        kept, so line numbers stay right.
        """
        for entry in self.for_files(bestanden):
            for needle in entry.needles():
                start = text.find(needle)
                while start != -1:
                    end = start + len(needle)
                    text = _blank(text, start, end)
                    start = text.find(needle, end)
        return text

    def allows(self, text: str, bestanden: str | Iterable[str]) -> bool:
        """Whether a found detail ``text`` lies within a text allowed for ``bestanden``.

        ``text`` is a detail as :func:`find_private_details` reports it; ``bestanden``
        one source file or several (paths as messages show them).
        """
        found = " ".join(normalise(text).split())
        for entry in self.for_files(bestanden):
            if found and found in " ".join(normalise(entry.tekst).split()):
                return True
        return False

    def mask(self, text: str, used: set[int]) -> str:
        """``text`` with every allowed passage blanked out, whatever file it is for."""
        for index, entry in enumerate(self.entries):
            start = text.find(entry.tekst)
            while start != -1:
                used.add(index)
                end = start + len(entry.tekst)
                text = _blank(text, start, end)
                start = text.find(entry.tekst, end)
        return text


_EXAMPLE = "'- tekst: \"...\"' met daaronder 'reden: \"...\"' en 'bestand: ...'"


def _as_written(value: str, _context: Mapping[str, Any]) -> str:
    """A text with more than spaces in it, kept as written: it is looked for exactly."""
    if not value.strip():
        raise Invalid()  # the field's own message
    return value


def _missing_file(names: Mapping[str, Any]) -> str:
    """Suggest the file that holds the text (``where``, given to :func:`validate`)."""
    tekst, where = names["values"].get("tekst"), names["where"]
    found = where(tekst) if where is not None and tekst is not None else None
    return (
        "deze uitzondering mist 'bestand'; schrijf erbij voor welk bestand ze "
        f"geldt, bijvoorbeeld 'bestand: {found or 'docs/index.md'}'"
    )


#: One exception of ``privacy-uitzonderingen.yml``; ``{where}``, given to
#: :func:`validate`, names a file that holds a text (or is ``None``).
ALLOWED = Table(
    fields=(
        Field(
            "tekst",
            any_text,
            required=True,
            wrong="'tekst' moet tekst zijn: precies zoals het in de bron staat",
            parse=_as_written,
        ),
        Field(
            "reden",
            filled_text,
            required=True,
            wrong="'reden' moet tekst zijn: waarom dit openbaar mag (bijvoorbeeld 'adres van "
            "een openbare organisatie')",
        ),
        Field(
            "bestand",
            filled_text,
            required=True,
            wrong="'bestand' moet tekst zijn: het bestand waarvoor de uitzondering geldt, zoals "
            "het in de melding staat (bijvoorbeeld 'docs/voor-auteurs/foutmeldingen.md')",
            missing=_missing_file,
        ),
        Field(
            "regel",
            positive_integer,
            wrong="'regel' moet een regelnummer zijn: de regel van het bestand waarop de tekst "
            "staat, bijvoorbeeld 'regel: 12'",
        ),
        Field(
            "citaat",
            filled_text,
            wrong="'citaat' moet tekst zijn: het id van het citaat waarin de tekst staat",
        ),
    ),
    unknown="onbekend veld '{key}'{hint}",
    hint=hint_then(
        "een uitzondering heeft alleen 'tekst', 'reden' en 'bestand', "
        "en eventueel 'regel' of 'citaat'"
    ),
    missing="deze uitzondering mist '{key}'; schrijf " + _EXAMPLE,
    keys_in_file_order=True,
)
#: The keys every exception needs.
REQUIRED_KEYS = tuple(f.name for f in ALLOWED.fields if f.required)


def load_allowlist(
    root: Path, where: Callable[[str], str | None] | None = None
) -> tuple[Allowlist, list[SourceProblem]]:
    """Read ``privacy-uitzonderingen.yml`` (absent: no exceptions).

    An entry without ``tekst``, ``reden`` or ``bestand`` is a problem and allows
    nothing. ``where``, given an entry's text, names a file that holds it: the
    message about a missing ``bestand`` then suggests that file.
    """
    path = root / ALLOWLIST_FILE
    shown = ALLOWLIST_FILE
    allowlist = Allowlist([], shown)
    if not path.is_file():
        return allowlist, []
    text, problem = read_source_text(path, shown, max_bytes=MAX_DATA_BYTES)
    if problem is not None or text is None:
        return allowlist, [problem] if problem else []
    doc, problem = compose_yaml(text, shown)
    if problem is not None or doc is None:
        return allowlist, [problem] if problem else []
    if doc.root is None:
        return allowlist, []
    if not isinstance(doc.root, yaml.SequenceNode):
        return allowlist, [
            SourceProblem(
                shown, doc.line(doc.root), f"{ALLOWLIST_FILE} moet een lijst zijn: {_EXAMPLE}"
            )
        ]
    problems: list[SourceProblem] = []
    for record in doc.root.value:
        line = doc.line(record)
        if not isinstance(record, yaml.MappingNode):
            problems.append(SourceProblem(shown, line, f"schrijf elke uitzondering als {_EXAMPLE}"))
            continue
        checked = validate(
            Record.read(doc, record, shown, "deze uitzondering"), ALLOWED, where=where
        )
        problems.extend(checked.problems)
        values = checked.values
        # A field that is wrong makes the whole exception count for nothing, as a
        # missing one does: what it would allow is still reported.
        if not checked.refused and all(key in values for key in REQUIRED_KEYS):
            allowlist.entries.append(
                AllowedText(
                    values["tekst"],
                    values["reden"],
                    line,
                    values["bestand"],
                    values.get("regel"),
                    values.get("citaat"),
                )
            )
    return allowlist, problems


# ------------------------------------------------------------------ reading sources


class _View:
    """One way of reading a file: the text a reader sees, and where it came from."""

    def __init__(
        self, text: str, source: Callable[[int], int] | None = None, *, passes: _Passes = None
    ) -> None:
        self.text = text
        self._source = source
        self._passes = passes

    @classmethod
    def of(cls, text: str, passes: tuple[_Pass, ...]) -> _View:
        """``text`` read through ``passes``; where each character came from is worked
        out only when asked (for a detail or an exception: seldom)."""
        return cls(_apply(text, passes), passes=(text, passes))

    def source(self, position: int) -> int:
        """The offset in the file of the character at ``position``."""
        if self._source is None:
            assert self._passes is not None
            text, self._source = _apply_mapped(*self._passes)
            assert text == self.text
        return self._source(position)


@dataclass
class _Source:
    """One scanned file: its text, how to read it, and its lines and quotes."""

    path: Path
    shown: str
    text: str
    kind: str  # "markdown", "markup", "yaml", "json", "bib" or "text"
    _lines: list[int] | None = None
    #: (start, end, id) of each quote of a quote file, by offset
    quotes: list[tuple[int, int, str]] = field(default_factory=list)

    def line(self, offset: int) -> int:
        """The 1-based line of ``offset``."""
        if self._lines is None:
            self._lines = [m.start() for m in re.finditer("\n", self.text)]
        return bisect.bisect_left(self._lines, offset) + 1

    def quote(self, offset: int) -> str | None:
        """The id of the quote ``offset`` lies in, if any."""
        for start, end, quote_id in self.quotes:
            if start <= offset < end:
                return quote_id
        return None


def _kind(path: Path) -> str | None:
    """How a file in ``docs/`` is read; ``None`` for a binary file."""
    name = path.name.lower()
    # An editor's or a merge's copy is read as the file it copies: 'citaten.yml~',
    # 'citaten.yml.bak', 'hoofdstuk.md.orig'.
    name = re.sub(r"(?:~|\.(?:bak|orig|old|tmp|backup))+$", "", name)
    suffix = os.path.splitext(name)[1]
    if suffix in (".md", ".markdown"):
        return "markdown"
    if suffix in MARKUP_SUFFIXES:
        return "markup"
    if suffix in (".yml", ".yaml"):
        return "yaml"
    if suffix in (".json", ".geojson", ".webmanifest"):
        return "json"
    if suffix == ".bib":
        return "bib"
    if suffix in BINARY_SUFFIXES:
        return None
    return "text"


def _collapsed(text: str) -> str:
    """``re.sub(r"\\s+", " ", _apply(text, _PLAIN))``: each run of white space one space.

    ``str.split`` splits at the characters ``\\s`` matches (both ask Unicode which
    characters are white space), and a run at either end stays a space.
    """
    text = _apply(text, _PLAIN)
    words = text.split()
    if not words:
        return " " if text else ""
    start = " " if text[0].isspace() else ""
    return start + " ".join(words) + (" " if text[-1].isspace() else "")


def _might_hold(text: str) -> bool:
    """Whether any reading of ``text`` can hold a detail (exact: never a wrong ``False``).

    Every match of a pattern contains a match of its _MAYBE test, which allows one
    white-space character where the text may have several; parsing (YAML folding,
    indentation) only turns runs of white space into one, and without a backslash no
    escape can make a character that is not there. The postal code test looks ahead
    (no letter after its two letters): where a string as parsed has no letter after
    them, the text has none either, for a string goes on there in the text as it does
    parsed (with white space for white space, or "'" for "''"), or ends there, and a
    string ends in the text at a quote, a line break, ":", "#" or ",]}": no letter.
    """
    text = _collapsed(text)
    if _MAYBE_EMAIL.search(text):
        return True
    zeros = text.encode("utf-8", "surrogatepass").translate(_ZEROS)
    if _MAYBE_PHONE_ZEROS.search(zeros) and _MAYBE_PHONE.search(text):
        return True
    return bool(_MAYBE_POSTCODE_ZEROS.search(zeros) and _MAYBE_POSTCODE.search(text))


_YAML_ESCAPES = {
    "0": "\0", "a": "\a", "b": "\b", "t": "\t", "\t": "\t", "n": "\n", "v": "\v", "f": "\f",
    "r": "\r", "e": "\x1b", " ": " ", "N": "\x85", "_": "\xa0", "L": "\u2028", "P": "\u2029",
}  # fmt: skip


def _scalar_source(text: str, node: yaml.ScalarNode, offset: int) -> int:
    """The offset in ``text`` of character ``offset`` of a scalar's value.

    The value's characters other than white space are the scalar's characters in
    the file in the same order, but for the quotes around it, a block scalar's first
    line, a doubled quote and escapes: so count them off.
    """
    start, end = int(node.start_mark.index), int(node.end_mark.index)
    style = node.style or ""
    position = start
    if style in "|>" and style:
        position = text.find("\n", start, end) + 1 or start
    elif style in ("'", '"'):
        position = start + 1
    wanted = sum(1 for c in node.value[:offset] if not c.isspace())
    counted = 0
    while position < end:
        char = text[position]
        if char.isspace():
            position += 1
            continue
        width, produced = 1, char
        if style == '"' and char == "\\" and position + 1 < end:
            following = text[position + 1]
            if following == "\n":
                position += 2
                continue
            width = {"x": 4, "u": 6, "U": 10}.get(following, 2)
            digits = text[position + 2 : position + width]
            if width > 2:
                try:
                    produced = chr(int(digits, 16))
                except ValueError:
                    produced = "?"
            else:
                produced = _YAML_ESCAPES.get(following, following)
        elif style == "'" and char == "'" and text.startswith("''", position):
            width = 2
        if produced.isspace():
            position += width
            continue
        if counted == wanted:
            return position
        counted += 1
        position += width
    return start


#: Composes YAML as the safe loader does, without telling each plain value's type (a
#: number? a date?) by its patterns: the scan reads only a node's value, style and
#: place. PyYAML's base loader resolves no implicit type: every node has the plain tag of
#: its kind.
_Composer = getattr(yaml, "CBaseLoader", yaml.BaseLoader)


def _yaml_view(source: _Source, text: str, base: int, *, quotes: bool) -> _View | None:
    """Every string of the YAML ``text`` (at ``base`` in the file) as parsed."""
    composer = _Composer(text)
    try:
        root = composer.get_single_node()
    except yaml.YAMLError:
        return None  # reported where the file is loaded
    finally:
        composer.dispose()
    if root is None:
        return None
    if quotes and isinstance(root, yaml.SequenceNode):
        for record in root.value:
            if not isinstance(record, yaml.MappingNode):
                continue
            for key, value in record.value:
                if key.value == "id" and isinstance(value, yaml.ScalarNode):
                    source.quotes.append(
                        (base + record.start_mark.index, base + record.end_mark.index, value.value)
                    )
    scalars: list[yaml.ScalarNode] = []
    stack: list[yaml.Node] = [root]
    seen: set[int] = set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue  # an alias
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            if node.value.strip():
                scalars.append(node)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(reversed(node.value))
        elif isinstance(node, yaml.MappingNode):
            for key, value in reversed(node.value):
                stack.extend((value, key))
    starts: list[int] = []
    position = 0
    for node in scalars:
        starts.append(position)
        position += len(node.value) + 2
    # Two line breaks between values: no pattern reaches over them.
    visible, in_values = _apply_mapped("\n\n".join(node.value for node in scalars), _PLAIN)

    def where(offset: int) -> int:
        offset = in_values(offset)
        index = max(bisect.bisect_right(starts, offset) - 1, 0)
        return base + _scalar_source(text, scalars[index], offset - starts[index])

    return _View(visible, where)


_JSON_STRING = re.compile(r'"(?:[^"\\\n]|\\.)*"')


def _json_view(text: str) -> _View | None:
    """Every string of a JSON text with an escape, decoded, each at its own place."""
    starts: list[int] = []
    sources: list[int] = []
    pieces: list[str] = []
    position = 0
    for match in _JSON_STRING.finditer(text):
        if "\\" not in match.group():
            continue
        try:
            value = json.loads(match.group())
        except ValueError:
            continue
        starts.append(position)
        sources.append(match.start())
        pieces.append(value)
        position += len(value) + 2
    if not pieces:
        return None
    visible, source = _apply_mapped("\n\n".join(pieces), _PLAIN)

    def where(offset: int) -> int:
        index = max(bisect.bisect_right(starts, source(offset)) - 1, 0)
        return sources[index]

    return _View(visible, where)


def _views(source: _Source) -> list[_View]:
    """Every reading of a file: as typed, and as a reader sees it."""
    text = source.text
    views = [_View.of(text, _PLAIN)]
    for kind, passes in (("markdown", _MARKUP), ("markup", _MARKUP), ("bib", _BIB)):
        if source.kind == kind:
            shown = _View.of(text, passes)
            if shown.text != views[0].text:
                views.append(shown)
    if source.kind == "json" and "\\" in text:
        found = _json_view(text)
        if found is not None:
            views.append(found)
    if (
        source.kind == "yaml"
        and len(text) <= MAX_DATA_BYTES
        and ("\\" in text or source.quotes or _might_hold(text))
    ):
        found = _yaml_view(source, text, 0, quotes=False)
        if found is not None:
            views.append(found)
    if source.kind == "markdown":
        front, _offset, _body, _lines = split_front_matter(text)
        if front is not None and ("\\" in front or _might_hold(front)):
            found = _yaml_view(source, front, text.index("\n") + 1, quotes=False)
            if found is not None:
                views.append(found)
    return views


def _source_files(docs_dir: Path) -> Iterable[Path]:
    """Every file under ``docs_dir`` a reader may be given, in the order of their paths
    (as ``sorted(docs_dir.rglob("*"))``, which this walks as that does: into folders,
    not into links to folders): a plain file, or a link to a file inside ``docs_dir``;
    nothing in or under a hidden file or folder (its name starts with a dot).

    A folder's listing tells a plain file and a folder without a system call per file
    (the preview scans after every save, of a site of a thousand files)."""
    docs = docs_dir.resolve()
    found: list[tuple[tuple[str, ...], Path]] = []

    def walk(folder: Path, parts: tuple[str, ...]) -> None:
        try:
            with os.scandir(folder) as listing:
                entries = list(listing)
        except OSError:
            # a folder it may not list has nothing found, as with rglob; nor has one gone
            # meanwhile (removed while the preview scans), where rglob raised
            return
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            path = folder / name
            if entry.is_dir(follow_symlinks=False):
                walk(path, (*parts, name))
            elif entry.is_file(follow_symlinks=False) or (
                path.is_file() and path.resolve().is_relative_to(docs)
            ):
                # a link out of docs/ is never published (reported by the plugin)
                found.append(((*parts, name), path))

    walk(docs_dir, ())
    found.sort(key=lambda item: item[0])
    return [path for _parts, path in found]


def _read(path: Path, shown: str, kind: str) -> tuple[str | None, str | None, SourceProblem | None]:
    """(text to scan, text as the build reads it, a problem) of one file.

    Pages and data files are read as their loaders read them (a mistake there is
    reported by the loader); a file that is not UTF-8 is still scanned, its unreadable
    bytes replaced. Any other file that holds a NUL byte is binary: not scanned.
    """
    if kind in ("markdown", "yaml") and path.suffix in SCANNED_SUFFIXES:
        text, problem = read_source_text(path, shown)
        if text is not None:
            return text, text, None
        if problem is not None and problem.line is None:
            return None, None, None  # unreadable: the loader says so
    try:
        data = path.read_bytes()
    except OSError:
        if kind in ("markdown", "yaml") and path.suffix in SCANNED_SUFFIXES:
            return None, None, None
        _text, problem = read_source_text(path, shown)
        return None, None, problem
    if kind == "text" and b"\0" in data[:_SNIFF_BYTES]:
        return None, None, None
    return decoded_source(data, "replace"), None, None


def _read_kept(
    path: Path, shown: str, kind: str, cache: PrivacyCache
) -> tuple[str | None, str | None, SourceProblem | None]:
    """:func:`_read`, for the preview: a file whose bytes are exactly those it had at the
    last scan (kept by ``cache``) gives the texts made of them then, the same objects,
    so that the scan's key of it is found without hashing it again
    (:meth:`PrivacyCache.scan_key`). Every file is still read whole."""
    try:
        data = path.read_bytes()
    except OSError:
        cache.bytes.pop(path, None)
        return _read(path, shown, kind)
    kept = cache.bytes.get(path)
    if kept is not None and kept[0] == kind and kept[1] == data:
        return kept[2], kept[3], None
    if kind in ("markdown", "yaml") and path.suffix in SCANNED_SUFFIXES:
        try:
            text = decoded_source(data)
        except UnicodeDecodeError:
            # read_source_text's problem has a line: the file is scanned as below
            pass
        else:
            cache.bytes[path] = (kind, data, text, text)
            return text, text, None
    if kind == "text" and b"\0" in data[:_SNIFF_BYTES]:
        cache.bytes.pop(path, None)
        return None, None, None
    text = decoded_source(data, "replace")
    cache.bytes[path] = (kind, data, text, None)
    return text, None, None


# ----------------------------------------------------------------------- the scan


def _allowed(
    view: _View,
    source: _Source,
    entries: list[tuple[int, AllowedText]],
    used: set[int],
    elsewhere: dict[int, list[int]],
) -> str:
    """The view's text with what ``entries`` allow blanked out."""
    text = view.text
    for index, entry in entries:
        for needle in entry.needles():
            start = text.find(needle)
            while start != -1:
                end = start + len(needle)
                offset = view.source(start)
                line = source.line(offset)
                if (entry.regel is None or entry.regel == line) and (
                    entry.citaat is None or source.quote(offset) == entry.citaat
                ):
                    used.add(index)
                    text = _blank(text, start, end)
                else:
                    elsewhere.setdefault(index, []).append(line)
                start = text.find(needle, start + 1)
    return text


def _details(
    source: _Source,
    entries: list[tuple[int, AllowedText]],
    used: set[int],
    elsewhere: dict[int, list[int]],
) -> list[tuple[int, str, str]]:
    """(line, kind, matched) of every detail in every reading of ``source``."""
    found: dict[tuple[int, str], tuple[int, int, str]] = {}
    starts: set[tuple[str, int]] = set()
    for view in _views(source):
        text = _allowed(view, source, entries, used, elsewhere)
        for start, kind, matched in _find(text):
            offset = view.source(start)
            if (kind, offset) in starts:
                continue  # seen already as written ("els_smit@..." and, as shown, "elssmit@...")
            starts.add((kind, offset))
            shown = " ".join(matched.split())
            key = (source.line(offset), shown)
            if key not in found or offset < found[key][0]:
                found[key] = (offset, len(found), kind)
    details = sorted(
        (offset, order, line, kind, shown) for (line, shown), (offset, order, kind) in found.items()
    )
    # One reading may see more of a detail than another ("Straat nr. 12, ..." as
    # written, "nr. 12, ..." in a view): the longer one is reported.
    return [
        (line, kind, shown)
        for _offset, _order, line, kind, shown in details
        if not any(
            other != shown and shown in other and other_line == line
            for (other_line, other) in found
        )
    ]


def privacy_problems(
    docs_dir: Path | str,
    *,
    root: Path | str,
    texts: dict[Path, str] | None = None,
    bibliography: Path | str | Sequence[Path | str] | None = None,
    config_file: Path | str | None = None,
    cache: PrivacyCache | None = None,
) -> list[SourceProblem]:
    """Every phone number, e-mail address and address in the sources, as problems.

    Scans every text file under ``docs_dir`` (chapters, quotes, theory boxes, other
    pages and any other text), the ``bibliography`` and ``config_file``
    (``mkdocs.yml``; by default the one in ``root``, if any), as written and as a
    reader sees them, minus the reviewed exceptions in ``privacy-uitzonderingen.yml``
    under ``root``; unused or misplaced exceptions are problems too. Used by the build
    and by ``handreiking check``. With ``texts``, the text of every Markdown page read
    is put there by path, for the build to reuse. With a ``cache`` (the plugin's), a
    file read with the same text and the same exceptions as before is not scanned again
    (see :class:`PrivacyCache`): every file is still read, and every finding reported.
    """
    docs_dir, root = Path(docs_dir), Path(root)
    if config_file is None and (root / "mkdocs.yml").is_file():
        config_file = root / "mkdocs.yml"
    problems: list[SourceProblem] = []
    sources: list[_Source] = []
    paths: list[tuple[Path, str | None]] = [(p, _kind(p)) for p in _source_files(docs_dir)]
    # the 'bibliografie' option: one file or several
    bib_files = [bibliography] if isinstance(bibliography, Path | str) else bibliography or []
    extras = [*((file, "bib") for file in bib_files), (config_file, "yaml")]
    for extra, extra_kind in extras:
        # the bibliography may live in docs/ itself: scanned once
        if (
            extra is not None
            and Path(extra).is_file()
            and not Path(extra).resolve().is_relative_to(docs_dir.resolve())
        ):
            paths.append((Path(extra), extra_kind))
    for path, kind in paths:
        if kind is None:
            continue
        shown = shown_path(path, root)
        if cache is not None and cache.keep_texts:
            text, as_read, problem = _read_kept(path, shown, kind, cache)
        else:
            text, as_read, problem = _read(path, shown, kind)
        if problem is not None:
            problems.append(problem)
        if text is None:
            continue
        if texts is not None and as_read is not None and path.suffix == ".md":
            texts[path] = as_read
        sources.append(_Source(path, shown, text, kind))
    by_shown = {source.shown: source for source in sources}
    if cache is not None and cache.keep_texts:
        cache.forget_others(paths, by_shown)

    def where(tekst: str) -> str | None:
        return next((s.shown for s in sources if tekst in s.text), None)

    allowlist, found = load_allowlist(root, where)
    problems.extend(found)
    entries: dict[str, list[tuple[int, AllowedText]]] = {}
    valid: list[int] = []
    for index, entry in enumerate(allowlist.entries):
        target = by_shown.get(entry.bestand)
        if target is None:
            problems.append(
                _no_such_file(allowlist.path, entry, root, list(by_shown), where(entry.tekst))
            )
            continue
        if entry.citaat is not None:
            if target.kind == "yaml" and not target.quotes:
                _yaml_view(target, target.text, 0, quotes=True)
            ids = [quote_id for _start, _end, quote_id in target.quotes]
            if entry.citaat not in ids:
                problems.append(
                    SourceProblem(
                        allowlist.path,
                        entry.line,
                        f"in {entry.bestand} staat geen citaat '{entry.citaat}'"
                        + then_advise(
                            did_you_mean(entry.citaat, ids),
                            "schrijf bij 'citaat' het id van het citaat waarin de tekst staat",
                        ),
                    )
                )
                continue
        entries.setdefault(entry.bestand, []).append((index, entry))
        valid.append(index)
    used: set[int] = set()
    elsewhere: dict[int, list[int]] = {}
    reuse = _ScanReuse(cache) if cache is not None else None
    for source in sources:
        own = entries.get(source.shown, [])
        details, own_used, own_elsewhere = _scanned(source, own, reuse)
        # back from positions in the file's own exceptions to their places in the list
        used.update(own[position][0] for position in own_used)
        for position, lines in own_elsewhere.items():
            elsewhere.setdefault(own[position][0], []).extend(lines)
        for line, kind, matched in details:
            problems.append(
                SourceProblem(
                    source.shown,
                    line,
                    f"hier staat {kind} ('{matched}'); persoonlijke gegevens van deelnemers "
                    "horen niet in de handreiking: haal het weg. Is het van een openbare "
                    f"organisatie, zet de precieze tekst dan met een reden in {ALLOWLIST_FILE}",
                )
            )
    for index in valid:
        if index not in used:
            problems.append(_unused(allowlist, index, elsewhere.get(index, [])))
    if reuse is not None:
        reuse.save()
    return problems


def _no_such_file(
    shown: str, entry: AllowedText, root: Path, scanned: list[str], holder: str | None
) -> SourceProblem:
    if (root / entry.bestand).is_file():
        message = (
            f"het bestand '{entry.bestand}' wordt niet op persoonlijke gegevens gecontroleerd "
            "(alleen docs/, mkdocs.yml en de literatuurlijst), dus een uitzondering is daar "
            "niet nodig: haal haar weg"
        )
    elif holder is not None:
        message = (
            f"het bestand '{entry.bestand}' bestaat niet; de tekst staat in {holder}: "
            f"schrijf 'bestand: {holder}'"
        )
    else:
        message = f"het bestand '{entry.bestand}' bestaat niet" + then_advise(
            did_you_mean(entry.bestand, scanned),
            "schrijf het pad zoals het in de melding over de tekst staat, vanaf de map met "
            "mkdocs.yml",
        )
    return SourceProblem(shown, entry.line, message)


def _unused(allowlist: Allowlist, index: int, lines: list[int]) -> SourceProblem:
    entry = allowlist.entries[index]
    if entry.regel is not None and lines:
        line = lines[0]
        message = (
            f"de uitzondering '{entry.tekst}' staat niet op regel {entry.regel} van "
            f"{entry.bestand} maar op regel {line}; schrijf 'regel: {line}'"
        )
    elif entry.citaat is not None:
        message = (
            f"de uitzondering '{entry.tekst}' staat niet in citaat '{entry.citaat}' van "
            f"{entry.bestand}; haal haar weg of maak de tekst gelijk aan die in het citaat"
        )
    else:
        message = (
            f"de uitzondering '{entry.tekst}' staat nergens in {entry.bestand}; "
            "haal haar weg of maak de tekst gelijk aan die in de bron"
        )
    return SourceProblem(allowlist.path, entry.line, message)


# ------------------------------------------------------------------- reusing a scan

#: What the scan of one file found: ``(line, kind, matched)`` of every detail, the
#: positions (in the file's own exceptions) of the exceptions it used, and per position
#: the lines where that exception's text stood outside its ``regel`` or ``citaat``.
_Scanned = tuple[list[tuple[int, str, str]], list[int], dict[int, list[int]]]


def _scanned(
    source: _Source, own: list[tuple[int, AllowedText]], reuse: _ScanReuse | None
) -> _Scanned:
    """What :func:`_details` finds in ``source`` with its exceptions ``own``, reused
    when the same file was scanned with the same text and exceptions before."""
    key = reuse.owner.scan_key(source, own) if reuse is not None else None
    if reuse is not None and key is not None:
        found = reuse.get(key)
        if found is not None and all(
            0 <= position < len(own) for position in (*found[1], *found[2])
        ):
            reuse.owner.keep(source, own, found)
            return found
    edited = _scanned_around_edit(source, own, reuse.owner) if reuse is not None else None
    if edited is not None:
        scanned = edited
    else:
        positions = {index: position for position, (index, _entry) in enumerate(own)}
        used: set[int] = set()
        elsewhere: dict[int, list[int]] = {}
        details = _details(source, own, used, elsewhere)
        scanned = (
            details,
            sorted(positions[index] for index in used),
            {positions[index]: lines for index, lines in elsewhere.items()},
        )
    if reuse is not None and key is not None:
        reuse.put(key, scanned)
        reuse.owner.keep(source, own, scanned)
    return scanned


#: The kinds of file whose scan :func:`_scanned_around_edit` may take in parts: no
#: reading of a ``.bib`` file changes or joins anything across a blank line.
_IN_PARTS = frozenset({"bib"})
#: Files shorter than this are scanned whole: a part would save little.
_PARTS_FROM = 1 << 16


def _scanned_around_edit(
    source: _Source, own: list[tuple[int, AllowedText]], cache: PrivacyCache
) -> _Scanned | None:
    """What :func:`_details` finds in ``source``, made from the last scan of the same
    file (kept by ``cache``: the preview's) by scanning only the part around what an
    edit changed; ``None`` when that cannot be (then the whole file is scanned).

    A blank line splits a file's scan in two: what the scan finds in the whole text
    is what it finds in the text before the blank line (ending with it) and in the
    text after it, one after the other. No pattern matches a line break right after
    another (at most one stands between a street and its postal code, between the
    digits of a phone number a line break stands alone or beside a dash, dot or
    slash, and no pattern starts with one), so no match lies across one, and a
    look-around next to it sees a line break where a part sees the end of its text,
    which both take for "not a letter, digit or sign". The readings of a ``.bib``
    file (as typed, and without braces and escapes, ``--`` as a dash, ``~`` as a
    space) change nothing across a line break either. The "at" of an address
    (:func:`_ats`) is looked for by the same searches in a part as in the whole when
    the text has no letter whose lower case is longer (:func:`lowers_alike`), which
    holds for a part when it holds for the whole: so the last text's did, and the new
    part's must. So the text before the blank line at or before
    the first changed character, and after the first blank line after the last
    changed one, keep their findings (those after it as many lines further on), and
    the part between them is scanned. Only for a file without exceptions: one of
    those may stand across a blank line.
    """
    if own or source.kind not in _IN_PARTS or not cache.keep_texts:
        return None
    kept = cache.texts.get(source.shown)
    if kept is None:
        return None
    before, found, lowered_alike = kept
    text = source.text
    if not lowered_alike or before == text:
        return None
    start, same_end = common_ends(before, text)
    at = before.rfind("\n\n", 0, start)
    part_start = at + 2 if at >= 0 else 0
    at = before.find("\n\n", len(before) - same_end)
    old_end = at + 2 if at >= 0 else len(before)
    new_end = old_end + len(text) - len(before)
    part = text[part_start:new_end]
    if not lowers_alike(part):
        return None
    first_line = before.count("\n", 0, part_start) + 1  # the part's first line
    old_after = before.count("\n", 0, old_end) + 1  # the first line after it, then
    more_lines = part.count("\n") - before.count("\n", part_start, old_end)
    details = [detail for detail in found[0] if detail[0] < first_line]
    scanned = _details(_Source(source.path, source.shown, part, source.kind), [], set(), {})
    details.extend((line + first_line - 1, kind, shown) for line, kind, shown in scanned)
    details.extend(
        (line + more_lines, kind, shown) for line, kind, shown in found[0] if line >= old_after
    )
    return details, [], {}


def _scan_key(source: _Source, own: list[tuple[int, AllowedText]]) -> str:
    """Everything :func:`_details` reads of a file: the name messages show, how it is
    read, its text (SHA-256) and, of each of its exceptions, what decides where it holds
    (its text, ``regel`` and ``citaat``; the quotes a ``citaat`` looks in come from the
    text). The code is the cache's (:meth:`PrivacyCache.file`)."""
    digest = hashlib.sha256(source.text.encode("utf-8", "surrogatepass")).hexdigest()
    rules = tuple((entry.tekst, entry.regel, entry.citaat) for _index, entry in own)
    return jsoncache.key(source.shown, source.kind, digest, rules)


class PrivacyCache(jsoncache.WrittenLater):
    """The privacy scan's findings per file, kept by their owner (the plugin) for its
    next scan.

    ``memory`` holds the findings of the last scan: a rebuild of ``mkdocs serve`` finds
    the files that did not change there. With a ``folder``, they are also kept there
    between builds, as JSON, under the fingerprint of the code
    (:func:`jsoncache.environment`); without one, nothing is read from or written to
    disk. A file's findings are reused only for the same text, name, kind and
    exceptions (:func:`_scan_key`): what a reused scan found is reported as a new scan
    reports it, on every build.
    """

    def __init__(self, folder: Path | None = None) -> None:
        super().__init__()
        self.folder = folder
        self.memory: dict[str, _Scanned] = {}
        #: how many files the last scan took from here rather than scanning them
        self.reused = 0
        #: the preview's: keep the last text of a large file that may be scanned in
        #: parts (:func:`_scanned_around_edit`), with what its scan found
        self.keep_texts = False
        #: by the name messages show: the text, what its scan found, and whether
        #: lowering the text kept its length
        self.texts: dict[str, tuple[str, _Scanned, bool]] = {}
        #: the preview's: by path, the kind and bytes of each file at the last scan, with
        #: the texts :func:`_read` made of them (to scan, as the build reads it)
        self.bytes: dict[Path, tuple[str, bytes, str, str | None]] = {}
        #: the preview's: by the name messages show, the text a key was made of (the
        #: object), the kind and exceptions, and the key (:meth:`scan_key`)
        self.keys: dict[str, tuple[str, tuple[Any, ...], str]] = {}

    def keep(self, source: _Source, own: list[tuple[int, AllowedText]], found: _Scanned) -> None:
        """Keep ``source``'s text and what its scan found, for the next scan of the
        file after an edit (only when :attr:`keep_texts`, for a file that may be
        scanned in parts)."""
        if not self.keep_texts or own or source.kind not in _IN_PARTS:
            return
        text = source.text
        if len(text) < _PARTS_FROM:
            self.texts.pop(source.shown, None)
            return
        kept = self.texts.get(source.shown)
        if kept is not None and kept[0] is text:
            return
        lowered_alike = lowers_alike(text)
        self.texts[source.shown] = (text, found, lowered_alike)

    def forget_others(self, paths: list[tuple[Path, str | None]], names: Mapping[str, Any]) -> None:
        """Let go of what :func:`_read_kept` and :meth:`scan_key` kept of files that are
        not among ``paths`` (by path) and ``names`` (by the name messages show)."""
        listed = {path for path, _kind in paths}
        for path in [path for path in self.bytes if path not in listed]:
            del self.bytes[path]
        for name in [name for name in self.keys if name not in names]:
            del self.keys[name]

    def scan_key(self, source: _Source, own: list[tuple[int, AllowedText]]) -> str:
        """:func:`_scan_key` of ``source``; in the preview, the key made at the last scan
        when ``source`` has the very text object it had then (:func:`_read_kept`), with
        the same name, kind and exceptions."""
        if not self.keep_texts:
            return _scan_key(source, own)
        rules = tuple((entry.tekst, entry.regel, entry.citaat) for _index, entry in own)
        kept = self.keys.get(source.shown)
        if kept is not None and kept[0] is source.text and kept[1] == (source.kind, rules):
            return kept[2]
        key = _scan_key(source, own)
        self.keys[source.shown] = (source.text, (source.kind, rules), key)
        return key

    def file(self) -> Path | None:
        """The cache file in the folder; ``None`` without a folder, or when the code's
        own files cannot be read (then every build scans)."""
        return jsoncache.file_for_this_code(self.folder, "privacy")


class _ScanReuse(jsoncache.LastRun[str, _Scanned]):
    """The findings one scan used or made, taken from and given back to a
    :class:`PrivacyCache`. The file on disk holds exactly the last scan's files; a
    damaged, foreign or misshapen file counts as empty and is replaced."""

    def __init__(self, owner: PrivacyCache) -> None:
        super().__init__(
            owner.memory,
            owner.file(),
            "privacy",
            lambda key: key,
            _encode_scanned,
            lambda stored, _key: _decode_scanned(stored),
        )
        self.owner = owner
        owner.reused = 0

    def get(self, key: str) -> _Scanned | None:
        found = super().get(key)
        if found is not None:
            self.owner.reused += 1
        return found

    def save(self) -> None:
        """In memory; in the preview, on disk only when it ends
        (:meth:`PrivacyCache.write_pending`): every rebuild would write the whole file."""
        self.owner.save_run(self, self.owner.keep_texts)


def _encode_scanned(scanned: _Scanned) -> list[Any]:
    details, used, elsewhere = scanned
    return [
        [list(detail) for detail in details],
        used,
        [[position, lines] for position, lines in elsewhere.items()],
    ]


def _decode_scanned(stored: Any) -> _Scanned:
    """:func:`_encode_scanned`'s data back, its shape checked throughout
    (:class:`~handreiking.jsoncache.CacheShapeError` when it is not what we write)."""
    stored_details, stored_used, stored_elsewhere = jsoncache.array(stored, 3)
    details: list[tuple[int, str, str]] = []
    for item in jsoncache.array(stored_details):
        line, kind, matched = jsoncache.array(item, 3)
        details.append((jsoncache.integer(line), jsoncache.string(kind), jsoncache.string(matched)))
    used = [jsoncache.integer(position) for position in jsoncache.array(stored_used)]
    elsewhere: dict[int, list[int]] = {}
    for item in jsoncache.array(stored_elsewhere):
        position, lines = jsoncache.array(item, 2)
        elsewhere[jsoncache.integer(position)] = [
            jsoncache.integer(line) for line in jsoncache.array(lines)
        ]
    return details, used, elsewhere
