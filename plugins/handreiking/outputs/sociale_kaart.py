"""The sociale kaart pages: ``/<editie>/sociale-kaart/`` per edition that has a
``sociale-kaart.yml``, and ``/sociale-kaart/`` with every edition's organisations.

The full list is plain HTML: it reads, links and prints without JavaScript. Each
organisation is a ``<div class="sociale-kaart-organisatie" id="<id>">`` (on the page of
all editions ``id="<editie>-<id>"``) with its heading, description, website, themes,
target groups, neighbourhoods, when and by whom it was last checked, and "Klopt dit niet
meer? Stel een wijziging voor", a link to its record in the repository's web editor
(``repo_url`` and ``edit_uri`` of ``mkdocs.yml``, as "Bewerk deze pagina"; without
them there is no link, as there is no edit button). ``sociale-kaart.js`` adds the
filters (theme, target group, neighbourhood) and the search box to the empty
``<div id="sociale-kaart-zoeken">``; it reads the values from the list itself.

Only elements and attributes the raw-HTML allowlist keeps (``content/safety.py``):
classes and ids, no ``data-`` attributes, no forms.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Sequence
from html import escape
from urllib.parse import quote, urljoin

from handreiking.content.editions import ALL_KAART_SRC_URI, KAART_PAGE, Edition
from handreiking.content.socialekaart import (
    FACETS,
    KAART_FILE,
    PAGE_ANCHOR_PREFIX,
    Organisatie,
    SocialeKaart,
)
from handreiking.text import markdown_text

__all__ = ["KAART_PAGE", "all_markdown", "edit_links", "edition_markdown"]

#: The title of every sociale kaart page.
TITLE = "Sociale kaart"
#: Where the JavaScript puts the filters and the search box.
SEARCH_ID = f"{PAGE_ANCHOR_PREFIX}-zoeken"
#: The anchor of the section on adding an organisation or proposing a change.
CHANGE_ANCHOR = f"{PAGE_ANCHOR_PREFIX}-wijzigen"

#: What makes the address of a file of ``docs/`` in the web editor, or ``None``.
EditLink = Callable[[str], "str | None"]


def edit_links(
    repo_url: str | None, edit_uri: str | None, edit_uri_template: str | None = None
) -> EditLink | None:
    """The address of a file of ``docs/`` in the web editor, made as MkDocs makes a
    page's ``edit_url`` ("Bewerk deze pagina") from the same settings; ``None`` when
    ``mkdocs.yml`` sets neither ``edit_uri`` nor ``edit_uri_template``."""
    if not edit_uri and not edit_uri_template:
        return None
    base = repo_url or ""

    def link(src_uri: str) -> str:
        path = quote(src_uri)
        if edit_uri_template:
            noext = posixpath.splitext(path)[0]
            file_uri = edit_uri_template.format(path=path, path_noext=noext)
        else:
            uri = edit_uri or ""
            file_uri = (uri if uri.endswith("/") else uri + "/") + path
        start = base
        if start and not file_uri.startswith(("?", "#")) and not start.endswith("/"):
            start += "/"  # as MkDocs joins them
        return urljoin(start, file_uri)

    return link


_FACET_PLURAL = {"thema": "Thema's", "doelgroep": "Doelgroepen", "wijk": "Wijken"}


def _organisation_html(
    organisatie: Organisatie, anchor: str, heading: str, edit_link: EditLink | None
) -> list[str]:
    out = [
        f'<div class="sociale-kaart-organisatie" id="{escape(anchor)}">',
        f"<{heading}>{escape(organisatie.naam)}</{heading}>",
        f'<p class="sociale-kaart-omschrijving">{escape(organisatie.omschrijving)}</p>',
        "<dl>",
    ]
    if organisatie.website:
        out.append(
            f'<dt>Website</dt><dd><a href="{escape(organisatie.website)}">'
            f"{escape(organisatie.website)}</a></dd>"
        )
    for facet in FACETS:
        values = getattr(organisatie, facet)
        if not values:
            continue
        items = "".join(f"<li>{escape(value)}</li>" for value in values)
        out.append(
            f"<dt>{_FACET_PLURAL[facet]}</dt>"
            f'<dd><ul class="sociale-kaart-{facet}">{items}</ul></dd>'
        )
    checked = organisatie.gecontroleerd
    out.append(
        f'<dt>Laatst gecontroleerd</dt><dd class="sociale-kaart-gecontroleerd">'
        f'<time datetime="{checked.iso}">{checked.dutch}</time> door '
        f"{escape(organisatie.gecontroleerd_door)}</dd>"
    )
    out.append("</dl>")
    link = edit_link(f"{organisatie.edition}/{KAART_FILE}") if edit_link else None
    if link is not None:
        where = f"{organisatie.path}, regel {organisatie.line}"
        out.append(
            f'<p class="sociale-kaart-wijziging"><a href="{escape(link)}" '
            f'title="Opent {escape(where)} in de webeditor">Klopt dit niet meer? '
            "Stel een wijziging voor</a></p>"
        )
    out.append("</div>")
    return out


def _intro(edition_name: str | None) -> str:
    where = f"in {markdown_text(edition_name)}" if edition_name else "in de gebieden van de edities"
    return (
        f"Welke organisaties werken {where} aan zorg en welzijn, met een korte omschrijving "
        "en hun website. Telefoonnummers staan er bewust niet op: dat beschermt de privacy. "
        "De kaart is nooit af: organisaties komen en gaan, en houden hun eigen gegevens "
        "zelf bij. Bij elke organisatie staat wanneer de gegevens voor het laatst zijn "
        "gecontroleerd."
    )


def _change_section(edit_link: EditLink | None, files: Sequence[str]) -> list[str]:
    out = [
        f'<h2 id="{CHANGE_ANCHOR}">Een organisatie toevoegen of een wijziging voorstellen</h2>',
        "",
    ]
    if edit_link is not None:
        out += [
            "Klopt iets niet meer? Kies bij de organisatie **Stel een wijziging voor**: dan "
            "opent het bestand met de gegevens in de webeditor van de repository, waar je "
            "de wijziging voorstelt. Een redacteur kijkt haar na voor ze op de site komt.",
            "",
        ]
    else:
        out += [
            "Klopt iets niet meer, of hoort een organisatie erbij? Geef het door aan de "
            "redactie van de handreiking; zij passen de gegevens aan.",
            "",
        ]
    shown = ", ".join(f"`docs/{name}`" for name in files)
    out += [
        f"De gegevens staan in {shown}. Een organisatie erbij zetten gaat zo (de "
        "handleiding voor auteurs zegt wat elk veld betekent):",
        "",
        "```yaml",
        "- id: naam-van-de-organisatie",
        "  naam: Naam van de organisatie",
        "  omschrijving: Wat de organisatie doet, in een paar zinnen.",
        "  website: https://www.voorbeeld.nl/",
        "  thema: [informele zorg]",
        "  doelgroep: [vrijwilligers]",
        "  wijk: [Gaasperdam]",
        "  gecontroleerd: 2026-03-31",
        "  gecontroleerd_door: Naam van de organisatie",
        "```",
        "",
        "Geen telefoonnummers en geen e-mailadressen van personen: de controle van de "
        "handreiking houdt ze tegen.",
        "",
    ]
    return out


def edition_markdown(
    kaart: SocialeKaart, edition: Edition, edit_link: EditLink | None = None
) -> str:
    """The Markdown of ``/<editie>/sociale-kaart/``."""
    organisaties = kaart.of(edition.id)
    out = [f"# {TITLE} {markdown_text(edition.name)}", "", _intro(edition.name), ""]
    out += _list(organisaties, lambda o: o.id, "h2", edit_link)
    out += _change_section(edit_link, [f"{edition.id}/{KAART_FILE}"])
    out += [f"[De sociale kaart van alle edities](../{ALL_KAART_SRC_URI})", ""]
    return "\n".join(out)


def all_markdown(
    kaart: SocialeKaart, editions: Sequence[Edition], edit_link: EditLink | None = None
) -> str:
    """The Markdown of ``/sociale-kaart/``: every edition's organisations, per edition."""
    out = [f"# {TITLE}", "", _intro(None), ""]
    html = [f'<div id="{SEARCH_ID}" class="sociale-kaart-zoeken"></div>']
    if not any(kaart.of(e.id) for e in editions):
        html.append("<p>Er staan nog geen organisaties op de sociale kaart.</p>")
    html.append('<div class="sociale-kaart">')
    for edition in editions:
        organisaties = kaart.of(edition.id)
        if not organisaties:
            continue
        html.append(
            f'<h2 id="{PAGE_ANCHOR_PREFIX}-{escape(edition.id)}" class="sociale-kaart-editie">'
            f"{escape(edition.name)}</h2>"
        )
        for organisatie in organisaties:
            html += _organisation_html(
                organisatie, f"{edition.id}-{organisatie.id}", "h3", edit_link
            )
    html.append("</div>")
    out += ["\n".join(html), ""]
    out += _change_section(edit_link, [f"{e.id}/{KAART_FILE}" for e in editions])
    return "\n".join(out)


def _list(
    organisaties: Sequence[Organisatie],
    anchor: Callable[[Organisatie], str],
    heading: str,
    edit_link: EditLink | None,
) -> list[str]:
    # One raw HTML block without blank lines: Python-Markdown keeps it whole.
    html = [f'<div id="{SEARCH_ID}" class="sociale-kaart-zoeken"></div>']
    if not organisaties:
        html.append("<p>Er staan nog geen organisaties op deze sociale kaart.</p>")
    html.append('<div class="sociale-kaart">')
    for organisatie in organisaties:
        html += _organisation_html(organisatie, anchor(organisatie), heading, edit_link)
    html.append("</div>")
    return ["\n".join(html), ""]
