"""Write the figures of ``bench/results.json`` into ``bench/RESULTS.md``.

Only the part between ``<!-- figures:start -->`` and ``<!-- figures:end -->`` is
replaced; the analysis and the "Optimisations" section around it are kept::

    python bench/report.py                      # bench/results.json -> bench/RESULTS.md
    python bench/report.py --results r.json --print
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
START, END = "<!-- figures:start -->", "<!-- figures:end -->"

#: The targets of the issue on reuse ("Builds that reuse what did not change"), beside
#: each figure. Keys as in results.json; the scale is the tree the target is set for.
TARGETS = {
    "ratio_floor_cold": 1.05,  # ours from cold / floor, 1x and 10x
    "ratio_peer_cold": 0.7,  # ours from cold / mkdocs-bibtex
    "ratio_rss_floor_cold": 1.15,  # peak memory from cold / the floor's
    "ratio_floor_edit": 0.3,  # after editing one chapter, with the cache / floor, 10x
    "zensical_cached_floor": 0.49,  # Zensical's cached rebuild / floor (to beat)
    "preview_1": 0.2,  # saving to served, 1x
    "preview_10": 0.5,  # saving to served, 10x
    "check_cold_10": 2.0,
    "check_unchanged_10": 1.0,
    "growth": 10.0,
}
DASH = "\u2014"


def _f(value: object, unit: str = "", digits: int = 2) -> str:
    if value is None:
        return DASH
    if isinstance(value, bool):
        return "yes" if value else "**no**"
    if isinstance(value, float):
        return f"{value:.{digits}f}{unit}"
    return f"{value}{unit}"


def _verdict(ok: bool | None) -> str:
    return DASH if ok is None else ("met" if ok else "**missed**")


def _at_most(value: float | None, limit: float) -> str:
    return _verdict(None if value is None else value <= limit)


def figures(results: dict) -> str:
    """The Markdown between the markers: tables of every figure, targets beside them."""
    meta = results.get("_meta", {})
    rows = {k: v for k, v in results.items() if not k.startswith("_")}
    machine = meta.get("machine", {})
    versions = meta.get("versions", {})
    warmup = (
        "a warm-up round where a build takes under 20 s" if meta.get("warmup") else ("no warm-up")
    )
    out = [
        f"Run of {meta.get('date', '?')}: {meta.get('repeat')} measured rounds "
        f"(after {warmup}), each round alternating the builds of the first table, "
        f"each into an empty folder; medians. Whole run: {_f(meta.get('total_s'), ' s', 0)}.",
        "",
        f"- Machine: {machine.get('nproc')} cores, {machine.get('cpu')}, "
        f"{machine.get('memory')} memory; {machine.get('platform')}",
        "- Versions: " + ", ".join(f"{k} {v}" for k, v in versions.items() if v),
        f"- Source: commit {meta.get('source', {}).get('commit')}"
        + (
            " with uncommitted changes to plugins/"
            if meta.get("source", {}).get("plugin_has_uncommitted_changes")
            else ""
        ),
        "",
        "**Builds** (seconds; cold = no `.cache/`; cached = its cache from a build of the same "
        "sources just before; after an edit = one chapter changed since the build whose cache "
        "it finds; identical = its site byte for byte the cold build's of the same sources):",
        "",
        "| tree | ours cold | ours cached | ours after an edit | identical | floor (b) | "
        "peer (c) | Zensical cold | Zensical cached | bib 5,000 |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for label, row in rows.items():
        out.append(
            f"| {label} | {_f(row.get('ours_cold_s'), ' s')} | {_f(row['ours_s'], ' s')} | "
            f"{_f(row.get('ours_edit_s'), ' s')} | {_f(row.get('reuse_identical'))} | "
            f"{_f(row['floor_s'], ' s')} | {_f(row['peer_s'], ' s')} | "
            f"{_f(row.get('zensical_s'), ' s')} | {_f(row.get('zensical_cached_s'), ' s')} | "
            f"{_f(row['bib5000_s'], ' s')} |"
        )
    out += [
        "",
        "**Ratios** (targets in brackets; all of wall time, but the last: the CPU seconds, "
        "user and system, of every process of the build):",
        "",
        "| tree | cold / floor (<= 1.05) | cached / floor | after an edit / floor (<= 0.3 at "
        "10x) | cold / peer (<= 0.7) | cached / peer | peak RSS cold / floor (<= 1.15) | "
        "Zensical cold / floor | Zensical cached / floor (0.49 to beat) | CPU cold / floor |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for label, row in rows.items():
        rss = row.get("ratio_rss_floor_cold")
        rss_mb = f" ({_f(row.get('peak_rss_cold_mb'), ' MB', 0)})" if rss is not None else ""
        out.append(
            f"| {label} | {_f(row.get('ratio_floor_cold'))} | {_f(row['ratio_floor'])} | "
            f"{_f(row.get('ratio_floor_edit'))} | {_f(row.get('ratio_peer_cold'))} | "
            f"{_f(row['ratio_peer'])} | {_f(rss)}{rss_mb} | "
            f"{_f(row.get('ratio_zensical_floor'))} | "
            f"{_f(row.get('ratio_zensical_cached_floor'))} | "
            f"{_f(row.get('ratio_cpu_floor_cold'))} |"
        )
    out += [
        "",
        "**Preview** (`handreiking serve`): from saving a file to the served page showing the "
        "edit / the rebuild's own time as MkDocs logs it (the rest is the file watcher, which "
        "hears of a save at once on this machine's disk (inotify) and builds 0.05 s after the "
        "last change it heard of, and the served page's fetch); targets 0.2 s at "
        "1x, 0.5 s at 10x. Then `handreiking check` from cold and with nothing changed since "
        "the last check (targets at 10x: 2 s and 1 s):",
        "",
        "| tree | chapter | quote | box | bibliography | floor: chapter (`mkdocs serve`) | "
        "check cold | check unchanged |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for label, row in rows.items():
        d = row["details"]
        served = row.get("preview_s") or {}
        inside = row.get("preview_build_s") or {}
        if not served and row.get("warm_rebuild_s") is not None:
            # runs before the four kinds: the chapter under mkdocs serve
            served = {"chapter": row["warm_rebuild_s"]}
            inside = {"chapter": _median(d.get("warm_rebuild", {}).get("edit_build_s") or [])}
        floor_warm = d.get("floor_warm_rebuild", {})
        cells = [
            f"{_f(served.get(k), ' s')} / {_f(inside.get(k), ' s')}"
            for k in ("chapter", "quote", "box", "bibliography")
        ]
        floor_cell = (
            f"{_f(_median(floor_warm.get('samples') or []), ' s')} / "
            f"{_f(_median(floor_warm.get('edit_build_s') or []), ' s')}"
        )
        out.append(
            f"| {label} | {' | '.join(cells)} | {floor_cell} | "
            f"{_f(row.get('check_cold_s'), ' s')} | {_f(row['check_s'], ' s')} |"
        )
    out += [
        "",
        "| tree | pages | chapters | quotes | boxes | citations | bib entries | "
        "peak RSS ours cached / floor / peer | visible text ours / floor / peer / Zensical "
        "(chars) | ours without .cache (one build, older runs) | "
        "ours replacing its site | ours' first build | its PDFs | its EPUBs |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for label, row in rows.items():
        d = row["details"]
        tree = d["tree"]
        rss = d.get("peak_rss_mb", {})
        chars = d.get("visible_chars", {})
        ref = d.get("reference_build", {})
        cold = d.get("ours_without_cache", {})
        replacing = d.get("ours_replacing_previous_site", {})
        command = ref.get("command", "")
        pdfs = (
            " (with PDFs and EPUBs)"
            if "EPUB" in command
            else (" (with PDFs)" if "PDF" in command else "")
        )
        # the books inside that build (results of runs before they were timed have none)
        books = ref.get("books") or {}
        editions = len(books.get("editions") or {})
        per = f" ({editions} editions)" if editions > 1 else ""
        pages = d.get("pages_html", {})
        out.append(
            f"| {label} | {pages.get('ours')} | {tree['chapters']} | "
            f"{tree['quotes_placed']} | {tree['boxes_placed']} | {tree['citations']} | "
            f"{tree['bib_entries']} | {_f(row['peak_rss_mb'], ' MB', 0)} / "
            f"{_f(rss.get('floor'), ' MB', 0)} / {_f(rss.get('peer'), ' MB', 0)} | "
            f"{chars.get('ours', DASH)} / {chars.get('floor', DASH)} / "
            f"{chars.get('peer', DASH)} / {chars.get('zensical', DASH)} | "
            f"{_f(cold.get('wall_s'), ' s')} | "
            f"{_f(replacing.get('wall_s'), ' s')} | {_f(ref.get('wall_s'), ' s')}{pdfs} | "
            f"{_f(row.get('pdf_s'), ' s')}{per if row.get('pdf_s') else ''} | "
            f"{_f(row.get('epub_s'), ' s')}{per if row.get('epub_s') else ''} |"
        )
    out += ["", *_bounds(rows, machine.get("nproc"))]
    growth = meta.get("growth_1_to_10") or {}
    out += [
        "",
        "Growth from 1x to 10x (time at 10x / time at 1x): "
        + (
            ", ".join(
                f"{k.removesuffix('_s').replace('_', ' ')} {v}x"
                for k, v in growth.items()
                if v is not None
            )
            or DASH
        )
        + ".",
    ]
    out += ["", *_targets(rows, growth)]
    return "\n".join(out)


def _bounds(rows: dict, cores: int | None) -> list[str]:
    """What bounds the check from cold and the peak memory (``bench/bounds.py``): the
    least wall time the check's CPU allows on this machine's cores, beside Python-Markdown
    alone converting the same pages; what ours holds more than the floor before its first
    page, beside the whole build's allowance (0.15 of the floor's peak)."""
    out = [
        "**What bounds two targets** (`bench/bounds.py`): `handreiking check` from cold, its "
        "CPU seconds (every process) and those shared perfectly over the machine's "
        f"{cores or '?'} cores; Python-Markdown alone converting the floor's pages (ours "
        "with every quote, box and citation written out), one Markdown instance, CPU "
        "seconds and the same shared over the cores; each build's peak RSS up to the end of "
        "its `config` event (`mkdocs.yml` loaded, before the first page), ours / the "
        "floor's, and ours less the floor's beside the whole build's allowance (0.15 of "
        "the floor's peak):",
        "",
        "| tree | check cold | its CPU | its CPU / cores | Python-Markdown alone: CPU | "
        "... / cores | before the first page: ours / floor | ours - floor | allowance |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for label, row in rows.items():
        cpu, convert = row.get("check_cold_cpu_s"), row.get("floor_convert_cpu_s")
        loaded = row["details"].get("bounds", {}).get("loaded_rss_mb", {})
        floor_peak = row["details"].get("peak_rss_mb", {}).get("floor")
        allowance = 0.15 * floor_peak if floor_peak is not None else None
        out.append(
            f"| {label} | {_f(row.get('check_cold_s'), ' s')} | {_f(cpu, ' s')} | "
            f"{_f(cpu / cores if cpu and cores else None, ' s')} | {_f(convert, ' s')} | "
            f"{_f(convert / cores if convert and cores else None, ' s')} | "
            f"{_f(_median(loaded.get('ours') or []), ' MB', 1)} / "
            f"{_f(_median(loaded.get('floor') or []), ' MB', 1)} | "
            f"{_f(row.get('loaded_rss_extra_mb'), ' MB', 1)} | {_f(allowance, ' MB', 1)} |"
        )
    return out


def _targets(rows: dict, growth: dict) -> list[str]:
    """One line per target of the issue: the figure and whether it is met."""
    out = ["| target | figure | verdict |", "|---|---|---|"]

    def row(label: str) -> dict:
        return rows.get(label) or {}

    for label in ("1", "10"):
        r = row(label).get("ratio_floor_cold")
        out.append(
            f"| full build from cold / floor <= 1.05 at {label}x | {_f(r)} | "
            f"{_at_most(r, TARGETS['ratio_floor_cold'])} |"
        )
    for label in ("1", "10"):
        r = row(label).get("ratio_peer_cold")
        out.append(
            f"| full build from cold / mkdocs-bibtex <= 0.7 at {label}x | {_f(r)} | "
            f"{_at_most(r, TARGETS['ratio_peer_cold'])} |"
        )
    for label in ("1", "10"):
        r = row(label).get("ratio_rss_floor_cold")
        out.append(
            f"| peak memory from cold <= 1.15x the floor's at {label}x | {_f(r)} | "
            f"{_at_most(r, TARGETS['ratio_rss_floor_cold'])} |"
        )
    ten = row("10")
    r = ten.get("ratio_floor_edit")
    z = ten.get("ratio_zensical_cached_floor")
    out.append(
        f"| after editing one chapter, with the cache, <= 0.3x the floor's full build at 10x "
        f"(Zensical's cached rebuild: {_f(z) if z is not None else '0.49'}x) | {_f(r)} | "
        f"{_at_most(r, TARGETS['ratio_floor_edit'])} |"
    )
    identical = [row(k).get("reuse_identical") for k in rows]
    known = [i for i in identical if i is not None]
    out.append(
        f"| ... and its output byte-identical to a cold build | "
        f"{_f(all(known)) if known else DASH} | {_verdict(all(known) if known else None)} |"
    )
    for label, key in (("1", "preview_1"), ("10", "preview_10")):
        served = row(label).get("preview_s") or {}
        for kind in ("chapter", "quote", "box", "bibliography"):
            value = served.get(kind)
            out.append(
                f"| preview: a {kind} edit served <= {TARGETS[key]} s after saving at "
                f"{label}x | {_f(value, ' s')} | {_at_most(value, TARGETS[key])} |"
            )
    c = ten.get("check_cold_s")
    out.append(
        f"| `handreiking check` from cold <= 2 s at 10x | {_f(c, ' s')} | "
        f"{_at_most(c, TARGETS['check_cold_10'])} |"
    )
    c = ten.get("check_s") if ten.get("check_cold_s") is not None else None
    out.append(
        f"| `handreiking check` unchanged since the last check <= 1 s at 10x | "
        f"{_f(c, ' s')} | {_at_most(c, TARGETS['check_unchanged_10'])} |"
    )
    for key in ("ours_cold_s", "ours_s"):
        g = growth.get(key)
        what = "from cold" if key == "ours_cold_s" else "cached"
        out.append(
            f"| growth 10x/1x of ours ({what}) <= 10x (floor: "
            f"{growth.get('floor_s', DASH)}x) | {_f(g, 'x')} | {_at_most(g, TARGETS['growth'])} |"
        )
    return out


def _median(values: list[float]) -> float | None:
    values = sorted(values)
    if not values:
        return None
    mid = len(values) // 2
    return values[mid] if len(values) % 2 else (values[mid - 1] + values[mid]) / 2


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--results", type=Path, default=BENCH / "results.json")
    parser.add_argument("--markdown", type=Path, default=BENCH / "RESULTS.md")
    parser.add_argument("--print", action="store_true", help="print instead of writing")
    args = parser.parse_args(argv)
    text = figures(json.loads(args.results.read_text()))
    if args.print:
        print(text)
        return 0
    current = args.markdown.read_text() if args.markdown.exists() else f"{START}\n{END}\n"
    if START not in current or END not in current:
        current += f"\n{START}\n{END}\n"
    head, rest = current.split(START, 1)
    _, tail = rest.split(END, 1)
    args.markdown.write_text(f"{head}{START}\n{text}\n{END}{tail}")
    print(f"figures written to {args.markdown}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
