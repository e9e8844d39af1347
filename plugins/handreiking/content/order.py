"""The reading order of the site, from the sources: no ``nav`` in ``mkdocs.yml`` needed.

Each edition declares the order of its chapters in its own front matter (``hoofdstukken``
in ``docs/<editie>/index.md``, a list of file names); the theory boxes are ordered on
their own, by title, or by the list ``volgorde`` in the front matter of
``docs/bouwstenen/index.md`` (a file that holds nothing else: the page ``/bouwstenen/``
itself is generated). Every other page of ``docs/`` follows by its path. An edition
without ``hoofdstukken`` has its chapters by file name, as MkDocs orders them, and is
told to give the list (one problem at its ``index.md``, with the list to paste); one
without chapters yet needs none.

Once a list is given, it is the one place of that order: a page of the folder it does
not name, and a name without a file, are each one problem with the fix. The pages are
the ones MkDocs found (``src_uri``), so this module reads no folder itself.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from handreiking.content.editions import Edition
from handreiking.content.frontmatter import parse_front_matter, read_text
from handreiking.content.schema import Field, Table, strings, validate
from handreiking.content.sources import shown_path
from handreiking.errors import HandreikingError, SourceProblem, did_you_mean

#: the folder of the theory boxes, and the file that may order them
BOXES = "bouwstenen"
BOX_ORDER_SRC_URI = f"{BOXES}/index.md"


class GeneratedNav(list):  # type: ignore[type-arg]
    """A navigation made from the sources (not typed in ``mkdocs.yml``): told apart so
    that a second look at the config does not take it for the administrator's ``nav``."""


@dataclass
class BoxOrder:
    """The list ``volgorde`` of ``docs/bouwstenen/index.md``: box files in order."""

    path: str
    entries: list[str]
    lines: list[int]
    line: int | None


#: The front matter of ``docs/bouwstenen/index.md``: only the order of the boxes.
BOX_ORDER = Table(
    fields=(
        Field(
            "volgorde",
            strings,
            wrong="'volgorde' moet een lijst zijn, tussen '[' en ']' en met komma's ertussen, "
            "bijvoorbeeld 'volgorde: [hotspots.md, partnerschapskaart.md]'",
        ),
    ),
    unknown="onbekende sleutel '{key}' in docs/bouwstenen/index.md{hint}; dit bestand "
    "geeft alleen de volgorde van de bouwstenen ('volgorde:')",
    at_key=True,
    null_is_unset=True,
)


def load_box_order(docs_dir: Path, root: Path) -> tuple[BoxOrder | None, list[SourceProblem]]:
    """Read the order of the theory boxes, if ``docs/bouwstenen/index.md`` gives one."""
    path = docs_dir / BOX_ORDER_SRC_URI
    if not path.is_file():
        return None, []
    shown = shown_path(path, root)
    try:
        front = parse_front_matter(read_text(path, shown), shown)
    except HandreikingError as error:
        return None, error.problems
    checked = validate(front.record, BOX_ORDER)
    problems = list(checked.problems)
    if front.body.strip():
        problems.append(
            SourceProblem(
                shown,
                front.body_offset + 1 + _blank_lines(front.body),
                "de pagina /bouwstenen/ wordt gemaakt uit de bouwstenen zelf, dus deze tekst "
                "komt nergens op de site; dit bestand geeft alleen de volgorde "
                "('volgorde:' in de front matter). Zet de tekst in een bouwsteen of "
                "hoofdstuk, of haal hem weg",
            )
        )
    entries = checked.values.get("volgorde")
    if entries is None:
        return None, problems
    lines = front.entries["volgorde"].item_lines() if "volgorde" in front.entries else []
    return BoxOrder(shown, entries, lines, front.lines.get("volgorde")), problems


def _blank_lines(text: str) -> int:
    """How many blank lines ``text`` starts with."""
    lines = text.splitlines()
    return next((n for n, line in enumerate(lines) if line.strip()), len(lines))


@dataclass
class ReadingOrder:
    """The pages of the site in reading order, by part, and what the lists got wrong."""

    #: each edition's pages by id: its start page first, then its chapters
    editions: dict[str, list[str]] = field(default_factory=dict)
    #: the theory boxes, in their order
    boxes: list[str] = field(default_factory=list)
    #: every other page of ``docs/``, by path (the landing page not included)
    others: list[str] = field(default_factory=list)
    #: pages a list leaves out: at the page, with the line to add
    unlisted: list[SourceProblem] = field(default_factory=list)
    #: names in a list without a file, names twice: at the list's line
    not_found: list[SourceProblem] = field(default_factory=list)


def reading_order(
    pages: Iterable[str],
    editions: Sequence[Edition],
    box_titles: Mapping[str, str | None],
    box_order: BoxOrder | None,
    shown: str,
    in_build: Callable[[str], bool] = lambda _src_uri: True,
) -> ReadingOrder:
    """Order ``pages`` (the ``src_uri`` of every Markdown page MkDocs found).

    ``box_titles`` gives each theory box's title by ``src_uri`` (to order by title);
    ``shown`` is ``docs/`` as a co-author sees it; a name for a page ``in_build`` leaves
    out (another edition, when one is built alone) is passed over. A page a list leaves
    out still gets its place (last in its part), so the preview shows it while the
    problem is said.
    """
    pages = sorted(set(pages))
    order = ReadingOrder()
    claimed: set[str] = {"index.md"}
    for edition in editions:
        folder = f"{edition.id}/"
        own = [p for p in pages if p.startswith(folder)]
        start = edition.start_src_uri
        chapters = [p for p in own if p != start]
        listed: list[str] = []
        if edition.hoofdstukken is None:
            listed = chapters
            # a list that is there but no list is said by the edition's own check
            if chapters and edition.hoofdstukken_line is None:
                order.unlisted.append(_no_order_list(edition, folder, chapters))
        else:
            listed = _listed(
                edition.hoofdstukken,
                edition.hoofdstukken_lines,
                edition.hoofdstukken_line,
                folder,
                chapters,
                where=edition.path,
                key="hoofdstukken",
                shown=shown,
                order=order,
                in_build=in_build,
                start=start,
            )
            for page in chapters:
                if page not in listed:
                    order.unlisted.append(
                        SourceProblem(
                            f"{shown}/{page}",
                            1,
                            "dit hoofdstuk staat niet in de leesvolgorde van de editie; zet "
                            f"'- {page.removeprefix(folder)}' onder 'hoofdstukken:' in "
                            f"{edition.path}, op de plek waar het hoort",
                        )
                    )
                    listed.append(page)
        order.editions[edition.id] = ([start] if start in own else []) + listed
        claimed.update(own)
    boxes = [p for p in pages if p.startswith(f"{BOXES}/") and p != BOX_ORDER_SRC_URI]
    if box_order is None:
        order.boxes = sorted(boxes, key=lambda p: ((box_titles.get(p) or p).casefold(), p))
    else:
        order.boxes = _listed(
            box_order.entries,
            box_order.lines,
            box_order.line,
            f"{BOXES}/",
            boxes,
            where=box_order.path,
            key="volgorde",
            shown=shown,
            order=order,
            in_build=in_build,
        )
        for page in boxes:
            if page not in order.boxes:
                order.unlisted.append(
                    SourceProblem(
                        f"{shown}/{page}",
                        1,
                        "deze bouwsteen staat niet in de volgorde van de bouwstenen; zet "
                        f"'- {page.removeprefix(f'{BOXES}/')}' onder 'volgorde:' in "
                        f"{box_order.path}, op de plek waar hij hoort",
                    )
                )
                order.boxes.append(page)
    claimed.update(boxes)
    claimed.add(BOX_ORDER_SRC_URI)
    order.others = [p for p in pages if p not in claimed]
    return order


def _no_order_list(edition: Edition, folder: str, chapters: list[str]) -> SourceProblem:
    """An edition with chapters says their order itself: the list to paste, for now
    in the order of the file names (the order the chapters have until it is there)."""
    names = ", ".join(page.removeprefix(folder) for page in chapters)
    return SourceProblem(
        edition.path,
        1,
        "deze editie heeft hoofdstukken maar geen leesvolgorde, dus staan ze nu op "
        f"bestandsnaam; zet 'hoofdstukken: [{names}]' in de front matter, met de namen in "
        "de volgorde waarin de hoofdstukken gelezen worden",
    )


def _listed(
    entries: list[str],
    lines: list[int],
    key_line: int | None,
    folder: str,
    files: list[str],
    *,
    where: str,
    key: str,
    shown: str,
    order: ReadingOrder,
    in_build: Callable[[str], bool],
    start: str | None = None,
) -> list[str]:
    """The pages a list names, in its order; a name without a file is reported."""
    listed: list[str] = []
    names = [f.removeprefix(folder) for f in files]
    for number, entry in enumerate(entries):
        line = lines[number] if number < len(lines) else key_line
        page = posixpath.normpath(folder + entry.strip()) if entry.strip() else folder
        if page in listed:
            message = f"'{entry}' staat twee keer onder '{key}'; haal één van de twee weg"
        elif start is not None and page == start:
            message = (
                f"'{entry}' is de startpagina van de editie: die staat altijd vooraan; "
                f"haal '{entry}' weg onder '{key}'"
            )
        elif page in files:
            listed.append(page)
            continue
        elif not in_build(page):
            continue  # not in this build: another edition's, or a box it does not use
        else:
            named = {e.strip() for e in entries}
            free = [n for n in names if folder + n not in listed and n not in named]
            hint = did_you_mean(entry, free)
            import difflib  # a mistake's suggestion: not in every build

            meant = difflib.get_close_matches(entry, free, n=1, cutoff=0.6)
            if hint and meant:
                # the page meant takes this place: one mistake, one message
                listed.append(folder + meant[0])
            message = f"'{key}' noemt '{entry}', maar het bestand {shown}/{page} bestaat niet" + (
                hint or "; maak het bestand aan, of haal de regel weg als de pagina er niet meer is"
            )
        order.not_found.append(SourceProblem(where, line, message))
    return listed
