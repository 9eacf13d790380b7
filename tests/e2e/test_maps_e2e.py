"""End to end, in headless Chromium: the Localisation tab's map and the
Carte page (desktop and phone width), geocoding in the background against
the local BAN stub, manual coordinates, and hostile names in popups."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from crm_app.geo import maps
from tests.e2e.conftest import create_company, login, screenshot, search_contacts, unique

pytestmark = pytest.mark.e2e


def open_location_tab(page) -> None:
    page.click("#tab-location")
    expect(page.locator("#tab-location")).to_have_attribute("data-state", "active")


def test_localisation_tab_shows_the_map_with_markers(page):
    login(page)
    search_contacts(page, "Astier")
    page.locator(".contact-row:not(.child-row)", has_text="Alexandre Astier").click()
    open_location_tab(page)
    frame = page.frame_locator("#contact-map")
    expect(frame.locator(".leaflet-container")).to_be_visible()
    expect(page.locator("#geocoding-indicator")).to_have_count(0)
    # The contact and its geolocated sub-addresses, one circle each.
    rows = page.locator(".location-row")
    placed = page.locator(".location-row .coordinates").count()
    assert rows.count() >= 2 and placed >= 2
    expect(frame.locator("path.leaflet-interactive")).to_have_count(placed)
    expect(rows.first).to_contain_text("Manuel")
    screenshot(page, "location-tab")


def open_popup(frame, marker):
    """Click the marker until its popup shows: the map may be drawn once more
    after the page's data arrives, and a click on the replaced map is lost."""
    popup = frame.locator(".leaflet-popup-content")
    for _ in range(3):
        marker.dispatch_event("click")
        try:
            expect(popup).to_be_visible(timeout=5000)
            break
        except AssertionError:
            continue
    return popup


def test_a_marker_popup_has_the_directions_link(page):
    login(page)
    search_contacts(page, "Albert Pont")
    page.locator(".contact-row", has_text="Albert Pont").first.click()
    open_location_tab(page)
    frame = page.frame_locator("#contact-map")
    marker = frame.locator("path.leaflet-interactive")
    expect(marker).to_have_count(1)
    popup = open_popup(frame, marker)
    expect(popup).to_contain_text("Albert Pont")
    expect(popup.get_by_role("link", name="Itinéraire")).to_have_attribute(
        "href", re.compile(r"^https://www\.google\.com/maps/dir/\?api=1&destination=48\.")
    )


def test_a_new_address_is_geocoded_in_the_background(page):
    login(page)
    create_company(page, unique("Géocodage Auto"))
    open_location_tab(page)
    row = page.locator(".location-row").first
    expect(row.locator(".geocode-state")).to_have_text("Réussi")
    expect(row.locator(".coordinates")).to_contain_text("Lat. 48.")
    expect(page.frame_locator("#contact-map").locator("path.leaflet-interactive")).to_have_count(1)


def test_manual_coordinates_are_checked_then_kept(page):
    login(page)
    create_company(page, unique("Coordonnées Manuelles"))
    open_location_tab(page)
    page.fill("#manual-latitude", "123")
    page.fill("#manual-longitude", "-1.68")
    page.click("#save-coordinates")
    expect(page.get_by_text("Latitude : doit être compris entre -90 et 90.")).to_be_visible()
    page.fill("#manual-latitude", "48,1172")
    page.click("#save-coordinates")
    row = page.locator(".location-row").first
    expect(row.locator(".geocode-state")).to_have_text("Manuel")
    expect(row.locator(".coordinates")).to_contain_text("Lat. 48.117200")


def test_a_hostile_name_shows_as_text_in_the_map_popup(page):
    login(page)
    hostile = '<img src=x onerror="window.parent.__pwned=1">Piège'
    create_company(page, hostile)
    open_location_tab(page)
    page.fill("#manual-latitude", "48.11")
    page.fill("#manual-longitude", "-1.67")
    page.click("#save-coordinates")
    frame = page.frame_locator("#contact-map")
    marker = frame.locator("path.leaflet-interactive")
    expect(marker).to_have_count(1)
    popup = open_popup(frame, marker)
    expect(popup).to_contain_text(hostile)
    assert frame.locator(".leaflet-popup-content img").count() == 0
    assert page.evaluate("window.__pwned") is None


@pytest.mark.parametrize(("width", "height"), [(1280, 900), (390, 844)])
def test_carte_page_clusters_the_contacts(browser, app_url, width, height):
    context = browser.new_context(viewport={"width": width, "height": height}, locale="fr-FR")
    page = context.new_page()
    page.app_url = app_url
    login(page)
    page.goto(app_url + "/carte")
    expect(page.locator("#map-count")).to_contain_text("point(s)")
    frame = page.frame_locator("#field-map")
    expect(frame.locator(".leaflet-container")).to_be_visible()
    expect(frame.locator(".marker-cluster").first).to_be_visible()
    box = page.locator("#field-map").bounding_box()
    assert box["width"] <= width and box["height"] > 300
    screenshot(page, f"carte-{width}")

    page.click("#geocode-all")
    expect(page.locator("#geocode-progress-text")).to_contain_text(
        re.compile("contacts traités|Aucun contact à géolocaliser")
    )
    context.close()


def test_carte_page_shows_a_day_of_interventions(page):
    login(page)
    page.goto(page.app_url + "/carte")
    page.click("#map-mode")
    page.get_by_role("option", name="Interventions", exact=True).click()
    page.fill("#map-day", "28/12/2023")
    expect(page.locator("#map-count")).to_have_text("1 point(s) sur la carte")
    page.click("#map-technician")
    page.get_by_role("option", name="Marc Le Gall", exact=True).click()
    expect(page.locator("#map-count")).to_have_text("0 point(s) sur la carte")


def test_background_geocoding_after_a_save_leaves_the_page_as_it_is(page):
    """Only the Localisation tab's data changes when the geocoder answers:
    an open menu stays open and nothing of the page is drawn again."""
    login(page)
    create_company(page, unique("Géocodage Discret"))
    open_location_tab(page)  # its map is drawn again when the geocoder answers
    page.fill("#header-street", "5 chemin du Moulin Lent")  # the stub answers in 2 s
    page.click("#save-header")
    expect(page.get_by_text("Contact enregistré.")).to_be_visible()
    expect(page.locator("#geocoding-indicator")).to_be_visible()
    page.click("#personal-data")
    expect(page.locator("#export-json")).to_be_visible()
    page.evaluate("document.querySelector('#contact-title').dataset.mark = 'kept'")
    page.wait_for_timeout(3500)  # the geocoder has answered
    expect(page.locator("#export-json")).to_be_visible()
    assert page.evaluate("document.querySelector('#contact-title').dataset.mark") == "kept"
    page.keyboard.press("Escape")
    open_location_tab(page)
    row = page.locator(".location-row").first
    expect(row.locator(".geocode-state")).to_have_text("Réussi")


def test_a_notice_says_when_the_tiles_cannot_be_loaded(page):
    """The e2e app's tile address answers 404 (no tile server here): the maps
    say so over the map, and the points stay clickable through the notice."""
    login(page)
    search_contacts(page, "Albert Pont")
    page.locator(".contact-row", has_text="Albert Pont").first.click()
    open_location_tab(page)
    frame = page.frame_locator("#contact-map")
    notice = frame.locator(".tile-error-notice")
    expect(notice).to_have_text("Fond de carte indisponible — les points restent affichés")
    marker = frame.locator("path.leaflet-interactive")
    marker.click()
    expect(frame.locator(".leaflet-popup-content")).to_contain_text("Albert Pont")
    screenshot(page, "map-without-tiles")
    page.goto(page.app_url + "/carte")
    expect(page.frame_locator("#field-map").locator(".tile-error-notice")).to_be_visible()


def test_no_notice_when_the_tiles_load(page, monkeypatch):
    """The same map with a tile address that answers: no notice."""
    login(page)  # on the app's origin, so /vendor resolves
    point = maps.MapPoint(48.1, -1.68, "Essai")
    for tiles, expected in (("/vendor/leaflet/images/layers.png", 0), ("/vendor/none.png", 1)):
        monkeypatch.setenv("CRM_MAP_TILES", tiles)
        page.set_content(maps.contact_map_html([point]))
        expect(page.locator("path.leaflet-interactive")).to_have_count(1)
        page.wait_for_load_state("networkidle")
        expect(page.locator(".tile-error-notice")).to_have_count(expected)
