"""Our Jinja templates, placed before the theme's own so they override its partials."""

from __future__ import annotations

from pathlib import Path
from typing import Any

#: Partials that override Material's (``partials/source-file.html``, ``partials/actions.html``).
TEMPLATES = Path(__file__).parent / "templates"


def add_templates(theme: Any) -> None:
    """Put :data:`TEMPLATES` in ``theme.dirs`` just before the theme's own templates.

    A site's ``custom_dir`` stays first, so a site can still override our partials.
    """
    dirs: list[str] = theme.dirs
    ours = str(TEMPLATES)
    if ours in dirs:
        return
    custom_dir = getattr(theme, "custom_dir", None) or getattr(theme, "_custom_dir", None)
    position = 1 if custom_dir and dirs and Path(dirs[0]) == Path(custom_dir) else 0
    dirs.insert(position, ours)
