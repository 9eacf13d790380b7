"""End to end, in headless Chromium: scan the base for duplicates, find the
pair just typed, open it, and set it aside as « Pas un doublon »."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import create_company, login, screenshot, unique

pytestmark = pytest.mark.e2e


def test_scan_find_and_dismiss_a_pair(page):
    login(page)
    name = unique("Chauffage Kerdoncuff")
    create_company(page, name)
    page.goto(page.app_url + "/")
    create_company(page, f"SARL {name}")

    page.goto(page.app_url + "/doublons")
    expect(page.locator("#scan-label")).to_be_visible()
    page.click("#scan-duplicates")
    expect(page.get_by_text("Analyse terminée")).to_be_visible(timeout=30_000)
    pair = page.locator(".duplicate-pair", has_text=f"SARL {name}")
    expect(pair).to_have_count(1)
    expect(pair).to_contain_text("même nom · même code postal · même adresse")
    expect(page.locator("#scan-label")).to_contain_text("Dernière analyse")
    screenshot(page, "duplicates-page")

    pair.get_by_role("button", name="Pas un doublon").click()
    expect(page.get_by_text("Paire écartée")).to_be_visible()
    expect(page.locator(".duplicate-pair", has_text=f"SARL {name}")).to_have_count(0)
    # Remembered: a new scan does not bring it back.
    page.click("#scan-duplicates")
    expect(page.get_by_text("Analyse terminée").last).to_be_visible(timeout=30_000)
    page.reload()
    expect(page.locator("#scan-label")).to_contain_text("Dernière analyse")
    expect(page.locator(".duplicate-pair", has_text=f"SARL {name}")).to_have_count(0)


def test_typing_a_known_contact_warns_before_creating(page):
    login(page)
    name = unique("Ramonage Le Floch")
    create_company(page, name)
    page.goto(page.app_url + "/")
    page.click("#new-company")
    page.fill("#new-zip", "35000")
    page.fill("#new-name", f"SARL {name}")
    warning = page.locator("#duplicate-warning")
    expect(warning).to_contain_text("Ce contact existe peut-être déjà")
    expect(warning.locator(".duplicate-hint")).to_have_text(name)
    screenshot(page, "duplicate-warning")
    warning.locator(".duplicate-hint").click()
    expect(page.locator("#contact-title")).to_have_text(name)
