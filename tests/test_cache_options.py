"""The plugin's ``cache`` and ``cache_dir`` options, and caches that belong to one site.

What a build keeps for the next one (the parsed bibliography, the formatted references,
the parsed quote files) goes where ``cache_dir`` says, relative to ``mkdocs.yml``;
``cache: false`` keeps nothing on disk. The caches belong to one plugin, so two sites
built one after the other in one process never see each other's literature.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from conftest import SITES, Ran, build, copy_site, edit_file, files_of, removed_old_sites, run_cli

LITERATURE_PAGE = "noord/literatuur/"
CACHE = Path(".cache") / "handreiking"


def _options(project: Path, options: str) -> None:
    edit_file(project / "mkdocs.yml", "edities: [noord, west]", f"edities: [noord, west]{options}")


#: What a build keeps: the bibliography, formatted references, the check's result (for
#: `handreiking check`), the pages (plugin/pagecache.py), the quote files, and the gate's
#: verdicts, what it read of each HTML file and canaries (signed).
KEPT = [
    "bib",
    "canaries",
    "check.json",
    "citations.json",
    "fmt",
    "gate",
    "gatepages",
    "pages.json",
    "pages.pack",
    "privacy",
    "quotes",
]


def test_the_cache_goes_where_cache_dir_says_relative_to_mkdocs_yml(tmp_path: Path) -> None:
    project = copy_site("basis", tmp_path)
    _options(project, "\n      cache_dir: elders")
    elsewhere = tmp_path / "ergens-anders"
    elsewhere.mkdir()
    # started in another folder: the cache is still next to mkdocs.yml
    config = str(project / "mkdocs.yml")
    built = run_cli(
        "-f", config, "build", "--zonder-pdf", "-d", str(project / "site"), cwd=elsewhere
    )
    assert built.returncode == 0, built.stderr
    kept = sorted(path.name.split("-")[0] for path in (project / "elders").iterdir())
    assert kept == KEPT
    assert not (project / ".cache").exists()
    assert list(elsewhere.iterdir()) == []


def _build(project: Path, env: dict[str, str]) -> Ran:
    return run_cli("build", "--zonder-pdf", cwd=project, env=env)


def test_without_cache_a_build_leaves_no_cache_folder_and_the_same_site(tmp_path: Path) -> None:
    # One build date for both: outside git it is the newest source's time, and the edit
    # below makes mkdocs.yml newer than the other copy's.
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
    cached = copy_site("basis", tmp_path / "met")
    assert _build(cached, env).returncode == 0
    assert (cached / ".cache" / "handreiking").is_dir()
    project = copy_site("basis", tmp_path / "zonder")
    _options(project, "\n      cache: false")
    for _ in range(2):  # the second build finds nothing either
        built = _build(project, env)
        assert built.returncode == 0, built.stderr
        assert not (project / ".cache").exists()
        removed_old_sites(project)
        assert [path.name for path in project.iterdir() if path.name.startswith(".")] == []
    assert files_of(project / "site") == files_of(cached / "site")


def test_two_sites_built_in_one_process_share_no_bibliography(tmp_path: Path) -> None:
    # Two sites that read one .bib file next to them: each build keeps its own caches.
    shutil.copy(SITES / "basis" / "bibliography.bib", tmp_path / "gedeeld.bib")
    sites = [copy_site("basis", tmp_path / name) for name in ("a", "b")]
    for project in sites:
        (project / "bibliography.bib").unlink()
        _options(project, "\n      bibliografie: ../../gedeeld.bib")
    for project in sites:
        built = build(project)
        assert built.returncode == 0, built.stderr
        assert "W. W. Norton" in built.page(LITERATURE_PAGE)
        kept = sorted(path.name.split("-")[0] for path in (project / CACHE).iterdir())
        assert kept == KEPT


def test_a_plugin_mkdocs_keeps_for_a_second_site_starts_it_with_empty_caches(
    tmp_path: Path,
) -> None:
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    shutil.copy(SITES / "basis" / "bibliography.bib", tmp_path / "gedeeld.bib")
    plugins = []
    for name in ("a", "b"):
        project = copy_site("basis", tmp_path / name)
        (project / "bibliography.bib").unlink()
        _options(project, "\n      bibliografie: ../../gedeeld.bib")
        config = load_config(str(project / "mkdocs.yml"))
        mkdocs_build(config)
        plugins.append(config.plugins["handreiking"])
        kept = sorted(path.name.split("-")[0] for path in (project / CACHE).iterdir())
        assert kept == KEPT
    assert plugins[0] is plugins[1]  # MkDocs keeps a plugin with on_startup per process


def test_the_project_folder_is_no_cache_dir_and_nothing_of_it_is_removed(tmp_path: Path) -> None:
    project = copy_site("basis", tmp_path)
    _options(project, "\n      cache_dir: .")
    mine = project / "quotes-lijst.json"
    mine.write_text("[]\n", encoding="utf-8")
    built = build(project)
    assert built.returncode == 1
    assert (
        "mkdocs.yml: cache_dir '.' is de map van mkdocs.yml zelf; kies een eigen map buiten "
        "docs/, bijvoorbeeld: cache_dir: .cache/handreiking"
    ) in built.stderr
    assert mine.read_text(encoding="utf-8") == "[]\n"
    assert not list(project.glob("bib-*")) and not list(project.glob("fmt-*"))


def test_a_shared_cache_dir_keeps_files_that_are_not_the_caches_own(tmp_path: Path) -> None:
    project = copy_site("basis", tmp_path)
    _options(project, "\n      cache_dir: gedeeld")
    shared = project / "gedeeld"
    shared.mkdir()
    others = ["quotes-lijst.json", "notities.pickle", "quotes-oud.txt"]
    for name in others:
        (shared / name).write_text("van iemand anders\n", encoding="utf-8")
    # the first build writes the cache files and tidies the folder of other versions'
    for _ in range(2):
        assert build(project).returncode == 0
    assert sorted(p.name for p in shared.iterdir() if p.name in others) == sorted(others)
