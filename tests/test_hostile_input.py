"""Hostile input at the service level: markup, SQL metacharacters, very long
values and unicode (accents, emoji, right-to-left) are stored as text, found
again by search, refused cleanly when too long, and never half-saved."""

from __future__ import annotations

import pytest
from sqlmodel import select

from crm_app.contacts import search
from crm_app.contacts import service as contacts
from crm_app.contacts.commercial_forms import ContactPageForm
from crm_app.contacts.forms import ContactForm
from crm_app.contacts.models import Contact
from crm_app.core.errors import FormError
from crm_app.core.forms import parse_form

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
    assert session.exec(select(Contact)).all()  # the table is still there
    found = search.search_contacts(session, text).rows
    assert [c.id for c in found] == [contact.id]
    # Wildcards typed by a user never match everything: alone, they are no
    # search (the list stays whole and says so); beside a word, only text.
    assert search.search_contacts(session, "%%%").too_short
    assert search.search_contacts(session, "alert %%%").total == 0


def test_very_long_values_are_refused_whole(session, office_user):
    contact = contacts.create_contact(
        session, parse_form(ContactForm, {"name": "Albert"}), created_by_id=None
    )
    session.commit()
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


def test_control_characters_are_dropped(session, office_user):
    contact = contacts.create_contact(
        session, parse_form(ContactForm, {"name": "Al\x00bert\x07 Pont"}), created_by_id=None
    )
    assert contact.name == "Albert Pont"
