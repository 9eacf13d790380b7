"""Interventions (the planning): a visit of one or more technicians at a
customer's address, of a task type, at a date and for a duration."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import ClassVar

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from crm_app.audit.hooks import journal_changes_of
from crm_app.core.clock import utcnow
from crm_app.documents.models import DOCUMENT_FIELD_LABELS, DocumentBase, customer_main_contact_id


class InterventionState(StrEnum):
    DRAFT = "draft"
    CONFIRMED = "confirmed"
    IN_PROGRESS = "in_progress"
    UNFINISHED = "unfinished"
    DONE = "done"
    CANCELLED = "cancelled"
    POSTPONED = "postponed"


INTERVENTION_STATE_LABELS = {
    InterventionState.DRAFT: "Brouillon",
    InterventionState.CONFIRMED: "Confirmé",
    InterventionState.IN_PROGRESS: "En cours",
    InterventionState.UNFINISHED: "Inachevé",
    InterventionState.DONE: "Terminé",
    InterventionState.CANCELLED: "Annulé",
    InterventionState.POSTPONED: "Reporté",
}


class Intervention(DocumentBase, table=True):
    __tablename__: ClassVar[str] = "intervention"
    __table_args__ = (sa.Index("ix_intervention_address_start", "address_id", "start_at"),)

    task_type_id: int | None = Field(default=None, foreign_key="task_type.id", ondelete="SET NULL")
    # The customer (DocumentBase.customer_id) is the contact as chosen; this is
    # where the technicians go (the customer or one of its addresses).
    address_id: int = Field(foreign_key="contact.id", ondelete="RESTRICT")
    start_at: datetime = Field(index=True)
    duration_minutes: int = Field(default=60)
    # The time was agreed with the customer: a route optimisation keeps it.
    time_fixed: bool = Field(default=False, sa_column_kwargs={"server_default": sa.false()})
    state: str = Field(default=InterventionState.DRAFT.value, max_length=20)
    label: str = Field(default="", max_length=300)  # Libellé
    # The label as the Planning search compares it (see search_index.py).
    search_text: str = Field(default="", max_length=400, sa_column_kwargs={"server_default": ""})
    description: str | None = Field(default=None, max_length=10000)
    # Not indexed, unlike the other documents (the planning sorts by start_at).
    created_at: datetime = Field(default_factory=utcnow)
    # Reported from the field (interventions/fieldwork.py): when the technician
    # started and finished, the time he spent, his report and the customer's
    # signature (a private file, see interventions/attachments.py).
    started_at: datetime | None = None
    ended_at: datetime | None = None
    time_spent_minutes: int | None = None
    report_text: str | None = Field(default=None, max_length=10000)
    signature_key: str | None = Field(default=None, max_length=100)
    signer_name: str | None = Field(default=None, max_length=120)
    signed_at: datetime | None = None


class InterventionTechnician(SQLModel, table=True):
    """Who goes: an intervention may have several technicians."""

    __tablename__: ClassVar[str] = "intervention_technician"

    intervention_id: int = Field(
        foreign_key="intervention.id", primary_key=True, ondelete="CASCADE"
    )
    user_id: int = Field(
        foreign_key="app_user.id", primary_key=True, index=True, ondelete="CASCADE"
    )


class InterventionPhoto(SQLModel, table=True):
    """A photo taken on site, stored privately (downscaled JPEG)."""

    __tablename__: ClassVar[str] = "intervention_photo"

    id: int | None = Field(default=None, primary_key=True)
    intervention_id: int = Field(foreign_key="intervention.id", index=True, ondelete="CASCADE")
    file_key: str = Field(max_length=100)
    file_name: str = Field(default="", max_length=120)
    width: int = 0
    height: int = 0
    size_bytes: int = 0
    uploaded_by_id: int | None = Field(default=None, foreign_key="app_user.id", ondelete="SET NULL")
    created_at: datetime = Field(default_factory=utcnow)


journal_changes_of(
    Intervention,
    "intervention",
    customer_main_contact_id,
    labels=DOCUMENT_FIELD_LABELS
    | {
        "task_type_id": "Tâche",
        "address_id": "Adresse d'intervention",
        "start_at": "Date",
        "duration_minutes": "Durée (min)",
        "time_fixed": "Heure fixée avec le client",
        "state": "État",
        "label": "Libellé",
        "description": "Description",
        "started_at": "Début réel",
        "ended_at": "Fin réelle",
        "time_spent_minutes": "Temps passé (min)",
        "report_text": "Compte rendu",
        "signer_name": "Signataire",
        "signed_at": "Signé le",
    },
    choices={"state": INTERVENTION_STATE_LABELS},
)
