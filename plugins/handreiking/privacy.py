"""Privacy: personal contact details never reach the site.

Chapters, quotes and theory boxes are written about residents who took part in
meetings. A phone number, an e-mail address or a postal code with a house number
in the sources is almost always a slip (a participant's details pasted along with
a quote), so each is an error, in the build and in ``handreiking check``.

A public organisation's address or phone number may be published on purpose. That
goes through one reviewed file, ``privacy-uitzonderingen.yml`` next to
``mkdocs.yml``: a list of exact texts, each with the reason it may be public::

    - tekst: "Anton de Komplein 150, 1102 CW Amsterdam"
      reden: "bezoekadres van het stadsdeelkantoor Zuidoost (openbaar)"

An exception that no source uses any more is reported too, so the list stays
short and every entry in it has been looked at.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

from handreiking.errors import SourceProblem, did_you_mean, then_advise
from handreiking.sources import (
    MAX_DATA_BYTES,
    compose_yaml,
    mapping_items,
    read_source_text,
    shown_path,
)

#: The reviewed list of texts that may be published although they look private.
ALLOWLIST_FILE = "privacy-uitzonderingen.yml"
ALLOWLIST_KEYS = ("tekst", "reden")

#: The files co-authors write text in: chapters, theory boxes, quotes (and pages).
SCANNED_SUFFIXES = (".md", ".yml", ".yaml")

EMAIL = re.compile(r"(?<![\w.%+-])[\w.%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b")

# A phone number candidate: a national or international prefix, then digits with
# at most one space or hyphen between them. Whether it really is a Dutch number is
# decided by _is_phone, on the digits and the first group.
PHONE = re.compile(
    r"(?<![\w+/.,-])"
    r"(?P<prefix>\+31|0031|\(0\d{1,3}\)|0)"
    r"(?P<rest>(?:[ \-]?\(0\))?(?:[ \-]?\d){7,10})"
    r"(?![\w-])"
)

_POSTCODE = r"[1-9]\d{3} ?(?!SA|SD|SS)[A-Z]{2}(?![A-Za-z])"
_HOUSE_NUMBER = r"\d{1,5}(?:[ -]?[a-zA-Z](?![A-Za-z]))?(?:[-/]\d{1,4})?"
#: "1102 AB 12": a postal code followed by a house number
POSTCODE_THEN_NUMBER = re.compile(rf"(?<![\w-])({_POSTCODE}),? {_HOUSE_NUMBER}(?![\w-])")
#: "Straatnaam 12, 1102 AB": a street with a house number followed by a postal code
STREET_THEN_POSTCODE = re.compile(
    rf"(?<![\w-])[A-Za-zÀ-ÿ][\w'.-]* {_HOUSE_NUMBER},?[ \t]*\n?[ \t]*{_POSTCODE}"
)


#: Cheap tests that rule a pattern out for a whole file (most files hold none of these):
#: each matches a part every match of its pattern contains, so skipping is exact.
_MAYBE_EMAIL = re.compile(r"@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b")
_MAYBE_PHONE = re.compile(r"\d(?:[ \-]?\d){6}")
_MAYBE_POSTCODE = re.compile(r"[1-9]\d{3} ?[A-Z]{2}")

#: Cheaper still, and run first: the same two tests on the text's UTF-8 bytes with every
#: ASCII digit and every byte of a non-ASCII character made b"0". A digit (``\d``) is
#: one or more b"0" there and the separators and capitals stay as they are, so a match
#: of _MAYBE_PHONE or _MAYBE_POSTCODE leaves a match of these; b"0" is found by a fast
#: search of one byte, where ``\d`` is tested character by character.
_ZEROS = bytes.maketrans(bytes(range(0x30, 0x3A)) + bytes(range(0x80, 0x100)), b"0" * 138)
_MAYBE_PHONE_ZEROS = re.compile(rb"0(?:[ \-]?0){6}")
_MAYBE_POSTCODE_ZEROS = re.compile(rb"0000 ?[A-Z]{2}")


@dataclass(frozen=True)
class AllowedText:
    """One reviewed text that may be published, with where it is listed."""

    tekst: str
    reden: str
    line: int


@dataclass
class Allowlist:
    """The reviewed exceptions of ``privacy-uitzonderingen.yml``."""

    entries: list[AllowedText]
    path: str

    def mask(self, text: str, used: set[int]) -> str:
        """``text`` with every allowed passage blanked out (line breaks kept)."""
        for index, entry in enumerate(self.entries):
            start = text.find(entry.tekst)
            while start != -1:
                used.add(index)
                end = start + len(entry.tekst)
                blank = "".join("\n" if c == "\n" else " " for c in text[start:end])
                text = text[:start] + blank + text[end:]
                start = text.find(entry.tekst, end)
        return text


def _is_phone(prefix: str, rest: str) -> bool:
    digits = re.sub(r"\D", "", rest.replace("(0)", ""))
    if prefix in ("+31", "0031"):
        national = "0" + digits
    elif prefix.startswith("("):
        national = prefix.strip("()") + digits
    else:
        national = "0" + digits
        # With separators, the first group is the area code: 06 or 0xx(x).
        first = re.split(r"[ \-]", rest.lstrip(" -"), maxsplit=1)[0]
        if re.search(r"[ \-]", rest.lstrip(" -")):
            code = "0" + first
            service = code in ("0800", "0900", "0906", "0909")
            if not (code == "06" or service or (3 <= len(code) <= 4 and code[1] in "1234578")):
                return False
    if national.startswith(("0800", "0900", "0906", "0909")):
        return 8 <= len(national) <= 11
    return len(national) == 10 and national[1] in "12345678" and not national.startswith("00")


def find_private_details(text: str) -> list[tuple[int, str, str]]:
    """Every phone number, e-mail address and address in ``text``.

    Returns ``(line, kind, matched text)``, sorted by position; ``kind`` is the
    Dutch name of what was found.
    """
    found: list[tuple[int, int, str, str]] = []

    def add(start: int, kind: str, matched: str) -> None:
        found.append((start, text.count("\n", 0, start) + 1, kind, " ".join(matched.split())))

    if "@" in text and _MAYBE_EMAIL.search(text):
        for match in EMAIL.finditer(text):
            add(match.start(), "een e-mailadres", match.group())
    zeros = text.encode("utf-8", "surrogatepass").translate(_ZEROS)
    if _MAYBE_PHONE_ZEROS.search(zeros) and _MAYBE_PHONE.search(text):
        for match in PHONE.finditer(text):
            if _is_phone(match.group("prefix"), match.group("rest")):
                add(match.start(), "een telefoonnummer", match.group())
    if _MAYBE_POSTCODE_ZEROS.search(zeros) and _MAYBE_POSTCODE.search(text):
        for pattern in (POSTCODE_THEN_NUMBER, STREET_THEN_POSTCODE):
            for match in pattern.finditer(text):
                add(match.start(), "een adres (postcode met huisnummer)", match.group())
    found.sort()
    unique: dict[tuple[int, str], tuple[int, str, str]] = {}
    for _start, line, kind, matched in found:
        unique.setdefault((line, matched), (line, kind, matched))
    return list(unique.values())


def load_allowlist(root: Path) -> tuple[Allowlist, list[SourceProblem]]:
    """Read ``privacy-uitzonderingen.yml`` (absent: no exceptions)."""
    path = root / ALLOWLIST_FILE
    shown = ALLOWLIST_FILE
    allowlist = Allowlist([], shown)
    if not path.is_file():
        return allowlist, []
    text, problem = read_source_text(path, shown, max_bytes=MAX_DATA_BYTES)
    if problem is not None or text is None:
        return allowlist, [problem] if problem else []
    doc, problem = compose_yaml(text, shown)
    if problem is not None or doc is None:
        return allowlist, [problem] if problem else []
    if doc.root is None:
        return allowlist, []
    example = "'- tekst: \"...\"' met daaronder 'reden: \"...\"'"
    if not isinstance(doc.root, yaml.SequenceNode):
        return allowlist, [
            SourceProblem(
                shown, doc.line(doc.root), f"{ALLOWLIST_FILE} moet een lijst zijn: {example}"
            )
        ]
    problems: list[SourceProblem] = []
    for record in doc.root.value:
        line = doc.line(record)
        if not isinstance(record, yaml.MappingNode):
            problems.append(SourceProblem(shown, line, f"schrijf elke uitzondering als {example}"))
            continue
        items = mapping_items(doc, record, shown, problems, "deze uitzondering")
        values: dict[str, str] = {}
        for key, (key_node, value_node) in items.items():
            if key not in ALLOWLIST_KEYS:
                problems.append(
                    SourceProblem(
                        shown,
                        doc.line(key_node),
                        f"onbekend veld '{key}'"
                        + then_advise(
                            did_you_mean(key, ALLOWLIST_KEYS),
                            "een uitzondering heeft alleen 'tekst' en 'reden'",
                        ),
                    )
                )
                continue
            value = doc.value(value_node)
            if not isinstance(value, str) or not value.strip():
                problems.append(
                    SourceProblem(
                        shown,
                        doc.line(value_node),
                        f"'{key}' moet tekst zijn"
                        + (
                            ": precies zoals het in de bron staat"
                            if key == "tekst"
                            else ": waarom dit openbaar mag (bijvoorbeeld 'adres van een "
                            "openbare organisatie')"
                        ),
                    )
                )
                continue
            values[key] = value.strip() if key == "reden" else value
        missing = [key for key in ALLOWLIST_KEYS if key not in items]
        for key in missing:
            problems.append(
                SourceProblem(shown, line, f"deze uitzondering mist '{key}'; schrijf {example}")
            )
        if "tekst" in values and "reden" in values:
            allowlist.entries.append(AllowedText(values["tekst"], values["reden"], line))
    return allowlist, problems


def _source_files(docs_dir: Path) -> Iterable[Path]:
    docs = docs_dir.resolve()
    # Folders reached from docs_dir without a symbolic link: a plain file in one is a
    # file (is_file) inside docs/ (resolve), so only the rest needs those system calls.
    plain: dict[Path, bool] = {docs_dir: True}

    def plain_folder(folder: Path) -> bool:
        known = plain.get(folder)
        if known is None:
            parent = folder.parent
            known = parent != folder and plain_folder(parent) and not folder.is_symlink()
            plain[folder] = known
        return known

    depth = len(docs_dir.parts)
    for path in sorted(docs_dir.rglob("*")):
        if path.suffix not in SCANNED_SUFFIXES:
            continue
        try:
            regular = stat.S_ISREG(os.lstat(path).st_mode)
        except OSError:
            regular = False
        if not (regular and plain_folder(path.parent)):
            if not path.is_file():
                continue
            if not path.resolve().is_relative_to(docs):
                continue  # a symlink out of docs/: never published, reported by the plugin
        if any(part.startswith(".") for part in path.parts[depth:]):
            continue
        yield path


def privacy_problems(
    docs_dir: Path | str, *, root: Path | str, texts: dict[Path, str] | None = None
) -> list[SourceProblem]:
    """Every phone number, e-mail address and address in the sources, as problems.

    Scans every Markdown and YAML file under ``docs_dir`` (chapters, quotes,
    theory boxes, other pages), minus the reviewed exceptions in
    ``privacy-uitzonderingen.yml`` under ``root``; unused exceptions are problems
    too. Used by the build and by ``handreiking check``. With ``texts``, the text of
    every Markdown page read is put there by path, for the build to reuse.
    """
    docs_dir, root = Path(docs_dir), Path(root)
    allowlist, problems = load_allowlist(root)
    used: set[int] = set()
    for path in _source_files(docs_dir):
        shown = shown_path(path, root)
        # Pages have no size limit (data files do): a long chapter is checked too.
        limit = None if path.suffix == ".md" else MAX_DATA_BYTES
        text, _problem = read_source_text(path, shown, max_bytes=limit)
        if text is None:
            continue  # unreadable files are reported where they are loaded
        if texts is not None and limit is None:
            texts[path] = text
        for line, kind, matched in find_private_details(allowlist.mask(text, used)):
            problems.append(
                SourceProblem(
                    shown,
                    line,
                    f"hier staat {kind} ('{matched}'); persoonlijke gegevens van deelnemers "
                    "horen niet in de handreiking: haal het weg. Is het van een openbare "
                    f"organisatie, zet de precieze tekst dan met een reden in {ALLOWLIST_FILE}",
                )
            )
    for index, entry in enumerate(allowlist.entries):
        if index not in used:
            problems.append(
                SourceProblem(
                    allowlist.path,
                    entry.line,
                    f"de uitzondering '{entry.tekst}' staat nergens in docs/; "
                    "haal haar weg of maak de tekst gelijk aan die in de bron",
                )
            )
    return problems
