"""The district editions: which exist, their metadata, and which page belongs to which."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from handreiking.errors import HandreikingError, SourceProblem, did_you_mean
from handreiking.frontmatter import parse_front_matter, read_text

STATUSES = ("gepubliceerd", "in-voorbereiding")
EDITION_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
#: keys of an edition's index.md front matter
EDITION_KEYS = (
    "id",
    "titel",
    "ondertitel",
    "stadsdeel",
    "gebied",
    "jaar",
    "status",
    "partners",
    "nocite",
)
#: folders under docs/ that are never editions
NOT_EDITIONS = frozenset({"bouwstenen", "assets", "stylesheets", "javascripts", "images", "id"})


@dataclass
class Edition:
    """One district edition, as declared in mkdocs.yml and described in its index.md."""

    id: str
    titel: str
    stadsdeel: str
    status: str
    ondertitel: str | None = None
    gebied: str | None = None
    jaar: int | None = None
    partners: list[str] = field(default_factory=list)
    nocite: list[str] = field(default_factory=list)
    page_id: str | None = None
    path: str = ""

    @property
    def published(self) -> bool:
        return self.status == "gepubliceerd"

    @property
    def name(self) -> str:
        """The name readers know the edition by: its district."""
        return self.stadsdeel


def edition_of(src_uri: str, edition_ids: list[str]) -> str | None:
    """The edition a page belongs to, from its path inside docs/."""
    head = src_uri.split("/", 1)[0]
    return head if "/" in src_uri and head in edition_ids else None


def _text(data: dict, key: str, shown: str, line: int, problems: list[SourceProblem]) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, str | int) or isinstance(value, bool):
        problems.append(SourceProblem(shown, line, f"'{key}' moet een tekst zijn"))
        return None
    return str(value)


def _list(data: dict, key: str, shown: str, line: int, problems: list[SourceProblem]) -> list[str]:
    value = data.get(key)
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        problems.append(
            SourceProblem(shown, line, f"'{key}' moet een lijst zijn, bijvoorbeeld: {key}: [a, b]")
        )
        return []
    return list(value)


def load_edition(
    docs_dir: Path, edition_id: str, root: Path
) -> tuple[Edition | None, list[SourceProblem]]:
    """Read ``docs/<edition_id>/index.md`` and check its front matter."""
    index = docs_dir / edition_id / "index.md"
    shown = index.relative_to(root).as_posix() if index.is_relative_to(root) else str(index)
    if not index.is_file():
        where = "map" if not index.parent.is_dir() else "startpagina"
        return None, [
            SourceProblem(
                "mkdocs.yml",
                None,
                f"editie '{edition_id}' staat in mkdocs.yml maar de {where} {shown} ontbreekt",
            )
        ]
    try:
        fm = parse_front_matter(read_text(index, shown), shown)
    except HandreikingError as error:
        return None, error.problems
    problems: list[SourceProblem] = []
    data = fm.data
    for key in data:
        if key not in EDITION_KEYS:
            problems.append(
                SourceProblem(
                    shown,
                    fm.line(key),
                    f"onbekende sleutel '{key}' in de front matter van de editie"
                    + did_you_mean(key, EDITION_KEYS),
                )
            )
    for key in ("titel", "stadsdeel", "status"):
        if data.get(key) in (None, ""):
            problems.append(SourceProblem(shown, 1, f"de front matter van de editie mist '{key}'"))
    status = data.get("status")
    if status is not None and status not in STATUSES:
        problems.append(
            SourceProblem(
                shown,
                fm.line("status"),
                f"onbekende status '{status}'; kies uit: {', '.join(STATUSES)}",
            )
        )
    jaar = data.get("jaar")
    if jaar is not None and (not isinstance(jaar, int) or isinstance(jaar, bool)):
        problems.append(
            SourceProblem(shown, fm.line("jaar"), "'jaar' moet een jaartal zijn, zoals 2016")
        )
        jaar = None
    edition = Edition(
        id=edition_id,
        titel=_text(data, "titel", shown, fm.line("titel"), problems) or edition_id,
        stadsdeel=_text(data, "stadsdeel", shown, fm.line("stadsdeel"), problems) or edition_id,
        status=status if status in STATUSES else "in-voorbereiding",
        ondertitel=_text(data, "ondertitel", shown, fm.line("ondertitel"), problems),
        gebied=_text(data, "gebied", shown, fm.line("gebied"), problems),
        jaar=jaar,
        partners=_list(data, "partners", shown, fm.line("partners"), problems),
        nocite=_list(data, "nocite", shown, fm.line("nocite"), problems),
        page_id=_text(data, "id", shown, fm.line("id"), problems),
        path=shown,
    )
    return edition, problems


def load_editions(
    docs_dir: Path, edition_ids: list[str], root: Path
) -> tuple[list[Edition], list[SourceProblem]]:
    """Load every declared edition; also flag folders that look like undeclared editions."""
    editions: list[Edition] = []
    problems: list[SourceProblem] = []
    seen: set[str] = set()
    for edition_id in edition_ids:
        if not EDITION_ID.match(edition_id):
            problems.append(
                SourceProblem(
                    "mkdocs.yml",
                    None,
                    f"ongeldige editie-id '{edition_id}': gebruik kleine letters, cijfers en '-'",
                )
            )
            continue
        if edition_id in seen:
            problems.append(
                SourceProblem(
                    "mkdocs.yml", None, f"editie '{edition_id}' staat twee keer in mkdocs.yml"
                )
            )
            continue
        seen.add(edition_id)
        edition, found = load_edition(docs_dir, edition_id, root)
        problems.extend(found)
        if edition is not None:
            editions.append(edition)
    for folder in sorted(p for p in docs_dir.iterdir() if p.is_dir()):
        if folder.name in seen or folder.name in NOT_EDITIONS or folder.name.startswith("."):
            continue
        if (folder / "citaten.yml").is_file() or _declares_status(folder / "index.md"):
            shown = (
                (folder / "index.md").relative_to(root).as_posix()
                if folder.is_relative_to(root)
                else str(folder)
            )
            problems.append(
                SourceProblem(
                    shown,
                    None,
                    f"de map docs/{folder.name}/ lijkt een editie maar staat niet onder "
                    f"'edities' in mkdocs.yml" + did_you_mean(folder.name, edition_ids),
                )
            )
    return editions, problems


def _declares_status(index: Path) -> bool:
    try:
        head = index.read_text(encoding="utf-8-sig", errors="replace")[:2000]
    except OSError:
        return False
    return head.startswith("---") and re.search(r"^status\s*:", head, re.M) is not None
