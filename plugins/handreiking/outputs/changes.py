"""What changed: the page ``/wijzigingen/`` (and one per published edition) and its Atom
feed, made from the git history of the sources.

The plugin reads the history once (``plugin/gitdates.py``, the same ``git log`` that
gives each page its last-updated date) and hands it here as plain :class:`Change`
values. Each change shows its date, its message and the pages it touched, as links to
their current addresses; a page that is gone (deleted or moved) is named by its file.
Commit messages are published, author names never: an entry is a role-free
"wijziging". Only a commit's subject line is used, so trailers such as
``Signed-off-by: Name <address>`` never reach the site; what the subject says is
scanned by the publication gate like every other published text.

Same history, same bytes: no clock is read. The feed's own date is that of its newest
change, or the day of the build date (``SOURCE_DATE_EPOCH``) when it has none.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from handreiking.content.editions import (
    ALL_CHANGES_SRC_URI,
    ALL_LITERATURE_SRC_URI,
    CHANGES_FEED,
    Edition,
)
from handreiking.content.literature.fields import DUTCH_MONTHS
from handreiking.content.quotes import QUOTE_FILE
from handreiking.text import markdown_text

if TYPE_CHECKING:
    from handreiking.content.view import PublicationView

#: The page's title, and the feed's.
TITLE = "Wijzigingen"


@dataclass(frozen=True)
class Change:
    """One commit that touched the sources: when, what it says, which files."""

    commit: str
    #: Unix time of the commit (the committer's date: when it entered the history)
    timestamp: int
    #: the commit's subject line
    message: str
    #: the files it touched, relative to the project (``docs/zuidoost/x.md``, ``bibliography.bib``)
    files: tuple[str, ...]

    @property
    def anchor(self) -> str:
        """The entry's anchor on a changes page: ``w-`` and the commit's first 12 hex."""
        return f"w-{self.commit[:12]}"

    @property
    def date(self) -> datetime:
        """The commit's date, in UTC so that every machine agrees."""
        return datetime.fromtimestamp(self.timestamp, tz=UTC)

    @property
    def dutch_date(self) -> str:
        """``3 maart 2026``."""
        moment = self.date
        return f"{moment.day} {DUTCH_MONTHS[moment.month - 1]} {moment.year}"


@dataclass(frozen=True)
class History:
    """The changes to the sources, newest first; ``available`` is false outside git."""

    changes: tuple[Change, ...] = ()
    available: bool = False
    #: where the sources live inside the project (``docs``), for ``Change.files``
    docs_prefix: str = "docs/"


def page_anchor(src_uri: str) -> str:
    """A page's anchor in the "per pagina" list: ``pagina-zuidoost-partnerschap``."""
    stem = src_uri.removesuffix(".md").removesuffix("/index").lower()
    return "pagina-" + (re.sub(r"[^a-z0-9]+", "-", stem).strip("-") or "start")


def changes_page_of(publication: PublicationView, src_uri: str) -> str:
    """The changes page a page's "Laatst bijgewerkt" links to: its published edition's,
    else the page of the whole guide."""
    edition_id = publication.edition_of(src_uri)
    edition = publication.published_edition(edition_id) if edition_id else None
    return edition.changes_src_uri if edition is not None else ALL_CHANGES_SRC_URI


@dataclass
class Touched:
    """A file a change touched, as a reader sees it: a page (``src_uri``) or a name."""

    label: str
    #: the page it links to, ``None`` when the file is no page of this build
    src_uri: str | None = None
    #: the page whose "per pagina" entry lists this change
    listed: str | None = None


@dataclass
class ChangesPages:
    """The changes pages and feeds of one build."""

    publication: PublicationView
    history: History
    #: whether a file of ``docs/`` (``src_uri``) is a page of this build
    is_page: Callable[[str], bool]
    #: a page's title for the links (``None``: its file name is shown)
    title_of: Callable[[str], str | None]
    _touched: dict[str, Touched] = field(default_factory=dict, init=False, repr=False)
    _listed: dict[str, set[str]] = field(default_factory=dict, init=False, repr=False)

    # -- which changes and pages belong where ------------------------------------

    def touched(self, path: str) -> Touched:
        """What a changed file is to readers (``path`` relative to the project)."""
        found = self._touched.get(path)
        if found is not None:
            return found
        prefix = self.history.docs_prefix
        publication = self.publication
        shown = f"`{path}`"
        if path.startswith(prefix):
            src_uri = path[len(prefix) :]
            folder, _, name = src_uri.rpartition("/")
            if self.is_page(src_uri):
                title = self.title_of(src_uri)
                label = markdown_text(title) if title else f"`{src_uri}`"
                found = Touched(label, src_uri, src_uri)
            elif name == QUOTE_FILE and publication.published_edition(folder) is not None:
                edition = publication.published_edition(folder)
                assert edition is not None
                label = f"citaten van {markdown_text(edition.name)}"
                found = Touched(label, edition.quotes_src_uri, None)
            elif src_uri.endswith(".md") and not (publication.docs_dir / src_uri).exists():
                found = Touched(f"{shown} (niet meer op deze plek)")
            else:
                found = Touched(shown)
        elif publication.bibliography is not None and path == publication.bibliography.path:
            found = Touched("de literatuur", ALL_LITERATURE_SRC_URI, None)
        else:
            found = Touched(shown)
        self._touched[path] = found
        return found

    def _in_edition(self, edition: Edition | None, path: str) -> bool:
        prefix = self.history.docs_prefix
        if edition is None:
            # one edition built alone: not what changed in the others
            return not path.startswith(prefix) or self.publication.in_selection(path[len(prefix) :])
        return path.startswith(f"{prefix}{edition.id}/")

    def changes(self, edition: Edition | None) -> list[tuple[Change, list[Touched]]]:
        """The changes shown on a page (the whole guide's, or an edition's), newest first,
        each with the files it touched there."""
        shown = []
        for change in self.history.changes:
            files = [self.touched(p) for p in change.files if self._in_edition(edition, p)]
            if files:
                shown.append((change, files))
        return shown

    def listed(self, src_uri: str) -> str | None:
        """Where a page's own changes are listed: its changes page (``src_uri`` of it)
        and the anchor there, as ``page#anchor``; ``None`` when no change touched it."""
        found = self._listed.get(src_uri)
        if found is None and not self._listed:
            for edition in [None, *self.publication.published_editions]:
                page = edition.changes_src_uri if edition is not None else ALL_CHANGES_SRC_URI
                for _change, files in self.changes(edition):
                    for touched in files:
                        if touched.listed is not None:
                            self._listed.setdefault(touched.listed, set()).add(page)
            self._listed.setdefault("", set())  # read once, also without any change
            found = self._listed.get(src_uri)
        if not found:
            return None
        page = changes_page_of(self.publication, src_uri)
        if page not in found:
            return None
        return f"{page}#{page_anchor(src_uri)}"

    # -- the page ------------------------------------------------------------------

    def markdown(self, edition: Edition | None) -> str:
        """The Markdown of ``/wijzigingen/`` (``edition`` ``None``) or an edition's page."""
        page = edition.changes_src_uri if edition is not None else ALL_CHANGES_SRC_URI
        here = posixpath.dirname(page)

        def link(touched: Touched) -> str:
            if touched.src_uri is None:
                return touched.label
            return f"[{touched.label}]({posixpath.relpath(touched.src_uri, here or '.')})"

        whose = (
            f"de editie {markdown_text(edition.name)}"
            if edition is not None
            else "deze handreiking"
        )
        out = [f"# {TITLE}", ""]
        if not self.history.available:
            out += [
                f"Van {whose} is geen geschiedenis van wijzigingen beschikbaar: de site is "
                "gebouwd uit bestanden zonder git-geschiedenis.",
                "",
            ]
            return "\n".join(out)
        out += [
            f"Wat er veranderde aan de teksten van {whose}, de nieuwste wijziging eerst: per "
            "wijziging de datum, wat er veranderde en de pagina's die ze raakte. Volg de "
            f"wijzigingen in een feedlezer met de [Atom-feed]({CHANGES_FEED}).",
            "",
        ]
        shown = self.changes(edition)
        if not shown:
            out += ["Er zijn nog geen wijzigingen.", ""]
            return "\n".join(out)
        per_page: dict[str, list[Change]] = {}
        out += ["## Alle wijzigingen", ""]
        for change, files in shown:
            links = ", ".join(dict.fromkeys(link(t) for t in files))
            out += [
                f'- <span id="{change.anchor}"></span>**{change.dutch_date}**, wijziging: '
                f"{markdown_text(change.message)}  ",
                f"  Pagina's: {links}",
            ]
            for touched in files:
                if touched.listed is not None:
                    listed = per_page.setdefault(touched.listed, [])
                    if change not in listed:
                        listed.append(change)
        out += ["", "## Per pagina", ""]
        # chapters in reading order, then the other pages by title
        order = {uri: n for n, uri in enumerate(self.publication.scanned)}
        ranked = sorted(
            per_page,
            key=lambda s: (order.get(s, len(order)), (self.title_of(s) or s).lower()),
        )
        for src_uri in ranked:
            title = self.title_of(src_uri)
            label = markdown_text(title) if title else f"`{src_uri}`"
            dates = ", ".join(f"[{c.dutch_date}](#{c.anchor})" for c in per_page[src_uri])
            target = posixpath.relpath(src_uri, here or ".")
            out.append(f'- <span id="{page_anchor(src_uri)}"></span>[{label}]({target}): {dates}')
        out.append("")
        return "\n".join(out)

    # -- the feed ------------------------------------------------------------------

    def feed(
        self,
        edition: Edition | None,
        *,
        site_url: str | None,
        url_of: Callable[[str], str],
        build_time: int,
    ) -> bytes:
        """The Atom feed beside a changes page, with ``feedgen``.

        ``url_of`` gives a page's address from the site's root (``zuidoost/x/``);
        ``build_time`` (its day) dates a feed without changes.
        """
        from feedgen.feed import FeedGenerator  # only a build writes feeds

        base = (site_url or "/").rstrip("/") + "/"
        page = edition.changes_src_uri if edition is not None else ALL_CHANGES_SRC_URI
        page_url = base + url_of(page)
        feed_url = base + (edition.changes_feed if edition is not None else CHANGES_FEED)
        name = f"{TITLE}: {edition.titel}" if edition is not None else TITLE
        generator = FeedGenerator()
        generator.id(feed_url)
        generator.title(name)
        generator.link(href=page_url, rel="alternate")
        generator.link(href=feed_url, rel="self")
        generator.language("nl")
        shown = self.changes(edition) if self.history.available else []
        if shown:
            generator.updated(shown[0][0].date)
        else:
            # the build's day, as the sitemap has it: copies of the same sources agree
            day = datetime.fromtimestamp(build_time, tz=UTC).date()
            generator.updated(datetime(day.year, day.month, day.day, tzinfo=UTC))
        for change, files in reversed(shown):  # feedgen puts each new entry first
            entry = generator.add_entry()
            entry.id(f"{page_url}#{change.anchor}")
            entry.title(change.message)
            entry.updated(change.date)
            entry.link(href=f"{page_url}#{change.anchor}", rel="alternate")
            entry.summary(f"{change.dutch_date}, wijziging: " + _plain(files))
            entry.content(_html(files, base, url_of), type="html")
        return bytes(generator.atom_str(pretty=True))


def _plain(files: Iterable[Touched]) -> str:
    labels = dict.fromkeys(_unescaped(t.label) for t in files)
    return "pagina's: " + ", ".join(labels)


def _unescaped(label: str) -> str:
    """A Markdown label (escaped by ``markdown_text``, or a code span) as plain text."""
    text = re.sub(r"\\(.)", r"\1", label).replace("`", "")
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _html(files: Iterable[Touched], base: str, url_of: Callable[[str], str]) -> str:
    from html import escape

    items = []
    for touched in files:
        text = escape(_unescaped(touched.label))
        if touched.src_uri is not None:
            text = f'<a href="{escape(base + url_of(touched.src_uri))}">{text}</a>'
        items.append(f"<li>{text}</li>")
    return "<p>Pagina's:</p><ul>" + "".join(dict.fromkeys(items)) + "</ul>"
