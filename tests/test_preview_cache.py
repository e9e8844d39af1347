"""Live preview rebuilds reuse what did not change (plugin/pagecache.py), and the site they
serve is byte for byte the site a rebuild from scratch makes, whatever the co-author edits.

The builds run in this process as ``mkdocs serve`` runs them: one plugin instance kept
across rebuilds (``on_startup(command="serve")``), a new config per rebuild, the same
site folder.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import ROOT, edit_file, files_of
from handreiking.plugin.pagecache import PageCache
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

SERVE_URL = "http://127.0.0.1:8000/"
CHAPTER = "docs/zuidoost/partnerschap.md"


class Preview:
    """``mkdocs serve`` of one project, without the web server."""

    def __init__(self, project: Path, site: Path) -> None:
        self.project = project
        self.site = site
        self.restart()

    def _config(self, *, first: bool = False) -> MkDocsConfig:
        # `handreiking serve` is not strict: a mistake shows on the page. Like
        # `mkdocs serve -f mkdocs.yml`, the first build reads an open file named as given
        # (relative: the current folder is the project's), every rebuild the absolute path.
        if first:
            with open("mkdocs.yml", "rb") as given:
                config = load_config(given, site_dir=str(self.site), strict=False)
        else:
            path = str(self.project / "mkdocs.yml")
            config = load_config(path, site_dir=str(self.site), strict=False)
        config.site_url = SERVE_URL
        return config

    def restart(self) -> None:
        """A new server: nothing kept yet; its first build does all the work."""
        self.config = self._config(first=True)
        self.config.plugins.on_startup(command="serve", dirty=False)
        build(self.config, serve_url=SERVE_URL)

    def rebuild(self) -> PageCache:
        """What the server does after a saved file; returns the cache's counts."""
        config = self._config()
        build(config, serve_url=SERVE_URL)
        preview = config.plugins["handreiking"].page_cache  # type: ignore[attr-defined]
        assert isinstance(preview, PageCache)
        return preview

    def close(self) -> None:
        self.config.plugins.on_shutdown()


def _differences(a: dict[str, bytes], b: dict[str, bytes]) -> list[str]:
    return sorted(path for path in a.keys() | b.keys() if a.get(path) != b.get(path))


@pytest.fixture(scope="module")
def preview() -> Iterator[Preview]:
    """The real guide under a preview, in a copy of the project."""
    with tempfile.TemporaryDirectory() as tmp, pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1764288000")  # no git in the copy: a fixed date
        project = Path(tmp) / "project"
        project.mkdir()
        for name in ("mkdocs.yml", "bibliography.bib", "privacy-uitzonderingen.yml"):
            shutil.copy2(ROOT / name, project / name)
        shutil.copytree(ROOT / "docs", project / "docs")
        patch.chdir(project)
        running = Preview(project, Path(tmp) / "site")
        try:
            yield running
        finally:
            running.close()


def _same_as_from_scratch(preview: Preview) -> PageCache:
    """Rebuild with the cache, then from scratch: the two sites must be identical."""
    counts = preview.rebuild()
    counted = PageCache(
        converted=counts.converted,
        reused_conversions=counts.reused_conversions,
        rendered=counts.rendered,
        reused_outputs=counts.reused_outputs,
    )
    served = files_of(preview.site)
    preview.restart()
    assert _differences(served, files_of(preview.site)) == []
    return counted


def test_an_edit_of_a_chapter_converts_and_renders_that_page_only(preview: Preview) -> None:
    edit_file(
        preview.project / CHAPTER,
        "is ontworpen door @hook2006",
        "is ooit ontworpen door @hook2006",
    )
    counts = _same_as_from_scratch(preview)
    assert (counts.converted, counts.rendered) == (1, 1)
    assert counts.reused_conversions == counts.reused_outputs >= 30  # every other page
    page = (preview.site / "zuidoost" / "partnerschap" / "index.html").read_text(encoding="utf-8")
    assert "is ooit ontworpen door" in page


def test_nothing_changed_renders_nothing_again(preview: Preview) -> None:
    counts = _same_as_from_scratch(preview)
    assert (counts.converted, counts.rendered) == (0, 0)


def test_a_new_title_renders_every_page_again(preview: Preview) -> None:
    # the title is in the navigation of every page
    edit_file(
        preview.project / CHAPTER,
        "# 5. Partnerschap en partnerschapskaart",
        "# 5. Partnerschap en de partnerschapskaart",
    )
    counts = _same_as_from_scratch(preview)
    assert counts.reused_outputs == 0
    other = preview.site / "zuidoost" / "cirkels" / "index.html"
    assert "Partnerschap en de partnerschapskaart" in other.read_text(encoding="utf-8")


def test_a_new_citation_updates_the_literature_lists(preview: Preview) -> None:
    edit_file(
        preview.project / CHAPTER,
        "is ooit ontworpen door @hook2006",
        "is ooit ontworpen door @hook2006 [zie ook @gratton2007]",
    )
    counts = _same_as_from_scratch(preview)
    assert counts.converted < counts.reused_conversions  # the other chapters are kept


@pytest.mark.parametrize(
    ("path", "old", "new"),
    [
        (
            "docs/zuidoost/citaten.yml",
            "Ik scoor een 6 omdat",
            "Ik scoor een zes omdat",
        ),
        ("docs/bouwstenen/hotspots.md", "\n\n", "\n\nEen nieuwe zin vooraan.\n\n"),
        ("bibliography.bib", "@book{gratton2007,", "@book{gratton2007,\n  note = {Herdruk},"),
        ("mkdocs.yml", "permalink_title: Link naar deze sectie", "permalink_title: Link hierheen"),
    ],
    ids=["citaten.yml", "bouwsteen", "bibliografie", "mkdocs.yml"],
)
def test_a_change_of_the_data_is_shown_everywhere(
    preview: Preview, path: str, old: str, new: str
) -> None:
    source = preview.project / path
    text = source.read_text(encoding="utf-8")
    assert old in text
    source.write_text(text.replace(old, new, 1), encoding="utf-8")
    counts = _same_as_from_scratch(preview)
    if path != "mkdocs.yml":
        # the pages that read the quote, the box or the work: not every page
        assert 0 < counts.converted < counts.reused_conversions


def test_a_warning_comes_again_on_every_rebuild(
    preview: Preview, caplog: pytest.LogCaptureFixture
) -> None:
    chapter = preview.project / CHAPTER
    original = chapter.read_text(encoding="utf-8")
    chapter.write_text(original + "\n/// citaat | zo-bestaat-niet\n///\n", encoding="utf-8")
    try:
        for _ in range(2):
            caplog.clear()
            with caplog.at_level(logging.WARNING, logger="mkdocs"):
                preview.rebuild()
            warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
            assert any("zo-bestaat-niet" in message for message in warnings), warnings
    finally:
        chapter.write_text(original, encoding="utf-8")
    _same_as_from_scratch(preview)


def test_a_changed_template_of_the_project_is_shown(preview: Preview) -> None:
    """A site's own templates (``custom_dir``) count as much as its data."""
    partial = preview.project / "overrides" / "partials" / "copyright.html"
    partial.parent.mkdir(parents=True)
    partial.write_text("<p>Voettekst een</p>\n", encoding="utf-8")
    edit_file(preview.project / "mkdocs.yml", "theme:\n", "theme:\n  custom_dir: overrides\n")
    _same_as_from_scratch(preview)
    partial.write_text("<p>Voettekst twee</p>\n", encoding="utf-8")
    _same_as_from_scratch(preview)
    page = (preview.site / "zuidoost" / "cirkels" / "index.html").read_text(encoding="utf-8")
    assert "Voettekst twee" in page


@contextmanager
def _restored(*paths: Path) -> Iterator[None]:
    """Put ``paths`` back as they were (or remove them) after the block."""
    saved = {path: path.read_bytes() if path.exists() else None for path in paths}
    try:
        yield
    finally:
        for path, data in saved.items():
            if data is None:
                path.unlink(missing_ok=True)
            else:
                path.write_bytes(data)


def _warnings(preview: Preview, caplog: pytest.LogCaptureFixture) -> list[str]:
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="mkdocs"):
        preview.rebuild()
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]


def test_a_removed_anchor_is_reported_on_every_rebuild(
    preview: Preview, caplog: pytest.LogCaptureFixture
) -> None:
    """The page that links to ``#driehoek`` is not converted again; its link still counts."""
    linker = preview.project / CHAPTER
    target = preview.project / "docs/zuidoost/cirkels.md"
    with _restored(linker, target):
        edit_file(linker, "\n## ", "\nZie [de driehoek](cirkels.md#driehoek).\n\n## ")
        _same_as_from_scratch(preview)
        edit_file(target, "## De driehoek rond het gezin {#driehoek}", "## De driehoek")
        for _ in range(2):
            warnings = _warnings(preview, caplog)
            assert any("#driehoek" in w and "partnerschap.md" in w for w in warnings), warnings
        _same_as_from_scratch(preview)


def test_a_chapter_removed_and_a_new_one_in_the_reading_order(preview: Preview) -> None:
    gone = preview.project / "docs/zuidoost/nawoord.md"
    new = preview.project / "docs/zuidoost/nieuw.md"
    edition = preview.project / "docs/zuidoost/index.md"
    with _restored(gone, new, edition):
        gone.unlink()
        edit_file(edition, "  - nawoord.md\n", "")
        _same_as_from_scratch(preview)
        new.write_text(
            "---\nid: zo-nieuw\nthema: [tijd]\n---\n\n# Nieuw hoofdstuk\n\n"
            "Een nieuwe tekst [@hook2006].\n\n/// bouwsteen | hotspots\n///\n",
            encoding="utf-8",
        )
        edit_file(edition, "  - verder-lezen.md\n", "  - nieuw.md\n  - verder-lezen.md\n")
        _same_as_from_scratch(preview)


def test_a_renamed_quote(preview: Preview) -> None:
    data = preview.project / "docs/zuidoost/citaten.yml"
    chapter = preview.project / CHAPTER
    with _restored(data, chapter):
        edit_file(data, "- id: zo-partnerschap-01", "- id: zo-partnerschap-09")
        edit_file(chapter, "/// citaat | zo-partnerschap-01", "/// citaat | zo-partnerschap-09")
        _same_as_from_scratch(preview)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("id: zo-partnerschap\n", "id: zo-samen\n"),
        ("thema: [partnerschap, alliantie,", "thema: [alliantie, partnerschap,"),
        ('samenvatting: "Partnerschap is', 'samenvatting: "Een partnerschap is'),
        ("---\n\n# 5.", "title: Partnerschap\n---\n\n# 5."),
    ],
    ids=["id", "thema", "samenvatting", "title"],
)
def test_a_chapter_front_matter_change(preview: Preview, old: str, new: str) -> None:
    chapter = preview.project / CHAPTER
    with _restored(chapter):
        edit_file(chapter, old, new)
        _same_as_from_scratch(preview)


@pytest.mark.parametrize(
    ("path", "old", "new"),
    [
        ("docs/voor-auteurs/index.md", "\n## ", "\nEen nieuwe alinea.\n\n## "),
        ("docs/zuid/index.md", "status: in-voorbereiding", "status: gepubliceerd"),
        ("docs/bouwstenen/hotspots.md", 'titel: "Hotspots"', 'titel: "Hete plekken"'),
        (CHAPTER, "\n## ", "\n/// bouwsteen | hotspots\n///\n\n## "),
    ],
    ids=["voor-auteurs", "status", "bouwsteen-titel", "nieuwe-bouwsteen"],
)
def test_a_page_others_read(preview: Preview, path: str, old: str, new: str) -> None:
    source = preview.project / path
    with _restored(source):
        edit_file(source, old, new)
        _same_as_from_scratch(preview)


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def _figure(page: Path, quote_id: str) -> str:
    """The figure of one quote on an overview page."""
    html = page.read_text(encoding="utf-8")
    start = html.index(f'id="{quote_id}"')
    return html[start : html.index("</figure>", start)]


def test_the_generated_pages_follow_what_the_chapters_cite_and_place(preview: Preview) -> None:
    """The literature lists and the quote overviews are made from what the chapters cite
    and place now: kept across rebuilds only while that is the same."""
    chapter = preview.project / CHAPTER
    bibliography = preview.project / "bibliography.bib"
    literature = preview.site / "zuidoost" / "literatuur" / "index.html"
    overview = preview.site / "zuidoost" / "citaten" / "index.html"
    original = chapter.read_bytes()
    with _restored(chapter, bibliography):
        # a work nobody cites yet: in no list
        _append(bibliography, "\n@misc{testwerk,\n  title = {Testwerk},\n}\n")
        preview.rebuild()
        assert 'id="lit-testwerk"' not in literature.read_text(encoding="utf-8")
        assert "partnerschap/" not in _figure(overview, "zo-samenwerking-01")
        edit_file(
            chapter,
            "\n## ",
            "\nZie ook [@testwerk].\n\n/// citaat | zo-samenwerking-01\n///\n\n## ",
        )
        counts = preview.rebuild()
        assert counts.converted < counts.reused_conversions  # the other chapters are kept
        assert 'id="lit-testwerk"' in literature.read_text(encoding="utf-8")
        assert "partnerschap/" in _figure(overview, "zo-samenwerking-01")
        _same_as_from_scratch(preview)
        chapter.write_bytes(original)  # the edit undone: as they were
        preview.rebuild()
        assert 'id="lit-testwerk"' not in literature.read_text(encoding="utf-8")
        assert "partnerschap/" not in _figure(overview, "zo-samenwerking-01")
        _same_as_from_scratch(preview)
    _same_as_from_scratch(preview)


def test_two_edits_then_undone(preview: Preview) -> None:
    chapter = preview.project / CHAPTER
    box = preview.project / "docs/bouwstenen/hotspots.md"
    with _restored(chapter, box):
        edit_file(chapter, "ontworpen door @hook2006", "bedacht door @hook2006")
        preview.rebuild()
        edit_file(box, "In haar onderzoek", "In haar studie")
        preview.rebuild()
    _same_as_from_scratch(preview)


def test_a_same_size_edit_of_the_data_with_its_old_time(preview: Preview) -> None:
    """An edit that keeps size and modification time (a restored copy, a sync client)."""
    data = preview.project / "docs/zuidoost/citaten.yml"
    with _restored(data):
        before = data.stat()
        edit_file(data, "zo weinig samenwerking", "zo weinig samenwerken ")
        os.utime(data, ns=(before.st_atime_ns, before.st_mtime_ns))
        _same_as_from_scratch(preview)


@pytest.mark.parametrize(
    ("path", "old", "new"),
    [
        ("docs/zuidoost/citaten.yml", "- id: zo-partnerschap-01", "- id: [kapot"),
        (CHAPTER, "ontworpen door", "ontworpen door (bel 06-87654321)"),
    ],
    ids=["citaten.yml", "privacy"],
)
def test_broken_data_then_fixed(preview: Preview, path: str, old: str, new: str) -> None:
    source = preview.project / path
    with _restored(source):
        edit_file(source, old, new)
        preview.rebuild()
        page = preview.site / "zuidoost" / "cirkels" / "index.html"
        assert "De voorvertoning kan niet worden bijgewerkt" in page.read_text(encoding="utf-8")
    _same_as_from_scratch(preview)


def test_an_editors_swap_file_does_not_make_every_page_convert_again(preview: Preview) -> None:
    """Vim rewrites ``.partnerschap.md.swp`` next to the chapter while the co-author types."""
    swap = preview.project / "docs/zuidoost/.partnerschap.md.swp"
    chapter = preview.project / CHAPTER
    with _restored(swap, chapter):
        swap.write_bytes(b"b0VIM 9.0\0een")
        preview.rebuild()
        swap.write_bytes(b"b0VIM 9.0\0twee, langer")
        edit_file(chapter, "ontworpen door @hook2006", "bedacht door @hook2006")
        counts = _same_as_from_scratch(preview)
        assert (counts.converted, counts.rendered) == (1, 1)


def test_an_included_file_outside_docs(preview: Preview) -> None:
    """A site that includes files (``pymdownx.snippets``) rebuilds everything: the
    included text is in no key."""
    config = preview.project / "mkdocs.yml"
    chapter = preview.project / CHAPTER
    snippet = preview.project / "aanvulling.txt"
    with _restored(config, chapter, snippet):
        snippet.write_text("Eerste aanvulling.\n", encoding="utf-8")
        edit_file(
            config,
            "  - admonition\n",
            f"  - admonition\n  - pymdownx.snippets:\n      base_path: ['{preview.project}']\n",
        )
        edit_file(chapter, "\n## ", '\n--8<-- "aanvulling.txt"\n\n## ')
        _same_as_from_scratch(preview)
        snippet.write_text("Tweede aanvulling.\n", encoding="utf-8")
        counts = _same_as_from_scratch(preview)
        assert counts.reused_conversions == counts.reused_outputs == 0
        page = preview.site / "zuidoost" / "partnerschap" / "index.html"
        assert "Tweede aanvulling." in page.read_text(encoding="utf-8")


def test_a_build_keeps_nothing_of_the_preview(tmp_path: Path) -> None:
    """The preview's pages stay in the server; `mkdocs build` starts with none of them in
    memory (it reads what an earlier build kept on disk: tests/test_build_reuse.py).

    Last in this module: MkDocs keeps one plugin instance per process, so this resets
    the instance the preview above uses.
    """
    config = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(tmp_path))
    config.plugins.on_startup(command="build", dirty=False)
    try:
        assert config.plugins["handreiking"].page_cache is None  # type: ignore[attr-defined]
    finally:
        config.plugins.on_shutdown()
