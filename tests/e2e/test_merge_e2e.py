"""End to end, in headless Chromium: find the duplicates of a contact from its
page, merge two contacts field by field, and see its intervention move."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import create_company, login, screenshot, unique

pytestmark = pytest.mark.e2e


def test_merge_two_contacts_and_their_documents(page):
    login(page)
    name = unique("Poêles Kerhervé")
    create_company(page, f"{name} SARL")
    kept_url = page.url
    page.goto(page.app_url + "/")
    create_company(page, name)
    page.fill("#header-email", "contact@kerherve.bzh")
    page.click("#save-header")
    expect(page.get_by_text("Contact enregistré.")).to_be_visible()
    # An intervention on the contact that will be merged away.
    page.click("#new-document")
    page.click("#new-intervention")
    page.click("#doc-task_type_id")
    page.get_by_role("option", name="Ramonage", exact=True).click()
    page.click("#doc-save")
    expect(page).to_have_url(re.compile(r"/interventions/\d+$"))

    page.goto(kept_url)
    page.click("#find-duplicates")
    line = page.locator("#duplicates-of-contact tr", has_text=name)
    expect(line).to_contain_text("même nom · même code postal · même adresse")
    line.locator(".merge-link").click()
    expect(page.get_by_role("heading", name="Fusionner des contacts")).to_be_visible()
    expect(page.locator(".keep-contact").first).to_have_text("Contact gardé")
    # The kept contact has no e-mail: the other's is proposed; keep the other's name too.
    expect(page.locator(".merge-cell.chosen", has_text="contact@kerherve.bzh")).to_have_count(1)
    page.locator(".merge-cell", has_text=re.compile(f"^{re.escape(name)}$")).click()
    expect(page.locator(".merge-cell.chosen", has_text=re.compile(f"^{re.escape(name)}$"))).to_have_count(1)  # noqa: E501
    screenshot(page, "merge-page")
    page.click("#merge-run")
    expect(page).to_have_url(kept_url)
    expect(page.locator("#contact-title")).to_have_text(name)
    page.click("#tab-history")
    expect(page.locator(".history-row", has_text="Ramonage").first).to_be_visible()
