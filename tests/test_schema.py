"""The one validator: a field table and ``validate``, from YAML text to values and messages."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest
import yaml
from handreiking.content.bouwstenen import BOUWSTEEN
from handreiking.content.editions import EDITION
from handreiking.content.frontmatter import CHAPTER, PAGE_ID, parse_front_matter
from handreiking.content.quotes import QUOTE
from handreiking.content.schema import (
    MISSING,
    Field,
    Invalid,
    Record,
    Table,
    any_text,
    boolean,
    filled_text,
    hint_then,
    not_empty,
    positive_integer,
    texts,
    validate,
)
from handreiking.content.sources import compose_yaml
from handreiking.errors import choices


def read(text: str, path: str = "docs/x.yml", what: str = "dit item") -> Record:
    """The first mapping of ``text`` (a YAML list of mappings, or one mapping)."""
    doc, problem = compose_yaml(text, path)
    assert doc is not None and problem is None
    node = doc.root
    if isinstance(node, yaml.SequenceNode):
        node = node.value[0]
    assert isinstance(node, yaml.MappingNode)
    return Record.read(doc, node, path, what)


def messages(checked: Any) -> list[str]:
    return [str(p) for p in checked.problems]


def _not_dash(value: str, _context: Mapping[str, Any]) -> str:
    if value.startswith("-"):
        raise Invalid(f"'{value}' mag niet met een streepje beginnen")
    return value


#: A small table in the style of the real ones.
ITEM = Table(
    fields=(
        Field("naam", any_text, required=True, wrong="'naam' moet tekst zijn", parse=_not_dash),
        Field(
            "thema",
            texts,
            required=True,
            wrong="'thema' moet een lijst zijn, bijvoorbeeld 'thema: [a, b]'",
            parse=not_empty("'thema' is leeg"),
        ),
        Field("open", boolean, wrong="'open' moet true of false zijn, niet {value}"),
        Field("aantal", positive_integer, wrong="'aantal' moet 1 of meer zijn"),
    ),
    unknown="onbekend veld '{key}'{hint}",
    missing="dit item mist '{key}'",
)


def test_values_come_out_as_the_model_wants_them() -> None:
    checked = validate(read("- naam: Piet\n  thema:\n    - ' a '\n    - b\n  open: true\n"), ITEM)
    assert checked.values == {"naam": "Piet", "thema": ["a", "b"], "open": True}
    assert checked.problems == [] and checked.refused == set()


def test_a_wrong_type_is_reported_at_the_value_with_the_fields_words() -> None:
    text = "- naam: Piet\n  thema:\n    - a\n    - 3\n  open: ja\n  aantal: 0\n"
    checked = validate(read(text), ITEM)
    assert messages(checked) == [
        "docs/x.yml:3: 'thema' moet een lijst zijn, bijvoorbeeld 'thema: [a, b]'",
        "docs/x.yml:5: 'open' moet true of false zijn, niet ja",
        "docs/x.yml:6: 'aantal' moet 1 of meer zijn",
    ]
    assert checked.values == {"naam": "Piet"}
    assert checked.refused == {"thema", "open", "aantal"}


def test_a_parse_refuses_in_its_own_words() -> None:
    checked = validate(read("- naam: -Piet\n  thema: []\n"), ITEM)
    assert messages(checked) == [
        "docs/x.yml:1: '-Piet' mag niet met een streepje beginnen",
        "docs/x.yml:2: 'thema' is leeg",
    ]


def test_unknown_keys_come_first_then_the_missing_then_each_field_in_table_order() -> None:
    text = "- open: 2\n  thma: [a]\n  kleur: rood\n"
    checked = validate(read(text), ITEM)
    assert messages(checked) == [
        "docs/x.yml:2: onbekend veld 'thma'; bedoel je 'thema'?",
        "docs/x.yml:3: onbekend veld 'kleur'",
        "docs/x.yml:1: dit item mist 'naam'",
        "docs/x.yml:1: dit item mist 'thema'",
        "docs/x.yml:1: 'open' moet true of false zijn, niet 2",
    ]


def test_a_key_written_twice_is_said_first_where_it_repeats() -> None:
    checked = validate(read("- naam: a\n  thema: [x]\n  naam: b\n"), ITEM)
    assert messages(checked) == [
        "docs/x.yml:3: veld 'naam' staat twee keer in dit item; het eerste staat op regel 1"
    ]
    assert checked.values == {"naam": "a", "thema": ["x"]}


def test_keys_in_file_order_puts_unknown_and_wrong_where_they_stand() -> None:
    table = Table(
        fields=(
            Field("van", filled_text, required=True, wrong="'van' moet een tekst zijn"),
            Field("naar", filled_text, wrong="'naar' moet een tekst zijn"),
        ),
        unknown="onbekende sleutel '{key}'{hint}",
        hint=hint_then("een verhuizing heeft alleen 'van' en 'naar'"),
        missing="deze verhuizing mist '{key}'",
        keys_in_file_order=True,
    )
    checked = validate(read("- naar: [x]\n  vaan: a.md\n"), table)
    assert messages(checked) == [
        "docs/x.yml:1: 'naar' moet een tekst zijn",
        "docs/x.yml:2: onbekende sleutel 'vaan'; bedoel je 'van'? "
        "Een verhuizing heeft alleen 'van' en 'naar'",
        "docs/x.yml:1: deze verhuizing mist 'van'",
    ]


def test_an_order_checks_a_field_before_the_missing_ones_to_name_the_record() -> None:
    table = Table(
        fields=ITEM.fields,
        order=("naam", MISSING, "thema", "open", "aantal"),
        missing="{name} mist '{key}'",
        name=lambda values: f"item '{values['naam']}'" if "naam" in values else "dit item",
    )
    assert messages(validate(read("- naam: Piet\n"), table)) == [
        "docs/x.yml:1: item 'Piet' mist 'thema'"
    ]
    assert messages(validate(read("- naam: 3\n"), table)) == [
        "docs/x.yml:1: 'naam' moet tekst zijn",
        "docs/x.yml:1: dit item mist 'thema'",
    ]


def test_a_table_must_order_every_field_once() -> None:
    with pytest.raises(ValueError):
        Table(fields=ITEM.fields, order=("naam", MISSING))
    with pytest.raises(ValueError):
        Table(fields=(*ITEM.fields, ITEM.fields[0]))


def test_the_loaders_keywords_reach_messages_and_parses() -> None:
    def same_as_file(value: str, context: Mapping[str, Any]) -> str:
        if value != context["stem"]:
            raise Invalid(f"id '{value}' is niet gelijk aan de bestandsnaam '{context['file']}'")
        return value

    table = Table(
        fields=(
            Field(
                "id",
                any_text,
                required=True,
                wrong="ongeldige id {value!r}, zoals '{stem}'",
                parse=same_as_file,
                missing="zet 'id: {stem}' erin",
            ),
            Field("titel", any_text, required=True, missing=lambda names: f"geen {names['key']}"),
        ),
    )
    record = read("id: b\n", "docs/a.md")
    assert messages(validate(record, table, stem="a", file="a.md")) == [
        "docs/a.md:1: geen titel",
        "docs/a.md:1: id 'b' is niet gelijk aan de bestandsnaam 'a.md'",
    ]
    assert messages(validate(read("titel: T\nid: 5\n"), table, stem="a")) == [
        "docs/x.yml:2: ongeldige id 5, zoals 'a'"
    ]
    assert messages(validate(read("titel: T\n"), table, stem="a")) == [
        "docs/x.yml:1: zet 'id: a' erin"
    ]


def test_a_value_with_braces_is_shown_as_written() -> None:
    checked = validate(read("- naam: Piet\n  thema: [a]\n  open: '{x}'\n"), ITEM)
    assert messages(checked) == ["docs/x.yml:3: 'open' moet true of false zijn, niet {x}"]


def test_unknown_keys_may_be_allowed_or_judged_by_a_function() -> None:
    allowed = Table(fields=(Field("id", any_text),))
    assert validate(read("id: a\ntitle: T\n"), allowed).problems == []
    judged = Table(
        fields=(Field("titel", any_text),),
        unknown=lambda key, names: (
            None if key == "title" else f"onbekend: {key}{choices(key, names)}"
        ),
    )
    assert messages(validate(read("title: T\ntitle2: U\n"), judged)) == [
        "docs/x.yml:2: onbekend: title2; bedoel je 'titel'?"
    ]


def test_front_matter_reports_at_the_key_and_treats_an_empty_key_as_left_out() -> None:
    table = Table(
        fields=(
            Field("titel", any_text, required=True, wrong="'{key}' moet een tekst zijn"),
            Field("status", any_text, required=True, wrong="'{key}' moet een tekst zijn"),
            Field("partners", texts, wrong="'partners' moet een lijst zijn"),
        ),
        missing="de front matter mist '{key}'",
        at_key=True,
        null_is_unset=True,
        empty_is_missing=True,
    )
    front = parse_front_matter("---\ntitel:\nstatus: ''\npartners:\n  - 3\n---\n# T\n", "i.md")
    checked = validate(front.record, table)
    assert messages(checked) == [
        "i.md:1: de front matter mist 'titel'",
        "i.md:1: de front matter mist 'status'",
        "i.md:4: 'partners' moet een lijst zijn",
    ]
    assert checked.values == {"status": ""}


# ----------------------------------------------------------------- the real tables


def test_a_quote_is_named_by_its_id_in_what_it_misses() -> None:
    text = "- id: zo-a\n  tekst: '  Samen.  '\n  thema: [vertrouwen]\n  rol: buurman\n  foo: 1\n"
    checked = validate(read(text, "docs/zo/citaten.yml", "dit citaat"), QUOTE)
    assert messages(checked) == [
        "docs/zo/citaten.yml:5: onbekend veld 'foo'; kies uit: id, tekst, rol, thema, "
        "toestemming, bijeenkomst, bron, herkomst, naam, naam_toestemming",
        "docs/zo/citaten.yml:1: citaat 'zo-a' mist het verplichte veld 'toestemming'",
        "docs/zo/citaten.yml:4: onbekende rol 'buurman'; kies uit: vrijwilliger, "
        "beroepskracht, mantelzorger, ervaringsdeskundige, bewoner, manager, deelnemer",
    ]
    assert checked.values == {"id": "zo-a", "tekst": "Samen.", "thema": ["vertrouwen"]}


def test_a_box_front_matter_names_its_file() -> None:
    record = read("id: Fout\ntitle: T\nthema:\nbronnen: sennett2003\n", "docs/bouwstenen/a.md")
    checked = validate(record, BOUWSTEEN, stem="a", file="a.md", bib_file="lit.bib")
    assert messages(checked) == [
        "docs/bouwstenen/a.md:1: de bouwsteen mist het verplichte veld 'titel' "
        "(er staat 'title'; een bouwsteen gebruikt 'titel')",
        "docs/bouwstenen/a.md:1: ongeldige id 'Fout': gebruik kleine letters, cijfers en losse "
        "streepjes, zoals de bestandsnaam 'a'",
        "docs/bouwstenen/a.md:4: 'bronnen' moet een lijst van sleutels uit lit.bib zijn, "
        "bijvoorbeeld 'bronnen: [sennett2003, lipsky1980]'",
    ]
    assert checked.values == {"thema": []}


def test_an_edition_checks_status_before_the_texts_and_keeps_a_year_as_text() -> None:
    front = parse_front_matter(
        "---\ntitel: [a]\nstadsdeel: 2016\nstatus: klaar\nsttus: x\n---\n", "docs/zo/index.md"
    )
    checked = validate(front.record, EDITION)
    assert messages(checked) == [
        "docs/zo/index.md:5: onbekende sleutel 'sttus' in de front matter van de editie; "
        "bedoel je 'status'?",
        "docs/zo/index.md:4: onbekende status 'klaar'; kies uit: gepubliceerd, in-voorbereiding",
        "docs/zo/index.md:2: 'titel' moet een tekst zijn",
    ]
    assert checked.values == {"stadsdeel": "2016"}


def test_a_chapter_needs_an_id_and_its_themes_are_texts() -> None:
    front = parse_front_matter("---\ntitle: T\nthema: [a, 3, b]\n---\n# T\n", "docs/zo/a.md")
    checked = validate(front.record, CHAPTER)
    assert messages(checked) == [
        "docs/zo/a.md:1: deze pagina mist een permanent 'id' in de front matter, "
        "bijvoorbeeld: id: zo-partnerschap",
        "docs/zo/a.md:3: 'thema' moet een lijst van thema's zijn, "
        "bijvoorbeeld 'thema: [partnerschap, vertrouwen]'",
    ]
    # a box's page and an edition's start page: only the id (their own tables check the rest)
    assert validate(front.record, PAGE_ID).values == {"thema": ["a", "b"]}
    front = parse_front_matter("---\nid: Zo A\nthema: los\n---\n", "docs/zo/a.md")
    checked = validate(front.record, CHAPTER)
    assert messages(checked) == [
        "docs/zo/a.md:2: ongeldig id 'Zo A': gebruik kleine letters, cijfers en '-'"
    ]
    assert checked.values == {"thema": ["los"]}
