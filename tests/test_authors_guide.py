"""The guide for co-authors (docs/voor-auteurs.md) never lies: its examples build, and
each documented error example gives exactly the documented message."""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import ROOT, SITES, build, copy_site, run_cli
from handreiking.cli import main as cli
from handreiking.cli.check import check_sources
from mkdocs.config import load_config

GUIDE = ROOT / "docs" / "voor-auteurs.md"
FENCE = re.compile(r"^``` *\{(?P<attrs>[^}]*)\}\n(?P<body>.*?)\n```$", re.M | re.S)


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


def _blocks() -> list[_Block]:
    """Every marked code block of the guide, in order."""
    found = []
    for match in FENCE.finditer(GUIDE.read_text(encoding="utf-8")):
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
        if "fout" in block.classes and block.path:
            pending.append(block)
        elif "melding" in block.classes and pending:
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


def _write_examples(project: Path) -> None:
    for path, body in _examples():
        target = project / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(body, encoding="utf-8")


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
    for match in FENCE.finditer(GUIDE.read_text(encoding="utf-8")):
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


# -- a motto or saying from elsewhere: shown with its origin, never as a participant's ------


def test_the_guides_motto_is_shown_with_its_origin_not_as_a_participant(tmp_path: Path) -> None:
    project = copy_site("voor-auteurs", tmp_path)
    _write_examples(project)
    placing = next(b.body for b in _blocks() if "motto-plaatsen" in b.classes)
    (project / "docs" / "zuidoost" / "partnerschap.md").write_text(
        f"---\nid: zo-partnerschap-motto\n---\n\n# Partnerschap\n\n{placing}", encoding="utf-8"
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
