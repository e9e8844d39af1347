"""A cited work that lacks fields is listed with what it has, and the build says what is missing."""

from __future__ import annotations

from pathlib import Path

from conftest import build, copy_site, run_cli


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
    assert result.stderr.count("let op: bibliography.bib:16") == 1
    assert f"INFO - let op: {notice}" in result.stderr
    assert "Verhagen (1962/2004, p. 80)" in result.page("noord/samen/")
    assert (
        "Verhagen, A. (2004). <em>De stille stad</em> (R. Kuiper, Vert.). Uitgeverij "
        "Noorderlicht. (Oorspronkelijk werk gepubliceerd 1962)"
    ) in result.page("noord/literatuur/")
    checked = run_cli("check", "--literatuur", cwd=project)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout.splitlines()[0] == f"let op: {notice}"
    assert "let op" not in run_cli("check", cwd=project).stdout
