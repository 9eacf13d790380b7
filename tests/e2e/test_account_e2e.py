"""« Mon compte »: a user changes his own password; a weak one is refused
with the reason in French; his other sessions end, this one stays open."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from crm_app.users.state import AUTH_RECHECK_SECONDS
from tests.e2e.conftest import log_in_as, login, screenshot

pytestmark = pytest.mark.e2e

LOGIN = "camille"
FIRST = "Atelier-bois-2026"
NEW = "Poele-granules-Vitre-2026"


def test_a_user_changes_his_password_and_his_other_sessions_end(browser, page):
    login(page)
    page.click("#users-link")
    page.click("#user-new")
    page.fill("#user-name", "Camille Riou")
    page.fill("#user-login", LOGIN)
    page.fill("#user-password", "azerty12345")
    page.click("#user-create")
    expect(page.locator("#user-error")).to_contain_text("Mot de passe trop faible")
    page.fill("#user-password", FIRST)
    page.click("#user-create")
    expect(page.locator(".user-row", has_text=LOGIN)).to_have_count(1)
    page.context.clear_cookies()
    page.evaluate("localStorage.clear()")

    phone = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    phone.app_url = page.app_url
    log_in_as(phone, LOGIN, FIRST)

    log_in_as(page, LOGIN, FIRST)
    page.click("#account-link")
    expect(page).to_have_url(re.compile("/mon-compte$"))
    expect(page.locator("#account-name")).to_have_text("Camille Riou")

    page.fill("#account-old_password", "pas-le-bon")
    page.fill("#account-new_password", "soleil2026")
    page.fill("#account-confirmation", "soleil2027")
    page.click("#account-save")
    expect(page.get_by_text("Mot de passe actuel incorrect.")).to_be_visible()
    expect(page.get_by_text("Mot de passe trop faible")).to_be_visible()
    expect(page.get_by_text("Les deux saisies du nouveau mot de passe diffèrent.")).to_be_visible()
    expect(page.locator("#account-new_password")).to_have_value("soleil2026")
    screenshot(page, "account-errors")

    page.fill("#account-old_password", FIRST)
    page.fill("#account-new_password", NEW)
    page.fill("#account-confirmation", NEW)
    page.click("#account-save")
    expect(page.get_by_text("Mot de passe changé.")).to_be_visible()
    expect(page.locator("#account-old_password")).to_have_value("")

    # The phone's session has ended (it is noticed at the next check of the
    # session, at most AUTH_RECHECK_SECONDS later); this one goes on.
    phone.wait_for_timeout((AUTH_RECHECK_SECONDS + 1) * 1000)
    phone.goto(phone.app_url + "/")
    phone.wait_for_url(re.compile(r"/login"))
    page.goto(page.app_url + "/")
    expect(page.locator(".contact-row").first).to_be_visible()

    # The new password opens, the old one no longer does.
    log_in_as(phone, LOGIN, FIRST, wait=False)
    expect(phone.locator("#login-error")).to_be_visible()
    log_in_as(phone, LOGIN, NEW)
    phone.context.close()
