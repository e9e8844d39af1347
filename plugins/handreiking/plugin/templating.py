"""Our Jinja templates, placed before the theme's own so they override its partials,
and what they read (:func:`page_context`)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from handreiking.compat.mkdocs import theme_custom_dir

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

    from handreiking.outputs.changes import ChangesPages
    from handreiking.plugin.edition_pages import EditionPages
    from handreiking.plugin.gitdates import LastUpdated

#: Partials that override Material's (``partials/source-file.html``, ``partials/actions.html``).
TEMPLATES = Path(__file__).parents[1] / "templates"


def add_templates(theme: Any) -> None:
    """Put :data:`TEMPLATES` in ``theme.dirs`` just before the theme's own templates.

    A site's ``custom_dir`` stays first, so a site can still override our partials.
    """
    dirs: list[str] = theme.dirs
    ours = str(TEMPLATES)
    if ours in dirs:
        return
    custom_dir = theme_custom_dir(theme)
    position = 1 if custom_dir and dirs and Path(dirs[0]) == Path(custom_dir) else 0
    dirs.insert(position, ours)


def page_context(
    editions: EditionPages,
    page: Page,
    *,
    files: Files | None,
    env: Environment | None,
    config: MkDocsConfig,
    dates: LastUpdated,
    changes: ChangesPages | None = None,
) -> dict[str, Any]:
    """Everything our templates read under ``handreiking`` for one page.

    The editions, the page's edition and its last-updated date; once the site's
    files are known, also where the date links (the page's entries on its changes
    page, ``bijgewerkt_link``), the edition switcher and the start page card (which is
    put into ``page.content`` here).
    """
    src_uri = page.file.src_uri
    publication = editions.publication
    edition_id = publication.edition_of(src_uri)
    context: dict[str, Any] = {
        "editions": publication.editions,
        "edition": publication.edition(edition_id) if edition_id else None,
        "bijgewerkt": dates.get(src_uri),
        # in the preview only: the page has changes that are not committed yet
        "niet_vastgelegd": dates.is_uncommitted(src_uri),
    }
    if files is not None and changes is not None:
        context["bijgewerkt_link"] = _changes_link(changes, page, files)
    if files is not None:
        context.update(editions.decorate_page(page, files, env, config))
    return context


def _changes_link(changes: ChangesPages, page: Page, files: Files) -> str | None:
    """The address of the page's entries on its changes page, relative to the page."""
    listed = changes.listed(page.file.src_uri)
    if listed is None:
        return None
    target, _, anchor = listed.partition("#")
    file = files.get_file_from_path(target)
    if file is None:
        return None
    return f"{file.url_relative_to(page.file)}#{anchor}"
