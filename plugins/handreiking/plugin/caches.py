"""What one plugin instance keeps between its builds, in one object.

The parsed bibliography and its formatted references, the parsed quote files, the
privacy scan's findings per source file, the pages' conversions and renderings and their
citations ("Citeer deze pagina", ``.bib``, ``.ris``) (in memory under ``serve``, on disk
for a build); the gate's verdict on each text it read (in memory, and for a build in a
file signed with the user's own key); in memory only, for the preview's rebuilds, the page
scan of each chapter, each theory box file and each edition's start page as loaded. The
plugin makes one :class:`Caches` when it is made, so two sites built in one process share
nothing. The content modules get the part they need as a parameter and never import the
plugin.

The options, as Material's ``social`` plugin has them: ``cache`` (default true) keeps
the parsed and formatted data as JSON in ``cache_dir`` (default ``.cache/handreiking``,
relative to the folder of ``mkdocs.yml``) for the next build; with ``cache: false``
nothing is read from or written to disk, and what a build reuses stays in memory.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from handreiking.content.bouwstenen import BoxCache
from handreiking.content.chapters import ScanCache
from handreiking.content.editions import EditionCache
from handreiking.content.literature.bibliography import BibliographyCache
from handreiking.content.privacy import PrivacyCache
from handreiking.content.quotes import QuoteCache
from handreiking.errors import SourceProblem
from handreiking.outputs.gate import GateMemory

if TYPE_CHECKING:
    from handreiking.outputs.links.citecache import CitationCache
    from handreiking.plugin.pagecache import PageCache


class Caches:
    """The caches of one plugin instance, for one site."""

    def __init__(self) -> None:
        #: the ``mkdocs.yml`` and folder these caches are for (set by :meth:`configure`)
        self.made_for: tuple[Path, Path | None] | None = None
        #: where the caches keep their files; ``None`` with ``cache: false``
        self.folder: Path | None = None
        self.bibliographies = BibliographyCache()
        self.quotes = QuoteCache()
        #: the privacy scan's findings per source file (in memory; on disk for builds)
        self.privacy = PrivacyCache()
        #: each chapter as the page scan read it (in memory, for the preview's rebuilds)
        self.scans = ScanCache()
        #: each theory box file as loaded (in memory, for the preview's rebuilds)
        self.boxes = BoxCache()
        #: each edition's start page as loaded (in memory, for the preview's rebuilds)
        self.editions = EditionCache()
        #: the gate's verdicts (in memory; signed on disk for builds), the quote files it read
        self.gate = GateMemory()
        #: conversions, rendered pages and search entries kept across builds (pagecache.py)
        self.pages: PageCache | None = None
        #: each page's formatted citation, by its work, kept like the pages (citecache.py)
        self.citations: CitationCache | None = None

    def configure(self, config: Any, options: Any) -> list[SourceProblem]:
        """Take the folder from the plugin's ``cache`` and ``cache_dir`` options, as
        ``mkdocs.yml`` (``config``) gives them.

        MkDocs keeps one instance of a plugin with ``on_startup`` for the whole process,
        so the same plugin may build another site next: then, or when the folder
        changed, every cache but the pages' and the citations' (made per build) starts
        empty. A folder the cache may not use (the project's own folder, ``docs/`` or a
        folder in it) is a problem, and nothing is kept on disk.
        """
        config_file = Path(config.config_file_path).resolve()
        folder = Path(options.cache_dir)
        if not folder.is_absolute():
            folder = config_file.parent / folder
        problems = _unfit(
            options.cache_dir, folder.resolve(), config_file.parent, Path(config.docs_dir).resolve()
        )
        keep = options.cache and not problems
        made_for = (config_file, folder if keep else None)
        if made_for != self.made_for:
            self.made_for, self.folder = made_for, made_for[1]
            self.bibliographies.write_pending()  # the old folder's, before it is let go
            self.privacy.write_pending()
            self.quotes.write_pending()
            self.bibliographies = BibliographyCache(self.folder)
            self.quotes = QuoteCache(self.folder)
            self.privacy = PrivacyCache(self.folder)
            self.scans = ScanCache()
            self.boxes = BoxCache()
            self.editions = EditionCache()
            self.gate = GateMemory(self.folder)
        return problems


def _unfit(written: str, folder: Path, root: Path, docs_dir: Path) -> list[SourceProblem]:
    """A problem when ``cache_dir`` is the project's folder (the cache tidies its own
    files there) or lies in ``docs/`` (it would be published, and the preview would
    rebuild on every cache write)."""
    if folder == root:
        where = "is de map van mkdocs.yml zelf"
    elif folder == docs_dir or docs_dir in folder.parents:
        where = "ligt in docs/, waar alles gepubliceerd kan worden"
    else:
        return []
    return [
        SourceProblem(
            "mkdocs.yml",
            None,
            f"cache_dir '{written}' {where}; kies een eigen map buiten docs/, "
            "bijvoorbeeld: cache_dir: .cache/handreiking",
        )
    ]
