"""The opportunity and quote forms as typed models: every field checked at
once, French messages (the rules that need the database are in service.py)."""

from __future__ import annotations

from datetime import date

from pydantic import Field, field_validator

from crm_app.core import validators
from crm_app.core.forms import FormModel
from crm_app.sales.models import OpportunityStage, SaleOrderState


class OpportunityForm(FormModel):
    fill_missing = True  # every input of the page is sent
    title: str
    stage: str
    expected_revenue_cents: int = Field(alias="expected_revenue")
    expected_close_date: date | None

    @field_validator("title", mode="before")
    @classmethod
    def _title(cls, value: object) -> str:
        return validators.required_name(value)

    @field_validator("stage", mode="before")
    @classmethod
    def _stage(cls, value: object) -> str:
        return validators.choice(value, OpportunityStage, OpportunityStage.NEW.value)

    @field_validator("expected_revenue_cents", mode="before")
    @classmethod
    def _revenue(cls, value: object) -> int:
        return validators.parse_amount(value)

    @field_validator("expected_close_date", mode="before")
    @classmethod
    def _close_date(cls, value: object) -> date | None:
        return validators.parse_date(value, required=False)


class SaleOrderForm(FormModel):
    """A quote's own fields; its addresses are checked against the customer."""

    fill_missing = True  # every input of the page is sent
    state: str
    amount_cents: int = Field(alias="amount")

    @field_validator("state", mode="before")
    @classmethod
    def _state(cls, value: object) -> str:
        return validators.choice(value, SaleOrderState, SaleOrderState.DRAFT.value)

    @field_validator("amount_cents", mode="before")
    @classmethod
    def _amount(cls, value: object) -> int:
        return validators.parse_amount(value)
