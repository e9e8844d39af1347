"""``apa-nl`` as a pybtex sorting style: the order of an APA reference list.

Registered in the entry point group ``pybtex.style.sorting``; the formatting style
:class:`~handreiking.content.literature.style.ApaNlStyle` uses it by default. Works
are sorted by their lead names letter by letter (the particle counts: "De Boer"
under D), then by year (no date first, works in press last), then by title without
a leading article. A work without author is sorted under its title.
"""

from __future__ import annotations

import re
from typing import Any

from pybtex.database import Entry
from pybtex.style.sorting import BaseSortingStyle

from handreiking.content.literature.fields import EntryFields, as_fields, lead_names
from handreiking.content.literature.names import sort_text

# Leading articles that do not count when titles are sorted.
_ARTICLES = re.compile(r"^(?:the|a|an|de|het|een|'t|der|die|das|le|la|les|l')\s+", re.I)


def title_sort_text(title: str) -> str:
    """A title for sorting: without a leading article ("The", "De", "Het", "Een")."""
    return sort_text(_ARTICLES.sub("", title.strip()))


class ApaNlSortingStyle(BaseSortingStyle):  # type: ignore[misc]
    """APA order: authors (letter by letter), then year, then title.

    :meth:`sort` takes pybtex entries or, to resolve ``crossref``, their
    :class:`EntryFields`, as :class:`ApaNlStyle` passes them.
    """

    def sorting_key(self, entry: Entry | EntryFields) -> tuple[Any, ...]:
        """Where the work stands in an APA list."""
        fields = as_fields(entry)
        names, _ = lead_names(fields)
        title = title_sort_text(fields.text("title") or "")
        who = tuple(name.sort_key() for name in names) if names else ((title, ""),)
        return (who, fields.year.sort, title, fields.key.casefold())
