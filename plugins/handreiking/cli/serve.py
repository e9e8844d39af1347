"""``handreiking serve``: MkDocs' live preview, kept running through a broken ``mkdocs.yml``.

``mkdocs serve`` reads ``mkdocs.yml`` again before every rebuild, before any plugin runs:
a mistake there (a wrong indent, a setting MkDocs refuses) ends that rebuild with MkDocs'
traceback in the terminal, and the browser waits for a page until the file is fixed. So
this is the same loop as ``mkdocs serve`` (temporary site folder, the plugins' startup,
serve and shutdown events, the same watched paths), with one difference: a rebuild that
finds ``mkdocs.yml`` broken says its ``mkdocs.yml:line: ...`` message once, in Dutch, and
turns every page of the served site into the preview's error page
(:func:`handreiking.plugin.preview_errors.error_page_html`). The next save that fixes the
file rebuilds the whole site as usual; live reload shows it.

A ``mkdocs.yml`` that is broken at the start is said the same way: the preview serves
the error page on every path of its address (the site's own address, ``site_url``, is
in the broken file) and watches the file and ``docs/`` next to it; the save that fixes
it builds the site, which is then served and watched as if the preview had started
with it. Broken data and mistakes in chapters are the plugin's
(``plugin/preview_errors.py``).
"""

from __future__ import annotations

import gc
import html
import logging
import os
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from mkdocs.commands import build as mkdocs_build
from mkdocs.config import config_options
from mkdocs.config.base import ValidationError
from mkdocs.exceptions import Abort

from handreiking.cli.settings import BrokenSettings, load_settings
from handreiking.compat.mkdocs import (
    live_reload_server,
    move_live_reload_server,
    theme_custom_dir,
    writing_only_what_changed,
)
from handreiking.plugin.pagecache import TEXT_SUFFIXES
from handreiking.plugin.preview_errors import HEADING, error_page_html

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

    from handreiking.errors import SourceProblem

log = logging.getLogger("mkdocs.commands.serve")

#: Enough style for the error page without the theme (whose settings are what is broken).
_STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;"
    "line-height:1.5;color:#222}"
    ".admonition{border-left:.3rem solid #d32f2f;background:#fdecea;padding:.5rem 1rem;"
    "border-radius:.2rem}"
    ".admonition-title{font-weight:bold;margin:.3rem 0}"
)


def settings_error_page(problems: Sequence[SourceProblem]) -> str:
    """A whole HTML page (no theme) with the preview's error box for ``mkdocs.yml``."""
    where = html.escape(problems[0].path, quote=False) if problems else "mkdocs.yml"
    return (
        '<!doctype html>\n<html lang="nl">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width,initial-scale=1">\n'
        f"<title>{HEADING}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n<main>\n"
        f"{error_page_html(problems, where)}"
        "</main>\n</body>\n</html>\n"
    )


def _show_everywhere(site_dir: Path, problems: Sequence[SourceProblem]) -> None:
    """Every page of the served site (and its 404 page) becomes the error page; the next
    good build writes every page again (none is what that build wrote last)."""
    page = settings_error_page(problems)
    for path in {*site_dir.rglob("*.html"), site_dir / "404.html", site_dir / "index.html"}:
        path.write_text(page, encoding="utf-8")


def serve(config_file: str, address: str) -> None:
    """Serve the site on ``address`` and rebuild it on every change of its sources.

    A ``mkdocs.yml`` broken at the start is said once and served as the error page, at
    ``address`` (the command's ``-a``, by default ``127.0.0.1:8000``; the file's own
    ``dev_addr`` is never used, broken or not), on every path, until a save fixes it:
    then the site is built and served as if the preview had started with it.
    """
    site_dir = tempfile.mkdtemp(prefix="handreiking_")
    rebuilds = Rebuilds(site_dir)
    started: MkDocsConfig | None = None  # the first good config: the preview is running
    serve_url = ""

    def get_config() -> MkDocsConfig:
        # Not strict: a mistake in a chapter shows as a red message on the page itself
        # (and in the terminal) instead of stopping the preview; `handreiking check` and
        # the build stay strict.
        return load_settings(config_file, site_dir=site_dir, dev_addr=address, strict=False)

    def start(config: MkDocsConfig) -> None:
        """What `mkdocs serve` does before its first build, with the first good config."""
        nonlocal started, serve_url
        config.plugins.on_startup(command="serve", dirty=False)
        started = config
        host, port = config.dev_addr
        # Served under the path of site_url, as `mkdocs serve` does.
        mount_path = urlsplit(config.site_url or "/").path
        serve_url = f"http://{host}:{port}" + ("/" + mount_path.strip("/")).rstrip("/") + "/"
        config.site_url = serve_url

    def watch(server: Any, config: MkDocsConfig) -> Any:
        """The paths `mkdocs serve` watches, and the plugins' own (``on_serve``)."""
        server.watch(config.docs_dir)
        if config.config_file_path:
            server.watch(config.config_file_path)
        server = config.plugins.on_serve(server, config=config, builder=builder)
        for item in config.watch:
            server.watch(item)
        return server

    def builder(config: MkDocsConfig | None = None) -> None:
        log.info("Building documentation...")
        if config is None and rebuilds.quick():
            return
        if config is None:
            try:
                config = get_config()
            except BrokenSettings as broken:
                _say(broken)
                _show_everywhere(Path(site_dir), broken.problems)
                return
            if started is None:
                # fixed at last: from here on the preview runs as if started with it
                start(config)
                move_live_reload_server(server, urlsplit(serve_url).path)
                watch(server, config)
            config.site_url = serve_url
        rebuilds.whole(config, serve_url)

    def error_page(code: int) -> bytes | None:
        # As `mkdocs serve`: the site's own 404 page (the error page while broken).
        page = Path(site_dir) / f"{code}.html"
        return page.read_bytes() if code in (404, 500) and page.is_file() else None

    try:
        first: MkDocsConfig | None = get_config()
    except BrokenSettings as broken:
        _say(broken)
        first = None
        _show_everywhere(Path(site_dir), broken.problems)
    if first is not None:
        start(first)
        host, port = first.dev_addr
        mount_path = urlsplit(serve_url).path
    else:
        host, port = _address(address)
        mount_path = "/"  # every path shows the error page; site_url is in the broken file
    server = live_reload_server(builder, host, port, site_dir, mount_path, error_page)
    try:
        if first is not None:
            builder(first)
            server = watch(server, first)
        else:
            # what can be known without the file: the file, and docs/ next to it
            server.watch(config_file)
            docs = Path(config_file).parent / "docs"
            if docs.is_dir():
                server.watch(str(docs))
        try:
            server.serve()
        except KeyboardInterrupt:
            log.info("Shutting down...")
        finally:
            server.shutdown()
    finally:
        if started is not None:
            started.plugins.on_shutdown()
        shutil.rmtree(site_dir, ignore_errors=True)


class Rebuilds:
    """The preview's rebuilds into ``site_dir``: each writes only what changed.

    After a save that changed one page of ``docs/`` and nothing else, that page alone is
    rebuilt on the last whole rebuild when a whole rebuild would change nothing else
    (:mod:`handreiking.plugin.hotedit`); after any other change, or when that cannot be,
    the whole site is rebuilt, as ``mkdocs serve`` does.
    """

    def __init__(self, site_dir: str) -> None:
        self.site_dir = site_dir
        #: what the rebuilds wrote (:func:`compat.mkdocs.writing_only_what_changed`)
        self.written: dict[str, tuple[int, int, bytes]] = {}
        #: the last whole rebuild's config, while the next may build on it
        self.last: MkDocsConfig | None = None
        #: the sources as they were when the last rebuild read them
        self.seen: dict[str, tuple[int, int]] = {}

    def whole(self, config: MkDocsConfig, serve_url: str) -> None:
        """Rebuild the whole site (the folder is not emptied first: a page whose bytes
        are those of the last rebuild is left as it is)."""
        self.last = None
        before = sources_of(config)
        # What the last whole rebuild left frozen (below) may be garbage now: the
        # collector may free it again.
        gc.unfreeze()
        with writing_only_what_changed(self.site_dir, self.written):
            mkdocs_build.build(config, serve_url=serve_url, dirty=False)
        # The rebuilds after a save keep most of what this one made (the pages, their
        # conversions, the publication): the collector's full passes over all of it
        # took a third of a second at a time in the middle of those rebuilds, and
        # found nothing to free. Frozen, it is left out of them until the next whole
        # rebuild unfreezes it.
        gc.freeze()
        # The build adds what it watches besides (templates): as they are now. Had one
        # changed while the build read it, the next save finds nothing changed, or
        # more than one file, and rebuilds the whole site.
        self.last, self.seen = config, sources_of(config) | before

    def quick(self) -> bool:
        """When the files changed since the last rebuild are one page of ``docs/``, or
        only data files (quotes, theory boxes, the bibliography): rebuild the pages that
        show what changed alone, if a whole rebuild would change nothing else
        (:func:`handreiking.plugin.hotedit.rebuild_after_save`); ``False`` when the
        whole site must be rebuilt."""
        config = self.last
        if config is None:
            return False
        now = sources_of(config)
        changed = [
            path
            for path in self.seen.keys() | now.keys()
            if self.seen.get(path) != now.get(path) and not _editors_own(path)
        ]
        plugin = config.plugins.get("handreiking")
        if (
            not changed
            or plugin is None
            or any(path not in self.seen or path not in now for path in changed)
        ):
            self.last = None  # a file made or removed: the whole site
            return False
        from handreiking.plugin.hotedit import rebuild_after_save

        try:
            with writing_only_what_changed(self.site_dir, self.written, whole=False):
                done = rebuild_after_save(plugin, config, sorted(changed))  # type: ignore[arg-type]
        except Exception:  # a fault of the shortcut: the whole rebuild is the reference
            log.debug(
                "Alleen het gewijzigde opnieuw bouwen lukte niet; de hele site volgt", exc_info=True
            )
            done = False
        if done:
            self.seen = now
        else:
            self.last = None
        return done


def _editors_own(path: str) -> bool:
    """An editor's swap or backup file (``.hoofdstuk.md.swp``, ``hoofdstuk.md~``), which
    no build reads: vim rewrites its swap file as the co-author saves."""
    name = os.path.basename(path)
    return (name.startswith(".") or name.endswith("~")) and not name.endswith(TEXT_SUFFIXES)


def sources_of(config: MkDocsConfig) -> dict[str, tuple[int, int]]:
    """Every file the preview watches, with its time and size: ``docs/``, the files next
    to ``mkdocs.yml`` (not its folders: the site and the caches), the theme's
    ``custom_dir`` and what ``watch`` names."""
    found: dict[str, tuple[int, int]] = {}

    def add(path: str, deep: bool) -> None:
        try:
            entries = list(os.scandir(path))
        except NotADirectoryError:
            info = os.stat(path)
            found[os.path.abspath(path)] = (info.st_mtime_ns, info.st_size)
            return
        except OSError:
            return
        for entry in entries:
            try:
                if entry.is_dir():
                    if deep:
                        add(entry.path, deep)
                    continue
                info = entry.stat()
            except OSError:
                continue
            found[os.path.abspath(entry.path)] = (info.st_mtime_ns, info.st_size)

    add(config.docs_dir, True)
    if config.config_file_path:
        add(os.path.dirname(os.path.abspath(config.config_file_path)), False)
    custom_dir = theme_custom_dir(config.theme)
    for path in [*([custom_dir] if custom_dir else []), *config.watch]:
        add(path, True)
    return found


def _say(broken: BrokenSettings) -> None:
    """Each problem of ``mkdocs.yml`` once in the terminal (a refused setting was said as
    MkDocs refused it)."""
    if not broken.logged:
        for problem in broken.problems:
            log.error(str(problem))


def _address(address: str) -> tuple[str, int]:
    """Host and port of ``-a``, read as MkDocs reads ``dev_addr``."""
    try:
        value = config_options.IpAddress().validate(address)
    except ValidationError as error:
        raise Abort(f"het adres '{address}' bij -a klopt niet: {error}") from None
    return value.host, value.port
