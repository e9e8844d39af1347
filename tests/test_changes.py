"""What changed: ``/wijzigingen/`` (the whole guide and each published edition) and their
Atom feeds, made from a small git history with fixed dates, read back with a real feed
parser; no author is named, the same history gives the same bytes, and each page's
"Laatst bijgewerkt" links to its own entries."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import feedparser
import pytest
from conftest import copy_site, run_cli

AUTHOR = "Annemarie Testauteur"


def _git(project: Path, *args: str, date: str = "2026-01-01T12:00:00+00:00") -> None:
    env = dict(os.environ, GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    subprocess.run(
        ["git", "-c", f"user.name={AUTHOR}", "-c", "user.email=annemarie@example.org", *args],
        cwd=project,
        env=env,
        check=True,
        capture_output=True,
    )


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def _history(project: Path) -> None:
    """Four changes: the first version, a chapter extended and another renamed, the
    literature, and the rename undone (so a page is gone from where it was)."""
    _git(project, "init", "-q")
    _git(project, "add", ".")
    _git(project, "commit", "-q", "-m", "Eerste versie", date="2026-03-03T10:00:00+00:00")
    _append(project / "docs/noord/samen.md", "\nEen alinea erbij.\n")
    _git(project, "mv", "docs/noord/geven.md", "docs/noord/geef.md")
    _git(
        project,
        "commit",
        "-q",
        "-am",
        "Samen aangevuld & geven hernoemd\n\nSigned-off-by: Annemarie <annemarie@example.org>",
        date="2026-04-05T10:00:00+00:00",
    )
    _append(project / "bibliography.bib", "\n")
    _git(project, "commit", "-q", "-am", "Literatuur bijgewerkt", date="2026-04-06T10:00:00+00:00")
    _git(project, "mv", "docs/noord/geef.md", "docs/noord/geven.md")
    _git(project, "commit", "-q", "-m", "Geven weer terug", date="2026-04-07T10:00:00+00:00")


def _build(project: Path, site: str = "site") -> Path:
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    result = run_cli("build", "--zonder-pdf", "-d", site, cwd=project, env=env)
    assert result.returncode == 0, result.stderr
    return project / site


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_site("links", tmp_path_factory.mktemp("wijzigingen"))
    _history(project)
    _build(project)
    return project


def _article(page: Path) -> str:
    html = page.read_text(encoding="utf-8")
    return html[html.index("<article") : html.index("</article>")]


def test_the_feed_of_the_whole_guide_lists_every_change_newest_first(built: Path) -> None:
    feed = feedparser.parse((built / "site/wijzigingen.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10"
    assert feed.feed.title == "Wijzigingen"
    assert feed.feed.link == "https://example.org/handreiking/wijzigingen/"
    assert feed.feed.updated == "2026-04-07T10:00:00+00:00"
    assert [e.title for e in feed.entries] == [
        "Geven weer terug",
        "Literatuur bijgewerkt",
        "Samen aangevuld & geven hernoemd",
        "Eerste versie",
    ]
    assert [e.updated[:10] for e in feed.entries] == [
        "2026-04-07",
        "2026-04-06",
        "2026-04-05",
        "2026-03-03",
    ]
    second = feed.entries[2]
    assert second.link.startswith("https://example.org/handreiking/wijzigingen/#w-")
    content = second.content[0].value
    assert '<a href="https://example.org/handreiking/noord/samen/">Samen</a>' in content
    assert "docs/noord/geef.md (niet meer op deze plek)" in content
    literature = feed.entries[1].content[0].value
    assert '<a href="https://example.org/handreiking/literatuur/">de literatuur</a>' in literature


def test_an_edition_feed_holds_the_changes_to_that_edition(built: Path) -> None:
    feed = feedparser.parse((built / "site/noord/wijzigingen.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert feed.feed.link == "https://example.org/handreiking/noord/wijzigingen/"
    # the literature changed outside the edition's folder
    assert [e.title for e in feed.entries] == [
        "Geven weer terug",
        "Samen aangevuld & geven hernoemd",
        "Eerste versie",
    ]
    assert all(e.link.startswith(feed.feed.link + "#w-") for e in feed.entries)


def test_no_author_is_named_and_no_message_body_is_published(built: Path) -> None:
    for path in ("wijzigingen.xml", "noord/wijzigingen.xml", "wijzigingen/index.html"):
        text = (built / "site" / path).read_text(encoding="utf-8")
        assert "Annemarie" not in text and "annemarie@" not in text, path
        assert "Signed-off-by" not in text, path
    feed = feedparser.parse((built / "site/wijzigingen.xml").read_bytes())
    assert all("author" not in entry for entry in feed.entries)


def test_the_page_shows_date_message_and_pages_as_links(built: Path) -> None:
    article = _article(built / "site/noord/wijzigingen/index.html")
    assert "<strong>5 april 2026</strong>, wijziging: Samen aangevuld &amp; geven hernoemd" in (
        article
    )
    assert '<a href="../samen/">Samen</a>' in article
    assert "<code>docs/noord/geef.md</code> (niet meer op deze plek)" in article
    assert '<a href="../wijzigingen.xml">Atom-feed</a>' in article
    whole = _article(built / "site/wijzigingen/index.html")
    assert '<a href="../literatuur/">de literatuur</a>' in whole
    assert '<a href="../wijzigingen.xml">Atom-feed</a>' in whole


def test_last_updated_links_to_the_page_s_entries(built: Path) -> None:
    html = (built / "site/noord/samen/index.html").read_text(encoding="utf-8")
    found = re.search(
        r'Laatst bijgewerkt: <a href="([^"]+)"[^>]*><time datetime="2026-04-05">5 april 2026',
        html,
    )
    assert found, html[html.find("Laatst bijgewerkt") - 100 :][:400]
    address, anchor = found.group(1).split("#")
    assert address == "../wijzigingen/"
    target = _article(built / "site/noord/wijzigingen/index.html")
    entry = re.search(rf'<li><span id="{anchor}"></span>(.*?)</li>', target, re.S)
    assert entry is not None
    dates = re.findall(r'<a href="#(w-[0-9a-f]{12})">([^<]+)</a>', entry.group(1))
    assert [date for _, date in dates] == ["5 april 2026", "3 maart 2026"]
    for commit_anchor, _ in dates:
        assert f'<span id="{commit_anchor}"></span>' in target
    box = (built / "site/bouwstenen/respect/index.html").read_text(encoding="utf-8")
    assert 'Laatst bijgewerkt: <a href="../../wijzigingen/#pagina-bouwstenen-respect"' in box


def test_the_same_history_gives_the_same_bytes(built: Path, tmp_path: Path) -> None:
    project = tmp_path / "kopie"
    shutil.copytree(built, project, ignore=shutil.ignore_patterns("site"))
    again = _build(project, "site-2")
    for path in ("wijzigingen.xml", "noord/wijzigingen.xml", "wijzigingen/index.html"):
        assert (again / path).read_bytes() == (built / "site" / path).read_bytes(), path


def test_the_address_record_holds_the_changes_pages(built: Path) -> None:
    record = (built / "gepubliceerde-adressen.txt").read_text(encoding="utf-8").splitlines()
    assert "/wijzigingen/" in record
    assert "/noord/wijzigingen/" in record
    assert "/wijzigingen.xml" not in record  # files beside the pages are not recorded


def test_outside_git_the_page_says_there_is_no_history(tmp_path: Path) -> None:
    project = copy_site("links", tmp_path)
    site = _build(project)
    article = _article(site / "wijzigingen/index.html")
    assert "geen geschiedenis van wijzigingen beschikbaar" in article
    feed = feedparser.parse((site / "wijzigingen.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert feed.entries == []
    assert feed.feed.updated.endswith("T00:00:00+00:00")  # the day of the build date
    page = (site / "noord/samen/index.html").read_text(encoding="utf-8")
    assert "wijzigingen/#pagina" not in page


def test_a_private_detail_in_a_commit_message_stops_the_build(tmp_path: Path) -> None:
    project = copy_site("links", tmp_path)
    _git(project, "init", "-q")
    _git(project, "add", ".")
    _git(project, "commit", "-q", "-m", "Bel 06-12345678 bij vragen")
    result = run_cli("build", "--zonder-pdf", cwd=project)
    assert result.returncode == 1
    assert "staat een telefoonnummer ('06-12345678')" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (project / "site" / "wijzigingen.xml").exists()


def test_the_printed_book_leaves_the_changes_out(tmp_path: Path) -> None:
    from handreiking.content.editions import Edition
    from handreiking.outputs.pdf import PageSource, make_book

    edition = Edition(id="noord", titel="T", stadsdeel="Noord", status="gepubliceerd")
    pages = [
        PageSource("noord/samen.md", "noord/samen/", "Samen", "<p>Tekst</p>"),
        PageSource("noord/wijzigingen.md", "noord/wijzigingen/", "Wijzigingen", "<p>x</p>"),
    ]
    book = make_book(edition, pages, site_name="S", site_url=None, author="A", site_dir=tmp_path)
    assert [chapter.src_uri for chapter in book.chapters] == ["noord/samen.md"]
