"""What the theme shows of the editions: the start page card and the edition switcher.

The plugin calls these from ``on_page_context``, when every page has been converted
and every page's address is known. The HTML comes from Jinja partials a theme can
override (``partials/handreiking/editie.html``, ``partials/handreiking/editiekiezer.html``);
this module only gathers what they show.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from markupsafe import Markup, escape
from mkdocs.utils import get_relative_url

from handreiking.content.editions import status_label
from handreiking.plugin.switcher import Counterparts
from handreiking.text import relative_path

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

    from handreiking.content.editions import Edition
    from handreiking.content.view import PublicationView

#: The partials, as the theme's template loader finds them.
CARD_TEMPLATE = "partials/handreiking/editie.html"


@dataclass
class EditionCard:
    """What an edition's start page shows above its own text."""

    edition: Edition
    status_label: str
    #: links from the start page, ``None`` when the page is not in this build
    quotes_href: str | None = None
    literature_href: str | None = None
    #: the link to ``edition.pdf_src_uri``, relative to the start page, set by
    #: :func:`edition_card` when the build makes the PDF (``outputs/pdf.py`` writes it); the
    #: partial shows the download link when it is set
    pdf_href: str | None = None
    #: the link to ``edition.epub_src_uri``, likewise (``outputs/epub.py`` writes it)
    epub_href: str | None = None
    facts: list[tuple[str, str]] = field(default_factory=list)


def _relative_url(url: str, other: str) -> str:
    """``mkdocs.utils.get_relative_url``, without ``posixpath.relpath``'s normalising.

    For the start page card and the switcher's links within a page's own edition;
    addresses starting with ``/`` or holding segments starting with ``.`` go the long way.
    """
    if url.startswith("/") or other.startswith("/") or "/." in f"/{url}/{other}":
        return get_relative_url(url, other)
    if other != ".":
        head, _, tail = other.rpartition("/")
        if "." in tail:
            other = head
    rel = relative_path(url, other)  # no "." segments here: they went the long way
    return rel + "/" if url.endswith("/") else rel


def _href(files: Files, src_uri: str, page_url: str) -> str | None:
    # get_file_from_path normalises through PurePath: only when the plain key misses.
    file = files.src_uris.get(src_uri) or files.get_file_from_path(src_uri)
    if file is None:
        return None
    return _relative_url(file.url, page_url) or "./"


def edition_card(edition: Edition, files: Files, page_url: str) -> EditionCard:
    """The card of ``edition``'s start page at ``page_url``."""
    card = EditionCard(edition, status_label(edition.status))
    facts = [
        ("Titel", edition.titel),
        ("Ondertitel", edition.ondertitel),
        ("Stadsdeel", edition.stadsdeel),
        ("Gebied", edition.gebied),
        ("Jaar", str(edition.jaar) if edition.jaar is not None else None),
        ("Status", card.status_label),
        ("Partners", ", ".join(edition.partners) if edition.partners else None),
    ]
    card.facts = [(label, value) for label, value in facts if value]
    if edition.published:
        card.quotes_href = _href(files, edition.quotes_src_uri, page_url)
        card.literature_href = _href(files, edition.literature_src_uri, page_url)
        card.pdf_href = _href(files, edition.pdf_src_uri, page_url)  # when it is built
        card.epub_href = _href(files, edition.epub_src_uri, page_url)
    return card


_FIRST_H1_END = re.compile(r"</h1>", re.I)


def insert_after_title(content: str, fragment: str) -> str:
    """``fragment`` right after the page's first ``<h1>``; at the top if it has none."""
    match = _FIRST_H1_END.search(content)
    if match is None:
        return fragment + content
    return content[: match.end()] + "\n" + fragment + content[match.end() :]


@dataclass(frozen=True)
class SwitcherLink:
    """One entry of the switcher as the partial shows it.

    ``edition``, ``name`` and ``href`` are :class:`~markupsafe.Markup`: escaped once per
    build, so the partial writes them as they are (``| e`` would leave them unchanged).
    """

    edition: str
    name: str
    href: str
    current: bool
    in_preparation: bool


@dataclass
class Switcher:
    """The edition switcher of one page."""

    #: the edition the page belongs to, ``None`` on pages of the whole guide (Markup)
    current: str | None
    links: list[SwitcherLink]


class _SwitcherLinks:
    """What the switchers of one build share: addresses, escaped texts and links.

    Made once per ``Files`` of a build (:meth:`EditionPages.switcher_links`); every
    page's switcher is assembled from it with a few lookups.
    """

    def __init__(self, publication: PublicationView, files: Files) -> None:
        self.files = files
        #: per edition of the build: id, id and name escaped, in preparation, start page
        self.editions = [
            (e.id, escape(e.id), escape(e.name), not e.published, f"{e.id}/index.md")
            for e in publication.selected
        ]
        #: per edition: href → the (not current) link to it
        self.links_by_href: list[dict[str, SwitcherLink]] = [{} for _ in self.editions]
        self._urls: dict[str, tuple[str, str | None] | None] = {}
        #: ``"../" * depth`` → target address → the escaped link from that depth
        self._hrefs: dict[str, dict[str, Markup]] = {}

    def url(self, src_uri: str) -> tuple[str, str | None] | None:
        """The address of the page ``src_uri`` and its first folder, ``None`` when the
        page is not in the build. The folder is ``None`` when the address is no plain
        ``folder/…`` (it starts with ``/``, has an empty segment or one starting with ``.``).
        """
        try:
            return self._urls[src_uri]
        except KeyError:
            file = self.files.src_uris.get(src_uri) or self.files.get_file_from_path(src_uri)
            if file is None:
                found = None
            else:
                url = file.url
                head = url.split("/", 1)[0]
                plain = head and "//" not in url and "/." not in f"/{url}"
                found = (url, head if plain else None)
            self._urls[src_uri] = found
            return found

    def hrefs(self, up: str) -> dict[str, Markup]:
        return self._hrefs.setdefault(up, {})


class EditionPages:
    """What the theme shows of the editions in one build: start page cards and switchers.

    The build owns one (a rebuild under ``mkdocs serve`` makes a new build): what the
    switchers of its pages share is worked out once, for the first page that asks.
    """

    def __init__(self, publication: PublicationView) -> None:
        self.publication = publication
        #: where each page's counterpart in every edition is
        self.counterparts = Counterparts(publication)
        self._links: _SwitcherLinks | None = None

    def switcher_links(self, files: Files) -> _SwitcherLinks:
        """What the switchers of the pages of ``files`` share."""
        if self._links is None or self._links.files is not files:
            self._links = _SwitcherLinks(self.publication, files)
        return self._links

    def switcher(
        self, src_uri: str, own: str | None, files: Files, page_url: str
    ) -> Switcher | None:
        """The switcher for the page ``src_uri`` of edition ``own``; ``None`` when one edition
        is built alone."""
        publication = self.publication
        if publication.only is not None or len(publication.selected) < 2:
            return None
        shared = self.switcher_links(files)
        # Links from this page: ``_relative_url(url, page_url) or "./"``. Most lead to
        # another edition's folder: then it is "../" per folder of the page, and the address.
        plain_page = not page_url.startswith("/") and "/." not in f"/{page_url}"
        folder = page_url
        if folder != ".":
            parent, _, tail = folder.rpartition("/")
            if "." in tail:
                folder = parent
        parts = [part for part in folder.split("/") if part]
        first = parts[0] if parts else None
        up = "../" * len(parts)
        hrefs = shared.hrefs(up)
        links = []
        current = None
        for (edition_id, edition, name, in_preparation, start), links_to, (target, _match) in zip(
            shared.editions, shared.links_by_href, self.counterparts.of(src_uri, own), strict=True
        ):
            found = shared.url(target) or shared.url(start)
            if found is None:
                continue
            url, url_first = found
            if plain_page and url_first is not None and url_first != first:
                href = hrefs.get(url)
                if href is None:
                    href = hrefs[url] = escape(up + url)
            else:
                href = escape(_relative_url(url, page_url) or "./")
            if edition_id == own:
                current = name
                links.append(SwitcherLink(edition, name, href, True, in_preparation))
                continue
            link = links_to.get(href)
            if link is None:
                link = links_to[href] = SwitcherLink(edition, name, href, False, in_preparation)
            links.append(link)
        return Switcher(current, links) if links else None

    def page_extras(self, src_uri: str, files: Files, page_url: str) -> dict[str, Any]:
        """What the plugin adds to the ``handreiking`` template variable for one page."""
        publication = self.publication
        edition_id = publication.edition_of(src_uri)
        extras: dict[str, Any] = {
            "editiekiezer": self.switcher(src_uri, edition_id, files, page_url)
        }
        edition = publication.edition(edition_id) if edition_id else None
        is_start = edition is not None and src_uri == edition.start_src_uri
        extras["editiekaart"] = (
            edition_card(edition, files, page_url) if edition is not None and is_start else None
        )
        # every other page of a published edition offers the edition's book, when built
        extras["pdf"] = None
        if edition is not None and edition.published and not is_start:
            href = _href(files, edition.pdf_src_uri, page_url)
            if href is not None:
                epub_href = _href(files, edition.epub_src_uri, page_url)
                extras["pdf"] = {"href": href, "epub_href": epub_href, "edition": edition}
        return extras

    def decorate_page(
        self, page: Page, files: Files, env: Environment | None, config: MkDocsConfig
    ) -> dict[str, Any]:
        """Add the start page card to ``page.content``; return the template variables."""
        extras = self.page_extras(page.file.src_uri, files, page.url)
        if extras["editiekaart"] is not None and env is not None:
            card = env.get_template(CARD_TEMPLATE).render(
                handreiking=extras, page=page, config=config
            )
            page.content = insert_after_title(page.content or "", card)
        return extras
