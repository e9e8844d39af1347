"""Two figures that bound what ours can reach, each in a fresh process; run by ``bench/run.py``.

``convert`` (in the floor's tree): the CPU seconds Python-Markdown alone takes to convert
every page of the floor, with the floor's extensions and one Markdown instance reset
between pages (MkDocs makes one per page, which costs more). The floor's pages are ours
with every quote, box and citation written out, so this is what the stack costs to turn
the published pages' Markdown into HTML: about what a check that converts every page as
the build does needs, however it shares the work out over processes::

    cd bench/work/floor-10 && python ../../bounds.py convert

``loaded MODULE ARGS...``: runs ``python -m MODULE ARGS...`` (a build, as ``bench/run.py``
starts it) up to the end of its ``config`` event (``mkdocs.yml`` loaded, every plugin's
``on_config`` done, before the first page is read), then stops it and reports that
process's peak RSS so far: what a build holds before its first page (on a small site,
mostly the code it imported)::

    python bench/bounds.py loaded handreiking.cli build --zonder-pdf -d /tmp/site

Each prints one JSON object.
"""

from __future__ import annotations

import json
import os
import runpy
import sys
import time


def convert() -> dict:
    from markdown import Markdown
    from mkdocs.config import load_config
    from mkdocs.structure.files import get_files
    from mkdocs.utils import meta

    config = load_config("mkdocs.yml")
    texts = []
    for file in get_files(config).documentation_pages():
        with open(file.abs_src_path or "", encoding="utf-8-sig", errors="strict") as source:
            texts.append(meta.get_data(source.read())[0])  # as Page.read_source
    md = Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs)
    started = time.process_time()
    html = 0
    for text in texts:
        html += len(md.reset().convert(text))
    return {
        "pages": len(texts),
        "markdown_chars": sum(map(len, texts)),
        "html_chars": html,
        "convert_cpu_s": round(time.process_time() - started, 3),
        "extensions": [
            e if isinstance(e, str) else type(e).__name__ for e in config.markdown_extensions
        ],
    }


def _peak_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc/self/status")


def loaded(module: str, args: list[str]) -> None:
    from mkdocs.plugins import PluginCollection

    main, run_event = os.getpid(), PluginCollection.run_event

    def stop_after_config(self, name, item=None, **kwargs):
        result = run_event(self, name, item, **kwargs)
        if name == "config" and os.getpid() == main:
            peak = _peak_mb()
            # stopped here: the build's helper processes with it (one holds the lock of
            # the site's folder, which the next build would wait for)
            if "multiprocessing" in sys.modules:
                for child in sys.modules["multiprocessing"].active_children():
                    child.kill()
                    child.join()
            print(json.dumps({"peak_rss_mb": round(peak, 1), "modules": len(sys.modules)}))
            sys.stdout.flush()
            os._exit(0)
        return result

    PluginCollection.run_event = stop_after_config  # type: ignore[method-assign]
    sys.argv = [module, *args]
    runpy.run_module(module, run_name="__main__", alter_sys=True)
    raise SystemExit(f"{module} ended before its config event")


def main(argv: list[str]) -> int:
    if argv[:1] == ["convert"]:
        print(json.dumps(convert()))
        return 0
    if len(argv) >= 2 and argv[0] == "loaded":
        loaded(argv[1], argv[2:])
        return 1
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
