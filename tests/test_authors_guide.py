"""The guide for co-authors (docs/voor-auteurs/) never lies: its examples build, and
each documented error example gives exactly the documented message.

The guide (``index.md``) holds the tasks and their examples; the message catalogue
(``foutmeldingen.md``, and any other page of the folder) holds the error examples, kept
out of readers' search. The blocks are read from every page of the folder, the guide
first, each page on its own (an error example does not run on into the next page)."""

from __future__ import annotations

import json
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, SITES, build, copy_site, edit_file, run_cli
from handreiking.cli import main as cli
from handreiking.cli.check import check_sources
from mkdocs.config import load_config

GUIDE_DIR = ROOT / "docs" / "voor-auteurs"
GUIDE = GUIDE_DIR / "index.md"
CATALOGUE = GUIDE_DIR / "foutmeldingen.md"
FENCE = re.compile(r"^``` *\{(?P<attrs>[^}]*)\}\n(?P<body>.*?)\n```$", re.M | re.S)


def _pages() -> list[Path]:
    """The pages of the guide: the tasks first, then the reference pages by name."""
    return [GUIDE, *sorted(p for p in GUIDE_DIR.glob("*.md") if p != GUIDE)]


def _fences() -> list[tuple[Path, re.Match[str]]]:
    """Every marked code block of every page of the guide, with its page, in order."""
    return [
        (page, match)
        for page in _pages()
        for match in FENCE.finditer(page.read_text(encoding="utf-8"))
    ]


@dataclass(frozen=True)
class _Block:
    """One marked code block of the guide."""

    classes: set[str]
    path: str | None
    body: str
    #: ``deel``: the block replaces the lines of the file with the same keys (the
    #: text before ``:``) as its lines, from the first line with the key of its first
    #: line; its lines without such a line in the file are added there. When the file
    #: has no line with that key (``nav:`` in a file without one), the block is added
    #: at the end of the file
    fragment: bool = False
    #: ``codering="cp1252"``: the example is written in that encoding (not UTF-8)
    encoding: str = "utf-8"
    #: the page of the guide the block is on
    page: Path = GUIDE


def _blocks() -> list[_Block]:
    """Every marked code block of the guide, in order."""
    found = []
    for page, match in _fences():
        attrs = match["attrs"]
        target = re.search(r'bestand="([^"]+)"', attrs)
        encoding = re.search(r'codering="([^"]+)"', attrs)
        found.append(
            _Block(
                set(re.findall(r"\.([\w-]+)", attrs)),
                target.group(1) if target else None,
                match["body"] + "\n",
                bool(re.search(r"(?<![\w.-])deel(?![\w-])", attrs)),
                encoding.group(1) if encoding else "utf-8",
                page,
            )
        )
    return found


def _examples() -> list[tuple[str, str]]:
    return [(b.path, b.body) for b in _blocks() if "voorbeeld" in b.classes and b.path]


def _mistakes() -> list[tuple[tuple[_Block, ...], str]]:
    """(the faulty files, the documented messages) of each error example.

    Every ``.fout`` block since the previous ``.melding`` belongs to the example.
    """
    pairs: list[tuple[tuple[_Block, ...], str]] = []
    pending: list[_Block] = []
    for block in _blocks():
        if pending and block.page != pending[0].page:
            pending = []
        if "fout" in block.classes and block.path:
            pending.append(block)
        elif "melding" in block.classes and pending:
            if "literatuur" not in block.classes:  # see _literature_notices
                pairs.append((tuple(pending), block.body))
            pending = []
    return pairs


def _literature_notices() -> list[tuple[tuple[_Block, ...], str]]:
    """Like :func:`_mistakes`, for ``.melding .literatuur``: what ``handreiking check
    --literatuur`` prints (notices, not problems)."""
    pairs: list[tuple[tuple[_Block, ...], str]] = []
    pending: list[_Block] = []
    for block in _blocks():
        if pending and block.page != pending[0].page:
            pending = []
        if "fout" in block.classes and block.path:
            pending.append(block)
        elif "melding" in block.classes and pending:
            if "literatuur" in block.classes:
                pairs.append((tuple(pending), block.body))
            pending = []
    return pairs


def _key(line: str) -> str:
    """The key of a YAML line: the text before ``:``, indentation included."""
    return line.partition(":")[0]


def _apply(project: Path, block: _Block) -> None:
    """Write one faulty file (or, with ``deel``, a part of one) into ``project``."""
    target = project / block.path if block.path else project
    target.parent.mkdir(parents=True, exist_ok=True)
    text = block.body
    if block.fragment:
        lines = target.read_text(encoding="utf-8").splitlines(keepends=True)
        new = block.body.splitlines(keepends=True)
        start = next((i for i, line in enumerate(lines) if _key(line) == _key(new[0])), len(lines))
        end = start
        while (
            end - start < len(new)
            and end < len(lines)
            and _key(lines[end]) == _key(new[end - start])
        ):
            end += 1
        text = "".join(lines[:start] + new + lines[end:])
    target.write_bytes(text.encode(block.encoding))


#: the edition of the guide's example chapters
EXAMPLE_EDITION = "docs/zuidoost/"


def _write_examples(project: Path) -> None:
    chapters: list[str] = []
    for path, body in _examples():
        target = project / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(body, encoding="utf-8")
        name = path.removeprefix(EXAMPLE_EDITION)
        if name != path and name.endswith(".md") and name not in chapters:
            chapters.append(name)
    # the example chapters are read in the guide's order, as their edition says itself
    start = project / EXAMPLE_EDITION / "index.md"
    _empty, front, body = start.read_text(encoding="utf-8").split("---\n", 2)
    listed = f"hoofdstukken: [{', '.join(chapters)}]\n"
    start.write_text(f"---\n{front}{listed}---\n{body}", encoding="utf-8")


@pytest.fixture(scope="module")
def examples_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_site("voor-auteurs", tmp_path_factory.mktemp("gids"))
    _write_examples(project)
    return project


def test_the_guide_has_examples_and_errors() -> None:
    paths = {path for path, _ in _examples()}
    assert {
        "docs/zuidoost/samenwerken.md",
        "docs/zuidoost/citaten.yml",
        "docs/bouwstenen/street-level-bureaucracy.md",
        "bibliography.bib",
    } <= paths
    assert len(_mistakes()) >= 100


def test_the_examples_build_and_render(examples_site: Path) -> None:
    built = build(examples_site)
    assert built.returncode == 0, built.stderr
    assert "WAARSCHUWING" not in built.stderr
    # without the references shown in place beside each citation (a tooltip)
    html = re.sub(r'<span class="bron-uitleg.*?</span>', "", built.page("zuidoost/samenwerken/"))
    assert 'data-citaat="zo-vertrouwen-01"' in html
    assert 'data-bouwsteen="street-level-bureaucracy"' in html
    assert "Lipsky, 1980</a>, p. 29)" in html
    assert "Lipsky (1980)</a>" in html
    assert "De basis waarop we werken met elkaar is vertrouwen." in built.page(
        "zuidoost/over-vertrouwen/"
    )


def test_the_examples_pass_the_check(examples_site: Path) -> None:
    config = load_config(config_file=str(examples_site / "mkdocs.yml"))
    assert check_sources(config) == []


def _label(value: object) -> str:
    if isinstance(value, tuple):
        return "+".join(Path(block.path or "").name for block in value)
    return str(value).split(": ", 1)[-1][:40]


@pytest.mark.parametrize(("faulty", "messages"), _mistakes(), ids=_label)
def test_each_documented_error_gives_the_documented_message(
    tmp_path: Path, faulty: tuple[_Block, ...], messages: str
) -> None:
    """One check per example (a check takes some 40 ms; no site is built)."""
    project = copy_site("voor-auteurs", tmp_path)
    _write_examples(project)
    for block in faulty:
        _apply(project, block)
    config = load_config(config_file=str(project / "mkdocs.yml"))
    found = "".join(f"{problem}\n" for problem in check_sources(config))
    assert found == messages


def test_the_guide_shows_a_literature_notice() -> None:
    assert len(_literature_notices()) >= 1


@pytest.mark.parametrize(("faulty", "printed"), _literature_notices(), ids=_label)
def test_each_documented_literature_notice_is_what_check_literatuur_prints(
    tmp_path: Path, faulty: tuple[_Block, ...], printed: str
) -> None:
    project = copy_site("voor-auteurs", tmp_path)
    _write_examples(project)
    for block in faulty:
        _apply(project, block)
    checked = run_cli("check", "--literatuur", cwd=project)
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout == printed
    assert "let op" not in run_cli("check", cwd=project).stdout


#: The size of the too-large data file the guide describes ("1,5 MB").
_TOO_LARGE_BYTES = 1_500_000


def _too_large() -> list[_Block]:
    """The ``.melding .te-groot`` blocks: a message about a file too big to show."""
    return [b for b in _blocks() if {"melding", "te-groot"} <= b.classes and b.path]


def test_the_guide_describes_a_file_that_is_too_large() -> None:
    assert [b.path for b in _too_large()] == ["docs/zuidoost/citaten.yml"]


@pytest.mark.parametrize("documented", _too_large(), ids=lambda b: str(b.path))
def test_a_data_file_too_large_gives_the_documented_message(
    tmp_path: Path, documented: _Block
) -> None:
    """The guide cannot hold a 1,5 MB example: the test writes one (quotes, repeated)."""
    project = copy_site("voor-auteurs", tmp_path)
    _write_examples(project)
    record = next(body for path, body in _examples() if path == documented.path)
    copies = [record.replace("-01", f"-{i:05d}") for i in range(20_000)]
    data = "".join(copies).encode("utf-8")[:_TOO_LARGE_BYTES]
    (project / str(documented.path)).write_bytes(data)
    config = load_config(config_file=str(project / "mkdocs.yml"))
    found = "".join(f"{problem}\n" for problem in check_sources(config))
    assert found == documented.body


# ------------------------------------------------------------------------------------
# Messages the guide cannot show with an example file (``{.melding geval="..."}``): each
# has its own test below that brings the situation about and compares the messages.


def _cases() -> dict[str, str]:
    """The documented messages of each ``geval``, by name."""
    found = {}
    for _page, match in _fences():
        case = re.search(r'geval="([^"]+)"', match["attrs"])
        if case and ".melding" in match["attrs"]:
            found[case.group(1)] = match["body"] + "\n"
    return found


def test_every_case_of_the_guide_has_a_test() -> None:
    assert set(_cases()) == {
        "geen-toestemming",
        "snelkoppeling",
        "editie-bij-bouwen",
        "plugin-ontbreekt",
        "id-bezet",
        "privacy-op-de-pagina",
        "onverklaard-bestand",
        "pdf-onleesbaar",
        "schijf-vol",
        "alleen-lezen",
        "bestand-in-de-weg",
        "literatuur-samenvatting",
        "literatuur-per-bron",
        "yaml-in-mkdocs",
        "instelling-in-mkdocs",
        "bibliografie-geen-lijst",
        "publiceren-voorbeeldadres",
        "geen-licentie",
    }


def _check_output(project: Path) -> str:
    config = load_config(config_file=str(project / "mkdocs.yml"))
    return "".join(f"{problem}\n" for problem in check_sources(config))


@pytest.fixture
def guide_site(tmp_path: Path) -> Path:
    """The test site with the guide's examples in it."""
    project = copy_site("voor-auteurs", tmp_path)
    _write_examples(project)
    return project


@pytest.mark.skipif(
    hasattr(os, "geteuid") and os.geteuid() == 0,
    reason="root may read every file: a file without read permission cannot be made",
)
def test_a_file_without_permission(guide_site: Path) -> None:
    page = guide_site / "docs" / "zuidoost" / "over-vertrouwen.md"
    page.chmod(0)
    try:
        found = _check_output(guide_site)
    finally:
        page.chmod(0o644)
    assert _cases()["geen-toestemming"] in found


def test_a_symbolic_link_out_of_docs(guide_site: Path) -> None:
    (guide_site / "notities.md").write_text("# Notities\n", encoding="utf-8")
    (guide_site / "docs" / "zuidoost" / "notities.md").symlink_to(Path("../../notities.md"))
    assert _check_output(guide_site) == _cases()["snelkoppeling"]


def test_an_unknown_edition_to_build(guide_site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = str(guide_site / "mkdocs.yml")
    assert cli.main(["-f", config, "build", "--editie", "zuidost"]) == 1
    assert capsys.readouterr().err == _cases()["editie-bij-bouwen"]


def test_the_plugin_missing(guide_site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = guide_site / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    start = text.index("  - handreiking:")
    end = text.index("markdown_extensions:")
    config.write_text(text[:start] + text[end:], encoding="utf-8")
    assert cli.main(["-f", str(config), "check"]) == 1
    assert capsys.readouterr().err == _cases()["plugin-ontbreekt"]


def test_a_permanent_address_taken(guide_site: Path) -> None:
    taken = guide_site / "docs" / "id" / "zo-samenwerken.md"
    taken.parent.mkdir()
    taken.write_text("---\nid: zo-oud\n---\n\n# Oud\n", encoding="utf-8")
    built = build(guide_site)
    assert built.returncode == 1
    assert f"WAARSCHUWING - {_cases()['id-bezet']}" in built.stderr


def test_a_file_nobody_made(guide_site: Path) -> None:
    (guide_site / "haak.py").write_text(
        "from pathlib import Path\n\n"
        "def on_post_build(config, **kwargs):\n"
        "    Path(config.site_dir, 'deelnemers.txt').write_text('Jan', encoding='utf-8')\n",
        encoding="utf-8",
    )
    config = guide_site / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("plugins:", "hooks: [haak.py]\nplugins:", 1),
        encoding="utf-8",
    )
    built = build(guide_site)
    assert built.returncode == 1
    assert f"FOUT - {_cases()['onverklaard-bestand']}" in built.stderr


def test_a_private_detail_that_shows_only_on_the_page(guide_site: Path) -> None:
    page = guide_site / "docs" / "zuidoost" / "over-vertrouwen.md"
    page.write_text(
        "---\nid: zo-over-vertrouwen\n---\n\n# Over vertrouwen\n\n"
        "Bel [06-1234](https://voorbeeld.nl/)5678.\n",
        encoding="utf-8",
    )
    assert _check_output(guide_site) == _cases()["privacy-op-de-pagina"]
    built = build(guide_site)
    assert built.returncode == 1
    assert f"FOUT - {_cases()['privacy-op-de-pagina']}" in built.stderr


# The site cannot be written (a full disk, a read-only one, a file in the way): the
# guide shows the folder as /home/jij/handreiking; the tests put theirs in its place.
GUIDE_PROJECT = "/home/jij/handreiking"


def _build_errors(project: Path, *args: str) -> str:
    result = run_cli("build", "--zonder-pdf", *args, cwd=project)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith("FOUT - ")]
    return "".join(f"{line}\n" for line in lines)


def test_a_full_disk(tmp_path: Path) -> None:
    from test_build_swap import _mounted

    disk = tmp_path / "schijf"
    project = disk / "handreiking"
    with _mounted(disk, "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(disk)):
        shutil.copytree(SITES / "voor-auteurs", project)
        found = _build_errors(project)  # room for the sources, not for the site
        assert found.replace(str(project), GUIDE_PROJECT) == _cases()["schijf-vol"]


def test_a_read_only_disk(tmp_path: Path) -> None:
    from test_build_swap import _mount, _mounted

    source = tmp_path / "bron"
    shutil.copytree(SITES / "voor-auteurs", source)
    project = tmp_path / "handreiking"
    with _mounted(project, "--bind", str(source), str(project)):
        if not _mount("-o", "remount,bind,ro", str(project)):
            pytest.skip("this machine cannot make a bind mount read-only")
        found = _build_errors(project)
        assert found.replace(str(project), GUIDE_PROJECT) == _cases()["alleen-lezen"]


def test_a_file_where_the_site_folder_must_go(guide_site: Path) -> None:
    (guide_site / "uitvoer").write_text("een bestand\n", encoding="utf-8")
    found = _build_errors(guide_site, "-d", "uitvoer/site")
    assert found.replace(str(guide_site), GUIDE_PROJECT) == _cases()["bestand-in-de-weg"]


def test_a_pdf_that_cannot_be_read(guide_site: Path) -> None:
    (guide_site / "docs" / "zuidoost" / "folder.pdf").write_bytes(b"%PDF-1.4\nkapot")
    assert _check_output(guide_site) == _cases()["pdf-onleesbaar"]
    built = build(guide_site)
    assert built.returncode == 1
    assert f"FOUT - {_cases()['pdf-onleesbaar']}" in built.stderr


# ------------------------------------------------------------------------------------
# "Zo schrijf je bijzondere bronnen": a correct entry (``.bron``), the text the literature
# list shows for it (``.lijst``) and its citations (``.verwijzingen``: one per line,
# "what you write  →  what the page shows", in the order of one page).


@dataclass(frozen=True)
class _Source:
    """One example of the guide's "bijzondere bronnen"."""

    bibtex: str
    listed: str
    #: each ``.verwijzingen`` block: (written, shown) per line, one page per block
    pages: tuple[tuple[tuple[str, str], ...], ...]


def _sources() -> list[_Source]:
    found: list[_Source] = []
    current: dict[str, object] | None = None
    for block in _blocks():
        if "bron" in block.classes:
            if current is not None:
                found.append(_Source(**current))  # type: ignore[arg-type]
            current = {"bibtex": block.body, "listed": "", "pages": ()}
        elif current is not None and "lijst" in block.classes:
            current["listed"] = block.body
        elif current is not None and "verwijzingen" in block.classes:
            lines = tuple(
                tuple(part.strip() for part in line.split("→")) for line in block.body.splitlines()
            )
            current["pages"] = (*current["pages"], lines)  # type: ignore[misc]
    if current is not None:
        found.append(_Source(**current))  # type: ignore[arg-type]
    return found


def _visible(html_text: str) -> str:
    import html

    return html.unescape(re.sub(r"<[^>]+>", "", html_text))


def test_the_guide_shows_the_special_sources() -> None:
    kinds = " ".join(source.bibtex for source in _sources())
    for field in ("translator", "origdate", "entrysubtype", "@online", "shortauthor"):
        assert field in kinds
    assert all(source.listed and source.pages for source in _sources())


@pytest.mark.parametrize("source", _sources(), ids=lambda s: s.bibtex.split("{")[1].split(",")[0])
def test_each_special_source_gives_the_documented_list_entry_and_citations(
    source: _Source,
) -> None:
    import markdown
    from handreiking.content.literature import Bibliography
    from handreiking.markdown import citations

    bibliography = Bibliography.from_string(source.bibtex)
    assert bibliography.warnings == []  # complete, and nothing the list leaves out
    assert _visible(bibliography.list_html()) == f"\n{source.listed}"
    for page in source.pages:
        md = markdown.Markdown(extensions=[citations.makeExtension(bibliography=bibliography)])
        html_text = md.convert("\n\n".join(written for written, _ in page))
        shown = [_visible(p) for p in re.findall(r"<p>(.*?)</p>", html_text)]
        assert shown == [expected for _, expected in page]


# -- what cited works lack: one line in the build, each work in check --literatuur ------


def _cite_an_incomplete_work(project: Path) -> None:
    with (project / "bibliography.bib").open("a", encoding="utf-8") as bib:
        bib.write("\n@book{hemelse-modder,\n  title = {Hemelse modder},\n  year = {1990},\n}\n")
    with (project / "docs" / "zuidoost" / "samenwerken.md").open("a", encoding="utf-8") as page:
        page.write("\nZie ook [@hemelse-modder].\n")


def test_works_that_lack_fields_are_one_line_in_the_build(guide_site: Path) -> None:
    _cite_an_incomplete_work(guide_site)
    built = build(guide_site)
    assert built.returncode == 0, built.stderr
    assert _cases()["literatuur-samenvatting"] in built.stderr
    assert "hemelse-modder" not in built.stderr


def test_check_literatuur_names_each_work(
    guide_site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _cite_an_incomplete_work(guide_site)
    assert cli.main(["-f", str(guide_site / "mkdocs.yml"), "check", "--literatuur"]) == 0
    assert capsys.readouterr().out == _cases()["literatuur-per-bron"]


# -- mistakes in mkdocs.yml: Dutch, at their line, in check, build and serve ----------


def _break_settings(project: Path, old: str, new: str) -> None:
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert old in text
    config.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    ("case", "old", "new"),
    [
        ("yaml-in-mkdocs", "  - handreiking:", " - handreiking:"),
        ("instelling-in-mkdocs", "strict: true\n", "strict: true\nuse_directory_urls: ja\n"),
    ],
)
def test_a_mistake_in_mkdocs_yml(
    guide_site: Path, capsys: pytest.CaptureFixture[str], case: str, old: str, new: str
) -> None:
    _break_settings(guide_site, old, new)
    config = str(guide_site / "mkdocs.yml")
    # `serve` says the same and keeps running, the error page in the browser until the
    # file is fixed (the real server: test_serve_settings.py)
    for command in (["check"], ["build", "--zonder-pdf"]):
        assert cli.main(["-f", config, *command]) == 1
        printed = capsys.readouterr()
        assert printed.err == _cases()[case], command
        assert "Traceback" not in printed.out + printed.err


# -- several bibliography files; the section for authors who know mkdocs-bibtex -------


def test_bibliografie_that_is_no_file_or_list(
    guide_site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = guide_site / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    old = "      edities: [zuidoost, zuid]\n"
    config.write_text(text.replace(old, old + "      bibliografie: []\n"), encoding="utf-8")
    assert cli.main(["-f", str(config), "check"]) == 1
    assert capsys.readouterr().err == _cases()["bibliografie-geen-lijst"]


def _mkdocs_bibtex_rows() -> list[tuple[str, str]]:
    """(what one writes, what the site shows) of the tables in "Kom je van mkdocs-bibtex?"."""
    text = GUIDE.read_text(encoding="utf-8")
    section = text.split("### Kom je van mkdocs-bibtex?", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| `([^`]+)`[^|]* \| ([^|]+) \|$", section, re.M)
    return [(written, shown.strip()) for written, shown in rows]


def test_the_mkdocs_bibtex_examples_build_as_the_guide_says(guide_site: Path) -> None:
    rows = _mkdocs_bibtex_rows()
    assert len(rows) == 6
    chapter = guide_site / "docs/zuidoost/samenwerken.md"
    body = chapter.read_text(encoding="utf-8")
    lists = ("\\bibliography", "\\full_bibliography")
    for written, _shown in rows:
        if written in lists:
            continue
        body += f"\nVoorbeeld: {written} einde.\n"
    chapter.write_text(body, encoding="utf-8")
    built = build(guide_site)
    assert built.returncode == 0, built.stderr
    # as a reader reads it: without the full references shown on hover beside citations
    page = re.sub(
        r'<span class="bron-uitleg[^"]*"[^>]*>.*?</span>', "", built.page("zuidoost/samenwerken/")
    )
    text = re.sub(r"<[^>]+>", "", page)
    for written, shown in rows:
        if written in lists:
            continue
        expected = shown.split(":", 1)[0]  # the rest of the cell explains it
        assert f"Voorbeeld: {expected} einde." in text, written
    # the list commands, each alone on a line of a page of its own
    for command in lists:
        chapter.write_text(body.split("\nVoorbeeld:")[0] + f"\n{command}\n", encoding="utf-8")
        built = build(guide_site)
        assert built.returncode == 0, built.stderr
        html = built.page("zuidoost/samenwerken/")
        assert 'class="literatuurlijst"' in html, command
        assert "Street-level bureaucracy" in html  # the list writes titles in sentence case


# The administrator's settings for a publication: the address and the licence.


def test_publishing_with_a_placeholder_address(guide_site: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "HANDREIKING_PUBLICEER"}
    result = run_cli("build", "--zonder-pdf", "--publiceer", cwd=guide_site, env=env)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith("FOUT - ")]
    assert "".join(f"{line}\n" for line in lines) == _cases()["publiceren-voorbeeldadres"]


def test_no_licence_chosen(guide_site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["-f", str(guide_site / "mkdocs.yml"), "check"]) == 0
    assert capsys.readouterr().err == _cases()["geen-licentie"]


# -- a motto or saying from elsewhere: shown with its origin, never as a participant's ------


def test_the_guides_motto_is_shown_with_its_origin_not_as_a_participant(tmp_path: Path) -> None:
    project = copy_site("voor-auteurs", tmp_path)
    _write_examples(project)
    placing = next(b.body for b in _blocks() if "motto-plaatsen" in b.classes)
    (project / "docs" / "zuidoost" / "partnerschap.md").write_text(
        f"---\nid: zo-partnerschap-motto\n---\n\n# Partnerschap\n\n{placing}", encoding="utf-8"
    )
    edit_file(
        project / "docs" / "zuidoost" / "index.md",
        "over-vertrouwen.md]",
        "over-vertrouwen.md, partnerschap.md]",
    )
    built = build(project)
    assert built.returncode == 0, built.stderr
    html = built.page("zuidoost/partnerschap/")
    figure = html.split('data-citaat="zo-motto-vleugel"', 1)[1].split("</figure>", 1)[0]
    assert "<figcaption>— Herkomst onbekend</figcaption>" in figure
    assert "Deelnemer" not in figure and "citaten/" not in figure
    # in no overview of participants' words, no theme listing, no catalog
    for page in ("zuidoost/citaten/", "citaten/", "themas/"):
        assert "zo-motto-vleugel" not in built.page(page), page
    assert "zo-motto-vleugel" not in (built.site / "catalog.json").read_text(encoding="utf-8")
    # the participant's quote beside it is listed as before
    assert 'id="zo-vertrouwen-01"' in built.page("zuidoost/citaten/")


# -- a guide that starts with the work; the catalogue of messages out of readers' search --

#: The guide's tasks, in the order a new co-author meets them (their ``##`` headings).
TASKS = (
    "Je computer klaarmaken",
    "Bekijken terwijl je schrijft",
    "Een wijziging vastleggen en insturen",
    "Een wijziging voorstellen in de webeditor",
    "Een hoofdstuk schrijven",
    "Een citaat toevoegen",
    "Een bouwsteen (theoriekader) toevoegen",
    "Verwijzen naar literatuur",
    "Een editie starten en publiceren",
    "Een pagina verplaatsen of weghalen",
    "Een melding oplossen",
)


def _headings(page: Path, level: str) -> list[str]:
    """The headings of ``level`` (``"##"``) on ``page``, without their ``{#anchor}``, outside
    code blocks."""
    text = re.sub(r"^```.*?^```$", "", page.read_text(encoding="utf-8"), flags=re.M | re.S)
    return [
        re.sub(r"\s*\{#[\w-]+\}$", "", line[len(level) + 1 :]).strip()
        for line in text.splitlines()
        if line.startswith(f"{level} ")
    ]


def test_the_guide_starts_with_the_work() -> None:
    headings = _headings(GUIDE, "##")
    assert headings[0] == TASKS[0]  # setting up comes first, the reference last
    assert [h for h in headings if h in TASKS] == list(TASKS)
    assert "Een werk uit Zotero" in _headings(GUIDE, "###")
    text = GUIDE.read_text(encoding="utf-8")
    for system in ("**Linux**", "**macOS.**", "**Windows.**"):
        assert system in text
    # every command the guide tells co-authors to type exists: the Makefile's targets
    targets = set(re.findall(r"^([\w-]+):", (ROOT / "Makefile").read_text(), re.M))
    for target in re.findall(r"`make ([\w-]+)", text):
        assert target in targets, target


def test_every_message_is_documented_in_the_catalogue_not_in_the_guide() -> None:
    """The guide holds the tasks; each error example and documented message is on a
    reference page, and every such page stays out of the site's search."""
    on_guide = [b for b in _blocks() if b.page == GUIDE and {"fout", "melding"} & b.classes]
    assert on_guide == []
    pages = {b.page for b in _blocks() if {"fout", "melding"} & b.classes}
    assert CATALOGUE in pages
    for page in pages:
        front = page.read_text(encoding="utf-8").split("---\n", 2)[1]
        assert yaml.safe_load(front)["search"] == {"exclude": True}, page.name
    # the guide links to the catalogue, and the catalogue back to the guide
    assert "](foutmeldingen.md)" in GUIDE.read_text(encoding="utf-8")
    assert "](index.md)" in CATALOGUE.read_text(encoding="utf-8")


def _searchable(text: str) -> str:
    """Text as the search index holds it, made comparable: no tags, no entities, one space."""
    import html

    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", text)).split())


@pytest.fixture(scope="module")
def search_index(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, str]]:
    """The search index of the real site, built as a co-author builds it."""
    site = tmp_path_factory.mktemp("echt") / "site"
    built = run_cli("build", "--zonder-pdf", "-d", str(site), cwd=ROOT)
    assert built.returncode == 0, built.stderr
    assert "WAARSCHUWING" not in built.stderr
    assert (site / "voor-auteurs" / "foutmeldingen" / "index.html").is_file()
    return json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]


def test_readers_search_finds_the_guides_tasks(search_index: list[dict[str, str]]) -> None:
    titles = {_searchable(entry["title"]) for entry in search_index}
    for task in (*TASKS, "Een werk uit Zotero", "Kom je van mkdocs-bibtex?"):
        assert _searchable(task) in titles, task
    assert any(entry["location"] == "voor-auteurs/#klaarmaken" for entry in search_index)


def test_readers_search_finds_nothing_of_the_catalogue(search_index: list[dict[str, str]]) -> None:
    assert not [e for e in search_index if e["location"].startswith("voor-auteurs/foutmeldingen")]
    indexed = " ".join(_searchable(f"{e['title']} {e['text']}") for e in search_index)
    catalogue = [b for b in _blocks() if b.page != GUIDE and {"fout", "melding"} & b.classes]
    assert len(catalogue) > 200
    # text the site has elsewhere (the guide's correct examples, the chapters) is no sign
    elsewhere = " ".join(
        _searchable(path.read_text(encoding="utf-8"))
        for path in (ROOT / "docs").rglob("*")
        if path.is_file() and GUIDE_DIR not in path.parents
    ) + " ".join(_searchable(body) for _, body in _examples())
    for block in catalogue:
        for line in block.body.splitlines():
            # a message's own words (after "bestand:regel: "), a faulty file's longer lines
            words = _searchable(line.split(": ", 1)[-1] if "melding" in block.classes else line)
            if len(words) >= 40 and words not in elsewhere:
                assert words not in indexed, line
    # nor its headings: every message's title is a section of the catalogue alone
    titles = {_searchable(entry["title"]) for entry in search_index}
    assert not {_searchable(title) for title in _headings(CATALOGUE, "####")} & titles
