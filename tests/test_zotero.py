"""What Zotero's browser button makes of our pages: item type, authors and date.

Zotero saves a page through its "Embedded Metadata" translator (zotero/translators,
``Embedded Metadata.js``, version of 2024-06-13, commit dcd14d6f47d3f3db90943d79abdfde17240cc38c),
which hands OpenGraph and Dublin Core tags to the RDF translator (``RDF.js``,
``detectType``) and names through ``ZU.cleanAuthor`` (zotero/utilities, ``utilities.js``).
This file ports the rules that decide the item type, the creators and the date, each
with the line of the translator it copies (AGPL-3.0-or-later code, quoted for reference),
and runs them over every page of the built site.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import ROOT, Built, run_cli

#: Embedded Metadata.js, init(): `_prefixes` (the namespaces that become RDF statements).
PREFIXES = {
    "bib", "bibo", "dc", "dcterms", "prism", "foaf", "vcard", "link", "z", "eprint",
    "eprints", "og", "article", "book", "music", "video", "so", "codemeta", "rdf",
}  # fmt: skip


class Head(HTMLParser):
    """The ``<meta>`` tags of a page, in order: (name or property, content)."""

    def __init__(self) -> None:
        super().__init__()
        self.meta: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "meta":
            return
        found = dict(attrs)
        # `var tags = metaTag.getAttribute("name");`
        # `if (!tags) tags = metaTag.getAttribute("property");`
        name = found.get("name") or found.get("property")
        # `var value = metaTag.getAttribute("content"); if (!tags || !value) continue;`
        if name and found.get("content"):
            self.meta.append((name, found["content"] or ""))


def item_type(meta: list[tuple[str, str]]) -> str | None:
    """init() and RDF.js detectType(): the item type Zotero gives the page."""
    hw_type = hw_type_guess = None
    statements: dict[str, str] = {}
    for tags, value in meta:
        # `tags = tags.split(/\s+/);`
        for tag in tags.split():
            # `let parts = tag.split(/[.:_]/);` ... `prefix = parts[0].toLowerCase();`
            parts = re.split(r"[.:_]", tag)
            prefix = parts[0].lower()
            if prefix in PREFIXES:
                # `statements.push([url, _prefixes[prefix] + prop, value]);`
                prop = tag[len(parts[0]) + 1 :]
                statements.setdefault(f"{prefix}:{prop[:1].lower()}{prop[1:]}", value)
                continue
            # `var shortTag = tag.slice(tag.lastIndexOf('citation_'));`
            short = tag[tag.rfind("citation_") :] if "citation_" in tag else tag
            # `case "citation_book_title": case "citation_inbook_title": hwType = "bookSection";`
            if short in ("citation_book_title", "citation_inbook_title"):
                hw_type = "bookSection"
            elif short == "citation_journal_title":  # `hwType = "journalArticle";`
                hw_type = "journalArticle"
            # `case "citation_title": ... hwTypeGuess = hwTypeGuess || "journalArticle";`
            elif short in ("citation_title", "citation_series_title"):
                hw_type_guess = hw_type_guess or "journalArticle"
            elif short == "citation_isbn":  # `hwTypeGuess = "book";`
                hw_type_guess = "book"
    if not statements:
        # `callback(exports.itemType || hwType || hwTypeGuess || generatorType);`
        return hw_type or hw_type_guess
    # `rdf.defaultUnknownType = hwTypeGuess || generatorType || (nodes.length ? "webpage" : false);`
    default = hw_type_guess or "webpage"
    # `else if (hwType) _itemType = hwType; // hwTypes are generally most accurate`
    if hw_type:
        return hw_type
    # RDF.js detectType(): `type = getFirstResults(node, [n.og+"type"], true);`
    og = {"book": "book", "website": "webpage"}.get(statements.get("og:type", ""))
    og_guess = "journalArticle" if statements.get("og:type") == "article" else None
    # `var itemType = t.zotero || t.bib || t.prism ||t.eprints|| t.og || t.dc ||
    #   exports.defaultUnknownType || ... || t.ogGuess || t.dcGuess ;`
    return og or default or og_guess


def clean_author(author: str, use_comma: bool) -> dict[str, str | None]:
    """ZU.cleanAuthor(author, "author", useComma), the part that splits the name."""
    # `author = author.replace(/^[\s\u00A0\.\,\/\[\]\:]+/, '')`
    # `.replace(/[\s\u00A0\.\,\/\[\]\:]+$/, '')` `.replace(/[\s\u00A0]+/, ' ');`
    author = re.sub(r"^[\s\u00a0.,/\[\]:]+", "", author)
    author = re.sub(r"[\s\u00a0.,/\[\]:]+$", "", author)
    author = re.sub(r"[\s\u00a0]+", " ", author, count=1)
    first: str | None
    if use_comma:
        # `var splitNames = author.split(/, ?/);` `if(splitNames.length > 1) {` ...
        # `} else { var lastName = author; }`
        names = re.split(r", ?", author)
        last, first = (names[0], names[1]) if len(names) > 1 else (author, None)
    else:
        # `spaceIndex = author.lastIndexOf(" ", spaceIndex-1);`
        # `var lastName = author.substring(spaceIndex + 1);`
        # `var firstName = author.substring(0, spaceIndex);`
        space = author.rfind(" ")
        last, first = author[space + 1 :], author[:space] if space >= 0 else ""
    return {"firstName": first, "lastName": last}


def creators(meta: list[tuple[str, str]]) -> list[dict[str, str | None]]:
    """addHighwireMetadata() and processHighwireCreators(): the authors."""
    # `var authorNodes = getContent(doc, 'citation_author');` (names ending in it)
    nodes = [value for name, value in meta if name.endswith("citation_author")]
    found = []
    for node in nodes:
        # `let creators = creatorNode.nodeValue.split(/\s*;\s*/);`
        parts = re.split(r"\s*;\s*", node)
        # `if (creators.length == 1 && creatorNodes.length == 1) {` ... split by comma
        # when `authorsByComma[0].includes(" ") && authorsByComma[1].includes(" ")`
        if len(parts) == 1 and len(nodes) == 1:
            by_comma = re.split(r"\s*,\s*", parts[0])
            if len(by_comma) > 1 and " " in by_comma[0] and " " in by_comma[1]:
                parts = by_comma
        for part in parts:
            creator = part.strip()
            # `if (!creator || !creator.match(/[^\s,-.;]/)) continue;`
            if not creator or not re.search(r"[^\s,\-.;]", creator):
                continue
            # `creator = ZU.cleanAuthor(creator, role, creator.includes(","));`
            found.append(clean_author(creator, "," in creator))
    return found


def date(meta: list[tuple[str, str]]) -> str | None:
    """HIGHWIRE_MAPPINGS: `citation_publication_date: "date"`, `citation_date: "date"`;
    processFields() reads `html>head>meta[name$="<name>"]`, the first with a value."""
    for field in ("citation_publication_date", "citation_cover_date", "citation_date"):
        for name, value in meta:
            if name.endswith(field) and value.strip():
                return value
    return None


def zotero(html: str) -> tuple[str | None, list[dict[str, str | None]], str | None]:
    head = Head()
    head.feed(html.split("</head>", 1)[0])
    return item_type(head.meta), creators(head.meta), date(head.meta)


# ---------------------------------------------------------------------- the site


@pytest.fixture(scope="module")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Built:
    site = tmp_path_factory.mktemp("zotero") / "site"
    result = run_cli("build", "--zonder-pdf", "-d", str(site), cwd=ROOT)
    assert result.returncode == 0, result.stderr
    return Built(result.returncode, result.stdout, result.stderr, site)


def pages(site: Path) -> list[str]:
    """Every page of the site a reader saves (not the /id/ redirects nor the 404)."""
    return sorted(
        str(p.parent.relative_to(site)) + "/"
        for p in site.rglob("index.html")
        if p.relative_to(site).parts[0] != "id"
    )


def expected_type(html: str, path: str) -> str:
    if re.search(r'<meta name="citation_book_title"', html):
        return "bookSection"
    if path in {f"{e}/" for e in ("zuid", "zuidoost", "nieuw-west", "oost")}:
        return "book" if "citation_title" in html else "webpage"
    return "webpage"


def test_zotero_saves_every_page_with_the_right_type_authors_and_date(real_site: Built) -> None:
    found = pages(real_site.site)
    assert len(found) > 30
    kinds = set()
    for path in found:
        html = real_site.page(path if path != "./" else "")
        kind, authors, when = zotero(html)
        kinds.add(kind)
        assert kind == expected_type(html, path), path
        # The two organisations, each as one name: never split into a person.
        assert authors == [
            {"firstName": None, "lastName": "Vrijwilligersacademie"},
            {"firstName": None, "lastName": "Hogeschool van Amsterdam"},
        ], path
        assert when, path
    assert kinds == {"bookSection", "book", "webpage"}


def test_chapters_are_book_sections_and_the_edition_a_book(real_site: Built) -> None:
    assert zotero(real_site.page("zuidoost/partnerschap/"))[0] == "bookSection"
    assert zotero(real_site.page("zuidoost/"))[0] == "book"
    assert zotero(real_site.page("bouwstenen/partnerschapskaart/"))[0] == "webpage"
    assert zotero(real_site.page("zuidoost/citaten/"))[0] == "webpage"


def test_a_personal_name_would_be_split_as_zotero_does() -> None:
    # The port agrees with the translator on what it was written for.
    assert clean_author("Hogeschool van Amsterdam", False) == {
        "firstName": "Hogeschool van",
        "lastName": "Amsterdam",
    }
    assert clean_author("Hogeschool van Amsterdam,", True) == {
        "firstName": None,
        "lastName": "Hogeschool van Amsterdam",
    }
