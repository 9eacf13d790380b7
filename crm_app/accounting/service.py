"""Customer invoices: saving (with the customer warning rule) and numbering.
Plain functions; the caller commits."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session

from crm_app.accounting.models import Invoice, InvoiceState
from crm_app.core import validators
from crm_app.core.clock import utcnow
from crm_app.core.validators import choice, parse_amount
from crm_app.documents import forms
from crm_app.documents.rules import (
    DocumentKind,
    DocumentValidationError,
    allowed_customer,
    check_address,
    journal_document,
    next_number,
)


def save_invoice(
    session: Session,
    form: dict[str, object],
    *,
    invoice_id: int | None = None,
    expected_version: int | None = None,
    user_id: int | None = None,
) -> Invoice:
    existing = forms.document_to_edit(session, Invoice, invoice_id)
    errors: dict[str, str] = {}
    values: dict[str, object] = {}
    customer = allowed_customer(
        session,
        form,
        DocumentKind.INVOICE,
        errors,
        current_customer_id=existing.customer_id if existing else None,
    )
    if customer is not None:
        forms.collect(
            errors,
            values,
            "invoice_address_id",
            lambda v: check_address(session, customer, v, "invoice_address_id"),
            form.get("invoice_address_id"),
        )
    forms.collect(
        errors,
        values,
        "invoice_date",
        lambda v: validators.parse_date(v, required=True, label="La date de facture"),
        form.get("invoice_date"),
    )
    forms.collect(errors, values, "amount_cents", parse_amount, form.get("amount"))
    forms.collect(
        errors,
        values,
        "state",
        lambda v: choice(v, InvoiceState, InvoiceState.DRAFT.value),
        form.get("state"),
    )
    if errors:
        raise DocumentValidationError(errors)
    before = None
    if existing is not None:
        before = forms.claim_version(session, existing, expected_version)
        invoice = existing
    else:
        invoice_date = values["invoice_date"]
        invoice = Invoice(
            number=next_number(session, Invoice, "FAC", invoice_date.year),
            customer_id=customer.id,
            invoice_address_id=customer.id,
            invoice_date=invoice_date or date.today(),
            created_by_id=user_id,
        )
    for field, value in values.items():
        setattr(invoice, field, value)
    invoice.customer_id = customer.id
    invoice.updated_at = utcnow()
    session.add(invoice)
    session.flush()
    journal_document(session, "invoice", invoice, before, user_id)
    return invoice
