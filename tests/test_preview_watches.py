"""The preview rebuilds when any file the build reads changes: the reviewed privacy
exceptions, the moves, the address record and the templates, besides the sources,
``mkdocs.yml`` and the bibliography."""

from __future__ import annotations

from pathlib import Path

from conftest import build, copy_site, edit_file
from handreiking.plugin.preview_errors import HEADING
from test_serve import running

ADDRESS = "Anton de Komplein 150, 1102 CW"


def test_an_edit_of_the_privacy_exceptions_shows_in_the_preview(tmp_path: Path) -> None:
    project = copy_site("basis", tmp_path)
    chapter = project / "docs" / "noord" / "samen.md"
    with chapter.open("a", encoding="utf-8") as handle:
        handle.write(f"\nHet stadsdeelkantoor staat aan de {ADDRESS} Amsterdam.\n")
    exceptions = project / "privacy-uitzonderingen.yml"
    exceptions.write_text(
        f'- tekst: "{ADDRESS}"\n'
        '  reden: "bezoekadres van het stadsdeelkantoor, een openbare organisatie"\n'
        "  bestand: docs/noord/samen.md\n",
        encoding="utf-8",
    )
    assert build(project).returncode == 0  # writes the address record too
    with running(project) as server:
        server.page_shows("noord/samen/", "Het stadsdeelkantoor staat aan de")
        watched = next(line for line in server.output().splitlines() if "Watching paths" in line)
        for name in ("privacy-uitzonderingen.yml", "gepubliceerde-adressen.txt", "templates"):
            assert name in watched
        # the exception no longer holds the address: the preview says so at once
        edit_file(exceptions, ADDRESS, "Anton de Komplein 151, 1102 CW")
        server.page_shows("noord/samen/", HEADING)
        assert "docs/noord/samen.md:" in (server.get("noord/samen/") or "")
        edit_file(exceptions, "Anton de Komplein 151, 1102 CW", ADDRESS)
        server.page_shows("noord/samen/", "Het stadsdeelkantoor staat aan de")
        assert "Traceback" not in server.output()


def test_privacy_exceptions_made_during_the_preview_are_read(tmp_path: Path) -> None:
    """A file the build reads next to mkdocs.yml is watched also while it does not
    exist yet: made during the preview, it is read at once."""
    project = copy_site("basis", tmp_path)
    exceptions = project / "privacy-uitzonderingen.yml"
    assert not exceptions.exists()
    chapter = project / "docs" / "noord" / "samen.md"
    with chapter.open("a", encoding="utf-8") as handle:
        handle.write(f"\nHet stadsdeelkantoor staat aan de {ADDRESS} Amsterdam.\n")
    with running(project) as server:
        # without the exception, the address is refused: the page says where
        server.page_shows("noord/samen/", "docs/noord/samen.md:")
        assert HEADING in (server.get("noord/samen/") or "")
        exceptions.write_text(
            f'- tekst: "{ADDRESS}"\n'
            '  reden: "bezoekadres van het stadsdeelkantoor, een openbare organisatie"\n'
            "  bestand: docs/noord/samen.md\n",
            encoding="utf-8",
        )
        server.page_shows("noord/samen/", "Het stadsdeelkantoor staat aan de")
        assert HEADING not in (server.get("noord/samen/") or HEADING)
        # and edits of the new file are read too
        edit_file(exceptions, ADDRESS, "Anton de Komplein 151, 1102 CW")
        server.page_shows("noord/samen/", HEADING)
        assert "Traceback" not in server.output()
