"""``handreiking check`` with its pages converted in several processes says exactly what
it says in one: the same problems, notices and literature notices, and what it keeps for
the next check and build serves them as well."""

from __future__ import annotations

import logging
import multiprocessing
import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import SITES, build, copy_site, edit_file, files_of

pytestmark = pytest.mark.skipif(
    "fork" not in multiprocessing.get_all_start_methods(),
    reason="the pages are converted in other processes only where they can be forked",
)

#: mistakes spread over the pages, so that every process has some to say
MISTAKES = {
    "docs/index.md": "\nZie [de literatuur](nergens.md) en [@onbekend2020].\n",
    "docs/noord/index.md": "\nRespect [@sennett2003, p. 3] en [@sennet2003].\n",
    "docs/noord/samen.md": "\n/// citaat | no-respect-1\n///\n",
    "docs/west/index.md": "\nZie [het citaat](../noord/samen.md#bestaat-niet) [@sennett2003].\n",
    "docs/bouwstenen/respect.md": "\nBel 06-12345678 of [@sennett2003].\n",
}


def _with_mistakes(tmp_path: Path, name: str) -> Path:
    project = copy_site("basis", tmp_path / name)
    for path, text in MISTAKES.items():
        with (project / path).open("a", encoding="utf-8") as file:
            file.write(text)
    return project


def _check(project: Path, workers: int) -> tuple[list[str], list[str], list[str]]:
    from handreiking import forking
    from handreiking.cli.check import check_sources
    from mkdocs.config import load_config

    # more than one process asked for, and possible: else one is compared with one
    assert workers == 1 or forking.can_fork()
    config = load_config(config_file=str(project / "mkdocs.yml"))
    notices: list = []
    literature: list = []
    problems = check_sources(config, notices, literature, workers=workers)
    return [str(p) for p in problems], [str(n) for n in notices], [str(n) for n in literature]


LOGGER = "mkdocs.plugins.handreiking"


class _Said(logging.Handler):
    """What the plugin's logger says, at every level."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.said: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.said.append(record.getMessage())


def test_pages_converted_in_three_processes_say_what_one_process_says(tmp_path: Path) -> None:
    one = _check(_with_mistakes(tmp_path, "one"), workers=1)
    assert len(one[0]) >= 5, one  # the mistakes are found
    # the plugin's logger passes on what MkDocs' level shows (plugin/reported.py)
    mkdocs, logger, said = logging.getLogger("mkdocs"), logging.getLogger(LOGGER), _Said()
    levels = mkdocs.level, logger.level
    logger.addHandler(said)
    for each in (mkdocs, logger):
        each.setLevel(logging.DEBUG)
    try:
        three = _check(_with_mistakes(tmp_path, "three"), workers=3)
    finally:
        logger.removeHandler(said)
        mkdocs.setLevel(levels[0])
        logger.setLevel(levels[1])
    # two shares were converted by other processes, not by this one after they failed
    taken = [line for line in said.said if "in een ander proces omgezet" in line]
    assert len(taken) == 2, said.said
    # the generated pages before the literature lists too: each of the two other processes
    # took what it could of them (how many depends on the processes' pace)
    made = [line for line in said.said if "gemaakte pagina's om" in line]
    assert len(made) == 2, said.said
    # the privacy scan (the phone number in a box) and the page scan ran beside the
    # loading, in another one
    assert "check: de pagina's in een ander proces gelezen en gecontroleerd" in said.said
    assert any("06-12345678" in problem for problem in one[0]), one
    assert three == one


def test_what_the_processes_kept_serves_the_next_check_and_build(tmp_path: Path) -> None:
    """The pages the other processes converted are kept for the next check as this
    one's are, and the references they formatted for the build after it."""
    one, three = _with_mistakes(tmp_path, "one"), _with_mistakes(tmp_path, "three")
    _check(one, workers=1)
    _check(three, workers=3)
    for project in (one, three):  # one page changed: the others are taken from the cache
        edit_file(project / "docs/west/index.md", "[@sennett2003]", "[@sennett2003, p. 5]")
    assert _check(three, workers=1) == _check(one, workers=1)
    for project in (one, three):  # the mistakes undone: the build may go on
        shutil.copytree(SITES / "basis" / "docs", project / "docs", dirs_exist_ok=True)
    built_one, built_three = build(one), build(three)
    assert built_one.returncode == 0, built_one.stdout + built_one.stderr
    assert built_three.returncode == 0, built_three.stdout + built_three.stderr
    assert files_of(built_three.site) == files_of(built_one.site)


# -- every test site says the same in one process and in three ------------------------


def _with_plugin(site: Path) -> bool:
    config = site / "mkdocs.yml"
    return config.is_file() and "- handreiking:" in config.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "site", sorted(path.name for path in SITES.iterdir() if _with_plugin(path))
)
def test_every_test_site_says_the_same_in_three_processes(tmp_path: Path, site: str) -> None:
    """The source pages, the privacy scan and the generated pages before the literature
    lists in other processes: every test site's problems, notices and literature notices
    are what one process finds."""
    one = copy_site(site, tmp_path / "one")
    three = copy_site(site, tmp_path / "three")
    assert _check(three, workers=3) == _check(one, workers=1)


def test_a_quote_written_like_a_citation_is_said_as_in_one_process(tmp_path: Path) -> None:
    """A quote's text is the participant's words, never converted as a citation: a quote
    overview converted in another process says of it what one process says."""
    projects = [_with_mistakes(tmp_path, name) for name in ("one", "three")]
    for project in projects:
        edit_file(
            project / "docs/noord/citaten.yml",
            '"Wij luisteren naar elkaar."',
            '"Wij luisteren naar elkaar [@sennett2003]."',
        )
    assert _check(projects[1], workers=3) == _check(projects[0], workers=1)


def test_what_the_gate_reads_in_other_processes_is_said_as_in_one(tmp_path: Path) -> None:
    """The sources pass the privacy scan, the converted pages do not: a phone number split
    by a link, the text of a quote without consent. The processes that converted those
    pages read them as the gate does, and this one says it in its order."""
    slips = {
        "docs/index.md": "\nBel [06-1234](https://voorbeeld.nl/)5678.\n",
        "docs/noord/samen.md": "\nZe zei: *Dit mag nooit gepubliceerd worden.*\n",
        "docs/west/index.md": "\nBel [06-1234](https://voorbeeld.nl/)5678 of "
        "[020-123](https://voorbeeld.nl/)4567.\n",
        "docs/bouwstenen/respect.md": "\nZe zei: *Dit mag nooit gepubliceerd worden.*\n",
    }
    projects = [copy_site("basis", tmp_path / name) for name in ("one", "three")]
    for project in projects:
        for path, text in slips.items():
            with (project / path).open("a", encoding="utf-8") as file:
                file.write(text)
    one = _check(projects[0], workers=1)
    said = "\n".join(one[0])
    assert "in de gepubliceerde tekst van deze pagina staat een telefoonnummer" in said, one
    assert "(zonder toestemming) staat op de pagina" in said, one
    assert _check(projects[1], workers=3) == one


# -- the bibliography parsed in another process beside the loading ---------------------


def _said_while(run: Any) -> tuple[Any, list[str]]:
    """What ``run()`` returns, and what the plugin's logger said meanwhile (every level)."""
    mkdocs, logger, said = logging.getLogger("mkdocs"), logging.getLogger(LOGGER), _Said()
    levels = mkdocs.level, logger.level
    logger.addHandler(said)
    for each in (mkdocs, logger):
        each.setLevel(logging.DEBUG)
    try:
        return run(), said.said
    finally:
        logger.removeHandler(said)
        mkdocs.setLevel(levels[0])
        logger.setLevel(levels[1])


BIB_READ = "check: de bibliografie in een ander proces gelezen"


@pytest.mark.parametrize("broken", [False, True])
def test_the_bibliography_parsed_beside_says_what_one_process_says(
    tmp_path: Path, broken: bool
) -> None:
    """From cold, another process parses the ``.bib`` while this one loads the rest: the
    problems in it (an entry without its closing brace, a name with too many commas),
    the citations of it and what is kept of it for the next check are as in one process."""
    projects = [_with_mistakes(tmp_path, name) for name in ("one", "three")]
    if broken:
        for project in projects:
            with (project / "bibliography.bib").open("a", encoding="utf-8") as file:
                file.write(
                    "\n@book{komma2001,\n  author = {Een, Twee, Drie, Vier},\n"
                    "  title = {Te veel},\n  year = {2001},\n}\n"
                    "\n@book{open2002,\n  author = {Open, Einde},\n  title = {Nooit dicht},\n"
                )
    one = _check(projects[0], workers=1)
    three, said = _said_while(lambda: _check(projects[1], workers=3))
    assert BIB_READ in said, said
    assert three == one
    if broken:
        assert any("bibliography.bib" in problem for problem in one[0]), one
    # a page changed: the next check reads the bibliography from the cache file a sound
    # one left, and parses a broken one again beside the loading, saying the same
    for project in projects:
        edit_file(project / "docs/west/index.md", "[@sennett2003]", "[@sennett2003, p. 5]")
    one = _check(projects[0], workers=1)
    again, said = _said_while(lambda: _check(projects[1], workers=3))
    assert (BIB_READ in said) is broken, said
    assert again == one
