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

Broken data and mistakes in chapters are the plugin's (``plugin/preview_errors.py``); a
``mkdocs.yml`` that is broken at the start stops the command with its message, as
``build`` and ``check`` do.
"""

from __future__ import annotations

import html
import logging
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from mkdocs.commands import build as mkdocs_build

from handreiking.cli.settings import BrokenSettings, load_settings
from handreiking.compat.mkdocs import live_reload_server
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
    good build cleans the folder and writes every page again."""
    page = settings_error_page(problems)
    for path in [*site_dir.rglob("*.html"), site_dir / "404.html"]:
        path.write_text(page, encoding="utf-8")


def serve(config_file: str, address: str) -> None:
    """Serve the site on ``address`` and rebuild it on every change of its sources."""
    site_dir = tempfile.mkdtemp(prefix="handreiking_")

    def get_config() -> MkDocsConfig:
        # Not strict: a mistake in a chapter shows as a red message on the page itself
        # (and in the terminal) instead of stopping the preview; `handreiking check` and
        # the build stay strict.
        return load_settings(config_file, site_dir=site_dir, dev_addr=address, strict=False)

    config = get_config()  # broken at the start: the command ends with the message
    config.plugins.on_startup(command="serve", dirty=False)
    host, port = config.dev_addr
    # Served under the path of site_url, as `mkdocs serve` does.
    mount_path = urlsplit(config.site_url or "/").path
    serve_url = f"http://{host}:{port}" + ("/" + mount_path.strip("/")).rstrip("/") + "/"
    config.site_url = serve_url

    def builder(config: MkDocsConfig | None = None) -> None:
        log.info("Building documentation...")
        if config is None:
            try:
                config = get_config()
            except BrokenSettings as broken:
                if not broken.logged:
                    for problem in broken.problems:
                        log.error(str(problem))
                _show_everywhere(Path(site_dir), broken.problems)
                return
            config.site_url = serve_url
        mkdocs_build.build(config, serve_url=serve_url, dirty=False)

    def error_page(code: int) -> bytes | None:
        # As `mkdocs serve`: the site's own 404 page (the error page while broken).
        page = Path(site_dir) / f"{code}.html"
        return page.read_bytes() if code in (404, 500) and page.is_file() else None

    server = live_reload_server(builder, host, port, site_dir, mount_path, error_page)
    try:
        builder(config)
        server.watch(config.docs_dir)
        if config.config_file_path:
            server.watch(config.config_file_path)
        server = config.plugins.on_serve(server, config=config, builder=builder)
        for item in config.watch:
            server.watch(item)
        try:
            server.serve()
        except KeyboardInterrupt:
            log.info("Shutting down...")
        finally:
            server.shutdown()
    finally:
        config.plugins.on_shutdown()
        shutil.rmtree(site_dir, ignore_errors=True)
