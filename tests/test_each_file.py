"""The per-file test runner (``tests/each_file.py``) that ``make test`` and CI use."""

from __future__ import annotations

from pathlib import Path

import each_file


def _ran(tmp_path: Path, body: str) -> bool:
    test = tmp_path / "test_probe.py"
    test.write_text(body, encoding="utf-8")
    code, counts, _ = each_file.run(test, ["--rootdir", str(tmp_path), "-q"])
    return each_file.passed(code, counts)


def test_a_file_that_skips_itself_saying_why_passes(tmp_path: Path) -> None:
    body = 'import pytest\n\npytest.skip("geen chromium", allow_module_level=True)\n'
    assert _ran(tmp_path, body)


def test_a_file_without_tests_fails(tmp_path: Path) -> None:
    assert not _ran(tmp_path, "X = 1\n")


def test_a_failing_test_fails_and_a_passing_one_passes(tmp_path: Path) -> None:
    assert not _ran(tmp_path, "def test_no() -> None:\n    assert 1 == 2\n")
    assert _ran(tmp_path, "def test_yes() -> None:\n    assert 1 == 1\n")
