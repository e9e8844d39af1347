"""Dutch all the way, in Chromium: no English string of the theme on any page, a Dutch
404 page with a way on, who publishes the guide in every footer, no status icon."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from browser.support import require_chromium

require_chromium()

from playwright.sync_api import BrowserContext, Page, expect  # noqa: E402

from browser.conftest import Served, built_pages  # noqa: E402

#: What Material writes in English without a translation, beside its translation table.
EXTRA_ENGLISH = ("Made with", "Material for MkDocs", "Not found", "404 - Not found")
#: English strings that are Dutch words as well.
SHARED_WITH_DUTCH = {"Metadata"}


def english_strings() -> set[str]:
    """Material's English interface strings, from its own translation table (en.html),
    without the words Dutch shares and the language codes. Its Dutch table (nl.html)
    leaves some of them in English ("Header", "Footer"): those are in the set too."""
    import material

    folder = Path(material.__file__).parent / "templates" / "partials" / "languages"
    table = dict(re.findall(r'"([\w.]+)": "([^"]*)"', (folder / "en.html").read_text("utf-8")))
    found = {
        value.replace("#", "").strip()
        for key, value in table.items()
        if not key.startswith(("language", "search.config", "direction"))
    }
    return {v for v in found if len(v) > 2 and v not in SHARED_WITH_DUTCH} | set(EXTRA_ENGLISH)


#: The visible text (line by line), the labels and titles of a page, and the texts
#: Material's scripts will show (its translations in the page's configuration).
READ_PAGE = """() => {
    const texts = document.body.innerText.split("\\n").map(line => line.trim());
    for (const el of document.querySelectorAll("[aria-label], [title], [placeholder], [alt]")) {
        for (const name of ["aria-label", "title", "placeholder", "alt"]) {
            if (el.hasAttribute(name)) texts.push(el.getAttribute(name).trim());
        }
    }
    const config = document.getElementById("__config");
    if (config) texts.push(...Object.values(JSON.parse(config.textContent).translations || {}));
    return texts.filter(Boolean);
}"""


def english_in(texts: list[str], english: set[str]) -> list[str]:
    """The texts that are an English string, or hold one of several words."""
    found = []
    for text in texts:
        plain = text.replace("#", "").strip()
        if plain in english or any(" " in e and e in text for e in english):
            found.append(text)
    return found


def test_the_check_finds_what_material_says_in_english() -> None:
    english = english_strings()
    for sentence in ("Back to top", "Footer", "Header", "Made with", "Copy to clipboard"):
        assert sentence in english
    assert english_in(["Made with", "Deelnemer", "Footer", "Terug naar boven"], english) == [
        "Made with",
        "Footer",
    ]


@pytest.fixture
def page(new_context: Callable[..., BrowserContext]) -> Page:
    return new_context(viewport={"width": 1280, "height": 900}).new_page()


def test_no_english_theme_string_on_any_page(page: Page, served: Served) -> None:
    english = english_strings()
    found = []
    for path in built_pages(served.site):
        page.goto(served.url(path))
        page.wait_for_load_state("load")
        found += [f"/{path}: {text!r}" for text in english_in(page.evaluate(READ_PAGE), english)]
    assert not found, "\n".join(found)


def test_the_landmarks_have_dutch_names(page: Page, served: Served) -> None:
    page.goto(served.url("zuidoost/partnerschap/"))
    expect(page.locator("header nav").first).to_have_attribute("aria-label", "Paginakop")
    expect(page.locator("footer nav")).to_have_attribute("aria-label", "Vorige en volgende pagina")


def test_every_footer_says_who_publishes_the_guide(page: Page, served: Served) -> None:
    for path in ("", "zuidoost/partnerschap/", "404.html"):
        page.goto(served.url(path))
        expect(page.locator("footer .md-copyright")).to_contain_text(
            "Uitgave: Vrijwilligersacademie en Hogeschool van Amsterdam"
        )


def test_no_status_icon_beside_an_edition(page: Page, served: Served) -> None:
    for path in ("zuidoost/", "zuid/"):
        page.goto(served.url(path))
        assert page.locator(".md-status").count() > 0  # Material renders it ...
        for icon in page.locator(".md-status").all():
            expect(icon).to_be_hidden()  # ... and no reader sees it


def test_the_404_page_is_dutch_and_offers_a_way_on(page: Page, served: Served) -> None:
    page.goto(served.url("404.html"))
    expect(page).to_have_title(re.compile("^Pagina niet gevonden"))
    expect(page.locator("article h1")).to_have_text("Deze pagina bestaat niet (meer)")
    links = page.locator("article li a")
    expect(links.first).to_have_text("Naar de startpagina")
    names = [link.inner_text() for link in links.all()[1:]]
    assert names == ["Editie Zuid", "Editie Zuidoost", "Editie Nieuw-West", "Editie Oost"]
    links.nth(2).click()
    expect(page).to_have_url(served.url("zuidoost/"))


def test_the_404_page_searches(page: Page, served: Served) -> None:
    page.goto(served.url("404.html"))
    page.get_by_role("searchbox", name="Zoek in de handreiking").fill("medemens")
    page.get_by_role("button", name="Zoeken", exact=True).click()
    results = page.locator(".md-search-result__item")
    expect(results.first).to_be_visible()
    expect(page.locator(".md-search__input")).to_have_value("medemens")
