"""What one build records as it converts its pages: :class:`BuildRecord`.

The publication (:class:`~handreiking.content.publication.Publication`) is fixed once
loaded; this is what grows while the pages are converted: each page's
:class:`~handreiking.markdown.recorder.PageRecord` (what it cited and placed, its
links and anchors) and each page's permanent id. The pages generated after the
others (literature lists), the links for the curriculum and the publication gate
read it; the build and ``handreiking check`` fill it alike.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from handreiking.content.chapters import PageIds
from handreiking.content.editions import Edition, edition_of
from handreiking.content.frontmatter import FrontMatter, parse_front_matter
from handreiking.markdown.recorder import PageRecord


@dataclass
class BuildRecord(PageIds):
    """The pages of one build as they are converted: their ids (:class:`PageIds`), and
    what each cited, placed, links to and offers as anchors."""

    #: what each converted page cited and placed, by ``src_uri`` (the recorder's)
    records: dict[str, PageRecord] = field(default_factory=dict)
    #: the front matter the page scan read, by ``src_uri``, with the text it was read
    #: from: :meth:`front_matter` reuses it when the page's text is the same
    fronts: dict[str, tuple[str, FrontMatter]] = field(default_factory=dict, repr=False)

    def front_matter(self, src_uri: str, raw: str, shown: str) -> FrontMatter:
        """``parse_front_matter(raw, shown)``: the scan's when it read the same text."""
        scanned = self.fronts.pop(src_uri, None)
        if scanned is not None and scanned[0] == raw and scanned[1].path == shown:
            return scanned[1]
        return parse_front_matter(raw, shown)

    def cited(self) -> list[str]:
        """Every work cited, page by page in the order they were converted."""
        return [key for record in self.records.values() for key in record.cited]

    def cited_by_edition(self, editions: Iterable[Edition]) -> dict[str, list[str]]:
        """Per edition, what its pages cite (in the order they were converted), then its
        ``nocite``; in one pass over the records."""
        editions = list(editions)
        wanted: dict[str, dict[str, None]] = {edition.id: {} for edition in editions}
        for src_uri, record in self.records.items():
            if not record.cited:
                continue
            edition_id = edition_of(src_uri, wanted)
            if edition_id is not None:
                wanted[edition_id].update(dict.fromkeys(record.cited))
        for edition in editions:
            wanted[edition.id].update(dict.fromkeys(edition.nocite))
        return {edition_id: list(keys) for edition_id, keys in wanted.items()}
