"""RGPD tools on a real SQLite file: export, erasure (no personal value left
in any row, invoices kept) and the retention list."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta

import sqlalchemy as sa
from sqlmodel import SQLModel, select

from crm_app.accounting.models import Invoice
from crm_app.accounting.service import save_invoice
from crm_app.contacts import service as contacts
from crm_app.contacts.commercial_forms import ContactPageForm
from crm_app.contacts.forms import ContactForm, SubContactForm
from crm_app.contacts.models import Contact
from crm_app.core.clock import utcnow
from crm_app.core.forms import parse_form
from crm_app.demo.loader import load_reference_data
from crm_app.equipment import contracts
from crm_app.equipment import service as equipment
from crm_app.equipment.models import Equipment, MaintenanceContract
from crm_app.geo.models import GeocodeCacheEntry
from crm_app.interventions.service import save_intervention
from crm_app.reference.models import EquipmentType, TaskType
from crm_app.rgpd import service as rgpd
from crm_app.sales.service import save_opportunity

PERSONAL = [
    "Zébulon Quintal",
    "zebulon.quintal@exemple.fr",
    "+33299887766",
    "Zéphyr",
    "Quimperlé",
    "Chien méchant Zébulon",
    "Portail bleu",
    "Marinette Quintal",
]


def make_person(session, user):
    load_reference_data(session)
    person = contacts.create_contact(
        session,
        parse_form(
            ContactForm,
            {
                "name": "Zébulon Quintal",
                "email": "zebulon.quintal@exemple.fr",
                "phone": "02 99 88 77 66",
                "street": "7 impasse Zéphyr",
                "zip": "29300",
                "city": "Quimperlé",
            },
        ),
        created_by_id=user.id,
    )
    contacts.update_contact(
        session,
        person.id,
        parse_form(
            ContactPageForm,
            {
                "internal_notes": "Chien méchant Zébulon",
                "customer_notes": "Portail bleu",
                "consent_communication": True,
                "consent_proof_text": "Signé par Zébulon Quintal",
            },
        ),
        expected_version=person.version,
        user_id=user.id,
    )
    child = contacts.create_sub_contact(
        session,
        person.id,
        parse_form(
            SubContactForm,
            {
                "address_type": "private",
                "name": "Marinette Quintal",
                "street": "1 rue Zéphyr",
                "zip": "29300",
                "city": "Quimperlé",
            },
        ),
        created_by_id=user.id,
    )
    task = session.exec(select(TaskType)).first()
    save_intervention(
        session,
        {
            "customer_id": str(person.id),
            "address_id": str(child.id),
            "task_type_id": str(task.id),
            "start_at": "2026-01-05T10:00",
            "duration_minutes": "60",
            "description": "Chez Zébulon Quintal, Quimperlé",
        },
        user_id=user.id,
    )
    save_opportunity(session, {"customer_id": str(person.id), "title": "Poêle Zébulon Quintal"})
    save_invoice(
        session,
        {
            "customer_id": str(person.id),
            "invoice_address_id": str(person.id),
            "invoice_date": "2026-01-06",
            "amount": "120",
        },
    )
    boiler = equipment.save_equipment(
        session,
        {
            "address_id": str(child.id),
            "type_id": str(session.exec(select(EquipmentType)).first().id),
            "brand": "Frisquet",
            "notes": "Clé chez Marinette Quintal",
        },
    )
    contracts.save_contract(
        session,
        {
            "address_id": str(child.id),
            "equipment_ids": [str(boiler.id)],
            "start_on": "01/01/2026",
            "state": "active",
            "notes": "Appeler Zébulon Quintal la veille",
        },
    )
    session.add(
        GeocodeCacheEntry(
            provider="ban",
            address_key="7 impasse zephyr 29300 quimperle",
            found=True,
            latitude=47.8,
            longitude=-3.5,
        )
    )
    session.commit()
    return person, child


def test_export_holds_everything_in_json_and_csv(session, office_user):
    person, child = make_person(session, office_user)
    person.latitude, person.longitude = 47.8, -3.5
    session.commit()
    data = rgpd.export_contact(session, child.id)  # from an address: the whole family
    assert data["contact"]["email"] == "zebulon.quintal@exemple.fr"
    assert [a["name"] for a in data["adresses_et_sous_contacts"]] == ["Marinette Quintal"]
    assert data["consentement"]["preuve"] == "Signé par Zébulon Quintal"
    assert data["interventions"][0]["description"] == "Chez Zébulon Quintal, Quimperlé"
    assert len(data["factures"]) == 1 and len(data["opportunites"]) == 1
    assert data["equipements"][0]["marque"] == "Frisquet"
    assert data["contrats_entretien"][0]["notes"] == "Appeler Zébulon Quintal la veille"
    assert json.loads(rgpd.export_json(data))["contact"]["city"] == "Quimperlé"
    rows = list(csv.reader(io.StringIO(rgpd.export_csv(data).decode("utf-8-sig")), delimiter=";"))
    assert ["contact", "1", "phone", "'+33299887766"] in rows  # text, not a number or formula
    assert ["contact", "1", "longitude", "-3.5"] in rows  # numbers stay numbers
    assert ["contact", "1", "latitude", "47.8"] in rows


def test_erasure_leaves_no_personal_value_in_any_row(session, office_user):
    person, _ = make_person(session, office_user)
    rgpd.erase_contact(session, person.id, user_id=office_user.id)
    session.commit()
    found = []
    with session.bind.connect() as connection:
        for table in SQLModel.metadata.sorted_tables:
            for row in connection.execute(sa.select(table)):
                text = " ".join(str(v) for v in row if v is not None).lower()
                found += [(table.name, value) for value in PERSONAL if value.lower() in text]
    assert found == []
    erased = session.get(Contact, person.id)
    assert erased.name == f"Contact effacé n° {person.id}" and erased.erased_at is not None
    assert erased.latitude is None and not erased.active
    # Invoices stay (10 years), attached to the anonymous contact.
    invoice = session.exec(select(Invoice)).one()
    assert invoice.customer_id == person.id and invoice.amount_cents == 12000
    # The boiler stays (it belongs to the building); its contract has ended.
    boiler = session.exec(select(Equipment)).one()
    assert boiler.brand == "Frisquet" and boiler.contract_id is None
    assert session.exec(select(MaintenanceContract)).one().state == "terminated"


def test_retention_lists_old_prospects_and_former_customers(session, office_user):
    load_reference_data(session)
    old = utcnow() - timedelta(days=4 * 365)
    sleeping = contacts.create_contact(
        session, parse_form(ContactForm, {"name": "Prospect endormi"}), created_by_id=None
    )
    former = contacts.create_contact(
        session, parse_form(ContactForm, {"name": "Ancien client"}), created_by_id=None
    )
    recent = contacts.create_contact(
        session, parse_form(ContactForm, {"name": "Client récent"}), created_by_id=None
    )
    for contact in (sleeping, former, recent):
        contact.updated_at = old
    former.customer_status = recent.customer_status = "client"
    session.commit()
    invoice = save_invoice(
        session,
        {
            "customer_id": str(former.id),
            "invoice_address_id": str(former.id),
            "invoice_date": "2021-01-01",
            "amount": "10",
        },
    )
    invoice.created_at = old
    save_invoice(
        session,
        {
            "customer_id": str(recent.id),
            "invoice_address_id": str(recent.id),
            "invoice_date": "2026-01-01",
            "amount": "10",
        },
    )
    session.commit()
    names = [row.name for row in rgpd.retention_candidates(session)]
    assert sorted(names) == ["Ancien client", "Prospect endormi"]
