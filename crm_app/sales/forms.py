"""The opportunity and quote forms as typed models: every field checked at
once, French messages (the rules that need the database are in service.py)."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from crm_app.core.forms import AmountCents, FormModel, OptionalDate, RequiredName, as_choice
from crm_app.sales.models import OpportunityStage, SaleOrderState


class OpportunityForm(FormModel):
    fill_missing = True  # every input of the page is sent
    title: RequiredName
    stage: Annotated[str, as_choice(OpportunityStage, OpportunityStage.NEW)]
    expected_revenue_cents: AmountCents = Field(alias="expected_revenue")
    expected_close_date: OptionalDate


class SaleOrderForm(FormModel):
    """A quote's own fields; its addresses are checked against the customer."""

    fill_missing = True  # every input of the page is sent
    state: Annotated[str, as_choice(SaleOrderState, SaleOrderState.DRAFT)]
    amount_cents: AmountCents = Field(alias="amount")
