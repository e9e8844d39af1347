"""What the rest of the package reads of the loaded publication: :class:`PublicationView`.

The navigation, the generated pages, the edition switcher, the links for the curriculum
and the publication gate need the publication, not how it is loaded: they depend on
this protocol, which :class:`~handreiking.content.publication.Publication` fulfils.
This module imports nothing of ours but the content models.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from handreiking.content.bouwstenen import BouwsteenLibrary
    from handreiking.content.chapters import ScannedPage
    from handreiking.content.editions import Edition
    from handreiking.content.literature.bibliography import Bibliography
    from handreiking.content.order import BoxOrder
    from handreiking.content.quotes import QuoteStore
    from handreiking.content.socialekaart import SocialeKaart


class PublicationView(Protocol):
    """The publication as loaded for one build: its data, the editions this build
    publishes, and the page scan, all fixed once loaded."""

    @property
    def root(self) -> Path:
        """The project folder (where ``mkdocs.yml`` is)."""

    @property
    def docs_dir(self) -> Path:
        """The folder of the sources, ``docs/``."""

    @property
    def editions(self) -> list[Edition]:
        """Every edition, in the order of ``mkdocs.yml``."""

    @property
    def quotes(self) -> QuoteStore:
        """The quotes of every edition."""

    @property
    def bouwstenen(self) -> BouwsteenLibrary:
        """The theory boxes."""

    @property
    def bibliography(self) -> Bibliography | None:
        """The literature; ``None`` when it could not be read."""

    @property
    def box_order(self) -> BoxOrder | None:
        """The order of the theory boxes ``docs/bouwstenen/index.md`` gives, if any."""

    @property
    def only(self) -> str | None:
        """The edition built alone, or ``None`` for the whole guide."""

    @property
    def privacy_clean(self) -> bool:
        """Whether the sources passed the privacy scan."""

    @property
    def scanned(self) -> dict[str, ScannedPage]:
        """The chapters of the editions of this build, in reading order, by ``src_uri``."""

    @property
    def sociale_kaart(self) -> SocialeKaart:
        """The organisations of every edition's sociale kaart."""

    @property
    def kaart_editions(self) -> list[Edition]:
        """The published editions of this build with a sociale kaart."""

    @property
    def edition_ids(self) -> list[str]:
        """The ids of :attr:`editions`."""

    @property
    def edition_names(self) -> dict[str, str]:
        """Each edition's name, by id."""

    @property
    def selected(self) -> list[Edition]:
        """The editions this build publishes."""

    @property
    def published_editions(self) -> list[Edition]:
        """The editions of this build that are published."""

    @property
    def bouwsteen_usage(self) -> dict[str, list[tuple[str, str, str | None]]]:
        """For each theory box, the chapters that place it: (title, src_uri, edition)."""

    def edition(self, edition_id: str) -> Edition | None:
        """The edition with this id."""

    def published_edition(self, edition_id: str) -> Edition | None:
        """The edition when it is among :attr:`published_editions`."""

    def edition_of(self, src_uri: str) -> str | None:
        """The edition a page belongs to."""

    def shown_path(self, src_uri: str) -> str:
        """The path a co-author sees for a page of ``docs/``."""

    def chapters(self, edition: str) -> list[ScannedPage]:
        """The edition's chapters (its start page left out), in reading order."""

    def in_selection(self, src_uri: str) -> bool:
        """Whether a file of ``docs/`` belongs in this build."""

    def keeps(self, src_uri: str) -> bool:
        """Whether a file of ``docs/`` is published by this build."""
