"""Publish Dutch practice guides (handreikingen) with MkDocs and Material."""

from __future__ import annotations

from handreiking.errors import HandreikingError, SourceProblem

__all__ = ["HandreikingError", "SourceProblem"]
