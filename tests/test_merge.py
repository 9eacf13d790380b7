"""« Fusionner » on a real database: fields chosen one by one, documents,
addresses and journal moved, the others archived, the refusals."""

from __future__ import annotations

import json

import pytest
from sqlmodel import select

from crm_app.audit.models import AuditEntry
from crm_app.audit.presentation import describe
from crm_app.contacts import service as contacts
from crm_app.contacts.forms import ContactForm, SubContactForm
from crm_app.contacts.models import Contact
from crm_app.core.clock import utcnow
from crm_app.core.forms import parse_form
from crm_app.demo.loader import load_reference_data
from crm_app.duplicates import merge
from crm_app.duplicates.merge import MergeRefused
from crm_app.duplicates.merge_state import MergeState
from crm_app.interventions.models import Intervention
from crm_app.interventions.service import save_intervention
from crm_app.reference.models import TaskType
from crm_app.sales.service import save_opportunity
from tests.state_helpers import at_path, log_in, substate


def company(session, name, **values):
    form = parse_form(ContactForm, {"is_company": True, "name": name, **values})
    return contacts.create_contact(session, form, created_by_id=None)


def test_merge_moves_everything_to_the_kept_contact(session, office_user):
    load_reference_data(session)
    kept = company(session, "Garage Kervella", phone="02 98 11 22 33", zip="29200", city="Brest")
    other = company(session, "Garage Kervela", email="contact@kervella.fr", zip="29200",
                    city="Brest", street="3 rue de Brest")  # fmt: skip
    other.internal_reference = "CLI-7"
    person = contacts.create_sub_contact(
        session, other.id, parse_form(SubContactForm, {"name": "Yann"}), created_by_id=None
    )
    task = session.exec(select(TaskType)).first()
    save_intervention(
        session,
        {"customer_id": str(other.id), "address_id": str(other.id), "task_type_id": str(task.id),
         "start_at": "2026-01-05T10:00", "duration_minutes": "60"},
        user_id=office_user.id,
    )  # fmt: skip
    save_opportunity(session, {"customer_id": str(other.id), "title": "Poêle"})
    session.commit()

    choices = merge.default_choices([kept, other], kept.id)
    assert choices["email"] == other.id and choices["phone"] == kept.id
    assert choices["street"] == other.id  # the kept one has no address
    choices["name"] = other.id
    result = merge.merge_contacts(
        session, [kept.id, other.id], kept.id, choices, user_id=office_user.id
    )
    session.commit()
    session.expire_all()
    kept = session.get(Contact, kept.id)
    other = session.get(Contact, other.id)
    assert kept.name == "Garage Kervela" and kept.email == "contact@kervella.fr"
    assert kept.phone == "+33298112233" and kept.street == "3 rue de Brest"
    assert kept.internal_reference == "CLI-7" and other.internal_reference is None
    assert not other.active and other.merged_into_id == kept.id
    assert session.get(Contact, person.id).parent_id == kept.id
    assert session.exec(select(Intervention)).one().customer_id == kept.id
    assert result.moved["intervention.customer_id"] == 1
    entry = session.exec(select(AuditEntry).where(AuditEntry.action == "merge")).one()
    changes = json.loads(entry.changes)
    assert changes[0] == ["Fusionnés", None, "Garage Kervela"]
    assert "1 intervention(s)" in changes[1][2] and "1 opportunité(s)" in changes[1][2]
    assert describe(entry, {}).startswith("Fusionnés : Garage Kervela ; Déplacés : ")
    # The merged contact's journal now reads on the kept one's page.
    assert not session.exec(select(AuditEntry).where(AuditEntry.contact_id == other.id)).all()


def test_merge_refusals(session, office_user):
    main = company(session, "Syndic Ouest")
    address = contacts.create_sub_contact(
        session, main.id, parse_form(SubContactForm, {"name": "Accueil"}), created_by_id=None
    )
    lone = company(session, "Syndic de l'Ouest")
    contacts.create_sub_contact(
        session, lone.id, parse_form(SubContactForm, {"name": "Compta"}), created_by_id=None
    )
    erased = company(session, "Effacé")
    erased.erased_at = utcnow()
    session.commit()
    with pytest.raises(MergeRefused, match="ses propres adresses"):
        merge.merge_candidates(session, [main.id, address.id])
    with pytest.raises(MergeRefused, match="RGPD"):
        merge.merge_candidates(session, [main.id, erased.id])
    with pytest.raises(MergeRefused, match="au moins deux"):
        merge.merge_candidates(session, [main.id, main.id])
    with pytest.raises(MergeRefused, match="adresse : il ne peut pas"):
        merge.merge_contacts(session, [address.id, lone.id], address.id, {}, user_id=None)
    # A sub-contact of another main contact may go into a main contact.
    result = merge.merge_contacts(session, [lone.id, address.id], lone.id, {}, user_id=None)
    assert [c.id for c in result.merged] == [address.id]


def test_merge_page_state(root, office_user, session):
    first = company(session, "Ferme du Moulin", zip="35500", city="Vitré")
    second = company(session, "EARL Ferme du Moulin", email="ferme@moulin.fr")
    session.commit()
    log_in(root)
    state = substate(root, MergeState)
    at_path(state, f"/fusion/{first.id}-{second.id}")
    state.load()
    assert state.kept_id == first.id and [s.name for s in state.sides][1] == "EARL Ferme du Moulin"
    rows = {r.field: r for r in state.rows}
    assert rows["street"].cells[0].value == "35500 Vitré" and rows["street"].cells[0].chosen
    assert rows["email"].cells[1].chosen  # the kept one has none
    state.choose("name", second.id)
    assert {r.field: r for r in state.rows}["name"].cells[1].chosen
    state.run_merge()
    session.expire_all()
    assert session.get(Contact, first.id).name == "EARL Ferme du Moulin"
    assert session.get(Contact, second.id).merged_into_id == first.id
