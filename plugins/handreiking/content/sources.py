"""Reading co-authors' files: one place for paths in messages, UTF-8, YAML and front matter.

Every loader (quotes, theory boxes, editions, pages, the bibliography, moved pages,
privacy exceptions) reads its file through :func:`read_source_text` and its YAML
through :func:`compose_yaml`, so a mistake gives the same kind of
``path:line: message`` wherever it is made. Nothing here raises for a co-author's
mistake: problems are returned as :class:`~handreiking.errors.SourceProblem`.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from handreiking.errors import SourceProblem

#: What a permanent id looks like (quotes, theory boxes, pages, editions): the contract's
#: "letters, digits, '-'", in lower case, without a leading, trailing or double '-'.
ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")

#: The largest data file (quotes, theory boxes, privacy exceptions) read: a bigger one
#: is a mistake (a pasted export, a log), and reading it would take minutes.
MAX_DATA_BYTES = 1_000_000


def shown_path(path: Path, root: Path | None) -> str:
    """The path as messages show it: relative to ``root`` (the project) when inside it."""
    if root is not None:
        try:
            return path.relative_to(root).as_posix()
        except ValueError:
            pass
        try:
            return path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            pass
    return path.as_posix()


# ------------------------------------------------------------------------- reading


@dataclass(frozen=True)
class Wording:
    """How reading one kind of file fails, in the words its co-authors know.

    ``unreadable`` may use ``{reason}``: why the file cannot be opened, in Dutch;
    ``not_utf8`` may use ``{byte}`` (the first byte that is not UTF-8).
    ``folder``, when set, is said when the path is a folder.
    """

    unreadable: str
    not_utf8: str
    folder: str | None = None


#: Data files: quotes, theory boxes, moved pages, privacy exceptions.
DATA_FILE = Wording(
    "het bestand kan niet worden gelezen: {reason}",
    "het bestand is niet als UTF-8 opgeslagen (teken 0x{byte:02x} is onleesbaar); "
    "sla het op als UTF-8",
)
#: Markdown pages.
PAGE = Wording(
    "kan het bestand niet lezen: {reason}",
    "het bestand is geen UTF-8; sla het op als UTF-8 (in de meeste editors: "
    "'Opslaan als' en dan codering UTF-8)",
)
#: The bibliography named by the ``bibliografie`` option.
BIBLIOGRAPHY = Wording(
    "het literatuurbestand bestaat niet of is niet te lezen; zet bij 'bibliografie' in "
    "mkdocs.yml het pad van het .bib-bestand, bijvoorbeeld 'bibliografie: bibliography.bib'",
    "het literatuurbestand is niet in UTF-8 opgeslagen",
    "dit is een map, geen literatuurbestand; zet bij 'bibliografie' in mkdocs.yml het pad "
    "van het .bib-bestand, bijvoorbeeld 'bibliografie: bibliography.bib'",
)


def read_source_text(
    path: Path,
    shown: str,
    *,
    max_bytes: int | None = None,
    wording: Wording = DATA_FILE,
) -> tuple[str | None, SourceProblem | None]:
    """Read a co-author's file as UTF-8 (a byte order mark is accepted).

    Returns the text with every line ending as ``\\n``, or ``None`` and one problem.
    ``max_bytes`` refuses a larger file unread; data files pass
    :data:`MAX_DATA_BYTES`, pages and the bibliography have no limit.
    """
    try:
        if wording.folder is not None and path.is_dir():
            return None, SourceProblem(shown, None, wording.folder)
        if max_bytes is not None:
            size = path.stat().st_size
            if size > max_bytes:
                return None, SourceProblem(shown, None, _too_large(size, max_bytes))
        data = path.read_bytes()
    except OSError as error:
        message = wording.unreadable.format(reason=_unreadable_reason(error))
        return None, SourceProblem(shown, None, message)
    try:
        return decoded_source(data), None
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return None, SourceProblem(shown, line, wording.not_utf8.format(byte=data[error.start]))


def decoded_source(data: bytes, errors: str = "strict") -> str:
    """The text of a co-author's file's bytes as :func:`read_source_text` reads it: UTF-8
    (a byte order mark accepted), every line ending as ``\\n``; ``errors`` as for
    :meth:`bytes.decode` (strict: :class:`UnicodeDecodeError` where it is not UTF-8)."""
    return data.decode("utf-8-sig", errors).replace("\r\n", "\n").replace("\r", "\n")


def _unreadable_reason(error: OSError) -> str:
    """Why a file cannot be opened, in Dutch (the system's own words as a last resort)."""
    if isinstance(error, PermissionError):
        return (
            "je hebt geen toestemming om het te lezen; vraag de beheerder de rechten "
            "van het bestand te herstellen"
        )
    if isinstance(error, IsADirectoryError):
        return "dit is een map, geen bestand"
    if isinstance(error, FileNotFoundError):
        return "het bestand bestaat niet (meer)"
    return error.strerror or str(error)


def _too_large(size: int, max_bytes: int) -> str:
    megabytes = f"{size / 1_000_000:.1f}".replace(".", ",")
    return (
        f"het bestand is {megabytes} MB; een gegevensbestand mag hooguit "
        f"{max_bytes // 1_000_000} MB zijn (ruim genoeg voor zo'n drieduizend citaten). "
        "Meestal is er per ongeluk iets anders in geplakt, zoals een export of een logbestand: "
        "haal dat weg"
    )


# ---------------------------------------------------------------------------- YAML


@functools.cache
def _constructor_of(loader_type: Any) -> type[yaml.constructor.SafeConstructor]:
    """A constructor with ``loader_type``'s constructors, without its parser.

    A document is kept while the build reads its values (every chapter's front matter,
    until its page is converted); the loader that composed it would keep libyaml's
    buffers, some 60 kB a document, as long. Making values needs only its constructors."""
    return type(
        "_Constructor",
        (yaml.constructor.SafeConstructor,),
        {
            "yaml_constructors": loader_type.yaml_constructors,
            "yaml_multi_constructors": loader_type.yaml_multi_constructors,
        },
    )


class YamlDocument:
    """A YAML document composed into nodes, so values keep their line numbers."""

    def __init__(self, loader: Any, root: yaml.Node | None, line_offset: int):
        self._loader = _constructor_of(loader.__class__)()
        self.root = root
        self.line_offset = line_offset

    def line(self, node: yaml.Node) -> int:
        """The 1-based line of a node in the file."""
        return int(node.start_mark.line) + 1 + self.line_offset

    def value(self, node: yaml.Node) -> Any:
        """The Python value of a node (safe types only)."""
        if type(node) is yaml.ScalarNode:
            # What the safe constructor makes of text and of null, without its
            # bookkeeping (a third of loading a quote file went there).
            if node.tag == _STR_TAG:
                return node.value
            if node.tag == _NULL_TAG:
                return None
        return self._loader.construct_object(node, deep=True)


_STR_TAG = "tag:yaml.org,2002:str"
_NULL_TAG = "tag:yaml.org,2002:null"


#: libyaml's safe loader where PyYAML was built with it (the wheels are).
_FastLoader: Any = getattr(yaml, "CSafeLoader", None)

#: How a YAML syntax error starts, in a data file.
YAML_ERROR = "de YAML kan niet worden gelezen"


def _yaml_hint(problem: str) -> str:
    if "'\\t'" in problem:
        return "; gebruik spaties om in te springen, geen tabs"
    if "expected ':'" in problem or "could not find expected" in problem:
        return "; staat er een dubbele punt achter elke veldnaam, en springt alles gelijk in?"
    if "end of stream" in problem or "expected <block end>" in problem:
        return "; controleer de aanhalingstekens en het inspringen"
    if "mapping values are not allowed" in problem:
        return "; zet tekst met een dubbele punt erin tussen aanhalingstekens"
    return ""


def compose_yaml(
    text: str,
    shown: str,
    line_offset: int = 0,
    *,
    lead: str = YAML_ERROR,
    explain: bool = True,
) -> tuple[YamlDocument | None, SourceProblem | None]:
    """Compose YAML text; a syntax error becomes one problem at YAML's own line.

    The message starts with ``lead``; with ``explain``, YAML's context and a hint
    follow the problem. A tag the safe loader cannot build (``!!python/...``) is a
    problem too, so :meth:`YamlDocument.value` never raises.
    """
    loader: yaml.SafeLoader | None = None
    if _FastLoader is not None:
        # libyaml composes several times faster; on any error the pure-Python loader
        # below runs again, so messages (and their wording) stay the same.
        fast = _FastLoader(text)
        try:
            root = fast.get_single_node()
        except yaml.YAMLError:
            pass
        else:
            unknown = _unknown_tag(root)
            if unknown is None:
                return YamlDocument(fast, root, line_offset), None
        finally:
            fast.dispose()
    try:
        # The reader already refuses control characters: inside the try, so that one
        # is a message with its line, not a traceback.
        loader = yaml.SafeLoader(text)
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = int(mark.line) + 1 + line_offset if mark is not None else None
        problem = error.problem or error.context or "onbekende fout"
        details = ""
        if explain:
            context = f" ({error.context})" if error.context and error.problem else ""
            details = context + _yaml_hint(problem)
        return None, SourceProblem(shown, line, f"{lead}: {problem}{details}")
    except yaml.YAMLError as error:
        position = getattr(error, "position", None)
        line = text[:position].count("\n") + 1 + line_offset if position is not None else None
        reason = getattr(error, "reason", None) or str(error)
        return None, SourceProblem(shown, line, f"{lead}: {reason}")
    finally:
        if loader is not None:
            loader.dispose()
    unknown = _unknown_tag(root)
    if unknown is not None:
        return None, SourceProblem(
            shown,
            unknown.start_mark.line + 1 + line_offset,
            f"{lead}: onbekende tag '{unknown.tag}'; "
            + (
                "begint een waarde met '!', zet haar dan tussen aanhalingstekens"
                if unknown.tag.startswith("!")
                else "schrijf gewone tekst, getallen, lijsten en 'naam: waarde'"
            ),
        )
    return YamlDocument(loader, root, line_offset), None


def compose_yaml_list(
    text: str, shown: str, not_a_list: str
) -> tuple[YamlDocument | None, list[yaml.Node], SourceProblem | None]:
    """Compose a data file that holds a list of records (quotes, organisations): the
    document and its records. An empty file has none; a syntax error, or a file that is
    not a list (said with ``not_a_list``), is the one problem."""
    doc, problem = compose_yaml(text, shown)
    if problem is not None or doc is None:
        return None, [], problem
    if doc.root is None:
        return doc, [], None
    if not isinstance(doc.root, yaml.SequenceNode):
        return doc, [], SourceProblem(shown, doc.line(doc.root), not_a_list)
    return doc, list(doc.root.value), None


def _unknown_tag(root: yaml.Node | None) -> yaml.Node | None:
    """The first node with a tag the safe loader cannot construct (e.g. ``!!python/...``)."""
    known = yaml.SafeLoader.yaml_constructors
    stack = [root] if root is not None else []
    seen: set[int] = set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue  # an alias points back at a node already checked
        seen.add(id(node))
        if node.tag not in known:
            return node
        if isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.extend((key, value))
    return None


def mapping_items(
    doc: YamlDocument,
    node: yaml.MappingNode,
    shown: str,
    problems: list[SourceProblem],
    what: str = "dit citaat",
) -> dict[str, tuple[yaml.Node, yaml.Node]]:
    """The key → (key node, value node) pairs of a mapping; reports repeated keys.

    ``what`` names the mapping in the message about a repeated key ("... staat twee
    keer in <what>").
    """
    items: dict[str, tuple[yaml.Node, yaml.Node]] = {}
    for key_node, value_node in node.value:
        key = doc.value(key_node)
        if not isinstance(key, str):
            problems.append(
                SourceProblem(shown, doc.line(key_node), f"veldnaam {key!r} moet een woord zijn")
            )
            continue
        if key in items:
            problems.append(
                SourceProblem(
                    shown,
                    doc.line(key_node),
                    f"veld '{key}' staat twee keer in {what}; "
                    f"het eerste staat op regel {doc.line(items[key][0])}",
                )
            )
            continue
        items[key] = (key_node, value_node)
    return items


def string_list(doc: YamlDocument, node: yaml.Node) -> list[str] | None:
    """The node as a list of non-empty strings, or ``None`` when it is not one."""
    if not isinstance(node, yaml.SequenceNode):
        return None
    values = [doc.value(item) for item in node.value]
    if not all(isinstance(v, str) and v.strip() for v in values):
        return None
    return [v.strip() for v in values]


# --------------------------------------------------------------------- front matter


def split_front_matter(text: str) -> tuple[str | None, int, str, int]:
    """Split ``---`` front matter from a Markdown text.

    Returns (front matter YAML or ``None``, line of its first YAML line - 1,
    body, lines before the body). Unclosed front matter returns ``None`` and
    ``-1`` as the offset.
    """
    # Line by line from the top, without splitting the whole text: the body is the
    # rest of the text after the closing line, as is.
    end = text.find("\n")
    if (text if end == -1 else text[:end]).rstrip() != "---":
        return None, 0, text, 0
    yaml_start = end + 1
    index = 0
    while end != -1:
        index += 1
        start = end + 1
        end = text.find("\n", start)
        line = text[start:] if end == -1 else text[start:end]
        if line.rstrip() in ("---", "..."):
            body = "" if end == -1 else text[end + 1 :]
            return text[yaml_start : start - 1], 1, body, index + 1
    return None, -1, text, 0
