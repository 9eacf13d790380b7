"""Opportunities (the pipeline) and quotes / sale orders."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlmodel import Field, SQLModel

from crm_app.core.clock import utcnow


class OpportunityStage(StrEnum):
    NEW = "new"
    QUALIFIED = "qualified"
    PROPOSAL = "proposal"
    WON = "won"
    LOST = "lost"


OPPORTUNITY_STAGE_LABELS = {
    OpportunityStage.NEW: "Nouveau",
    OpportunityStage.QUALIFIED: "Qualifié",
    OpportunityStage.PROPOSAL: "Proposition",
    OpportunityStage.WON: "Gagné",
    OpportunityStage.LOST: "Perdu",
}


class Opportunity(SQLModel, table=True):
    __tablename__ = "opportunity"

    id: int | None = Field(default=None, primary_key=True)
    version: int = Field(default=1)
    title: str = Field(max_length=200)
    customer_id: int = Field(foreign_key="contact.id", index=True, ondelete="RESTRICT")
    stage: str = Field(default=OpportunityStage.NEW.value, max_length=20)
    expected_revenue_cents: int = Field(default=0)
    expected_close_date: date | None = None
    campaign_id: int | None = Field(
        default=None, foreign_key="marketing_campaign.id", ondelete="SET NULL"
    )
    source_id: int | None = Field(
        default=None, foreign_key="marketing_source.id", ondelete="SET NULL"
    )
    medium_id: int | None = Field(
        default=None, foreign_key="marketing_medium.id", ondelete="SET NULL"
    )
    created_at: datetime = Field(default_factory=utcnow, index=True)
    updated_at: datetime = Field(default_factory=utcnow)
    created_by_id: int | None = Field(default=None, foreign_key="app_user.id", ondelete="SET NULL")


class SaleOrderState(StrEnum):
    DRAFT = "draft"
    SENT = "sent"
    VALIDATED = "validated"
    CANCELLED = "cancelled"


SALE_ORDER_STATE_LABELS = {
    SaleOrderState.DRAFT: "Brouillon",
    SaleOrderState.SENT: "Envoyé",
    SaleOrderState.VALIDATED: "Validé",
    SaleOrderState.CANCELLED: "Annulé",
}


class SaleOrder(SQLModel, table=True):
    """A quote (devis) that becomes a sale order once validated."""

    __tablename__ = "sale_order"

    id: int | None = Field(default=None, primary_key=True)
    version: int = Field(default=1)
    number: str = Field(max_length=30, unique=True, index=True)
    customer_id: int = Field(foreign_key="contact.id", index=True, ondelete="RESTRICT")
    invoice_address_id: int = Field(foreign_key="contact.id", ondelete="RESTRICT")
    delivery_address_id: int = Field(foreign_key="contact.id", ondelete="RESTRICT")
    state: str = Field(default=SaleOrderState.DRAFT.value, max_length=20)
    amount_cents: int = Field(default=0)
    validated_at: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow, index=True)
    updated_at: datetime = Field(default_factory=utcnow)
    created_by_id: int | None = Field(default=None, foreign_key="app_user.id", ondelete="SET NULL")
