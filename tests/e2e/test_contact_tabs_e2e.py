"""End to end, in headless Chromium: the Notes internes, Ventes & Achats,
Comptabilité and Marketing tabs are filled, saved, reloaded and found again;
bad input is refused at the field; sub-contacts show their main contact's
values read-only; the consent proof is private; reference data is managed."""

from __future__ import annotations

from datetime import date

import pytest
from babel.dates import format_date
from playwright.sync_api import expect

from tests.e2e.conftest import (
    assert_nothing_covers,
    create_company,
    login,
    screenshot,
    search_contacts,
    unique,
)

pytestmark = pytest.mark.e2e


def choose(page, field: str, label: str) -> None:
    page.click(f"#field-{field}")
    page.get_by_role("option", name=label, exact=True).click()
    expect(page.locator(f"#field-{field}")).to_have_text(label)


def pick(page, field: str, search: str, label: str) -> None:
    page.click(f"#picker-{field}")
    page.keyboard.type(search)
    page.locator(f"#picker-results-{field} .picker-option", has_text=label).first.click()
    expect(page.locator(f"#picker-{field}")).to_have_value(label)


def open_tab(page, key: str) -> None:
    page.click(f"#tab-{key}")
    expect(page.locator(f"#tab-{key}")).to_have_attribute("data-state", "active")


def save(page) -> None:
    page.click("#save-header")
    expect(page.get_by_text("Contact enregistré.")).to_be_visible()


def test_every_tab_is_filled_saved_and_found_after_reload(page):
    login(page)
    name = unique("Chaufferie Ouest")
    reference = unique("REF").replace(" ", "-")
    create_company(page, name)

    open_tab(page, "notes")
    page.fill("#field-internal_notes", "Chien dans la cour.\nSonner deux fois.")
    page.fill("#field-customer_notes", "Accès par le portail arrière.")
    page.click("#flag-warning_on_interventions")
    page.click("#flag-warning_on_invoices")
    page.fill("#field-warning_message", "Paiement à la commande")

    open_tab(page, "sales")
    page.click("#flag-is_supplier")
    choose(page, "customer_status", "Client")
    page.click("#flag-customer_status_forced")
    pick(page, "reseller_id", "Astier", "Alexandre Astier")
    pick(page, "installer_id", "Albert", "Albert Pont")
    choose(page, "sale_pricelist_id", "Tarif revendeurs")
    page.fill("#field-internal_reference", reference)
    page.fill("#field-shop_code", "MAG-RENNES")
    page.click("#flag-consent_communication")
    today = format_date(date.today(), "d MMMM y", locale="fr_FR")
    expect(page.locator("#consent-date")).to_have_text(today)
    page.fill("#field-consent_proof_text", "Formulaire signé au salon.")

    open_tab(page, "accounting")
    choose(page, "customer_payment_term_id", "30 jours")
    choose(page, "invoice_policy", "Quantités livrées")
    choose(page, "trust_level", "Bon débiteur")
    choose(page, "supplier_payment_term_id", "45 jours fin de mois")
    page.fill("#field-company_registry", "732 829 320")
    choose(page, "fiscal_position_id", "Intra-communautaire")
    page.fill("#field-vat", "BE 0477.472.701")
    choose(page, "receivable_account_id", "411200 Clients - Collectivités publiques")

    open_tab(page, "marketing")
    choose(page, "campaign_id", "Offre de Noël")
    choose(page, "source_id", "Salon")
    choose(page, "medium_id", "Bannière WEB")
    save(page)

    page.reload()
    expect(page.locator("#contact-title")).to_have_text(name)
    expect(page.locator(".role-badge")).to_have_text(["Client", "Fournisseur"])
    expect(page.locator("#status-forced-badge")).to_be_visible()
    expect(page.locator("#contact-warning")).to_contain_text("Paiement à la commande")

    open_tab(page, "notes")
    expect(page.locator("#field-internal_notes")).to_have_value(
        "Chien dans la cour.\nSonner deux fois."
    )
    expect(page.locator("#field-customer_notes")).to_have_value("Accès par le portail arrière.")
    expect(page.locator("#flag-warning_on_interventions")).to_be_checked()
    expect(page.locator("#flag-warning_on_opportunities")).not_to_be_checked()
    expect(page.locator("#flag-warning_on_invoices")).to_be_checked()
    expect(page.locator("#flag-warning_blocking")).not_to_be_checked()
    expect(page.locator("#field-warning_message")).to_have_value("Paiement à la commande")
    screenshot(page, "tab-notes")

    open_tab(page, "sales")
    expect(page.locator("#flag-is_customer")).to_be_checked()
    expect(page.locator("#flag-is_supplier")).to_be_checked()
    expect(page.locator("#field-customer_status")).to_have_text("Client")
    expect(page.locator("#flag-customer_status_forced")).to_be_checked()
    expect(page.locator("#picker-salesperson_id")).to_have_value("Administrateur")
    expect(page.locator("#picker-reseller_id")).to_have_value("Alexandre Astier")
    expect(page.locator("#picker-installer_id")).to_have_value("Albert Pont")
    expect(page.locator("#field-sale_pricelist_id")).to_have_text("Tarif revendeurs")
    expect(page.locator("#field-internal_reference")).to_have_value(reference)
    expect(page.locator("#field-shop_code")).to_have_value("MAG-RENNES")
    expect(page.locator("#flag-consent_communication")).to_be_checked()
    expect(page.locator("#consent-date")).to_have_text(today)
    expect(page.locator("#field-consent_proof_text")).to_have_value("Formulaire signé au salon.")
    screenshot(page, "tab-sales")

    open_tab(page, "accounting")
    expect(page.locator("#field-customer_payment_term_id")).to_have_text("30 jours")
    expect(page.locator("#field-invoice_policy")).to_have_text("Quantités livrées")
    expect(page.locator("#field-trust_level")).to_have_text("Bon débiteur")
    expect(page.locator("#field-supplier_payment_term_id")).to_have_text("45 jours fin de mois")
    expect(page.locator("#field-company_registry")).to_have_value("732829320")
    expect(page.locator("#field-fiscal_position_id")).to_have_text("Intra-communautaire")
    expect(page.locator("#field-vat")).to_have_value("BE0477472701")
    expect(page.locator("#field-receivable_account_id")).to_have_text(
        "411200 Clients - Collectivités publiques"
    )
    expect(page.locator("#field-payable_account_id")).to_have_text(
        "401100 Fournisseurs - Achats de biens et prestations de services"
    )
    screenshot(page, "tab-accounting")

    open_tab(page, "marketing")
    expect(page.locator("#field-campaign_id")).to_have_text("Offre de Noël")
    expect(page.locator("#field-source_id")).to_have_text("Salon")
    expect(page.locator("#field-medium_id")).to_have_text("Bannière WEB")

    # The list shows the (non-blocking) warning icon, and the reference finds it.
    page.goto(page.app_url + "/")
    search_contacts(page, reference)
    row = page.locator(".contact-row", has_text=name)
    expect(row.locator(".warning-warning")).to_be_visible()


def test_bad_input_in_the_tabs_is_refused_at_the_field(page):
    login(page)
    name = unique("Poêles Armor")
    create_company(page, name)

    open_tab(page, "notes")
    page.click("#flag-warning_on_sale_orders")
    open_tab(page, "sales")
    page.fill("#field-internal_reference", "CLI-00001")  # Albert Pont's
    open_tab(page, "accounting")
    page.fill("#field-vat", "BE0477472702")
    page.fill("#field-company_registry", "732 829 321")
    page.click("#save-header")
    # The save bar sums up where the errors are; nothing covers its buttons.
    summary = page.locator("#save-errors")
    expect(summary).to_contain_text("Non enregistré : corrigez les champs en rouge.")
    expect(summary).to_contain_text("Notes internes : ")
    expect(summary).to_contain_text("Ventes & Achats : Référence interne")
    expect(summary).to_contain_text("Comptabilité : ")
    expect(summary).to_contain_text("Registre de la société")
    expect(summary).to_contain_text("Numéro fiscal")
    expect(page.locator("[data-sonner-toast]")).to_have_count(0)
    assert_nothing_covers(page, "#save-header")
    expect(page.get_by_text("la clé de contrôle ne correspond pas").first).to_be_visible()
    expect(page.get_by_text("Ce numéro SIREN est invalide")).to_be_visible()
    # The form keeps what was typed.
    expect(page.locator("#field-vat")).to_have_value("BE0477472702")
    screenshot(page, "tab-accounting-errors")
    summary.get_by_text("Ventes & Achats").click()
    expect(page.get_by_text("« CLI-00001 » est déjà utilisée par « Albert Pont »")).to_be_visible()
    open_tab(page, "notes")
    expect(page.get_by_text("Saisissez le message de l'avertissement")).to_be_visible()

    # Nothing was stored.
    page.reload()
    open_tab(page, "accounting")
    expect(page.locator("#field-vat")).to_have_value("")
    open_tab(page, "notes")
    expect(page.locator("#flag-warning_on_sale_orders")).not_to_be_checked()


def test_a_sub_contact_shows_its_main_contact_values_read_only(page):
    login(page)
    search_contacts(page, "Lemoine")
    page.locator(".contact-row", has_text="Franck Lemoine").first.click()
    expect(page.locator("#contact-warning")).to_contain_text("Mauvais payeur")
    page.click("#new-sub-contact")
    page.click("#sub-type-delivery")
    page.fill("#sub-name", "Chantier grange")
    page.click("#sub-save-close")
    page.locator(".sub-contact-card", has_text="Chantier grange").locator("a").first.click()
    expect(page.locator("#contact-title")).to_have_text("Franck Lemoine, Chantier grange")

    open_tab(page, "notes")
    expect(page.locator(".inherited-notice")).to_contain_text("Franck Lemoine")
    expect(page.locator("#field-warning_message")).to_have_value("Mauvais payeur")
    expect(page.locator("#field-warning_message")).to_be_disabled()
    expect(page.locator("#flag-warning_blocking")).to_be_checked()
    open_tab(page, "accounting")
    expect(page.locator("#field-trust_level")).to_have_text("Mauvais débiteur")
    expect(page.locator("#field-vat")).to_be_disabled()
    screenshot(page, "sub-contact-accounting")
    page.locator(".inherited-notice a").click()
    expect(page.locator("#contact-title")).to_have_text("Franck Lemoine")


def test_consent_proof_is_uploaded_downloaded_and_private(page, tmp_path):
    login(page)
    create_company(page, unique("Ramonage RGPD"))
    open_tab(page, "sales")
    proof = b"%PDF-1.4\n% consentement signe\n"
    page.locator("#consent-proof input[type=file]").set_input_files(
        files=[{"name": "consentement.pdf", "mimeType": "application/pdf", "buffer": proof}]
    )
    expect(page.locator("#download-proof")).to_have_text("consentement.pdf")
    with page.expect_download() as download_info:
        page.click("#download-proof")
    download = download_info.value
    assert download.suggested_filename == "consentement.pdf"
    saved = tmp_path / "proof.pdf"
    download.save_as(saved)
    assert saved.read_bytes() == proof

    # A wrong kind of file is refused with a message.
    page.locator("#consent-proof input[type=file]").set_input_files(
        files=[{"name": "virus.pdf", "mimeType": "application/pdf", "buffer": b"MZ\x90\x00"}]
    )
    expect(page.get_by_text("Seuls les fichiers PDF, PNG ou JPEG").first).to_be_visible()
    expect(page.locator("#download-proof")).to_have_text("consentement.pdf")

    # Not served by the public upload route, whatever the name asked.
    anonymous = page.context.browser.new_context().new_page()
    for path in ("/_upload/consentement.pdf", "/_upload/consent-proofs/consentement.pdf"):
        response = anonymous.request.get(page.app_url + path)
        assert response.status == 404 or proof not in response.body()
    anonymous.context.close()


def test_reference_data_admin_and_its_use_on_a_contact(page):
    login(page)
    term = unique("60 jours net")
    page.click("#settings-link")
    expect(page.locator("#reference-title")).to_have_text("Conditions de paiement")
    page.click("#reference-new")
    page.click("#reference-save")
    expect(page.get_by_text("Le nom est obligatoire.")).to_be_visible()
    page.fill("#reference-name", term)
    page.click("#reference-save")
    expect(page.locator(".reference-row", has_text=term)).to_be_visible()

    page.click("#settings-comptes")
    expect(page.locator("#reference-title")).to_have_text("Comptes comptables")
    expect(page.locator(".reference-row", has_text="411100")).to_be_visible()
    page.click("#settings-types-intervention")
    expect(page.locator(".reference-row", has_text="Entretien Poêle Granulés")).to_be_visible()
    screenshot(page, "settings-task-types")

    page.goto(page.app_url + "/")
    create_company(page, unique("Client Paiement"))
    contact_url = page.url
    open_tab(page, "accounting")
    choose(page, "customer_payment_term_id", term)
    save(page)

    # Archived, it leaves the list and new choices, but stays where it was chosen.
    page.goto(page.app_url + "/parametres/conditions-paiement")
    page.fill("#reference-search", term)
    page.locator(".reference-row", has_text=term).locator(".archive-reference").click()
    expect(page.locator(".reference-row", has_text=term)).to_have_count(0)
    page.goto(contact_url)
    open_tab(page, "accounting")
    expect(page.locator("#field-customer_payment_term_id")).to_have_text(term)
