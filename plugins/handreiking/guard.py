"""Bad input that MkDocs itself would not survive calmly, caught before it reads a page.

Two things in ``docs/`` would otherwise end in a traceback or a leak: a Markdown
page that is not UTF-8 (MkDocs raises ``UnicodeDecodeError`` while rendering),
and a symbolic link that points out of ``docs/`` (MkDocs follows it and copies
whatever it points at, ``/etc`` included, into the public site). The plugin calls
these from ``on_files``.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from handreiking.errors import HandreikingError, SourceProblem
from handreiking.frontmatter import read_text


def _shown(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else path.as_posix()


def escaping_links(docs_dir: Path, src_uris: Iterable[str]) -> dict[str, Path]:
    """The files reached through a symbolic link that points out of ``docs_dir``.

    Maps each such ``src_uri`` to the link (the first symlink on its path), so one
    message per link is enough, however many files lie behind it.
    """
    docs = docs_dir.resolve()
    found: dict[str, Path] = {}
    for src_uri in src_uris:
        current = docs_dir
        for part in src_uri.split("/"):
            current = current / part
            if current.is_symlink() and not current.resolve().is_relative_to(docs):
                found[src_uri] = current
                break
    return found


def escaping_link_problems(links: Iterable[Path], root: Path) -> list[SourceProblem]:
    """One message per symbolic link out of ``docs/``."""
    problems = []
    for link in sorted(set(links)):
        problems.append(
            SourceProblem(
                _shown(link, root),
                None,
                "dit is een snelkoppeling (symbolic link) naar een bestand of map buiten docs/; "
                "die wordt nooit gepubliceerd. Zet het bestand zelf in docs/, of haal de "
                "koppeling weg",
            )
        )
    return problems


def undecodable_pages(paths: Iterable[Path], root: Path) -> list[SourceProblem]:
    """A problem for every Markdown page that is not UTF-8 (a byte-order mark is fine)."""
    problems: list[SourceProblem] = []
    for path in paths:
        try:
            read_text(path, _shown(path, root))
        except HandreikingError as error:
            problems.extend(error.problems)
    return problems
