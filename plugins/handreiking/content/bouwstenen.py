"""Theory boxes ("bouwstenen"): the model, loading and validating, the index page.

Every box is a Markdown file ``docs/bouwstenen/<id>.md`` shared by all editions,
with front matter ``id`` (equal to the file name), ``titel``, ``thema`` (list) and
``bronnen`` (list of bibliography keys), and a Markdown body that may cite. The
file is also a page of its own (``/bouwstenen/<id>/``); a chapter places the box
with ``/// bouwsteen | <id>`` (see :mod:`handreiking.markdown.blocks`).
"""

from __future__ import annotations

import hashlib
import posixpath
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from handreiking.content import reads
from handreiking.content.frontmatter import PAGE_META_KEYS
from handreiking.content.schema import (
    Entry,
    Field,
    Invalid,
    Record,
    Table,
    any_text,
    filled_text,
    texts_or_nothing,
    validate,
)
from handreiking.content.sources import (
    ID_PATTERN,
    MAX_DATA_BYTES,
    compose_yaml,
    read_source_text,
    shown_path,
    split_front_matter,
)
from handreiking.errors import SourceProblem, did_you_mean
from handreiking.text import edition_name, markdown_text

#: The folder of the theory boxes inside ``docs/``.
BOUWSTENEN_DIR = "bouwstenen"

#: The bibliography as messages name it when the caller does not say (the default of
#: the ``bibliografie`` option).
BIB_FILE = "bibliography.bib"

#: The title of the index page ``/bouwstenen/``.
INDEX_TITLE = "Bouwstenen"


@dataclass(frozen=True)
class Bouwsteen:
    """One theory box."""

    id: str
    titel: str
    thema: tuple[str, ...]
    bronnen: tuple[str, ...]
    #: the Markdown after the front matter
    body: str
    #: the file as shown in messages
    path: str
    #: lines before the body in the file (the front matter), as in ``PageContext``
    body_line_offset: int
    #: line of each ``bronnen`` entry in the file, for messages about a key
    bronnen_lines: tuple[int, ...] = ()

    @property
    def src_uri(self) -> str:
        """The box's page inside ``docs/``."""
        return f"{BOUWSTENEN_DIR}/{self.id}.md"

    def placed_body(self) -> str:
        """The body as placed in a chapter: without a leading ``# title``.

        The box shows ``titel`` itself; a first-level heading at the top of the body
        (the title of the box's own page) would repeat it.
        """
        lines = self.body.split("\n")
        while lines and not lines[0].strip():
            lines.pop(0)
        if lines and lines[0].startswith("# "):
            lines.pop(0)
        return "\n".join(lines).strip("\n")


@dataclass
class BouwsteenLibrary:
    """All theory boxes, by id, in file-name order."""

    boxes: dict[str, Bouwsteen] = field(default_factory=dict)
    #: ids of box files that had problems, with their path: already reported
    broken: dict[str, str] = field(default_factory=dict)

    # Every read notes what it read (content/reads.py): a page's conversion is kept
    # for as long as what it read is unchanged.

    def __len__(self) -> int:
        reads.note("boxes", "", "")
        return len(self.boxes)

    def __iter__(self) -> Iterator[Bouwsteen]:
        reads.note("boxes", "", "")
        return iter(self.boxes.values())

    def __contains__(self, box_id: object) -> bool:
        reads.note("box", "", str(box_id))
        return box_id in self.boxes

    def get(self, box_id: str) -> Bouwsteen | None:
        """The box with this id, or ``None``."""
        reads.note("box", "", box_id)
        return self.boxes.get(box_id)

    def ids(self) -> list[str]:
        """Every box id."""
        reads.note("boxes", "", "")
        return list(self.boxes)

    def check_sources(
        self, bib_keys: Iterable[str], bib_file: str = BIB_FILE
    ) -> list[SourceProblem]:
        """Problems for every ``bronnen`` key that is not in the bibliography.

        Reported in the box file, at the key's line; ``bib_file`` is the
        bibliography as messages name it. This is the one place these keys are
        checked: a box's page and the chapters that place it do not report them again.
        """
        known = set(bib_keys)
        problems = []
        for box in self:
            for key, line in zip(box.bronnen, box.bronnen_lines, strict=False):
                if key not in known:
                    problems.append(
                        SourceProblem(box.path, line, unknown_source_message(key, known, bib_file))
                    )
        return problems


def unknown_source_message(key: str, known: Iterable[str], bib_file: str = BIB_FILE) -> str:
    """The message for a ``bronnen`` key missing from the bibliography (``bib_file``)."""
    return f"bron '{key}' staat niet in de bibliografie ({bib_file}){did_you_mean(key, known)}"


def _unknown_key(key: str, names: tuple[str, ...]) -> str | None:
    """Other keys are the page's own metadata; a near miss of a field is a typo."""
    if key in PAGE_META_KEYS:
        return None
    hint = did_you_mean(key, names)
    return f"onbekend veld '{key}'{hint}" if hint else None


def _box_id(value: str, context: Mapping[str, Any]) -> str:
    if not ID_PATTERN.match(value):
        raise Invalid()  # the field's own message
    if value != context["stem"]:
        raise Invalid(
            f"id '{value}' is niet gelijk aan de bestandsnaam '{context['file']}'; "
            f"maak ze gelijk (de id staat in vaste links, dus hernoem liever het bestand)"
        )
    return value


def _missing_title(names: Mapping[str, Any]) -> str:
    extra = (
        " (er staat 'title'; een bouwsteen gebruikt 'titel')" if "title" in names["record"] else ""
    )
    return f"de bouwsteen mist het verplichte veld 'titel'{extra}"


def _sources(entry: Entry) -> list[tuple[str, int]]:
    """The ``bronnen`` keys with their lines; '@key' is accepted, as keys are cited."""
    keys = texts_or_nothing(entry)
    return [(key.lstrip("@"), line) for key, line in zip(keys, entry.item_lines(), strict=True)]


#: A box's front matter. Messages may use ``{stem}`` and ``{file}`` (the box's file
#: name without and with ``.md``) and ``{bib_file}`` (the bibliography).
BOUWSTEEN = Table(
    fields=(
        Field(
            "id",
            any_text,
            required=True,
            wrong="ongeldige id {value!r}: gebruik kleine letters, cijfers en losse streepjes, "
            "zoals de bestandsnaam '{stem}'",
            parse=_box_id,
            missing="de bouwsteen mist het verplichte veld 'id'; "
            "zet 'id: {stem}' in de front matter",
        ),
        Field(
            "titel",
            filled_text,
            required=True,
            wrong="'titel' moet tekst zijn, bijvoorbeeld 'titel: Wederkerigheid'",
            missing=_missing_title,
        ),
        Field(
            "thema",
            texts_or_nothing,
            required=True,
            wrong="'thema' moet een lijst van thema's zijn, bijvoorbeeld "
            "'thema: [partnerschap, vertrouwen]'",
        ),
        Field(
            "bronnen",
            _sources,
            required=True,
            wrong="'bronnen' moet een lijst van sleutels uit {bib_file} zijn, "
            "bijvoorbeeld 'bronnen: [sennett2003, lipsky1980]'",
        ),
    ),
    unknown=_unknown_key,
    missing="de bouwsteen mist het verplichte veld '{key}'",
)


#: One box file as loaded: the box (``None`` when broken) and its problems.
_Loaded = tuple[Bouwsteen | None, tuple[SourceProblem, ...]]


class BoxCache:
    """Each theory box file as loaded, kept by its owner (the plugin) for its next load.

    In memory only, for the rebuilds of ``mkdocs serve``: a file is parsed anew unless
    its text (SHA-256), its name, the name messages show and the bibliography's name
    are those of the last load, which is everything loading one file reads (its
    sources are checked against the bibliography afresh on every load). A box is
    never changed once loaded.
    """

    def __init__(self) -> None:
        self.memory: dict[tuple[str, str, str, str], _Loaded] = {}


def _too_large(path: Path) -> bool:
    """Whether the file at ``path`` is larger than a data file may be, or cannot be
    looked at (then reading it says why)."""
    try:
        return path.stat().st_size > MAX_DATA_BYTES
    except OSError:
        return True


def load_bouwsteen_file(
    path: Path | str,
    *,
    root: Path | None = None,
    bib_file: str = BIB_FILE,
    reuse: dict[tuple[str, str, str, str], _Loaded] | None = None,
    used: dict[tuple[str, str, str, str], _Loaded] | None = None,
    text: str | None = None,
) -> tuple[Bouwsteen | None, list[SourceProblem]]:
    """Load and validate one theory box file; ``bib_file`` names the bibliography.

    With ``reuse`` (a :class:`BoxCache`'s memory), a file loaded before with the same
    text and names is not parsed again; what is loaded is put in ``used``. ``text`` is
    the file's text when it was read already in this load (as :func:`read_source_text`
    reads it); its size is still checked.
    """
    path = Path(path)
    shown = shown_path(path, root)
    problem = None
    if text is None or _too_large(path):
        # read here: the limit's message, or any other problem, as always
        text, problem = read_source_text(path, shown, max_bytes=MAX_DATA_BYTES)
    if problem is not None or text is None:
        return None, [problem] if problem else []
    if reuse is None and used is None:
        return _parse_box(text, path, shown, bib_file)
    key = (shown, path.name, bib_file, hashlib.sha256(text.encode("utf-8")).hexdigest())
    loaded = reuse.get(key) if reuse is not None else None
    if loaded is None:
        box, problems = _parse_box(text, path, shown, bib_file)
        loaded = (box, tuple(problems))
    if used is not None:
        used[key] = loaded
    return loaded[0], list(loaded[1])


def _parse_box(
    text: str, path: Path, shown: str, bib_file: str
) -> tuple[Bouwsteen | None, list[SourceProblem]]:
    """One theory box from the text of its file."""
    front, yaml_offset, body, body_offset = split_front_matter(text)
    if front is None:
        if yaml_offset == -1:
            message = "de front matter wordt niet afgesloten; zet '---' op een eigen regel eronder"
        else:
            message = (
                "de bouwsteen heeft geen front matter; begin het bestand met '---', "
                f"dan 'id: {path.stem}', 'titel:', 'thema:' en 'bronnen:', en weer '---'"
            )
        return None, [SourceProblem(shown, 1, message)]
    doc, problem = compose_yaml(front, shown, yaml_offset)
    if problem is not None or doc is None:
        return None, [problem] if problem else []
    if not isinstance(doc.root, yaml.MappingNode):
        return None, [
            SourceProblem(
                shown,
                doc.line(doc.root) if doc.root is not None else 1,
                "de front matter moet velden bevatten: id, titel, thema en bronnen",
            )
        ]

    checked = validate(
        Record.read(doc, doc.root, shown, "de front matter"),
        BOUWSTEEN,
        stem=path.stem,
        file=path.name,
        bib_file=bib_file,
    )
    if checked.problems:
        return None, checked.problems
    values = checked.values
    unique: dict[str, int] = {}
    for key, line in values["bronnen"]:
        unique.setdefault(key, line)
    return (
        Bouwsteen(
            id=values["id"],
            titel=values["titel"],
            thema=tuple(values["thema"]),
            bronnen=tuple(unique),
            body=body,
            path=shown,
            body_line_offset=body_offset,
            bronnen_lines=tuple(unique.values()),
        ),
        [],
    )


def load_bouwstenen(
    docs_dir: Path | str,
    *,
    root: Path | None = None,
    bib_keys: Iterable[str] | None = None,
    bib_file: str = BIB_FILE,
    cache: BoxCache | None = None,
    texts: Mapping[Path, str] | None = None,
) -> tuple[BouwsteenLibrary, list[SourceProblem]]:
    """Load every ``docs/bouwstenen/*.md`` (except ``index.md``).

    With ``bib_keys`` (the keys of the bibliography), every ``bronnen`` key is
    checked too. Messages show paths relative to ``root`` when given, and name the
    bibliography ``bib_file`` (as the ``bibliografie`` option says). With a ``cache``
    (the plugin's), a file that did not change is not parsed again (:class:`BoxCache`).
    ``texts`` holds files read already in this load, by path, as
    :func:`read_source_text` reads them (the privacy scan's): those are not read again.
    """
    folder = Path(docs_dir) / BOUWSTENEN_DIR
    library = BouwsteenLibrary()
    problems: list[SourceProblem] = []
    if not folder.is_dir():
        return library, problems
    used: dict[tuple[str, str, str, str], _Loaded] | None = {} if cache is not None else None
    # by name: the order of the paths (all in one folder), without comparing them
    for path in sorted(folder.glob("*.md"), key=lambda path: path.name):
        if path.name == "index.md":
            continue
        box, file_problems = load_bouwsteen_file(
            path,
            root=root,
            bib_file=bib_file,
            reuse=cache.memory if cache is not None else None,
            used=used,
            text=texts.get(path) if texts is not None else None,
        )
        problems.extend(file_problems)
        if box is not None:
            library.boxes[box.id] = box
        else:
            library.broken[path.stem] = shown_path(path, root)
    if cache is not None and used is not None:
        cache.memory = used
    if bib_keys is not None:
        problems.extend(library.check_sources(bib_keys, bib_file))
    return library, problems


def index_markdown(
    library: BouwsteenLibrary,
    usage: Mapping[str, Sequence[tuple[str, str, str | None]]],
    edition_names: Mapping[str, str] | None = None,
) -> str:
    """The Markdown of the index page ``/bouwstenen/`` (``bouwstenen/index.md``).

    ``usage`` maps a box id to the chapters that place it, each as
    ``(chapter title, chapter src_uri, edition id or None)``, in reading order.
    Boxes are listed by title; each links to its own page.
    """
    out = [
        f"# {INDEX_TITLE}",
        "",
        "Bouwstenen zijn korte stukken theorie die in de handreikingen terugkomen. "
        "Elke bouwsteen heeft een eigen pagina; hieronder staat ook in welke hoofdstukken "
        "hij gebruikt wordt.",
        "",
    ]
    if not len(library):
        out += ["Er zijn nog geen bouwstenen.", ""]
    for box in sorted(library, key=lambda b: b.titel.casefold()):
        out += [f"## [{markdown_text(box.titel)}]({_relative(box.src_uri)})", ""]
        if box.thema:
            label = "Thema" if len(box.thema) == 1 else "Thema's"
            out += [f"{label}: {markdown_text(', '.join(box.thema))}", ""]
        used = usage_markdown(usage.get(box.id, ()), edition_names)
        if used:
            out += ["Gebruikt in:", "", used, ""]
        else:
            out += ["Nog in geen hoofdstuk gebruikt.", ""]
    return "\n".join(out)


def usage_markdown(
    chapters: Iterable[tuple[str, str, str | None]],
    edition_names: Mapping[str, str] | None = None,
) -> str:
    """The list of chapters that place a box, as Markdown on a page in ``bouwstenen/``.

    ``chapters`` are ``(chapter title, chapter src_uri, edition id or None)`` in
    reading order; each is listed once, with its edition. Empty when there are none.
    """
    lines: list[str] = []
    for title, src_uri, edition in dict.fromkeys(chapters):
        name = markdown_text(edition_name(edition, edition_names)) if edition else ""
        where = f" (editie {name})" if name else ""
        lines.append(f"- [{markdown_text(title)}]({_relative(src_uri)}){where}")
    return "\n".join(lines)


@lru_cache(maxsize=4096)
def _relative(src_uri: str) -> str:
    """A link from ``bouwstenen/index.md`` to another page, as MkDocs reads it."""
    href = posixpath.relpath(src_uri, BOUWSTENEN_DIR)
    # a space or parenthesis would end a Markdown link target
    return href.replace(" ", "%20").replace("(", "%28").replace(")", "%29")
