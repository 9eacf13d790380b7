"""End to end, in a Chromium whose language is American English (and whose
clock is in New York): dates are still typed, picked and shown « jj/mm/aaaa »
and « jj/mm/aaaa hh:mm » in 24 h, the calendar is in French and starts on
Monday, and what is saved comes back as typed."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import login, screenshot, search_contacts

pytestmark = pytest.mark.e2e

DAY = ".react-datepicker__day:not(.react-datepicker__day--outside-month)"


@pytest.fixture
def us_page(browser, app_url):
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="en-US", timezone_id="America/New_York"
    )
    context.set_default_timeout(20000)
    page = context.new_page()
    page.app_url = app_url
    yield page
    context.close()


def retype(page, field, text: str) -> None:
    """Empty the field and type the text key by key, as a person would."""
    field.click()
    page.keyboard.press("Control+A")
    page.keyboard.press("Backspace")
    field.press_sequentially(text, delay=15)
    page.keyboard.press("Escape")


def test_the_intervention_date_is_french_in_an_english_browser(us_page):
    page = us_page
    login(page)
    assert page.evaluate("navigator.language") == "en-US"
    page.goto(page.app_url + "/interventions/nouveau")
    field = page.locator("#doc-start_at")
    expect(field).to_have_value(re.compile(r"^\d\d/\d\d/\d{4} \d\d:00$"))
    screenshot(page, "date-picker-closed")

    # The calendar: French month and day names, Monday first, hours in 24 h.
    field.click()
    calendar = page.locator(".react-datepicker")
    expect(calendar).to_be_visible()
    expect(page.locator(".react-datepicker__current-month")).to_have_text(
        re.compile(r"^(janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre"
                   r"|novembre|décembre) \d{4}$", re.IGNORECASE)
    )
    # Each day's name: the full one for screen readers, then the short one shown.
    expect(page.locator(".react-datepicker__day-name")).to_have_text(
        ["lundilu", "mardima", "mercredime", "jeudije", "vendredive", "samedisa", "dimanchedi"]
    )
    expect(page.locator(".react-datepicker__time-list-item", has_text="23:45")).to_have_count(1)
    expect(page.locator(".react-datepicker__time-list-item", has_text="PM")).to_have_count(0)
    screenshot(page, "date-picker-open")
    page.keyboard.press("Escape")

    page.click("#doc-customer")
    page.keyboard.type("Albert Pont")
    page.locator(".customer-option").filter(has_text=re.compile("^Albert Pont")).first.click()
    page.click("#doc-task_type_id")
    page.get_by_role("option", name="Ramonage", exact=True).click()

    # A date that does not exist: a French message at the field, nothing saved.
    retype(page, field, "31/02/2027 10:00")
    page.click("#doc-save")
    expect(page.get_by_text("Le 31/02/2027 n'existe pas dans le calendrier.")).to_be_visible()
    expect(page).to_have_url(re.compile("/interventions/nouveau$"))
    expect(field).to_have_value("31/02/2027 10:00")

    # Typed in 24 h: saved, and the same text after a reload.
    retype(page, field, "05/01/2027 14:30")
    expect(field).to_have_value("05/01/2027 14:30")
    page.click("#doc-save")
    expect(page).to_have_url(re.compile(r"/interventions/\d+$"))
    expect(field).to_have_value("05/01/2027 14:30")
    page.reload()
    expect(field).to_have_value("05/01/2027 14:30")

    # Picked in the calendar (the month of the text) and in the hour list.
    field.click()
    expect(page.locator(".react-datepicker__current-month")).to_have_text(
        re.compile("janvier 2027", re.IGNORECASE)
    )
    page.locator(DAY, has_text=re.compile("^20$")).click()
    page.locator(".react-datepicker__time-list-item", has_text="17:45").click()
    expect(field).to_have_value("20/01/2027 17:45")
    page.click("#doc-save")
    expect(page.get_by_text("Intervention enregistrée.")).to_be_visible()
    page.reload()
    expect(field).to_have_value("20/01/2027 17:45")

    # The History tab shows the same Paris time.
    page.goto(page.app_url + "/")
    search_contacts(page, "Albert Pont")
    page.locator(".contact-row", has_text="Albert Pont").first.click()
    expect(page.locator("#contact-title")).to_have_text("Albert Pont")
    page.click("#tab-history")
    expect(page.locator(".history-row", has_text="20/01/2027 17:45")).to_have_count(1)


def test_the_invoice_date_is_french_in_an_english_browser(us_page):
    page = us_page
    login(page)
    page.goto(page.app_url + "/factures/nouveau")
    field = page.locator("#doc-invoice_date")
    expect(field).to_have_value(re.compile(r"^\d\d/\d\d/\d{4}$"))
    page.click("#doc-customer")
    page.keyboard.type("Albert Pont")
    page.locator(".customer-option").filter(has_text=re.compile("^Albert Pont")).first.click()
    page.fill("#doc-amount", "80")

    retype(page, field, "12/31/2026")  # the American order is refused
    page.click("#doc-save")
    expect(page.get_by_text("Le 12/31/2026 n'existe pas dans le calendrier.")).to_be_visible()

    # Picked in the calendar: the next month's 1st. The form is short: the
    # calendar opens over the card's edge, not cut by it (its last line is
    # what the browser finds under the pointer, below the card).
    field.click()
    page.locator(".react-datepicker__navigation--next").click()
    today = page.locator(".react-datepicker__today-button")
    box = today.bounding_box()
    card_bottom = page.locator(".rt-Card").first.bounding_box()
    assert box["y"] > card_bottom["y"] + card_bottom["height"]
    assert today.evaluate(
        "(el, p) => el.contains(document.elementFromPoint(p.x, p.y))",
        {"x": box["x"] + box["width"] / 2, "y": box["y"] + box["height"] / 2},
    )
    screenshot(page, "date-picker-invoice-open")
    page.locator(DAY, has_text=re.compile("^1$")).click()
    assert re.fullmatch(r"01/\d\d/\d{4}", field.input_value())

    retype(page, field, "15/01/2027")
    page.click("#doc-save")
    expect(page).to_have_url(re.compile(r"/factures/\d+$"))
    page.reload()
    expect(field).to_have_value("15/01/2027")
    page.goto(page.app_url + "/factures")
    expect(page.locator(".document-row", has_text="15/01/2027").first).to_be_visible()
