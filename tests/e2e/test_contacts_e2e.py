"""End to end, in headless Chromium against the production build: login,
search, contact page, the "Créer : Contacts" dialog with its three buttons and
five types, persistence, bad input, and refusal of anonymous visitors."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import create_company, login, screenshot, search_contacts, unique

pytestmark = pytest.mark.e2e


def open_sub_contact_dialog(page) -> None:
    page.click("#new-sub-contact")
    expect(page.locator("#sub-contact-dialog")).to_be_visible()
    expect(page.get_by_role("heading", name="Créer : Contacts")).to_be_visible()


def fill_sub_contact(page, address_type: str, name: str, **fields: str) -> None:
    page.click(f"#sub-type-{address_type}")
    page.fill("#sub-name", name)
    for field, value in fields.items():
        page.fill(f"#sub-{field}", value)


def test_anonymous_visitor_is_sent_to_the_login_page(page):
    page.goto(page.app_url + "/")
    page.wait_for_url(re.compile(r"/login"))
    page.goto(page.app_url + "/contact/1")
    page.wait_for_url(re.compile(r"/login\?next=%2Fcontact%2F1|/login\?next=/contact/1"))
    expect(page.locator("#contact-title")).to_have_count(0)
    expect(page.locator(".contact-row")).to_have_count(0)


def test_wrong_password_is_refused_with_a_message(page):
    page.goto(page.app_url + "/login")
    page.fill("#login-input", "admin")
    page.fill("#password-input", "not-the-password")
    page.click("#login-button")
    expect(page.locator("#login-error")).to_contain_text("Identifiant ou mot de passe incorrect")
    expect(page).to_have_url(re.compile(r"/login"))


def test_login_search_and_open_a_contact(page):
    login(page)
    screenshot(page, "contact-list")
    # Two letters are too few for the index: the list stays whole and says so.
    search_contacts(page, "as")
    expect(page.locator("#search-hint")).to_have_text(
        "Saisissez au moins 3 caractères pour chercher."
    )
    screenshot(page, "contact-search-too-short")
    search_contacts(page, "astier")
    expect(page.locator("#search-hint")).to_have_count(0)
    expect(page.locator(".contact-row")).to_have_count(2)
    expect(page.locator(".nested-row")).to_contain_text("Alexandre Astier, David Martin")
    expect(page.locator("#contact-range")).to_have_text("1–2 sur 2 contacts")
    # Found without its main contact, an address stands alone, not indented.
    search_contacts(page, "david martin")
    lone = page.locator(".child-row", has_text="Alexandre Astier, David Martin")
    expect(lone).to_have_count(1)
    expect(lone).not_to_have_class(re.compile("nested-row"))
    screenshot(page, "contact-search-lone-address")
    search_contacts(page, "astier")
    expect(page.locator(".nested-row")).to_have_count(1)  # the list has followed
    page.locator(".contact-row:not(.child-row)", has_text="Alexandre Astier").click()
    expect(page.locator("#contact-title")).to_have_text("Alexandre Astier")
    expect(page.locator(".sub-contact-card")).to_contain_text("David Martin")
    tab_labels = page.locator("[role=tab]").evaluate_all("els => els.map(e => e.innerText)")
    assert tab_labels == [
        "Contacts & Adresses",
        "Notes internes",
        "Ventes & Achats",
        "Historique",
        "Comptabilité",
        "Marketing",
        "Localisation",
        "Équipements",  # after the seed's seven
    ]
    screenshot(page, "contact-page")


def test_create_sub_contacts_of_every_type_with_the_three_buttons(page):
    login(page)
    company = unique("Chaufferie Test")
    create_company(page, company)

    # SAUVEGARDER ET FERMER: a person sharing the company's address.
    open_sub_contact_dialog(page)
    fill_sub_contact(
        page,
        "contact",
        "Marie Leroy",
        job_title="Directrice",
        email="marie.leroy@example.fr",
        phone="02 99 12 34 56",
    )
    expect(page.locator("#sub-contact-dialog")).to_contain_text("3 place des Lices")
    screenshot(page, "sub-contact-dialog")
    page.click("#sub-save-close")
    expect(page.locator("#sub-contact-dialog")).to_have_count(0)
    expect(page.locator(".sub-contact-card")).to_have_count(1)

    # ENREGISTRER & CRÉER three times in a row, then SAUVEGARDER ET FERMER.
    open_sub_contact_dialog(page)
    fill_sub_contact(
        page, "invoice", "Service comptabilité", street="1 rue du Bac", zip="35000", city="Rennes"
    )
    page.click("#sub-save-new")
    expect(page.locator(".sub-contact-card")).to_have_count(2)
    expect(page.locator("#sub-name")).to_have_value("")
    fill_sub_contact(
        page, "delivery", "Chantier Bruz", street="5 allée des Chênes", zip="35170", city="Bruz"
    )
    page.click("#sub-save-new")
    expect(page.locator(".sub-contact-card")).to_have_count(3)
    fill_sub_contact(
        page, "other", "Entrepôt", street="ZA du Bois", zip="35510", city="Cesson-Sévigné"
    )
    page.click("#sub-save-new")
    expect(page.locator(".sub-contact-card")).to_have_count(4)
    fill_sub_contact(
        page,
        "private",
        "Domicile du gérant",
        street="2 quai Duguay-Trouin",
        zip="35400",
        city="Saint-Malo",
    )
    page.click("#sub-save-close")
    expect(page.locator(".sub-contact-card")).to_have_count(5)

    # ANNULER: nothing is created.
    open_sub_contact_dialog(page)
    fill_sub_contact(page, "contact", "Ne pas créer")
    page.click("#sub-cancel")
    expect(page.locator("#sub-contact-dialog")).to_have_count(0)
    expect(page.locator(".sub-contact-card")).to_have_count(5)
    screenshot(page, "contact-with-sub-contacts")

    # Persisted: a reload shows the same five addresses.
    page.reload()
    cards = page.locator(".sub-contact-card")
    expect(cards).to_have_count(5)
    for label in [
        "Contact",
        "Adresse de facturation",
        "Adresse d'expédition",
        "Autre adresse",
        "Adresse personnelle",
    ]:
        expect(cards.filter(has_text=label)).to_have_count(1)
    expect(cards.filter(has_text="Marie Leroy")).to_contain_text("3 place des Lices")
    expect(cards.filter(has_text="Chantier Bruz")).to_contain_text("35170 Bruz")

    # The list shows them attached under their parent.
    page.goto(page.app_url + "/")
    search_contacts(page, company)
    rows = page.locator(".contact-row")
    expect(rows).to_have_count(6)
    expect(rows.first).to_contain_text(company)
    expect(page.locator(".child-row")).to_have_count(5)
    expect(page.locator(".child-row").filter(has_text=f"{company}, Marie Leroy")).to_have_count(1)
    screenshot(page, "list-with-sub-contacts")


def test_edit_and_archive_a_sub_contact(page):
    login(page)
    create_company(page, unique("Plomberie Test"))
    open_sub_contact_dialog(page)
    fill_sub_contact(page, "delivery", "Chantier A", street="1 rue A", zip="35000", city="Rennes")
    page.click("#sub-save-close")
    card = page.locator(".sub-contact-card")
    expect(card).to_have_count(1)

    card.locator(".edit-sub-contact").click()
    expect(page.get_by_role("heading", name="Modifier : Contacts")).to_be_visible()
    expect(page.locator("#sub-name")).to_have_value("Chantier A")
    page.fill("#sub-name", "Chantier B")
    page.fill("#sub-city", "Vitré")
    page.fill("#sub-zip", "35500")
    page.click("#sub-save-close")
    expect(card).to_contain_text("Chantier B")
    expect(card).to_contain_text("35500 Vitré")

    card.locator(".archive-sub-contact").click()
    expect(page.locator(".sub-contact-card")).to_have_count(0)
    page.reload()
    expect(page.locator("#contact-title")).to_be_visible()
    expect(page.locator(".sub-contact-card")).to_have_count(0)


def test_bad_input_gets_a_message_at_the_field_and_nothing_is_saved(page):
    login(page)
    page.click("#new-company")
    page.click("#new-save")
    expect(page.get_by_text("Le nom est obligatoire.")).to_be_visible()

    page.fill("#new-name", "x" * 2000)
    page.fill("#new-email", "pas-un-courriel")
    page.fill("#new-phone", "12")
    page.click("#new-save")
    expect(page.get_by_text("Le nom ne peut pas dépasser 200 caractères")).to_be_visible()
    expect(page.get_by_text("Adresse courriel invalide")).to_be_visible()
    expect(page.get_by_text("Ce numéro de téléphone n'existe pas")).to_be_visible()
    # The form keeps what was typed.
    expect(page.locator("#new-email")).to_have_value("pas-un-courriel")
    expect(page).not_to_have_url(re.compile(r"/contact/"))

    # On the contact page too: the header refuses and keeps the typed value.
    page.keyboard.press("Escape")
    page.locator(".contact-row", has_text="Albert Pont").first.click()
    expect(page.locator("#contact-title")).to_have_text("Albert Pont")
    page.fill("#header-email", "albert@")
    page.click("#save-header")
    expect(page.get_by_text("Adresse courriel invalide")).to_be_visible()
    page.reload()
    expect(page.locator("#header-email")).to_have_value("albert.pont@orange.fr")


def test_html_in_a_name_is_shown_as_text_and_never_runs(page):
    login(page)
    hostile = '<img src=x onerror="window.__pwned=1"><b>Gras</b>'
    create_company(page, hostile)
    expect(page.locator("#contact-title")).to_have_text(hostile)
    page.goto(page.app_url + "/")
    search_contacts(page, "Gras")
    expect(page.locator(".contact-row").first).to_contain_text(hostile)
    assert page.evaluate("window.__pwned") is None
    assert page.locator("#contact-table img").count() == 0


def test_header_edit_is_saved_and_a_stale_save_is_refused(browser, page):
    login(page)
    create_company(page, unique("Ramonage Test"))
    url = page.url
    other = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    other.app_url = page.app_url
    login(other)
    other.goto(url)
    expect(other.locator("#contact-title")).to_be_visible()

    page.fill("#header-phone", "0299123456")
    page.click("#save-header")
    expect(page.locator("#header-phone")).to_have_value("02 99 12 34 56")

    other.fill("#header-city", "Vitré")
    other.click("#save-header")
    expect(other.locator("#stale-warning")).to_be_visible()
    other.click("#reload-contact")
    expect(other.locator("#header-phone")).to_have_value("02 99 12 34 56")
    expect(other.locator("#header-city")).to_have_value("Rennes")
    other.context.close()


def test_logout_ends_the_session(page):
    login(page)
    page.click("#logout-button")
    page.wait_for_url(re.compile(r"/login"))
    page.goto(page.app_url + "/")
    page.wait_for_url(re.compile(r"/login"))
