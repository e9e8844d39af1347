"""The licence of the content: a site setting, said in every place the content goes.

Until ``licentie`` is set, each place says plainly that no licence has been chosen,
and ``handreiking check`` notes it once.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
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


def test_a_wrong_licence_setting_stops_check_and_build_with_one_message(tmp_path: Path) -> None:
    project = copy_site("links", tmp_path)
    config = project / "mkdocs.yml"
    wrong = LICENCE.replace("CC-BY-SA-4.0", "CC BY-SA 4.0").replace("https:", "http:")
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "      edities: [noord, west]\n", "      edities: [noord, west]\n" + wrong
        ),
        encoding="utf-8",
    )
    expected = (
        "mkdocs.yml: de licentie klopt niet: 'CC BY-SA 4.0' is geen SPDX-code (bedoel je "
        "'CC-BY-SA-4.0'?); de url 'http://creativecommons.org/licenses/by-sa/4.0/' is geen "
        "https-adres; zet onder licentie"
    )
    checked = run_cli("check", cwd=project)
    assert checked.returncode == 1
    assert checked.stdout.count(expected) == 1
    built = build(project)
    assert built.returncode == 1
    assert built.stderr.count(expected) == 1
    assert "Traceback" not in built.stderr


@pytest.mark.parametrize(
    ("spdx", "url", "wrong"),
    [
        ("CC-BY-4.0", None, "de url van de licentietekst ontbreekt"),
        (None, "https://creativecommons.org/licenses/by/4.0/", "de id (de SPDX-code) ontbreekt"),
        ("CC-BY-4.0", "ftp://example.org/by", "de url 'ftp://example.org/by' is geen https-adres"),
        ("CC_BY/4.0", "https://creativecommons.org/licenses/by/4.0/", "geen SPDX-code"),
    ],
)
def test_each_mistake_in_the_licence_is_named(
    spdx: str | None, url: str | None, wrong: str
) -> None:
    from handreiking.content.licence import licence_problems

    (problem,) = licence_problems(spdx, url, "mkdocs.yml")
    assert wrong in problem.message


@pytest.mark.parametrize("spdx", ["CC-BY-4.0", "CC0-1.0", "GPL-2.0+", "LicenseRef-eigen.1"])
def test_valid_spdx_ids_pass(spdx: str) -> None:
    from handreiking.content.licence import licence_problems

    assert licence_problems(spdx, "https://example.org/licentie", "mkdocs.yml") == []
