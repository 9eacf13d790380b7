"""The installed equipment (« parc installé ») at customers' addresses, the
maintenance contracts covering it, and the maintenance visits recorded on it."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any, ClassVar

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from crm_app.audit.hooks import journal_changes_of
from crm_app.core.clock import utcnow


class Energy(StrEnum):
    GAS = "gas"
    OIL = "oil"
    WOOD = "wood"
    PELLETS = "pellets"
    ELECTRICITY = "electricity"
    PROPANE = "propane"
    OTHER = "other"


ENERGY_LABELS = {
    Energy.GAS.value: "Gaz naturel",
    Energy.OIL.value: "Fioul",
    Energy.WOOD.value: "Bois",
    Energy.PELLETS.value: "Granulés",
    Energy.ELECTRICITY.value: "Électricité",
    Energy.PROPANE.value: "Propane",
    Energy.OTHER.value: "Autre",
}


class Equipment(SQLModel, table=True):
    __tablename__: ClassVar[str] = "equipment"
    # « À planifier » reads the active equipment by due date.
    __table_args__ = (sa.Index("ix_equipment_active_due", "active", "next_due_on"),)

    id: int | None = Field(default=None, primary_key=True)
    # Where it is installed: the customer or one of its addresses.
    address_id: int = Field(foreign_key="contact.id", index=True, ondelete="RESTRICT")
    # The address's main contact (itself for a main contact): the tab reads by it.
    main_contact_id: int = Field(foreign_key="contact.id", index=True, ondelete="RESTRICT")
    type_id: int = Field(foreign_key="equipment_type.id", ondelete="RESTRICT")
    brand: str = Field(default="", max_length=80)
    model: str = Field(default="", max_length=120)
    serial_number: str = Field(default="", max_length=80)
    commissioned_on: date | None = Field(default=None)
    power_kw: float | None = Field(default=None)
    energy: str = Field(default="", max_length=20)
    location: str = Field(default="", max_length=200)  # in the building
    warranty_end: date | None = Field(default=None)
    notes: str = Field(default="", max_length=2000)
    # Months between two maintenances, when not the type's (nor the contract's).
    periodicity_months: int | None = Field(default=None)
    contract_id: int | None = Field(
        default=None, foreign_key="maintenance_contract.id", index=True, ondelete="SET NULL"
    )
    # Kept by equipment.service.refresh_due from the visits and the contract.
    last_maintenance_on: date | None = Field(default=None)
    next_due_on: date | None = Field(default=None)
    active: bool = Field(default=True)
    created_at: datetime = Field(default_factory=utcnow)


class ContractState(StrEnum):
    DRAFT = "draft"
    ACTIVE = "active"
    TERMINATED = "terminated"
    EXPIRED = "expired"


CONTRACT_STATE_LABELS = {
    ContractState.DRAFT.value: "Brouillon",
    ContractState.ACTIVE.value: "Actif",
    ContractState.TERMINATED.value: "Résilié",
    ContractState.EXPIRED.value: "Expiré",
}


class MaintenanceContract(SQLModel, table=True):
    """« Contrat d'entretien »: the equipment it covers points at it."""

    __tablename__: ClassVar[str] = "maintenance_contract"

    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = Field(foreign_key="contact.id", index=True, ondelete="RESTRICT")
    address_id: int = Field(foreign_key="contact.id", index=True, ondelete="RESTRICT")
    periodicity_months: int | None = Field(default=None)
    preferred_month: int | None = Field(default=None)  # 1–12
    yearly_price_cents: int = Field(default=0)
    start_on: date
    end_on: date | None = Field(default=None)
    tacit_renewal: bool = Field(default=True)
    state: str = Field(default=ContractState.DRAFT.value, max_length=20)
    notes: str = Field(default="", max_length=2000)
    version: int = Field(default=1)
    created_at: datetime = Field(default_factory=utcnow)


class SweepMethod(StrEnum):
    MECHANICAL_TOP = "mechanical_top"
    MECHANICAL_BOTTOM = "mechanical_bottom"
    ROTARY = "rotary"
    CHEMICAL = "chemical"


SWEEP_METHOD_LABELS = {
    SweepMethod.MECHANICAL_TOP.value: "Hérisson, par le haut",
    SweepMethod.MECHANICAL_BOTTOM.value: "Hérisson, par le bas",
    SweepMethod.ROTARY.value: "Rotatif (flexible motorisé)",
    SweepMethod.CHEMICAL.value: "Chimique (en complément)",
}


class MaintenanceVisit(SQLModel, table=True):
    """What a maintenance found on one equipment (arrêté du 15 septembre 2009)."""

    __tablename__: ClassVar[str] = "maintenance_visit"
    __table_args__ = (sa.UniqueConstraint("intervention_id", "equipment_id"),)

    id: int | None = Field(default=None, primary_key=True)
    equipment_id: int = Field(foreign_key="equipment.id", index=True, ondelete="RESTRICT")
    intervention_id: int | None = Field(
        default=None, foreign_key="intervention.id", ondelete="SET NULL"
    )
    done_on: date
    technician_id: int | None = Field(default=None, foreign_key="app_user.id", ondelete="SET NULL")
    checks_done: str = Field(default="", max_length=4000)
    co_ppm: float | None = Field(default=None)
    efficiency: str = Field(default="", max_length=2000)
    defects: str = Field(default="", max_length=4000)
    advice: str = Field(default="", max_length=4000)
    sweep_method: str = Field(default="", max_length=30)
    observations: str = Field(default="", max_length=4000)
    created_at: datetime = Field(default_factory=utcnow)


class InterventionEquipment(SQLModel, table=True):
    """The equipment an intervention maintains."""

    __tablename__: ClassVar[str] = "intervention_equipment"

    intervention_id: int = Field(
        foreign_key="intervention.id", primary_key=True, ondelete="CASCADE"
    )
    equipment_id: int = Field(
        foreign_key="equipment.id", primary_key=True, index=True, ondelete="RESTRICT"
    )


class ReminderTemplate(SQLModel, table=True):
    """The reminder e-mail's text (one row, edited on « Relances »)."""

    __tablename__: ClassVar[str] = "reminder_template"

    id: int | None = Field(default=None, primary_key=True)
    subject: str = Field(max_length=200)
    body: str = Field(max_length=5000)
    updated_at: datetime = Field(default_factory=utcnow)


class ReminderRun(SQLModel, table=True):
    """One sending of a month's reminders."""

    __tablename__: ClassVar[str] = "reminder_run"

    id: int | None = Field(default=None, primary_key=True)
    month: date  # the first day of the month reminded
    created_by_id: int | None = Field(default=None, foreign_key="app_user.id", ondelete="SET NULL")
    created_at: datetime = Field(default_factory=utcnow)
    subject: str = Field(max_length=200)
    body: str = Field(max_length=5000)


class ReminderStatus(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"
    NO_EMAIL = "no_email"  # a printed letter instead


REMINDER_STATUS_LABELS = {
    ReminderStatus.PENDING.value: "À envoyer",
    ReminderStatus.SENT.value: "Envoyée",
    ReminderStatus.FAILED.value: "Échec",
    ReminderStatus.NO_EMAIL.value: "Courrier",
}


class ReminderItem(SQLModel, table=True):
    """One customer of a run: the equipment reminded, where it went, how it went."""

    __tablename__: ClassVar[str] = "reminder_item"
    __table_args__ = (sa.Index("ix_reminder_item_run_status", "run_id", "status"),)

    id: int | None = Field(default=None, primary_key=True)
    run_id: int = Field(foreign_key="reminder_run.id", ondelete="CASCADE")
    contact_id: int = Field(foreign_key="contact.id", index=True, ondelete="RESTRICT")
    equipment_ids: str = Field(default="", max_length=2000)  # "12,15"
    email: str = Field(default="", max_length=320)
    status: str = Field(default=ReminderStatus.PENDING.value, max_length=20)
    message: str = Field(default="", max_length=500)  # the server's refusal, in French
    sent_at: datetime | None = Field(default=None)


def _main_contact_of_equipment(_connection: sa.Connection, row: Any) -> int | None:
    return row.main_contact_id


def _contract_customer(_connection: sa.Connection, row: Any) -> int | None:
    return row.customer_id


journal_changes_of(
    Equipment,
    "equipment",
    _main_contact_of_equipment,
    labels={
        "address_id": "Adresse",
        "type_id": "Type",
        "brand": "Marque",
        "model": "Modèle",
        "serial_number": "N° de série",
        "commissioned_on": "Mise en service",
        "power_kw": "Puissance (kW)",
        "energy": "Énergie",
        "location": "Emplacement",
        "warranty_end": "Fin de garantie",
        "notes": "Notes",
        "periodicity_months": "Périodicité (mois)",
        "contract_id": "Contrat",
        "last_maintenance_on": "Dernier entretien",
        "next_due_on": "Prochain entretien",
        "active": "Actif",
    },
    choices={"energy": ENERGY_LABELS},
)

journal_changes_of(
    MaintenanceContract,
    "maintenance_contract",
    _contract_customer,
    labels={
        "customer_id": "Client",
        "address_id": "Adresse",
        "periodicity_months": "Périodicité (mois)",
        "preferred_month": "Mois préféré",
        "yearly_price_cents": "Prix annuel",
        "start_on": "Début",
        "end_on": "Fin",
        "tacit_renewal": "Tacite reconduction",
        "state": "État",
        "notes": "Notes",
    },
    choices={"state": CONTRACT_STATE_LABELS},
)
