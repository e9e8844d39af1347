"""The live preview's error page: broken data is shown in the browser, not only in the terminal.

Under ``handreiking serve`` MkDocs rebuilds the site on every change. When the data is
broken (``citaten.yml``, a theory box, ``bibliography.bib``, an edition's metadata, a page
that is not UTF-8), a normal build stops, and MkDocs' live-reload server then holds every
page request until a build succeeds ("the server will appear stuck"), or ends when its first
build fails: the co-author sees nothing in the browser. So while serving, the plugin hands
the problems to a :class:`BrokenPreview` instead, and the build goes on with every page (the
co-author's and the generated ones) at its own address, in the theme's layout, showing
:func:`error_page_html`. The sources themselves are not read for that (only the title of each
page), so nothing else can fail on the broken data. Once the data is fixed, the next rebuild
is a normal one and live reload shows it.

``handreiking build``, ``mkdocs build`` and ``handreiking check`` never get here: they stop
on the first broken data file, as before.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.structure.files import File, Files, InclusionLevel

from handreiking.content.chapters import chapter_title
from handreiking.content.guard import escaping_links
from handreiking.content.sources import read_source_text, shown_path
from handreiking.plugin.navigation import nav_pages

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

    from handreiking.content.view import PublicationView
    from handreiking.errors import SourceProblem

#: What the error page says, in the co-author's words.
HEADING = "De voorvertoning kan niet worden bijgewerkt"
FIX = "Herstel de fout en sla het bestand op; deze pagina ververst dan vanzelf."
#: The class of the error page's box (Material styles ``admonition failure`` in red).
CLASS = "handreiking-preview-fout"


def error_page_html(problems: Sequence[SourceProblem], where: str = "de gegevens") -> str:
    """The content of every page while the data is broken; one ``pad:regel: melding`` each.

    ``where`` names what is broken in the box's title ("1 fout in de gegevens")."""
    count = len(problems)
    title = f"1 fout in {where}" if count == 1 else f"{count} fouten in {where}"
    items = "\n".join(f"<li>{html.escape(str(problem), quote=False)}</li>" for problem in problems)
    return (
        f"<h1>{HEADING}</h1>\n"
        f'<div class="admonition failure {CLASS}" role="alert">\n'
        f'<p class="admonition-title">{title}</p>\n'
        f"<ul>\n{items}\n</ul>\n"
        f"<p>{FIX}</p>\n"
        "</div>\n"
        "<p>De meldingen staan ook in het venster waar de voorvertoning draait. Uitleg bij "
        "elke soort melding staat in de gids voor auteurs, onder <em>Foutmeldingen en hoe je "
        "ze oplost</em>.</p>\n"
    )


@dataclass
class BrokenPreview:
    """The problems that keep one rebuild of the live preview from showing the site."""

    problems: list[SourceProblem]
    root: Path
    docs_dir: Path
    #: the pages the plugin would generate (quote overviews, literature lists, ...)
    generated: list[str]
    #: whether a file of ``docs/`` belongs in the site at all (never ``citaten.yml``)
    keeps: Callable[[str], bool]

    @classmethod
    def of(
        cls,
        publication: PublicationView,
        generated: list[str],
        problems: Iterable[SourceProblem],
    ) -> BrokenPreview:
        """The error site for ``problems``, with what it needs of the (broken)
        ``publication``; ``generated`` are the pages the build would generate."""
        return cls(
            list(problems), publication.root, publication.docs_dir, generated, publication.keeps
        )

    def files(self, files: Files, config: MkDocsConfig) -> Files:
        """The files of the error site.

        Every documentation page becomes a stub at its own address that holds only its
        title, so no source is converted; the generated pages, and pages ``nav`` lists
        that are not files (an edition's overviews while its metadata is broken), get a
        stub too, so whatever page a co-author has open shows the error. Quote data and
        files behind a link out of ``docs/`` stay out, as in every build.
        """
        outside = escaping_links(
            self.docs_dir, [f.src_uri for f in files if f.generated_by is None]
        )
        kept: list[File] = []
        for file in files:
            if file.src_uri in outside or not self.keeps(file.src_uri):
                continue
            if file.is_documentation_page():
                kept.append(
                    File.generated(
                        config, file.src_uri, content=self._stub(file), inclusion=file.inclusion
                    )
                )
            else:
                kept.append(file)
        present = {f.src_uri for f in kept}
        missing = [*self.generated, *nav_pages(config.nav)]
        for src_uri in dict.fromkeys(missing):
            if src_uri in present or not src_uri.endswith(".md") or "://" in src_uri:
                continue
            # Not in nav unless nav lists it: MkDocs would otherwise warn about it.
            kept.append(
                File.generated(config, src_uri, content="", inclusion=InclusionLevel.NOT_IN_NAV)
            )
        return Files(kept)

    def _stub(self, file: File) -> str:
        """The page's own ``# Title`` (for the navigation and the browser tab), or nothing."""
        if file.abs_src_path is None:
            return ""
        path = Path(file.abs_src_path)
        text, _problem = read_source_text(path, shown_path(path, self.root))
        title = chapter_title(text) if text is not None else None
        return f"# {title}\n" if title else ""

    def page_html(self) -> str:
        """The content of every page of the error site."""
        return error_page_html(self.problems)
