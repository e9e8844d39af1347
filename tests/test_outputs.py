"""What reaches the built site, checked over EVERY output file.

The scans are generic: every file of the build is read (``.gz`` decompressed, zip
archives such as the ``.imscc`` cartridges unpacked, PDFs read with pypdf when it
is installed), so outputs added later are covered without changing these tests.

- Escaping: ``tests/sites/escaping`` puts ``<script>``, ``&``, ``"`` and ``'`` in
  every data field; no output may carry them as live markup.
- Consent: the quote with ``toestemming: false`` appears in no output at all.
- No third parties: the real site loads nothing from another host.
- Same bytes: two builds of the same sources are identical, sitemap dates included.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import re
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import ROOT, Ran, copy_site, run_cli, run_command

MARKER = re.compile(r"<script>alert\(\d\)")
SECRET_TEXTS = ("Dit mag nooit gepubliceerd worden", "no-respect-02")


def build_env(project: Path, site: Path, *, new_process: bool = False, **env: str) -> Ran:
    """``handreiking build`` with a controlled environment (no inherited SOURCE_DATE_EPOCH),
    in this process or, to compare two processes (each its own hash seed), in a new one."""
    environment = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    environment.update(env)
    run = run_command if new_process else run_cli
    return run("build", "--zonder-pdf", "-d", str(site), cwd=project, env=environment)


def pdf_text(data: bytes) -> str | None:
    try:
        from pypdf import PdfReader  # type: ignore[import-not-found]
    except ImportError:
        return None
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def output_files(site: Path) -> Iterator[tuple[str, bytes]]:
    """Every output as (name, bytes); archives and compressed files opened up."""

    def expand(name: str, data: bytes) -> Iterator[tuple[str, bytes]]:
        yield name, data
        if name.endswith(".gz"):
            yield from expand(name[:-3], gzip.decompress(data))
        elif data[:4] == b"PK\x03\x04":  # .imscc, .zip, ...
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                for member in archive.namelist():
                    yield from expand(f"{name}!/{member}", archive.read(member))
        elif name.endswith(".pdf"):
            text = pdf_text(data)
            if text is not None:
                yield f"{name} (tekst)", text.encode("utf-8")

    for path in sorted(site.rglob("*")):
        if path.is_file():
            yield from expand(path.relative_to(site).as_posix(), path.read_bytes())


def text_of(data: bytes) -> str | None:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


@pytest.fixture(scope="module")
def escaping_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_site("escaping", tmp_path_factory.mktemp("escaping"))
    result = build_env(project, project / "site")
    assert result.returncode == 0, result.stderr
    return project / "site"


@pytest.fixture(scope="module")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("echt") / "site"
    result = build_env(ROOT, site)
    assert result.returncode == 0, result.stderr
    return site


# -- escaping -------------------------------------------------------------------------


def test_data_fields_never_become_markup_in_any_output(escaping_site: Path) -> None:
    checked = 0
    for name, data in output_files(escaping_site):
        text = text_of(data)
        if text is None:
            continue
        suffix = name.rsplit(".", 1)[-1].lower()
        if suffix in ("html", "htm", "xhtml"):
            assert not MARKER.search(text), f"{name}: <script> from the data is live markup"
        elif suffix in ("xml", "imsmanifest", "qti"):
            ET.fromstring(data)  # well-formed: every '<' and '&' escaped
            assert not MARKER.search(text), name
        elif suffix == "json":
            parsed = json.loads(text)
            if name.endswith("search_index.json"):
                # Material shows the search index's text as HTML.
                for doc in parsed["docs"]:
                    assert not MARKER.search(doc["title"] + doc["text"]), name
        elif suffix == "bib":
            assert not re.search(r"(?<!\\)&", text), f"{name}: '&' not escaped for BibTeX"
            assert text.count("{") == text.count("}"), f"{name}: unbalanced braces"
        elif suffix == "ris":
            for line in text.splitlines():
                assert not line or re.match(r"^[A-Z][A-Z0-9]  - ", line) or line == "ER  -", (
                    f"{name}: a field broke the RIS line structure: {line!r}"
                )
        checked += 1
    assert checked > 10


@pytest.mark.parametrize(
    ("page", "number"),
    [
        ("noord/samen/", 1),  # quote tekst
        ("noord/citaten/", 2),  # quote thema (a heading of the overview)
        ("noord/citaten/", 3),  # quote bron
        ("noord/samen/", 8),  # bib author
        ("literatuur/", 9),  # bib title
    ],
)
def test_data_fields_are_shown_escaped(escaping_site: Path, page: str, number: int) -> None:
    html = (escaping_site / page / "index.html").read_text(encoding="utf-8")
    assert f"&lt;script&gt;alert({number})&lt;/script&gt;" in html


def test_titles_are_escaped_in_the_html_title(escaping_site: Path) -> None:
    # Markup in a title is refused (tests/test_safe_markup.py); what a title may hold,
    # '&' and quotes, is escaped.
    html = (escaping_site / "bouwstenen/respect/index.html").read_text(encoding="utf-8")
    title = re.search(r"<title>(.*?)</title>", html, re.S)
    assert title is not None
    assert title.group(1).startswith("Respect &amp; &#34;r&#34; &#39;w&#39;")


# -- consent ----------------------------------------------------------------------------


def test_a_quote_without_consent_is_in_no_output(escaping_site: Path) -> None:
    scanned = 0
    for name, data in output_files(escaping_site):
        for secret in SECRET_TEXTS:
            assert secret.encode("utf-8") not in data, f"{secret!r} in {name}"
        scanned += 1
    assert scanned > 10
    # and the quote with consent did get published
    html = (escaping_site / "noord/citaten/index.html").read_text(encoding="utf-8")
    assert 'data-citaat="no-respect-01"' in html


def test_the_real_site_has_no_private_details_in_any_output(real_site: Path) -> None:
    from handreiking.content.privacy import find_private_details, load_allowlist

    # reviewed texts (privacy-uitzonderingen.yml) may be published, as in the build
    allowed = {entry.tekst for entry in load_allowlist(ROOT)[0].entries}
    for name, data in output_files(real_site):
        text = text_of(data)
        if text is None or name.endswith((".js", ".css", ".map")):
            continue
        found = [f for f in find_private_details(text) if f[1] != "een e-mailadres"]
        found = [f for f in found if f[2] not in allowed]
        assert found == [], name


# -- no third parties -----------------------------------------------------------------


LOADING_LINK_RELS = {
    "stylesheet",
    "preload",
    "modulepreload",
    "icon",
    "apple-touch-icon",
    "manifest",
    "prefetch",
    "preconnect",
    "dns-prefetch",
    "shortcut",
}


LOADING_TAGS = {"script", "img", "iframe", "audio", "video", "source", "embed", "track", "input"}


class _Loads(HTMLParser):
    """Collects the URLs an HTML page makes the browser load."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag in LOADING_TAGS and values.get("src"):
            self.urls.append(values["src"])
        if tag in ("img", "source") and values.get("srcset"):
            self.urls += [part.split()[0] for part in values["srcset"].split(",") if part.strip()]
        if tag == "object" and values.get("data"):
            self.urls.append(values["data"])
        if tag == "video" and values.get("poster"):
            self.urls.append(values["poster"])
        if tag == "link":
            rels = set(values.get("rel", "").lower().split())
            if rels & LOADING_LINK_RELS and values.get("href"):
                self.urls.append(values["href"])
        if values.get("style"):
            self.urls += css_urls(values["style"])
        self._in_style = tag == "style"

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.urls += css_urls(data)

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False


def css_urls(css: str) -> list[str]:
    """The URLs a stylesheet loads: ``url(...)`` and ``@import``."""
    urls = re.findall(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)", css)
    urls += re.findall(r"@import\s+['\"]([^'\"]+)['\"]", css)
    return urls


def js_urls(js: str) -> list[str]:
    """URLs a script loads by itself: importScripts and static imports of absolute URLs."""
    urls = re.findall(r"importScripts\(\s*['\"]([^'\"]+)['\"]", js)
    urls += re.findall(r"\bimport\s*(?:[\w{},*\s]+from\s*)?['\"](https?://[^'\"]+)['\"]", js)
    return urls


def is_third_party(url: str) -> bool:
    parts = urlsplit(url.strip())
    if parts.scheme in ("data", "blob", ""):
        return bool(parts.netloc) and not parts.scheme  # //host/... is another host
    return parts.scheme in ("http", "https", "ftp", "ws", "wss") and bool(parts.netloc)


def test_the_built_site_loads_nothing_from_other_hosts(real_site: Path) -> None:
    loads: dict[str, list[str]] = {}
    for path in sorted(real_site.rglob("*")):
        name = path.relative_to(real_site).as_posix()
        if path.suffix == ".html":
            parser = _Loads()
            parser.feed(path.read_text(encoding="utf-8"))
            found = parser.urls
        elif path.suffix == ".css":
            found = css_urls(path.read_text(encoding="utf-8"))
        elif path.suffix == ".js":
            found = js_urls(path.read_text(encoding="utf-8"))
        else:
            continue
        outside = [url for url in found if is_third_party(url)]
        if outside:
            loads[name] = outside
    assert loads == {}


def test_the_third_party_check_catches_what_it_should() -> None:
    parser = _Loads()
    parser.feed(
        '<link rel="stylesheet" href="https://fonts.googleapis.com/css">'
        '<script src="//cdn.example.com/x.js"></script><a href="https://elders.nl/">ok</a>'
        '<link rel="canonical" href="https://handreiking.example.org/">'
        '<div style="background: url(https://img.example.com/a.png)"></div>'
    )
    assert [u for u in parser.urls if is_third_party(u)] == [
        "https://fonts.googleapis.com/css",
        "//cdn.example.com/x.js",
        "https://img.example.com/a.png",
    ]
    assert css_urls("@import 'https://x.org/a.css'; a { b: url(../f.woff2) }") == [
        "../f.woff2",
        "https://x.org/a.css",
    ]


# -- same bytes -------------------------------------------------------------------------


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_two_builds_of_the_same_sources_give_the_same_bytes(tmp_path: Path) -> None:
    project = copy_site("escaping", tmp_path)
    moment = 1462100000  # 1 May 2016: the sources' date outside git
    for path in [project, *project.rglob("*")]:
        os.utime(path, (moment, moment), follow_symlinks=False)
    first = build_env(project, tmp_path / "een")
    second = build_env(project, tmp_path / "twee", new_process=True)
    assert first.returncode == 0, first.stderr
    assert second.returncode == 0, second.stderr
    one, two = snapshot(tmp_path / "een"), snapshot(tmp_path / "twee")
    assert one.keys() == two.keys()
    assert [name for name in one if one[name] != two[name]] == []
    sitemap = one["sitemap.xml"].decode("utf-8")
    assert set(re.findall(r"<lastmod>(.*?)</lastmod>", sitemap)) == {"2016-05-01"}


def test_source_date_epoch_wins(tmp_path: Path) -> None:
    project = copy_site("robuust", tmp_path)
    result = build_env(project, tmp_path / "site", SOURCE_DATE_EPOCH="1000000000")
    assert result.returncode == 0, result.stderr
    sitemap = (tmp_path / "site" / "sitemap.xml").read_text(encoding="utf-8")
    assert set(re.findall(r"<lastmod>(.*?)</lastmod>", sitemap)) == {"2001-09-09"}
    with gzip.open(tmp_path / "site" / "sitemap.xml.gz") as handle:
        assert handle.read().decode("utf-8") == sitemap


def test_the_real_site_is_reproducible(real_site: Path, tmp_path: Path) -> None:
    again = tmp_path / "site"
    result = build_env(ROOT, again, new_process=True)
    assert result.returncode == 0, result.stderr
    one, two = snapshot(real_site), snapshot(again)
    assert one.keys() == two.keys()
    assert [name for name in one if one[name] != two[name]] == []
