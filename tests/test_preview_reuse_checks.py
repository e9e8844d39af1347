"""Live preview rebuilds reuse the privacy scan of every source file that did not change
and the gate's verdict on every page whose text did not change, and still say every
problem on every rebuild: a problem introduced by an edit shows on the next rebuild, one
fixed by an edit is gone on the next, and one in a file that was not edited is said again
each time, as ``handreiking check`` says it.

The builds run in this process as ``mkdocs serve`` runs them: one plugin instance kept
across rebuilds (``on_startup(command="serve")``), a new config per rebuild, the same site
folder.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import check_problems, copy_site, edit_file
from handreiking.content.privacy import PrivacyCache, privacy_problems
from handreiking.plugin.preview_errors import HEADING
from mkdocs.commands.build import build
from mkdocs.config import load_config

SERVE_URL = "http://127.0.0.1:8000/"
CHAPTER = "docs/noord/samen.md"
OTHER = "docs/west/index.md"
PHONE = "Bel 06-12345678 gerust."
#: the text of citaten.yml's quote without consent
WITHHELD = "Dit mag nooit gepubliceerd worden."
#: what follows it in citaten.yml, up to its consent
REST = "  rol: bewoner\n  thema: [respect]\n  toestemming: "


class Preview:
    """``mkdocs serve`` of one project, without the web server."""

    def __init__(self, project: Path, site: Path) -> None:
        self.project = project
        self.site = site
        self.plugin = None
        self.config = self._config()
        self.config.plugins.on_startup(command="serve", dirty=False)
        self.plugin = self.config.plugins["handreiking"]
        build(self.config, serve_url=SERVE_URL)

    def _config(self):  # type: ignore[no-untyped-def]
        # `handreiking serve` is not strict: a mistake shows on the page
        path = str(self.project / "mkdocs.yml")
        config = load_config(path, site_dir=str(self.site), strict=False)
        config.site_url = SERVE_URL
        return config

    def rebuild(self, caplog: pytest.LogCaptureFixture) -> list[str]:
        """What the server does after a saved file; returns what the terminal said."""
        caplog.clear()
        with caplog.at_level(logging.WARNING, logger="mkdocs"):
            build(self._config(), serve_url=SERVE_URL)
        return [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]

    def page(self, path: str) -> str:
        return (self.site / path / "index.html").read_text(encoding="utf-8")

    def close(self) -> None:
        self.config.plugins.on_shutdown()


@pytest.fixture
def preview(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Preview]:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764288000")  # no git in the copy
    project = copy_site("basis", tmp_path)
    monkeypatch.chdir(project)
    running = Preview(project, tmp_path / "site")
    try:
        yield running
    finally:
        running.close()


def _add(project: Path, path: str, text: str) -> None:
    file = project / path
    file.write_text(file.read_text(encoding="utf-8") + f"\n{text}\n", encoding="utf-8")


def test_a_private_detail_shows_on_the_next_rebuild_and_every_one_after_until_fixed(
    preview: Preview, caplog: pytest.LogCaptureFixture
) -> None:
    project = preview.project
    assert not [m for m in preview.rebuild(caplog) if "telefoonnummer" in m]
    _add(project, CHAPTER, PHONE)
    (expected,) = check_problems(project)
    assert expected.startswith(f"{CHAPTER}:") and "'06-12345678'" in expected
    said = preview.rebuild(caplog)
    assert expected in said
    assert HEADING in preview.page("noord/samen")
    assert expected.split(": ", 1)[1] in preview.page("west")
    # Another file is edited: the chapter's scan is reused, and its problem said again.
    _add(project, OTHER, "Nog een zin.")
    said = preview.rebuild(caplog)
    assert preview.plugin.caches.privacy.reused > 0  # type: ignore[union-attr]
    assert expected in said
    assert expected.split(": ", 1)[1] in preview.page("noord/samen")
    # Allowed for this file: the same text, other exceptions, so scanned again.
    (project / "privacy-uitzonderingen.yml").write_text(
        '- tekst: "06-12345678"\n  reden: "test (openbaar)"\n  bestand: docs/noord/samen.md\n',
        encoding="utf-8",
    )
    assert check_problems(project) == []
    assert not [m for m in preview.rebuild(caplog) if "06-12345678" in m]
    assert HEADING not in preview.page("noord/samen")
    # The exception withdrawn: the detail is back, on the next rebuild.
    (project / "privacy-uitzonderingen.yml").unlink()
    assert expected in preview.rebuild(caplog)
    # Fixed in the chapter: gone on the next rebuild.
    edit_file(project / CHAPTER, PHONE, "Bel gerust.")
    assert check_problems(project) == []
    assert not [m for m in preview.rebuild(caplog) if "telefoonnummer" in m]
    page = preview.page("noord/samen")
    assert HEADING not in page and "Bel gerust." in page


def test_a_page_judged_before_is_judged_the_same_on_every_rebuild(
    preview: Preview, caplog: pytest.LogCaptureFixture
) -> None:
    """The gate's verdict on a page whose text did not change is reused: the page still
    shows its problem in red, and the terminal still says it, on every rebuild."""
    project = preview.project
    _add(project, CHAPTER, f"Een deelnemer zei: {WITHHELD}")
    (expected,) = check_problems(project)
    assert "(zonder toestemming) staat op de pagina docs/noord/samen.md" in expected
    message = expected.split(": ", 1)[1]
    said = preview.rebuild(caplog)
    assert expected in said
    assert message in preview.page("noord/samen")
    for rebuild in range(2):
        _add(project, OTHER, f"Nog een zin ({rebuild}).")  # the chapter is not edited
        said = preview.rebuild(caplog)
        assert preview.plugin.caches.gate.reused > 0  # type: ignore[union-attr]
        assert said.count(expected) == 1, said
        assert message in preview.page("noord/samen")
        assert message not in preview.page("west")
    # The quote given consent: the same page text, other rules, so judged again.
    quotes = project / "docs/noord/citaten.yml"
    edit_file(quotes, f'{WITHHELD}"\n{REST}false', f'{WITHHELD}"\n{REST}true')
    assert check_problems(project) == []
    assert expected not in preview.rebuild(caplog)
    assert message not in preview.page("noord/samen")
    # Consent withdrawn again, then the chapter fixed: shown, then gone.
    edit_file(quotes, f'{WITHHELD}"\n{REST}true', f'{WITHHELD}"\n{REST}false')
    assert expected in preview.rebuild(caplog)
    assert message in preview.page("noord/samen")
    edit_file(project / CHAPTER, f"Een deelnemer zei: {WITHHELD}", "Een deelnemer zei iets.")
    assert expected not in preview.rebuild(caplog)
    assert message not in preview.page("noord/samen")


def test_a_theory_box_loaded_before_says_its_problem_on_every_rebuild(
    preview: Preview, caplog: pytest.LogCaptureFixture
) -> None:
    """A box file is parsed again only when its text changed; its problem is said on
    every rebuild all the same, and a source it names is checked against the
    bibliography as it is now."""
    project = preview.project
    box = project / "docs/bouwstenen/respect.md"
    title = "titel: Respect en wederkerigheid\n"
    edit_file(box, title, "")
    (expected,) = check_problems(project)
    assert expected.startswith("docs/bouwstenen/respect.md:")
    assert expected in preview.rebuild(caplog)
    _add(project, OTHER, "Nog een zin.")
    assert expected in preview.rebuild(caplog)
    assert expected.split(": ", 1)[1] in preview.page("noord/samen")
    edit_file(box, "thema:", f"{title}thema:")
    assert check_problems(project) == []
    assert not preview.rebuild(caplog)
    assert HEADING not in preview.page("noord/samen")
    # The box unchanged, the work it names gone from the bibliography: said at once.
    edit_file(project / "bibliography.bib", "sennett2003", "sennett2004")
    (unknown,) = [p for p in check_problems(project) if p.startswith("docs/bouwstenen/")]
    assert "'sennett2003'" in unknown
    assert unknown in preview.rebuild(caplog)  # the data's problem: the pages wait for it


# -- the preview's scan of files read again: by their bytes, written to disk at the end


def test_a_detail_typed_over_text_of_the_same_size_and_time_is_found(
    preview: Preview, caplog: pytest.LogCaptureFixture
) -> None:
    """The preview reuses a file's scan only for exactly the bytes it scanned: not for
    the same size and modification time."""
    project = preview.project
    _add(project, CHAPTER, "Bel xx-xxxxxxxx gerust.")
    assert not [m for m in preview.rebuild(caplog) if "telefoonnummer" in m]
    chapter = project / CHAPTER
    before = chapter.stat()
    edit_file(chapter, "Bel xx-xxxxxxxx gerust.", PHONE)
    os.utime(chapter, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert chapter.stat().st_size == before.st_size
    (expected,) = check_problems(project)
    assert expected in preview.rebuild(caplog)


def test_the_scans_of_the_preview_are_kept_on_disk_when_it_ends(
    preview: Preview, caplog: pytest.LogCaptureFixture
) -> None:
    """The preview keeps its scans in memory while it runs and writes them to the cache
    folder when it ends: the next build scans none of the files again."""
    project = preview.project
    _add(project, OTHER, "Nog een zin.")
    preview.rebuild(caplog)
    folder = preview.plugin.caches.privacy.folder  # type: ignore[union-attr]
    assert folder is not None
    preview.close()
    cache = PrivacyCache(folder)
    assert privacy_problems(project / "docs", root=project, cache=cache) == []
    kept = PrivacyCache(folder)
    privacy_problems(project / "docs", root=project, cache=kept)
    assert kept.reused == cache.reused > 0  # the first found every file's scan there
