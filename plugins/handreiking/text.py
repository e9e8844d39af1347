"""Small text helpers for generated pages: escaping, theme slugs and labels, edition names."""

from __future__ import annotations

import posixpath
import re
import unicodedata
from collections.abc import Iterator, Mapping
from functools import lru_cache
from typing import Any


def strings_in(value: Any) -> Iterator[str]:
    """Every string in ``value`` (a string, or lists and mappings of them, as YAML and
    JSON give them), in order; mapping keys are not included."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from strings_in(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings_in(item)


def markdown_text(text: str) -> str:
    """Escape plain text for use inside generated Markdown (inline content)."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return re.sub(r"([\\`*_{}\[\]()#+\-.!])", r"\\\1", text)


def edition_name(edition: str, edition_names: Mapping[str, str] | None = None) -> str:
    """The display name of an edition: from the mapping, else the id title-cased."""
    if edition_names and edition in edition_names:
        return edition_names[edition]
    return edition.title()


@lru_cache(maxsize=4096)
def theme_slug(theme: str) -> str:
    """A theme as an anchor-safe slug: ``"Eigen kracht"`` → ``"eigen-kracht"``."""
    plain = unicodedata.normalize("NFKD", theme).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-") or "thema"


def theme_label(theme: str) -> str:
    """A theme as a heading: first letter upper case."""
    return theme[:1].upper() + theme[1:]


def sort_key(text: str) -> str:
    """A key that sorts Dutch words as readers expect: case and accents do not count."""
    return unicodedata.normalize("NFKD", text).casefold()


def relative_path(path: str, start: str) -> str:
    """``posixpath.relpath(path, start)`` for two site-relative paths, without its two
    ``os.getcwd()`` calls (thousands of links per build).

    The working folder both would be taken from cancels out unless a ``..`` segment or a
    leading ``/`` reaches into it; those go the long way.
    """
    if path[:1] == "/" or start[:1] == "/" or ".." in path or ".." in start:
        return posixpath.relpath(path or ".", start or ".")
    to = [part for part in path.split("/") if part and part != "."]
    here = [part for part in start.split("/") if part and part != "."]
    common = 0
    for a, b in zip(to, here, strict=False):
        if a != b:
            break
        common += 1
    return "/".join([".."] * (len(here) - common) + to[common:]) or "."


def common_ends(a: str, b: str) -> tuple[int, int]:
    """How many characters ``a`` and ``b`` begin with alike, and how many of the rest
    they end with alike: what an edit that made ``b`` of ``a`` left as it was."""
    start = _common_prefix(a, b, min(len(a), len(b)))
    return start, _common_prefix(a[::-1], b[::-1], min(len(a), len(b)) - start)


def _common_prefix(a: str, b: str, most: int) -> int:
    """How many characters ``a`` and ``b`` begin with alike (at most ``most``)."""
    low, high = 0, most
    while low < high:  # a[:low] == b[:low]; compared in halves, in C
        middle = (low + high + 1) // 2
        if a[low:middle] == b[low:middle]:
            low = middle
        else:
            high = middle - 1
    return low
