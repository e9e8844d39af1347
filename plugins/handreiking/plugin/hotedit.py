"""The preview after one edited chapter, or edited data: those pages rebuilt, not the whole site.

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
module changed on the way is gone.

After a save of data files only (an edition's quote file, theory boxes, the
bibliography: :func:`rebuild_data`) the publication is loaded again the same way, and
must scan every chapter as before, with the same texts the gate looks for on every page
(quotes without consent, participants' names). Its data then replaces the last
rebuild's (the Markdown extensions, the gate, the links for the curriculum, the page
cache's digests of the data items), with the last rebuild's record of every page. The
pages that may show what changed are converted again: each page whose kept conversion
read a data item that is not as it was (:mod:`handreiking.content.reads`), a changed
box's own page (every box page when the bibliography has other works), and each
generated page whose making read a data item that is not as it was
(:attr:`GeneratedPages.made_reads`), or whose kept conversion did. A work of the
bibliography that the edit did not touch is known to be as it was without its digest
where no touched work shares its year letters or initials (:class:`_SameWorks`).
Each must offer other pages and files what it did, as above, but its description: the
``/id/`` page and the moves leading to it are written again with the new one. Only the
pages whose text changed are rendered and written, with the search index and the
catalog (which lists the quotes' texts and the boxes' sources).

``tests/test_hotedit.py`` compares the preview's folder after each quick rebuild with a
whole rebuild of the same sources.
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
from handreiking.content.bouwstenen import BOUWSTENEN_DIR
from handreiking.content.privacy import load_allowlist
from handreiking.content.quotes import QUOTE_FILE
from handreiking.markdown.context import PageContext
from handreiking.outputs import gate as gate_mod
from handreiking.plugin import reported
from handreiking.plugin.build import Build
from handreiking.plugin.pagecache import DataItems, only_known_readers
from handreiking.plugin.reproducible import VARIABLE as SOURCE_DATE_VARIABLE
from handreiking.plugin.reproducible import ensure_source_date_epoch

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
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
    build, files = plugin.build, plugin._files
    if build is None or files is None or not _may_rebuild_alone(plugin, config):
        return False
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
        if not _render(plugin, config, page, build):
            return False
        write_search_indexes(config.plugins, config)
        if held.problems or reported.REPORTED.problems:
            return False
    held.say()
    seconds = _seconds_since(started)
    log.info(f"Alleen {publication.shown_path(src_uri)} opnieuw gebouwd, in {seconds} seconden")
    return True


def _may_rebuild_alone(plugin: HandreikingPlugin, config: MkDocsConfig) -> bool:
    """Whether the last rebuild left all a page rebuilt alone needs: its build, files,
    navigation, templates and page cache, no problem shown, and no plugin whose output
    the caches do not know."""
    cache = plugin.page_cache
    if cache is None or None in (plugin.build, plugin._files, plugin._nav, plugin._env):
        return False
    if not cache.started or not only_known_readers(config):
        return False  # another plugin may read every page: the whole rebuild, as always
    # the last rebuild showed problems: the next one says them all again
    return plugin.broken is None and not reported.REPORTED.problems


def _seconds_since(started: float) -> str:
    """The seconds since ``started`` (``time.monotonic()``), the Dutch way: ``0,04``."""
    return f"{time.monotonic() - started:.2f}".replace(".", ",")


def rebuild_after_save(plugin: HandreikingPlugin, config: MkDocsConfig, changed: list[str]) -> bool:
    """After a save that changed the files ``changed`` (absolute paths, each there before
    and after): one chapter's page alone (:func:`rebuild_chapter`), or, when every one
    of them is a data file (:func:`data_files`), the pages that read what changed
    (:func:`rebuild_data`); ``False`` when the whole site must be rebuilt."""
    docs = os.path.abspath(config.docs_dir)
    data = data_files(plugin, config, changed)
    if data is not None:
        return rebuild_data(plugin, config, data)
    if len(changed) != 1 or not changed[0].endswith(".md"):
        return False
    if os.path.commonpath([docs, changed[0]]) != docs:
        return False
    return rebuild_chapter(plugin, config, Path(os.path.relpath(changed[0], docs)).as_posix())


def data_files(
    plugin: HandreikingPlugin, config: MkDocsConfig, changed: list[str]
) -> dict[str, str] | None:
    """``changed`` by kind of data, when each is a file of data only pages read:
    an edition's quote file (``"quotes"``), a theory box (``"box"``, its page in
    ``docs/``) or a bibliography (``"bibliography"``), by path; else ``None``.

    These are the files the page cache's data fingerprint leaves out
    (:func:`pagecache.data_fingerprint`): what a page read of them, each conversion
    keeps item by item (:mod:`handreiking.content.reads`)."""
    build = plugin.build
    if build is None or not changed:
        return None
    docs = Path(config.docs_dir).resolve()
    root = Path(config.config_file_path).resolve().parent
    bibliographies = {(root / file).resolve() for file in plugin.config.bibliografie}
    editions = set(build.publication.edition_ids)
    kinds: dict[str, str] = {}
    for path in changed:
        resolved = Path(path).resolve()
        if resolved in bibliographies:
            kinds[path] = "bibliography"
            continue
        try:
            parts = resolved.relative_to(docs).parts
        except ValueError:
            return None
        if len(parts) == 2 and parts[0] in editions and parts[1] == QUOTE_FILE:
            kinds[path] = "quotes"
        elif (
            len(parts) == 2
            and parts[0] == BOUWSTENEN_DIR
            and parts[1].endswith(".md")
            and parts[1] != "index.md"
        ):
            kinds[path] = "box"
        else:
            return None
    return kinds


def rebuild_data(plugin: HandreikingPlugin, config: MkDocsConfig, changed: dict[str, str]) -> bool:
    """Rebuild the pages that read the data files ``changed`` (by :func:`data_files`),
    when nothing else a whole rebuild writes can change but the catalog; ``False`` when
    the whole site must be rebuilt (then this may have changed the last rebuild's state
    half-way: the whole rebuild starts afresh)."""
    started = time.monotonic()
    build, files, cache = plugin.build, plugin._files, plugin.page_cache
    links, gate = plugin.links, plugin.gate
    if build is None or files is None or cache is None or links is None or gate is None:
        return False
    if not plugin.extensions or not _may_rebuild_alone(plugin, config):
        return False
    fresh = _fresh_build(plugin, config, build)
    if fresh is None:
        return False
    publication = fresh.publication
    # The texts the gate looks for on every page (quotes without consent, participants'
    # names): the same texts, so every page it found nothing on last time is still
    # clean; where each is in its file (its line) only shows in a finding.
    new_gate = gate_mod.Gate(publication, build.record, load_allowlist(publication.root)[0])
    new_gate.memory = gate.memory  # set after: a new Gate starts a new build's memory
    same_texts = _texts(new_gate) == _texts(gate)
    if not same_texts or publication.privacy_clean != build.publication.privacy_clean:
        return False
    # From here on the pages read the new data, with what the last rebuild recorded of
    # every page (its record: what each page cites and places, the ids).
    fresh.record = fresh.pages.record = build.record
    fresh.page_problems = build.page_problems
    extensions = fresh.markdown_extensions(plugin.context)
    if not _swap_extensions(config, plugin.extensions, extensions):
        return False
    plugin.extensions = extensions
    plugin.build, plugin.gate, links.publication = fresh, new_gate, publication
    last_items = cache.data_items
    cache.use_data(publication, fresh.pages)
    readers = _readers(plugin, build, files, changed, last_items)
    if readers is None:
        return False
    held = _Held()
    written: list[Page] = []
    redescribed: list[str] = []
    with held.holding():
        if publication.bibliography is not build.publication.bibliography:
            # as a whole rebuild tells them (on_env). The same bibliography (not loaded
            # again), the same record and editions: the same works lack the same
            # fields, which the last rebuild told
            plugin._tell_literature_notices()
        for page in readers:
            src_uri = page.file.src_uri
            before, content = _surface(plugin, page, description=False), page.content
            described = links.descriptions.get(src_uri)
            fresh.record.recheck(src_uri)
            populate_page(page, config, files)
            if held.problems or reported.REPORTED.problems:
                return False
            if _surface(plugin, page, description=False) != before:
                return False
            if page.content != content:
                written.append(page)
            if links.descriptions.get(src_uri) != described:
                redescribed.append(src_uri)  # its first paragraph shows a citation
        for page in written:
            if not _render(plugin, config, page, fresh):
                return False
        if written:
            write_search_indexes(config.plugins, config)
        links.write_redirects_again(Path(config.site_dir), redescribed)
        links.write_catalog_again(Path(config.site_dir))
        if held.problems or reported.REPORTED.problems:
            return False
    held.say()
    seconds = _seconds_since(started)
    root = publication.root
    names = ", ".join(sorted(Path(os.path.relpath(p, root)).as_posix() for p in changed))
    pages = "1 pagina" if len(written) == 1 else f"{len(written)} pagina's"
    log.info(f"Na {names}: alleen {pages} opnieuw gebouwd, in {seconds} seconden")
    return True


def _render(plugin: HandreikingPlugin, config: MkDocsConfig, page: Page, build: Build) -> bool:
    """Render and write ``page`` with the last rebuild's files, navigation and
    templates, its search entries in their old place; ``False`` (nothing written) for a
    page the search leaves out: where its entries would go is unknown."""
    cache, files, nav, env = plugin.page_cache, plugin._files, plugin._nav, plugin._env
    if cache is None or files is None or nav is None or env is None:
        return False
    taken = take_out_page_entries(config.plugins, page.url)
    if taken is None:
        return False
    cache.plan_page(page, plugin.dates, build.pages.changes)
    render_page(page, config, files, nav, env)
    put_back_page_entries(taken)
    return True


def _texts(gate: gate_mod.Gate) -> dict[str, tuple[str, str]]:
    """The texts ``gate`` looks for on every page, with what each is and its file."""
    return {text: (what, where) for text, (what, where, _line) in gate.canaries().items()}


def _swap_extensions(config: MkDocsConfig, old: list[Any], new: list[Any]) -> bool:
    """Put ``new`` in the places of ``old`` among the config's Markdown extensions."""
    extensions = config.markdown_extensions
    places = [n for n, extension in enumerate(extensions) if any(extension is o for o in old)]
    if len(places) != len(old) or len(new) != len(old):
        return False
    for place, extension in zip(places, new, strict=True):
        extensions[place] = extension
    return True


#: The kinds of data item (:mod:`handreiking.content.reads`) an edit of each kind of data
#: file can change: a theory box's text may cite works, which changes the year letters
#: and initials of the works of a reference list.
CAN_CHANGE = {
    "quotes": frozenset({"quote", "quotes", "quote-editions", "places"}),
    "box": frozenset({"box", "boxes", "work"}),
    "bibliography": frozenset({"work", "works"}),
}


def _readers(
    plugin: HandreikingPlugin,
    old: Build,
    files: Files,
    changed: dict[str, str],
    last_items: DataItems | None,
) -> list[Page] | None:
    """The pages that may show what changed, in the order a whole rebuild converts them:
    each page whose kept conversion read an item of data that changed; a changed theory
    box's own page (its file), and every box page when the bibliography has other works
    (what a box page lists of its sources); every generated page whose Markdown may be
    made otherwise now (:func:`_made_alike`), or whose kept conversion read what changed.
    ``last_items`` are the digests of the data of the last rebuild. ``None`` when a
    page's reads are not known."""
    cache, build = plugin.page_cache, plugin.build
    assert cache is not None and build is not None
    publication = build.publication
    docs = Path(publication.docs_dir)
    boxes = {
        Path(os.path.relpath(Path(path).resolve(), docs)).as_posix()
        for path, kind in changed.items()
        if kind == "box"
    }
    works = [
        b.keys if b is not None else None
        for b in (old.publication.bibliography, publication.bibliography)
    ]
    every_box = works[0] != works[1]
    kinds = set(changed.values())
    unchanged = frozenset().union(*CAN_CHANGE.values()) - frozenset().union(
        *(CAN_CHANGE[kind] for kind in kinds)
    )
    same = _SameWorks(old, build)
    found: list[Page] = []
    for file in files.documentation_pages():
        page = file.page
        if page is None:
            return None
        src_uri = file.src_uri
        box_page = src_uri in boxes or (every_box and src_uri.startswith(f"{BOUWSTENEN_DIR}/"))
        if file.generated_by is not None and not box_page:
            if not _made_alike(old, src_uri, unchanged, last_items, cache.data_items, same):
                found.append(page)
                continue
            read = cache.read_what_changed(src_uri, unchanged, same)
            if read is None or read:
                found.append(page)
                continue
            # as it was: made of the same data, converted of the same Markdown
            build.pages.made_reads[src_uri] = old.pages.made_reads[src_uri]
        elif box_page:
            found.append(page)
        else:
            read = cache.read_what_changed(src_uri, unchanged, same)
            if read is None:
                return None
            if read:
                found.append(page)
    return found


def _made_alike(
    old: Build,
    src_uri: str,
    unchanged: frozenset[str],
    last: DataItems | None,
    now: DataItems | None,
    same: _SameWorks,
) -> bool:
    """Whether the generated page ``src_uri`` would be made of the same Markdown as in the
    last rebuild (``old``): every item of data its making read then
    (:attr:`GeneratedPages.made_reads`) has the same digest in the last data (``last``)
    and now (``now``); items of the kinds ``unchanged`` are the same.

    What else the makers read (the chapters' scan and records, the editions, the
    history, the settings) is what the last rebuild had: :func:`rebuild_data` runs only
    when it is, and any change of it rebuilds the whole site, which makes every page
    and records its reads anew."""
    read = old.pages.made_reads.get(src_uri)
    if read is None or last is None or now is None or last.publication is not old.publication:
        return False
    # every work of the bibliography last: the longest to compare, and seldom alone
    return all(
        item[0] in unchanged
        or same(item, src_uri)
        or last.digest(item, src_uri) == now.digest(item, src_uri)
        for item in sorted(read, key=lambda item: item[0] == "works")
    )


class _SameWorks:
    """Which works of the bibliography are surely as in the last rebuild (``old``), as a
    page of ``new`` reads them, told without working out their digests.

    The bibliography was not loaded again (the same object), or was loaded after an
    edit that touched only some works (:attr:`Bibliography.edited`): every other work
    has the same entry. A work read as its document's reference list shows it (its
    year letter, the initials of its first author: ``scope`` ``"doc"``) is the same
    when that list has the same works and none of them was touched, or no touched
    work (as it was, or is now) shares its group for year letters or its first
    author's surname (:meth:`Bibliography.neighbours`); read in the whole bibliography
    (``"all"``), the same when no touched work shares them. Every work (``"works"``):
    when none was touched. Anything else: ``False``, so that the digests are compared.
    """

    def __init__(self, old: Build, new: Build) -> None:
        self.old, self.new = old, new
        before, now = old.publication.bibliography, new.publication.bibliography
        self.touched: frozenset[str] | None = None
        if before is not None and now is before:
            self.touched = frozenset()
        elif before is not None and now is not None and now.edited is not None:
            previous, touched = now.edited
            if previous is before:
                self.touched = touched
        #: per edition: whether its reference list has the same works (and none touched)
        self._documents: dict[str | None, tuple[bool, bool]] = {}
        #: the groups for year letters and the surnames of the touched works, then and now
        self._groups: set[tuple[Any, ...]] = set()
        self._surnames: set[str] = set()
        for key in self.touched or ():
            for bibliography in (before, now):
                found = bibliography.neighbours(key) if bibliography is not None else None
                if found is not None:
                    self._groups.add(found[0])
                    if found[1] is not None:
                        self._surnames.add(found[1])

    def __call__(self, item: tuple[str, str, str], src_uri: str) -> bool:
        kind, scope, key = item
        touched = self.touched
        if touched is None or kind not in ("work", "works"):
            return False
        if kind == "works" or not touched:
            return not touched if kind == "works" or scope != "doc" else self._document(src_uri)[0]
        if key.lower() in touched:
            return False
        if scope == "doc":
            same, untouched = self._document(src_uri)
            if not same:
                return False
            if untouched:
                return True
        elif scope != "all":
            return False
        before = self.old.publication.bibliography
        found = before.neighbours(key) if before is not None else None
        return found is None or (found[0] not in self._groups and found[1] not in self._surnames)

    def _document(self, src_uri: str) -> tuple[bool, bool]:
        """Whether the reference list of the page ``src_uri`` has the same works as in
        the last rebuild, and whether none of them was touched."""
        touched = self.touched or frozenset()
        edition = self.new.publication.edition_of(src_uri)
        known = self._documents.get(edition)
        if known is None:
            context = PageContext(edition=edition)
            document = self.new.pages.document_keys(context)
            same = document == self.old.pages.document_keys(context)
            known = (same, same and not any(work.lower() in touched for work in document))
            self._documents[edition] = known
        return known


def _same_publication(plugin: HandreikingPlugin, config: MkDocsConfig, build: Build) -> bool:
    """Whether a whole rebuild would load the publication as the last one did: no
    problem, every chapter scanned the same, the same editions, dates and history."""
    return _fresh_build(plugin, config, build) is not None


def _fresh_build(plugin: HandreikingPlugin, config: MkDocsConfig, build: Build) -> Build | None:
    """The build a whole rebuild would start with now (the publication loaded again,
    through the plugin's caches), when it has no problem and scans every chapter as the
    last one did, with the same editions, dates and history; else ``None``."""
    root = Path(config.config_file_path).resolve().parent
    date = os.environ.get(SOURCE_DATE_VARIABLE)
    ensure_source_date_epoch(root, Path(config.docs_dir))
    if os.environ.get(SOURCE_DATE_VARIABLE) != date:
        return None
    # The nav as mkdocs.yml has it: the build adds the generated pages to the config's.
    shown_nav, config.nav = config.nav, plugin.source_nav
    try:
        fresh = Build.from_config(config, plugin.config, plugin.caches, preview=True)
    finally:
        config.nav = shown_nav
    old, new = build.publication, fresh.publication
    same = (
        not new.problems
        and new.scanned == old.scanned
        and new.editions == old.editions
        and new.only == old.only
        and fresh.dates == build.dates
        and fresh.pages.changes.history == build.pages.changes.history
    )
    return fresh if same else None


def _surface(plugin: HandreikingPlugin, page: Page, *, description: bool = True) -> tuple[Any, ...]:
    """What other pages and files read of ``page``: all but its own text (and without
    its ``description``, which only the pages that lead to it show besides)."""
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
        links.descriptions.get(src_uri) if links is not None and description else None,
    )
