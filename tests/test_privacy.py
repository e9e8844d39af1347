"""Privacy: phone numbers, e-mail and home addresses fail the build; quotes
name a role, not a person; a reviewed allowlist lets a public address through."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import ROOT, build, copy_site
from handreiking.content.privacy import (
    AllowedText,
    Allowlist,
    find_private_details,
    load_allowlist,
    normalise,
    privacy_problems,
)


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
    assert (
        privacy_problems(
            ROOT / "docs",
            root=ROOT,
            bibliography=ROOT / "bibliography.bib",
            config_file=ROOT / "mkdocs.yml",
        )
        == []
    )


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
        '  reden: "bezoekadres van het stadsdeelkantoor, een openbare organisatie"\n'
        "  bestand: docs/noord/samen.md\n",
        encoding="utf-8",
    )
    result = build(project)
    assert result.returncode == 0, result.stderr
    assert "Anton de Komplein 150, 1102 CW" in result.page("noord/samen/")


def test_an_exception_needs_a_reason_and_a_use(project: Path) -> None:
    (project / "privacy-uitzonderingen.yml").write_text(
        '- tekst: "Nergens 1, 1000 AA"\n  reden: "oud"\n  bestand: docs/noord/samen.md\n'
        '- tekst: "Iets anders"\n  bestand: docs/noord/samen.md\n',
        encoding="utf-8",
    )
    result = build(project)
    assert result.returncode == 1
    assert (
        "privacy-uitzonderingen.yml:4: deze uitzondering mist 'reden'; schrijf '- tekst: "
        "\"...\"' met daaronder 'reden: \"...\"' en 'bestand: ...'" in result.stderr
    )
    assert (
        "privacy-uitzonderingen.yml:1: de uitzondering 'Nergens 1, 1000 AA' staat nergens in "
        "docs/noord/samen.md; haal haar weg of maak de tekst gelijk aan die in de bron"
        in result.stderr
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

    from handreiking.content import privacy

    rng = random.Random(9)
    pieces = [*"0123456789 -./\tAZazb(+", "٣", "૭", "é", "“", "\u2028", "06", "1102 AB", "\n",
              "en", "to", "SA", "Ab", "ab", "x", "\U0001d7ce"]  # fmt: skip
    postcodes = 0
    for _ in range(40_000):
        text = "".join(rng.choices(pieces, k=rng.randint(0, 16)))
        zeros = text.encode("utf-8", "surrogatepass").translate(privacy._ZEROS)
        if privacy._MAYBE_PHONE.search(text):
            assert privacy._MAYBE_PHONE_ZEROS.search(zeros), text
        if privacy._MAYBE_POSTCODE.search(text):
            postcodes += 1
            assert privacy._MAYBE_POSTCODE_ZEROS.search(zeros), text
    assert postcodes > 1000


def test_markers_are_removed_as_the_patterns_remove_them() -> None:
    # A page without tags, escapes, "~~", "==", "^^" or invisible characters has its
    # emphasis markers removed by str.replace, a bibliography its braces, not by the
    # pattern: always the same text.
    import random

    from handreiking.content import privacy

    rng = random.Random(23)
    pieces = [*"*_`~=^<>\\/ab0-{} \n", "**", "~~", "==", "^^", "<b>", "</i>", "\u200b", "\u00ad",
              "é", "\\{", "\\\\", "\u2003"]  # fmt: skip
    fast = 0
    for _ in range(20_000):
        text = "".join(rng.choices(pieces, k=rng.randint(0, 12)))
        fast += not any(needle in text for needle in privacy._NOT_ONLY_EMPHASIS)
        assert privacy._without_markers(text) == privacy._MARKERS.sub("", text), text
        # and a bibliography's braces, escapes and invisible characters
        assert privacy._without_bib_marks(text) == privacy._BIB_MARKS.sub("", text), text
    assert fast > 1000


def test_white_space_is_collapsed_as_the_pattern_collapses_it() -> None:
    import random
    import re

    from handreiking.content import privacy

    spaces = [chr(n) for n in range(0x110000) if re.fullmatch(r"\s", chr(n))]
    assert spaces == [chr(n) for n in range(0x110000) if chr(n).isspace()]
    rng = random.Random(5)
    pieces = [*spaces, "a", "06", "\u200b", "-", "x y"]
    for _ in range(20_000):
        text = "".join(rng.choices(pieces, k=rng.randint(0, 8)))
        expected = re.sub(r"\s+", " ", privacy._apply(text, privacy._PLAIN))
        assert privacy._collapsed(text) == expected, repr(text)


def test_yaml_is_composed_as_the_safe_loader_composes_it() -> None:
    # The scan composes without telling the type of each value: the same nodes, values,
    # styles and places.
    from handreiking.content import privacy

    yaml = privacy.yaml
    text = (
        "a: 12\nb: yes\nc: 2016-01-02\nd: &x\n  - 'Bel ''06''-1234'\n  - \"0\\x36\"\n"
        "e: *x\nf: !!str 3\ng: >\n  Voorbeeldstraat 12,\n  1234 AB\nh: |\n  regel\n"
        "<<: {i: null}\n~: 1.5\n"
    )

    def nodes(loader: type) -> list[tuple[object, ...]]:
        found: list[tuple[object, ...]] = []
        stack = [yaml.compose(text, Loader=loader)]
        while stack:
            node = stack.pop()
            found.append(
                (type(node), node.start_mark.index, node.end_mark.index, node.flow_style
                 if not isinstance(node, yaml.ScalarNode) else node.style)
            )  # fmt: skip
            if isinstance(node, yaml.ScalarNode):
                found.append((node.value,))
            elif isinstance(node, yaml.SequenceNode):
                stack.extend(node.value)
            else:
                for key, value in node.value:
                    stack.extend((key, value))
        return found

    assert nodes(privacy._Composer) == nodes(getattr(yaml, "CSafeLoader", yaml.SafeLoader))


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


def test_only_the_listed_characters_lengthen_a_text_in_lower_case() -> None:
    from handreiking.content import privacy

    longer = [chr(n) for n in range(0x110000) if len(chr(n).lower()) != 1]
    assert "".join(longer) == privacy.LONGER_IN_LOWER_CASE
    for text in ["", "Straat 12, Amsterdam", "ΟΔΟΣ Σ", "İstanbul", "x\u0130", "ß ẞ ǅ ﬃ"]:
        assert privacy.lowers_alike(text) == (len(text.lower()) == len(text)), text


def test_the_at_of_an_address_is_found_in_the_bytes_as_in_the_lowered_text() -> None:
    # _ats looks for " at", "(at", ..., "apenstaartje" in the UTF-8 bytes with only ASCII
    # capitals made small: no other character may lower to one of their characters.
    from handreiking.content import privacy

    wanted = set(" \t([{<atpensrj")
    assert not [
        chr(n) for n in range(0x80, 0x110000) if wanted & set(chr(n).lower()) and chr(n) != "\u0130"
    ]
    # The pattern, ignoring case, reads only the listed characters as one of the words'
    # letters: a text with one is searched with the pattern.
    letters = re.compile("(?i:[atpensrj])")
    read_as = [chr(n) for n in range(0x80, 0x110000) if letters.fullmatch(chr(n))]
    assert "".join(read_as) == privacy.READ_AS_AT_LETTERS
    # and each spelling is found where it stands, after characters of any width
    for before in ["", "é ", "€\U0001d7ce ", "\ud800 ", "İ "]:
        for at in [" at ", "\tAT\t", " (at) ", "[At]", " {aT} ", "<at>", "(apenSTAARTJE)",
                   "(apen\u017ftaartje)"]:  # fmt: skip
            text = f"{before}jan{at}voorbeeld.nl en {before}els{at}voorbeeld.nl"
            assert [found[2] for found in privacy._emails(text)] == [
                f"jan{at}voorbeeld.nl".strip(),
                f"els{at}voorbeeld.nl".strip(),
            ], text


def test_files_are_scanned_in_the_order_of_their_paths(tmp_path: Path) -> None:
    # folder by folder, as paths sort: "a/" before "a-b/" (not as text, where "-" < "/"),
    # "Z" before "a"; a hidden file in a folder is left out
    docs = tmp_path / "docs"
    for name in ["a-b/x.md", "a/x.md", "a/b/c/y.md", "Z.md", "a.md", "a/.z.md", "é.md"]:
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_text("Bel 06-12345678.\n", encoding="utf-8")
    problems = privacy_problems(docs, root=tmp_path)
    assert [p.path for p in problems] == [
        "docs/Z.md",
        "docs/a/b/c/y.md",
        "docs/a/x.md",
        "docs/a-b/x.md",
        "docs/a.md",
        "docs/é.md",
    ]


# -- every common spelling -----------------------------------------------------------
# One case per way of writing a detail: each must be found in plain visible text, as
# the output side gives it, without any normalisation of its own.


@pytest.mark.parametrize(
    ("text", "matched"),
    [
        ("Bel 06 - 12345678.", "06 - 12345678"),
        ("Bel 020 - 123 45 67.", "020 - 123 45 67"),
        ("Bel 06.12.34.56.78.", "06.12.34.56.78"),
        ("Bel 020.123.4567.", "020.123.4567"),
        ("Bel 020/1234567.", "020/1234567"),
        ("Bel 06\u201012345678.", "06-12345678"),  # hyphen
        ("Bel 06\u201112345678.", "06-12345678"),  # non-breaking hyphen
        ("Bel 06\u201212345678.", "06-12345678"),  # figure dash
        ("Bel 06\u201312345678.", "06-12345678"),  # en dash
        ("Bel 06\u201412345678.", "06-12345678"),  # em dash
        ("Bel 06\u201512345678.", "06-12345678"),  # horizontal bar
        ("Bel 06\u221212345678.", "06-12345678"),  # minus sign
        ("Bel 06 \u2013 1234 5678.", "06 - 1234 5678"),
        ("Bel 06\u00a012345678.", "06 12345678"),  # no-break space
        ("Bel 06\u202f1234\u202f5678.", "06 1234 5678"),  # narrow no-break space
        ("Bel 020\u2009123\u200945\u200967.", "020 123 45 67"),  # thin space
        ("Bel \uff10\uff16\uff11\uff12\uff13\uff14\uff15\uff16\uff17\uff18.", "0612345678"),
        ("Bel 06-1234\u00ad5678.", "06-12345678"),  # a soft hyphen nobody sees
        ("Bel 06-1234\n5678.", "06-1234 5678"),  # wrapped over two lines
        ("Mail els @ voorbeeld.nl.", "els @ voorbeeld.nl"),
        ("Mail els@ voorbeeld.nl.", "els@ voorbeeld.nl"),
        ("Mail els(at)voorbeeld.nl.", "els(at)voorbeeld.nl"),
        ("Mail els [at] voorbeeld [dot] nl.", "els [at] voorbeeld [dot] nl"),
        ("Mail els at voorbeeld.nl.", "els at voorbeeld.nl"),
        ("Mail els (at) voorbeeld (punt) nl.", "els (at) voorbeeld (punt) nl"),
        ("Mail els\uff20voorbeeld.nl.", "els@voorbeeld.nl"),  # fullwidth @
        ("Wonen op 1102 cw 12.", "1102 cw 12"),
        ("Kraaiennest 12, 1102 cw Amsterdam", "Kraaiennest 12, 1102 cw"),
        ("Voorbeeldstraat nr. 12, 1234 AB", "Voorbeeldstraat nr. 12, 1234 AB"),
        ("Voorbeeldstraat huisnummer 12, 1234 AB", "Voorbeeldstraat huisnummer 12, 1234 AB"),
        ("1234 AB, huisnummer 12", "1234 AB, huisnummer 12"),
        ("Voorbeeldstraat 12,  1234 AB", "Voorbeeldstraat 12, 1234 AB"),
        ("Voorbeeldstraat 12, 1234  AB", "Voorbeeldstraat 12, 1234 AB"),
        ("1234 AB  12", "1234 AB 12"),
        ("Voorbeeldstraat 12\n1234 AB Amsterdam", "Voorbeeldstraat 12 1234 AB"),
        ("Voorbeeldstraat\u00a012, 1234\u00a0AB", "Voorbeeldstraat 12, 1234 AB"),
    ],
)
def test_every_common_spelling_is_found(text: str, matched: str) -> None:
    assert [found[2] for found in find_private_details(text)] == [matched]


@pytest.mark.parametrize("line", ["Über Σοφία en ΟΔΟΣ.\n", "\u0130stanbul, ΟΔΟΣ.\n"])
def test_a_long_text_is_read_whole(line: str) -> None:
    # A large bibliography is lowered part by part (to keep the memory low): what
    # spans parts, or stands at their seams, is found as in a short text, also where
    # a letter's lower case is longer.
    filler = line * 5000
    text = filler + "Mail els (at) voorbeeld (punt) nl.\n" + filler + "els(at)voorbeeld.nl"
    assert [found[2] for found in find_private_details(text)] == [
        "els (at) voorbeeld (punt) nl",
        "els(at)voorbeeld.nl",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "In 2016 en 2017 waren er 12 deelnemers; in 2016 en 12 buurten.",
        "zie pp. 12-34 en p. 123-145",
        "ISBN 0-306-40615-2",
        "ISBN 90 1234 567 8",
        "ISBN 978-90-1234-567-8",
        "https://doi.org/10.1177/0042098017700792",
        "doi:10.1016/j.cities.2019.102456",
        "op 06-12-2016 10 mensen",
        "op 06.12.2016 om 10.00 uur",
        "in 06/2016",
        "tijd 10:00-12:00, of 09.30 - 11.30 uur",
        "0,5 of 0.1234567 procent",
        "1990 ca 12 keer, 2003 pp 12",
        "Looking at www.example.org, written at example.org/page",
        "a @ b en [@sennett2003; @lipsky1980]",
    ],
)
def test_years_pages_isbns_dois_dates_and_times_are_not_details(text: str) -> None:
    assert find_private_details(text) == []


def test_normalise_gives_the_text_a_reader_sees() -> None:
    assert normalise("06-**1234**5678") == "06-12345678"
    assert normalise("06-1234<!-- x\n-->5678") == "06-12345678"
    assert normalise("06&#45;12345678 &#48;6 els&commat;x.nl") == "06-12345678 06 els@x.nl"
    assert normalise("06\\-1234 <b>56</b>78") == "06-1234 5678"
    assert normalise("06\u201312\u00a034") == "06-12 34"


def _scan(tmp_path: Path, files: dict[str, str]) -> list[tuple[str, int | None, str]]:
    """(path, line, what was found) of every problem in a project made of ``files``."""
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    bib = tmp_path / "bibliography.bib"
    problems = privacy_problems(
        tmp_path / "docs", root=tmp_path, bibliography=bib if bib.exists() else None
    )
    return [(p.path, p.line, p.message.split("'")[1]) for p in problems]


CHAPTER_TOP = "---\nid: no-x\n---\n\n# X\n\n"


@pytest.mark.parametrize(
    ("body", "line", "matched"),
    [
        ("Bel 06-**1234**5678.", 7, "06-12345678"),
        ("Bel 06-1234*5678*.", 7, "06-12345678"),
        ("Bel 06-1234<!-- -->5678.", 7, "06-12345678"),
        ("Bel 06-1234<!--\nniets\n-->5678.", 7, "06-12345678"),
        ("Bel 06-<span>1234</span>5678.", 7, "06-12345678"),
        ("Bel 06&#45;12345678.", 7, "06-12345678"),
        ("Bel &#48;6-12345678.", 7, "06-12345678"),
        ("Bel 06&ndash;12345678.", 7, "06-12345678"),
        ("Bel 06&nbsp;12345678.", 7, "06 12345678"),
        ("Bel 06\\-12345678.", 7, "06-12345678"),
        ("Mail els&#64;voorbeeld.nl.", 7, "els@voorbeeld.nl"),
        ("Mail els&commat;voorbeeld.nl.", 7, "els@voorbeeld.nl"),
        ("Tekst.\n\n> Bel 06-\n>   12345678.", 9, "06- 12345678"),
        ("- Bel 06-1234\n      5678 voor meer.", 7, "06-1234 5678"),
        ("Voorbeeldstraat 12,<br>1234 AB", 7, "Voorbeeldstraat 12, 1234 AB"),
        # reported once, as written, though the reader's copy drops the "_"
        ("Mail els_smit@voorbeeld.nl.", 7, "els_smit@voorbeeld.nl"),
        # a page with only emphasis markers to remove has them removed one by one: with
        # fullwidth digits, entities or invisible characters beside them too
        ("Bel \uff10\uff16-**1234**`5678`.", 7, "06-12345678"),
        ("Bel 06&#45;_1234_5678.", 7, "06-12345678"),
        ("Bel 06-1234\u200b*5678*.", 7, "06-12345678"),
        ("Bel 06-1234~~5678~~.", 7, "06-12345678"),
        ("Bel 06-1234==5678==.", 7, "06-12345678"),
        ("Mail els@*voorbeeld*.nl.", 7, "els@voorbeeld.nl"),
    ],
)
def test_markup_that_hides_a_detail_in_markdown(
    tmp_path: Path, body: str, line: int, matched: str
) -> None:
    found = _scan(tmp_path, {"docs/noord/x.md": CHAPTER_TOP + body + "\n"})
    assert ("docs/noord/x.md", line, matched) in found
    assert len(found) == 1, found


@pytest.mark.parametrize(
    ("quote", "line", "matched"),
    [
        ("  tekst: >\n    Bel me op 06-\n    12345678 als het kan.\n", 3, "06- 12345678"),
        (
            "  tekst: >\n    Ik woon op Voorbeeldstraat 12,\n    1234 AB.\n",
            3,
            "Voorbeeldstraat 12, 1234 AB",
        ),
        ('  tekst: "Bel 06\\x2D12345678"\n', 2, "06-12345678"),
        ('  tekst: "Bel \\u0030\\u0036\\u002D12345678"\n', 2, "06-12345678"),
        ('  tekst: "Bel 06\\u201312345678"\n', 2, "06-12345678"),
        ('  tekst: "Mail els\\x40voorbeeld.nl"\n', 2, "els@voorbeeld.nl"),
        ('  tekst: "Een lange zin\\\n    over 06-1234\\\n    5678"\n', 3, "06-12345678"),
        ("  tekst: 'Bel ''06''-1234 of 06-1234\n    5678'\n", 2, "06-1234 5678"),
    ],
)
def test_yaml_escapes_and_folding_are_read_as_parsed(
    tmp_path: Path, quote: str, line: int, matched: str
) -> None:
    text = "- id: no-a-01\n" + quote + "  rol: bewoner\n  toestemming: true\n"
    found = _scan(tmp_path, {"docs/noord/citaten.yml": text})
    assert found == [("docs/noord/citaten.yml", line, matched)]


def test_front_matter_is_read_as_parsed(tmp_path: Path) -> None:
    text = '---\nid: no-x\ntitle: "Bel 06\\x2D12345678"\n---\n\n# X\n'
    assert _scan(tmp_path, {"docs/noord/x.md": text}) == [("docs/noord/x.md", 3, "06-12345678")]


def test_the_bibliography_is_scanned(tmp_path: Path) -> None:
    bib = (
        "@book{a2003,\n  author = {A, B},\n  title = {Bel 06--{1234}5678},\n"
        "  year = {2003},\n  pages = {12--34},\n  isbn = {0-306-40615-2},\n"
        "  doi = {10.1177/0042098017700792},\n}\n"
    )
    assert _scan(tmp_path, {"bibliography.bib": bib, "docs/index.md": "# X\n"}) == [
        ("bibliography.bib", 3, "06-12345678")
    ]


def test_mkdocs_yml_is_scanned(tmp_path: Path) -> None:
    config = (
        "site_name: Handreiking\n"
        "site_author: 'Els, els(at)voorbeeld.nl'\n"
        'copyright: "&copy; 2016"\n'
        "theme:\n  name: material\n"
        'nav:\n  - Start: index.md\n  - "Bel 06\\u201312345678": bellen.md\n'
        "extra:\n  adres: >\n    Voorbeeldstraat 12,\n    1234 AB\n"
        "markdown_extensions:\n"
        "  - pymdownx.emoji:\n      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
    )
    assert _scan(tmp_path, {"mkdocs.yml": config, "docs/index.md": "# X\n"}) == [
        ("mkdocs.yml", 2, "els(at)voorbeeld.nl"),
        ("mkdocs.yml", 8, "06-12345678"),
        ("mkdocs.yml", 11, "Voorbeeldstraat 12, 1234 AB"),
    ]


def test_every_text_file_in_docs_is_scanned_and_binary_files_are_not(tmp_path: Path) -> None:
    files = {
        "docs/noord/notities.txt": "Fatima\n06-12345678\n",
        "docs/noord/deelnemers.csv": "naam;telefoon\nFatima;020 - 123 45 67\n",
        "docs/noord/data.json": '{\n  "tel": "06\\u002D12345678"\n}\n',
        "docs/noord/kaart.svg": "<svg><text>Bel 06-<tspan>1234</tspan>5678</text></svg>\n",
        "docs/noord/los.html": "<p>Mail els&#64;voorbeeld.nl</p>\n",
        "docs/noord/citaten.yml~": '- id: no-a-01\n  tekst: "06\\x2D12345678"\n',
    }
    found = _scan(tmp_path, files)
    (tmp_path / "docs/noord/foto.png").write_bytes(b"\x89PNG\r\n\x1a\n06-12345678")
    (tmp_path / "docs/noord/ruis.dat").write_bytes(b"\x00\x01 06-12345678")
    assert sorted(found) == [
        ("docs/noord/citaten.yml~", 2, "06-12345678"),
        ("docs/noord/data.json", 2, "06-12345678"),
        ("docs/noord/deelnemers.csv", 2, "020 - 123 45 67"),
        ("docs/noord/kaart.svg", 1, "06-12345678"),
        ("docs/noord/los.html", 1, "els@voorbeeld.nl"),
        ("docs/noord/notities.txt", 2, "06-12345678"),
    ]
    assert sorted(_scan(tmp_path, {})) == sorted(found)


# -- exceptions per file ---------------------------------------------------------------


def _exceptions(tmp_path: Path, text: str) -> None:
    (tmp_path / "privacy-uitzonderingen.yml").write_text(text, encoding="utf-8")


def _messages(tmp_path: Path) -> list[str]:
    return [str(p) for p in privacy_problems(tmp_path / "docs", root=tmp_path)]


QUOTES = (
    '- id: no-a-01\n  tekst: "Bel 06-12345678."\n  rol: bewoner\n  toestemming: true\n'
    '- id: no-a-02\n  tekst: "Of 06-12345678."\n  rol: bewoner\n  toestemming: true\n'
)


def test_an_exception_for_one_file_does_not_allow_the_text_elsewhere(tmp_path: Path) -> None:
    """The guide's made-up number is allowed in the guide, never in a real quote."""
    _scan(
        tmp_path,
        {
            "docs/voor-auteurs.md": "# Gids\n\nBijvoorbeeld 06-12345678.\n",
            "docs/noord/citaten.yml": QUOTES,
        },
    )
    _exceptions(
        tmp_path,
        '- tekst: "06-12345678"\n  reden: "verzonnen voorbeeld"\n  bestand: docs/voor-auteurs.md\n',
    )
    messages = _messages(tmp_path)
    assert [m.split(": hier")[0] for m in messages] == [
        "docs/noord/citaten.yml:2",
        "docs/noord/citaten.yml:6",
    ]


def test_an_exception_can_be_narrowed_to_a_line_or_a_quote(tmp_path: Path) -> None:
    _scan(tmp_path, {"docs/noord/citaten.yml": QUOTES})
    _exceptions(
        tmp_path,
        '- tekst: "06-12345678"\n  reden: "openbaar"\n'
        "  bestand: docs/noord/citaten.yml\n  citaat: no-a-02\n",
    )
    assert [m.split(": hier")[0] for m in _messages(tmp_path)] == ["docs/noord/citaten.yml:2"]
    _exceptions(
        tmp_path,
        '- tekst: "06-12345678"\n  reden: "openbaar"\n'
        "  bestand: docs/noord/citaten.yml\n  regel: 2\n",
    )
    assert [m.split(": hier")[0] for m in _messages(tmp_path)] == ["docs/noord/citaten.yml:6"]


def test_a_misplaced_exception_is_reported_with_the_fix(tmp_path: Path) -> None:
    _scan(tmp_path, {"docs/noord/citaten.yml": QUOTES, "docs/index.md": "# X\n"})
    _exceptions(
        tmp_path,
        '- tekst: "06-12345678"\n  reden: "openbaar"\n'
        "  bestand: docs/noord/citaten.yml\n  regel: 3\n"
        '- tekst: "06-12345678"\n  reden: "openbaar"\n'
        "  bestand: docs/noord/citaten.yml\n  citaat: no-a-03\n"
        '- tekst: "06-12345678"\n  reden: "openbaar"\n'
        "  bestand: docs/index.md\n  citaat: no-a-01\n"
        '- tekst: "06-12345678"\n  reden: "openbaar"\n'
        "  bestand: docs/noord/citaten.yaml\n"
        '- tekst: "06-12345678"\n  reden: "openbaar"\n'
        "  bestand: README.md\n"
        '- tekst: "06-12345678"\n  reden: "openbaar"\n'
        "  bestand: docs/noord/citaten.yml\n  regel: twee\n",
    )
    (tmp_path / "README.md").write_text("# Lees mij\n", encoding="utf-8")
    messages = [m for m in _messages(tmp_path) if m.startswith("privacy")]
    assert messages == [
        "privacy-uitzonderingen.yml:22: 'regel' moet een regelnummer zijn: de regel van het "
        "bestand waarop de tekst staat, bijvoorbeeld 'regel: 12'",
        "privacy-uitzonderingen.yml:5: in docs/noord/citaten.yml staat geen citaat 'no-a-03'; "
        "bedoel je 'no-a-02'? Schrijf bij 'citaat' het id van het citaat waarin de tekst staat",
        "privacy-uitzonderingen.yml:9: in docs/index.md staat geen citaat 'no-a-01'; schrijf "
        "bij 'citaat' het id van het citaat waarin de tekst staat",
        "privacy-uitzonderingen.yml:13: het bestand 'docs/noord/citaten.yaml' bestaat niet; "
        "de tekst staat in docs/noord/citaten.yml: schrijf 'bestand: docs/noord/citaten.yml'",
        "privacy-uitzonderingen.yml:16: het bestand 'README.md' wordt niet op persoonlijke "
        "gegevens gecontroleerd (alleen docs/, mkdocs.yml en de literatuurlijst), dus een "
        "uitzondering is daar niet nodig: haal haar weg",
        "privacy-uitzonderingen.yml:1: de uitzondering '06-12345678' staat niet op regel 3 van "
        "docs/noord/citaten.yml maar op regel 2; schrijf 'regel: 2'",
    ]


def test_a_file_that_does_not_exist_is_suggested_by_name(tmp_path: Path) -> None:
    _scan(tmp_path, {"docs/noord/citaten.yml": QUOTES})
    _exceptions(
        tmp_path,
        '- tekst: "Nergens 1, 1000 AA"\n  reden: "openbaar"\n  bestand: docs/noord/citaten.yaml\n',
    )
    assert _messages(tmp_path)[0] == (
        "privacy-uitzonderingen.yml:1: het bestand 'docs/noord/citaten.yaml' bestaat niet; "
        "bedoel je 'docs/noord/citaten.yml'? Schrijf het pad zoals het in de melding over de "
        "tekst staat, vanaf de map met mkdocs.yml"
    )


def test_an_exception_without_a_file_says_which_file_to_name(tmp_path: Path) -> None:
    _scan(tmp_path, {"docs/noord/citaten.yml": QUOTES})
    _exceptions(tmp_path, '- tekst: "06-12345678"\n  reden: "openbaar"\n')
    messages = _messages(tmp_path)
    assert messages[0] == (
        "privacy-uitzonderingen.yml:1: deze uitzondering mist 'bestand'; schrijf erbij voor "
        "welk bestand ze geldt, bijvoorbeeld 'bestand: docs/noord/citaten.yml'"
    )
    assert len(messages) == 3  # and allows nothing


def test_the_real_exceptions_name_their_file() -> None:
    allowlist, problems = load_allowlist(ROOT)
    assert problems == []
    assert {entry.bestand for entry in allowlist.entries} == {"docs/voor-auteurs/foutmeldingen.md"}


def test_the_output_side_can_mask_what_a_file_allows() -> None:
    allowlist = Allowlist(
        [
            AllowedText("06-12345678", "voorbeeld", 1, "docs/voor-auteurs.md"),
            AllowedText("els&#64;voorbeeld.nl", "voorbeeld", 4, "docs/voor-auteurs.md"),
        ],
        "privacy-uitzonderingen.yml",
    )
    page = "Bel 06-12345678 of mail els@voorbeeld.nl.\nBel 06-12345678."
    assert find_private_details(allowlist.mask_for(page, ["docs/voor-auteurs.md"])) == []
    assert len(find_private_details(allowlist.mask_for(page, ["docs/noord/samen.md"]))) == 3
    assert allowlist.allows("06-12345678", "docs/voor-auteurs.md")
    assert allowlist.allows("els@voorbeeld.nl", ["docs/index.md", "docs/voor-auteurs.md"])
    assert not allowlist.allows("06-12345678", "docs/noord/citaten.yml")
    assert not allowlist.allows("06-87654321", "docs/voor-auteurs.md")


def _yaml_strings(text: str) -> list[str] | None:
    """Every string of the YAML ``text`` as the safe loader parses it; ``None`` when it
    is no YAML."""
    from handreiking.content import privacy

    try:
        root = privacy.yaml.compose(text, Loader=privacy.yaml.SafeLoader)
    except privacy.yaml.YAMLError:
        return None
    values: list[str] = []
    stack = [root] if root is not None else []
    while stack:
        node = stack.pop()
        if isinstance(node, privacy.yaml.ScalarNode):
            values.append(node.value)
        elif isinstance(node, privacy.yaml.SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, privacy.yaml.MappingNode):
            for key, value in node.value:
                stack.extend((key, value))
    return values


def _holds_a_detail_and_is_parsed(text: str) -> bool:
    """Whether a string of the YAML ``text``, as parsed, holds a detail; when one does,
    the scan's quick test must send the file to be parsed."""
    from handreiking.content import privacy

    values = _yaml_strings(text)
    if values is None or not any(find_private_details(value) for value in values):
        return False
    assert privacy._might_hold(text), text
    return True


def test_a_yaml_file_is_parsed_whenever_its_strings_could_hold_a_detail() -> None:
    """_might_hold decides without parsing; it must never skip a file whose strings,
    as parsed, hold a detail."""
    import random

    rng = random.Random(16)
    pieces = ["06", "-", "1234", "5678", " ", "\n", "\n  ", "'", "''", ">\n  ", "@", "x.nl",
              "els", "(at)", "1102", "AB", "cw", "12", ", ", "a: ", "- ", "to", "en", "x",
              "2016", "toestemming", "# ", "[", "]", "{", "}", "\"", "|\n  "]  # fmt: skip
    checked = 0
    for _ in range(20_000):
        text = "a: " + "".join(rng.choices(pieces, k=rng.randint(1, 14)))
        checked += _holds_a_detail_and_is_parsed(text)
    assert checked > 20


def test_a_yaml_file_is_parsed_whenever_its_strings_could_hold_an_address() -> None:
    """_might_hold looks for a postal code as the patterns do, with what follows its
    letters: in the text as typed, what follows them must be no letter wherever it is
    none in a string as parsed."""
    import random

    rng = random.Random(23)

    def one(*choices: str) -> str:
        return rng.choice(choices)

    checked = 0
    for _ in range(20_000):
        space = ("", " ", "  ", "\t", "\n  ", "\n\n  ", " \n   ")
        address = [one("Straat", "x", ""), one(*space), one("12", "nr. 3a", ""), one(",", ""),
                   one(*space), "1102", one(*space[:4], "\n  "), one("AB", "ab", "en", "to"),
                   one("", "x", "oestemming", "'", "''", " # c", ": b", ", b", "]", "}", "\"",
                   *space), one("12", "3a", "")]  # fmt: skip
        if rng.random() < 0.5:
            address.append(one("", "x", "'", "''", " # c", ": b", ", b", "]", "}", '"', *space))
        start = one("", "'", '"', "[", "{", "- ", ">\n  ", "|\n  ", "? ")
        text = "a: " + start + "".join(address)
        checked += _holds_a_detail_and_is_parsed(text)
    assert checked > 200


# -- the preview's scan of a large bibliography around an edit ------------------------


def _bib_entry(rng: object, index: int) -> str:
    import random

    assert isinstance(rng, random.Random)
    noise = ["06", "-", "--", "1234", "5678", " ", "\n", "{", "}", "~", "\\", "@", "x.nl", "els",
             "(at)", " at ", "1102", "AB", "cw", "12", ", ", "Straat", "nr. ", "0031", "+31",
             "\u200b", "-\n"]  # fmt: skip
    title = "".join(rng.choices(noise, k=rng.randint(0, 6)))
    return (
        f"@book{{w{index},\n  author = {{Auteur, A{index}}},\n  title = {{Titel {title}}},\n"
        f"  year = {{20{index % 90:02d}}},\n}}\n"
    )


def test_a_large_bibliography_scanned_around_each_edit_finds_what_a_whole_scan_finds(
    tmp_path: Path,
) -> None:
    """The preview scans a large bibliography again only between the blank lines around
    what a save changed (privacy._scanned_around_edit): after random edits anywhere
    (in an entry, across entries, making or removing blank lines, details at the edge
    of a part), what it says is what a scan of the whole file says."""
    import random

    from handreiking.content import privacy

    rng = random.Random(23)
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# X\n", encoding="utf-8")
    bib = tmp_path / "bibliography.bib"
    text = "\n".join(_bib_entry(rng, n) for n in range(900))
    assert len(text) > privacy._PARTS_FROM
    cache = privacy.PrivacyCache()
    cache.keep_texts = True
    edits = ["\n\n", "\n", "", "06-12345678", "1102 AB 12", "els@x.nl", "Straat 12,\n1102 AB",
             "\n\n@misc{n, title = {0612345678}}\n\n", "x", "}\n\n"]  # fmt: skip
    in_parts = 0
    for round_ in range(120):
        bib.write_text(text, encoding="utf-8")
        kept = cache.texts.get("bibliography.bib")
        source = privacy._Source(bib, "bibliography.bib", text, "bib")
        if kept is not None and kept[0] != text:
            in_parts += privacy._scanned_around_edit(source, [], cache) is not None
        quick = privacy_problems(tmp_path / "docs", root=tmp_path, bibliography=bib, cache=cache)
        whole = privacy_problems(tmp_path / "docs", root=tmp_path, bibliography=bib)
        assert [str(p) for p in quick] == [str(p) for p in whole], round_
        at = rng.randrange(len(text))
        if rng.random() < 0.3:  # next to a blank line
            blank = text.find("\n\n", at)
            at = blank + rng.randint(0, 3) if blank >= 0 else at
        cut = rng.choice([0, 0, 1, 2, 5, 40])
        # last, a letter whose lower case is longer: the whole file is scanned from then on
        edit = "İ" if round_ == 100 else rng.choice(edits)
        text = text[:at] + edit + text[at + cut :]
    assert in_parts > 60  # most edits took the quick way
