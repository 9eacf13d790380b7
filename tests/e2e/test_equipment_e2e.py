"""End to end, in headless Chromium: a boiler added to a delivery address, a
contract for it, the maintenance found in « À planifier » for its month, its
intervention created from there, completed with measurements by the
technician on a phone, the attestation downloaded and read, the next due
date moved."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from crm_app.core.formatting import month_name
from tests.e2e.conftest import log_in_as, login, screenshot, search_contacts

pytestmark = pytest.mark.e2e

TECH_LOGIN = "lea"
TECH_PASSWORD = "Chaudiere-bretonne-77"
CUSTOMER = "SCI Les Tilleuls"
ADDRESS = "Maison louée Betton"


def retype(page, selector: str, text: str) -> None:
    field = page.locator(selector)
    field.click()
    page.keyboard.press("Control+A")
    page.keyboard.press("Backspace")
    field.press_sequentially(text, delay=10)
    # Tab closes the calendar (Escape would close the dialog around it).
    page.keyboard.press("Tab")


def choose(page, selector: str, label: str | re.Pattern[str]) -> None:
    page.click(selector)
    page.get_by_role("option", name=label, exact=True).click()


def next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def create_technician(page) -> None:
    page.click("#users-link")
    page.click("#user-new")
    page.fill("#user-name", "Léa Chauffage")
    page.fill("#user-login", TECH_LOGIN)
    page.fill("#user-password", TECH_PASSWORD)
    page.click("#user-create")
    expect(page.locator(".user-row", has_text=TECH_LOGIN)).to_contain_text("Technicien")


def test_boiler_contract_due_list_visit_and_attestation(browser, page):
    due_month = next_month(date.today())
    login(page)
    create_technician(page)

    # A boiler at the rented house: never serviced since its commissioning a
    # year before next month, so due next month.
    page.goto(page.app_url + "/")
    search_contacts(page, CUSTOMER)
    page.locator(".contact-row", has_text=CUSTOMER).first.click()
    expect(page.locator("#contact-title")).to_have_text(CUSTOMER)
    page.click("#tab-equipment")
    page.click("#equipment-new")
    choose(page, "#equipment-address_id", re.compile(ADDRESS))
    choose(page, "#equipment-type_id", "Chaudière gaz")
    page.fill("#equipment-brand", "Saunier Duval")
    page.fill("#equipment-model", "<b>ThemaPlus</b>")
    page.fill("#equipment-serial_number", "SD-E2E-0042")
    retype(page, "#equipment-commissioned_on", "01/01/2099")
    page.fill("#equipment-power_kw", "0")
    page.click("#equipment-save")
    expect(
        page.get_by_text("La date de mise en service ne peut pas être dans le futur.")
    ).to_be_visible()
    expect(page.get_by_text("La puissance (kW) : valeur attendue plus de 0")).to_be_visible()
    expect(page.locator("#equipment-serial_number")).to_have_value("SD-E2E-0042")
    commissioned = date(due_month.year - 1, due_month.month, 10)
    retype(page, "#equipment-commissioned_on", commissioned.strftime("%d/%m/%Y"))
    page.fill("#equipment-power_kw", "24,5")
    choose(page, "#equipment-energy", "Gaz naturel")
    page.click("#equipment-save")
    expect(page.locator("#equipment-dialog")).to_have_count(0)
    group = page.locator(".equipment-group", has_text=ADDRESS)
    row = group.locator(".equipment-row", has_text="SD-E2E-0042")
    expect(row).to_contain_text("<b>ThemaPlus</b>")  # shown as typed, not as markup
    expect(row).to_contain_text(date(due_month.year, due_month.month, 10).strftime("%d/%m/%Y"))
    expect(row).to_contain_text("jamais")

    # A contract for it, visited in the due month; an end before the start is refused.
    page.click("#contract-new")
    choose(page, "#contract-address_id", re.compile(ADDRESS))
    page.get_by_role("checkbox", name=re.compile("SD-E2E-0042")).click()
    page.fill("#contract-yearly_price_cents", "149,00")
    retype(page, "#contract-start_on", "01/01/2026")
    page.get_by_role("checkbox", name="Reconduction tacite").click()
    retype(page, "#contract-end_on", "01/12/2025")
    page.click("#contract-save")
    expect(page.get_by_text("La date de fin précède la date de début.")).to_be_visible()
    retype(page, "#contract-end_on", "31/12/2028")
    choose(page, "#contract-preferred_month", month_name(due_month.month))
    page.click("#contract-save")
    expect(page.locator("#contract-dialog")).to_have_count(0)
    contract_row = page.locator(".contract-row", has_text="149,00")
    expect(contract_row).to_contain_text("Actif")
    expect(contract_row).to_contain_text("31/12/2028")
    expect(row).to_contain_text(due_month.strftime("%d/%m/%Y"))  # the preferred month's 1st
    expect(row).to_contain_text("n° ")
    screenshot(page, "equipment-tab")

    # « À planifier »: next month, Betton only.
    page.goto(page.app_url + "/a-planifier")
    page.click("#due-next")
    page.get_by_role("checkbox", name="Inclure les retards").click()
    page.fill("#due-place", "35830")
    due_row = page.locator(".due-row", has_text="SD-E2E-0042")
    expect(due_row).to_have_count(1)
    expect(page.locator(".due-row")).to_have_count(1)
    expect(due_row).to_contain_text(CUSTOMER)
    screenshot(page, "due-list")
    due_row.locator(".due-select").click()
    expect(page.locator("#due-selected")).to_contain_text("1 sélectionné")
    page.click("#due-create")
    choose(page, "#draft-task_type_id", "Entretien chaudière gaz")
    visit_day = date(due_month.year, due_month.month, 5)
    retype(page, "#draft-start_at", visit_day.strftime("%d/%m/%Y") + " 09:00")
    choose(page, "#draft-technician_id", "Léa Chauffage")
    page.click("#drafts-create")
    expect(page.get_by_text("1 intervention(s) créée(s) en brouillon.")).to_be_visible()
    expect(page.locator(".due-row")).to_have_count(0)

    # The technician, on a phone: his planning, the visit page.
    tech = browser.new_context(viewport={"width": 390, "height": 844}, locale="fr-FR").new_page()
    tech.app_url = page.app_url
    log_in_as(tech, TECH_LOGIN, TECH_PASSWORD)
    tech.goto(page.app_url + "/interventions")
    expect(tech.locator(".document-row")).to_have_count(1)
    tech.locator(".document-row").click()
    tech.click("#doc-visit")
    expect(tech.locator(".visit-card")).to_have_count(1)
    card = tech.locator(".visit-card")
    card.locator("textarea[id^=visit-checks_done]").fill("Nettoyage du brûleur <script>x</script>")
    card.locator("input[id^=visit-co_ppm]").fill("beaucoup")
    tech.click("#visit-finish")
    expect(tech.get_by_text("Le CO mesuré (ppm) : un nombre est attendu")).to_be_visible()
    expect(tech.locator("#visit-error")).to_have_text("Vérifiez les champs signalés en rouge.")
    card.locator("input[id^=visit-co_ppm]").fill("9,5")
    card.locator("textarea[id^=visit-efficiency]").fill("Rendement conforme (93 %)")
    card.locator("textarea[id^=visit-advice]").fill("Purger les radiateurs chaque automne.")
    tech.click("#visit-finish")
    expect(tech.get_by_text("Intervention terminée : l'entretien est enregistré.")).to_be_visible()
    expect(tech.locator("#visit-finish")).to_have_count(0)
    expect(tech.locator("#visit-error")).to_have_count(0)
    tech.screenshot(path="test-artifacts/visit-phone.png")
    with tech.expect_download() as download_info:
        tech.locator(".visit-certificate").click()
    download = download_info.value
    assert download.suggested_filename.startswith("attestation-")
    data = open(download.path(), "rb").read()
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages).split())
    for expected in (
        "Attestation d'entretien",
        "Léa Chauffage",
        "SCI Les Tilleuls",
        "35830 Betton",
        "Saunier Duval <b>ThemaPlus</b>",
        "SD-E2E-0042",
        "24,5 kW",
        "9,5 ppm",
        "Nettoyage du brûleur <script>x</script>",
        "Rendement conforme (93 %)",
        "Purger les radiateurs chaque automne.",
    ):
        assert expected in text, expected
    tech.context.close()

    # The next maintenance moved: a year after the visit, in the contract's month.
    page.goto(page.app_url + "/")
    search_contacts(page, CUSTOMER)
    page.locator(".contact-row", has_text=CUSTOMER).first.click()
    expect(page.locator("#contact-title")).to_have_text(CUSTOMER)
    page.click("#tab-equipment")
    row = page.locator(".equipment-group", has_text=ADDRESS).locator(
        ".equipment-row", has_text="SD-E2E-0042"
    )
    expect(row).to_contain_text(visit_day.strftime("%d/%m/%Y"))
    expect(row).to_contain_text(date(due_month.year + 1, due_month.month, 1).strftime("%d/%m/%Y"))


def test_reminders_prepared_and_refused_without_a_mail_server(page):
    login(page)
    page.goto(page.app_url + "/relances")
    expect(page.locator("#reminder-subject")).to_have_value(re.compile(r"\{mois\}"))
    page.fill("#reminder-body", "Bonjour {prenom}")
    page.click("#reminder-prepare")
    expect(page.get_by_text("Champ de fusion inconnu : {prenom}.")).to_be_visible()
    page.fill("#reminder-body", "Bonjour {civilite} {nom}, votre entretien est prévu en {mois}.")
    page.click("#reminder-prepare")
    expect(page.locator("#reminder-progress-text")).to_contain_text("client(s)")
    expect(page.locator(".reminder-row").first).to_be_visible()
    page.click("#reminder-send")
    expect(page.get_by_text("Aucun serveur d'envoi configuré")).to_be_visible()
    screenshot(page, "reminders")


def test_the_map_shows_the_maintenances_to_plan(page):
    login(page)
    page.goto(page.app_url + "/carte")
    page.click("#map-mode")
    page.get_by_role("option", name="Entretiens à planifier", exact=True).click()
    month = next_month(date.today())
    page.click("#map-month")
    label = month_name(month.month).capitalize() + f" {month.year}"
    page.get_by_role("option", name=label, exact=True).click()
    expect(page.locator("#map-count")).to_have_text(re.compile(r"^[1-9]\d* point"))
    # (the Carte page draws its points on a canvas, clustered)
    expect(page.frame_locator("#field-map").locator(".leaflet-container")).to_be_visible()
    screenshot(page, "map-maintenance")
