"""End to end, in headless Chromium: export the contact list's current search
as CSV (columns chosen, choice remembered) and as vCard."""

from __future__ import annotations

import csv
import io

import pytest
import vobject
from playwright.sync_api import expect

from tests.e2e.conftest import create_company, login, screenshot, search_contacts, unique

pytestmark = pytest.mark.e2e


def test_export_the_current_search(page):
    login(page)
    name = unique("Exportable Kerhuel")
    create_company(page, name)
    page.goto(page.url.split("/contact/")[0] + "/")
    search_contacts(page, name)
    page.click("#export-contacts")
    expect(page.locator("#export-count")).to_have_text("1 contact sera exporté.")
    page.click("#export-format-csv")
    # Keep Nom and Ville only.
    for box in page.locator("[id^=export-column-]").all():
        if box.get_attribute("data-state") == "checked":
            box.click()
    page.click("#export-column-name")
    page.click("#export-column-city")
    expect(page.locator("#export-column-city")).to_have_attribute("data-state", "checked")
    screenshot(page, "export-dialog")
    with page.expect_download() as download_info:
        page.click("#export-start")
    download = download_info.value
    assert download.suggested_filename.endswith(".csv")
    text = open(download.path(), encoding="utf-8-sig").read()
    assert list(csv.reader(io.StringIO(text), delimiter=";")) == [
        ["Nom", "Ville"],
        [name, "Rennes"],
    ]

    # The choice is remembered; the same search as vCard.
    page.reload()
    search_contacts(page, name)
    page.click("#export-contacts")
    expect(page.locator("#export-column-city")).to_have_attribute("data-state", "checked")
    expect(page.locator("#export-column-email")).to_have_attribute("data-state", "unchecked")
    page.click("#export-format-vcf")
    with page.expect_download() as download_info:
        page.click("#export-start")
    cards = list(vobject.readComponents(open(download_info.value.path(), encoding="utf-8").read()))
    assert [card.fn.value for card in cards] == [name]
