"""The audit trail: creations, changes (field, old, new), archiving and
documents are recorded with who and when, and read back as the Journal."""

from __future__ import annotations

import json

from sqlmodel import select

from crm_app.audit.models import AuditEntry
from crm_app.audit.service import journal
from crm_app.contacts import service as contacts
from crm_app.contacts.commercial_forms import ContactPageForm
from crm_app.contacts.forms import ContactForm, SubContactForm
from crm_app.core.forms import parse_form
from crm_app.demo.loader import load_reference_data
from crm_app.sales.service import delete_opportunity, save_opportunity


def entries(session):
    return session.exec(select(AuditEntry).order_by(AuditEntry.id)).all()


def test_contact_life_is_recorded_with_who_and_what(session, office_user):
    contact = contacts.create_contact(
        session,
        parse_form(ContactForm, {"name": "Albert Pont", "city": "Rennes"}),
        created_by_id=office_user.id,
    )
    contacts.update_contact(
        session,
        contact.id,
        parse_form(ContactPageForm, {"city": "Vitré", "vat": "BE0477472701"}),
        expected_version=contact.version,
        user_id=office_user.id,
    )
    # Saving the same values again records nothing.
    contacts.update_contact(
        session,
        contact.id,
        parse_form(ContactPageForm, {"city": "Vitré"}),
        expected_version=contact.version,
        user_id=office_user.id,
    )
    child = contacts.create_sub_contact(
        session,
        contact.id,
        parse_form(SubContactForm, {"address_type": "invoice", "name": "Compta"}),
        created_by_id=office_user.id,
    )
    contacts.archive_contact(session, contact.id, user_id=office_user.id)
    session.commit()
    rows = entries(session)
    assert [(r.action, r.object_id, r.contact_id) for r in rows] == [
        ("create", contact.id, contact.id),
        ("update", contact.id, contact.id),
        ("create", child.id, contact.id),
        ("archive", contact.id, contact.id),
    ]
    assert all(r.user_name == "Jean Jean" for r in rows)
    changes = {field: (old, new) for field, old, new in json.loads(rows[1].changes)}
    assert changes == {"city": ("Rennes", "Vitré"), "vat": (None, "BE0477472701")}

    page = journal(session, contact.id)
    assert page.total == 4
    newest, _, change, _ = page.lines
    assert newest.what == f"Archivage · Contact n° {contact.id}"
    assert "Ville : Rennes → Vitré" in change.details
    assert "Numéro fiscal : ∅ → BE0477472701" in change.details


def test_documents_are_recorded_in_their_customer_journal(session, office_user):
    load_reference_data(session)
    contact = contacts.create_contact(
        session, parse_form(ContactForm, {"name": "Client"}), created_by_id=None
    )
    site = contacts.create_sub_contact(
        session,
        contact.id,
        parse_form(SubContactForm, {"address_type": "delivery", "name": "Chantier"}),
        created_by_id=None,
    )
    opportunity = save_opportunity(
        session, {"customer_id": str(site.id), "title": "Poêle"}, user_id=office_user.id
    )
    delete_opportunity(session, opportunity.id, user_id=office_user.id)
    session.commit()
    lines = journal(session, contact.id).lines
    assert [line.what for line in lines[:2]] == [
        f"Suppression · Opportunité n° {opportunity.id}",
        f"Création · Opportunité n° {opportunity.id}",
    ]


def test_manual_coordinates_are_recorded(session, office_user):
    from crm_app.geo.service import set_manual_coordinates

    contact = contacts.create_contact(
        session, parse_form(ContactForm, {"name": "Albert"}), created_by_id=None
    )
    set_manual_coordinates(session, contact, "48.1", "-1.6", user_id=office_user.id)
    session.commit()
    last = entries(session)[-1]
    assert last.user_name == "Jean Jean" and last.action == "update"
    assert ["latitude", None, 48.1] in json.loads(last.changes)
