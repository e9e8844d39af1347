"""Every problem the plugin reports is counted, and a build with problems stops.

``mkdocs build -q`` raises the ``mkdocs`` logger to ERROR, so a warning is dropped
before MkDocs' strict counter sees it, and without ``strict`` nothing counts warnings at
all: the page with the problem on it would be published. So the plugin's logger
(``mkdocs.plugins.handreiking``, which ``plugin/events.py``, ``outputs/links/`` and
``outputs/pdf.py`` all log through) lets every warning in, :class:`Reported` counts it,
and only what MkDocs' level would have shown goes on to the terminal.
:meth:`Reported.stop_build` then stops the build with the problems it counted, saying
those the terminal did not show.
"""

from __future__ import annotations

import logging

from mkdocs.exceptions import PluginError

#: the logger the whole plugin reports through
log = logging.getLogger("mkdocs.plugins.handreiking")


class Reported(logging.Filter):
    """The warnings and errors logged through :data:`log` in this build, each once."""

    def __init__(self) -> None:
        super().__init__()
        #: each problem once, in order, with whether the terminal showed it
        self.problems: dict[str, bool] = {}

    def start(self) -> None:
        """A new build: forget the last one's problems; count warnings even under -q."""
        self.problems.clear()
        log.setLevel(min(logging.WARNING, logging.getLogger("mkdocs").getEffectiveLevel()))

    def filter(self, record: logging.LogRecord) -> bool:
        """Count a warning or error; pass on what MkDocs' level shows."""
        shown = record.levelno >= logging.getLogger("mkdocs").getEffectiveLevel()
        if record.levelno >= logging.WARNING:
            message = record.getMessage()
            self.problems[message] = self.problems.get(message, False) or shown
        return shown

    def stop_build(self) -> None:
        """Raise :class:`PluginError` when anything was reported: the build fails
        whatever ``strict`` and ``-q`` say. Problems the terminal did not show (under
        ``-q``) are in the error's text, so each is said once."""
        if not self.problems:
            return
        summary = f"{len(self.problems)} fout(en) in de bronnen"
        hidden = [message for message, shown in self.problems.items() if not shown]
        if not hidden:
            raise PluginError(f"{summary}; zie de meldingen hierboven")
        also = " (en de meldingen hierboven)" if len(hidden) < len(self.problems) else ""
        raise PluginError(f"{summary}{also}:\n" + "\n".join(hidden))


#: the one counter, on the plugin's logger from the first import on
REPORTED = Reported()
log.addFilter(REPORTED)
