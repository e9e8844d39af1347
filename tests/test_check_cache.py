"""``handreiking check`` reuses the last check (or whole build) when nothing it reads
changed, and says exactly what a fresh check says: the same lines, in the same order,
with the same exit code, after every kind of change too."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import Ran, build, copy_site, edit_file, run_cli

CACHE = Path(".cache/handreiking/check.json")
PAGES = Path(".cache/handreiking/check-pages.json")


def _check(project: Path, *args: str) -> Ran:
    return run_cli("check", *args, cwd=project)


def _fresh(project: Path, *args: str) -> Ran:
    """A check without what the last one kept: the cache folder removed first."""
    shutil.rmtree(project / CACHE.parent, ignore_errors=True)
    return _check(project, *args)


def _said(ran: Ran) -> tuple[int, str, str]:
    return ran.returncode, ran.stdout, ran.stderr


def _plant(project: Path, message: str) -> None:
    """Change the first kept problem's message (or add one): a check that shows it
    replayed the kept messages."""
    file = project / CACHE
    stored = json.loads(file.read_text(encoding="utf-8"))
    problems = stored["data"]["problems"]
    if problems:
        problems[0][2] = message
    else:
        problems.append(["docs/index.md", 1, message])
    file.write_text(json.dumps(stored), encoding="utf-8")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The basis site with one mistake, so that a check says something."""
    site = copy_site("basis", tmp_path)
    edit_file(site / "docs/noord/samen.md", "[@sennett2003, p. 12]", "[@senett2003, p. 12]")
    with (site / "docs/west/index.md").open("a", encoding="utf-8") as west:
        west.write("\nDe [PDF](handreiking-west.pdf).\n")
    return site


def test_an_unchanged_tree_replays_the_last_check(project: Path) -> None:
    first = _check(project)
    assert first.returncode == 1
    assert "onbekende bron 'senett2003'" in first.stdout
    assert (project / CACHE).is_file()
    again = _check(project)
    assert _said(again) == _said(first)
    # it is the kept result that is said: a planted message shows
    _plant(project, "geplant")
    assert "geplant" in _check(project).stdout
    assert _said(_fresh(project)) == _said(first)


def test_literature_notices_are_replayed_too(project: Path) -> None:
    first = _check(project, "--literatuur")
    assert _said(_check(project, "--literatuur")) == _said(first)
    plain = _fresh(project)
    assert _said(_check(project)) == _said(plain)
    assert _said(_check(project, "--literatuur")) == _said(first)


def _chapter(p: Path) -> None:
    edit_file(p / "docs/noord/samen.md", "/// citaat | no-respect-01", "/// citaat | no-respect-1")


def _quotes(p: Path) -> None:
    edit_file(p / "docs/noord/citaten.yml", "rol: vrijwilliger", "rol: vrijwiliger")


def _box(p: Path) -> None:
    edit_file(p / "docs/bouwstenen/respect.md", "bronnen: [sennett2003]", "bronnen: [sennet]")


def _bibliography(p: Path) -> None:
    edit_file(p / "bibliography.bib", "@book{lipsky1980,", "@book{lipsky1981,")


def _status(p: Path) -> None:
    # a published edition has its book: the link to it (see the fixture) is then right
    edit_file(p / "docs/west/index.md", "status: in-voorbereiding", "status: gepubliceerd")


def _config(p: Path) -> None:
    edit_file(p / "mkdocs.yml", "edities: [noord, west]", "edities: [noord]")


def _added(p: Path) -> None:
    (p / "docs/noord/nieuw.md").write_text(
        "---\nid: no-nieuw\n---\n\n# Nieuw\n\nZie [weg](weg.md).\n", encoding="utf-8"
    )


def _removed(p: Path) -> None:
    (p / "docs/bouwstenen/respect.md").unlink()


def _moves(p: Path) -> None:
    (p / "verhuisd.yml").write_text("- van: noord/oud.md\n  naar: no-weg\n", encoding="utf-8")


def _allowlist(p: Path) -> None:
    (p / "privacy-uitzonderingen.yml").write_text("- tekst: 020\n", encoding="utf-8")


def _record(p: Path) -> None:
    (p / "gepubliceerde-adressen.txt").write_text("/noord/weg/\n", encoding="utf-8")


CHANGES: dict[str, Callable[[Path], None]] = {
    "chapter text": _chapter,
    "a quote file": _quotes,
    "a theory box": _box,
    "the bibliography": _bibliography,
    "an edition's status": _status,
    "mkdocs.yml": _config,
    "a file added": _added,
    "a file removed": _removed,
    "verhuisd.yml": _moves,
    "the privacy allowlist": _allowlist,
    "the address record": _record,
}


@pytest.mark.parametrize("change", CHANGES.values(), ids=CHANGES.keys())
def test_after_each_change_the_check_says_what_a_fresh_one_says(
    project: Path, change: Callable[[Path], None]
) -> None:
    before = _check(project)
    change(project)
    after = _check(project)
    fresh = _fresh(project)
    assert _said(after) == _said(fresh)
    # the change is one a check sees: replaying the last check would have been wrong
    assert _said(fresh) != _said(before)


def test_an_edit_undone_replays_again(project: Path) -> None:
    before = _check(project)
    _chapter(project)
    _check(project)
    edit_file(
        project / "docs/noord/samen.md", "/// citaat | no-respect-1", "/// citaat | no-respect-01"
    )
    assert _said(_check(project)) == _said(before)


@pytest.mark.parametrize(
    "content",
    [
        b"\x00\xff not json",
        b'{"handreiking-cache": "quotes", "format": 1, "data": {}}',
        b'{"handreiking-cache": "check", "format": 999, "data": {}}',
        b"[1, 2, 3]",
    ],
    ids=["damaged", "another cache", "another format", "not an object"],
)
@pytest.mark.parametrize("file", [CACHE, PAGES], ids=["check", "pages"])
def test_a_damaged_or_foreign_cache_counts_as_empty(
    project: Path, content: bytes, file: Path
) -> None:
    _check(project)
    (project / file).write_bytes(content)
    if file == PAGES:
        _chapter(project)  # the pages' results are read when the sources changed
    after = _check(project)
    # it is replaced by a good one
    kind = json.loads((project / file).read_text(encoding="utf-8"))["handreiking-cache"]
    assert kind == ("check" if file == CACHE else "check-pages")
    assert _said(after) == _said(_fresh(project))


def _plant_in_every_page(project: Path, message: str) -> None:
    file = project / PAGES
    stored = json.loads(file.read_text(encoding="utf-8"))
    for entry in stored["data"].values():
        entry[0].append(["docs/index.md", 1, message])
    file.write_text(json.dumps(stored), encoding="utf-8")


def test_a_page_that_reads_what_it_read_is_not_converted_again(project: Path) -> None:
    _check(project)
    _plant_in_every_page(project, "geplant")
    edit_file(project / "docs/noord/samen.md", "Zo schreef", "Zo  schreef")
    # the chapter is converted again, the other pages are taken over
    assert "docs/index.md:1: geplant" in _check(project).stdout
    edit_file(project / "docs/bouwstenen/respect.md", "Respect ontstaat", "Respect  ontstaat")
    # a theory box is read by the chapter that places it: every page is converted again
    assert "geplant" not in _check(project).stdout


def test_a_misshapen_page_result_counts_as_empty(project: Path) -> None:
    _check(project)
    file = project / PAGES
    stored = json.loads(file.read_text(encoding="utf-8"))
    for entry in stored["data"].values():
        entry[1] = ["niet", "goed"]
    file.write_text(json.dumps(stored), encoding="utf-8")
    _chapter(project)
    after = _check(project)
    assert _said(after) == _said(_fresh(project))


def test_with_cache_false_nothing_is_read_or_written(project: Path) -> None:
    from handreiking.plugin import checkcache
    from mkdocs.config import load_config

    edit_file(
        project / "mkdocs.yml",
        "edities: [noord, west]",
        "edities: [noord, west]\n      cache: false",
    )
    expected = _said(_check(project))
    assert not (project / ".cache").exists()
    # a kept result for exactly these inputs, planted: not read either
    config = load_config(config_file=str(project / "mkdocs.yml"))
    inputs = checkcache.fingerprint(config, config.plugins["handreiking"].config)
    planted = {
        "inputs": inputs,
        "problems": [["docs/index.md", 1, "geplant"]],
        "notices": [],
        "literature": [],
    }
    (project / CACHE).parent.mkdir(parents=True)
    (project / CACHE).write_text(
        json.dumps({"handreiking-cache": "check", "format": 1, "data": planted}), encoding="utf-8"
    )
    assert _said(_check(project)) == expected


def test_a_whole_build_leaves_what_the_next_check_says(tmp_path: Path) -> None:
    project = copy_site("basis", tmp_path)
    assert build(project).returncode == 0  # writes the address record: its inputs change
    (project / CACHE).unlink()
    assert build(project).returncode == 0
    assert (project / CACHE).is_file(), "the build left nothing for the check"
    after_build = _check(project)
    assert after_build.returncode == 0
    _plant(project, "geplant")
    assert "geplant" in _check(project).stdout  # the build's result is what was said
    assert _said(_fresh(project)) == _said(after_build)


def test_a_failed_or_partial_build_leaves_nothing(project: Path, tmp_path: Path) -> None:
    assert build(project).returncode != 0
    assert not (project / CACHE).exists()
    other = copy_site("edities", tmp_path / "other")
    shutil.rmtree(other / ".cache", ignore_errors=True)
    assert build(other, "--editie", "zuid").returncode == 0
    assert not (other / CACHE).exists()
