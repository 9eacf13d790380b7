"""The journal reads in French: labels only, names for references, French
labels for codes, oui/non, and a creation as the values set. Old entries
stored with raw values read the same way."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from sqlalchemy import event

from crm_app.audit.models import AuditEntry
from crm_app.audit.service import journal
from crm_app.contacts import service as contacts
from crm_app.contacts.commercial_forms import ContactPageForm
from crm_app.contacts.forms import ContactForm
from crm_app.core.forms import parse_form
from crm_app.interventions.models import Intervention
from crm_app.reference.models import TaskType

HIDDEN = ("created_by_id", "version", "search_text", "list_sort_key", "display_name", " id ")


def new_contact(session, user, **fields):
    contact = contacts.create_contact(
        session,
        parse_form(ContactForm, {"name": "Albert Pont", "city": "Rennes", **fields}),
        created_by_id=user.id,
    )
    session.commit()
    return contact


def test_a_creation_is_one_line_of_the_values_set(session, office_user):
    contact = new_contact(session, office_user)
    line = journal(session, contact.id).lines[0]
    assert line.what == f"Création · Contact n° {contact.id}"
    assert "Nom : Albert Pont" in line.details
    assert "Ville : Rennes" in line.details
    assert "Vendeur : Jean Jean" in line.details  # the creator's name, not his id
    assert "Géocodage : Non tenté" in line.details  # the code's French label
    assert "Actif : oui" in line.details
    assert "∅" not in line.details and "→" not in line.details
    assert "not_tried" not in line.details
    for technical in HIDDEN:
        assert technical.strip() + " :" not in line.details


def test_a_change_names_references_codes_and_booleans(session, office_user):
    contact = new_contact(session, office_user)
    installer = new_contact(session, office_user, name="Poêles Armor")
    contacts.update_contact(
        session,
        contact.id,
        parse_form(
            ContactPageForm,
            {"city": "Vitré", "installer_id": str(installer.id), "trust_level": "good"},
        ),
        expected_version=contact.version,
        user_id=office_user.id,
    )
    session.commit()
    details = journal(session, contact.id).lines[0].details
    assert "Ville : Rennes → Vitré" in details
    assert "Installateur : ∅ → Poêles Armor" in details
    assert "Niveau de confiance : Débiteur normal → Bon débiteur" in details
    assert "version" not in details


def test_an_old_raw_entry_reads_the_same_way(session, office_user):
    contact = new_contact(session, office_user)
    # As entries were stored before: every column, raw values, a diff from nothing.
    session.add(
        AuditEntry(
            user_id=office_user.id,
            user_name="Jean Jean",
            object_type="contact",
            object_id=contact.id,
            contact_id=contact.id,
            action="create",
            changes=json.dumps(
                [
                    ["created_by_id", None, office_user.id],
                    ["salesperson_id", None, office_user.id],
                    ["id", None, contact.id],
                    ["active", None, True],
                    ["address_type", None, "contact"],
                    ["geocode_state", None, "not_tried"],
                    ["warning_blocking", None, False],
                    ["name", None, "Albert Pont"],
                ]
            ),
        )
    )
    session.commit()
    newest = journal(session, contact.id).lines[0]
    assert newest.details == (
        "Vendeur : Jean Jean ; Actif : oui ; Type d'adresse : Contact ; "
        "Géocodage : Non tenté ; Nom : Albert Pont"
    )


def test_a_reference_to_a_deleted_row_and_an_unknown_code(session, office_user):
    contact = new_contact(session, office_user)
    session.add(
        AuditEntry(
            user_name="Système",
            object_type="contact",
            object_id=contact.id,
            contact_id=contact.id,
            action="update",
            changes=json.dumps(
                [
                    ["installer_id", 99999, None],
                    ["trust_level", "legacy", "bad"],
                    ["zzz", 1, 2],
                    ["latitude", 48.10490196078431, None],
                ]
            ),
        )
    )
    session.commit()
    details = journal(session, contact.id).lines[0].details
    assert details == (
        "Installateur : n° 99999 (supprimé) → ∅ ; Niveau de confiance : legacy → Mauvais débiteur"
        " ; Latitude : 48,104902 → ∅"
    )


def test_document_entries_name_the_customer_and_the_state(session, office_user):
    contact = new_contact(session, office_user)
    task_type = TaskType(name="Ramonage")
    session.add(task_type)
    session.flush()
    session.add(
        Intervention(
            customer_id=contact.id,
            address_id=contact.id,
            task_type_id=task_type.id,
            start_at=datetime(2027, 1, 20, 16, 45, tzinfo=UTC),
            label="Ramonage",
            state="confirmed",
        )
    )
    session.commit()
    details = journal(session, contact.id).lines[0].details
    assert "Client : Albert Pont" in details
    assert f"Tâche : {task_type.name}" in details
    assert "État : Confirmé" in details
    assert "Date : 20/01/2027 17:45" in details  # Paris time


def test_one_query_for_the_names_of_a_page(session, office_user):
    for index in range(8):
        new_contact(session, office_user, name=f"Client {index}")
    contact = new_contact(session, office_user)
    statements = []

    def count(*_args):
        statements.append(1)

    engine = session.get_bind()
    event.listen(engine, "before_cursor_execute", count)
    try:
        journal(session, contact.id)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    # The count, the page, and the names cited (one query): none per line.
    assert len(statements) == 3
