"""Hostile input at the service level: markup, SQL metacharacters, very long
values and unicode (accents, emoji, right-to-left) are stored as text, found
again by search, refused cleanly when too long, and never half-saved."""

from __future__ import annotations

import pytest
from sqlmodel import select

from crm_app.contacts import search
from crm_app.contacts import service as contacts
from crm_app.contacts.commercial_forms import ContactPageForm
from crm_app.contacts.forms import ContactForm, SubContactForm
from crm_app.contacts.models import Contact
from crm_app.core.errors import FormError
from crm_app.core.forms import parse_form
from crm_app.demo.loader import load_reference_data
from tests.table_contents import table_rows

HOSTILE = [
    '<script>alert("x")</script>',
    '<img src=x onerror="alert(1)">',
    "Robert'); DROP TABLE contact;--",
    "100% _joker_ \\ %",
    "Émilie Ñúñez 🔥🏠",
    "مرحبا بالعالم",
    "${7*7} {{7*7}} `whoami`",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_is_stored_and_found_as_typed(session, office_user, text):
    load_reference_data(session)
    bystander = contacts.create_contact(
        session,
        parse_form(
            ContactForm, {"name": "Albert Pont", "city": "Rennes", "street": "14 rue de Saint-Malo"}
        ),
        created_by_id=None,
    )
    child = contacts.create_sub_contact(
        session,
        bystander.id,
        parse_form(SubContactForm, {"name": "David Martin", "address_type": "contact"}),
        created_by_id=None,
    )
    session.commit()
    before = table_rows(session)
    contact = contacts.create_contact(
        session,
        parse_form(ContactForm, {"name": text, "city": text[:100], "street": text}),
        created_by_id=None,
    )
    contacts.update_contact(
        session,
        contact.id,
        parse_form(
            ContactPageForm,
            {
                "internal_notes": text,
                "customer_notes": text,
                "warning_message": text,
                "warning_on_invoices": True,
                "shop_code": text[:60],
            },
        ),
        expected_version=contact.version,
    )
    session.commit()
    session.expire_all()
    saved = session.get(Contact, contact.id)
    assert (saved.name, saved.internal_notes, saved.warning_message) == (text, text, text)
    # Nothing was damaged: every row of every table that was there before is
    # still there, unchanged, and the only new rows are the contact and the two
    # journal entries of its creation and its change.
    after = table_rows(session)
    assert after.keys() == before.keys()
    for name, rows in before.items():
        assert after[name][: len(rows)] == rows, f"{name}: a row changed or went away"
    added = {name: len(after[name]) - len(rows) for name, rows in before.items()}
    assert {name: count for name, count in added.items() if count} == {
        "contact": 1,
        "audit_entry": 2,
    }
    assert after["contact"][-1][0] == contact.id
    # Stored as plain text: an exact match on the bound value finds it, in
    # every field it was typed into.
    stored_as_typed = select(Contact.id).where(
        Contact.name == text,
        Contact.street == text,
        Contact.city == text[:100],
        Contact.internal_notes == text,
        Contact.customer_notes == text,
        Contact.warning_message == text,
        Contact.shop_code == text[:60],
    )
    assert session.exec(stored_as_typed).all() == [contact.id]
    found = search.search_contacts(session, text).rows
    assert [c.id for c in found] == [contact.id]
    found = search.search_contacts(session, "Albert Pont").rows
    assert [c.id for c in found] == [bystander.id, child.id]
    # Wildcards typed by a user never match everything: alone, they are no
    # search (the list stays whole and says so); beside a word, only text.
    assert search.search_contacts(session, "%%%").too_short
    assert search.search_contacts(session, "alert %%%").total == 0


def test_very_long_values_are_refused_whole(session, office_user):
    contact = contacts.create_contact(
        session, parse_form(ContactForm, {"name": "Albert"}), created_by_id=None
    )
    session.commit()
    before = table_rows(session)
    with pytest.raises(FormError) as caught:
        contacts.update_contact(
            session,
            contact.id,
            parse_form(
                ContactPageForm,
                {"city": "Rennes", "internal_notes": "n" * 100_000, "name": "x" * 10_000},
            ),
            expected_version=contact.version,
        )
    session.rollback()
    assert set(caught.value.errors) == {"internal_notes", "name"}
    fresh = session.get(Contact, contact.id)
    assert fresh.city is None and fresh.name == "Albert"  # nothing half-saved
    assert table_rows(session) == before


def test_control_characters_are_dropped(session, office_user):
    contact = contacts.create_contact(
        session, parse_form(ContactForm, {"name": "Al\x00bert\x07 Pont"}), created_by_id=None
    )
    assert contact.name == "Albert Pont"
