"""Derived fields and the journal come from the session itself: a writer that
calls no service (an import, a script, a bare Session) still leaves a contact
the search finds and a journal that tells what happened."""

from __future__ import annotations

import json

from sqlmodel import select

from crm_app.audit.hooks import act_as, journal_paused
from crm_app.audit.models import AuditEntry
from crm_app.audit.service import journal
from crm_app.contacts import search
from crm_app.contacts.models import Contact
from crm_app.interventions.models import Intervention
from crm_app.interventions.service import search_interventions


def entries(session) -> list[AuditEntry]:
    return list(session.exec(select(AuditEntry).order_by(AuditEntry.id)))


def test_a_contact_written_through_a_bare_session_is_found_and_journaled(session, office_user):
    act_as(session, office_user.id)
    contact = Contact(name="Ramonage Kerbrat", city="Quimperlé", phone="+33298001122")
    session.add(contact)
    session.commit()

    assert contact.display_name == "Ramonage Kerbrat"
    assert contact.list_sort_key.startswith(f"ramonage kerbrat\x1f{contact.id:010d}\x1f")
    found = search.search_contacts(session, "quimperle").rows
    assert [c.id for c in found] == [contact.id]
    assert [c.id for c in search.search_contacts(session, "0298001122").rows] == [contact.id]

    (created,) = entries(session)
    assert (created.action, created.object_id, created.contact_id) == (
        "create",
        contact.id,
        contact.id,
    )
    assert created.user_name == "Jean Jean"
    assert ["city", None, "Quimperlé"] in json.loads(created.changes)

    contact.city = "Lorient"
    session.commit()
    page = journal(session, contact.id)
    assert page.total == 2
    assert "Ville : Quimperlé → Lorient" in page.lines[0].details
    assert [c.id for c in search.search_contacts(session, "lorient").rows] == [contact.id]
    assert search.search_contacts(session, "quimperle").total == 0


def test_renaming_a_main_contact_renames_its_addresses(session):
    main = Contact(name="Ferme du Bois")
    session.add(main)
    session.flush()
    site = Contact(name="Chantier", parent_id=main.id, address_type="delivery", city="Redon")
    session.add(site)
    session.commit()
    assert site.display_name == "Ferme du Bois, Chantier"

    main.name = "Ferme des Chênes"
    session.commit()
    session.refresh(site)
    assert site.display_name == "Ferme des Chênes, Chantier"
    assert site.list_sort_key.startswith(f"ferme des chenes\x1f{main.id:010d}\x1f1")
    assert [c.id for c in search.search_contacts(session, "chenes chantier").rows] == [site.id]
    # The address's own entry is its creation; the rename is the main contact's.
    assert [(e.object_id, e.action) for e in entries(session)] == [
        (main.id, "create"),
        (site.id, "create"),
        (main.id, "update"),
    ]
    assert all(e.user_name == "Système" for e in entries(session))


def test_archiving_and_deleting_are_named_and_a_paused_journal_records_nothing(session):
    contact = Contact(name="Albert Pont")
    session.add(contact)
    session.commit()
    contact.active = False
    session.commit()
    contact.active = True
    session.commit()
    with journal_paused(session):
        contact.city = "Rennes"
        session.flush()
    session.commit()
    assert [e.action for e in entries(session)] == ["create", "archive", "restore"]


def test_an_intervention_label_is_searchable_whoever_writes_it(session):
    customer = Contact(name="Client")
    session.add(customer)
    session.flush()
    visit = Intervention(
        customer_id=customer.id,
        address_id=customer.id,
        start_at=customer.created_at,
        label="Entretien Chaudière",
    )
    session.add(visit)
    session.commit()
    assert visit.search_text == "entretien chaudiere"
    assert [line.id for line in search_interventions(session, "chaudiere").lines] == [visit.id]
    journal_entry = entries(session)[-1]
    assert (journal_entry.object_type, journal_entry.action, journal_entry.contact_id) == (
        "intervention",
        "create",
        customer.id,
    )
