"""Bad input that MkDocs itself would not survive calmly, caught before it reads a page.

Two things in ``docs/`` would otherwise end in a traceback or a leak: a Markdown
page that is not UTF-8 (MkDocs raises ``UnicodeDecodeError`` while rendering),
and a symbolic link that points out of ``docs/`` (MkDocs follows it and copies
whatever it points at, ``/etc`` included, into the public site). The plugin calls
:func:`check_files` from ``on_files``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from handreiking.content.frontmatter import read_text
from handreiking.content.sources import shown_path
from handreiking.errors import HandreikingError, SourceProblem


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
                shown_path(link, root),
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
            read_text(path, shown_path(path, root))
        except HandreikingError as error:
            problems.extend(error.problems)
    return problems


class SourceFile(Protocol):
    """What :func:`check_files` reads of a file MkDocs found (its ``File``)."""

    @property
    def src_uri(self) -> str:
        """The path inside ``docs/``."""

    @property
    def abs_src_path(self) -> str | None:
        """The file's path on disk."""

    @property
    def generated_by(self) -> str | None:
        """The plugin that made the file, ``None`` for a file of ``docs/``."""

    def is_documentation_page(self) -> bool:
        """Whether the file is a Markdown page."""


@dataclass
class FileCheck:
    """What :func:`check_files` found in the files MkDocs collected."""

    #: ``src_uri`` of every file behind a symbolic link out of ``docs/``: never published
    drop: set[str] = field(default_factory=set)
    #: one per such link (a problem like any other: the build stops)
    warnings: list[SourceProblem] = field(default_factory=list)
    #: pages that are not UTF-8; the build cannot go on
    errors: list[SourceProblem] = field(default_factory=list)


def check_files(files: Iterable[SourceFile], docs_dir: Path, root: Path) -> FileCheck:
    """Check the source files (not the generated ones) of a build.

    Files behind a symbolic link out of ``docs_dir`` are to be dropped, with one
    warning per link; every Markdown page that is not UTF-8 is an error.
    """
    sources = [f for f in files if f.generated_by is None]
    links = escaping_links(docs_dir, [f.src_uri for f in sources])
    pages = [
        Path(f.abs_src_path)
        for f in sources
        if f.is_documentation_page() and f.src_uri not in links and f.abs_src_path
    ]
    return FileCheck(
        drop=set(links),
        warnings=escaping_link_problems(links.values(), root),
        errors=undecodable_pages(pages, root),
    )
