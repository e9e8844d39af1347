"""The record of published addresses: an address the site once published keeps working.

Course pages and imported cartridges link to the site's addresses. The record, a text
file next to ``mkdocs.yml`` (:data:`RECORD_FILE`), lists every address the site has
published, one per line from the site's root, sorted, ``#`` starting a comment::

    /zuidoost/partnerschap/
    /id/zo-partnerschap/

What it holds: every page MkDocs renders (the chapters, start pages, guides, theory
boxes, and the overview pages the plugin makes: ``/<editie>/citaten/``,
``/literatuur/``, ``/bouwstenen/``, ``/wijzigingen/`` ...), every ``/id/<id>/``, and
every old address a move in ``verhuisd.yml`` redirects. Not the files beside them
(catalog, ``.bib``, ``.ris``, PDFs, cartridges, the changes feeds): they follow from
the pages.

A whole build (not one edition alone, not the live preview) that succeeds adds the
addresses it published and the record lacks (:func:`add_to_record`); nothing ever
removes one but a co-author deleting its line. The build and ``handreiking check``
compare the record as it is on disk, the committed one in CI, with what the sources
publish now (:func:`lost_addresses`): a recorded address that no page, id or move
keeps is an error at its line of the record.
"""

from __future__ import annotations

import errno
import logging
import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.structure.files import File

from handreiking.content.sources import read_source_text
from handreiking.errors import SourceProblem
from handreiking.outputs.links.redirects import ID_DIR, MOVES_FILE, Move

if TYPE_CHECKING:
    from handreiking.content.view import PublicationView
    from handreiking.markdown.record import BuildRecord

log = logging.getLogger("mkdocs.plugins.handreiking")

#: The record of every address the site has published, next to mkdocs.yml.
RECORD_FILE = "gepubliceerde-adressen.txt"

#: The head of a new record: what it is, for the co-author who opens it.
_HEADER = """\
# Elk adres dat de site ooit heeft gepubliceerd, één per regel. Docenten linken ernaar,
# dus een adres blijft werken. Het bouwen van de hele site vult deze lijst zelf aan;
# zet de nieuwe regels mee in je commit. Verdwijnt een adres, dan stopt het bouwen:
# zet dan in verhuisd.yml waar de pagina nu staat. Mag een adres echt weg, haal dan
# hier zijn regel weg. Zie /voor-auteurs/, "Een pagina verplaatsen of weghalen".
"""


#: Why the record could not be written, in Dutch, by errno.
_WHY_NOT_WRITTEN = {
    errno.EROFS: "de map is alleen-lezen",
    errno.EACCES: "je mag in deze map niet schrijven",
    errno.EPERM: "je mag in deze map niet schrijven",
    errno.ENOSPC: "de schijf is vol",
}


@dataclass(frozen=True)
class Recorded:
    """One address of the record, and its line there."""

    address: str
    line: int


def address_of(dest_uri: str) -> str:
    """A page's address from its file in the built site: ``zuidoost/x/index.html`` is
    ``/zuidoost/x/``; ``index.html`` is ``/``."""
    if dest_uri == "index.html":
        return "/"
    if dest_uri.endswith("/index.html"):
        return "/" + dest_uri.removesuffix("index.html")
    return "/" + dest_uri


def _address_in(line: str) -> str | None:
    """The address on a line of the record; ``None`` for a comment or an empty line."""
    text = line.partition("#")[0].strip()
    return text or None


def load_record(root: Path) -> tuple[list[Recorded], list[SourceProblem]]:
    """Read the record; a missing record means nothing was published yet."""
    path = root / RECORD_FILE
    if not path.exists():
        return [], []
    text, problem = read_source_text(path, RECORD_FILE)
    if text is None:
        return [], [problem] if problem else []
    recorded: list[Recorded] = []
    problems: list[SourceProblem] = []
    for number, line in enumerate(text.splitlines(), start=1):
        address = _address_in(line)
        if address is None:
            continue
        if not address.startswith("/"):
            problems.append(
                SourceProblem(
                    RECORD_FILE,
                    number,
                    f"'{address}' is geen adres: elke regel is één adres vanaf de basis van "
                    "de site, beginnend met '/', zoals /zuidoost/partnerschap/ (een opmerking "
                    "begint met '#')",
                )
            )
            continue
        recorded.append(Recorded(address, number))
    return recorded, problems


def present_addresses(
    page_src_uris: Iterable[str],
    page_ids: Iterable[str],
    moves: Iterable[Move],
    directory_urls: bool,
) -> set[str]:
    """Every address a build of these pages (``src_uri``, other files are passed over),
    permanent ids and moves publishes."""
    found: set[str] = set()
    for src_uri in page_src_uris:
        file = File(src_uri, None, "", directory_urls)
        if file.is_documentation_page():
            found.add(address_of(file.dest_uri))
    found.update(f"/{ID_DIR}/{page_id}/" for page_id in page_ids)
    found.update(address_of(move.old_address(directory_urls)[0]) for move in moves)
    return found


def check_record(
    publication: PublicationView,
    record: BuildRecord,
    page_src_uris: Iterable[str],
    moves: Iterable[Move],
    directory_urls: bool,
) -> tuple[set[str] | None, list[SourceProblem]]:
    """What a whole build of ``publication`` publishes, and each recorded address it
    would lose.

    ``page_src_uris``: the files of the build (generated pages included), after every
    page was converted (``record.pages`` holds the ids). Shared by the build and
    ``handreiking check``. One edition alone publishes part of the site: it is neither
    compared nor recorded (``None``).
    """
    if publication.only is not None:
        return None, []
    ids = [info.id for info in record.pages.values()]
    present = present_addresses(page_src_uris, ids, moves, directory_urls)
    return present, lost_addresses(publication.root, present)


def lost_addresses(root: Path, present: set[str]) -> list[SourceProblem]:
    """Each recorded address that is not in ``present``, at its line of the record;
    and the record's own mistakes."""
    recorded, problems = load_record(root)
    addresses = {entry.address for entry in recorded}
    for entry in recorded:
        if entry.address not in present:
            problems.append(_lost(entry, addresses))
    return problems


def _lost(entry: Recorded, recorded: set[str]) -> SourceProblem:
    """What to do about one recorded address the site would lose."""
    address = entry.address
    keep = "of haal deze regel weg als het adres echt mag verdwijnen"
    prefix = f"/{ID_DIR}/"
    old_id = address.removeprefix(prefix).removesuffix("/")
    if address.startswith(prefix) and address.endswith("/") and old_id and "/" not in old_id:
        message = (
            f"het permanente adres {address} is gepubliceerd, maar geen pagina heeft nog het "
            f"id '{old_id}'; voeg aan {MOVES_FILE} toe: '- id: {old_id}' met "
            f"'naar: <het nieuwe id>', {keep}"
        )
    else:
        message = (
            f"het adres {address} is gepubliceerd, maar bestaat niet meer; voeg aan "
            f"{MOVES_FILE} toe: '- van: {_old_file(address, recorded)}' met "
            f"'naar: <id of nieuw bestand>', {keep}"
        )
    return SourceProblem(RECORD_FILE, entry.line, message)


def _old_file(address: str, recorded: set[str]) -> str:
    """A file under docs/ that had ``address``, for ``van:`` in verhuisd.yml.

    ``zuidoost/x.md`` and ``zuidoost/x/index.md`` have the same address, so either
    serves; a folder with pages of its own in the record (an edition's start page) is
    named by its ``index.md``, a page by ``<name>.md``.
    """
    path = address.lstrip("/")
    if not path:
        return "index.md"
    if path.endswith(".html"):
        return path.removesuffix(".html") + ".md"
    folder = path.rstrip("/")
    if any(other != address and other.startswith(address) for other in recorded):
        return f"{folder}/index.md"
    return f"{folder}.md"


def add_to_record(root: Path, present: Iterable[str]) -> None:
    """Add every address of ``present`` the record lacks; create it when missing.

    Each new address goes before the first recorded one that sorts after it, so a sorted
    record stays sorted and a co-author's comments stay where they are; a record that
    lacks nothing is left alone. A record that cannot be written (a read-only checkout)
    is said in one line and the build goes on: it published nothing wrong.
    """
    path = root / RECORD_FILE
    lines: list[str] = []
    if path.exists():
        text, _problem = read_source_text(path, RECORD_FILE)
        if text is None:
            return  # the check said why; the build failed before this point
        lines = text.splitlines()
    else:
        lines = [*_HEADER.splitlines(), ""]
    recorded = {address for line in lines if (address := _address_in(line)) is not None}
    new = sorted(set(present) - recorded)
    if not new:
        return
    out: list[str] = []
    waiting = iter(new)
    upcoming = next(waiting, None)
    for line in lines:
        address = _address_in(line)
        while upcoming is not None and address is not None and upcoming < address:
            out.append(upcoming)
            upcoming = next(waiting, None)
        out.append(line)
    if upcoming is not None:
        out.append(upcoming)
        out.extend(waiting)
    _write(path, "\n".join(out) + "\n")


def _write(path: Path, content: str) -> None:
    """Replace ``path`` whole (a killed build leaves the old record, never half a one)."""
    temporary: str | None = None
    try:
        mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(content)
        os.chmod(temporary, mode)
        os.replace(temporary, path)
        temporary = None
    except OSError as error:
        reason = _WHY_NOT_WRITTEN.get(error.errno or 0, "het schrijven lukte niet")
        log.info(
            f"{RECORD_FILE} kon niet worden bijgewerkt ({reason}); "
            "de nieuwe adressen van deze build staan er niet in"
        )
    finally:
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)
