"""What the Markdown blocks need of pymdown-extensions beyond its documented blocks API.

Written against pymdown-extensions 13.1.2. It relies on:

- ``Block._validate(parent, arg, **options)``: where pymdownx checks a block's argument
  and header options against ``ARGUMENT`` and ``OPTIONS`` (and fills ``argument`` and
  ``options``); ``False`` makes pymdownx print the whole block as literal text. An
  unknown option is such a ``False``: :class:`ValidatingBlock` lets a block see the
  options first (:meth:`ValidatingBlock.on_options`), to report a mistake with its line
  instead.
- ``Block.option_spec``: the block's ``OPTIONS`` plus the reserved ``attrs``, made in
  ``Block.__init__`` (:meth:`ValidatingBlock.accepts_option`).
- ``BlocksProcessor.blocks``: the registered block classes by name, on the block
  processor registered as ``"blocks"`` (:func:`registered_block_names`,
  :func:`is_registered`).
- ``pymdownx.util.escape_chars(md, chars)``: adds characters to Python-Markdown's
  backslash escapes (:func:`escape_characters`).
- The treeprocessor ``blocks_on_inline_end`` at priority 19.99, which calls each block's
  ``on_inline_end`` right after Python-Markdown's inline patterns (20)
  (:data:`BEFORE_INLINE_END`).
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from typing import Any

from markdown import Markdown
from pymdownx.blocks import BlocksProcessor
from pymdownx.blocks.block import Block
from pymdownx.util import escape_chars

#: A treeprocessor priority after Python-Markdown's inline patterns (20) and before
#: pymdown-extensions calls the blocks' ``on_inline_end`` (19.99).
BEFORE_INLINE_END = 19.995


class ValidatingBlock(Block):
    """A block that sees its header's options before pymdown-extensions checks them.

    pymdown-extensions prints a block with an option it does not know as literal text.
    A subclass implements :meth:`on_options` to keep the options it can use (reporting
    the others as it sees fit), and :meth:`on_options_rejected` to decide what happens
    when pymdownx still rejects those.
    """

    def on_options(self, arg: Any, options: dict[str, Any]) -> dict[str, Any]:
        """The header's options pymdownx should check; by default all of them."""
        return options

    def on_options_rejected(self, arg: Any, options: dict[str, Any]) -> bool:
        """pymdownx rejected ``options`` (from :meth:`on_options`): ``True`` goes on with
        no options at all, ``False`` (the default) leaves the block as literal text."""
        return False

    def accepts_option(self, name: str) -> bool:
        """Whether pymdownx reads ``name`` as an option of this block (``attrs`` too)."""
        return name in self.option_spec

    def _validate(self, parent: etree.Element, arg: Any, **options: Any) -> bool:
        kept = self.on_options(arg, dict(options))
        if super()._validate(parent, arg, **kept):
            return True
        if self.on_options_rejected(arg, kept):
            return super()._validate(parent, arg)
        return False


def _block_manager(md: Markdown) -> BlocksProcessor | None:
    try:
        manager = md.parser.blockprocessors["blocks"]
    except KeyError:
        return None
    return manager if isinstance(manager, BlocksProcessor) else None


def registered_block_names(md: Markdown) -> list[str]:
    """The names of every block registered on ``md``, in the order registered."""
    manager = _block_manager(md)
    return list(manager.blocks) if manager is not None else []


def is_registered(block_mgr: BlocksProcessor, name: str) -> bool:
    """Whether a block named ``name`` is registered with ``block_mgr``."""
    return name in block_mgr.blocks


def escape_characters(md: Markdown, chars: list[str]) -> None:
    """Let a backslash make each of ``chars`` a literal character (``\\@`` is ``@``)."""
    escape_chars(md, chars)
