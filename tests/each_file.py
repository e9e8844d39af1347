"""Run pytest once per test file, so that every file passes on its own, whatever ran before.

A test that passes only because another file imported or built something first fails
here. Each file's own output is shown as it comes; at the end, one line per file that
failed and the totals. Exits 1 when any file failed (or ran no test), else 0.

    python tests/each_file.py [pytest options]
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent

#: the counts pytest's closing line gives ("12 passed, 1 skipped in 3.21s")
COUNT = re.compile(r"(\d+) (passed|failed|skipped|errors?|xfailed|xpassed)\b")


def test_files() -> list[Path]:
    """Every test file, the browser tests included, in a stable order."""
    return sorted(TESTS.glob("test_*.py")) + sorted((TESTS / "browser").glob("test_*.py"))


def run(file: Path, options: list[str]) -> tuple[int, dict[str, int], float]:
    """Run ``file`` in a pytest of its own; its exit code, counts and duration."""
    start = time.monotonic()
    command = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *options, str(file)]
    process = subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    assert process.stdout is not None
    last = ""
    for line in process.stdout:
        sys.stdout.write(line)
        if line.strip():
            last = line
    code = process.wait()
    counts: dict[str, int] = {}
    for number, kind in COUNT.findall(last):
        kind = "errors" if kind.startswith("error") else kind
        counts[kind] = counts.get(kind, 0) + int(number)
    return code, counts, time.monotonic() - start


def passed(code: int, counts: dict[str, int]) -> bool:
    """Whether a file's pytest passed: exit 0, or a file that skipped itself as a whole,
    saying why (the browser tests without Chromium: pytest exits 5, "no tests ran").
    Any other file that ran no test did not pass."""
    if code == 5:
        broken = counts.get("failed", 0) + counts.get("errors", 0)
        return counts.get("skipped", 0) > 0 and not broken
    return code == 0


def main(options: list[str]) -> int:
    """Run every file; print what failed and the totals."""
    totals = {"passed": 0, "failed": 0, "skipped": 0, "errors": 0}
    failed: list[str] = []
    start = time.monotonic()
    for file in test_files():
        name = str(file.relative_to(ROOT))
        print(f"\n=== {name}", flush=True)
        code, counts, seconds = run(file, options)
        for kind, number in counts.items():
            totals[kind] = totals.get(kind, 0) + number
        if not passed(code, counts):
            failed.append(f"{name} (exit {code}, {seconds:.0f} s)")
        print(f"=== {name}: {seconds:.1f} s", flush=True)
    print(f"\n{len(test_files())} test files, each alone, in {time.monotonic() - start:.0f} s")
    for name in failed:
        print(f"FAILED {name}")
    broken = totals["failed"] + totals["errors"]
    if failed and not broken:
        broken = len(failed)  # a file that stopped before pytest could count
    print(f"total: {totals['passed']} passed, {broken} failed, {totals['skipped']} skipped")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
