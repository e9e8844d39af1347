"""A large build converts its pages in forked processes on Linux (plugin/forkedpages.py):
the site, the messages and the page cache it leaves are those of a build in one process.

The test site is small; the build is made to fork by the number of processes the test
sets (``forkedpages.WORKERS``), as the size of a large site makes it fork by itself."""

from __future__ import annotations

import os
import re
import shutil
import sys
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from conftest import copy_site, files_of, run_cli
from handreiking import forking
from handreiking.content import publication
from handreiking.content.privacy import privacy_problems
from handreiking.outputs import gate
from handreiking.plugin import forkedpages
from handreiking.plugin.pagecache import PageCache

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="forks only on Linux")

CACHE = Path(".cache") / "handreiking"
FORKED = re.compile(r"build: (\d+) pagina's in een ander proces omgezet")
GENERATED = re.compile(r"build: (\d+) gemaakte pagina's in een ander proces omgezet")
RENDERED = re.compile(r"build: (\d+) pagina's in een ander proces opgemaakt")
JUDGED = re.compile(r"gate: (\d+) bestanden in een ander proces beoordeeld")
READ = "build: de pagina's in een ander proces gelezen en gecontroleerd"
COMPILED = re.compile(r"build: (\d+) sjablonen in een ander proces vertaald")


def _build(project: Path, site: str, *, verbose: bool = True) -> str:
    """``handreiking build`` into ``site``: what it said."""
    ran = run_cli(*(["-v"] if verbose else []), "build", "--zonder-pdf", "-d", site, cwd=project)
    assert ran.returncode == 0, ran.stdout + ran.stderr
    assert "Traceback" not in ran.stderr
    return ran.stderr


def _counts(said: str) -> tuple[int, int, int]:
    """Pages converted, conversions reused and rendered, as the build's last line says."""
    found = re.search(r"pagina's: (\d+) omgezet, (\d+) hergebruikt; (\d+) opgemaakt", said)
    assert found is not None, said
    return int(found[1]), int(found[2]), int(found[3])


def _said(said: str) -> list[str]:
    """What a build without ``-v`` said, without its seconds and staging folder."""
    said = re.sub(r"[\d.]+ seconds", "N seconds", said)
    return re.sub(r"-nieuw-\w+", "-nieuw-X", said).splitlines()


def _same_site(project: Path, one: str, other: str) -> None:
    first, second = files_of(project / one), files_of(project / other)
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []


def _in_one_process(project: Path, monkeypatch: pytest.MonkeyPatch, site: str) -> str:
    """A build from scratch in one process, as a small site builds."""
    shutil.rmtree(project / CACHE, ignore_errors=True)
    monkeypatch.setattr(forkedpages, "WORKERS", 1)
    said = _build(project, site)
    assert FORKED.search(said) is None and RENDERED.search(said) is None
    assert GENERATED.search(said) is None
    assert JUDGED.search(said) is None and READ not in said
    assert COMPILED.search(said) is None
    return said


def test_forked_conversions_give_the_site_and_messages_of_one_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # no git in the copy
    project = copy_site("edities", tmp_path)
    monkeypatch.setattr(forkedpages, "WORKERS", 3)
    said = _build(project, "site-forked")
    forked = [int(n) for n in FORKED.findall(said)]
    assert len(forked) == 2 and all(n > 0 for n in forked)  # two children converted
    generated = [int(n) for n in GENERATED.findall(said)]
    # a third child converted the overview of every quote (taken first, at it), a fourth
    # the generated pages from /themas/ on
    assert len(generated) == 2 and generated[0] == 1 and generated[1] > 0
    converted, reused, rendered = _counts(said)
    # every page a child converted was taken over
    assert reused == sum(forked) + sum(generated)
    pages = converted + reused
    renders = [int(n) for n in RENDERED.findall(said)]
    assert len(renders) == 2 and all(n > 0 for n in renders)  # two children rendered
    assert rendered + sum(renders) == pages  # and the build took every page over
    judged = [int(n) for n in JUDGED.findall(said)]
    assert len(judged) == 2 and all(n > 0 for n in judged)  # two children judged files
    assert READ in said  # the privacy and page scans ran beside the data's loading
    compiled = [int(n) for n in COMPILED.findall(said)]
    assert len(compiled) == 1 and compiled[0] > 0  # the theme's templates, compiled beside

    one = _in_one_process(project, monkeypatch, "site-one")
    assert _counts(one) == (pages, 0, pages)
    _same_site(project, "site-forked", "site-one")

    # and what a build says without -v, with the same pages converted elsewhere
    shutil.rmtree(project / CACHE)
    monkeypatch.setattr(forkedpages, "WORKERS", 3)
    quiet_forked = _build(project, "site-quiet", verbose=False)
    shutil.rmtree(project / CACHE)
    monkeypatch.setattr(forkedpages, "WORKERS", 1)
    quiet_one = _build(project, "site-quiet", verbose=False)
    assert _said(quiet_forked) == _said(quiet_one)


@pytest.mark.parametrize("failure", ["raises", "dies"])
def test_a_failing_child_leaves_its_share_to_the_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failure: str
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    project = copy_site("edities", tmp_path)

    def give(self: object, *args: object) -> list[object]:
        # called only in a child, once its share is converted or rendered
        if failure == "dies":
            os._exit(3)
        raise RuntimeError("a child that fails")

    parent = os.getpid()

    def scan(*args: object, **kwargs: object) -> object:
        # the privacy scan, beside the data's loading: fails in the child only
        if os.getpid() != parent:
            give(None)
        return privacy_problems(*args, **kwargs)

    with monkeypatch.context() as patched:
        patched.setattr(publication, "privacy_problems", scan)
        patched.setattr(PageCache, "give", give)
        patched.setattr(PageCache, "give_renders", give)
        patched.setattr(gate.Gate, "verdicts_of", give)
        patched.setattr(forkedpages, "_compile_templates", give)
        patched.setattr(forkedpages, "WORKERS", 3)
        said = _build(project, "site-forked")
    assert FORKED.search(said) is None  # no child's pages were taken
    assert GENERATED.search(said) is None  # ... nor generated pages
    converted, reused, rendered = _counts(said)
    assert reused == 0 and converted == rendered  # the build converted them itself
    assert RENDERED.search(said) is None  # ... and rendered them
    assert JUDGED.search(said) is None  # ... and judged every file
    assert READ not in said  # ... and read the pages after the child failed
    assert COMPILED.search(said) is None  # ... and compiled the templates

    _in_one_process(project, monkeypatch, "site-one")
    _same_site(project, "site-forked", "site-one")


def test_the_cache_a_forked_build_saves_serves_the_next_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    project = copy_site("edities", tmp_path)
    monkeypatch.setattr(forkedpages, "WORKERS", 3)
    _build(project, "site-forked")
    assert (project / CACHE / "pages.json").is_file()

    # nothing changed: nothing converted or rendered again, not even by a child
    said = _build(project, "site-again")
    assert FORKED.search(said) is None and RENDERED.search(said) is None
    assert _counts(said)[0] == 0 and _counts(said)[2] == 0
    _same_site(project, "site-forked", "site-again")

    # a chapter edited: the next build converts it, and gives the site of one process
    chapter = project / "docs" / "noord" / "partnerschap.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\nEen nieuwe zin.\n", "utf-8")
    said = _build(project, "site-edited")
    assert 1 <= _counts(said)[0] <= 3
    _in_one_process(project, monkeypatch, "site-one")
    _same_site(project, "site-edited", "site-one")


def test_a_problem_the_pages_read_beside_show_is_said_as_in_one_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the privacy scan runs beside the data's loading: its problem, and the build's
    # refusal, are those of one process
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    said = {}
    for workers in (1, 3):
        project = copy_site("edities", tmp_path / str(workers))
        chapter = project / "docs" / "noord" / "partnerschap.md"
        chapter.write_text(chapter.read_text(encoding="utf-8") + "\nBel 06-12345678.\n", "utf-8")
        monkeypatch.setattr(forkedpages, "WORKERS", workers)
        ran = run_cli("-v", "build", "--zonder-pdf", "-d", "site", cwd=project)
        assert ran.returncode != 0 and "Traceback" not in ran.stderr
        assert (READ in ran.stderr) is (workers == 3)
        said[workers] = [line for line in _said(ran.stderr) if "06-12345678" in line]
        assert not (project / "site").exists()
    assert said[1] == said[3] and said[1], said


def test_a_site_forks_by_its_size_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Without a number of processes set, the size decides: the test site is far below
    # a share's minimum and builds in one process; with a minimum below its size it
    # forks by itself (on a machine with two processors or more), with the same site.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    project = copy_site("edities", tmp_path)
    monkeypatch.setattr(forkedpages, "WORKERS", None)
    said = _build(project, "site-small")
    assert FORKED.search(said) is None and RENDERED.search(said) is None
    assert JUDGED.search(said) is None and READ not in said

    if forking.processors() < 2:
        return
    shutil.rmtree(project / CACHE)
    monkeypatch.setattr(forking, "SHARE_MIN", 1_000)
    monkeypatch.setattr(forkedpages, "SHARE_MIN", 1_000)
    said = _build(project, "site-large")
    assert FORKED.search(said) is not None and RENDERED.search(said) is not None
    assert READ in said
    _same_site(project, "site-small", "site-large")


def test_templates_compiled_for_another_environment_are_compiled_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The child's compiled templates are used only by an environment that compiles as
    the child's did (as when no plugin changed its filters, tests or settings)."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    project = copy_site("edities", tmp_path)
    compiling = forkedpages._compiling
    parent = os.getpid()

    def elsewhere(env: object) -> str:
        # as if another plugin had given the build's environment a filter of its own
        return compiling(env) + ("" if os.getpid() != parent else " and a filter more")  # type: ignore[arg-type]

    with monkeypatch.context() as patched:
        patched.setattr(forkedpages, "_compiling", elsewhere)
        patched.setattr(forkedpages, "WORKERS", 3)
        said = _build(project, "site-forked")
    assert RENDERED.search(said) is not None  # a forked build ...
    assert COMPILED.search(said) is None  # ... whose templates were compiled here

    _in_one_process(project, monkeypatch, "site-one")
    _same_site(project, "site-forked", "site-one")


# -- the theme's files listed in a forked process (forkedpages.ThemeFiles) --


def _theme_files(config: Any) -> list[tuple[str, str]]:
    """The theme's files as MkDocs' build adds them, by address and source."""
    from mkdocs.structure.files import Files

    files = Files([])
    files.add_files_from_theme(config.theme.get_env(), config)
    return [(file.src_uri, file.abs_src_path or "") for file in files]


def test_the_theme_files_listed_beside_are_those_the_build_lists(tmp_path: Path) -> None:
    """The build takes the child's listing only for the same theme folders and static
    templates, through its own filter; else it lists them itself."""
    from handreiking.compat.mkdocs import listing_theme_files_from
    from handreiking.plugin.templating import add_templates
    from mkdocs.config import load_config

    project = copy_site("edities", tmp_path)
    config = load_config(str(project / "mkdocs.yml"))
    add_templates(config.theme)  # as the build has them when it lists them
    listed_here = _theme_files(config)
    assert any(uri.endswith(".js") for uri, _ in listed_here)

    forked = forkedpages.ThemeFiles.fork(config)
    assert forked.forked
    listing_theme_files_from(config, forked.listing)
    # the child's listing, asked for by the build's call (and waited for)
    assert _theme_files(config) == listed_here
    assert not forked.forked  # heard once
    assert "get_env" not in vars(config.theme)  # the next environment lists for itself

    # one static template less since the child listed (a theme file it left out, as
    # MkDocs leaves out the theme's static templates): listed here again, as it must be
    script = next(uri for uri, _ in listed_here if uri.endswith(".js"))
    config.theme.static_templates.add(script)
    forked = forkedpages.ThemeFiles.fork(config)
    given = forked.listing()
    assert given is not None and script not in given[2]
    config.theme.static_templates.discard(script)
    listing_theme_files_from(config, lambda: given)
    assert _theme_files(config) == listed_here
    forking.thaw()  # what the forks froze


def test_the_code_digest_worked_out_beside_is_the_one_worked_out_here() -> None:
    from handreiking import jsoncache

    here = jsoncache.environment()
    jsoncache.environment.cache_clear()
    child = forking.Child.start(jsoncache.environment)
    assert child is not None
    jsoncache.environment_elsewhere(child.answer)
    try:
        assert jsoncache.environment() == here
    finally:
        child.stop()
        jsoncache.environment_elsewhere(None)
        forking.thaw()
    # no answer (the process failed): worked out here
    jsoncache.environment.cache_clear()
    jsoncache.environment_elsewhere(lambda: None)
    assert jsoncache.environment() == here


def test_the_feeds_made_beside_are_those_made_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A build makes the Atom feeds in a forked process; when that process fails, the
    build makes them itself: the same site either way."""
    from handreiking.plugin import events

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    project = copy_site("edities", tmp_path)
    _build(project, "site-beside")
    feeds = sorted(name for name in files_of(project / "site-beside") if name.endswith(".xml"))
    assert "wijzigingen.xml" in feeds and len(feeds) > 2  # the whole site's and each edition's
    assert b"<feed" in (project / "site-beside" / "wijzigingen.xml").read_bytes()

    parent = os.getpid()
    made_feeds = events._made_feeds

    def fails_in_the_child(*args: Any) -> Any:
        if os.getpid() != parent:
            raise RuntimeError("a child that fails")
        return made_feeds(*args)

    shutil.rmtree(project / CACHE, ignore_errors=True)
    monkeypatch.setattr(events, "_made_feeds", fails_in_the_child)
    _build(project, "site-here")
    _same_site(project, "site-beside", "site-here")


def _pieces_then(failing: bool) -> forking.Pieces:
    if failing:
        return forking.Pieces([b"x", _Unpicklable()])
    return forking.Pieces([["a", b"\x00" * 70_000], None, {"b": 1}])


class _Unpicklable:
    def __reduce__(self) -> Any:
        raise TypeError("no plain data")


def test_an_answer_in_pieces_is_taken_as_the_whole_or_not_at_all() -> None:
    """A child's answer sent piece by piece (a render child's pages) is the same list;
    a child that cannot send one of its pieces gives no answer (its share is done here)."""
    try:
        child = forking.Child.start(lambda: _pieces_then(False))
        assert child is not None
        assert child.answer() == [["a", b"\x00" * 70_000], None, {"b": 1}]
        child.stop()
        child = forking.Child.start(lambda: _pieces_then(True))
        assert child is not None
        assert child.answer() is None
        child.stop()
    finally:
        forking.thaw()


def test_an_answer_in_pieces_is_taken_piece_by_piece_as_the_work_reaches_each() -> None:
    """A render child's pages are taken one at a time: the first when the work here is at
    the page before the share, each next one at the page the one before was for; of a
    child that cannot send one of its pieces, those before it (the rest is done here)."""
    for failing, expected in ((False, ["a", "b", "c"]), (True, ["a"])):
        taken: list[tuple[Any, list[str]]] = []

        def take(answer: Any, at: list[str], taken: list[Any] = taken) -> int:
            taken.append((answer, at))
            return len(answer)

        pieces: list[Any] = [["a", 1], ["b", 2], ["c", 3]]
        if failing:
            pieces[1] = [_Unpicklable()]
        shares = forking.Shares(take, "%d")
        try:
            shares.start_pieces("before", ["a", "b", "c"], partial(forking.Pieces, pieces))
            assert shares.forked == 1
            shares.at("other")  # not due: nothing is taken before the share's first
            assert taken == []
            shares.at("before")
            assert taken == [([["a", 1]], ["a"])]
            shares.at("a")
            shares.at("b")
            assert [at for _answer, at in taken] == [[name] for name in expected]
            assert [answer[0][1] for answer, _at in taken] == [1, 2, 3][: len(expected)]
        finally:
            shares.stop()
            forking.thaw()
