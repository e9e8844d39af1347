"""What a page's conversion read of the data, noted where the data is read.

A page converted into HTML reads some of the publication's data: the quotes it places,
the theory boxes it places, the works it cites. The page cache (``plugin/pagecache.py``)
keeps a conversion for as long as what it read is unchanged, so an edit of one quote
converts only the pages that read that quote. The models note each read themselves
(:class:`~handreiking.content.quotes.QuoteStore`,
:class:`~handreiking.content.bouwstenen.BouwsteenLibrary`,
:class:`~handreiking.content.literature.bibliography.Bibliography`, and the generated
pages for the chapters that place a quote), so that no reader can forget to: while
:func:`recording` is active, every read is added to its set; otherwise :func:`note`
costs one lookup.

An item is a tuple of three strings, ``(kind, scope, key)``:

- ``("quote", "", id)``: one quote (or that no quote has this id);
- ``("quotes", edition, "")``: every published quote of one edition (``""``: of all);
- ``("quotes", "*", "")``: every quote record, published or not;
- ``("quote-editions", "", "")``: the editions the quotes belong to;
- ``("box", "", id)``: one theory box (or that none has this id);
- ``("boxes", "", "")``: every theory box;
- ``("work", scope, key)``: one work of the bibliography as a citation shows it, in a
  document's reference list (``scope`` ``"doc"``: year letter and initials among the
  works of the page's document) or in the whole bibliography (``"all"``);
- ``("works", "", "")``: every work of the bibliography;
- ``("places", "", id)``: the chapters that place a quote (from what they recorded).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

Item = tuple[str, str, str]

_ACTIVE: ContextVar[set[Item] | None] = ContextVar("handreiking_reads", default=None)


def note(kind: str, scope: str, key: str) -> None:
    """Note that the conversion running now read the item ``(kind, scope, key)``."""
    active = _ACTIVE.get()
    if active is not None:
        active.add((kind, scope, key))


@contextmanager
def recording() -> Iterator[set[Item]]:
    """Collect what is read inside the ``with`` block; a block inside another collects its
    own, which the outer one gets too (what the inner conversion read, the outer read)."""
    outer = _ACTIVE.get()
    items: set[Item] = set()
    token = _ACTIVE.set(items)
    try:
        yield items
    finally:
        _ACTIVE.reset(token)
        if outer is not None:
            outer.update(items)


@contextmanager
def not_recording() -> Iterator[None]:
    """Note nothing inside the ``with`` block (the cache reading the data itself)."""
    token = _ACTIVE.set(None)
    try:
        yield
    finally:
        _ACTIVE.reset(token)
