"""The edition switcher: for a page, where each edition's counterpart of it is.

A reader who switches edition wants to keep reading about the same thing. The
target in another edition is, in this order:

1. the chapter with the same ``id`` suffix (ids are ``<prefix>-<suffix>``:
   ``zo-partnerschap`` in Zuidoost and ``zu-partnerschap`` in Zuid);
2. else the chapter that shares the most themes (``thema`` in the front matter),
   the page's first themes weighing most;
3. else the edition's quote overview or literature list when the page is one of
   those and the edition is published;
4. else the edition's start page.

Plain domain code on the publication's page scan; the plugin
turns the targets into links and ``partials/handreiking/editiekiezer.html``
renders them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from handreiking.content.editions import LITERATURE_PAGE, QUOTES_PAGE
from handreiking.text import theme_slug

if TYPE_CHECKING:
    from handreiking.content.editions import Edition
    from handreiking.content.view import PublicationView

#: The generated pages every published edition has, by file name.
_EDITION_OVERVIEWS = (QUOTES_PAGE, LITERATURE_PAGE)


def id_suffix(page_id: str | None) -> str | None:
    """``zo-partnerschap`` → ``partnerschap``; ``None`` for an id without a prefix."""
    if not page_id or "-" not in page_id:
        return None
    return page_id.split("-", 1)[1]


@dataclass
class _Index:
    """Every edition's chapters as the switcher looks them up, made once per build."""

    #: the editions of this build, in the order of ``mkdocs.yml``
    editions: list[Edition]
    #: id suffix → edition → the edition's first chapter with it (in chapter order)
    by_suffix: dict[str, dict[str, str]]
    #: every edition's chapters, numbered in the order of the editions and chapters:
    #: the edition and src_uri of each
    chapters: list[tuple[str, str]]
    #: theme slug → the numbers of the chapters with it
    by_slug: dict[str, list[int]]
    #: the targets of a page that is no chapter: its start page, or (``overzicht``) an overview
    to_start: list[tuple[str, str]]
    to_overview: dict[str, list[tuple[str, str]]]
    #: a page's theme slugs → edition → the chapter sharing most of them (pages share themes)
    on_theme: dict[tuple[str, ...], dict[str, str]] = field(default_factory=dict)


def _index(publication: PublicationView) -> _Index:
    editions = publication.selected
    by_suffix: dict[str, dict[str, str]] = {}
    chapters: list[tuple[str, str]] = []
    by_slug: dict[str, list[int]] = {}
    for edition in editions:
        for chapter in publication.chapters(edition.id):
            suffix = id_suffix(chapter.id)
            if suffix is not None:
                by_suffix.setdefault(suffix, {}).setdefault(edition.id, chapter.src_uri)
            for slug in dict.fromkeys(theme_slug(t) for t in chapter.thema):
                by_slug.setdefault(slug, []).append(len(chapters))
            chapters.append((edition.id, chapter.src_uri))
    to_start = [(e.start_src_uri, "start") for e in editions]
    to_overview = {
        name: [
            (f"{e.id}/{name}", "overzicht") if e.published else (e.start_src_uri, "start")
            for e in editions
        ]
        for name in _EDITION_OVERVIEWS
    }
    return _Index(editions, by_suffix, chapters, by_slug, to_start, to_overview)


def _on_theme(index: _Index, wanted: tuple[str, ...]) -> dict[str, str]:
    """Per edition, the chapter sharing most of the ``wanted`` theme slugs; of equals, the
    one sharing the page's earliest theme, then the first chapter. Worked out for every
    edition at once, through the chapters per theme."""
    found = index.on_theme.get(wanted)
    if found is not None:
        return found
    # chapter number → its score as one number: (themes shared, -the first of them shared)
    # is ``shared * n - first``; a chapter's first theme is met first (by rank)
    n = len(wanted)
    scores: dict[int, int] = {}
    for rank, slug in enumerate(wanted):
        if slug in wanted[:rank]:
            continue  # counted at its first place
        for number in index.by_slug.get(slug, ()):
            scores[number] = scores.get(number, -rank) + n
    # the highest score per edition; of equals the first chapter (the lowest number)
    total = len(index.chapters)
    best: dict[str, int] = {}
    found = {}
    for number, score in scores.items():
        edition_id, src_uri = index.chapters[number]
        key = score * total - number
        if key > best.get(edition_id, 0):
            best[edition_id] = key
            found[edition_id] = src_uri
    index.on_theme[wanted] = found
    return found


class Counterparts:
    """The counterparts of the pages of one build. The lookups are made once, when the
    first page asks (a rebuild under ``mkdocs serve`` makes a new build), and shared by
    every page."""

    def __init__(self, publication: PublicationView) -> None:
        self.publication = publication

    @cached_property
    def index(self) -> _Index:
        """Every edition's chapters as the switcher looks them up."""
        return _index(self.publication)

    def of(self, src_uri: str, own: str | None) -> list[tuple[str, str]]:
        """``(target src_uri, match)`` per edition of this build (``selected``).

        ``own`` is the edition of ``src_uri``; the list returned is the page's own.
        """
        index = self.index
        name = src_uri.rsplit("/", 1)[-1]
        page = self.publication.scanned.get(src_uri)
        if page is None and own is not None and name in _EDITION_OVERVIEWS:
            targets = list(index.to_overview[name])
        elif page is None or name == "index.md":
            targets = list(index.to_start)
        else:
            suffix = id_suffix(page.id)
            same_id = index.by_suffix.get(suffix, {}) if suffix is not None else {}
            on_theme: dict[str, str] | None = None
            targets = []
            for edition, start in zip(index.editions, index.to_start, strict=True):
                found = same_id.get(edition.id)
                if found is not None:
                    targets.append((found, "id"))
                    continue
                if on_theme is None:
                    on_theme = _on_theme(index, tuple(theme_slug(t) for t in page.thema))
                found = on_theme.get(edition.id)
                targets.append((found, "thema") if found is not None else start)
        if own is not None:
            for position, edition in enumerate(index.editions):
                if edition.id == own:
                    targets[position] = (src_uri, "id")
        return targets
