"""In-text referencing in Dutch APA 7: who and when a citation names.

Kept apart from the reference list style, as sphinxcontrib-bibtex separates its
referencing styles from its formatting styles: this module says how a work is
referred to in running text, "(De Boer & De Klerk, 2013a)", "Aksin et al. (2020)";
:mod:`~handreiking.content.literature.style` formats the list it points to.

- names: one or two lead names ("&" in parentheses, "en" in running text), three or
  more as the first and "et al."; without author the (short) title, in italics for a
  standalone work and between quotes for a part;
- years: "2013", "z.d.", "in druk", with a letter for works of the same lead names
  in the same year ("2013a", "2013b", "z.d.-a"), in title order.

:class:`ApaNlLabelStyle` offers the same as pybtex's label style ``apa-nl``
(entry point group ``pybtex.style.labels``): labels "Sennett, 2003".
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

from pybtex.database import Entry
from pybtex.richtext import Tag, Text
from pybtex.style.labels import BaseLabelStyle

from handreiking.content.literature.fields import (
    EntryFields,
    as_fields,
    full_date,
    is_standalone,
    lead_names,
    original_year,
    shows_full_date,
)
from handreiking.content.literature.latex import latex_to_text
from handreiking.content.literature.names import PARTICLES, sort_text
from handreiking.content.literature.sorting import title_sort_text

# The Dutch words of citations (the reference list uses them too).
ET_AL = "et al."
AND_IN_PARENTHESES = "&"
AND_IN_TEXT = "en"


def letters(index: int) -> str:
    """The year letter of the ``index``-th work: 0 -> "a", 25 -> "z", 26 -> "aa"."""
    text = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        text = chr(ord("a") + rest) + text
    return text


def format_year(fields: EntryFields, suffix: str = "") -> str:
    """The year as cited: "2013", "2013a", "z.d.", "z.d.-a"."""
    year = fields.year.text
    if not suffix:
        return year
    return year + suffix if year[-1:].isdigit() else f"{year}-{suffix}"


def cited_year(fields: EntryFields, suffix: str = "") -> str:
    """The year as a citation gives it: "2013a", and with the year of the original
    work first, "1962/2004" (APA 7, 8.15)."""
    year = format_year(fields, suffix)
    original = original_year(fields)
    return f"{original}/{year}" if original else year


def list_date(fields: EntryFields, suffix: str = "") -> str:
    """The date in the reference list: "2013a", and for newspaper and magazine articles,
    blog posts and web pages the day too, "2021, 3 november", "2018a, mei" (APA 7, 9.15)."""
    year = format_year(fields, suffix)
    if fields.year.given and shows_full_date(fields):
        day = full_date(fields)
        if day:
            return f"{year}, {day}"
    return year


def year_suffixes(all_fields: Iterable[EntryFields]) -> dict[str, str]:
    """Letters for works by the same lead names in the same year, in title order."""
    groups: dict[tuple[Any, ...], list[EntryFields]] = defaultdict(list)
    for fields in all_fields:
        groups[letter_group(fields)].append(fields)
    suffixes = {}
    for group in groups.values():
        if len(group) < 2:
            continue
        group.sort(key=lambda f: (title_sort_text(f.text("title") or ""), f.key.casefold()))
        for index, fields in enumerate(group):
            suffixes[fields.key] = letters(index)
    return suffixes


def letter_group(fields: EntryFields) -> tuple[Any, ...]:
    """The works among which a work's year letter is assigned (:func:`year_suffixes`):
    those of the same lead names (without author: the same title) and year."""
    # made once per entry, like its fingerprint: an entry does not change while read
    cached: tuple[Any, ...] | None = fields.__dict__.get("_letter_group")
    if cached is None:
        names, _ = lead_names(fields)
        who: tuple[str, ...] = tuple(sort_text(name.reference()) for name in names)
        if not who:
            who = ("", title_sort_text(fields.text("title") or fields.key))
        cached = fields.__dict__["_letter_group"] = (who, fields.year.text)
    return cached


def first_author(fields: EntryFields) -> tuple[str, str] | None:
    """The first author's surname and initials, as compared between works; ``None``
    for a group author or a work without author."""
    if "_first_author" in fields.__dict__:  # made once per entry, as letter_group
        cached: tuple[str, str] | None = fields.__dict__["_first_author"]
        return cached
    names, _ = lead_names(fields)
    first = None
    if names and not names[0].is_group:
        first = sort_text(names[0].surname), sort_text(names[0].initials)
    fields.__dict__["_first_author"] = first
    return first


def needing_initials(all_fields: Iterable[EntryFields]) -> set[str]:
    """The works whose first author shares a surname with the first author of another
    work of the same list, with other initials: their citations give the initials
    (APA 7, 8.20: "(M. de Vries, 2018; K. de Vries et al., 2021)")."""
    by_surname: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for fields in all_fields:
        first = first_author(fields)
        if first is not None:
            by_surname[first[0]][first[1]].append(fields.key)
    return {
        key
        for initials in by_surname.values()
        if len(initials) > 1
        for keys in initials.values()
        for key in keys
    }


def citation_names(fields: EntryFields, narrative: bool = False, initials: bool = False) -> Text:
    """Who a citation names: "Sennett", "De Boer & De Klerk" ("en" in running text),
    "Aksin et al."; without author the (short) title. With ``initials``, the first
    author's initials before the surname, the particle in lower case: "M. de Vries"."""
    names, _ = lead_names(fields)
    surnames = [name.surname for name in names]
    if initials and names and not names[0].is_group and names[0].initials:
        first = names[0]
        words = [*first.particle, *first.family]
        # after the initials a Dutch particle is written small: "M. de Vries", also when
        # the .bib file wrote it as part of the surname ("De Vries, Marieke")
        for index, word in enumerate(words[:-1]):
            if word.casefold() not in PARTICLES:
                break
            words[index] = word.lower()
        surnames[0] = " ".join([first.initials, *words])
    if len(names) >= 2 and names[-1].is_others:
        return Text(f"{surnames[0]} {ET_AL}")
    if len(surnames) == 1:
        return Text(surnames[0])
    if len(surnames) == 2:
        word = AND_IN_TEXT if narrative else AND_IN_PARENTHESES
        return Text(f"{surnames[0]} {word} {surnames[1]}")
    if surnames:
        return Text(f"{surnames[0]} {ET_AL}")
    raw = fields.get("shorttitle") or fields.get("title")
    title = latex_to_text(raw).capfirst() if raw else Text(fields.key)
    if is_standalone(fields.type):
        return Text(Tag("em", title))
    return Text("\u201c", title, "\u201d")


def group_abbreviation(fields: EntryFields) -> str | None:
    """The abbreviation of a group author (biblatex ``shortauthor``): "CBS" for the
    Centraal Bureau voor de Statistiek. Citations introduce it at their first mention
    in a document and use it after that (APA 7, 8.21); the reference list keeps the
    full name. ``None`` when the work has no group author or no abbreviation (APA
    abbreviates the names of groups only, so a person's ``shortauthor`` is not read)."""
    names, _ = lead_names(fields)
    if len(names) != 1 or not names[0].is_group:
        return None
    short = fields.text("shortauthor")
    short = " ".join(short.split()) if short else ""
    return short if short and short != names[0].surname else None


def label(fields: EntryFields, suffix: str = "") -> str:
    """The work as a parenthetical citation names it, in plain text: "Sennett, 2003a"."""
    return f"{citation_names(fields)}, {cited_year(fields, suffix)}"


class ApaNlLabelStyle(BaseLabelStyle):  # type: ignore[misc]
    """Author-year labels, "Sennett, 2003", lettered among the entries labelled.

    Takes pybtex entries or, to resolve ``crossref``, their :class:`EntryFields`.
    """

    def format_labels(self, sorted_entries: Iterable[Entry | EntryFields]) -> Iterator[str]:
        """One label per entry, in the order given."""
        all_fields = [as_fields(entry) for entry in sorted_entries]
        suffixes = year_suffixes(all_fields)
        for fields in all_fields:
            yield label(fields, suffixes.get(fields.key, ""))
