"""The MkDocs adapter: events only; the domain lives in the modules it calls."""

from __future__ import annotations

import logging
from pathlib import Path

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from handreiking.config import HandreikingConfig
from handreiking.errors import HandreikingError, SourceProblem
from handreiking.frontmatter import parse_front_matter
from handreiking.markdown.context import PageContext
from handreiking.site import PageRecord, Site

log = logging.getLogger("mkdocs.plugins.handreiking")
ASSETS = Path(__file__).parent / "assets"
CSS = "assets/handreiking/handreiking.css"


class _Recorder(Postprocessor):
    """Copies what the page's extensions recorded into the plugin's records."""

    def __init__(self, md: Markdown, plugin: HandreikingPlugin) -> None:
        super().__init__(md)
        self.plugin = plugin

    def run(self, text: str) -> str:
        self.plugin.record_page(
            PageRecord(
                cited=list(getattr(self.md, "handreiking_cited_keys", [])),
                quotes=list(getattr(self.md, "handreiking_placed_quotes", [])),
                bouwstenen=list(getattr(self.md, "handreiking_placed_bouwstenen", [])),
            )
        )
        return text


class _RecorderExtension(Extension):
    def __init__(self, plugin: HandreikingPlugin) -> None:
        super().__init__()
        self.plugin = plugin

    def extendMarkdown(self, md: Markdown) -> None:
        md.postprocessors.register(_Recorder(md, self.plugin), "handreiking_recorder", 0)


class HandreikingPlugin(BasePlugin[HandreikingConfig]):
    """Publishes a handreiking: editions, quotes, theory boxes and literature."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.site: Site | None = None
        self.context = PageContext(report=self._report)
        self.without_pdf = False
        self._current: str | None = None

    # -- reporting -----------------------------------------------------------

    def _report(self, problem: SourceProblem) -> None:
        log.warning(str(problem))

    def record_page(self, record: PageRecord) -> None:
        if self.site is not None and self._current is not None:
            self.site.records[self._current] = record

    # -- events --------------------------------------------------------------

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup keeps this instance across rebuilds of `mkdocs serve`,
        # so parsed data (the bibliography above all) is reused when unchanged.
        self.command = command

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return config
        root = Path(config.config_file_path).resolve().parent
        docs_dir = Path(config.docs_dir).resolve()
        self.site = Site.load(
            root=root,
            docs_dir=docs_dir,
            edition_ids=list(self.config.edities),
            only=self.config.editie,
            bibliography=root / self.config.bibliografie,
            style=self.config.bibliografie_stijl,
            previous=self.site,
        )
        if self.site.problems:
            # Broken data would make every page that uses it fail too: stop here,
            # with each problem said once.
            for problem in self.site.problems:
                log.error(str(problem))
            raise PluginError(
                f"{len(self.site.problems)} fout(en) in de gegevens; zie de meldingen hierboven"
            )
        for extension in self.site.markdown_extensions(self.context):
            config.markdown_extensions.append(extension)  # type: ignore[arg-type]
        config.markdown_extensions.append(_RecorderExtension(self))  # type: ignore[arg-type]
        config.extra_css.append(CSS)
        if self.config.editie:
            config.nav = self.site.filter_nav(config.nav)
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        if not self.config.enabled or self.site is None:
            return files
        files.append(File.generated(config, CSS, abs_src_path=str(ASSETS / "handreiking.css")))
        for src_uri in self.site.generated_pages():
            files.append(File.generated(config, src_uri, content=""))
        for file in list(files):
            # Quote data is published only through the pages, where consent is checked;
            # the raw file would also carry what may never be shown.
            if file.src_uri.endswith("/citaten.yml"):
                files.remove(file)
        if self.config.editie:
            for file in list(files):
                if not self.site.in_selection(file.src_uri):
                    files.remove(file)
        return files

    @event_priority(50)
    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        if not self.config.enabled or self.site is None:
            return markdown
        src_uri = page.file.src_uri
        self._current = src_uri
        self.context.src_uri = src_uri
        self.context.edition = self.site.edition_of(src_uri)
        self.context.path = self.site.shown_path(src_uri)
        self.context.line_offset = 0
        if page.file.generated_by is not None:
            generated = self.site.generated_markdown(src_uri)
            if generated is not None:
                return generated
            return markdown
        raw = page.file.content_string
        self.context.line_offset = raw[: len(raw) - len(markdown)].count("\n")
        try:
            front = parse_front_matter(raw, self.context.path)
        except HandreikingError as error:
            for problem in error.problems:
                self._report(problem)
        else:
            for problem in self.site.check_page_meta(src_uri, front):
                self._report(problem)
        if src_uri.startswith("bouwstenen/"):
            # Added after the body, so the body's line numbers stay right.
            markdown = self.site.bouwsteen_page_markdown(src_uri, markdown)
        return markdown

    def on_page_context(
        self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        if self.site is not None:
            context["handreiking"] = self.site.template_context(  # type: ignore[typeddict-unknown-key]
                page.file.src_uri
            )
        return context
