"""Benchmark the handreiking build against plain MkDocs (the floor) and mkdocs-bibtex (the peer).

For every ``--scale`` (and the citation-heavy tree, unless ``--no-citation-heavy``):

1. generate a synthetic site (``bench/generate.py``) and expand it into the floor and the
   peer variants (``bench/expand.py``);
2. build, alternating, ``--repeat`` rounds (the first an unmeasured warm-up), every build a
   fresh subprocess into an empty folder, wall time and the child's peak RSS (``os.wait4``):
   (a) ours three ways: after editing one chapter, with the cache of the round before
   ("ours-edit"), from cold (no ``.cache/``; its site must be byte for byte the edited
   build's, else the run fails) and with the cache the cold build left ("ours"); (b) the
   floor; (c) the peer; Zensical on the floor tree, cold and with its cache;
3. under ``handreiking serve`` on our tree, save a chapter, a quote, a box and a cited work
   ``--repeat`` times each and time until the served page shows the edit (and the rebuild's
   own time, as logged); the floor's chapter under ``mkdocs serve``;
4. time ``handreiking check`` in the tree, from cold and unchanged since the last check;
5. time formatting a 5,000-entry bibliography with our Dutch APA style (``bench/bibformat.py``);
6. measure what bounds two targets (``bench/bounds.py``): the CPU Python-Markdown alone takes
   to convert the floor's pages, and each build's peak RSS before its first page, ours
   beside the floor's.

Medians go to ``--out`` (``bench/results.json``) as
``{"<scale>": {"ours_cold_s", "ours_s", "ours_edit_s", "reuse_identical", "floor_s",
"peer_s", "zensical_s", "zensical_cached_s", "ratio_*", "peak_rss_mb", "peak_rss_cold_mb",
"warm_rebuild_s", "preview_s", "preview_build_s", "check_cold_s", "check_cold_cpu_s",
"check_s", "bib5000_s", "floor_convert_cpu_s", "loaded_rss_mb", "loaded_rss_extra_mb",
"pdf_s", "epub_s", "details": {...}}}``.
``pdf_s`` and ``epub_s`` are the seconds the editions' PDFs and EPUBs took inside the
reference build (the first build of ours, with books only for ``--pdf-trees``; ``null``
elsewhere), as the plugin records them. ``details`` holds every sample, each edition's
books, the floor and peer memory, page counts and the versions, for RESULTS.md.

    .venv/bin/python bench/run.py --scale 1 --scale 10
    .venv/bin/python bench/run.py --tiny --repeat 1 --variants ours,floor --out /tmp/r.json
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import platform
import re
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent

VARIANTS = ("ours", "floor", "peer", "zensical")
#: What each variant builds in every round, in this order. Ours: after editing one chapter
#: with the cache of the round before ("ours-edit"), from cold (no ``.cache/``: the same
#: sources as "ours-edit", so the two sites must be byte-identical) and again with the
#: cache the cold build left ("ours"). Zensical: from cold and with its cache.
ROUND_KINDS = {
    "ours": ("ours-edit", "ours-cold", "ours"),
    "floor": ("floor",),
    "peer": ("peer",),
    "zensical": ("zensical", "zensical-cached"),
}
#: Under --work: the measured builds' sites, one empty folder per build, kept to the end.
RUNS_DIR = "runs"
#: Quiet the Material banner in every child (same for all variants). One build date for
#: every build: the trees are not in git, so the plugin would take the newest source's
#: time, which each edit changes (a build after an edit and a cold build of the same
#: sources must give the same bytes, and a reuse must not be spoilt by a new date).
CHILD_ENV = {
    **os.environ,
    "NO_MKDOCS_2_WARNING": "1",
    "PYTHONDONTWRITEBYTECODE": "0",
    "SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH", "1764288000"),
}
#: Four kinds of edit the preview is timed for (see :func:`preview_edits`).
EDIT_KINDS = ("chapter", "quote", "box", "bibliography")


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


@dataclass
class Sample:
    wall_s: float
    peak_rss_mb: float
    returncode: int
    #: the machine's 1-minute load average when the child started (others' work skews)
    load: float = 0.0
    #: user + system CPU seconds of the child and every process it waited for (a build
    #: that works in several processes spends more CPU than its wall time shows)
    cpu_s: float = 0.0


def run_child(cmd: list[str], cwd: Path, log_path: Path, timeout: float = 1800) -> Sample:
    """Run ``cmd`` to completion; wall time and the peak RSS of that child alone."""
    load = os.getloadavg()[0]
    with log_path.open("wb") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=CHILD_ENV, stdout=out, stderr=subprocess.STDOUT)
        deadline = start + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                proc.kill()
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.005)
        wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    # Linux reports ru_maxrss in KiB
    cpu = usage.ru_utime + usage.ru_stime
    return Sample(wall, usage.ru_maxrss / 1024, proc.returncode, load, cpu)


def wait_until_quiet(limit: float | None, timeout: float) -> float:
    """Wait (up to ``timeout`` s) until the 1-minute load average is below ``limit``."""
    start = time.perf_counter()
    if limit is None:
        return 0.0
    while os.getloadavg()[0] > limit and time.perf_counter() - start < timeout:
        time.sleep(5)
    waited = time.perf_counter() - start
    if waited > 1:
        log(
            f"waited {waited:.0f} s for the load average to drop below {limit} "
            f"(now {os.getloadavg()[0]:.2f})"
        )
    return waited


def tail(path: Path, lines: int = 15) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


# ----------------------------------------------------------------------------- trees


@dataclass
class Trees:
    label: str
    ours: Path
    floor: Path
    peer: Path
    info: dict
    #: what bench/expand.py reported per variant
    expansion: dict
    #: a copy of the floor tree that Zensical builds (its cache and site go into the tree)
    zensical: Path | None = None

    def path(self, variant: str) -> Path:
        return getattr(self, variant)


def make_trees(
    python: str,
    work: Path,
    label: str,
    scale: float,
    tiny: bool,
    citation_factor: float,
    bib_entries: int | None,
) -> Trees:
    """Generate and expand the trees in child processes.

    On Linux a child's peak RSS starts at its parent's peak (``fork``/``exec`` keep the
    high-water mark), so this process must stay small: the data of a big tree is never
    loaded here.
    """
    ours = work / f"ours-{label}"
    cmd = [
        python,
        str(BENCH / "generate.py"),
        "--out",
        str(ours),
        "--scale",
        str(scale),
        "--citation-factor",
        str(citation_factor),
    ]
    if tiny:
        cmd.append("--tiny")
    if bib_entries:
        cmd += ["--bib", str(bib_entries)]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    info = json.loads((ours / "bench-info.json").read_text())
    return Trees(
        label,
        ours,
        work / f"floor-{label}",
        work / f"peer-{label}",
        info,
        {},
        work / f"zensical-{label}",
    )


def expand_trees(python: str, trees: Trees, built: Path | None, variants: list[str]) -> None:
    """The floor and the peer variants, from the data (and our build, for unknown pages)."""
    for mode in ("floor", "peer"):
        # Zensical builds the floor tree
        if mode not in variants and not (mode == "floor" and "zensical" in variants):
            continue
        cmd = [
            python,
            str(BENCH / "expand.py"),
            str(trees.ours),
            str(trees.path(mode)),
            "--mode",
            mode,
        ]
        if built is not None:
            cmd += ["--built", str(built)]
        result = subprocess.run(cmd, check=True, capture_output=True, text=True)
        trees.expansion[mode] = json.loads(result.stdout)
    if "zensical" in variants and trees.zensical is not None and trees.floor.is_dir():
        # Zensical reads the floor's mkdocs.yml as it is; it has no option for the
        # site folder, so it builds into <tree>/site, next to its cache <tree>/.cache
        shutil.rmtree(trees.zensical, ignore_errors=True)
        shutil.copytree(trees.floor, trees.zensical, ignore=shutil.ignore_patterns("site"))


def build_cmd(
    python: str,
    variant: str,
    site: Path,
    book_times: Path | None = None,
    zensical: str = "zensical",
) -> list[str]:
    """The build each variant's user would run.

    Ours: ``handreiking build --zonder-pdf``, which is ``mkdocs build --strict`` without the
    editions' books, PDF and EPUB (the floor and the peer make none; ``mkdocs build --strict``
    with them is timed once per tree as the reference build, through ``bench/timed_build.py``,
    which writes each book's seconds to ``book_times``). The peer cannot build strict:
    mkdocs-bibtex warns on every locator and prefix. Zensical: ``zensical build``.
    """
    if variant == "ours":
        return [python, "-m", "handreiking.cli", "build", "--zonder-pdf", "-d", str(site)]
    if variant == "reference":
        assert book_times is not None
        return [
            python,
            str(BENCH / "timed_build.py"),
            "--times",
            str(book_times),
            "build",
            "--strict",
            "-f",
            "mkdocs.yml",
            "-d",
            str(site),
        ]
    if variant == "zensical":
        # its site goes where mkdocs.yml says (<tree>/site); `strict: true` is in it
        return [zensical, "build", "-f", "mkdocs.yml", "--strict"]
    cmd = [python, "-m", "mkdocs", "build", "-f", "mkdocs.yml", "-d", str(site)]
    if variant == "floor":
        cmd.insert(4, "--strict")
    return cmd


def visible_chars(python: str, sites: dict[str, Path]) -> dict[str, int]:
    """Text a reader sees in each variant's articles: the floor must show what ours shows."""
    code = (
        "import json, sys; from pathlib import Path; sys.path.insert(0, sys.argv[1]); "
        "import expand; print(json.dumps({a.split('=', 1)[0]: expand.visible_chars("
        "Path(a.split('=', 1)[1])) for a in sys.argv[2:]}))"
    )
    args = [f"{name}={site}" for name, site in sites.items() if site.is_dir()]
    result = subprocess.run([python, "-c", code, str(BENCH), *args], capture_output=True, text=True)
    return json.loads(result.stdout) if result.returncode == 0 else {}


def book_times(path: Path) -> dict:
    """What ``bench/timed_build.py`` recorded: seconds per kind of book, summed over the
    editions, and each edition's."""
    books: list[dict] = []
    with contextlib.suppress(OSError):
        books = [json.loads(ln) for ln in path.read_text().splitlines() if ln.strip()]
    totals: dict = {"pdf_s": None, "epub_s": None, "editions": {}}
    for book in books:
        key = f"{book['kind']}_s"
        totals[key] = round((totals.get(key) or 0.0) + book["seconds"], 3)
        totals["editions"].setdefault(book["edition"], {})[key] = round(book["seconds"], 3)
    return totals


def count_pages(site: Path) -> int:
    return sum(1 for _ in site.rglob("*.html")) if site.is_dir() else 0


def marker(prefix: str) -> str:
    """A word no build has seen: letters only (digits could look like a phone number or
    a postal code to the privacy check)."""
    return prefix + uuid.uuid4().hex.translate(str.maketrans("0123456789", "ghijklmnop"))


def set_aside(path: Path, attic: Path) -> None:
    """Move ``path`` (a cache, a site) out of the way without deleting it: deleting makes
    the next minute's file creation slow (RESULTS.md); the attic goes with the runs."""
    if path.exists():
        attic.mkdir(parents=True, exist_ok=True)
        path.rename(attic / f"{path.parent.name}-{path.name}-{uuid.uuid4().hex[:8]}")


def write_saved(path: Path, text: str) -> None:
    """Save as an editor does, in one step: a reader never sees half a file."""
    temporary = path.with_name(f".{path.name}.bench-tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def different_files(a: Path, b: Path, limit: int = 20) -> list[str]:
    """Paths (relative) that are in one site and not the other, or differ in a byte."""
    import filecmp

    def files(root: Path) -> set[str]:
        return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}

    left, right = files(a), files(b)
    out = sorted(left ^ right)
    for name in sorted(left & right):
        if len(out) >= limit:
            break
        if not filecmp.cmp(a / name, b / name, shallow=False):
            out.append(name)
    return out[:limit]


def edit_chapter_for_round(trees: Trees, original: str, round_index: int) -> str:
    """One chapter with a new sentence, different in every round; returns the marker."""
    word = marker("bankwijziging")
    write_saved(
        reuse_chapter(trees),
        original.rstrip("\n") + f"\n\nIn ronde {round_index + 1} herschreven: {word}.\n",
    )
    return word


def reuse_chapter(trees: Trees) -> Path:
    """The chapter the reusing build finds edited: the middle edition's second."""
    editions = trees.info["editions"]
    folder = trees.ours / "docs" / editions[len(editions) // 2]
    chapter = folder / "hoofdstuk-02.md"
    return chapter if chapter.exists() else sorted(folder.glob("hoofdstuk-*.md"))[-1]


# ------------------------------------------------------------------------- warm rebuild


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def http_get(port: int, path: str, timeout: float = 5.0) -> tuple[int, str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    finally:
        conn.close()


@contextlib.contextmanager
def serving(
    python: str, tree: Path, log_path: Path, start_timeout: float, command: str = "mkdocs"
) -> Iterator[int]:
    """``mkdocs serve`` (or ``handreiking serve``, the preview co-authors run) on a free
    port of 127.0.0.1, stopped (SIGINT, then SIGKILL) after."""
    port = free_port()
    out = log_path.open("wb")
    address = f"127.0.0.1:{port}"
    cmd = (
        [python, "-m", "handreiking.cli", "serve", "-a", address]
        if command == "handreiking"
        else [python, "-m", "mkdocs", "serve", "-f", "mkdocs.yml", "-a", address]
    )
    proc = subprocess.Popen(
        cmd,
        cwd=tree,
        env=CHILD_ENV,
        stdout=out,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.perf_counter() + start_timeout
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"{command} serve stopped:\n{tail(log_path)}")
            with contextlib.suppress(OSError):
                status, _ = http_get(port, "/", timeout=2)
                if status == 200:
                    break
            if time.perf_counter() > deadline:
                raise RuntimeError(f"{command} serve did not serve within {start_timeout} s")
            time.sleep(0.1)
        yield port
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGINT)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        out.close()


def wait_for(port: int, url: str, predicate, timeout: float) -> float:
    """Seconds until the page at ``url`` satisfies ``predicate``; polls every 10 ms."""
    start = time.perf_counter()
    while True:
        with contextlib.suppress(OSError, http.client.HTTPException):
            status, body = http_get(port, url)
            if status == 200 and predicate(body):
                return time.perf_counter() - start
        if time.perf_counter() - start > timeout:
            raise TimeoutError(f"{url} did not change within {timeout} s")
        time.sleep(0.01)


def warm_rebuilds(
    python: str, trees: Trees, repeat: int, work: Path, variant: str = "ours"
) -> dict:
    """Edit one chapter under ``mkdocs serve``; seconds until the served page shows it."""
    tree = trees.path(variant)
    edition = trees.info["editions"][0]
    chapter = tree / "docs" / edition / "hoofdstuk-02.md"
    if not chapter.exists():
        chapter = sorted((tree / "docs" / edition).glob("hoofdstuk-*.md"))[-1]
    url = f"/{edition}/{chapter.stem}/"
    original = chapter.read_text(encoding="utf-8")
    samples: list[float] = []
    log_path = work / f"serve-{variant}-{trees.label}.log"
    start_timeout = 900.0
    started = time.perf_counter()
    try:
        with serving(python, tree, log_path, start_timeout) as port:
            first_serve = time.perf_counter() - started
            for _ in range(repeat):
                # each edit replaces the last one's marker: one rebuild per edit
                marker = f"bench-marker-{uuid.uuid4().hex}"
                time.sleep(1.0)  # let the file watcher settle after the last build
                chapter.write_text(original + f"\n\n{marker}\n", encoding="utf-8")
                samples.append(wait_for(port, url, lambda body, m=marker: m in body, 900))
    except (RuntimeError, TimeoutError) as error:
        return {"samples": samples, "error": str(error)}
    finally:
        chapter.write_text(original, encoding="utf-8")
    # MkDocs logs each build's own duration: the first is the initial build, then one for
    # each edit. The rest of a sample is the file watcher's latency.
    built = [
        float(x)
        for x in re.findall(
            r"Documentation built in ([0-9.]+) seconds", log_path.read_text(errors="replace")
        )
    ]
    return {
        "samples": samples,
        "first_serve_s": first_serve,
        "page": url,
        "initial_build_s": built[0] if built else None,
        "edit_build_s": built[1 : repeat + 1],
    }


#: MkDocs' line after a whole rebuild, and the preview's after one chapter alone
#: (plugin/hotedit.py)
BUILT_IN = re.compile(
    r"(?:Documentation built in|opnieuw gebouwd, in) ([0-9.,]+) (?:seconds|seconden)"
)


@dataclass
class Edit:
    """One kind of edit a co-author saves: the file, the page that shows it, the change."""

    kind: str
    path: Path
    url: str
    #: the file's text with ``word`` in it where the page shows it
    change: Callable[[str, str], str]


def preview_edits(tree: Path, info: dict) -> list[Edit]:
    """A chapter, a quote, a box and a cited work, each on a page that shows it.

    The first edition's second chapter gets a sentence; the first quote that one of the
    edition's chapters places gets a word in its text (that chapter shows it); the first
    box a chapter places gets a sentence (the chapter shows the box); the first work the
    edition cites gets a word in its title (the edition's literature list shows it).
    """
    edition = info["editions"][0]
    folder = tree / "docs" / edition
    chapters = sorted(folder.glob("hoofdstuk-*.md"))
    chapter = folder / "hoofdstuk-02.md" if (folder / "hoofdstuk-02.md").exists() else chapters[-1]
    edits = [
        Edit(
            "chapter",
            chapter,
            f"/{edition}/{chapter.stem}/",
            lambda text, word: text.rstrip("\n") + f"\n\nNet opgeslagen: {word}.\n",
        )
    ]
    placed: dict[str, tuple[str, Path]] = {}
    cited: str | None = None
    for path in chapters:
        text = path.read_text(encoding="utf-8")
        for name, ident in re.findall(r"^/// (citaat|bouwsteen) \| (\S+)", text, re.M):
            placed.setdefault(name, (ident, path))
        found = re.search(r"@([A-Za-z][\w:-]*\d{4}\w*)", text)
        cited = cited or (found.group(1) if found else None)
    if "citaat" in placed:
        ident, where = placed["citaat"]

        def quote(text: str, word: str, ident: str = ident) -> str:
            start = text.index(f"- id: {ident}\n")
            at = text.index("tekst: ", start) + len("tekst: ")
            if text[at] in "'\"":  # a quoted scalar: inside the quotes
                at += 1
            elif text[at] in ">|":  # a block scalar: at its first line's text
                at = text.index("\n", at) + 1
                at += len(text[at:]) - len(text[at:].lstrip(" "))
            at = text.index(" ", at) + 1  # after the first word: a capital stays put
            return text[:at] + word + " " + text[at:]

        edits.append(Edit("quote", folder / "citaten.yml", f"/{edition}/{where.stem}/", quote))
    if "bouwsteen" in placed:
        ident, where = placed["bouwsteen"]
        edits.append(
            Edit(
                "box",
                tree / "docs" / "bouwstenen" / f"{ident}.md",
                f"/{edition}/{where.stem}/",
                lambda text, word: text.rstrip("\n") + f"\n\nNet opgeslagen: {word}.\n",
            )
        )
    if cited:

        def title(text: str, word: str, key: str = cited) -> str:
            start = text.index(f"{{{key},")
            field = re.compile(r"^\s*title\s*=\s*\{", re.M).search(text, start)
            assert field is not None, key
            # after the title's first word: APA's sentence case keeps the rest lower case
            at = text.index(" ", field.end()) + 1
            return text[:at] + word + " " + text[at:]

        edits.append(
            Edit("bibliography", tree / "bibliography.bib", f"/{edition}/literatuur/", title)
        )
    return edits


def previews(python: str, trees: Trees, repeat: int, work: Path) -> dict:
    """Under ``handreiking serve``, save each kind of edit ``repeat`` times; per kind the
    seconds from saving until the served page shows it, and the rebuild's own seconds as
    MkDocs logs them ("Documentation built in"). The rest is the file watcher as
    `handreiking serve` sets it (`handreiking.watching`: on a disk of this machine it hears
    of a save at once; it builds 0.05 s after the last change it heard of) and the fetch."""
    tree = trees.ours
    edits = preview_edits(tree, trees.info)
    originals = {edit.path: edit.path.read_text(encoding="utf-8") for edit in edits}
    result: dict = {kind: {"served_s": [], "build_s": []} for kind in (e.kind for e in edits)}
    log_path = work / f"preview-{trees.label}.log"
    started = time.perf_counter()
    try:
        with serving(python, tree, log_path, 900.0, "handreiking") as port:
            result["first_serve_s"] = round(time.perf_counter() - started, 3)
            for _ in range(repeat):
                for edit in edits:
                    word = marker("bankwijziging")
                    built = len(BUILT_IN.findall(log_path.read_text(errors="replace")))
                    time.sleep(1.0)  # let the file watcher settle after the last build
                    write_saved(edit.path, edit.change(originals[edit.path], word))
                    served = wait_for(port, edit.url, lambda body, w=word: w in body, 300)
                    result[edit.kind]["served_s"].append(round(served, 3))
                    # the log line comes after the pages are written: wait for it
                    deadline = time.perf_counter() + 120
                    while time.perf_counter() < deadline:
                        times = BUILT_IN.findall(log_path.read_text(errors="replace"))
                        if len(times) > built:
                            seconds = float(times[built].replace(",", "."))  # ours: 0,04
                            result[edit.kind]["build_s"].append(seconds)
                            break
                        time.sleep(0.02)
                    # the other kinds' edits stay saved; this kind's next replaces its word
    except (RuntimeError, TimeoutError, ValueError, AssertionError) as error:
        result["error"] = str(error)
    finally:
        for path, text in originals.items():
            write_saved(path, text)
    for edit in edits:
        result[edit.kind]["page"] = edit.url
        result[edit.kind]["file"] = str(edit.path.relative_to(tree))
    return result


# ------------------------------------------------------------------------ check, bib


def check_times(python: str, tree: Path, repeat: int, work: Path, attic: Path) -> dict:
    """``handreiking check`` in the tree, alternating: cold (no ``.cache/``, as a fresh
    clone) and again with nothing changed since that check; no samples when it crashed."""
    script = Path(python).parent / "handreiking"
    cmd = [str(script), "check"] if script.exists() else [python, "-m", "handreiking.cli", "check"]
    samples: dict[str, list[float]] = {"cold": [], "unchanged": []}
    cold_cpu: list[float] = []
    log_path = work / f"check-{tree.name}.log"
    status = "skipped"
    for _ in range(repeat):
        for kind in ("cold", "unchanged"):
            if kind == "cold":
                set_aside(tree / ".cache", attic)
            sample = run_child(cmd, tree, log_path, timeout=600)
            output = log_path.read_text(errors="replace")
            if "Traceback" in output or "onverwachte fout" in output:
                return {
                    "samples": [],
                    "cold_samples": [],
                    "status": "crashed",
                    "output": tail(log_path, 4),
                }
            samples[kind].append(round(sample.wall_s, 3))
            if kind == "cold":
                cold_cpu.append(round(sample.cpu_s, 3))
            status = (
                "ok" if sample.returncode == 0 else f"problems reported (exit {sample.returncode})"
            )
    return {
        "samples": samples["unchanged"],
        "cold_samples": samples["cold"],
        # CPU seconds (user and system) of every process of each check from cold
        "cold_cpu_s": cold_cpu,
        "status": status,
        "output": tail(log_path, 4),
    }


def bounds(python: str, trees: Trees, repeat: int, work: Path, variants: list[str]) -> dict:
    """What bounds two targets (``bench/bounds.py``), each in fresh processes, alternating:
    the CPU Python-Markdown alone takes to convert the floor's pages (``convert``), and
    each build's peak RSS up to the end of its ``config`` event (``loaded``), ours beside
    the floor's."""
    result: dict = {"convert": [], "loaded_rss_mb": {v: [] for v in variants}}
    script = str(BENCH / "bounds.py")
    folder = work / RUNS_DIR / trees.label / "loaded"
    for _ in range(repeat):
        if "floor" in variants:
            log_path = work / f"bounds-convert-{trees.label}.log"
            run_child([python, script, "convert"], trees.floor, log_path, timeout=600)
            found = _json_line(log_path)
            if found is None or "convert_cpu_s" not in found:
                return {**result, "status": "failed", "error": tail(log_path)}
            result["convert"].append(found)
        for variant in variants:
            # the build as bench/run.py starts it, into a folder of its own, stopped after
            # its config event
            site = folder / variant / "site"
            shutil.rmtree(site.parent, ignore_errors=True)
            site.parent.mkdir(parents=True)
            cmd = build_cmd(python, variant, site)
            log_path = work / f"bounds-loaded-{variant}-{trees.label}.log"
            run_child([python, script, "loaded", *cmd[2:]], trees.path(variant), log_path)
            found = _json_line(log_path)
            if found is None or "peak_rss_mb" not in found:
                return {**result, "status": "failed", "error": tail(log_path)}
            result["loaded_rss_mb"][variant].append(found["peak_rss_mb"])
            shutil.rmtree(site.parent, ignore_errors=True)
    return {**result, "status": "ok"}


def _json_line(path: Path) -> dict | None:
    """The last line of a log that is a JSON object, read."""
    lines = [ln for ln in path.read_text(errors="replace").splitlines() if ln.startswith("{")]
    return json.loads(lines[-1]) if lines else None


def bib_times(python: str, bib: Path, repeat: int, work: Path) -> dict:
    samples: list[float] = []
    last: dict = {}
    for _ in range(repeat):
        # a fresh process and no cache left by the last run: parse and format both cold
        shutil.rmtree(bib.parent / ".cache", ignore_errors=True)
        log_path = work / "bibformat.log"
        run_child([python, str(BENCH / "bibformat.py"), str(bib)], work, log_path, timeout=600)
        found = _json_line(log_path)
        if found is None:
            return {"samples": [], "error": tail(log_path)}
        last = found
        if "format_s" not in last:
            return {"samples": [], "error": last.get("error")}
        samples.append(last["format_s"])
    return {"samples": samples, **{k: v for k, v in last.items() if k != "format_s"}}


# ------------------------------------------------------------------------------ runs


def measure(args: argparse.Namespace, label: str, trees: Trees, work: Path) -> dict:
    python = args.python
    variants = [v for v in args.variants if v in VARIANTS]
    kinds = [kind for v in variants for kind in ROUND_KINDS[v]]
    builds: dict[str, list[Sample]] = {k: [] for k in kinds}
    failures: dict[str, str] = {}
    sites = {k: work / f"site-{k}-{label}" for v in VARIANTS for k in ROUND_KINDS[v]}
    # One build of ours first, `mkdocs build --strict` as a co-author runs it (PDFs and
    # EPUBs too): timed apart, it warms the caches and gives the pages our plugin
    # generates that bench/expand.py cannot write itself. The plugin's own record of each
    # book's time splits the books off without a second build.
    log_path = work / f"build-ours-{label}.log"
    with_pdf = label in args.pdf_trees
    reference_cmd = "reference" if with_pdf else "ours"
    times_path = work / f"books-{label}.jsonl"
    times_path.unlink(missing_ok=True)
    sample = run_child(
        build_cmd(python, reference_cmd, sites["ours"], times_path), trees.ours, log_path
    )
    reference = {
        "command": "mkdocs build --strict (with the editions' PDFs and EPUBs)"
        if with_pdf
        else "handreiking build --zonder-pdf",
        "wall_s": round(sample.wall_s, 3),
        "peak_rss_mb": round(sample.peak_rss_mb, 1),
        "returncode": sample.returncode,
    }
    books = book_times(times_path) if with_pdf and sample.returncode == 0 else {}
    if books:
        reference["books"] = books
    log(
        f"{label}: ours, {reference['command']} (reference, not in the medians) "
        f"{sample.wall_s:.2f} s, {sample.peak_rss_mb:.0f} MB, exit {sample.returncode}"
        + (f"; PDFs {books['pdf_s']} s, EPUBs {books['epub_s']} s" if books else "")
    )
    if sample.returncode != 0:
        reference["output"] = tail(log_path)
        log(f"{label}: ours failed:\n{reference['output']}")
        if "ours" in variants:
            failures["ours"] = reference["output"]
    built = sites["ours"] if sample.returncode == 0 else None
    expand_trees(python, trees, built, variants)
    # A warm-up round where a build is short enough for disk caches and .pyc files to
    # matter; a build of half a minute or more is not changed by them.
    warmup = args.warmup and sample.wall_s < 20
    rounds = args.repeat + (1 if warmup else 0)
    # Every measured build writes into a new, empty folder, as in CI and a fresh clone;
    # a tree's folders are removed before the next tree's wait below, the last at the
    # end of the run (RUNS_DIR). Deleting the last output just before or inside a timed
    # build made creating files slow for the next minute (ext4 without a journal skips
    # inodes freed in the last 60 s, 360 s while their inode table block is not yet
    # written back, scanning past each: `recently_deleted` in the kernel's profile), a
    # cost per new file that grows with every build's deletions when builds run back to
    # back; see RESULTS.md.
    runs = work / RUNS_DIR / label
    # The trees were just written anew, the reference build above replaced its previous
    # site and the last tree's folders were removed: let those freed inodes age out
    # before the first timed build. 65 s: the kernel writes dirty blocks back after
    # 30 s (vm.dirty_expire_centisecs), and from then on the 60 s rule applies.
    shutil.rmtree(work / RUNS_DIR, ignore_errors=True)
    settle = args.settle if args.settle is not None else (0.0 if label == "tiny" else 65.0)
    if settle:
        log(f"{label}: waiting {settle:.0f} s for the freed inodes to age out")
        time.sleep(settle)
    attic = runs / "attic"  # caches and sites set aside, removed with the runs
    chapter_text = reuse_chapter(trees).read_text(encoding="utf-8") if "ours" in kinds else ""
    identical: list[dict] = []
    edited = ""
    ztree = trees.zensical
    try:
        for round_index in range(rounds):
            measured = not warmup or round_index > 0
            for kind in kinds:
                variant = kind.split("-")[0]
                if variant in failures:
                    continue
                # what each kind finds before it starts (none of it timed)
                if kind == "ours-edit":
                    edited = edit_chapter_for_round(trees, chapter_text, round_index)
                elif kind == "ours-cold":
                    set_aside(trees.ours / ".cache", attic)
                elif variant == "zensical" and ztree is not None:
                    set_aside(ztree / "site", attic)
                    if kind == "zensical":
                        set_aside(ztree / ".cache", attic)
                wait_until_quiet(args.quiet_load, args.quiet_timeout)
                log_path = work / f"build-{kind}-{label}.log"
                if variant == "zensical" and ztree is not None:
                    sites[kind] = ztree / "site"
                    cwd = ztree
                else:
                    sites[kind] = runs / f"{kind}-{round_index}"
                    cwd = trees.path(variant)
                sample = run_child(
                    build_cmd(python, variant, sites[kind], zensical=args.zensical), cwd, log_path
                )
                what = "" if measured else " (warm-up)"
                log(
                    f"{label}: {kind}{what} {sample.wall_s:.2f} s, "
                    f"{sample.peak_rss_mb:.0f} MB, exit {sample.returncode}"
                )
                if sample.returncode != 0:
                    failures[variant] = tail(log_path)
                    log(f"{label}: {kind} failed:\n{failures[variant]}")
                    continue
                if measured:
                    builds[kind].append(sample)
                if kind == "ours-cold" and "ours-edit" in builds:
                    # the same sources as this round's reusing build: the same bytes
                    differ = different_files(sites["ours-edit"], sites["ours-cold"])
                    identical.append(
                        {"round": round_index, "edited": edited, "different_files": differ}
                    )
                    if differ:
                        log(
                            f"{label}: NOT IDENTICAL: the reusing build after an edit and the "
                            f"cold build of the same sources differ in {differ}"
                        )
    finally:
        if chapter_text:
            write_saved(reuse_chapter(trees), chapter_text)
    # What the measured builds leave out: removing the previous site (`handreiking build`
    # swaps the new site in and removes the old one). Timed after the rounds; the slower
    # file creation it causes in the next minute's builds is not in it.
    replacing: dict = {}
    if "ours" in variants and "ours" not in failures:
        wait_until_quiet(args.quiet_load, args.quiet_timeout)
        log_path = work / f"build-ours-replacing-{label}.log"
        sample = run_child(build_cmd(python, "ours", sites["ours"]), trees.ours, log_path)
        replacing.update(wall_s=round(sample.wall_s, 3), returncode=sample.returncode)
        log(f"{label}: ours replacing its previous site {sample.wall_s:.2f} s")
    med = {k: median([s.wall_s for s in builds[k]]) for k in kinds}
    rss = {k: median([s.peak_rss_mb for s in builds[k]]) for k in kinds}
    cpu = {k: median([s.cpu_s for s in builds[k]]) for k in kinds}
    ours, floor, peer = med.get("ours"), med.get("floor"), med.get("peer")
    cold, edit = med.get("ours-cold"), med.get("ours-edit")

    preview: dict = {}
    if args.serve and "ours" in variants and "ours" not in failures:
        wait_until_quiet(args.quiet_load, args.quiet_timeout)
        log(f"{label}: the preview (handreiking serve), four kinds of edit")
        preview = previews(python, trees, args.repeat, work)
        log(f"{label}: preview {preview}")
    floor_warm: dict = {"samples": []}
    if args.serve and "floor" in variants and "floor" not in failures:
        # the same under plain MkDocs: how much of a warm rebuild is MkDocs' own
        wait_until_quiet(args.quiet_load, args.quiet_timeout)
        floor_warm = warm_rebuilds(python, trees, args.repeat, work, "floor")
        log(f"{label}: floor's warm rebuilds {floor_warm}")
    check: dict = {"samples": [], "status": "skipped"}
    if args.check:
        wait_until_quiet(args.quiet_load, args.quiet_timeout)
        check = check_times(python, trees.ours, args.repeat, work, attic)
        log(
            f"{label}: handreiking check {check.get('status')} cold {check.get('cold_samples')}"
            f", unchanged {check.get('samples')}"
        )
    bib: dict = {"samples": [], "status": "skipped"}
    if args.bib:
        bib_file = work / f"bib{args.bib_entries}.bib"
        if not bib_file.exists():
            subprocess.run(
                [
                    python,
                    str(BENCH / "generate.py"),
                    "--bib-only",
                    str(args.bib_entries),
                    "--out",
                    str(bib_file),
                ],
                check=True,
                stdout=subprocess.DEVNULL,
            )
        wait_until_quiet(args.quiet_load, args.quiet_timeout)
        bib = bib_times(python, bib_file, args.repeat, work)
        log(f"{label}: bib{args.bib_entries} formatting {bib.get('samples')}")
    bound: dict = {"convert": [], "loaded_rss_mb": {}, "status": "skipped"}
    beside = [v for v in ("ours", "floor") if v in variants and v not in failures]
    if args.bounds and beside:
        wait_until_quiet(args.quiet_load, args.quiet_timeout)
        bound = bounds(python, trees, args.repeat, work, beside)
        log(f"{label}: bounds {bound}")
    loaded = {v: median(bound["loaded_rss_mb"].get(v) or []) for v in ("ours", "floor")}

    def ratio(a: float | None, b: float | None) -> float | None:
        return round(a / b, 3) if a and b else None

    def rounded(value: float | None, digits: int = 3) -> float | None:
        return round(value, digits) if value is not None else None

    def served(kind: str, key: str = "served_s") -> float | None:
        return rounded(median(preview.get(kind, {}).get(key) or []))

    zensical, zensical_cached = med.get("zensical"), med.get("zensical-cached")
    return {
        # ours with its cache from an earlier build of the same sources
        "ours_s": rounded(ours),
        # ours from cold: no .cache/ (a fresh clone, CI without a restored cache)
        "ours_cold_s": rounded(cold),
        # ours with the cache of the round before, after editing one chapter
        "ours_edit_s": rounded(edit),
        "floor_s": rounded(floor),
        "peer_s": rounded(peer),
        "zensical_s": rounded(zensical),
        "zensical_cached_s": rounded(zensical_cached),
        "ratio_floor": ratio(ours, floor),
        "ratio_floor_cold": ratio(cold, floor),
        "ratio_floor_edit": ratio(edit, floor),
        "ratio_peer": ratio(ours, peer),
        "ratio_peer_cold": ratio(cold, peer),
        "ratio_zensical_floor": ratio(zensical, floor),
        "ratio_zensical_cached_floor": ratio(zensical_cached, floor),
        # true when every reusing build gave the bytes of the cold build of its sources
        "reuse_identical": (
            not any(r["different_files"] for r in identical) if identical else None
        ),
        "peak_rss_mb": rounded(rss.get("ours"), 1),
        "peak_rss_cold_mb": rounded(rss.get("ours-cold"), 1),
        "ratio_rss_floor_cold": ratio(rss.get("ours-cold"), rss.get("floor")),
        # CPU seconds (user + system, every process of the build): the work, where the
        # seconds above are the wait
        "cpu_cold_s": rounded(cpu.get("ours-cold")),
        "ratio_cpu_floor_cold": ratio(cpu.get("ours-cold"), cpu.get("floor")),
        # the preview: from saving to the served page showing it, and the rebuild in it
        "warm_rebuild_s": served("chapter"),
        "preview_s": {kind: served(kind) for kind in EDIT_KINDS},
        "preview_build_s": {kind: served(kind, "build_s") for kind in EDIT_KINDS},
        "check_s": rounded(median(check.get("samples", []))),
        "check_cold_s": rounded(median(check.get("cold_samples", []))),
        "check_cold_cpu_s": rounded(median(check.get("cold_cpu_s", []))),
        # what bounds two targets (bench/bounds.py): Python-Markdown alone converting the
        # floor's pages, in CPU seconds; how much more ours holds than the floor before
        # its first page (peak RSS up to the end of the config event)
        "floor_convert_cpu_s": rounded(
            median([c["convert_cpu_s"] for c in bound.get("convert", [])])
        ),
        "loaded_rss_mb": rounded(loaded["ours"], 1),
        "loaded_rss_extra_mb": (
            round(loaded["ours"] - loaded["floor"], 1)
            if loaded["ours"] is not None and loaded["floor"] is not None
            else None
        ),
        "bib5000_s": rounded(median(bib.get("samples", []))),
        # the editions' books in the reference build (null where it made none)
        "pdf_s": books.get("pdf_s"),
        "epub_s": books.get("epub_s"),
        "details": {
            "tree": trees.info,
            "reference_build": reference,
            "ours_replacing_previous_site": replacing,
            "warmup_round": warmup,
            "expansion": trees.expansion,
            "samples_s": {k: [round(s.wall_s, 3) for s in builds[k]] for k in kinds},
            "load_1min_at_start": {k: [round(s.load, 2) for s in builds[k]] for k in kinds},
            "peak_rss_mb": {k: rounded(rss[k], 1) for k in kinds},
            "cpu_s": {k: rounded(cpu[k]) for k in kinds},
            "pages_html": {k: count_pages(sites[k]) for k in kinds},
            "visible_chars": visible_chars(
                python, {v: sites[v] for v in ("ours", "floor", "peer", "zensical") if v in kinds}
            ),
            "reuse_identical": identical,
            # a child's peak RSS cannot be below this (see make_trees)
            "runner_peak_rss_mb": round(
                resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1
            ),
            "failures": failures,
            "preview": preview,
            "floor_warm_rebuild": floor_warm,
            "check": check,
            "bib": bib,
            "bounds": bound,
        },
    }


def versions(python: str) -> dict:
    code = (
        "import json, importlib.metadata as m, platform\n"
        "out = {'python': platform.python_version()}\n"
        "for name in ('mkdocs', 'mkdocs-material', 'pymdown-extensions', 'Markdown', 'pybtex',"
        " 'mkdocs-bibtex', 'handreiking'):\n"
        "    try: out[name] = m.version(name)\n"
        "    except m.PackageNotFoundError: out[name] = None\n"
        "print(json.dumps(out))\n"
    )
    result = subprocess.run([python, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


def machine() -> dict:
    model = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    memory = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    return {
        "nproc": os.cpu_count(),
        "cpu": model,
        "memory": memory,
        "platform": platform.platform(),
    }


def source_state() -> dict:
    """Which version of the plugin was measured: the commit, and whether it had local edits."""

    def git(*args: str) -> str:
        result = subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True)
        return result.stdout.strip() if result.returncode == 0 else ""

    return {
        "commit": git("rev-parse", "--short", "HEAD"),
        "plugin_has_uncommitted_changes": bool(git("status", "--porcelain", "plugins")),
    }


def default_python() -> str:
    venv = REPO / ".venv" / "bin" / "python"
    return str(venv) if venv.exists() else sys.executable


def _seconds(text: str) -> float:
    value = float(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text}")
    return value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--scale", type=float, action="append", help="scale factor; repeat for several (default: 1)"
    )
    parser.add_argument(
        "--tiny",
        action="store_true",
        help="one edition, two chapters, 20 bib entries (the smoke test)",
    )
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--no-warmup",
        dest="warmup",
        action="store_false",
        help="measure the first round of builds too",
    )
    parser.add_argument(
        "--variants",
        default="ours,floor,peer,zensical",
        help="comma-separated subset of ours,floor,peer,zensical (ours is built three ways "
        "each round: after editing a chapter with its cache, cold, with its cache; "
        "Zensical twice: cold, with its cache)",
    )
    parser.add_argument(
        "--zensical",
        default=None,
        help="the zensical command (default: next to --python, else on PATH)",
    )
    parser.add_argument(
        "--no-citation-heavy",
        dest="citation_heavy",
        action="store_false",
        help="skip the citation-heavy tree (scale 1, 10x citations, 5,000 works)",
    )
    parser.add_argument(
        "--pdf-trees",
        default="1",
        help="comma-separated trees whose first (reference) build of ours is "
        "`mkdocs build --strict` with the editions' PDFs and EPUBs, each timed "
        "(default: 1; the others use --zonder-pdf, since 40 PDFs take minutes)",
    )
    parser.add_argument("--no-serve", dest="serve", action="store_false")
    parser.add_argument("--no-check", dest="check", action="store_false")
    parser.add_argument("--no-bib", dest="bib", action="store_false")
    parser.add_argument(
        "--no-bounds",
        dest="bounds",
        action="store_false",
        help="skip bench/bounds.py (the floor's pages converted by Python-Markdown alone; "
        "each build's memory before its first page)",
    )
    parser.add_argument(
        "--bib-entries",
        type=int,
        default=5000,
        help="entries of the bibliography formatting benchmark",
    )
    parser.add_argument(
        "--quiet-load",
        type=float,
        metavar="L",
        help="before each round, wait until the 1-minute load average < L",
    )
    parser.add_argument(
        "--settle",
        type=_seconds,
        metavar="S",
        help="seconds to wait before a tree's timed builds (default 65; 0 with --tiny)",
    )
    parser.add_argument("--quiet-timeout", type=float, default=300, metavar="S")
    parser.add_argument(
        "--python",
        default=default_python(),
        help="the interpreter with mkdocs and handreiking (default: .venv)",
    )
    parser.add_argument("--work", type=Path, default=BENCH / "work")
    parser.add_argument("--out", type=Path, default=BENCH / "results.json")
    args = parser.parse_args(argv)
    args.variants = [v.strip() for v in args.variants.split(",") if v.strip()]
    args.pdf_trees = {t.strip() for t in args.pdf_trees.split(",") if t.strip()}
    unknown = set(args.variants) - set(VARIANTS)
    if unknown:
        parser.error(f"unknown variants: {', '.join(sorted(unknown))}")
    if "peer" in args.variants:
        probe = subprocess.run([args.python, "-c", "import mkdocs_bibtex"], capture_output=True)
        if probe.returncode != 0:
            log("mkdocs-bibtex is not installed: the peer (c) is skipped")
            args.variants.remove("peer")
    if args.zensical is None:
        beside = Path(args.python).parent / "zensical"
        args.zensical = str(beside) if beside.exists() else (shutil.which("zensical") or "")
    if "zensical" in args.variants:
        probe = (
            subprocess.run([args.zensical, "--version"], capture_output=True, text=True)
            if args.zensical
            else None
        )
        if probe is None or probe.returncode != 0:
            log("zensical is not installed: the second anchor (Zensical) is skipped")
            args.variants.remove("zensical")
            args.zensical_version = None
        else:
            args.zensical_version = probe.stdout.strip()
    args.work.mkdir(parents=True, exist_ok=True)
    args.work = args.work.resolve()
    shutil.rmtree(args.work / RUNS_DIR, ignore_errors=True)  # left by an interrupted run

    plan: list[tuple[str, float, float, int | None]] = []
    if args.tiny:
        plan.append(("tiny", 0.0, 1.0, None))
    for scale in args.scale or ([] if args.tiny else [1.0]):
        plan.append((f"{scale:g}", scale, 1.0, None))
    if args.citation_heavy and not args.tiny:
        plan.append(("citation-heavy", 1.0, 10.0, 5000))

    results: dict = {}
    started = time.perf_counter()
    for label, scale, factor, bib_entries in plan:
        log(f"{label}: generating trees")
        trees = make_trees(
            args.python, args.work, label, scale, label == "tiny", factor, bib_entries
        )
        log(f"{label}: {json.dumps(trees.info)}")
        results[label] = measure(args, label, trees, args.work)
    shutil.rmtree(args.work / RUNS_DIR, ignore_errors=True)  # after every timed build

    scales = [k for k in results if k not in ("tiny", "citation-heavy")]
    growth = {}
    if "1" in results and "10" in results:
        for key in ("ours_cold_s", "ours_s", "floor_s", "peer_s", "zensical_s"):
            a, b = results["1"][key], results["10"][key]
            growth[key] = round(b / a, 2) if a and b else None
    meta = {
        "date": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
        "machine": machine(),
        "versions": {
            **versions(args.python),
            "zensical": getattr(args, "zensical_version", None),
        },
        "source": source_state(),
        "repeat": args.repeat,
        "warmup": args.warmup,
        "variants": args.variants,
        "scales": scales,
        "growth_1_to_10": growth,
        "total_s": round(time.perf_counter() - started, 1),
    }
    results["_meta"] = meta
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print_summary(results)
    log(f"results in {args.out}")
    different = [k for k, row in results.items() if row.get("reuse_identical") is False]
    if different:
        log(
            f"FAILED: a reusing build gave other bytes than a cold build of the same sources "
            f"({', '.join(different)}; details.reuse_identical in {args.out})"
        )
        return 1
    return 0


def print_summary(results: dict) -> None:
    keys = (
        "ours_cold_s",
        "ours_s",
        "ours_edit_s",
        "floor_s",
        "peer_s",
        "zensical_s",
        "zensical_cached_s",
        "ratio_floor_cold",
        "ratio_floor_edit",
        "reuse_identical",
        "warm_rebuild_s",
        "check_cold_s",
        "check_s",
        "bib5000_s",
    )
    print("scale".ljust(16) + "".join(k.rjust(18) for k in keys))
    for label, row in results.items():
        if label.startswith("_"):
            continue
        cells = []
        for key in keys:
            value = row.get(key)
            cells.append(("null" if value is None else f"{value:g}").rjust(18))
        print(label.ljust(16) + "".join(cells))
    growth = results.get("_meta", {}).get("growth_1_to_10")
    if growth:
        print("growth 1x -> 10x: " + ", ".join(f"{k} {v}x" for k, v in growth.items()))


if __name__ == "__main__":
    sys.exit(main())
