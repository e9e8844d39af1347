"""What a full build keeps in ``.cache/`` never changes what it publishes.

The parsed bibliography, the formatted references and the parsed quote files are kept
between builds as JSON (``content/literature/bibliography.py``,
``content/literature/formatcache.py``, ``content/quotes.py``, ``jsoncache.py``): a second
build, a build after an edit of the ``.bib`` file, and a build with a damaged, misshapen
or malicious cache must all give the site a build without ``.cache/`` gives, and nothing
in the cache ever runs.
"""

from __future__ import annotations

import json
import os
import pickle
import random
import re
import shutil
import time
import zlib
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import Built, build, copy_site, edit_file, files_of, run_cli
from handreiking import jsoncache
from handreiking.content.privacy import find_private_details
from handreiking.markdown.blocks import _header_pattern, _HeaderLine

CACHE = Path(".cache") / "handreiking"
LITERATURE_PAGE = "noord/literatuur/"


def _build_to(project: Path, name: str) -> Built:
    built = build(project)
    assert built.returncode == 0, built.stderr
    target = project.parent / name
    shutil.copytree(built.site, target)
    return Built(built.returncode, built.stdout, built.stderr, target)


@dataclass
class Builds:
    """The basis site built without cache, with it, after an edit, with a damaged one."""

    fresh: Built
    second: Built
    cache_files: list[str]
    edited: Built
    damaged: Built
    edited_fresh: Built


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> Builds:
    project = copy_site("basis", tmp_path_factory.mktemp("cache"))
    shutil.rmtree(project / ".cache", ignore_errors=True)
    fresh = _build_to(project, "fresh")
    second = _build_to(project, "second")
    cache_files = sorted(path.name for path in (project / CACHE).iterdir())
    edit_file(project / "bibliography.bib", "W. W. Norton", "Norton & Company")
    edited = _build_to(project, "edited")
    for file in (project / CACHE).iterdir():
        file.write_bytes(b"kapot")
    damaged = _build_to(project, "damaged")
    shutil.rmtree(project / CACHE)
    edited_fresh = _build_to(project, "edited_fresh")
    return Builds(fresh, second, cache_files, edited, damaged, edited_fresh)


def test_the_build_keeps_formatted_references_for_the_next_one(builds: Builds) -> None:
    assert any(name.startswith("bib-") for name in builds.cache_files)
    assert any(name.startswith("fmt-") for name in builds.cache_files)


def test_a_second_build_publishes_the_same_bytes(builds: Builds) -> None:
    assert files_of(builds.second.site) == files_of(builds.fresh.site)


def test_an_edited_reference_shows_at_once(builds: Builds) -> None:
    page = builds.edited.page(LITERATURE_PAGE)
    assert "Norton &amp; Company" in page
    assert "W. W. Norton" not in page
    assert "W. W. Norton" in builds.fresh.page(LITERATURE_PAGE)
    assert files_of(builds.edited.site) == files_of(builds.edited_fresh.site)


def test_a_damaged_cache_is_ignored_silently(builds: Builds) -> None:
    assert "WARNING" not in builds.damaged.stderr
    assert "ERROR" not in builds.damaged.stderr
    assert files_of(builds.damaged.site) == files_of(builds.edited_fresh.site)


class _Payload:
    """A pickle that creates ``marker`` when it is unpickled: what a hostile cache holds."""

    def __init__(self, marker: Path) -> None:
        self.marker = str(marker)

    def __reduce__(self) -> tuple[object, tuple[str, str]]:
        return (open, (self.marker, "w"))


def _spoil(value: object, how: str) -> object:
    """``value`` with every part given the wrong shape, in one of three ways."""
    if isinstance(value, list):
        parts = [_spoil(item, how) for item in value]
        return [*parts, parts[:1]] if how == "langer" else parts
    if isinstance(value, dict):
        return {key: _spoil(item, how) for key, item in value.items()}
    if how == "soort":
        if isinstance(value, bool):
            return "ja"
        if isinstance(value, str):
            return 7
        if isinstance(value, int):
            return str(value)
    if how == "genest":
        return [value]
    return value


def _spoil_cache(cache: Path, how: str) -> None:
    """Give every stored value in ``cache`` the wrong shape (file layout left intact)."""
    for file in sorted(cache.glob("*.json")):
        if file.name.startswith(SIGNED):
            # signed again with the user's own key, as only this user's builds can: its
            # shapes are still checked (unsigned or foreign, it counts as empty, as
            # tests/test_gate.py shows)
            stored = json.loads(file.read_text(encoding="utf-8").split("\n", 1)[1])
            data = {key: _spoil(value, how) for key, value in stored["data"].items()}
            assert jsoncache.write_signed(file, stored[CACHE_KIND], data, jsoncache.user_key())
            continue
        try:
            stored = json.loads(file.read_bytes())
        except ValueError:
            # still as planted: no build read it since (a reusing build that needs no
            # formatting leaves the formatted references' file alone); the next one that
            # needs it must refuse it
            continue
        data = stored["data"]
        if file.name.startswith("bib-"):
            for item in data[0]:  # each entry is its own JSON text, read when used
                item[1] = json.dumps(_spoil(json.loads(item[1]), how))
        else:
            stored["data"] = {key: _spoil(value, how) for key, value in data.items()}
        file.write_text(json.dumps(stored), encoding="utf-8")


#: The cache files signed with the user's own key (the gate's verdicts, what it read of
#: each HTML file, and the canaries).
SIGNED = ("gate-", "gatepages-", "canaries-")
CACHE_KIND = "handreiking-cache"


def test_a_crafted_cache_runs_nothing_and_changes_nothing(tmp_path: Path) -> None:
    project = copy_site("basis", tmp_path)
    shutil.rmtree(project / ".cache", ignore_errors=True)
    fresh = _build_to(project, "fresh")
    run_cli("check", cwd=project)  # what it keeps too (plugin/checkcache.py)
    cache = project / CACHE
    names = sorted(file.name for file in cache.iterdir())
    kinds = [
        "bib",
        "canaries",
        "check",
        "check.json",
        "citations.json",
        "fmt",
        "gate",
        "gatepages",
        "pages.json",
        "pages.pack",
        "privacy",
        "quotes",
    ]
    assert [name.split("-")[0] for name in names] == kinds, names
    # JSON, and the pages' texts compressed (zlib), found by where pages.json says
    assert all(name.endswith(".json") for name in names if name != "pages.pack")
    marker = tmp_path / "code-uitgevoerd"
    probe = tmp_path / "proef"
    pickle.loads(pickle.dumps(_Payload(probe)))
    assert probe.exists(), "the payload runs when unpickled: the test means something"
    payload = pickle.dumps(_Payload(marker))
    with_crc = zlib.crc32(payload).to_bytes(4, "big") + payload  # the old bib cache's form

    def plant_pickles() -> None:
        # every name the code reads now, and every name and pattern it used to read
        for name in names:
            if name.startswith(("check", "citations", "pages", "privacy")):  # never a pickle
                continue
            kind = name.split("-")[0]
            blob = with_crc if kind == "bib" else payload
            if name.startswith(SIGNED):  # never a pickle either: only the name it reads
                (cache / name).write_bytes(blob)
                continue
            for target in (name, name.replace(".json", ".pickle"), f"{kind}-{'0' * 32}.pickle"):
                (cache / target).write_bytes(blob)

    def build_and_check(label: str) -> None:
        built = _build_to(project, label)
        assert "Traceback" not in built.stderr
        assert "WARNING" not in built.stderr, built.stderr
        assert files_of(built.site) == files_of(fresh.site), label
        checked = run_cli("check", cwd=project)
        assert checked.returncode == 0, checked.stdout + checked.stderr
        assert not marker.exists(), label

    plant_pickles()
    build_and_check("pickles")
    assert not list(cache.glob("*.pickle")), "old pickle files are removed"
    assert sorted(file.name for file in cache.iterdir()) == names
    for how in ("soort", "langer", "genest"):
        _spoil_cache(cache, how)
        plant_pickles()
        build_and_check(how)
    for file in cache.glob("*.json"):  # right layout, foreign content
        file.write_text(
            json.dumps({"handreiking-cache": "quotes", "format": 1, "data": [["x"]]}),
            encoding="utf-8",
        )
    build_and_check("vreemd")
    for file in cache.glob("*.json"):
        file.write_text("[" * 100_000, encoding="utf-8")  # too deep for any parser
    build_and_check("te-diep")
    assert not marker.exists()


def test_block_headers_are_found_as_the_exact_pattern_finds_them() -> None:
    rng = random.Random(11)
    chars = [*"abcABC-_ |kKsSé", "\u017f", "\u212a", "\t"]
    for _ in range(20_000):
        argument = rng.choice([None, "", "".join(rng.choices(chars, k=rng.randint(1, 4)))])
        rest = "".join(rng.choices(chars, k=rng.randint(0, 6)))
        if argument and rng.random() < 0.5:
            rest = f" {rng.choice([argument, argument.upper(), argument.lower()])}  "
        line = (
            rng.choice(["", "> ", "1) ", "- "])
            + "/" * rng.randint(2, 4)
            + rng.choice(["", " "])
            + rng.choice(["citaat", "CiTaat", "citaten"])
            + rng.choice(["", " "])
            + rng.choice(["|", "", "| "])
            + rest
        )
        expected = _header_pattern("citaat", argument or None).match(line) is not None
        assert _HeaderLine("citaat", argument).match(line) is expected, (argument, line)


@pytest.mark.parametrize(
    "text",
    [
        "Mail naar iemand@example.nl of bel 06-12345678.",
        "Bel (020) 123 45 67 of +31 6 1234 5678.",
        "Ze woont op Kerkstraat 12, 1102 AB Amsterdam.",
        "Postcode 1102 AB 12 staat hier.",
        "Zie [@sennett2003] en @lipsky1980; 2003 of 12 mensen.",
    ],
)
def test_the_privacy_scan_finds_what_it_found_before(text: str) -> None:
    from handreiking.content import privacy

    found: list[tuple[int, int, str, str]] = []
    for match in privacy.EMAIL.finditer(text):
        found.append((match.start(), 1, "een e-mailadres", match.group()))
    for match in privacy.PHONE.finditer(text):
        if privacy._is_phone(match.group("prefix"), match.group("rest")):
            found.append((match.start(), 1, "een telefoonnummer", match.group()))
    for pattern in (privacy.POSTCODE_THEN_NUMBER, privacy.STREET_THEN_POSTCODE):
        for match in pattern.finditer(text):
            found.append((match.start(), 1, "een adres (postcode met huisnummer)", match.group()))
    unique: dict[tuple[int, str], tuple[int, str, str]] = {}
    for _start, line, kind, matched in sorted(found):
        unique.setdefault(
            (line, " ".join(matched.split())), (line, kind, " ".join(matched.split()))
        )
    assert find_private_details(text) == list(unique.values())


def _inject(value: object) -> object:
    """Every tag in cached rich text made a script, and every link a ``javascript:`` one."""
    if isinstance(value, list):
        if len(value) == 3 and value[0] == "tag":
            return ["tag", "script", _inject(value[2])]
        if len(value) == 4 and value[0] == "href":
            return ["href", "javascript:alert(1)", value[2], _inject(value[3])]
        return [_inject(item) for item in value]
    if isinstance(value, dict):
        return {key: _inject(item) for key, item in value.items()}
    if isinstance(value, str) and "<" in value:
        return value.replace("<em>", "<script>alert(2)</script><em>")
    return value


def test_a_crafted_format_cache_puts_no_markup_on_a_page(tmp_path: Path) -> None:
    """JSON runs no code, but what a cache holds must not become markup either: cached
    references are rich text, rebuilt and rendered by the style's own rules."""
    project = copy_site("basis", tmp_path)
    shutil.rmtree(project / ".cache", ignore_errors=True)
    fresh = _build_to(project, "fresh")
    (fmt,) = (project / CACHE).glob("fmt-*.json")
    stored = json.loads(fmt.read_text(encoding="utf-8"))
    crafted = _inject(stored)
    assert crafted != stored, "the cache holds tags or links: the test means something"
    fmt.write_text(json.dumps(crafted), encoding="utf-8")
    built = _build_to(project, "crafted")
    assert built.returncode == 0, built.stderr
    assert files_of(built.site) == files_of(fresh.site)
    for page in built.site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "alert(" not in text, page


def test_the_formatted_references_are_kept_under_a_digest_of_the_entry(tmp_path: Path) -> None:
    """Each formatted value is named by a digest of what it was made of, not by that
    itself (the entry's every field): the file, and what each process of a build holds
    of it, stays small."""
    project = copy_site("basis", tmp_path)
    shutil.rmtree(project / ".cache", ignore_errors=True)
    _build_to(project, "fresh")
    (fmt,) = (project / CACHE).glob("fmt-*.json")
    data = json.loads(fmt.read_text(encoding="utf-8"))["data"]
    assert data, "the build formatted references: the test means something"
    assert all(re.fullmatch("[0-9a-f]{32}", name) for name in data), list(data)[:3]


# ------------------------------------------------------- writing into a folder others write


@pytest.mark.parametrize("signed", [False, True])
def test_a_link_planted_where_a_cache_file_is_written_first_is_not_followed(
    tmp_path: Path, signed: bool
) -> None:
    folder, victim = tmp_path / "cache", tmp_path / "elders.txt"
    folder.mkdir()
    victim.write_text("van iemand anders", encoding="utf-8")
    file = folder / "quotes-0.json"
    # where the writer puts the text before it takes the file's place
    (folder / f"{file.name}.{os.getpid()}.tmp").symlink_to(victim)
    if signed:
        key = jsoncache.user_key()
        assert jsoncache.write_signed(file, "quotes", {"a": 1}, key)
        assert jsoncache.read_signed(file, "quotes", key) == {"a": 1}
    else:
        assert jsoncache.write_json(file, "quotes", {"a": 1})
        assert jsoncache.read_json(file, "quotes") == {"a": 1}
    assert victim.read_text(encoding="utf-8") == "van iemand anders"
    assert sorted(path.name for path in folder.iterdir()) == [file.name]


def _key_file_in(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Where the user's signing key goes with the user's cache folder in ``tmp_path``
    (its folder made, the key not)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    key_file = jsoncache.user_key_file()
    assert key_file is not None
    key_file.parent.mkdir(parents=True, mode=0o700)
    return key_file


@pytest.mark.parametrize("planted", ["link", "pipe", "open to others"])
def test_a_signing_key_that_is_not_a_plain_file_of_its_own_signs_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, planted: str
) -> None:
    key_file = _key_file_in(tmp_path, monkeypatch)
    if planted == "link":
        elsewhere = tmp_path / "sleutel"
        elsewhere.write_text("a" * 64, encoding="ascii")
        elsewhere.chmod(0o600)
        key_file.symlink_to(elsewhere)
    elif planted == "pipe":
        os.mkfifo(key_file, 0o600)  # reading it would wait for a writer forever
    else:
        key_file.write_text("a" * 64, encoding="ascii")
        key_file.chmod(0o644)
    assert jsoncache.user_key() is None
    assert not jsoncache.write_signed(tmp_path / "gate-0.json", "gate", {}, jsoncache.user_key())


@pytest.mark.parametrize("left", ["", "a" * 31], ids=["leeg", "te-kort"])
def test_an_empty_or_cut_signing_key_is_made_anew(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, left: str
) -> None:
    key_file = _key_file_in(tmp_path, monkeypatch)
    key_file.touch(mode=0o600)
    key_file.write_text(left, encoding="ascii")
    key = jsoncache.user_key()
    assert key is not None and len(key) == 64
    assert key_file.read_bytes() == key and key_file.stat().st_mode & 0o777 == 0o600
    assert jsoncache.write_signed(tmp_path / "gate-0.json", "gate", {"a": 1}, key)
    assert jsoncache.read_signed(tmp_path / "gate-0.json", "gate", jsoncache.user_key()) == {"a": 1}
    assert [path.name for path in key_file.parent.iterdir()] == [key_file.name]


def test_a_signing_key_is_made_once_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    first = jsoncache.user_key()
    assert first is not None and len(first) == 64
    assert jsoncache.user_key() == first
    key_file = jsoncache.user_key_file()
    assert key_file is not None and key_file.stat().st_mode & 0o777 == 0o600
    assert [path.name for path in key_file.parent.iterdir()] == [key_file.name]


def test_cache_files_unused_for_a_week_are_removed_and_those_in_use_kept(
    tmp_path: Path,
) -> None:
    project = copy_site("bibliografieen", tmp_path)
    shutil.rmtree(project / ".cache", ignore_errors=True)
    assert build(project).returncode == 0
    cache = project / CACHE
    in_use = {path.name for path in cache.glob("bib-*.json")}
    assert len(in_use) == 2  # one per .bib file
    forgotten = {cache / f"{kind}-{'0' * 32}.json" for kind in ("bib", "fmt")}
    recent = cache / f"bib-{'1' * 32}.json"
    for path in (*forgotten, recent):
        path.write_text("{}", encoding="utf-8")
    week_ago = time.time() - 8 * 24 * 3600
    for path in cache.glob("*-*.json"):
        os.utime(path, (week_ago, week_ago))
    os.utime(recent, (time.time() - 3600, time.time() - 3600))
    # a work edited: its .bib file's cache and the formatted references are written
    # anew, which clears what no build used for a week
    edit_file(project / "groep.bib", "Respect in de wijk", "Respect in de buurt")
    built = build(project)
    assert built.returncode == 0
    assert "Respect in de buurt" in built.page("noord/literatuur/")
    left = {path.name for path in cache.glob("*-*.json")}
    assert not {path.name for path in forgotten} & left
    assert recent.name in left
    bibs = {name for name in left if name.startswith("bib-")}
    assert len(bibs & in_use) == 1  # the unedited file's, used by this build
    assert len(bibs) == 3  # that one, the edited file's new one, the recent one
    assert len([name for name in left if name.startswith("fmt-")]) == 1
