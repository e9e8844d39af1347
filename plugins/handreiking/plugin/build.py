"""One build of the publication, as the plugin's events and ``handreiking check`` run it.

A :class:`Build` holds the three parts of a build: the loaded publication
(:class:`~handreiking.content.publication.Publication`, fixed once loaded), what the build
records as it converts the pages (:class:`~handreiking.markdown.record.BuildRecord`) and
the pages it generates (:class:`~handreiking.outputs.pages.GeneratedPages`); and it turns
each page's source into the Markdown to convert, with our extensions fed from them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from markdown import Extension

from handreiking.content.chapters import markup_problems
from handreiking.content.frontmatter import FrontMatter
from handreiking.content.publication import Publication
from handreiking.errors import HandreikingError, SourceProblem
from handreiking.markdown import blocks, citations, depth, safehtml, tables
from handreiking.markdown.context import PageContext
from handreiking.markdown.record import BuildRecord
from handreiking.markdown.recorder import RecorderExtension
from handreiking.outputs.pages import GeneratedPages
from handreiking.outputs.theme_comparison import THEMES_SRC_URI
from handreiking.plugin.caches import Caches
from handreiking.plugin.edition_pages import EditionPages


@dataclass
class Build:
    """The publication, what this build records, and the pages it generates."""

    publication: Publication
    record: BuildRecord
    pages: GeneratedPages

    @classmethod
    def of(cls, publication: Publication, fronts: dict[str, tuple[str, FrontMatter]]) -> Build:
        """A build of ``publication``; ``fronts`` is the front matter its page scan read."""
        record = BuildRecord(publication.edition_of, fronts=fronts)
        return cls(publication, record, GeneratedPages(publication, record))

    @classmethod
    def from_config(cls, config: Any, options: Any, caches: Caches | None = None) -> Build:
        """Load the publication as ``mkdocs.yml`` describes it (the build and the check),
        with ``caches`` (the plugin's; new ones when not given) set by its options."""
        caches = caches if caches is not None else Caches()
        caches.configure(config, options)
        root = Path(config.config_file_path).resolve().parent
        fronts: dict[str, tuple[str, FrontMatter]] = {}
        publication = Publication.load(
            root=root,
            docs_dir=Path(config.docs_dir).resolve(),
            edition_ids=list(options.edities),
            only=options.editie,
            bibliography=root / options.bibliografie,
            style=options.bibliografie_stijl,
            nav=config.nav,
            config_file=Path(config.config_file_path).resolve(),
            fronts=fronts,
            quote_cache=caches.quotes,
            bibliography_cache=caches.bibliographies,
        )
        return cls.of(publication, fronts)

    @cached_property
    def edition_pages(self) -> EditionPages:
        """What the theme shows of the editions (start page cards, switchers)."""
        return EditionPages(self.publication)

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
            citations.makeExtension(
                bibliography=publication.bibliography,
                context=context,
                literature_page=self.pages.literature_page,
                references_in_place=True,
            ),
            depth.makeExtension(context=context),
            # wide tables as a phone reads them: cards on /themas/, scroll regions elsewhere
            tables.makeExtension(context=context, card_pages=(THEMES_SRC_URI,)),
            # raw HTML through the allowlist, unsafe links out (safety.py)
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
        else:
            for problem in self.record.check_page_meta(src_uri, front):
                context.report(problem)
            for problem in markup_problems(front):
                context.report(problem)
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

    def literature_notices(self) -> list[SourceProblem]:
        """What the works this build cites lack for a complete APA reference.

        Notices, not errors: a work the guide knows only by its title is still listed
        with what it has. Only cited works, so a large export stays quiet.
        """
        bibliography = self.publication.bibliography
        if bibliography is None:
            return []
        keys = self.record.cited()
        keys += [key for edition in self.publication.selected for key in edition.nocite]
        return bibliography.warnings_for(keys)
