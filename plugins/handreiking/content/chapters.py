"""The chapters and theory boxes as pages: what is read of them before the build, and
the rules of their front matter.

The scan (:func:`scan_pages`) reads every chapter once, before any page is converted,
for its title, the theory boxes it places, its ``id`` and its themes: theory box pages,
the edition switcher, ``/themas/`` and a one-edition build need to know those first.
The front matter rules (:func:`markup_problems`, :meth:`PageIds.check_page_meta`) are
checked as each page is converted, by the build and by ``handreiking check`` alike.
"""

from __future__ import annotations

import dataclasses
import hashlib
import posixpath
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from handreiking.content.frontmatter import CHAPTER, PAGE_ID, FrontMatter, parse_front_matter
from handreiking.content.literature.cite import scan_cited_keys
from handreiking.content.safety import markup_message, strings_with_markup
from handreiking.content.schema import validate
from handreiking.content.sources import read_source_text, split_front_matter
from handreiking.errors import HandreikingError, SourceProblem

BOUWSTEEN_BLOCK = re.compile(r"^///\s*bouwsteen\s*\|\s*(\S+)", re.M)
H1 = re.compile(r"^#\s+(.+?)\s*(\{[^}]*\})?\s*$", re.M)
FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


@dataclass
class PageInfo:
    """A chapter or theory box as far as other pages need to know it."""

    src_uri: str
    id: str
    title: str | None
    edition: str | None


@dataclass
class ScannedPage:
    """A chapter as read from its source before the build: title and the boxes it places."""

    src_uri: str
    title: str
    edition: str
    bouwstenen: list[str]
    #: the permanent ``id`` and the themes (``thema``) of its front matter, if readable
    id: str | None = None
    thema: list[str] = field(default_factory=list)
    #: the keys it cites (as written; see ``literature.cite.scan_cited_keys``)
    cited: list[str] = field(default_factory=list)


def chapter_title(text: str) -> str | None:
    """The page's first ``# Title``: in its body, not in front matter nor in fenced code."""
    _, _, body, _ = split_front_matter(text)
    fence: str | None = None
    for line in body.splitlines():
        opened = FENCE.match(line)
        if fence is not None:
            if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence):
                fence = None
        elif opened:
            fence = opened.group(1)
        else:
            title = H1.match(line)
            if title:
                return title.group(1)
    return None


def scan_pages(
    docs_dir: Path,
    edition_ids: list[str],
    *,
    texts: Mapping[Path, str] | None = None,
    shown_docs: str | None = None,
    fronts: dict[str, tuple[str, FrontMatter]] | None = None,
    cache: ScanCache | None = None,
) -> dict[str, ScannedPage]:
    """Read every chapter once for its title and the theory boxes it places.

    Theory box pages and the single-edition build need to know which chapters use
    which box before any page is rendered. ``texts`` holds files read already (by
    the privacy check), by path. With ``fronts``, each front matter read is kept
    there by ``src_uri`` with its text, parsed under the name ``<shown_docs>/<src_uri>``.
    With a ``cache`` (the plugin's), a chapter whose text, address and name are those of
    the last scan is not read again (see :class:`ScanCache`).
    """
    pages: dict[str, ScannedPage] = {}
    used: dict[tuple[str, str, str], _Scan] = {}
    for edition in edition_ids:
        for path in sorted((docs_dir / edition).glob("*.md")):
            text = texts.get(path) if texts is not None else None
            if text is None:
                text, _problem = read_source_text(path, path.name)
            if text is None:
                continue  # reported where the page itself is read
            src_uri = f"{edition}/{path.name}"
            shown = f"{shown_docs}/{src_uri}" if shown_docs is not None else src_uri
            key = (src_uri, shown, hashlib.sha256(text.encode("utf-8")).hexdigest())
            scan = cache.memory.get(key) if cache is not None else None
            if scan is None:
                scan = _scan_page(text, src_uri, shown, edition, path.stem)
            used[key] = scan
            page, front = scan
            # a copy: what the build does with its pages never reaches the next scan
            pages[src_uri] = dataclasses.replace(
                page,
                bouwstenen=list(page.bouwstenen),
                thema=list(page.thema),
                cited=list(page.cited),
            )
            if fronts is not None and front is not None:
                fronts[src_uri] = (text, front)
    if cache is not None:
        cache.memory = used
    return pages


#: One chapter as the scan read it: the page, and its front matter when it could be read.
_Scan = tuple[ScannedPage, FrontMatter | None]


class ScanCache:
    """Each chapter's scan, kept by its owner (the plugin) for its next scan.

    In memory only, for the rebuilds of ``mkdocs serve``: a chapter is read anew unless
    its text (SHA-256), its address and the name messages show are those of the last
    scan, which is everything the scan of one chapter reads. The front matter it keeps
    is never changed after parsing (the build only reads it).
    """

    def __init__(self) -> None:
        self.memory: dict[tuple[str, str, str], _Scan] = {}


def _scan_page(text: str, src_uri: str, shown: str, edition: str, stem: str) -> _Scan:
    """What the scan reads of one chapter."""
    front: dict[str, tuple[str, FrontMatter]] = {}
    page = ScannedPage(
        src_uri,
        chapter_title(text) or stem,
        edition,
        list(dict.fromkeys(BOUWSTEEN_BLOCK.findall(text))),
        *_id_and_themes(text, shown, src_uri, front),
        scan_cited_keys(split_front_matter(text)[2]),
    )
    return page, front[src_uri][1] if src_uri in front else None


# -- the rules of a page's front matter ----------------------------------------


def _id_and_themes(
    text: str,
    shown: str,
    src_uri: str,
    fronts: dict[str, tuple[str, FrontMatter]] | None = None,
) -> tuple[str | None, list[str]]:
    """A chapter's ``id`` and ``thema`` from its front matter; mistakes are reported later."""
    try:
        front = parse_front_matter(text, shown)
    except HandreikingError:
        return None, []
    if fronts is not None:
        fronts[src_uri] = (text, front)
    # the id as written: a wrong one is reported when the page itself is checked
    page_id = front.data.get("id")
    themes = validate(front.record, CHAPTER).values.get("thema", [])
    return page_id if isinstance(page_id, str) else None, themes


def markup_problems(front: FrontMatter) -> list[SourceProblem]:
    """Front matter is plain text: a value with markup is refused (see safety.py), as the
    theme writes titles and descriptions into every page unescaped."""
    return [
        SourceProblem(front.path, front.line(key), markup_message(str(key)))
        for key, value in front.data.items()
        if next(strings_with_markup(value), None) is not None
    ]


@dataclass
class PageIds:
    """The permanent ids of the pages checked so far, and the pages that hold them."""

    #: the edition a page belongs to, from its ``src_uri`` (``None``: none)
    edition_of: Callable[[str], str | None]
    #: every chapter and theory box with a valid, unique id, by ``src_uri``
    pages: dict[str, PageInfo] = field(default_factory=dict)
    #: each id, and the ``path:line`` where it was first seen
    _ids: dict[str, str] = field(default_factory=dict, repr=False)

    def recheck(self, src_uri: str) -> None:
        """Forget where the page's id was seen: the page is checked again (the preview
        rebuilding it alone), and its id is its own, wherever its line now is."""
        info = self.pages.get(src_uri)
        if info is not None:
            self._ids.pop(info.id, None)

    def check_page_meta(self, src_uri: str, front: FrontMatter) -> list[SourceProblem]:
        """A chapter or theory box needs a permanent, unique, well-formed ``id``."""
        edition = self.edition_of(src_uri)
        is_box = src_uri.startswith("bouwstenen/") and src_uri != "bouwstenen/index.md"
        if edition is None and not is_box:
            return []
        # an edition's start page and a box have tables of their own for the other keys
        is_chapter = not is_box and posixpath.basename(src_uri) != "index.md"
        checked = validate(front.record, CHAPTER if is_chapter else PAGE_ID)
        if checked.problems:
            # a box's id is the box loader's to report (BOUWSTEEN): one message, not two
            return [] if is_box else checked.problems
        page_id = checked.values["id"]
        shown = front.path
        first = self._ids.setdefault(page_id, f"{shown}:{front.line('id')}")
        if first != f"{shown}:{front.line('id')}":
            return [
                SourceProblem(
                    shown, front.line("id"), f"id '{page_id}' wordt al gebruikt in {first}"
                )
            ]
        title = front.data.get("titel") or front.data.get("title")
        self.pages[src_uri] = PageInfo(
            src_uri, page_id, title if isinstance(title, str) else None, edition
        )
        return []
