"""The invoice form as a typed model: every field checked at once, French
messages (the invoice address, which needs the database, is in service.py)."""

from __future__ import annotations

from datetime import date

from pydantic import Field, field_validator

from crm_app.accounting.models import InvoiceState
from crm_app.core import validators
from crm_app.core.forms import FormModel


class InvoiceForm(FormModel):
    fill_missing = True  # every input of the page is sent
    invoice_date: date
    amount_cents: int = Field(alias="amount")
    state: str

    @field_validator("invoice_date", mode="before")
    @classmethod
    def _invoice_date(cls, value: object) -> date | None:
        return validators.parse_date(value, required=True, label="La date de facture")

    @field_validator("amount_cents", mode="before")
    @classmethod
    def _amount(cls, value: object) -> int:
        return validators.parse_amount(value)

    @field_validator("state", mode="before")
    @classmethod
    def _state(cls, value: object) -> str:
        return validators.choice(value, InvoiceState, InvoiceState.DRAFT.value)
