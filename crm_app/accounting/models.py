"""Customer invoices."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import ClassVar

from sqlmodel import Field

from crm_app.audit.hooks import journal_changes_of
from crm_app.documents.models import (
    DOCUMENT_FIELD_LABELS,
    NumberedDocument,
    customer_main_contact_id,
)


class InvoiceState(StrEnum):
    DRAFT = "draft"
    POSTED = "posted"
    PAID = "paid"
    CANCELLED = "cancelled"


INVOICE_STATE_LABELS = {
    InvoiceState.DRAFT: "Brouillon",
    InvoiceState.POSTED: "Validée",
    InvoiceState.PAID: "Payée",
    InvoiceState.CANCELLED: "Annulée",
}


class Invoice(NumberedDocument, table=True):
    __tablename__: ClassVar[str] = "invoice"

    invoice_address_id: int = Field(foreign_key="contact.id", ondelete="RESTRICT")
    invoice_date: date
    amount_cents: int = Field(default=0)
    state: str = Field(default=InvoiceState.DRAFT.value, max_length=20)


journal_changes_of(
    Invoice,
    "invoice",
    customer_main_contact_id,
    labels=DOCUMENT_FIELD_LABELS
    | {
        "invoice_address_id": "Adresse de facturation",
        "invoice_date": "Date de facture",
        "amount_cents": "Montant",
        "state": "État",
    },
    choices={"state": INVOICE_STATE_LABELS},
)
