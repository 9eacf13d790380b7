"""End to end, in headless Chromium: import a file through « Importer des
contacts » (mapping, preview, progress), find its rows in the list, undo it;
export a search and import it back."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import login, screenshot, search_contacts, unique

pytestmark = pytest.mark.e2e


def _choose_field(page, header: str, label: str) -> None:
    page.locator(f"tr[data-header='{header}'] .column-field").click()
    page.get_by_role("option", name=label, exact=True).click()


def test_import_preview_progress_list_and_undo(page, tmp_path):
    login(page)
    tag = unique("Kerimport")
    source = tmp_path / "clients.csv"
    source.write_bytes(
        (
            "Raison sociale;CP;Ville;Tél;Courriel;Divers\r\n"
            f"Garage {tag};29200;Brest;02 98 44 11 22;garage@{tag.split()[1]}.fr;x\r\n"
            f"Ferme {tag};35500;Vitré;0299001122;pas-un-email;y\r\n"
            f"Hôtel {tag};56000;Vannes;;;z\r\n"
        ).encode("cp1252")
    )
    page.goto(page.app_url + "/")
    page.click("#import-contacts")
    expect(page.get_by_role("heading", name="Importer des contacts")).to_be_visible()
    page.set_input_files("#import-upload input[type=file]", str(source))
    expect(page.locator("tr[data-header='Raison sociale']")).to_be_visible()
    expect(page.locator("tr[data-header='CP'] .column-field")).to_have_text("Code postal")
    expect(page.locator("tr[data-header='Tél'] .column-field")).to_have_text("Téléphone")
    _choose_field(page, "Divers", "Notes")
    expect(page.locator("tr[data-header='Divers'] .column-field")).to_have_text("Notes")
    screenshot(page, "import-mapping")

    page.click("#import-preview")
    expect(page.locator("#import-totals")).to_have_text(
        "2 ligne(s) valide(s), 1 invalide(s), 0 doublon(s) probable(s)."
    )
    expect(page.locator(".preview-row[data-line='3']")).to_contain_text("Adresse courriel invalide")
    expect(page.locator(".preview-row[data-line='3']")).to_contain_text("35500 Vitré")
    expect(page.locator(".preview-row[data-line='3']")).to_contain_text("pas-un-email")
    expect(page.locator(".preview-row[data-line='3']")).to_contain_text("02 99 00 11 22")
    expect(page.locator(".preview-row[data-line='4']")).to_contain_text(f"Hôtel {tag}")
    screenshot(page, "import-preview")

    page.click("#import-start")
    expect(page.locator("#import-state")).to_have_text("Terminé", timeout=30_000)
    expect(page.locator("#import-counts")).to_contain_text("2 créé(s)")
    expect(page.locator("#import-counts")).to_contain_text("1 refusé(s)")
    screenshot(page, "import-done")
    import_url = page.url

    page.goto(page.app_url + "/")
    search_contacts(page, tag)
    expect(page.locator(".contact-row")).to_have_count(2)

    page.goto(import_url)
    page.click("#import-undo")
    expect(page.locator("#import-state")).to_have_text("Annulé")
    page.goto(page.app_url + "/")
    search_contacts(page, tag)
    expect(page.locator(".contact-row")).to_have_count(0)


def test_export_then_import_back(page, tmp_path):
    login(page)
    tag = unique("Allerretour")
    page.goto(page.app_url + "/")
    page.click("#new-company")
    page.fill("#new-name", f"Société {tag}")
    page.fill("#new-phone", "02 99 31 41 59")
    page.fill("#new-zip", "35000")
    page.fill("#new-city", "Rennes")
    page.click("#new-save")
    expect(page.locator("#contact-title")).to_have_text(f"Société {tag}")

    page.goto(page.app_url + "/")
    search_contacts(page, tag)
    page.click("#export-contacts")
    page.click("#export-format-csv")
    for box in page.locator("[id^=export-column-]").all():
        if box.get_attribute("data-state") == "checked":
            box.click()
    for key in ("name", "zip", "city", "phone"):
        page.click(f"#export-column-{key}")
    with page.expect_download() as download_info:
        page.click("#export-start")
    exported = tmp_path / "export.csv"
    download_info.value.save_as(exported)

    page.goto(page.app_url + "/import")
    page.set_input_files("#import-upload input[type=file]", str(exported))
    expect(page.locator("tr[data-header='Nom'] .column-field")).to_have_text("Nom / Raison sociale")
    page.click("#import-preview")
    # The same contact: found as a duplicate of itself, skipped by default.
    expect(page.locator("#import-totals")).to_have_text(
        "1 ligne(s) valide(s), 0 invalide(s), 1 doublon(s) probable(s)."
    )
    expect(page.locator(".preview-row[data-line='2']")).to_contain_text("même téléphone")
