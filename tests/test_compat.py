"""The contracts with upstream internals (``handreiking/compat/``), one test per reliance.

Each test uses the real upstream object (a MkDocs page rendered from a tiny project,
Material's search plugin, a pymdownx block in a Markdown instance, pybtex's parser) and
checks that what ``handreiking.compat`` relies on still exists and still behaves so.
When an upgrade breaks one, the test fails naming the package, its installed version and
the reliance; the fix belongs in ``plugins/handreiking/compat/<package>.py`` alone.

The last test keeps it that way: no module outside ``compat/`` touches a private name
of another package (see :func:`test_no_private_upstream_name_outside_compat`).
"""

from __future__ import annotations

import ast
import importlib
import inspect
import json
import logging
import re
import socket
import textwrap
import threading
import urllib.error
import urllib.request
import xml.etree.ElementTree as etree
from collections.abc import Iterator
from contextlib import contextmanager
from importlib.metadata import version
from pathlib import Path
from typing import Any, ClassVar

import markdown
import pytest
from handreiking.compat import markdown as compat_markdown
from handreiking.compat import material as compat_material
from handreiking.compat import mkdocs as compat_mkdocs
from handreiking.compat import pybtex as compat_pybtex
from handreiking.compat import pymdownx as compat_pymdownx
from handreiking.watching import Watcher
from jinja2 import Environment
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, get_files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import normalize_url
from pymdownx.blocks import BlocksExtension, BlocksProcessor
from pymdownx.blocks.block import Block, type_string

PACKAGE = Path(__file__).resolve().parents[1] / "plugins" / "handreiking"

#: The distribution of each upstream, for its version, and the compat module about it.
UPSTREAMS = {
    "mkdocs": ("mkdocs", "compat/mkdocs.py"),
    "material": ("mkdocs-material", "compat/material.py"),
    "pymdownx": ("pymdown-extensions", "compat/pymdownx.py"),
    "pybtex": ("pybtex", "compat/pybtex.py"),
    "markdown": ("markdown", "compat/markdown.py"),
}


@contextmanager
def contract(upstream: str, reliance: str) -> Iterator[None]:
    """Turn any failure inside into one message naming the upstream and its version."""
    distribution, module = UPSTREAMS[upstream]
    try:
        yield
    except Exception as error:  # an AssertionError as much as an AttributeError
        pytest.fail(
            f"{distribution} {version(distribution)} no longer does what "
            f"plugins/handreiking/{module} relies on: {reliance}\n"
            f"({type(error).__name__}: {error})",
            pytrace=False,
        )


# -- MkDocs ---------------------------------------------------------------------------

PAGES = {
    "index.md": "# Welkom\n\nZie [het deel](andere.md#deel).\n",
    "andere.md": "# Andere pagina\n\n## Deel\n\nTekst.\n",
}


def _project(tmp_path: Path, settings: str = "", pages: dict[str, str] = PAGES) -> MkDocsConfig:
    docs = tmp_path / "docs"
    docs.mkdir()
    for name, text in pages.items():
        (docs / name).write_text(text, encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(f"site_name: Proef\n{settings}", encoding="utf-8")
    return load_config(config_file=str(tmp_path / "mkdocs.yml"))


def _page(config: MkDocsConfig, files: Files, src_uri: str) -> Page:
    file = files.get_file_from_path(src_uri)
    assert file is not None
    page = Page(None, file, config)
    page.read_source(config)
    return page


def _rendered(config: MkDocsConfig, files: Files, src_uri: str) -> Page:
    page = _page(config, files, src_uri)
    page.render(config, files)
    return page


def test_mkdocs_render_state_can_be_kept_and_restored(tmp_path: Path) -> None:
    config = _project(tmp_path)
    files = get_files(config)
    with contract(
        "mkdocs",
        "Page.render leaves _title_from_render, present_anchor_ids and links_to_anchors, "
        "and Page.title reads _title_from_render",
    ):
        target = _rendered(config, files, "andere.md")
        page = _rendered(config, files, "index.md")
        assert page._title_from_render == "Welkom"
        kept = compat_mkdocs.kept_render_state(page)
        assert kept.title == "Welkom"
        assert kept.anchor_links == {"andere.md": {"deel": "andere.md#deel"}}
        assert "deel" in (compat_mkdocs.kept_render_state(target).anchors or set())

        kept.title = "Bewaard"  # not the Markdown's first heading: Page.title reads it
        fresh = _page(config, files, "index.md")
        compat_mkdocs.restore_render_state(fresh, kept, files)
        assert fresh.title == "Bewaard"
        assert fresh.content == page.content
        assert fresh.toc is page.toc
        assert fresh.present_anchor_ids == page.present_anchor_ids
        assert fresh.links_to_anchors == page.links_to_anchors


def test_mkdocs_table_of_contents_goes_to_data_and_back(tmp_path: Path) -> None:
    config = _project(
        tmp_path, "markdown_extensions:\n  - toc\n", {"index.md": "# A\n\n## B\n\n### C\n\n## D\n"}
    )
    files = get_files(config)
    with contract("mkdocs", "a page's toc is AnchorLinks (title, id, level, children, active)"):
        page = _rendered(config, files, "index.md")
        data = compat_mkdocs.toc_data(page.toc)
        again = compat_mkdocs.toc_from_data(json.loads(json.dumps(data)))
        assert compat_mkdocs.toc_data(again) == data
        assert [item.title for item in again] == ["A"]
        assert getattr(next(iter(again)), "active", False) is True  # MkDocs marks the first
        assert [c.title for c in next(iter(again)).children] == ["B", "D"]
    with pytest.raises(ValueError):
        compat_mkdocs.toc_from_data([["A", "a", 1]])


def test_mkdocs_checks_anchors_with_the_restored_state(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    config = _project(tmp_path)
    files = get_files(config)
    with contract(
        "mkdocs", "Page.validate_anchor_links reads links_to_anchors and present_anchor_ids"
    ):
        target = _rendered(config, files, "andere.md")
        files.get_file_from_path("andere.md").page = target  # type: ignore[union-attr]
        kept = compat_mkdocs.kept_render_state(_rendered(config, files, "index.md"))
        page = _page(config, files, "index.md")
        compat_mkdocs.restore_render_state(page, kept, files)
        target.present_anchor_ids = set()
        with caplog.at_level(logging.INFO, logger="mkdocs"):
            page.validate_anchor_links(files=files, log_level=logging.WARNING)
        assert "does not contain an anchor '#deel'" in caplog.text


def test_mkdocs_builds_a_page_through_its_render_attribute(tmp_path: Path) -> None:
    from mkdocs.commands import build

    config = _project(tmp_path)
    files = get_files(config)
    calls: list[str] = []

    def render(original: compat_mkdocs.Render, config: MkDocsConfig, files: Files) -> None:
        calls.append("ours")
        original(config, files)

    with contract("mkdocs", "the build converts a page with page.render(config, files)"):
        file = files.get_file_from_path("andere.md")
        assert file is not None
        page = Page(None, file, config)
        compat_mkdocs.wrap_page_render(page, render)
        build._populate_page(page, config, files)
        assert calls == ["ours"]
        assert page.title == "Andere pagina"


class _Probe(Extension):
    """Treeprocessors at the priorities compat.mkdocs names, noting what each sees."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        probe = self

        class AddAnchor(Treeprocessor):
            def run(self, root: etree.Element) -> None:
                root[-1].set("id", "toegevoegd")

        class Retitle(Treeprocessor):
            def run(self, root: etree.Element) -> None:
                root[0].text = "Nieuwe titel"

        class Links(Treeprocessor):
            def run(self, root: etree.Element) -> None:
                probe.hrefs += [a.get("href", "") for a in root.iter("a")]

        at = compat_mkdocs
        md.treeprocessors.register(AddAnchor(md), "probe_anchor", at.ANCHORS_COLLECTED_AT + 1)
        md.treeprocessors.register(Retitle(md), "probe_title", at.TITLE_READ_AT + 1)
        md.treeprocessors.register(Links(md), "probe_links", at.LINKS_REWRITTEN_AT)


def test_mkdocs_collects_anchors_title_and_links_at_the_priorities_we_know(
    tmp_path: Path,
) -> None:
    config = _project(tmp_path)
    files = get_files(config)
    probe = _Probe()
    config.markdown_extensions.append(probe)  # type: ignore[arg-type]
    with contract(
        "mkdocs",
        "Page.render collects anchors at priority 5, the title at 1 and rewrites links at 0, "
        "each after the site's extensions",
    ):
        page = _rendered(config, files, "index.md")
        assert "toegevoegd" in (page.present_anchor_ids or set())
        assert page.title == "Nieuwe titel"
        assert probe.hrefs == ["andere.md#deel"]  # seen before MkDocs rewrote it
        assert 'href="andere/#deel"' in (page.content or "")


class _Registered(Extension):
    """Notes, when the page's tree processors run, each one's name and class."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: dict[str, str] = {}

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        seen = self.seen

        class Look(Treeprocessor):
            def run(self, root: etree.Element) -> None:
                for name in compat_markdown.MKDOCS_PAGE_TREEPROCESSORS:
                    if name in md.treeprocessors:
                        item = md.treeprocessors[name]
                        seen[name] = f"{type(item).__module__}.{type(item).__qualname__}"

        md.treeprocessors.register(Look(md), "probe_registered", 1000)


#: ``Page.render`` as MkDocs 1.6.1 has it (comments and blank lines left out):
#: :func:`compat_mkdocs.convert_page` does the same with a reused Markdown instance, so
#: a change here must be followed there.
PAGE_RENDER = """
    def render(self, config: MkDocsConfig, files: Files) -> None:
        \"\"\"Convert the Markdown source file to HTML as per the config.\"\"\"
        if self.markdown is None:
            raise RuntimeError("`markdown` field hasn't been set (via `read_source`)")
        md = markdown.Markdown(
            extensions=config['markdown_extensions'],
            extension_configs=config['mdx_configs'] or {},
        )
        raw_html_ext = _RawHTMLPreprocessor()
        raw_html_ext._register(md)
        extract_anchors_ext = _ExtractAnchorsTreeprocessor(self.file, files, config)
        extract_anchors_ext._register(md)
        relative_path_ext = _RelativePathTreeprocessor(self.file, files, config)
        relative_path_ext._register(md)
        extract_title_ext = _ExtractTitleTreeprocessor()
        extract_title_ext._register(md)
        self.content = md.convert(self.markdown)
        self.toc = get_toc(getattr(md, 'toc_tokens', []))
        self._title_from_render = extract_title_ext.title
        self.present_anchor_ids = (
            extract_anchors_ext.present_anchor_ids | raw_html_ext.present_anchor_ids
        )
        if log.getEffectiveLevel() > logging.DEBUG:
            self.links_to_anchors = relative_path_ext.links_to_anchors
"""


def test_mkdocs_page_render_is_what_convert_page_does() -> None:
    with contract("mkdocs", "Page.render is what compat.mkdocs.convert_page copies"):
        assert _code(inspect.getsource(Page.render)) == _code(PAGE_RENDER)


#: Pages that leave state in a Markdown instance (footnotes, abbreviations, ids made
#: from headings, raw HTML anchors, links to anchors), each converted after the others.
REUSE_PAGES = {
    "index.md": "# Welkom\n\nZie [het deel](andere.md#deel) en de AVG.[^1]\n\n"
    "*[AVG]: Algemene verordening gegevensbescherming\n\n[^1]: Een voetnoot.\n",
    "andere.md": '# Andere pagina\n\n## Deel\n\nTekst[^1] met <a id="hier"></a> een anker.\n\n'
    '[^1]: Een andere voetnoot.\n\n## Deel\n\n!!! note "Let op"\n    Binnen.\n',
    "derde.md": "Geen titel, wel [een link](andere.md#deel_1) en AVG zonder afkorting.\n\n"
    "| a | b |\n|---|---|\n| 1 | 2 |\n\n<div markdown>*nadruk*</div>\n",
}


def _state(page: Page) -> tuple[Any, ...]:
    links = {file.src_uri: anchors for file, anchors in (page.links_to_anchors or {}).items()}
    return (page.content, str(page.toc), page.title, page.present_anchor_ids, links)


def _converted_as_mkdocs_does(
    config: MkDocsConfig, files: Files, src_uri: str, made: list[markdown.Markdown]
) -> None:
    """Convert ``src_uri`` by ``convert_page`` (each Markdown instance made meanwhile
    noted in ``made``): it leaves on the page what MkDocs' own ``Page.render`` does."""
    expected = _state(_rendered(config, files, src_uri))
    page = _page(config, files, src_uri)
    init = markdown.Markdown.__init__

    def counted(self: markdown.Markdown, **kwargs: Any) -> None:
        made.append(self)
        init(self, **kwargs)

    markdown.Markdown.__init__ = counted  # type: ignore[method-assign]
    try:
        compat_mkdocs.convert_page(page, page.render, config, files)
    finally:
        markdown.Markdown.__init__ = init  # type: ignore[method-assign]
    assert _state(page) == expected, src_uri


def test_mkdocs_pages_converted_with_one_markdown_instance_are_as_mkdocs_makes_them(
    tmp_path: Path,
) -> None:
    settings = (
        "markdown_extensions:\n  - abbr\n  - footnotes\n  - admonition\n  - tables\n"
        "  - attr_list\n  - md_in_html\n  - toc:\n      permalink: true\n"
    )
    config = _project(tmp_path, settings, REUSE_PAGES)
    files = get_files(config)
    made: list[markdown.Markdown] = []
    with contract("mkdocs", "a page converted as Page.render does is what Page.render makes"):
        for order in (list(REUSE_PAGES), list(reversed(REUSE_PAGES)), ["andere.md"] * 2):
            for src_uri in order:
                _converted_as_mkdocs_does(config, files, src_uri, made)
        # made once (and a probe to build the extensions with), for every page after
        assert len(made) <= 2


class _Elsewhere(Extension):
    """An extension from outside Python-Markdown and ours: its state is not known."""

    def __init__(self) -> None:
        super().__init__()
        self.made = 0

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        self.made += 1


def test_mkdocs_pages_get_a_new_markdown_instance_with_another_extension(
    tmp_path: Path,
) -> None:
    config = _project(tmp_path, "markdown_extensions:\n  - toc\n", REUSE_PAGES)
    files = get_files(config)
    elsewhere = _Elsewhere()
    config.markdown_extensions.append(elsewhere)  # type: ignore[arg-type]
    made: list[markdown.Markdown] = []
    with contract("mkdocs", "a page converted as Page.render does is what Page.render makes"):
        for src_uri in REUSE_PAGES:
            _converted_as_mkdocs_does(config, files, src_uri, made)
    assert elsewhere.made == 2 * len(REUSE_PAGES)  # MkDocs' instance and ours, every page
    # one probe to find the extensions out, once: then MkDocs' own instance, every page
    assert len(made) == 1 + len(REUSE_PAGES)


def test_mkdocs_registers_its_tree_processors_by_the_names_we_know(tmp_path: Path) -> None:
    config = _project(tmp_path)
    files = get_files(config)
    registered = _Registered()
    config.markdown_extensions.append(registered)  # type: ignore[arg-type]
    with contract("mkdocs", "Page.render registers its tree processors by these names"):
        _rendered(config, files, "index.md")
        assert registered.seen == compat_markdown.MKDOCS_PAGE_TREEPROCESSORS


def test_markdown_escapes_a_character_with_its_code_point() -> None:
    seen: list[str] = []

    class Look(Treeprocessor):
        def run(self, root: etree.Element) -> None:
            seen.append(root[0].text or "")

    md = markdown.Markdown()
    md.treeprocessors.register(Look(md), "probe_escaped", 19)  # after "inline" (20)
    with contract("markdown", "a backslash escape stands as STX, its code point, ETX"):
        md.convert("a\\*b")
        assert seen == ["a" + compat_markdown.escaped("*") + "b"]


def test_mkdocs_keeps_the_options_of_markdown_extensions(tmp_path: Path) -> None:
    config = _project(tmp_path, "markdown_extensions:\n  - toc:\n      permalink: true\n")
    with contract("mkdocs", "MkDocsConfig.mdx_configs holds the extensions' options by name"):
        assert compat_mkdocs.markdown_extension_configs(config)["toc"] == {"permalink": True}


def test_mkdocs_relative_to_docs_is_the_one_level_below_debug(tmp_path: Path) -> None:
    settings = "validation:\n  absolute_links: relative_to_docs\n  anchors: ignore\n"
    config = _project(tmp_path, settings)
    with contract("mkdocs", "validation's relative_to_docs is a level below logging.DEBUG"):
        assert compat_mkdocs.means_relative_to_docs(config.validation.links.absolute_links)
        for level in ("warn", "info", "ignore"):
            assert not compat_mkdocs.means_relative_to_docs(
                {"warn": logging.WARNING, "info": logging.INFO, "ignore": logging.DEBUG}[level]
            )
        assert config.validation.links.anchors == logging.DEBUG


def test_mkdocs_keeps_a_plugin_with_on_startup_until_it_is_forgotten(tmp_path: Path) -> None:
    with contract("mkdocs", "MkDocsConfig.plugins.plugin_cache keeps on_startup plugins"):
        config = _project(tmp_path, "theme: material\nplugins:\n  - material/search\n")
        kept = config.plugins["material/search"]
        assert hasattr(kept, "on_startup")
        again = load_config(config_file=str(tmp_path / "mkdocs.yml"))
        assert again.plugins["material/search"] is kept
        compat_mkdocs.forget_plugin_instances()
        fresh = load_config(config_file=str(tmp_path / "mkdocs.yml"))
        assert fresh.plugins["material/search"] is not kept


def test_mkdocs_writes_through_utils_so_the_preview_writes_only_what_changed(
    tmp_path: Path,
) -> None:
    from mkdocs.commands.build import build

    config_file = str(tmp_path / "mkdocs.yml")
    _project(tmp_path, "theme:\n  name: material\nplugins:\n  - search\n")
    site = tmp_path / "site"
    written: dict[str, tuple[int, int, bytes]] = {}

    def rebuild() -> dict[Path, int]:
        with compat_mkdocs.writing_only_what_changed(str(site), written):
            build(load_config(config_file=config_file, site_dir=str(site)))
        return {p: p.stat().st_mtime_ns for p in site.rglob("*") if p.is_file()}

    with contract("mkdocs", "the build empties, writes and copies through mkdocs.utils"):
        before = rebuild()
        (tmp_path / "docs" / "andere.md").write_text("# Andere pagina\n\n## Deel\n\nNieuw.\n")
        after = rebuild()
        index, other = site / "index.html", site / "andere" / "index.html"
        assert after[index] == before[index]  # the same bytes: not written again
        assert after[other] != before[other] and "Nieuw." in other.read_text()
        assert (site / "search" / "search_index.json").is_file()
        theme_css = next(p for p in before if p.suffix == ".css")
        assert after[theme_css] == before[theme_css]  # copied once
        (tmp_path / "docs" / "weg.md").write_text("# Weg\n")
        assert (site / "weg" / "index.html") in rebuild()
        (tmp_path / "docs" / "weg.md").unlink()
        assert (site / "weg" / "index.html") not in rebuild()  # gone from the sources


def test_mkdocs_pages_written_in_the_background_are_the_pages_it_writes(
    tmp_path: Path,
) -> None:
    """A build whose pages go through :class:`compat.mkdocs.BackgroundWriter` writes the
    bytes its own ``write_file`` writes; a write that fails stops it with that error."""
    from mkdocs.commands.build import build
    from mkdocs.plugins import BasePlugin

    config_file = str(tmp_path / "mkdocs.yml")
    _project(tmp_path, "theme:\n  name: material\nplugins:\n  - search\n")
    (tmp_path / "docs" / "andere.md").write_text("# Andere pagina\n\nTekst.\n")
    writer = compat_mkdocs.BackgroundWriter(depth=2)

    class Background(BasePlugin):  # type: ignore[type-arg]
        blocked = False

        def on_env(self, env: Any, *, config: Any, **kwargs: Any) -> Any:
            if self.blocked:  # a file where a page's folder must come
                Path(config.site_dir, "andere").write_text("geen map")
            assert writer.start()
            return env

        def on_post_build(self, **kwargs: Any) -> None:
            writer.finish()

        def on_build_error(self, **kwargs: Any) -> None:
            writer.abandon()

    def built(site: Path, background: Background | None) -> dict[str, bytes]:
        config = load_config(config_file=config_file, site_dir=str(site))
        if background is not None:
            config.plugins["background"] = background
        build(config)
        return {str(p.relative_to(site)): p.read_bytes() for p in site.rglob("*") if p.is_file()}

    from mkdocs import utils

    with contract("mkdocs", "the build writes its pages through mkdocs.utils.write_file"):
        assert built(tmp_path / "bg", Background()) == built(tmp_path / "plain", None)
        assert getattr(utils.write_file, "__module__", None) == "mkdocs.utils"  # given back
    blocking = Background()
    blocking.blocked = True
    with pytest.raises(OSError):
        built(tmp_path / "geblokkeerd", blocking)
    assert not writer.active
    assert getattr(utils.write_file, "__module__", None) == "mkdocs.utils"


def _andere_page(config: MkDocsConfig) -> tuple[Files, Navigation, Environment, File]:
    """The project's files, navigation and theme environment, and its file ``andere.md``
    (with its page), as MkDocs' build makes them."""
    from mkdocs.commands.build import get_navigation

    files = get_files(config)
    nav = get_navigation(files, config)
    file = files.get_file_from_path("andere.md")
    assert file is not None and file.page is not None
    return files, nav, config.theme.get_env(), file


def test_mkdocs_builds_one_page_again_with_the_last_files_nav_and_env(tmp_path: Path) -> None:
    config = _project(tmp_path, "theme:\n  name: material\n")
    site = Path(config.site_dir)
    with contract(
        "mkdocs",
        "_populate_page(page, config, files) converts a page and _build_page(page, config, "
        "doc_files, nav, env) renders and writes it",
    ):
        files, nav, env, file = _andere_page(config)
        assert file.page is not None
        compat_mkdocs.populate_page(file.page, config, files)
        compat_mkdocs.render_page(file.page, config, files, nav, env)
        (tmp_path / "docs" / "andere.md").write_text("# Andere pagina\n\nOpnieuw.\n")
        compat_mkdocs.populate_page(file.page, config, files)
        assert "Opnieuw." in (file.page.content or "")
        compat_mkdocs.render_page(file.page, config, files, nav, env)
        written = (site / "andere" / "index.html").read_text(encoding="utf-8")
        assert "Opnieuw." in written and "Andere pagina" in written
        assert not (site / "index.html").exists()  # that page alone


def test_mkdocs_renders_pages_without_writing_them(tmp_path: Path) -> None:
    config = _project(tmp_path, "theme:\n  name: material\nplugins: []\n")
    site = Path(config.site_dir)
    with contract(
        "mkdocs",
        "_build_page(page, config, doc_files, nav, env) writes through mkdocs.utils.write_file, "
        "looked up when it writes, after the post_page event has the page's output",
    ):
        files, nav, env, file = _andere_page(config)
        assert file.page is not None
        compat_mkdocs.populate_page(file.page, config, files)
        seen: list[str] = []
        config.plugins.events["post_page"].append(lambda output, **kw: seen.append(output))
        compat_mkdocs.render_pages_unwritten([file.page], config, files, nav, env)
        assert len(seen) == 1 and "Andere pagina" in seen[0]  # rendered,
        assert not (site / "andere" / "index.html").exists()  # not written
        compat_mkdocs.render_page(file.page, config, files, nav, env)
        assert (site / "andere" / "index.html").exists()  # writing is back


def test_mkdocs_theme_names_its_custom_dir(tmp_path: Path) -> None:
    (tmp_path / "eigen").mkdir()
    config = _project(tmp_path, "theme:\n  name: mkdocs\n  custom_dir: eigen\n")
    with contract("mkdocs", "Theme.custom_dir is the custom_dir, first in Theme.dirs"):
        custom_dir = compat_mkdocs.theme_custom_dir(config.theme)
        assert custom_dir is not None and Path(custom_dir) == tmp_path / "eigen"
        assert Path(config.theme.dirs[0]) == Path(custom_dir)


def test_mkdocs_relative_address_depends_on_the_shared_and_the_folders_parts(
    tmp_path: Path,
) -> None:
    # Pages in folders of every kind, with and without directory addresses.
    names = ["index.md", "a.md", "a/b.md", "a/index.md", "a/b/c.md", "x/b/c.md", "a/x.md"]
    links = ["a/", "a/b/", "a/b/c/", "x/b/c/", "b/", "a/b.html", "a/x/", "../a/", "./a/",
             "a//b/", "a/./b/", "a/../x/", "https://example.org/a/", "/a/", "#deel", "a",
             "index.html", "a/b/c.pdf"]  # fmt: skip
    for directory_urls in (True, False):
        root = tmp_path / str(directory_urls)
        root.mkdir()
        config = _project(root, f"use_directory_urls: {str(directory_urls).lower()}\n", {})
        for name in names:
            (root / "docs" / name).parent.mkdir(parents=True, exist_ok=True)
            (root / "docs" / name).write_text("# Kop\n", encoding="utf-8")
        files = get_files(config)
        pages = [_page(config, files, name) for name in names]
        with contract("mkdocs", "normalize_url depends on the page only by the folder's parts"):
            addresses: dict[tuple[object, ...], set[str]] = {}
            for link in links:
                parts = compat_mkdocs.url_parts(link)
                assert parts is not None
                for page in pages:
                    folder = compat_mkdocs.page_folder_parts(page.url)
                    shared = next(
                        (n for n, (a, b) in enumerate(zip(folder, parts, strict=False)) if a != b),
                        min(len(folder), len(parts)),
                    )
                    key = (link, len(folder), shared)
                    addresses.setdefault(key, set()).add(normalize_url(link, page=page))
            assert all(len(found) == 1 for found in addresses.values()), addresses
            # and pages in different folders share addresses: the key is worth having
            assert len(addresses) < len(links) * len(pages)


def test_mkdocs_live_reload_server_rebuilds_through_its_builder(tmp_path: Path) -> None:
    """A change of a watched path calls ``builder()``; its return reloads the browsers
    (the poll answers with a newer version); pages come from ``root`` with the reload
    script, and a missing one from ``error_page``, with the script too; the server moves
    to another path, and watches a file of a folder by name."""
    root, sources = tmp_path / "site", tmp_path / "docs"
    root.mkdir()
    sources.mkdir()
    (root / "index.html").write_text("<html><body>Hallo</body></html>", encoding="utf-8")
    built = threading.Event()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    with contract(
        "mkdocs",
        "LiveReloadServer(builder=, ...), error_handler, builder(), _inject_js_into_html, "
        "_visible_epoch, mount_path, url, observer, _rebuild_cond, _want_rebuild, "
        "polling_interval, build_delay",
    ):
        server = compat_mkdocs.live_reload_server(
            built.set, "127.0.0.1", port, str(root), "/wijk/", lambda code: b"fout %d" % code
        )
        # a save is heard of at once where the system announces it, else looked for
        # ten times a second, and built 0.05 s later (MkDocs: twice a second, 0.1 s)
        assert isinstance(server.observer, Watcher)
        assert server.observer.polling_interval == compat_mkdocs.POLLING_INTERVAL == 0.1
        assert server.build_delay == compat_mkdocs.BUILD_DELAY == 0.05
        server.watch(str(sources))
        serving = threading.Thread(target=server.serve, daemon=True)
        serving.start()
        try:
            base = f"http://127.0.0.1:{port}/wijk/"
            page = _fetch(base, wait=True)
            assert "Hallo<script>" in page and "livereload(" in page
            epoch = int(re.search(r"livereload\((\d+)", page)[1])  # type: ignore[index]
            with pytest.raises(urllib.error.HTTPError) as missing:
                _fetch(base + "weg/")
            assert missing.value.code == 404
            error_page = missing.value.read().decode("utf-8")
            assert error_page.startswith("fout 404<script>") and "livereload(" in error_page
            (sources / "a.md").write_text("# A\n", encoding="utf-8")
            assert built.wait(timeout=30), "no rebuild after a change of a watched path"
            assert int(_fetch(f"http://127.0.0.1:{port}/livereload/{epoch}/1")) > epoch
            # moved to another path while serving
            compat_mkdocs.move_live_reload_server(server, "/elders")
            assert "Hallo<script>" in _fetch(f"http://127.0.0.1:{port}/elders/")
            # a file by name, in a folder watched for nothing else, made while serving
            built.clear()
            wanted = tmp_path / "later.yml"
            compat_mkdocs.watch_folder_for(server, str(tmp_path), lambda p: p == str(wanted))
            wanted.write_text("a: 1\n", encoding="utf-8")
            assert built.wait(timeout=30), "no rebuild after a file watched by name was made"
        finally:
            server.shutdown()
            serving.join(timeout=10)


def _fetch(url: str, wait: bool = False) -> str:
    """The body at ``url``; with ``wait``, once the server (starting) accepts."""
    for _attempt in range(150 if wait else 1):
        try:
            with urllib.request.urlopen(url, timeout=30) as response:
                return str(response.read().decode("utf-8"))
        except urllib.error.URLError as error:
            if isinstance(error, urllib.error.HTTPError) or not wait:
                raise
            threading.Event().wait(0.2)
    raise AssertionError(f"nothing serves {url}")


# -- Material -------------------------------------------------------------------------


def test_material_search_indexes_pages_through_its_index(tmp_path: Path) -> None:
    config = _project(tmp_path, "theme:\n  name: material\nplugins:\n  - search\n")
    files = get_files(config)
    seen: list[str] = []

    def index_page(page: Page, as_material: Any) -> list[dict[str, Any]]:
        seen.append(page.file.src_uri)
        return as_material()  # type: ignore[no-any-return]

    with contract(
        "material",
        "the search plugin keeps search_index, whose add_entry_from_context appends a page's "
        "entries to the list entries that generate_search_index writes",
    ):
        plugin = config.plugins["material/search"]
        plugin.on_config(config)
        page = _rendered(config, files, "andere.md")
        plain = type(plugin.search_index)(**plugin.config)
        plain.add_entry_from_context(page)
        assert plain.entries, "Material made no entries for a page with a heading"

        compat_material.wrap_search_indexing(config.plugins, index_page)
        plugin.on_page_context({}, page=page, config=config, nav=None)
        assert seen == ["andere.md"]
        assert plugin.search_index.entries == plain.entries
        written = json.loads(plugin.search_index.generate_search_index(None))
        assert written["docs"] == plain.entries


# The search plugin's scrubbing of data-search- attributes, skipped where there are none.


def test_material_search_scrubs_only_what_has_search_attributes(tmp_path: Path) -> None:
    config = _project(tmp_path, "theme:\n  name: material\nplugins:\n  - search\n")
    files = get_files(config)
    with contract(
        "material",
        "the search plugin's on_page_context indexes the page, then takes every "
        "data-search- attribute out of its content, and is registered as the plugin's "
        "page_context event",
    ):
        plugin = config.plugins["material/search"]
        plugin.on_config(config)
        compat_material.skip_needless_scrubbing(config.plugins)
        handlers = config.plugins.events["page_context"]
        assert not any(getattr(h, "__self__", None) is plugin for h in handlers)
        compat_material.skip_needless_scrubbing(config.plugins)  # twice: as once
        assert len(config.plugins.events["page_context"]) == len(handlers)
        page = _rendered(config, files, "andere.md")
        plain = type(plugin.search_index)(**plugin.config)
        plain.add_entry_from_context(page)
        content = page.content or ""
        assert "data-search-" not in content
        config.plugins.run_event("page_context", {}, page=page, config=config, nav=None)
        assert page.content is content  # nothing to take out: the same text
        assert plugin.search_index.entries == plain.entries
        # with an attribute to take out: as Material takes it out
        marked = content.replace("<h1", '<h1 data-search-exclude="ja"', 1)
        assert marked != content
        page.content = marked
        as_material = type(plugin.search_index)(**plugin.config)
        as_material.add_entry_from_context(page)
        config.plugins.run_event("page_context", {}, page=page, config=config, nav=None)
        assert page.content == content
        assert plugin.search_index.entries == plain.entries + as_material.entries


# The search plugin's default settings, looked up in one environment per on_config.


def test_material_search_defaults_looked_up_in_one_environment(tmp_path: Path) -> None:
    yml = "theme:\n  name: material\n  language: nl\nplugins:\n  - search\n"
    (tmp_path / "once").mkdir()
    (tmp_path / "plain").mkdir()
    with contract(
        "material",
        "the search plugin's on_config looks up its default lang, separator and pipeline "
        "with _translate(config, key), rendering partials/language.html in a new "
        "environment each time, and is registered as the plugin's config event",
    ):
        config = _project(tmp_path / "once", yml)
        plugin = config.plugins["material/search"]
        environments: list[Any] = []
        get_env = config.theme.get_env

        def counted() -> Any:
            environments.append(get_env())
            return environments[-1]

        config.theme.get_env = counted  # type: ignore[method-assign]
        compat_material.translating_in_one_environment(config.plugins)
        compat_material.translating_in_one_environment(config.plugins)  # twice: as once
        config.plugins.run_event("config", config)
        assert len(environments) == 1
        assert "_translate" not in vars(plugin)  # only while its on_config runs
        once = {name: plugin.config[name] for name in ("lang", "separator", "pipeline")}
        # as Material looks them up itself, an environment per setting
        plain_config = _project(tmp_path / "plain", yml)
        plain = plain_config.plugins["material/search"]
        plain_config.plugins.run_event("config", plain_config)
        assert once == {name: plain.config[name] for name in once}
        assert once["lang"] == ["nl"] and once["separator"] and once["pipeline"]


#: A page of sections in a block, as the overviews of quotes have them: a part may end
#: in what closes the block, and a part that is no section of its own is refused.
PARTS_PAGE = """# Alle citaten

Inleiding met *nadruk*.

<div class="overzicht" markdown>

## Editie Noord {#noord}

Eerste  alinea.

### Thema tijd {#noord-tijd}

- een
- twee

Lege: <span></span> en &amp; tekens.

## Editie West {#west}

Laatste alinea.

</div>

Na het blok.
"""


def test_material_search_indexes_a_part_of_a_page_as_in_the_whole(tmp_path: Path) -> None:
    config = _project(
        tmp_path,
        "theme:\n  name: material\nplugins:\n  - search\nmarkdown_extensions:\n"
        "  - attr_list\n  - md_in_html\n  - toc\n",
        {"index.md": "# Start\n", "andere.md": PARTS_PAGE},
    )
    files = get_files(config)
    with contract(
        "material",
        "the search plugin's Parser makes one section per heading with an id, and "
        "SearchIndex.create_entry_for_section makes its entry, as add_entry_from_context does",
    ):
        plugin = config.plugins["material/search"]
        plugin.on_config(config)
        page = _rendered(config, files, "andere.md")
        whole = type(plugin.search_index)(**plugin.config)
        whole.add_entry_from_context(page)
        content = page.content or ""
        assert compat_material.splits_into_parts(content)
        starts = [m.start() for m in compat_material.PART_START.finditer(content)]
        assert len(starts) == 3
        parts = [content[a:b] for a, b in zip(starts, [*starts[1:], len(content)], strict=True)]
        made = [compat_material.index_part(config.plugins, page, part) for part in parts]
        # the last part closes the block it is in, and what follows goes to the first
        # section: not a part Material indexes alone
        assert made[2] is None
        assert [entries[0] for entries in made[:2] if entries] == whole.entries[1:3]
        assert not compat_material.splits_into_parts(content + "<pre>x</pre>")


def test_material_search_takes_entries_it_did_not_make(tmp_path: Path) -> None:
    config = _project(tmp_path, "theme:\n  name: material\nplugins:\n  - search\n")
    files = get_files(config)
    kept = [{"location": "andere/", "title": "Bewaard", "text": "uit de vorige ronde"}]
    with contract("material", "search_index.entries is the index Material writes"):
        plugin = config.plugins["material/search"]
        plugin.on_config(config)
        page = _rendered(config, files, "andere.md")
        compat_material.wrap_search_indexing(config.plugins, lambda page, made: list(kept))
        plugin.on_page_context({}, page=page, config=config, nav=None)
        written = json.loads(plugin.search_index.generate_search_index(None))
        assert written["docs"] == kept


def _indexed_by_material(config: Any, files: Any) -> tuple[Any, list[Any]]:
    """Material's search plugin of ``config``, set up, with ``index.md`` and ``andere.md``
    rendered and indexed (in that order): the plugin and the two pages."""
    plugin = config.plugins["material/search"]
    plugin.on_config(config)
    pages = [_rendered(config, files, name) for name in ("index.md", "andere.md")]
    for page in pages:
        plugin.on_page_context({}, page=page, config=config, nav=None)
    return plugin, pages


def _add_awkward_entries(plugin: Any) -> None:
    """Entries as JSON writes them otherwise: text beyond ASCII, quotes, numbers, what
    has no form of its own in JSON (Material writes its str)."""
    plugin.search_index.entries.append(
        {"location": "a/#é", "title": 'Z\u00fcrich "x" \U0001f600', "n": [1, 2.5, None]}
    )
    plugin.search_index.entries.append({"location": "b/", "text": Path("p"), "x": {}})


def test_material_search_indexes_one_page_again_in_its_place(tmp_path: Path) -> None:
    config = _project(tmp_path, "theme:\n  name: material\nplugins:\n  - search\n")
    files = get_files(config)
    with contract(
        "material",
        "search_index.entries holds each page's entries in one run, on_page_context adds a "
        "page's entries at its end, on_post_build writes them to search/search_index.json",
    ):
        plugin, pages = _indexed_by_material(config, files)
        before = [dict(entry) for entry in plugin.search_index.entries]
        assert {entry["location"].split("#")[0] for entry in before} == {"", "andere/"}
        taken = compat_material.take_out_page_entries(config.plugins, pages[0].url)
        assert taken is not None
        assert all(e["location"].startswith("andere/") for e in plugin.search_index.entries)
        plugin.on_page_context({}, page=pages[0], config=config, nav=None)
        compat_material.put_back_page_entries(taken)
        assert plugin.search_index.entries == before
        compat_material.write_search_indexes(config.plugins, config)
        index = Path(config.site_dir) / "search" / "search_index.json"
        assert json.loads(index.read_text(encoding="utf-8"))["docs"] == before


def test_material_search_index_written_entry_by_entry_is_materials(tmp_path: Path) -> None:
    config = _project(tmp_path, "theme:\n  name: material\nplugins:\n  - search\n")
    files = get_files(config)
    with contract(
        "material",
        "on_post_build writes generate_search_index's JSON of the index's settings and "
        "entries to search/search_index.json, and is registered as the plugin's "
        "post_build event",
    ):
        plugin, _pages = _indexed_by_material(config, files)
        _add_awkward_entries(plugin)
        entries = list(plugin.search_index.entries)
        index = Path(config.site_dir) / "search" / "search_index.json"
        plugin.on_post_build(config=config)  # Material's own
        materials = index.read_bytes()
        index.unlink()
        written: list[int] = []
        handlers = list(config.plugins.events["post_build"])
        compat_material.write_search_index_by_entry(
            config.plugins, lambda done: written.append(len(done.search_index.entries))
        )
        assert config.plugins.events["post_build"] != handlers, "Material's writer not replaced"
        config.plugins.run_event("post_build", config=config)
        assert index.read_bytes() == materials
        assert written == [len(entries)]
        assert plugin.search_index.entries == entries
        # an empty index as well
        del plugin.search_index.entries[:]
        plugin.on_post_build(config=config)
        materials = index.read_bytes()
        config.plugins.run_event("post_build", config=config)
        assert index.read_bytes() == materials


def test_material_search_index_written_again_with_kept_entries_is_materials(
    tmp_path: Path,
) -> None:
    config = _project(tmp_path, "theme:\n  name: material\nplugins:\n  - search\n")
    files = get_files(config)
    with contract(
        "material",
        "on_post_build writes generate_search_index's JSON of the index's settings and "
        "entries to search/search_index.json",
    ):
        plugin, pages = _indexed_by_material(config, files)
        _add_awkward_entries(plugin)
        index = Path(config.site_dir) / "search" / "search_index.json"

        def materials() -> bytes:
            plugin.on_post_build(config=config)  # Material's own
            written = index.read_bytes()
            index.unlink()
            return written

        for _round in range(2):  # the second time with every entry's JSON kept
            expected = materials()
            compat_material.write_search_indexes(config.plugins, config)
            assert index.read_bytes() == expected
        # one page indexed again in its place: its new entries (new objects) written
        taken = compat_material.take_out_page_entries(config.plugins, pages[1].url)
        assert taken is not None
        plugin.on_page_context({}, page=pages[1], config=config, nav=None)
        compat_material.put_back_page_entries(taken)
        plugin.search_index.entries[-1] = {"location": "b/", "text": "anders"}
        expected = materials()
        compat_material.write_search_indexes(config.plugins, config)
        assert index.read_bytes() == expected
        assert b"anders" in expected
        # fewer entries, then one more than that: each kept entry found where it is now
        del plugin.search_index.entries[1]
        plugin.search_index.entries.insert(0, {"location": "c/", "text": "nieuw"})
        del plugin.search_index.entries[-2]
        for _round in range(2):
            expected = materials()
            compat_material.write_search_indexes(config.plugins, config)
            assert index.read_bytes() == expected
            plugin.search_index.entries.append({"location": "d/", "text": "nog een"})
        assert b"nieuw" in expected and b"nog een" in expected
        # none at all
        del plugin.search_index.entries[:]
        expected = materials()
        compat_material.write_search_indexes(config.plugins, config)
        assert index.read_bytes() == expected


@pytest.mark.parametrize("name", ["nav.html", "tabs.html", "nav-item.html"])
def test_material_partials_we_copied_are_unchanged_but_for_the_call(name: str) -> None:
    import material
    from handreiking.plugin.templating import TEMPLATES

    theirs = (Path(material.__file__).parent / "templates" / "partials" / name).read_text()
    ours = (TEMPLATES / "partials" / name).read_text()
    # our comment on top, then Material's file with the item wrapped in the call
    ours = ours.split("-#}\n", 1)[1]
    call = r'\{% call handreiking_nav\(\w+, "\w+", page\) %\}(.*?)\{% endcall %\}'
    ours = re.sub(call, r"\1", ours)
    with contract("material", f"our templates/partials/{name} copies Material's"):
        assert ours == theirs


# -- pymdown-extensions ---------------------------------------------------------------


class _Seen:
    options: ClassVar[dict[str, Any]] = {}
    order: ClassVar[list[str]] = []


class _LenientBlock(compat_pymdownx.ValidatingBlock):
    NAME = "proef"
    ARGUMENT = None
    OPTIONS = {"kleur": ("", type_string)}  # noqa: RUF012 (pymdownx's own idiom)

    def on_options(self, arg: Any, options: dict[str, Any]) -> dict[str, Any]:
        _Seen.options = dict(options)
        return {k: v for k, v in options.items() if self.accepts_option(k)}

    def on_options_rejected(self, arg: Any, options: dict[str, Any]) -> bool:
        _Seen.order.append("rejected")
        return True

    def on_create(self, parent: etree.Element) -> etree.Element:
        el = etree.SubElement(parent, "div", {"class": "proef"})
        el.set("data-kleur", str(self.options["kleur"]))
        el.set("data-argument", str(self.argument))
        return el

    def on_inline_end(self, block: etree.Element) -> None:
        _Seen.order.append("inline end")


class _StrictBlock(Block):
    NAME = "streng"

    def on_create(self, parent: etree.Element) -> etree.Element:
        return etree.SubElement(parent, "div")


class _BeforeInlineEnd(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        emphasis = [el.text for el in root.iter("em")]
        _Seen.order.append(f"ours after inline {emphasis}")


class _Blocks(BlocksExtension):
    def extendMarkdownBlocks(self, md: markdown.Markdown, block_mgr: BlocksProcessor) -> None:
        block_mgr.register(_LenientBlock, {})
        block_mgr.register(_StrictBlock, {})
        compat_pymdownx.escape_characters(md, ["@"])
        md.treeprocessors.register(_BeforeInlineEnd(md), "probe", compat_pymdownx.BEFORE_INLINE_END)


def _blocks_markdown() -> markdown.Markdown:
    _Seen.options, _Seen.order = {}, []
    return markdown.Markdown(extensions=[_Blocks()])


def test_pymdownx_validates_options_in_validate() -> None:
    with contract(
        "pymdownx",
        "Block._validate(parent, arg, **options) checks the header's options against "
        "option_spec and fills argument and options; False prints the block as text",
    ):
        parameters = list(inspect.signature(Block._validate).parameters)
        assert parameters == ["self", "parent", "arg", "options"]
        md = _blocks_markdown()
        html = md.convert("/// proef | een\n    kleur: rood\n    maat: groot\n\ntekst\n///\n")
        assert _Seen.options == {"kleur": "rood", "maat": "groot"}
        assert '<div class="proef" data-argument="een" data-kleur="rood">' in html
        strict = md.convert("/// streng\n    maat: groot\n\ntekst\n///\n")
        assert "/// streng" in strict  # an unknown option: literal text


def test_pymdownx_block_rejected_options_can_be_dropped() -> None:
    with contract("pymdownx", "Block._validate without options accepts a block after all"):
        md = _blocks_markdown()
        html = md.convert("/// proef\n    attrs: 5\n\ntekst\n///\n")
        assert "rejected" in _Seen.order
        assert '<div class="proef"' in html


def test_pymdownx_lists_the_registered_blocks() -> None:
    with contract("pymdownx", "BlocksProcessor.blocks holds the registered blocks by name"):
        md = _blocks_markdown()
        names = compat_pymdownx.registered_block_names(md)
        assert names[-2:] == ["proef", "streng"]
        manager = md.parser.blockprocessors["blocks"]
        assert isinstance(manager, BlocksProcessor)
        assert compat_pymdownx.is_registered(manager, "proef")
        assert not compat_pymdownx.is_registered(manager, "onbekend")
        assert compat_pymdownx.registered_block_names(markdown.Markdown()) == []


def test_pymdownx_escape_chars_adds_a_backslash_escape() -> None:
    with contract("pymdownx", "pymdownx.util.escape_chars(md, chars) makes '\\@' a literal '@'"):
        assert _blocks_markdown().convert("a \\@ b") == "<p>a @ b</p>"
        assert markdown.Markdown().convert("a \\@ b") == "<p>a \\@ b</p>"


def test_pymdownx_calls_inline_end_after_our_priority() -> None:
    with contract(
        "pymdownx",
        "blocks_on_inline_end runs after Python-Markdown's inline patterns, below 19.995",
    ):
        md = _blocks_markdown()
        md.convert("/// proef\n\n*nadruk*\n///\n")
        assert _Seen.order == ["ours after inline ['nadruk']", "inline end"]


# -- pybtex ---------------------------------------------------------------------------

#: The pybtex methods compat/pybtex.py copies, as pybtex 0.26.1 has them (comments and
#: blank lines left out): a change in one means the copy must follow it.
COPIED = {
    "LowLevelParser.parse_field": """
        def parse_field(self):
            name = self.optional([self.NAME])
            if not name:
                return
            self.current_field_name = name.value
            self.required([self.EQUALS])
            self.parse_value()
    """,
    "Parser.process_entry": """
        def process_entry(self, entry_type, key, fields):
            entry = Entry(entry_type)
            if key is None:
                key = f"unnamed-{self.unnamed_entry_counter}"
                self.unnamed_entry_counter += 1
            seen_fields = set()
            for field_name, field_value_list in fields:
                if field_name.lower() in seen_fields:
                    self.handle_error(DuplicateField(key, field_name))
                    continue
                field_value = textutils.normalize_whitespace(
                    self.flatten_value_list(field_value_list)
                )
                if field_name in self.person_fields:
                    for name in split_name_list(field_value):
                        entry.add_person(Person(name), field_name)
                else:
                    entry.fields[field_name] = field_value
                seen_fields.add(field_name.lower())
            self.data.add_entry(key, entry)
    """,
    "Parser.parse_string": """
        def parse_string(self, text):
            self.unnamed_entry_counter = 1
            self.command_start = 0
            entry_iterator = LowLevelParser(
                text,
                keyless_entries=self.keyless_entries,
                handle_error=self.handle_error,
                want_entry=self.data.want_entry,
                filename=self.filename,
                macros=self.macros,
            )
            for entry in entry_iterator:
                entry_type = entry[0]
                entry_type_lower = entry_type.lower()
                if entry_type_lower == "string":
                    pass
                elif entry_type_lower == "preamble":
                    self.process_preamble(*entry[1])
                else:
                    self.process_entry(entry_type, *entry[1])
            return self.data
    """,
}


def _code(source: str) -> list[str]:
    lines = textwrap.dedent(source).splitlines()
    return [line.rstrip() for line in lines if line.strip() and not line.strip().startswith("#")]


@pytest.mark.parametrize("name", sorted(COPIED))
def test_pybtex_methods_we_copied_are_unchanged(name: str) -> None:
    from pybtex.database.input import bibtex

    owner, method = name.split(".")
    with contract("pybtex", f"{name} is what compat.pybtex copied"):
        actual = inspect.getsource(getattr(getattr(bibtex, owner), method))
        assert _code(actual) == _code(COPIED[name])


BIB = """@string{uitg = {Boom}}
@preamble{"voorwoord"}

@book{Jansen2020,
  author = {Jansen, Piet and De Vries, Anna},
  title = {Een titel},
  publisher = uitg
}
@misc{kapot, title = }
"""


class _Entries(compat_pybtex.LineKeepingParser):
    def __init__(self) -> None:
        super().__init__("proef.bib")
        self.seen: list[tuple[str | None, int, list[int]]] = []
        self.errors: list[Exception] = []

    def on_entry(
        self, command: str, key: str | None, fields: list[Any], line: int, field_lines: list[int]
    ) -> None:
        self.seen.append((key, line, field_lines))
        self.add_entry(command, key, fields)

    def handle_error(self, error: Exception) -> None:
        self.errors.append(error)


def test_pybtex_parser_gives_entries_with_their_lines() -> None:
    with contract(
        "pybtex",
        "LowLevelParser yields (command, body) with command_start and lineno; "
        "Parser.process_entry and process_preamble fill Parser.data",
    ):
        parser = _Entries()
        data = parser.parse_string(BIB)
        assert parser.seen == [("Jansen2020", 4, [5, 6, 7]), ("kapot", 9, [9])]
        entry = data.entries["jansen2020"]
        assert entry.fields["publisher"] == "Boom"
        assert [p.last_names for p in entry.persons["author"]] == [["Jansen"], ["De", "Vries"]]
        assert data.preamble_list == ["voorwoord"]
        assert [getattr(e, "lineno", None) for e in parser.errors] == [9]
        assert parser.filename == "proef.bib"


class _Upper(compat_pybtex.LazyCaseInsensitiveDict):
    made_for: ClassVar[list[str]] = []

    def made(self, key: str, stored: str) -> Any:
        self.made_for.append(key)
        return ("gemaakt", stored)


def test_pybtex_case_insensitive_dict_reads_values_through_getitem() -> None:
    from pybtex.utils import OrderedCaseInsensitiveDict

    with contract(
        "pybtex",
        "OrderedCaseInsensitiveDict keeps _dict and _keys by lower-case key and reads "
        "every value through __getitem__",
    ):
        plain = OrderedCaseInsensitiveDict()
        plain["Sleutel"] = 1
        assert plain._dict == {"sleutel": 1} and dict(plain._keys) == {"sleutel": "Sleutel"}
        lazy = _Upper()
        lazy["Een"], lazy["Twee"] = "een", "twee"
        assert list(lazy) == ["Een", "Twee"] and "een" in lazy and len(lazy) == 2
        assert _Upper.made_for == []
        assert lazy.get("EEN") == ("gemaakt", "een")
        assert list(lazy.values()) == [("gemaakt", "een"), ("gemaakt", "twee")]
        assert list(lazy.items()) == [("Een", ("gemaakt", "een")), ("Twee", ("gemaakt", "twee"))]
        assert _Upper.made_for == ["Een", "Twee"]
        lazy["Drie"] = "drie"
        assert lazy.unmade("DRIE") == "drie" and lazy.unmade("een") is None


def test_pybtex_person_is_its_five_name_lists() -> None:
    from pybtex.database import Person

    with contract(
        "pybtex",
        "Person(name) holds only first, middle, prelast, last and lineage names, as lists",
    ):
        person = Person("van der Berg, jr, Anna~Maria")
        assert set(vars(person)) == {
            "first_names",
            "middle_names",
            "prelast_names",
            "last_names",
            "lineage_names",
        }
        names = [
            "",
            " ",
            "Anna",
            " van der Berg, Anna ",
            "Anna van der Berg",
            "de la Fontaine, Jean",
            "Berg, jr, Anna~Maria",
            "{\\'E}mile Zola",
            "{Raad voor Cultuur}",
            "Jansen, Piet, jr., iets",
        ]
        with compat_pybtex.captured_errors() as errors:
            for name in names:
                assert vars(compat_pybtex.parsed_person(name)) == vars(Person(name))
        assert [str(e) for e in errors] == [f"Too many commas in '{names[-1]}'"] * 2
        copy = compat_pybtex.copied_person(person)
        assert copy == person and vars(copy) == vars(person)
        copy.last_names.append("Anders")
        assert person.last_names == ["Berg"]


def test_pybtex_names_written_again_give_the_persons_of_pybtex(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from pybtex.database import Person

    text = (
        "@book{a, author = {van der Berg, Anna and Jansen, Piet, jr., iets}, title = {x}}\n"
        "@book{b, author = {van der Berg, Anna and Jansen, Piet, jr., iets}, title = {x}}\n"
    )
    names = ["van der Berg, Anna", "Jansen, Piet, jr., iets"]
    for share in (False, True):
        with contract("pybtex", "Parser.process_entry makes each person by Person(name)"):
            parser = _Entries()
            parser.share_persons = share
            with compat_pybtex.captured_errors() as errors:
                data = parser.parse_string(text)
            first, second = (data.entries[key].persons["author"] for key in "ab")
            with compat_pybtex.captured_errors():
                assert first == second == [Person(name) for name in names]
            assert (first[0] is second[0]) is share
            assert first[1] is not second[1]  # its error is reported each time
            assert [str(e) for e in errors] == [f"Too many commas in '{names[1]}'"] * 2


def test_pybtex_normalizes_whitespace_as_split_and_join() -> None:
    import sys

    from pybtex.textutils import normalize_whitespace

    spaces = "".join(chr(code) for code in range(sys.maxunicode + 1) if chr(code).isspace())
    texts = ["", " ", "een", " een  twee\n drie ", f"a{spaces}b", spaces, "a\u00a0\u2003b"]
    texts += [f"{space}x{space}{space}y{space}" for space in spaces]
    with contract("pybtex", "normalize_whitespace replaces each run of \\s in the stripped text"):
        for text in texts:
            assert compat_pybtex.normalized_whitespace(text) == normalize_whitespace(text)
        assert all(re.fullmatch(r"\s", chr(code)) for code in map(ord, spaces))
        assert not any(
            re.fullmatch(r"\s", chr(code)) and not chr(code).isspace()
            for code in range(sys.maxunicode + 1)
        )


def test_pybtex_errors_can_be_captured(capsys: pytest.CaptureFixture[str]) -> None:
    from pybtex.database import Person

    with contract("pybtex", "pybtex.errors.capture() collects what report_error would print"):
        with compat_pybtex.captured_errors() as errors:
            Person("Jansen, Piet, jr., iets")
        assert [str(e) for e in errors] == ["Too many commas in 'Jansen, Piet, jr., iets'"]
        assert capsys.readouterr().err == ""


# -- Python-Markdown ------------------------------------------------------------------


def test_markdown_reset_resets_any_registered_object() -> None:
    class State:
        resets = 0

        def reset(self) -> None:
            State.resets += 1

    with contract("markdown", "Markdown.reset() calls reset() on what registerExtension got"):
        md = markdown.Markdown()
        compat_markdown.reset_with_markdown(md, State())
        assert md.convert("*x*") == "<p><em>x</em></p>"
        md.reset()
        assert State.resets == 1


def test_markdown_keeps_what_was_registered_for_reset_for_the_instance() -> None:
    class State:
        def reset(self) -> None:
            pass

    class Other:
        def reset(self) -> None:
            pass

    with contract("markdown", "registeredExtensions keeps what registerExtension got"):
        md = markdown.Markdown(extensions=["toc"])
        state = State()
        compat_markdown.reset_with_markdown(md, state)
        md.convert("# x")
        md.reset()
        assert compat_markdown.registered_with(md, State) is state
        assert compat_markdown.registered_with(md, Other) is None
        assert compat_markdown.registered_with(markdown.Markdown(), State) is None


def test_markdown_block_parser_recovers_from_recursion() -> None:
    def recovered() -> etree.Element:
        root = etree.Element("div")
        etree.SubElement(root, "p").text = "te diep"
        return root

    with contract(
        "markdown",
        "Markdown.convert calls md.parser.parseDocument, which leaves state and root behind",
    ):
        md = markdown.Markdown()
        compat_markdown.recover_from_recursion(md, recovered)
        deep = "".join("    " * level + "- x\n" for level in range(400))
        assert md.convert(deep) == "<p>te diep</p>"
        assert md.reset().convert("> citaat\n") == "<blockquote>\n<p>citaat</p>\n</blockquote>"


def test_markdown_inline_processor_hands_each_text_to_its_handle_inline() -> None:
    seen: list[tuple[str, int]] = []

    class Spy(markdown.treeprocessors.InlineProcessor):
        def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:
            seen.append((data, patternIndex))
            return super()._InlineProcessor__handleInline(data, patternIndex)  # type: ignore[misc]

    with contract(
        "markdown",
        "InlineProcessor passes every text, and a made element's text, to __handleInline",
    ):
        md = markdown.Markdown()
        md.treeprocessors.register(Spy(md), "inline", 20)
        assert md.convert("een *twee* drie\n\nvier") == (
            "<p>een <em>twee</em> drie</p>\n<p>vier</p>"
        )
        assert ("vier", 0) in seen
        assert any(data.startswith("een ") and index == 0 for data, index in seen)
        assert any(data == "twee" and index > 0 for data, index in seen)
        fresh = markdown.Markdown()
        compat_markdown.skip_plain_text(fresh)
        inline = fresh.treeprocessors["inline"]
        assert isinstance(inline, markdown.treeprocessors.InlineProcessor)
        assert type(inline) is not markdown.treeprocessors.InlineProcessor
        assert fresh.treeprocessors.get_index_for_name("inline") == (
            markdown.Markdown().treeprocessors.get_index_for_name("inline")
        )
        assert fresh.convert("een *twee* drie\n\nvier") == md.reset().convert(
            "een *twee* drie\n\nvier"
        )
        apply = fresh.treeprocessors["inline"]._InlineProcessor__applyPattern  # type: ignore[attr-defined]
        backtick = fresh.inlinePatterns["backtick"]
        assert apply(backtick, "geen code", 0, 3) == ("geen code", False, 0)


def test_markdown_toc_replaces_its_marker_only_where_an_element_holds_it() -> None:
    pages = [
        "# Titel\n\n[TOC]\n\n## Een\n\ntekst *twee*\n\n## Twee",
        "# Titel\n\n- [TOC]\n- lijst\n\n## Een",
        "# Titel\n\n    [TOC]\n\n`[TOC]`\n\n## [TOC]\n\n## Een",
        "# Titel\n\ngeen markering, wel *nadruk*\n\n## Een",
    ]
    with contract(
        "markdown",
        "toc's TocTreeprocessor calls replace_marker(root, div) for a non-empty marker, "
        "which replaces only an element without children whose stripped text is the marker",
    ):
        md = markdown.Markdown(extensions=["toc"])
        quick = markdown.Markdown(extensions=["toc"])
        compat_markdown.find_toc_marker_quickly(quick)
        toc = quick.treeprocessors["toc"]
        assert type(toc) is markdown.extensions.toc.TocTreeprocessor
        assert "replace_marker" in vars(toc)
        for page in pages:
            expected = md.reset().convert(page)
            assert quick.reset().convert(page) == expected
            assert quick.toc == md.toc
        assert '<div class="toc">' in md.reset().convert(pages[0])
        assert '<div class="toc">' in md.reset().convert(pages[1])


# -- the door ---------------------------------------------------------------------------

#: Private names of upstream objects that our code could reach through any variable
#: (a page, a theme, a block, a dict): flagged on whatever object they are read.
KNOWN_UPSTREAM_PRIVATE = {
    "_title_from_render": "mkdocs Page",
    "_custom_dir": "mkdocs Theme",
    "_validate": "pymdownx Block",
    "_block_mgr": "pymdownx Block",
    "_dict": "pybtex CaseInsensitiveDict",
    "_keys": "pybtex CaseInsensitiveDict",
    "_entries": "mkdocs search index",
    "_priority": "markdown Registry",
}

#: Upstream internals without a leading underscore that compat/ wraps: used elsewhere,
#: they would bypass the door just the same.
KNOWN_UPSTREAM_INTERNALS = {
    "present_anchor_ids": "mkdocs Page",
    "links_to_anchors": "mkdocs Page",
    "mdx_configs": "mkdocs MkDocsConfig (a Private option)",
    "add_entry_from_context": "material SearchIndex",
    "search_index": "material SearchPlugin",
    "option_spec": "pymdownx Block",
    "escape_chars": "pymdownx.util",
    "parseDocument": "markdown BlockParser",
    "registeredExtensions": "markdown Markdown",
    "process_entry": "pybtex Parser",
    "parse_field": "pybtex LowLevelParser",
    "capture": "pybtex.errors",
}

#: Upstream methods compat/ overrides with a copy of their body: another override of
#: one (in a subclass of the upstream class) would copy it again.
COPIED_UPSTREAM_METHODS = {"parse_field", "parse_command", "parse_string", "process_entry"}


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


#: names with a leading underscore that the standard library documents as public
DOCUMENTED_PUBLIC = {"os._exit"}


class _Door(ast.NodeVisitor):
    """The private upstream names one module touches, as ``line: what``."""

    def __init__(self, module: Any) -> None:
        self.module = module
        self.upstream: set[str] = set()  # local names bound to another package
        self.found: list[tuple[int, str]] = []
        self.classes: list[type | None] = []

    def flag(self, node: ast.AST, what: str) -> None:
        self.found.append((getattr(node, "lineno", 0), what))

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            if alias.name.split(".")[0] == "handreiking":
                continue
            if any(_private(part) for part in alias.name.split(".")):
                self.flag(node, f"import {alias.name}")
            self.upstream.add(alias.asname or alias.name.split(".")[0])

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if node.level or (node.module or "").split(".")[0] == "handreiking":
            return
        if any(_private(part) for part in (node.module or "").split(".")):
            self.flag(node, f"from {node.module} import ...")
        for alias in node.names:
            if _private(alias.name) or alias.name in KNOWN_UPSTREAM_INTERNALS:
                self.flag(node, f"from {node.module} import {alias.name}")
            self.upstream.add(alias.asname or alias.name)

    def visit_Attribute(self, node: ast.Attribute) -> None:
        name = node.attr
        root = node.value
        while isinstance(root, ast.Attribute):
            root = root.value
        if _private(name) and isinstance(root, ast.Name) and root.id in self.upstream:
            if ast.unparse(node) not in DOCUMENTED_PUBLIC:
                self.flag(node, f"{ast.unparse(node)}")
        elif name in KNOWN_UPSTREAM_PRIVATE:
            self.flag(node, f".{name} ({KNOWN_UPSTREAM_PRIVATE[name]})")
        elif name in KNOWN_UPSTREAM_INTERNALS:
            self.flag(node, f".{name} ({KNOWN_UPSTREAM_INTERNALS[name]})")
        elif _private(name) and self._inherited_private(name, node):
            self.flag(node, f"{ast.unparse(node)} (an upstream base class's)")
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        function = node.func
        if (
            isinstance(function, ast.Name)
            and function.id in ("getattr", "setattr", "hasattr", "delattr")
            and len(node.args) >= 2
            and isinstance(node.args[1], ast.Constant)
            and isinstance(node.args[1].value, str)
        ):
            name = node.args[1].value
            target = node.args[0]
            ours = isinstance(target, ast.Name) and target.id in ("self", "cls")
            if (_private(name) and not ours) or name in KNOWN_UPSTREAM_INTERNALS:
                self.flag(node, f"{function.id}(..., {name!r})")
        self.generic_visit(node)

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        found = getattr(self.module, node.name, None) if not self.classes else None
        cls = found if isinstance(found, type) else None
        self.classes.append(cls)
        for item in node.body:
            if not isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            if _private(item.name) or item.name in COPIED_UPSTREAM_METHODS:
                owner = _upstream_owner(cls, item.name)
                if owner is not None:
                    self.flag(item, f"def {item.name} overrides {owner}'s")
        self.generic_visit(node)
        self.classes.pop()

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        # a class made inside a function is not the module's: it has no object to ask
        self.classes.append(self.classes[-1] if self.classes else None)
        self.generic_visit(node)
        self.classes.pop()

    visit_AsyncFunctionDef = visit_FunctionDef  # type: ignore[assignment]

    def _inherited_private(self, name: str, node: ast.Attribute) -> bool:
        """``self._y`` in a method, where an upstream base class defines ``_y``."""
        return (
            isinstance(node.value, ast.Name)
            and node.value.id in ("self", "cls")
            and bool(self.classes)
            and _upstream_owner(self.classes[-1], name) is not None
        )


def _upstream_owner(cls: type | None, name: str) -> str | None:
    """The class outside this package that defines ``name`` for ``cls``, if any."""
    for base in cls.__mro__[1:] if cls is not None else ():
        if name in vars(base):
            module = base.__module__
            return None if module.startswith("handreiking") else f"{module}.{base.__name__}"
    return None


def _modules_outside_compat() -> Iterator[tuple[Path, str]]:
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE)
        if relative.parts[0] == "compat":
            continue
        parts = ["handreiking", *relative.with_suffix("").parts]
        if parts[-1] == "__init__":
            parts.pop()
        yield path, ".".join(parts)


def test_no_private_upstream_name_outside_compat() -> None:
    """No module outside ``compat/`` touches another package's private name.

    The rule, read from each module's source with ``ast`` (and, for classes, from the
    imported class itself):

    - ``import x._y`` and ``from x import _y`` of any package but ``handreiking``;
    - ``name._y`` (or ``name.a._y``) where ``name`` was imported from another package;
    - ``._y`` on any object for the names in :data:`KNOWN_UPSTREAM_PRIVATE`, and the
      internals compat wraps in :data:`KNOWN_UPSTREAM_INTERNALS` (a page, a block or a
      dict is not known by its type in the source, so these go by name);
    - ``getattr``/``setattr``/``hasattr``/``delattr`` with a constant private name, on
      anything but ``self``/``cls``;
    - in a module-level class, ``def _y`` or ``self._y`` where ``_y`` is defined by an
      upstream class in its method resolution order (an override of a private method),
      and an override of an upstream method compat copies
      (:data:`COPIED_UPSTREAM_METHODS`).

    Our own private names (``self._x`` of our classes, a module's ``_helper``) are
    neither imported from another package nor defined upstream, so they pass.
    """
    problems = []
    for path, name in _modules_outside_compat():
        # __main__ runs the command when imported: its source is scanned without it
        module = None if name.endswith("__main__") else importlib.import_module(name)
        door = _Door(module)
        door.visit(ast.parse(path.read_text(encoding="utf-8"), filename=str(path)))
        shown = path.relative_to(PACKAGE.parents[1])
        problems += [f"{shown}:{line}: {what}" for line, what in door.found]
    assert not problems, (
        "private API of another package used outside plugins/handreiking/compat/ "
        "(move it behind a function there, with a contract test here):\n" + "\n".join(problems)
    )


def test_the_door_sees_what_it_should() -> None:
    """The scan itself: it flags each kind of private use, and not our own names."""
    source = textwrap.dedent(
        """
        import mkdocs.structure.pages
        from pymdownx.blocks.block import Block, _type_multi
        from pybtex.utils import OrderedCaseInsensitiveDict

        class Mine(Block):
            def _validate(self, parent, arg, **options):
                return self._block_mgr

        def helper(page, theme, entries):
            page._title_from_render = None
            mkdocs.structure.pages._AbsoluteLinksValidationValue
            getattr(theme, "_custom_dir")
            return entries._dict, page.present_anchor_ids

        class Ours:
            def _mine(self):
                return self._x, _helper(), getattr(self, "_x")
        """
    )
    namespace: dict[str, Any] = {}
    module = type("module", (), {})()
    exec("from pymdownx.blocks.block import Block\nclass Mine(Block): NAME = 'x'", namespace)
    module.Mine = namespace["Mine"]  # type: ignore[attr-defined]
    door = _Door(module)
    door.visit(ast.parse(source))
    flagged = sorted(line for line, _ in door.found)
    assert flagged == [3, 7, 8, 11, 12, 13, 14, 14], door.found
