"""The package's modules import each other in layers, without a cycle.

The graph is read from the source: every ``import`` and ``from ... import`` anywhere in a
module counts, those inside functions and under ``if TYPE_CHECKING:`` too, as each one
ties the modules together for a reader and for a type checker. ``from handreiking.x
import y`` is an import of ``handreiking.x.y`` when ``y`` is a module, else of
``handreiking.x``; a package's ``__init__`` does not count as imported by its modules.
"""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "plugins" / "handreiking"

#: Each layer and the layers and libraries it may not import.
FORBIDDEN = {
    "handreiking.content": ("handreiking.markdown", "handreiking.plugin", "handreiking.outputs",
                            "handreiking.cli", "mkdocs"),
    "handreiking.markdown": ("handreiking.plugin", "handreiking.outputs", "handreiking.cli",
                             "mkdocs"),
    "handreiking.outputs": ("handreiking.plugin", "handreiking.cli"),
    "handreiking.plugin": ("handreiking.cli",),
    # the door to upstream internals and the shared modules stand below every layer
    "handreiking.compat": ("handreiking.content", "handreiking.markdown", "handreiking.plugin",
                           "handreiking.outputs", "handreiking.cli"),
    "handreiking.errors": ("handreiking",),
    "handreiking.text": ("handreiking",),
    "handreiking.jsoncache": ("handreiking",),
}  # fmt: skip


def _modules() -> dict[str, tuple[Path, bool]]:
    """Every module of the package by its dotted name, with its file and whether it is a
    package (``__init__.py``)."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        if is_package:
            parts.pop()
        found[".".join(parts)] = (path, is_package)
    return found


def _imports(name: str, path: Path, is_package: bool, modules: set[str]) -> set[str]:
    """Every module ``name`` imports, ours and others' (``mkdocs.structure.files``)."""
    package = name if is_package else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            for alias in node.names:
                submodule = f"{module}.{alias.name}"
                found.add(submodule if submodule in modules else module)
    found.discard(name)
    return found


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    names = set(modules)
    return {name: _imports(name, *modules[name], names) for name in modules}


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """A cycle among our modules as the list of its modules (the first one again at the
    end), or ``None``."""
    done: set[str] = set()
    path: list[str] = []
    on_path: set[str] = set()

    def visit(module: str) -> list[str] | None:
        path.append(module)
        on_path.add(module)
        for imported in sorted(graph[module]):
            if imported not in graph or imported in done:
                continue
            if imported in on_path:
                return [*path[path.index(imported) :], imported]
            found = visit(imported)
            if found is not None:
                return found
        path.pop()
        on_path.discard(module)
        done.add(module)
        return None

    for module in sorted(graph):
        if module not in done:
            found = visit(module)
            if found is not None:
                return found
    return None


def _within(module: str, prefix: str) -> bool:
    return module == prefix or module.startswith(f"{prefix}.")


def test_the_graph_is_read_from_every_import() -> None:
    graph = _graph()
    # a submodule by name, a package's module by name, an import under TYPE_CHECKING
    assert "handreiking.content.chapters" in graph["handreiking.content.publication"]
    assert "handreiking.outputs.gate" in graph["handreiking.plugin.events"]
    assert "handreiking.content.view" in graph["handreiking.outputs.theme_comparison"]
    # imported inside a function
    assert "handreiking.plugin.pagecache" in graph["handreiking.plugin.events"]
    # a package's __init__ only when it is imported itself
    assert "handreiking.content" not in graph["handreiking.content.quotes"]


def test_a_cycle_is_found_and_shown() -> None:
    graph = {"a": {"b"}, "b": {"c", "x"}, "c": {"a"}, "d": set(), "x": set()}
    assert _cycle(graph) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None


def test_no_module_imports_itself_through_others() -> None:
    cycle = _cycle(_graph())
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


def test_each_layer_imports_only_the_layers_below_it() -> None:
    wrong = [
        f"{module} imports {imported}"
        for module, imports in sorted(_graph().items())
        for layer, forbidden in FORBIDDEN.items()
        if _within(module, layer)
        for imported in sorted(imports)
        if any(_within(imported, other) for other in forbidden)
    ]
    assert wrong == []


def _ours_imported_by(module: str) -> set[str]:
    graph, seen, todo = _graph(), set(), [module]
    while todo:
        name = todo.pop()
        if name not in seen and name.startswith("handreiking."):
            seen.add(name)
            todo.extend(graph.get(name, ()))
    return seen


def _as_file(module: str) -> str:
    return str(_modules()[module][0].relative_to(PACKAGE))


def test_each_cache_is_keyed_on_all_the_code_that_shapes_it() -> None:
    """A cache whose key missed a module it depends on would serve results of old code."""
    from handreiking.content import quotes
    from handreiking.content.literature import bibliography

    for module, named in (
        ("handreiking.content.quotes", quotes.SHAPING_CODE),
        ("handreiking.content.literature.bibliography", bibliography.SHAPING_CODE),
    ):
        missing = sorted({_as_file(m) for m in _ours_imported_by(module)} - set(named))
        assert missing == [], f"{module}.SHAPING_CODE misses {missing}"
