"""Each page's "Citeer deze pagina", formatted once and kept across builds.

Every page with a permanent id gets its APA reference (pybtex formatting it with the
``apa-nl`` style: one work per shape of an edition, each page's title and address put
in its place, :func:`~handreiking.outputs.links.citation.cite`), its ``citation_*``
meta tags and its ``.bib`` and ``.ris`` files (:mod:`~handreiking.outputs.links.citation`).
All four are made of the page's :class:`~handreiking.outputs.links.citation.Work` alone
(the pybtex entry too is made of it), so they are kept by the work's full data: its id, kind,
title, authors, address, site, year, book, edition, language, last-updated and access
dates, PDF and licence. A work that differs in any of them is formatted again.

Under ``serve`` the cache lives in memory across the rebuilds of one server. A build
keeps it on disk (``citations.json`` in ``cache_dir``, plain JSON as every cache there:
:mod:`handreiking.jsoncache`), written after a build the gate let through, together
with the code it was made by (:func:`jsoncache.environment`: our package by content,
pybtex and the rest by version): a file of other code, or a damaged, foreign or
misshapen one, counts as empty. On disk the reference is kept as rich text and the meta
tags as names and values, and both are escaped again when read, as formatted ones are:
a cache file cannot put markup of its own on a page.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from handreiking import jsoncache
from handreiking.content.literature.formatcache import encode_rich
from handreiking.outputs.links import citation as citation_mod

#: The cache's file in ``cache_dir`` and its kind (:mod:`handreiking.jsoncache`).
FILE_NAME = "citations.json"
KIND = "citations"

#: The meta tags :func:`citation.meta_fields` makes: a kept tag of another name is not
#: what this code wrote.
_META_NAMES = frozenset(
    {
        "citation_title",
        "citation_author",
        "citation_publication_date",
        "citation_inbook_title",
        "citation_book_title",
        "citation_publisher",
        "citation_pdf_url",
        "citation_language",
        "citation_public_url",
    }
)


@dataclass(frozen=True)
class Formatted:
    """What a page's citation says, in every form the site gives it."""

    #: the APA reference as HTML ("Citeer deze pagina")
    apa: str
    #: the ``citation_*`` meta tags for the page's head
    meta: str
    #: the ``.bib`` file's text
    bibtex: str
    #: the ``.ris`` file's text
    ris: str


def _key(work: citation_mod.Work) -> str:
    return jsoncache.key(*(getattr(work, f.name) for f in dataclasses.fields(work)))


def _format(work: citation_mod.Work) -> tuple[Formatted, Any]:
    """The work formatted, and the same as JSON for the disk (``None`` when the rich
    text has no JSON form)."""
    cited = citation_mod.cite(work)
    reference, tags = cited.reference, cited.meta
    formatted = Formatted(
        citation_mod.render_html(reference),
        citation_mod.meta_html(tags),
        citation_mod.bibtex(work),
        cited.ris,
    )
    try:
        stored = [
            encode_rich(reference),
            [list(tag) for tag in tags],
            formatted.bibtex,
            formatted.ris,
        ]
    except jsoncache.CacheShapeError:
        stored = None
    return formatted, stored


def _decode(stored: Any) -> Formatted:
    reference, tags, bibtex, ris = jsoncache.array(stored, 4)
    pairs: list[tuple[str, str]] = []
    for tag in jsoncache.array(tags):
        name, value = (jsoncache.string(part) for part in jsoncache.array(tag, 2))
        if name not in _META_NAMES:
            raise jsoncache.CacheShapeError("a meta tag this code does not write")
        pairs.append((name, value))
    return Formatted(
        citation_mod.render_stored_html(reference),
        citation_mod.meta_html(pairs),
        jsoncache.string(bibtex),
        jsoncache.string(ris),
    )


class CitationCache:
    """The formatted citations of earlier builds, by their work."""

    def __init__(self, file: Path | None = None) -> None:
        #: where a build keeps the cache between builds; ``None``: in memory only
        self._disk = jsoncache.JsonFile(file, KIND) if file is not None else None
        self._stored: dict[str, Any] | None = None  # the disk's citations, once read
        #: what this process formatted or read: the citation, and its JSON for the disk
        self._memory: dict[str, tuple[Formatted, Any]] = {}
        #: the citations this build used, by key
        self._used: set[str] = set()
        self._grown = False
        #: counts of this build, for the log and the tests
        self.formatted = 0
        self.reused = 0

    @classmethod
    def on_disk(cls, folder: Path | None) -> CitationCache:
        """The cache a build left in ``folder``; in memory only without a folder."""
        return cls(folder / FILE_NAME if folder is not None else None)

    def start(self) -> None:
        """Begin a build (or a preview's rebuild): count afresh."""
        self.formatted = self.reused = 0
        self._used = set()

    def get(self, work: citation_mod.Work) -> Formatted:
        """The citation of ``work``: kept, or formatted now."""
        key = _key(work)
        self._used.add(key)
        kept = self._memory.get(key) or self._from_disk(key)
        if kept is not None:
            self.reused += 1
            return kept[0]
        formatted, stored = _format(work)
        self.formatted += 1
        self._memory[key] = (formatted, stored)
        self._grown = True
        return formatted

    def summary(self) -> str:
        """One line for the log of a build."""
        return f"citeerteksten: {self.formatted} opgemaakt, {self.reused} hergebruikt"

    def _on_disk(self) -> dict[str, Any]:
        if self._stored is None:
            self._stored = {}
            if self._disk is not None:
                data = self._disk.load()
                works = data.get("works")
                if isinstance(works, dict) and data.get("code") == jsoncache.environment():
                    self._stored = works
        return self._stored

    def _from_disk(self, key: str) -> tuple[Formatted, Any] | None:
        stored = self._on_disk().get(key)
        if stored is None:
            return None
        try:
            formatted = _decode(stored)
        except (ValueError, TypeError, LookupError, RecursionError):  # not what we write
            # the whole file counts as empty, and is written anew
            self._stored = {}
            self._grown = True
            return None
        kept = self._memory[key] = (formatted, stored)
        return kept

    def save(self) -> bool:
        """Keep this build's citations on disk for the next build (call it after the gate
        let the build through); ``False`` when there is no file, nothing new, or it
        cannot be written.

        Earlier citations are kept (an edition built alone must not push out the others)
        unless the file would hold more than twice this build's: then only this build's.
        """
        if self._disk is None or not self._grown:
            return False
        used = {k: self._memory[k][1] for k in self._used if self._memory[k][1] is not None}
        kept = {**self._on_disk(), **used}
        if len(kept) > 2 * len(used) + 100:
            kept = used
        if not self._disk.write({"code": jsoncache.environment(), "works": kept}):
            return False
        self._stored = kept
        self._grown = False
        return True

    def forget_unused(self) -> None:
        """After a preview's rebuild: forget what it did not use (an edited title's old
        citation, a page that is gone), so the preview's memory does not grow."""
        self._memory = {k: v for k, v in self._memory.items() if k in self._used}
