"""``handreiking check``: every problem in the sources, without building the site.

The same code as the build does the work: :meth:`Site.load` reads and checks the
data (editions, quotes, theory boxes, the bibliography), and every Markdown page
is converted with the extensions the plugin registers and checked with the same
front matter and id rules (:meth:`Site.prepare_page`). Only what MkDocs itself
checks during a build, the links between pages and their anchors, is done here
in our own words, from the converted pages, without rendering a theme. The pages
the plugin generates (quotes, literature, the boxes' index) are converted too,
after the source pages as in the build, so links into them are checked against
the same anchors the build knows.
"""

from __future__ import annotations

import posixpath
import xml.etree.ElementTree as etree
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor
from mkdocs.exceptions import Abort
from mkdocs.structure.files import File, get_files

from handreiking import gate
from handreiking.errors import HandreikingError, SourceProblem, did_you_mean
from handreiking.frontmatter import parse_front_matter, read_text
from handreiking.guard import escaping_link_problems, escaping_links
from handreiking.links.addresses import check_record
from handreiking.links.redirects import address_in_use, load_moves, move_problem
from handreiking.markdown.context import PageContext
from handreiking.privacy import load_allowlist
from handreiking.site import Site


class _Anchors(HTMLParser):
    """Collects the ids of a converted page (raw HTML included, as MkDocs does)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name in ("id", "name") if tag == "a" else ("id",):
            if values.get(name):
                self.ids.add(values[name] or "")


class _Links(Treeprocessor):
    """Collects the links of the Markdown (not of raw HTML), where MkDocs checks them."""

    def __init__(self, md: Markdown, links: list[str]) -> None:
        super().__init__(md)
        self.links = links

    def run(self, root: etree.Element) -> None:
        for el in root.iter():
            target = el.get("href") if el.tag == "a" else el.get("src") if el.tag == "img" else None
            if target:
                self.links.append(target)


class _LinksExtension(Extension):
    def __init__(self, links: list[str]) -> None:
        super().__init__()
        self.links = links

    def extendMarkdown(self, md: Markdown) -> None:
        # Priority 0, like MkDocs' own link check: after every other tree change.
        md.treeprocessors.register(_Links(md, self.links), "handreiking_check_links", 0)


@dataclass
class _Page:
    """One converted source page: where it is, its anchors and its links."""

    src_uri: str
    path: str
    source: str
    line_offset: int
    ids: set[str] = field(default_factory=set)
    links: list[str] = field(default_factory=list)
    #: the converted HTML of a source page (``None`` for generated pages)
    html: str | None = None


def check_sources(config: Any) -> list[SourceProblem]:
    """Check the whole source tree ``config`` (a loaded ``mkdocs.yml``) describes.

    Returns every problem, sorted by file and line; an empty list means all is well.
    """
    plugin = config.plugins.get("handreiking")
    if plugin is None:
        raise Abort("de plugin 'handreiking' staat niet onder 'plugins' in mkdocs.yml")
    site = Site.from_config(config, plugin.config)
    # site.problems holds the data checks, privacy (phone numbers, e-mail, postcodes) included.
    problems: list[SourceProblem] = list(site.problems)
    context = PageContext(report=problems.append)
    files = get_files(config)
    # files behind a symbolic link out of docs/ are never published (as in the build)
    escaping = escaping_links(Path(site.docs_dir), [file.src_uri for file in files])
    problems.extend(escaping_link_problems(escaping.values(), Path(site.root)))
    # Files that may not be published at all, as the build's on_files decides.
    kept = gate.source_files(
        files,
        site.docs_dir,
        shown=site.shown_path,
        admin_assets=[*config.extra_css, *map(str, config.extra_javascript)],
    )
    problems.extend(kept.problems)
    known = {file.src_uri for file in files if file.src_uri not in escaping}
    known |= set(site.generated_pages())
    pages: dict[str, _Page] = {}
    for file in files.documentation_pages():
        if file.src_uri in escaping:
            continue
        page = _convert(site, config, context, file.src_uri, Path(file.abs_src_path or ""))
        if page is None:
            continue
        pages[page.src_uri] = page
    for src_uri in site.generated_pages():
        generated = _convert_generated(site, config, context, src_uri)
        if generated is not None:
            pages[src_uri] = generated
    for page in pages.values():
        problems.extend(_check_links(page, pages, known))
    # The converted text of every page, read as the publication gate reads the built site.
    # Only when the sources passed the privacy scan, as the build reaches its gate only
    # then: what the source scan found is not said again for every page that shows it.
    findings = gate.Findings(site, load_allowlist(site.root)[0])
    for page in pages.values() if site.privacy_clean else ():
        if page.html is not None:
            findings.scan(
                page.path,
                gate.visible_text(page.html),
                gate.page_sources(site, page.src_uri),
                page=True,
            )
    problems.extend(findings.problems())
    problems.extend(_check_moves(site, known, config.use_directory_urls))
    # Every address published before is still a page, an /id/ or a move (the record).
    rendered = [f.src_uri for f in files.documentation_pages() if f.src_uri not in escaping]
    rendered += site.generated_pages()
    moves = load_moves(site.root)[0]
    problems.extend(check_record(site, rendered, moves, config.use_directory_urls)[1])
    unique = dict.fromkeys(problems)
    return sorted(unique, key=lambda p: (p.path, p.line or 0, p.message))


def _check_moves(site: Site, known: set[str], directory_urls: bool) -> list[SourceProblem]:
    """``verhuisd.yml``: readable, and every move from a gone page to a page that exists,
    whose old address no other page (``known``: every file, generated ones too) has taken."""
    moves, problems = load_moves(site.root)
    destinations = {info.id: src for src, info in site.pages.items()} | {
        src: src for src in site.pages
    }
    taken = {File(uri, None, "", directory_urls).dest_uri for uri in known}
    for move in moves:
        problem = move_problem(move, site.docs_dir, destinations)
        old_dest, old_url = move.old_address(directory_urls)
        if problem is None and old_dest in taken:
            problem = address_in_use(move, old_url)
        if problem is not None:
            problems.append(problem)
    return problems


def _convert(
    site: Site, config: Any, context: PageContext, src_uri: str, path: Path
) -> _Page | None:
    """Convert one page as the build does; its problems go to ``context.report``."""
    shown = site.shown_path(src_uri)
    try:
        raw = read_text(path, shown)
    except HandreikingError as error:
        for problem in error.problems:
            context.report(problem)
        return None
    try:
        markdown = parse_front_matter(raw, shown).body
    except HandreikingError:
        markdown = raw  # the build converts it whole too; prepare_page reports why
    text = site.prepare_page(context, src_uri, raw, markdown)
    links: list[str] = []
    converted: list[str] = []
    ids = _anchors(site, config, context, text, links, converted)
    # The page's own lines, numbered as in the file (a title put before a theory
    # box's body is in ``text``, and taken off ``line_offset``).
    return _Page(src_uri, shown, text, context.line_offset, ids, links, converted[0])


def _convert_generated(site: Site, config: Any, context: PageContext, src_uri: str) -> _Page | None:
    """Convert a page the plugin generates; its links are made, not typed, so unchecked."""
    site.point_context(context, src_uri)
    text = site.generated_markdown(src_uri)
    if text is None:
        return None
    ids = _anchors(site, config, context, text, [])
    return _Page(src_uri, context.path, "", 0, ids, [])


def _anchors(
    site: Site,
    config: Any,
    context: PageContext,
    text: str,
    links: list[str],
    converted: list[str] | None = None,
) -> set[str]:
    """Convert ``text`` with the build's extensions; its ids, its links in ``links`` and,
    with ``converted``, the HTML there."""
    md = Markdown(
        extensions=[
            *config.markdown_extensions,
            *site.markdown_extensions(context),
            _LinksExtension(links),
        ],
        extension_configs=config.mdx_configs,
    )
    parser = _Anchors()
    html = md.convert(text)
    if converted is not None:
        converted.append(html)
    parser.feed(html)
    return parser.ids


def _line(page: _Page, needle: str) -> int | None:
    """The line in the file of the first source line that holds ``needle``."""
    for number, text in enumerate(page.source.splitlines(), start=1):
        if needle in text:
            return number + page.line_offset
    return None


def _check_links(page: _Page, pages: dict[str, _Page], known: set[str]) -> list[SourceProblem]:
    """Relative links to files that do not exist, and anchors no heading has."""
    problems: list[SourceProblem] = []
    base = posixpath.dirname(page.src_uri)
    for href in dict.fromkeys(page.links):
        line = _line(page, href)
        if line is None:
            continue  # made by an extension, not typed by the author
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or parts.path.startswith("/"):
            continue
        target = page.src_uri
        if parts.path:
            target = posixpath.normpath(posixpath.join(base, unquote(parts.path)))
        if target == ".." or target.startswith("../"):
            problems.append(
                SourceProblem(
                    page.path,
                    line,
                    f"link naar '{href}' wijst buiten docs/; alleen wat in docs/ staat komt op "
                    "de site. Zet het bestand in docs/, of link naar een volledig webadres "
                    "(https://...)",
                )
            )
            continue
        if target not in known:
            problems.append(_missing_file(page, href, target, known, line))
            continue
        if parts.fragment and target in pages and parts.fragment not in pages[target].ids:
            where = "deze pagina heeft" if target == page.src_uri else "die pagina heeft"
            problems.append(
                SourceProblem(
                    page.path,
                    line,
                    f"link naar '{href}', maar {where} geen kop of anker '{parts.fragment}'"
                    + did_you_mean(parts.fragment, pages[target].ids),
                )
            )
    return problems


def _missing_file(page: _Page, href: str, target: str, known: set[str], line: int) -> SourceProblem:
    base = posixpath.dirname(page.src_uri) or "."
    index = posixpath.join(target, "index.md")
    if index in known:
        right = posixpath.relpath(index, base)
        return SourceProblem(
            page.path,
            line,
            f"link naar '{href}': verwijs naar het bestand zelf, dus '{right}'",
        )
    candidates = {posixpath.relpath(uri, base): uri for uri in known if uri.endswith(".md")}
    wrong = urlsplit(href).path
    docs = page.path.removesuffix(page.src_uri)
    return SourceProblem(
        page.path,
        line,
        f"link naar '{href}', maar het bestand {docs}{target} bestaat niet"
        + did_you_mean(wrong, candidates),
    )
