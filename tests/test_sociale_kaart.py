"""The sociale kaart: ``docs/<editie>/sociale-kaart.yml`` loaded and checked, its pages,
its anchors in the catalog, the link to the web editor and the notice for old records."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from conftest import build, check_problems, copy_site, edit_file, run_cli

KAART = "docs/noord/sociale-kaart.yml"

GOOD = """\
- id: buurtkamer
  naam: De Buurtkamer
  omschrijving: Een huiskamer in de wijk waar bewoners elkaar ontmoeten.
  website: https://buurtkamer.example.org/
  thema: [ontmoeting, informele zorg]
  doelgroep: [bewoners]
  wijk: [Noordoost]
  gecontroleerd: 2026-03-31
  gecontroleerd_door: De Buurtkamer

- id: vrijwilligerscentrale
  naam: Vrijwilligerscentrale
  omschrijving: Brengt vrijwilligers en organisaties bij elkaar.
  thema: [vrijwilligerswerk]
  gecontroleerd: 2024-05
  gecontroleerd_door: Vrijwilligerscentrale
"""


def site_with_kaart(tmp_path: Path, text: str = GOOD) -> Path:
    project = copy_site("basis", tmp_path)
    (project / KAART).write_text(text, encoding="utf-8")
    return project


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory):
    project = site_with_kaart(tmp_path_factory.mktemp("kaart"))
    result = build(project)
    assert result.returncode == 0, result.stderr
    return result


def test_each_organisation_has_its_anchor_and_its_facts(built) -> None:
    page = built.page("noord/sociale-kaart/")
    assert '<div class="sociale-kaart-organisatie" id="buurtkamer">' in page
    assert "<h2>De Buurtkamer</h2>" in page
    assert '<a href="https://buurtkamer.example.org/">https://buurtkamer.example.org/</a>' in page
    assert '<ul class="sociale-kaart-thema"><li>ontmoeting</li><li>informele zorg</li></ul>' in page
    assert '<time datetime="2026-03-31">31 maart 2026</time> door De Buurtkamer' in page
    assert '<time datetime="2024-05">mei 2024</time> door Vrijwilligerscentrale' in page
    # sorted by name, and the search box for the script
    assert page.index('id="buurtkamer"') < page.index('id="vrijwilligerscentrale"')
    assert '<div id="sociale-kaart-zoeken" class="sociale-kaart-zoeken"></div>' in page
    assert "assets/handreiking/hulpmiddelen.js" in page


def test_the_page_of_all_editions_prefixes_the_anchors(built) -> None:
    page = built.page("sociale-kaart/")
    assert '<h2 class="sociale-kaart-editie" id="sociale-kaart-noord">Noord</h2>' in page or (
        'id="sociale-kaart-noord"' in page
    )
    assert 'id="noord-buurtkamer"' in page


def test_no_edit_link_without_repo_url(built) -> None:
    page = built.page("noord/sociale-kaart/")
    assert "Stel een wijziging voor" not in page
    assert "Geef het door aan de redactie van de handreiking" in page


def test_the_data_file_is_not_published(built) -> None:
    assert not (built.site / "noord" / "sociale-kaart.yml").exists()


def test_the_catalog_lists_every_organisation_at_its_anchor(built) -> None:
    catalog = json.loads((built.site / "catalog.json").read_text(encoding="utf-8"))
    by_id = {o["id"]: o for o in catalog["organisations"]}
    assert by_id["buurtkamer"]["url"] == (
        "https://example.org/handreiking/noord/sociale-kaart/#buurtkamer"
    )
    assert by_id["buurtkamer"]["website"] == "https://buurtkamer.example.org/"
    assert by_id["vrijwilligerscentrale"]["checked"] == "2024-05"
    assert "website" not in by_id["vrijwilligerscentrale"]
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((built.site / "catalog.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(catalog, schema)


def test_the_pages_join_the_navigation(built) -> None:
    page = built.page("noord/")
    assert 'href="sociale-kaart/"' in page or 'href="../noord/sociale-kaart/"' in page


def test_a_site_without_kaart_has_no_kaart_pages(tmp_path: Path) -> None:
    result = build(copy_site("basis", tmp_path))
    assert result.returncode == 0, result.stderr
    assert not (result.site / "sociale-kaart").exists()
    assert "hulpmiddelen.js" not in result.page("noord/")


def test_edit_link_opens_the_record_in_the_web_editor(tmp_path: Path) -> None:
    project = site_with_kaart(tmp_path)
    edit_file(
        project / "mkdocs.yml",
        "strict: true\n",
        "strict: true\nrepo_url: https://github.com/voorbeeld/handreiking\n"
        "edit_uri: edit/main/docs/\n",
    )
    result = build(project)
    assert result.returncode == 0, result.stderr
    page = result.page("noord/sociale-kaart/")
    assert (
        '<a href="https://github.com/voorbeeld/handreiking/edit/main/docs/noord/'
        'sociale-kaart.yml" title="Opent docs/noord/sociale-kaart.yml, regel 1 in de '
        'webeditor">Klopt dit niet meer? Stel een wijziging voor</a>'
    ) in page


STALE = (
    "INFO - let op: docs/noord/sociale-kaart.yml:11: 'Vrijwilligerscentrale' is voor het "
    "laatst gecontroleerd in mei 2024, meer dan een jaar geleden; vraag de organisatie of "
    "de gegevens nog kloppen en zet dan de datum van vandaag bij 'gecontroleerd'"
)


def _at(day: str) -> dict[str, str]:
    from datetime import UTC, datetime

    stamp = int(datetime.fromisoformat(day).replace(tzinfo=UTC).timestamp())
    return {**os.environ, "SOURCE_DATE_EPOCH": str(stamp)}


def test_check_notes_records_not_checked_for_a_year(tmp_path: Path) -> None:
    project = site_with_kaart(tmp_path)
    ran = run_cli("check", cwd=project, env=_at("2026-04-01"))
    assert ran.returncode == 0, ran.stdout + ran.stderr
    assert STALE in ran.stderr.splitlines()
    assert "Buurtkamer" not in ran.stderr  # checked yesterday
    # a month counts to its last day: May 2024 is not a year old on 2025-05-31
    ran = run_cli("check", cwd=project, env=_at("2025-05-31"))
    assert "let op: docs/noord/sociale-kaart.yml" not in ran.stderr


def test_the_build_notes_them_too(tmp_path: Path) -> None:
    project = site_with_kaart(tmp_path)
    result = run_cli("build", "--zonder-pdf", cwd=project, env=_at("2026-04-01"))
    assert result.returncode == 0, result.stderr
    # one line, not one per record: the terminal stays quiet
    summary = (
        "INFO - let op: 1 organisatie op de sociale kaart langer dan een jaar niet nagekeken; "
        "'handreiking check' noemt ze"
    )
    assert summary in result.stderr.splitlines()
    assert STALE not in result.stderr.splitlines()


# -- the loader's messages ---------------------------------------------------------------


def _problems(tmp_path: Path, text: str) -> list[str]:
    return check_problems(site_with_kaart(tmp_path, text))


def test_unknown_field_gets_did_you_mean(tmp_path: Path) -> None:
    text = GOOD.replace("  website:", "  webiste:")
    assert _problems(tmp_path, text) == [
        f"{KAART}:4: onbekend veld 'webiste'; bedoel je 'website'?"
    ]


def test_a_website_must_be_https(tmp_path: Path) -> None:
    text = GOOD.replace("https://buurtkamer", "http://buurtkamer")
    assert _problems(tmp_path, text) == [
        f"{KAART}:4: website 'http://buurtkamer.example.org/' begint met 'http://'; gebruik "
        "het veilige adres dat met 'https://' begint"
    ]


@pytest.mark.parametrize("address", ["javascript:alert(1)", "buurtkamer.nl", "https://x"])
def test_a_website_must_be_a_web_address(tmp_path: Path, address: str) -> None:
    text = GOOD.replace("https://buurtkamer.example.org/", address)
    assert _problems(tmp_path, text) == [
        f"{KAART}:4: website '{address}' is geen webadres; schrijf het hele adres, dat met "
        "'https://' begint, bijvoorbeeld 'https://www.voorbeeld.nl/'"
    ]


def test_a_missing_field_names_the_organisation(tmp_path: Path) -> None:
    text = GOOD.replace("  gecontroleerd_door: De Buurtkamer\n", "")
    assert _problems(tmp_path, text) == [
        f"{KAART}:1: organisatie 'buurtkamer' mist het verplichte veld 'gecontroleerd_door'"
    ]


def test_a_date_in_words_is_refused(tmp_path: Path) -> None:
    text = GOOD.replace("gecontroleerd: 2026-03-31", "gecontroleerd: maart 2026")
    assert _problems(tmp_path, text) == [
        f"{KAART}:8: 'gecontroleerd' moet de datum zijn waarop iemand deze gegevens naliep, "
        "zoals 2026-03-31 (of alleen de maand: 2026-03), niet 'maart 2026'"
    ]


def test_a_repeated_id(tmp_path: Path) -> None:
    text = GOOD.replace("id: vrijwilligerscentrale", "id: buurtkamer")
    assert _problems(tmp_path, text) == [
        f"{KAART}:11: id 'buurtkamer' komt twee keer voor: ook op regel 1; geef elke "
        "organisatie een eigen id"
    ]


def test_themes_must_be_a_list(tmp_path: Path) -> None:
    text = GOOD.replace("thema: [vrijwilligerswerk]", "thema: {a: b}")
    assert _problems(tmp_path, text) == [
        f"{KAART}:14: 'thema' moet een lijst zijn, tussen '[' en ']' en met komma's ertussen, "
        "bijvoorbeeld 'thema: [informele zorg, mantelzorg]'"
    ]


def test_not_a_list(tmp_path: Path) -> None:
    assert _problems(tmp_path, "id: buurtkamer\nnaam: De Buurtkamer\n") == [
        f"{KAART}:1: sociale-kaart.yml moet een lijst van organisaties zijn; begin elke "
        "organisatie met '- id: ...' op een nieuwe regel"
    ]


def test_a_phone_number_is_refused_by_the_privacy_scan(tmp_path: Path) -> None:
    text = GOOD.replace("Een huiskamer in de wijk", "Een huiskamer in de wijk, bel 020-1234567, ")
    problems = _problems(tmp_path, text)
    assert len(problems) == 1
    assert problems[0].startswith(
        f"{KAART}:3: hier staat een telefoonnummer ('020-1234567'); persoonlijke gegevens"
    )


def test_an_e_mail_address_is_refused_by_the_privacy_scan(tmp_path: Path) -> None:
    text = GOOD.replace("gecontroleerd_door: De Buurtkamer", "gecontroleerd_door: jan@example.org")
    problems = _problems(tmp_path, text)
    assert len(problems) == 1
    assert problems[0].startswith(f"{KAART}:9: hier staat een e-mailadres ('jan@example.org')")


def test_a_near_miss_of_the_file_name(tmp_path: Path) -> None:
    project = copy_site("basis", tmp_path)
    (project / "docs/noord/sociale-kaart.yaml").write_text(GOOD, encoding="utf-8")
    assert check_problems(project) == [
        "docs/noord/sociale-kaart.yaml: dit bestand wordt niet gelezen en niet gepubliceerd; "
        "bedoel je sociale-kaart.yml? Zet de gegevens in docs/noord/sociale-kaart.yml "
        "(precies die naam, in kleine letters), of haal dit bestand weg"
    ]


def test_the_guide_shows_the_notice_the_real_site_gives() -> None:
    """The notice in docs/voor-auteurs/index.md is what `handreiking check` says of the
    repository's own Zuidoost file (its records date from the guide of January 2016)."""
    from conftest import ROOT

    guide = (ROOT / "docs" / "voor-auteurs" / "index.md").read_text(encoding="utf-8")
    documented = [line for line in guide.splitlines() if line.startswith("INFO - let op: docs/")]
    assert documented
    ran = run_cli("check", cwd=ROOT, env=_at("2026-04-01"))
    assert ran.returncode == 0, ran.stdout
    for line in documented:
        assert line in ran.stderr.splitlines()


def test_the_script_is_ours_and_calls_no_other_host(built) -> None:
    script = (built.site / "assets" / "handreiking" / "hulpmiddelen.js").read_text(encoding="utf-8")
    assert "http" not in script  # no address at all: nothing is fetched or sent
    assert "fetch(" not in script and "XMLHttpRequest" not in script
