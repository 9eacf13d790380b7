"""« Pays » is a list of countries by their French names: typed, suggested,
stored as its ISO code and shown by its name; an unknown one is refused."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import create_company, login, screenshot, unique

pytestmark = pytest.mark.e2e


def test_the_country_is_picked_by_its_french_name(page):
    login(page)
    create_company(page, unique("Poêles Bruxelles"))
    field = page.locator("#header-country_code")
    expect(field).to_have_value("France")
    options = page.locator("#header-country_code-countries option")
    expect(options.first).to_have_attribute("value", "France")
    expect(page.locator("#header-country_code-countries option[value='Belgique']")).to_have_count(1)

    field.fill("Syldavie")
    page.click("#save-header")
    expect(page.get_by_text("Pays inconnu : « Syldavie »")).to_be_visible()
    expect(field).to_have_value("Syldavie")

    field.fill("belgique")
    page.fill("#header-zip", "1000")
    page.fill("#header-city", "Bruxelles")
    page.click("#save-header")
    expect(page.get_by_text("Contact enregistré.")).to_be_visible()
    page.reload()
    expect(field).to_have_value("Belgique")
    field.click()
    screenshot(page, "country-field")
