"""Citations in Pandoc's syntax: reading them, and what they are.

================================  ========================  ============================
source                            reads as                  rendered
================================  ========================  ============================
``[@sennett2003]``                one work, parenthetical   (Sennett, 2003)
``[@sennett2003, p. 12]``         with a locator            (Sennett, 2003, p. 12)
``[@sennett2003; @lipsky1980]``   several works             (Lipsky, 1980; Sennett, 2003)
``[zie @sennett2003]``            with a prefix             (zie Sennett, 2003)
``[-@sennett2003]``               the year only             (2003)
``@sennett2003``                  narrative                 Sennett (2003)
``@sennett2003 [p. 12]``          narrative with a locator  Sennett (2003, p. 12)
================================  ========================  ============================

Several works are put in the order of the literature list; a prefix on the first
work written ("zie") stays in front of the whole citation, other prefixes stay
with their work. Works of the same authors are joined: (Sennett, 2003, 2008).

A key starts with a letter, digit or ``_`` and may contain ``:.#$%&-+?<>~/`` when a
letter or digit follows (so ``@sennett2003.`` at the end of a sentence is the key
``sennett2003``); ``@{any key}`` takes any key. A locator is the text after the
comma (``p. 12``, ``pp. 33-35``: the hyphen becomes an en dash).

What is unreadable (:class:`CitationSyntaxError`), rather than silently dropped:

- an ``@`` without a key (``[@]``, ``[zie @]``);
- an empty part (``[@a; ]``, ``[@a;; @b]``) or an empty locator (``[@a, ]``);
- a part without a key (``[@a; zie ook]``);
- two keys in one part (``[@a @b]``: separate them with ``;``).

Brackets count as a citation only when an ``@`` in them opens a word (after the
``[``, a space, ``;`` or ``-``): ``[mail jan@example.nl]`` is not a citation.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Literal

from handreiking.errors import HandreikingError, SourceProblem

#: A citation key, as Pandoc reads it (internal punctuation only before a word character).
KEY = r"(?:\{[^{}\s][^{}]*\}|[^\W](?:[^\W]|[:.#$%&+?<>~/-](?=[^\W]))*)"
_KEY = re.compile(KEY)
#: Where an ``@`` opens a citation inside brackets.
_CITE_AT = re.compile(r"(?:^|(?<=[\s\[;]))-?@")
_ITEM = re.compile(
    rf"^(?P<prefix>(?:.*?\s)??)(?P<minus>-?)@(?P<key>{KEY})(?P<suffix>.*)$", re.DOTALL
)
_LOCATOR_DASH = re.compile(r"(?<=\d)\s*(?:-{1,2}|\u2010|\u2011)\s*(?=\d)")

_NO_KEY = "na '@' hoort de sleutel van een bron (bedoel je een gewoon @-teken, schrijf dan \\@)"

Mode = Literal["parenthetical", "narrative"]


class CitationSyntaxError(HandreikingError):
    """A citation that cannot be read; ``message`` says why, in Dutch."""

    def __init__(self, message: str, source: str) -> None:
        self.message = message
        self.source = source
        super().__init__(SourceProblem("<bronvermelding>", None, message))


@dataclass(frozen=True)
class CiteItem:
    """One work in a citation."""

    key: str
    #: text before the work ("zie"), or ""
    prefix: str = ""
    #: the locator after the comma ("p. 12"), or ""
    locator: str = ""
    #: ``[-@key]``: the year only
    suppress_author: bool = False


@dataclass(frozen=True)
class Citation:
    """A citation as written: its works and whether it is narrative."""

    items: tuple[CiteItem, ...]
    mode: Mode = "parenthetical"
    #: the source text, for messages and for showing an unreadable citation
    source: str = ""

    @property
    def keys(self) -> list[str]:
        """The keys, in the order written."""
        return [item.key for item in self.items]


def looks_like_citation(body: str) -> bool:
    """Whether the text between ``[`` and ``]`` is meant as a citation."""
    return _CITE_AT.search(body) is not None


def _key(raw: str) -> str:
    return raw[1:-1].strip() if raw.startswith("{") else raw


#: Fenced code and code spans, where nothing is cited.
_CODE = re.compile(r"(?ms)^ {0,3}(`{3,}|~{3,}).*?^ {0,3}\1|(`+)[^`]*?\2")
#: An ``@key`` as a citation opens it: after ``[``, a space, ``;`` or ``-``, or where the
#: narrative form may stand (not inside a word or an e-mail address, not after ``\``).
#: The ``@`` comes first and what stands before it is looked back at from there: a
#: pattern that starts with a literal is searched for that literal, not tried at every
#: position of the page (a hundred times faster on a long chapter).
_SCANNED = re.compile(r"@(?:(?<=[\s\[;]-@)|(?<![\w.+\-/\\@%'!#$&*=?^`{|}~]@))(?P<key>" + KEY + r")")


def scan_cited_keys(markdown: str) -> list[str]:
    r"""The keys a page's Markdown cites, in order, read before the page is converted (to
    know the works of a document, and so its year letters, before its first citation).

    Code is skipped and ``\@`` is no citation, as when the page is converted; a key
    the bibliography does not know is the caller's to drop.
    """
    # Kept by a digest of the text, not the text: every build of the preview scans the
    # theory boxes again for the works of each reference list, mostly the same texts,
    # and the texts themselves (every chapter's and box's) would be held to the end.
    digest = hashlib.blake2b(markdown.encode("utf-8", "surrogatepass"), digest_size=20).digest()
    keys = _SCANNED_KEPT.get(digest)
    if keys is None:
        if len(_SCANNED_KEPT) >= _SCANNED_MAX:
            _SCANNED_KEPT.clear()
        keys = _SCANNED_KEPT[digest] = _scanned(markdown)
    return list(keys)


#: :func:`scan_cited_keys`' results by the digest of the text, at most this many
_SCANNED_KEPT: dict[bytes, tuple[str, ...]] = {}
_SCANNED_MAX = 2048


def _scanned(markdown: str) -> tuple[str, ...]:
    # Code needs a backtick or a fence of tildes; most pages have neither, and the
    # pattern, which may start at any line, costs more than the rest of the scan.
    text = _CODE.sub("", markdown) if "`" in markdown or "~~~" in markdown else markdown
    return tuple(dict.fromkeys(_key(m.group("key")) for m in _SCANNED.finditer(text)))


def normalise_locator(locator: str) -> str:
    """Collapse spaces and put an en dash in number ranges ("pp. 33-35" gets an en dash)."""
    return _LOCATOR_DASH.sub("\u2013", " ".join(locator.split()))


def parse_bracketed(body: str, source: str | None = None) -> Citation:
    """Read the text between ``[`` and ``]`` of a bracketed citation."""
    source = source if source is not None else f"[{body}]"

    def fail(reason: str) -> CitationSyntaxError:
        return CitationSyntaxError(f"bronvermelding '{source}' is niet te lezen: {reason}", source)

    items = []
    parts = body.split(";")
    for part in parts:
        if not part.strip():
            if len(parts) == 1:
                raise fail("er staat geen bron in")
            raise fail("er staat een leeg deel tussen de puntkomma's")
        match = _ITEM.match(part.strip())
        if match is None:
            if _CITE_AT.search(part):
                raise fail(_NO_KEY)
            raise fail(
                f"het deel '{part.strip()}' noemt geen bron; begin het met @sleutel "
                "of haal de puntkomma weg"
            )
        suffix = match.group("suffix")
        for text in (match.group("prefix"), suffix):
            at = _CITE_AT.search(text)
            if at is None:
                continue
            if _KEY.match(text, at.end()):
                raise fail("twee bronnen in één deel; scheid ze met een puntkomma: [@a; @b]")
            raise fail(_NO_KEY)
        locator = suffix.strip()
        if locator.startswith(","):
            locator = locator[1:].strip()
            if not locator:
                raise fail("na de komma ontbreekt de verwijzing (bijvoorbeeld 'p. 12')")
        items.append(
            CiteItem(
                key=_key(match.group("key")),
                prefix=" ".join(match.group("prefix").split()),
                locator=normalise_locator(locator),
                suppress_author=bool(match.group("minus")),
            )
        )
    return Citation(tuple(items), "parenthetical", source)


def parse_narrative(key: str, locator: str | None = None, source: str | None = None) -> Citation:
    """A narrative citation ``@key``, or ``@key [locator]``."""
    source = source if source is not None else f"@{key}"
    if not _KEY.fullmatch(key):
        raise CitationSyntaxError(
            f"bronvermelding '{source}' is niet te lezen: '{key}' is geen sleutel van een bron",
            source,
        )
    text = ""
    if locator is not None:
        text = locator.strip()
        if text.startswith(","):
            text = text[1:].strip()
        if not text:
            raise CitationSyntaxError(
                f"bronvermelding '{source}' is niet te lezen: tussen de haken ontbreekt de "
                "verwijzing (bijvoorbeeld 'p. 12')",
                source,
            )
    return Citation((CiteItem(_key(key), locator=normalise_locator(text)),), "narrative", source)


_WHOLE = re.compile(
    rf"^(?:\[(?P<body>[^\[\]]*)\]|@(?P<key>{KEY})(?:\s*\[(?P<locator>[^\[\]@]*)\])?)$", re.DOTALL
)


def parse_citation(source: str) -> Citation:
    """Read one citation: ``[...]`` (parenthetical) or ``@key`` (narrative).

    Raises :class:`CitationSyntaxError` (a :class:`HandreikingError`) with a Dutch
    message when it cannot be read.
    """
    match = _WHOLE.match(source.strip())
    if match is None:
        raise CitationSyntaxError(
            f"'{source}' is geen bronvermelding; schrijf [@sleutel] of @sleutel", source
        )
    if match.group("body") is not None:
        return parse_bracketed(match.group("body"), source.strip())
    return parse_narrative(match.group("key"), match.group("locator"), source.strip())
