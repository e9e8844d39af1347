"""A build that reuses what an earlier build kept in ``.cache/handreiking/`` (plugin/pagecache.py)
gives, after any kind of change, byte for byte the site a build from scratch gives."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import check_problems, copy_site, edit_file, files_of, run_cli

CACHE = Path(".cache") / "handreiking"


def _build(project: Path, site: str) -> tuple[int, int]:
    """``handreiking -v build`` into ``site``: how many pages it converted and rendered."""
    ran = run_cli("-v", "build", "--zonder-pdf", "-d", site, cwd=project)
    assert ran.returncode == 0, ran.stdout + ran.stderr
    assert "Traceback" not in ran.stderr
    found = re.search(r"pagina's: (\d+) omgezet, \d+ hergebruikt; (\d+) opgemaakt", ran.stderr)
    assert found is not None, ran.stderr
    return int(found[1]), int(found[2])


def _reused_equals_cold(project: Path) -> tuple[int, int]:
    """Build with the cache of the build before, then from scratch: the same bytes."""
    counts = _build(project, "site-reused")
    shutil.rmtree(project / CACHE)
    _build(project, "site-cold")
    reused, cold = files_of(project / "site-reused"), files_of(project / "site-cold")
    assert sorted(reused) == sorted(cold)
    assert [name for name in reused if reused[name] != cold[name]] == []
    return counts


def _with_own_template(project: Path) -> Path:
    """A ``custom_dir`` with a partial of the project's own (the footer's copyright)."""
    ours = Path(__file__).parents[1] / "plugins" / "handreiking" / "templates" / "partials"
    partials = project / "overrides" / "partials"
    partials.mkdir(parents=True)
    shutil.copy(ours / "copyright.html", partials / "copyright.html")
    edit_file(project / "mkdocs.yml", "theme:\n", "theme:\n  custom_dir: overrides\n")
    return partials / "copyright.html"


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


CHANGES = {
    "chapter-text": lambda p: _append(p / "docs/noord/partnerschap.md", "\nEen nieuwe zin.\n"),
    "chapter-title": lambda p: edit_file(
        p / "docs/noord/partnerschap.md", "# Partnerschap in Noord", "# Samen in Noord"
    ),
    "quote": lambda p: edit_file(
        p / "docs/noord/citaten.yml", "Samen kom je verder", "Samen kom je veel verder"
    ),
    "box": lambda p: edit_file(
        p / "docs/bouwstenen/samen.md", "begint met elkaar kennen", "begint met luisteren"
    ),
    "bibliography": lambda p: edit_file(p / "bibliography.bib", "Samen werken", "Samen leren"),
    "edition-status": lambda p: edit_file(
        p / "docs/zuid/index.md", "status: in-voorbereiding", "status: gepubliceerd"
    ),
    "template": lambda p: _append(p / "overrides/partials/copyright.html", "\n<p>Extra</p>\n"),
    "mkdocs-yml": lambda p: edit_file(
        p / "mkdocs.yml", "site_name: Testhandreiking met edities", "site_name: Andere naam"
    ),
}


@pytest.mark.parametrize("change", CHANGES)
def test_a_reusing_build_after_a_change_is_a_build_from_scratch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change: str
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # no git in the copy
    project = copy_site("edities", tmp_path)
    _with_own_template(project)
    converted, rendered = _build(project, "site-first")
    assert converted > 20 and rendered == converted
    assert (project / CACHE / "pages.json").is_file()

    CHANGES[change](project)
    converted, rendered = _reused_equals_cold(project)
    if change == "chapter-text":
        # the chapter itself, and what shows its words: nothing else
        assert 1 <= converted <= 3 and 1 <= rendered <= 3


def test_nothing_changed_converts_and_renders_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    project = copy_site("edities", tmp_path)
    _build(project, "site-first")
    assert _reused_equals_cold(project) == (0, 0)


DAMAGE = {
    "index-garbage": ("pages.json", lambda b: b"{niet eens json"),
    "index-cut": ("pages.json", lambda b: b[: len(b) // 2]),
    "index-misshapen": ("pages.json", lambda b: b.replace(b'"key"', b'"sleutel"', 1)),
    "pack-cut": ("pages.pack", lambda b: b[: len(b) // 2]),
    "pack-flipped": ("pages.pack", lambda b: b[:100] + bytes([b[100] ^ 0xFF]) + b[101:]),
    "pack-gone": ("pages.pack", None),
}


@pytest.mark.parametrize("damage", DAMAGE)
def test_a_damaged_cache_counts_as_empty(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: str
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    project = copy_site("edities", tmp_path)
    _build(project, "site-first")
    name, spoil = DAMAGE[damage]
    file = project / CACHE / name
    if spoil is None:
        file.unlink()
    else:
        file.write_bytes(spoil(file.read_bytes()))

    converted, rendered = _reused_equals_cold(project)

    assert converted > 20 and rendered == converted  # all the work, as from scratch


def test_without_cache_nothing_of_the_pages_is_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = copy_site("edities", tmp_path)
    edit_file(
        project / "mkdocs.yml", "  - handreiking:\n", "  - handreiking:\n      cache: false\n"
    )
    for site in ("site-first", "site-second"):
        ran = run_cli("-v", "build", "--zonder-pdf", "-d", site, cwd=project)
        assert ran.returncode == 0, ran.stderr
        assert "hergebruikt" not in ran.stderr
    assert not (project / CACHE).exists()


def test_what_a_stopped_build_left_is_removed_by_the_next(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    project = copy_site("edities", tmp_path)
    _build(project, "site-first")
    left = project / CACHE / "pages.pack.12345.tmp"  # a build stopped while writing
    left.write_bytes(b"half a pack")
    _append(project / "docs/noord/partnerschap.md", "\nEen nieuwe zin.\n")
    _reused_equals_cold(project)
    assert not left.exists()
    assert sorted(p.name for p in (project / CACHE).glob("pages*")) == ["pages.json", "pages.pack"]


# -- the privacy scan's findings per source file (content/privacy.py, privacy-*.json) ----

PHONE = "\nBel 06-12345678 gerust.\n"


def _refused(project: Path) -> str:
    """``handreiking build`` of ``project``, which must fail: what it said."""
    ran = run_cli("build", "--zonder-pdf", "-d", "site", cwd=project)
    assert ran.returncode == 1, ran.stderr
    assert "Traceback" not in ran.stderr
    return ran.stderr


def test_the_privacy_scan_kept_on_disk_reports_its_findings_on_every_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    project = copy_site("edities", tmp_path)
    _build(project, "site-first")
    (kept,) = (project / CACHE).glob("privacy-*.json")
    _append(project / "docs/noord/partnerschap.md", PHONE)
    (expected,) = check_problems(project)
    assert "'06-12345678'" in expected
    assert f"FOUT - {expected}\n" in _refused(project)
    # The chapter's findings now come from the file: said all the same.
    assert f"FOUT - {expected}\n" in _refused(project)
    edit_file(project / "docs/noord/partnerschap.md", PHONE, "\n")
    assert check_problems(project) == []
    _build(project, "site-fixed")
    assert [p.name for p in (project / CACHE).glob("privacy-*.json")] == [kept.name]


@pytest.mark.parametrize("damage", ["garbage", "misshapen", "forged"])
def test_a_damaged_or_forged_privacy_cache_hides_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: str
) -> None:
    """A damaged file counts as empty; a forged one that claims a chapter is clean
    leaves the detail to the publication gate, which reads the output itself."""
    import json

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    project = copy_site("edities", tmp_path)
    _append(project / "docs/noord/partnerschap.md", PHONE)
    (expected,) = check_problems(project)
    _refused(project)
    (kept,) = (project / CACHE).glob("privacy-*.json")
    if damage == "garbage":
        kept.write_bytes(b"{niet eens json")
    else:
        stored = json.loads(kept.read_text(encoding="utf-8"))
        for key in stored["data"]:
            stored["data"][key] = {"x": 1} if damage == "misshapen" else [[], [], []]
        kept.write_text(json.dumps(stored), encoding="utf-8")
    said = _refused(project)
    if damage == "forged":
        assert "in de gepubliceerde tekst van deze pagina staat een telefoonnummer" in said
        assert not (project / "site").exists()
    else:
        assert f"FOUT - {expected}\n" in said
