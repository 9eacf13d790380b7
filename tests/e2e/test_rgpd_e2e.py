"""End to end, in headless Chromium: export and erasure of a contact's
personal data, the retention page, the journal, and hostile text shown as
text in lists, forms, warning popups and notes."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect

from tests.e2e.conftest import create_company, login, screenshot, search_contacts, unique

pytestmark = pytest.mark.e2e

HOSTILE = '<img src=x onerror="window.__pwned=1">'


def choose_in_personal_data_menu(page, item: str) -> None:
    """Open the menu and click an item, again if a re-render closed the menu."""
    for _ in range(4):
        page.keyboard.press("Escape")
        page.click("#personal-data")
        try:
            page.click(item, timeout=3000)
            return
        except PlaywrightTimeoutError:
            continue
    page.click("#personal-data")
    page.click(item)


def test_export_then_erase_a_contact(page, tmp_path):
    login(page)
    name = unique("Zoé Effacement")
    create_company(page, name)
    page.fill("#header-email", "zoe.effacement@exemple.fr")
    page.click("#save-header")
    expect(page.get_by_text("Contact enregistré.")).to_be_visible()

    with page.expect_download() as download_info:
        choose_in_personal_data_menu(page, "#export-json")
    data = json.loads(open(download_info.value.path(), encoding="utf-8").read())
    assert data["contact"]["name"] == name
    assert data["contact"]["email"] == "zoe.effacement@exemple.fr"

    page.reload()  # a fresh page after the download
    expect(page.locator("#contact-title")).to_have_text(name)
    choose_in_personal_data_menu(page, "#erase-open")
    expect(page.get_by_text("Effacer les données personnelles ?")).to_be_visible()
    page.click("#erase-confirm")
    expect(page.locator("#contact-title")).to_contain_text("Contact effacé n°")
    expect(page.locator("#header-email")).to_have_value("")
    page.click("#tab-history")
    expect(page.locator(".journal-line").first).to_contain_text("Effacement RGPD")
    screenshot(page, "erased-contact")


def test_retention_page_lists_and_confirms(page):
    login(page)
    page.goto(page.app_url + "/rgpd")
    expect(page.get_by_text("Durées de conservation (RGPD)")).to_be_visible()
    expect(page.locator("#retention-anonymise")).to_be_disabled()


def test_hostile_text_shows_as_text_everywhere(page):
    login(page)
    name = unique("Piège") + " " + HOSTILE
    create_company(page, name)
    page.click("#tab-notes")
    page.fill("#field-internal_notes", HOSTILE)
    page.fill("#field-customer_notes", HOSTILE)
    page.click("#flag-warning_on_interventions")
    page.fill("#field-warning_message", HOSTILE)
    page.click("#save-header")
    expect(page.get_by_text("Contact enregistré.")).to_be_visible()
    page.reload()
    expect(page.locator("#contact-warning")).to_contain_text(HOSTILE)
    page.click("#tab-history")
    expect(page.locator(".journal-line").first).to_contain_text(HOSTILE)

    # The warning popup and the Notes client of a new intervention.
    page.click("#new-document")
    page.click("#new-intervention")
    expect(page.locator("#warning-message")).to_have_text(HOSTILE)
    page.click("#warning-ok")
    expect(page.locator("#doc-customer-notes")).to_contain_text(HOSTILE)

    # The list.
    page.goto(page.app_url + "/")
    search_contacts(page, "Piège")
    expect(page.locator(".contact-row", has_text=HOSTILE).first).to_be_visible()
    assert page.evaluate("window.__pwned") is None
    assert page.locator("img[src=x]").count() == 0
