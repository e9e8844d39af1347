"""A cited work that lacks fields is listed with what it has; the build says in one line
how many works lack something, ``handreiking check --literatuur`` names each, and the
preview names a work again only when its entry changed."""

from __future__ import annotations

from pathlib import Path

from conftest import build, copy_site, edit_file, run_cli
from test_serve import running

#: the note that no licence is chosen yet: said by every build of these sites, not about works
LICENCE = "licentie"


def _notices(output: str) -> int:
    return sum(1 for line in output.splitlines() if "let op:" in line and LICENCE not in line)


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
    # one line for all the works, not a line per field of every work
    assert _notices(result.stderr) == 1
    assert (
        "INFO - let op: bij 1 bron is iets na te kijken; "
        "'handreiking check --literatuur' toont wat\n"
    ) in result.stderr
    checked = run_cli("check", "--literatuur", cwd=project)
    assert checked.returncode == 0
    assert (
        "let op: bibliography.bib:16: bron 'modder' mist een auteur of redacteur "
        "(veld 'author' of 'editor')\n"
    ) in checked.stdout
    assert "'ongebruikt'" not in checked.stdout  # only works the guide cites
    assert "<em>Hemelse modder</em>. (z.d.)." in result.page("noord/literatuur/")


def test_fields_the_list_does_not_show_are_reported_once_and_translator_is_used(
    tmp_path: Path,
) -> None:
    """Nothing a reference manager exports is dropped without a word: ``translator`` and
    ``origdate`` are shown; ``note`` and ``addendum`` are named once, in one notice per
    work, by the build and by ``handreiking check --literatuur``; the place of
    publication and the ISBN, which APA 7 leaves out (9.29), stay quiet."""
    project = copy_site("basis", tmp_path)
    with (project / "bibliography.bib").open("a", encoding="utf-8") as bib:
        bib.write(
            "\n@book{stad,\n  author = {Verhagen, Anna},\n  title = {De stille stad},\n"
            "  year = {2004},\n  origdate = {1962},\n  translator = {Kuiper, Rob},\n"
            "  publisher = {Uitgeverij Noorderlicht},\n  address = {Utrecht},\n"
            "  isbn = {9789999999999},\n  note = {Met een nawoord},\n"
            "  addendum = {Herziene vertaling},\n}\n"
        )
    chapter = project / "docs" / "noord" / "samen.md"
    text = chapter.read_text(encoding="utf-8")
    chapter.write_text(text + "\nZie [@stad] en @stad [p. 80].\n", encoding="utf-8")
    notice = (
        "bibliography.bib:16: bron 'stad': de velden 'note' en 'addendum' staan niet in de "
        "literatuurlijst (de APA-stijl van de site gebruikt ze niet); haal ze weg, of zet wat "
        "de lezer moet weten in een veld dat de lijst wel toont"
    )
    result = build(project)
    assert result.returncode == 0, result.stderr
    assert "let op: bij 1 bron is iets na te kijken" in result.stderr
    assert "bibliography.bib:16" not in result.stderr  # each work: check --literatuur
    assert "Verhagen (1962/2004, p. 80)" in result.page("noord/samen/")
    assert (
        "Verhagen, A. (2004). <em>De stille stad</em> (R. Kuiper, Vert.). Uitgeverij "
        "Noorderlicht. (Oorspronkelijk werk gepubliceerd 1962)"
    ) in result.page("noord/literatuur/")
    checked = run_cli("check", "--literatuur", cwd=project)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout.splitlines()[0] == f"let op: {notice}"
    assert "let op" not in run_cli("check", cwd=project).stdout


def test_the_preview_repeats_a_notice_only_when_its_entry_changed(tmp_path: Path) -> None:
    project = copy_site("basis", tmp_path)
    bib = project / "bibliography.bib"
    with bib.open("a", encoding="utf-8") as handle:
        handle.write("\n@book{modder,\n  title = {Hemelse modder},\n}\n")
        handle.write("\n@book{klei,\n  title = {Klei},\n  year = {1990},\n}\n")
    chapter = project / "docs" / "noord" / "samen.md"
    with chapter.open("a", encoding="utf-8") as handle:
        handle.write("\nZie ook [@modder] en [@klei].\n")
    summary = (
        "INFO - let op: bij 2 bronnen is iets na te kijken; "
        "'handreiking check --literatuur' toont wat"
    )
    with running(project) as server:
        server.page_shows("noord/samen/", "Hemelse modder")
        assert _notices(server.output()) == 1 and summary in server.output()
        # an edit elsewhere: the works did not change, nothing is said about them again
        edit_file(chapter, "Zie ook", "Lees ook")
        server.page_shows("noord/samen/", "Lees ook")
        # another entry changed: still quiet about these two
        edit_file(bib, "Respect in a world of inequality", "Respect in a world of difference")
        server.page_shows("literatuur/", "Respect in a world of difference")
        assert _notices(server.output()) == 1
        # the entry of 'klei' changed and still lacks fields: its notices, and only its
        edit_file(bib, "title = {Klei}", "title = {Klei en modder}")
        server.page_shows("literatuur/", "Klei en modder")
        server.wait_for("the notice about klei", lambda: "'klei'" in server.output())
        told = [
            line
            for line in server.output().splitlines()
            if "let op:" in line and LICENCE not in line
        ]
        assert told[0] == summary
        assert all("bron 'klei' mist" in line for line in told[1:]) and len(told) == 3
        assert "Traceback" not in server.output()
