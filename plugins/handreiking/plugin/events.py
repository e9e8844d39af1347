"""The MkDocs adapter: events only; the domain lives in the modules it calls."""

from __future__ import annotations

import copy
import gc
import logging
import re
from functools import partial
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from jinja2 import Environment, Template
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import clean_directory
from mkdocs.utils.templates import TemplateContext

from handreiking import forking, memory
from handreiking.compat.material import let_go_of_search_entries, write_search_index_by_entry
from handreiking.compat.mkdocs import (
    BackgroundWriter,
    listing_theme_files_from,
    theme_custom_dir,
    watch_folder_for,
)
from handreiking.content import guard
from handreiking.content.licence import NO_LICENCE_NOTE, Licence
from handreiking.content.order import GeneratedNav, ReadingOrder
from handreiking.content.privacy import ALLOWLIST_FILE, load_allowlist
from handreiking.content.safety import has_markup
from handreiking.errors import SourceProblem
from handreiking.markdown.context import ERROR_CLASS, PageContext
from handreiking.outputs import gate as gate_mod
from handreiking.outputs.links import Links
from handreiking.outputs.links.addresses import RECORD_FILE
from handreiking.outputs.links.citecache import CitationCache
from handreiking.outputs.links.redirects import MOVES_FILE
from handreiking.plugin import checkcache, forkedpages, navcache, reported
from handreiking.plugin.build import Build
from handreiking.plugin.caches import Caches
from handreiking.plugin.config import HandreikingConfig
from handreiking.plugin.forkedpages import fork_conversions, fork_generated, fork_renders
from handreiking.plugin.gitdates import LastUpdated, dutch_date
from handreiking.plugin.navigation import order_of, order_pages, site_nav
from handreiking.plugin.publishing import placeholder_problem, publishing_from_environment
from handreiking.plugin.reproducible import ensure_source_date_epoch, source_date_seconds
from handreiking.plugin.templating import TEMPLATES, add_templates, page_context
from handreiking.plugin.validation import (
    Finding,
    Levels,
    link_findings,
    nav_findings,
    order_findings,
    report,
    take_over,
)
from handreiking.plugin.validation import problems as failing

if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    from mkdocs.livereload import LiveReloadServer

    # Imported where used: a build needs neither the preview's modules nor, with
    # --zonder-pdf, the PDF's.
    from handreiking.plugin.pagecache import PageCache
    from handreiking.plugin.preview_errors import BrokenPreview

log = logging.getLogger("mkdocs.plugins.handreiking")
ASSETS = Path(__file__).parents[1] / "assets"
CSS = "assets/handreiking/handreiking.css"
#: The script of the tools (the sociale kaart's filters, the worksheet): our own file,
#: from this site, only on a site that has a tool page.
TOOLS_JS = "assets/handreiking/hulpmiddelen.js"

#: References shown where they are cited: a tap, Escape, kept in the window (citations.py).
JS = "assets/handreiking/bronnen.js"

#: The cyclic garbage collector's first threshold while we build (Python's is 700). A
#: build makes millions of short-lived objects that are freed by reference counting, and
#: the collector walks the large, long-lived publication again and again on their account:
#: at 10x, a tenth of the collections, a third of their time, a few MB more at the peak.
GC_THRESHOLD = 10_000
#: A build gives the memory of the pages it let go of back to the system every this many
#: pages (memory.py): often enough that the rendering reuses it, rarely enough to cost
#: nothing to speak of (a few milliseconds each).
GIVE_BACK_PAGES = 64


def literature_summary(works: int) -> str:
    """The one line a build says about the cited works that lack fields or carry fields
    the literature list does not show."""
    which = "1 bron" if works == 1 else f"{works} bronnen"
    return f"bij {which} is iets na te kijken; 'handreiking check --literatuur' toont wat"


def kaart_summary(records: int) -> str:
    """The one line a build says about the records of the sociale kaart that nobody
    checked for over a year."""
    which = "1 organisatie" if records == 1 else f"{records} organisaties"
    return (
        f"{which} op de sociale kaart langer dan een jaar niet nagekeken; "
        "'handreiking check' noemt ze"
    )


def _in_red(problem: SourceProblem) -> str:
    """A problem as the preview shows it on its page: its message, in red."""
    return f'<p class="{ERROR_CLASS}">{escape(problem.message, quote=False)}</p>\n'


#: the text of each visible error an extension put in the page's place of the mistake
_SHOWN_IN_PLACE = re.compile(rf'<p class="{ERROR_CLASS}"[^>]*>(.*?)</p>', re.DOTALL)


def _not_shown_yet(problems: list[SourceProblem], html: str) -> list[SourceProblem]:
    """``problems`` (each once) without those an extension already shows in red in their
    place (a block says its mistake where the block is, as a sentence)."""
    in_place = " ".join(_SHOWN_IN_PLACE.findall(html))
    left: list[SourceProblem] = []
    for problem in dict.fromkeys(problems):
        text = escape(problem.message, quote=False)
        if text not in in_place and text[:1].upper() + text[1:] not in in_place:
            left.append(problem)
    return left


class HandreikingPlugin(BasePlugin[HandreikingConfig]):
    """Publishes a handreiking: editions, quotes, theory boxes and literature."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.build: Build | None = None
        self.context = PageContext(report=self._report)
        self.without_pdf = False
        #: a publishing build (``--publiceer`` or HANDREIKING_PUBLICEER): no placeholder
        self.publishing = False
        # Set by `handreiking build`, which builds into a staging folder it throws away
        # when the build fails: there the build goes on to the end, so that one build
        # reports every problem (also those only the finished site and its gate show).
        self.staged = False
        self.command: str | None = None
        self._nav: Navigation | None = None
        #: the reading order of the sources, when it makes the navigation
        self._order: ReadingOrder | None = None
        self.dates: LastUpdated = LastUpdated({})
        self._env: Environment | None = None
        self._files: Files | None = None
        self.links: Links | None = None
        # What this build is about to publish, checked before it replaces the last site.
        self.gate: gate_mod.Gate | None = None
        #: files of docs/ this build never copies (data, backups): links to them are wrong
        self._unpublished: set[str] = set()
        #: the levels mkdocs.yml's ``validation`` asks for, of the config they were read from
        self._levels: tuple[MkDocsConfig, Levels] | None = None
        # Serving only: the data's problems, shown on every page instead of stopping.
        self.broken: BrokenPreview | None = None
        #: what a whole build reads, for `handreiking check` (checkcache.py)
        self._check_stamp: checkcache.Stamp | None = None
        # What this instance keeps between its builds: its own, never another site's.
        self.caches = Caches()
        #: serving: the fields of each work the preview told a notice about, by key
        self._told: dict[str, object] | None = None
        #: a build's pages, written by a thread of their own (compat.mkdocs)
        self._writer = BackgroundWriter()
        #: whether the site's plugins are all known (pagecache.KNOWN_PLUGINS): none of
        #: them reads a page's HTML after it is written
        self._only_known_plugins = False
        #: a large build: the processes converting shares of its pages (forkedpages.py)
        self._forked: forking.Shares | None = None
        #: ... and those rendering shares of them
        self._forked_renders: forking.Shares | None = None
        #: whether this build's generated pages were given a child (fork_generated)
        self._generated_forked = False
        self._forked_generated: forking.Shares | None = None
        #: ... and the one compiling the theme's templates meanwhile
        self._forked_templates: forkedpages.CompiledTemplates | None = None
        #: ... and the one listing the theme's files
        self._forked_theme_files: forkedpages.ThemeFiles | None = None
        #: ... and the one making the Atom feeds (on_files), with how to make them here
        self._forked_feeds: tuple[forking.Child, Callable[[], dict[str, bytes]]] | None = None
        #: a build's freed memory given back every so many pages it let go of (memory.py)
        self._giving_back = memory.Every(GIVE_BACK_PAGES)
        #: the ``nav`` of ``mkdocs.yml`` before the build completed it
        self.source_nav: Any = None
        #: the collector's thresholds before this build's (restored after it)
        self._gc_threshold: tuple[int, ...] = gc.get_threshold()
        #: serving: the page being converted, whose problems go on that page
        self._converting: str | None = None
        #: serving: what was reported while each page was converted, by ``src_uri``
        self._page_reports: dict[str, list[SourceProblem]] = {}
        #: what the navigation and the reading order lists got wrong (on_nav)
        self._nav_findings: list[Finding] = []
        #: our Markdown extensions in the config, fed with this build's data (on_config):
        #: the preview's rebuild after a data edit puts in those of the new data (hotedit.py)
        self.extensions: list[Any] = []

    @property
    def page_cache(self) -> PageCache | None:
        """Conversions and rendered pages kept across rebuilds (pagecache.py)."""
        return self.caches.pages

    # -- reporting -----------------------------------------------------------

    def _report(self, problem: SourceProblem) -> None:
        log.warning(str(problem))  # counted by reported.REPORTED
        if self._converting is not None:
            # the preview shows it on the page too (on_page_content)
            self._page_reports.setdefault(self._converting, []).append(problem)

    def _stop_on_problems(self) -> None:
        """A build with problems never publishes, whatever ``strict`` and ``-q`` say;
        the preview (``serve``) shows them on the page and keeps running."""
        if self.command != "serve":
            reported.REPORTED.stop_build()

    def _show_problems(self, problems: list[SourceProblem]) -> BrokenPreview:
        """Serving: build the error page site (preview_errors.py) rather than stop."""
        from handreiking.plugin.preview_errors import BrokenPreview

        assert self.build is not None
        self.broken = BrokenPreview.of(self.build.publication, self.build.pages.addresses, problems)
        self.build = self.links = None  # no other event renders from the broken data
        return self.broken

    # -- events --------------------------------------------------------------

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup keeps this instance across rebuilds of `mkdocs serve`.
        # Every rebuild loads the publication afresh; the parsed bibliography, formatted
        # entries and quote files are reused from this instance's caches (caches.py),
        # which re-parse a file only when it changed; pages that did not change are
        # neither converted nor rendered again (pagecache.py).
        self.command = command
        self.caches.pages = None
        self._told = None
        self._gc_threshold = gc.get_threshold()
        gc.set_threshold(GC_THRESHOLD, *self._gc_threshold[1:])
        if command == "serve":
            from handreiking.plugin.pagecache import PageCache

            self.caches.pages = PageCache()
        # Citations formatted once: in memory across the preview's rebuilds, read from
        # cache_dir by each build (on_config).
        self.caches.citations = CitationCache() if command == "serve" else None

    def on_shutdown(self) -> None:
        self._stop_forked()
        # `mkdocs build` ends here, also after a failure (on_build_error forgot it then).
        self.save_address_record()
        # MkDocs keeps this instance for the whole process: forget the server's state,
        # and close the page cache's files (a build saved it after the gate, or not).
        if self.command != "serve" and self.caches.pages is not None:
            self.caches.pages.discard()
        # what the preview left for later of the bibliography's cache, for the next build
        self.caches.bibliographies.write_pending()
        # and of the privacy scan's
        self.caches.privacy.write_pending()
        # and of the quote files'
        self.caches.quotes.write_pending()
        self.command = None
        self.caches.pages = None
        self.caches.citations = None
        gc.set_threshold(*self._gc_threshold)  # the process is not ours after the build

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        reported.REPORTED.start()
        if self.command != "serve":
            memory.map_large_blocks()  # a large page given back once freed (memory.py)
        self.broken = None
        self._converting = None
        self._page_reports = {}
        self._nav_findings = []
        # MkDocs may keep this instance for the next site of the process: nothing of the
        # last build may reach this one's events, also when this site disables the plugin.
        self.build = self.links = self.gate = None
        if self.page_cache is not None:
            self.page_cache.reset()
        if not self.config.enabled:
            return config
        # MkDocs' checks of nav, links and anchors are ours: said in Dutch with path:line
        # (validation.py), the same as `handreiking check`. Read once per config: a second
        # on_config of the same config must not read the levels we turned down.
        if self._levels is None or self._levels[0] is not config:
            self._levels = (config, take_over(config))
        # Same sources, same bytes: the sitemap's dates come from the sources.
        ensure_source_date_epoch(
            Path(config.config_file_path).resolve().parent, Path(config.docs_dir)
        )
        if self.command != "serve" and (self.publishing or publishing_from_environment()):
            refused = placeholder_problem(config.site_url)
            if refused is not None:
                raise PluginError(f"{Path(config.config_file_path).name}: {refused}")
        # What a whole build reads, taken before it reads it: a `handreiking check` of
        # the same sources after a build that succeeded repeats its (lack of) messages
        # (checkcache.py).
        whole = self.command != "serve" and self.config.editie is None
        self._check_stamp = checkcache.stamp(config, self.config) if whole else None
        from handreiking.plugin.pagecache import KNOWN_PLUGINS

        self._only_known_plugins = all(name in KNOWN_PLUGINS for name in config.plugins)
        # A large build reads the pages (the privacy scan, the page scan) in another
        # process while this one loads the rest of the data, as `handreiking check` does.
        workers = forkedpages.WORKERS
        beside = forking.Beside(
            self.command != "serve"
            and forking.can_fork()
            and (workers > 1 if workers is not None else forking.large(Path(config.docs_dir))),
            "build",
        )
        if beside.forks:  # a large build: the theme's templates compiled meanwhile
            self._stop_forked()
            self._forked_templates = forkedpages.CompiledTemplates.fork(config)
            # -- and its files listed (taken when MkDocs lists them: on_pre_build) --
            self._forked_theme_files = forkedpages.ThemeFiles.fork(config)
        try:
            self.build = Build.from_config(
                config,
                self.config,
                self.caches,
                preview=self.command == "serve",
                start=beside.start,
            )
        finally:
            beside.stop()
        publication = self.build.publication
        if self.command != "serve":
            # A build reuses the pages an earlier build of this checkout kept on disk
            # (pagecache.py); with `cache: false` it does all the work.
            from handreiking.plugin.pagecache import PageCache

            folder = self.caches.folder
            self.caches.pages = PageCache.on_disk(folder) if folder is not None else None
            # ... and the citations it formatted (citecache.py)
            self.caches.citations = CitationCache.on_disk(folder) if folder is not None else None
        # Live preview: rebuild when the bibliography changes too (docs/ and mkdocs.yml
        # are watched already).
        for file in self.config.bibliografie:
            bib = str(publication.root / file)
            if bib not in config.watch:
                config.watch.append(bib)
        # Our templates (last-updated date, edit link) come before the theme's own.
        add_templates(config.theme)
        self._watch_what_the_build_reads(config, publication.root)
        self.dates = self.build.dates  # read with the history of the sources, in one call
        if publication.problems:
            # Broken data would make every page that uses it fail too: stop here,
            # with each problem said once.
            for problem in publication.problems:
                log.error(str(problem))
            if self.command == "serve":
                self._show_problems(publication.problems)
                return config
            raise PluginError(
                f"{len(publication.problems)} fout(en) in de gegevens; zie de meldingen hierboven"
            )
        # Generated pages join the navigation themselves: no edit of mkdocs.yml needed.
        # Without nav in mkdocs.yml the navigation is made from the sources, once the
        # files are known (on_files).
        self._order = None
        self.source_nav = copy.deepcopy(config.nav)  # as mkdocs.yml has it (hotedit.py)
        if config.nav is not None:
            config.nav = site_nav(config.nav, publication)
        # Permanent addresses, citations, catalog and cartridges.
        self.links = Links(
            publication,
            self.build.record,
            config,
            licence=self.licence,
            updated=self._updated_iso,
            build_date=self._build_date_iso(),
            citations=self.caches.citations,
        )
        if not self.licence.chosen and self.command != "serve":
            log.info(f"{Path(config.config_file_path).name}: {NO_LICENCE_NOTE}")
        self.extensions = self.build.markdown_extensions(self.context)
        for extension in self.extensions:
            config.markdown_extensions.append(extension)  # type: ignore[arg-type]
        config.extra_css.append(CSS)
        config.extra_javascript.append(JS)  # type: ignore[arg-type]
        if self.build.pages.tools:
            config.extra_javascript.append(TOOLS_JS)
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        # -- the theme's files, listed in a forked process (forkedpages.ThemeFiles) --
        # MkDocs lists them next, with no event between: from the child's listing.
        forked = self._forked_theme_files
        if forked is not None and forked.forked:
            listing_theme_files_from(config, forked.listing)

    @staticmethod
    def _watch_what_the_build_reads(config: MkDocsConfig, root: Path) -> None:
        """The preview rebuilds when any file the build reads changes: the files next to
        mkdocs.yml besides the bibliography, and the templates. Here a file is watched
        when it exists as the preview starts; one made later is seen by
        :meth:`on_serve`."""
        custom_dir = theme_custom_dir(config.theme)
        wanted = [root / name for name in (ALLOWLIST_FILE, MOVES_FILE, RECORD_FILE)]
        wanted += [TEMPLATES, *([Path(custom_dir)] if custom_dir else [])]
        for path in wanted:
            if path.exists() and str(path) not in config.watch:
                config.watch.append(str(path))

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Callable[..., Any]
    ) -> LiveReloadServer | None:
        """The files next to ``mkdocs.yml`` (and next to each bibliography) that the build
        reads are watched by name, also while they do not exist: a reviewed privacy
        exception or a list of moves made during the preview is read at once. Only those
        names: the folders hold ``site/`` and caches the build writes."""
        if not self.config.enabled:
            return server
        root = Path(config.config_file_path).resolve().parent
        wanted = {root / name for name in (ALLOWLIST_FILE, MOVES_FILE, RECORD_FILE)}
        wanted |= {(root / file).resolve() for file in self.config.bibliografie}
        for folder in sorted({path.parent for path in wanted}):
            if folder.is_dir():
                watch_folder_for(server, str(folder), lambda path: Path(path).resolve() in wanted)
        return server

    def _updated_iso(self, src_uri: str) -> str | None:
        """A page's last-updated date as ISO (for citations of undated pages)."""
        found = self.dates.get(src_uri)
        return found.iso if found is not None else None

    @staticmethod
    def _build_date_iso() -> str | None:
        """The build date (``SOURCE_DATE_EPOCH``, set from the sources) as ISO."""
        seconds = source_date_seconds()
        return dutch_date(seconds).iso if seconds is not None else None

    @property
    def licence(self) -> Licence:
        """The content's licence from ``licentie`` (none chosen while it is not set)."""
        options = self.config.licentie
        return Licence(options.id or None, options.url or None)

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        if self.broken is not None:
            return self.broken.files(files, config)
        if not self.config.enabled or self.build is None:
            return files
        publication = self.build.publication
        checked = guard.check_files(files, publication.docs_dir, publication.root)
        for problem in checked.warnings:
            log.warning(str(problem))
        kept = self.build.source_files(files, config)
        errors = checked.errors + kept.problems
        if errors:
            for problem in errors:
                log.error(str(problem))
            if self.command == "serve":
                return self._show_problems(errors).files(files, config)
            raise PluginError(f"{len(errors)} fout(en) in de bestanden; zie hierboven")
        self.gate = gate_mod.Gate(
            publication,
            self.build.record,
            load_allowlist(publication.root)[0],
            # a text judged before by the same rules and code is not judged again: in
            # memory for the preview's rebuilds, in a signed file for the next build
            memory=self.caches.gate,
            keep_on_disk=self.command != "serve",
        )
        self._unpublished = kept.drop
        files.append(File.generated(config, CSS, abs_src_path=str(ASSETS / "handreiking.css")))
        files.append(File.generated(config, JS, abs_src_path=str(ASSETS / "bronnen.js")))
        if self.build.pages.tools:
            # Written by MkDocs as a generated file: the gate accounts for it and reads it.
            files.append(
                File.generated(config, TOOLS_JS, abs_src_path=str(ASSETS / "hulpmiddelen.js"))
            )
        for src_uri in self.build.pages.addresses:
            # docs/bouwstenen/index.md only orders the boxes: the page itself is made
            source = files.get_file_from_path(src_uri)
            if source is not None:
                files.remove(source)
            files.append(File.generated(config, src_uri, content=""))
        self._add_feeds(files, config)
        if self.pdf_wanted:
            # Known from the start, so pages can link to them; written in on_post_build.
            from handreiking.outputs import epub, pdf

            for src_uri in pdf.planned(publication.selected) + epub.planned(publication.selected):
                files.append(File.generated(config, src_uri, content=b""))
        for file in list(files):
            if (
                file.src_uri in checked.drop
                or file.src_uri in kept.drop
                or not publication.keeps(file.src_uri)
            ):
                files.remove(file)
        if config.nav is None or isinstance(config.nav, GeneratedNav):
            # The reading order the sources declare (content/order.py) is the navigation.
            self._order = order_of(order_pages(files), publication)
            config.nav = site_nav(None, publication, self._order)
        if self.page_cache is not None:
            from handreiking.plugin.pagecache import data_fingerprint

            self.page_cache.start(
                publication,
                files,
                config,
                data_fingerprint(
                    publication,
                    Path(config.config_file_path),
                    [publication.root / file for file in self.config.bibliografie],
                ),
                self.build.pages,
            )
        return files

    def _add_feeds(self, files: Files, config: MkDocsConfig) -> None:
        """The Atom feeds of the changes pages (outputs/changes.py), made from now: the
        pages' addresses are known, and the history was read in on_config. A build makes
        them in a forked process (feedgen and lxml loaded there, not here), from the
        files as they are now; their content is taken in :meth:`_take_feeds`."""
        assert self.build is not None
        self._stop_feeds()
        feeds = self.build.pages.feeds
        if not feeds:
            return
        made = partial(_made_feeds, self.build.pages, Files(list(files)), config.site_url, feeds)
        beside = self.command != "serve" and forking.processors() > 1
        forked = forking.Child.start(made) if beside else None
        contents = made() if forked is None else dict.fromkeys(feeds, b"")
        if forked is not None:
            self._forked_feeds = (forked, made)
        for path, content in contents.items():
            files.append(File.generated(config, path, content=content))

    def _take_feeds(self, files: Files) -> None:
        """The feeds' content from the process making them (:meth:`_add_feeds`), before
        MkDocs writes the files; made here when that process failed."""
        forked, self._forked_feeds = self._forked_feeds, None
        if forked is None:
            return
        child, made = forked
        answer = child.answer()
        child.stop()
        contents = answer if isinstance(answer, dict) else made()
        for path, content in contents.items():
            file = files.get_file_from_path(path)
            if file is not None:
                file.content_bytes = content

    def _stop_feeds(self) -> None:
        forked, self._forked_feeds = self._forked_feeds, None
        if forked is not None:
            forked[0].stop()

    @event_priority(50)
    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        if not self.config.enabled or self.build is None:
            return markdown
        generated = page.file.generated_by is not None
        # A title with markup is an error (chapters.markup_problems); should a preview or a
        # build without strict go on, the theme still writes it as text, not as HTML.
        title = page.meta.get("title")
        if isinstance(title, str) and has_markup(title):
            page.meta["title"] = escape(title)
        if self.page_cache is not None:
            self.page_cache.wrap_render(page, self.build.record.records)
        if self.command == "serve":
            self._converting = page.file.src_uri
        return self.build.page_markdown(
            self.context,
            page.file.src_uri,
            "" if generated else page.file.content_string,
            markdown,
            generated=generated,
            site_url=config.site_url,
        )

    def _on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        self._env, self._files = env, files
        self._take_feeds(files)  # MkDocs writes them after this event
        self._stop_forked(templates=False)  # every page is converted (templates: _on_env_fork)
        # The navigation's top-level items, rendered once per kind of page (navcache.py);
        # new for every build, since the navigation is.
        env.globals[navcache.GLOBAL] = navcache.NavFragments()
        if self.build is not None:
            # Every page is converted now, so the cited works are known.
            self._tell_literature_notices()
            if self.command != "serve":
                # ... and nothing reads a work any more (the gate names the
                # bibliography's files only): the works are let go of, before the search
                # index and the rendering need memory, their formatted references saved
                # for the next build. The preview keeps them: its next rebuild reuses them.
                self.build.release_bibliography()
                self.caches.bibliographies.release()
            # Records of the sociale kaart nobody checked for a year: said, not refused,
            # in one line (`handreiking check` names each).
            stale = len(self.build.kaart_notices())
            if stale:
                log.info(f"let op: {kaart_summary(stale)}")
            # ... and every page's anchors: the links between pages can be checked.
            if self._levels is not None:
                levels = self._levels[1]
                findings = link_findings(
                    self.build.record.records,
                    known={f.src_uri for f in files},
                    levels=levels,
                    shown=self.build.publication.shown_path,
                    generated=self.build.pages.addresses,
                    unpublished=self._unpublished,
                )
                report(findings, levels, self._report, log)
                if self.command == "serve":
                    # before the rendering is planned: the page's content is in its key
                    self._show_findings(self._nav_findings + findings, levels, files)
            if self.page_cache is not None and self._nav is not None:
                pages = [f.page for f in files.documentation_pages() if f.page is not None]
                self.page_cache.plan_rendering(
                    pages,
                    self._nav,
                    self.build.publication,
                    self.dates,
                    self.build.pages.changes,
                    config,
                )
                self.page_cache.wrap_search(config.plugins)
                if self.command == "serve":  # compiled code is kept in memory, never on disk
                    env.bytecode_cache = self.page_cache.bytecode
        if self.command != "serve":
            # Material's search index written entry by entry, and let go of once written
            # when no other plugin reads it after (as the gate would otherwise do)
            written = (
                partial(self._search_index_written, config) if self._only_known_plugins else None
            )
            write_search_index_by_entry(config.plugins, written)
        # Every page is converted, none written yet: stop before a page with a problem
        # on it is written where it would be published.
        if not self.staged:
            self._stop_on_problems()
        if self.command != "serve":
            # The conversions' garbage freed before the rendering (and its forked
            # processes, which would copy it) starts (memory.py).
            memory.give_back(collect=True)
        return env

    def _show_findings(self, findings: list[Finding], levels: Levels, files: Files) -> None:
        """Serving: the problems of links, anchors, the navigation and the reading order
        that fail a build, in red atop the page they are about (the terminal said them
        already, with their line). Found once every page is converted, so added to the
        converted content here."""
        assert self.build is not None
        shown = self.build.publication.shown_path
        pages = {shown(f.src_uri): f.page for f in files.documentation_pages()}
        for problem in reversed(failing(findings, levels)):
            page = pages.get(problem.path)
            if page is not None and page.content is not None:
                page.content = _in_red(problem) + page.content

    def _tell_literature_notices(self) -> None:
        """One line for what the cited works lack, not a line per work: the problems must
        stand out. The preview then names a work again only when its entry changed."""
        assert self.build is not None
        if self.command != "serve":
            # a build names no work, only how many: kept between builds (pagecache.py)
            count = self.build.literature_notice_count(self.page_cache)
            if count:
                log.info(f"let op: {literature_summary(count)}")
            return
        noticed = self.build.literature_notices_by_work()
        told, self._told = self._told, None
        if self.command == "serve":
            self._told = {key: fields for key, (fields, _notices) in noticed.items()}
        if told is not None:
            for key, (fields, notices) in noticed.items():
                if told.get(key) != fields:
                    for notice in notices:
                        log.info(f"let op: {notice}")
        elif noticed:
            log.info(f"let op: {literature_summary(len(noticed))}")

    def on_page_context(
        self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        if self.page_cache is not None:
            cached = self.page_cache.cached_output(page)
            if cached is not None:
                from handreiking.plugin.pagecache import CACHED_OUTPUT

                context[CACHED_OUTPUT] = cached  # type: ignore[literal-required]
                return context
        if self.build is not None:
            context["handreiking"] = page_context(  # type: ignore[typeddict-unknown-key]
                self.build.edition_pages,
                page,
                files=self._files,
                env=self._env,
                config=config,
                dates=self.dates,
                changes=self.build.pages.changes,
            )
            context["handreiking"]["licentie"] = self.licence  # type: ignore[typeddict-item]
        return context

    # -- the theme's own pages (404.html) --------------------------------------

    def on_template_context(
        self, context: TemplateContext, *, template_name: str, config: MkDocsConfig
    ) -> TemplateContext:
        # The 404 page has no page of its own: it reads the editions to offer a way on.
        if self.build is not None:
            context["handreiking"] = {  # type: ignore[typeddict-unknown-key]
                "editions": self.build.publication.editions,
            }
        # -- the error page's rendering, reused (pagecache.py) --
        if self.page_cache is not None:
            cached = self.page_cache.cached_template_output(template_name)
            if cached is not None:
                from handreiking.plugin.pagecache import CACHED_OUTPUT

                context[CACHED_OUTPUT] = cached  # type: ignore[literal-required]
        return context

    # -- the error page's rendering, reused (pagecache.py) --------------------

    def on_pre_template(
        self, template: Template, *, template_name: str, config: MkDocsConfig
    ) -> Template:
        # Its frame is every page's: the navigation of the whole site (a fifth of a
        # second at forty editions), the same after most edits.
        cache, env = self.page_cache, self._env
        if (
            cache is not None
            and env is not None
            and cache.plan_template(template_name, config.site_url)
        ):
            from handreiking.plugin.pagecache import CACHED_TEMPLATE

            return env.get_template(CACHED_TEMPLATE)
        return template

    def on_post_template(
        self, output_content: str, *, template_name: str, config: MkDocsConfig
    ) -> str:
        if self.page_cache is not None:
            self.page_cache.keep_template_output(template_name, output_content)
        return output_content

    # -- the PDF per edition -------------------------------------------------

    @property
    def pdf_wanted(self) -> bool:
        """PDFs are made by a build, not by `--zonder-pdf` nor by `mkdocs serve`."""
        return self.config.enabled and not self.without_pdf and self.command != "serve"

    def _on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        self._nav = nav  # the books follow the site's reading order
        if self.build is not None and self._levels is not None:
            levels = self._levels[1]
            findings = nav_findings(
                config.nav,
                pages=[f.src_uri for f in files.documentation_pages() if f.inclusion.is_in_nav()],
                known={f.src_uri for f in files},
                levels=levels,
                shown=self.build.publication.shown_path,
                config_file=config.config_file_path,
                root=self.build.publication.root,
            )
            findings += order_findings(self._order)
            report(findings, levels, self._report, log)
            self._nav_findings = findings
        if self.links is not None:
            self.links.set_nav(nav, files)  # the cartridges too
        return nav

    # -- a large build's pages converted on more cores (forkedpages.py) ---------

    @event_priority(-100)  # the last event before MkDocs converts the pages
    def _on_nav_fork(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        self._stop_forked(templates=False)
        cache = self.page_cache
        building = self.command != "serve" and self.broken is None
        self._generated_forked = False
        if building and self.build is not None and cache is not None and cache.started:
            bibliography = self.build.publication.bibliography
            self._forked = fork_conversions(cache, config, files, bibliography)
        return nav

    on_nav = CombinedEvent(_on_nav, _on_nav_fork)

    def on_pre_page(self, page: Page, *, config: MkDocsConfig, files: Files) -> Page | None:
        if self._forked is not None:  # a child's share: its conversions, before the page's
            self._forked.at(page.file.src_uri)
            if not self._generated_forked and page.file.generated_by is not None:
                self._fork_generated(page, config, files)
        if self._forked_generated is not None:
            self._forked_generated.at(page.file.src_uri)
        return page

    def _fork_generated(self, page: Page, config: MkDocsConfig, files: Files) -> None:
        """At the first page the plugin generates (every source page converted): a
        child converting the later ones meanwhile (forkedpages.fork_generated)."""
        generated = self.build.pages.addresses if self.build is not None else ()
        if self._forked is None or self.page_cache is None or page.file.src_uri not in generated:
            return
        self._generated_forked = True
        assert self.build is not None
        self._forked_generated = fork_generated(
            self._forked,
            self.page_cache,
            config,
            files,
            self.build.publication.bibliography,
            generated,
        )

    @event_priority(-100)  # the last event before MkDocs renders the pages
    def _on_env_fork(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        cache = self.page_cache
        if self._forked_templates is not None and cache is not None:
            # before the rendering forks: its children start with them too
            taken = self._forked_templates.into(env, cache.bytecode)
            if taken:
                log.debug("build: %d sjablonen in een ander proces vertaald", taken)
        self._stop_forked()
        building = self.command != "serve" and self.broken is None and self.build is not None
        if building and cache is not None and cache.started and self._nav is not None:
            self._forked_renders = fork_renders(cache, config, files, self._nav, env)
        return env

    def _stop_forked(self, templates: bool = True) -> None:
        for forked in (self._forked, self._forked_generated, self._forked_renders):
            if forked is not None:
                forked.stop()
        self._forked = self._forked_generated = self._forked_renders = None
        if templates and self._forked_templates is not None:
            self._forked_templates.stop()
            self._forked_templates = None
        if templates and self._forked_theme_files is not None:
            self._forked_theme_files.stop()
            self._forked_theme_files = None
        if templates:
            self._stop_feeds()

    @event_priority(100)
    def _on_post_build_forked(self, *, config: MkDocsConfig) -> None:
        self._stop_forked()  # every page is rendered

    # -- the pages written beside the build (compat.mkdocs.BackgroundWriter) --

    @event_priority(-110)  # after the renderings are forked: no thread may run at a fork
    def _on_env_writer(
        self, env: Environment, *, config: MkDocsConfig, files: Files
    ) -> Environment:
        # Not in the preview: it writes only what changed (writing_only_what_changed).
        if self.command != "serve":
            self._writer.start()
        return env

    on_env = CombinedEvent(_on_env, _on_env_fork, _on_env_writer)

    def _on_post_build_pdf(self, *, config: MkDocsConfig) -> None:
        if self.build is None or self._nav is None or not self.pdf_wanted:
            return
        from handreiking.outputs import pdf

        books = self.gate.books if self.gate is not None else None
        from handreiking.outputs import epub

        selected = self.build.publication.selected
        # one book per edition, made once, written as PDF and as EPUB
        made = pdf.site_books(selected, self._nav.pages, config, licence=self.licence)
        pdf.build_site_pdfs(made, config, books=books)
        epub.build_site_epubs(made, config, books=books)
        pdf.fill_in_sizes(Path(config.site_dir), selected)

    # -- links for the curriculum: /id/, citations, catalog, cartridges ----------------

    @event_priority(-50)  # after other plugins changed the content
    def on_page_content(
        self, html: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        self._converting = None
        if self.broken is not None:
            return self.broken.page_html()
        if self.command == "serve" and self.build is not None:
            # The front matter is no page text: its problems are shown in its place; so
            # are those of the text an extension could not show where they are (an
            # unknown citation key is shown as written, its message atop the page).
            src_uri = page.file.src_uri
            problems = self.build.page_problems.get(src_uri, [])
            problems = _not_shown_yet(problems + self._page_reports.get(src_uri, []), html)
            for problem in reversed(problems):
                html = _in_red(problem) + html
        if self.command == "serve" and self.gate is not None and page.file.generated_by is None:
            html = self._previewed(html, page)
        if self.links is None:
            return html
        return self.links.page_content(html, page)

    def _previewed(self, html: str, page: Page) -> str:
        """Serving: what the gate would find in this page's text, in red on the page
        (the preview publishes nothing, so the gate itself runs only in a build)."""
        assert self.gate is not None
        for problem in self.gate.page_problems(page.file.src_uri, html):
            self._report(problem)
            html = _in_red(problem) + html
        return html

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str | None:
        if self.page_cache is not None:
            self.page_cache.keep_output(page, output)  # as the theme made it
        if self.command != "serve" and not self.pdf_wanted and self._only_known_plugins:
            # Rendered: nothing of this build reads the page's HTML again (only the books
            # do, and the preview's next rebuild; another plugin of the site might).
            # MkDocs would hold every page's to the end of the build, where the gate reads
            # the site. Empty, not None: MkDocs makes a page's title anew from its
            # Markdown when its content is None (and the navigation of the pages after it
            # shows that title). Its Markdown likewise (megabytes at a 10x build, the
            # generated pages' among them): empty, not None, for the same title.
            page.content = ""
            page.markdown = ""
            self._giving_back.page()
        if self._forked_renders is not None:  # the next page may be a child's: its renderings
            self._forked_renders.at(page.file.src_uri)
        if self.links is None:
            return output
        return self.links.post_page(output, page)

    @event_priority(-100)  # after the PDFs: the catalog lists only the PDFs that exist
    def _on_post_build_links(self, *, config: MkDocsConfig) -> None:
        if self.command != "serve":
            memory.give_back()  # what the search index was made with
        if self.links is not None:
            # its thousands of small files (/id/ pages, .bib, .ris) written beside it too
            writing = self.command != "serve" and self._writer.start()
            try:
                self.links.post_build(Path(config.site_dir))
            except BaseException:
                self._writer.abandon()  # what went wrong is said, not a write after it
                raise
            if writing:
                self._writer.finish()  # all written before the gate reads them
            if self.command != "serve":
                self.links.forget_catalog_pieces()  # only the preview writes it again
            if self.caches.citations is not None:
                log.debug(self.caches.citations.summary())
                if self.command == "serve":
                    self.caches.citations.forget_unused()  # the preview's memory stays this size
        if self.build is not None and self.build.publication.bibliography is not None:
            # kept in cache_dir for the next build
            self.build.publication.bibliography.save_format_cache()
        if self.page_cache is not None:
            log.debug(self.page_cache.summary())
            log.debug(self.page_cache.converted_summary())

    def _search_index_written(self, config: MkDocsConfig, plugin: Any = None) -> None:
        """Material's search index is written (``plugin``'s; ``None``: every one): its
        entries (held by Material's index and by the page cache, for the next build) are
        let go of, the page cache's put in its pack as its save would; the rest of the
        build holds them no longer."""
        if self.page_cache is not None:
            self.page_cache.pack_search_entries()
        let_go_of_search_entries(config.plugins.values() if plugin is None else [plugin])

    # -- the publication gate ------------------------------------------------

    @event_priority(-200)  # after every file is written, by us and by other plugins
    def _on_post_build_gate(self, *, config: MkDocsConfig) -> None:
        try:
            self._gate_and_save(config)
        finally:
            # the last event of a build: what the forks left frozen may be freed again
            forking.thaw()

    def _gate_and_save(self, config: MkDocsConfig) -> None:
        if self.command == "serve":
            # what the first rebuild after an edit of the bibliography asks, known now
            self.caches.bibliographies.ready_for_edits()
            return  # the preview publishes nothing; its pages show what the gate would say
        site_dir = Path(config.site_dir)
        if self._only_known_plugins:
            # before the gate reads the site (where Material wrote the index itself)
            self._search_index_written(config)
        # what our files were made with, before the gate reads the site; and the cyclic
        # garbage of rendering (trees, templates' frames), megabytes at a 10x build. What
        # the forks froze stays frozen until the end (thawing first cost a full collection
        # over all of it for half a megabyte less at the peak, measured at 10x).
        memory.give_back(collect=True)
        if self.gate is not None and self.build is not None and self._files is not None:
            for problem in self._inspect(site_dir, config):
                log.error(str(problem))
            if self.gate.memory is not None:
                self.gate.memory.save()  # verdicts, not passes: kept whatever they found
        checkcache.record_check(
            self._check_stamp, self.build, failed=bool(reported.REPORTED.problems)
        )
        if not reported.REPORTED.problems:
            if self.page_cache is not None:
                memory.give_back()  # what the gate read, before the cache is encoded
                self.page_cache.save()  # for the next build: only what the gate let through
            if self.caches.citations is not None:
                self.caches.citations.save()  # the same: only after the gate
            return
        if self.page_cache is not None:
            self.page_cache.discard()  # nothing of a refused build is kept for the next
        # What the links, the PDFs, the cartridges and the gate found: nothing the guide
        # did not mean to publish stays behind. `handreiking build` drops its staging
        # folder; a plain `mkdocs build` is left with an empty site.
        clean_directory(str(site_dir))
        reported.REPORTED.stop_build()

    def _inspect(self, site_dir: Path, config: MkDocsConfig) -> list[SourceProblem]:
        """The gate over the finished site: every file accounted for, nothing private."""
        assert self.gate is not None and self.build is not None and self._files is not None
        self.gate.expect_files(self._files, self.build.publication.docs_dir)
        for name in config.theme.static_templates:
            self.gate.expect(name, gate_mod.Output("mkdocs"))
        if "sitemap.xml" in config.theme.static_templates:
            self.gate.expect("sitemap.xml.gz", gate_mod.Output("mkdocs"))
        if any(name.split("/")[-1] == "search" for name in config.plugins):
            self.gate.expect("search/search_index.json", gate_mod.Output("data"))
        if self.links is not None:
            for dest in self.links.written:
                self.gate.expect(dest, gate_mod.Output("data"))
        workers = forkedpages.WORKERS
        if self.page_cache is not None:
            # its threads done, reading reused pages ahead and writing: the gate may fork
            self.page_cache.done_reading()
            self.page_cache.settle()
            cache = self.page_cache
            if cache.reused_outputs > cache.taken_outputs and workers is None:
                # Pages rendered by an earlier build: what the gate read of them is kept
                # (GateMemory), and reading them in one process again costs less than
                # forking. (Those a child of this build rendered are new to the gate.)
                workers = 1
        return self.gate.inspect(site_dir, workers)

    @event_priority(100)  # before anything reads or adds to the site folder
    def _on_post_build_written(self, *, config: MkDocsConfig) -> None:
        self._writer.finish()  # every page written; from here on, written at once
        if self.command != "serve":
            # the pages' memory given back before the search index and our files are made
            memory.give_back()

    on_post_build = CombinedEvent(
        _on_post_build_written,
        _on_post_build_forked,
        _on_post_build_pdf,
        _on_post_build_links,
        _on_post_build_gate,
    )

    # -- the record of published addresses (outputs/links/addresses.py) ---------

    def on_build_error(self, *, error: Exception) -> None:
        self.interrupted()
        forking.thaw()  # what the forks left frozen may be freed again
        self.links = None  # a failed build adds nothing to the address record
        if self.command != "serve" and self.page_cache is not None:
            self.page_cache.discard()  # nor to the page cache

    def interrupted(self) -> None:
        """A build that failed, or was stopped with Ctrl+C (which MkDocs tells no plugin
        of): its pages' writing stops and its forked processes end, before the caller
        removes the folder it wrote into."""
        self._writer.abandon()
        self._stop_forked()

    def save_address_record(self) -> None:
        """After a successful whole build: add its new addresses to the record.

        ``handreiking build`` calls this once the new site is in place; ``mkdocs build``
        at shutdown. The live preview never writes it.
        """
        if self.links is not None and self.command != "serve":
            self.links.save_record()


def _made_feeds(
    pages: Any, files: Files, site_url: str | None, feeds: dict[str, Any]
) -> dict[str, bytes]:
    """The Atom feeds of the changes pages (``pages.feeds``) by their path, with the
    pages' addresses as ``files`` has them."""

    def url_of(src_uri: str) -> str:
        file = files.get_file_from_path(src_uri)
        return file.url if file is not None else src_uri

    build_time = source_date_seconds() or 0
    return {
        path: pages.changes.feed(edition, site_url=site_url, url_of=url_of, build_time=build_time)
        for path, edition in feeds.items()
    }
