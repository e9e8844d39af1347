"""Smoke test of the benchmark (bench/): a tiny tree, one build of each variant.

The benchmark itself is not part of the test suite (``python bench/run.py``); this only
checks that the generator, the expansion and the runner work and write results of the
documented shape.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
RUN = ROOT / "bench" / "run.py"
KEYS = (
    "ours_s",
    "ours_cold_s",
    "ours_edit_s",
    "reuse_identical",
    "zensical_s",
    "zensical_cached_s",
    "preview_s",
    "preview_build_s",
    "check_cold_s",
    "cpu_cold_s",
    "ratio_cpu_floor_cold",
    "floor_s",
    "peer_s",
    "ratio_floor",
    "ratio_peer",
    "peak_rss_mb",
    "warm_rebuild_s",
    "check_s",
    "check_cold_cpu_s",
    "bib5000_s",
    "floor_convert_cpu_s",
    "loaded_rss_mb",
    "loaded_rss_extra_mb",
    "pdf_s",
    "epub_s",
)


def _run(tmp_path: Path, *options: str) -> dict:
    out = tmp_path / "results.json"
    command = [
        sys.executable,
        str(RUN),
        "--tiny",
        "--repeat",
        "1",
        "--no-warmup",
        "--pdf-trees",
        "",
        "--bib-entries",
        "200",
        "--python",
        sys.executable,
        "--work",
        str(tmp_path / "work"),
        "--out",
        str(out),
        *options,
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=240, cwd=ROOT)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(out.read_text())


def _report():
    """``bench/report.py`` as a module (bench/ is no package)."""
    spec = importlib.util.spec_from_file_location("bench_report", ROOT / "bench" / "report.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _zensical(tmp_path: Path) -> str:
    """The real ``zensical`` next to this Python when installed (the bench extra), else a
    stand-in that takes its command line and builds the floor tree with MkDocs into
    ``site/``, so that the runner's handling of the second anchor is tested anyway."""
    beside = Path(sys.executable).parent / "zensical"
    if beside.exists():
        return str(beside)
    stand_in = tmp_path / "zensical"
    stand_in.write_text(
        f"#!{sys.executable}\n"
        "import subprocess, sys\n"
        "if sys.argv[1:] == ['--version']:\n"
        "    print('stand-in'); sys.exit(0)\n"
        "assert sys.argv[1] == 'build', sys.argv\n"
        "mkdocs = [sys.executable, '-m', 'mkdocs', 'build', '-q']\n"
        "sys.exit(subprocess.call([*mkdocs, *sys.argv[2:]]))\n"
    )
    stand_in.chmod(0o755)
    return str(stand_in)


def test_ours_and_floor_give_results_of_the_documented_shape(tmp_path: Path) -> None:
    # the tiny tree's first build makes its edition's PDF and EPUB, each timed
    results = _run(
        tmp_path,
        "--variants",
        "ours,floor,zensical",
        "--pdf-trees",
        "tiny",
        "--zensical",
        _zensical(tmp_path),
    )
    row = results["tiny"]
    assert set(KEYS) <= set(row)
    assert row["details"]["failures"] == {}
    timed = ("ours_s", "ours_cold_s", "ours_edit_s", "floor_s", "ratio_floor", "ratio_floor_cold")
    timed += ("ratio_floor_edit", "peak_rss_mb", "peak_rss_cold_mb", "warm_rebuild_s", "check_s")
    timed += ("check_cold_s", "zensical_s", "zensical_cached_s", "ratio_zensical_cached_floor")
    timed += ("cpu_cold_s", "ratio_cpu_floor_cold", "check_cold_cpu_s", "floor_convert_cpu_s")
    timed += ("loaded_rss_mb",)
    for key in (*timed, "bib5000_s", "pdf_s", "epub_s"):
        assert isinstance(row[key], float) and row[key] > 0, (key, row[key])
    # the build after an edit, with the cache, made what a cold build of its sources makes
    assert row["reuse_identical"] is True
    (compared,) = row["details"]["reuse_identical"]
    assert compared["different_files"] == [] and compared["edited"].startswith("bank")
    # the preview, for every kind of edit: from saving to served, and the rebuild inside
    for kind in ("chapter", "quote", "box", "bibliography"):
        assert row["preview_s"][kind] > 0 and row["preview_build_s"][kind] > 0, kind
    assert "error" not in row["details"]["preview"], row["details"]["preview"]
    # the edits were undone
    tree = tmp_path / "work" / "ours-tiny"
    assert "bankwijziging" not in (tree / "bibliography.bib").read_text(encoding="utf-8")
    assert not any("bankwijziging" in p.read_text() for p in (tree / "docs").rglob("*.[my]*"))
    reference = row["details"]["reference_build"]
    assert "EPUB" in reference["command"]
    (edition,) = reference["books"]["editions"].values()
    assert set(edition) == {"pdf_s", "epub_s"} and all(v > 0 for v in edition.values())
    # ... and the report puts them beside each other, after the build they were part of
    table = _report().figures(results)
    books = f"| {row['pdf_s']:.2f} s | {row['epub_s']:.2f} s |"
    assert "| its PDFs | its EPUBs |" in table
    assert any(line.endswith(books) for line in table.splitlines()), table
    # every new figure is in the report (the targets are set for 1x and 10x, not tiny)
    cells = (row["ours_cold_s"], row["ours_edit_s"], row["zensical_cached_s"], row["check_cold_s"])
    for value in (*cells, row["preview_s"]["bibliography"]):
        assert f"{value:.2f} s" in table, value
    assert "| full build from cold / floor <= 1.05 at 10x | \u2014 | \u2014 |" in table
    assert row["details"]["check"]["status"] == "ok", row["details"]["check"]
    # what bounds two targets: Python-Markdown alone on the floor's pages, and each build
    # stopped after its config event, ours holding more than the floor's then
    bounds = row["details"]["bounds"]
    assert bounds["status"] == "ok", bounds
    (converted,) = bounds["convert"]
    assert converted["pages"] == _floor_markdown_files(tmp_path) and converted["html_chars"] > 0
    loaded = {v: bounds["loaded_rss_mb"][v][0] for v in ("ours", "floor")}
    assert row["loaded_rss_extra_mb"] == round(loaded["ours"] - loaded["floor"], 1) > 0
    assert 0 < loaded["floor"] < row["details"]["peak_rss_mb"]["floor"]
    section = table.split("**What bounds two targets**", 1)[1].split("\n\n")[1]
    (bound_row,) = [line for line in section.splitlines() if line.startswith("| tiny | ")]
    for value in (row["check_cold_cpu_s"], row["floor_convert_cpu_s"]):
        assert f"{value:.2f} s" in bound_row, (value, bound_row)
    assert f"| {row['loaded_rss_extra_mb']:.1f} MB |" in bound_row, bound_row
    assert row["peer_s"] is None and row["ratio_peer"] is None
    # the floor builds the same pages as ours
    pages = row["details"]["pages_html"]
    assert pages["floor"] >= 8 and pages["ours"] >= pages["floor"]
    # ... and shows the same text
    chars = row["details"]["visible_chars"]
    assert abs(chars["floor"] - chars["ours"]) <= 0.05 * chars["ours"], chars
    assert results["_meta"]["machine"]["nproc"] >= 1


def _floor_markdown_files(tmp_path: Path) -> int:
    """How many Markdown files the tiny floor tree's ``docs/`` holds."""
    return sum(1 for _ in (tmp_path / "work" / "floor-tiny" / "docs").rglob("*.md"))


@pytest.mark.skipif(
    importlib.util.find_spec("mkdocs_bibtex") is None,
    reason="mkdocs-bibtex is not installed (the benchmark's peer; pip install -e '.[bench]')",
)
def test_peer_builds_with_mkdocs_bibtex(tmp_path: Path) -> None:
    results = _run(tmp_path, "--variants", "peer", "--no-serve", "--no-check", "--no-bib")
    row = results["tiny"]
    assert row["details"]["failures"] == {}
    assert isinstance(row["peer_s"], float) and row["peer_s"] > 0
    assert row["ours_s"] is None
    # no books where the reference build makes none
    assert row["pdf_s"] is None and row["epub_s"] is None
