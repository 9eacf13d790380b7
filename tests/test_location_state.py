"""The Localisation tab's State: data at page load, the map drawn only once
the tab is on screen, then kept up to date."""

from __future__ import annotations

from crm_app.audit.state import JournalState
from crm_app.contacts import service
from crm_app.contacts.forms import ContactForm, SubContactForm
from crm_app.contacts.models import GeocodeState
from crm_app.contacts.page_state import ContactPageState
from crm_app.core.forms import parse_form
from crm_app.geo.state import LocationTabState
from crm_app.interventions.service import save_intervention
from crm_app.interventions.state import HistoryTabState
from crm_app.reference.models import TaskType
from tests.state_helpers import at_path, log_in, run_async, substate


def test_map_is_drawn_when_the_tab_is_shown(root, session, office_user):
    contact = service.create_contact(
        session,
        parse_form(ContactForm, {"name": "Poêles Kerandraon", "city": "Brest"}),
        created_by_id=office_user.id,
    )
    contact.latitude, contact.longitude = 48.39, -4.49
    contact.geocode_state = GeocodeState.MANUAL.value
    session.commit()
    log_in(root)
    tab = substate(root, LocationTabState)
    at_path(tab, f"/contact/{contact.id}")

    tab.load_location()
    assert [row.name for row in tab.location_rows] == ["Poêles Kerandraon"]
    assert tab.map_html == ""  # nothing drawn for a tab nobody looks at

    tab.show_map()
    assert "Poêles Kerandraon" in tab.map_html and "leaflet" in tab.map_html

    # Once shown, a change redraws it.
    tab.manual_latitude, tab.manual_longitude = "48.5", "-4.2"
    tab.save_manual_coordinates()
    assert "48.5" in tab.map_html

    # A new visit of the page starts without a map again.
    tab.load_location()
    assert tab.map_html == ""


def test_one_page_load_fills_the_header_and_every_tab(root, session, office_user):
    """/contact/[id] has one on_load handler: the header, the addresses, the
    History, the journal and the Localisation tab are all filled by it, and
    addresses waiting for coordinates are sent to the background geocoder."""
    customer = service.create_contact(
        session,
        parse_form(
            ContactForm,
            {
                "name": "Chaufferie Kerbrat",
                "street": "2 rue de Siam",
                "zip": "29200",
                "city": "Brest",
            },
        ),
        created_by_id=office_user.id,
    )
    service.create_sub_contact(
        session,
        customer.id,
        parse_form(
            SubContactForm,
            {"address_type": "other", "name": "Atelier", "street": "4 rue Kléber", "city": "Brest"},
        ),
        created_by_id=office_user.id,
    )
    task = TaskType(name="Ramonage")
    session.add(task)
    session.flush()
    save_intervention(
        session,
        {
            "customer_id": str(customer.id),
            "address_id": str(customer.id),
            "task_type_id": str(task.id),
            "start_at": "2026-12-01T14:00",
            "duration_minutes": "01:00",
            "label": "Ramonage annuel",
        },
    )
    session.commit()
    log_in(root)
    page = substate(root, ContactPageState)
    at_path(page, f"/contact/{customer.id}")

    pending = run_async(page.load())

    assert page.display_name == "Chaufferie Kerbrat"
    assert [card.name for card in page.sub_contacts] == ["Atelier"]
    assert [line.label for line in substate(root, HistoryTabState).history] == ["Ramonage annuel"]
    assert substate(root, JournalState).journal_total >= 1
    tab = substate(root, LocationTabState)
    assert [row.name for row in tab.location_rows] == [
        "Chaufferie Kerbrat",
        "Chaufferie Kerbrat, Atelier",
    ]
    assert tab.map_html == ""
    assert "geocode_in_background" in str(pending)
