"""The journal of a contact reads in French: a creation is one line of the
values set (names, not ids; labels, not codes), a change says from what to what."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import create_company, login, screenshot, unique

pytestmark = pytest.mark.e2e


def test_the_journal_names_things_in_french(page):
    login(page)
    name = unique("Ramonage Journal")
    create_company(page, name)
    page.fill("#header-city", "Vitré")
    page.fill("#header-zip", "35500")
    page.click("#save-header")
    expect(page.get_by_text("Contact enregistré.")).to_be_visible()

    page.click("#tab-history")
    lines = page.locator(".journal-line")
    expect(lines).to_have_count(2)
    change, creation = lines.nth(0), lines.nth(1)
    expect(change).to_contain_text("Modification · Contact")
    expect(change).to_contain_text("Ville : Rennes → Vitré")
    expect(change).to_contain_text("Code postal : 35000 → 35500")

    expect(creation).to_contain_text("Création · Contact")
    expect(creation).to_contain_text(f"Nom : {name}")
    expect(creation).to_contain_text("Vendeur : Administrateur")
    expect(creation).to_contain_text("Type d'adresse : Contact")
    expect(creation).to_contain_text("Société : oui")
    text = creation.inner_text()
    for technical in ("created_by_id", "id :", "version", "not_tried", "∅", "→"):
        assert technical not in text, technical
    page.locator("#journal").scroll_into_view_if_needed()
    screenshot(page, "journal")
