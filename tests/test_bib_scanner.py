"""The fast reading of a plainly written ``.bib`` file gives what pybtex's scanner gives:
the same entries, fields, lines and problems; anything else is left to pybtex."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from handreiking.compat import pybtex as compat
from handreiking.content.literature.bibliography import _encode_entry, parse_bibliography
from handreiking.errors import HandreikingError

ROOT = Path(__file__).resolve().parent.parent

PLAIN = """% comments before, between and after the entries
@book{sennett2003,
  author = {Sennett, Richard},
  title  = {Respect in a World of Inequality},
  year   = {2003},
  publisher = {W. W. Norton {\\&} Company},
}

Loose text between entries is no entry.
@Article{vanDijk2019 ,
  AUTHOR={van Dijk, J. and {Gemeente Amsterdam}},title={Over {B}rede {{nesting}} en
    regels},
  year=2019,journal = {Tijdschrift},
  note = {mail: info@example.org}   ,
  url = {https://example.org/a}
}
@misc{leeg}}
@misc{komma,}
@online{dubbel, title = {Eén}, Title = {Twee}, year = {2020}}
@online{dubbel, title = {Weer}}
@report{onveilig, title = {T}, url = {javascript:alert(1)}, year = {2021}}
@book{komma2, author = {A, B, C, D}, title = {Te veel komma's}, year = {2001}}
"""

#: texts the fast reading leaves to pybtex, each for its own reason
NOT_PLAIN = {
    "abbreviation": "@book{a, title = {T}, month = jan}",
    "string": "@string{sw = {SWP}}\n@book{a, publisher = sw}",
    "preamble": "@preamble{{x}}\n@book{a, title = {T}}",
    "comment": "@comment{x}\n@book{a, title = {T}}",
    "quotes": '@book{a, title = "T"}',
    "concatenation": "@book{a, title = {T} # {U}}",
    "parentheses": "@book(a, title = {T})",
    "missing comma": "@book{a, title = {T} year = {2000}}",
    "unclosed": "@book{a, title = {T}",
    "carriage return": "@book{a,\r\n title = {T}}",
    "at in a comment": "% mail me@example.org\n@book{a, title = {T}}",
    # plain entries read before it are read again by pybtex, as if never read
    "after plain entries": '@book{a, title = {T}}\n@book{b, year = {2001}}\n@book{c, title = "Q"}',
}


def _not_plain(text: str) -> Iterator[compat.SimpleEntry]:
    """The fast reading refusing every text: pybtex's scanner reads it all."""
    raise compat.NotPlain
    yield  # a generator, as the fast reading is


def _read(text: str, monkeypatch: pytest.MonkeyPatch, fast: bool) -> object:
    """What parsing ``text`` gives: the entries and lines, or the problems."""
    with monkeypatch.context() as patch:
        if not fast:
            patch.setattr(compat, "iter_simple_entries", _not_plain)
        try:
            bibliography = parse_bibliography(text, "literatuur.bib")
        except HandreikingError as error:
            return [str(problem) for problem in error.problems]
    data = bibliography.data
    return (
        [(key, _encode_entry(data.entries[key])) for key in data.entries],
        [bibliography.line(key) for key in data.entries],
    )


def test_a_plain_file_is_read_fast_as_pybtex_reads_it(monkeypatch: pytest.MonkeyPatch) -> None:
    assert compat.simple_entries(PLAIN) is not None
    fast = _read(PLAIN, monkeypatch, fast=True)
    assert fast == _read(PLAIN, monkeypatch, fast=False)
    assert isinstance(fast, list) and len(fast) == 4, fast  # its problems are found
    clean = PLAIN.split("@online{dubbel")[0]
    assert _read(clean, monkeypatch, fast=True) == _read(clean, monkeypatch, fast=False)


@pytest.mark.parametrize("case", NOT_PLAIN)
def test_what_is_not_plain_is_left_to_pybtex(case: str, monkeypatch: pytest.MonkeyPatch) -> None:
    text = NOT_PLAIN[case]
    assert compat.simple_entries(text) is None
    assert _read(text, monkeypatch, fast=True) == _read(text, monkeypatch, fast=False)


@pytest.mark.parametrize(
    "path",
    sorted((ROOT / "tests").rglob("*.bib")),
    ids=lambda path: str(path.relative_to(ROOT)),
)
def test_the_test_files_read_alike(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = path.read_text(encoding="utf-8")
    assert _read(text, monkeypatch, fast=True) == _read(text, monkeypatch, fast=False)
