"""What the gate and the caches read and write piece by piece, to keep a large build's
memory low, is exactly what they read and write whole.

The search index is judged entry by entry as it is read (``gate._json_events``), a
large text's words collapsed piece by piece (``gate._collapse``), and the caches written
member by member (``jsoncache._json_pieces``): each against what reading or writing the
whole gives, on texts made to fall on every border.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest
from handreiking import jsoncache
from handreiking.outputs import gate

#: JSON texts as a site might hold them, and texts the gate must read whole instead
JSON_TEXTS = [
    b'{"config":{"lang":["nl"]},"docs":[{"location":"a/","text":"06-12345678"},3,{}]}',
    b' {"docs" : [ ] , "a" : 123 } \r\n',
    b'{"docs":{"location":"x"}}',
    b'{"a":1.5e+10,"b":-0.25,"c":true,"d":null,"e":NaN}',
    b'{"a":"\xc3\xa9\xe2\x80\x94\xf0\x9f\x98\x80","docs":[{"t":"x\\u2028y"}]}',
    b"{}",
    b"[]",
    b'"text"',
    b'{"a":1,"a":2}',
    b'{"docs":[{"a":1}],"docs":[]}',
    b'\xef\xbb\xbf{"a":1}',
    b'{"a":1} x',
    b'{"a":1',
    b'{"a":tru}',
    b'{"a":"\xff"}',
    b'{"a":"x\ry"}',
    b'{"docs":[1,]}',
    b'{"a":1,}',
    b"",
]


def _whole(data: bytes) -> list[tuple[str, Any]]:
    """What the gate judges of a JSON file read whole: each search entry, then the rest
    (or the raw text, when it is no JSON)."""
    raw = gate._file_text(data)
    try:
        value = json.loads(raw)
    except ValueError:
        return [("raw", raw)]
    found: list[tuple[str, Any]] = []
    docs = value.get("docs") if isinstance(value, dict) else None
    if isinstance(docs, list):
        found += [("entry", entry) for entry in docs if isinstance(entry, dict)]
        value = {key: inner for key, inner in value.items() if key != "docs"}
    return [*found, ("rest", value)]


def _in_pieces(data: bytes) -> list[tuple[str, Any]]:
    if not gate._streamable(data):
        return _whole(data)
    found: list[tuple[str, Any]] = []
    rest: dict[str, Any] = {}
    for element, key, value in gate._json_events(data):
        if not element:
            rest[key] = value
        elif isinstance(value, dict):
            found.append(("entry", value))
    return [*found, ("rest", rest)]


def _random_value(chance: random.Random, depth: int = 0) -> Any:
    pick = chance.random()
    if depth > 3 or pick < 0.3:
        return chance.choice([1, -2.5, 1e300, 'tekst\u00e9\n"', None, True, "x" * 40, "\U0001f600"])
    if pick < 0.6:
        return [_random_value(chance, depth + 1) for _ in range(chance.randint(0, 4))]
    keys = "abcdocs"
    return {
        chance.choice(keys) + str(chance.randint(0, 3)): _random_value(chance, depth + 1)
        for _ in range(chance.randint(0, 4))
    }


@pytest.mark.parametrize("piece", [1, 7, 64, 1 << 16])
def test_the_search_index_read_in_pieces_is_what_reading_it_whole_gives(
    monkeypatch: pytest.MonkeyPatch, piece: int
) -> None:
    monkeypatch.setattr(gate, "_JSON_PIECE", piece)
    chance = random.Random(23)
    texts = list(JSON_TEXTS)
    for _ in range(150):
        value = {"config": _random_value(chance), "docs": [_random_value(chance) for _ in range(9)]}
        data = json.dumps(value, ensure_ascii=chance.random() < 0.5).encode()
        if chance.random() < 0.3:  # spoiled somewhere: read whole, as it is no JSON
            at = chance.randrange(len(data))
            data = data[:at] + chance.choice([b"", b"}", b"\xff", b"\r"]) + data[at + 1 :]
        texts.append(data)
    for data in texts:
        assert _in_pieces(data) == _whole(data), data[:120]
    assert gate._streamable(JSON_TEXTS[0])
    assert not gate._streamable(b'{"a":1,"a":2}')  # a key twice: read whole


def test_a_large_text_is_collapsed_as_it_is_whole() -> None:
    chance = random.Random(5)
    spaces = [" ", "\n", "\t", "\xa0", "\u2003", "\u3000", "\x1c", "\x85", "\u2028", "\r\n"]
    for size in (10, 70_000, 300_000):
        parts = [
            chance.choice(["ab", "x", "héé", "—"])
            if chance.random() < 0.6
            else chance.choice(spaces)
            for _ in range(size // 3)
        ]
        text = "".join(parts)
        for case in (text, " " * 70_000 + text + "\n", "woord" * 30_000):
            assert gate._collapse(case) == " ".join(case.split())


def test_caches_are_written_in_pieces_as_whole(tmp_path: Path) -> None:
    chance = random.Random(9)
    key = b"k" * 32
    value = {
        "pages": {f"p{i}": {"toc": [_random_value(chance)], "n": i} for i in range(300)},
        "tuple": (1, ("a", "b")),
        "other keys": {1: "een", None: "geen"},
    }
    whole = json.dumps(
        {jsoncache._KIND: "x", "format": jsoncache.FORMAT, "data": value},
        ensure_ascii=False,
        separators=(",", ":"),
    ).encode()
    assert jsoncache.write_json(tmp_path / "a.json", "x", value)
    assert (tmp_path / "a.json").read_bytes() == whole
    assert jsoncache.write_signed(tmp_path / "b.json", "x", value, key)
    assert (tmp_path / "b.json").read_bytes() == jsoncache._signature(key, whole) + b"\n" + whole
    assert jsoncache.read_signed(tmp_path / "b.json", "x", key) == json.loads(whole)["data"]
    members = jsoncache.Members((name, inner) for name, inner in value["pages"].items())
    assert jsoncache.write_json(tmp_path / "c.json", "x", {"pages": members})
    assert jsoncache.read_json(tmp_path / "c.json", "x") == {
        "pages": json.loads(whole)["data"]["pages"]
    }
