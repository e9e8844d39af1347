"""MkDocs' own checks of a site, in our words: the navigation, links and anchors.

MkDocs checks, during a build, that every page in ``docs/`` is in ``nav``, that every
``nav`` entry and every link of a page leads to a file that exists (not to a folder,
not to an absolute path), and that an anchor a link names is on that page. It says so
in English, without a line, and only the build does it. The plugin takes those checks
over: :func:`take_over` turns MkDocs' own messages of these kinds down (in
``on_config``) and remembers the level ``validation`` in ``mkdocs.yml`` asks for each
kind; :func:`nav_findings` and :func:`link_findings` find the same problems, said in
Dutch with ``path:line``; :func:`report` logs them at that level (a warning fails the
build, whatever ``strict`` says). ``handreiking check`` calls the same functions on the
same data, so a problem that fails the build fails the check, in the same words.

The links of a page and its anchors are noted while the page is converted
(:mod:`handreiking.markdown.recorder`), each link with the line it was typed on;
links are checked once every page is converted, as MkDocs checks anchors.
"""

from __future__ import annotations

import logging
import posixpath
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

import yaml
from markdown.util import AMP_SUBSTITUTE

from handreiking.compat.mkdocs import means_relative_to_docs
from handreiking.errors import SourceProblem, did_you_mean
from handreiking.plugin.navigation import nav_pages

if TYPE_CHECKING:
    from handreiking.content.order import ReadingOrder
    from handreiking.markdown.recorder import PageRecord

#: The kinds of problem, by their name under ``validation`` in ``mkdocs.yml``.
NAV_OMITTED = "nav.omitted_files"
NAV_NOT_FOUND = "nav.not_found"
NAV_ABSOLUTE = "nav.absolute_links"
LINK_NOT_FOUND = "links.not_found"
LINK_ABSOLUTE = "links.absolute_links"
LINK_UNRECOGNIZED = "links.unrecognized_links"
LINK_ANCHORS = "links.anchors"
KINDS = (
    NAV_OMITTED,
    NAV_NOT_FOUND,
    NAV_ABSOLUTE,
    LINK_NOT_FOUND,
    LINK_ABSOLUTE,
    LINK_UNRECOGNIZED,
    LINK_ANCHORS,
)
_ABSOLUTE_KINDS = (NAV_ABSOLUTE, LINK_ABSOLUTE)

#: An example of a good link, for when nothing better can be suggested.
EXAMPLE_LINK = "../zuidoost/partnerschap.md"
EXAMPLE_PAGE = "zuidoost/partnerschap.md"


@dataclass(frozen=True)
class Levels:
    """The logging level ``mkdocs.yml``'s ``validation`` gives each kind of problem.

    ``warn`` is :data:`logging.WARNING` (fails the build), ``info`` is INFO,
    ``ignore`` is DEBUG. For absolute links MkDocs also knows ``relative_to_docs``
    (a link ``/x.md`` means ``docs/x.md``), its one value below DEBUG.
    """

    levels: Mapping[str, int]

    @classmethod
    def of(cls, config: Any) -> Levels:
        """The levels as ``config`` (a loaded ``mkdocs.yml``) has them."""
        levels = {}
        for kind in KINDS:
            group, name = kind.split(".")
            levels[kind] = int(getattr(getattr(config.validation, group), name))
        return cls(levels)

    def level(self, kind: str) -> int:
        return self.levels.get(kind, logging.WARNING)

    def relative_to_docs(self, kind: str) -> bool:
        """Whether absolute paths of ``kind`` (nav or links) mean files under ``docs/``."""
        return kind in _ABSOLUTE_KINDS and means_relative_to_docs(self.level(kind))


def take_over(config: Any) -> Levels:
    """Turn MkDocs' own messages for the kinds we report down; return the levels asked for.

    Only the kinds this module reports: nothing MkDocs checks is lost. Absolute links
    under ``relative_to_docs`` stay with MkDocs, which rewrites them (their targets are
    checked here, as relative links are).
    """
    levels = Levels.of(config)
    for kind in KINDS:
        if levels.relative_to_docs(kind):
            continue
        group, name = kind.split(".")
        setattr(getattr(config.validation, group), name, logging.DEBUG)
    return levels


@dataclass(frozen=True)
class Finding:
    """One problem and the kind it is of (which decides how loud it is)."""

    kind: str
    problem: SourceProblem


def problems(findings: Iterable[Finding], levels: Levels) -> list[SourceProblem]:
    """The problems that fail a build: those of a kind set to ``warn``."""
    return [f.problem for f in findings if levels.level(f.kind) >= logging.WARNING]


def report(
    findings: Iterable[Finding],
    levels: Levels,
    warn: Callable[[SourceProblem], None],
    log: logging.Logger,
) -> None:
    """Report each finding at its kind's level: ``warn`` for warnings, else ``log``."""
    for finding in findings:
        level = levels.level(finding.kind)
        if level >= logging.WARNING:
            warn(finding.problem)
        elif level > logging.DEBUG:
            log.log(level, str(finding.problem))


# -- the navigation ---------------------------------------------------------------


def nav_findings(
    nav: Any,
    *,
    pages: Iterable[str],
    known: Collection[str],
    levels: Levels,
    shown: Callable[[str], str],
    config_file: str | None,
    root: Path,
) -> list[Finding]:
    """Problems of ``nav`` (as MkDocs reads it, generated pages added).

    ``pages`` are the Markdown pages that belong in ``nav``, ``known`` every file of
    the build, by ``src_uri``; ``shown(src_uri)`` gives the path a co-author sees
    (``docs/x.md``). ``None`` for ``nav`` means MkDocs makes the navigation itself:
    then nothing is left out.
    """
    if nav is None:
        return []
    config_path = Path(config_file) if config_file else root / "mkdocs.yml"
    where = _shown_config(config_path, root)
    lines: dict[str, int] | None = None  # read only for an entry that is wrong
    docs = shown("").rstrip("/")
    md_pages = sorted(uri for uri in known if uri.endswith(".md"))
    relative_to_docs = levels.relative_to_docs(NAV_ABSOLUTE)
    found: list[Finding] = []
    listed: set[str] = set()
    for entry in dict.fromkeys(nav_pages(nav)):
        try:
            parts = urlsplit(entry)
        except ValueError:
            parts = None
        if parts is not None and (parts.scheme or parts.netloc):
            continue  # another site
        lookup = entry.lstrip("/") if relative_to_docs and entry.startswith("/") else entry
        key = PurePosixPath(lookup).as_posix() if lookup else lookup
        if key in known:
            listed.add(key)
            continue
        if lines is None:
            lines = nav_lines(config_path)
        line = lines.get(entry)
        if entry.startswith("/") and not relative_to_docs:
            right = _guess(entry, known)
            if right is not None:
                listed.add(right)  # the one fix for both: not "missing from nav" as well
            advice = (
                f"noem de pagina met haar pad vanaf {docs}/, dus '{right}'"
                if right
                else f"noem een pagina met haar pad vanaf {docs}/, zonder '/' ervoor, "
                f"bijvoorbeeld '{EXAMPLE_PAGE}', en een andere site met haar volledige "
                "webadres (https://...)"
            )
            message = f"in nav staat '{entry}', dat met '/' begint; {advice}"
            found.append(Finding(NAV_ABSOLUTE, SourceProblem(where, line, message)))
            continue
        index = posixpath.join(key, "index.md")
        if index in known:
            listed.add(index)
            message = f"in nav staat '{entry}': noem het bestand zelf, dus '{index}'"
        else:
            import difflib  # a mistake's suggestion: not in every build

            meant = difflib.get_close_matches(key, md_pages, n=1, cutoff=0.6)
            listed.update(meant)
            message = f"in nav staat '{entry}', maar het bestand {docs}/{key} bestaat niet"
            message += did_you_mean(key, meant) or (
                f"; noem een pagina met haar pad vanaf {docs}/, bijvoorbeeld '{EXAMPLE_PAGE}'"
            )
        found.append(Finding(NAV_NOT_FOUND, SourceProblem(where, line, message)))
    for page in sorted(set(pages) - listed):
        found.append(
            Finding(
                NAV_OMITTED,
                SourceProblem(
                    shown(page),
                    1,
                    f"deze pagina staat niet in de navigatie; voeg '{page}' toe onder nav "
                    "in mkdocs.yml",
                ),
            )
        )
    return found


def order_findings(order: ReadingOrder | None) -> list[Finding]:
    """What the reading order lists of the sources got wrong (content/order.py): a page
    a list leaves out is left out of the navigation, a name without a file is a
    navigation entry that leads nowhere, as MkDocs' own kinds of problem."""
    if order is None:
        return []
    return [Finding(NAV_OMITTED, p) for p in order.unlisted] + [
        Finding(NAV_NOT_FOUND, p) for p in order.not_found
    ]


def _shown_config(config_file: Path, root: Path) -> str:
    try:
        return config_file.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return config_file.name


def nav_lines(config_file: Path) -> dict[str, int]:
    """The line of each entry under ``nav`` in ``config_file`` (the first, when repeated).

    Composed, not loaded: the tags of ``mkdocs.yml`` (``!ENV``, ``!!python/name``)
    need no constructor for this. Empty when the file cannot be read.
    """
    try:
        node = yaml.compose(config_file.read_text(encoding="utf-8-sig"), Loader=yaml.SafeLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}
    lines: dict[str, int] = {}

    def walk(item: yaml.Node) -> None:
        if isinstance(item, yaml.ScalarNode):
            lines.setdefault(str(item.value), item.start_mark.line + 1)
        elif isinstance(item, yaml.SequenceNode):
            for child in item.value:
                walk(child)
        elif isinstance(item, yaml.MappingNode):
            for _key, value in item.value:
                walk(value)

    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode) and key.value == "nav":
                walk(value)
    return lines


# -- links and anchors --------------------------------------------------------------


def link_findings(
    records: Mapping[str, PageRecord],
    *,
    known: Collection[str],
    levels: Levels,
    shown: Callable[[str], str],
    generated: Collection[str] = (),
    unpublished: Collection[str] = (),
) -> list[Finding]:
    """Problems of the links of every converted page in ``records``.

    ``known`` is every file of the build by ``src_uri``; the anchors of a page are
    those its record holds. The links of ``generated`` pages are made, not typed, and
    not checked (links into them are). ``unpublished`` are files of ``docs/`` the build
    never copies (data files, backups): a link to one is said as such.
    """
    relative_to_docs = levels.relative_to_docs(LINK_ABSOLUTE)
    found: list[Finding] = []
    for src_uri, record in records.items():
        if src_uri in generated:
            continue
        for href, line in dict.fromkeys(record.links):
            finding = _link_finding(
                src_uri, shown(src_uri), href, line, records, known, relative_to_docs
            )
            if finding is not None and _target(src_uri, href) in unpublished:
                finding = Finding(finding.kind, _unpublished(finding.problem, href))
            if finding is not None:
                found.append(finding)
    return found


def _link_finding(
    src_uri: str,
    path: str,
    href: str,
    line: int | None,
    records: Mapping[str, PageRecord],
    known: Collection[str],
    relative_to_docs: bool,
) -> Finding | None:
    """What is wrong with one link of the page ``src_uri`` (shown as ``path``), if anything."""
    if AMP_SUBSTITUTE in href:
        return None  # an e-mail address Python-Markdown wrote in entities
    try:
        parts = urlsplit(href)
    except ValueError:
        return None
    if parts.scheme or parts.netloc:
        return None  # another site
    base = posixpath.dirname(src_uri)
    if href.startswith(("/", "\\")):
        if not relative_to_docs:
            return Finding(LINK_ABSOLUTE, _absolute(src_uri, path, href, line, known))
        target = posixpath.normpath(unquote(parts.path).lstrip("/")) or "."
    elif parts.path:
        target = posixpath.normpath(posixpath.join(base, unquote(parts.path)))
    else:
        target = src_uri  # an anchor on this page
    if target == ".." or target.startswith("../"):
        return Finding(
            LINK_NOT_FOUND,
            SourceProblem(
                path,
                line,
                f"link naar '{href}' wijst buiten docs/; alleen wat in docs/ staat komt op "
                "de site. Zet het bestand in docs/, of link naar een volledig webadres "
                "(https://...)",
            ),
        )
    if target not in known:
        # MkDocs' own names: a path without a file extension is "unrecognized"
        kind = LINK_UNRECOGNIZED if not posixpath.splitext(parts.path)[1] else LINK_NOT_FOUND
        return Finding(kind, _missing_file(src_uri, path, href, target, known, line))
    record = records.get(target)
    if parts.fragment and record is not None and parts.fragment not in record.anchors:
        where = "deze pagina heeft" if target == src_uri else "die pagina heeft"
        return Finding(
            LINK_ANCHORS,
            SourceProblem(
                path,
                line,
                f"link naar '{href}', maar {where} geen kop of anker '{parts.fragment}'"
                + did_you_mean(parts.fragment, record.anchors),
            ),
        )
    return None


def _target(src_uri: str, href: str) -> str:
    """The file of ``docs/`` a relative link on the page ``src_uri`` points at."""
    path = urlsplit(href).path
    return posixpath.normpath(posixpath.join(posixpath.dirname(src_uri), unquote(path)))


def _unpublished(problem: SourceProblem, href: str) -> SourceProblem:
    """A link to a file that is in ``docs/`` but never published (data, a backup)."""
    return SourceProblem(
        problem.path,
        problem.line,
        f"link naar '{href}', maar dat bestand komt niet op de site: gegevensbestanden "
        "(zoals .yml, .csv, .txt) en reservekopieën worden nooit gepubliceerd. Zet wat "
        "lezers moeten zien in een pagina, of haal de link weg",
    )


def _missing_file(
    src_uri: str, path: str, href: str, target: str, known: Collection[str], line: int | None
) -> SourceProblem:
    base = posixpath.dirname(src_uri) or "."
    index = posixpath.join(target, "index.md")
    if index in known:
        right = posixpath.relpath(index, base)
        return SourceProblem(
            path, line, f"link naar '{href}': verwijs naar het bestand zelf, dus '{right}'"
        )
    candidates = {posixpath.relpath(uri, base): uri for uri in known if uri.endswith(".md")}
    wrong = urlsplit(href).path
    docs = path.removesuffix(src_uri)
    return SourceProblem(
        path,
        line,
        f"link naar '{href}', maar het bestand {docs}{target} bestaat niet"
        + did_you_mean(wrong, candidates),
    )


def _guess(href: str, known: Collection[str]) -> str | None:
    """The file in ``docs/`` an absolute path most likely means, or ``None``."""
    path = posixpath.normpath(unquote(urlsplit(href).path).strip("/\\")) if href.strip("/") else ""
    path = "" if path == "." else path
    guesses = [path, f"{path}.md", posixpath.join(path, "index.md")]
    if path.endswith(".html"):
        guesses.insert(1, path.removesuffix(".html") + ".md")
    for guess in guesses:
        if guess and guess in known:
            return guess
    return None


def _absolute(
    src_uri: str, path: str, href: str, line: int | None, known: Collection[str]
) -> SourceProblem:
    guess = _guess(href, known)
    if guess is not None:
        right = posixpath.relpath(guess, posixpath.dirname(src_uri) or ".")
        fragment = urlsplit(href).fragment
        advice = f"dus '{right}#{fragment}'" if fragment else f"dus '{right}'"
    else:
        advice = f"bijvoorbeeld '{EXAMPLE_LINK}'"
    return SourceProblem(
        path,
        line,
        f"link naar '{href}' begint met '/' en werkt dus niet als de site in een submap "
        f"staat (zoals https://example.org/handreiking/); gebruik een relatieve link naar "
        f"het bestand, {advice}",
    )
