"""The one document save (documents.service.save_document) and the typed
forms: every wrong field at once, the blocked customer, the optimistic
version; and who may read an intervention."""

from __future__ import annotations

import pytest
from pydantic import field_validator
from sqlmodel import select

from crm_app.accounting.forms import InvoiceForm
from crm_app.accounting.models import Invoice
from crm_app.accounting.service import save_invoice
from crm_app.contacts import service as contacts
from crm_app.contacts.forms import ContactForm
from crm_app.core.errors import FieldError, FormError
from crm_app.core.forms import FormModel, parse_form
from crm_app.demo.loader import load_reference_data
from crm_app.documents.forms import DocumentNotFound, StaleDocumentError
from crm_app.documents.rules import BlockedCustomerError, DocumentKind, DocumentValidationError
from crm_app.documents.service import DocumentChecks, save_document
from crm_app.interventions.models import Intervention
from crm_app.interventions.service import (
    can_read_intervention,
    readable_interventions,
    save_intervention,
    search_interventions,
)
from crm_app.reference.models import TaskType
from crm_app.sales.forms import OpportunityForm
from crm_app.sales.service import save_opportunity
from crm_app.users.models import UserRole
from crm_app.users.service import create_user


@pytest.fixture
def customer(session):
    load_reference_data(session)
    customer = contacts.create_contact(
        session,
        parse_form(ContactForm, {"name": "Franck Lemoine", "city": "Montfort-sur-Meu"}),
        created_by_id=None,
    )
    session.commit()
    return customer


def invoice_form(customer, **changes) -> dict[str, object]:
    return {
        "customer_id": str(customer.id),
        "invoice_address_id": str(customer.id),
        "invoice_date": "2026-12-01",
        "amount": "80",
        "state": "draft",
        **changes,
    }


# --- parse_form ----------------------------------------------------------------------


class _ThingForm(FormModel):
    fill_missing = True
    name: str
    both: str | None = None

    @field_validator("name", mode="before")
    @classmethod
    def _name(cls, value: object) -> str:
        if not value:
            raise FieldError("Le nom est obligatoire.")
        return str(value)

    @field_validator("both", mode="before")
    @classmethod
    def _both(cls, value: object) -> str | None:
        if value == "bad":
            raise FormError({"both": "Mauvais.", "name": "Aussi le nom."})
        return None


def test_parse_form_gives_every_field_error_in_french_under_the_input_names():
    with pytest.raises(FormError) as caught:
        parse_form(InvoiceForm, {"invoice_date": "demain", "amount": "beaucoup", "state": "x"})
    assert caught.value.errors == {
        "invoice_date": "Date invalide : écrivez jj/mm/aaaa (exemple : 01/12/2026).",
        "amount": "Montant invalide (exemple : 1 250,00).",  # the input's name (alias)
        "state": "Choix inconnu.",
    }


def test_parse_form_reads_missing_inputs_as_empty_and_returns_typed_values():
    form = parse_form(OpportunityForm, {"title": " Poêle ", "expected_revenue": "1 250,50"})
    assert form.model_dump() == {
        "title": "Poêle",
        "stage": "new",
        "expected_revenue_cents": 125050,
        "expected_close_date": None,
    }
    with pytest.raises(FormError) as caught:
        parse_form(_ThingForm, {})
    assert caught.value.errors == {"name": "Le nom est obligatoire."}


def test_a_form_error_raised_in_a_validator_names_its_own_fields():
    with pytest.raises(FormError) as caught:
        parse_form(_ThingForm, {"name": "ok", "both": "bad"})
    assert caught.value.errors == {"both": "Mauvais.", "name": "Aussi le nom."}


# --- save_document ---------------------------------------------------------------------


def test_every_wrong_field_is_reported_at_once_with_the_database_rules(session, customer):
    stranger = contacts.create_contact(
        session, parse_form(ContactForm, {"name": "Autre"}), created_by_id=None
    )
    session.commit()
    form = invoice_form(
        customer, invoice_address_id=str(stranger.id), invoice_date="", amount="-3", state="x"
    )
    with pytest.raises(DocumentValidationError) as caught:
        save_invoice(session, form)
    assert caught.value.errors == {
        "invoice_address_id": "Choisissez une adresse de ce client.",
        "invoice_date": "La date de facture est obligatoire.",
        "amount": "Le montant ne peut pas être négatif.",
        "state": "Choix inconnu.",
    }


def test_a_missing_customer_is_reported_with_the_other_fields(session, customer):
    with pytest.raises(DocumentValidationError) as caught:
        save_opportunity(session, {"customer_id": "", "title": "", "campaign_id": "999"})
    assert caught.value.errors == {
        "customer_id": "Choisissez un client.",
        "title": "Le nom est obligatoire.",
        "campaign_id": "Choisissez un élément de la liste.",
    }


def test_an_intervention_reports_its_fields_and_technicians_at_once(session, customer):
    with pytest.raises(DocumentValidationError) as caught:
        save_intervention(
            session,
            {
                "customer_id": str(customer.id),
                "address_id": str(customer.id),
                "task_type_id": "",
                "start_at": "",
                "duration_minutes": "2",
                "state": "nope",
                "technician_ids": ["abc"],
            },
        )
    assert caught.value.errors == {
        "task_type_id": "Choisissez le type d'intervention.",
        "start_at": "La date et l'heure sont obligatoires.",
        "duration_minutes": "La durée doit être comprise entre 00:05 et 24:00.",
        "state": "État inconnu.",
        "technician_ids": "Intervenant inconnu.",
    }


def test_a_blocked_customer_stops_the_save(session, customer):
    customer.warning_message = "Mauvais payeur"
    customer.warning_blocking = True
    customer.warning_on_invoices = True
    session.add(customer)
    session.commit()
    with pytest.raises(BlockedCustomerError) as caught:
        save_invoice(session, invoice_form(customer))
    assert caught.value.errors == {"customer_id": "Client bloqué : Mauvais payeur"}


def test_a_stale_version_is_refused_and_a_fresh_one_saves(session, customer, office_user):
    invoice = save_invoice(session, invoice_form(customer), user_id=office_user.id)
    session.commit()
    assert invoice.number.startswith("FAC-2026-") and invoice.version == 1
    assert invoice.created_by_id == office_user.id
    save_invoice(
        session, invoice_form(customer, amount="90"), invoice_id=invoice.id, expected_version=1
    )
    session.commit()
    assert invoice.version == 2 and invoice.amount_cents == 9000
    with pytest.raises(StaleDocumentError):
        save_invoice(
            session, invoice_form(customer, amount="95"), invoice_id=invoice.id, expected_version=1
        )
    session.rollback()
    with pytest.raises(DocumentNotFound):
        save_invoice(session, invoice_form(customer), invoice_id=invoice.id + 1000)


def test_save_document_runs_the_kind_rules_and_prepares_a_new_document(session, customer):
    seen: list[object] = []

    def check(checks: DocumentChecks, existing: Invoice | None) -> None:
        checks.values["invoice_address_id"] = checks.customer.id if checks.customer else 0
        seen.append(existing)

    def prepare(invoice: Invoice, customer, before) -> None:
        invoice.number = "TEST-1"
        seen.append(before)

    invoice = save_document(
        session,
        DocumentKind.INVOICE,
        Invoice,
        InvoiceForm,
        invoice_form(customer),
        check=check,
        prepare=prepare,
    )
    session.commit()
    assert seen == [None, None]
    assert session.exec(select(Invoice.number)).one() == "TEST-1"
    assert invoice.invoice_address_id == customer.id


# --- Who may read an intervention --------------------------------------------------------


def test_a_technician_reads_only_the_interventions_he_is_assigned_to(
    session, customer, office_user
):
    technician = create_user(
        session,
        name="Paul Tech",
        login="paul",
        password="motdepasse-solide",
        role=UserRole.TECHNICIAN,
    )
    session.commit()
    task = session.exec(select(TaskType)).first()

    def plan(label: str, technicians: list[int]) -> Intervention:
        return save_intervention(
            session,
            {
                "customer_id": str(customer.id),
                "address_id": str(customer.id),
                "task_type_id": str(task.id),
                "start_at": "2026-12-01T14:00",
                "duration_minutes": "01:00",
                "label": label,
                "technician_ids": [str(t) for t in technicians],
            },
        )

    his = plan("Ramonage", [technician.id])
    other = plan("Entretien", [office_user.id])
    session.commit()
    assert can_read_intervention(session, technician, his)
    assert not can_read_intervention(session, technician, other)
    assert can_read_intervention(session, office_user, other)
    readable = session.exec(readable_interventions(select(Intervention.id), technician)).all()
    assert readable == [his.id]
    everything = session.exec(readable_interventions(select(Intervention.id), office_user)).all()
    assert sorted(everything) == sorted([his.id, other.id])
    assert [line.id for line in search_interventions(session, reader=technician).lines] == [his.id]
    assert [
        line.id for line in search_interventions(session, "lemoine", reader=technician).lines
    ] == [his.id]
    assert len(search_interventions(session, reader=office_user).lines) == 2
