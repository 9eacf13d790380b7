"""Opportunities and quotes: saving (with the customer warning rule), the
contact's marketing kept in step with its latest opportunity, and the
prospect → client promotion when a quote is validated.
Plain functions; the caller commits."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from sqlalchemy import update
from sqlmodel import Session, col, select

from crm_app.audit.hooks import act_as
from crm_app.contacts.commercial import REFERENCE_FIELDS, commercial_contact, promote_to_client
from crm_app.contacts.models import Contact
from crm_app.core.clock import utcnow
from crm_app.core.errors import FieldError
from crm_app.core.validators import record_id
from crm_app.documents import forms
from crm_app.documents.rules import DocumentKind, check_address, next_number
from crm_app.documents.service import DocumentChecks, save_document
from crm_app.sales.forms import OpportunityForm, SaleOrderForm
from crm_app.sales.models import Opportunity, SaleOrder, SaleOrderState

MARKETING_FIELDS = ("campaign_id", "source_id", "medium_id")


# --- Opportunities -------------------------------------------------------------------


def _marketing_id(session: Session, field: str, raw: object, current: int | None) -> int | None:
    value = record_id(raw)
    if value is None:
        return None
    row = session.get(REFERENCE_FIELDS[field], value)
    if row is None or (not row.active and value != current):
        raise FieldError("Choisissez un élément de la liste.")
    return value


def save_opportunity(
    session: Session,
    form: Mapping[str, object],
    *,
    opportunity_id: int | None = None,
    expected_version: int | None = None,
    user_id: int | None = None,
) -> Opportunity:
    """Create or update an opportunity; the customer's main contact (and the
    former customer's, when it changes) follow its marketing."""
    former_customer_id: int | None = None

    def check(checks: DocumentChecks, existing: Opportunity | None) -> None:
        nonlocal former_customer_id
        former_customer_id = existing.customer_id if existing is not None else None
        for field in MARKETING_FIELDS:
            current = getattr(existing, field) if existing is not None else None
            checks.run(field, lambda v, f=field, c=current: _marketing_id(session, f, v, c))

    opportunity = save_document(
        session,
        DocumentKind.OPPORTUNITY,
        Opportunity,
        OpportunityForm,
        form,
        document_id=opportunity_id,
        expected_version=expected_version,
        user_id=user_id,
        check=check,
    )
    customer = session.get(Contact, opportunity.customer_id)
    sync_contact_marketing(session, customer)
    if former_customer_id and former_customer_id != opportunity.customer_id:
        sync_contact_marketing(session, session.get(Contact, former_customer_id))
    return opportunity


def delete_opportunity(
    session: Session, opportunity_id: int, *, user_id: int | None = None
) -> None:
    opportunity = session.get(Opportunity, opportunity_id)
    if opportunity is None:
        raise forms.DocumentNotFound(opportunity_id)
    customer = session.get(Contact, opportunity.customer_id)
    act_as(session, user_id)
    session.delete(opportunity)
    session.flush()
    sync_contact_marketing(session, customer)


def latest_opportunity(session: Session, holder: Contact) -> Opportunity | None:
    """The most recent opportunity of a main contact or of its sub-addresses."""
    ids = [holder.id, *session.exec(select(Contact.id).where(Contact.parent_id == holder.id))]
    return session.exec(
        select(Opportunity)
        .where(col(Opportunity.customer_id).in_(ids))
        .order_by(col(Opportunity.created_at).desc(), col(Opportunity.id).desc())
    ).first()


def sync_contact_marketing(session: Session, customer: Contact | None) -> None:
    """The main contact's Campagne / Source / Canal follow its most recent
    opportunity. When that opportunity is deleted, the next most recent one
    takes over; with none left, the contact keeps the values it has (they
    describe how it came to the business, which stays true)."""
    if customer is None:
        return
    holder = commercial_contact(session, customer)
    latest = latest_opportunity(session, holder)
    if latest is None:
        return
    values = {field: getattr(latest, field) for field in MARKETING_FIELDS}
    if any(getattr(holder, field) != value for field, value in values.items()):
        session.exec(
            update(Contact)
            .where(col(Contact.id) == holder.id)
            .values(**values, updated_at=utcnow(), version=col(Contact.version) + 1)
        )
        session.refresh(holder)


# --- Quotes / sale orders ---------------------------------------------------------------


def save_sale_order(
    session: Session,
    form: Mapping[str, object],
    *,
    order_id: int | None = None,
    expected_version: int | None = None,
    user_id: int | None = None,
    today: date | None = None,
) -> SaleOrder:
    """Create or update a quote; validating it turns the customer's main contact
    from prospect into client (unless its status is forced)."""

    def check(checks: DocumentChecks, existing: SaleOrder | None) -> None:
        customer = checks.customer
        if customer is None:
            return
        for field in ("invoice_address_id", "delivery_address_id"):
            checks.run(field, lambda v, f=field: check_address(session, customer, v, f))

    def prepare(order: SaleOrder, customer: Contact, before: dict[str, object] | None) -> None:
        if before is None:  # a new quote takes the next number of the year
            year = (today or date.today()).year
            order.number = next_number(session, SaleOrder, "DEV", year)
        was_validated = before is not None and before.get("state") == SaleOrderState.VALIDATED
        if order.state == SaleOrderState.VALIDATED.value and not was_validated:
            order.validated_at = utcnow()
            promote_to_client(session, customer)
        elif order.state != SaleOrderState.VALIDATED.value:
            order.validated_at = None

    return save_document(
        session,
        DocumentKind.SALE_ORDER,
        SaleOrder,
        SaleOrderForm,
        form,
        document_id=order_id,
        expected_version=expected_version,
        user_id=user_id,
        check=check,
        prepare=prepare,
    )
