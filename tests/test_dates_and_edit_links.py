"""Every page says when it was last changed (from git, reproducibly) and links to its
source for editing when the repository is known."""

from __future__ import annotations

import os
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
