"""Generate synthetic handreiking sites for the benchmark.

A tree made here is a complete site in our own syntax (see DESIGN.md): ``mkdocs.yml``,
``bibliography.bib``, ``docs/index.md``, one folder per edition with ``index.md``, chapters
and ``citaten.yml``, and ``docs/bouwstenen/<id>.md``. The prose is lorem-like Dutch: it is a
benchmark fixture, not content, and says so on every page.

Sizes follow the real Zuidoost edition (``docs/zuidoost`` in this repository, measured once
and kept in ``CHAPTERS`` so that the fixture does not drift when the real text is edited):

* scale 1: four editions, each with the chapters, words, quotes, theory boxes and citations
  of Zuidoost; a bibliography of 500 entries (a reference-manager export holds far more
  works than a guide cites);
* scale 10: ten times the chapters (forty editions: more districts, more years), quotes,
  theory boxes and citations, and a 5,000-entry bibliography;
* ``citation_factor``: multiplies the citations in every chapter (the citation-heavy tree);
* ``tiny``: one edition of two chapters and a 20-entry bibliography, for the smoke test.

Usage::

    python bench/generate.py --scale 1 --out bench/work/ours-1
    python bench/generate.py --bib-only 5000 --out bench/work/bib5000.bib
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import textwrap
from dataclasses import asdict, dataclass, field
from pathlib import Path

import yaml
import yamlio
from handreiking.content.quotes import ROLES  # the one list of roles

REPO = Path(__file__).resolve().parents[1]

#: One row per page of docs/zuidoost (index.md excluded), measured from the real edition:
#: (words of prose, quotes placed, theory boxes placed, citations, ## headings, list items).
CHAPTERS: tuple[tuple[int, int, int, int, int, int], ...] = (
    (368, 0, 0, 0, 0, 0),  # voorwoord
    (486, 2, 2, 4, 1, 0),  # inleiding
    (561, 3, 0, 1, 4, 6),  # ontwikkeltraject
    (117, 2, 0, 0, 0, 3),  # zelfportret
    (251, 2, 1, 0, 2, 7),  # gezamenlijke-taal
    (456, 3, 1, 1, 3, 12),  # partnerschap
    (74, 7, 1, 1, 2, 0),  # wederkerigheid
    (282, 4, 1, 0, 3, 0),  # cirkels
    (256, 14, 0, 0, 3, 0),  # aan-de-slag
    (418, 4, 0, 0, 4, 0),  # nabeschouwing
    (824, 1, 2, 1, 6, 2),  # nawoord
    (1003, 0, 0, 15, 6, 0),  # verder-lezen
    (552, 0, 0, 0, 6, 26),  # bijlage-ontwikkeltraject
    (430, 0, 0, 2, 4, 9),  # bijlage-partnerschapskaart
)
#: Words of the edition's start page, and its list items (the chapter list and colophon).
INDEX_WORDS = 341
#: Theory boxes in the shared library per edition at scale 1 (Zuidoost has 8).
BOXES_PER_EDITION = 8
#: Words of a theory box's body (the real ones have 112-199).
BOX_WORDS = (110, 200)
#: Bibliography entries per unit of scale.
BIB_PER_SCALE = 500
BIB_MAX = 5000

#: Amsterdam districts; the first four are the real editions, in the real order.
DISTRICTS = (
    ("zuid", "Zuid"),
    ("zuidoost", "Zuidoost"),
    ("nieuw-west", "Nieuw-West"),
    ("oost", "Oost"),
    ("west", "West"),
    ("noord", "Noord"),
    ("centrum", "Centrum"),
    ("weesp", "Weesp"),
)
FIRST_YEAR = 2016

THEMES = (
    "vertrouwen",
    "samenwerking",
    "netwerk",
    "partnerschap",
    "verankering",
    "invloed",
    "ontmoeting",
    "leren",
    "eigenaarschap",
    "alliantie",
    "gelijkwaardigheid",
    "wederkerigheid",
    "taal",
    "tijd",
    "inclusie",
    "betrokkenheid",
)

# Lorem-like Dutch: real words, no facts. Short function words are repeated so that
# sentences have a Dutch rhythm.
_WORDS_TEXT = (
    "de de de het het een een en en van van in in op op met met voor voor dat dat die "
    "is is zijn wordt worden niet ook als maar om naar bij door over uit aan tot nog "
    "wel dan zo al kan moet wil samen elkaar ieder wij zij we ze hun ons onze "
    "buurt wijk stadsdeel bewoner bewoners vrijwilliger vrijwilligers beroepskracht "
    "beroepskrachten mantelzorger mantelzorgers organisatie organisaties netwerk gesprek "
    "gesprekken bijeenkomst bijeenkomsten ervaring ervaringen samenwerking samenspel "
    "vertrouwen partnerschap taal tijd ruimte rol rollen kennis vraag vragen antwoord "
    "gezin gezinnen zorg welzijn ondersteuning hulp steun aandacht afspraak afspraken "
    "werkwijze praktijk voorbeeld voorbeelden verschil verschillen waarde waarden doel "
    "doelen kracht krachten plek plaats moment stap stappen traject handreiking deelnemer "
    "deelnemers formeel informeel formele informele gezamenlijk gezamenlijke eigen nieuwe "
    "goede belangrijk belangrijke sterk sterke open duidelijk duidelijke lokaal lokale "
    "werken leren delen zoeken vinden maken geven nemen houden brengen kijken luisteren "
    "vragen helpen bouwen groeien ontmoeten begrijpen afstemmen verbinden versterken "
    "ontdekken bespreken ontwikkelen betrekken verwachten benoemen oppakken doorzetten "
    "vaak soms steeds altijd eerst daarna verder samen weer echt graag vooral juist "
    "beide andere veel weinig meer minder elke iedere alle enkele sommige"
)
WORDS = tuple(_WORDS_TEXT.split())

FIRST_NAMES = (
    "Jan",
    "Anne",
    "Pieter",
    "Sanne",
    "Joost",
    "Marloes",
    "Geert",
    "Ineke",
    "Sjoerd",
    "Femke",
    "Daniëlle",
    "Noël",
    "Chloë",
    "Joël",
    "Zoë",
    "Anaïs",
    "Hélène",
    "Mériam",
    "Fatima",
    "Mohamed",
    "Aïcha",
    "Yasmina",
    "Rachid",
    "Emre",
    "Şeyma",
    "Gökhan",
    "Ilse",
    "Wouter",
    "Roeland",
    "Mirjam",
    "Alice",
    "Henriëtte",
    "Kees",
    "Bram",
    "Lotte",
    "Thijs",
    "Maartje",
    "Reinier",
    "Gerrit",
    "Janneke",
    "Ruud",
    "Esmée",
    "Aïsha",
    "Renée",
    "Désirée",
)
# (von part, last name): the particles are lowercase as in a reference-manager export.
SURNAMES = (
    ("", "Jansen"),
    ("de", "Vries"),
    ("van den", "Berg"),
    ("", "Bakker"),
    ("van", "Dijk"),
    ("", "Visser"),
    ("", "Smit"),
    ("", "Meijer"),
    ("de", "Boer"),
    ("", "Mulder"),
    ("de", "Groot"),
    ("", "Bos"),
    ("", "Vos"),
    ("", "Peters"),
    ("", "Hendriks"),
    ("van", "Leeuwen"),
    ("", "Dekker"),
    ("", "Brouwer"),
    ("de", "Wit"),
    ("", "Dijkstra"),
    ("de", "Graaf"),
    ("van der", "Meer"),
    ("van der", "Linden"),
    ("", "Kok"),
    ("de", "Haan"),
    ("", "Vermeulen"),
    ("van den", "Heuvel"),
    ("van der", "Veen"),
    ("van den", "Broek"),
    ("de", "Bruijn"),
    ("van der", "Heijden"),
    ("", "Schouten"),
    ("van", "Beek"),
    ("", "Willems"),
    ("van", "Vliet"),
    ("van de", "Ven"),
    ("", "Hoekstra"),
    ("ten", "Brink"),
    ("ter", "Horst"),
    ("in 't", "Veld"),
    ("van 't", "Hof"),
    ("ten", "Cate"),
    ("", "Öztürk"),
    ("", "Y\u0131lmaz"),
    ("", "Şahin"),
    ("", "Çelik"),
    ("", "Doğan"),
    ("", "El Amrani"),
    ("", "Boukhari"),
    ("", "Tjon-A-Fong"),
    ("", "Sewnarain"),
    ("", "Ramdin"),
    ("", "Pinas"),
    ("", "Ménard"),
    ("", "Müller"),
    ("", "Brûlé"),
    ("", "Gündoğdu"),
    ("van", "Bijsterveldt"),
    ("", "Kowalk"),
    ("", "Sennett"),
)
ORGANISATIONS = (
    "Sociaal en Cultureel Planbureau",
    "Movisie",
    "Vilans",
    "Gemeente Amsterdam",
    "Hogeschool van Amsterdam",
    "Vrijwilligersacademie Amsterdam",
    "Verwey-Jonker Instituut",
    "Raad voor Maatschappelijke Ontwikkeling",
    "Nederlands Jeugdinstituut",
)
PUBLISHERS = (
    ("Boom", "Amsterdam"),
    ("Van Gorcum", "Assen"),
    ("Coutinho", "Bussum"),
    ("SWP", "Amsterdam"),
    ("Bohn Stafleu van Loghum", "Houten"),
    ("Garant", "Antwerpen"),
    ("Amsterdam University Press", "Amsterdam"),
    ("Policy Press", "Bristol"),
)
JOURNALS = (
    "Tijdschrift voor Sociale Vraagstukken",
    "Journal of Social Intervention",
    "Vakblad Sociaal Werk",
    "Tijdschrift voor Gezondheidswetenschappen",
    "Beleid en Maatschappij",
    "Journal of Advanced Nursing",
)
# A LaTeX form of some letters, as BibTeX exports without Unicode write them.
LATEX = {
    "ë": '{\\"e}',
    "ï": '{\\"i}',
    "é": "{\\'e}",
    "è": "{\\`e}",
    "ö": '{\\"o}',
    "ü": '{\\"u}',
    "Ö": '{\\"O}',
    "ç": "{\\c c}",
    "Ç": "{\\c C}",
    "ş": "{\\c s}",
    "Ş": "{\\c S}",
    "ğ": "{\\u g}",
    "û": "{\\^u}",
    "\u0131": "{\\i}",
}


@dataclass
class BibEntry:
    key: str
    type: str
    fields: dict[str, str]
    persons: dict[str, list[str]] = field(default_factory=dict)

    def to_bibtex(self) -> str:
        lines = [f"@{self.type}{{{self.key},"]
        for role, names in self.persons.items():
            lines.append(f"  {role:<11} = {{{' and '.join(names)}}},")
        for name, value in self.fields.items():
            lines.append(f"  {name:<11} = {{{value}}},")
        lines.append("}")
        return "\n".join(lines)


@dataclass
class TreeInfo:
    """What a generated tree holds; written to ``bench-info.json`` beside ``mkdocs.yml``."""

    scale: float
    editions: list[str]
    chapters: int
    words: int
    quotes: int
    quotes_placed: int
    boxes: int
    boxes_placed: int
    citations: int
    cited_keys: int
    bib_entries: int
    citation_factor: float


class Writer:
    """Deterministic synthetic text."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def sentence(self, low: int = 6, high: int = 16) -> str:
        words = self.rng.choices(WORDS, k=self.rng.randint(low, high))
        words[0] = words[0].capitalize()
        return " ".join(words) + "."

    def sentences(self, n_words: int) -> list[str]:
        out: list[str] = []
        count = 0
        while count < n_words:
            s = self.sentence(min(6, max(1, n_words - count)), max(6, min(16, n_words - count)))
            out.append(s)
            count += len(s.split())
        return out

    def title(self, low: int = 2, high: int = 5) -> str:
        words = [w for w in self.rng.choices(WORDS[60:], k=self.rng.randint(low, high))]
        return " ".join(words).capitalize()


def _latexify(text: str, rng: random.Random) -> str:
    """About one name in five is written the old BibTeX way, with LaTeX accents."""
    if rng.random() < 0.2:
        return "".join(LATEX.get(ch, ch) for ch in text)
    return text


def _ascii_key(text: str) -> str:
    import unicodedata

    text = text.replace("\u0131", "i")
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in plain.lower() if ch.isalnum())


def make_bibliography(n: int, seed: int = 5000) -> list[BibEntry]:
    """``n`` entries with Dutch names (particles, diacritics) and mixed entry types."""
    rng = random.Random(seed)
    writer = Writer(rng)
    entries: list[BibEntry] = []
    used: set[str] = set()
    types = ("book", "article", "incollection", "report", "online")
    weights = (30, 30, 15, 15, 10)
    for i in range(n):
        kind = rng.choices(types, weights)[0]
        year = rng.randint(1975, 2024)
        persons: dict[str, list[str]] = {}
        corporate = rng.random() < 0.08
        if corporate:
            first_last = rng.choice(ORGANISATIONS)
            persons["author"] = ["{" + first_last + "}"]
        else:
            names = []
            count = rng.choices((1, 2, 3, 4, 7), (45, 30, 12, 8, 5))[0]
            for _ in range(count):
                von, last = rng.choice(SURNAMES)
                first = rng.choice(FIRST_NAMES)
                if rng.random() < 0.3:  # initials only, as many exports have them
                    first = ". ".join(p[0] for p in first.split()) + "."
                last = "{" + last + "}" if " " in last else last
                name = f"{von} {last}, {first}" if von else f"{last}, {first}"
                names.append(_latexify(name, rng))
            if rng.random() < 0.04:
                names.append("others")
            first_last = names[0].split(",")[0]
            persons["author"] = names
        stem = _ascii_key(first_last.split("{")[-1] if corporate else first_last) or "anon"
        stem = stem[:20]
        key = f"{stem}{year}"
        suffix = 0
        while key in used:
            suffix += 1
            key = f"{stem}{year}{chr(ord('a') + suffix - 1) if suffix < 27 else suffix}"
        used.add(key)
        title = writer.title(3, 9)
        if rng.random() < 0.4:
            title += ": " + writer.title(2, 6).lower()
        fields: dict[str, str] = {"title": title, "year": str(year)}
        if kind == "book":
            publisher, address = rng.choice(PUBLISHERS)
            fields.update(publisher=publisher, address=address)
            if rng.random() < 0.2:
                fields["edition"] = str(rng.randint(2, 6))
        elif kind == "article":
            first_page = rng.randint(1, 400)
            fields.update(
                journal=rng.choice(JOURNALS),
                volume=str(rng.randint(1, 60)),
                number=str(rng.randint(1, 6)),
                pages=f"{first_page}--{first_page + rng.randint(5, 30)}",
            )
            if rng.random() < 0.6:
                fields["doi"] = f"10.{rng.randint(1000, 9999)}/bench.{i:05d}"
        elif kind == "incollection":
            publisher, address = rng.choice(PUBLISHERS)
            von, last = rng.choice(SURNAMES)
            editor = (
                f"{von} {{{last}}}, {rng.choice(FIRST_NAMES)}"
                if von
                else (f"{last}, {rng.choice(FIRST_NAMES)}")
            )
            persons["editor"] = [editor]
            first_page = rng.randint(1, 300)
            fields.update(
                booktitle=writer.title(3, 7),
                publisher=publisher,
                address=address,
                pages=f"{first_page}--{first_page + rng.randint(8, 40)}",
            )
        elif kind == "report":
            fields.update(institution=rng.choice(ORGANISATIONS))
            if rng.random() < 0.5:
                fields["type"] = rng.choice(("Rapport", "Werkdocument", "Tussenrapportage"))
                fields["number"] = str(rng.randint(1, 99))
        else:  # online
            fields.update(
                organization=rng.choice(ORGANISATIONS),
                url=f"https://example.org/bench/{key}",
                urldate=(
                    f"{rng.randint(2018, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
                ),
            )
        entries.append(BibEntry(key, kind, fields, persons))
    return entries


def write_bibliography(entries: list[BibEntry], path: Path) -> None:
    header = (
        "% Synthetic bibliography for the benchmark (bench/generate.py): invented works.\n"
        f"% {len(entries)} entries.\n\n"
    )
    path.write_text(header + "\n\n".join(e.to_bibtex() for e in entries) + "\n", encoding="utf-8")


# ----------------------------------------------------------------------------- the site


def _real_mkdocs_config() -> dict:
    """The real site's settings (theme, plugins, extensions, validation), as a base."""
    config = yamlio.load(REPO / "mkdocs.yml")
    theme = config.get("theme")
    if isinstance(theme, dict) and theme.get("custom_dir"):
        theme["custom_dir"] = str((REPO / theme["custom_dir"]).resolve())
    if config.get("hooks"):
        config["hooks"] = [str((REPO / h).resolve()) for h in config["hooks"]]
    return config


EDITIONS = "<editions>"
BOXES = "<bouwstenen>"


@dataclass
class NavTemplate:
    """The real nav, with the places of the editions and the theory boxes marked."""

    entries: list
    #: pages the plugin generates in every edition (``citaten.md``, ``literatuur.md``, ...)
    edition_generated: list[str]
    boxes_title: str
    #: generated pages of the box section (``bouwstenen/index.md``)
    boxes_generated: list[str]
    #: real pages outside editions and boxes, with their number of words
    other_pages: dict[str, int]


def _leaves(item: object) -> list[str]:
    if isinstance(item, str):
        return [item]
    if isinstance(item, dict):
        return [leaf for value in item.values() for leaf in _leaves(value)]
    if isinstance(item, list):
        return [leaf for value in item for leaf in _leaves(value)]
    return []


def _source_nav(config: dict, docs: Path, editions: list[str]) -> list:
    """The navigation the plugin makes when ``mkdocs.yml`` has no ``nav``: each edition
    with the chapters its ``hoofdstukken`` lists, the theory boxes, the guide's pages,
    then the other pages of ``docs/`` (see plugins/handreiking/content/order.py)."""

    def front(path: Path) -> dict:
        text = path.read_text(encoding="utf-8") if path.is_file() else ""
        parts = text.split("---", 2) if text.startswith("---") else []
        return (yaml.safe_load(parts[1]) or {}) if len(parts) == 3 else {}

    nav: list = [{"Start": "index.md"}]
    for edition in editions:
        meta = front(docs / edition / "index.md")
        chapters = meta.get("hoofdstukken")
        if chapters is None:
            chapters = sorted(p.name for p in (docs / edition).glob("*.md") if p.name != "index.md")
        section = [f"{edition}/index.md", *(f"{edition}/{c}" for c in chapters)]
        if meta.get("status") == "gepubliceerd":
            section += [f"{edition}/citaten.md", f"{edition}/literatuur.md"]
        nav.append({meta.get("stadsdeel") or edition: section})
    boxes = front(docs / "bouwstenen" / "index.md").get("volgorde") or sorted(
        p.name for p in (docs / "bouwstenen").glob("*.md") if p.name != "index.md"
    )
    nav.append({"Bouwstenen": ["bouwstenen/index.md", *(f"bouwstenen/{b}" for b in boxes)]})
    nav += [{"Thema's": "themas.md"}, {"Alle citaten": "citaten.md"}]
    nav.append({"Alle literatuur": "literatuur.md"})
    nav += sorted(p.name for p in docs.glob("*.md") if p.name != "index.md")
    return nav


def nav_template(config: dict) -> NavTemplate:
    """Read the real ``nav`` so that the synthetic one follows it as the site grows."""
    docs = REPO / config.get("docs_dir", "docs")
    editions: list[str] = []
    for plugin in config.get("plugins", []):
        if isinstance(plugin, dict) and "handreiking" in plugin:
            editions = list((plugin["handreiking"] or {}).get("edities", []))
    entries: list = []
    edition_generated: list[str] = []
    boxes_title, boxes_generated = "Bouwstenen", []
    other: dict[str, int] = {}
    for item in config.get("nav") or _source_nav(config, docs, editions):
        leaves = [leaf for leaf in _leaves(item) if leaf.endswith(".md")]
        heads = {leaf.split("/", 1)[0] for leaf in leaves if "/" in leaf}
        if leaves and heads and heads <= set(editions) and all("/" in leaf for leaf in leaves):
            if EDITIONS not in entries:
                entries.append(EDITIONS)
            for leaf in leaves:
                name = leaf.split("/", 1)[1]
                if not (docs / leaf).exists() and name not in edition_generated:
                    edition_generated.append(name)
        elif leaves and all(leaf.startswith("bouwstenen/") for leaf in leaves):
            entries.append(BOXES)
            if isinstance(item, dict):
                boxes_title = next(iter(item))
            # the index is generated (a docs/bouwstenen/index.md only orders the boxes)
            boxes_generated = [
                leaf
                for leaf in leaves
                if not (docs / leaf).exists() or leaf == "bouwstenen/index.md"
            ]
        else:
            entries.append(item)
            for leaf in leaves:
                path = docs / leaf
                if path.exists() and leaf != "index.md":
                    other[leaf] = len(path.read_text(encoding="utf-8").split())
    if EDITIONS not in entries:
        entries.insert(1, EDITIONS)
    if BOXES not in entries:
        entries.insert(entries.index(EDITIONS) + 1, BOXES)
    if not edition_generated:
        edition_generated = ["citaten.md", "literatuur.md"]
    return NavTemplate(entries, edition_generated, boxes_title, boxes_generated, other)


def _edition_ids(n: int) -> list[tuple[str, str, int]]:
    """(id, district name, year): the four real editions first, then more districts and years."""
    out = []
    for i in range(n):
        slug, name = DISTRICTS[i % len(DISTRICTS)]
        year = FIRST_YEAR + i // len(DISTRICTS)
        if i < 4:
            out.append((slug, name, FIRST_YEAR))
        else:
            out.append((f"{slug}-{year}", name, year))
    return out


def _wrap(text: str) -> list[str]:
    return textwrap.wrap(text, width=96, break_long_words=False, break_on_hyphens=False)


def _sizes(scale: float, tiny: bool) -> tuple[int, int]:
    """(editions, chapters per edition)."""
    if tiny:
        return 1, 2
    editions = max(1, round(4 * scale))
    chapters = max(2, round(len(CHAPTERS) * 4 * scale / editions))
    return editions, chapters


def generate(
    out: Path,
    scale: float = 1.0,
    *,
    tiny: bool = False,
    bib_entries: int | None = None,
    citation_factor: float = 1.0,
    seed: int = 2016,
) -> TreeInfo:
    """Write a complete synthetic site into ``out`` (emptied first); return what it holds."""
    rng = random.Random(f"{seed}-{scale}-{tiny}-{citation_factor}")
    writer = Writer(rng)
    if out.exists():
        shutil.rmtree(out)
    docs = out / "docs"
    (docs / "bouwstenen").mkdir(parents=True)

    n_editions, n_chapters = _sizes(scale, tiny)
    if bib_entries is None:
        bib_entries = 20 if tiny else min(BIB_MAX, max(20, round(BIB_PER_SCALE * scale)))
    bib = make_bibliography(bib_entries)
    write_bibliography(bib, out / "bibliography.bib")
    keys = [e.key for e in bib]

    editions = _edition_ids(n_editions)
    n_boxes = 2 if tiny else max(2, round(BOXES_PER_EDITION * n_editions * n_chapters / 14))

    # -- theory boxes: a shared library
    box_ids: list[str] = []
    for b in range(n_boxes):
        box_id = f"bouwsteen-{rng.choice(THEMES)}-{b + 1:03d}"
        box_ids.append(box_id)
        bronnen = rng.sample(keys, k=min(len(keys), rng.choice((0, 1, 1, 2))))
        body_words = rng.randint(*BOX_WORDS)
        paragraphs = _paragraphs(writer, body_words, rng)
        # one citation in the body of most boxes, as in the real library
        if rng.random() < 0.75:
            paragraphs[0] += f" [@{rng.choice(keys)}]"
        front = {
            "id": box_id,
            "titel": writer.title(2, 4),
            "thema": rng.sample(THEMES, k=rng.randint(1, 3)),
            "bronnen": bronnen,
        }
        body = "\n\n".join("\n".join(_wrap(p)) for p in paragraphs)
        (docs / "bouwstenen" / f"{box_id}.md").write_text(
            _front(front) + "\n" + body + "\n", encoding="utf-8"
        )

    # -- editions
    totals = {"words": 0, "quotes": 0, "quotes_placed": 0, "boxes_placed": 0, "citations": 0}
    cited: set[str] = set()
    config = _real_mkdocs_config()
    template = nav_template(config)
    edition_sections: list[dict] = []
    profile = [CHAPTERS[i % len(CHAPTERS)] for i in range(n_chapters)]
    for e_index, (edition_id, district, year) in enumerate(editions):
        folder = docs / edition_id
        folder.mkdir()
        prefix = edition_id
        # this edition's pool of works: most citations go to a few works
        pool = rng.sample(keys, k=min(len(keys), 10 if tiny else round(40 * citation_factor)))
        quote_ids: list[dict] = []
        chapter_files: list[str] = []
        box_cursor = e_index * BOXES_PER_EDITION
        for c_index, (words, n_quotes, n_box, n_cites, n_heads, n_items) in enumerate(profile):
            if tiny:
                n_quotes, n_box, n_cites = 2, 1, 3
            n_cites = round(n_cites * citation_factor)
            slug = f"hoofdstuk-{c_index + 1:02d}"
            chapter_files.append(slug)
            placed_quotes = []
            for _ in range(n_quotes):
                theme = rng.choice(THEMES)
                quote_id = f"{prefix}-{theme}-{len(quote_ids) + 1:03d}"
                record = {
                    "id": quote_id,
                    "tekst": " ".join(writer.sentences(rng.randint(8, 40))),
                    "rol": rng.choice(ROLES),
                    "thema": sorted({theme, *rng.sample(THEMES, k=rng.randint(0, 2))}),
                }
                if rng.random() < 0.6:
                    record["bijeenkomst"] = rng.randint(1, 6)
                record["bron"] = f"Synthetische editie {district} {year}"
                record["toestemming"] = True
                quote_ids.append(record)
                placed_quotes.append(quote_id)
            placed_boxes = []
            for _ in range(n_box):
                placed_boxes.append(box_ids[box_cursor % len(box_ids)])
                box_cursor += 1
            citations = [_citation(rng, pool) for _ in range(n_cites)]
            for _text, used_keys in citations:
                cited.update(used_keys)
            text = _chapter(
                writer,
                rng,
                f"{prefix}-h{c_index + 1:02d}",
                c_index + 1,
                words,
                placed_quotes,
                placed_boxes,
                [c for c, _ in citations],
                n_heads,
                n_items,
            )
            (folder / f"{slug}.md").write_text(text, encoding="utf-8")
            totals["words"] += words
            totals["quotes_placed"] += len(placed_quotes)
            totals["boxes_placed"] += len(placed_boxes)
            totals["citations"] += len(citations)
        totals["quotes"] += len(quote_ids)
        (folder / "citaten.yml").write_text(
            "# Synthetic quotes for the benchmark (bench/generate.py).\n\n"
            + yaml.safe_dump(quote_ids, allow_unicode=True, sort_keys=False, width=1000),
            encoding="utf-8",
        )
        front = {
            "id": f"{prefix}-start",
            "titel": f"Synthetische handreiking {district} {year}",
            "stadsdeel": district,
            "jaar": year,
            "status": "gepubliceerd",
            "nocite": [pool[0]],
            # the reading order, as every edition with chapters gives it (content/order.py)
            "hoofdstukken": [f"{slug}.md" for slug in chapter_files],
        }
        cited.add(pool[0])
        index_body = [
            f"# Samenspel in {district} ({year})",
            "",
            "*Synthetische testinhoud voor de benchmark: geen echte handreiking.*",
            "",
            *_wrap(" ".join(writer.sentences(INDEX_WORDS // 2))),
            "",
            "## Hoofdstukken {#hoofdstukken}",
            "",
            *[f"- [Hoofdstuk {i + 1}]({slug}.md)" for i, slug in enumerate(chapter_files)],
            "",
            "## Colofon {#colofon}",
            "",
            *[f"- {writer.sentence(4, 10)}" for _ in range(6)],
            "",
            *_wrap(" ".join(writer.sentences(INDEX_WORDS // 2))),
        ]
        (folder / "index.md").write_text(
            _front(front) + "\n" + "\n".join(index_body) + "\n", encoding="utf-8"
        )
        edition_sections.append(
            {
                f"{district} {year}" if e_index >= 4 else district: [
                    f"{edition_id}/index.md",
                    *[f"{edition_id}/{slug}.md" for slug in chapter_files],
                    *[f"{edition_id}/{name}" for name in template.edition_generated],
                ]
            }
        )

    nav: list = []
    for entry in template.entries:
        if entry == EDITIONS:
            nav += edition_sections
        elif entry == BOXES:
            title = template.boxes_title
            nav.append(
                {title: [*template.boxes_generated, *[f"bouwstenen/{b}.md" for b in box_ids]]}
            )
        else:
            nav.append(entry)
    # pages of the real site that are neither editions nor boxes (a guide for authors, say):
    # synthetic text of the same length, so that no link points out of the tree
    for rel, words in template.other_pages.items():
        page = docs / rel
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(
            f"# {writer.title(2, 4)}\n\n*Synthetische testinhoud voor de benchmark.*\n\n"
            + "\n\n".join("\n".join(_wrap(p)) for p in _paragraphs(writer, words, rng))
            + "\n",
            encoding="utf-8",
        )

    rows = "\n".join(f"| [{d} {y}]({e}/index.md) | gepubliceerd |" for e, d, y in editions)
    (docs / "index.md").write_text(
        "# Samenspel (benchmark)\n\n"
        "*Synthetische testinhoud, gemaakt door `bench/generate.py`: geen echte handreiking.*\n\n"
        + "\n".join(_wrap(" ".join(writer.sentences(120))))
        + "\n\n"
        "## De edities {#edities}\n\n| Editie | Status |\n|---|---|\n" + rows + "\n",
        encoding="utf-8",
    )

    config["site_name"] = "Samenspel (benchmark)"
    for plugin in config.get("plugins", []):
        if isinstance(plugin, dict) and "handreiking" in plugin:
            options = plugin["handreiking"] or {}
            options["edities"] = [e for e, _, _ in editions]
            options["bibliografie"] = "bibliography.bib"
            options.pop("editie", None)
            plugin["handreiking"] = options
    config["nav"] = nav
    (out / "mkdocs.yml").write_text(
        "# Generated by bench/generate.py from the real mkdocs.yml; do not edit.\n"
        + yamlio.dump(config),
        encoding="utf-8",
    )
    info = TreeInfo(
        scale=scale,
        editions=[e for e, _, _ in editions],
        chapters=n_editions * n_chapters,
        words=totals["words"],
        quotes=totals["quotes"],
        quotes_placed=totals["quotes_placed"],
        boxes=len(box_ids),
        boxes_placed=totals["boxes_placed"],
        citations=totals["citations"],
        cited_keys=len(cited),
        bib_entries=len(bib),
        citation_factor=citation_factor,
    )
    (out / "bench-info.json").write_text(json.dumps(asdict(info), indent=2) + "\n")
    return info


def _front(data: dict) -> str:
    return "---\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000) + "---\n"


def _paragraphs(writer: Writer, words: int, rng: random.Random) -> list[str]:
    paragraphs = []
    left = words
    while left > 0:
        size = min(left, rng.randint(50, 110))
        paragraphs.append(" ".join(writer.sentences(size)))
        left -= size
    return paragraphs


def _citation(rng: random.Random, pool: list[str]) -> tuple[str, list[str]]:
    """One citation in a form of the contract, weighted as authors write them."""
    key = pool[min(len(pool) - 1, int(rng.paretovariate(1.2)) - 1)]
    form = rng.choices(
        ("plain", "locator", "multi", "narrative", "prefix", "year"), (50, 15, 15, 10, 5, 5)
    )[0]
    if form == "locator":
        return f"[@{key}, p. {rng.randint(2, 250)}]", [key]
    if form == "multi":
        other = rng.choice([k for k in pool if k != key] or pool)
        return f"[@{key}; @{other}]", [key, other]
    if form == "narrative":
        return f"@{key}", [key]
    if form == "prefix":
        return f"[zie @{key}]", [key]
    if form == "year":
        return f"[-@{key}]", [key]
    return f"[@{key}]", [key]


def _chapter(
    writer: Writer,
    rng: random.Random,
    page_id: str,
    number: int,
    words: int,
    quotes: list[str],
    boxes: list[str],
    citations: list[str],
    headings: int,
    items: int,
) -> str:
    """A chapter: headings, paragraphs and lists, with quotes, boxes and citations spread."""
    front = {
        "id": page_id,
        "thema": rng.sample(THEMES, k=3),
        "samenvatting": writer.sentence(10, 20),
    }
    paragraphs = _paragraphs(writer, max(words, 20), rng)
    # citations go at the end of sentences (before the full stop), spread over the
    # paragraphs; a sentence is split off only once, so a locator's "p. 12" stays whole
    split = [p.split(". ") for p in paragraphs]
    for i, citation in enumerate(citations):
        sentences = split[i % len(split)]
        at = rng.randrange(len(sentences))
        sentence = sentences[at]
        stop = "." if sentence.endswith(".") else ""
        sentence = sentence.removesuffix(".")
        if citation.startswith("@"):
            sentences[at] = f"{sentence}, zoals {citation} laat zien{stop}"
        else:
            sentences[at] = f"{sentence} {citation}{stop}"
    paragraphs = [". ".join(sentences) for sentences in split]
    blocks: list[str] = [
        f"# {number}. {writer.title(2, 5)}",
        "*Synthetische testinhoud voor de benchmark.*",
    ]
    blocks += ["\n".join(_wrap(p)) for p in paragraphs]
    inserts: list[str] = []
    inserts += [f"/// citaat | {q}\n///" for q in quotes]
    inserts += [f"/// bouwsteen | {b}\n///" for b in boxes]
    if items:
        per = max(1, items // max(1, min(3, items)))
        for _start in range(0, items, per):
            inserts.append("\n".join(f"- {writer.sentence(4, 12)}" for _ in range(per)))
    for h in range(headings):
        anchor = f"deel-{h + 1}"
        inserts.append(f"## {writer.title(2, 5)} {{#{anchor}}}")
    rng.shuffle(inserts)
    # keep headings in order and spread everything between paragraphs
    for insert in inserts:
        blocks.insert(rng.randint(2, len(blocks)), insert)
    return _front(front) + "\n" + "\n\n".join(blocks) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--tiny", action="store_true", help="one edition, two chapters")
    parser.add_argument("--bib", type=int, help="bibliography entries (default: 500 per scale)")
    parser.add_argument("--citation-factor", type=float, default=1.0)
    parser.add_argument("--bib-only", type=int, metavar="N", help="only write an N-entry .bib")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    if args.bib_only:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        write_bibliography(make_bibliography(args.bib_only), args.out)
        print(f"{args.bib_only} entries in {args.out}")
        return 0
    info = generate(
        args.out,
        args.scale,
        tiny=args.tiny,
        bib_entries=args.bib,
        citation_factor=args.citation_factor,
    )
    print(json.dumps(asdict(info)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
