"""Checks on the content of the Zuidoost edition against its source text.

The chapters are rewritten in our own words: no run of 15 words of the printed guide may appear
in any Markdown page. Participant quotes are the only verbatim text, and they live in
``docs/zuidoost/citaten.yml``, which is not Markdown and therefore not checked for overlap.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from handreiking.content.privacy import load_allowlist
from handreiking.content.sources import ID_PATTERN

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
SEED_DIR = ROOT / ".." / "shared" / "seed"
BIB = ROOT / "bibliography.bib"

RUN = 15  # longest allowed run of seed words is RUN - 1

ZUIDOOST_CHAPTERS = (
    "voorwoord",
    "inleiding",
    "ontwikkeltraject",
    "zelfportret",
    "gezamenlijke-taal",
    "partnerschap",
    "wederkerigheid",
    "cirkels",
    "aan-de-slag",
    "nabeschouwing",
    "nawoord",
    "verder-lezen",
    "bijlage-ontwikkeltraject",
    "bijlage-partnerschapskaart",
)
QUOTE_KEYS = {"id", "tekst", "rol", "thema", "bron", "toestemming"}
QUOTE_OPTIONAL = {"bijeenkomst"}
ROLES = {
    "vrijwilliger",
    "beroepskracht",
    "mantelzorger",
    "ervaringsdeskundige",
    "bewoner",
    "manager",
    "deelnemer",
}
QUOTE_ID = ID_PATTERN
FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)---[ \t]*\n", re.S)
# A Pandoc citation key after '@', not preceded by a word character (so no e-mail addresses)
# nor by a backslash (an escaped '\@').
CITE = re.compile(r"(?<![\w\\])@([A-Za-z0-9_][\w:.#$%&+?<>~/-]*?)(?=[\s\],;.!?)]|$)")
BLOCK = re.compile(r"^///\s*(citaat|bouwsteen)\s*\|\s*(\S+)\s*$", re.M)


# --- helpers --------------------------------------------------------------------------------


def words(text: str) -> list[str]:
    """Lowercase words, with words split over a line by a hyphen joined again."""
    text = re.sub(r"(\w)-[ \t]*\n\s*(\w)", r"\1\2", text)
    return re.findall(r"\w+", text.lower())


def split_front_matter(text: str) -> tuple[dict, str]:
    match = FRONT_MATTER.match(text)
    if not match:
        return {}, text
    data = yaml.safe_load(match.group(1)) or {}
    return data, text[match.end() :]


def markdown_pages() -> list[Path]:
    return sorted(DOCS.rglob("*.md"))


def strip_code(text: str) -> str:
    text = re.sub(r"^(```|~~~).*?^\1", "", text, flags=re.S | re.M)
    return re.sub(r"`[^`\n]*`", "", text)


def bib_keys() -> set[str]:
    text = BIB.read_text(encoding="utf-8")
    return set(re.findall(r"^\s*@\w+\s*\{\s*([^,\s]+)\s*,", text, re.M))


@pytest.fixture(scope="module")
def seed_runs() -> set[tuple[str, ...]]:
    files = sorted(SEED_DIR.glob("*.txt")) if SEED_DIR.is_dir() else []
    if not files:
        pytest.skip(f"seed text not found: no *.txt in {SEED_DIR.resolve()}")
    runs: set[tuple[str, ...]] = set()
    for path in files:
        seq = words(path.read_text(encoding="utf-8"))
        runs.update(tuple(seq[i : i + RUN]) for i in range(len(seq) - RUN + 1))
    return runs


# --- no copied text -------------------------------------------------------------------------


def test_no_run_of_seed_words_in_docs(seed_runs: set[tuple[str, ...]]) -> None:
    pages = markdown_pages()
    assert pages, "no Markdown pages under docs/"
    problems: list[str] = []
    for page in pages:
        _, body = split_front_matter(page.read_text(encoding="utf-8"))
        seq = words(body)
        i = 0
        while i <= len(seq) - RUN:
            if tuple(seq[i : i + RUN]) in seed_runs:
                j = i + RUN
                while j < len(seq) and tuple(seq[j - RUN + 1 : j + 1]) in seed_runs:
                    j += 1
                problems.append(f"{page.relative_to(ROOT)}: {' '.join(seq[i:j])}")
                i = j
            else:
                i += 1
    assert not problems, (
        f"{len(problems)} passage(s) share {RUN} or more consecutive words with the seed; "
        "reword them:\n" + "\n".join(problems)
    )


def test_no_contact_details_in_docs() -> None:
    email = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
    phone = re.compile(r"(?<!\d)(?:\+31|0)[\s-]?\d{1,3}[\s-]?\d{3}[\s-]?\d{3,4}(?!\d)")
    postcode = re.compile(r"\b\d{4}\s?[A-Z]{2}\b")
    problems = []
    allowed, _ = load_allowlist(ROOT)  # reviewed texts, e.g. the guide's made-up examples
    for path in sorted(DOCS.rglob("*")):
        if path.suffix not in {".md", ".yml", ".yaml"}:
            continue
        text = allowed.mask(path.read_text(encoding="utf-8"), set())
        for name, pattern in (("e-mail", email), ("telefoon", phone), ("postcode", postcode)):
            problems += [f"{path.relative_to(ROOT)}: {name} {m!r}" for m in pattern.findall(text)]
    assert not problems, "\n".join(problems)


# --- structure ------------------------------------------------------------------------------


@pytest.mark.parametrize("stem", ZUIDOOST_CHAPTERS)
def test_zuidoost_chapter_exists_with_id(stem: str) -> None:
    path = DOCS / "zuidoost" / f"{stem}.md"
    assert path.is_file(), f"missing chapter {path.relative_to(ROOT)}"
    data, body = split_front_matter(path.read_text(encoding="utf-8"))
    assert data.get("id") == f"zo-{stem}", f"{path.name}: front matter id should be 'zo-{stem}'"
    assert isinstance(data.get("thema"), list) and data["thema"], f"{path.name}: thema list"
    assert isinstance(data.get("samenvatting"), str), f"{path.name}: samenvatting"
    assert body.lstrip().startswith("# "), f"{path.name}: body must start with '# <title>'"
    for line in body.splitlines():
        if re.match(r"#{2,3} ", line):
            assert re.search(r"\{#[a-z0-9-]+\}\s*$", line), f"{path.name}: no anchor on {line!r}"


def test_edition_start_pages() -> None:
    expected = {
        "zuidoost": ("zo-start", "gepubliceerd"),
        "zuid": ("zu-start", "in-voorbereiding"),
        "nieuw-west": ("nw-start", "in-voorbereiding"),
        "oost": ("oo-start", "in-voorbereiding"),
    }
    keys = bib_keys()
    for edition, (page_id, status) in expected.items():
        data, _ = split_front_matter((DOCS / edition / "index.md").read_text(encoding="utf-8"))
        assert data.get("id") == page_id, edition
        assert data.get("status") == status, edition
        assert isinstance(data.get("nocite"), list), edition
        assert set(data["nocite"]) <= keys, f"{edition}: nocite keys not in bibliography.bib"


def load_quotes() -> list[dict]:
    return yaml.safe_load((DOCS / "zuidoost" / "citaten.yml").read_text(encoding="utf-8"))


def test_citaten_yml_records() -> None:
    quotes = load_quotes()
    assert isinstance(quotes, list) and quotes
    seen: set[str] = set()
    for record in quotes:
        assert isinstance(record, dict), record
        # a motto or saying from elsewhere names its origin (herkomst) instead of a role
        saying = "herkomst" in record
        required = QUOTE_KEYS - {"rol"} if saying else QUOTE_KEYS
        missing = required - record.keys()
        extra = record.keys() - required - QUOTE_OPTIONAL - ({"herkomst"} if saying else set())
        assert not missing, f"{record.get('id')}: missing {sorted(missing)}"
        assert not extra, f"{record.get('id')}: unknown keys {sorted(extra)}"
        assert QUOTE_ID.match(record["id"]) and record["id"].startswith("zo-"), record["id"]
        assert record["id"] not in seen, f"duplicate quote id {record['id']}"
        seen.add(record["id"])
        assert isinstance(record["tekst"], str) and record["tekst"].strip(), record["id"]
        if saying:
            assert "rol" not in record and isinstance(record["herkomst"], str), record["id"]
        else:
            assert record["rol"] in ROLES, record["id"]
        assert isinstance(record["thema"], list) and record["thema"], record["id"]
        assert record["toestemming"] is True, record["id"]
        if "bijeenkomst" in record:
            assert isinstance(record["bijeenkomst"], int), record["id"]


def test_quotes_and_bouwstenen_placed() -> None:
    quote_ids = {q["id"] for q in load_quotes()}
    bouwstenen = {p.stem for p in (DOCS / "bouwstenen").glob("*.md")}
    placed_quotes: set[str] = set()
    for page in markdown_pages():
        # Examples in code blocks (the guide for co-authors) place nothing.
        for kind, ident in BLOCK.findall(strip_code(page.read_text(encoding="utf-8"))):
            if kind == "citaat":
                assert ident in quote_ids, f"{page.relative_to(ROOT)}: unknown quote {ident}"
                placed_quotes.add(ident)
            else:
                assert ident in bouwstenen, f"{page.relative_to(ROOT)}: unknown bouwsteen {ident}"
    assert quote_ids <= placed_quotes, f"quotes never placed: {sorted(quote_ids - placed_quotes)}"


def test_bouwstenen_front_matter() -> None:
    keys = bib_keys()
    for path in sorted((DOCS / "bouwstenen").glob("*.md")):
        if path.name == "index.md":  # only the boxes' order ('volgorde'), no box
            continue
        data, _ = split_front_matter(path.read_text(encoding="utf-8"))
        assert data.get("id") == path.stem, path.name
        assert isinstance(data.get("titel"), str), path.name
        assert isinstance(data.get("thema"), list), path.name
        assert isinstance(data.get("bronnen"), list), path.name
        assert set(data["bronnen"]) <= keys, f"{path.name}: bronnen not in bibliography.bib"


def test_cited_keys_exist() -> None:
    keys = bib_keys()
    problems = []
    for page in markdown_pages():
        _, body = split_front_matter(page.read_text(encoding="utf-8"))
        for key in CITE.findall(strip_code(body)):
            if key not in keys:
                problems.append(f"{page.relative_to(ROOT)}: @{key}")
    assert not problems, "citation keys missing from bibliography.bib:\n" + "\n".join(problems)
