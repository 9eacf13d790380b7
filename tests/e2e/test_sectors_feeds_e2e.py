"""End to end, in headless Chromium: an administrator defines a sector
(a range written backwards is refused at the field, then saved), the postcode
tester answers; a user makes his private calendar link in « Mon compte »,
the link serves an iCalendar file, and after « Révoquer » it answers 404."""

from __future__ import annotations

import urllib.error
import urllib.request

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import ARTIFACTS, login

pytestmark = pytest.mark.e2e


def test_sector_is_refused_then_saved_and_the_tester_answers(page):
    login(page)
    page.click("#settings-link")
    page.click("#settings-sectors")
    expect(page.locator("#sectors-title")).to_have_text("Secteurs")
    page.click("#sector-new")
    page.fill("#sector-name", "Pays de Vitré")
    page.fill("#sector-postcodes", "35599-35500")
    page.click("#sector-save")
    expect(page.get_by_text("la plage est à l'envers")).to_be_visible()
    expect(page.locator("#sector-name")).to_have_value("Pays de Vitré")  # what was typed stays
    page.fill("#sector-postcodes", "35500-35599")
    page.get_by_role("checkbox", name="Marc Le Gall").click()
    page.click("#sector-save")
    row = page.locator(".sector-row", has_text="Pays de Vitré")
    expect(row).to_contain_text("355*")
    expect(row).to_contain_text("Marc Le Gall")
    page.fill("#sector-probe", "35500")
    expect(page.locator("#sector-probe-answer")).to_have_text(
        "Secteur Pays de Vitré : Marc Le Gall"
    )
    page.fill("#sector-probe", "29200")
    expect(page.locator("#sector-probe-answer")).to_have_text("Aucun secteur ne couvre 29200.")
    page.screenshot(path=str(ARTIFACTS / "sectors.png"), full_page=True)


def fetch_status(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, b""


def test_calendar_link_is_made_served_and_revoked(page):
    login(page)
    page.goto(page.app_url + "/mon-compte")
    page.click("#feed-create")
    url = page.locator("#feed-url").inner_text().strip()
    assert url.startswith(page.app_url + "/api/calendrier/") and url.endswith(".ics")
    status, body = fetch_status(url)
    assert status == 200 and body.startswith(b"BEGIN:VCALENDAR")
    page.screenshot(path=str(ARTIFACTS / "account-calendar.png"), full_page=True)
    assert fetch_status(url[:-10] + "devine.ics")[0] == 404
    page.click("#feed-revoke")
    expect(page.locator("#feed-url")).to_have_count(0)
    assert fetch_status(url)[0] == 404
