"""Bad input: one clear message (file, line, what is wrong), exit code 1, no traceback,
and the last good site left exactly as it was.

Each case copies the tiny site ``tests/sites/robuust``, builds it, breaks one thing,
builds again and compares the site folder byte for byte with the good build. Every
case also goes through ``handreiking check``, which must give the build's verdict
(:func:`test_check_gives_the_verdict_of_the_build`).

A case is one entry of :data:`CASES`: its name, the change that breaks the site, and
messages the build must print.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import Built, build, check_problems, copy_site, edit_file, removed_old_sites, run_cli

SITE = "robuust"


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` by relative path, with its bytes."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def leftovers(project: Path) -> list[str]:
    """Temporary build folders the CLI left next to the site (once the old sites it
    removes in the background are gone)."""
    removed_old_sites(project)
    return sorted(p.name for p in project.iterdir() if p.name.startswith(".site-"))


@pytest.fixture(scope="module")
def good(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, bytes]]:
    """One good build of the test site, copied into every case."""
    project = copy_site(SITE, tmp_path_factory.mktemp("goed"))
    result = build(project)
    assert result.returncode == 0, result.stderr
    return project, snapshot(result.site)


@pytest.fixture
def project(tmp_path: Path, good: tuple[Path, dict[str, bytes]]) -> Path:
    """A fresh copy of the good project, its site included."""
    target = tmp_path / SITE
    shutil.copytree(good[0], target, symlinks=True)
    return target


edit = edit_file


def append(path: Path, text: str) -> None:
    with path.open("a", encoding="utf-8") as handle:
        handle.write(text)


def add_chapter(project: Path, name: str, content: bytes) -> None:
    """A new chapter of Noord, last in its reading order."""
    (project / "docs" / "noord" / name).write_bytes(content)
    edit(
        project / "docs/noord/index.md",
        "hoofdstukken: [samen.md",
        f"hoofdstukken: [samen.md, {name}",
    )


def big_quote_file(project: Path) -> None:
    record = (
        "- id: no-groot-{i}\n"
        '  tekst: "Wij werken samen in de wijk en dat gaat goed, elke week weer."\n'
        "  rol: bewoner\n  thema: [groot]\n  toestemming: true\n"
    )
    parts, size, i = [], 0, 0
    while size < 10_000_000:
        part = record.format(i=i)
        parts.append(part)
        size += len(part)
        i += 1
    append(project / "docs/noord/citaten.yml", "".join(parts))


QUOTES = "docs/noord/citaten.yml"
CHAPTER = "docs/noord/samen.md"

Case = tuple[Callable[[Path], None], list[str]]

CASES: dict[str, Case] = {
    "broken YAML": (
        lambda p: edit(p / QUOTES, 'tekst: "Wij luisteren naar elkaar."', "tekst: [Wij luisteren"),
        [
            f"{QUOTES}:3: de YAML kan niet worden gelezen: expected ',' or ']', but got "
            "':' (while parsing a flow sequence)"
        ],
    ),
    "tabs in YAML": (
        lambda p: edit(p / QUOTES, "  rol: vrijwilliger", "\trol: vrijwilliger"),
        [
            f"{QUOTES}:3: de YAML kan niet worden gelezen: found character '\\t' that cannot "
            "start any token (while scanning for the next token); gebruik spaties om in te "
            "springen, geen tabs"
        ],
    ),
    "a list where text belongs": (
        lambda p: edit(p / QUOTES, 'tekst: "Wij luisteren naar elkaar."', "tekst: [a, b]"),
        [f"{QUOTES}:2: 'tekst' moet tekst zijn; zet de uitspraak tussen aanhalingstekens"],
    ),
    "unknown quote id in a chapter": (
        lambda p: edit(p / CHAPTER, "/// citaat | no-respect-01", "/// citaat | no-respect-1"),
        [f"{CHAPTER}:11: onbekend citaat 'no-respect-1'; bedoel je 'no-respect-01'?"],
    ),
    "duplicate quote id": (
        lambda p: edit(p / QUOTES, "id: no-respect-02", "id: no-respect-01"),
        [
            f"{QUOTES}:7: citaat-id 'no-respect-01' komt twee keer voor: ook in {QUOTES}:1; "
            "geef elk citaat een eigen id"
        ],
    ),
    "duplicate page id": (
        lambda p: edit(p / "docs/west/index.md", "id: we-start", "id: no-samen"),
        ["docs/west/index.md:2: id 'no-samen' wordt al gebruikt in docs/noord/samen.md:2"],
    ),
    "unknown role": (
        lambda p: edit(p / QUOTES, "rol: vrijwilliger", "rol: vrijwiliger"),
        [f"{QUOTES}:3: onbekende rol 'vrijwiliger'; bedoel je 'vrijwilliger'?"],
    ),
    "unknown key": (
        lambda p: edit(p / QUOTES, "  bijeenkomst: 2\n", "  bijeenkomst: 2\n  kleur: rood\n"),
        [
            f"{QUOTES}:6: onbekend veld 'kleur'; kies uit: id, tekst, rol, thema, toestemming, "
            "bijeenkomst, bron, herkomst, naam, naam_toestemming"
        ],
    ),
    "malformed bib entry": (
        lambda p: append(
            p / "bibliography.bib", "\n@book{kapot,\n  author = {A, B},\n  title = {T\n"
        ),
        ["bibliography.bib:18: het bestand houdt op midden in een bron; ontbreekt er een '}'?"],
    ),
    "duplicated bib entry": (
        lambda p: append(
            p / "bibliography.bib",
            "\n@book{sennett2003,\n  author = {A, B},\n  title = {T},\n  year = {2000},\n}\n",
        ),
        [
            "bibliography.bib:16: de sleutel 'sennett2003' staat twee keer in het bestand: op "
            "regel 1 en op regel 16; geef één van beide een andere sleutel"
        ],
    ),
    "missing front matter": (
        lambda p: add_chapter(p, "zonder.md", b"# Zonder front matter\n\nTekst.\n"),
        [
            "docs/noord/zonder.md:1: deze pagina mist een permanent 'id' in de front matter, "
            "bijvoorbeeld: id: zo-partnerschap"
        ],
    ),
    "broken front matter": (
        lambda p: add_chapter(p, "kapot.md", b"---\nid: [no-kapot\n---\n\n# Kapot\n"),
        [
            "docs/noord/kapot.md:3: ongeldige YAML in de front matter: expected ',' or ']', "
            "but got '<stream end>'"
        ],
    ),
    "chapter not UTF-8": (
        lambda p: add_chapter(
            p, "latin.md", "---\nid: no-latin\n---\n\n# Café\n".encode("latin-1")
        ),
        [
            "docs/noord/latin.md:5: het bestand is geen UTF-8; sla het op als UTF-8 (in de "
            "meeste editors: 'Opslaan als' en dan codering UTF-8)"
        ],
    ),
    "quote file not UTF-8": (
        lambda p: (p / QUOTES).write_bytes(
            (p / QUOTES).read_bytes().replace(b"elkaar", "één".encode("cp1252"))
        ),
        [
            f"{QUOTES}:2: het bestand is niet als UTF-8 opgeslagen (teken 0xe9 is onleesbaar); "
            "sla het op als UTF-8"
        ],
    ),
    "10 MB quote file": (
        big_quote_file,
        [
            f"{QUOTES}: het bestand is 10,0 MB; een gegevensbestand mag hooguit 1 MB zijn "
            "(ruim genoeg voor zo'n drieduizend citaten). Meestal is er per ongeluk iets anders "
            "in geplakt, zoals een export of een logbestand: haal dat weg"
        ],
    ),
    "deeply nested emphasis": (
        lambda p: append(p / CHAPTER, "\n" + "*" * 3000 + "diep" + "*" * 3000 + "\n"),
        [
            f"{CHAPTER}:21: de Markdown is hier te diep genest (meer dan 60 lagen lijsten, "
            "citaten of nadruk in elkaar); maak de opbouw eenvoudiger"
        ],
    ),
    "deeply nested block quotes": (
        lambda p: append(p / CHAPTER, "\n" + "> " * 3000 + "diep\n"),
        [f"{CHAPTER}:21: de Markdown is hier te diep genest (meer dan 60 lagen"],
    ),
    "deeply nested lists": (
        lambda p: append(p / CHAPTER, "\n" + "\n".join("    " * i + "- x" for i in range(300))),
        [f"{CHAPTER}:81: de Markdown is hier te diep genest (meer dan 60 lagen"],
    ),
    "symlink out of docs": (
        lambda p: (
            (p / "geheim").mkdir(),
            (p / "geheim" / "wachtwoord.txt").write_text("GEHEIM-1234", encoding="utf-8"),
            os.symlink(p / "geheim", p / "docs" / "extern"),
            os.symlink(p / "geheim" / "wachtwoord.txt", p / "docs" / "noord" / "los.txt"),
        ),
        [
            "docs/extern: dit is een snelkoppeling (symbolic link) naar een bestand of map "
            "buiten docs/; die wordt nooit gepubliceerd. Zet het bestand zelf in docs/, of "
            "haal de koppeling weg",
            "docs/noord/los.txt: dit is een snelkoppeling (symbolic link)",
        ],
    ),
    # -- only safe links and markup (content/safety.py, markdown/safehtml.py) ----------
    "javascript link in a chapter": (
        lambda p: append(p / CHAPTER, "\n[klik](JaVaScRiPt:alert(1))\n"),
        [
            f"{CHAPTER}:21: link naar 'JaVaScRiPt:alert(1)': een adres dat met 'javascript:' "
            "begint mag niet op de site; gebruik een webadres dat met https:// begint, of een "
            "link naar een bestand in docs/"
        ],
    ),
    "script in a chapter": (
        lambda p: append(p / CHAPTER, "\n<script>alert(1)</script>\n"),
        [f"{CHAPTER}:21: deze HTML mag niet op de site: <script>; gebruik gewone opmaak"],
    ),
    "event handler in a chapter": (
        lambda p: append(p / CHAPTER, '\n<p><a href="&#106;avascript:x" onclick="x()">a</a></p>\n'),
        [
            f"{CHAPTER}:21: deze HTML mag niet op de site: 'onclick' in <a> (dat start een "
            "script); haal het weg",
            f"{CHAPTER}:21: link naar 'javascript:x': een adres dat met 'javascript:' begint",
        ],
    ),
    "iframe in a chapter": (
        lambda p: append(p / CHAPTER, '\n<iframe src="https://video.example/1"></iframe>\n'),
        [f"{CHAPTER}:21: deze HTML mag niet op de site: <iframe> laadt iets van een andere"],
    ),
    "markup in a title": (
        lambda p: edit(
            p / CHAPTER, "thema: [respect]", "title: Samen <b>vet</b>\nthema: [respect]"
        ),
        [f"{CHAPTER}:3: een titel mag geen HTML bevatten: schrijf gewone tekst"],
    ),
    "data url in the bibliography": (
        lambda p: edit(
            p / "bibliography.bib",
            "  publisher = {W. W. Norton},\n",
            "  publisher = {W. W. Norton},\n  url = {data:text/html,x},\n",
        ),
        [
            "bibliography.bib:6: bron 'sennett2003': link naar 'data:text/html,x': een adres "
            "dat met 'data:' begint mag niet op de site; gebruik een webadres dat met https:// "
            "begint"
        ],
    ),
}

# -- the navigation, links and anchors (MkDocs' own checks, said by the plugin) ---------

CONFIG = "mkdocs.yml"
START = "docs/noord/index.md"


def with_nav(project: Path, *entries: str) -> None:
    """Give the site a ``nav`` (it has none: MkDocs makes one) listing ``entries``;
    the first entry is on line 24 of mkdocs.yml."""
    append(project / CONFIG, "nav:\n" + "".join(f"  - {entry}\n" for entry in entries))


ALL_PAGES = ("index.md", "noord/index.md", "noord/samen.md", "west/index.md")
ALL_PAGES += ("bouwstenen/respect.md",)

CASES.update(
    {
        "page missing from nav": (
            lambda p: with_nav(p, *(page for page in ALL_PAGES if page != "noord/samen.md")),
            [
                "docs/noord/samen.md:1: deze pagina staat niet in de navigatie; voeg "
                "'noord/samen.md' toe onder nav in mkdocs.yml"
            ],
        ),
        "nav entry to a missing file": (
            lambda p: with_nav(p, *ALL_PAGES, "noord/samne.md"),
            [
                "mkdocs.yml:29: in nav staat 'noord/samne.md', maar het bestand "
                "docs/noord/samne.md bestaat niet; bedoel je 'noord/samen.md'?"
            ],
        ),
        "absolute nav entry": (
            lambda p: with_nav(p, *(f"/{page}" if "samen" in page else page for page in ALL_PAGES)),
            [
                "mkdocs.yml:26: in nav staat '/noord/samen.md', dat met '/' begint; noem de "
                "pagina met haar pad vanaf docs/, dus 'noord/samen.md'"
            ],
        ),
        "absolute link": (
            lambda p: edit(p / START, "[Samen](samen.md)", "[Samen](/noord/samen/)"),
            [
                f"{START}:13: link naar '/noord/samen/' begint met '/' en werkt dus niet als de "
                "site in een submap staat (zoals https://example.org/handreiking/); gebruik een "
                "relatieve link naar het bestand, dus 'samen.md'"
            ],
        ),
        "link to a missing file": (
            lambda p: edit(p / START, "[Samen](samen.md)", "[Samen](samem.md)"),
            [
                f"{START}:13: link naar 'samem.md', maar het bestand docs/noord/samem.md bestaat "
                "niet; bedoel je 'samen.md'?"
            ],
        ),
        "link to a folder": (
            lambda p: edit(p / START, "[Samen](samen.md)", "[West](../west/)"),
            [
                f"{START}:13: link naar '../west/': verwijs naar het bestand zelf, dus "
                "'../west/index.md'"
            ],
        ),
        "link to a missing anchor": (
            lambda p: edit(p / START, "[Samen](samen.md)", "[Samen](samen.md#nergens)"),
            [f"{START}:13: link naar 'samen.md#nergens', maar die pagina heeft geen kop of anker"],
        ),
        "link to a data file": (
            # citaten.yml is never published: a link to it would lead nowhere
            lambda p: edit(p / START, "[Samen](samen.md)", "[de citaten](citaten.yml)"),
            [
                f"{START}:13: link naar 'citaten.yml', maar dat bestand komt niet op de site: "
                "gegevensbestanden (zoals .yml, .csv, .txt) en reservekopieën worden nooit "
                "gepubliceerd"
            ],
        ),
    }
)


# -- published addresses are kept: the address record and old ids in verhuisd.yml --------
# The good build wrote gepubliceerde-adressen.txt; these are its lines.
RECORD = "gepubliceerde-adressen.txt"
RECORD_LINE = {"/id/no-samen/": 11, "/noord/samen/": 19}
MOVES = "verhuisd.yml"


def rename_chapter(project: Path) -> None:
    (project / CHAPTER).rename(project / "docs/noord/samenwerken.md")
    edit(project / "docs/noord/index.md", "(samen.md)", "(samenwerken.md)")
    edit(project / "docs/noord/index.md", "[samen.md]", "[samenwerken.md]")


def write_moves(project: Path, text: str) -> None:
    (project / MOVES).write_text(text, encoding="utf-8")


CASES.update(
    {
        "published chapter renamed without a move": (
            rename_chapter,
            [
                f"{RECORD}:{RECORD_LINE['/noord/samen/']}: het adres /noord/samen/ is "
                "gepubliceerd, maar bestaat niet meer; voeg aan verhuisd.yml toe: '- van: "
                "noord/samen.md' met 'naar: <id of nieuw bestand>', of haal deze regel weg als "
                "het adres echt mag verdwijnen"
            ],
        ),
        "published id changed without a move": (
            lambda p: edit(p / CHAPTER, "id: no-samen", "id: no-samen-werken"),
            [
                f"{RECORD}:{RECORD_LINE['/id/no-samen/']}: het permanente adres /id/no-samen/ "
                "is gepubliceerd, maar geen pagina heeft nog het id 'no-samen'; voeg aan "
                "verhuisd.yml toe: '- id: no-samen' met 'naar: <het nieuwe id>', of haal deze "
                "regel weg als het adres echt mag verdwijnen"
            ],
        ),
        "a line of the record that is no address": (
            lambda p: append(p / RECORD, "noord/samen/\n"),
            [
                f"{RECORD}:24: 'noord/samen/' is geen adres: elke regel is één adres vanaf de "
                "basis van de site, beginnend met '/', zoals /zuidoost/partnerschap/ (een "
                "opmerking begint met '#')"
            ],
        ),
        "old id still in use": (
            lambda p: write_moves(p, "- id: no-samen\n  naar: we-start\n"),
            [
                f"{MOVES}:1: het id 'no-samen' hoort nog bij docs/noord/samen.md; een "
                "verhuizing is voor een id dat geen pagina meer heeft (haal de regel weg)"
            ],
        ),
        "old id moved twice": (
            lambda p: write_moves(
                p, "- id: no-oud\n  naar: no-samen\n- id: no-oud\n  naar: we-start\n"
            ),
            [f"{MOVES}:3: 'id: no-oud' staat al als verhuisd op regel 1"],
        ),
        "old id moved to an unknown page": (
            lambda p: write_moves(p, "- id: no-oud\n  naar: no-samn\n"),
            [
                f"{MOVES}:1: onbekende bestemming 'naar: no-samn'; bedoel je 'no-samen'? Geef "
                "het id van de pagina (zoals zo-partnerschap) of haar nieuwe bestand (zoals "
                "zuidoost/partnerschap.md)"
            ],
        ),
        "old id that is no id": (
            lambda p: write_moves(p, "- id: /id/no-oud/\n  naar: no-samen\n"),
            [
                f"{MOVES}:1: 'id: /id/no-oud/' is geen id: een id heeft kleine letters, "
                "cijfers en '-', zoals zo-partnerschap (het oude id, zonder /id/ ervoor)"
            ],
        ),
        "old file and old id in one move": (
            lambda p: write_moves(p, "- van: noord/oud.md\n  id: no-oud\n  naar: no-samen\n"),
            [
                f"{MOVES}:1: een verhuizing heeft 'van' (het oude bestand) of 'id' (het oude "
                "id), niet allebei; schrijf er twee verhuizingen van:"
            ],
        ),
        "old id without its destination": (
            lambda p: write_moves(p, "- id: no-oud\n"),
            [f"{MOVES}:1: deze verhuizing mist 'naar':\n- id: zo-oud-id\n  naar: zo-partnerschap"],
        ),
    }
)


# -- the publication gate (outputs/gate.py): files in docs/, and what the output would show
ADVICE = (
    "persoonlijke gegevens horen niet in de handreiking: haal het weg uit de bron. Is het "
    "van een openbare organisatie, zet de precieze tekst dan met een reden en het bestand "
    "in privacy-uitzonderingen.yml"
)


def write(project: Path, name: str, text: str) -> None:
    (project / name).write_text(text, encoding="utf-8")


def copy_quotes_as(name: str) -> Callable[[Path], None]:
    return lambda p: write(p, f"docs/noord/{name}", (p / QUOTES).read_text(encoding="utf-8"))


def near_quote_file(name: str) -> list[str]:
    return [
        f"docs/noord/{name}: dit bestand wordt niet gelezen en niet gepubliceerd; bedoel je "
        "citaten.yml? Zet de gegevens in docs/noord/citaten.yml (precies die naam, in kleine "
        "letters), of haal dit bestand weg"
    ]


def other_kind(name: str) -> list[str]:
    suffix = name.rsplit(".", 1)[1]
    return [f"docs/noord/{name}: bestanden van dit soort ('.{suffix}') worden niet gepubliceerd"]


def on_the_page(kind: str, seen: str) -> list[str]:
    return [
        f"{CHAPTER}: in de gepubliceerde tekst van deze pagina staat {kind} ('{seen}'); {ADVICE}"
    ]


CASES.update(
    {
        "quote file as .yaml": (copy_quotes_as("citaten.yaml"), near_quote_file("citaten.yaml")),
        "quote file in capitals": (copy_quotes_as("Citaten.yml"), near_quote_file("Citaten.yml")),
        "old quote file beside the real one": (
            copy_quotes_as("citaten-oud.yml"),
            near_quote_file("citaten-oud.yml"),
        ),
        "a link to a data file": (
            lambda p: (
                write(p, "docs/noord/aantallen.csv", "rol,aantal\nvrijwilliger,12\n"),
                append(p / CHAPTER, "\nZie [de aantallen](aantallen.csv).\n"),
            ),
            [
                f"{CHAPTER}:21: link naar 'aantallen.csv', maar dat bestand komt niet op de "
                "site: gegevensbestanden (zoals .yml, .csv, .txt) en reservekopieën worden "
                "nooit gepubliceerd"
            ],
        ),
        "a Word file in docs": (
            lambda p: write(p, "docs/noord/verslag.docx", "Jan, 06-12345678"),
            other_kind("verslag.docx"),
        ),
        "an HTML file in docs": (
            lambda p: write(p, "docs/noord/pagina.html", "<script>alert(1)</script>"),
            other_kind("pagina.html"),
        ),
        "an SVG drawing in docs": (
            lambda p: write(p, "docs/noord/kaart.svg", "<svg onload='alert(1)'/>"),
            other_kind("kaart.svg"),
        ),
        "a phone number split by a link": (
            lambda p: append(p / CHAPTER, "\nBel [06-1234](https://voorbeeld.nl/)5678.\n"),
            on_the_page("een telefoonnummer", "06-12345678"),
        ),
        "the exact text of a quote without consent in a chapter": (
            lambda p: append(p / CHAPTER, "\nZe zei: *Dit mag nooit gepubliceerd worden.*\n"),
            [
                f"{QUOTES}:7: de tekst van citaat 'no-respect-02' (zonder toestemming) staat "
                f"op de pagina {CHAPTER}; dat mag nooit. Haal het daar weg (in citaten.yml mag "
                "het blijven staan)"
            ],
        ),
        "a file another plugin writes into the site": (
            lambda p: (
                write(
                    p,
                    "haak.py",
                    "from pathlib import Path\n\ndef on_post_build(config, **kwargs):\n"
                    "    Path(config.site_dir, 'deelnemers.csv').write_text('Jan,06')\n",
                ),
                edit(p / "mkdocs.yml", "plugins:", "hooks: [haak.py]\nplugins:"),
            ),
            [
                "deelnemers.csv: dit bestand staat in de gebouwde site, maar geen pagina, thema, "
                "plugin of bestand uit docs/ heeft het gemaakt; het wordt niet gepubliceerd"
            ],
        ),
    }
)


# -- privacy scan: every spelling, every source, exceptions per file ------------------

PRIVATE = (
    "persoonlijke gegevens van deelnemers horen niet in de handreiking: haal het weg. Is het "
    "van een openbare organisatie, zet de precieze tekst dan met een reden in "
    "privacy-uitzonderingen.yml"
)


def _private(where: str, kind: str, matched: str) -> list[str]:
    return [f"{where}: hier staat {kind} ('{matched}'); {PRIVATE}"]


PHONE_KIND = "een telefoonnummer"
QUOTE_TEXT = 'tekst: "Wij luisteren naar elkaar."'

CASES.update(
    {
        "phone with spaces around a dash": (
            lambda p: append(p / CHAPTER, "\nBel 020 - 123 45 67.\n"),
            _private(f"{CHAPTER}:21", PHONE_KIND, "020 - 123 45 67"),
        ),
        "phone with dots": (
            lambda p: append(p / CHAPTER, "\nBel 06.12.34.56.78.\n"),
            _private(f"{CHAPTER}:21", PHONE_KIND, "06.12.34.56.78"),
        ),
        "phone with an en dash and a no-break space": (
            lambda p: append(p / CHAPTER, "\nBel 06\u2013 1234\u00a05678.\n"),
            _private(f"{CHAPTER}:21", PHONE_KIND, "06- 1234 5678"),
        ),
        "phone in fullwidth digits": (
            lambda p: append(
                p / CHAPTER,
                "\nBel \uff10\uff16-\uff11\uff12\uff13\uff14\uff15\uff16\uff17\uff18.\n",
            ),
            _private(f"{CHAPTER}:21", PHONE_KIND, "06-12345678"),
        ),
        "phone split by emphasis": (
            lambda p: append(p / CHAPTER, "\nBel 06-**1234**5678.\n"),
            _private(f"{CHAPTER}:21", PHONE_KIND, "06-12345678"),
        ),
        "phone split by an HTML comment": (
            lambda p: append(p / CHAPTER, "\nBel 06-1234<!-- -->5678.\n"),
            _private(f"{CHAPTER}:21", PHONE_KIND, "06-12345678"),
        ),
        "phone written with an entity": (
            lambda p: append(p / CHAPTER, "\nBel &#48;6&#45;12345678.\n"),
            _private(f"{CHAPTER}:21", PHONE_KIND, "06-12345678"),
        ),
        "phone written with a YAML escape": (
            lambda p: edit(p / QUOTES, QUOTE_TEXT, 'tekst: "Bel 06\\x2D12345678."'),
            _private(f"{QUOTES}:2", PHONE_KIND, "06-12345678"),
        ),
        "phone folded over lines in YAML": (
            lambda p: edit(p / QUOTES, QUOTE_TEXT, "tekst: >\n    Bel 06-\n    12345678."),
            _private(f"{QUOTES}:3", PHONE_KIND, "06- 12345678"),
        ),
        "e-mail written with an entity": (
            lambda p: append(p / CHAPTER, "\nMail els&commat;voorbeeld.nl.\n"),
            _private(f"{CHAPTER}:21", "een e-mailadres", "els@voorbeeld.nl"),
        ),
        "e-mail with (at)": (
            lambda p: edit(p / QUOTES, QUOTE_TEXT, 'tekst: "Mail els (at) voorbeeld.nl."'),
            _private(f"{QUOTES}:2", "een e-mailadres", "els (at) voorbeeld.nl"),
        ),
        "lower-case postcode with nr.": (
            lambda p: append(p / CHAPTER, "\nWe waren in de Kerkstraat nr. 12,\n1102 cw.\n"),
            _private(
                f"{CHAPTER}:21", "een adres (postcode met huisnummer)", "Kerkstraat nr. 12, 1102 cw"
            ),
        ),
        "phone in a bib title": (
            lambda p: edit(
                p / "bibliography.bib",
                "title = {Respect in a world of inequality}",
                "title = {Respect; bel 06--{1234}5678}",
            ),
            _private("bibliography.bib:3", PHONE_KIND, "06-12345678"),
        ),
        "phone in a nav title of mkdocs.yml": (
            lambda p: append(p / "mkdocs.yml", "nav:\n  - 'Bel 06-12345678': index.md\n"),
            _private("mkdocs.yml:24", PHONE_KIND, "06-12345678"),
        ),
        "phone in a text file in docs": (
            lambda p: (p / "docs/noord/notities.txt").write_text(
                "Fatima, bewoner\n06 - 12345678\n", encoding="utf-8"
            ),
            _private("docs/noord/notities.txt:2", PHONE_KIND, "06 - 12345678"),
        ),
        "an exception for another file": (
            lambda p: (
                append(p / CHAPTER, "\nBel 06-12345678.\n"),
                (p / "privacy-uitzonderingen.yml").write_text(
                    '- tekst: "06-12345678"\n  reden: "voorbeeld"\n'
                    "  bestand: docs/bouwstenen/respect.md\n",
                    encoding="utf-8",
                ),
            ),
            [
                *_private(f"{CHAPTER}:21", PHONE_KIND, "06-12345678"),
                "privacy-uitzonderingen.yml:1: de uitzondering '06-12345678' staat nergens in "
                "docs/bouwstenen/respect.md; haal haar weg of maak de tekst gelijk aan die in "
                "de bron",
            ],
        ),
        "an exception without a file": (
            lambda p: (p / "privacy-uitzonderingen.yml").write_text(
                '- tekst: "06-12345678"\n  reden: "voorbeeld"\n', encoding="utf-8"
            ),
            [
                "privacy-uitzonderingen.yml:1: deze uitzondering mist 'bestand'; schrijf erbij "
                "voor welk bestand ze geldt, bijvoorbeeld 'bestand: docs/index.md'"
            ],
        ),
    }
)

# -- the sociale kaart (docs/<editie>/sociale-kaart.yml): one block of its own -----------

KAART = "docs/noord/sociale-kaart.yml"
KAART_RECORD = (
    "- id: buurtkamer\n"
    "  naam: De Buurtkamer\n"
    "  omschrijving: Een huiskamer in de wijk.\n"
    "  website: https://buurtkamer.example.org/\n"
    "  gecontroleerd: 2026-03-31\n"
    "  gecontroleerd_door: De Buurtkamer\n"
)


def _kaart(project: Path, old: str = "", new: str = "") -> None:
    (project / KAART).write_text(KAART_RECORD.replace(old, new), encoding="utf-8")


CASES.update(
    {
        "sociale kaart: unknown field": (
            lambda p: _kaart(p, "  website:", "  webiste:"),
            [f"{KAART}:4: onbekend veld 'webiste'; bedoel je 'website'?"],
        ),
        "sociale kaart: a website without https": (
            lambda p: _kaart(p, "https://buurtkamer", "http://buurtkamer"),
            [
                f"{KAART}:4: website 'http://buurtkamer.example.org/' begint met 'http://'; "
                "gebruik het veilige adres dat met 'https://' begint"
            ],
        ),
        "sociale kaart: a javascript website": (
            lambda p: _kaart(p, "https://buurtkamer.example.org/", "javascript:alert(1)"),
            [
                f"{KAART}:4: website 'javascript:alert(1)' is geen webadres; schrijf het hele "
                "adres, dat met 'https://' begint, bijvoorbeeld 'https://www.voorbeeld.nl/'"
            ],
        ),
        "sociale kaart: a phone number": (
            lambda p: _kaart(p, "in de wijk.", "in de wijk, bel 020-1234567."),
            _private(f"{KAART}:3", PHONE_KIND, "020-1234567"),
        ),
        "sociale kaart: the date left out": (
            lambda p: _kaart(p, "  gecontroleerd: 2026-03-31\n", ""),
            [f"{KAART}:1: organisatie 'buurtkamer' mist het verplichte veld 'gecontroleerd'"],
        ),
    }
)


# -- the licence setting in mkdocs.yml: an SPDX id and an https address ----------------

CASES.update(
    {
        "a licence that is no SPDX id, with an http address": (
            lambda p: edit(
                p / "mkdocs.yml",
                "      edities: [noord, west]\n",
                "      edities: [noord, west]\n      licentie:\n        id: CC BY 4.0\n"
                "        url: http://creativecommons.org/licenses/by/4.0/\n",
            ),
            [
                "mkdocs.yml: de licentie klopt niet: 'CC BY 4.0' is geen SPDX-code (bedoel je "
                "'CC-BY-4.0'?); de url 'http://creativecommons.org/licenses/by/4.0/' is geen "
                "https-adres; zet onder licentie bij plugins.handreiking in mkdocs.yml"
            ],
        ),
    }
)


def assert_failed_calmly(result: Built, messages: list[str]) -> None:
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Traceback" not in output
    for message in messages:
        assert message in result.stderr, result.stderr


# -- a chapter's front matter: known keys, a list of themes, the line of a missing ':' ---

CASES.update(
    {
        "unknown key in a chapter's front matter": (
            lambda p: edit(p / CHAPTER, "thema: [respect]", "tema: [respect]"),
            [f"{CHAPTER}:3: onbekende sleutel 'tema' in de front matter; bedoel je 'thema'?"],
        ),
        "themes without brackets": (
            lambda p: edit(p / CHAPTER, "thema: [respect]", "thema: respect, vertrouwen"),
            [
                f"{CHAPTER}:3: 'thema' is een lijst: zet de thema's tussen '[' en ']', "
                "dus 'thema: [respect, vertrouwen]'"
            ],
        ),
        "a front matter line without its colon": (
            lambda p: edit(p / CHAPTER, "thema: [respect]", "thema [respect]"),
            [
                f"{CHAPTER}:3: in de front matter mist de dubbele punt na 'thema'; "
                "schrijf 'thema: [respect]'"
            ],
        ),
    }
)


# -- an edition with chapters but without its reading order ('hoofdstukken') ------------

CASES.update(
    {
        "edition without its reading order": (
            lambda p: edit(p / "docs/noord/index.md", "hoofdstukken: [samen.md]\n", ""),
            [
                "docs/noord/index.md:1: deze editie heeft hoofdstukken maar geen leesvolgorde, "
                "dus staan ze nu op bestandsnaam; zet 'hoofdstukken: [samen.md]' in de front "
                "matter, met de namen in de volgorde waarin de hoofdstukken gelezen worden"
            ],
        ),
    }
)


@pytest.mark.parametrize("case", list(CASES))
def test_bad_input_fails_calmly_and_keeps_the_last_good_site(
    case: str, project: Path, good: tuple[Path, dict[str, bytes]]
) -> None:
    mutate, messages = CASES[case]
    mutate(project)
    result = build(project)
    assert_failed_calmly(result, messages)
    assert snapshot(result.site) == good[1]
    assert leftovers(project) == []


# -- handreiking check says what the build says ----------------------------------------

#: ``path:line: message`` as the build logs it (the first line of a problem), after
#: ``handreiking build``'s ``WAARSCHUWING -``/``FOUT -`` or ``mkdocs build``'s ``WARNING -``.
LOGGED_PROBLEM = re.compile(
    r"^(?:WAARSCHUWING|FOUT|WARNING|ERROR) +- +([^\s:]+(?::\d+)?: .*)$", re.MULTILINE
)

#: Cases of :data:`CASES` whose check and build legitimately disagree, with the reason.
#: Add a case here only for a failure that exists in the build alone (a PDF that cannot
#: be made, a full disk): every mistake in the sources is found by both.
BUILD_ONLY: dict[str, str] = {
    "a file another plugin writes into the site": (
        "a hook in mkdocs.yml runs only in a build; the gate finds its file in the staged site"
    ),
}


def logged_problems(output: str) -> set[str]:
    """The ``path:line: message`` problems in a build's log (first lines only)."""
    return set(LOGGED_PROBLEM.findall(output))


def checked_problems(project: Path) -> set[str]:
    """``handreiking check``'s problems, first lines only (as the build's log shows them)."""
    return {problem.splitlines()[0] for problem in check_problems(project)}


def test_the_cases_the_check_does_not_see_are_named() -> None:
    assert set(BUILD_ONLY) <= set(CASES)


@pytest.mark.parametrize("case", [c for c in CASES if c not in BUILD_ONLY])
def test_check_gives_the_verdict_of_the_build(case: str, project: Path) -> None:
    """Check fails exactly when the build fails, and names every problem the build names.

    The check may name more: where broken data stops the build before the pages are
    converted, the check still reads the pages and reports their problems too.
    """
    mutate, _messages = CASES[case]
    mutate(project)
    result = build(project)
    checked = checked_problems(project)
    assert (result.returncode != 0) == bool(checked), (result.stderr, checked)
    assert logged_problems(result.stderr) <= checked, result.stderr


NAV_AND_LINK_CASES = ["page missing from nav", "nav entry to a missing file"]
NAV_AND_LINK_CASES += ["absolute nav entry", "absolute link"]


@pytest.mark.parametrize("case", NAV_AND_LINK_CASES)
def test_check_both_builds_and_mkdocs_say_the_same_about_nav_and_links(
    case: str, project: Path
) -> None:
    mutate, messages = CASES[case]
    mutate(project)
    built = build(project)
    checked = run_cli("check", cwd=project)
    plain = run_cli_mkdocs(project, "build", "--strict", "-d", str(project / "plain"))
    for result in (built, checked, plain):
        assert result.returncode == 1, result.stdout + result.stderr
        assert "Traceback" not in result.stdout + result.stderr
    assert logged_problems(built.stderr) == set(messages)
    assert checked.stdout.splitlines() == messages
    assert logged_problems(plain.stderr) == set(messages)
    # MkDocs' own English message for the same problem is not given as well
    assert "configuration" not in plain.stderr
    assert "Doc file" not in plain.stderr


def test_unknown_edition_on_the_command_line(
    project: Path, good: tuple[Path, dict[str, bytes]]
) -> None:
    result = build(project, "--editie", "nord")
    assert_failed_calmly(
        result,
        ["FOUT - onbekende editie 'nord' bij --editie; bedoel je 'noord'? Kies uit: noord, west"],
    )
    assert snapshot(result.site) == good[1]
    assert leftovers(project) == []


def test_a_byte_order_mark_is_accepted(project: Path) -> None:
    for name in (QUOTES, CHAPTER, "docs/bouwstenen/respect.md", "docs/noord/index.md"):
        path = project / name
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    result = build(project)
    assert result.returncode == 0, result.stderr
    html = result.page("noord/samen/")
    assert "Wij luisteren naar elkaar." in html
    assert "Respect ontstaat" in html
    assert "\ufeff" not in html


def test_a_symlink_out_of_docs_is_never_followed_into_the_output(project: Path) -> None:
    """Even where the build is not strict (``mkdocs build --no-strict``): the problem
    still stops the build, and nothing from outside docs/ is written."""
    secret = project / "geheim"
    secret.mkdir()
    (secret / "wachtwoord.txt").write_text("GEHEIM-1234", encoding="utf-8")
    os.symlink(secret, project / "docs" / "extern")
    os.symlink(secret / "wachtwoord.txt", project / "docs" / "noord" / "los.txt")
    out = project / "los-gebouwd"
    result = run_cli_mkdocs(project, "build", "--no-strict", "-d", str(out))
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert "docs/extern: dit is een snelkoppeling" in result.stderr
    assert not (out / "extern").exists()
    assert not (out / "noord" / "los.txt").exists()
    for path in out.rglob("*"):
        if path.is_file():
            assert b"GEHEIM-1234" not in path.read_bytes(), path


def run_cli_mkdocs(project: Path, *args: str):
    import subprocess
    import sys

    return subprocess.run(
        [sys.executable, "-m", "mkdocs", *args],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=300,
    )


# -- atomic output ----------------------------------------------------------------------


def test_a_failed_build_leaves_the_previous_site_and_no_temporary_folders(
    project: Path, good: tuple[Path, dict[str, bytes]]
) -> None:
    site = project / "site"
    marker = site / "eigen-bestand.txt"  # something only the old site has
    marker.write_text("van de vorige keer", encoding="utf-8")
    before = snapshot(site)
    edit(project / QUOTES, "rol: vrijwilliger", "rol: onbekend")
    result = build(project)
    assert result.returncode == 1
    assert snapshot(site) == before
    assert leftovers(project) == []


def test_a_good_build_replaces_the_whole_site(project: Path) -> None:
    site = project / "site"
    (site / "oud-bestand.txt").write_text("weg ermee", encoding="utf-8")
    edit(project / CHAPTER, "Zo schreef", "Zo noteerde")
    result = build(project)
    assert result.returncode == 0, result.stderr
    assert not (site / "oud-bestand.txt").exists()
    assert "Zo noteerde" in result.page("noord/samen/")
    assert leftovers(project) == []


def test_a_build_into_a_new_folder_creates_it(project: Path) -> None:
    target = project / "nieuw" / "dieper"
    result = run_cli("build", "--zonder-pdf", "-d", str(target), cwd=project)
    assert result.returncode == 0, result.stderr
    assert (target / "index.html").is_file()
    assert sorted(p.name for p in target.parent.iterdir()) == ["dieper"]


def test_the_built_site_is_readable_by_a_web_server(project: Path) -> None:
    # The staging folder comes from mkdtemp, which is private (0700) by default.
    result = build(project)
    assert result.returncode == 0, result.stderr
    assert (project / "site").stat().st_mode & 0o777 == 0o755
