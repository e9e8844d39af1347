"""Mistakes in ``mkdocs.yml`` said as co-authors' mistakes are: ``mkdocs.yml:line:
message`` in Dutch, no traceback.

MkDocs reads ``mkdocs.yml`` itself, before our plugin exists: a YAML syntax error
becomes its English ``ConfigurationError`` and a bad setting an English log line
(``Config value 'x': ...``) followed by an ``Abort``. :func:`load_settings` loads the
file as MkDocs does and turns both into messages with the line of the mistake.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml
from mkdocs import config as mkdocs_config
from mkdocs.exceptions import Abort, ConfigurationError

from handreiking.content.sources import compose_yaml
from handreiking.errors import SourceProblem

#: How MkDocs logs a setting it refuses.
_REFUSED = re.compile(r"^Config value '(?P<name>[^']+)': (?P<detail>.*)$", re.S)


class BrokenSettings(Abort):
    """``mkdocs.yml`` cannot be used: its ``problems``, each ``mkdocs.yml:line: ...``.

    ``logged`` tells whether the problems were logged already (a refused setting is
    logged as MkDocs refuses it); the message of the exception is what the command says
    last.
    """

    def __init__(self, message: str, problems: list[SourceProblem], logged: bool) -> None:
        super().__init__(message)
        self.problems = problems
        self.logged = logged


def load_settings(config_file: str, **overrides: Any) -> Any:
    """``mkdocs.config.load_config``, with its mistakes said in Dutch at their line
    (raised as :class:`BrokenSettings`)."""
    shown = Path(config_file).name
    with _dutch_setting_errors(config_file, shown) as refused:
        try:
            return mkdocs_config.load_config(config_file=config_file, **overrides)
        except ConfigurationError as error:
            cause = error.__context__
            if isinstance(cause, yaml.YAMLError):
                problem = _yaml_problem(config_file, shown, cause)
                raise BrokenSettings(str(problem), [problem], logged=False) from None
            raise
        except Abort:
            if not refused:
                raise
            raise BrokenSettings(
                f"{shown} heeft {len(refused)} onjuiste instelling(en); zie hierboven",
                list(refused),
                logged=True,
            ) from None


def _yaml_problem(config_file: str, shown: str, error: yaml.YAMLError) -> SourceProblem:
    """The syntax error in the words and at the line every other YAML file gets."""
    text = Path(config_file).read_text(encoding="utf-8", errors="replace")
    _doc, problem = compose_yaml(text, shown)
    if problem is not None:
        return problem
    # composed fine: a tag only MkDocs reads (!ENV, !relative) refused its value
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    line = int(mark.line) + 1 if mark is not None else None
    reason = getattr(error, "problem", None) or str(error)
    return SourceProblem(shown, line, f"de YAML kan niet worden gelezen: {reason}")


def setting_line(config_file: str, name: str) -> int | None:
    """The line of the top-level setting ``name`` in ``mkdocs.yml``, if it is there."""
    try:
        text = Path(config_file).read_text(encoding="utf-8")
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    if not isinstance(root, yaml.MappingNode):
        return None
    for key, _value in root.value:
        if isinstance(key, yaml.ScalarNode) and key.value == name.split(".")[0]:
            return int(key.start_mark.line) + 1
    return None


@contextmanager
def _dutch_setting_errors(config_file: str, shown: str) -> Iterator[list[SourceProblem]]:
    """While loading: each refused setting logged as ``mkdocs.yml:line: ...`` in Dutch;
    the problems are collected in the list yielded."""
    refused: list[SourceProblem] = []

    class Dutch(logging.Filter):
        def filter(self, record: logging.LogRecord) -> bool:
            found = _REFUSED.match(record.getMessage())
            if found is not None and record.levelno >= logging.WARNING:
                name = found["name"]
                problem = SourceProblem(
                    shown,
                    setting_line(config_file, name),
                    f"de instelling '{name}' klopt niet (MkDocs zegt: {found['detail']}); "
                    "zie https://www.mkdocs.org/user-guide/configuration/ voor wat er mag",
                )
                refused.append(problem)
                record.msg = str(problem)
                record.args = ()
            return True

    # MkDocs logs them on this logger itself (a filter on a parent would not see them)
    logger = logging.getLogger("mkdocs.config")
    dutch = Dutch()
    logger.addFilter(dutch)
    try:
        yield refused
    finally:
        logger.removeFilter(dutch)
