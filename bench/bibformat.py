"""Time formatting a large ``.bib`` with our Dutch APA style, in a fresh process.

Prints one JSON object: ``parse_s`` (reading and parsing the file), ``format_s``
(formatting every entry into the HTML literature list, as the all-literature page
does), ``entries`` and ``api`` (which entry point was used). Run by ``bench/run.py``::

    python bench/bibformat.py bench/work/bib5000.bib
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path


def _ours(path: Path) -> dict:
    from handreiking.content.literature.bibliography import BibliographyCache, load_bibliography

    start = time.perf_counter()
    cache = BibliographyCache(path.parent / ".cache" / "handreiking")  # as a build keeps it
    bib = load_bibliography(path, root=path.parent, style="apa-nl", cache=cache)
    parsed = time.perf_counter()
    html = bib.list_html(list(bib.keys))
    done = time.perf_counter()
    return {
        "api": "handreiking.content.literature.bibliography.load_bibliography + list_html",
        "entries": len(bib),
        "parse_s": parsed - start,
        "format_s": done - parsed,
        "html_chars": len(html),
    }


def _pybtex_plugin(path: Path) -> dict:
    from pybtex.backends.html import Backend
    from pybtex.database import parse_file
    from pybtex.plugin import find_plugin

    start = time.perf_counter()
    data = parse_file(str(path), "bibtex")
    parsed = time.perf_counter()
    style = find_plugin("pybtex.style.formatting", "apa-nl")()
    backend = Backend()
    rendered = [e.text.render(backend) for e in style.format_bibliography(data)]
    done = time.perf_counter()
    return {
        "api": "pybtex find_plugin('pybtex.style.formatting', 'apa-nl').format_bibliography",
        "entries": len(data.entries),
        "parse_s": parsed - start,
        "format_s": done - parsed,
        "html_chars": sum(len(r) for r in rendered),
    }


def main(argv: list[str]) -> int:
    path = Path(argv[1]).resolve()
    errors = []
    for attempt in (_ours, _pybtex_plugin):
        try:
            result = attempt(path)
        except Exception as error:  # the plugin's API may still be changing
            errors.append(f"{attempt.__name__}: {type(error).__name__}: {error}")
            continue
        result["fallback_errors"] = errors
        print(json.dumps(result))
        return 0
    print(json.dumps({"error": "; ".join(errors)}))
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
