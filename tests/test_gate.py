"""The publication gate: what a build is about to publish is checked on the output itself.

Each case copies the tiny site ``tests/sites/robuust``, does what a careless or hostile
co-author would, and asserts what the build and ``handreiking check`` say and what the
site folder holds afterwards.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path, PurePath

import pytest
from conftest import build, check_problems, copy_site, edit_file
from handreiking import jsoncache
from handreiking.content.privacy import Allowlist
from handreiking.outputs import gate

SITE = "robuust"
CHAPTER = "docs/noord/samen.md"
QUOTES = "docs/noord/citaten.yml"
#: the quote of tests/sites/robuust that has no consent
WITHHELD = "Dit mag nooit gepubliceerd worden."


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_site(SITE, tmp_path)


def published(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())


def _bytes(path: Path) -> bytes:
    return path.read_bytes() if path.is_file() else b""


def refused_alike(project: Path, expected: str) -> None:
    """``handreiking check`` says ``expected`` and nothing else; the build says it too,
    without a traceback, and publishes nothing."""
    assert check_problems(project) == [expected]
    built = build(project)
    assert built.returncode == 1
    assert "Traceback" not in built.stderr
    assert f"FOUT - {expected}\n" in built.stderr
    assert not built.site.exists()


def add_text(project: Path, text: str, path: str = CHAPTER) -> None:
    with (project / path).open("a", encoding="utf-8") as handle:
        handle.write("\n" + text + "\n")


# ------------------------------------------------------------------ files in docs/


@pytest.mark.parametrize(
    "name",
    [
        "citaten.yml~",
        "citaten.yml.bak",
        "citaten.yml.orig",
        ".citaten.yml.swp",
        "deelnemers.csv",
        "notities.txt",
        "export.json",
        "literatuur.bib",
        "lijst.yaml",
    ],
)
def test_data_files_and_backups_are_never_copied(project: Path, name: str) -> None:
    source = (project / QUOTES).read_text(encoding="utf-8")
    (project / "docs" / "noord" / name).write_text(source, encoding="utf-8")
    built = build(project)
    assert built.returncode == 0, built.stderr
    files = published(built.site)
    assert not [f for f in files if PurePath(f).name == name]
    for path in built.site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json", ".bib", ".ris", ".xml"):
            assert WITHHELD not in path.read_text(encoding="utf-8"), path
    assert check_problems(project) == []


@pytest.mark.parametrize("name", ["citaten.yaml", "Citaten.yml", "citaten-oud.yml", "citatn.yml"])
def test_a_name_close_to_the_quote_file_is_a_mistake(project: Path, name: str) -> None:
    (project / "docs" / "noord" / name).write_text(
        (project / QUOTES).read_text(encoding="utf-8"), encoding="utf-8"
    )
    expected = (
        f"docs/noord/{name}: dit bestand wordt niet gelezen en niet gepubliceerd; bedoel je "
        "citaten.yml? Zet de gegevens in docs/noord/citaten.yml (precies die naam, in kleine "
        "letters), of haal dit bestand weg"
    )
    assert check_problems(project) == [expected]
    (project / "site").mkdir()
    (project / "site" / "vorige.html").write_text("de vorige site", encoding="utf-8")
    built = build(project)
    assert built.returncode == 1
    assert f"FOUT - {expected}\n" in built.stderr
    assert "Traceback" not in built.stderr
    assert published(built.site) == ["vorige.html"]


@pytest.mark.parametrize("where", ["docs/citaten.yml", "docs/bouwstenen/citaten.yaml"])
def test_a_quote_file_outside_an_edition_folder_is_a_mistake(project: Path, where: str) -> None:
    (project / where).write_text((project / QUOTES).read_text(encoding="utf-8"), "utf-8")
    name = PurePath(where).name
    assert check_problems(project) == [
        f"{where}: dit bestand wordt niet gelezen en niet gepubliceerd: citaten.yml wordt "
        "alleen gelezen in de map van een editie, zoals docs/noord/citaten.yml. Zet de "
        "gegevens daar, of haal dit bestand weg"
    ], name
    built = build(project)
    assert built.returncode == 1
    assert not built.site.exists()


@pytest.mark.parametrize("name", ["brief.docx", "pagina.html", "script.js", "tekening.svg"])
def test_a_file_of_another_kind_stops_the_build(project: Path, name: str) -> None:
    (project / "docs" / "noord" / name).write_text("<script>alert(1)</script>", encoding="utf-8")
    suffix = name.rsplit(".", 1)[1]
    expected = (
        f"docs/noord/{name}: bestanden van dit soort ('.{suffix}') worden niet gepubliceerd: "
        "uit docs/ komen alleen pagina's (.md) en bestanden van deze soorten op de site: "
        ".png, .jpg, .jpeg, .gif, .webp, .pdf. Zet de inhoud in een pagina, bewaar het "
        "bestand buiten docs/, of haal het weg"
    )
    refused_alike(project, expected)


def test_pictures_and_pdfs_are_published(project: Path) -> None:
    (project / "docs" / "noord" / "kaart.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (project / "docs" / "noord" / "folder.pdf").write_bytes(_pdf("<p>Een folder.</p>"))
    built = build(project)
    assert built.returncode == 0, built.stderr
    assert (built.site / "noord" / "kaart.png").read_bytes() == b"\x89PNG\r\n\x1a\n"
    assert (built.site / "noord" / "folder.pdf").is_file()


def _pdf(html: str) -> bytes:
    """A real PDF with ``html`` as its text, made by WeasyPrint."""
    from weasyprint import HTML

    return bytes(HTML(string=html).write_pdf())


def test_a_co_authors_pdf_is_read_before_it_is_published(project: Path) -> None:
    pdf = project / "docs" / "noord" / "aanwezig.pdf"
    pdf.write_bytes(_pdf("<p>Aanwezig: Els, bereikbaar op 06-12345678.</p>"))
    expected = (
        "docs/noord/aanwezig.pdf: in de gepubliceerde tekst van dit bestand staat een "
        "telefoonnummer ('06-12345678'); persoonlijke gegevens horen niet in de handreiking: "
        "haal het weg uit de bron. Is het van een openbare organisatie, zet de precieze tekst "
        "dan met een reden en het bestand in privacy-uitzonderingen.yml"
    )
    refused_alike(project, expected)
    pdf.write_bytes(b"%PDF-1.4\nkapot")
    unreadable = (
        "docs/noord/aanwezig.pdf: de tekst van deze PDF kan niet worden gelezen, dus ook niet "
        "worden gecontroleerd op persoonlijke gegevens; sla het document opnieuw op als PDF "
        "(zonder wachtwoord), of haal het weg"
    )
    assert check_problems(project) == [unreadable]
    assert f"FOUT - {unreadable}\n" in build(project).stderr


def test_the_administrators_stylesheet_is_published(project: Path) -> None:
    (project / "docs" / "extra.css").write_text("body { color: black; }\n", encoding="utf-8")
    edit_file(project / "mkdocs.yml", "plugins:", "extra_css: [extra.css]\nplugins:")
    built = build(project)
    assert built.returncode == 0, built.stderr
    assert (built.site / "extra.css").is_file()


# ------------------------------------------------------------- privacy on the output


#: A hook that adds ``{html!r}`` to the article of noord/samen/ after the build: text no
#: source holds, so only the gate can see it.
INJECT = """
from pathlib import Path

def on_post_build(config, **kwargs):
    page = Path(config.site_dir, "noord", "samen", "index.html")
    page.write_text(page.read_text(encoding="utf-8").replace(
        "</article>", {html!r} + "</article>"), encoding="utf-8")
"""


@pytest.mark.parametrize(
    ("shown", "kind", "seen"),
    [
        ("<p>Bel 06-<strong>1234</strong>5678 gerust.</p>", "een telefoonnummer", "06-12345678"),
        ("<p>Bel 06-1234<!-- -->5678 gerust.</p>", "een telefoonnummer", "06-12345678"),
        ("<p>Bel 06 - 1234 5678 gerust.</p>", "een telefoonnummer", "06 - 1234 5678"),
        ("<p>Bel 020.123.4567 gerust.</p>", "een telefoonnummer", "020.123.4567"),
        ("<p>Bel &#48;6-12345678 gerust.</p>", "een telefoonnummer", "06-12345678"),
        ("<p>Bel 06&#8209;12345678 gerust.</p>", "een telefoonnummer", "06-12345678"),
        ("<p>Bel 06\u201312345678 gerust.</p>", "een telefoonnummer", "06-12345678"),
        ("<p>Bel \uff10\uff16-12345678 gerust.</p>", "een telefoonnummer", "06-12345678"),
        ("<p>Bel 06&nbsp;12345678 gerust.</p>", "een telefoonnummer", "06 12345678"),
        ("<p>Mail els&#64;voorbeeld.nl gerust.</p>", "een e-mailadres", "els@voorbeeld.nl"),
        ("<p>Mail els<em>@</em>voorbeeld.nl.</p>", "een e-mailadres", "els@voorbeeld.nl"),
        ("<p>Mail els (at) voorbeeld.nl.</p>", "een e-mailadres", "els (at) voorbeeld.nl"),
        ('<img alt="mail els@voorbeeld.nl" src="x.png">', "een e-mailadres", "els@voorbeeld.nl"),
        (
            "<p>Voorbeeldstraat 12<br>1234 ab Amsterdam</p>",
            "een adres (postcode met huisnummer)",
            "Voorbeeldstraat 12 1234 ab",
        ),
    ],
)
def test_private_details_only_the_output_shows_are_found(
    project: Path, shown: str, kind: str, seen: str
) -> None:
    (project / "haak.py").write_text(INJECT.format(html=shown), encoding="utf-8")
    edit_file(project / "mkdocs.yml", "plugins:", "hooks: [haak.py]\nplugins:")
    assert check_problems(project) == []  # no source holds it
    built = build(project)
    assert built.returncode == 1
    assert "Traceback" not in built.stderr
    assert (
        f"FOUT - {CHAPTER}: in de gepubliceerde tekst van deze pagina staat {kind} ('{seen}'); "
        "persoonlijke gegevens horen niet in de handreiking"
    ) in built.stderr
    assert not built.site.exists()


#: The same, in the frame around the article (its footer) of noord/samen/.
INJECT_FRAME = INJECT.replace(
    '"</article>", {html!r} + "</article>"', '"</footer>", {html!r} + "</footer>"'
)


@pytest.mark.parametrize(
    "shown",
    [
        '<a href="#" aria-label="Bel 06-12345678">x</a>',
        '<a href="#" title="Bel 06-12345678">x</a>',
        '<img alt="Bel 06-12345678" src="x.png">',
        "<span>Bel 06-12345678</span>",
    ],
)
def test_private_details_in_the_frame_around_a_page_are_found(project: Path, shown: str) -> None:
    (project / "haak.py").write_text(INJECT_FRAME.format(html=shown), encoding="utf-8")
    edit_file(project / "mkdocs.yml", "plugins:", "hooks: [haak.py]\nplugins:")
    built = build(project)
    assert built.returncode == 1
    assert "Traceback" not in built.stderr
    assert (
        f"FOUT - {CHAPTER}: in de gepubliceerde tekst van deze pagina staat een telefoonnummer "
        "('06-12345678')"
    ) in built.stderr
    assert not built.site.exists()


#: A hook that puts a picture and a link in the footer of every page, the picture
#: described by ``{shown!r}`` on noord/samen/ and by "Logo" elsewhere: the attribute's
#: name and what follows it are in every page's frame, what comes before it is not.
INJECT_EVERY_FRAME = """
from pathlib import Path

def on_post_build(config, **kwargs):
    for page in Path(config.site_dir).rglob("*.html"):
        value = {shown!r} if page.parent.name == "samen" else "Logo"
        name = page.parent.name
        picture = (
            f'<p>Pagina {{name}}</p><img src="/{{name}}.png" alt="{{value}}" class="x">'
            f'<a href="/{{name}}/">Volgende {{name}}</a>'
        )
        page.write_text(page.read_text(encoding="utf-8").replace(
            "</footer>", picture + "</footer>"), encoding="utf-8")
"""


def test_a_private_detail_in_an_attribute_every_frame_has_is_found(project: Path) -> None:
    hook = INJECT_EVERY_FRAME.format(shown="Bel 06-12345678")
    (project / "haak.py").write_text(hook, encoding="utf-8")
    edit_file(project / "mkdocs.yml", "plugins:", "hooks: [haak.py]\nplugins:")
    built = build(project)
    assert built.returncode == 1
    assert (
        f"FOUT - {CHAPTER}: in de gepubliceerde tekst van deze pagina staat een telefoonnummer "
        "('06-12345678')"
    ) in built.stderr


@pytest.mark.parametrize(
    "written",
    [
        "Bel 06-<strong>1234</strong>5678 gerust.",
        "Bel 06-1234<!-- -->5678 gerust.",
        "Bel 06*1234*5678 gerust.",
        "Mail els&#64;voorbeeld.nl gerust.",
        "Bel &#48;6-12345678 gerust.",
        "Bel 06\u201112345678 gerust.",
        "Bel \uff10\uff16-12345678 gerust.",
    ],
)
def test_spellings_in_a_chapter_fail_check_and_build_alike(project: Path, written: str) -> None:
    add_text(project, written)
    problems = check_problems(project)
    assert problems, "check must fail"
    built = build(project)
    assert built.returncode == 1
    assert "Traceback" not in built.stderr
    for problem in problems:
        assert f"FOUT - {problem}\n" in built.stderr
    assert not built.site.exists()


def test_a_quote_without_consent_pasted_into_a_chapter_is_found(project: Path) -> None:
    add_text(project, "Een deelnemer zei: *Dit mag nooit* gepubliceerd\nworden.")
    expected = (
        "docs/noord/citaten.yml:7: de tekst van citaat 'no-respect-02' (zonder toestemming) "
        "staat op de pagina docs/noord/samen.md; dat mag nooit. Haal het daar weg (in "
        "citaten.yml mag het blijven staan)"
    )
    refused_alike(project, expected)


def test_a_participants_name_is_never_published(project: Path) -> None:
    edit_file(
        project / QUOTES,
        "  bijeenkomst: 2\n",
        "  bijeenkomst: 2\n  naam: Jantje Voorbeeldman\n  naam_toestemming: true\n",
    )
    kept = build(project)
    assert kept.returncode == 0, kept.stderr  # the name is kept, never shown
    assert not [p for p in kept.site.rglob("*") if b"Voorbeeldman" in _bytes(p)]
    shutil.rmtree(kept.site)
    add_text(project, "Met dank aan Jantje Voorbeeldman.", "docs/west/index.md")
    expected = (
        "docs/noord/citaten.yml:1: de naam bij citaat 'no-respect-01' ('Jantje Voorbeeldman') "
        "staat op de pagina docs/west/index.md; dat mag nooit. Haal het daar weg (in "
        "citaten.yml mag het blijven staan)"
    )
    refused_alike(project, expected)


HOOK = """
from pathlib import Path

def on_post_build(config, **kwargs):
    Path(config.site_dir, {name!r}).write_text({text!r}, encoding="utf-8")
"""


def test_a_file_nobody_accounts_for_stops_the_build(project: Path) -> None:
    """Another plugin or hook writes into the site: the gate does not publish it."""
    (project / "haak.py").write_text(
        HOOK.format(name="deelnemers.txt", text="Jan"), encoding="utf-8"
    )
    edit_file(project / "mkdocs.yml", "plugins:", "hooks: [haak.py]\nplugins:")
    built = build(project)
    assert built.returncode == 1
    assert (
        "FOUT - deelnemers.txt: dit bestand staat in de gebouwde site, maar geen pagina, thema, "
        "plugin of bestand uit docs/ heeft het gemaakt; het wordt niet gepubliceerd. Bouw "
        "opnieuw in een lege map, of meld het als het blijft terugkomen\n"
    ) in built.stderr
    assert not built.site.exists()
    assert not [p for p in project.iterdir() if p.name.startswith(".site-")]


LINK_HOOK = """
import os
from pathlib import Path

def on_post_build(config, **kwargs):
    os.symlink(Path(config.config_file_path).parent / "docs", Path(config.site_dir, "bronnen"))
"""


def test_a_link_to_a_folder_in_the_site_stops_the_build(project: Path) -> None:
    """A hook links a folder into the site (here the sources): the gate does not follow
    the link, and does not publish it either."""
    (project / "haak.py").write_text(LINK_HOOK, encoding="utf-8")
    edit_file(project / "mkdocs.yml", "plugins:", "hooks: [haak.py]\nplugins:")
    built = build(project)
    assert built.returncode == 1
    assert "FOUT - bronnen: dit bestand staat in de gebouwde site, maar geen pagina" in (
        built.stderr
    )
    assert not built.site.exists()
    assert (project / CHAPTER).is_file()  # what the link led to is left alone


def test_text_only_an_output_holds_is_found_there(project: Path) -> None:
    """A hook that adds a phone number to the search index: no page shows it."""
    hook = """
import json
from pathlib import Path

def on_post_build(config, **kwargs):
    index = Path(config.site_dir, "search", "search_index.json")
    data = json.loads(index.read_text(encoding="utf-8"))
    data["docs"].append({"location": "", "title": "Contact", "text": "Bel 020-1234567"})
    index.write_text(json.dumps(data), encoding="utf-8")
"""
    (project / "haak.py").write_text(hook, encoding="utf-8")
    edit_file(project / "mkdocs.yml", "plugins:", "hooks: [haak.py]\nplugins:")
    built = build(project)
    assert built.returncode == 1
    assert (
        "FOUT - search/search_index.json, bij /: in de gepubliceerde tekst van dit bestand staat "
        "een telefoonnummer ('020-1234567'); persoonlijke gegevens horen niet in de "
        "handreiking" in built.stderr
    )
    assert not built.site.exists()


def test_a_plain_mkdocs_build_leaves_nothing_behind(project: Path) -> None:
    import subprocess
    import sys

    add_text(project, "Bel 06-<b>1234</b>5678.")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 1
    assert "docs/noord/samen.md" in result.stderr
    assert published(project / "site") == []


def test_the_books_text_is_read(project: Path) -> None:
    """The PDF's text is the HTML WeasyPrint printed: the gate reads that."""
    from handreiking.plugin.build import Build
    from mkdocs.config import load_config

    config = load_config(config_file=str(project / "mkdocs.yml"))
    build = Build.from_config(config, config.plugins["handreiking"].config)
    findings = gate.Findings(build.publication, Allowlist([], "privacy-uitzonderingen.yml"))
    findings.scan(
        "noord/handreiking-noord.pdf (de tekst van het boek)",
        gate.visible_text("<p>Colofon: bel 020&nbsp;123&nbsp;4567</p>"),
        None,
    )
    assert [str(p) for p in findings.problems()] == [
        "noord/handreiking-noord.pdf (de tekst van het boek): in de gepubliceerde tekst van "
        "dit bestand staat een telefoonnummer ('020 123 4567'); persoonlijke gegevens horen "
        "niet in de handreiking: haal het weg uit de bron. Is het van een openbare organisatie, "
        "zet de precieze tekst dan met een reden en het bestand in privacy-uitzonderingen.yml"
    ]


@pytest.mark.parametrize(
    ("markup", "text"),
    [
        ("<p>06-<strong>1234</strong>5678</p>", "06-12345678"),
        ("<td>020</td><td>1234567</td>", "020\n\n1234567"),
        ('<img alt="bel 0612345678" src="x.png">', "bel 0612345678"),
        ('<a href="mailto:els@voorbeeld.nl">mail</a>', "mailto:els@voorbeeld.nl"),
        ("<p>els&#64;voorbeeld&period;nl</p>", "els@voorbeeld.nl"),
        ("<p>\uff10\uff16\u2011\u00a0x</p>", "06- x"),
    ],
)
def test_visible_text(markup: str, text: str) -> None:
    assert text in gate.visible_text(markup)


def test_the_real_guide_passes_the_gate(tmp_path: Path) -> None:
    """No false alarm on the guide itself: its build (with the PDF) passes the gate."""
    from conftest import ROOT, run_cli

    result = run_cli("build", "-d", str(tmp_path / "site"), cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site" / "zuidoost" / "handreiking-zuidoost.pdf").is_file()


def _flip_consent(value: object, quote_id: str) -> bool:
    """In the JSON of the quote cache, give the record of ``quote_id`` consent."""
    if isinstance(value, list):
        if quote_id in value and False in value:
            value[value.index(False)] = True
            return True
        return any(_flip_consent(item, quote_id) for item in value)
    if isinstance(value, dict):
        return any(_flip_consent(item, quote_id) for item in value.values())
    return False


def test_a_forged_quote_cache_cannot_publish_a_quote_without_consent(project: Path) -> None:
    """The cache is keyed on the file's content, not signed: whoever can write it can
    claim consent. The gate reads consent from citaten.yml itself."""
    import json

    assert build(project).returncode == 0
    (cache,) = (project / ".cache" / "handreiking").glob("quotes-*.json")
    data = json.loads(cache.read_text(encoding="utf-8"))
    assert _flip_consent(data, "no-respect-02")
    cache.write_text(json.dumps(data), encoding="utf-8")
    edit_file(project / CHAPTER, "/// citaat | no-respect-01", "/// citaat | no-respect-02")
    built = build(project)
    assert built.returncode == 1
    assert (
        "de tekst van citaat 'no-respect-02' (zonder toestemming) staat op de pagina "
        f"{CHAPTER}; dat mag nooit." in built.stderr
    )
    for path in built.site.rglob("*.html"):
        assert WITHHELD not in path.read_text(encoding="utf-8"), path


def test_an_exception_holds_only_in_the_outputs_of_its_file(project: Path) -> None:
    """A number allowed for one page is allowed on that page and its search entries, and
    nowhere else: text only an output shows is checked against the exceptions of the
    files that output is made from."""
    add_text(project, "Het buurthuis: 020-1234567.", "docs/west/index.md")
    (project / "privacy-uitzonderingen.yml").write_text(
        '- tekst: "020-1234567"\n  reden: "buurthuis (openbaar)"\n  bestand: docs/west/index.md\n',
        encoding="utf-8",
    )
    assert check_problems(project) == []
    built = build(project)
    assert built.returncode == 0, built.stderr
    assert "020-1234567" in built.page("west/")
    # A hook shows the same number on another page: not allowed there.
    hook = """
from pathlib import Path

def on_post_build(config, **kwargs):
    page = Path(config.site_dir, "noord", "samen", "index.html")
    page.write_text(page.read_text(encoding="utf-8").replace(
        "</article>", "<p>Bel 020-1234567</p></article>"), encoding="utf-8")
"""
    (project / "haak.py").write_text(hook, encoding="utf-8")
    edit_file(project / "mkdocs.yml", "plugins:", "hooks: [haak.py]\nplugins:")
    built = build(project)
    assert built.returncode == 1
    assert (
        f"FOUT - {CHAPTER}: in de gepubliceerde tekst van deze pagina staat een "
        "telefoonnummer ('020-1234567')"
    ) in built.stderr


# -- verdicts kept for the next build (GateMemory, gate-*.json signed with the user's key) --

GATE_CACHE = Path(".cache") / "handreiking"


#: A hook that puts the text of ``inject.html`` into a page after it is written (read on
#: every build: MkDocs keeps a hook's module for the whole process).
INJECT_FILE = """
from pathlib import Path

def on_post_build(config, **kwargs):
    shown = Path(config.config_file_path).with_name("inject.html").read_text(encoding="utf-8")
    page = Path(config.site_dir, "noord", "samen", "index.html")
    page.write_text(page.read_text(encoding="utf-8").replace(
        "</article>", shown + "</article>"), encoding="utf-8")
"""


def _inject(project: Path, shown: str) -> None:
    hook = project / "haak_uit_bestand.py"
    if not hook.exists():
        hook.write_text(INJECT_FILE, encoding="utf-8")
        edit_file(project / "mkdocs.yml", "plugins:", "hooks: [haak_uit_bestand.py]\nplugins:")
    (project / "inject.html").write_text(shown, encoding="utf-8")


def _phone_refused(built: object) -> None:
    assert built.returncode == 1  # type: ignore[attr-defined]
    assert (
        f"FOUT - {CHAPTER}: in de gepubliceerde tekst van deze pagina staat een telefoonnummer "
        "('06-12345678')"
    ) in built.stderr  # type: ignore[attr-defined]
    page = built.site / "noord" / "samen" / "index.html"  # type: ignore[attr-defined]
    assert not page.exists() or "5678" not in page.read_text(encoding="utf-8")  # the last good


def test_a_page_that_passed_before_is_judged_again_when_it_changed(project: Path) -> None:
    _inject(project, "<p>Bel ons gerust.</p>")
    assert build(project).returncode == 0
    assert len(list((project / GATE_CACHE).glob("gate-*.json"))) == 1
    key = jsoncache.user_key_file()
    assert key is not None and key.stat().st_mode & 0o777 == 0o600
    assert project.resolve() not in key.resolve().parents  # outside the project
    _inject(project, "<p>Bel 06-<b>1234</b>5678 gerust.</p>")
    _phone_refused(build(project))
    # the next build of the same bytes reuses that verdict, findings and all
    _phone_refused(build(project))


@pytest.mark.parametrize("forgery", ["unsigned", "other-key", "copied"])
def test_a_forged_or_copied_verdict_file_is_ignored(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, forgery: str
) -> None:
    """A file of verdicts that says the page is clean, but is not signed with this user's
    key, counts as empty: the gate reads the page itself. (Signed with the user's key,
    the same records would let it through: the signature is what stops them.)"""
    _inject(project, "<p>Bel 06-<b>1234</b>5678 gerust.</p>")
    _phone_refused(build(project))
    (kept,) = (project / GATE_CACHE).glob("gate-*.json")
    signature, _, body = kept.read_bytes().partition(b"\n")
    stored = json.loads(body)
    clean = {key: [[], []] for key in stored["data"]}
    if forgery == "unsigned":
        kept.write_bytes(signature + b"\n" + json.dumps({**stored, "data": clean}).encode())
    elif forgery == "other-key":
        jsoncache.write_signed(kept, "gate", clean, b"0" * 64)
    else:  # signed by another user (another key folder), copied into this project
        monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "someone-else"))
        jsoncache.write_signed(kept, "gate", clean, jsoncache.user_key())
        monkeypatch.undo()
    _phone_refused(build(project))

    # the control: the same records signed with this user's key are believed
    jsoncache.write_signed(kept, "gate", clean, jsoncache.user_key())
    assert build(project).returncode == 0


# -- what the canaries read of each quote file, kept signed beside the verdicts -----------


def test_the_canaries_of_a_kept_quote_file_still_find_a_quote_without_consent(
    project: Path,
) -> None:
    """The second build takes the quote file's canaries from canaries-*.json (the file
    did not change), and still finds the quote pasted into a chapter."""
    assert build(project).returncode == 0
    assert len(list((project / GATE_CACHE).glob("canaries-*.json"))) == 1
    add_text(project, "Een deelnemer zei: *Dit mag nooit* gepubliceerd\nworden.")
    built = build(project)
    assert built.returncode == 1
    assert (
        "docs/noord/citaten.yml:7: de tekst van citaat 'no-respect-02' (zonder toestemming) "
        f"staat op de pagina {CHAPTER}; dat mag nooit." in built.stderr
    )


@pytest.mark.parametrize("forgery", ["unsigned", "other-key", "copied"])
def test_a_forged_canaries_file_is_ignored(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, forgery: str
) -> None:
    """A canaries file that leaves the quote without consent out, not signed with this
    user's key, counts as empty: the quote file is read itself. (Signed with the user's
    key, it would be believed: the signature is what stops it.)"""
    assert build(project).returncode == 0
    (kept,) = (project / GATE_CACHE).glob("canaries-*.json")
    signature, _, body = kept.read_bytes().partition(b"\n")
    stored = json.loads(body)
    harmless = {digest: [] for digest in stored["data"]}
    if forgery == "unsigned":
        kept.write_bytes(signature + b"\n" + json.dumps({**stored, "data": harmless}).encode())
    elif forgery == "other-key":
        jsoncache.write_signed(kept, "canaries", harmless, b"0" * 64)
    else:  # signed by another user (another key folder), copied into this project
        monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "someone-else"))
        jsoncache.write_signed(kept, "canaries", harmless, jsoncache.user_key())
        monkeypatch.undo()
    add_text(project, "Een deelnemer zei: *Dit mag nooit* gepubliceerd\nworden.")
    built = build(project)
    assert built.returncode == 1
    assert "de tekst van citaat 'no-respect-02' (zonder toestemming)" in built.stderr

    # the control: the same canaries signed with this user's key are believed
    jsoncache.write_signed(kept, "canaries", harmless, jsoncache.user_key())
    assert build(project).returncode == 0
