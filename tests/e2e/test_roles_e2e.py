"""End to end, in headless Chromium: an administrator creates a technician on
the user page; the technician walks every page and gets read-only contacts,
his own interventions, the map, and refusals elsewhere. Login throttling."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import log_in_as, login, screenshot, search_contacts

pytestmark = pytest.mark.e2e

TECH_LOGIN = "theo"
TECH_PASSWORD = "Ramoneur-breton-42"


def test_admin_creates_a_technician_who_walks_every_page(browser, page):
    login(page)
    page.click("#users-link")
    page.click("#user-new")
    page.fill("#user-name", "Théo Martin")
    page.fill("#user-login", TECH_LOGIN)
    page.fill("#user-password", "court")
    page.click("#user-create")
    expect(page.locator("#user-error")).to_contain_text("au moins 10")
    page.fill("#user-password", TECH_PASSWORD)
    page.click("#user-create")
    expect(page.locator(".user-row", has_text=TECH_LOGIN)).to_contain_text("Technicien")
    screenshot(page, "users-page")

    # An intervention for him.
    page.goto(page.app_url + "/interventions/nouveau")
    page.click("#doc-customer")
    page.keyboard.type("Albert Pont")
    page.locator(".customer-option").filter(has_text=re.compile("^Albert Pont")).first.click()
    page.click("#doc-task_type_id")
    page.get_by_role("option", name="Ramonage", exact=True).click()
    page.get_by_role("checkbox", name="Théo Martin").click()
    page.click("#doc-save")
    expect(page).to_have_url(re.compile(r"/interventions/\d+$"))
    his_intervention = page.url

    tech = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    tech.app_url = page.app_url
    log_in_as(tech, TECH_LOGIN, TECH_PASSWORD)
    # Contacts: read-only.
    expect(tech.locator("#new-company")).to_have_count(0)
    search_contacts(tech, "Albert Pont")
    tech.locator(".contact-row", has_text="Albert Pont").first.click()
    expect(tech.locator("#read-only-badge")).to_be_visible()
    expect(tech.locator("#header-email")).to_be_disabled()
    expect(tech.locator("#save-header")).to_have_count(0)
    expect(tech.locator("#archive-contact")).to_have_count(0)
    tech.click("#tab-accounting")
    expect(tech.locator("#field-vat")).to_be_disabled()
    screenshot(tech, "technician-contact")
    # His planning only, and his intervention without the save button.
    tech.goto(page.app_url + "/interventions")
    expect(tech.locator(".document-row")).to_have_count(1)
    tech.goto(his_intervention)
    expect(tech.locator("#doc-heading")).to_have_text("Intervention")
    expect(tech.locator("#doc-save")).to_have_count(0)
    expect(tech.locator("#doc-print")).to_be_visible()
    # Somebody else's intervention does not open.
    other_id = int(his_intervention.rsplit("/", 1)[1]) - 1
    tech.goto(f"{page.app_url}/interventions/{other_id}")
    expect(tech.get_by_text("Ce document n'existe pas.")).to_be_visible()
    # The map, without the bulk geocoding.
    tech.goto(page.app_url + "/carte")
    expect(tech.locator("#map-count")).to_contain_text("point(s)")
    expect(tech.frame_locator("#field-map").locator(".leaflet-container")).to_be_visible()
    expect(tech.locator("#geocode-all")).to_have_count(0)
    # Refused pages say so, name the role needed, and show nothing of themselves.
    refused_pages = {
        "/opportunites": "Administrateur ou Bureau",
        "/devis": "Administrateur ou Bureau",
        "/factures/nouveau": "Administrateur ou Bureau",
        "/rgpd": "Administrateur ou Bureau",
        "/parametres/comptes": "Administrateur",
        "/utilisateurs": "Administrateur",
    }
    for path, role in refused_pages.items():
        tech.goto(page.app_url + path)
        expect(tech.locator("#access-refused")).to_have_text("Accès réservé")
        expect(tech.get_by_text(f"Cette page est réservée au profil {role}.")).to_be_visible()
        expect(tech.locator("#doc-new")).to_have_count(0)
        expect(tech.get_by_text("Nouvel utilisateur")).to_have_count(0)
        expect(tech.locator("input")).to_have_count(0)
        expect(tech.locator(".document-row")).to_have_count(0)
        expect(tech.get_by_text("Votre rôle ne permet pas cette action.")).to_have_count(0)
    screenshot(tech, "access-refused")
    tech.get_by_role("link", name="Retour aux contacts").click()
    expect(tech.locator(".contact-row").first).to_be_visible()
    tech.context.close()

    # Deactivated, he is logged out at his next action.
    page.goto(page.app_url + "/utilisateurs")
    page.locator(".user-row", has_text=TECH_LOGIN).locator(".deactivate-user").click()
    expect(page.locator(".user-row", has_text=TECH_LOGIN)).to_contain_text("Désactivé")


def test_five_wrong_passwords_make_the_login_wait(browser, app_url):
    page = browser.new_context().new_page()
    page.goto(app_url + "/login")
    for _ in range(5):
        # (not "admin": the other tests log in with it from this address)
        page.fill("#login-input", "personne")
        page.fill("#password-input", "pas-le-bon-mot-de-passe")
        page.click("#login-button")
        expect(page.locator("#login-error")).to_have_text("Identifiant ou mot de passe incorrect.")
        page.fill("#password-input", "")
    page.fill("#password-input", "pas-le-bon-mot-de-passe")
    page.click("#login-button")
    expect(page.locator("#login-error")).to_contain_text("Trop de tentatives de connexion")
    page.context.close()
