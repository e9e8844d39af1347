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
    "floor_s",
    "peer_s",
    "ratio_floor",
    "ratio_peer",
    "peak_rss_mb",
    "warm_rebuild_s",
    "check_s",
    "bib5000_s",
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
    result = subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(out.read_text())


def test_ours_and_floor_give_results_of_the_documented_shape(tmp_path: Path) -> None:
    results = _run(tmp_path, "--variants", "ours,floor")
    row = results["tiny"]
    assert set(KEYS) <= set(row)
    assert row["details"]["failures"] == {}
    timed = ("ours_s", "floor_s", "ratio_floor", "peak_rss_mb", "warm_rebuild_s", "check_s")
    for key in (*timed, "bib5000_s"):
        assert isinstance(row[key], float) and row[key] > 0, (key, row[key])
    assert row["details"]["check"]["status"] == "ok", row["details"]["check"]
    assert row["peer_s"] is None and row["ratio_peer"] is None
    # the floor builds the same pages as ours
    pages = row["details"]["pages_html"]
    assert pages["floor"] >= 8 and pages["ours"] >= pages["floor"]
    # ... and shows the same text
    chars = row["details"]["visible_chars"]
    assert abs(chars["floor"] - chars["ours"]) <= 0.05 * chars["ours"], chars
    assert results["_meta"]["machine"]["nproc"] >= 1


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
