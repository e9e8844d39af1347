"""``bibliografie`` in mkdocs.yml may name several files (a Zotero export per collection,
a shared group library): read as one, each problem said at its own file and line."""

from __future__ import annotations

from pathlib import Path

from conftest import build, check_problems, copy_site, edit_file, run_cli


def test_works_from_every_file_are_cited_and_listed(tmp_path: Path) -> None:
    project = copy_site("bibliografieen", tmp_path)
    built = build(project)
    assert built.returncode == 0, built.stderr
    page = built.page("noord/samen/")
    for key in ("alfa2001", "beta2002", "gamma2003"):
        assert f"#lit-{key}" in page
    listed = built.page("noord/literatuur/")
    assert "Samen werken" in listed and "Respect in de wijk" in listed
    # a notice about a work names the file it is in, at its line
    checked = run_cli("check", "--literatuur", cwd=project)
    assert "let op: groep.bib:8: bron 'gamma2003' mist een uitgever" in checked.stdout


def test_a_key_in_two_files_is_one_message_naming_both(tmp_path: Path) -> None:
    project = copy_site("bibliografieen", tmp_path)
    edit_file(
        project / "groep.bib",
        "@book{gamma2003,",
        "@book{Alfa2001,\n  author = {Alfa, Anna},\n  title = {Samen werken},\n"
        "  year = {2001},\n}\n\n@book{gamma2003,",
    )
    assert check_problems(project) == [
        "groep.bib:8: de sleutel 'Alfa2001' staat ook in literatuur/zotero.bib:1; een werk "
        "staat in één bestand: haal het hier of daar weg, of geef een van de twee een "
        "andere sleutel"
    ]


def test_every_file_is_read_and_scanned(tmp_path: Path) -> None:
    project = copy_site("bibliografieen", tmp_path)
    edit_file(project / "groep.bib", "  year = {2003},", "  year = {2003\n")
    edit_file(
        project / "literatuur/zotero.bib",
        "  publisher = {Testuitgeverij},",
        "  publisher = {Testuitgeverij},\n  note = {Bel 06-12345678},",
    )
    problems = check_problems(project)
    assert any(p.startswith("groep.bib:") for p in problems), problems
    assert any(
        p.startswith("literatuur/zotero.bib:6: ") and "telefoonnummer" in p for p in problems
    ), problems


def test_the_preview_watches_every_file(tmp_path: Path) -> None:
    from test_serve import running

    project = copy_site("bibliografieen", tmp_path)
    with running(project) as server:
        server.page_shows("noord/literatuur/", "Respect in de wijk")
        edit_file(project / "groep.bib", "Respect in de wijk", "Respect in de buurt")
        server.page_shows("noord/literatuur/", "Respect in de buurt")
