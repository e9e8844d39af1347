"""Reading co-authors' files: one reader, one YAML composer, one id pattern, clear messages."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import copy_site, run_cli
from handreiking.content.bouwstenen import load_bouwstenen
from handreiking.content.frontmatter import parse_front_matter
from handreiking.content.literature.bibliography import load_bibliography
from handreiking.content.sources import ID_PATTERN, read_source_text, shown_path
from handreiking.errors import HandreikingError
from handreiking.outputs.links.catalog import SCHEMA
from handreiking.outputs.links.redirects import load_moves


def test_shown_path_is_relative_to_the_project(tmp_path: Path) -> None:
    assert shown_path(tmp_path / "docs" / "x.md", tmp_path) == "docs/x.md"
    assert shown_path(Path("/elders/x.md"), tmp_path) == "/elders/x.md"
    assert shown_path(Path("docs/x.md"), None) == "docs/x.md"


def test_the_reader_normalises_line_endings_and_names_the_line_of_a_bad_byte(
    tmp_path: Path,
) -> None:
    good = tmp_path / "goed.yml"
    good.write_bytes(b"\xef\xbb\xbfa: 1\r\nb: 2\r\n")
    assert read_source_text(good, "goed.yml") == ("a: 1\nb: 2\n", None)
    bad = tmp_path / "fout.yml"
    bad.write_bytes(b"a: 1\nb: caf\xe9\n")
    text, problem = read_source_text(bad, "fout.yml")
    assert text is None
    assert str(problem) == (
        "fout.yml:2: het bestand is niet als UTF-8 opgeslagen (teken 0xe9 is onleesbaar); "
        "sla het op als UTF-8"
    )


def test_one_id_pattern_is_the_contract_lowercase() -> None:
    assert ID_PATTERN.match("zo-vertrouwen-01")
    for wrong in ("ZO-vertrouwen", "zo--x", "-zo", "zo-", "zo_x", ""):
        assert not ID_PATTERN.match(wrong), wrong
    assert SCHEMA["$defs"]["edition"]["properties"]["id"]["pattern"] == ID_PATTERN.pattern


def test_a_key_written_twice_in_front_matter_is_reported() -> None:
    with pytest.raises(HandreikingError) as caught:
        parse_front_matter("---\nid: no-a\ntitel: A\nid: no-b\n---\n# A\n", "docs/noord/a.md")
    assert str(caught.value) == (
        "docs/noord/a.md:4: veld 'id' staat twee keer in de front matter; "
        "het eerste staat op regel 2"
    )


def test_front_matter_keeps_values_lines_and_body() -> None:
    front = parse_front_matter("---\nid: no-a\nthema: [x, y]\n---\n\n# A\n", "a.md")
    assert front.data == {"id": "no-a", "thema": ["x", "y"]}
    assert (front.line("id"), front.line("thema"), front.line("titel")) == (2, 3, 1)
    assert (front.body, front.body_offset) == ("\n# A\n", 4)


def test_a_move_written_twice_in_one_record_is_reported(tmp_path: Path) -> None:
    (tmp_path / "verhuisd.yml").write_text(
        "- van: noord/oud.md\n  naar: no-samen\n  naar: no-geven\n", encoding="utf-8"
    )
    moves, problems = load_moves(tmp_path)
    assert [str(p) for p in problems] == [
        "verhuisd.yml:3: veld 'naar' staat twee keer in deze verhuizing; "
        "het eerste staat op regel 2"
    ]
    assert [(m.van, m.naar) for m in moves] == [("noord/oud.md", "no-samen")]


def test_an_unknown_tag_in_the_moves_is_a_message_not_a_traceback(tmp_path: Path) -> None:
    (tmp_path / "verhuisd.yml").write_text(
        "- van: !!python/name:os.system noord/oud.md\n  naar: no-samen\n", encoding="utf-8"
    )
    moves, problems = load_moves(tmp_path)
    assert moves == []
    assert [p.line for p in problems] == [1]
    assert "onbekende tag 'tag:yaml.org,2002:python/name:os.system'" in problems[0].message


def test_a_folder_as_bibliography_is_one_clear_message(tmp_path: Path) -> None:
    (tmp_path / "literatuur").mkdir()
    with pytest.raises(HandreikingError) as caught:
        load_bibliography(tmp_path / "literatuur", root=tmp_path)
    assert str(caught.value) == (
        "literatuur: dit is een map, geen literatuurbestand; zet bij 'bibliografie' in "
        "mkdocs.yml het pad van het .bib-bestand, bijvoorbeeld 'bibliografie: bibliography.bib'"
    )


def test_a_numbered_pybtex_style_is_refused_in_mkdocs_yml(tmp_path: Path) -> None:
    (tmp_path / "bron.bib").write_text("@book{a, author={A, B}, title={X}, year=2000}\n")
    with pytest.raises(HandreikingError) as caught:
        load_bibliography(tmp_path / "bron.bib", root=tmp_path, style="plain")
    message = str(caught.value)
    assert message.startswith("mkdocs.yml: literatuurstijl 'plain' (bibliografie_stijl) is een ")
    assert "Kies 'apa-nl', of een stijl die op ApaNlStyle voortbouwt" in message
    with pytest.raises(HandreikingError) as caught:
        load_bibliography(tmp_path / "bron.bib", root=tmp_path, style="chicago")
    assert str(caught.value).startswith("mkdocs.yml: onbekende literatuurstijl 'chicago'")
    assert load_bibliography(tmp_path / "bron.bib", root=tmp_path, style="apa-nl").keys == ["a"]


def test_box_messages_name_the_configured_bibliography(tmp_path: Path) -> None:
    boxes = tmp_path / "docs" / "bouwstenen"
    boxes.mkdir(parents=True)
    (boxes / "respect.md").write_text(
        "---\nid: respect\ntitel: Respect\nthema: []\nbronnen: [sennet2003]\n---\n# Respect\n",
        encoding="utf-8",
    )
    _library, problems = load_bouwstenen(
        tmp_path / "docs", root=tmp_path, bib_keys=["sennett2003"], bib_file="bronnen/alles.bib"
    )
    assert [str(p) for p in problems] == [
        "docs/bouwstenen/respect.md:5: bron 'sennet2003' staat niet in de bibliografie "
        "(bronnen/alles.bib); bedoel je 'sennett2003'?"
    ]


def test_check_reports_a_folder_as_bibliography_without_a_traceback(tmp_path: Path) -> None:
    project = copy_site("basis", tmp_path)
    (project / "literatuur").mkdir()
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "edities: [noord, west]", "edities: [noord, west]\n      bibliografie: literatuur"
        ),
        encoding="utf-8",
    )
    result = run_cli("check", cwd=project)
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "literatuur: dit is een map, geen literatuurbestand" in output
    assert "Traceback" not in output


def _split_front_matter_by_lines(text: str) -> tuple[str | None, int, str, int]:
    """split_front_matter as it was written first: the whole text split in lines."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return None, 0, text, 0
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            return "\n".join(lines[1:index]), 1, "\n".join(lines[index + 1 :]), index + 1
    return None, -1, text, 0


def test_front_matter_is_split_as_line_by_line() -> None:
    import random

    from handreiking.content.sources import split_front_matter

    rng = random.Random(5)
    pieces = ["---", "...", "\n", "a: b", " ", "\t", "\x0c", "\u2028", "\x85", "--", "---\n"]
    for _ in range(20_000):
        text = "".join(rng.choices(pieces, k=rng.randint(0, 10)))
        if rng.random() < 0.5:
            text = "---" + rng.choice(["", "\n", " \n", "\t\n"]) + text
        assert split_front_matter(text) == _split_front_matter_by_lines(text), repr(text)


def test_text_and_null_values_are_what_the_safe_loader_makes() -> None:
    import yaml
    from handreiking.content.sources import compose_yaml

    text = "a: tekst\nb: ~\nc: null\nd: 'x'\ne: !!str 12\nf: [x, ~, 3]\ng: true\nh:\n"
    doc, problem = compose_yaml(text, "x.yml")
    assert problem is None and doc is not None and isinstance(doc.root, yaml.MappingNode)
    values = {doc.value(key): doc.value(value) for key, value in doc.root.value}
    assert values == yaml.safe_load(text)
