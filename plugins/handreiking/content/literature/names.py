"""Names of authors and editors, written the Dutch APA way.

BibTeX splits a name into first, von, last and junior parts (see
:class:`pybtex.database.Person`). Dutch APA practice then differs from the
English rules in one respect: the particle (*tussenvoegsel*) belongs to the
surname. It is written before the surname with a capital when the surname comes
first ("De Boer, A.", "(Van der Lans, 2010)") and the name is sorted under the
particle; after the initials it keeps the case it was given ("K. ten Have").

A name without given names (``{Raad voor Maatschappelijke Ontwikkeling}``, or a
single word) is a group author: it is written and sorted as one name.

Because ``.bib`` files are often written by hand, a particle that ended up among
the given names (``Have, K. ten`` or ``Jan De Vries``) is moved back to the
surname.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

from pybtex.database import Person
from pybtex.exceptions import PybtexError

from handreiking.content.literature.latex import latex_to_str
from handreiking.errors import HandreikingError, SourceProblem

#: Particles that may precede a surname (lower case); used only to repair names
#: whose particle BibTeX read as a given name.
PARTICLES = frozenset(
    {
        "van", "de", "der", "den", "het", "'t", "ten", "ter", "te", "in", "op", "onder",
        "uit", "aan", "bij", "von", "zu", "du", "des", "la", "le", "di", "da", "del",
        "della", "dos", "das", "d'", "l'", "'s",
    }
)  # fmt: skip

_INITIALS_ONLY = re.compile(r"^(?:\w\.)+$")


@dataclass(frozen=True)
class Name:
    """One author or editor, decoded from LaTeX, in its BibTeX parts."""

    given: tuple[str, ...] = ()
    particle: tuple[str, ...] = ()
    family: tuple[str, ...] = ()
    suffix: tuple[str, ...] = ()

    @classmethod
    def from_person(cls, person: Person) -> Name:
        """The name of a pybtex person, particles repaired."""

        def parts(names: list[str]) -> tuple[str, ...]:
            return tuple(text for text in (latex_to_str(n) for n in names) if text)

        given = list(parts(person.first_names + person.middle_names))
        particle = list(parts(person.prelast_names))
        # A trailing particle among the given names belongs to the surname.
        while len(given) > 1 and given[-1].casefold() in PARTICLES:
            particle.insert(0, given.pop())
        family = parts(person.last_names)
        if not family and particle:
            family, particle = (particle[-1],), particle[:-1]
        return cls(tuple(given), tuple(particle), family, parts(person.lineage_names))

    @property
    def is_others(self) -> bool:
        """BibTeX's ``and others``: more authors than the entry names."""
        return not self.given and not self.particle and self.family == ("others",)

    @property
    def is_group(self) -> bool:
        """An organisation (or a single-word name): written and sorted as one name."""
        return not self.given and not self.particle

    @property
    def surname(self) -> str:
        """The surname as it opens a reference or a citation: "De Boer", "Van der Lans"."""
        family = " ".join(self.family)
        if not self.particle:
            return family
        first, *rest = self.particle
        return " ".join([_capitalise(first), *rest, family])

    @property
    def initials(self) -> str:
        """The given names as initials: "A.", "J.-W.", "IJ."."""
        return " ".join(filter(None, (_initials(name) for name in self.given)))

    def reference(self) -> str:
        """The name in a reference list: "De Boer, A.", "Sennett, R., Jr."."""
        if self.is_group:
            return " ".join(self.family + self.suffix)
        parts = [self.surname]
        if self.initials:
            parts.append(self.initials)
        if self.suffix:
            parts.append(" ".join(self.suffix))
        return ", ".join(parts)

    def initials_first(self) -> str:
        """The name after "In": "K. ten Have"; the particle keeps its own case."""
        if self.is_group:
            return " ".join(self.family + self.suffix)
        words = [self.initials, *self.particle, " ".join(self.family)]
        name = " ".join(word for word in words if word)
        return f"{name}, {' '.join(self.suffix)}" if self.suffix else name

    def sort_key(self) -> tuple[str, str]:
        """Sorted under the particle, letter by letter, accents and case ignored."""
        return (sort_text(self.surname), sort_text(self.initials))


def _capitalise(word: str) -> str:
    """Capitalise a particle ("van": "Van"); "'t" stays as it is."""
    return word[:1].upper() + word[1:] if word[:1].isalpha() else word


def _initials(given: str) -> str:
    """One given name as initials; hyphenated names keep the hyphen ("J.-W.")."""
    if _INITIALS_ONLY.match(given):
        return " ".join(f"{part}." for part in given.split(".") if part)
    pieces = []
    for piece in given.split("-"):
        piece = piece.strip()
        if not piece:
            continue
        if piece.endswith("."):
            pieces.append(piece)  # already abbreviated, as the author wrote it ("Th.")
            continue
        letters = [char for char in piece if char.isalnum()]
        if not letters:
            continue
        if piece[:2] in ("IJ", "Ij"):
            pieces.append("IJ.")  # the Dutch digraph is one letter
        else:
            pieces.append(letters[0].upper() + ".")
    return "-".join(pieces)


def sort_text(text: str) -> str:
    """Text for sorting: no accents, no case, no punctuation; spaces kept.

    A space sorts before any letter, so "De Boer" comes before "Deboer"
    ("nothing precedes something", as APA puts it).
    """
    decomposed = unicodedata.normalize("NFKD", text)
    kept = "".join(
        char if char.isalnum() or char.isspace() else ""
        for char in decomposed
        if not unicodedata.combining(char)
    )
    return " ".join(kept.casefold().split())


def parse_name(text: str) -> Name:
    """Read one BibTeX name ("De Boer, Anna", "Anna de Boer", "{Raad voor ...}").

    Raises :class:`HandreikingError` (in Dutch) for a name BibTeX cannot read.
    """
    try:
        return Name.from_person(Person(text))
    except PybtexError as error:
        raise HandreikingError(
            SourceProblem("<naam>", None, f"de naam '{text}' is niet te lezen ({error})")
        ) from error


def format_name(
    text: str, form: Literal["reference", "citation", "initials-first"] = "reference"
) -> str:
    """One name as plain text, in the form a reference list or citation uses.

    >>> format_name("Anna de Boer")
    'De Boer, A.'
    >>> format_name("Have, K. ten", "initials-first")
    'K. ten Have'
    """
    name = parse_name(text)
    if form == "citation":
        return name.surname if not name.is_group else name.reference()
    if form == "initials-first":
        return name.initials_first()
    return name.reference()
