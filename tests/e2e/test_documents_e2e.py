"""End to end, in headless Chromium: the seed's "Mauvais payeur" scenario on
the four documents, a non-blocking warning, a quote that turns a prospect into
a client, and printing an intervention report from the History tab."""

from __future__ import annotations

import io
import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.e2e.conftest import (
    assert_nothing_covers,
    create_company,
    login,
    screenshot,
    search_contacts,
    unique,
)

pytestmark = pytest.mark.e2e

DOCUMENT_ROUTES = ["/interventions", "/opportunites", "/devis", "/factures"]


def pick_customer(page, search: str, label_start: str) -> None:
    page.click("#doc-customer")
    page.keyboard.type(search)
    option = page.locator(".customer-option").filter(
        has_text=re.compile("^" + re.escape(label_start))
    )
    option.first.click()


@pytest.mark.parametrize("route", DOCUMENT_ROUTES)
def test_blocking_warning_empties_the_customer_and_saving_is_refused(page, route):
    login(page)
    page.goto(page.app_url + route + "/nouveau")
    expect(page.locator("#doc-heading")).to_be_visible()
    pick_customer(page, "Lemoine", "Franck Lemoine ·")
    dialog = page.locator("#warning-dialog")
    expect(dialog).to_be_visible()
    expect(page.locator("#warning-message")).to_have_text("Mauvais payeur")
    expect(dialog).to_contain_text("Client bloqué")
    screenshot(page, f"blocked-warning{route.replace('/', '-')}")
    page.click("#warning-ok")
    expect(dialog).to_be_hidden()
    expect(page.locator("#doc-customer")).to_have_value("")
    page.click("#doc-save")
    expect(page.get_by_text("Choisissez un client.")).to_be_visible()
    expect(page.locator("#doc-save-errors")).to_have_text(
        "Non enregistré : corrigez les champs en rouge."
    )
    expect(page.locator("[data-sonner-toast]")).to_have_count(0)
    assert_nothing_covers(page, "#doc-save")
    expect(page).to_have_url(re.compile(route + "/nouveau"))


def test_the_warning_shows_at_once_when_starting_from_the_contact(page):
    login(page)
    search_contacts(page, "Lemoine")
    page.locator(".contact-row", has_text="Franck Lemoine").first.click()
    page.click("#new-document")
    page.click("#new-sale-order")
    expect(page.locator("#warning-message")).to_have_text("Mauvais payeur")
    page.click("#warning-ok")
    expect(page.locator("#doc-customer")).to_have_value("")


def test_non_blocking_warning_is_acknowledged_and_the_intervention_saved(page):
    login(page)
    page.goto(page.app_url + "/interventions/nouveau")
    pick_customer(page, "David Martin", "David Martin ·")
    expect(page.locator("#warning-message")).to_have_text(
        "Chien dans la cour : prévenir avant d'entrer."
    )
    expect(page.locator("#warning-dialog")).to_contain_text("Avertissement")
    page.click("#warning-ok")
    expect(page.locator("#doc-customer")).to_have_value("David Martin")
    expect(page.locator("#doc-label")).to_have_value(re.compile("^David Martin"))
    page.click("#doc-task_type_id")
    page.get_by_role("option", name="Ramonage", exact=True).click()
    page.get_by_role("checkbox", name="Marc Le Gall").click()
    page.fill("#doc-description", "Ramonage du conduit <b>principal</b>")
    page.click("#doc-save")
    expect(page).to_have_url(re.compile(r"/interventions/\d+$"))
    expect(page.locator("#doc-customer")).to_have_value("David Martin")
    expect(page.locator("#doc-description")).to_have_value("Ramonage du conduit <b>principal</b>")
    screenshot(page, "intervention-form")

    # It appears in the contact's History, upcoming.
    page.goto(page.app_url + "/")
    search_contacts(page, "David Martin")
    page.locator(".contact-row:not(.child-row)", has_text="David Martin").first.click()
    page.click("#tab-history")
    row = page.locator(".history-row", has_text="Ramonage").first
    expect(row).to_contain_text("Marc Le Gall")
    expect(row).to_contain_text("À venir")


def test_validating_a_quote_turns_the_prospect_into_a_client(page):
    login(page)
    name = unique("Prospect Devis")
    create_company(page, name)
    expect(page.locator(".role-badge")).to_have_text(["Prospect"])
    page.click("#new-document")
    page.click("#new-sale-order")
    expect(page.locator("#doc-customer")).to_have_value(name)
    page.fill("#doc-amount", "1 250,50")
    page.click("#doc-state")
    page.get_by_role("option", name="Validé", exact=True).click()
    page.click("#doc-save")
    expect(page).to_have_url(re.compile(r"/devis/\d+$"))
    expect(page.locator("#doc-heading")).to_contain_text("Devis DEV-")
    expect(page.locator("#doc-validated-at")).to_be_visible()
    expect(page.locator("#doc-amount")).to_have_value("1250,50")
    page.goto(page.app_url + "/devis")
    page.fill("#doc-search", name)
    expect(page.locator(".document-row", has_text=name)).to_contain_text("1 250,50")
    page.goto(page.app_url + "/")
    search_contacts(page, name)
    page.locator(".contact-row", has_text=name).click()
    expect(page.locator(".role-badge")).to_have_text(["Client"])


def test_print_an_intervention_report_from_the_history_tab(page):
    login(page)
    search_contacts(page, "Albert Pont")
    page.locator(".contact-row", has_text="Albert Pont").first.click()
    page.click("#tab-history")
    row = page.locator(".history-row", has_text="28/12/2023 16:30")
    expect(row).to_contain_text("Visite technique")
    expect(row).to_contain_text("Jean Jean")
    expect(row).to_contain_text("En cours")
    screenshot(page, "history-tab")
    with page.expect_download() as download_info:
        row.locator(".print-report").click()
    download = download_info.value
    assert download.suggested_filename.endswith("2023-12-28.pdf")
    data = open(download.path(), "rb").read()
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    text = " ".join(text.split())
    for expected in (
        "Rapport d'intervention",
        "Albert Pont",
        "Visite technique",
        "28/12/2023 16:30",
        "Jean Jean",
        "Prévenir 30 min avant l'arrivée.",
        "Signature du client",
    ):
        assert expected in text, expected
