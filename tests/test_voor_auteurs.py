"""The guide for co-authors (docs/voor-auteurs.md) never lies: its examples build, and
each documented error example gives exactly the documented message."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import ROOT, build, copy_site
from handreiking.check import check_sources
from mkdocs.config import load_config

GUIDE = ROOT / "docs" / "voor-auteurs.md"
FENCE = re.compile(r"^``` *\{(?P<attrs>[^}]*)\}\n(?P<body>.*?)\n```$", re.M | re.S)


def _blocks() -> list[tuple[set[str], str | None, str]]:
    """Every marked code block of the guide: its classes, its target file, its text."""
    found = []
    for match in FENCE.finditer(GUIDE.read_text(encoding="utf-8")):
        attrs = match["attrs"]
        classes = set(re.findall(r"\.([\w-]+)", attrs))
        target = re.search(r'bestand="([^"]+)"', attrs)
        found.append((classes, target.group(1) if target else None, match["body"] + "\n"))
    return found


def _examples() -> list[tuple[str, str]]:
    return [(path, body) for classes, path, body in _blocks() if "voorbeeld" in classes and path]


def _mistakes() -> list[tuple[str, str, str]]:
    """(file, faulty text, documented messages) for each error example."""
    pairs: list[tuple[str, str, str]] = []
    pending: tuple[str, str] | None = None
    for classes, path, body in _blocks():
        if "fout" in classes and path:
            pending = (path, body)
        elif "melding" in classes and pending is not None:
            pairs.append((*pending, body))
            pending = None
    return pairs


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
    assert len(_mistakes()) >= 8


def test_the_examples_build_and_render(examples_site: Path) -> None:
    built = build(examples_site)
    assert built.returncode == 0, built.stderr
    assert "WAARSCHUWING" not in built.stderr
    html = built.page("zuidoost/samenwerken/")
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


@pytest.mark.parametrize(("path", "faulty", "messages"), _mistakes(), ids=lambda v: str(v)[:30])
def test_each_documented_error_gives_the_documented_message(
    tmp_path: Path, path: str, faulty: str, messages: str
) -> None:
    project = copy_site("voor-auteurs", tmp_path)
    _write_examples(project)
    (project / path).write_text(faulty, encoding="utf-8")
    config = load_config(config_file=str(project / "mkdocs.yml"))
    found = "".join(f"{problem}\n" for problem in check_sources(config))
    assert found == messages
