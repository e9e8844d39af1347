"""Profile one ``mkdocs build`` of a tree with cProfile, to find where the time goes.

Prints the functions with the most cumulative and the most own time, and writes the raw
stats (for ``snakeviz``/``pstats``) next to the tree::

    .venv/bin/python bench/profile_build.py bench/work/ours-1
    .venv/bin/python bench/profile_build.py bench/work/ours-1 --filter handreiking --top 30
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import io
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path


def _serve_rebuild(tree: Path, args: argparse.Namespace) -> tuple[cProfile.Profile, float]:
    """As ``mkdocs serve`` does: a first build, an edit, a new config, the rebuild."""
    from handreiking.compat.mkdocs import writing_only_what_changed
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    chapter = tree / args.serve_rebuild
    original = chapter.read_text(encoding="utf-8")
    profiler = cProfile.Profile()
    written: dict[str, tuple[int, int, bytes]] = {}

    def writing(site: str) -> contextlib.AbstractContextManager[None]:
        # `handreiking serve` writes only the files whose bytes changed; `mkdocs serve` all
        if args.handreiking_serve:
            return writing_only_what_changed(site, written)
        return contextlib.nullcontext()

    with tempfile.TemporaryDirectory() as site:
        config = load_config(str(tree / args.config), site_dir=site)
        config.plugins.on_startup(command="serve", dirty=False)
        try:
            with writing(site):
                build(config, serve_url="http://127.0.0.1:8000/")
            chapter.write_text(original + "\n\nbench-profile-marker\n", encoding="utf-8")
            start = time.perf_counter()
            profiler.enable()
            config = load_config(str(tree / args.config), site_dir=site)
            with writing(site):
                build(config, serve_url="http://127.0.0.1:8000/")
            profiler.disable()
            wall = time.perf_counter() - start
        finally:
            chapter.write_text(original, encoding="utf-8")
            config.plugins.on_shutdown()
    return profiler, wall


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("tree", type=Path)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--filter", default="", help="only functions whose path contains this")
    parser.add_argument("--strict", action="store_true")
    parser.add_argument(
        "--pdf", action="store_true", help="make the editions' PDFs too (default: --zonder-pdf)"
    )
    parser.add_argument("--config", default="mkdocs.yml", help="config file inside the tree")
    parser.add_argument("--stats", type=Path, help="where to write the raw stats")
    parser.add_argument(
        "--serve-rebuild",
        metavar="CHAPTER",
        help="profile the rebuild `mkdocs serve` makes after CHAPTER (docs/...) is edited, "
        "not the first build",
    )
    parser.add_argument(
        "--handreiking-serve",
        action="store_true",
        help="with --serve-rebuild: write as `handreiking serve` does, only the files whose "
        "bytes changed (default: every file, as `mkdocs serve`)",
    )
    args = parser.parse_args(argv)

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    tree = args.tree.resolve()
    if args.stats is not None:
        args.stats = args.stats.resolve()
    os.chdir(tree)
    profiler = cProfile.Profile()
    start = time.perf_counter()
    if args.serve_rebuild:
        profiler, wall = _serve_rebuild(tree, args)
    else:
        profiler.enable()
        # Imports are inside the profile on purpose: a co-author's build pays for them too.
        from mkdocs.commands.build import build
        from mkdocs.config import load_config

        with tempfile.TemporaryDirectory() as site:
            config = load_config(str(tree / args.config), site_dir=site, strict=args.strict)
            plugin = config.plugins.get("handreiking")
            if plugin is not None and hasattr(plugin, "without_pdf"):
                plugin.without_pdf = not args.pdf  # as `handreiking build --zonder-pdf`
            config.plugins.on_startup(command="build", dirty=False)
            try:
                build(config)
            finally:
                config.plugins.on_shutdown()
        profiler.disable()
        wall = time.perf_counter() - start

    stats_path = args.stats or tree.parent / f"{tree.name}.prof"
    profiler.dump_stats(str(stats_path))
    what = f"rebuild after editing {args.serve_rebuild}" if args.serve_rebuild else "build"
    print(f"{what} of {tree} under cProfile: {wall:.2f} s; stats in {stats_path}")
    for order in ("cumulative", "tottime"):
        out = io.StringIO()
        stats = (
            pstats.Stats(profiler, stream=out).strip_dirs()
            if not args.filter
            else (pstats.Stats(profiler, stream=out))
        )
        stats.sort_stats(order)
        if args.filter:
            stats.print_stats(args.filter, args.top)
        else:
            stats.print_stats(args.top)
        print(f"\n=== by {order} ===")
        print("\n".join(out.getvalue().splitlines()[6:]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
