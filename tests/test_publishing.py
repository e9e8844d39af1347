"""A publishing build refuses a placeholder address; previews and other builds do not."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import copy_site, run_cli
from handreiking.plugin.publishing import placeholder_problem


@pytest.mark.parametrize(
    "url",
    [
        "https://handreiking.example.org/",
        "https://example.com/x/",
        "http://localhost:8000/",
        "http://127.0.0.1/",
        "http://[::1]/",
        "https://site.test/",
        None,
    ],
)
def test_placeholders_are_no_lasting_address(url: str | None) -> None:
    problem = placeholder_problem(url)
    assert problem is not None
    assert "site_url" in problem and "blijvend" in problem


@pytest.mark.parametrize(
    "url", ["https://handreiking.hva.nl/", "https://www.vrijwilligersacademie.nl/handreiking/"]
)
def test_a_real_domain_passes(url: str) -> None:
    assert placeholder_problem(url) is None


def _site(tmp_path: Path) -> Path:
    return copy_site("links", tmp_path)  # site_url: https://example.org/handreiking/


def test_a_publishing_build_refuses_the_placeholder(tmp_path: Path) -> None:
    project = _site(tmp_path)
    result = run_cli("build", "--zonder-pdf", "--publiceer", cwd=project)
    assert result.returncode != 0
    assert (
        "mkdocs.yml: site_url 'https://example.org/handreiking/' is een voorbeeldadres "
        "(example.org), geen blijvend adres voor een publicatie" in result.stderr
    )
    assert "Traceback" not in result.stderr
    assert not (project / "site" / "index.html").exists()


def test_the_environment_variable_makes_a_build_publishing(tmp_path: Path) -> None:
    project = _site(tmp_path)
    env = dict(os.environ, HANDREIKING_PUBLICEER="1")
    result = run_cli("build", "--zonder-pdf", cwd=project, env=env)
    assert result.returncode != 0
    assert "geen blijvend adres voor een publicatie" in result.stderr


def test_other_builds_keep_the_placeholder(tmp_path: Path) -> None:
    project = _site(tmp_path)
    env = {k: v for k, v in os.environ.items() if k != "HANDREIKING_PUBLICEER"}
    result = run_cli("build", "--zonder-pdf", cwd=project, env=env)
    assert result.returncode == 0, result.stderr


def test_a_real_address_publishes(tmp_path: Path) -> None:
    project = _site(tmp_path)
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "https://example.org/handreiking/", "https://handreiking.hva.nl/"
        ),
        encoding="utf-8",
    )
    result = run_cli("build", "--zonder-pdf", "--publiceer", cwd=project)
    assert result.returncode == 0, result.stderr
