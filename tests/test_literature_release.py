"""A build lets go of the bibliography's works once every page is converted.

The works, and everything made of them, are the largest part of what a large
bibliography holds: a build releases them when its pages are converted and the
literature notices told (``Bibliography.release``), after saving the formatted
references for the next build. Any later read of a work is a mistake of the build's
order: it must fail at once, never find nothing. The preview keeps everything (its next
rebuild reuses it).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import build, copy_site, edit_file
from handreiking.content.literature.bibliography import BibliographyCache, load_bibliography

WORKS = """
@book{sennett2003,
  author = {Sennett, Richard},
  title = {Respect in a world of inequality},
  year = {2003},
  publisher = {W. W. Norton},
}
"""


def test_a_released_bibliography_saves_its_references_and_refuses_every_read(
    tmp_path: Path,
) -> None:
    bib = tmp_path / "bibliografie.bib"
    bib.write_text(WORKS, encoding="utf-8")
    cache = BibliographyCache(tmp_path / "cache")
    bibliography = load_bibliography(bib, root=tmp_path, cache=cache)
    view = bibliography.for_document(["sennett2003"])
    assert "Sennett" in view.format_html("sennett2003")

    cache.release()

    assert list((tmp_path / "cache").glob("fmt-*.json")), "saved before it was let go of"
    assert bibliography.sources == ("bibliografie.bib",)  # what the gate reads
    for read in (
        lambda: bibliography.format_html("sennett2003"),
        lambda: "sennett2003" in bibliography,
        lambda: bibliography.keys,
        lambda: len(bibliography),
        lambda: view.format_html("sennett2003"),
        lambda: view.fields("sennett2003"),
        bibliography.formatted_entries,
    ):
        with pytest.raises(RuntimeError, match="losgelaten"):
            read()
    # a load after the release starts afresh, from the cache files
    again = load_bibliography(bib, root=tmp_path, cache=cache)
    assert again is not bibliography
    assert again.format_text("sennett2003") == (
        "Sennett, R. (2003). Respect in a world of inequality. W. W. Norton."
    )


#: A hook reading a work after the pages are converted (as a later step of the build
#: that still needed one would).
LATE_READER = """
def on_post_build(config):
    bibliography = config.plugins["handreiking"].build.publication.bibliography
    bibliography.format_html("sennett2003")
"""


def test_a_step_of_the_build_reading_a_work_after_the_release_fails_it(tmp_path: Path) -> None:
    project = copy_site("basis", tmp_path)
    (project / "haak.py").write_text(LATE_READER, encoding="utf-8")
    edit_file(project / "mkdocs.yml", "plugins:", "hooks: [haak.py]\nplugins:")
    built = build(project)
    assert built.returncode != 0
    assert "losgelaten en wordt toch nog gelezen" in built.stdout + built.stderr
