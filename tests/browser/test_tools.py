"""The tools in real Chromium: the sociale kaart's filters and search, and the worksheet
of the partnerschapskaart (kept in the browser, exported, cleared, imported, printed on one
A4 landscape page). Every test fails on a request to another host (conftest's guard)."""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from browser.support import require_chromium

require_chromium()

from axe_playwright_python.sync_playwright import Axe  # noqa: E402
from playwright.sync_api import BrowserContext, Page  # noqa: E402
from pypdf import PdfReader  # noqa: E402

from browser.conftest import Served  # noqa: E402
from browser.test_accessibility import BLOCKING, describe  # noqa: E402

KAART = "zuidoost/sociale-kaart/"
ALLE = "sociale-kaart/"
WERKBLAD = "partnerschapskaart/"


def shown(page: Page) -> list[str]:
    """The ids of the organisations the filters leave visible, in page order."""
    return page.eval_on_selector_all(
        ".sociale-kaart-organisatie:not([hidden])", "els => els.map(e => e.id)"
    )


# -- the sociale kaart ----------------------------------------------------------------


def test_the_full_list_is_there_and_the_filters_narrow_it(page: Page, served: Served) -> None:
    page.goto(served.url(KAART))
    everything = shown(page)
    assert everything == [
        "hogeschool-van-amsterdam",
        "madizo",
        "markant",
        "stadsdeel-zuidoost",
        "vrijwilligersacademie",
    ]
    status = page.locator(".sociale-kaart-aantal")
    assert status.inner_text() == "5 organisaties"
    page.get_by_label("Zoek op naam of omschrijving").fill("opleider")
    assert shown(page) == ["hogeschool-van-amsterdam", "vrijwilligersacademie"]
    page.get_by_label("Doelgroep").select_option(label="vrijwilligers")
    assert shown(page) == ["vrijwilligersacademie"]
    assert status.inner_text() == "1 organisatie"
    page.get_by_label("Zoek op naam of omschrijving").fill("")
    page.get_by_label("Doelgroep").select_option(label="Alle doelgroepen")
    page.get_by_label("Wijk").select_option(label="Driemond")
    assert shown(page) == ["stadsdeel-zuidoost"]
    page.get_by_label("Thema").select_option(label="informele zorg")
    assert shown(page) == []
    assert status.inner_text() == "0 organisaties"


def test_search_ignores_case_and_accents_on_the_page_of_all_editions(
    page: Page, served: Served
) -> None:
    page.goto(served.url(ALLE))
    page.get_by_label("Zoek op naam of omschrijving").fill("MADIZO")
    assert shown(page) == ["zuidoost-madizo", "zuidoost-markant", "zuidoost-vrijwilligersacademie"]
    page.get_by_label("Zoek op naam of omschrijving").fill("geen organisatie heet zo")
    assert shown(page) == []
    assert page.locator("#sociale-kaart-zuidoost").is_hidden()


def test_an_anchor_leads_to_its_organisation(page: Page, served: Served) -> None:
    page.goto(served.url(KAART + "#markant"))
    assert page.locator("#markant h2").is_visible()
    assert page.evaluate("location.hash") == "#markant"


def test_without_javascript_the_list_is_whole(
    new_context: Callable[..., BrowserContext], served: Served
) -> None:
    page = new_context(java_script_enabled=False).new_page()
    page.goto(served.url(KAART))
    assert len(shown(page)) == 5
    assert page.locator(".sociale-kaart-filters").count() == 0


# -- the worksheet ----------------------------------------------------------------------


def first_field(page: Page, step: int, what: str):
    return page.locator(f"#stap-{step} .werkblad-bijdrage").first.get_by_label(what)


@pytest.fixture
def werkblad(page: Page, served: Served) -> Page:
    page.goto(served.url(WERKBLAD))
    return page


def test_the_steps_run_right_to_left_in_the_reading_order_one_to_five(werkblad: Page) -> None:
    boxes = [werkblad.locator(f"#stap-{n}").bounding_box() for n in range(1, 6)]
    assert all(box is not None for box in boxes)
    xs = [box["x"] for box in boxes if box is not None]
    assert xs == sorted(xs, reverse=True) and len(set(xs)) == 5  # step 1 on the right
    headings = werkblad.locator(".werkblad-stap h2").all_inner_texts()
    assert headings[0] == "Stap 1: Waarden en succes"
    assert headings[4] == "Stap 5: Acties"


def test_fill_reload_export_clear_import(werkblad: Page, tmp_path: Path) -> None:
    page = werkblad
    first_field(page, 1, "Partner").fill("Vrijwilliger")
    first_field(page, 1, "Bijdrage").fill("Wij willen gelijkwaardig samenwerken.")
    page.get_by_role("button", name="Nog een bijdrage bij Stap 1: Waarden en succes").click()
    second = page.locator("#stap-1 .werkblad-bijdrage").nth(1)
    assert second.get_by_label("Partner").evaluate("e => e === document.activeElement")
    second.get_by_label("Bijdrage").fill("Succes is als de bewoner het merkt.")
    first_field(page, 5, "Bijdrage").fill("Volgende maand samen een startgesprek.")

    page.reload()
    assert first_field(page, 1, "Partner").input_value() == "Vrijwilliger"
    assert page.locator("#stap-1 .werkblad-bijdrage").count() == 2
    assert first_field(page, 5, "Bijdrage").input_value() == (
        "Volgende maand samen een startgesprek."
    )

    with page.expect_download() as download:
        page.get_by_role("button", name="Exporteren").click()
    exported = tmp_path / download.value.suggested_filename
    download.value.save_as(exported)
    assert exported.name == "partnerschapskaart.json"
    data = json.loads(exported.read_text(encoding="utf-8"))
    assert data["stappen"][0][1]["tekst"] == "Succes is als de bewoner het merkt."

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Wissen").click()
    assert first_field(page, 1, "Partner").input_value() == ""
    page.reload()
    assert first_field(page, 1, "Bijdrage").input_value() == ""
    assert page.evaluate("localStorage.getItem('handreiking-partnerschapskaart')") is None

    page.locator("#werkblad-bestand").set_input_files(str(exported))
    status = page.locator(".werkblad-status")
    status.filter(has_text="staat erin").wait_for()
    assert first_field(page, 1, "Bijdrage").input_value() == (
        "Wij willen gelijkwaardig samenwerken."
    )
    page.reload()  # imported means kept
    assert page.locator("#stap-1 .werkblad-bijdrage").count() == 2


def test_a_file_that_is_no_card_changes_nothing(werkblad: Page, tmp_path: Path) -> None:
    first_field(werkblad, 2, "Bijdrage").fill("We bellen elkaar.")
    wrong = tmp_path / "iets.json"
    wrong.write_text('{"stappen": "nee"}', encoding="utf-8")
    werkblad.locator("#werkblad-bestand").set_input_files(str(wrong))
    werkblad.locator(".werkblad-status").filter(has_text="geen geëxporteerde").wait_for()
    assert first_field(werkblad, 2, "Bijdrage").input_value() == "We bellen elkaar."


def pdf_of(page: Page) -> PdfReader:
    return PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True, print_background=True)))


def test_print_gives_one_landscape_page_with_the_text(werkblad: Page) -> None:
    first_field(werkblad, 1, "Partner").fill("Buurtbewoner")
    first_field(werkblad, 1, "Bijdrage").fill("Respect voor elkaars kennis.")
    first_field(werkblad, 4, "Bijdrage").fill("Tijd om elkaar te spreken.")
    pdf = pdf_of(werkblad)
    assert len(pdf.pages) == 1
    box = pdf.pages[0].mediabox
    assert float(box.width) > float(box.height)  # landscape
    assert abs(float(box.width) - 841.9) < 2 and abs(float(box.height) - 595.3) < 2  # A4
    text = " ".join(pdf.pages[0].extract_text().split())
    assert "Buurtbewoner: Respect voor elkaars kennis." in text
    assert "Tijd om elkaar te spreken." in text
    assert "Stap 5: Acties" in text
    assert "Het gaat om wederkerigheid." in text
    assert "Exporteren" not in text  # no buttons on paper


def test_the_blank_card_prints_without_what_was_filled_in(werkblad: Page) -> None:
    first_field(werkblad, 1, "Bijdrage").fill("Dit hoort niet op de lege kaart.")
    werkblad.evaluate("document.body.classList.add('werkblad-leeg')")
    pdf = pdf_of(werkblad)
    assert len(pdf.pages) == 1
    text = " ".join(pdf.pages[0].extract_text().split())
    assert "Stap 1: Waarden en succes" in text
    assert "Dit hoort niet" not in text


def test_large_text_is_a_toggle_that_is_kept(werkblad: Page) -> None:
    button = werkblad.get_by_role("button", name="Grote tekst")
    assert button.get_attribute("aria-pressed") == "false"
    size = werkblad.locator(".werkblad").evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    button.click()
    assert button.get_attribute("aria-pressed") == "true"
    larger = werkblad.locator(".werkblad").evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    assert larger > size * 1.4
    werkblad.reload()
    assert (
        werkblad.get_by_role("button", name="Grote tekst").get_attribute("aria-pressed") == "true"
    )


def test_the_keyboard_reaches_every_field_and_button(werkblad: Page) -> None:
    werkblad.get_by_role("button", name="Afdrukken", exact=True).focus()
    seen = set()
    for _ in range(40):
        werkblad.keyboard.press("Tab")
        seen.add(
            werkblad.evaluate("document.activeElement.id || document.activeElement.textContent")
        )
    assert "werkblad-1-1-partner" in seen
    assert "werkblad-1-1-tekst" in seen
    assert "Exporteren" in seen and "Wissen" in seen


# -- accessibility ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def axe() -> Axe:
    return Axe()


@pytest.fixture(params=["light", "dark"])
def scheme_page(
    request: pytest.FixtureRequest, new_context: Callable[..., BrowserContext]
) -> Iterator[Page]:
    context = new_context(viewport={"width": 1280, "height": 900}, color_scheme=request.param)
    yield context.new_page()


@pytest.mark.parametrize("path", [KAART, ALLE, WERKBLAD])
def test_no_serious_violations(path: str, scheme_page: Page, served: Served, axe: Axe) -> None:
    scheme_page.goto(served.url(path))
    scheme_page.wait_for_load_state("load")
    result = axe.run(scheme_page)
    blocking = [v for v in result.response["violations"] if v["impact"] in BLOCKING]
    assert not blocking, f"{path}:\n{describe(blocking)}"
