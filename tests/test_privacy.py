"""Privacy (issue 9): phone numbers, e-mail and home addresses fail the build; quotes
name a role, not a person; a reviewed allowlist lets a public address through."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT, build, copy_site
from handreiking.privacy import find_private_details, privacy_problems


@pytest.mark.parametrize(
    "text",
    [
        "Bel 06-12345678.",
        "bel 06 1234 5678",
        "020-1234567",
        "(020) 123 45 67",
        "+31 6 12345678",
        "+31 (0)20 1234567",
        "0031 20 1234567",
        "0900-1234567",
        "mail jan.jansen@gmail.com",
        "Wonen op 1102 AB 12",
        "Kraaiennest 12, 1102 AB",
        "Bijlmerdreef 101A, 1102 BR Amsterdam",
    ],
)
def test_private_details_are_found(text: str) -> None:
    assert find_private_details(text)


@pytest.mark.parametrize(
    "text",
    [
        "In 2016 waren er 12 deelnemers.",
        "op 01-02-2016 12 mensen",
        "zie [@sennett2003, p. 12] en @lipsky1980",
        "ISBN 978-90-1234-567-8",
        "doi 10.1080/01234567890",
        "postcode 1102 AB",
        "1.000.000 euro",
        "tijd 10:00-12:00",
    ],
)
def test_ordinary_text_is_not_flagged(text: str) -> None:
    assert find_private_details(text) == []


def test_the_real_sources_are_clean() -> None:
    assert privacy_problems(ROOT / "docs", root=ROOT) == []


def test_a_chapter_over_a_megabyte_is_checked_too(tmp_path: Path) -> None:
    """Data files stop at 1 MB; pages have no limit, so the scan must read them whole."""
    chapter = tmp_path / "docs" / "zuid" / "lang.md"
    chapter.parent.mkdir(parents=True)
    filler = "Een zin over samenwerking in de wijk.\n" * 30_000  # about 1.1 MB
    chapter.write_text(f"# Lang\n\n{filler}\nBel 06-12345678 voor meer.\n", encoding="utf-8")
    assert chapter.stat().st_size > 1_000_000
    problems = privacy_problems(tmp_path / "docs", root=tmp_path)
    assert [(p.path, p.line) for p in problems] == [("docs/zuid/lang.md", 30_004)]
    assert "06-12345678" in problems[0].message


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_site("robuust", tmp_path)


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


ADVICE = (
    "persoonlijke gegevens van deelnemers horen niet in de handreiking: haal het weg. Is het "
    "van een openbare organisatie, zet de precieze tekst dan met een reden in "
    "privacy-uitzonderingen.yml"
)


def test_chapters_quotes_and_boxes_are_checked_in_the_build(project: Path) -> None:
    _append(project / "docs/noord/samen.md", "\nBel Fatima op 06-12345678.\n")
    _append(project / "docs/bouwstenen/respect.md", "\nMail naar a.jansen@example.nl.\n")
    quotes = project / "docs/noord/citaten.yml"
    quotes.write_text(
        quotes.read_text(encoding="utf-8").replace(
            "Wij luisteren naar elkaar.", "Ik woon op Kraaiennest 12, 1102 AB."
        ),
        encoding="utf-8",
    )
    result = build(project)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    for line in [
        f"docs/noord/samen.md:21: hier staat een telefoonnummer ('06-12345678'); {ADVICE}",
        f"docs/bouwstenen/respect.md:10: hier staat een e-mailadres ('a.jansen@example.nl'); "
        f"{ADVICE}",
        "docs/noord/citaten.yml:2: hier staat een adres (postcode met huisnummer) "
        f"('Kraaiennest 12, 1102 AB'); {ADVICE}",
    ]:
        assert line in result.stderr


def test_a_reviewed_exception_lets_a_public_address_through(project: Path) -> None:
    _append(project / "docs/noord/samen.md", "\nHet loket: Anton de Komplein 150, 1102 CW.\n")
    assert build(project).returncode == 1
    (project / "privacy-uitzonderingen.yml").write_text(
        '- tekst: "Anton de Komplein 150, 1102 CW"\n'
        '  reden: "bezoekadres van het stadsdeelkantoor, een openbare organisatie"\n',
        encoding="utf-8",
    )
    result = build(project)
    assert result.returncode == 0, result.stderr
    assert "Anton de Komplein 150, 1102 CW" in result.page("noord/samen/")


def test_an_exception_needs_a_reason_and_a_use(project: Path) -> None:
    (project / "privacy-uitzonderingen.yml").write_text(
        '- tekst: "Nergens 1, 1000 AA"\n  reden: "oud"\n- tekst: "Iets anders"\n',
        encoding="utf-8",
    )
    result = build(project)
    assert result.returncode == 1
    assert (
        "privacy-uitzonderingen.yml:3: deze uitzondering mist 'reden'; schrijf '- tekst: "
        '"..."\' met daaronder \'reden: "..."\'' in result.stderr
    )
    assert (
        "privacy-uitzonderingen.yml:1: de uitzondering 'Nergens 1, 1000 AA' staat nergens in "
        "docs/; haal haar weg of maak de tekst gelijk aan die in de bron" in result.stderr
    )


def test_a_quote_names_a_person_only_with_consent(project: Path) -> None:
    quotes = project / "docs/noord/citaten.yml"
    text = quotes.read_text(encoding="utf-8")
    quotes.write_text(text.replace("  bijeenkomst: 2\n", "  bijeenkomst: 2\n  naam: Fatima\n"))
    result = build(project)
    assert result.returncode == 1
    assert (
        "docs/noord/citaten.yml:6: citaat 'no-respect-01' noemt een naam; citaten noemen alleen "
        "de rol van de deelnemer. Haal 'naam' weg, of zet 'naam_toestemming: true' erbij als "
        "deze deelnemer schriftelijk toestemming gaf om met naam genoemd te worden"
    ) in result.stderr
    quotes.write_text(
        text.replace(
            "  bijeenkomst: 2\n", "  bijeenkomst: 2\n  naam: Fatima\n  naam_toestemming: true\n"
        )
    )
    result = build(project)
    assert result.returncode == 0, result.stderr


def test_the_quick_tests_on_bytes_rule_out_only_what_the_patterns_cannot_match() -> None:
    # find_private_details first tests the text's bytes with digits and non-ASCII made
    # b"0"; that must never skip a text the character patterns would match.
    import random

    from handreiking import privacy

    rng = random.Random(9)
    pieces = [*"0123456789 -AZaz(+", "٣", "૭", "é", "“", "\u2028", "06", "1102 AB", "\n"]
    for _ in range(20_000):
        text = "".join(rng.choices(pieces, k=rng.randint(0, 16)))
        zeros = text.encode("utf-8", "surrogatepass").translate(privacy._ZEROS)
        if privacy._MAYBE_PHONE.search(text):
            assert privacy._MAYBE_PHONE_ZEROS.search(zeros), text
        if privacy._MAYBE_POSTCODE.search(text):
            assert privacy._MAYBE_POSTCODE_ZEROS.search(zeros), text


def test_linked_files_and_folders_are_treated_as_before(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    (docs / "noord").mkdir(parents=True)
    (docs / "noord" / "a.md").write_text("Bel 06-12345678.\n", encoding="utf-8")
    (docs / "noord" / "c.yml").symlink_to(docs / "noord" / "a.md")
    (docs / ".verborgen").mkdir()
    (docs / ".verborgen" / "d.md").write_text("Bel 06-12345678.\n", encoding="utf-8")
    outside = tmp_path / "elders"
    outside.mkdir()
    (outside / "b.md").write_text("Bel 06-12345678.\n", encoding="utf-8")
    (docs / "noord" / "e.md").symlink_to(outside / "b.md")
    (docs / "gekoppeld").symlink_to(outside, target_is_directory=True)
    (docs / "zuid").symlink_to(docs / "noord", target_is_directory=True)
    texts: dict[Path, str] = {}
    problems = privacy_problems(docs, root=tmp_path, texts=texts)
    # a link inside docs/ is scanned; a link out of it, a hidden folder and the files
    # in a linked folder are not
    assert [(p.path, p.line) for p in problems] == [
        ("docs/noord/a.md", 1),
        ("docs/noord/c.yml", 1),
    ]
    assert list(texts) == [docs / "noord" / "a.md"]
