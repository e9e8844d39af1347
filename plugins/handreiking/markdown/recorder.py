"""What a converted page cited and placed, kept per page for the pages generated later.

The blocks and citations extensions note, on the Markdown instance, the quotes and
theory boxes a page places and the works it cites. This extension copies that,
once the page is converted, into a mapping by the page's ``src_uri`` (the
:class:`PageContext`'s), from which the literature lists and overviews are built.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor

from handreiking.markdown.blocks import placed_bouwstenen, placed_quotes
from handreiking.markdown.citations import cited_keys
from handreiking.markdown.context import PageContext


@dataclass
class PageRecord:
    """What one converted page cited and placed."""

    cited: list[str] = field(default_factory=list)
    quotes: list[str] = field(default_factory=list)
    bouwstenen: list[str] = field(default_factory=list)


class _Recorder(Postprocessor):
    """Copies what the page's extensions recorded into ``records``."""

    def __init__(self, md: Markdown, context: PageContext, records: dict[str, PageRecord]) -> None:
        super().__init__(md)
        self.context = context
        self.records = records

    def run(self, text: str) -> str:
        if self.context.src_uri is not None:
            self.records[self.context.src_uri] = PageRecord(
                cited=cited_keys(self.md),
                quotes=placed_quotes(self.md),
                bouwstenen=placed_bouwstenen(self.md),
            )
        return text


class RecorderExtension(Extension):
    """Records each converted page in ``records``, under the context's ``src_uri``."""

    def __init__(self, *, context: PageContext, records: dict[str, PageRecord]) -> None:
        super().__init__()
        self.context = context
        self.records = records

    def extendMarkdown(self, md: Markdown) -> None:
        # Priority 0: after every other postprocessor.
        md.postprocessors.register(
            _Recorder(md, self.context, self.records), "handreiking_recorder", 0
        )


def makeExtension(**kwargs: Any) -> RecorderExtension:
    """The extension, for ``markdown.Markdown(extensions=[...])``."""
    return RecorderExtension(**kwargs)
