"""An edition is published in one place: ``status`` in its ``index.md``.

The landing page's table (``/// edities``), the start page card, the edition switcher
and the catalog all follow it; publishing an edition is one edit.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import markdown
from conftest import build, check_problems, copy_site, edit_file
from handreiking.content.editions import Edition
from handreiking.markdown import editions
from handreiking.markdown.context import PageContext


def _row(html: str, edition: str) -> str:
    match = re.search(rf'<tr data-editie="{edition}">(.*?)</tr>', html, re.S)
    assert match, f"no row for {edition}"
    return re.sub(r">\s+<", "><", match.group(1).strip())


def _switcher_entry(html: str, edition: str) -> str:
    match = re.search(rf'data-editie="{edition}"[^>]*>(.*?)</a>', html, re.S)
    assert match, f"no switcher entry for {edition}"
    return match.group(1)


def _catalog_status(site: Path, edition: str) -> str:
    data = json.loads((site / "catalog.json").read_text(encoding="utf-8"))
    return next(e["status"] for e in data["editions"] if e["id"] == edition)


def test_publishing_an_edition_is_one_edit(tmp_path: Path) -> None:
    project = copy_site("publiceren", tmp_path)
    before = build(project)
    assert before.returncode == 0, before.stderr
    landing = before.page("")
    assert "<th>Editie</th>" in landing
    assert _row(landing, "noord") == (
        '<td><a href="noord/">Noord</a></td><td>Testbuurt</td><td>gepubliceerd (2020)</td>'
    )
    assert _row(landing, "zuid") == (
        '<td><a href="zuid/">Zuid</a></td><td></td><td>in voorbereiding</td>'
    )
    start = before.page("zuid/")
    assert "<strong>In voorbereiding.</strong>" in start
    assert "(in voorbereiding)" in _switcher_entry(before.page("noord/samen/"), "zuid")
    assert _catalog_status(before.site, "zuid") == "in-voorbereiding"

    edit_file(project / "docs/zuid/index.md", "status: in-voorbereiding", "status: gepubliceerd")
    after = build(project)
    assert after.returncode == 0, after.stderr
    assert _row(after.page(""), "zuid").endswith("<td>gepubliceerd (2024)</td>")
    start = after.page("zuid/")
    assert "In voorbereiding" not in start
    assert "<dd>gepubliceerd</dd>" in start
    assert "in voorbereiding" not in _switcher_entry(after.page("noord/samen/"), "zuid")
    assert _catalog_status(after.site, "zuid") == "gepubliceerd"


def test_the_table_has_no_content_of_its_own(tmp_path: Path) -> None:
    project = copy_site("publiceren", tmp_path)
    edit_file(project / "docs/index.md", "/// edities\n", "/// edities\nZuid: klaar\n")
    assert check_problems(project) == [
        "docs/index.md:5: /// edities heeft geen inhoud: de tabel komt uit de startpagina's "
        "van de edities (stadsdeel, gebied, status en jaar); haal de tekst tussen "
        "'/// edities' en '///' weg"
    ]


def test_the_table_in_plain_python_markdown() -> None:
    edition = Edition(id="oost", titel="Oost", stadsdeel="Oost", status="gepubliceerd", jaar=2022)
    context = PageContext(src_uri="index.md")
    html = markdown.markdown(
        "/// edities\n///\n",
        extensions=[editions.makeExtension(editions=[edition], context=context)],
    )
    assert '<a href="oost/index.md">Oost</a>' in html
    assert "<td>gepubliceerd (2022)</td>" in html
