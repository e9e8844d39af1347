"""The navigation's top-level items are rendered once per kind of page, and every page
still comes out byte for byte as Material's own partials make it."""

from __future__ import annotations

import shutil
from pathlib import Path

import material
import pytest
from conftest import build, copy_site, edit_file, files_of

MATERIAL_PARTIALS = Path(material.__file__).parent / "templates" / "partials"


def _with_materials_partials(project: Path) -> None:
    """A ``custom_dir`` holding Material's own nav and tabs: it comes before ours."""
    partials = project / "materiaal" / "partials"
    partials.mkdir(parents=True)
    for name in ("nav.html", "tabs.html", "nav-item.html"):
        shutil.copy(MATERIAL_PARTIALS / name, partials / name)
    edit_file(project / "mkdocs.yml", "theme:\n", "theme:\n  custom_dir: materiaal\n")


@pytest.mark.parametrize("prune", [True, False], ids=["pruned", "whole-navigation"])
def test_every_page_is_what_materials_own_navigation_makes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, prune: bool
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    ours = copy_site("edities", tmp_path / "ours")
    theirs = copy_site("edities", tmp_path / "theirs")
    if prune:  # as our own site has it: each page carries only its part of the navigation
        for project in (ours, theirs):
            edit_file(
                project / "mkdocs.yml",
                "    - navigation.sections\n",
                "    - navigation.sections\n    - navigation.prune\n",
            )
    _with_materials_partials(theirs)

    built = build(ours)
    reference = build(theirs)

    assert built.returncode == 0, built.stderr
    assert reference.returncode == 0, reference.stderr
    ours_files, theirs_files = files_of(built.site), files_of(reference.site)
    assert ours_files.keys() == theirs_files.keys()
    different = [name for name in ours_files if ours_files[name] != theirs_files[name]]
    assert different == []
    # the editions are in every page's navigation and tabs
    page = built.page("noord/")
    assert page.count("md-tabs__item") >= 4
