"""The plugin is a thin MkDocs adapter: the decisions it used to make live in Site and guard."""

from __future__ import annotations

import ast
import os
from pathlib import Path

from conftest import ROOT, copy_site
from handreiking.content import guard
from handreiking.markdown.context import PageContext
from handreiking.plugin.site import Site
from mkdocs.config import load_config
from mkdocs.structure.files import get_files

PLUGIN = ROOT / "plugins" / "handreiking" / "plugin" / "events.py"


def _site(project: Path, editie: str | None = None) -> Site:
    config = load_config(config_file=str(project / "mkdocs.yml"))
    options = config.plugins["handreiking"].config
    options.editie = editie
    return Site.from_config(config, options)


def test_events_py_holds_the_plugin_class_only() -> None:
    tree = ast.parse(PLUGIN.read_text(encoding="utf-8"))
    classes = [node.name for node in tree.body if isinstance(node, ast.ClassDef)]
    assert classes == ["HandreikingPlugin"]


def test_site_keeps_no_quote_data_and_only_the_built_edition(tmp_path: Path) -> None:
    project = copy_site("basis", tmp_path)
    whole = _site(project)
    assert not whole.keeps("noord/citaten.yml")
    assert whole.keeps("noord/samen.md") and whole.keeps("west/index.md")
    alone = _site(project, editie="noord")
    assert alone.keeps("noord/samen.md") and alone.keeps("bouwstenen/respect.md")
    assert not alone.keeps("west/index.md")
    assert not alone.keeps("noord/citaten.yml")


def test_check_files_drops_links_out_of_docs_and_stops_on_pages_not_utf8(tmp_path: Path) -> None:
    project = copy_site("basis", tmp_path)
    (project / "geheim").mkdir()
    (project / "geheim" / "wachtwoord.txt").write_text("geheim", encoding="utf-8")
    os.symlink(project / "geheim", project / "docs" / "extern")
    (project / "docs" / "noord" / "latin1.md").write_bytes("caf\xe9\n".encode("latin-1"))
    config = load_config(config_file=str(project / "mkdocs.yml"))
    files = get_files(config)
    checked = guard.check_files(files, project / "docs", project)
    assert checked.drop == {"extern/wachtwoord.txt"}
    assert [p.path for p in checked.warnings] == ["docs/extern"]
    assert [p.path for p in checked.errors] == ["docs/noord/latin1.md"]


def test_page_markdown_points_the_context_at_every_kind_of_page(tmp_path: Path) -> None:
    project = copy_site("basis", tmp_path)
    site = _site(project, editie="noord")
    context = PageContext()
    landing = site.page_markdown(context, "index.md", "# Alles\n", "# Alles\n")
    assert context.src_uri == "index.md" and context.edition is None
    assert "Alles" not in landing  # a one-edition build gets its own landing page
    generated = site.page_markdown(context, "noord/citaten.md", "", "", generated=True)
    assert (context.src_uri, context.edition, context.line_offset) == (
        "noord/citaten.md",
        "noord",
        0,
    )
    assert generated.startswith("# ")
    raw = (project / "docs" / "bouwstenen" / "respect.md").read_text(encoding="utf-8")
    body = raw.split("---\n", 2)[2]
    page = site.page_markdown(context, "bouwstenen/respect.md", raw, body)
    assert context.path == "docs/bouwstenen/respect.md"
    # the title put before the body is taken off the offset: body lines are file lines
    first = page.splitlines().index("Respect ontstaat waar mensen elkaar als gelijken behandelen.")
    assert first + 1 + context.line_offset == 8
