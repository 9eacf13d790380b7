"""The Localisation tab's State: data at page load, the map drawn only once
the tab is on screen, then kept up to date."""

from __future__ import annotations

from crm_app.contacts import service
from crm_app.contacts.models import GeocodeState
from crm_app.geo.state import LocationTabState
from tests.state_helpers import at_path, log_in, substate


def test_map_is_drawn_when_the_tab_is_shown(root, session, office_user):
    contact = service.create_contact(
        session, {"name": "Poêles Kerandraon", "city": "Brest"}, created_by_id=office_user.id
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
