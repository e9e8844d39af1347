"""After a save that changed one chapter, and nothing other pages read of it, the preview
rebuilds that page alone (plugin/hotedit.py); after any other save, the whole site. Either
way the folder it serves is byte for byte the folder a whole rebuild of the same sources
makes, in a new preview.

The rebuilds run in this process as ``handreiking serve`` runs them (``cli/serve.py``
``Rebuilds``): one plugin instance across rebuilds, a new config per whole rebuild, the
same site folder, only what changed written.
"""

from __future__ import annotations

import logging
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import copy_site, edit_file, files_of
from handreiking.cli.serve import Rebuilds
from handreiking.cli.settings import load_settings
from handreiking.compat.mkdocs import forget_plugin_instances
from mkdocs.config.defaults import MkDocsConfig

SERVE_URL = "http://127.0.0.1:8000/handreiking/"
CHAPTER = "docs/noord/vertrouwen.md"
QUOTES = "docs/noord/citaten.yml"
BIB = "bibliography.bib"
NEW_WORK = """
@book{zeta2006,
  author = {Zeta, Zoë},
  title = {Een nieuw boek},
  year = {2006},
  publisher = {Testuitgeverij},
}
"""


class Served:
    """``handreiking serve`` of one project, without the web server."""

    def __init__(self, project: Path, site: Path) -> None:
        forget_plugin_instances()  # a new preview: a new plugin instance
        self.project, self.site = project, site
        self.rebuilds = Rebuilds(str(site))
        config = self._config()
        config.plugins.on_startup(command="serve", dirty=False)
        self.rebuilds.whole(config, SERVE_URL)

    def _config(self) -> MkDocsConfig:
        config = load_settings(
            str(self.project / "mkdocs.yml"),
            site_dir=str(self.site),
            dev_addr="127.0.0.1:8000",
            strict=False,
        )
        config.site_url = SERVE_URL
        return config

    def saved(self) -> bool:
        """What the preview does after a save; ``True`` when one page was rebuilt alone."""
        if self.rebuilds.quick():
            return True
        self.rebuilds.whole(self._config(), SERVE_URL)
        return False


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def _as_a_new_preview(project: Path, tmp_path: Path) -> dict[str, bytes]:
    return files_of(Served(project, tmp_path / "new-preview").site)


def _two_chapters(project: Path) -> None:
    _append(project / CHAPTER, "\nEen zin.\n")
    _append(project / "docs/noord/partnerschap.md", "\nNog een zin.\n")


#: an edit, and whether the page alone is rebuilt after it
EDITS: dict[str, tuple[Callable[[Path], None], bool]] = {
    "a-sentence": (lambda p: _append(p / CHAPTER, "\nNog een zin over vertrouwen.\n"), True),
    "a-paragraph-above-a-quote": (
        lambda p: edit_file(
            p / "docs/noord/partnerschap.md", "/// citaat", "Daarna dit.\n\n/// citaat"
        ),
        True,
    ),
    # what other pages or files read of the chapter
    "a-heading": (lambda p: _append(p / CHAPTER, "\n## Een nieuw kopje\n\nTekst.\n"), False),
    "its-title": (
        lambda p: edit_file(p / CHAPTER, "# Vertrouwen in Noord", "# Vertrouwen in heel Noord"),
        False,
    ),
    "its-themes": (lambda p: edit_file(p / CHAPTER, "[vertrouwen]", "[vertrouwen, tijd]"), False),
    "a-citation": (lambda p: _append(p / CHAPTER, "\nZie ook @alfa2001.\n"), False),
    "a-quote": (lambda p: _append(p / CHAPTER, "\n/// citaat | no-vertrouwen-01\n///\n"), False),
    # the page's description (the /id/ page, the catalog): its first paragraph
    "its-first-paragraph": (
        lambda p: edit_file(
            p / "docs/noord/partnerschap.md", "Samenwerken kost", "Eerst dit.\n\nSamenwerken kost"
        ),
        False,
    ),
    "a-link": (lambda p: _append(p / CHAPTER, "\nLees [partnerschap](partnerschap.md).\n"), False),
    # a mistake: said by the whole rebuild, on the page
    "a-phone-number": (lambda p: _append(p / CHAPTER, "\nBel 020-1234567.\n"), False),
    "a-broken-link": (lambda p: _append(p / CHAPTER, "\nLees [dit](bestaat-niet.md).\n"), False),
    # not a chapter
    "an-edition-start-page": (lambda p: _append(p / "docs/noord/index.md", "\nWelkom.\n"), False),
    "two-chapters": (lambda p: _two_chapters(p), False),
    "a-chapter-and-a-quote-file": (
        lambda p: (
            _append(p / CHAPTER, "\nEen zin.\n"),
            edit_file(p / QUOTES, "kom je verder", "kom je veel verder"),
        ),
        False,
    ),
    # data only: the pages that read what changed
    "a-quotes-text": (lambda p: edit_file(p / QUOTES, "kom je verder", "kom je veel verder"), True),
    "a-quote-nobody-places": (
        lambda p: edit_file(p / QUOTES, "moet je verdienen", "moet je echt verdienen"),
        True,
    ),
    # a text that must never be published: the gate reads every page for it
    "a-quotes-consent-withdrawn": (
        lambda p: edit_file(p / QUOTES, "toestemming: true", "toestemming: false"),
        False,
    ),
    "a-boxs-text": (lambda p: _append(p / "docs/bouwstenen/samen.md", "\nMeer uitleg.\n"), True),
    "a-boxs-title": (
        lambda p: edit_file(p / "docs/bouwstenen/samen.md", "Samen optrekken", "Samen oplopen"),
        False,
    ),
    "a-works-title": (lambda p: edit_file(p / BIB, "Tijd voor elkaar", "Tijd voor elkander"), True),
    "a-work-nobody-cites": (
        lambda p: edit_file(p / BIB, "Een bron die geen", "Een boek dat geen"),
        True,
    ),
    "a-new-work": (lambda p: _append(p / BIB, NEW_WORK), True),
    "a-cited-work-removed": (
        lambda p: edit_file(p / BIB, "@book{gamma2003,", "@book{gamma2099,"),
        False,
    ),
    "a-quote-a-box-and-a-work": (
        lambda p: (
            edit_file(p / QUOTES, "kom je verder", "kom je veel verder"),
            _append(p / "docs/bouwstenen/respect.md", "\nMeer uitleg.\n"),
            edit_file(p / BIB, "Respect in de wijk", "Respect in de buurt"),
        ),
        True,
    ),
}


@pytest.mark.parametrize("edit", EDITS)
def test_the_preview_after_a_save_is_a_whole_rebuild_of_the_same_sources(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, edit: str
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # not in git: no dates to change
    project = copy_site("edities", tmp_path)
    preview = Served(project, tmp_path / "preview")
    change, alone = EDITS[edit]
    change(project)
    assert preview.saved() is alone
    served = files_of(preview.site)
    assert served == _as_a_new_preview(project, tmp_path)


def test_saves_one_after_another_each_rebuild_the_page_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    project = copy_site("edities", tmp_path)
    preview = Served(project, tmp_path / "preview")
    for n in range(3):
        _append(project / CHAPTER, f"\nZin nummer {n}.\n")
        assert preview.saved()
    page = (preview.site / "noord/vertrouwen/index.html").read_text(encoding="utf-8")
    assert "Zin nummer 2." in page
    index = (preview.site / "search/search_index.json").read_text(encoding="utf-8")
    assert "Zin nummer 2." in index
    # a mistake, then its fix: the whole site each time, the mistake on the page between
    _append(project / CHAPTER, "\nBel 020-1234567.\n")
    assert not preview.saved()
    page = (preview.site / "noord/vertrouwen/index.html").read_text(encoding="utf-8")
    assert "telefoonnummer" in page
    edit_file(project / CHAPTER, "\nBel 020-1234567.\n", "\n")
    assert not preview.saved()  # the last rebuild showed a problem: the whole site again
    _append(project / CHAPTER, "\nWeer een zin.\n")
    assert preview.saved()
    assert files_of(preview.site) == _as_a_new_preview(project, tmp_path)


def _git(project: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", *args],
        cwd=project,
        check=True,
        capture_output=True,
    )


def test_in_git_the_first_save_of_a_committed_chapter_rebuilds_the_whole_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The preview marks a page with changes not yet committed: the first save of a chapter
    # changes what git says of it, which the changes pages read; the next save does not.
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    project = copy_site("edities", tmp_path)
    _git(project, "init", "-q")
    _git(project, "add", ".")
    _git(project, "commit", "-q", "-m", "Begin")
    preview = Served(project, tmp_path / "preview")
    _append(project / CHAPTER, "\nEen eerste wijziging.\n")
    assert not preview.saved()
    _append(project / CHAPTER, "\nEen tweede wijziging.\n")
    assert preview.saved()
    assert files_of(preview.site) == _as_a_new_preview(project, tmp_path)


def test_after_a_page_was_rebuilt_alone_it_follows_the_data_it_shows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The chapter places a quote and a box and cites a work: rebuilt alone, it still
    # knows what it read, so an edit of each shows on it after the next whole rebuild.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    project = copy_site("edities", tmp_path)
    preview = Served(project, tmp_path / "preview")
    chapter = project / "docs/noord/partnerschap.md"
    page = preview.site / "noord/partnerschap/index.html"
    for n, (path, old, new) in enumerate(
        [
            (project / "docs/noord/citaten.yml", "kom je verder", "kom je veel verder"),
            (project / "docs/bouwstenen/samen.md", "begint met elkaar kennen", "begint bij jou"),
            (project / "bibliography.bib", "Tijd voor elkaar", "Tijd voor elkander"),
        ]
    ):
        _append(chapter, f"\nZin {n}.\n")
        assert preview.saved()
        edit_file(path, old, new)
        assert preview.saved()
        assert new in page.read_text(encoding="utf-8")
    assert files_of(preview.site) == _as_a_new_preview(project, tmp_path)


def test_what_a_page_rebuilt_alone_says_is_said_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    caplog.set_level(logging.INFO, logger="mkdocs")  # as the preview shows it
    project = copy_site("edities", tmp_path)
    preview = Served(project, tmp_path / "preview")
    caplog.clear()
    # its id a line lower: the same id of the same page, no message, the page alone
    edit_file(project / CHAPTER, "id: no-vertrouwen", "# een opmerking\nid: no-vertrouwen")
    assert preview.saved()
    assert "wordt al gebruikt" not in caplog.text
    assert "Alleen docs/noord/vertrouwen.md opnieuw gebouwd" in caplog.text
    caplog.clear()
    # a mistake: the attempt says nothing, the whole rebuild says it, once
    _append(project / CHAPTER, "\nLees [dit](bestaat-niet.md).\n")
    assert not preview.saved()
    said = [r.getMessage() for r in caplog.records if "bestaat-niet.md" in r.getMessage()]
    assert len(said) == 1, said


def test_an_editors_swap_file_does_not_stop_a_page_being_rebuilt_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    project = copy_site("edities", tmp_path)
    preview = Served(project, tmp_path / "preview")
    (project / "docs/noord/.vertrouwen.md.swp").write_bytes(b"vim")
    _append(project / CHAPTER, "\nNog een zin.\n")
    (project / "docs/noord/vertrouwen.md~").write_text("oud", encoding="utf-8")
    assert preview.saved()
    assert files_of(preview.site) == _as_a_new_preview(project, tmp_path)


def test_a_site_with_a_plugin_of_its_own_is_rebuilt_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Another plugin may read every page (its own index, a feed): only a whole rebuild
    # makes what it makes.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    project = copy_site("edities", tmp_path)
    edit_file(project / "mkdocs.yml", "  - search:\n", "  - tags\n  - search:\n")
    preview = Served(project, tmp_path / "preview")
    _append(project / CHAPTER, "\nNog een zin.\n")
    assert not preview.saved()
    assert files_of(preview.site) == _as_a_new_preview(project, tmp_path)


def test_after_a_data_edit_what_changed_is_served_and_nothing_else_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    caplog.set_level(logging.INFO, logger="mkdocs")
    project = copy_site("edities", tmp_path)
    preview = Served(project, tmp_path / "preview")
    before = {path: path.stat().st_mtime_ns for path in preview.site.rglob("*") if path.is_file()}
    caplog.clear()
    edit_file(project / QUOTES, "kom je verder", "kom je veel verder")
    assert preview.saved()
    assert f"Na {QUOTES}: alleen" in caplog.text
    changed = {
        path.relative_to(preview.site).as_posix()
        for path, time in before.items()
        if path.stat().st_mtime_ns != time
    }
    # the chapter that places the quote, the overviews that list it, the search, the
    # catalog; nothing else
    assert "noord/partnerschap/index.html" in changed
    assert "noord/citaten/index.html" in changed
    assert "citaten/index.html" in changed
    assert "catalog.json" in changed
    assert "search/search_index.json" in changed
    assert "noord/vertrouwen/index.html" not in changed
    assert "west/partnerschap/index.html" not in changed
    page = (preview.site / "noord/partnerschap/index.html").read_text(encoding="utf-8")
    assert "kom je veel verder" in page


def test_a_mistake_in_the_data_then_its_fix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    caplog.set_level(logging.INFO, logger="mkdocs")
    project = copy_site("edities", tmp_path)
    preview = Served(project, tmp_path / "preview")
    # a quote with a role that is no role: the whole rebuild, the error page
    edit_file(project / QUOTES, "rol: vrijwilliger", "rol: [vrijwilliger")
    caplog.clear()
    assert not preview.saved()
    said = [r.getMessage() for r in caplog.records if "citaten.yml" in r.getMessage()]
    assert len(said) == 1, said  # said once: the attempt held its messages back
    page = (preview.site / "noord/partnerschap/index.html").read_text(encoding="utf-8")
    assert "citaten.yml" in page
    assert files_of(preview.site) == _as_a_new_preview(project, tmp_path)
    # the fix: the last rebuild showed a problem, so the whole site again
    edit_file(project / QUOTES, "rol: [vrijwilliger", "rol: vrijwilliger")
    assert not preview.saved()
    assert files_of(preview.site) == _as_a_new_preview(project, tmp_path)
    # then a quote's text: only what reads it
    edit_file(project / QUOTES, "kom je verder", "kom je veel verder")
    assert preview.saved()
    assert files_of(preview.site) == _as_a_new_preview(project, tmp_path)
    # and a box's text
    _append(project / "docs/bouwstenen/samen.md", "\nMeer uitleg.\n")
    assert preview.saved()
    assert files_of(preview.site) == _as_a_new_preview(project, tmp_path)


def test_after_data_rebuilds_a_box_and_an_edition_as_now_saved_are_as_a_new_preview_has_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the loads after a save reuse what they loaded before: a box's text as the privacy
    # scan read it, an edition's start page as parsed; what a save changed is read anew
    from handreiking.content.sources import MAX_DATA_BYTES

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    project = copy_site("edities", tmp_path)
    preview = Served(project, tmp_path / "preview")
    box = project / "docs/bouwstenen/samen.md"
    _append(box, "\nMeer uitleg.\n")
    assert preview.saved()
    assert files_of(preview.site) == _as_a_new_preview(project, tmp_path)
    # the box saved as Latin-1: the loader's message, at its line, as a new preview says
    box.write_bytes(box.read_text(encoding="utf-8").replace("Meer", "M\u00e9er").encode("latin-1"))
    assert not preview.saved()
    served = files_of(preview.site)
    assert "samen.md" in served["noord/partnerschap/index.html"].decode("utf-8")
    assert served == _as_a_new_preview(project, tmp_path)
    # too large for a data file
    box.write_text(box.read_text(encoding="latin-1") + "x" * MAX_DATA_BYTES, encoding="utf-8")
    assert not preview.saved()
    served = files_of(preview.site)
    assert "een gegevensbestand mag hooguit" in served["noord/partnerschap/index.html"].decode()
    assert served == _as_a_new_preview(project, tmp_path)
    # back as it was, then an edition's title: every page that shows it
    box.write_text("".join(box.read_text(encoding="utf-8").rsplit("x" * MAX_DATA_BYTES, 1)))
    assert not preview.saved()
    edit_file(project / QUOTES, "kom je verder", "kom je veel verder")
    assert preview.saved()
    edit_file(project / "docs/noord/index.md", "titel: Handreiking Noord", "titel: Gids Noord")
    assert not preview.saved()
    served = files_of(preview.site)
    assert "Gids Noord" in served["noord/index.html"].decode("utf-8")
    assert served == _as_a_new_preview(project, tmp_path)


# -- large pages by part: the parts of a page that changed, converted and indexed alone -----


@pytest.fixture
def every_page_large(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every page counts as large: the preview converts and indexes each by part where it
    can (the tiny site's pages are far below the size that does so)."""
    from handreiking.plugin import pagecache

    monkeypatch.setattr(pagecache, "LARGE_PAGE", 0)


#: edits of data that change parts of the large pages (the overviews of quotes, /themas/)
BY_PART: dict[str, Callable[[Path], None]] = {
    "a-quotes-first-words": lambda p: edit_file(p / QUOTES, "Samen kom je", "Samen kwam je"),
    "a-quotes-last-word": lambda p: edit_file(p / QUOTES, "dan alleen.", "dan in je eentje."),
    "two-quotes": lambda p: (
        edit_file(p / QUOTES, "Samen kom je", "Samen kwam je"),
        edit_file(p / QUOTES, "moet je verdienen", "moet je <echt> & eerlijk verdienen"),
    ),
    "a-quote-then-a-box": lambda p: (
        edit_file(p / QUOTES, "Samen kom je", "Samen kwam je"),
        _append(p / "docs/bouwstenen/samen.md", "\nMeer uitleg.\n"),
    ),
    "a-quotes-role": lambda p: edit_file(p / QUOTES, "rol: vrijwilliger", "rol: bewoner"),
}

#: edits whose overviews change in more than the quotes' words: converted whole
NOT_BY_PART: dict[str, Callable[[Path], None]] = {
    # another theme: another heading, and the quote under it
    "a-quotes-theme": lambda p: edit_file(p / QUOTES, "[partnerschap]", "[partnerschap, tijd]"),
    # a new quote: one more on the overviews, another count
    "a-new-quote": lambda p: _append(
        p / QUOTES,
        '- id: no-tijd-01\n  tekst: "Tijd maken."\n  rol: bewoner\n'
        "  thema: [tijd]\n  toestemming: true\n",
    ),
}


@pytest.mark.parametrize("edit", BY_PART)
def test_a_large_page_changed_in_parts_is_what_a_whole_rebuild_makes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, every_page_large: None, edit: str
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    project = copy_site("edities", tmp_path)
    preview = Served(project, tmp_path / "preview")
    cache = preview.rebuilds.last.plugins["handreiking"].page_cache  # type: ignore[union-attr]
    BY_PART[edit](project)
    assert preview.saved()
    # the overview of all quotes converted and indexed again only in its edition
    assert "citaten.md" in cache.converted_by_part
    assert "citaten.md" in cache.indexed_by_part
    if edit.startswith("a-quotes-first"):
        assert "themas.md" in cache.converted_by_part  # it shows the quote's first words
    assert files_of(preview.site) == _as_a_new_preview(project, tmp_path)
    # and saves one after another, each by part again where it can
    edit_file(project / QUOTES, "verdienen.", "verdienen, zegt men.")
    assert preview.saved()
    _append(project / CHAPTER, "\nNog een zin.\n")
    assert preview.saved()
    assert files_of(preview.site) == _as_a_new_preview(project, tmp_path)


def test_saves_of_one_quote_one_after_another_each_change_the_large_pages_by_part(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, every_page_large: None
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    project = copy_site("edities", tmp_path)
    preview = Served(project, tmp_path / "preview")
    cache = preview.rebuilds.last.plugins["handreiking"].page_cache  # type: ignore[union-attr]
    words = "Samen kom je"
    for n, new in enumerate(["Samen kwam je", "Samen kom jij", "Samen gaan we"]):
        edit_file(project / QUOTES, words, new)
        words = new
        assert preview.saved()
        assert cache.converted_by_part.count("themas.md") == n + 1
        assert cache.converted_by_part.count("citaten.md") == n + 1
        # indexed by part too: from the second save on, the parts as they were are
        # those the save before indexed alone
        assert cache.indexed_by_part.count("citaten.md") == n + 1
        assert files_of(preview.site) == _as_a_new_preview(project, tmp_path / str(n))


@pytest.mark.parametrize("edit", NOT_BY_PART)
def test_a_large_page_changed_in_its_shape_is_converted_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, every_page_large: None, edit: str
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    project = copy_site("edities", tmp_path)
    preview = Served(project, tmp_path / "preview")
    cache = preview.rebuilds.last.plugins["handreiking"].page_cache  # type: ignore[union-attr]
    NOT_BY_PART[edit](project)
    preview.saved()
    assert "citaten.md" not in cache.converted_by_part
    assert files_of(preview.site) == _as_a_new_preview(project, tmp_path)


def test_a_large_page_changed_in_every_edit_kind_is_what_a_whole_rebuild_makes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, every_page_large: None
) -> None:
    # every kind of save of the module's table, each after the one before, with every
    # page large: whatever is done by part must be what a whole rebuild makes
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    project = copy_site("edities", tmp_path)
    preview = Served(project, tmp_path / "preview")
    for name in ["a-sentence", "a-quotes-text", "a-boxs-text", "a-works-title", "a-new-work"]:
        change, alone = EDITS[name]
        change(project)
        assert preview.saved() is alone, name
        assert files_of(preview.site) == _as_a_new_preview(project, tmp_path / name), name


# -- edits of the bibliography read again only around the edit, and pages made of works
# the edit did not touch are not made again: each step as a whole rebuild makes it


def _works_of_one_author_and_year(project: Path) -> None:
    # Beta's work becomes Alfa's of 2001: the two get year letters, in title order
    edit_file(project / BIB, "author = {Beta, Bert}", "author = {Alfa, Anna}")
    edit_file(project / BIB, "year = {2002}", "year = {2001}")


#: steps one after another, and whether the preview rebuilds only what reads them
BIBLIOGRAPHY_STEPS: list[tuple[str, Callable[[Path], None], bool]] = [
    ("the first work's title", lambda p: edit_file(p / BIB, "Samen werken", "Samen bouwen"), True),
    # the initials of Gamma's work where both are cited
    (
        "a surname two works share",
        lambda p: edit_file(p / BIB, "author = {Delta, Dirk}", "author = {Gamma, Dirk}"),
        True,
    ),
    ("two works of one author and year", _works_of_one_author_and_year, True),
    # only the second work is touched; the first one's year letter changes with it
    (
        "a title that puts the letters the other way",
        lambda p: edit_file(p / BIB, "Respect in de wijk", "Aandacht in de wijk"),
        True,
    ),
    (
        "a comment between two works",
        lambda p: edit_file(p / BIB, "@book{gamma2003,", "% een opmerking\n@book{gamma2003,"),
        True,
    ),
    ("a new work at the end", lambda p: _append(p / BIB, NEW_WORK), True),
    (
        "an abbreviation (@string): the whole file is read",
        lambda p: _append(p / BIB, "\n@string{uitg = {Testuitgeverij}}\n"),
        True,
    ),
    ("the last work's title", lambda p: edit_file(p / BIB, "Een nieuw boek", "Een boek"), True),
    # a key twice: said as a whole rebuild says it
    (
        "a key twice",
        lambda p: edit_file(p / BIB, "@book{delta2004,", "@book{alfa2001,"),
        False,
    ),
]


def test_bibliography_edits_one_after_another_are_served_as_a_whole_rebuild_makes_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    project = copy_site("edities", tmp_path)
    preview = Served(project, tmp_path / "preview")
    for n, (what, change, alone) in enumerate(BIBLIOGRAPHY_STEPS):
        change(project)
        assert preview.saved() is alone, what
        assert files_of(preview.site) == files_of(
            Served(project, tmp_path / f"new-preview-{n}").site
        ), what


def test_a_preview_that_read_the_bibliography_from_its_cache_splices_the_first_edit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A preview started after an earlier build reads the bibliography from its cache
    # file, not from the text: whether the fast scanner reads the text is told after the
    # whole rebuild, so that the first edit's load reads only around the edit.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    project = copy_site("edities", tmp_path)
    Served(project, tmp_path / "earlier")
    preview = Served(project, tmp_path / "preview")
    config = preview.rebuilds.last
    assert config is not None
    loaded = config.plugins["handreiking"].caches.bibliographies.loaded  # type: ignore[attr-defined]
    assert [item.simple for item in loaded.values()] == [True]
    for n, (what, change, alone) in enumerate(BIBLIOGRAPHY_STEPS[:2]):
        change(project)
        assert preview.saved() is alone, what
        assert files_of(preview.site) == files_of(
            Served(project, tmp_path / f"new-preview-{n}").site
        ), what


def test_the_bibliography_cache_a_preview_edit_made_is_written_when_the_preview_ends(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # After an edit of one work the preview splices the bibliography in memory and
    # leaves its cache file for later: the next build reads the file the preview wrote
    # when it ended, which must be the file a build from cold writes.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    project = copy_site("edities", tmp_path)
    cache = project / ".cache/handreiking"
    preview = Served(project, tmp_path / "preview")
    before = {p.name for p in cache.glob("bib-*.json")}
    edit_file(project / BIB, "Tijd voor elkaar", "Tijd voor elkander")
    assert preview.saved() is True
    assert {p.name for p in cache.glob("bib-*.json")} == before  # not after every save
    preview._config().plugins.on_shutdown()  # as handreiking serve ends
    written = {p.name: p.read_bytes() for p in cache.glob("bib-*.json") if p.name not in before}
    assert len(written) == 1
    for file in cache.glob("bib-*.json"):
        file.unlink()
    Served(project, tmp_path / "cold")
    assert {p.name: p.read_bytes() for p in cache.glob("bib-*.json")} == written


# -- lists of literature by line: the references that changed, converted alone


def test_a_works_title_changes_the_lists_of_literature_by_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    project = copy_site("edities", tmp_path)
    preview = Served(project, tmp_path / "preview")
    cache = preview.rebuilds.last.plugins["handreiking"].page_cache  # type: ignore[union-attr]
    for n, (old, new) in enumerate(
        [("Tijd voor elkaar", "Tijd voor elkander"), ("Tijd voor elkander", "Tijd & <elkaar>")]
    ):
        edit_file(project / BIB, old, new)
        assert preview.saved()
        # the list of all works, and the edition's that lists the work
        assert cache.converted_by_part.count("literatuur.md") == n + 1
        assert any(uri.endswith("/literatuur.md") for uri in cache.converted_by_part)
        assert files_of(preview.site) == _as_a_new_preview(project, tmp_path / str(n))


def test_a_list_of_literature_in_another_order_is_what_a_whole_rebuild_makes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # two works of one author and year, then a title that swaps their year letters: the
    # lines of both change (and the citations of both)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    project = copy_site("edities", tmp_path)
    _works_of_one_author_and_year(project)
    preview = Served(project, tmp_path / "preview")
    edit_file(project / BIB, "Respect in de wijk", "Aandacht in de wijk")
    assert preview.saved()
    assert files_of(preview.site) == _as_a_new_preview(project, tmp_path)


def test_a_work_that_takes_fields_of_another_is_served_as_a_whole_rebuild_makes_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a work with crossref (the field's name in capitals) takes the book's publisher:
    # an edit of the book changes it too
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    project = copy_site("edities", tmp_path)
    _append(
        project / BIB,
        "\n@book{boek2010,\n  editor = {Eta, Els},\n  title = {Het boek},\n  year = {2010},\n"
        "  publisher = {Testuitgeverij},\n}\n"
        "\n@incollection{hoofdstuk2010,\n  author = {Theta, Tom},\n  title = {Een hoofdstuk},\n"
        "  CROSSREF = {boek2010},\n}\n",
    )
    preview = Served(project, tmp_path / "preview")
    edit_file(
        project / BIB,
        "Testuitgeverij},\n}\n\n@incollection",
        "Andere uitgeverij},\n}\n\n@incollection",
    )
    preview.saved()
    assert files_of(preview.site) == _as_a_new_preview(project, tmp_path)


def test_a_works_title_changes_the_search_entry_of_a_list_of_literature_by_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, every_page_large: None
) -> None:
    # the list of all works is one section: its search entry's text takes the changed
    # references' text in place of theirs, as indexing the whole list gives it
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    project = copy_site("edities", tmp_path)
    _works_of_one_author_and_year(project)
    preview = Served(project, tmp_path / "preview")
    cache = preview.rebuilds.last.plugins["handreiking"].page_cache  # type: ignore[union-attr]
    steps = [
        ("Tijd voor elkaar", "Tijd voor elkander"),
        ("Tijd voor elkander", "Tijd & <elkaar>  samen"),
        ("Tijd & <elkaar>  samen", "Tijd voor elkaar"),
        ("Respect in de wijk", "Aandacht in de wijk"),  # two lines change places
    ]
    for n, (old, new) in enumerate(steps):
        edit_file(project / BIB, old, new)
        assert preview.saved()
        assert cache.indexed_by_part.count("literatuur.md") == n + 1
        assert files_of(preview.site) == _as_a_new_preview(project, tmp_path / str(n))


@pytest.mark.parametrize(
    "text",
    [
        "crossref = {a}",
        "XData  =",
        "cro\u017f\u017fref =",
        "bcrossref =",
        " xref\n\n =",
        "xref",
        "Brûlé",
    ],
)
def test_a_work_taking_fields_of_another_is_found_as_the_pattern_finds_it(text: str) -> None:
    from handreiking.content.literature import bibliography

    found = bibliography._INHERITING.search(text) is not None
    assert bibliography._inherits(text) is found
