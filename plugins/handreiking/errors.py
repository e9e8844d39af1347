"""Problems in the sources, reported as ``path:line: message``.

Every mistake a co-author can make is turned into a :class:`SourceProblem`: the
file, the line (1-based, ``None`` when a whole file is meant) and a message in
Dutch that says what is wrong and what would be right. The build logs them
through MkDocs' plugin logger (so ``--strict`` fails); ``handreiking check``
prints them. Code never shows a co-author a traceback.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class SourceProblem:
    """One mistake in one place of the sources."""

    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.message}"


class HandreikingError(Exception):
    """Raised for a mistake in the sources that stops loading or rendering.

    Carries one or more :class:`SourceProblem`; ``str()`` gives them one per
    line, ready to print.
    """

    def __init__(self, problems: SourceProblem | Iterable[SourceProblem]) -> None:
        if isinstance(problems, SourceProblem):
            problems = [problems]
        self.problems: list[SourceProblem] = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """Return ``"; bedoel je 'x'?"`` for the closest candidate, or ``""``."""
    import difflib  # only for a mistake; not in every process of a build

    matches = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return f"; bedoel je '{matches[0]}'?" if matches else ""


def choices(word: str, candidates: Sequence[str]) -> str:
    """``"; bedoel je 'x'?"``, or when nothing is close, the list to choose from."""
    hint = did_you_mean(word, candidates)
    if hint or not candidates:
        return hint
    return "; kies uit: " + ", ".join(candidates)


def then_advise(hint: str, advice: str) -> str:
    """A did-you-mean ``hint`` (may be ``""``) followed by ``advice``, punctuated.

    ``"; bedoel je 'x'? Geef ..."`` with a hint, ``"; geef ..."`` without one.
    """
    if not hint:
        return f"; {advice}"
    return f"{hint} {advice[:1].upper()}{advice[1:]}"
