"""A large build's pages converted on more than one core (Linux): in forked processes,
taken over through the page cache.

Converting the pages' Markdown is most of a cold build's time, and pure Python on one
core. Once the navigation is made (the last event before MkDocs converts the pages), a
build forks a process per share of its source pages (:mod:`handreiking.forking`); each
converts its share exactly as the build would, MkDocs' populate steps with every plugin's
events, and sends back what the page cache keeps of each conversion (plain data, as
``pages.json`` holds it). The build itself converts the first share meanwhile, in MkDocs'
own loop; when that loop reaches a child's share it takes the child's conversions into its
page cache (:meth:`PageCache.take`), as a build takes those an earlier build kept. A
conversion is reused only when its key (the Markdown as the plugins left it here, the
data, the files, the code) and every item of data it read match what this build has when
it reaches the page; otherwise the page is converted here, as is every page of a child
that failed, could not start or could not send. So the output is the same, byte for byte,
as a build in one process, and so are the messages: a child says nothing (its messages
are the ones the page cache replays, and a conversion with a warning is never kept).

The pages the plugin generates (quote overviews, literature lists) come after the source
pages as always: their Markdown is made from what every page before them recorded. When
the build reaches the first of them, with the source pages converted in more than one
process, a child converts those from ``/themas/`` on (:func:`fork_generated`), and
another the overview of every quote, while the build converts the others before
``/themas/`` (the editions' quote overviews, the boxes' index): taken over the
same way, each only when the Markdown the build makes of it, and every item it read, is
what the child had (a literature list reads what the quote overviews recorded: when
that is not what the child had, it is converted here again).

Rendering the theme around each page is the next largest part, done the same way: once
every page is converted and the rendering planned (the end of ``on_env``), children
render shares of the pages the page cache does not have (writing none), and send back
each rendered page, keyed as :meth:`PageCache.plan_page` keys it, with its search entries;
the build takes a child's pages over before its loop reaches them (MkDocs picks a page's
template before the page's own events) and writes every page itself, a taken one through
the page cache's template, as a page an earlier build rendered.

The theme's templates, compiled for the rendering, are the third: before the data is
loaded, a process forks that compiles them, at a low priority: on a core the other
processes leave free (as while the build loads the data, makes its list of files, or
converts the generated pages). The build loads the compiled code from it
(:class:`CompiledTemplates`) into the environment that renders the pages, as the preview
keeps it between rebuilds, so the rendering children start with them too.

Not under ``serve`` (its rebuilds do what changed), not for a small site (a child costs
about a third of what a share at least holds: :data:`~handreiking.forking.SHARE_MIN`).
"""

from __future__ import annotations

import logging
import os
from functools import partial
from typing import TYPE_CHECKING, Any

from jinja2 import TemplateNotFound, meta

from handreiking import forking
from handreiking.compat.mkdocs import (
    populate_page,
    render_pages_unwritten,
    theme_files_listing,
)
from handreiking.content.editions import ALL_QUOTES_SRC_URI
from handreiking.content.literature.latex import load_codec
from handreiking.forking import PAGE_COST, SHARE_MIN
from handreiking.outputs.theme_comparison import THEMES_SRC_URI

if TYPE_CHECKING:
    from collections.abc import Collection

    from jinja2 import BytecodeCache, Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page

    from handreiking.content.literature.bibliography import Bibliography
    from handreiking.plugin.pagecache import PageCache

#: how many processes convert the pages; ``None``: as the machine's processors and the
#: site's size allow (a test sets a number to have a small site converted in children)
WORKERS: int | None = None
#: what rendering a page costs besides its content, in the same characters: the theme,
#: the navigation and the search entries
RENDER_COST = 8_000


def fork_conversions(
    cache: PageCache, config: MkDocsConfig, files: Files, bibliography: Bibliography | None
) -> forking.Shares:
    """Fork the children converting shares of the pages of ``files``, for a build about
    to convert them; none when the site is small, or the machine has one processor, or
    it cannot fork."""

    def take(answer: Any, _at: list[str]) -> int:
        given, formatted = answer
        if bibliography is not None and isinstance(formatted, dict):
            # the references the child formatted: for the generated pages and the next build
            bibliography.take_formatted(formatted)
        return cache.take(given)

    forked = forking.Shares(take, "build: %d pagina's in een ander proces omgezet")
    # Only what is not kept yet: a build with an earlier build's cache converts what
    # changed, in few pages. The generated pages come last, converted here.
    pages = [
        file
        for file in files.documentation_pages()
        if file.generated_by is None and file.src_uri not in cache.conversions
    ]
    runs = forking.shares(pages, _cost, WORKERS, SHARE_MIN)
    if len(runs) > 1 and bibliography is not None and bibliography.needs_codec:
        # every process formatting what only latexcodec decodes would import it on its own
        load_codec()
    for run in runs[1:]:
        # taken before MkDocs converts any page of the share (on_pre_page)
        work = partial(_convert, cache, config, files, run, bibliography)
        forked.start([file.src_uri for file in run], work)
    return forked


def fork_generated(
    sources: forking.Shares,
    cache: PageCache,
    config: MkDocsConfig,
    files: Files,
    bibliography: Bibliography | None,
    addresses: Collection[str],
) -> forking.Shares | None:
    """Fork the child converting the generated pages (``addresses``) from ``/themas/``
    on, and the one converting the overview of every quote when it comes before, for a
    build about to convert the first generated page, its source pages all converted
    (``sources``: :func:`fork_conversions`'s children); each answer is taken at its first
    page. None when the source pages were converted in one process (a small site), or
    there is nothing before ``/themas/`` for the build to do meanwhile.

    The split is where the work is about even without making a page's Markdown to
    measure it (what a build cannot do before its turn): the quote overviews and the
    boxes' index before it, ``/themas/`` (the largest), the literature lists and the
    changes after it; each part grows with the site as the other does."""
    if not sources.forked:
        return None
    generated = [file for file in files.documentation_pages() if file.src_uri in addresses]
    at = next((n for n, file in enumerate(generated) if file.src_uri == THEMES_SRC_URI), 0)
    if at == 0 or not cache.settle():  # a thread writing the pack: no fork
        return None

    def take(answer: Any, _at: list[str]) -> int:
        given, formatted = answer
        if bibliography is not None and isinstance(formatted, dict):
            bibliography.take_formatted(formatted)  # the literature lists' references
        return cache.take(given)

    forked = forking.Shares(take, "build: %d gemaakte pagina's in een ander proces omgezet")
    runs = [generated[at:]]
    # The overview of every quote is the largest page of a large site: converting it
    # takes about 0.25 s and grows a process's memory by four times its HTML (the
    # element tree of a page of thousands of quotes), which the build kept to its end
    # and every process forked after it inherited. In a child of its own, taken at it,
    # the build takes only its HTML and what it recorded.
    overview = next((f for f in generated[1:at] if f.src_uri == ALL_QUOTES_SRC_URI), None)
    if overview is not None:
        runs.append([overview])
    for run in runs:
        work = partial(_convert, cache, config, files, run, bibliography)
        forked.start([file.src_uri for file in run], work)
    return forked


def fork_renders(
    cache: PageCache, config: MkDocsConfig, files: Files, nav: Navigation, env: Environment
) -> forking.Shares:
    """Fork the children rendering shares of the pages of ``files``, for a build whose
    pages are converted and whose rendering is planned (:meth:`PageCache.plan_rendering`);
    none when the pages to render are few, or no process can be forked (a thread still
    writing the page cache's pack is waited for first)."""
    pages = {
        file.src_uri: file.page for file in files.documentation_pages() if file.page is not None
    }
    forked = forking.Shares(
        lambda answer, _at: cache.take_renders(answer, pages),
        "build: %d pagina's in een ander proces opgemaakt",
    )
    unrendered = cache.unrendered(pages.values())
    if len(unrendered) < 2 or not cache.settle():
        return forked
    runs = forking.shares(unrendered, _render_cost, WORKERS, SHARE_MIN)
    order = list(pages)
    for run in runs[1:]:
        # MkDocs picks a page's template before its page_context event: each page's
        # rendering taken once the page before it is rendered (on_post_page), in time for
        # it; the share's first once the page before it is
        before = order.index(run[0].file.src_uri) - 1
        if before < 0:
            continue
        work = partial(_render, cache, config, files, nav, env, run)
        forked.start_pieces(order[before], [page.file.src_uri for page in run], work)
    return forked


def _cost(file: File) -> int:
    try:
        size = os.path.getsize(file.abs_src_path or "")
    except OSError:
        size = 0
    return size + PAGE_COST


def _render_cost(page: Page) -> int:
    """What rendering a page costs, as converting it would: rendering the theme around
    a page costs about the same for each page."""
    return len(page.content or "") // 4 + RENDER_COST


def _render(
    cache: PageCache,
    config: MkDocsConfig,
    files: Files,
    nav: Navigation,
    env: Environment,
    share: list[Page],
) -> Any:
    """In a forked process: render ``share`` as the build does, writing nothing, saying
    nothing; the rendered pages and their search entries, sent page by page, each taken
    over as the parent reaches the page (it holds the most then: one page's bytes at a
    time, not the share's)."""
    _quiet()
    cache.in_child()
    render_pages_unwritten(share, config, files, nav, env)
    return forking.Pieces(cache.give_renders(page.file.src_uri for page in share))


def _convert(
    cache: PageCache,
    config: MkDocsConfig,
    files: Files,
    share: list[File],
    bibliography: Bibliography | None,
) -> Any:
    """In a forked process: convert ``share`` as the build does, saying nothing; the page
    cache's conversions of it and the references formatted meanwhile."""
    _quiet()
    cache.in_child()
    from mkdocs.structure.pages import Page

    # what the parent had formatted when it forked this process is not sent back
    had = set(bibliography.formatted_entries()) if bibliography is not None else set()
    for file in share:
        if file.page is None:  # a page outside the navigation: made in MkDocs' loop
            Page(None, file, config)
        assert file.page is not None
        populate_page(file.page, config, files)
    formatted = bibliography.formatted_since(had) if bibliography is not None else {}
    return cache.give(file.src_uri for file in share), formatted


def _quiet() -> None:
    """A child says nothing: what its conversions said, the build says when it takes
    them over (the page cache replays it), or when it converts a page again itself."""
    loggers = [logging.getLogger(), *logging.Logger.manager.loggerDict.values()]
    for logger in loggers:
        if isinstance(logger, logging.Logger):
            for handler in list(logger.handlers):
                logger.removeHandler(handler)
    logging.getLogger().addHandler(logging.NullHandler())
    logging.getLogger("mkdocs").addHandler(logging.NullHandler())


class ThemeFiles:
    """A forked process listing the theme's files for the build (MkDocs walks the
    theme's folders, Material's thousands of icons, and filters every name, before any
    plugin event it could be moved past): forked as the data starts to load, taken over
    when the build lists them (:func:`~handreiking.compat.mkdocs.listing_theme_files_from`),
    only when made of the same theme folders and static templates."""

    def __init__(self, child: forking.Child | None) -> None:
        self._child = child

    @classmethod
    def fork(cls, config: MkDocsConfig) -> ThemeFiles:
        """Fork the process listing the files of ``config``'s theme (none when no process
        can be forked)."""
        return cls(forking.Child.start(partial(_list_theme_files, config)))

    @property
    def forked(self) -> bool:
        """Whether a process was forked and not heard yet."""
        return self._child is not None

    def listing(self) -> Any | None:
        """What the child listed (:func:`theme_files_listing`), waiting for it; ``None``
        when it failed, or was heard or stopped before."""
        child, self._child = self._child, None
        if child is None:
            return None
        answer = child.answer()
        child.stop()
        return answer

    def stop(self) -> None:
        """End the process, when it was not heard."""
        child, self._child = self._child, None
        if child is not None:
            child.stop()


def _list_theme_files(config: MkDocsConfig) -> list[Any]:
    """In a forked process: the theme's files as the build lists them, with our templates
    among the theme's folders, as the build has them once the data is loaded."""
    from handreiking.plugin.templating import add_templates

    add_templates(config.theme)
    return theme_files_listing(config)


class CompiledTemplates:
    """A forked process compiling the theme's templates for the rendering (Jinja compiles
    a template when it is first rendered: the whole theme for the first page); what it
    compiled is loaded into the build's environment, which compiles what is missing
    itself, as every environment does."""

    def __init__(self, child: forking.Child | None) -> None:
        self._child = child

    @classmethod
    def fork(cls, config: MkDocsConfig) -> CompiledTemplates:
        """Fork the process compiling the templates of ``config``'s theme (none when no
        process can be forked)."""
        return cls(forking.Child.start(partial(_compile_templates, config)))

    def into(self, env: Environment, cache: BytecodeCache) -> int:
        """Give ``env`` the compiled templates through ``cache`` (the page cache's, in
        memory), waiting for them; how many. 0 when the child failed, or compiled
        for an environment that compiles otherwise (another plugin changed its
        filters, tests or settings): then ``env`` compiles each template itself. Jinja
        loads a compiled template only for the same source, name and file."""
        child, self._child = self._child, None
        if child is None:
            return 0
        answer = child.answer()
        child.stop()
        if answer is None:
            return 0
        compiling, compiled = answer
        if compiling != _compiling(env) or not hasattr(cache, "compiled"):
            return 0
        cache.compiled.update(compiled)
        env.bytecode_cache = cache
        return len(compiled)

    def stop(self) -> None:
        """End the process, when it was not heard."""
        child, self._child = self._child, None
        if child is not None:
            child.stop()


def _compile_templates(config: MkDocsConfig) -> tuple[str, dict[str, bytes]]:
    """In a forked process: the theme's templates that rendering a page and the theme's
    own pages loads, compiled in an environment made as MkDocs makes the build's; what
    it compiles for, and the compiled code by Jinja's key."""
    from handreiking.plugin.edition_pages import CARD_TEMPLATE
    from handreiking.plugin.pagecache import CACHED_TEMPLATE, new_bytecode_cache
    from handreiking.plugin.templating import add_templates

    # after the conversions and the reading of the pages: what the build waits for first
    os.nice(10)
    add_templates(config.theme)  # as the build does once the data is loaded
    env = config.theme.get_env()
    cache = new_bytecode_cache()
    env.bytecode_cache = cache
    names = ["main.html", CACHED_TEMPLATE, CARD_TEMPLATE, *config.theme.static_templates]
    language = config.theme.get("language")
    if isinstance(language, str):  # what Material's partials/language.html imports by name
        names.append(f"partials/languages/{language}.html")
    seen: set[str] = set()
    while names:
        name = names.pop()
        if name in seen:
            continue
        seen.add(name)
        try:
            source, filename, _uptodate = env.loader.get_source(env, name)  # type: ignore[union-attr]
        except TemplateNotFound:
            continue
        tree = env.parse(source, name, filename)
        bucket = cache.get_bucket(env, name, filename, source)
        bucket.code = env.compile(tree, name, filename)
        cache.set_bucket(bucket)
        # what it extends, includes and imports by a name written out (one made when
        # rendering is compiled by the build, when it needs it)
        names.extend(found for found in meta.find_referenced_templates(tree) if found)
    return _compiling(env), cache.compiled


def _compiling(env: Environment) -> str:
    """What Jinja's compiled code of a template depends on besides its source: the
    environment's syntax and settings, its extensions, and its filters and tests (the
    very functions: compiling may call one on constants). The child is a fork of this
    process, so an object it shares with it has the same identity in both."""

    def functions(named: dict[str, Any]) -> list[tuple[str, int]]:
        return sorted((name, id(function)) for name, function in named.items())

    # its syntax and settings, and those its extensions add (``newstyle_gettext``)
    plain = sorted(
        (name, value)
        for name, value in vars(env).items()
        if isinstance(value, (str, int, float, bool, type(None))) and name != "bytecode_cache"
    )
    settings = (
        plain,
        sorted(getattr(env, "intercepted_binops", ())),
        sorted(getattr(env, "intercepted_unops", ())),
        id(env.autoescape) if callable(env.autoescape) else env.autoescape,
        id(env.finalize),
        type(env).__qualname__,
        env.code_generator_class.__qualname__,
        env.context_class.__qualname__,
        env.template_class.__qualname__,
    )
    return repr((settings, sorted(env.extensions), functions(env.filters), functions(env.tests)))
