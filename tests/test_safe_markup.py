"""Only safe links and markup: every address is a web address or relative, raw HTML
goes through the allowlist, titles hold no markup; each fault is named with its line.

Each case breaks one thing in a copy of ``tests/sites/robuust``; ``handreiking check``
and the build must both name it, and what the build writes must not carry it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import build, check_problems, copy_site, edit_file
from handreiking.content.safety import clean_html, has_markup, unsafe_url, url_scheme
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config

SITE = "robuust"
CHAPTER = "docs/noord/samen.md"
#: the first line of what a case appends to the chapter
NEW = 21

NOT_ALLOWED = "een adres dat met '{scheme}:' begint mag niet op de site; gebruik een webadres " \
    "dat met https:// begint, of een link naar een bestand in docs/"  # fmt: skip


def link(shown: str, scheme: str, line: int = NEW, path: str = CHAPTER) -> str:
    return f"{path}:{line}: link naar '{shown}': " + NOT_ALLOWED.format(scheme=scheme)


def html(what: str, line: int = NEW) -> str:
    return f"{CHAPTER}:{line}: deze HTML mag niet op de site: {what}"


def append(project: Path, text: str, path: str = CHAPTER) -> None:
    with (project / path).open("a", encoding="utf-8") as handle:
        handle.write("\n" + text)


def replace(path: str, old: str, new: str) -> Callable[[Path], None]:
    return lambda project: edit_file(project / path, old, new)


def chapter(text: str) -> Callable[[Path], None]:
    return lambda project: append(project, text)


Case = tuple[Callable[[Path], None], list[str]]

CASES: dict[str, Case] = {
    # -- links in Markdown --------------------------------------------------------
    "javascript link": (
        chapter("[klik](javascript:alert(1))\n"),
        [link("javascript:alert(1)", "javascript")],
    ),
    "mixed case scheme": (
        chapter("[klik](JaVaScRiPt:alert(1))\n"),
        [link("JaVaScRiPt:alert(1)", "javascript")],
    ),
    "entity in the scheme": (
        chapter("[klik](&#106;avascript:alert(1))\n"),
        [link("&#106;avascript:alert(1)", "javascript")],
    ),
    "data link": (
        chapter("[klik](data:text/html;base64,PHNjcmlwdD4=)\n"),
        [link("data:text/html;base64,PHNjcmlwdD4=", "data")],
    ),
    "vbscript link": (
        chapter("[klik](vbscript:msgbox)\n"),
        [link("vbscript:msgbox", "vbscript")],
    ),
    "file link": (
        chapter("[klik](file:///etc/passwd)\n"),
        [link("file:///etc/passwd", "file")],
    ),
    "reference link": (
        chapter("[klik][r]\n\n[r]: javascript:alert(1)\n"),
        [link("javascript:alert(1)", "javascript", NEW + 2)],
    ),
    "autolink": (
        chapter("Zie <javascript:alert(1)>.\n"),
        [link("javascript:alert(1)", "javascript")],
    ),
    "image with a script address": (
        chapter("![plaatje](javascript:alert(1))\n"),
        [link("javascript:alert(1)", "javascript")],
    ),
    "image from another website": (
        chapter("![plaatje](https://example.com/volg.png)\n"),
        [
            f"{CHAPTER}:{NEW}: afbeelding 'https://example.com/volg.png' staat op een andere "
            "website, en dan haalt de browser van elke lezer haar daar op; zet het bestand in "
            "docs/ en verwijs ernaar, bijvoorbeeld ![uitleg](plaatje.png)"
        ],
    ),
    "event handler with attr_list": (
        chapter('Een alinea.\n{ onclick="alert(1)" }\n'),
        [html("'onclick' in <p> (dat start een script); haal het weg", NEW + 1)],
    ),
    "style with attr_list": (
        chapter('[tekst](samen.md){ style="display:none" }\n'),
        [html("'style' in <a> (opmaak die tekst kan verbergen); haal het weg")],
    ),
    # -- raw HTML -------------------------------------------------------------------
    "script block": (
        chapter("<script>alert(1)</script>\n"),
        [
            html(
                "<script>; gebruik gewone opmaak (koppen, alinea's, lijsten, tabellen, links, "
                "afbeeldingen)"
            )
        ],
    ),
    "inline script": (
        chapter("Tekst <script>alert(1)</script> en meer.\n"),
        [html("<script>; gebruik gewone opmaak")],
    ),
    "iframe": (
        chapter('<iframe src="https://video.example/embed/1"></iframe>\n'),
        [
            html(
                "<iframe> laadt iets van een andere website in de pagina; zet er een gewone "
                "link naartoe neer, zoals [de video](https://...)"
            )
        ],
    ),
    "object": (chapter('<object data="x.swf"></object>\n'), [html("<object> laadt iets")]),
    "form": (
        chapter('<form action="https://evil.example/"><input name="x"></form>\n'),
        [html("<form>; gebruik gewone opmaak"), html("<input>; gebruik gewone opmaak")],
    ),
    "onclick in raw HTML": (
        chapter('<div onclick="alert(1)">\nTekst\n</div>\n'),
        [html("'onclick' in <div> (dat start een script); haal het weg")],
    ),
    "onerror on an inline image": (
        chapter('Tekst <img src="a.png" alt="a" onerror="alert(1)"> meer.\n'),
        [html("'onerror' in <img> (dat start een script); haal het weg")],
    ),
    "style in raw HTML": (
        chapter('Tekst <span style="display:none">verborgen</span>.\n'),
        [html("'style' in <span> (opmaak die tekst kan verbergen); haal het weg")],
    ),
    "javascript href in raw HTML": (
        chapter('<p><a href="javascript:alert(1)">klik</a></p>\n'),
        [link("javascript:alert(1)", "javascript")],
    ),
    "entity obfuscated href": (
        chapter('<p><a href="&#106;avascript:alert(1)">klik</a></p>\n'),
        [link("javascript:alert(1)", "javascript")],
    ),
    "leading control character and spaces": (
        chapter('<p><a href=" &#1; javascript:alert(1)">klik</a></p>\n'),
        [link("javascript:alert(1)", "javascript")],
    ),
    "tab entity inside the scheme": (
        chapter('<p><a href="java&#9;script:alert(1)">klik</a></p>\n'),
        [link("javascript:alert(1)", "javascript")],
    ),
    "newline inside the scheme": (
        chapter('<p><a href="java\nscript:alert(1)">klik</a></p>\n'),
        [link("javascript:alert(1)", "javascript")],
    ),
    "md_in_html element with an event handler": (
        chapter('<div markdown onclick="alert(1)">\n**vet**\n</div>\n'),
        [html("'onclick' in <div> (dat start een script); haal het weg")],
    ),
    "inline tag inside md_in_html": (
        chapter('<div markdown>\nTekst <b onclick="alert(1)">vet</b>.\n</div>\n'),
        [html("'onclick' in <b> (dat start een script); haal het weg", NEW + 1)],
    ),
    "raw HTML in a theory box": (
        lambda p: append(p, "<script>alert(1)</script>\n", "docs/bouwstenen/respect.md"),
        [
            "docs/bouwstenen/respect.md:10: deze HTML mag niet op de site: <script>; "
            "gebruik gewone opmaak"
        ],
    ),
    # -- the bibliography -------------------------------------------------------------
    "bib url": (
        replace(
            "bibliography.bib",
            "  publisher = {W. W. Norton},\n",
            "  publisher = {W. W. Norton},\n  url = {javascript:alert(1)},\n",
        ),
        [
            "bibliography.bib:6: bron 'sennett2003': link naar 'javascript:alert(1)': een adres "
            "dat met 'javascript:' begint mag niet op de site; gebruik een webadres dat met "
            "https:// begint"
        ],
    ),
    "bib howpublished url": (
        replace(
            "bibliography.bib",
            "  publisher = {W. W. Norton},\n",
            "  publisher = {W. W. Norton},\n  howpublished = {\\url{data:text/html,x}},\n",
        ),
        ["bibliography.bib:6: bron 'sennett2003': link naar 'data:text/html,x'"],
    ),
    "bib doi": (
        replace(
            "bibliography.bib",
            "  publisher = {W. W. Norton},\n",
            "  publisher = {W. W. Norton},\n  doi = {JavaScript:alert(1)},\n",
        ),
        ["bibliography.bib:6: bron 'sennett2003': link naar 'JavaScript:alert(1)'"],
    ),
    # -- titles -----------------------------------------------------------------------
    "page title with markup": (
        replace(
            CHAPTER,
            "thema: [respect]",
            'title: "Samen <img src=x onerror=alert(1)>"\nthema: [respect]',
        ),
        [f"{CHAPTER}:3: een titel mag geen HTML bevatten: schrijf gewone tekst"],
    ),
    "description with markup": (
        replace(
            CHAPTER, "thema: [respect]", "description: '\"><script>x</script>'\nthema: [respect]"
        ),
        [f"{CHAPTER}:3: 'description' mag geen HTML bevatten: schrijf gewone tekst"],
    ),
    "title with an entity": (
        replace(CHAPTER, "thema: [respect]", "title: Samen &lt;b&gt;\nthema: [respect]"),
        [f"{CHAPTER}:3: een titel mag geen HTML bevatten: schrijf gewone tekst"],
    ),
    "box titel with markup": (
        replace(
            "docs/bouwstenen/respect.md",
            "titel: Respect en wederkerigheid",
            "titel: Respect <b>en</b> meer",
        ),
        ["docs/bouwstenen/respect.md:3: een titel mag geen HTML bevatten: schrijf gewone tekst"],
    ),
    "edition titel with markup": (
        replace(
            "docs/noord/index.md", "titel: Handreiking Noord", "titel: Noord <script>x</script>"
        ),
        ["docs/noord/index.md:3: een titel mag geen HTML bevatten: schrijf gewone tekst"],
    ),
    "edition partners with markup": (
        replace("docs/noord/index.md", "[Testorganisatie]", "['<a href=x>Test</a>']"),
        ["docs/noord/index.md:7: 'partners' mag geen HTML bevatten: schrijf gewone tekst"],
    ),
    "nav title with markup": (
        lambda p: append(
            p,
            "nav:\n  - Start: index.md\n  - '<img src=x onerror=alert(1)>Noord':\n"
            "      - noord/index.md\n      - noord/samen.md\n  - West: west/index.md\n",
            "mkdocs.yml",
        ),
        ["mkdocs.yml:26: een titel mag geen HTML bevatten: schrijf gewone tekst"],
    ),
    "nav link": (
        lambda p: append(
            p,
            "nav:\n  - Start: index.md\n  - Noord:\n      - noord/index.md\n"
            "      - noord/samen.md\n  - West: west/index.md\n  - Klik: javascript:alert(1)\n",
            "mkdocs.yml",
        ),
        [link("javascript:alert(1)", "javascript", 30, "mkdocs.yml")],
    ),
    # -- moved pages -------------------------------------------------------------------
    "verhuisd.yml target": (
        lambda p: (p / "verhuisd.yml").write_text(
            "- van: noord/oud.md\n  naar: javascript:alert(1)\n", encoding="utf-8"
        ),
        ["verhuisd.yml:1: onbekende bestemming 'naar: javascript:alert(1)'"],
    ),
}


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_site(SITE, tmp_path_factory.mktemp("veilig"))


@pytest.mark.parametrize("case", list(CASES))
def test_check_names_each_unsafe_thing_at_its_line(case: str, tmp_path: Path) -> None:
    project = copy_site(SITE, tmp_path)
    mutate, messages = CASES[case]
    mutate(project)
    problems = check_problems(project)
    for message in messages:
        assert any(p.startswith(message) for p in problems), problems
    # one message per fault, not a cascade of the same
    assert len(problems) == len(set(problems))


def _visible(site: Path) -> dict[str, str]:
    return {
        p.relative_to(site).as_posix(): p.read_text(encoding="utf-8")
        for p in site.rglob("*")
        if p.suffix in (".html", ".json", ".bib", ".ris") and "assets" not in p.parts
    }


#: The theme's own inline scripts; everything else would be the author's.
_THEME_SCRIPT = re.compile(r"<script>(?:var |__md_|document\.|location\.)")


def _content(page: str) -> str:
    """The article of a built page: what the chapter wrote."""
    start, end = page.find('<article class="md-content__inner'), page.find("</article>")
    return page[start:end] if start >= 0 else page


def test_the_build_fails_with_the_same_messages_and_publishes_nothing(tmp_path: Path) -> None:
    project = copy_site(SITE, tmp_path)
    good = build(project)
    assert good.returncode == 0, good.stderr
    before = _visible(good.site)
    for case in (
        "javascript link",
        "script block",
        "entity obfuscated href",
        "title with an entity",
    ):
        CASES[case][0](project)
    expected = check_problems(project)
    result = build(project)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    for problem in expected:
        assert problem in result.stderr, (problem, result.stderr)
    assert _visible(result.site) == before


def test_the_preview_writes_nothing_unsafe(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The sanitizer is the guarantee: even the live preview, which goes on and shows the
    problems on the page where a build stops, writes none of it."""
    project = copy_site(SITE, tmp_path)
    for case, (mutate, _messages) in CASES.items():
        if case.startswith(("bib", "nav", "verhuisd", "edition", "box")):
            continue  # data problems stop any build before a page is written
        if "title" in case or "description" in case:
            continue
        mutate(project)
    edit_file(
        project / CHAPTER,
        "thema: [respect]",
        'title: "Samen <img src=x onerror=alert(1)>"\nthema: [respect]',
    )
    out = tmp_path / "uit"
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(out), strict=False)
    config.plugins.on_startup(command="serve", dirty=False)
    try:
        mkdocs_build(config, serve_url="http://127.0.0.1:8000/")
    finally:
        config.plugins.on_shutdown()
    assert "deze HTML mag niet op de site" in caplog.text
    outputs = _visible(out)
    chapter_html = outputs["noord/samen/index.html"]
    for name, text in outputs.items():
        lowered = text.lower()
        if name.endswith(".html"):
            lowered = _THEME_SCRIPT.sub("", lowered)
            assert "<script>alert" not in lowered, name
            assert "<script" not in _content(lowered), name
            assert "<img src=x" not in lowered, name  # the title, in every nav
        # the preview's messages in red (on the page, so in its search entry too) quote
        # the refused address as escaped text, never as a link
        lowered = re.sub(
            r"link naar '[^']*': een adres dat met '[^']*' begint mag niet op de site", "", lowered
        )
        assert "javascript:" not in lowered.replace("java\nscript", ""), name
        assert "vbscript:" not in lowered, name
        assert 'href="data:' not in lowered and 'src="data:' not in lowered, name
        assert 'onclick="' not in lowered and 'onerror="' not in lowered, name
        assert "<iframe" not in lowered and "<object" not in lowered, name
        if name != "404.html":  # the 404 page's own search form is the template's
            assert "<form" not in _content(lowered), name  # the theme's search is a form
    # the preview's messages in red name what was refused, as text: leave them out here
    content = re.sub(r'<p class="handreiking-fout">.*?</p>', "", _content(chapter_html), flags=re.S)
    assert "style=" not in content
    assert "https://example.com/volg.png" not in content
    assert "java\nscript" not in content
    # what was unsafe is text now: the reader still sees the words
    assert "klik" in content and "verborgen" in content


LEGITIMATE = """\
| Rol | Taak |
|-----|:----:|
| vrijwilliger | luisteren |

<table>
<tr><th scope="col">Rol</th><td colspan="2">Taak</td></tr>
</table>

<details>
<summary>Meer lezen</summary>
<p>Verborgen tot je klikt, met <abbr title="Hogeschool van Amsterdam">HvA</abbr>.</p>
</details>

<figure>
<img src="kaart.png" alt="De partnerschapskaart" width="300">
<figcaption>De kaart</figcaption>
</figure>

<div class="kader" markdown>
**Vet** in een kader, met een [link](https://example.org/) en <em>nadruk</em>.
</div>

Een regel<br>
en mail naar <a href="mailto:info@example.org">het secretariaat</a>.
"""


def test_legitimate_raw_html_survives(tmp_path: Path) -> None:
    project = copy_site(SITE, tmp_path)
    append(project, LEGITIMATE)
    (project / "docs" / "noord" / "kaart.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (project / "privacy-uitzonderingen.yml").write_text(
        "- tekst: info@example.org\n  reden: algemeen adres van een organisatie\n"
        "  bestand: docs/noord/samen.md\n",
        encoding="utf-8",
    )
    assert check_problems(project) == []
    result = build(project)
    assert result.returncode == 0, result.stderr
    content = _content(result.page("noord/samen/"))
    assert '<th style="text-align: center;">Taak</th>' in content  # the tables extension's
    assert '<th scope="col">Rol</th><td colspan="2">Taak</td>' in content
    assert "<details>\n<summary>Meer lezen</summary>" in content
    assert '<abbr title="Hogeschool van Amsterdam">HvA</abbr>' in content
    assert '<img src="kaart.png" alt="De partnerschapskaart" width="300">' in content
    assert '<div class="kader">' in content
    assert "<strong>Vet</strong>" in content and "<em>nadruk</em>" in content
    assert '<a href="https://example.org/">link</a>' in content
    assert '<a href="mailto:info@example.org">het secretariaat</a>' in content
    assert "Een regel<br>" in content
    # our own HTML keeps its hooks
    assert 'data-citaat="no-respect-01"' in content
    assert 'data-bouwsteen="respect"' in content
    assert 'id="lit-sennett2003"' in result.page("noord/literatuur/")


# -- the rule itself -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "scheme"),
    [
        ("javascript:alert(1)", "javascript"),
        ("JaVaScRiPt:alert(1)", "javascript"),
        ("  javascript:alert(1)", "javascript"),
        ("\x01\x1fjavascript:alert(1)", "javascript"),
        ("java\tscript:alert(1)", "javascript"),
        ("java\nscr\ript:alert(1)", "javascript"),
        ("&#106;avascript:alert(1)", "javascript"),
        ("&#x6A;avascript&colon;alert(1)", "javascript"),
        ("data:text/html,x", "data"),
        ("vbscript:x", "vbscript"),
        ("file:///etc/passwd", "file"),
        ("tel:0201234567", "tel"),
        ("https://example.org/", "https"),
        ("mailto:a@example.org", "mailto"),
        ("../zuid/index.md#kop", None),
        ("#kop", None),
        ("/absoluut", None),
        ("java script:x", None),  # a relative path to a browser too
    ],
)
def test_the_scheme_is_read_as_a_browser_reads_it(url: str, scheme: str | None) -> None:
    assert url_scheme(url) == scheme


def test_only_web_addresses_and_relative_ones_pass() -> None:
    assert unsafe_url("https://example.org/") is None
    assert unsafe_url("http://example.org/") is None
    assert unsafe_url("zuidoost/partnerschap.md") is None
    assert unsafe_url("mailto:a@example.org") == "mailto"
    assert unsafe_url("mailto:a@example.org", mailto=True) is None
    assert unsafe_url("data:x") == "data"


def test_the_sanitizer_cleans_lone_tags_as_python_markdown_stores_them() -> None:
    assert clean_html('<span class="x" onclick="y()">') == '<span class="x">'
    assert clean_html("</span>") == "</span>"
    assert clean_html("<script>") == ""
    assert clean_html("</script>") == ""
    assert clean_html('<img src="a.png" alt="b">') == '<img src="a.png" alt="b">'
    assert clean_html("<!-- notitie -->") == ""


def test_markup_in_text() -> None:
    assert has_markup("Samen <b>vet</b>")
    assert has_markup("Samen &amp; verder")
    assert not has_markup("Samen & verder")
    assert not has_markup("1 < 2")
