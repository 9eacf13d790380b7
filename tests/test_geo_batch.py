"""Batch geocoding of a large import through the BAN's CSV operation,
against the local stub (tests/geo_stub.py): one request per batch, the
answers cached then stored on each contact; a refused batch falls back to
one address at a time."""

from __future__ import annotations

import pytest

from crm_app.contacts import service as contacts
from crm_app.contacts.forms import ContactForm
from crm_app.contacts.models import Contact, GeocodeState
from crm_app.core.forms import parse_form
from crm_app.geo import batch, geocoder
from crm_app.geo import service as geo
from tests.geo_stub import StubGeocoder, position_for


@pytest.fixture
def stub(monkeypatch):
    server = StubGeocoder().start()
    monkeypatch.setenv("CRM_GEOCODER", "ban")
    monkeypatch.setenv("CRM_GEOCODER_DOMAIN", f"{server.domain}/geocodage")
    monkeypatch.setenv("CRM_GEOCODER_SCHEME", "http")
    monkeypatch.setenv("CRM_GEOCODER_TIMEOUT", "2")
    yield server
    server.stop()


def imported(session, count: int, *, lost: int = 0) -> list[int]:
    ids = []
    for n in range(count):
        street = f"{n + 1} rue {'Introuvable' if n < lost else 'de Brest'}"
        contact = contacts.create_contact(
            session,
            parse_form(
                ContactForm,
                {"name": f"Client {n}", "street": street, "zip": "35000", "city": "Rennes"},
            ),  # fmt: skip
            created_by_id=None,
        )
        ids.append(contact.saved_id)
    session.commit()
    return ids


def test_a_large_import_is_geocoded_in_one_batch(session, app_db, stub):
    ids = imported(session, 120, lost=3)
    succeeded, failed = geo.geocode_imported(ids)
    assert (succeeded, failed) == (117, 3)
    posts = [r for r in stub.requests if r.get("method") == "POST"]
    assert [r["path"] for r in posts] == ["/geocodage/search/csv"]
    assert posts[0]["params"]["columns"] == "adresse" and posts[0]["rows"] == 120
    # Everything came from the batch: no address asked one by one.
    assert [r for r in stub.requests if r.get("method") != "POST"] == []
    session.expire_all()
    first = session.get(Contact, ids[10])
    assert first.geocode_state == GeocodeState.SUCCESS.value
    assert (first.latitude, first.longitude) == pytest.approx(
        position_for(geo.address_query(first) or ""), abs=1e-6
    )
    lost = session.get(Contact, ids[0])
    assert lost.geocode_state == GeocodeState.FAILURE.value


def test_a_refused_batch_falls_back_to_one_address_at_a_time(session, app_db, stub):
    stub.batch_status = 503
    ids = imported(session, 60)
    succeeded, failed = geo.geocode_imported(ids)
    assert (succeeded, failed) == (60, 0)
    assert len([r for r in stub.requests if r.get("method") != "POST"]) == 60


def test_a_small_import_goes_one_address_at_a_time(session, app_db, stub):
    ids = imported(session, 5)
    assert geo.geocode_imported(ids) == (5, 0)
    assert [r for r in stub.requests if r.get("method") == "POST"] == []


def test_batch_errors_are_said_in_french(stub):
    settings = geocoder.GeocoderSettings(
        provider="ban", domain=f"{stub.domain}/geocodage", scheme="http", timeout=1.0
    )
    stub.batch_status = 429
    with pytest.raises(geocoder.GeocodingFailed, match="HTTP 429"):
        batch.geocode_batch(["1 rue de Brest Rennes"], settings)
    stub.batch_status = 200
    answers = batch.geocode_batch(["1 rue de Brest Rennes", "rue introuvable"], settings)
    assert answers["1 rue de Brest Rennes"].found and not answers["rue introuvable"].found
