"""Read and write ``mkdocs.yml`` keeping MkDocs' own YAML tags (``!ENV``, ``!relative``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml


class Tagged:
    """A value written with a tag MkDocs resolves itself; kept as written."""

    def __init__(self, tag: str, value: Any) -> None:
        self.tag = tag
        self.value = value

    def __repr__(self) -> str:
        return f"Tagged({self.tag!r}, {self.value!r})"


class _Loader(yaml.SafeLoader):
    pass


class _Dumper(yaml.SafeDumper):
    pass


def _construct(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Tagged:
    tag = "!" + suffix
    if isinstance(node, yaml.SequenceNode):
        return Tagged(tag, loader.construct_sequence(node, deep=True))
    if isinstance(node, yaml.MappingNode):
        return Tagged(tag, loader.construct_mapping(node, deep=True))
    return Tagged(tag, loader.construct_scalar(node))  # type: ignore[arg-type]


def _represent(dumper: yaml.SafeDumper, data: Tagged) -> yaml.Node:
    if isinstance(data.value, list):
        return dumper.represent_sequence(data.tag, data.value, flow_style=True)
    if isinstance(data.value, dict):
        return dumper.represent_mapping(data.tag, data.value)
    return dumper.represent_scalar(data.tag, "" if data.value is None else str(data.value))


_Loader.add_multi_constructor("!", _construct)
_Dumper.add_representer(Tagged, _represent)


def load(path: Path) -> Any:
    with path.open(encoding="utf-8") as handle:
        return yaml.load(handle, Loader=_Loader)  # a SafeLoader subclass


def dump(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
