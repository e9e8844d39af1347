"""One build of the publication, as the plugin's events and ``handreiking check`` run it.

A :class:`Build` holds the three parts of a build: the loaded publication
(:class:`~handreiking.content.publication.Publication`, fixed once loaded), what the build
records as it converts the pages (:class:`~handreiking.markdown.record.BuildRecord`) and
the pages it generates (:class:`~handreiking.outputs.pages.GeneratedPages`); and it turns
each page's source into the Markdown to convert, with our extensions fed from them.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from markdown import Extension
from mkdocs.structure.files import File

from handreiking.content import socialekaart
from handreiking.content.chapters import markup_problems
from handreiking.content.frontmatter import FrontMatter
from handreiking.content.licence import licence_problems
from handreiking.content.publication import Publication, Starter
from handreiking.content.sources import split_front_matter
from handreiking.errors import HandreikingError, SourceProblem
from handreiking.markdown import blocks, citations, depth, editions, safehtml, tables
from handreiking.markdown.context import PageContext
from handreiking.markdown.record import BuildRecord
from handreiking.markdown.recorder import RecorderExtension
from handreiking.outputs import gate
from handreiking.outputs.changes import History
from handreiking.outputs.pages import GeneratedPages
from handreiking.outputs.sociale_kaart import EditLink, edit_links
from handreiking.outputs.theme_comparison import THEMES_SRC_URI
from handreiking.plugin.caches import Caches
from handreiking.plugin.edition_pages import EditionPages
from handreiking.plugin.gitdates import LastUpdated, read_history
from handreiking.plugin.reproducible import build_date


@dataclass
class Build:
    """The publication, what this build records, and the pages it generates."""

    publication: Publication
    record: BuildRecord
    pages: GeneratedPages
    #: the problems of each page's front matter, by ``src_uri``: the preview shows them
    #: on the page, as the front matter itself is not page text
    page_problems: dict[str, list[SourceProblem]] = field(default_factory=dict)
    #: each page's last-updated date, from the same ``git log`` as the history
    dates: LastUpdated = field(default_factory=lambda: LastUpdated({}))
    #: the literature notices :meth:`literature_notice_count` found or took from the
    #: page cache, with the works listed they are of: :meth:`literature_notices` gives
    #: them again while those are the works listed
    _notices: tuple[list[str], list[SourceProblem]] | None = field(default=None, repr=False)

    @classmethod
    def of(
        cls,
        publication: Publication,
        fronts: dict[str, tuple[str, FrontMatter]],
        edit_link: EditLink | None = None,
        history: tuple[LastUpdated, History] | None = None,
    ) -> Build:
        """A build of ``publication``; ``fronts`` is the front matter its page scan read;
        ``edit_link`` makes a data file's address in the web editor; ``history`` is the
        dates and changes git knows (:func:`gitdates.read_history`)."""
        record = BuildRecord(publication.edition_of, fronts=fronts)
        dates, changes = history if history is not None else (LastUpdated({}), History())
        pages = GeneratedPages(publication, record, edit_link, changes)
        return cls(publication, record, pages, dates=dates)

    @classmethod
    def from_config(
        cls,
        config: Any,
        options: Any,
        caches: Caches | None = None,
        *,
        preview: bool = False,
        start: Starter | None = None,
    ) -> Build:
        """Load the publication as ``mkdocs.yml`` describes it (the build and the check),
        with ``caches`` (the plugin's; new ones when not given) set by its options;
        ``start`` as :meth:`Publication.load` takes it."""
        caches = caches if caches is not None else Caches()
        unfit = caches.configure(config, options)
        # the preview scans a large bibliography again only around what a save changed
        caches.privacy.keep_texts = preview
        # and writes the parsed quote files to disk when it ends, not after every save
        caches.quotes.later = preview
        root = Path(config.config_file_path).resolve().parent
        fronts: dict[str, tuple[str, FrontMatter]] = {}
        publication = Publication.load(
            root=root,
            docs_dir=Path(config.docs_dir).resolve(),
            edition_ids=list(options.edities),
            only=options.editie,
            bibliography=[root / file for file in options.bibliografie],
            style=options.bibliografie_stijl,
            nav=config.nav,
            config_file=Path(config.config_file_path).resolve(),
            fronts=fronts,
            quote_cache=caches.quotes,
            bibliography_cache=caches.bibliographies,
            privacy_cache=caches.privacy,
            # for the preview's next rebuild; a build would only hold every chapter's
            # front matter and text to its end
            scan_cache=caches.scans if preview else None,
            box_cache=caches.boxes if preview else None,
            edition_cache=caches.editions if preview else None,
            start=start,
        )
        publication.problems[:0] = unfit
        # The licence setting is checked with the data: check and build say the same.
        licence = options.licentie
        publication.problems.extend(
            licence_problems(licence.id, licence.url, Path(config.config_file_path).name)
        )
        edit_link = edit_links(
            config.get("repo_url"), config.get("edit_uri"), config.get("edit_uri_template")
        )
        bibliographies = [root / file for file in options.bibliografie]
        # the preview also asks which pages have uncommitted changes; a build never does
        history = read_history(root, publication.docs_dir, tuple(bibliographies), preview=preview)
        return cls.of(publication, fronts, edit_link, history)

    @cached_property
    def edition_pages(self) -> EditionPages:
        """What the theme shows of the editions (start page cards, switchers)."""
        return EditionPages(self.publication)

    def source_files(self, files: Iterable[File], config: Any) -> gate.SourceFiles:
        """Which files of ``docs/`` may be published, as the publication gate decides for
        the build's ``on_files`` and for ``handreiking check`` alike."""
        publication = self.publication
        return gate.source_files(
            files,
            publication.docs_dir,
            editions=publication.edition_ids,
            shown=publication.shown_path,
            admin_assets=gate.admin_assets(config),
        )

    # -- Markdown ------------------------------------------------------------

    def markdown_extensions(self, context: PageContext) -> list[Extension]:
        """Our Markdown extensions, fed with this publication's data."""
        publication = self.publication
        return [
            blocks.makeExtension(
                quotes=publication.quotes,
                bouwstenen=publication.bouwstenen,
                edition_names=publication.edition_names,
                context=context,
                quote_page=self.pages.quote_page,
                quote_places=self.pages.quote_places,
            ),
            # the landing page's table of editions, from their front matter
            editions.makeExtension(editions=publication.selected, context=context),
            citations.makeExtension(
                bibliography=publication.bibliography,
                context=context,
                literature_page=self.pages.literature_page,
                document=self.pages.document_keys,
                references_in_place=True,
            ),
            depth.makeExtension(context=context),
            # wide tables as a phone reads them: cards on /themas/, scroll regions elsewhere
            tables.makeExtension(context=context, card_pages=(THEMES_SRC_URI,)),
            # raw HTML through the allowlist, unsafe links out (content/safety.py)
            safehtml.makeExtension(context=context),
            # what each page cited and placed, for the pages generated after it
            RecorderExtension(context=context, records=self.record.records),
        ]

    def prepare_page(self, context: PageContext, src_uri: str, raw: str, markdown: str) -> str:
        """Point ``context`` at one source page, check its front matter, and return the
        Markdown to convert (``markdown`` is ``raw`` without its front matter).

        Shared by the build and ``handreiking check``, so both report the same problems.
        """
        self.point_context(context, src_uri)
        context.line_offset = raw[: len(raw) - len(markdown)].count("\n")
        try:
            front = self.record.front_matter(src_uri, raw, context.path)
        except HandreikingError as error:
            for problem in error.problems:
                context.report(problem)
                self.page_problems.setdefault(src_uri, []).append(problem)
            # MkDocs could not read it either and left it in the page: it is no page text
            source, _offset, body, body_offset = split_front_matter(raw)
            if source is not None and markdown == raw:
                markdown = body
                context.line_offset = body_offset
        else:
            for problem in [*self.record.check_page_meta(src_uri, front), *markup_problems(front)]:
                context.report(problem)
                self.page_problems.setdefault(src_uri, []).append(problem)
        if src_uri.startswith("bouwstenen/"):
            page = self.pages.bouwsteen_page(src_uri, markdown)
            # A title put before the body takes lines; the offset gives them back,
            # so the body's line numbers stay those of the file.
            context.line_offset -= page[: page.find(markdown)].count("\n")
            markdown = page
        return markdown

    def point_context(self, context: PageContext, src_uri: str) -> None:
        """Point ``context`` at the page ``src_uri`` (no lines before its Markdown yet)."""
        context.src_uri = src_uri
        context.edition = self.publication.edition_of(src_uri)
        context.path = self.publication.shown_path(src_uri)
        context.line_offset = 0

    def page_markdown(
        self,
        context: PageContext,
        src_uri: str,
        raw: str,
        markdown: str,
        *,
        generated: bool = False,
        site_url: str | None = None,
    ) -> str:
        """The Markdown to convert for any page of the build (``on_page_markdown``).

        A generated page gets its computed Markdown; the landing page of a one-edition
        build leads to that edition only; a source page goes through
        :meth:`prepare_page`. ``context`` is pointed at the page in every case.
        """
        self.point_context(context, src_uri)
        if generated:
            computed = self.pages.markdown(src_uri)
            return computed if computed is not None else markdown
        if self.publication.only is not None and src_uri == "index.md":
            landing = self.pages.landing(site_url)
            if landing is not None:
                return landing
        return self.prepare_page(context, src_uri, raw, markdown)

    def kaart_notices(self, today: datetime.date | None = None) -> list[SourceProblem]:
        """The sociale kaart's records not checked for over a year, counted from the
        build date (``SOURCE_DATE_EPOCH``, see ``reproducible.py``): the same sources give
        the same notices. Notices, not errors: the record is still published."""
        if today is None:
            today = build_date(self.publication.root, self.publication.docs_dir)
        return socialekaart.stale_entries(self.publication.sociale_kaart, today)

    def literature_notices(self) -> list[SourceProblem]:
        """What the works this build cites lack for a complete APA reference.

        Notices, not errors: a work the guide knows only by its title is still listed
        with what it has. Only cited works, so a large export stays quiet.
        """
        bibliography = self.publication.bibliography
        if bibliography is None:
            return []
        if bibliography.released:  # the notices of when it was let go of, every page converted
            assert self._notices is not None  # (release_bibliography)
            return list(self._notices[1])
        listed = self._listed_works()
        if self._notices is not None and self._notices[0] == listed:
            return list(self._notices[1])
        return bibliography.warnings_for(listed)

    def release_bibliography(self) -> None:
        """Let go of the bibliography's works once every page of a build is converted
        (:meth:`Bibliography.release`; never in the preview, whose next rebuild reuses
        them), its literature notices kept as they are then: what the build says, and
        what it leaves for the next check (``checkcache.record_check``)."""
        bibliography = self.publication.bibliography
        if bibliography is None or bibliography.released:
            return
        self._notices = (self._listed_works(), self.literature_notices())
        bibliography.release()

    def literature_notices_by_work(self) -> dict[str, tuple[object, list[SourceProblem]]]:
        """:meth:`literature_notices` per work that has any: the work's fields as they
        are now (to tell when the entry changed) and its notices."""
        bibliography = self.publication.bibliography
        if bibliography is None:
            return {}
        noticed: dict[str, tuple[object, list[SourceProblem]]] = {}
        for key in dict.fromkeys(self._listed_works()):
            notices = bibliography.warnings_for([key])
            if notices:
                noticed[key] = (bibliography.fields(key).fingerprint(), notices)
        return noticed

    def literature_notice_count(self, kept: Any = None) -> int:
        """How many works :meth:`literature_notices_by_work` names. ``kept`` (the page
        cache, :meth:`~handreiking.plugin.pagecache.PageCache.kept_value`) keeps them and
        :meth:`literature_notices` between builds, by the bibliography (its text, style
        and files as messages name them), the code and the works listed."""
        bibliography = self.publication.bibliography
        listed = self._listed_works()
        if bibliography is None:
            return 0
        made_of = [list(bibliography.sources), list(dict.fromkeys(listed))]
        found = kept.kept_value("notices", bibliography, made_of) if kept is not None else None
        taken = _notices_from_data(found)
        if taken is not None:
            count, notices = taken
        else:
            by_work = self.literature_notices_by_work()
            count = len(by_work)
            notices = [notice for _fields, some in by_work.values() for notice in some]
            if kept is not None:
                data = [[n.path, n.line, n.message] for n in notices]
                kept.keep_value("notices", bibliography, made_of, {"works": count, "notices": data})
        self._notices = (listed, notices)
        return count

    def _listed_works(self) -> list[str]:
        """The works this build lists: the cited ones, then each edition's ``nocite``."""
        keys = self.record.cited()
        keys += [key for edition in self.publication.selected for key in edition.nocite]
        return keys


def _notices_from_data(data: Any) -> tuple[int, list[SourceProblem]] | None:
    """The count and notices :meth:`Build.literature_notice_count` kept; ``None`` when
    ``data`` is not what it keeps."""
    if not isinstance(data, dict):
        return None
    count, stored = data.get("works"), data.get("notices")
    if type(count) is not int or count < 0 or not isinstance(stored, list):
        return None
    notices = []
    for entry in stored:
        if not (
            isinstance(entry, list)
            and len(entry) == 3
            and isinstance(entry[0], str)
            and (entry[1] is None or type(entry[1]) is int)
            and isinstance(entry[2], str)
        ):
            return None
        notices.append(SourceProblem(entry[0], entry[1], entry[2]))
    return count, notices
