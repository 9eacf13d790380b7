"""Customer invoices."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlmodel import Field, SQLModel

from crm_app.core.clock import utcnow


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


class Invoice(SQLModel, table=True):
    __tablename__ = "invoice"

    id: int | None = Field(default=None, primary_key=True)
    version: int = Field(default=1)
    number: str = Field(max_length=30, unique=True, index=True)
    customer_id: int = Field(foreign_key="contact.id", index=True, ondelete="RESTRICT")
    invoice_address_id: int = Field(foreign_key="contact.id", ondelete="RESTRICT")
    invoice_date: date
    amount_cents: int = Field(default=0)
    state: str = Field(default=InvoiceState.DRAFT.value, max_length=20)
    created_at: datetime = Field(default_factory=utcnow, index=True)
    updated_at: datetime = Field(default_factory=utcnow)
    created_by_id: int | None = Field(default=None, foreign_key="app_user.id", ondelete="SET NULL")
