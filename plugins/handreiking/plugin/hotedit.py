"""The preview after one edited chapter: that page rebuilt, not the whole site.

``mkdocs serve`` rebuilds the whole site after every save: ``mkdocs.yml``, the
publication, the files, the navigation and every page. With forty editions that takes
seconds, for a co-author who changed a sentence. Yet when a save changed one chapter of
an edition and nothing else, and nothing that other pages read of that chapter changed,
a whole rebuild would leave every other file byte for byte as it is: only the chapter's
own page and the search index would change.

What other pages and files read of a chapter, and what is checked here before the page
is rebuilt alone:

- the publication as a whole rebuild would load it now (:meth:`Build.from_config`, with
  the plugin's caches): no problem anywhere, the page scan of every chapter (titles, ids,
  themes, boxes placed, works cited), the editions, the dates and history git gives;
- the chapter converted again, with the last rebuild's files and navigation: its title,
  headings, anchors, front matter, the links it has, what it places and cites, its id,
  and what the links for the curriculum keep of it (its unit and description, which the
  ``/id/`` page, the catalog and the cartridges show).

When all of that is as it was, and converting and rendering the page reported nothing,
the page is written and the search index is written again with its new entries, in the
place its old ones had. Otherwise, or on anything else (a new file, a data file, a
warning), the whole rebuild runs, as before; it makes everything afresh, so what this
module changed on the way is gone. ``tests/test_hotedit.py`` compares the preview's
folder after each quick rebuild with a whole rebuild of the same sources.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from handreiking.compat.material import (
    put_back_page_entries,
    take_out_page_entries,
    write_search_indexes,
)
from handreiking.compat.mkdocs import kept_render_state, populate_page, render_page, toc_data
from handreiking.plugin import reported
from handreiking.plugin.build import Build
from handreiking.plugin.pagecache import only_known_readers
from handreiking.plugin.reproducible import VARIABLE as SOURCE_DATE_VARIABLE
from handreiking.plugin.reproducible import ensure_source_date_epoch

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.pages import Page

    from handreiking.plugin.events import HandreikingPlugin

log = logging.getLogger("mkdocs.plugins.handreiking")


class _Held(logging.Filter):
    """Holds back what is logged while the page is rebuilt alone: said when that stands,
    dropped when the whole rebuild follows (which says it all again, once)."""

    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []
        self.problems = 0

    def filter(self, record: logging.LogRecord) -> bool:
        if not any(record is held for held in self.records):  # once, whatever the handlers
            self.records.append(record)
            self.problems += record.levelno >= logging.WARNING
        return False

    @contextmanager
    def holding(self) -> Iterator[None]:
        """Hold back what reaches the handlers of MkDocs' logger and the root logger."""
        handlers = {*logging.getLogger("mkdocs").handlers, *logging.getLogger().handlers}
        for handler in handlers:
            handler.addFilter(self)
        try:
            yield
        finally:
            for handler in handlers:
                handler.removeFilter(self)

    def say(self) -> None:
        """Say what was held back, as it would have been said."""
        for record in self.records:
            logging.getLogger(record.name).handle(record)


def rebuild_chapter(plugin: HandreikingPlugin, config: MkDocsConfig, src_uri: str) -> bool:
    """Rebuild the page of the chapter ``src_uri`` (inside ``docs/``) alone, when only its
    own page and the search index can change; ``False`` when the whole site must be
    rebuilt (then this may have changed the last rebuild's state half-way: the whole
    rebuild starts afresh)."""
    started = time.monotonic()
    build, files, nav, env = plugin.build, plugin._files, plugin._nav, plugin._env
    cache = plugin.page_cache
    if build is None or files is None or nav is None or env is None or cache is None:
        return False
    if not cache.started or not only_known_readers(config):
        return False  # another plugin may read every page: the whole rebuild, as always
    if plugin.broken is not None or reported.REPORTED.problems:
        return False  # the last rebuild showed problems: the next one says them all again
    publication = build.publication
    file = files.get_file_from_path(src_uri)
    page = file.page if file is not None else None
    if page is None or file is None or file.generated_by is not None:
        return False
    if src_uri not in publication.scanned or src_uri.rsplit("/", 1)[-1] == "index.md":
        return False  # only a chapter of an edition: its start page is the edition's data
    if not _same_publication(plugin, config, build):
        return False
    before = _surface(plugin, page)
    held = _Held()
    with held.holding():
        build.record.recheck(src_uri)
        populate_page(page, config, files)
        if held.problems or reported.REPORTED.problems or _surface(plugin, page) != before:
            return False
        taken = take_out_page_entries(config.plugins, page.url)
        if taken is None:
            return False  # a page the search leaves out: where its entries go is unknown
        cache.plan_page(page, plugin.dates, build.pages.changes)
        render_page(page, config, files, nav, env)
        put_back_page_entries(taken)
        write_search_indexes(config.plugins, config)
        if held.problems or reported.REPORTED.problems:
            return False
    held.say()
    seconds = f"{time.monotonic() - started:.2f}".replace(".", ",")  # Dutch: 0,04
    log.info(f"Alleen {publication.shown_path(src_uri)} opnieuw gebouwd, in {seconds} seconden")
    return True


def _same_publication(plugin: HandreikingPlugin, config: MkDocsConfig, build: Build) -> bool:
    """Whether a whole rebuild would load the publication as the last one did: no
    problem, every chapter scanned the same, the same editions, dates and history."""
    root = Path(config.config_file_path).resolve().parent
    date = os.environ.get(SOURCE_DATE_VARIABLE)
    ensure_source_date_epoch(root, Path(config.docs_dir))
    if os.environ.get(SOURCE_DATE_VARIABLE) != date:
        return False
    # The nav as mkdocs.yml has it: the build adds the generated pages to the config's.
    shown_nav, config.nav = config.nav, plugin.source_nav
    try:
        fresh = Build.from_config(config, plugin.config, plugin.caches, preview=True)
    finally:
        config.nav = shown_nav
    old, new = build.publication, fresh.publication
    return (
        not new.problems
        and new.scanned == old.scanned
        and new.editions == old.editions
        and fresh.dates == build.dates
        and fresh.pages.changes.history == build.pages.changes.history
    )


def _surface(plugin: HandreikingPlugin, page: Page) -> tuple[Any, ...]:
    """What other pages and files read of ``page``: all but its own text."""
    src_uri = page.file.src_uri
    build, links = plugin.build, plugin.links
    assert build is not None
    state = kept_render_state(page)
    record = build.record.records.get(src_uri)
    return (
        str(page.title),
        toc_data(state.toc),
        sorted(state.anchors) if state.anchors is not None else None,
        state.anchor_links,
        repr({k: v for k, v in page.meta.items() if k != "template"}),
        None
        if record is None
        else (
            record.cited,
            record.quotes,
            record.bouwstenen,
            [href for href, _line in record.links],  # lines only matter in a message
            sorted(record.anchors),
        ),
        repr(build.record.pages.get(src_uri)),
        repr(links.units.get(src_uri)) if links is not None else None,
        links.descriptions.get(src_uri) if links is not None else None,
    )
