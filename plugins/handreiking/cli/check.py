"""``handreiking check``: every problem in the sources, without building the publication.

The same code as the build does the work: :meth:`Publication.load` reads and checks
the data (editions, quotes, theory boxes, the bibliography), and every Markdown page
is converted with the extensions the plugin registers and checked with the same
front matter and id rules (:meth:`Build.prepare_page`). What MkDocs itself checks
during a build, the navigation, the links between pages and their anchors, the
plugin takes over in the build and this check does with the same functions
(:mod:`handreiking.plugin.validation`), from the converted pages, without rendering a
theme. The pages the plugin generates (quotes, literature, the boxes' index) are
converted too, after the source pages as in the build, so links into them are
checked against the same anchors the build knows.

What the last check (or whole build) found is reused where nothing it read changed
(:mod:`handreiking.plugin.checkcache`): the whole run's messages when no input changed,
else each page whose conversion reads what it read then; the messages are exactly those
of a fresh check.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from markdown import Markdown
from mkdocs.exceptions import Abort
from mkdocs.structure.files import File, get_files

from handreiking.compat.mkdocs import markdown_extension_configs
from handreiking.content.frontmatter import parse_front_matter, read_text
from handreiking.content.guard import escaping_link_problems, escaping_links
from handreiking.content.order import GeneratedNav
from handreiking.content.privacy import load_allowlist
from handreiking.errors import HandreikingError, SourceProblem
from handreiking.markdown.context import PageContext
from handreiking.outputs import gate
from handreiking.outputs.links.addresses import check_record
from handreiking.outputs.links.redirects import address_in_use, load_moves, move_problem
from handreiking.outputs.pdf import planned
from handreiking.plugin import checkcache, validation
from handreiking.plugin.build import Build
from handreiking.plugin.events import CSS, TOOLS_JS
from handreiking.plugin.navigation import order_of, order_pages, site_nav


def check_sources(
    config: Any,
    notices: list[SourceProblem] | None = None,
    literature: list[SourceProblem] | None = None,
) -> list[SourceProblem]:
    """Check the whole source tree ``config`` (a loaded ``mkdocs.yml``) describes.

    Returns every problem, sorted by file and line; an empty list means all is well.
    What is noted without being a problem (a record of the sociale kaart not checked
    for over a year, as the build says it) is added to ``notices`` when given; what
    the cited works lack or carry that the literature list does not show (the
    build's "let op" notices about literature) to ``literature`` when given.
    """
    plugin = config.plugins.get("handreiking")
    if plugin is None:
        raise Abort("de plugin 'handreiking' staat niet onder 'plugins' in mkdocs.yml")
    # Taken before anything is read: an edit during the check is not taken as checked.
    taken = checkcache.stamp(config, plugin.config)
    said = taken.replay()
    if said is None:
        said = _check(config, plugin, taken)
        taken.record(said)
    if notices is not None:
        notices.extend(said.notices)
    if literature is not None:
        literature.extend(said.literature)
    return list(said.problems)


def _check(config: Any, plugin: Any, taken: checkcache.Stamp) -> checkcache.Messages:
    """Check the sources afresh: the problems, sorted, and the notices. A page whose
    conversion reads what it read in the last check is not converted again: what it
    said and recorded then is taken over (``checkcache.PageResults``)."""
    build = Build.from_config(config, plugin.config, getattr(plugin, "caches", None))
    publication = build.publication
    folder = taken.file.parent if taken.file is not None else None
    kept_pages = checkcache.PageResults(
        folder,
        checkcache.context_digest(config, plugin.config, publication) if folder else None,
    )
    levels = validation.Levels.of(config)
    # The data checks, privacy (phone numbers, e-mail, postcodes) included.
    problems: list[SourceProblem] = list(publication.problems)
    context = PageContext(report=problems.append)
    files = get_files(config)
    # files behind a symbolic link out of docs/ are never published (as in the build)
    escaping = escaping_links(Path(publication.docs_dir), [file.src_uri for file in files])
    problems.extend(escaping_link_problems(escaping.values(), Path(publication.root)))
    # Files that may not be published at all, as the build's on_files decides.
    kept = build.source_files(files, config)
    problems.extend(kept.problems)
    # The files of the build, as the plugin's on_files leaves them (the PDFs of a build
    # without --zonder-pdf included; not the theme's assets).
    sources = [
        f
        for f in files
        if f.src_uri not in escaping and f.src_uri not in kept.drop and publication.keeps(f.src_uri)
    ]
    known = {file.src_uri for file in sources}
    known |= set(build.pages.addresses) | set(planned(publication.selected)) | {CSS}
    if build.pages.tools:
        known.add(TOOLS_JS)
    known |= set(build.pages.feeds)
    converter = _Converter(build, config, context, problems, kept_pages)
    converted: dict[str, str] = {}
    for file in files.documentation_pages():
        if (
            file.src_uri in escaping
            or not publication.keeps(file.src_uri)
            or file.src_uri in build.pages.addresses  # made, not converted from its source
        ):
            continue
        visible = converter.source(file.src_uri, Path(file.abs_src_path or ""))
        if visible is not None:
            converted[file.src_uri] = visible
    generated: dict[str, str] = {}
    for src_uri in build.pages.addresses:
        visible = converter.generated(src_uri)
        if visible is not None:
            dest = File(src_uri, "", "", config.use_directory_urls).dest_uri
            generated[dest] = visible
    kept_pages.save()
    in_nav = [
        f.src_uri
        for f in sources
        if f.is_documentation_page() and f.inclusion.is_included() and f.inclusion.is_in_nav()
    ]
    # Without nav in mkdocs.yml, the navigation is the sources' reading order.
    order = (
        order_of(order_pages(sources), publication)
        if config.nav is None or isinstance(config.nav, GeneratedNav)
        else None
    )
    findings = validation.nav_findings(
        site_nav(config.nav, publication, order),
        pages=[*in_nav, *build.pages.addresses],
        known=known,
        levels=levels,
        shown=publication.shown_path,
        config_file=config.config_file_path,
        root=publication.root,
    )
    findings += validation.order_findings(order)
    findings += validation.link_findings(
        build.record.records,
        known=known,
        levels=levels,
        shown=publication.shown_path,
        generated=build.pages.addresses,
        unpublished=kept.drop,
    )
    problems.extend(validation.problems(findings, levels))
    documents = {
        publication.shown_path(f.src_uri): Path(f.abs_src_path or "")
        for f in sources
        if f.generated_by is None and f.src_uri.lower().endswith(".pdf")
    }
    problems.extend(_published_text(build, converted, generated, documents))
    problems.extend(_check_moves(build, known, config.use_directory_urls))
    # Every address published before is still a page, an /id/ or a move (the record).
    rendered = [f.src_uri for f in files.documentation_pages() if f.src_uri not in escaping]
    rendered += build.pages.addresses
    moves = load_moves(publication.root)[0]
    problems.extend(
        check_record(publication, build.record, rendered, moves, config.use_directory_urls)[1]
    )
    if publication.bibliography is not None:
        # the references formatted, kept for the next check or build (as a build keeps them)
        publication.bibliography.save_format_cache()
    unique = dict.fromkeys(problems)
    return checkcache.Messages(
        sorted(unique, key=lambda p: (p.path, p.line or 0, p.message)),
        build.kaart_notices(),
        build.literature_notices(),
    )


def _published_text(
    build: Build, converted: dict[str, str], generated: dict[str, str], documents: dict[str, Path]
) -> list[SourceProblem]:
    """The visible text of every converted page, read as the publication gate reads the
    built site: private details, quotes without consent, participants' names. A source page's
    findings are said at its file; a generated page's (quotes, literature) at the file
    the build would write, as the gate says them.

    Only when the sources passed the privacy scan, as the build reaches its gate only
    then: what the source scan found is not said again for every page that shows it.
    """
    publication = build.publication
    if not publication.privacy_clean:
        return []
    findings = gate.Findings(publication, load_allowlist(publication.root)[0])
    for src_uri, visible in converted.items():
        findings.scan(
            publication.shown_path(src_uri),
            visible,
            gate.page_sources(publication, build.record, src_uri),
            page=True,
        )
    for dest, visible in generated.items():
        findings.scan(dest, visible, None)
    unreadable = [
        problem
        for shown, path in documents.items()
        if (problem := gate.scan_document(findings, shown, path)) is not None
    ]
    return unreadable + findings.problems()


def _check_moves(build: Build, known: set[str], directory_urls: bool) -> list[SourceProblem]:
    """``verhuisd.yml``: readable, and every move from a gone page to a page that exists,
    whose old address no other page (``known``: every file, generated ones too) has taken."""
    moves, problems = load_moves(build.publication.root)
    pages = build.record.pages
    destinations = {info.id: src for src, info in pages.items()} | {src: src for src in pages}
    taken = {File(uri, None, "", directory_urls).dest_uri for uri in known}
    for move in moves:
        problem = move_problem(move, build.publication.docs_dir, destinations)
        old_dest, old_url = move.old_address(directory_urls)
        if problem is None and old_dest in taken:
            problem = address_in_use(move, old_url)
        if problem is not None:
            problems.append(problem)
    return problems


class _Converter:
    """Converts the pages as the build does, each page's problems to ``problems``, its
    links and anchors to ``build.record``; gives each page's visible text. A page
    converted from the same Markdown in the same place, with everything else it reads
    unchanged, is taken from ``kept`` instead."""

    def __init__(
        self,
        build: Build,
        config: Any,
        context: PageContext,
        problems: list[SourceProblem],
        kept: checkcache.PageResults,
    ) -> None:
        self.build = build
        self.config = config
        self.context = context
        self.problems = problems
        self.kept = kept
        #: the digest of what the pages converted so far recorded: what a generated
        #: page reads of them (where a quote is placed, what is cited)
        self.records = ""
        self._md: Markdown | None = None

    def source(self, src_uri: str, path: Path) -> str | None:
        """Convert a page of ``docs/``."""
        build, context = self.build, self.context
        shown = build.publication.shown_path(src_uri)
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
        # the front matter is checked every time: its rules read the other pages' ids
        text = build.prepare_page(context, src_uri, raw, markdown)
        return self._convert(src_uri, text)

    def generated(self, src_uri: str) -> str | None:
        """Convert a page the plugin generates, for its anchors and its visible text.

        Its Markdown is made from the data and what the pages before it recorded only:
        with both unchanged, it is not even made again."""
        self.build.point_context(self.context, src_uri)
        key = self._key(src_uri, "generated", self.records)
        if (kept := self._kept(src_uri, key)) is not None:
            return kept
        text = self.build.pages.markdown(src_uri)
        if text is None:
            return None
        return self._convert(src_uri, text, key)

    def _key(self, src_uri: str, *reads: str) -> str:
        context = self.context
        return self.kept.key(src_uri, context.path, context.edition, context.line_offset, *reads)

    def _kept(self, src_uri: str, key: str) -> str | None:
        """The visible text of a page kept under ``key``, its problems and record taken
        over; ``None`` when none is kept."""
        kept = self.kept.get(key)
        if kept is None:
            return None
        self.problems.extend(kept.problems)
        if kept.record is not None:
            self.build.record.records[src_uri] = kept.record
        # what the generated pages after it read of it, as if it was converted
        self.records = checkcache.records_digest({src_uri: kept.record}, self.records)
        return kept.visible

    def _convert(self, src_uri: str, text: str, key: str | None = None) -> str:
        if key is None:
            key = self._key(src_uri, text)
            if (kept := self._kept(src_uri, key)) is not None:
                return kept
        before = len(self.problems)
        if self._md is None:
            self._md = _markdown(self.build, self.config, self.context)
        self._md.reset()
        visible = gate.visible_text(self._md.convert(text))
        record = self.build.record.records.get(src_uri)
        self.kept.put(key, checkcache.PageResult(self.problems[before:], record, visible))
        self.records = checkcache.records_digest({src_uri: record}, self.records)
        return visible


def _markdown(build: Build, config: Any, context: PageContext) -> Markdown:
    """A Markdown instance with the build's extensions, ours included: one for the whole
    check, reset before each page (every extension allows that), where making one per
    page, as MkDocs does, costs as much as converting many a page."""
    return Markdown(
        extensions=[*config.markdown_extensions, *build.markdown_extensions(context)],
        extension_configs=markdown_extension_configs(config),
    )
