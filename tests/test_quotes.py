"""Loading and validating citaten.yml: every mistake with file and line, in Dutch."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from handreiking.content.quotes import (
    ROLE_LABELS,
    ROLES,
    Quote,
    QuoteCache,
    QuoteStore,
    all_overview_markdown,
    edition_overview_markdown,
    load_quote_file,
    load_quotes,
    theme_anchor,
)
from handreiking.text import edition_name, theme_slug

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "quotes"

GOOD = """\
- id: zo-vertrouwen-01
  tekst: "De basis waarop we werken met elkaar is vertrouwen."
  rol: beroepskracht
  thema: [vertrouwen, partnerschap]
  bijeenkomst: 1
  bron: "Handreiking Zuidoost 2016"
  toestemming: true
- id: zo-taal-01
  tekst: "We spreken nu dezelfde taal."
  rol: vrijwilliger
  thema: [taal]
  toestemming: true
"""


def write(tmp_path: Path, edition: str, text: str | bytes) -> Path:
    path = tmp_path / "docs" / edition / "citaten.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def problems_of(tmp_path: Path, text: str | bytes) -> list[str]:
    path = write(tmp_path, "zuidoost", text)
    _quotes, problems = load_quote_file(path, "zuidoost", root=tmp_path)
    return [str(p) for p in problems]


# ------------------------------------------------------------------ good data


def test_a_valid_file_loads_every_field(tmp_path: Path) -> None:
    path = write(tmp_path, "zuidoost", GOOD)
    quotes, problems = load_quote_file(path, "zuidoost", root=tmp_path)
    assert problems == []
    assert quotes[0] == Quote(
        id="zo-vertrouwen-01",
        tekst="De basis waarop we werken met elkaar is vertrouwen.",
        rol="beroepskracht",
        thema=("vertrouwen", "partnerschap"),
        bijeenkomst=1,
        bron="Handreiking Zuidoost 2016",
        toestemming=True,
        edition="zuidoost",
        path="docs/zuidoost/citaten.yml",
        line=1,
    )
    assert quotes[0].role_label == "Beroepskracht"
    assert quotes[1].bijeenkomst is None and quotes[1].bron is None
    assert quotes[1].line == 8


def test_every_role_has_a_label() -> None:
    assert set(ROLES) == set(ROLE_LABELS)
    assert ROLES == (
        "vrijwilliger",
        "beroepskracht",
        "mantelzorger",
        "ervaringsdeskundige",
        "bewoner",
        "manager",
        "deelnemer",
    )
    assert all(label[0].isupper() for label in ROLE_LABELS.values())


def test_a_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    assert problems_of(tmp_path, b"\xef\xbb\xbf" + GOOD.encode("utf-8")) == []


def test_windows_line_endings_are_accepted(tmp_path: Path) -> None:
    assert problems_of(tmp_path, GOOD.replace("\n", "\r\n").encode("utf-8")) == []


def test_an_empty_file_is_an_edition_without_quotes(tmp_path: Path) -> None:
    assert problems_of(tmp_path, "# nog geen citaten\n") == []


def test_load_quotes_reads_every_edition_in_order(tmp_path: Path) -> None:
    write(tmp_path, "zuidoost", GOOD)
    write(
        tmp_path,
        "zuid",
        "- id: zu-01\n  tekst: Ja.\n  rol: bewoner\n  thema: [taal]\n  toestemming: false\n",
    )
    store, problems = load_quotes(tmp_path / "docs", ["zuid", "zuidoost", "oost"], root=tmp_path)
    assert problems == []
    assert [q.id for q in store] == ["zu-01", "zo-vertrouwen-01", "zo-taal-01"]
    assert store.editions == ["zuid", "zuidoost", "oost"]
    # no consent: kept (to explain a placement) but never listed
    assert store.get("zu-01") is not None
    assert [q.id for q in store.published()] == ["zo-vertrouwen-01", "zo-taal-01"]
    assert store.published("zuid") == []
    assert store.themes() == ["partnerschap", "taal", "vertrouwen"]


def test_select_filters_by_theme_role_and_edition(tmp_path: Path) -> None:
    write(tmp_path, "zuidoost", GOOD)
    store, _ = load_quotes(tmp_path / "docs", ["zuidoost"])
    assert [q.id for q in store.select(thema=["Vertrouwen"])] == ["zo-vertrouwen-01"]
    assert [q.id for q in store.select(rol=["vrijwilliger"])] == ["zo-taal-01"]
    assert [q.id for q in store.select(thema=["taal", "partnerschap"])] == [
        "zo-vertrouwen-01",
        "zo-taal-01",
    ]
    assert store.select(edition="zuid") == []


def test_names_and_anchors() -> None:
    assert edition_name("nieuw-west") == "Nieuw-West"
    names = {"zuidoost": "Zuidoost (Gaasperdam)"}
    assert edition_name("zuidoost", names) == "Zuidoost (Gaasperdam)"
    assert theme_slug("Eigen kracht") == "eigen-kracht"
    assert theme_slug("Één taal") == "een-taal"
    assert theme_anchor("vertrouwen") == "thema-vertrouwen"
    assert theme_anchor("vertrouwen", "zuidoost") == "editie-zuidoost-thema-vertrouwen"


# --------------------------------------------------------------------- mistakes


def test_unknown_role_with_did_you_mean_from_a_fixture() -> None:
    path = FIXTURES / "x" / "citaten.yml"
    _quotes, problems = load_quote_file(path, "x", root=ROOT)
    assert [str(p) for p in problems] == [
        "tests/fixtures/quotes/x/citaten.yml:7: onbekende rol 'vrijwillger'; "
        "bedoel je 'vrijwilliger'?"
    ]


def test_unknown_role_without_a_close_match_lists_the_roles(tmp_path: Path) -> None:
    text = GOOD.replace("rol: vrijwilliger", "rol: burgemeester")
    assert problems_of(tmp_path, text) == [
        "docs/zuidoost/citaten.yml:10: onbekende rol 'burgemeester'; kies uit: vrijwilliger, "
        "beroepskracht, mantelzorger, ervaringsdeskundige, bewoner, manager, deelnemer"
    ]


def test_missing_required_fields_are_reported_at_the_record(tmp_path: Path) -> None:
    text = "- id: zo-01\n  rol: bewoner\n  thema: [taal]\n"
    assert problems_of(tmp_path, text) == [
        "docs/zuidoost/citaten.yml:1: citaat 'zo-01' mist het verplichte veld 'tekst'",
        "docs/zuidoost/citaten.yml:1: citaat 'zo-01' mist het verplichte veld 'toestemming'",
    ]


def test_a_record_without_id(tmp_path: Path) -> None:
    text = "- tekst: Ja.\n  rol: bewoner\n  thema: [taal]\n  toestemming: true\n"
    assert problems_of(tmp_path, text) == [
        "docs/zuidoost/citaten.yml:1: dit citaat mist het verplichte veld 'id'"
    ]


def test_unknown_key_with_did_you_mean(tmp_path: Path) -> None:
    text = GOOD.replace("  bron:", "  bronn:")
    assert problems_of(tmp_path, text) == [
        "docs/zuidoost/citaten.yml:6: onbekend veld 'bronn'; bedoel je 'bron'?"
    ]


def test_every_field_is_type_checked(tmp_path: Path) -> None:
    text = """\
- id: Zo_01
  tekst: ""
  rol: bewoner
  thema: vertrouwen
  bijeenkomst: 0
  bron: 2016
  toestemming: ja
"""
    assert problems_of(tmp_path, text) == [
        "docs/zuidoost/citaten.yml:1: ongeldige citaat-id 'Zo_01': gebruik kleine letters, "
        "cijfers en losse streepjes, bijvoorbeeld 'zo-vertrouwen-01'",
        "docs/zuidoost/citaten.yml:2: 'tekst' is leeg; vul de uitspraak in",
        "docs/zuidoost/citaten.yml:4: 'thema' moet een lijst van thema's zijn, "
        "bijvoorbeeld 'thema: [vertrouwen, partnerschap]'",
        "docs/zuidoost/citaten.yml:7: 'toestemming' moet true of false zijn, niet 'ja'",
        "docs/zuidoost/citaten.yml:5: 'bijeenkomst' moet een positief geheel getal zijn, "
        "zoals 1, niet '0'",
        "docs/zuidoost/citaten.yml:6: 'bron' moet tekst zijn, bijvoorbeeld "
        "'Handreiking Zuidoost 2016'",
    ]


def test_empty_theme_list_and_non_string_theme(tmp_path: Path) -> None:
    text = GOOD.replace("thema: [taal]", "thema: []").replace(
        "thema: [vertrouwen, partnerschap]", "thema: [vertrouwen, 3]"
    )
    assert problems_of(tmp_path, text) == [
        "docs/zuidoost/citaten.yml:4: 'thema' moet een lijst van thema's zijn, "
        "bijvoorbeeld 'thema: [vertrouwen, partnerschap]'",
        "docs/zuidoost/citaten.yml:11: 'thema' is leeg; geef minstens één thema",
    ]


def test_a_key_given_twice(tmp_path: Path) -> None:
    text = GOOD.replace("  rol: beroepskracht\n", "  rol: beroepskracht\n  rol: bewoner\n")
    assert problems_of(tmp_path, text) == [
        "docs/zuidoost/citaten.yml:4: veld 'rol' staat twee keer in dit citaat; "
        "het eerste staat op regel 3"
    ]


def test_reserved_anchor_prefixes_are_refused(tmp_path: Path) -> None:
    text = GOOD.replace("id: zo-taal-01", "id: thema-taal")
    assert problems_of(tmp_path, text) == [
        "docs/zuidoost/citaten.yml:8: citaat-id 'thema-taal' mag niet beginnen met 'thema-' "
        "of 'editie-' (die namen gebruikt het citatenoverzicht); begin met de afkorting van "
        "de editie, bijvoorbeeld 'zo-vertrouwen-01'"
    ]


def test_a_record_that_is_not_a_mapping(tmp_path: Path) -> None:
    assert problems_of(tmp_path, "- zomaar een zin\n") == [
        "docs/zuidoost/citaten.yml:1: dit citaat heeft geen velden; schrijf '- id: ...' met "
        "daaronder 'tekst:', 'rol:', 'thema:' en 'toestemming:'"
    ]


def test_a_file_that_is_not_a_list(tmp_path: Path) -> None:
    assert problems_of(tmp_path, "id: zo-01\ntekst: Ja.\n") == [
        "docs/zuidoost/citaten.yml:1: citaten.yml moet een lijst van citaten zijn; "
        "begin elk citaat met '- id: ...' op een nieuwe regel"
    ]


def test_all_problems_are_collected_and_valid_quotes_kept(tmp_path: Path) -> None:
    text = (
        GOOD
        + "- id: zo-03\n  tekst: Nee.\n  rol: wethouder\n  thema: [taal]\n"
        + ("  toestemming: true\n- id: zo-04\n  tekst: Ja.\n  rol: bewoner\n  thema: [taal]\n")
    )
    path = write(tmp_path, "zuidoost", text)
    store, problems = load_quotes(tmp_path / "docs", ["zuidoost"], root=tmp_path)
    assert [str(p) for p in problems] == [
        "docs/zuidoost/citaten.yml:15: onbekende rol 'wethouder'; kies uit: vrijwilliger, "
        "beroepskracht, mantelzorger, ervaringsdeskundige, bewoner, manager, deelnemer",
        "docs/zuidoost/citaten.yml:18: citaat 'zo-04' mist het verplichte veld 'toestemming'",
    ]
    assert [q.id for q in store] == ["zo-vertrouwen-01", "zo-taal-01"]
    # the broken ones are remembered, so placing them does not report them again
    assert store.broken == {
        "zo-03": "docs/zuidoost/citaten.yml:13",
        "zo-04": "docs/zuidoost/citaten.yml:18",
    }
    assert path.exists()


def test_duplicate_id_in_one_file_names_both_places(tmp_path: Path) -> None:
    text = GOOD + GOOD.split("- id: zo-taal-01")[0]
    assert problems_of(tmp_path, text) == [
        "docs/zuidoost/citaten.yml:13: citaat-id 'zo-vertrouwen-01' komt twee keer voor: "
        "ook in docs/zuidoost/citaten.yml:1; geef elk citaat een eigen id"
    ]


def test_duplicate_id_across_editions_names_both_places(tmp_path: Path) -> None:
    write(tmp_path, "zuidoost", GOOD)
    write(
        tmp_path,
        "oost",
        "- id: oo-01\n  tekst: Ja.\n  rol: bewoner\n  thema: [taal]\n  toestemming: true\n"
        "- id: zo-taal-01\n  tekst: Nee.\n  rol: bewoner\n  thema: [taal]\n  toestemming: true\n",
    )
    store, problems = load_quotes(tmp_path / "docs", ["zuidoost", "oost"], root=tmp_path)
    assert [str(p) for p in problems] == [
        "docs/oost/citaten.yml:6: citaat-id 'zo-taal-01' komt twee keer voor: "
        "ook in docs/zuidoost/citaten.yml:8; geef elk citaat een eigen id"
    ]
    first = store.get("zo-taal-01")
    assert first is not None and first.edition == "zuidoost"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "- id: zo-01\n  thema: [taal\n  rol: bewoner\n",
            "docs/zuidoost/citaten.yml:3: de YAML kan niet worden gelezen: expected ',' or ']', "
            "but got ':' (while parsing a flow sequence)",
        ),
        (
            "- id: zo-01\n\trol: bewoner\n",
            "docs/zuidoost/citaten.yml:2: de YAML kan niet worden gelezen: found character "
            "'\\t' that cannot start any token (while scanning for the next token); "
            "gebruik spaties om in te springen, geen tabs",
        ),
        (
            '- id: zo-01\n  tekst: "Hij zei "ja"."\n',
            "docs/zuidoost/citaten.yml:2: de YAML kan niet worden gelezen: expected <block end>, "
            "but found '<scalar>' (while parsing a block mapping); "
            "controleer de aanhalingstekens en het inspringen",
        ),
    ],
)
def test_malformed_yaml_gives_yamls_own_line(tmp_path: Path, text: str, expected: str) -> None:
    assert problems_of(tmp_path, text) == [expected]


def test_a_file_that_is_not_utf8(tmp_path: Path) -> None:
    text = GOOD.replace("vertrouwen.", "vertrouw\u00e9n.").encode("latin-1")
    assert problems_of(tmp_path, text) == [
        "docs/zuidoost/citaten.yml:2: het bestand is niet als UTF-8 opgeslagen "
        "(teken 0xe9 is onleesbaar); sla het op als UTF-8"
    ]


# --------------------------------------------------------------------- overviews


def test_edition_overview_markdown(tmp_path: Path) -> None:
    write(tmp_path, "zuidoost", GOOD)
    store, _ = load_quotes(tmp_path / "docs", ["zuidoost", "zuid"])
    assert edition_overview_markdown(store, "zuidoost", {"zuidoost": "Zuidoost"}) == (
        "# Stemmen uit het Samenspel: editie Zuidoost\n\n"
        "Uitspraken van deelnemers aan het ontwikkeltraject in de editie Zuidoost, "
        "geordend op thema (2 citaten).\n\n"
        "/// citatenoverzicht\neditie: zuidoost\n///\n"
    )
    assert "(" not in edition_overview_markdown(store, "zuid").split("\n")[2]


def test_all_overview_markdown(tmp_path: Path) -> None:
    write(tmp_path, "zuidoost", GOOD)
    store, _ = load_quotes(tmp_path / "docs", ["zuidoost", "zuid"])
    assert all_overview_markdown(store).endswith("/// citatenoverzicht\neditie: alle\n///\n")
    assert "(2 citaten uit 1 editie)" in all_overview_markdown(store)
    assert all_overview_markdown(store, ["zuid", "zuidoost"]).endswith(
        "editie: [zuid, zuidoost]\n///\n"
    )


def test_an_empty_store_is_usable() -> None:
    store = QuoteStore()
    assert len(store) == 0 and store.get("x") is None and store.themes() == []


# -------------------------------------------------------------------------- cache


BROKEN = GOOD + "- id: zo-kapot-01\n  tekst: 'Zonder rol.'\n  thema: [taal]\n  toestemming: ja\n"


def _cache(root: Path) -> QuoteCache:
    """The cache a build of the project at ``root`` keeps (as the plugin's default)."""
    return QuoteCache(root / ".cache" / "handreiking")


def test_the_cache_gives_what_parsing_gives(tmp_path: Path) -> None:
    write(tmp_path, "zuidoost", BROKEN)
    write(tmp_path, "zuid", GOOD.replace("zo-", "z-"))
    editions = ["zuidoost", "zuid"]
    plain = load_quotes(tmp_path / "docs", editions, root=tmp_path)
    assert plain[1], "the fixture has problems"
    first = load_quotes(tmp_path / "docs", editions, root=tmp_path, cache=_cache(tmp_path))
    cached = list((tmp_path / ".cache" / "handreiking").glob("quotes-*.json"))
    assert len(cached) == 1
    cache = _cache(tmp_path)  # a new process: from the disk
    second = load_quotes(tmp_path / "docs", editions, root=tmp_path, cache=cache)
    third = load_quotes(tmp_path / "docs", editions, root=tmp_path, cache=cache)  # memory
    for store, problems in (first, second, third):
        assert problems == plain[1]
        assert store.quotes == plain[0].quotes
        assert store.broken == plain[0].broken


def test_without_a_folder_the_cache_keeps_nothing_on_disk(tmp_path: Path) -> None:
    write(tmp_path, "zuidoost", BROKEN)
    plain = load_quotes(tmp_path / "docs", ["zuidoost"], root=tmp_path)
    cache = QuoteCache(None)
    for _ in range(2):
        store, problems = load_quotes(tmp_path / "docs", ["zuidoost"], root=tmp_path, cache=cache)
        assert problems == plain[1] and store.quotes == plain[0].quotes
    assert cache.memory
    assert sorted(p.name for p in tmp_path.iterdir()) == ["docs"]


def test_an_edit_a_damaged_cache_and_a_read_only_one_change_nothing(tmp_path: Path) -> None:
    path = write(tmp_path, "zuidoost", GOOD)
    cache = _cache(tmp_path)
    load_quotes(tmp_path / "docs", ["zuidoost"], root=tmp_path, cache=cache)
    path.write_text(BROKEN, encoding="utf-8")
    expected = load_quotes(tmp_path / "docs", ["zuidoost"], root=tmp_path)
    edited = load_quotes(tmp_path / "docs", ["zuidoost"], root=tmp_path, cache=cache)
    assert edited[1] == expected[1] and edited[0].quotes == expected[0].quotes
    for file in (tmp_path / ".cache" / "handreiking").iterdir():
        file.write_bytes(b"kapot")
    damaged = load_quotes(tmp_path / "docs", ["zuidoost"], root=tmp_path, cache=_cache(tmp_path))
    assert damaged[1] == expected[1] and damaged[0].quotes == expected[0].quotes
    # a checkout where .cache cannot be made: loads as without a cache
    readonly = tmp_path / "alleen-lezen"
    shutil.copytree(tmp_path / "docs", readonly / "docs")
    (readonly / ".cache").write_text("geen map", encoding="utf-8")
    found = load_quotes(readonly / "docs", ["zuidoost"], root=readonly, cache=_cache(readonly))
    assert [str(p) for p in found[1]] == [str(p) for p in expected[1]]


def test_the_preview_writes_the_cache_when_it_ends(tmp_path: Path) -> None:
    path = write(tmp_path, "zuidoost", GOOD)
    cache_dir = tmp_path / ".cache" / "handreiking"
    cache = _cache(tmp_path)
    cache.later = True  # as the preview's loads set it
    load_quotes(tmp_path / "docs", ["zuidoost"], root=tmp_path, cache=cache)
    assert not list(cache_dir.glob("quotes-*.json"))
    path.write_text(BROKEN, encoding="utf-8")
    expected = load_quotes(tmp_path / "docs", ["zuidoost"], root=tmp_path)
    edited = load_quotes(tmp_path / "docs", ["zuidoost"], root=tmp_path, cache=cache)
    assert edited[1] == expected[1] and edited[0].quotes == expected[0].quotes
    assert not list(cache_dir.glob("quotes-*.json"))
    cache.write_pending()  # the preview ends
    (cached,) = cache_dir.glob("quotes-*.json")
    assert "zo-kapot-01" in cached.read_text(encoding="utf-8")  # the last load, edited
    # the next build reads the file as the preview last loaded it
    again = load_quotes(tmp_path / "docs", ["zuidoost"], root=tmp_path, cache=_cache(tmp_path))
    assert again[1] == expected[1] and again[0].quotes == expected[0].quotes
    cache.write_pending()  # nothing left: the file stays as it is
    assert list(cache_dir.glob("quotes-*.json")) == [cached]


def test_the_cache_keeps_only_what_the_last_load_read(tmp_path: Path) -> None:
    import json

    write(tmp_path, "zuidoost", GOOD)
    gone = write(tmp_path, "zuid", GOOD.replace("zo-", "z-"))
    cache_dir = tmp_path / ".cache" / "handreiking"
    cache_dir.mkdir(parents=True)
    (cache_dir / f"quotes-{'0' * 32}.json").write_bytes(b"oud")
    (cache_dir / f"quotes-{'1' * 32}.json.1234.tmp").write_bytes(b"half")
    (cache_dir / "notities.txt").write_bytes(b"niet van ons")
    cache = _cache(tmp_path)
    load_quotes(tmp_path / "docs", ["zuidoost", "zuid"], root=tmp_path, cache=cache)
    (cached,) = cache_dir.glob("quotes-*")  # the other version's file and the .tmp: gone
    assert (cache_dir / "notities.txt").exists()  # a file that is not the cache's: kept
    gone.unlink()  # a quote file removed: its quotes must not stay behind in .cache
    load_quotes(tmp_path / "docs", ["zuidoost", "zuid"], root=tmp_path, cache=cache)
    stored = json.loads(cached.read_text(encoding="utf-8"))["data"]
    assert sorted(json.loads(key)[1] for key in stored) == ["zuidoost"]


# -------------------------------------------- a motto or saying from elsewhere (herkomst)

SAYING = """\
- id: zo-motto-01
  tekst: "We are each of us angels with only one wing"
  herkomst: onbekend
  thema: [partnerschap]
  toestemming: true
"""


def test_a_saying_has_an_origin_instead_of_a_role_and_is_no_participants_quote(
    tmp_path: Path,
) -> None:
    write(tmp_path, "zuidoost", GOOD + "\n" + SAYING)
    store, problems = load_quotes(tmp_path / "docs", ["zuidoost"], root=tmp_path)
    assert problems == []
    saying = store.get("zo-motto-01")
    assert saying is not None and not saying.is_participant
    assert saying.role_label == "Herkomst onbekend"
    assert "zo-motto-01" not in [q.id for q in store.published("zuidoost")]
    assert "zo-motto-01" not in [q.id for q in store.select(thema=["partnerschap"])]
    assert "zo-motto-01" in store.published_ids()  # still suggested for a typo
    named = SAYING.replace("onbekend", "Een oud spreekwoord")
    write(tmp_path, "zuidoost", named)
    store, _ = load_quotes(tmp_path / "docs", ["zuidoost"], root=tmp_path)
    assert store.quotes[0].role_label == "Een oud spreekwoord"


def test_a_saying_comes_back_from_the_cache_as_it_was(tmp_path: Path) -> None:
    write(tmp_path, "zuidoost", GOOD + "\n" + SAYING)
    plain = load_quotes(tmp_path / "docs", ["zuidoost"], root=tmp_path)
    load_quotes(tmp_path / "docs", ["zuidoost"], root=tmp_path, cache=_cache(tmp_path))
    again = load_quotes(tmp_path / "docs", ["zuidoost"], root=tmp_path, cache=_cache(tmp_path))
    assert again[0].quotes == plain[0].quotes
    assert again[0].get("zo-motto-01").herkomst == "onbekend"  # type: ignore[union-attr]


def test_a_quote_with_a_role_and_an_origin_is_refused(tmp_path: Path) -> None:
    text = SAYING.replace("  herkomst: onbekend\n", "  rol: deelnemer\n  herkomst: onbekend\n")
    assert problems_of(tmp_path, text) == [
        "docs/zuidoost/citaten.yml:4: citaat 'zo-motto-01' heeft zowel 'rol' als 'herkomst': "
        "een uitspraak van een deelnemer heeft een rol, een motto of gezegde van elders een "
        "herkomst; haal er één weg"
    ]
    assert problems_of(tmp_path, SAYING.replace("  herkomst: onbekend\n", "")) == [
        "docs/zuidoost/citaten.yml:1: citaat 'zo-motto-01' mist het verplichte veld 'rol'"
    ]
