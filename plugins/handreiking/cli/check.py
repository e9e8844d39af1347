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

A page's conversion reads only its Markdown, its place and the loaded data, so on a
large site on Linux the pages are converted in more than one process, after their front
matter was checked here in reading order: this one from the first page on, forked ones from
the last backwards, until they meet; what each page said and recorded, and what the
publication gate finds in its visible text, is taken over in reading order, as a kept
page's is (:meth:`_Converter.convert`). The generated pages before the literature
lists read of the other pages only what the source pages recorded: they are converted side
by side in as many processes (:meth:`_Converter.generate`). The privacy scan and the page
scan read only files: they run in another process while this one loads the rest of the
data (:class:`forking.Beside`). Every process does what one process would, and says the same.

What the last check (or whole build) found is reused where nothing it read changed
(:mod:`handreiking.plugin.checkcache`): the whole run's messages when no input changed,
else each page whose conversion reads what it read then; the messages are exactly those
of a fresh check.
"""

from __future__ import annotations

import logging
import multiprocessing
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markdown import Markdown
from mkdocs.exceptions import Abort
from mkdocs.structure.files import File, get_files

from handreiking import forking
from handreiking.compat.mkdocs import markdown_extension_configs
from handreiking.content.frontmatter import parse_front_matter, read_text
from handreiking.content.guard import escaping_link_problems, escaping_links
from handreiking.content.order import GeneratedNav
from handreiking.content.privacy import load_allowlist
from handreiking.errors import HandreikingError, SourceProblem
from handreiking.forking import PAGE_COST, SHARE_MIN
from handreiking.markdown.context import PageContext
from handreiking.outputs import gate
from handreiking.outputs.links.addresses import check_record
from handreiking.outputs.links.redirects import address_in_use, load_moves, move_problem
from handreiking.outputs.pdf import planned
from handreiking.plugin import checkcache, validation
from handreiking.plugin.build import Build
from handreiking.plugin.events import CSS, TOOLS_JS
from handreiking.plugin.navigation import order_of, order_pages, site_nav

if TYPE_CHECKING:
    from handreiking.content.literature.bibliography import Bibliography

log = logging.getLogger("mkdocs.plugins.handreiking")


def check_sources(
    config: Any,
    notices: list[SourceProblem] | None = None,
    literature: list[SourceProblem] | None = None,
    *,
    workers: int | None = None,
) -> list[SourceProblem]:
    """Check the whole source tree ``config`` (a loaded ``mkdocs.yml``) describes.

    Returns every problem, sorted by file and line; an empty list means all is well.
    What is noted without being a problem (a record of the sociale kaart not checked
    for over a year, as the build says it) is added to ``notices`` when given; what
    the cited works lack or carry that the literature list does not show (the
    build's "let op" notices about literature) to ``literature`` when given.

    ``workers``: how many processes convert the pages (``None``: as many as the machine
    has processors for, when the site is large enough to gain; see :func:`forking.shares`).
    Any number says the same.
    """
    plugin = config.plugins.get("handreiking")
    if plugin is None:
        raise Abort("de plugin 'handreiking' staat niet onder 'plugins' in mkdocs.yml")
    # Taken before anything is read: an edit during the check is not taken as checked.
    taken = checkcache.stamp(config, plugin.config)
    said = taken.replay()
    if said is None:
        try:
            said = _check(config, plugin, taken, workers)
        finally:
            forking.thaw()  # what its forks left frozen may be freed again
        taken.record(said)
    if notices is not None:
        notices.extend(said.notices)
    if literature is not None:
        literature.extend(said.literature)
    return list(said.problems)


def _check(
    config: Any, plugin: Any, taken: checkcache.Stamp, workers: int | None = None
) -> checkcache.Messages:
    """Check the sources afresh: the problems, sorted, and the notices. A page whose
    conversion reads what it read in the last check is not converted again: what it
    said and recorded then is taken over (``checkcache.PageResults``)."""
    # The privacy scan and the page scan read only the files: on a large site (where
    # processes can be forked), they run in another process while this one loads the rest.
    beside = forking.Beside(
        forking.can_fork()
        and (workers > 1 if workers is not None else forking.large(Path(config.docs_dir))),
        "check",
    )
    try:
        build = Build.from_config(
            config, plugin.config, getattr(plugin, "caches", None), start=beside.start
        )
    finally:
        beside.stop()
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
    jobs: list[_Job] = []
    for file in files.documentation_pages():
        if (
            file.src_uri in escaping
            or not publication.keeps(file.src_uri)
            or file.src_uri in build.pages.addresses  # made, not converted from its source
        ):
            continue
        job = converter.prepare(file.src_uri, Path(file.abs_src_path or ""))
        if job is not None:
            jobs.append(job)
    converted = converter.convert(jobs, workers)
    generated = {
        (src_uri, File(src_uri, "", "", config.use_directory_urls).dest_uri): visible
        for src_uri, visible in converter.generate(build.pages.addresses).items()
    }
    # What is kept for the next run is written beside the rest of the check, on a large
    # site (where the pages were converted in more than one process); here when that
    # process could not be had or failed.
    bibliography = publication.bibliography
    # The notices put what they find into the format cache: before it is saved.
    notices = build.kaart_notices(), build.literature_notices()
    saving = (
        forking.Child.start(_work(_save, kept_pages, bibliography))
        if converter.processes > 1
        else None
    )
    try:
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
        problems.extend(_published_text(build, converted, generated, documents, converter))
        problems.extend(_check_moves(build, known, config.use_directory_urls))
        # Every address published before is still a page, an /id/ or a move (the record).
        rendered = [f.src_uri for f in files.documentation_pages() if f.src_uri not in escaping]
        rendered += build.pages.addresses
        moves = load_moves(publication.root)[0]
        problems.extend(
            check_record(publication, build.record, rendered, moves, config.use_directory_urls)[1]
        )
        answer = saving.answer() if saving is not None else None
    finally:
        if saving is not None:
            saving.stop()  # never left running, whatever ended the check
    if answer is None:
        _save(kept_pages, bibliography)
    unique = dict.fromkeys(problems)
    return checkcache.Messages(
        sorted(unique, key=lambda p: (p.path, p.line or 0, p.message)), *notices
    )


def _save(kept_pages: checkcache.PageResults, bibliography: Bibliography | None) -> bool:
    """Keep what this check converted for the next one, and the references it formatted
    for the next check or build (as a build keeps them); ``True`` when done."""
    kept_pages.save()
    if bibliography is not None:
        bibliography.save_format_cache()
    return True


def _published_text(
    build: Build,
    converted: dict[str, str],
    generated: dict[tuple[str, str], str],
    documents: dict[str, Path],
    converter: _Converter,
) -> list[SourceProblem]:
    """The visible text of every converted page, read as the publication gate reads the
    built site: private details, quotes without consent, participants' names. A source page's
    findings are said at its file; a generated page's (quotes, literature) at the file
    the build would write (``generated`` is keyed by address and that file), as the gate
    says them. What another process found in the pages it converted
    (``converter.verdicts``) is noted here, in the same order.

    Only when the sources passed the privacy scan, as the build reaches its gate only
    then: what the source scan found is not said again for every page that shows it.
    """
    publication = build.publication
    findings = converter.findings
    if not publication.privacy_clean or findings is None:
        return []
    verdicts = converter.verdicts
    for src_uri, visible in converted.items():
        found = verdicts.get(src_uri)
        if found is None:
            found = findings.found(visible, gate.page_sources(publication, build.record, src_uri))
        findings.note(found, publication.shown_path(src_uri), page=True)
    for (src_uri, dest), visible in generated.items():
        found = verdicts.get(src_uri)
        findings.note(findings.found(visible, None) if found is None else found, dest)
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
        #: the key and result of the page converted (or taken from ``kept``) last
        self.last: tuple[str, checkcache.PageResult] | None = None
        #: how many processes converted the source pages (:meth:`convert`); as many
        #: convert the generated pages that may be converted side by side
        self.processes = 1
        #: the publication gate's reading of the pages' visible text, made before any
        #: fork; ``None`` when the sources did not pass the privacy scan (the gate is
        #: not reached then)
        self.findings: gate.Findings | None = None
        #: what another process's :attr:`findings` found in a page it converted
        self.verdicts: dict[str, gate.Found] = {}
        self._md: Markdown | None = None

    def prepare(self, src_uri: str, path: Path) -> _Job | None:
        """Read a page of ``docs/`` and check its front matter, in reading order (the
        ids' rules read the pages before it): the Markdown to convert and where it
        stands, or ``None`` when the file cannot be read."""
        build, context = self.build, self.context
        shown = build.publication.shown_path(src_uri)
        try:
            raw = read_text(path, shown)
        except HandreikingError as error:
            for problem in error.problems:
                context.report(problem)
            return None
        try:
            front = parse_front_matter(raw, shown)
        except HandreikingError:
            markdown = raw  # the build converts it whole too; prepare_page reports why
        else:
            markdown = front.body
            # read once: prepare_page takes it from there, as from the build's page scan
            build.record.fronts[src_uri] = (raw, front)
        # the front matter is checked every time: its rules read the other pages' ids
        text = build.prepare_page(context, src_uri, raw, markdown)
        return _Job(src_uri, text, context.path, context.edition, context.line_offset)

    def convert(self, jobs: list[_Job], workers: int | None = None) -> dict[str, str]:
        """Convert the prepared pages: each page's visible text by ``src_uri``.

        A page's conversion reads only its Markdown, its place and the loaded data (what
        :class:`checkcache.PageResults` keys it on), so pages may be converted in any
        process: with more than one share of work (:func:`forking.shares`), this process
        converts the pages from the first on, in reading order, while forked processes take
        them from the last backwards (:class:`forking.Ends`), until they meet: so all
        finish together. What they converted is taken over in reading order, after this
        one's, as a kept page's is. The messages are the same."""
        self.processes = len(forking.shares(jobs, _cost, workers, SHARE_MIN))
        if self._md is None:  # made once, before any fork, for every process
            self._md = _markdown(self.build, self.config, self.context)
        publication = self.build.publication
        if self.findings is None and publication.privacy_clean:
            self.findings = gate.Findings(publication, load_allowlist(publication.root)[0])
        ends = forking.Ends.make(len(jobs)) if self.processes > 1 else None
        if ends is None:
            return {job.src_uri: self._page(job) for job in jobs}
        children: list[forking.Child] = []
        bibliography = publication.bibliography
        try:
            for _ in range(self.processes - 1):
                child = forking.Child.start(_work(_convert_share, self, jobs, ends))
                if child is None:  # no process to be had: the rest is done here
                    break
                children.append(child)
            converted = {jobs[at].src_uri: self._page(jobs[at]) for at in ends.front()}
            taken: dict[int, Any] = {}
            for child in children:
                answer = child.answer()
                if answer is None:  # it failed: what it took is converted below
                    continue
                results, formatted = answer
                log.debug("check: %d pagina's in een ander proces omgezet", len(results))
                if bibliography is not None:  # for the generated pages and the next run
                    bibliography.take_formatted(formatted)
                taken |= {at: result for at, *result in results}
            for at in range(ends.met(), len(jobs)):
                job = jobs[at]
                if at not in taken:
                    converted[job.src_uri] = self._page(job)
                    continue
                key, stored, found = taken[at]
                result = checkcache.page_result(stored)
                self.kept.put(key, result)
                converted[job.src_uri] = self._take(job.src_uri, result)
                if found is not None:
                    self.verdicts[job.src_uri] = found
        finally:
            for child in children:
                child.stop()
        return converted

    def verdict(self, src_uri: str, visible: str, *, page: bool) -> gate.Found | None:
        """What :attr:`findings` finds in the visible text of a page converted here (a
        source ``page``, else a generated one), as :func:`_published_text` reads it;
        ``None`` when the gate is not reached."""
        if self.findings is None:
            return None
        publication = self.build.publication
        sources = gate.page_sources(publication, self.build.record, src_uri) if page else None
        return self.findings.found(visible, sources)

    def _page(self, job: _Job) -> str:
        """Convert one prepared page here (or take it from ``kept``)."""
        context = self.context
        context.src_uri, context.path = job.src_uri, job.path
        context.edition, context.line_offset = job.edition, job.line_offset
        return self._convert(job.src_uri, job.text)

    def generate(self, addresses: list[str]) -> dict[str, str]:
        """Convert the pages the plugin generates (``addresses``, in the order the build
        renders them): each page's visible text by address, in that order.

        The pages before the first one that reads what generated pages recorded
        (:meth:`GeneratedPages.reads_generated`, the literature lists) read of the other
        pages only what the source pages recorded: they are keyed on that alone and
        converted side by side, in as many processes as the source pages were
        (:meth:`_side_by_side`); what they recorded is then put in their order, as if
        they were converted one after another. The pages from the first literature list
        on are converted here, in order, each keyed on what every page before it
        recorded."""
        pages = self.build.pages
        first = next(
            (at for at, src_uri in enumerate(addresses) if pages.reads_generated(src_uri)),
            len(addresses),
        )
        alone, rest = addresses[:first], addresses[first:]
        sources = self.records  # what the source pages recorded
        visible = self._side_by_side(alone, sources)
        records = self.build.record.records
        reads = sources
        for src_uri in alone:
            if visible.get(src_uri) is None:
                continue
            if src_uri in records:  # in the order of the build, as a literature list reads
                records[src_uri] = records.pop(src_uri)
            reads = checkcache.records_digest({src_uri: records.get(src_uri)}, reads)
        self.records = reads
        for src_uri in rest:
            visible[src_uri] = self.generated(src_uri, self.records)
        return {
            src_uri: text for src_uri in addresses if (text := visible.get(src_uri)) is not None
        }

    def _side_by_side(self, addresses: list[str], reads: str) -> dict[str, str | None]:
        """Convert generated pages that read of the others only what ``reads`` digests,
        in :attr:`processes` processes: each takes the next page no process took yet
        (their costs differ a hundredfold), the others' results are taken over here. A
        page a failed process took is converted here."""
        done: dict[str, str | None] = {}
        children: list[forking.Child] = []
        bibliography = self.build.publication.bibliography
        taken = None
        if self.processes > 1 and len(addresses) > 1:
            try:
                taken = multiprocessing.get_context("fork").Value("i", 0)
            except (OSError, ImportError):  # no shared memory or lock here: done here alone
                taken = None
        try:
            for _ in range(self.processes - 1 if taken is not None else 0):
                child = forking.Child.start(_work(_generate_share, self, addresses, reads, taken))
                if child is None:  # no process to be had: the rest is done here
                    break
                children.append(child)
            for at in _claims(taken, len(addresses)):
                done[addresses[at]] = self.generated(addresses[at], reads)
            for child in children:
                answer = child.answer()
                if answer is None:  # it failed: what it took is converted below
                    continue
                log.debug("check: een ander proces zette %d gemaakte pagina's om", len(answer[0]))
                results, formatted = answer
                if bibliography is not None:
                    bibliography.take_formatted(formatted)
                for at, key, stored, found in results:
                    if key is None:  # no Markdown to convert
                        done[addresses[at]] = None
                        continue
                    result = checkcache.page_result(stored)
                    self.kept.put(key, result)
                    done[addresses[at]] = self._take(addresses[at], result)
                    if found is not None:
                        self.verdicts[addresses[at]] = found
        finally:
            for child in children:
                child.stop()
        for src_uri in addresses:
            if src_uri not in done:
                done[src_uri] = self.generated(src_uri, reads)
        return done

    def generated(self, src_uri: str, reads: str) -> str | None:
        """Convert a page the plugin generates, for its anchors and its visible text.

        Its Markdown is made from the data and what the pages before it recorded only
        (``reads``, their digest): with both unchanged, it is not even made again."""
        self.build.point_context(self.context, src_uri)
        key = self._key(src_uri, "generated", reads)
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
        self.last = (key, kept)
        return self._take(src_uri, kept)

    def _take(self, src_uri: str, result: checkcache.PageResult) -> str:
        """Take over what converting a page said and recorded, as if it was converted
        here; its visible text."""
        self.problems.extend(result.problems)
        if result.record is not None:
            self.build.record.records[src_uri] = result.record
        # what the generated pages after it read of it, as if it was converted
        self.records = checkcache.records_digest({src_uri: result.record}, self.records)
        return result.visible

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
        result = checkcache.PageResult(self.problems[before:], record, visible)
        self.kept.put(key, result)
        self.last = (key, result)
        self.records = checkcache.records_digest({src_uri: record}, self.records)
        return visible


@dataclass(frozen=True)
class _Job:
    """A page of ``docs/`` ready to convert: its Markdown and where it stands."""

    src_uri: str
    text: str
    path: str
    edition: str | None
    line_offset: int


def _cost(job: _Job) -> int:
    """What converting a prepared page costs, in characters (:data:`PAGE_COST`)."""
    return len(job.text) + PAGE_COST


def _work(function: Callable[..., Any], *args: Any) -> Callable[[], Any]:
    """``function(*args)``, to be called in a forked process (:class:`forking.Child`)."""
    return lambda: function(*args)


def _convert_share(
    converter: _Converter, jobs: list[_Job], ends: forking.Ends
) -> tuple[list[Any], dict[str, Any]]:
    """In a forked process: per page of ``jobs`` it takes from the back (``ends``), its
    position, its key and result as :mod:`checkcache` keeps them and what the gate found,
    and the references it formatted (what fails is converted again by the parent, which
    says why)."""
    had = _formatted_before(converter)
    results = []
    for at in ends.back():
        job = jobs[at]
        visible = converter._page(job)
        assert converter.last is not None
        key, result = converter.last
        found = converter.verdict(job.src_uri, visible, page=True)
        results.append([at, key, checkcache.stored_result(result), found])
    return results, _formatted_since(converter, had)


def _claims(taken: Any, count: int) -> Iterator[int]:
    """The pages (by position, below ``count``) this process takes, one at a time: the
    next one no process took yet (``taken``, a counter shared with the other processes;
    ``None``: this process alone takes every page).

    Shared, they are taken from the last: the pages gathered from every edition (all
    quotes, the boxes' index, the themes) come last in the build's order and cost the
    most, so the processes start with those and share the small ones (each edition's
    quotes) out at the end, rather than one process taking the largest when the others
    are done. Where each result goes does not depend on who made it, or when."""
    if taken is None:
        yield from range(count)
        return
    while True:
        with taken.get_lock():
            at = taken.value
            taken.value += 1
        if at >= count:
            return
        yield count - 1 - at


def _generate_share(
    converter: _Converter, addresses: list[str], reads: str, taken: Any
) -> tuple[list[Any], dict[str, Any]]:
    """In a forked process: the generated pages of ``addresses`` it takes
    (:func:`_claims`), per page its position, key and result as :mod:`checkcache` keeps
    them (no key: no Markdown) and what the gate found, and the references it formatted
    (when it fails, the parent converts what it took)."""
    had = _formatted_before(converter)
    results: list[Any] = []
    for at in _claims(taken, len(addresses)):
        converter.last = None
        visible = converter.generated(addresses[at], reads)
        if visible is None:
            results.append([at, None, None, None])
            continue
        assert converter.last is not None
        key, result = converter.last
        found = converter.verdict(addresses[at], visible, page=False)
        results.append([at, key, checkcache.stored_result(result), found])
    return results, _formatted_since(converter, had)


def _formatted_before(converter: _Converter) -> set[str]:
    """In a forked process, before its work: the names of the references the parent
    had formatted (or read) when it forked this process, which it is not sent back."""
    bibliography = converter.build.publication.bibliography
    return set(bibliography.formatted_entries()) if bibliography is not None else set()


def _formatted_since(converter: _Converter, had: set[str]) -> dict[str, Any]:
    """In a forked process, after its work: the references it formatted (or read) that
    the parent did not have (``had``), as the build's forked pages send them."""
    bibliography = converter.build.publication.bibliography
    return bibliography.formatted_since(had) if bibliography is not None else {}


def _markdown(build: Build, config: Any, context: PageContext) -> Markdown:
    """A Markdown instance with the build's extensions, ours included: one for the whole
    check, reset before each page (every extension allows that), where making one per
    page, as MkDocs does, costs as much as converting many a page."""
    return Markdown(
        extensions=[*config.markdown_extensions, *build.markdown_extensions(context)],
        extension_configs=markdown_extension_configs(config),
    )
