"""Opportunities and quotes: saving (with the customer warning rule), the
contact's marketing kept in step with its latest opportunity, and the
prospect → client promotion when a quote is validated.
Plain functions; the caller commits."""

from __future__ import annotations

from datetime import date

from sqlalchemy import update
from sqlmodel import Session, select

from crm_app.audit import service as audit
from crm_app.audit.service import changes_between, snapshot
from crm_app.contacts.commercial import REFERENCE_FIELDS, commercial_contact, promote_to_client
from crm_app.contacts.models import Contact
from crm_app.core import validators
from crm_app.core.clock import utcnow
from crm_app.core.errors import FieldError
from crm_app.core.validators import choice, parse_amount, record_id, required_name
from crm_app.documents import forms
from crm_app.documents.rules import (
    DocumentKind,
    DocumentValidationError,
    allowed_customer,
    check_address,
    journal_document,
    next_number,
)
from crm_app.sales.models import (
    Opportunity,
    OpportunityStage,
    SaleOrder,
    SaleOrderState,
)

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
    form: dict[str, object],
    *,
    opportunity_id: int | None = None,
    expected_version: int | None = None,
    user_id: int | None = None,
) -> Opportunity:
    existing = forms.document_to_edit(session, Opportunity, opportunity_id)
    errors: dict[str, str] = {}
    values: dict[str, object] = {}
    customer = allowed_customer(
        session,
        form,
        DocumentKind.OPPORTUNITY,
        errors,
        current_customer_id=existing.customer_id if existing else None,
    )
    forms.collect(errors, values, "title", required_name, form.get("title"))
    forms.collect(
        errors,
        values,
        "stage",
        lambda v: choice(v, OpportunityStage, OpportunityStage.NEW.value),
        form.get("stage"),
    )
    forms.collect(
        errors, values, "expected_revenue_cents", parse_amount, form.get("expected_revenue")
    )
    forms.collect(
        errors,
        values,
        "expected_close_date",
        lambda v: validators.parse_date(v, required=False),
        form.get("expected_close_date"),
    )
    for field in MARKETING_FIELDS:
        current = getattr(existing, field) if existing else None
        forms.collect(
            errors,
            values,
            field,
            lambda v, f=field, c=current: _marketing_id(session, f, v, c),
            form.get(field),
        )
    if errors:
        raise DocumentValidationError(errors)
    before = None
    if existing is not None:
        before = forms.claim_version(session, existing, expected_version)
        opportunity = existing
        former_customer_id = existing.customer_id
    else:
        opportunity = Opportunity(title="", customer_id=customer.id, created_by_id=user_id)
        former_customer_id = None
    for field, value in values.items():
        setattr(opportunity, field, value)
    opportunity.customer_id = customer.id
    opportunity.updated_at = utcnow()
    session.add(opportunity)
    session.flush()
    journal_document(session, "opportunity", opportunity, before, user_id)
    sync_contact_marketing(session, customer)
    if former_customer_id and former_customer_id != customer.id:
        sync_contact_marketing(session, session.get(Contact, former_customer_id))
    return opportunity


def delete_opportunity(
    session: Session, opportunity_id: int, *, user_id: int | None = None
) -> None:
    opportunity = session.get(Opportunity, opportunity_id)
    if opportunity is None:
        raise forms.DocumentNotFound(opportunity_id)
    customer = session.get(Contact, opportunity.customer_id)
    audit.record(
        session,
        user_id=user_id,
        object_type="opportunity",
        object_id=opportunity.id,
        action="delete",
        contact_id=commercial_contact(session, customer).id if customer else None,
        changes=changes_between(snapshot(opportunity), {}),
    )
    session.delete(opportunity)
    session.flush()
    sync_contact_marketing(session, customer)


def latest_opportunity(session: Session, holder: Contact) -> Opportunity | None:
    """The most recent opportunity of a main contact or of its sub-addresses."""
    ids = [holder.id, *session.exec(select(Contact.id).where(Contact.parent_id == holder.id))]
    return session.exec(
        select(Opportunity)
        .where(Opportunity.customer_id.in_(ids))
        .order_by(Opportunity.created_at.desc(), Opportunity.id.desc())
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
            .where(Contact.id == holder.id)
            .values(**values, updated_at=utcnow(), version=Contact.version + 1)
        )
        session.refresh(holder)


# --- Quotes / sale orders ---------------------------------------------------------------


def save_sale_order(
    session: Session,
    form: dict[str, object],
    *,
    order_id: int | None = None,
    expected_version: int | None = None,
    user_id: int | None = None,
    today: date | None = None,
) -> SaleOrder:
    """Create or update a quote; validating it turns the customer's main contact
    from prospect into client (unless its status is forced)."""
    existing = forms.document_to_edit(session, SaleOrder, order_id)
    errors: dict[str, str] = {}
    values: dict[str, object] = {}
    customer = allowed_customer(
        session,
        form,
        DocumentKind.SALE_ORDER,
        errors,
        current_customer_id=existing.customer_id if existing else None,
    )
    if customer is not None:
        for field in ("invoice_address_id", "delivery_address_id"):
            forms.collect(
                errors,
                values,
                field,
                lambda v, f=field: check_address(session, customer, v, f),
                form.get(field),
            )
    forms.collect(
        errors,
        values,
        "state",
        lambda v: choice(v, SaleOrderState, SaleOrderState.DRAFT.value),
        form.get("state"),
    )
    forms.collect(errors, values, "amount_cents", parse_amount, form.get("amount"))
    if errors:
        raise DocumentValidationError(errors)
    was_validated = existing is not None and existing.state == SaleOrderState.VALIDATED.value
    before = None
    if existing is not None:
        before = forms.claim_version(session, existing, expected_version)
        order = existing
    else:
        year = (today or date.today()).year
        order = SaleOrder(
            number=next_number(session, SaleOrder, "DEV", year),
            customer_id=customer.id,
            invoice_address_id=customer.id,
            delivery_address_id=customer.id,
            created_by_id=user_id,
        )
    for field, value in values.items():
        setattr(order, field, value)
    order.customer_id = customer.id
    order.updated_at = utcnow()
    if order.state == SaleOrderState.VALIDATED.value and not was_validated:
        order.validated_at = utcnow()
        promote_to_client(session, customer)
    elif order.state != SaleOrderState.VALIDATED.value:
        order.validated_at = None
    session.add(order)
    session.flush()
    journal_document(session, "sale_order", order, before, user_id)
    return order
