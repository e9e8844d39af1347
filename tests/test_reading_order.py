"""The navigation from the sources: no ``nav`` in ``mkdocs.yml``, each edition's order in
its own front matter (``hoofdstukken``), the boxes on their own, generated pages in their
place; a page a list leaves out, and a name without a file, said once with the fix.

The site ``tests/sites/volgorde`` is ``edities`` without ``nav``: Noord lists its chapters
against their file order (``vertrouwen.md`` before ``partnerschap.md``), West lists its
own, Oost lists its one chapter, Zuid is in preparation (no chapters, no list).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import Built, build, check_problems, copy_site, edit_file, run_cli
from test_editions import switcher_links

SITE = "volgorde"


def _nav_links(html: str) -> list[str]:
    """The hrefs of the site navigation (the primary sidebar) of a page, in order."""
    nav = re.split(r'class="md-nav md-nav--primary[^"]*"', html, maxsplit=1)[1]
    nav = nav.split("md-sidebar--secondary", 1)[0]
    return re.findall(r'<a href="([^"]*)" class="md-nav__link', nav)


@pytest.fixture(scope="module")
def whole(tmp_path_factory: pytest.TempPathFactory) -> Built:
    built = build(copy_site(SITE, tmp_path_factory.mktemp("heel")))
    assert built.returncode == 0, built.stderr
    return built


def test_the_navigation_follows_the_editions_and_the_boxes(whole: Built) -> None:
    assert "WAARSCHUWING" not in whole.stderr
    assert _nav_links(whole.page("")) == [
        ".",
        "noord/",
        "noord/vertrouwen/",
        "noord/partnerschap/",
        "noord/citaten/",
        "noord/literatuur/",
        "noord/wijzigingen/",
        "west/",
        "west/buurt/",
        "west/partnerschap/",
        "west/citaten/",
        "west/literatuur/",
        "west/wijzigingen/",
        "oost/",
        "oost/netwerk/",
        "oost/citaten/",
        "oost/literatuur/",
        "oost/wijzigingen/",
        "zuid/",
        "bouwstenen/",
        # by title: "Een bouwsteen die ...", "Respect", "Samen optrekken"
        "bouwstenen/ongebruikt/",
        "bouwstenen/respect/",
        "bouwstenen/samen/",
        "themas/",
        "citaten/",
        "literatuur/",
        "wijzigingen/",
    ]
    # the section is named after the edition's district, as a nav in mkdocs.yml did
    assert re.search(r'class="md-nav__link[^"]*"[^>]*>\s*<span[^>]*>\s*Noord\s*<', whole.page(""))


def test_a_new_chapter_needs_only_its_edition_order_list(tmp_path: Path) -> None:
    project = copy_site(SITE, tmp_path)
    config = (project / "mkdocs.yml").read_bytes()
    (project / "docs/noord/netwerk.md").write_text(
        "---\nid: no-netwerk\nthema: [netwerk]\n---\n\n# Het netwerk in Noord\n\nTekst.\n",
        encoding="utf-8",
    )
    edit_file(
        project / "docs/noord/index.md",
        "  - partnerschap.md\n",
        "  - partnerschap.md\n  - netwerk.md\n",
    )
    built = build(project)
    assert built.returncode == 0, built.stderr
    assert (project / "mkdocs.yml").read_bytes() == config
    links = _nav_links(built.page(""))
    assert links.index("noord/partnerschap/") + 1 == links.index("noord/netwerk/")
    # the switcher of Oost's chapter on the same theme leads to it
    assert switcher_links(built, "oost/netwerk/")["noord"] == "../../noord/netwerk/"
    catalog = json.loads((built.site / "catalog.json").read_text(encoding="utf-8"))
    assert "no-netwerk" in json.dumps(catalog)
    themes = built.page("themas/")
    assert "Het netwerk in Noord" in themes and "noord/netwerk/" in themes


def test_a_chapter_missing_from_the_list_is_said_once_with_the_fix(tmp_path: Path) -> None:
    project = copy_site(SITE, tmp_path)
    (project / "docs/noord/nieuw.md").write_text(
        "---\nid: no-nieuw\n---\n\n# Nieuw\n", encoding="utf-8"
    )
    message = (
        "docs/noord/nieuw.md:1: dit hoofdstuk staat niet in de leesvolgorde van de editie; "
        "zet '- nieuw.md' onder 'hoofdstukken:' in docs/noord/index.md, op de plek waar "
        "het hoort"
    )
    assert check_problems(project) == [message]
    built = build(project)
    assert built.returncode != 0
    assert built.stderr.count(message) == 1
    assert "nav" not in built.stderr.replace("navigatie", "")


def test_an_edition_without_its_list_is_told_to_give_it(tmp_path: Path) -> None:
    """Oost without ``hoofdstukken``: one problem at its start page, with the list of its
    chapters by file name to paste; Zuid has no chapters yet and needs no list."""
    project = copy_site(SITE, tmp_path)
    start = project / "docs/oost/index.md"
    edit_file(start, "hoofdstukken: [netwerk.md]\n", "")
    (project / "docs/oost/a-begin.md").write_text(
        "---\nid: oo-begin\n---\n\n# Begin\n", encoding="utf-8"
    )
    message = (
        "docs/oost/index.md:1: deze editie heeft hoofdstukken maar geen leesvolgorde, dus "
        "staan ze nu op bestandsnaam; zet 'hoofdstukken: [a-begin.md, netwerk.md]' in de "
        "front matter, met de namen in de volgorde waarin de hoofdstukken gelezen worden"
    )
    assert check_problems(project) == [message]
    built = build(project)
    assert built.returncode != 0
    assert built.stderr.count(message) == 1
    # pasted as the message gives it, the site builds
    edit_file(start, "nocite:", "hoofdstukken: [a-begin.md, netwerk.md]\nnocite:")
    assert check_problems(project) == []
    assert build(project).returncode == 0


def test_a_site_with_nav_needs_no_lists(tmp_path: Path) -> None:
    """A site that still gives ``nav`` in mkdocs.yml orders its chapters there."""
    project = copy_site("basis", tmp_path)
    assert "hoofdstukken" not in (project / "docs/noord/index.md").read_text(encoding="utf-8")
    assert check_problems(project) == []


def test_a_name_without_a_file_is_said_at_its_line(tmp_path: Path) -> None:
    project = copy_site(SITE, tmp_path)
    edit_file(project / "docs/noord/index.md", "  - vertrouwen.md", "  - vertrouwe.md")
    # the page meant is not "missing from the list" as well: one mistake, one message
    assert check_problems(project) == [
        "docs/noord/index.md:11: 'hoofdstukken' noemt 'vertrouwe.md', maar het bestand "
        "docs/noord/vertrouwe.md bestaat niet; bedoel je 'vertrouwen.md'?"
    ]
    edit_file(project / "docs/noord/index.md", "  - vertrouwe.md", "  - weg.md\n  - vertrouwen.md")
    assert check_problems(project) == [
        "docs/noord/index.md:11: 'hoofdstukken' noemt 'weg.md', maar het bestand "
        "docs/noord/weg.md bestaat niet; maak het bestand aan, of haal de regel weg als de "
        "pagina er niet meer is"
    ]


def test_the_boxes_follow_their_own_list(tmp_path: Path) -> None:
    project = copy_site(SITE, tmp_path)
    (project / "docs/bouwstenen/index.md").write_text(
        "---\nvolgorde:\n  - samen.md\n  - ongebruikt.md\n  - respect.md\n---\n",
        encoding="utf-8",
    )
    built = build(project)
    assert built.returncode == 0, built.stderr
    links = _nav_links(built.page(""))
    boxes = [link for link in links if link.startswith("bouwstenen/")]
    assert boxes == [
        "bouwstenen/",
        "bouwstenen/samen/",
        "bouwstenen/ongebruikt/",
        "bouwstenen/respect/",
    ]
    # the page /bouwstenen/ itself is still the generated index
    assert "Gebruikt in:" in built.page("bouwstenen/")
    (project / "docs/bouwstenen/index.md").write_text(
        "---\nvolgorde: [samen.md, respect.md]\n---\n", encoding="utf-8"
    )
    assert check_problems(project) == [
        "docs/bouwstenen/ongebruikt.md:1: deze bouwsteen staat niet in de volgorde van de "
        "bouwstenen; zet '- ongebruikt.md' onder 'volgorde:' in docs/bouwstenen/index.md, "
        "op de plek waar hij hoort"
    ]


def test_one_edition_alone_keeps_its_order(tmp_path: Path) -> None:
    built = build(copy_site(SITE, tmp_path), "--editie", "noord")
    assert built.returncode == 0, built.stderr
    links = _nav_links(built.page(""))
    noord = [link for link in links if link.startswith("noord/")]
    assert noord[:3] == ["noord/", "noord/vertrouwen/", "noord/partnerschap/"]
    assert not any("west/" in link or "oost/" in link for link in links)


def test_mkdocs_serve_says_it_in_the_terminal(tmp_path: Path) -> None:
    """The preview reports a left-out page as build and check do (the real server)."""
    from test_serve import running

    project = copy_site(SITE, tmp_path)
    with running(project) as server:
        server.page_shows("noord/vertrouwen/", "Vertrouwen")
        (project / "docs/noord/nieuw.md").write_text(
            "---\nid: no-nieuw\n---\n\n# Nieuw hoofdstuk\n", encoding="utf-8"
        )
        # the page is served (last in its edition) while the problem is said
        server.page_shows("noord/nieuw/", "Nieuw hoofdstuk")
        server.wait_for(
            "the message", lambda: "zet '- nieuw.md' onder 'hoofdstukken:'" in server.output()
        )
        assert "Traceback" not in server.output()


def test_a_site_with_nav_in_mkdocs_yml_keeps_it(tmp_path: Path) -> None:
    project = copy_site("edities", tmp_path)
    ran = run_cli("check", cwd=project)
    assert ran.returncode == 0, ran.stdout + ran.stderr


# -- the other pages: a folder with its own index.md is one section ---------------------


def test_a_guide_with_reference_pages_is_one_section_in_its_place(tmp_path: Path) -> None:
    """The guide for co-authors and its catalogue of messages (``docs/voor-auteurs/``)
    stay together under the guide's name, beside the other pages by path; nothing to
    list anywhere, nothing said."""
    project = copy_site(SITE, tmp_path)
    pages = {
        "over.md": "# Over deze site\n",
        "voor-auteurs/index.md": "# Voor auteurs\n\nZie [de meldingen](foutmeldingen.md).\n",
        "voor-auteurs/foutmeldingen.md": "---\nsearch:\n  exclude: true\n---\n\n# Meldingen\n",
        "voor-docenten.md": "# Voor docenten\n",
    }
    for name, text in pages.items():
        (project / "docs" / name).parent.mkdir(parents=True, exist_ok=True)
        (project / "docs" / name).write_text(text, encoding="utf-8")
    assert check_problems(project) == []
    built = build(project)
    assert built.returncode == 0, built.stderr
    assert "WAARSCHUWING" not in built.stderr
    links = _nav_links(built.page(""))
    start = links.index("over/")
    assert links[start:] == [
        "over/",
        "voor-auteurs/",
        "voor-auteurs/foutmeldingen/",
        "voor-docenten/",
    ]
    # one section, named after the folder, holding both pages
    tabs = re.findall(
        r'class="md-tabs__link[^"]*"[^>]*>\s*([^<]*?)\s*<', built.page("voor-auteurs/")
    )
    assert tabs[-3:] == ["Over deze site", "Voor auteurs", "Voor docenten"]
