"""A real MkDocs build with the citations extension: links rewritten and validated."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import copy_site


def test_mkdocs_rewrites_and_validates_citation_links(tmp_path: Path) -> None:
    project = copy_site("lit-basis", tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr

    start = (project / "site" / "index.html").read_text(encoding="utf-8")
    assert '(<a href="#lit-sennett2003">Sennett, 2003</a>)' in start
    assert '<a href="#lit-lipsky1980">Lipsky (1980)</a>' in start
    assert 'id="lit-lipsky1980"' in start and 'id="lit-sennett2003"' in start

    chapter = (project / "site" / "hoofdstuk" / "index.html").read_text(encoding="utf-8")
    assert '(zie <a href="../literatuur/#lit-sennett2003">Sennett, 2003</a>, p. 12)' in chapter

    literature = (project / "site" / "literatuur" / "index.html").read_text(encoding="utf-8")
    assert literature.index('id="lit-lipsky1980"') < literature.index('id="lit-sennett2003"')
    assert "<em>Street-level bureaucracy: Dilemmas of the individual in public services</em>" in (
        literature
    )
