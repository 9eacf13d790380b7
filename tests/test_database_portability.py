"""What differs between SQLite and PostgreSQL and must not show: time zones,
numbering, id sequences, NUL characters, several workers numbering at once.

Every test runs on both databases (``CRM_TEST_DATABASE``); the PostgreSQL
session of the test database runs in a non-UTC time zone on purpose (see
``tests/databases.py``).
"""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import Session, select

from crm_app import db
from crm_app.accounting.models import Invoice
from crm_app.contacts import service as contacts
from crm_app.contacts.forms import ContactForm
from crm_app.contacts.models import Contact
from crm_app.core.clock import as_utc
from crm_app.core.forms import parse_form
from crm_app.demo.loader import REFERENCE_DATA, load_reference_data
from crm_app.demo.synthetic import generate
from crm_app.documents.rules import next_number
from crm_app.reference import service as reference
from crm_app.reference.models import MarketingCampaign
from crm_app.users import admin, throttle
from crm_app.users import service as users
from crm_app.users.models import User
from tests import databases


def test_datetimes_come_back_as_stored_in_utc(db_url, session, office_user):
    moment = datetime(2026, 3, 29, 0, 30, tzinfo=UTC)  # a Paris DST change night
    office_user.last_login_at = moment
    session.add(office_user)
    session.commit()
    with Session(db.get_engine(db_url)) as other:
        stored = other.get(User, office_user.id).last_login_at
        # Naive from SQLite, in UTC from PostgreSQL whatever the server's zone:
        # the same text in exports and in the journal either way.
        assert stored.utcoffset() in (None, timedelta(0))
        assert as_utc(stored) == moment
        before = datetime(2026, 3, 29, 0, 45, tzinfo=UTC)
        found = other.exec(select(User.id).where(User.last_login_at < before)).all()
        assert found == [office_user.id]


def _customer(session) -> int:
    customer = contacts.create_contact(
        session, parse_form(ContactForm, {"name": "Ramonage Le Goff"}), created_by_id=None
    )
    session.commit()
    return customer.id


def _invoice(session, customer_id: int, number: str) -> None:
    session.add(
        Invoice(
            number=number,
            customer_id=customer_id,
            invoice_address_id=customer_id,
            invoice_date=date(2026, 12, 1),
        )
    )
    session.commit()


def test_numbers_keep_counting_after_9999(session):
    customer_id = _customer(session)
    assert next_number(session, Invoice, "FAC", 2026) == "FAC-2026-0001"
    _invoice(session, customer_id, "FAC-2026-9999")
    _invoice(session, customer_id, "FAC-2025-12345")
    assert next_number(session, Invoice, "FAC", 2026) == "FAC-2026-10000"
    _invoice(session, customer_id, "FAC-2026-10000")
    assert next_number(session, Invoice, "FAC", 2026) == "FAC-2026-10001"


@pytest.mark.skipif(
    not databases.on_postgresql(),
    reason="SQLite lets one writer in at a time; several workers need PostgreSQL",
)
def test_two_workers_numbering_at_once_take_turns(db_url, session):
    customer_id = _customer(session)
    engine = db.get_engine(db_url)
    numbers: list[str] = []
    with Session(engine) as first:
        numbers.append(next_number(first, Invoice, "FAC", 2026))
        first.add(
            Invoice(
                number=numbers[0],
                customer_id=customer_id,
                invoice_address_id=customer_id,
                invoice_date=date(2026, 12, 1),
            )
        )
        first.flush()

        def second_worker() -> None:
            with Session(engine) as second:
                numbers.append(next_number(second, Invoice, "FAC", 2026))
                second.rollback()

        thread = threading.Thread(target=second_worker)
        thread.start()
        thread.join(timeout=1)
        assert thread.is_alive(), "the second worker must wait for the first one's commit"
        first.commit()
    thread.join(timeout=30)
    assert numbers == ["FAC-2026-0001", "FAC-2026-0002"]


def test_ids_keep_counting_after_the_synthetic_dataset(session):
    load_reference_data(session)
    generate(session, contacts=5, seed=3)
    session.commit()
    contact = contacts.create_contact(
        session, parse_form(ContactForm, {"name": "Après le jeu"}), created_by_id=None
    )
    session.commit()
    assert contact.id > 5


def test_nul_characters_never_reach_the_database(session, office_user):
    # A login form or a search box can send any character; PostgreSQL refuses
    # NUL in text, SQLite stores it: neither must fail.
    load_reference_data(session)
    assert throttle.minutes_to_wait(session, "je\x00an", "127.0.0.1") == 0
    assert users.authenticate(session, "je\x00an\x07", "motdepasse-solide") is not None
    throttle.record_attempt(session, "je\x00an", "127.0.0.1\x00", succeeded=False)
    session.commit()
    assert [u.id for u in users.search_users(session, "je\x00")] == [office_user.id]
    assert [r.id for r in admin.list_users(session, "jean\x00").rows] == [office_user.id]
    # A NUL alone is no search (the whole list); inside a word it is dropped.
    campaigns = sorted(REFERENCE_DATA[MarketingCampaign], key=str.lower)
    assert len(campaigns) == 3
    everything = reference.list_references(session, "campagnes", "\x00")
    assert everything.total == len(campaigns)
    assert [row.name for row in everything.rows] == campaigns
    found = reference.list_references(session, "campagnes", "no\x00\x00ël")
    assert (found.total, [row.name for row in found.rows]) == (1, ["Offre de Noël"])
    created = users.create_user(
        session, name="Marc\x00 Le Bris", login="marc\x00", password="motdepasse-solide"
    )
    session.commit()
    assert (created.name, created.login) == ("Marc Le Bris", "marc")


def test_bulk_sessions_write_to_the_same_database_without_the_file_map(db_url, session):
    """An import's session (db.bulk_session_scope): same database and
    transactions; on SQLite, the file is read without the memory map."""
    with db.bulk_session_scope(db_url) as bulk:
        form = parse_form(ContactForm, {"name": "Par lots"})
        contacts.create_contact(bulk, form, created_by_id=None)
        bulk.commit()
        if bulk.get_bind().dialect.name == "sqlite":
            assert bulk.connection().exec_driver_sql("PRAGMA mmap_size").scalar() == 0
    assert session.exec(select(Contact.name)).all() == ["Par lots"]
    if session.get_bind().dialect.name == "sqlite":
        mapped = session.connection().exec_driver_sql("PRAGMA mmap_size").scalar()
        assert mapped == db.SQLITE_MMAP_BYTES
