"""The real site: builds in strict mode and holds every page a reader expects."""

from __future__ import annotations

import re
from importlib.metadata import entry_points
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, Built, run_command

EDITIONS = ["zuid", "zuidoost", "nieuw-west", "oost"]
ZUIDOOST_CHAPTERS = {
    "voorwoord": "Voorwoord",
    "inleiding": "Samenspel, een inleiding",
    "ontwikkeltraject": "Ontwikkeltraject en handreiking",
    "zelfportret": "Het zelfportret en een score op samenwerking",
    "gezamenlijke-taal": "Een gezamenlijke taal",
    "partnerschap": "Partnerschap en partnerschapskaart",
    "wederkerigheid": "Wederkerigheid en gelijkwaardigheid",
    "cirkels": "Cirkels van betrokkenheid en invloed",
    "aan-de-slag": "Leren, inspireren en aan de slag",
    "nabeschouwing": "Nabeschouwing",
    "nawoord": "Nawoord",
    "verder-lezen": "Verder lezen",
    "bijlage-ontwikkeltraject": "ontwikkeltraject",
    "bijlage-partnerschapskaart": "partnerschapskaart",
}


@pytest.fixture(scope="module")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Built:
    site = tmp_path_factory.mktemp("real") / "site"
    # the command as a co-author types it, in its own process
    result = run_command("build", "--zonder-pdf", "-d", str(site), cwd=ROOT)
    return Built(result.returncode, result.stdout, result.stderr, site)


def test_real_site_builds_strict_without_warnings(real_site: Built) -> None:
    assert real_site.returncode == 0, real_site.stderr
    assert "WAARSCHUWING" not in real_site.stderr
    assert "FOUT" not in real_site.stderr
    assert f"De site staat in {real_site.site}" in real_site.stderr


def test_landing_page_presents_the_four_editions(real_site: Built) -> None:
    html = real_site.page("")
    assert '<html lang="nl"' in html
    for edition in EDITIONS:
        assert f'href="{edition}/"' in html


# -- the landing page's table of editions follows each edition's status -------------


@pytest.mark.parametrize("edition", EDITIONS)
def test_the_landing_table_follows_the_status(real_site: Built, edition: str) -> None:
    row = re.search(rf'<tr data-editie="{edition}">(.*?)</tr>', real_site.page(""), re.S)
    assert row is not None, f"the landing page's table has no row for {edition}"
    cells = re.findall(r"<td>(.*?)</td>", row.group(1), re.S)
    assert cells[-1].startswith(_edition_front_matter(edition)["status"].replace("-", " "))


def _edition_card(real_site: Built, edition: str) -> str:
    """The edition card the plugin puts on an edition's start page."""
    html = real_site.page(f"{edition}/")
    card = re.search(
        rf'<section class="handreiking-editie"[^>]*data-editie="{edition}">(.*?)</section>',
        html,
        re.S,
    )
    assert card is not None, f"{edition}/ has no edition card"
    return card.group(1)


def _edition_front_matter(edition: str) -> dict:
    text = (ROOT / "docs" / edition / "index.md").read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---", 2)[1])


@pytest.mark.parametrize("edition", EDITIONS)
def test_every_edition_has_a_start_page(real_site: Built, edition: str) -> None:
    card = _edition_card(real_site, edition)
    front = _edition_front_matter(edition)
    facts = dict(re.findall(r"<dt>(.*?)</dt>\s*<dd>(.*?)</dd>", card))
    assert facts["Stadsdeel"] == front["stadsdeel"]
    assert facts["Status"] == front["status"].replace("-", " ")


def test_editions_in_preparation_say_so(real_site: Built) -> None:
    for edition in EDITIONS:
        card = _edition_card(real_site, edition)
        notice = 'class="handreiking-editie__voorbereiding"' in card
        assert notice == (_edition_front_matter(edition)["status"] == "in-voorbereiding"), edition
    assert 'class="handreiking-editie__voorbereiding"' in _edition_card(real_site, "zuid")


@pytest.mark.parametrize(("slug", "title"), ZUIDOOST_CHAPTERS.items())
def test_every_zuidoost_chapter_and_appendix_is_built(
    real_site: Built, slug: str, title: str
) -> None:
    html = real_site.page(f"zuidoost/{slug}/")
    h1 = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S)
    assert h1 is not None, f"zuidoost/{slug}/ has no title"
    assert title.lower() in h1.group(1).lower()


def test_the_time_investment_table_is_in_the_appendix(real_site: Built) -> None:
    html = real_site.page("zuidoost/bijlage-ontwikkeltraject/")
    assert "<table>" in html


def test_site_loads_no_google_fonts(real_site: Built) -> None:
    for page in real_site.site.rglob("*.html"):
        assert "fonts.googleapis.com" not in page.read_text(encoding="utf-8"), page


def test_mkdocs_finds_the_plugin_through_its_entry_point() -> None:
    found = {ep.name: ep for ep in entry_points(group="mkdocs.plugins")}
    assert "handreiking" in found
    from handreiking.plugin.events import HandreikingPlugin

    assert found["handreiking"].load() is HandreikingPlugin


def test_plain_mkdocs_build_strict_works(tmp_path: Path) -> None:
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "s")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "s" / "zuidoost" / "partnerschap" / "index.html").is_file()


def _front_matter(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n"), f"{path} has no front matter"
    return yaml.safe_load(text.split("---\n", 2)[1]) or {}


def test_every_chapter_and_theory_box_has_an_id() -> None:
    docs = ROOT / "docs"
    ids: dict[str, Path] = {}
    pages = [p for e in EDITIONS for p in (docs / e).glob("*.md")]
    # docs/bouwstenen/index.md only orders the boxes (content/order.py)
    pages += [p for p in (docs / "bouwstenen").glob("*.md") if p.name != "index.md"]
    assert len(pages) >= 4 + len(ZUIDOOST_CHAPTERS)
    for page in pages:
        page_id = _front_matter(page).get("id")
        assert isinstance(page_id, str) and re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", page_id), page
        assert page_id not in ids, f"{page_id} in {page} and {ids.get(page_id)}"
        ids[page_id] = page


def test_the_motto_of_the_partnership_chapter_is_no_participants_quote(real_site: Built) -> None:
    # The printed guide quotes "angels with only one wing" as a motto, not as words
    # from a meeting: shown with its origin, in no overview of participants' words.
    html = real_site.page("zuidoost/partnerschap/")
    figure = html.split('data-citaat="zo-partnerschap-02"', 1)[1].split("</figure>", 1)[0]
    assert "<figcaption>— Herkomst onbekend</figcaption>" in figure
    assert "Deelnemer" not in figure
    for page in ("zuidoost/citaten/", "citaten/", "themas/"):
        assert "angels with only one wing" not in real_site.page(page), page
