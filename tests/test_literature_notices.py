"""A cited work that lacks fields is listed with what it has, and the build says what is missing."""

from __future__ import annotations

from pathlib import Path

from conftest import build, copy_site


def test_a_cited_incomplete_work_gets_a_notice_not_an_error(tmp_path: Path) -> None:
    project = copy_site("basis", tmp_path)
    with (project / "bibliography.bib").open("a", encoding="utf-8") as bib:
        bib.write("\n@book{modder,\n  title = {Hemelse modder},\n}\n")
        bib.write("\n@book{ongebruikt,\n  title = {Niet geciteerd},\n}\n")
    chapter = project / "docs" / "noord" / "samen.md"
    chapter.write_text(
        chapter.read_text(encoding="utf-8") + "\nZie ook [@modder].\n", encoding="utf-8"
    )
    result = build(project)
    assert result.returncode == 0, result.stderr
    assert (
        "INFO - let op: bibliography.bib:16: bron 'modder' mist een auteur of redacteur "
        "(veld 'author' of 'editor')"
    ) in result.stderr
    assert "'ongebruikt'" not in result.stderr  # only works the guide cites
    assert "<em>Hemelse modder</em>. (z.d.)." in result.page("noord/literatuur/")
