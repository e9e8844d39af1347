"""The licence of the content: a site setting, said in every place the content goes.

Until ``licentie`` is set, each place says plainly that no licence has been chosen,
and ``handreiking check`` notes it once.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

from conftest import build, copy_site, run_cli
from handreiking.content.licence import NO_LICENCE

LICENCE = """      licentie:
        id: CC-BY-SA-4.0
        url: https://creativecommons.org/licenses/by-sa/4.0/
"""


def _with_licence(project: Path) -> None:
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    text = text.replace(
        "      edities: [noord, west]\n", "      edities: [noord, west]\n" + LICENCE
    )
    config.write_text(text, encoding="utf-8")


def _places(site: Path) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO((site / "noord/handreiking-noord.imscc").read_bytes())) as z:
        manifest = z.read("imsmanifest.xml").decode("utf-8")
    return {
        "footer": (site / "noord/geven/index.html").read_text(encoding="utf-8"),
        "catalog": (site / "catalog.json").read_text(encoding="utf-8"),
        "cartridge": manifest,
        "bib": (site / "noord/geven/no-geven.bib").read_text(encoding="utf-8"),
        "ris": (site / "noord/geven/no-geven.ris").read_text(encoding="utf-8"),
    }


def test_a_chosen_licence_is_in_every_place(tmp_path: Path) -> None:
    project = copy_site("links", tmp_path)
    _with_licence(project)
    built = build(project)
    assert built.returncode == 0, built.stderr
    places = _places(built.site)
    for name, text in places.items():
        assert "CC-BY-SA-4.0" in text, name
        assert NO_LICENCE not in text, name
    assert 'rel="license">CC-BY-SA-4.0</a>' in places["footer"]
    assert json.loads(places["catalog"])["licence"]["spdx"] == "CC-BY-SA-4.0"
    assert "  copyright = {" in places["bib"]
    assert (
        "N1  - De inhoud van deze handreiking valt onder de licentie CC-BY-SA-4.0"
        in (places["ris"])
    )
    assert "geen licentie gekozen" not in built.stderr


def test_without_a_licence_every_place_says_none_is_chosen(tmp_path: Path) -> None:
    project = copy_site("links", tmp_path)
    built = build(project)
    assert built.returncode == 0, built.stderr
    for name, text in _places(built.site).items():
        assert NO_LICENCE.split(".")[0] in text, name
    catalog = json.loads((built.site / "catalog.json").read_text(encoding="utf-8"))
    assert catalog["licence"] == {"text": NO_LICENCE}
    checked = run_cli("check", cwd=project)
    assert checked.stderr.count("er is nog geen licentie gekozen") == 1


def test_the_book_says_the_licence_in_its_colophon() -> None:
    from handreiking.content.editions import Edition
    from handreiking.content.licence import Licence
    from handreiking.outputs.pdf import Book, book_html

    edition = Edition(id="noord", titel="T", stadsdeel="Noord", status="gepubliceerd")
    chosen = Licence("CC-BY-4.0", "https://creativecommons.org/licenses/by/4.0/")
    html = book_html(Book(edition, [], "S", None, "A", licence=chosen))
    assert "Licentie: CC-BY-4.0" in html
    assert NO_LICENCE in book_html(Book(edition, [], "S", None, "A"))
