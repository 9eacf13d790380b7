"""Opportunities (the pipeline) and quotes / sale orders."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import ClassVar

from sqlmodel import Field

from crm_app.audit.hooks import journal_changes_of
from crm_app.documents.models import (
    DOCUMENT_FIELD_LABELS,
    DocumentBase,
    NumberedDocument,
    customer_main_contact_id,
)


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


class Opportunity(DocumentBase, table=True):
    __tablename__: ClassVar[str] = "opportunity"

    title: str = Field(max_length=200)
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


class SaleOrder(NumberedDocument, table=True):
    """A quote (devis) that becomes a sale order once validated."""

    __tablename__: ClassVar[str] = "sale_order"

    invoice_address_id: int = Field(foreign_key="contact.id", ondelete="RESTRICT")
    delivery_address_id: int = Field(foreign_key="contact.id", ondelete="RESTRICT")
    state: str = Field(default=SaleOrderState.DRAFT.value, max_length=20)
    amount_cents: int = Field(default=0)
    validated_at: datetime | None = None


journal_changes_of(
    Opportunity,
    "opportunity",
    customer_main_contact_id,
    labels=DOCUMENT_FIELD_LABELS
    | {
        "title": "Titre",
        "stage": "Étape",
        "expected_revenue_cents": "Revenu attendu",
        "expected_close_date": "Date de clôture prévue",
        "campaign_id": "Campagne",
        "source_id": "Source",
        "medium_id": "Canal",
    },
    choices={"stage": OPPORTUNITY_STAGE_LABELS},
)
journal_changes_of(
    SaleOrder,
    "sale_order",
    customer_main_contact_id,
    labels=DOCUMENT_FIELD_LABELS
    | {
        "invoice_address_id": "Adresse de facturation",
        "delivery_address_id": "Adresse de livraison",
        "state": "État",
        "amount_cents": "Montant",
        "validated_at": "Validé le",
    },
    choices={"state": SALE_ORDER_STATE_LABELS},
)
