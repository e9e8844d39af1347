"""What every browser test module needs before its fixtures: Chromium, or a clear skip."""

from __future__ import annotations

import importlib.util
import os
import shutil
from pathlib import Path

import pytest

#: Debian's Chromium (package ``chromium``); ``.ci/run`` installs it.
CHROMIUM = os.environ.get("HANDREIKING_CHROMIUM", "/usr/bin/chromium")

#: Flags for a sandbox-less CI machine that must not reach the network by itself.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def missing() -> str | None:
    """Why the browser tests cannot run here, or ``None`` when they can."""
    packages = (("playwright", "playwright"), ("axe_playwright_python", "axe-playwright-python"))
    for module, package in packages:
        if importlib.util.find_spec(module) is None:
            return f"Python-pakket {package} ontbreekt (pip install -e '.[test]')"
    if not (Path(CHROMIUM).is_file() or shutil.which(CHROMIUM)):
        return f"Chromium ontbreekt op {CHROMIUM} (apt-get install -y chromium)"
    return None


def require_chromium() -> None:
    """Skip the calling test module, saying why, when Chromium or Playwright is missing.

    Called at module level: the tests never pass without running.
    """
    reason = missing()
    if reason is not None:
        pytest.skip(f"browsertests overgeslagen: {reason}", allow_module_level=True)
