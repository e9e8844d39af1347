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

The pages the plugin generates (quote overviews, literature lists) are converted here,
after the source pages as always: their Markdown is made from what every page before them
recorded. Not under ``serve`` (its rebuilds convert what changed), not for a small site
(a fork and taking its pages over cost about what converting a tenth of a share costs).
"""

from __future__ import annotations

import logging
import os
from functools import partial
from typing import TYPE_CHECKING, Any

from handreiking import forking
from handreiking.compat.mkdocs import populate_page

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File, Files

    from handreiking.content.literature.bibliography import Bibliography
    from handreiking.plugin.pagecache import PageCache

log = logging.getLogger("mkdocs.plugins.handreiking")

#: what converting a page costs besides its length, in characters of Markdown (as
#: ``handreiking check`` measured it: about 0.9 microseconds a character, 1.8 ms a page)
PAGE_COST = 2_000
#: the work (in characters, :data:`PAGE_COST` a page included) a share has at least
#: before a process of its own is worth its start
SHARE_MIN = 600_000
#: how many processes convert the pages; ``None``: as the machine's processors and the
#: site's size allow (a test sets a number to have a small site converted in children)
WORKERS: int | None = None


class ForkedConversions:
    """The children converting shares of one build's pages, until their pages are reached."""

    def __init__(self, cache: PageCache, bibliography: Bibliography | None) -> None:
        self.cache = cache
        self.bibliography = bibliography
        #: per page of a child's share: the child and its share (the same for each page)
        self._waiting: dict[str, tuple[forking.Child, list[str]]] = {}
        self._children: list[forking.Child] = []

    @classmethod
    def start(
        cls,
        cache: PageCache,
        config: MkDocsConfig,
        files: Files,
        bibliography: Bibliography | None,
    ) -> ForkedConversions:
        """Fork the children for a build about to convert the pages of ``files``; none
        when the site is small, or the machine has one processor, or it cannot fork."""
        forked = cls(cache, bibliography)
        # Only what is not kept yet: a build with an earlier build's cache converts what
        # changed, in few pages. The generated pages come last, converted here.
        pages = [
            file
            for file in files.documentation_pages()
            if file.generated_by is None and file.src_uri not in cache.conversions
        ]
        runs = forking.shares(pages, _cost, WORKERS, SHARE_MIN)
        for run in runs[1:]:
            share = [file.src_uri for file in run]
            child = forking.Child.start(partial(_convert, cache, config, files, run, bibliography))
            if child is None:
                continue  # converted here, in MkDocs' loop
            forked._children.append(child)
            for src_uri in share:
                forked._waiting[src_uri] = (child, share)
        return forked

    def before_page(self, src_uri: str) -> None:
        """Before MkDocs converts ``src_uri``: when it is in a child's share, take that
        child's conversions (waiting for them) into the page cache."""
        found = self._waiting.get(src_uri)
        if found is None:
            return
        child, share = found
        for page in share:
            self._waiting.pop(page, None)
        answer = child.answer()
        child.stop()
        if answer is None:  # it failed: its pages are converted here
            return
        given, formatted = answer
        taken = self.cache.take(given)
        if self.bibliography is not None and isinstance(formatted, dict):
            # the references the child formatted: for the generated pages and the next build
            self.bibliography.take_formatted(formatted)
        log.debug("build: %d pagina's in een ander proces omgezet", taken)

    def stop(self) -> None:
        """End every child not yet heard (a build that failed, or is done)."""
        self._waiting.clear()
        children, self._children = self._children, []
        for child in children:
            child.stop()


def _cost(file: File) -> int:
    try:
        size = os.path.getsize(file.abs_src_path or "")
    except OSError:
        size = 0
    return size + PAGE_COST


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

    for file in share:
        if file.page is None:  # a page outside the navigation: made in MkDocs' loop
            Page(None, file, config)
        assert file.page is not None
        populate_page(file.page, config, files)
    formatted = bibliography.formatted_entries() if bibliography is not None else {}
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
