"""What the maps show and the geocoding request: service functions, no State."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from crm_app.contacts import service as contacts
from crm_app.contacts.forms import ContactForm, SubContactForm
from crm_app.contacts.models import Contact, GeocodeState
from crm_app.core.forms import parse_form
from crm_app.geo import points
from crm_app.geo import service as geo
from crm_app.interventions.models import Intervention, InterventionTechnician
from crm_app.interventions.service import contact_history
from crm_app.users.models import SYSTEM_ACTOR, UserRole
from crm_app.users.service import active_user_choices, create_user

DAY = date(2026, 3, 10)


def located(session, name: str, display_name: str = "", **fields) -> Contact:
    contact = Contact(
        name=name, display_name=display_name or name, latitude=48.11, longitude=-1.68, **fields
    )
    session.add(contact)
    session.flush()
    return contact


@pytest.fixture
def technicians(session):
    jean = create_user(
        session, name="Jean", login="jt", password="Chaudière-35!", role=UserRole.TECHNICIAN
    )
    marc = create_user(
        session, name="Marc", login="mt", password="Chaudière-35!", role=UserRole.TECHNICIAN
    )
    session.flush()
    return jean, marc


def intervention(session, address: Contact, label: str, technician_id: int | None, hour: int):
    row = Intervention(
        customer_id=address.id,
        address_id=address.id,
        start_at=datetime(DAY.year, DAY.month, DAY.day, hour, 0, tzinfo=UTC),
        label=label,
    )
    session.add(row)
    session.flush()
    if technician_id:
        session.add(InterventionTechnician(intervention_id=row.id, user_id=technician_id))
        session.flush()
    return row


def test_contact_points_follow_the_holders_role(session):
    client = located(session, "Client Dupont", is_customer=True, customer_status="client")
    located(session, "Prospect Martin", is_customer=True, customer_status="prospect")
    located(session, "Fournisseur Bois", is_customer=False, is_supplier=True)
    session.add(Contact(name="Sans position"))
    located(
        session,
        "Chantier",
        "Client Dupont, Chantier",
        parent_id=client.id,
        address_type="delivery",
    )
    session.commit()
    titles = {p.title for p in points.contact_points(session, "client")}
    assert titles == {"Client Dupont", "Client Dupont, Chantier"}
    assert {p.title for p in points.contact_points(session, "supplier")} == {"Fournisseur Bois"}
    assert len(points.contact_points(session, "all")) == 4


def test_a_technician_maps_only_his_interventions(session, technicians):
    jean, marc = technicians
    house = located(session, "Maison Le Goff")
    intervention(session, house, "Ramonage", jean.id, 8)
    intervention(session, house, "Entretien chaudière", marc.id, 9)
    intervention(session, house, "Sans technicien", None, 10)
    session.commit()

    def labels(**kwargs) -> list[str]:
        defaults = {"technician_id": None, "state": "", "reader": SYSTEM_ACTOR}
        found = points.intervention_points(session, DAY, **{**defaults, **kwargs})
        return [p.subtitle.split(" · ")[1] for p in found]

    assert labels() == ["Ramonage", "Entretien chaudière", "Sans technicien"]
    assert labels(reader=jean) == ["Ramonage"]
    assert labels(technician_id=marc.id) == ["Entretien chaudière"]
    # A technician filtering on a colleague sees nothing of the colleague's day.
    assert labels(technician_id=marc.id, reader=jean) == []
    # Shown in Paris time.
    assert points.intervention_points(session, DAY, technician_id=None, state="", reader=jean)[
        0
    ].subtitle.startswith("09:00")


def test_geocoding_request_retries_a_failure_and_follows_the_parent(session, office_user):
    main = contacts.create_contact(
        session,
        parse_form(ContactForm, {"name": "Ferme du Bois", "street": "1 rue A", "city": "Rennes"}),
        created_by_id=office_user.id,
    )
    main.geocode_state = GeocodeState.FAILURE.value
    person = contacts.create_sub_contact(
        session,
        main.id,
        parse_form(SubContactForm, {"name": "Anne", "address_type": "contact"}),
        created_by_id=office_user.id,
    )
    session.commit()
    assert geo.request_geocoding(session, main.id) is geo.GeocodingRequest.QUEUED
    assert session.get(Contact, main.id).geocode_state == GeocodeState.NOT_TRIED.value
    assert geo.request_geocoding(session, person.id) is geo.GeocodingRequest.FOLLOWS_PARENT
    assert geo.request_geocoding(session, 999_999) is geo.GeocodingRequest.GONE


def test_address_of_refuses_another_contacts_address(session, office_user):
    first = contacts.create_contact(
        session, parse_form(ContactForm, {"name": "Premier"}), created_by_id=office_user.id
    )
    other = contacts.create_contact(
        session, parse_form(ContactForm, {"name": "Autre"}), created_by_id=office_user.id
    )
    site = contacts.create_sub_contact(
        session,
        other.id,
        parse_form(SubContactForm, {"name": "Chantier", "address_type": "delivery"}),
        created_by_id=office_user.id,
    )
    session.commit()
    assert contacts.address_of(session, other.id, site.id) == site
    assert contacts.address_of(session, first.id, site.id) is None
    assert contacts.address_of(session, other.id, other.id) is None
    assert contacts.address_of(session, other.id, 999_999) is None


def test_active_user_choices_by_name(session, technicians, office_user):
    jean, marc = technicians
    marc.active = False
    session.commit()
    assert active_user_choices(session) == [(jean.id, "Jean"), (office_user.id, "Jean Jean")]


def test_a_technicians_history_shows_only_his_interventions(session, technicians):

    jean, marc = technicians
    house = located(session, "Maison Le Goff")
    intervention(session, house, "Ramonage", jean.id, 8)
    intervention(session, house, "Entretien chaudière", marc.id, 9)
    session.commit()
    assert contact_history(session, house.id, reader=jean).total == 1
    assert contact_history(session, house.id, reader=SYSTEM_ACTOR).total == 2
