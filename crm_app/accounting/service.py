"""Customer invoices: saving (through the document pipeline, with the
customer warning rule) and numbering. Plain functions; the caller commits."""

from __future__ import annotations

from collections.abc import Mapping

from sqlmodel import Session

from crm_app.accounting.forms import InvoiceForm
from crm_app.accounting.models import Invoice
from crm_app.contacts.models import Contact
from crm_app.documents.rules import DocumentKind, check_address, next_number
from crm_app.documents.service import DocumentChecks, save_document


def save_invoice(
    session: Session,
    form: Mapping[str, object],
    *,
    invoice_id: int | None = None,
    expected_version: int | None = None,
    user_id: int | None = None,
) -> Invoice:
    def check(checks: DocumentChecks, existing: Invoice | None) -> None:
        customer = checks.customer
        if customer is not None:
            checks.run(
                "invoice_address_id",
                lambda v: check_address(session, customer, v, "invoice_address_id"),
            )

    def prepare(invoice: Invoice, customer: Contact, before: dict[str, object] | None) -> None:
        if before is None:  # a new invoice takes the next number of its year
            invoice.number = next_number(session, Invoice, "FAC", invoice.invoice_date.year)

    return save_document(
        session,
        DocumentKind.INVOICE,
        Invoice,
        InvoiceForm,
        form,
        document_id=invoice_id,
        expected_version=expected_version,
        user_id=user_id,
        check=check,
        prepare=prepare,
    )
