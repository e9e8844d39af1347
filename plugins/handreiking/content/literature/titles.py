"""Titles in sentence case, as APA 7 writes the titles of works (APA 7, 6.17).

A reference manager often exports titles in Title Case ("Respect in a World of
Inequality"); APA's list writes them in sentence case ("Respect in a world of
inequality"): only the first word, the first word after a colon (also when the subtitle
stands inside ``title``), a question or exclamation mark or an em dash, and proper
nouns start with a capital. A program cannot know the proper nouns, so:

- a title is lowered only when it *is* in Title Case: at least two of its words after
  the first (small words such as "in", "de", "of" not counted) start with a capital,
  and none of them is written in lower case. A title written in sentence case by hand
  ("Informele zorg in Nederland") keeps every capital it has;
- words in braces keep their capitals (``{Amsterdam}``, the BibTeX convention), and
  so do acronyms ("DOEN", "3D+2") and words with a capital inside ("SamenDOEN").

Journal and newspaper names are not titles of works: they keep their own capitals.
"""

from __future__ import annotations

import re
from typing import Any

from pybtex.richtext import BaseText, Protected, String, Tag, Text

#: Words that stay lower case in Title Case, so they say nothing about the title's case.
SMALL_WORDS = frozenset(
    {
        "a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "nor", "of",
        "on", "or", "over", "the", "to", "up", "via", "with", "vs",
        "de", "het", "een", "en", "van", "voor", "op", "aan", "met", "om", "te", "ten",
        "ter", "tot", "uit", "bij", "naar", "door", "als", "dan", "der", "des",
        "den", "'t", "na", "per", "tegen", "zonder",
    }
)  # fmt: skip

_WORD = re.compile(r"[^\W\d_][\w'\u2019-]*")


def _is_capitalised(word: str) -> bool:
    """ "World": a capital, then lower case only (a hyphenated word by its first part)."""
    head = word.split("-")[0]
    return head[:1].isupper() and not any(char.isupper() for char in head[1:])


def _keeps_case(word: str) -> bool:
    """Acronyms and words with a capital inside keep their capitals: "DOEN", "SamenDOEN"
    ("Street-Level" is two capitalised words, not one with a capital inside)."""
    return any(char.isupper() for part in word.split("-") for char in part[1:])


def _words(text: BaseText) -> list[tuple[str, bool]]:
    """The words of rich text with whether they are protected (in braces)."""
    found: list[tuple[str, bool]] = []

    def walk(part: BaseText, protected: bool) -> None:
        if isinstance(part, String):
            found.extend((word, protected) for word in _WORD.findall(part.value))
        elif isinstance(part, Protected):
            for child in part.parts:
                walk(child, True)
        else:
            for child in getattr(part, "parts", ()):
                walk(child, protected)

    walk(text, False)
    return found


def is_title_case(text: BaseText) -> bool:
    """Whether a title is written in Title Case (see the module's rules)."""
    capitalised = 0
    for index, (word, protected) in enumerate(_words(text)):
        if index == 0 or protected or word.casefold() in SMALL_WORDS or _keeps_case(word):
            continue
        if len(word) < 2:
            continue
        if _is_capitalised(word):
            capitalised += 1
        else:
            return False
    return capitalised >= 2


def sentence_case(text: Text) -> Text:
    """A title in sentence case: lowered when in Title Case, and a capital at its start
    and after a colon, question or exclamation mark, em dash or full stop."""
    lower = is_title_case(text)
    state: dict[str, Any] = {"start": True, "last": ""}

    def breaks(between: str) -> bool:
        """Whether the text between two words ends a part of the title ("x: Y", "x. Y";
        not after an abbreviation such as "nr.")."""
        if re.search(r"[:?!\u2014]", between):
            return True
        return between.lstrip().startswith(".") and len(state["last"]) > 3

    def walk(part: BaseText) -> BaseText:
        if isinstance(part, String):
            out = []
            position = 0
            for match in _WORD.finditer(part.value):
                between = part.value[position : match.start()]
                if breaks(between):
                    state["start"] = True
                value = match.group(0)
                if lower and not _keeps_case(value):
                    value = value.lower()
                if state["start"]:
                    value = value[:1].upper() + value[1:]
                state["start"], state["last"] = False, value
                out += [between, value]
                position = match.end()
            rest = part.value[position:]
            if breaks(rest):
                state["start"] = True
            return String("".join([*out, rest]))
        if isinstance(part, Protected):
            # kept as written; a protected first word still counts as the first word
            words = _words(part)
            if words:
                state["start"], state["last"] = False, words[-1][0]
            return part
        if isinstance(part, Tag):
            return Tag(part.name, *(walk(child) for child in part.parts))
        if isinstance(part, Text):
            return Text(*(walk(child) for child in part.parts))
        return part

    return Text(*(walk(child) for child in text.parts))
