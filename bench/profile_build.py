"""Profile one ``mkdocs build`` of a tree with cProfile, to find where the time goes.

Prints the functions with the most cumulative and the most own time, and writes the raw
stats (for ``snakeviz``/``pstats``) next to the tree::

    .venv/bin/python bench/profile_build.py bench/work/ours-1
    .venv/bin/python bench/profile_build.py bench/work/ours-1 --filter handreiking --top 30
    .venv/bin/python bench/profile_build.py bench/work/ours-1 \
        --serve-rebuild docs/zuidoost/citaten.yml --replace "Ik scoor" "Ik geef"
    .venv/bin/python bench/profile_build.py bench/work/ours-10 --check

With ``--check``, ``handreiking check`` from cold (the tree's ``.cache/`` set aside first, as
``bench/run.py`` measures it), in one process (``workers=1``): cProfile sees no forked
process, so this is the CPU of every process together, not the wall time.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path


def _serve_rebuild(tree: Path, args: argparse.Namespace) -> tuple[cProfile.Profile, float]:
    """As ``handreiking serve`` does: a first build, an edit, a new config, the rebuild,
    each writing only what changed (``compat.mkdocs.writing_only_what_changed``)."""
    from handreiking.compat.mkdocs import writing_only_what_changed
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    written: dict[str, tuple[int, int, bytes]] = {}

    chapter = tree / args.serve_rebuild
    original = chapter.read_text(encoding="utf-8")
    profiler = cProfile.Profile(time.thread_time) if args.thread_cpu else cProfile.Profile()
    with tempfile.TemporaryDirectory() as site:
        config = load_config(str(tree / args.config), site_dir=site)
        config.plugins.on_startup(command="serve", dirty=False)
        try:
            with writing_only_what_changed(site, written):
                build(config, serve_url="http://127.0.0.1:8000/")
            chapter.write_text(_edited(chapter, original, args.replace), encoding="utf-8")
            start = time.perf_counter()
            profiler.enable()
            config = load_config(str(tree / args.config), site_dir=site)
            with writing_only_what_changed(site, written):
                build(config, serve_url="http://127.0.0.1:8000/")
            profiler.disable()
            wall = time.perf_counter() - start
        finally:
            chapter.write_text(original, encoding="utf-8")
            config.plugins.on_shutdown()
    return profiler, wall


def _check(tree: Path, args: argparse.Namespace) -> tuple[cProfile.Profile, float]:
    """``handreiking check`` from cold in one process: its ``.cache/`` moved aside for the
    run (and back afterwards), the sources converted without forking."""
    import shutil

    cache = tree / ".cache"
    aside = Path(tempfile.mkdtemp(prefix="profile-check-")) / "cache"
    if cache.exists():
        shutil.move(str(cache), aside)
    profiler = cProfile.Profile()
    start = time.perf_counter()
    try:
        profiler.enable()
        # Imports are inside the profile on purpose, as for a build.
        from handreiking.cli.check import check_sources
        from handreiking.cli.main import _load_config

        config = _load_config(str(tree / args.config))
        problems = check_sources(config, [], workers=1)
        profiler.disable()
    finally:
        shutil.rmtree(cache, ignore_errors=True)
        if aside.exists():
            shutil.move(str(aside), cache)
        shutil.rmtree(aside.parent, ignore_errors=True)
    wall = time.perf_counter() - start
    print(f"check: {len(problems)} problem(s)")
    return profiler, wall


def _edited(path: Path, text: str, replace: list[str] | None) -> str:
    """The edit: ``replace`` (old, new) once; else a line appended, as a sentence to a
    page and as a comment to a data file (a comment may rightly change nothing)."""
    if replace:
        old, new = replace
        if old not in text:
            raise SystemExit(f"{path}: '{old}' not found")
        return text.replace(old, new, 1)
    if path.suffix == ".md":
        return text + "\n\nbench-profile-marker\n"
    return text + ("\n% bench-profile-marker\n" if path.suffix == ".bib" else "\n# bench\n")


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
        "--thread-cpu",
        action="store_true",
        help="time by the CPU of the main thread (time.thread_time), not the wall clock: "
        "on a busy machine the wall clock counts the waits for a core too",
    )
    parser.add_argument(
        "--serve-rebuild",
        metavar="CHAPTER",
        help="profile the rebuild `mkdocs serve` makes after CHAPTER (docs/...) is edited, "
        "not the first build",
    )
    parser.add_argument(
        "--replace",
        nargs=2,
        metavar=("OLD", "NEW"),
        help="with --serve-rebuild: the edit replaces OLD by NEW once in the file, "
        "instead of appending a line (a data file's own content changed)",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="profile `handreiking check` from cold (no .cache/) in one process, not a build",
    )
    args = parser.parse_args(argv)

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    tree = args.tree.resolve()
    if args.stats is not None:
        args.stats = args.stats.resolve()
    os.chdir(tree)
    profiler = cProfile.Profile(time.thread_time) if args.thread_cpu else cProfile.Profile()
    start = time.perf_counter()
    if args.check:
        profiler, wall = _check(tree, args)
    elif args.serve_rebuild:
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

    if args.thread_cpu:
        wall = sum(entry[3] for key, entry in pstats.Stats(profiler).stats.items() if not entry[4])
    stats_path = args.stats or tree.parent / f"{tree.name}.prof"
    profiler.dump_stats(str(stats_path))
    what = (
        "check from cold"
        if args.check
        else f"rebuild after editing {args.serve_rebuild}"
        if args.serve_rebuild
        else "build"
    )
    clock = "main-thread CPU" if args.thread_cpu else "wall"
    print(f"{what} of {tree} under cProfile: {wall:.2f} s {clock}; stats in {stats_path}")
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
