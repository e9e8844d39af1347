"""What the plugin needs of MkDocs beyond its documented API.

Written against MkDocs 1.6.1 (the package pins ``mkdocs>=1.6,<2``). It relies on:

- ``Page._title_from_render``: the title ``Page.render`` found in the first ``<h1>``, which
  ``Page.title`` returns when the front matter has none. A page whose conversion is
  reused (:func:`kept_render_state`, :func:`restore_render_state`) must get it back.
- ``Page.present_anchor_ids`` and ``Page.links_to_anchors``: what ``Page.render`` collected
  for MkDocs' own anchor check (``Page.validate_anchor_links``); restored the same way.
- ``Page.render`` called on the instance by ``mkdocs.commands.build._populate_page``
  (``page.render(config, files)``), so an instance attribute replaces it for one page
  (:func:`wrap_page_render`); and what it does, copied by :func:`convert_page` with a
  Markdown instance kept from page to page: its private ``_RawHTMLPreprocessor``,
  ``_ExtractAnchorsTreeprocessor``, ``_RelativePathTreeprocessor`` and
  ``_ExtractTitleTreeprocessor``, each made for the page and registered by its
  ``_register(md)`` (under a name, so one page's replaces the last's), and the module's
  ``log``, whose level decides whether it keeps the links to anchors.
- The priorities at which ``Page.render`` registers its private treeprocessors:
  ``mkdocs_extract_anchors`` at 5, ``mkdocs_extract_title`` at 1 and ``relpath`` at 0, each
  after the site's extensions (:data:`ANCHORS_COLLECTED_AT`, :data:`TITLE_READ_AT`,
  :data:`LINKS_REWRITTEN_AT`).
- ``MkDocsConfig.mdx_configs``: a ``config_options.Private`` key, the options of the
  ``markdown_extensions`` by name (:func:`markdown_extension_configs`).
- ``_AbsoluteLinksValidationValue.RELATIVE_TO_DOCS``: the value ``validation`` gives
  ``absolute_links: relative_to_docs``, the one level below ``logging.DEBUG``
  (:func:`means_relative_to_docs`).
- ``Theme._custom_dir``: where MkDocs before 1.5 kept the theme's ``custom_dir``, which
  1.6 offers as the ``custom_dir`` property (:func:`theme_custom_dir`).
- ``MkDocsConfig.plugins.plugin_cache``: the instance of each plugin with ``on_startup``,
  kept by the ``plugins`` option for the whole process, so that every load of a
  ``mkdocs.yml`` gets the same one (:func:`forget_plugin_instances`).
- ``mkdocs.livereload.LiveReloadServer``, as ``mkdocs serve`` makes it: its keyword
  arguments, its ``error_handler`` attribute (called with 404 or 500, returning the page's
  bytes or ``None``), and that each rebuild calls ``builder()`` without arguments, a
  return being a good build (the browsers reload; an exception leaves them waiting), and
  serves the ``.html`` files under ``root`` with the reload script before ``</body>``
  (:func:`live_reload_server`). Its private ``_inject_js_into_html(content, epoch)`` and
  ``_visible_epoch`` (the version of the site being served) put the same script in the
  error pages it serves, so that they reload too; ``mount_path`` and ``url`` are read on
  every request, so a server started before the site's address was known can be moved to
  it (:func:`move_live_reload_server`); ``observer``, which ``watch`` schedules on and
  ``serve`` and ``shutdown`` start, stop and join as a watchdog observer (replaced by
  :class:`handreiking.watching.Watcher`), ``_rebuild_cond`` and ``_want_rebuild`` are how a
  change asks for a rebuild, as ``watch`` does (:func:`watch_folder_for`).
- ``mkdocs.utils.clean_directory``, ``write_file`` and ``copy_file``: the build empties the
  site folder and writes every file through them, looked up on the module at each call
  (MkDocs' build and files, Material's search plugin), so the preview can leave what did
  not change (:func:`writing_only_what_changed`), and a build can write its pages in a
  thread of its own (:class:`BackgroundWriter`); our own files go through ``write_file``
  as well (:func:`write_site_file`).
- ``mkdocs.commands.build._populate_page(page, config, files)`` and ``_build_page(page,
  config, doc_files, nav, env)``: what ``build`` does for each page, the first before
  ``on_env``, the second after, with ``doc_files`` the documentation pages the preview
  includes (``InclusionLevel.is_in_serve``), so the preview can rebuild one page with
  the last rebuild's files, navigation and environment (:func:`populate_page`,
  :func:`render_page`); and a build's pages rendered in a forked process without being
  written, ``_build_page`` calling ``mkdocs.utils.write_file`` by attribute
  (:func:`render_pages_unwritten`).
- ``mkdocs.utils.normalize_url(url, page)``: a relative address is
  ``get_relative_url(url, page.url)`` (after a prefix that depends on ``url`` alone; an
  address with a scheme or a leading ``/`` is left as it is), which compares the
  normalised parts of ``url`` with those of the page's folder (``page.url`` without a last
  part holding a dot), so it depends on the page only through how many parts that folder
  has and how many of them it shares with ``url`` (:func:`url_parts`,
  :func:`page_folder_parts`).

- ``Files.add_files_from_theme(env, config)``, which ``build`` calls on the environment
  ``config.theme.get_env()`` made just before (right after ``get_files``): it lists the
  theme's files by ``env.list_templates(filter_func=...)`` once, its filter depending on
  the theme's ``static_templates`` alone (and MkDocs' own constants), so that a listing
  made in a forked process is taken over (:func:`theme_files_listing`,
  :func:`listing_theme_files_from`).
"""

from __future__ import annotations

import copy
import hashlib
import logging
import os
import posixpath
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import markdown
from markdown.extensions import Extension
from mkdocs.structure import pages
from mkdocs.structure.toc import get_toc

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

#: ``Page.render``'s own treeprocessors, by priority. Each is registered after the site's
#: extensions, so one of ours at the same priority runs before it.
ANCHORS_COLLECTED_AT = 5  # mkdocs_extract_anchors: the ids a link may point at
TITLE_READ_AT = 1  # mkdocs_extract_title: the page's title from its first <h1>
LINKS_REWRITTEN_AT = 0  # relpath: "page.md" becomes "../page/"

Render = Callable[["MkDocsConfig", "Files"], None]


@dataclass
class RenderState:
    """What ``Page.render`` leaves on a page: enough to give it to the page again.

    The links to anchors are kept by the target's ``src_uri``, not by its ``File``:
    every rebuild of ``mkdocs serve`` makes new ``File`` objects.
    """

    content: str
    toc: Any
    title: str | None
    anchors: set[str] | None
    anchor_links: dict[str, dict[str, str]] | None


def kept_render_state(page: Page) -> RenderState:
    """What ``page.render`` just produced, copied where a later step could change it."""
    return RenderState(
        page.content or "",
        page.toc,
        page._title_from_render,
        set(page.present_anchor_ids) if page.present_anchor_ids is not None else None,
        (
            {f.src_uri: dict(links) for f, links in page.links_to_anchors.items()}
            if page.links_to_anchors is not None
            else None
        ),
    )


def toc_data(toc: Any) -> list[Any]:
    """A page's table of contents as plain lists: ``[title, id, level, active, children]``
    per entry (MkDocs marks the first entry ``active``)."""
    return [
        [
            item.title,
            item.id,
            item.level,
            bool(getattr(item, "active", False)),
            toc_data(item.children),
        ]
        for item in toc
    ]


def toc_from_data(data: list[Any]) -> Any:
    """The :class:`TableOfContents` :func:`toc_data` describes.

    Raises ``ValueError`` (or ``TypeError``) when ``data`` is not shaped so."""
    from mkdocs.structure.toc import TableOfContents

    return TableOfContents(_anchor_links(data))


def _anchor_links(data: list[Any]) -> list[Any]:
    from mkdocs.structure.toc import AnchorLink

    if not isinstance(data, list):
        raise ValueError("a table of contents is a list")
    links = []
    for entry in data:
        if not isinstance(entry, list) or len(entry) != 5:
            raise ValueError("an entry of a table of contents has five parts")
        title, anchor_id, level, active, children = entry
        if not (isinstance(title, str) and isinstance(anchor_id, str)) or type(level) is not int:
            raise ValueError("an entry of a table of contents is title, id and level")
        link = AnchorLink(title, anchor_id, level)
        if active is True:
            link.active = True  # type: ignore[attr-defined]
        link.children = _anchor_links(children)
        links.append(link)
    return links


def restore_render_state(page: Page, kept: RenderState, files: Files) -> None:
    """Leave ``page`` as ``page.render`` would have; links to files gone are dropped.

    The table of contents is handed out again, not copied: nothing after the
    conversion may change it in place.
    """
    page.content = kept.content
    page.toc = kept.toc
    page._title_from_render = kept.title
    page.present_anchor_ids = set(kept.anchors) if kept.anchors is not None else None
    if kept.anchor_links is not None:
        links: dict[Any, dict[str, str]] = {}
        for src_uri, anchors in kept.anchor_links.items():
            target = files.get_file_from_path(src_uri)
            if target is not None:
                links[target] = dict(anchors)
        page.links_to_anchors = links


def wrap_page_render(page: Page, render: Callable[[Render, MkDocsConfig, Files], None]) -> None:
    """Make the build convert ``page`` through ``render(original, config, files)``.

    ``original`` does what the page's own ``render`` does (:func:`convert_page`);
    ``render`` decides whether to call it. A page converted again (the preview
    rebuilding it alone) is wrapped once, not twice.
    """
    vars(page).pop("render", None)  # an earlier wrapping of this page
    own: Render = page.render

    def original(config: MkDocsConfig, files: Files) -> None:
        convert_page(page, own, config, files)

    def wrapped(config: MkDocsConfig, files: Files) -> None:
        render(original, config, files)

    setattr(page, "render", wrapped)  # noqa: B010 (an instance attribute on purpose)


#: The modules whose Markdown extensions a reused Markdown instance may hold: Python-
#: Markdown's own, each of which that keeps state between pages clears it in ``reset()``
#: (what Python-Markdown asks of every extension, and its own keep to), and ours (the
#: check converts every page with one instance too). With any other extension in
#: ``markdown_extensions``, each page gets a new instance, as MkDocs makes it.
REUSABLE_EXTENSIONS = ("markdown.extensions.", "handreiking.")


class _Reused(threading.local):
    """The Markdown instance this thread converted its last page with, and what it was
    made from (the site's extensions, each the same object, and their options)."""

    def __init__(self) -> None:
        #: what :attr:`md` was made from; ``None``: nothing yet
        self.extensions: list[Any] | None = None
        self.configs: Any = None
        #: ``None`` with :attr:`extensions`: one of them is not reusable
        self.md: markdown.Markdown | None = None
        #: a page is being converted with it now (a page converted while another is:
        #: a new instance, as MkDocs makes one)
        self.busy = False

    def instance(self, extensions: list[Any], configs: Any) -> markdown.Markdown | None:
        """The instance for ``extensions`` with ``configs``, reset for a new page;
        ``None`` when one extension is not of :data:`REUSABLE_EXTENSIONS`."""
        made = self.extensions
        if (
            made is not None
            and len(extensions) == len(made)
            and all(a is b or a == b for a, b in zip(extensions, made, strict=True))
            and configs == self.configs
        ):
            return self.md.reset() if self.md is not None else None
        self.extensions = self.md = None
        try:  # what it is compared with later, should the options be changed in place
            kept = copy.deepcopy(configs)
        except Exception:  # an option that cannot be copied: a new instance every page
            return None
        probe = markdown.Markdown()
        built = [
            extension
            if isinstance(extension, Extension)
            else probe.build_extension(extension, configs.get(extension, {}))
            for extension in extensions
        ]
        if all(type(e).__module__.startswith(REUSABLE_EXTENSIONS) for e in built):
            self.md = markdown.Markdown(extensions=built)
        self.extensions, self.configs = list(extensions), kept
        return self.md


_REUSED = _Reused()


def convert_page(page: Page, own: Render, config: MkDocsConfig, files: Files) -> None:
    """What ``Page.render`` does (``own``: the page's), with the Markdown instance the
    last page was converted with, reset, where every extension allows it
    (:data:`REUSABLE_EXTENSIONS`): making one per page, as MkDocs does, costs as much
    as converting a small page. What it leaves on the page is the same."""
    reused = _REUSED
    if page.markdown is None or reused.busy:
        own(config, files)
        return
    md = reused.instance(config.markdown_extensions, config.mdx_configs or {})
    if md is None:
        own(config, files)
        return
    reused.busy = True
    try:
        raw_html = pages._RawHTMLPreprocessor()
        raw_html._register(md)
        anchors = pages._ExtractAnchorsTreeprocessor(page.file, files, config)
        anchors._register(md)
        relative_paths = pages._RelativePathTreeprocessor(page.file, files, config)
        relative_paths._register(md)
        title = pages._ExtractTitleTreeprocessor()
        title._register(md)
        page.content = md.convert(page.markdown)
    except BaseException:
        reused.extensions = reused.md = None  # what a conversion stopped halfway leaves
        raise
    finally:
        reused.busy = False
    page.toc = get_toc(getattr(md, "toc_tokens", []))
    page._title_from_render = title.title
    page.present_anchor_ids = anchors.present_anchor_ids | raw_html.present_anchor_ids
    if pages.log.getEffectiveLevel() > logging.DEBUG:
        page.links_to_anchors = relative_paths.links_to_anchors


def markdown_extension_configs(config: Any) -> Any:
    """The options of the site's ``markdown_extensions``, by extension name, as MkDocs
    passes them to Python-Markdown (``extension_configs``)."""
    return config.mdx_configs


def means_relative_to_docs(level: int) -> bool:
    """Whether a ``validation`` level of ``absolute_links`` is ``relative_to_docs``
    (a link ``/x.md`` means ``docs/x.md``), the one value below ``logging.DEBUG``."""
    return level < logging.DEBUG


def forget_plugin_instances() -> None:
    """Have the next load of a ``mkdocs.yml`` make a new instance of every plugin, also
    of those with ``on_startup`` that MkDocs keeps for the whole process: a run of the
    command in a process that ran one before starts as a new process would."""
    from mkdocs.config.defaults import MkDocsConfig

    MkDocsConfig.plugins.plugin_cache.clear()  # type: ignore[attr-defined]


def theme_custom_dir(theme: Any) -> str | None:
    """The theme's ``custom_dir``, or ``None``."""
    return getattr(theme, "custom_dir", None) or getattr(theme, "_custom_dir", None)


#: How often the preview looks for changed files, and how long after the last change it
#: rebuilds, in seconds (MkDocs: 0.5 and 0.1).
POLLING_INTERVAL = 0.1
BUILD_DELAY = 0.05


def live_reload_server(
    builder: Callable[[], None],
    host: str,
    port: int,
    root: str,
    mount_path: str,
    error_page: Callable[[int], bytes | None],
) -> Any:
    """MkDocs' live-reload server, as ``mkdocs serve`` makes it: serves the files under
    ``root`` at ``mount_path``, calls ``builder()`` on every change of a path given to its
    ``watch`` and reloads the browsers when it returns; ``error_page(code)`` gives the page
    for a 404 or 500 (``None``: MkDocs' bare one). Start it with ``serve()``, end it with
    ``shutdown()``."""
    from mkdocs.livereload import LiveReloadServer

    from handreiking.watching import Watcher

    # Where the system does not announce changes (a change made from Windows to a folder
    # WSL reaches, a network share), files are polled as MkDocs does, ten times a second
    # rather than twice; a rebuild starts 0.05 s after the last change rather than 0.1 s:
    # a save is seen sooner.
    server = LiveReloadServer(
        builder=builder,
        host=host,
        port=port,
        root=root,
        mount_path=mount_path,
        polling_interval=POLLING_INTERVAL,
    )
    server.build_delay = BUILD_DELAY
    # Heard of at once where the system announces changes (handreiking.watching); its
    # own polling observer has nothing scheduled yet.
    server.observer = Watcher(POLLING_INTERVAL)  # type: ignore[assignment]

    def with_reload_script(code: int) -> bytes | None:
        # An error page reloads itself on the next build as the other pages do: the
        # address a co-author has open may be a page while the site cannot be built.
        page = error_page(code)
        if page is None:
            return None
        return bytes(server._inject_js_into_html(page, server._visible_epoch))

    server.error_handler = with_reload_script
    return server


def move_live_reload_server(server: Any, mount_path: str) -> None:
    """Serve the site under ``mount_path`` from now on (the path of its ``site_url``), as
    :func:`live_reload_server` would have from the start."""
    normal = ("/" + mount_path.lstrip("/")).rstrip("/") + "/"
    server.mount_path = normal
    host, port = server.server_address[:2]
    server.url = f"http://{host}:{port}{normal}"


def watch_folder_for(server: Any, folder: str, wanted: Callable[[str], bool]) -> None:
    """Rebuild when a file directly in ``folder`` for which ``wanted(path)`` holds is
    made, changed, moved or removed; other files of ``folder`` and its subfolders are
    not watched. ``LiveReloadServer.watch`` watches a file only while it exists, or a
    whole folder: one written by the build (``site/``, a cache) would rebuild for ever."""
    import watchdog.events

    def changed(event: Any) -> None:
        if event.is_directory:
            return
        paths = [event.src_path, getattr(event, "dest_path", "") or ""]
        if not any(path and wanted(str(path)) for path in paths):
            return
        with server._rebuild_cond:
            server._want_rebuild = True
            server._rebuild_cond.notify_all()

    handler = watchdog.events.FileSystemEventHandler()
    handler.on_any_event = changed  # type: ignore[method-assign]
    server.observer.schedule(handler, folder, recursive=False)


def write_site_file(content: bytes, output_path: str, folders: set[str]) -> None:
    """Write a file of the site as MkDocs writes its pages: through ``mkdocs.utils.write_file``,
    looked up now, so that in the preview :func:`writing_only_what_changed` leaves a file
    whose bytes are those it wrote last time (and makes no folder for it).

    MkDocs' own ``write_file`` makes the folder of every file it writes: when nothing
    wraps it, the file is written here as it would write it, with one ``makedirs`` per
    folder instead (``folders``: the folders the caller's writes made so far).
    """
    from mkdocs import utils

    write = utils.write_file
    if getattr(write, "__module__", None) != "mkdocs.utils":
        write(content, output_path)
        return
    folder = os.path.dirname(output_path)
    if folder not in folders:
        os.makedirs(folder, exist_ok=True)
        folders.add(folder)
    with open(output_path, "wb") as file:
        file.write(content)


@contextmanager
def writing_only_what_changed(
    site_dir: str, written: dict[str, tuple[int, int, bytes]], *, whole: bool = True
) -> Iterator[None]:
    """For one rebuild of the preview into ``site_dir``: what did not change is not written.

    MkDocs empties the folder and writes every file again on every rebuild. Inside this
    context the folder is not emptied; a page whose bytes are those it wrote last time
    (``written``: path -> size, time and digest of what was written, kept by the caller
    across rebuilds) and a static file not newer than its copy are left as they are.
    After a rebuild that finished, every file it did not make (a page that is gone) is
    removed, unless something else wrote it during the rebuild; after one that failed,
    nothing is removed. Through ``mkdocs.utils``, which MkDocs' build, its files and
    Material's search plugin call by attribute. With ``whole=False`` (a rebuild of one
    page, :func:`render_page`), nothing is removed either: the rest of the site is the
    last rebuild's.
    """
    from mkdocs import utils

    started = time.time_ns()
    made: set[str] = set()
    clean, write, copy = utils.clean_directory, utils.write_file, utils.copy_file

    def write_file(content: bytes, output_path: str) -> None:
        path = os.path.abspath(output_path)
        made.add(path)
        digest = hashlib.blake2b(content, digest_size=16).digest()
        known = written.get(path)
        if known is not None and known[2] == digest:
            try:
                info = os.stat(path)
            except OSError:
                info = None
            if info is not None and (info.st_size, info.st_mtime_ns) == known[:2]:
                return
        write(content, output_path)
        info = os.stat(path)
        written[path] = (info.st_size, info.st_mtime_ns, digest)

    def copy_file(source_path: str, output_path: str) -> None:
        path = os.path.abspath(output_path)
        made.add(path)
        try:
            source, copied = os.stat(source_path), os.stat(path)
        except OSError:
            copied = None
        if (
            copied is None
            or copied.st_size != source.st_size
            or copied.st_mtime_ns < source.st_mtime_ns
        ):
            copy(source_path, output_path)

    utils.clean_directory = lambda directory: None  # type: ignore[assignment]
    utils.write_file = write_file  # type: ignore[assignment]
    utils.copy_file = copy_file  # type: ignore[assignment]
    try:
        yield
    finally:
        utils.clean_directory, utils.write_file, utils.copy_file = clean, write, copy
    if not whole:
        return
    for directory, _dirs, names in os.walk(site_dir):
        for name in names:
            path = os.path.join(directory, name)
            if path in made:
                continue
            try:
                if os.stat(path).st_mtime_ns < started:
                    os.remove(path)
                    written.pop(path, None)
            except OSError:
                continue


def theme_files_listing(config: MkDocsConfig) -> list[Any]:
    """What ``Files.add_files_from_theme`` lists of ``config``'s theme, as MkDocs' build
    does: the theme's folders, its static templates (what the listing depends on) and
    the names ``list_templates`` gave it (in a forked process, for
    :func:`listing_theme_files_from`). Walking the theme (Material's thousands of icons)
    and filtering each name is a twentieth of a second."""
    from mkdocs.structure.files import Files

    env = config.theme.get_env()
    real = env.list_templates
    listed: list[list[str]] = []

    def listing(extensions: Any = None, filter_func: Any = None) -> list[str]:
        names = real(extensions, filter_func)
        listed.append(names if extensions is None and filter_func is not None else [])
        return names

    env.list_templates = listing  # type: ignore[method-assign]
    Files([]).add_files_from_theme(env, config)
    names = listed[0] if len(listed) == 1 and listed[0] else None
    return [list(config.theme.dirs), sorted(config.theme.static_templates), names]


def listing_theme_files_from(config: MkDocsConfig, listing: Callable[[], Any]) -> None:
    """The next environment ``config.theme.get_env()`` makes (MkDocs' build, just before
    ``Files.add_files_from_theme``) lists the theme's files from ``listing()``
    (:func:`theme_files_listing`, made elsewhere) when that was made of the same theme
    folders and static templates: the names it gave, through the filter of this call
    again; else (``None``, another theme, another call) as always."""
    theme = config.theme
    get_env = theme.get_env

    def env_listing_given() -> Any:
        del theme.get_env  # once: the next environment lists its files itself
        env = get_env()
        real = env.list_templates

        def list_templates(extensions: Any = None, filter_func: Any = None) -> list[str]:
            del env.list_templates  # once, as well
            given = listing()
            if given is not None and extensions is None and filter_func is not None:
                dirs, static_templates, names = given
                same = dirs == list(theme.dirs) and static_templates == sorted(
                    theme.static_templates
                )
                if same and names is not None:
                    return [name for name in names if filter_func(name)]
            return real(extensions, filter_func)

        env.list_templates = list_templates  # type: ignore[method-assign]
        return env

    theme.get_env = env_listing_given  # type: ignore[method-assign]


def populate_page(page: Page, config: MkDocsConfig, files: Files) -> None:
    """Read and convert one page as MkDocs' build does before ``on_env`` (its
    ``pre_page``, ``page_markdown`` and ``page_content`` events): through
    ``mkdocs.commands.build._populate_page``."""
    from mkdocs.commands import build

    build._populate_page(page, config, files)


def render_page(page: Page, config: MkDocsConfig, files: Files, nav: Any, env: Any) -> None:
    """Render and write one page as MkDocs' build does after ``on_env`` (its
    ``page_context`` and ``post_page`` events, the theme's template, the file), with the
    preview's documentation pages: through ``mkdocs.commands.build._build_page``."""
    from mkdocs.commands import build
    from mkdocs.structure.files import InclusionLevel

    doc_files = files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
    build._build_page(page, config, doc_files, nav, env)


def url_parts(url: str) -> tuple[str, ...] | None:
    """The parts of a link's address that ``normalize_url(url, page)`` compares with the
    page's folder (:func:`page_folder_parts`): its result for a page depends on the page
    only through how many parts that folder has and how many of them it shares with
    these, from the first. ``None`` for an address it reads differently (empty, with a
    backslash)."""
    if not url or "\\" in url:
        return None
    return _norm_parts(url)


def page_folder_parts(page_url: str) -> tuple[str, ...]:
    """The parts of the folder of a page at ``page_url`` that ``normalize_url`` compares
    with a link's (:func:`url_parts`)."""
    dirname, _, basename = page_url.rpartition("/")
    return _norm_parts(dirname if "." in basename else page_url)


def _norm_parts(path: str) -> tuple[str, ...]:
    """As ``mkdocs.utils._norm_parts``: the parts of a ``/``-path, normalised."""
    if not path.startswith("/"):
        path = "/" + path
    path = posixpath.normpath(path)[1:]
    return tuple(path.split("/")) if path else ()


class BackgroundWriter:
    """MkDocs' pages written by a thread of their own while the build goes on.

    A build writes a thousand pages of a hundred kilobytes each, one after the other,
    making a file (and its folder) for each: mostly the system's work, which lets go of
    the interpreter, so a second core can do it while the first renders the next page.
    Between :meth:`start` and :meth:`finish` every ``mkdocs.utils.write_file`` (the
    theme's pages, every page; looked up on the module at each call) is queued and written
    in the order it came, so a later file still replaces an earlier one of the same
    name; :meth:`finish` waits until all are written and raises what writing met (a full
    disk, a folder that cannot be written), as MkDocs' own write would have. Nothing is
    queued when something else wraps ``write_file`` (the preview's
    :func:`writing_only_what_changed`). The queue is short: at most ``depth`` pages wait
    in memory.
    """

    def __init__(self, depth: int = 16) -> None:
        import queue

        self._queue: queue.Queue[tuple[bytes, str] | None] = queue.Queue(depth)
        self._thread: Any = None
        self._original: Any = None
        self._failed: BaseException | None = None
        self._folders: set[str] = set()

    @property
    def active(self) -> bool:
        """Whether pages are being queued (between :meth:`start` and :meth:`finish`)."""
        return self._thread is not None

    def start(self) -> bool:
        """Queue MkDocs' writes from now on; ``False`` (and nothing changed) when its
        ``write_file`` is wrapped by something else, or this writer runs already."""
        import threading

        from mkdocs import utils

        if self._thread is not None or getattr(utils.write_file, "__module__", None) != (
            "mkdocs.utils"
        ):
            return False
        self._original = utils.write_file
        self._failed = None
        self._thread = threading.Thread(target=self._run, name="handreiking-write", daemon=True)
        self._thread.start()
        utils.write_file = self._write  # type: ignore[assignment]
        return True

    def _write(self, content: bytes, output_path: str) -> None:
        if self._failed is not None:
            raise self._failed  # stop the build at the first file that could not be written
        self._queue.put((content, output_path))

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                return
            if self._failed is not None:
                continue  # what came after a failure is not written
            content, output_path = item
            try:
                folder = os.path.dirname(output_path)
                if folder not in self._folders:
                    os.makedirs(folder, exist_ok=True)
                    self._folders.add(folder)
                with open(output_path, "wb") as file:
                    file.write(content)
            except BaseException as error:  # raised in the build's thread
                self._failed = error

    def finish(self) -> None:
        """Wait until every queued page is written and write in the build's thread again;
        raises the first error writing met."""
        self._stop()
        if self._failed is not None:
            failed, self._failed = self._failed, None
            raise failed

    def abandon(self) -> None:
        """Stop writing (a build that failed): what is queued is left unwritten; the
        thread has ended when this returns, so the caller may remove the folder."""
        if self._thread is None:
            return
        self._failed = self._failed or OSError("build abandoned")
        self._stop()
        self._failed = None

    def _stop(self) -> None:
        from mkdocs import utils

        thread, self._thread = self._thread, None
        if thread is None:
            return
        if utils.write_file == self._write:
            utils.write_file = self._original  # type: ignore[assignment]
        self._queue.put(None)
        thread.join()
        self._folders = set()


def render_pages_unwritten(
    pages: list[Page], config: MkDocsConfig, files: Files, nav: Any, env: Any
) -> None:
    """Render ``pages`` as MkDocs' build does after ``on_env`` (each page's
    ``page_context`` and ``post_page`` events, the theme's template), with the build's
    documentation pages, writing none of them: in a process that renders for the build
    that forked it (``plugin/forkedpages.py``), which writes every page itself. Through
    ``mkdocs.commands.build._build_page``, with ``mkdocs.utils.write_file`` (which it
    calls by attribute) doing nothing meanwhile."""
    from mkdocs import utils
    from mkdocs.commands import build
    from mkdocs.structure.files import InclusionLevel

    doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)
    write = utils.write_file
    utils.write_file = lambda content, output_path: None
    try:
        for page in pages:
            build._build_page(page, config, doc_files, nav, env)
    finally:
        utils.write_file = write
