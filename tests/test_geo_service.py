"""Geocoding against a local stub of BAN and Nominatim (the real geopy code
path, no internet): success, cache, every fault, manual coordinates, the
rate limit, and what an address change does."""

from __future__ import annotations

import pytest
from sqlmodel import select

from crm_app import db
from crm_app.contacts import service as contacts
from crm_app.contacts.commercial_forms import ContactPageForm
from crm_app.contacts.forms import ContactForm, SubContactForm
from crm_app.contacts.models import Contact
from crm_app.core.errors import FormError
from crm_app.core.forms import parse_form
from crm_app.geo import geocoder
from crm_app.geo import service as geo
from crm_app.geo.models import GeocodeCacheEntry
from tests.geo_stub import StubGeocoder, position_for


@pytest.fixture(scope="module")
def stub():
    server = StubGeocoder().start()
    yield server
    server.stop()


@pytest.fixture
def ban(stub):
    stub.requests.clear()
    return geocoder.Geocoder(
        geocoder.GeocoderSettings(
            provider="ban", domain=f"{stub.domain}/geocodage", scheme="http", timeout=1.0
        )
    )


@pytest.fixture
def nominatim(stub):
    stub.requests.clear()
    return geocoder.Geocoder(
        geocoder.GeocoderSettings(
            provider="nominatim", domain=stub.domain, scheme="http", timeout=1.0
        )
    )


def contact_at(session, street: str, name: str = "Albert Pont") -> Contact:
    contact = contacts.create_contact(
        session,
        parse_form(ContactForm, {"name": name, "street": street, "zip": "35000", "city": "Rennes"}),
        created_by_id=None,
    )
    session.commit()
    return contact


def test_ban_success_stores_position_score_and_date(session, ban, stub):
    contact = contact_at(session, "14 rue de Saint-Malo")
    assert geo.geocode_contact(session, contact, ban) == "success"
    lat, lon = position_for("14 rue de Saint-Malo, 35000 Rennes")
    assert (contact.latitude, contact.longitude) == pytest.approx((lat, lon))
    assert contact.geocode_score == 0.97 and contact.geocode_date is not None
    request = stub.requests[-1]
    assert request["path"] == "/geocodage/search"
    assert request["params"]["q"] == "14 rue de Saint-Malo, 35000 Rennes"


def test_the_same_address_is_never_asked_twice(session, ban, stub):
    first = contact_at(session, "9 rue de Fougères")
    second = contact_at(session, "9  RUE de Fougères", name="Autre")
    geo.geocode_contact(session, first, ban)
    geo.geocode_contact(session, second, ban)
    assert len(stub.requests) == 1
    assert (second.latitude, second.longitude) == (first.latitude, first.longitude)
    assert session.exec(select(GeocodeCacheEntry)).one().found


def test_nominatim_names_the_app_and_keeps_to_france(session, nominatim, stub):
    contact = contact_at(session, "3 place des Lices")
    assert geo.geocode_contact(session, contact, nominatim) == "success"
    request = stub.requests[-1]
    assert request["user_agent"].startswith("CRM-Terrain/")
    assert "geopy" not in request["user_agent"].lower()
    assert request["params"]["format"] == "json"
    assert request["params"]["countrycodes"] == "fr,be,lu,ch"
    assert contact.geocode_score == pytest.approx(0.31)


@pytest.mark.parametrize(
    ("street", "reason"),
    [
        ("1 rue introuvable", "Adresse introuvable"),
        ("1 rue du quota", "HTTP 429"),
        ("1 rue en panne", "indisponible"),
        ("1 rue lente", "à temps"),
    ],
)
@pytest.mark.parametrize("provider", ["ban", "nominatim"])
def test_faults_leave_the_contact_saved_with_the_reason(session, request, provider, street, reason):
    geocoder = request.getfixturevalue(provider)
    contact = contact_at(session, street)
    assert geo.geocode_contact(session, contact, geocoder) == "failure"
    session.commit()
    fresh = session.get(Contact, contact.id)
    assert fresh.geocode_state == "failure" and reason in fresh.geocode_error
    assert fresh.name == "Albert Pont"


def test_a_fault_is_not_cached_and_a_later_retry_works(session, ban, stub):
    contact = contact_at(session, "2 rue en panne")
    geo.geocode_contact(session, contact, ban)
    assert contact.geocode_state == "failure"
    assert session.exec(select(GeocodeCacheEntry)).first() is None
    # The user corrects the address; the retry succeeds.
    contacts.update_contact(
        session,
        contact.id,
        parse_form(ContactPageForm, {"street": "2 rue de Brest"}),
        expected_version=contact.version,
    )
    assert contact.geocode_state == "not_tried"
    assert geo.geocode_contact(session, contact, ban) == "success"


def test_no_address_is_said_so(session, ban, stub):
    contact = contacts.create_contact(
        session, parse_form(ContactForm, {"name": "Sans adresse"}), created_by_id=None
    )
    assert geo.geocode_contact(session, contact, ban) == "no_address"
    assert stub.requests == []


def test_manual_coordinates_are_checked_and_never_overwritten(session, ban):
    contact = contact_at(session, "5 rue Manuelle")
    with pytest.raises(FormError) as caught:
        geo.set_manual_coordinates(session, contact, "91", "abc")
    assert set(caught.value.errors) == {"latitude", "longitude"}
    assert "entre -90 et 90" in caught.value.errors["latitude"]
    geo.set_manual_coordinates(session, contact, "48,1173", "-1.6778")
    assert (contact.latitude, contact.geocode_state) == (48.1173, "manual")
    assert not geo.needs_geocoding(contact)
    contacts.update_contact(
        session,
        contact.id,
        parse_form(ContactPageForm, {"street": "6 rue Manuelle"}),
        expected_version=contact.version,
    )
    assert contact.geocode_state == "manual" and contact.latitude == 48.1173
    assert contact.id not in geo.contacts_to_geocode(session)


def test_coordinates_typed_while_the_provider_answers_are_kept(app_db, session, ban):
    """The background geocoding read the contact, then the user saved manual
    coordinates while the provider was answering: the user's stand."""
    contact = contact_at(session, "7 rue Lente")

    class UserTypesMeanwhile:
        provider = ban.provider

        def lookup(self, query):
            with db.session_scope() as other:
                geo.set_manual_coordinates(other, other.get(Contact, contact.id), "47.5", "-2.1")
                other.commit()
            return ban.lookup(query)

    assert geo.geocode_contacts([contact.id], UserTypesMeanwhile()) == (0, 0)
    session.expire_all()
    kept = session.get(Contact, contact.id)
    assert (kept.geocode_state, kept.latitude, kept.longitude) == ("manual", 47.5, -2.1)


def test_address_sharing_sub_contacts_follow_their_main_contact(session, ban):
    contact = contact_at(session, "7 rue de Nantes")
    child = contacts.create_sub_contact(
        session,
        contact.id,
        parse_form(SubContactForm, {"address_type": "contact", "name": "Marie"}),
        created_by_id=None,
    )
    site = contacts.create_sub_contact(
        session,
        contact.id,
        parse_form(
            SubContactForm,
            {
                "address_type": "delivery",
                "name": "Chantier",
                "street": "1 rue X",
                "zip": "35000",
                "city": "Rennes",
            },
        ),
        created_by_id=None,
    )
    session.commit()
    assert set(geo.contacts_to_geocode(session)) == {contact.id, site.id}
    geo.geocode_contact(session, contact, ban)
    assert (child.latitude, child.geocode_state) == (contact.latitude, "success")


def test_the_nominatim_rate_limit_is_respected(session, nominatim, stub):
    for street in ("10 rue A", "11 rue B", "12 rue C"):
        geo.geocode_contact(session, contact_at(session, street), nominatim)
    # (a late request from an earlier timeout test may still land: keep ours)
    times = [r["time"] for r in stub.requests if r["params"].get("q", "")[:2] in ("10", "11", "12")]
    gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
    assert len(times) == 3 and min(gaps) >= 0.95


def test_settings_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("CRM_GEOCODER", "nominatim")
    settings = geocoder.GeocoderSettings.from_env()
    assert settings.domain == "nominatim.openstreetmap.org"
    monkeypatch.delenv("CRM_GEOCODER")
    assert geocoder.GeocoderSettings.from_env().domain == "data.geopf.fr/geocodage"
    monkeypatch.setenv("CRM_GEOCODER", "google")
    with pytest.raises(ValueError):
        geocoder.GeocoderSettings.from_env()
