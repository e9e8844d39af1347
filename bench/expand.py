"""Expand a handreiking tree into what plain MkDocs can build without our plugin.

Two variants, both built by MkDocs + Material with the same theme, extensions, validation
and navigation as the source tree:

``floor``
    Every quote, theory box, citation and literature list already written out: quotes as
    ``<figure>`` HTML, boxes as ``<aside>`` HTML (``md_in_html``), citations as
    "(Auteur, 2003)" text linking to the literature list, literature lists and the pages
    our plugin generates (quote overviews, the box index, the literature lists) as static
    Markdown/HTML. It is the cheapest possible build of the same visible text: the floor.

``peer``
    The same, except that citations stay in Pandoc syntax (``[@key]``) for mkdocs-bibtex,
    each page that cites ends in ``\\bibliography``, and ``/literatuur/`` cites the works
    our list shows and ends in ``\\bibliography`` (``\\full_bibliography`` when ours lists
    the whole file). mkdocs-bibtex has no per-edition list, so the edition literature pages
    are the floor's static HTML. Its simple registry formats with pybtex'
    ``plain`` style, which has no template for ``@report`` and ``@online``: the peer's copy
    of the bibliography calls them ``@techreport`` and ``@misc``, as its users must.

The expansion is simple code reading the same data (``citaten.yml``, ``docs/bouwstenen``,
``bibliography.bib``) and, when given, our own build of the tree (``--built``): from it come
our HTML for quotes, boxes and citations, the works our literature lists show, and whatever
else our plugin adds to a page. It is not timed. Usage::

    python bench/expand.py SOURCE_TREE OUT_TREE --mode floor
"""

from __future__ import annotations

import argparse
import html
import json
import posixpath
import re
import shutil
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml
import yamlio
from handreiking.content.quotes import ROLE_LABELS  # the one list of roles and their labels
from pybtex.database import BibliographyData, Entry, Person, parse_file
from pybtex.richtext import Text

GENERATED = ("citaten.md", "bouwstenen/index.md", "literatuur.md")

RE_FRONT = re.compile(r"\A---\n(.*?\n)---\n", re.S)
RE_BLOCK = re.compile(
    r"^/{3}[ ]*(?P<name>citaat|citaten|bouwsteen|literatuur)[ ]*(?:\|[ ]*(?P<arg>[^\n]*?))?[ ]*\n"
    r"(?P<body>(?:(?!/{3}[ ]*\n).*\n)*?)/{3}[ ]*$",
    re.M,
)
KEY = r"[\w][\w:.#$%&+?<>~/-]*[\w]|[\w]"
# inside brackets: any text but brackets and blank lines (a citation may wrap a line)
_IN = r"(?:[^\[\]\n]|\n(?![ \t]*\n))"
RE_BRACKET = re.compile(rf"(?<!\\)\[(?P<inner>{_IN}*@{_IN}*)\](?![(\[:])")
RE_ITEM = re.compile(
    rf"^\s*(?P<prefix>[^@]*?)\s*(?P<minus>-)?@(?P<key>{KEY})(?:\s*,\s*(?P<locator>.+?))?\s*$",
    re.S,
)
RE_NARRATIVE = re.compile(rf"(?<![\w@\\\[-])@(?P<key>{KEY})")
RE_CITATION = re.compile(f"{RE_BRACKET.pattern}|{RE_NARRATIVE.pattern}")
RE_CODE = re.compile(r"(`+)(?:(?!\1).)+?\1|^(?:```|~~~).*?^(?:```|~~~)[ ]*$", re.S | re.M)


@dataclass
class Quote:
    id: str
    tekst: str
    rol: str
    thema: list[str]
    edition: str
    bijeenkomst: int | None = None
    bron: str | None = None
    toestemming: bool = True


@dataclass
class Box:
    id: str
    titel: str
    thema: list[str]
    bronnen: list[str]
    body: str


@dataclass
class Tree:
    root: Path
    config: dict
    editions: list[str]
    published: list[str]
    names: dict[str, str]
    quotes: dict[str, Quote]
    boxes: dict[str, Box]
    bib: BibliographyData
    #: keys cited per page (filled while expanding)
    cited: dict[str, list[str]] = field(default_factory=dict)
    #: boxes placed per page
    placed: dict[str, list[str]] = field(default_factory=dict)
    #: page titles by src_uri
    titles: dict[str, str] = field(default_factory=dict)

    @property
    def docs(self) -> Path:
        return self.root / self.config.get("docs_dir", "docs")

    def edition_of(self, src_uri: str) -> str | None:
        head = src_uri.split("/", 1)[0]
        return head if "/" in src_uri and head in self.editions else None


def split_front(text: str) -> tuple[dict, str]:
    match = RE_FRONT.match(text)
    if not match:
        return {}, text
    return yaml.safe_load(match.group(1)) or {}, text[match.end() :]


def _plugin_options(config: dict) -> dict:
    for plugin in config.get("plugins", []):
        if isinstance(plugin, dict) and "handreiking" in plugin:
            return plugin["handreiking"] or {}
    return {}


def load_tree(root: Path) -> Tree:
    """Read a handreiking tree's data the simple way (no validation: the source builds)."""
    config = yamlio.load(root / "mkdocs.yml")
    options = _plugin_options(config)
    editions = list(options.get("edities", []))
    docs = root / config.get("docs_dir", "docs")
    names: dict[str, str] = {}
    published: list[str] = []
    quotes: dict[str, Quote] = {}
    for edition in editions:
        front, _ = split_front((docs / edition / "index.md").read_text(encoding="utf-8"))
        if front.get("status", "gepubliceerd") == "gepubliceerd":
            published.append(edition)
        names[edition] = str(front.get("stadsdeel", edition))
        path = docs / edition / "citaten.yml"
        if path.is_file():
            for record in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
                quotes[record["id"]] = Quote(
                    id=record["id"],
                    tekst=str(record["tekst"]),
                    rol=record["rol"],
                    thema=list(record.get("thema") or []),
                    edition=edition,
                    bijeenkomst=record.get("bijeenkomst"),
                    bron=record.get("bron"),
                    toestemming=bool(record.get("toestemming", False)),
                )
    boxes: dict[str, Box] = {}
    for path in sorted((docs / "bouwstenen").glob("*.md")):
        if path.name == "index.md":
            continue
        front, body = split_front(path.read_text(encoding="utf-8"))
        box_id = str(front.get("id", path.stem))
        boxes[box_id] = Box(
            id=box_id,
            titel=str(front.get("titel", box_id)),
            thema=list(front.get("thema") or []),
            bronnen=list(front.get("bronnen") or []),
            body=body,
        )
    bib = parse_file(str(root / options.get("bibliografie", "bibliography.bib")), "bibtex")
    return Tree(root, config, editions, published, names, quotes, boxes, bib)


# ------------------------------------------------------------------------ literature


def _latex(text: str) -> str:
    return Text.from_latex(text).render_as("text") if "\\" in text or "{" in text else text


def _surname(person: Person) -> str:
    return _latex(" ".join(person.prelast_names + person.last_names))


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _creators(entry: Entry) -> list[Person]:
    return list(entry.persons.get("author") or entry.persons.get("editor") or [])


def author_label(entry: Entry) -> str:
    """APA 7 in-text authors: one, two joined with '&', three or more 'et al.'."""
    persons = _creators(entry)
    others = any(str(p) == "others" for p in persons)
    persons = [p for p in persons if str(p) != "others"]
    if not persons:
        for name in ("organization", "institution", "publisher"):
            if entry.fields.get(name):
                return _latex(entry.fields[name])
        return _capital(_latex(entry.fields.get("title", "Z.t.")))
    first = _capital(_surname(persons[0]))
    if len(persons) >= 3 or others:
        return f"{first} et al."
    if len(persons) == 2:
        return f"{first} & {_capital(_surname(persons[1]))}"
    return first


def year_of(entry: Entry) -> str:
    return entry.fields.get("year", "z.d.")


def _initials(person: Person) -> str:
    names = [_latex(n) for n in person.first_names + person.middle_names]
    return " ".join(n[0] + "." if not n.endswith(".") else n for n in names if n)


def _reference_name(person: Person) -> str:
    initials = _initials(person)
    surname = _capital(_surname(person))
    return f"{surname}, {initials}" if initials else surname


def _pages(pages: str) -> str:
    return pages.replace("--", "\u2013")  # an en dash between pages


def reference_html(entry: Entry) -> str:
    """A simple APA-like reference in HTML; used when our own formatter cannot be imported."""
    persons = [p for p in _creators(entry) if str(p) != "others"]
    if persons:
        names = [_reference_name(p) for p in persons]
        who = names[0] if len(names) == 1 else ", ".join(names[:-1]) + ", & " + names[-1]
    else:
        who = author_label(entry)
    f = {k: _latex(v) for k, v in entry.fields.items()}
    title = html.escape(f.get("title", ""))
    parts = [f"{html.escape(who)} ({html.escape(f.get('year', 'z.d.'))}). "]
    if entry.type == "article":
        parts.append(f"{title}. <em>{html.escape(f.get('journal', ''))}</em>")
        if f.get("volume"):
            parts.append(f", <em>{html.escape(f['volume'])}</em>")
        if f.get("number"):
            parts.append(f"({html.escape(f['number'])})")
        if f.get("pages"):
            parts.append(f", {html.escape(_pages(f['pages']))}")
        parts.append(".")
        if f.get("doi"):
            doi = html.escape(f["doi"])
            parts.append(f' <a href="https://doi.org/{doi}">https://doi.org/{doi}</a>')
    elif entry.type == "incollection":
        editors = ", ".join(_reference_name(p) for p in entry.persons.get("editor", []))
        parts.append(
            f"{title}. In {html.escape(editors)} (Red.), <em>{html.escape(f.get('booktitle', ''))}"
            f"</em> (pp. {html.escape(_pages(f.get('pages', '')))}). "
            f"{html.escape(f.get('publisher', ''))}."
        )
    elif entry.type in ("report", "techreport"):
        parts.append(f"<em>{title}</em>")
        if f.get("type") or f.get("number"):
            label = " ".join(filter(None, [f.get("type"), f.get("number")]))
            parts.append(f" ({html.escape(label)})")
        parts.append(f". {html.escape(f.get('institution', ''))}.")
    elif entry.type in ("online", "misc"):
        parts.append(f"<em>{title}</em>. {html.escape(f.get('organization', ''))}.")
        if f.get("url"):
            url = html.escape(f["url"])
            parts.append(f' <a href="{url}">{url}</a>')
    else:
        parts.append(f"<em>{title}</em>. {html.escape(f.get('publisher', ''))}.")
    return "".join(parts)


class Literature:
    """Formats literature lists: with our own code when it imports, else ``reference_html``."""

    def __init__(self, tree: Tree) -> None:
        self.tree = tree
        self.formatter = "bench/expand.py reference_html"
        self._ours = None
        try:  # the plugin's API may still change: fall back silently, and say which was used
            from handreiking.content.literature.bibliography import (  # type: ignore
                BibliographyCache,
                load_bibliography,
            )

            options = _plugin_options(tree.config)
            bib = load_bibliography(
                tree.root / options.get("bibliografie", "bibliography.bib"),
                root=tree.root,
                style=options.get("bibliografie_stijl", "apa-nl"),
                cache=BibliographyCache(tree.root / ".cache" / "handreiking"),
            )
            bib.list_html([next(iter(tree.bib.entries))])
            self._ours = bib
            self.formatter = "handreiking Bibliography.list_html"
        except Exception:
            self._ours = None

    def sort_key(self, key: str) -> tuple[str, str]:
        entry = self.tree.bib.entries[key]
        return (author_label(entry).lower(), year_of(entry))

    def list_html(self, keys: Iterable[str], notes: dict[str, str] | None = None) -> str:
        keys = [k for k in dict.fromkeys(keys) if k in self.tree.bib.entries]
        if self._ours is not None:
            return self._ours.list_html(keys, notes=notes)
        items = []
        for key in sorted(keys, key=self.sort_key):
            note = ""
            if notes and key in notes:
                note = f' <span class="literatuur-noot">{html.escape(notes[key])}</span>'
            items.append(
                f'<li id="lit-{html.escape(key)}">'
                f"{reference_html(self.tree.bib.entries[key])}{note}</li>"
            )
        return '<ul class="literatuur">\n' + "\n".join(items) + "\n</ul>"


# -------------------------------------------------------------------------- expanding


def _rel(target: str, page: str) -> str:
    """A relative Markdown link from ``page`` to ``target`` (both src_uris)."""
    return posixpath.relpath(target, posixpath.dirname(page) or ".")


def _url(target_src: str) -> str:
    """The directory URL of a page (``use_directory_urls``)."""
    path = target_src[:-3]
    if path == "index" or path.endswith("/index"):
        path = path[: -len("index")]
    else:
        path += "/"
    return path


def _rel_url(target_src: str, page_src: str, anchor: str = "") -> str:
    """A relative URL for raw HTML, which MkDocs does not rewrite."""
    here = _url(page_src).rstrip("/") or "."
    there = _url(target_src).rstrip("/") or "."
    rel = posixpath.relpath(there, here)
    rel = "./" if rel == "." else rel + "/"
    return rel + (f"#{anchor}" if anchor else "")


RE_TAG = re.compile(r"<!--.*?-->|<(/?)([a-zA-Z][\w-]*)(?:\s[^>]*)?>", re.S)
VOID = frozenset(
    {"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
)
RE_FIGURE = re.compile(r"<figure\b[^>]*\bdata-citaat=\"(?P<id>[^\"]+)\"[^>]*>.*?</figure>", re.S)
RE_ASIDE = re.compile(r"<aside\b[^>]*\bdata-bouwsteen=\"(?P<id>[^\"]+)\"[^>]*>.*?</aside>", re.S)
RE_LIT_ID = re.compile(r'\bid="(lit-[^"]+)"')
RE_SPAN_START = re.compile(r'<span class="bronvermelding">')
RE_SPAN_TAG = re.compile(r"<(/?)span\b[^>]*>")


def citation_spans(fragment: str) -> list[str]:
    """Every rendered citation (``<span class="bronvermelding">`` with the spans inside it,
    such as its tooltip) in ``fragment``, whole, in document order."""
    spans: list[str] = []
    position = 0
    while (start := RE_SPAN_START.search(fragment, position)) is not None:
        depth = 0
        for tag in RE_SPAN_TAG.finditer(fragment, start.start()):
            depth += -1 if tag.group(1) else 1
            if depth == 0:
                spans.append(fragment[start.start() : tag.end()])
                position = tag.end()
                break
        else:
            break
    return spans


def top_level(fragment: str) -> list[str]:
    """The top-level elements of an HTML fragment, as source text."""
    out: list[str] = []
    depth, start = 0, 0
    for match in RE_TAG.finditer(fragment):
        if match.group(0).startswith("<!--"):
            continue
        closing, name = match.group(1), match.group(2).lower()
        void = name in VOID or match.group(0).endswith("/>")
        if not closing:
            if depth == 0:
                start = match.start()
            if not void:
                depth += 1
            elif depth == 0:
                out.append(fragment[start : match.end()])
        elif depth > 0:
            depth -= 1
            if depth == 0:
                out.append(fragment[start : match.end()])
    return out


def visible(fragment: str) -> str:
    """What a reader sees of an HTML fragment, whitespace collapsed, permalinks dropped."""
    text = html.unescape(re.sub(r"<[^>]+>", " ", fragment)).replace("\u00b6", " ")
    return " ".join(text.split())


@dataclass
class BuiltPage:
    """The parts of our built page that the floor reuses."""

    title: str | None
    figures: dict[str, str]
    asides: dict[str, str]
    #: rendered citations outside theory boxes, in document order
    spans: list[str]
    #: the article's top-level elements after the title
    chunks: list[str]


class Built:
    """Our built site: the pages as a reader gets them."""

    def __init__(self, site: Path) -> None:
        self.site = site

    def page(self, src_uri: str) -> BuiltPage | None:
        article = built_article(self.site, src_uri)
        if article is None:
            return None
        heading, inner = article
        title = html.unescape(heading).strip() if heading is not None else None
        figures = {m["id"]: m.group(0) for m in RE_FIGURE.finditer(inner)}
        asides = {m["id"]: m.group(0) for m in RE_ASIDE.finditer(inner)}
        spans = citation_spans(RE_ASIDE.sub("", inner))
        return BuiltPage(title, figures, asides, spans, top_level(inner))


def _renderer(config: dict):
    """Python-Markdown with the site's extensions: what a page's Markdown shows."""
    import markdown

    names, configs = [], {}
    for item in config.get("markdown_extensions") or []:
        if isinstance(item, dict):
            name, options = next(iter(item.items()))
            names.append(name)
            configs[name] = options or {}
        else:
            names.append(item)
    return markdown.Markdown(extensions=names, extension_configs=configs)


def _opening(text: str, words: int = 8) -> str:
    parts = text.split()
    shown = html.escape(" ".join(parts[:words]))
    return f"\u201c{shown}\u2026\u201d" if len(parts) > words else f"\u201c{shown}\u201d"


class Expander:
    def __init__(self, tree: Tree, mode: str, built: Built | None = None) -> None:
        assert mode in ("floor", "peer")
        self.tree = tree
        self.mode = mode
        self.literature = Literature(tree)
        self.built = built
        self.markdown = _renderer(tree.config)
        #: rendered citations still to place on the current page (floor, from our build)
        self._spans: list[str] | None = None
        #: pages whose citations could not be matched with our build's, one by one
        self.unmatched: list[str] = []
        self.extras: dict[str, int] = {}
        self._counting = False
        self.counted = 0

    # -- citations

    def literature_page(self, page: str) -> str:
        edition = self.tree.edition_of(page)
        published = edition in self.tree.published
        return f"{edition}/literatuur.md" if published else "literatuur.md"

    def _cite_one(self, key: str, page: str, text: str) -> str:
        link = _rel(self.literature_page(page), page) + f"#lit-{key}"
        return f"[{text}]({link})"

    def citations(self, text: str, page: str, cited: list[str], count_only: bool = False) -> str:
        """Replace citations (outside code) by APA text; record the keys cited.

        ``count_only``: change nothing, but count the citations in ``self._count``.
        """
        if count_only:
            self._counting, self.counted = True, 0
            try:
                self.citations(text, page, [])
            finally:
                self._counting = False
            return text
        pieces = RE_CODE.split(text) if "`" in text or "~~~" in text else [text]
        if len(pieces) == 1:
            return self._citations(text, page, cited)
        out = []
        last = 0
        for match in RE_CODE.finditer(text):
            out.append(self._citations(text[last : match.start()], page, cited))
            out.append(match.group(0))
            last = match.end()
        out.append(self._citations(text[last:], page, cited))
        return "".join(out)

    def _citations(self, text: str, page: str, cited: list[str]) -> str:
        entries = self.tree.bib.entries

        def bracket(match: re.Match[str]) -> str:
            items = [RE_ITEM.match(part) for part in match.group("inner").split(";")]
            if not all(items) or not all(m["key"] in entries for m in items if m):
                return match.group(0)
            cited.extend(m["key"] for m in items if m)
            if self._counting:
                self.counted += 1
                return "\x01"
            if self.mode == "peer":
                return match.group(0)
            if self._spans:
                return self._spans.pop(0)
            rendered = []
            for m in items:
                assert m is not None
                entry = entries[m["key"]]
                label = year_of(entry) if m["minus"] else f"{author_label(entry)}, {year_of(entry)}"
                if m["locator"]:
                    label += ", " + " ".join(m["locator"].split())
                prefix = " ".join(m["prefix"].split()) + " " if m["prefix"] else ""
                rendered.append(prefix + self._cite_one(m["key"], page, label))
            return "(" + "; ".join(rendered) + ")"

        def narrative(match: re.Match[str]) -> str:
            key = match.group("key")
            if key not in entries:
                return match.group(0)
            cited.append(key)
            if self._counting:
                self.counted += 1
                return "\x01"
            if self.mode == "peer":
                return match.group(0)
            if self._spans:
                return self._spans.pop(0)
            entry = entries[key]
            return self._cite_one(key, page, f"{author_label(entry)} ({year_of(entry)})")

        def either(match: re.Match[str]) -> str:
            # one pass, so that citations are met in document order
            if match.group("inner") is not None:
                return bracket(match)
            return narrative(match)

        return RE_CITATION.sub(either, text)

    # -- blocks

    def quote_html(self, quote: Quote, page: str, *, overview: bool) -> str:
        paragraphs = "".join(
            f"<p>{html.escape(p.strip())}</p>" for p in re.split(r"\n\s*\n", quote.tekst)
        )
        parts = [ROLE_LABELS.get(quote.rol, quote.rol)]
        if not overview:
            parts.append(f"editie {self.tree.names.get(quote.edition, quote.edition)}")
        if quote.bijeenkomst is not None:
            parts.append(f"bijeenkomst {quote.bijeenkomst}")
        caption = "— " + ", ".join(parts)
        if overview and quote.bron:
            caption += f" · {quote.bron}"
        if overview:
            link = (
                f'<a href="#{quote.id}" class="citaat-anker" '
                'title="Vaste link naar dit citaat">link</a>'
            )
            ident = f' id="{quote.id}"'
        else:
            href = _rel_url(f"{quote.edition}/citaten.md", page, quote.id)
            link = f'<a href="{href}">alle citaten</a>'
            ident = ""
        return (
            f'<figure class="citaat" data-citaat="{quote.id}"{ident}>\n'
            f"<blockquote>{paragraphs}</blockquote>\n"
            f"<figcaption>{html.escape(caption)} · {link}</figcaption>\n</figure>"
        )

    def box_html(self, box: Box, page: str, cited: list[str]) -> str:
        body = self._strip_title(box.body)
        body = self.citations(body, page, cited)
        sources = ""
        if box.bronnen:
            cites = "[" + "; ".join(f"@{k}" for k in box.bronnen) + "]"
            sources = (
                '<p class="bouwsteen-bronnen" markdown="1">**Bronnen:** '
                f"{self.citations(cites, page, cited)}</p>\n"
            )
        link = _rel(f"bouwstenen/{box.id}.md", page)
        return (
            f'<aside class="bouwsteen" data-bouwsteen="{box.id}" '
            f'aria-label="Bouwsteen: {html.escape(box.titel)}" markdown="1">\n'
            '<p class="bouwsteen-kop"><span class="bouwsteen-soort">Bouwsteen</span> '
            f'<strong class="bouwsteen-titel">{html.escape(box.titel)}</strong></p>\n'
            f'<div class="bouwsteen-inhoud" markdown="1">\n\n{body.strip()}\n\n</div>\n'
            f"{sources}"
            f'<p class="bouwsteen-meer" markdown="1">[Lees meer over deze bouwsteen]({link})</p>\n'
            "</aside>"
        )

    @staticmethod
    def _strip_title(body: str) -> str:
        lines = body.strip("\n").split("\n")
        if lines and lines[0].startswith("# "):
            lines.pop(0)
        return "\n".join(lines)

    def page_list(self, keys: list[str]) -> str:
        if self.mode == "peer":
            return "\\bibliography"
        return self.literature.list_html(keys)

    def expand_page(self, src_uri: str, text: str) -> str:
        """A page of the source tree, with our syntax written out.

        With our build at hand, quotes, boxes and citations are our own HTML for them
        (same text, same markup), and whatever else our plugin adds to the page is
        appended as raw HTML (see :meth:`with_extras`).
        """
        cited: list[str] = []
        placed: list[str] = []
        match = RE_FRONT.match(text)
        front_text = text[: match.end()] if match else ""
        body = text[match.end() :] if match else text
        front = yaml.safe_load(match.group(1)) if match else {}
        built = self.built.page(src_uri) if self.built is not None else None

        def block(m: re.Match[str]) -> str:
            name, arg = m.group("name"), (m.group("arg") or "").strip()
            if name == "citaat":
                if built is not None and arg in built.figures:
                    return "\n" + built.figures[arg] + "\n"
                quote = self.tree.quotes[arg]
                return "\n" + self.quote_html(quote, src_uri, overview=False) + "\n"
            if name == "bouwsteen":
                placed.append(arg)
                data = self.box_html(self.tree.boxes[arg], src_uri, cited)
                if self.mode == "floor" and built is not None and arg in built.asides:
                    return "\n" + built.asides[arg] + "\n"
                return "\n" + data + "\n"
            if name == "citaten":
                options = yaml.safe_load(m.group("body") or "") or {}
                themes = options.get("thema") or []
                themes = [themes] if isinstance(themes, str) else themes
                edition = options.get("editie") or self.tree.edition_of(src_uri)
                chosen = [
                    q
                    for q in self.tree.quotes.values()
                    if q.toestemming
                    and (not themes or set(themes) & set(q.thema))
                    and (edition in (None, "alle") or q.edition == edition)
                ]
                return (
                    "\n"
                    + "\n\n".join(self.quote_html(q, src_uri, overview=False) for q in chosen)
                    + "\n"
                )
            return "\x00LITERATUUR\x00"

        body = RE_BLOCK.sub(block, body)
        box = self.tree.boxes.get(Path(src_uri).stem) if src_uri.startswith("bouwstenen/") else None
        if (
            box is not None
            and box.bronnen
            and built is not None
            and "Bronnen:" in "".join(built.chunks)
        ):
            body = (
                body.rstrip("\n")
                + "\n\n**Bronnen:** ["
                + "; ".join(f"@{k}" for k in box.bronnen)
                + "]\n"
            )
        if self.mode == "floor" and built is not None:
            # our build's citations, in order, when they match the source's one by one
            self.citations(body, src_uri, [], count_only=True)
            if self.counted == len(built.spans):
                self._spans = list(built.spans)
            elif self.counted:
                self.unmatched.append(f"{src_uri} ({self.counted} here, {len(built.spans)} built)")
        body = self.citations(body, src_uri, cited)
        self._spans = None
        if "\\bibliography" in body and self.mode == "floor":
            body = body.replace("\\bibliography", "\x00LITERATUUR\x00")
        if "\x00LITERATUUR\x00" in body:
            body = body.replace("\x00LITERATUUR\x00", "\n" + self.page_list(cited) + "\n")
        elif self.mode == "peer" and cited and "\\bibliography" not in body:
            body = body.rstrip("\n") + "\n\n\\bibliography\n"
        self.tree.cited[src_uri] = cited
        self.tree.placed[src_uri] = placed
        title = front.get("titel") if isinstance(front, dict) else None
        heading = re.search(r"^# (.+?)\s*(?:\{[^}]*\})?$", body, re.M)
        if heading and not title:
            title = heading.group(1)
        self.tree.titles[src_uri] = str(title or src_uri)
        return front_text + self.with_extras(src_uri, body, built)

    def with_extras(self, src_uri: str, body: str, built: BuiltPage | None) -> str:
        """``body``, plus what our build shows on the page and ``body`` does not.

        Our plugin adds to pages (a title, "Citeer deze pagina", where a box is used, a
        box's literature, dates): every top-level element of our built page whose text
        the Markdown here does not show is appended as raw HTML, so the floor shows the
        same text. The peer leaves out our literature lists (``\\bibliography`` is its own).
        """
        if built is None:
            return body
        if built.title and not re.search(r"^# ", body, re.M):
            body = f"# {built.title}\n\n" + body.lstrip("\n")
        self.markdown.reset()
        converted = self.markdown.convert(body)
        shown = visible(converted)
        extras: list[str] = []

        def lacks_target(chunk: str) -> bool:
            # a literature list whose text a citation's tooltip already shows is still
            # the target of that citation's link: without it the anchor dangles
            return any(f'id="{i}"' not in converted for i in RE_LIT_ID.findall(chunk))

        def missing(chunk: str) -> None:
            text = visible(chunk)
            if not text:
                return
            if self.mode == "peer" and "literatuur-item" in chunk:
                return
            if lacks_target(chunk):
                extras.append(chunk)
                return
            if text in shown:
                return
            inner = chunk[chunk.find(">") + 1 : chunk.rfind("</")]
            children = top_level(inner)
            if len(children) > 1 and not chunk.startswith(("<p", "<li", "<h")):
                for child in children:  # a container: only what is missing of it
                    missing(child)
            else:
                extras.append(chunk)

        for chunk in built.chunks:
            missing(chunk)
        if extras:
            self.extras[src_uri] = len(extras)
            body = body.rstrip("\n") + "\n\n" + "\n\n".join(extras) + "\n"
        return body

    # -- the pages our plugin generates

    def _themes(self, quotes: list[Quote], page: str, level: str, prefix: str) -> list[str]:
        """Each quote once, under its first theme; its other themes link to it."""
        out: list[str] = []
        themes = sorted({t for q in quotes for t in q.thema}, key=str.casefold)
        for theme in themes:
            out += [f"{level} {theme.capitalize()} {{#{prefix}thema-{theme}}}", ""]
            also = []
            for quote in quotes:
                if quote.thema and quote.thema[0] == theme:
                    out += [self.quote_html(quote, page, overview=True), ""]
                elif theme in quote.thema:
                    also.append(quote)
            if also:
                links = ", ".join(f'<a href="#{q.id}">{_opening(q.tekst)}</a>' for q in also)
                out += [f'<p class="citaten-zie-ook">Zie ook: {links}</p>', ""]
        return out

    def edition_quotes(self, edition: str) -> str:
        page = f"{edition}/citaten.md"
        quotes = [q for q in self.tree.quotes.values() if q.edition == edition and q.toestemming]
        name = self.tree.names[edition]
        out = [
            "# Stemmen uit het Samenspel",
            "",
            f"Uitspraken van deelnemers aan het ontwikkeltraject in de editie {name}, "
            f"geordend op thema ({len(quotes)} citaten).",
            "",
            '<div class="citatenoverzicht" markdown="1">',
            "",
        ]
        out += self._themes(quotes, page, "##", "")
        return "\n".join([*out, "</div>"]) + "\n"

    def all_quotes(self) -> str:
        quotes = [q for q in self.tree.quotes.values() if q.toestemming]
        out = [
            "# Stemmen uit het Samenspel",
            "",
            "Uitspraken van deelnemers aan de ontwikkeltrajecten, per editie en per thema "
            f"({len(quotes)} citaten uit {len({q.edition for q in quotes})} edities).",
            "",
            '<div class="citatenoverzicht" markdown="1">',
            "",
        ]
        for edition in self.tree.editions:
            mine = [q for q in quotes if q.edition == edition]
            if not mine:
                continue
            out += [f"## Editie {self.tree.names[edition]} {{#editie-{edition}}}", ""]
            out += self._themes(mine, "citaten.md", "###", f"editie-{edition}-")
        return "\n".join([*out, "</div>"]) + "\n"

    def box_index(self) -> str:
        out = [
            "# Bouwstenen",
            "",
            "Bouwstenen zijn korte stukken theorie die in de handreikingen terugkomen. "
            "Elke bouwsteen heeft een eigen pagina; hieronder staat ook in welke hoofdstukken "
            "hij gebruikt wordt.",
            "",
        ]
        usage: dict[str, list[str]] = {}
        for page, boxes in self.tree.placed.items():
            for box in boxes:
                usage.setdefault(box, []).append(page)
        for box in sorted(self.tree.boxes.values(), key=lambda b: b.titel.casefold()):
            out += [f"## [{box.titel}]({box.id}.md)", ""]
            if box.thema:
                label = "Thema" if len(box.thema) == 1 else "Thema's"
                out += [f"{label}: {', '.join(box.thema)}", ""]
            pages = list(dict.fromkeys(usage.get(box.id, [])))
            if pages:
                out += ["Gebruikt in:", ""]
                for page in pages:
                    edition = self.tree.edition_of(page)
                    where = f" (editie {self.tree.names[edition]})" if edition else ""
                    title = self.tree.titles.get(page, page)
                    out.append(f"- [{title}]({_rel(page, 'bouwstenen/index.md')}){where}")
                out.append("")
            else:
                out += ["Nog in geen hoofdstuk gebruikt.", ""]
        return "\n".join(out) + "\n"

    def edition_cited(self, edition: str) -> list[str]:
        keys: list[str] = []
        for page, cited in self.tree.cited.items():
            if self.tree.edition_of(page) == edition:
                keys.extend(cited)
        front, _ = split_front((self.tree.docs / edition / "index.md").read_text("utf-8"))
        keys.extend(front.get("nocite") or [])
        return list(dict.fromkeys(keys))

    def listed(self, src_uri: str, fallback: Iterable[str]) -> list[str]:
        """The works a literature page of ours lists (from our build), else ``fallback``."""
        page = self.built.page(src_uri) if self.built is not None else None
        if page is not None:
            keys = re.findall(r'\bid="lit-([^"]+)"', "".join(page.chunks))
            if keys:
                return list(dict.fromkeys(k for k in keys if k in self.tree.bib.entries))
        return list(fallback)

    def edition_literature(self, edition: str) -> str:
        keys = self.listed(f"{edition}/literatuur.md", self.edition_cited(edition))
        return "# Literatuur\n\n" + self.literature.list_html(keys) + "\n"

    def all_literature(self) -> str:
        users: dict[str, list[str]] = {}
        for edition in self.tree.editions:
            for key in self.edition_cited(edition):
                users.setdefault(key, []).append(self.tree.names[edition])
        keys = self.listed("literatuur.md", self.tree.bib.entries)
        if self.mode == "peer":
            # mkdocs-bibtex lists what a page cites (\bibliography) or the whole file
            # (\full_bibliography); the works our list shows are cited here, once.
            if len(keys) == len(self.tree.bib.entries):
                return "# Literatuur\n\n\\full_bibliography\n"
            cites = "[" + "; ".join(f"@{k}" for k in keys) + "]"
            return f"# Literatuur\n\n{cites}\n\n\\bibliography\n"
        notes = {k: "Geciteerd in: " + ", ".join(v) for k, v in users.items()}
        return "# Literatuur\n\n" + self.literature.list_html(keys, notes) + "\n"


def _variant_config(config: dict, mode: str) -> dict:
    config = dict(config)
    plugins = []
    for plugin in config.get("plugins", []):
        name = plugin if isinstance(plugin, str) else next(iter(plugin))
        if name == "handreiking":
            continue
        plugins.append(plugin)
    if mode == "peer":
        plugins.append({"bibtex": {"bib_file": "bibliography.bib", "bib_by_default": False}})
        # mkdocs-bibtex warns on every locator and prefix ("Affixes not supported in simple
        # mode"): under --strict it could not build these pages at all.
        config["strict"] = False
    config["plugins"] = plugins
    config["site_name"] = f"{config.get('site_name', 'Samenspel')} ({mode})"
    return config


def _peer_bibliography(source: Path, target: Path) -> None:
    text = source.read_text(encoding="utf-8")
    text = re.sub(r"^@report\{", "@techreport{", text, flags=re.M | re.I)
    text = re.sub(r"^@online\{", "@misc{", text, flags=re.M | re.I)
    target.write_text(text, encoding="utf-8")


RE_ARTICLE = re.compile(r'<article class="md-content__inner[^"]*">(?P<inner>.*?)</article>', re.S)
RE_H1 = re.compile(r"<h1[^>]*>(?P<title>.*?)(?:<a class=\"headerlink\".*?</a>)?</h1>", re.S)
RE_EDIT_BUTTON = re.compile(r'<a [^>]*class="md-content__button[^"]*"[^>]*>.*?</a>', re.S)


def built_article(built: Path, src_uri: str) -> tuple[str | None, str] | None:
    """The article of a built page without its edit button and ``<h1>``: the heading's
    text (tags removed, entities kept; ``None`` without a heading) and the rest."""
    path = built / _url(src_uri) / "index.html"
    if not path.is_file():
        return None
    match = RE_ARTICLE.search(path.read_text(encoding="utf-8"))
    if not match:
        return None
    inner = RE_EDIT_BUTTON.sub("", match.group("inner"))
    h1 = RE_H1.search(inner)
    if h1 is None:
        return None, inner
    return re.sub(r"<[^>]+>", "", h1.group("title")), inner[: h1.start()] + inner[h1.end() :]


def page_from_built(built: Path, src_uri: str) -> str | None:
    """A page our plugin generated, as static Markdown: its built article as raw HTML.

    Used for generated pages this script does not know how to write itself, so that the
    floor always has the same pages as ours. Links in the HTML are already relative to
    the page's URL, which does not change.
    """
    article = built_article(built, src_uri)
    if article is None:
        return None
    heading, inner = article
    title = heading.strip() if heading is not None else Path(src_uri).stem
    inner = "\n".join(line for line in inner.splitlines() if line.strip())
    return f'# {html.unescape(title)}\n\n<div markdown="0">\n{inner}\n</div>\n'


def _nav_leaves(item: object) -> list[str]:
    if isinstance(item, str):
        return [item]
    if isinstance(item, dict):
        return [leaf for value in item.values() for leaf in _nav_leaves(value)]
    if isinstance(item, list):
        return [leaf for value in item for leaf in _nav_leaves(value)]
    return []


def expand(source: Path, out: Path, mode: str, built: Path | None = None) -> dict:
    """Write the ``mode`` variant of the tree ``source`` into ``out``; say what was used.

    ``built`` is our build of ``source``: the pages our plugin generates that this script
    cannot write itself are taken from it (see :func:`page_from_built`).
    """
    tree = load_tree(source)
    expander = Expander(tree, mode, Built(built) if built is not None else None)
    if out.exists():
        shutil.rmtree(out)
    docs_out = out / "docs"
    for path in sorted(tree.docs.rglob("*")):
        rel = path.relative_to(tree.docs).as_posix()
        target = docs_out / rel
        if path.is_dir():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        if path.suffix == ".md":
            target.write_text(expander.expand_page(rel, path.read_text("utf-8")), "utf-8")
        elif path.name == "citaten.yml":
            continue  # data, no page
        else:
            shutil.copy2(path, target)
    generated: dict[str, str] = {}
    for edition in tree.editions:
        if edition in tree.published:
            generated[f"{edition}/citaten.md"] = expander.edition_quotes(edition)
            generated[f"{edition}/literatuur.md"] = expander.edition_literature(edition)
    generated["citaten.md"] = expander.all_quotes()
    generated["bouwstenen/index.md"] = expander.box_index()
    generated["literatuur.md"] = expander.all_literature()
    for src_uri, text in generated.items():
        page = expander.built.page(src_uri) if expander.built is not None else None
        (docs_out / src_uri).parent.mkdir(parents=True, exist_ok=True)
        (docs_out / src_uri).write_text(expander.with_extras(src_uri, text, page), "utf-8")
    from_built, missing = [], []
    for leaf in _nav_leaves(tree.config.get("nav") or []):
        if not leaf.endswith(".md") or (docs_out / leaf).exists():
            continue
        text = page_from_built(built, leaf) if built is not None else None
        if text is None:
            missing.append(leaf)
            text = f"# {Path(leaf).stem}\n"
        else:
            from_built.append(leaf)
        (docs_out / leaf).parent.mkdir(parents=True, exist_ok=True)
        (docs_out / leaf).write_text(text, "utf-8")
    options = _plugin_options(tree.config)
    bib_source = source / options.get("bibliografie", "bibliography.bib")
    if mode == "peer":
        _peer_bibliography(bib_source, out / "bibliography.bib")
    else:
        shutil.copy2(bib_source, out / "bibliography.bib")
    config = _variant_config(tree.config, mode)
    (out / "mkdocs.yml").write_text(
        f"# The {mode} variant of {source}, made by bench/expand.py; do not edit.\n"
        + yamlio.dump(config),
        encoding="utf-8",
    )
    return {
        "literature_formatter": expander.literature.formatter,
        "pages_from_our_build": from_built,
        "pages_missing": missing,
        "pages_with_extras_from_our_build": len(expander.extras),
        "citations_not_matched": expander.unmatched,
    }


def visible_chars(site: Path) -> int:
    """Characters of text a reader sees in the articles of a built site."""
    total = 0
    for path in site.rglob("index.html"):
        match = RE_ARTICLE.search(path.read_text(encoding="utf-8", errors="replace"))
        if match:
            total += len(visible(RE_EDIT_BUTTON.sub("", match.group("inner"))))
    return total


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--mode", choices=("floor", "peer"), default="floor")
    parser.add_argument("--built", type=Path, help="our build of SOURCE (its site folder)")
    args = parser.parse_args(argv)
    print(json.dumps(expand(args.source, args.out, args.mode, args.built)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
