"""``python -m handreiking.cli``."""

from __future__ import annotations

from handreiking.cli.main import run

run()
