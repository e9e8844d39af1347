"""What the plugin needs of Material for MkDocs beyond its documented API.

Written against mkdocs-material 9.8.2 (Material is in maintenance). It relies on the
internals of Material's search plugin (``material/plugins/search/plugin.py``):

- the plugin instance keeps its index as ``search_index``, made in ``on_config``;
- the index keeps its entries (dicts of ``location``, ``title``, ``text``, ...) in the
  list ``entries``, and ``generate_search_index`` writes exactly that list;
- ``on_page_context`` indexes a page by calling ``search_index.add_entry_from_context(page)``
  on the instance, which only appends that page's entries, then takes every
  ``data-search-`` attribute out of the content; it is registered as the plugin's
  ``page_context`` event in ``config.plugins.events`` (:func:`skip_needless_scrubbing`
  compares its source with the one it was written against);
- ``on_post_build`` writes the index (``search/search_index.json``) from ``search_index``:
  the preview, having indexed one page again in the last build's index, writes it
  as it does, reusing the JSON of the entries it wrote before, or through it when its
  source is not the one known (:func:`take_out_page_entries`,
  :func:`put_back_page_entries`, :func:`write_search_indexes`);
- ``on_config`` looks up its default settings with ``_translate(config, key)``, which
  renders the theme's ``partials/language.html`` in a new environment each time
  (:func:`translating_in_one_environment` compares its source).

MkDocs' own search plugin keeps its entries elsewhere (``_entries``): it is left alone.

:func:`index_part` indexes one part of a page with Material's own ``Parser`` and
``SearchIndex.create_entry_for_section``; what it relies on of the parser (which state
carries from one section of a page to the next) is said there.
"""

from __future__ import annotations

import functools
import itertools
import operator
import os
import re
import weakref
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mkdocs.structure.pages import Page

#: One entry of Material's search index.
SearchEntry = dict[str, Any]

#: ``index_page(page, as_material)``: the entries of ``page``; ``as_material()`` makes
#: them as Material does.
IndexPage = Callable[["Page", Callable[[], list[SearchEntry]]], list[SearchEntry]]


def wrap_search_indexing(plugins: Any, index_page: IndexPage) -> None:
    """Let ``index_page`` give the search entries of every page Material indexes.

    ``plugins`` is the site's ``config.plugins``; every Material search plugin in it
    indexes each page with the entries ``index_page`` returns, in that order.
    """
    for plugin in plugins.values():
        index = getattr(plugin, "search_index", None)
        entries = getattr(index, "entries", None)
        if index is None or not isinstance(entries, list):
            continue
        original = index.add_entry_from_context

        def add(page: Page, index: Any = index, original: Any = original) -> None:
            def as_material() -> list[SearchEntry]:
                start = len(index.entries)
                original(page)
                made: list[SearchEntry] = index.entries[start:]
                del index.entries[start:]
                return made

            index.entries.extend(index_page(page, as_material))

        index.add_entry_from_context = add


#: Material's ``SearchPlugin.on_page_context`` as :func:`skip_needless_scrubbing` knows it.
_ON_PAGE_CONTEXT = """\
    def on_page_context(self, context, *, page, config, nav):
        if not self.config.enabled:
            return

        # Index page
        self.search_index.add_entry_from_context(page)
        page.content = re.sub(
            r"\\s?data-search-\\w+=\\"[^\\"]+\\"",
            "",
            page.content
        )
"""


def skip_needless_scrubbing(plugins: Any) -> None:
    """Let Material's search plugin leave a page's content as it is when it has no
    ``data-search-`` attribute to take out.

    After indexing a page, ``on_page_context`` removes every ``data-search-...``
    attribute from its content with a regular expression run over the whole content,
    which on a page of megabytes costs more than the rest of its indexing when its
    entries are kept. Without the text ``data-search-`` in the content the expression
    matches nothing, and the content stays the same string: only then is it skipped.
    Nothing changes when Material's method is not the one this was written against
    (:data:`_ON_PAGE_CONTEXT`), or its events are registered otherwise.
    """
    from material.plugins.search.plugin import SearchPlugin

    original: Any = SearchPlugin.on_page_context
    if not _written_as(original, _ON_PAGE_CONTEXT):
        return

    def replace(handler: Any, plugin: Any) -> Any:
        if getattr(handler, "__func__", None) is not original or plugin is None:
            return None

        def on_page_context(
            context: Any,
            *,
            page: Page,
            config: Any,
            nav: Any,
            plugin: Any = plugin,
            scrubbing: Any = original,
        ) -> Any:
            content = page.content
            if not isinstance(content, str) or "data-search-" in content:
                return scrubbing(plugin, context, page=page, config=config, nav=nav)
            if plugin.config.enabled:
                plugin.search_index.add_entry_from_context(page)
            return None

        return on_page_context

    _replace_handlers(plugins, "page_context", replace)


#: Material's ``SearchPlugin._translate`` as :func:`translating_in_one_environment` knows it.
_TRANSLATE = """\
    def _translate(self, config, value):
        env = config.theme.get_env()

        # Load language template and return translation for placeholder
        language = "partials/language.html"
        template = env.get_template(language, None, { "config": config })
        return template.module.t(value)
"""


def translating_in_one_environment(plugins: Any) -> None:
    """Let Material's search plugin look up its defaults (the separator, the pipeline)
    in one Jinja environment per ``on_config``, not a new one per value: the theme's
    language template is then compiled and run once, not once per value. Its ``t`` macro
    gives the same text for the same key from the same template module, so the
    settings are the same. Nothing changes when Material's method is not the one this
    was written against (:data:`_TRANSLATE`), or its events are registered otherwise.
    """
    from material.plugins.search.plugin import SearchPlugin

    original: Any = SearchPlugin._translate
    known: list[bool] = []  # its source read only where a search plugin is there

    def replace(handler: Any, plugin: Any) -> Any:
        if type(plugin) is not SearchPlugin or "_translate" in vars(plugin):
            return None
        if not known:
            known.append(_written_as(original, _TRANSLATE))
        if not known[0]:
            return None

        def on_config(config: Any, plugin: Any = plugin, handler: Any = handler) -> Any:
            envs: list[Any] = []

            def translate(given: Any, value: str) -> Any:
                if given is not config:
                    return original(plugin, given, value)
                if not envs:
                    envs.append(config.theme.get_env())
                template = envs[0].get_template("partials/language.html", None, {"config": config})
                return template.module.t(value)

            plugin._translate = translate
            try:
                return handler(config)
            finally:
                del plugin._translate

        return on_config

    _replace_handlers(plugins, "config", replace)


def _replace_handlers(plugins: Any, event: str, replace: Callable[[Any, Any], Any]) -> None:
    """Each handler of ``event`` in MkDocs' event lists of ``plugins`` (``config.plugins``)
    for which ``replace(handler, its plugin)`` gives a function, replaced by that function
    under the handler's origin; nothing where the events are registered otherwise."""
    events = getattr(plugins, "events", None)
    origins = getattr(plugins, "_event_origins", None)
    handlers = events.get(event) if isinstance(events, dict) else None
    if not isinstance(handlers, list) or not isinstance(origins, dict):
        return
    for n, handler in enumerate(handlers):
        replacement = replace(handler, getattr(handler, "__self__", None))
        if replacement is not None:
            origins[replacement] = origins.get(handler, "search")
            handlers[n] = replacement


def _written_as(function: Any, known: str) -> bool:
    """Whether the source of ``function`` is exactly ``known`` (:func:`_source`)."""
    return _source(function) == known


def _source(function: Any) -> str | None:
    """The source of ``function``: its lines from its ``def`` on, up to the next line
    that is not blank and indented no deeper than the ``def`` (blank lines before that
    left out), as ``inspect.getsource`` gives it for a method without decorators. Read
    from its file as ``inspect`` reads it, without tokenizing (a few milliseconds as a
    build starts); ``None`` when the source cannot be read."""
    import linecache

    code = getattr(function, "__code__", None)
    if code is None:
        return None
    lines = linecache.getlines(code.co_filename)
    start = code.co_firstlineno - 1
    if not 0 <= start < len(lines):
        return None
    indent = len(lines[start]) - len(lines[start].lstrip())
    end = start + 1
    for at in range(start + 1, len(lines)):
        line = lines[at]
        if line.strip():
            if len(line) - len(line.lstrip()) <= indent:
                break
            end = at + 1
    return "".join(lines[start:end])


#: Where one page's entries were in one search index: (the index, first, end of the list
#: once they were taken out).
Taken = tuple[Any, int, int]


def take_out_page_entries(plugins: Any, url: str) -> list[Taken] | None:
    """Take the entries of the page at ``url`` out of every Material search index of the
    site (``config.plugins``), to index the page again; where they were, for
    :func:`put_back_page_entries`. ``None``, and nothing taken, when a page has no entries
    or they are not one run (a page the search leaves out), or the site has a search
    index that is not Material's."""
    found: list[tuple[Any, int, int]] = []
    for plugin in plugins.values():
        index = getattr(plugin, "search_index", None)
        if index is None:
            continue
        entries = getattr(index, "entries", None)
        if not isinstance(entries, list):
            return None  # another search's index (MkDocs' own): not ours to redo
        positions = _positions_of(entries, url)
        if not positions or positions != list(range(positions[0], positions[-1] + 1)):
            return None
        found.append((index, positions[0], positions[-1] + 1))
    taken = []
    for index, first, end in found:
        del index.entries[first:end]
        taken.append((index, first, len(index.entries)))
    return taken


def _positions_of(entries: list[SearchEntry], url: str) -> list[int]:
    """The places in ``entries`` of those whose ``location`` is ``url`` or an anchor on
    it (an index has an entry per section of every page: tens of thousands)."""
    anchored = url + "#"
    found = []
    for n, entry in enumerate(entries):
        location = entry.get("location")
        if type(location) is str:
            if location.startswith(url) and (location == url or location.startswith(anchored)):
                found.append(n)
        elif location == url or str(entry.get("location", "")).startswith(anchored):
            found.append(n)
    return found


def put_back_page_entries(taken: list[Taken]) -> None:
    """Move the entries the page was indexed with again (added at the end of each index)
    to where its entries were (:func:`take_out_page_entries`)."""
    for index, first, end in taken:
        new = index.entries[end:]
        del index.entries[end:]
        index.entries[first:first] = new


def let_go_of_search_entries(plugins: Iterable[Any]) -> None:
    """Empty the Material search index of each of ``plugins`` (the site's, or the one
    whose index was just written) once it is written (its ``on_post_build``), in a
    build: nothing reads its entries after, and they are megabytes of text the rest of
    the build (the gate) would hold besides."""
    for plugin in plugins:
        entries = getattr(getattr(plugin, "search_index", None), "entries", None)
        if isinstance(entries, list):
            del entries[:]


def write_search_indexes(plugins: Any, config: Any) -> None:
    """Write ``search/search_index.json`` again, as Material does after a build (the
    preview's rebuild of a few pages).

    Material encodes the whole index again (tens of thousands of entries) where such a
    rebuild replaced the entries of a few pages: each entry that was in the index when
    this last wrote it, the very same object, is taken as encoded then
    (:func:`_index_bytes`), when Material's methods are those this was written against
    and it writes the index as its entries are (:func:`_plain_index`)."""
    from mkdocs import utils

    for plugin in plugins.values():
        index = getattr(plugin, "search_index", None)
        if not isinstance(getattr(index, "entries", None), list):
            continue
        if not (_writes_as_known() and _plain_index(plugin)):
            plugin.on_post_build(config=config)
        elif plugin.config.enabled:
            path = os.path.join(config.site_dir, "search", "search_index.json")
            utils.write_file(_index_bytes(index), path)  # by attribute, as Material


#: Per Material search index, its entries as :func:`write_search_indexes` last wrote them
#: and each one's JSON, in the same order (the entries held, so that each stays itself).
#: Nothing changes an entry once it is in the index: a rebuilt page's entries are new
#: objects (:func:`take_out_page_entries`, ``PageCache.wrap_search``), and a whole
#: rebuild starts a new index.
_ENCODED: weakref.WeakKeyDictionary[Any, tuple[list[SearchEntry], list[str]]] = (
    weakref.WeakKeyDictionary()
)


def _index_bytes(index: Any) -> bytes:
    """What Material's ``generate_search_index`` returns for ``index`` (not under a dirty
    reload), encoded: ``json.dumps`` of its settings and entries, no spaces, ``str`` of
    what JSON has no form for, in ASCII. An entry of a list is encoded as it is alone,
    so the entries kept encoded (:data:`_ENCODED`) are joined with the others'."""
    encode = _encoder()
    entries = list(index.entries)
    last = _ENCODED.get(index)
    if last is not None and len(last[0]) == len(entries):
        # A rebuilt page's entries in the place of its old ones, as many: only the
        # places whose entry is another object are encoded, found without a loop in
        # Python over tens of thousands of entries.
        texts = list(last[1])
        for n in itertools.compress(range(len(entries)), map(operator.is_not, last[0], entries)):
            texts[n] = encode(entries[n])
    else:
        # by the entry (``last`` holds the old ones: their ids stay theirs meanwhile)
        known = {id(entry): text for entry, text in zip(*last, strict=True)} if last else {}
        texts = [known.get(id(entry)) or encode(entry) for entry in entries]
    _ENCODED[index] = (entries, texts)
    return (_index_opening(index) + ",".join(texts) + "]}").encode()


@functools.cache
def _encoder() -> Callable[[Any], str]:
    """Material's encoding of its search index: ``json.dumps`` with no spaces, ``str`` of
    what JSON has no form for, in ASCII."""
    import json

    return json.JSONEncoder(separators=(",", ":"), default=str).encode


def _index_pieces(index: Any, encode_entry: Callable[[SearchEntry], str]) -> Iterator[str]:
    """The text of Material's ``generate_search_index`` for ``index`` (not under a dirty
    reload: its settings and entries) in pieces, each entry encoded alone by
    ``encode_entry``, as an entry of the list is."""
    yield _index_opening(index)
    for n, entry in enumerate(index.entries):
        yield "," + encode_entry(entry) if n else encode_entry(entry)
    yield "]}"


def _index_opening(index: Any) -> str:
    """The text of Material's search ``index`` before its first entry: its settings."""
    settings = {key: index.config[key] for key in ["lang", "separator", "pipeline", "fields"]}
    return f'{{"config":{_encoder()(settings)},"docs":['


@functools.cache
def _writes_as_known() -> bool:
    """Whether Material's search plugin writes its index with the methods this module
    was written against (:data:`_ON_POST_BUILD`, :data:`_GENERATE_SEARCH_INDEX`)."""
    import hashlib

    from material.plugins.search.plugin import SearchIndex, SearchPlugin

    if not _written_as(SearchPlugin.on_post_build, _ON_POST_BUILD):
        return False
    generate = _source(SearchIndex.generate_search_index) or ""
    return hashlib.sha256(generate.encode("utf-8")).hexdigest() == _GENERATE_SEARCH_INDEX


#: Material's ``SearchPlugin.on_post_build`` as :func:`write_search_index_by_entry` knows
#: it, and the digest (SHA-256) of its ``SearchIndex.generate_search_index``.
_ON_POST_BUILD = """\
    def on_post_build(self, *, config):
        if not self.config.enabled:
            return

        # Write search index
        base = os.path.join(config.site_dir, "search")
        path = os.path.join(base, "search_index.json")

        # Generate and write search index to file
        data = self.search_index.generate_search_index(self.search_index_prev)
        utils.write_file(data.encode("utf-8"), path)

        # Persist search index for repeated invocation
        if self.is_dirty:
            self.search_index_prev = self.search_index
"""
_GENERATE_SEARCH_INDEX = "59ba9853f37a2b42be727cb61044b3fb08817c3d022b21e32389725b290176b4"


def write_search_index_by_entry(plugins: Any, written: Callable[[Any], None] | None) -> None:
    """Let Material's search plugin write ``search/search_index.json`` entry by entry,
    the same bytes: Material encodes the whole index into one string first (tens of
    thousands of entries: the pieces, the string and its bytes at once, megabytes
    each, on top of the entries). ``written``: called with the search plugin once its index is
    written (a build lets go of its entries then). Nothing changes when Material's methods are not
    the ones this was written against, or its events are registered otherwise; an
    index of a dirty reload (:func:`_plain_index`) is written by Material itself."""
    from material.plugins.search.plugin import SearchPlugin

    original: Any = SearchPlugin.on_post_build
    if not _writes_as_known():
        return

    def replace(handler: Any, plugin: Any) -> Any:
        if getattr(handler, "__func__", None) is not original or plugin is None:
            return None

        def on_post_build(*, config: Any, plugin: Any = plugin, writing: Any = original) -> Any:
            if not _plain_index(plugin):
                return writing(plugin, config=config)
            if plugin.config.enabled:
                path = os.path.join(config.site_dir, "search", "search_index.json")
                write_search_index(plugin.search_index, path)
                if written is not None:
                    written(plugin)
            return None

        return on_post_build

    _replace_handlers(plugins, "post_build", replace)


def _plain_index(plugin: Any) -> bool:
    """Whether Material writes ``plugin``'s index as its entries are, with nothing of an
    earlier build's (not under MkDocs' dirty reload)."""
    index = getattr(plugin, "search_index", None)
    return (
        not plugin.is_dirty
        and plugin.search_index_prev is None
        and isinstance(getattr(index, "entries", None), list)
        and isinstance(getattr(index, "config", None), dict)
    )


def write_search_index(index: Any, path: str) -> None:
    """Write Material's search ``index`` (a ``SearchIndex``) to ``path`` as its
    ``generate_search_index`` encodes it for a build (``json.dumps`` of its settings
    and entries, no spaces, ``str`` of what JSON has no form for), one entry at a time."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as file:
        for piece in _index_pieces(index, _encoder()):
            file.write(piece.encode())


#: Where a part of a page that :func:`index_part` can index alone begins: a heading with
#: an id below ``h1`` (Material begins a section there).
PART_START = re.compile(r"<h[2-6](?=[\s>])[^<>]*?\sid=")
#: What makes Material's parser carry state across sections beyond the open elements:
#: what it skips (scripts, styles, objects, what is excluded, line numbers), where it
#: keeps white space (``pre``), and what its tokenizer reads apart (comments,
#: declarations, processing instructions).
_CARRIES_STATE = re.compile(
    r"<(?:script|style|object|pre|!|\?)|data-search-exclude|linenodiv", re.IGNORECASE
)


def splits_into_parts(html: str) -> bool:
    """Whether Material's parser indexes each part of ``html`` (from a :data:`PART_START`
    to the next) from the elements open at its start alone: nothing in ``html`` is
    skipped, kept verbatim or read apart by the parser."""
    return _CARRIES_STATE.search(html) is None


def index_part(plugins: Any, page: Page, part: str) -> list[SearchEntry] | None:
    """The entries Material's search makes of ``part`` of ``page``'s content, as it
    makes them of the whole content: ``part`` begins at a :data:`PART_START`, and the
    content passes :func:`splits_into_parts`. ``None`` when that cannot be said: the
    site has not exactly one Material search index, or ``part`` is not one section whose
    elements it opens and closes itself.

    Material's ``Parser`` (``material/plugins/search/plugin.py``) keeps, from one
    section to the next, the elements open (``context``), what it skips (``skip``, here
    never more than its own script, style and object) and the sections made so far.
    A part that opens a section with its heading and closes every element it opens,
    and none it did not, has its text go to that section only, and leaves the elements
    open as it found them; it is parsed the same alone, where Material first makes an
    empty section for what precedes the first heading, which is left out here.
    """
    from material.plugins.search.plugin import Parser, void

    indexes = [getattr(plugin, "search_index", None) for plugin in plugins.values()]
    indexes = [index for index in indexes if isinstance(getattr(index, "entries", None), list)]
    if len(indexes) != 1:
        return None

    class PartParser(Parser):  # type: ignore[misc]
        closes_outer = False

        def handle_endtag(self, tag: str) -> None:
            if not self.context and tag not in void:
                self.closes_outer = True  # it would close an element opened before it
            super().handle_endtag(tag)

    parser = PartParser()
    parser.feed(part)
    parser.close()
    sections = parser.data
    if parser.closes_outer or parser.context or len(sections) != 2:
        return None
    preface, section = sections
    if preface.el.tag != "hx" or preface.text or preface.title or section.id is None:
        return None
    site_index: Any = indexes[0]
    index = type(site_index)(**site_index.config)
    if not section.is_excluded():
        index.create_entry_for_section(section, page.toc, page.url, page)
    made: list[SearchEntry] = index.entries
    return made


#: A line of a list that :func:`index_lines` can index alone: one item, opened and closed
#: on it, with no heading in it.
_ITEM_LINE = re.compile(r"<li(?=[\s>])[^\n]*</li>")
_HEADING = re.compile(r"<h[1-6](?=[\s>/])", re.IGNORECASE)
_HEADING_END = re.compile(r"</h[1-6]\s*>", re.IGNORECASE)


def index_lines(lines: str) -> str | None:
    """The text Material's search puts in a section's entry for ``lines``: whole lines of
    a list's items (each one ``<li>`` opened and closed on its line, no heading in
    them), joined by ``\\n``, in a page whose content passes :func:`splits_into_parts`
    and has one section, outside its heading. ``None`` when that cannot be said of them.

    Material's ``Parser`` puts each item's text, between its ``<li>`` and ``</li>``,
    into the one section of such a page as it would alone: the whitespace it collapses
    follows what came before it only inside the item, after its ``<li>``. Only how it
    drops an element kept empty (by looking back to the *first* such opening tag of the
    section) reads further back: when it drops nothing here, it drops nothing there.
    Words are not segmented (no ``jieba``) and the page's section has no other text in
    a different order, so the entry's text holds exactly this in place of the items.
    """
    from material.plugins.search import plugin as search

    if search.jieba or not lines:
        return None
    split = lines.split("\n")
    if not all(_ITEM_LINE.fullmatch(line) for line in split) or _HEADING.search(lines):
        return None
    if not (splits_into_parts(lines) and reads_line_by_line(lines)):
        return None

    class LinesParser(search.Parser):  # type: ignore[misc]
        unsure = False

        def handle_endtag(self, tag: str) -> None:
            if not self.context and tag not in search.void:
                self.unsure = True  # it would close an element opened before it
            before = len(self.section.text) if self.section is not None else 0
            super().handle_endtag(tag)
            if self.section is not None and len(self.section.text) < before:
                self.unsure = True  # an element dropped as empty

    parser = LinesParser()
    parser.feed(lines)
    parser.close()
    sections = parser.data
    if parser.unsure or parser.context or len(sections) != 1 or sections[0].title:
        return None
    text = "".join(sections[0].text)
    if not (text.startswith("<li>") and text.endswith("</li>")):
        return None
    return text


#: Text and whole tags on lines: attribute values in double quotes without ``<``, ``>``
#: or a line break, no ``<`` in the text.
_LINE_BY_LINE = re.compile(
    r'(?:[^<\n]+|</?[a-z][a-z0-9]*(?: +[a-z][a-z0-9:-]*(?:="[^"<>\n]*")?)* */?>|\n)*'
)


def kept_tags() -> list[str]:
    """The elements whose tags Material's parser keeps in an entry's text."""
    from material.plugins.search.plugin import Parser

    return sorted(Parser().keep)


def reads_line_by_line(html: str) -> bool:
    """Whether Material's parser reads each line of ``html`` from between two tags: every
    tag of it opens and closes on its line, plainly written (attribute values in double
    quotes without ``<``, ``>`` or a line break), and no ``<`` is in its text."""
    return _LINE_BY_LINE.fullmatch(html) is not None


def outside_headings(html: str) -> bool:
    """Whether the end of ``html`` is outside every heading: its last opening of a
    heading (if any) is closed after it."""
    opened = [m.start() for m in _HEADING.finditer(html)]
    if not opened:
        return True
    closed = [m.start() for m in _HEADING_END.finditer(html, opened[-1])]
    return bool(closed)
