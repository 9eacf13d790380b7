"""End to end, in headless Chromium at phone width (390 px): a technician
opens « Ma journée » (the demo's round of the day), optimises the order,
checks « Itinéraire », starts his first visit, writes a report that survives
a reload, adds a photo, has the customer sign, finishes, and prints the
report, read back with pypdf. The office then applies an optimised order."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.e2e.conftest import ARTIFACTS, log_in_as, login

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
FIRST_CUSTOMER = "Yannick Guillou"


def technician_password(page) -> str:
    """The admin issues a new password for the demo technician « jean »."""
    login(page)
    page.goto(page.app_url + "/utilisateurs")
    row = page.locator(".user-row", has_text="jean")
    row.locator(".reset-password").click()
    password = page.locator("#issued-password").inner_text().strip()
    assert password
    return password


def phone_page(browser, app_url):
    context = browser.new_context(viewport=PHONE, locale="fr-FR", is_mobile=True, has_touch=True)
    context.set_default_timeout(20000)
    tech = context.new_page()
    tech.app_url = app_url
    return tech


def test_technician_day_route_and_field_report(browser, page, tmp_path):
    password = technician_password(page)
    tech = phone_page(browser, page.app_url)
    log_in_as(tech, "jean", password)

    tech.goto(tech.app_url + "/ma-journee")
    stops = tech.locator(".day-stop")
    expect(stops).to_have_count(5)
    first = stops.first
    expect(first).to_contain_text(FIRST_CUSTOMER)
    expect(first).to_contain_text("08:30")
    geo = first.locator(".stop-geo").get_attribute("href") or ""
    assert re.match(r"^geo:48\.153260,-1\.688710\?q=48\.153260,-1\.688710\(.+\)$", geo), geo
    web = first.locator(".stop-web").get_attribute("href") or ""
    assert web.startswith("https://") and "48.153260,-1.688710" in web
    expect(tech.locator("#day-totals")).to_contain_text("5 interventions")
    expect(tech.frame_locator("#day-map").locator(".leaflet-marker-icon")).to_have_count(5)
    tech.screenshot(path=str(ARTIFACTS / "day-phone.png"), full_page=True)
    tech.locator("#day-map").screenshot(path=str(ARTIFACTS / "day-route-map.png"))

    tech.click("#optimise")
    expect(tech.locator("#proposal-summary")).to_contain_text("au lieu de")
    # The technician looks at the better order; only the office may apply it.
    expect(tech.locator("#apply-proposal")).to_have_count(0)
    tech.screenshot(path=str(ARTIFACTS / "day-phone-optimised.png"), full_page=True)
    tech.get_by_text("Garder l'ordre prévu").click()
    expect(tech.locator("#proposal-summary")).to_have_count(0)

    # The first visit: start, report, reload (the draft stays), photo, signature.
    tech.locator(".day-stop").first.locator(".stop-report").click()
    tech.wait_for_url(re.compile(r"/terrain/\d+$"))
    expect(tech.get_by_text(FIRST_CUSTOMER).first).to_be_visible()
    tech.click("#start-intervention")
    expect(tech.get_by_text("En cours").first).to_be_visible()
    report = "Chaudière nettoyée, joint remplacé <b>ok</b>"
    tech.locator("#field-report").fill(report)
    tech.wait_for_timeout(300)
    tech.reload()
    expect(tech.locator("#field-report")).to_have_value(report)

    photo = tmp_path / "chaudiere.jpg"
    Image.new("RGB", (2400, 1800), (180, 90, 40)).save(photo, "JPEG")
    not_image = tmp_path / "notes.jpg"
    not_image.write_bytes(b"%PDF-1.4 pas une image")
    tech.locator("#field-photos input[type=file]").set_input_files(str(not_image))
    expect(tech.get_by_text("n'est pas une image")).to_be_visible()
    tech.locator("#field-photos input[type=file]").set_input_files(str(photo))
    expect(tech.locator("img[alt='chaudiere.jpg']")).to_have_count(1)

    tech.click("#save-signature")
    expect(tech.get_by_text("faites signer le client").first).to_be_visible()
    pad = tech.locator("#signature-pad")
    pad.scroll_into_view_if_needed()
    box = pad.bounding_box()
    assert box is not None
    tech.mouse.move(box["x"] + 30, box["y"] + 100)
    tech.mouse.down()
    for step in range(1, 12):
        tech.mouse.move(box["x"] + 30 + step * 25, box["y"] + 100 + (step % 3) * 20 - 20)
    tech.mouse.up()
    # The strokes are kept in the browser: a reload before saving keeps them.
    tech.wait_for_timeout(300)
    tech.reload()
    expect(tech.locator("#field-report")).to_have_value(report)
    tech.fill("#signer-name", "Y. Guillou")
    tech.click("#save-signature")
    expect(tech.get_by_text(re.compile("Signé par Y. Guillou"))).to_be_visible()
    # The kept signature is shown above the (cleared) pad.
    expect(tech.locator("#saved-signature")).to_be_visible()

    tech.fill("#time-spent", "1h20")
    tech.click("#finish-done")
    expect(tech.locator("#report-text")).to_have_text(report)
    expect(tech.get_by_text("Terminé").first).to_be_visible()
    tech.screenshot(path=str(ARTIFACTS / "field-report-phone.png"), full_page=True)

    with tech.expect_download() as download_info:
        tech.click("#print-report")
    data = open(download_info.value.path(), "rb").read()
    reader = PdfReader(io.BytesIO(data))
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    for expected in (FIRST_CUSTOMER, report, "Signé par Y. Guillou", "01:20", "Photos"):
        assert expected in text, expected
    assert sum(len(p.images) for p in reader.pages) == 2  # the photo and the signature
    tech.context.close()


def test_office_applies_an_optimised_order(page):
    login(page)
    page.goto(page.app_url + "/ma-journee")
    page.click("#day-technician")  # the first technician by name may be another test's
    page.get_by_role("option", name="Jean Jean", exact=True).click()
    expect(page.locator("#day-technician")).to_contain_text("Jean Jean")
    expect(page.locator(".day-stop")).to_have_count(5)
    before = page.locator(".day-stop").all_inner_texts()
    page.click("#optimise")
    expect(page.locator("#apply-proposal")).to_be_visible()
    page.click("#apply-proposal")
    expect(page.get_by_text(re.compile(r"Planning mis à jour"))).to_be_visible()
    page.reload()
    expect(page.locator(".day-stop")).to_have_count(5)
    after = page.locator(".day-stop").all_inner_texts()
    assert after != before
    # Hélène Moreau's time was agreed with the customer: it did not move.
    moreau = page.locator(".day-stop", has_text="Hélène Moreau")
    expect(moreau).to_contain_text("11:30")
