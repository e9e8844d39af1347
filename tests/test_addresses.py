"""Published addresses are kept: the record ``gepubliceerde-adressen.txt`` lists every
address the site has published, a whole build adds the new ones, and a build or check
that would lose one fails until ``verhuisd.yml`` says where it went, or its line is
deleted."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import ROOT, build, copy_site, edit_file, run_cli
from handreiking.outputs.links.addresses import RECORD_FILE
from test_serve import running

SITE = "robuust"
CHAPTER = "docs/noord/samen.md"


def record(project: Path) -> str:
    return (project / RECORD_FILE).read_text(encoding="utf-8")


def addresses(project: Path) -> list[str]:
    """The addresses of the record, in its order (comments left out)."""
    return [line for line in record(project).splitlines() if line.startswith("/")]


@pytest.fixture
def published(tmp_path: Path) -> Path:
    """A copy of the test site, built once: its record holds what it published."""
    project = copy_site(SITE, tmp_path)
    assert not (project / RECORD_FILE).exists()  # nothing published yet
    result = build(project)
    assert result.returncode == 0, result.stderr
    return project


def rename_chapter(project: Path) -> None:
    """``samen.md`` becomes ``samenwerken.md``; the link to it and the reading order
    follow."""
    (project / CHAPTER).rename(project / "docs/noord/samenwerken.md")
    edit_file(project / "docs/noord/index.md", "(samen.md)", "(samenwerken.md)")
    edit_file(project / "docs/noord/index.md", "[samen.md", "[samenwerken.md")


def add_chapter(project: Path, name: str, page_id: str) -> None:
    """A new chapter of Noord, last in its reading order."""
    (project / "docs/noord" / f"{name}.md").write_text(
        f"---\nid: {page_id}\n---\n\n# {name.title()}\n\nTekst.\n", encoding="utf-8"
    )
    edit_file(
        project / "docs/noord/index.md",
        "hoofdstukken: [samen.md",
        f"hoofdstukken: [samen.md, {name}.md",
    )


def line_of(project: Path, address: str) -> int:
    return record(project).splitlines().index(address) + 1


def test_the_first_build_records_every_page_and_permanent_address(published: Path) -> None:
    assert addresses(published) == [
        "/",
        "/bouwstenen/",
        "/bouwstenen/respect/",
        "/citaten/",
        "/id/no-samen/",
        "/id/no-start/",
        "/id/respect/",
        "/id/we-start/",
        "/literatuur/",
        "/noord/",
        "/noord/citaten/",
        "/noord/literatuur/",
        "/noord/samen/",
        "/noord/wijzigingen/",
        "/themas/",
        "/west/",
        "/wijzigingen/",
    ]
    assert record(published).startswith("# Elk adres dat de site ooit heeft gepubliceerd")
    assert run_cli("check", cwd=published).returncode == 0


def test_a_renamed_chapter_fails_until_its_move_is_written(published: Path) -> None:
    good_site = (published / "site/noord/samen/index.html").read_bytes()
    line = line_of(published, "/noord/samen/")
    rename_chapter(published)
    message = (
        f"{RECORD_FILE}:{line}: het adres /noord/samen/ is gepubliceerd, maar bestaat niet "
        "meer; voeg aan verhuisd.yml toe: '- van: noord/samen.md' met 'naar: <id of nieuw "
        "bestand>', of haal deze regel weg als het adres echt mag verdwijnen"
    )
    checked = run_cli("check", cwd=published)
    assert checked.returncode == 1
    assert checked.stdout.splitlines() == [message]
    built = build(published)
    assert built.returncode == 1
    assert message in built.stderr
    assert "Traceback" not in built.stderr
    assert (published / "site/noord/samen/index.html").read_bytes() == good_site

    (published / "verhuisd.yml").write_text(
        "- van: noord/samen.md\n  naar: no-samen\n", encoding="utf-8"
    )
    assert run_cli("check", cwd=published).returncode == 0
    built = build(published)
    assert built.returncode == 0, built.stderr
    old = built.page("noord/samen/")
    assert '<meta http-equiv="refresh" content="0; url=../samenwerken/">' in old
    assert "/noord/samen/" in addresses(published)
    assert "/noord/samenwerken/" in addresses(published)


def test_a_changed_id_fails_until_the_old_id_is_moved(published: Path) -> None:
    line = line_of(published, "/id/no-samen/")
    edit_file(published / CHAPTER, "id: no-samen", "id: no-samen-werken")
    message = (
        f"{RECORD_FILE}:{line}: het permanente adres /id/no-samen/ is gepubliceerd, maar geen "
        "pagina heeft nog het id 'no-samen'; voeg aan verhuisd.yml toe: '- id: no-samen' met "
        "'naar: <het nieuwe id>', of haal deze regel weg als het adres echt mag verdwijnen"
    )
    checked = run_cli("check", cwd=published)
    assert checked.returncode == 1
    assert checked.stdout.splitlines() == [message]
    built = build(published)
    assert built.returncode == 1
    assert message in built.stderr

    (published / "verhuisd.yml").write_text(
        "- id: no-samen\n  naar: no-samen-werken\n", encoding="utf-8"
    )
    assert run_cli("check", cwd=published).returncode == 0
    built = build(published)
    assert built.returncode == 0, built.stderr
    old = built.page("id/no-samen/")
    assert '<meta http-equiv="refresh" content="0; url=../../noord/samen/">' in old
    assert "/id/no-samen-werken/" in built.page("noord/samen/")  # "Citeer deze pagina"
    assert {"/id/no-samen/", "/id/no-samen-werken/"} <= set(addresses(published))


def test_deleting_its_line_lets_an_address_go(published: Path) -> None:
    rename_chapter(published)
    text = record(published)
    (published / RECORD_FILE).write_text(text.replace("/noord/samen/\n", ""), encoding="utf-8")
    assert run_cli("check", cwd=published).returncode == 0
    built = build(published)
    assert built.returncode == 0, built.stderr
    assert not (built.site / "noord/samen").exists()
    assert "/noord/samen/" not in addresses(published)  # not put back
    assert "/noord/samenwerken/" in addresses(published)


def test_the_record_grows_sorted_and_stays_byte_identical(published: Path, tmp_path: Path) -> None:
    before = addresses(published)
    add_chapter(published, "nieuw", "no-nieuw")
    assert build(published).returncode == 0
    after = addresses(published)
    assert after == sorted([*before, "/id/no-nieuw/", "/noord/nieuw/"])
    grown = (published / RECORD_FILE).read_bytes()
    assert build(published).returncode == 0
    assert (published / RECORD_FILE).read_bytes() == grown
    # The same site built afresh gives the same record, byte for byte.
    fresh = copy_site(SITE, tmp_path / "vers")
    add_chapter(fresh, "nieuw", "no-nieuw")
    assert build(fresh).returncode == 0
    assert (fresh / RECORD_FILE).read_bytes() == grown


def test_a_co_authors_comments_stay_where_they_are(published: Path) -> None:
    text = record(published).replace("/noord/\n", "# de editie Noord\n/noord/\n")
    (published / RECORD_FILE).write_text(text, encoding="utf-8")
    add_chapter(published, "nieuw", "no-nieuw")
    assert build(published).returncode == 0
    lines = record(published).splitlines()
    assert lines[lines.index("# de editie Noord") + 1] == "/noord/"
    assert lines.index("/noord/nieuw/") == lines.index("/noord/literatuur/") + 1


def test_one_edition_alone_and_a_failed_build_leave_the_record_alone(published: Path) -> None:
    before = record(published)
    add_chapter(published, "nieuw", "no-nieuw")
    assert build(published, "--editie", "noord").returncode == 0
    assert record(published) == before
    edit_file(published / CHAPTER, "/// citaat | no-respect-01", "/// citaat | no-respect-1")
    assert build(published).returncode == 1
    assert record(published) == before


def test_the_preview_leaves_the_record_alone(published: Path) -> None:
    before = record(published)
    add_chapter(published, "nieuw", "no-nieuw")
    with running(published) as server:
        server.page_shows("noord/nieuw/", "Tekst.")
    assert record(published) == before


def test_mkdocs_build_keeps_the_record_too(published: Path) -> None:
    add_chapter(published, "nieuw", "no-nieuw")
    command = [sys.executable, "-m", "mkdocs", "build", "-d", "gebouwd"]
    result = subprocess.run(command, cwd=published, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "/noord/nieuw/" in addresses(published)
    rename_chapter(published)
    result = subprocess.run(command, cwd=published, capture_output=True, text=True, timeout=300)
    assert result.returncode == 1
    assert f"{RECORD_FILE}:" in result.stderr
    assert "/noord/samenwerken/" not in addresses(published)


@contextmanager
def read_only(folder: Path) -> Iterator[None]:
    """``folder`` cannot be written in while the block runs, by root too where it can."""
    if os.geteuid() != 0:
        folder.chmod(0o555)
        undo = [lambda: folder.chmod(0o755)]
    elif shutil.which("chattr") and subprocess.run(["chattr", "+i", str(folder)]).returncode == 0:
        undo = [lambda: subprocess.run(["chattr", "-i", str(folder)], check=True)]
    else:
        pytest.skip("root may write every folder, and chattr cannot stop it here")
    try:
        yield
    finally:
        undo[0]()


def test_a_record_that_cannot_be_written_does_not_stop_the_build(published: Path) -> None:
    before = record(published)
    add_chapter(published, "nieuw", "no-nieuw")
    target = published.parent / "elders"
    with read_only(published):
        result = run_cli("build", "--zonder-pdf", "-d", str(target), cwd=published)
    assert result.returncode == 0, result.stderr
    assert f"INFO - {RECORD_FILE} kon niet worden bijgewerkt" in result.stderr
    assert (target / "noord/nieuw/index.html").is_file()
    assert record(published) == before


def test_the_real_site_has_a_record_that_its_build_keeps() -> None:
    assert "/id/zo-partnerschap/" in addresses(ROOT)
    assert "/zuidoost/partnerschap/" in addresses(ROOT)
    assert addresses(ROOT) == sorted(addresses(ROOT))
