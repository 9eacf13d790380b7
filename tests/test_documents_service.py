"""Documents on a real SQLite file: the customer warning rule on each object
(own and inherited, blocking or not, refused on the server), the prospect →
client promotion, the marketing sync, the History query and the PDF report."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import pytest
from pypdf import PdfReader
from sqlmodel import select

from crm_app.accounting.models import Invoice
from crm_app.accounting.service import save_invoice
from crm_app.contacts import service as contacts
from crm_app.contacts.forms import ContactForm, SubContactForm
from crm_app.contacts.models import Contact
from crm_app.core import formatting, validators
from crm_app.core.formatting import amount_label
from crm_app.core.forms import parse_form
from crm_app.core.validators import parse_amount
from crm_app.demo.loader import load_reference_data
from crm_app.documents.rules import (
    BlockedCustomerError,
    DocumentKind,
    DocumentValidationError,
    customer_warning,
)
from crm_app.interventions.models import Intervention
from crm_app.interventions.report import build_report
from crm_app.interventions.service import contact_history, save_intervention
from crm_app.reference.models import MarketingCampaign, MarketingMedium, TaskType
from crm_app.sales.models import Opportunity, SaleOrder
from crm_app.sales.service import delete_opportunity, save_opportunity, save_sale_order
from crm_app.users.models import SYSTEM_ACTOR

ALL_KINDS = list(DocumentKind)
FLAG = {
    DocumentKind.INTERVENTION: "warning_on_interventions",
    DocumentKind.OPPORTUNITY: "warning_on_opportunities",
    DocumentKind.SALE_ORDER: "warning_on_sale_orders",
    DocumentKind.INVOICE: "warning_on_invoices",
}


@pytest.fixture
def world(session, office_user):
    load_reference_data(session)
    customer = contacts.create_contact(
        session,
        parse_form(
            ContactForm,
            {
                "name": "Franck Lemoine",
                "street": "28 rue de Coulon",
                "zip": "35160",
                "city": "Montfort-sur-Meu",
            },
        ),
        created_by_id=office_user.id,
    )
    site = contacts.create_sub_contact(
        session,
        customer.id,
        parse_form(
            SubContactForm,
            {
                "address_type": "delivery",
                "name": "Grange",
                "street": "La Lande",
                "zip": "35160",
                "city": "Montfort-sur-Meu",
            },
        ),
        created_by_id=office_user.id,
    )
    billing = contacts.create_sub_contact(
        session,
        customer.id,
        parse_form(SubContactForm, {"address_type": "invoice", "name": "Compta", "city": "Rennes"}),
        created_by_id=office_user.id,
    )
    session.commit()
    task = session.exec(select(TaskType).where(TaskType.name == "Ramonage")).one()
    return {
        "customer": customer,
        "site": site,
        "billing": billing,
        "task": task,
        "user": office_user,
    }


def set_warning(session, contact, *, blocking: bool, kinds=ALL_KINDS, message="Mauvais payeur"):
    contact.warning_message = message
    contact.warning_blocking = blocking
    for kind in ALL_KINDS:
        setattr(contact, FLAG[kind], kind in kinds)
    session.add(contact)
    session.commit()


def save_document(session, kind: DocumentKind, customer: Contact, world) -> object:
    """Save one document of a kind for a customer, through its own service."""
    if kind is DocumentKind.INTERVENTION:
        return save_intervention(
            session,
            {
                "customer_id": str(customer.id),
                "address_id": str(customer.id),
                "task_type_id": str(world["task"].id),
                "start_at": "2026-12-01T14:00",
                "duration_minutes": "01:00",
                "technician_ids": [str(world["user"].id)],
            },
        )
    if kind is DocumentKind.OPPORTUNITY:
        return save_opportunity(session, {"customer_id": str(customer.id), "title": "Poêle"})
    if kind is DocumentKind.SALE_ORDER:
        return save_sale_order(
            session,
            {
                "customer_id": str(customer.id),
                "invoice_address_id": str(customer.id),
                "delivery_address_id": str(customer.id),
                "amount": "1 250,00",
            },
        )
    return save_invoice(
        session,
        {
            "customer_id": str(customer.id),
            "invoice_address_id": str(customer.id),
            "invoice_date": "2026-12-01",
            "amount": "80",
        },
    )


# --- The warning rule ---------------------------------------------------------------


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_blocking_warning_is_shown_and_refused_on_the_server(session, world, kind):
    set_warning(session, world["customer"], blocking=True)
    warning = customer_warning(session, world["customer"].id, kind)
    assert warning.message == "Mauvais payeur" and warning.blocking
    with pytest.raises(BlockedCustomerError) as caught:
        save_document(session, kind, world["customer"], world)
    assert "Mauvais payeur" in caught.value.errors["customer_id"]
    session.rollback()
    for model in (Intervention, Opportunity, SaleOrder, Invoice):
        assert session.exec(select(model)).first() is None


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_a_sub_address_inherits_its_main_contact_warning(session, world, kind):
    set_warning(session, world["customer"], blocking=True)
    assert customer_warning(session, world["site"].id, kind).holder_name == "Franck Lemoine"
    with pytest.raises(BlockedCustomerError):
        save_document(session, kind, world["site"], world)


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_non_blocking_warning_is_shown_and_saving_works(session, world, kind):
    set_warning(session, world["customer"], blocking=False, message="Chien méchant")
    assert customer_warning(session, world["customer"].id, kind).blocking is False
    document = save_document(session, kind, world["customer"], world)
    session.commit()
    assert document.id


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_a_warning_that_does_not_cover_an_object_never_shows_on_it(session, world, kind):
    others = [k for k in ALL_KINDS if k is not kind]
    set_warning(session, world["customer"], blocking=True, kinds=others)
    assert customer_warning(session, world["customer"].id, kind) is None
    assert save_document(session, kind, world["customer"], world).id
    for other in others:
        assert customer_warning(session, world["customer"].id, other) is not None


def test_archived_or_missing_customer_is_refused(session, world):
    with pytest.raises(DocumentValidationError) as caught:
        save_opportunity(session, {"customer_id": "", "title": "X"})
    assert caught.value.errors["customer_id"] == "Choisissez un client."
    contacts.archive_contact(session, world["customer"].id)
    session.commit()
    with pytest.raises(DocumentValidationError):
        save_opportunity(session, {"customer_id": str(world["customer"].id), "title": "X"})


def test_an_address_of_another_customer_is_refused(session, world):
    stranger = contacts.create_contact(
        session, parse_form(ContactForm, {"name": "Autre"}), created_by_id=None
    )
    session.commit()
    with pytest.raises(DocumentValidationError) as caught:
        save_sale_order(
            session,
            {
                "customer_id": str(world["customer"].id),
                "invoice_address_id": str(stranger.id),
                "delivery_address_id": str(world["site"].id),
            },
        )
    assert "invoice_address_id" in caught.value.errors


# --- Promotion and marketing ------------------------------------------------------------


def test_validating_a_quote_turns_the_prospect_into_a_client(session, world):
    order = save_document(session, DocumentKind.SALE_ORDER, world["site"], world)
    session.commit()
    assert session.get(Contact, world["customer"].id).customer_status == "prospect"
    assert order.number.startswith("DEV-") and order.number.endswith("-0001")
    save_sale_order(
        session,
        {
            "customer_id": str(world["site"].id),
            "invoice_address_id": str(world["billing"].id),
            "delivery_address_id": str(world["site"].id),
            "state": "validated",
            "amount": "10",
        },
        order_id=order.id,
        expected_version=order.version,
    )
    session.commit()
    assert session.get(Contact, world["customer"].id).customer_status == "client"
    assert session.get(SaleOrder, order.id).validated_at is not None


def test_a_forced_prospect_stays_prospect_when_a_quote_is_validated(session, world):
    customer = world["customer"]
    customer.customer_status_forced = True
    session.commit()
    save_sale_order(
        session,
        {
            "customer_id": str(customer.id),
            "invoice_address_id": str(customer.id),
            "delivery_address_id": str(customer.id),
            "state": "validated",
        },
    )
    session.commit()
    assert session.get(Contact, customer.id).customer_status == "prospect"


def test_marketing_follows_the_latest_opportunity_and_its_deletion(session, world):
    christmas = session.exec(
        select(MarketingCampaign).where(MarketingCampaign.name == "Offre de Noël")
    ).one()
    autumn = session.exec(
        select(MarketingCampaign).where(MarketingCampaign.name == "Entretien d'automne")
    ).one()
    banner = session.exec(
        select(MarketingMedium).where(MarketingMedium.name == "Bannière WEB")
    ).one()
    first = save_opportunity(
        session,
        {
            "customer_id": str(world["customer"].id),
            "title": "Poêle",
            "campaign_id": str(autumn.id),
        },
    )
    first.created_at = datetime.now(UTC) - timedelta(days=3)
    session.commit()
    second = save_opportunity(
        session,
        {
            "customer_id": str(world["site"].id),
            "title": "Ramonage",
            "campaign_id": str(christmas.id),
            "medium_id": str(banner.id),
        },
    )
    session.commit()
    holder = session.get(Contact, world["customer"].id)
    assert (holder.campaign_id, holder.medium_id) == (christmas.id, banner.id)

    # Deleting the latest: the previous one takes over.
    delete_opportunity(session, second.id)
    session.commit()
    session.refresh(holder)
    assert (holder.campaign_id, holder.medium_id) == (autumn.id, None)
    # Deleting the last one: the contact keeps what it has.
    delete_opportunity(session, first.id)
    session.commit()
    session.refresh(holder)
    assert holder.campaign_id == autumn.id


# --- History and report -------------------------------------------------------------------


def test_history_holds_the_contact_and_its_addresses_newest_first(session, world):
    for day, customer in ((1, world["customer"]), (3, world["site"]), (2, world["billing"])):
        save_intervention(
            session,
            {
                "customer_id": str(customer.id),
                "address_id": str(customer.id),
                "task_type_id": str(world["task"].id),
                "start_at": f"2023-12-0{day}T14:00",
                "duration_minutes": "90",
                "state": "confirmed",
                "technician_ids": [str(world["user"].id)],
            },
        )
    other = contacts.create_contact(
        session, parse_form(ContactForm, {"name": "Autre"}), created_by_id=None
    )
    save_intervention(
        session,
        {
            "customer_id": str(other.id),
            "address_id": str(other.id),
            "task_type_id": str(world["task"].id),
            "start_at": "2099-01-01T08:00",
            "duration_minutes": "60",
        },
    )
    session.commit()
    history = contact_history(session, world["customer"].id, reader=SYSTEM_ACTOR, page_size=2)
    assert history.total == 3 and history.page_count == 2
    assert [line.start_label for line in history.lines] == ["03/12/2023 14:00", "02/12/2023 14:00"]
    line = history.lines[0]
    assert (line.task, line.technicians, line.duration_label, line.state_label) == (
        "Ramonage",
        "Jean Jean",
        "01:30",
        "Confirmé",
    )
    assert line.label == "Franck Lemoine, Grange 35160 Montfort-sur-Meu"
    assert not line.upcoming
    page_two = contact_history(
        session, world["customer"].id, reader=SYSTEM_ACTOR, page=2, page_size=2
    )
    assert [line.start_label for line in page_two.lines] == ["01/12/2023 14:00"]
    assert contact_history(session, world["site"].id, reader=SYSTEM_ACTOR).total == 1
    assert contact_history(session, other.id, reader=SYSTEM_ACTOR).lines[0].upcoming


def test_bad_intervention_input_is_refused_field_by_field(session, world):
    with pytest.raises(DocumentValidationError) as caught:
        save_intervention(
            session,
            {
                "customer_id": str(world["customer"].id),
                "address_id": "999999",
                "task_type_id": "",
                "start_at": "demain",
                "duration_minutes": "0",
                "state": "fini",
                "technician_ids": ["999"],
            },
        )
    assert set(caught.value.errors) == {
        "address_id",
        "task_type_id",
        "start_at",
        "duration_minutes",
        "state",
        "technician_ids",
    }


def test_amounts_are_read_and_written_the_french_way():
    assert parse_amount("1 250,50 €") == 125050
    assert parse_amount("1250.5") == 125050
    assert parse_amount("") == 0
    assert amount_label(125050) == "1\u202f250,50\xa0€"
    with pytest.raises(ValueError):
        parse_amount("-3")
    with pytest.raises(ValueError):
        parse_amount("douze")


def test_dates_are_typed_in_paris_time_and_stored_in_utc():
    stored = validators.parse_local_datetime("2023-12-28T16:30")
    assert stored == datetime(2023, 12, 28, 15, 30, tzinfo=UTC)
    assert formatting.datetime_label(stored.replace(tzinfo=None)) == "28/12/2023 16:30"


def test_report_pdf_holds_the_intervention_in_french(session, world):
    customer = world["customer"]
    customer.customer_notes = "Prévenir 30 min avant l'arrivée."
    session.commit()
    intervention = save_intervention(
        session,
        {
            "customer_id": str(customer.id),
            "address_id": str(world["site"].id),
            "task_type_id": str(world["task"].id),
            "start_at": "2023-12-28T16:30",
            "duration_minutes": "01:00",
            "state": "in_progress",
            "description": "Conduit à vérifier — <script>alert(1)</script> 🔥 مرحبا",
            "technician_ids": [str(world["user"].id)],
        },
    )
    session.commit()
    name, data = build_report(session, intervention.id)
    assert name == f"rapport-intervention-{intervention.id}-2023-12-28.pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    text = " ".join(text.split())
    for expected in (
        "Rapport d'intervention",
        "Franck Lemoine",
        "Grange",
        "La Lande",
        "28/12/2023 16:30",
        "01:00",
        "Jean Jean",
        "Ramonage",
        "En cours",
        "Prévenir 30 min avant l'arrivée.",
        "<script>alert(1)</script>",
        "Signature du client",
    ):
        assert expected in text, expected


def test_an_existing_document_stays_editable_after_its_customer_is_blocked(session, world):
    invoice = save_document(session, DocumentKind.INVOICE, world["customer"], world)
    session.commit()
    set_warning(session, world["customer"], blocking=True)
    paid = save_invoice(
        session,
        {
            "customer_id": str(world["customer"].id),
            "invoice_address_id": str(world["customer"].id),
            "invoice_date": "2026-12-01",
            "amount": "80",
            "state": "paid",
        },
        invoice_id=invoice.id,
        expected_version=invoice.version,
    )
    assert paid.state == "paid"
    # Choosing that customer on another document is still refused.
    with pytest.raises(BlockedCustomerError):
        save_document(session, DocumentKind.INVOICE, world["customer"], world)


@pytest.mark.parametrize("text", ["NaN", "Infinity", "inf", "1e999999"])
def test_non_numbers_are_refused_as_amounts(text):
    with pytest.raises(ValueError):
        parse_amount(text)
