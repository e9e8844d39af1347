"""What the gate and the caches make piece by piece, to keep a large build's memory low,
is exactly what they make of the whole.

A large text's words collapsed piece by piece (``gate._collapse``), its digest made piece
by piece (``gate._text_digest``) and the caches written member by member
(``jsoncache._json_pieces``): each against what the whole gives, on texts made to fall on
every border.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest
from handreiking import jsoncache
from handreiking.outputs import gate


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


def test_small_members_written_together_are_as_whole() -> None:
    # Rows of small members written in one piece (texts, numbers, short arrays and
    # objects of those), broken by large ones, long texts and rows longer than a piece:
    # the text is the encoder's of the whole at every depth.
    chance = random.Random(13)
    long_text = "é" * jsoncache._BATCH_CHARACTERS
    smalls: list[Any] = ["", "x" * 40, 'tekst\u00e9\n"', 3, -2.5, None, False, [], {}, ()]
    smalls += [["a", 1, []], ("b", None), {"k": "v", "n": 2}, {1: "een"}, float("nan")]
    larges: list[Any] = [long_text, [[1]], {"k": {"n": 1}}, list(range(40)), ("x",) * 17]

    def member() -> Any:
        pick = chance.random()
        if pick < 0.75:
            return chance.choice(smalls)
        if pick < 0.9:
            return chance.choice(larges)
        return "y" * chance.randint(0, 9_000)

    for _ in range(60):
        items = [member() for _ in range(chance.randint(0, 80))]
        named = {f"m{i}": item for i, item in enumerate(items)}
        for value in (items, tuple(items), named, {"data": named, "rij": items}):
            whole = jsoncache._dumps(value)
            for depth in range(5):
                assert "".join(jsoncache._json_pieces(value, depth)) == whole
    repeated = jsoncache.Members([("a", 1), ("a", "twee"), ("b", [1, 2]), ("a", None)])
    assert "".join(jsoncache._json_pieces(repeated)) == '{"a":1,"a":"twee","b":[1,2],"a":null}'


def test_a_large_text_is_digested_as_it_is_whole() -> None:
    import hashlib

    chance = random.Random(17)
    letters = ["a", "é", "\u2026", "\U0001f600", "\ud800", "\udc00", "\n"]
    for size in (0, 5, gate._DIGEST_PIECE - 1, gate._DIGEST_PIECE, 3 * gate._DIGEST_PIECE + 7):
        text = "".join(chance.choice(letters) for _ in range(size))
        whole = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
        assert gate._text_digest(text) == whole


def _read_whole(dest: str, raw: str) -> list[tuple[str, str, bool]]:
    """What the gate reads of a JSON file when it is parsed whole (as it was before the
    search index was read entry by entry): each entry of a ``docs`` array, then the rest."""
    from handreiking.text import strings_in

    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):
        return [(dest, raw, False)]
    docs = data.get("docs") if isinstance(data, dict) else None
    read = []
    if isinstance(docs, list):
        for entry in docs:
            if isinstance(entry, dict):
                location = str(entry.get("location", ""))
                read.append((f"{dest}, bij /{location}", "\n".join(strings_in(entry)), True))
        data = {key: value for key, value in data.items() if key != "docs"}
    return [*read, (dest, "\n".join(strings_in(data)), True)]


def test_a_search_index_is_read_entry_by_entry_as_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The search index is read a piece at a time and its entries one at a time (tens of
    # megabytes as data at a large build): what the gate reads, and where, is what
    # parsing it whole gives, for every shape a JSON file may have: more members, "docs"
    # twice or not an array, white space between every token, a text cut short, nesting,
    # not an object, bytes that are not UTF-8; with pieces of every size down to a byte.
    chance = random.Random(23)
    dest = "search/search_index.json"
    path = tmp_path / "search_index.json"

    def entry() -> Any:
        if chance.random() < 0.15:
            return _random_value(chance)
        return {
            "location": chance.choice(["", "a/", "b/#kop", 3, None]),
            "title": chance.choice(["Kop", "Bel 020-1234567", ""]),
            "text": _random_value(chance),
        }

    def spaced(text: str) -> str:
        # white space around every token JSON allows it at (not in strings: none here
        # holds a comma or colon followed by a brace)
        space = chance.choice(["", " ", "\n", "\t\r\n "])
        for token in ("{", "}", "[", "]", ",", ":"):
            text = text.replace(token, f"{space}{token}{space}")
        return text

    cases = ['{"docs": []}', '{"docs": [], "docs": [{"title": "x"}]}', '{"docs": {}}']
    cases += ["{}", "[]", '"docs"', '{"docs": [1, 2,]}', '{"docs": [1] ', ' {"docs":[1]} x']
    cases += ['{"a": 1, "docs": [{"text": "één"}], "a": 2}', '{"docs": [NaN, -Infinity]}']
    cases += ['{"docs": [' + "[" * 3000 + "]" * 3000 + "]}"]
    for _ in range(150):
        names = chance.sample(["zeta", "config", "alpha", "m"], chance.randint(0, 3))
        members = {name: _random_value(chance) for name in names}
        docs = [entry() for _ in range(chance.randint(0, 12))]
        at = chance.randint(0, len(members))
        items = list(members.items())
        items.insert(at, ("docs", docs))
        text = "{" + ",".join(f"{json.dumps(k)}:{json.dumps(v)}" for k, v in items) + "}"
        cases += [text, spaced(text), text[: chance.randint(1, len(text))]]
    data = [case.encode("utf-8") for case in cases]
    data += [b'{"docs": [{"text": "\xe2\x80"}, "\xff"], "x": "\xc3\xa9\xc3"}', b"\xef\xbb"]
    data += [b'{"docs": [12345678901234567890, 1.5e3, "' + "é—".encode() * 9 + b'"]}']
    for piece in (1 << 20, 1, 2, 7):
        monkeypatch.setattr(gate, "_JSON_PIECE", piece)
        for raw in data if piece > 7 else data[::7]:
            path.write_bytes(raw)
            read = [
                (where, text, markup)
                for where, text, _sources, markup in gate._texts(
                    dest, path, gate.Output("data"), {}, set()
                )
            ]
            assert read == _read_whole(dest, raw.decode("utf-8", "replace")), (piece, raw)
    # a valid object with one "docs" array (none of these has the word elsewhere) is
    # read a piece at a time indeed; every other file whole
    monkeypatch.setattr(gate, "_JSON_PIECE", 1 << 20)
    for raw in data:
        text = raw.decode("utf-8", "replace")
        try:
            whole = json.loads(text)
        except (ValueError, RecursionError):
            whole = None
        index = isinstance(whole, dict) and isinstance(whole.get("docs"), list)
        path.write_bytes(raw)
        pieced = gate._array_member(path, "docs") is not None
        assert pieced == (index and text.count('"docs"') == 1), raw
        if pieced:  # and the gate reads it so, never whole
            with monkeypatch.context() as never_whole:
                never_whole.setattr(Path, "read_text", _read_whole_text)
                list(gate._texts(dest, path, gate.Output("data"), {}, set()))


def _read_whole_text(*_args: Any, **_kwargs: Any) -> str:
    raise AssertionError("a search index read whole")
