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

Plain domain code on :class:`~handreiking.site.Site`'s page scan; the plugin
turns the targets into links and ``partials/handreiking/editiekiezer.html``
renders them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from handreiking.editions import LITERATURE_PAGE, QUOTES_PAGE
from handreiking.text import theme_slug

if TYPE_CHECKING:
    from handreiking.editions import Edition
    from handreiking.site import ScannedPage, Site

#: The generated pages every published edition has, by file name.
_EDITION_OVERVIEWS = (QUOTES_PAGE, LITERATURE_PAGE)


@dataclass(frozen=True)
class SwitcherTarget:
    """One entry of the switcher: an edition and the page it leads to."""

    edition: str
    #: the district, as readers know the edition
    name: str
    #: the target page inside ``docs/``
    src_uri: str
    #: whether the edition is published (``Edition.published``)
    published: bool
    #: whether the current page belongs to this edition
    current: bool
    #: how the target was found: ``id``, ``thema``, ``overzicht`` or ``start``
    match: str

    @property
    def in_preparation(self) -> bool:
        return not self.published


def id_suffix(page_id: str | None) -> str | None:
    """``zo-partnerschap`` → ``partnerschap``; ``None`` for an id without a prefix."""
    if not page_id or "-" not in page_id:
        return None
    return page_id.split("-", 1)[1]


def _by_theme(page: ScannedPage, candidates: list[ScannedPage]) -> ScannedPage | None:
    """The candidate sharing most themes with ``page``; earlier themes of ``page`` win ties."""
    themed = [(c, frozenset(theme_slug(t) for t in c.thema)) for c in candidates]
    return _best_on_theme([theme_slug(t) for t in page.thema], themed)


def _best_on_theme(
    wanted: list[str], themed: list[tuple[ScannedPage, frozenset[str]]]
) -> ScannedPage | None:
    """:func:`_by_theme` with the themes' slugs already made (once per build, not per page)."""
    best: tuple[int, int] | None = None
    found: ScannedPage | None = None
    for candidate, slugs in themed:
        shared = [wanted.index(s) for s in slugs if s in wanted]
        if not shared:
            continue
        score = (len(shared), -min(shared))
        if best is None or score > best:
            best, found = score, candidate
    return found


@dataclass
class _EditionIndex:
    """An edition's chapters as the switcher looks them up, made once per build."""

    #: id suffix → the first chapter with it (the order of ``Site.chapters``)
    by_suffix: dict[str, str]
    #: every chapter with the slugs of its themes
    themed: list[tuple[ScannedPage, frozenset[str]]]
    #: a page's theme slugs → the chapter that shares most of them (pages share themes)
    on_theme: dict[tuple[str, ...], ScannedPage | None] = field(default_factory=dict)


def _index(site: Site, edition_id: str) -> _EditionIndex:
    # Kept on the Site itself: a rebuild under `mkdocs serve` loads a new Site.
    cache: dict[str, _EditionIndex] = site.__dict__.setdefault("_switcher_index", {})
    index = cache.get(edition_id)
    if index is None:
        chapters = site.chapters(edition_id)
        by_suffix: dict[str, str] = {}
        for chapter in chapters:
            suffix = id_suffix(chapter.id)
            if suffix is not None:
                by_suffix.setdefault(suffix, chapter.src_uri)
        themed = [(c, frozenset(theme_slug(t) for t in c.thema)) for c in chapters]
        index = cache[edition_id] = _EditionIndex(by_suffix, themed)
    return index


def counterpart(site: Site, src_uri: str, edition_id: str) -> tuple[str, str]:
    """Where ``src_uri`` leads in edition ``edition_id``: ``(target src_uri, match)``."""
    edition = site.edition(edition_id)
    if edition is None:
        return f"{edition_id}/index.md", "start"
    return _counterpart(site, src_uri, edition, site.edition_of(src_uri))


def _counterpart(site: Site, src_uri: str, edition: Edition, own: str | None) -> tuple[str, str]:
    edition_id = edition.id
    start = edition.start_src_uri
    if own == edition_id:
        return src_uri, "id"
    name = src_uri.rsplit("/", 1)[-1]
    if own is not None and name in _EDITION_OVERVIEWS and src_uri not in site.scanned:
        return (f"{edition_id}/{name}", "overzicht") if edition.published else (start, "start")
    page = site.scanned.get(src_uri)
    if page is None or name == "index.md":
        return start, "start"
    index = _index(site, edition_id)
    suffix = id_suffix(page.id)
    if suffix is not None and suffix in index.by_suffix:
        return index.by_suffix[suffix], "id"
    wanted = tuple(theme_slug(t) for t in page.thema)
    if wanted not in index.on_theme:
        index.on_theme[wanted] = _best_on_theme(list(wanted), index.themed)
    on_theme = index.on_theme[wanted]
    if on_theme is not None:
        return on_theme.src_uri, "thema"
    return start, "start"


def switcher_targets(site: Site, src_uri: str) -> list[SwitcherTarget]:
    """One target per edition of this build, in the order of ``mkdocs.yml``."""
    own = site.edition_of(src_uri)
    targets = []
    for edition in site.selected:
        target, match = _counterpart(site, src_uri, edition, own)
        targets.append(
            SwitcherTarget(
                edition=edition.id,
                name=edition.name,
                src_uri=target,
                published=edition.published,
                current=edition.id == own,
                match=match,
            )
        )
    return targets
