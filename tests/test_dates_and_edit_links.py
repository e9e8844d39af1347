"""Every page says when it was last changed (from git, reproducibly) and links to its
source for editing when the repository is known."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

from conftest import copy_site, run_cli

DATE = 'Laatst bijgewerkt: <time datetime="2026-11-28">28 november 2026</time>'


def _build(project: Path, **env: str) -> str:
    environment = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    environment.update(env)
    result = run_cli("build", "--zonder-pdf", cwd=project, env=environment)
    assert result.returncode == 0, result.stderr
    return (project / "site/zuidoost/index.html").read_text(encoding="utf-8")


def _git(project: Path, *args: str, date: str) -> None:
    env = dict(os.environ, GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", *args],
        cwd=project,
        env=env,
        check=True,
        capture_output=True,
    )


def test_the_date_of_the_last_commit_is_shown_in_dutch(tmp_path: Path) -> None:
    project = copy_site("voor-auteurs", tmp_path)
    _git(project, "init", "-q", date="2026-01-01T12:00:00+00:00")
    _git(project, "add", ".", date="2026-01-01T12:00:00+00:00")
    _git(project, "commit", "-q", "-m", "eerste", date="2025-03-01T12:00:00+00:00")
    (project / "docs/zuidoost/index.md").write_text(
        (project / "docs/zuidoost/index.md").read_text(encoding="utf-8") + "\nNieuw.\n",
        encoding="utf-8",
    )
    _git(project, "commit", "-q", "-am", "tweede", date="2026-11-28T10:00:00+00:00")
    # with a history, the date links to the page's entries on its edition's changes page
    html = _build(project)
    assert (
        'Laatst bijgewerkt: <a href="wijzigingen/#pagina-zuidoost" title="Wat er aan deze '
        'pagina veranderde"><time datetime="2026-11-28">28 november 2026</time></a>' in html
    )
    index = (project / "site/index.html").read_text(encoding="utf-8")
    assert "1 maart 2025" in index


def test_without_history_the_date_comes_from_source_date_epoch(tmp_path: Path) -> None:
    project = copy_site("voor-auteurs", tmp_path)
    assert DATE in _build(project, SOURCE_DATE_EPOCH="1795860000")  # 2026-11-28


def test_without_history_the_date_comes_from_the_sources_never_the_clock(tmp_path: Path) -> None:
    project = copy_site("voor-auteurs", tmp_path)
    for path in [project / "mkdocs.yml", *project.rglob("*")]:
        os.utime(path, (1795860000, 1795860000))
    html = _build(project)
    assert DATE in html
    assert 'rel="edit"' not in html, "no edit link without a known repository"


def test_the_edit_link_points_at_the_source_file(tmp_path: Path) -> None:
    project = copy_site("voor-auteurs", tmp_path)
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8")
        + "repo_url: https://github.com/voorbeeld/handreiking\nedit_uri: edit/main/docs/\n",
        encoding="utf-8",
    )
    html = _build(project)
    assert (
        '<a href="https://github.com/voorbeeld/handreiking/edit/main/docs/zuidoost/index.md" '
        'title="Bewerk deze pagina"'
    ) in html


def _lastmod(project: Path) -> str:
    sitemap = (project / "site" / "sitemap.xml").read_text(encoding="utf-8")
    return sitemap.split("<lastmod>", 1)[1].split("</lastmod>", 1)[0]


def test_builds_in_one_process_each_take_their_own_date_and_keep_the_users(
    tmp_path: Path, monkeypatch
) -> None:
    """A date the plugin chose for one project is not another project's, whatever the
    process ran before; a date the user set is never replaced."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    def build_in_process(project: Path) -> str:
        build(load_config(config_file=str(project / "mkdocs.yml")))
        return _lastmod(project)

    old = copy_site("basis", tmp_path / "oud")
    new = copy_site("basis", tmp_path / "nieuw")
    for project, when in ((old, 1700000000), (new, 1795860000)):  # 2023-11-14, 2026-11-28
        for path in project.rglob("*"):
            os.utime(path, (when, when))
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    monkeypatch.chdir(tmp_path)
    assert build_in_process(old) == "2023-11-14"
    assert build_in_process(new) == "2026-11-28"  # not the date left by the first build
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1600000000")  # 2020-09-13, the user's
    assert build_in_process(old) == "2020-09-13"


# -- the preview says when a page has changes that are not committed yet --------------

PENDING = "Laatst bijgewerkt: nog niet vastgelegd"


def _unlinked(html: str) -> str:
    """The page without links: the date links to the page of changes where git has one."""
    return re.sub(r"</?a\b[^>]*>", "", html)


def test_the_preview_says_a_page_is_not_committed_yet_a_build_does_not(tmp_path: Path) -> None:
    from test_serve import running

    project = copy_site("voor-auteurs", tmp_path)
    (project / ".gitignore").write_text("site/\nserve.log\n.cache/\n", encoding="utf-8")
    _git(project, "init", "-q", date="2026-11-28T10:00:00+00:00")
    _git(project, "add", ".", date="2026-11-28T10:00:00+00:00")
    _git(project, "commit", "-q", "-m", "eerste", date="2026-11-28T10:00:00+00:00")
    page = project / "docs/zuidoost/index.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nNieuw.\n", encoding="utf-8")

    html = _unlinked(_build(project))
    assert DATE in html and PENDING not in html, "a build is the same whatever git status says"

    with running(project) as server:
        server.page_shows("zuidoost/", PENDING)
        other = _unlinked(server.get("") or "")
        assert DATE in other and PENDING not in other
        _git(project, "commit", "-q", "-am", "tweede", date="2026-11-28T10:00:00+00:00")
        page.write_text(page.read_text(encoding="utf-8") + "\nNog een zin.\n", encoding="utf-8")
        server.page_shows("zuidoost/", "Nog een zin.")
        assert PENDING in (server.get("zuidoost/") or "")
