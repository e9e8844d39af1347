"""Addresses that keep working: ``/id/<id>/`` and the old addresses of moved pages.

A redirect is a tiny HTML page: a meta refresh (works without JavaScript), a canonical
link (search engines credit the page it points to) and a visible link. A one-line script
carries a section anchor (``/id/zo-partnerschap/#van-klik-naar-taak``) along, which a meta
refresh alone would drop. All addresses in it are relative, so the site works under any
sub-path.

Moved pages are recorded in ``verhuisd.yml`` next to ``mkdocs.yml``::

    - van: zuidoost/samenwerking.md     # the old file, relative to docs/
      naar: zo-partnerschap             # the page's id, or its new file
    - id: zo-samenwerking               # an id no page has any more: /id/zo-samenwerking/
      naar: zo-partnerschap             # the page's id, or its new file
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from mkdocs.structure.files import File

from handreiking.content.schema import Entry, Field, Invalid, Record, Table, hint_then, validate
from handreiking.content.sources import ID_PATTERN, compose_yaml, read_source_text
from handreiking.errors import SourceProblem, did_you_mean, then_advise
from handreiking.text import relative_path

#: The history of moved pages, next to mkdocs.yml.
MOVES_FILE = "verhuisd.yml"
#: Where the permanent addresses live.
ID_DIR = "id"

_EXAMPLE = "- van: zuidoost/oude-naam.md\n  naar: zo-partnerschap"
_ID_EXAMPLE = "- id: zo-oud-id\n  naar: zo-partnerschap"


def _scalar_text(entry: Entry) -> str:
    """The text as written, whatever YAML would read it as (``2016``, ``true``)."""
    node = entry.node
    if not isinstance(node, yaml.ScalarNode) or not str(node.value).strip():
        raise Invalid()
    return str(node.value).strip()


def _address(value: str, _context: Mapping[str, Any]) -> str:
    return value.lstrip("/")


def _old_file(value: str, _context: Mapping[str, Any]) -> str:
    van = _address(value, _context)
    if not van.removeprefix("docs/").endswith(".md"):
        raise Invalid(
            f"'van: {van}' moet het oude bestand binnen docs/ zijn, "
            "bijvoorbeeld: van: zuidoost/oude-naam.md"
        )
    return van.removeprefix("docs/")


def _old_id(value: str, _context: Mapping[str, Any]) -> str:
    # said as written (``id: true``), not as YAML reads it: no ``wrong`` template
    if not ID_PATTERN.match(value):
        raise Invalid(
            f"'id: {value}' is geen id: een id heeft kleine letters, cijfers en '-', "
            "zoals zo-partnerschap (het oude id, zonder /id/ ervoor)"
        )
    return value


#: One move: the old file (``van``) or the old id (``id``), and ``naar``. Which of them
#: a move needs is checked after the table, in :func:`load_moves`.
MOVE = Table(
    fields=(
        Field("van", _scalar_text, wrong="'van' moet een tekst zijn", parse=_address),
        # an id is said as it was written, in the message when it is no id
        Field("id", _scalar_text, wrong="'id' moet een tekst zijn"),
        Field("naar", _scalar_text, wrong="'naar' moet een tekst zijn", parse=_address),
    ),
    unknown="onbekende sleutel '{key}'{hint}",
    hint=hint_then("een verhuizing heeft alleen 'van' (of 'id') en 'naar'"),
    keys_in_file_order=True,
)

#: What the old file and the old id must be. Checked only once a move has what it needs
#: (``van`` or ``id``, and ``naar``), so that a move missing a field or having both is
#: told that first; said on the move's first line.
OLD_FILE = Table(fields=(Field("van", _scalar_text, parse=_old_file),), at_record=True)
OLD_ID = Table(fields=(Field("id", _scalar_text, parse=_old_id),), at_record=True)


@dataclass(frozen=True)
class Move:
    """One moved page: its old source file, or its old id, and where it lives now
    (an id or a file)."""

    #: the old file inside docs/; ``""`` for a move of an old id
    van: str
    naar: str
    line: int
    #: the id the page had (``- id: zo-oud``): ``/id/zo-oud/`` keeps working
    old_id: str | None = None

    def old_address(self, directory_urls: bool) -> tuple[str, str]:
        """Where the old address lives in the built site: its file and its URL."""
        if self.old_id is not None:
            url = f"{ID_DIR}/{self.old_id}/"
            return f"{url}index.html", url
        old = File(self.van, None, "", directory_urls)
        return old.dest_uri, old.url


def load_moves(root: Path) -> tuple[list[Move], list[SourceProblem]]:
    """Read ``verhuisd.yml``; a missing file means nothing has moved."""
    path = root / MOVES_FILE
    if not path.is_file():
        return [], []
    text, problem = read_source_text(path, MOVES_FILE)
    if text is None:
        return [], [problem] if problem else []
    doc, problem = compose_yaml(text, MOVES_FILE)
    if doc is None:
        return [], [problem] if problem else []
    node = doc.root
    if node is None:
        return [], []
    if not isinstance(node, yaml.SequenceNode):
        return [], [
            SourceProblem(
                MOVES_FILE,
                node.start_mark.line + 1,
                f"verhuisd.yml moet een lijst zijn, bijvoorbeeld:\n{_EXAMPLE}",
            )
        ]
    moves: list[Move] = []
    problems: list[SourceProblem] = []
    seen: dict[str, int] = {}
    for item in node.value:
        line = item.start_mark.line + 1
        if not isinstance(item, yaml.MappingNode):
            problems.append(
                SourceProblem(
                    MOVES_FILE, line, f"elke verhuizing heeft 'van' en 'naar':\n{_EXAMPLE}"
                )
            )
            continue
        record = Record.read(doc, item, MOVES_FILE, "deze verhuizing")
        checked = validate(record, MOVE)
        problems.extend(checked.problems)
        data: dict[str, str] = checked.values
        if "van" in data and "id" in data:
            problems.append(
                SourceProblem(
                    MOVES_FILE,
                    line,
                    "een verhuizing heeft 'van' (het oude bestand) of 'id' (het oude id), "
                    f"niet allebei; schrijf er twee verhuizingen van:\n{_EXAMPLE}\n{_ID_EXAMPLE}",
                )
            )
            continue
        # an old id stands where the old file would. Not a table's required fields: only
        # the first one left out is said, and only when nothing else is wrong with the move
        missing = [k for k in ("id" if "id" in data else "van", "naar") if k not in data]
        if missing:
            if not any(p.line and p.line >= line for p in problems):
                example = _ID_EXAMPLE if "id" in data else _EXAMPLE
                problems.append(
                    SourceProblem(
                        MOVES_FILE, line, f"deze verhuizing mist '{missing[0]}':\n{example}"
                    )
                )
            continue
        old = validate(
            Record(MOVES_FILE, line, record.entries), OLD_ID if "id" in data else OLD_FILE
        )
        if old.problems:
            problems.extend(old.problems)
            continue
        old_id = old.values.get("id")
        # the same old file or old id twice: said as the move writes it
        key = f"id: {old_id}" if old_id is not None else old.values["van"]
        if key in seen:
            problems.append(
                SourceProblem(
                    MOVES_FILE, line, f"'{key}' staat al als verhuisd op regel {seen[key]}"
                )
            )
            continue
        seen[key] = line
        van = old.values.get("van", "")
        moves.append(Move(van, data["naar"].removeprefix("docs/"), line, old_id=old_id))
    return moves, problems


def move_problem(move: Move, docs_dir: Path, destinations: dict[str, str]) -> SourceProblem | None:
    """What is wrong with one move before anything is written, or ``None``.

    ``destinations`` maps every page id and every page file (``src_uri``) a move may
    point at to that page's file. Shared by the build and ``handreiking check``.
    """
    if move.old_id is not None:
        if move.old_id in destinations:
            return SourceProblem(
                MOVES_FILE,
                move.line,
                f"het id '{move.old_id}' hoort nog bij docs/{destinations[move.old_id]}; "
                "een verhuizing is voor een id dat geen pagina meer heeft (haal de regel weg)",
            )
    elif (docs_dir / move.van).exists():
        return SourceProblem(
            MOVES_FILE,
            move.line,
            f"docs/{move.van} bestaat nog; een verhuizing is voor een pagina "
            "die er niet meer is (haal de regel weg, of de pagina)",
        )
    if move.naar not in destinations:
        return SourceProblem(
            MOVES_FILE,
            move.line,
            f"onbekende bestemming 'naar: {move.naar}'"
            + then_advise(
                did_you_mean(move.naar, destinations),
                "geef het id van de pagina (zoals zo-partnerschap) of haar "
                "nieuwe bestand (zoals zuidoost/partnerschap.md)",
            ),
        )
    return None


def address_in_use(move: Move, url: str) -> SourceProblem:
    """The old address ``url`` of ``move`` belongs to another page now."""
    return SourceProblem(
        MOVES_FILE,
        move.line,
        f"het oude adres /{url} is weer in gebruik door een andere pagina; "
        "haal deze verhuizing weg",
    )


def relative_url(target: str, from_dir: str) -> str:
    """``target`` (a site-relative URL such as ``zuidoost/x/``) as seen from ``from_dir``."""
    path, hash_, fragment = target.partition("#")
    rel = relative_path(path or ".", from_dir or ".")
    if path == "" or path.endswith("/"):
        rel = "./" if rel == "." else rel.rstrip("/") + "/"
    return rel + (hash_ + fragment)


def redirect_html(target: str, title: str, canonical: str | None, head: str = "") -> str:
    """A page that sends the reader on to ``target`` (relative), anchor included.

    ``head`` is put in the page's head as it is: the target's description and OpenGraph
    tags, so that a link preview (which follows neither the refresh nor the script)
    shows the target.
    """
    href = html.escape(target, quote=True)
    canon = ""
    if canonical:
        canon = f'<link rel="canonical" href="{html.escape(canonical, quote=True)}">\n'
    return (
        "<!doctype html>\n"
        '<html lang="nl">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(title)}</title>\n"
        f'<meta http-equiv="refresh" content="0; url={href}">\n'
        f"{canon}"
        f"{head}"
        '<meta name="robots" content="noindex">\n'
        # A meta refresh drops the #anchor; the script keeps it, where scripts run.
        f"<script>location.replace({_js_string(target)} + location.hash);</script>\n"
        "</head>\n<body>\n"
        f'<p>Deze pagina staat hier: <a href="{href}">{html.escape(title)}</a>.</p>\n'
        "</body>\n</html>\n"
    )


def _js_string(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\u003c")
    return f'"{escaped}"'
