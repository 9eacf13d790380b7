"""The invoice form as a typed model: every field checked at once, French
messages (the invoice address, which needs the database, is in service.py)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import Field

from crm_app.accounting.models import InvoiceState
from crm_app.core.forms import AmountCents, FormModel, as_choice, as_required_date


class InvoiceForm(FormModel):
    fill_missing = True  # every input of the page is sent
    invoice_date: Annotated[date, as_required_date("La date de facture")]
    amount_cents: AmountCents = Field(alias="amount")
    state: Annotated[str, as_choice(InvoiceState, InvoiceState.DRAFT)]
