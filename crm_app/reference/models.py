"""Reference data the contact form picks from (payment terms, accounts, ...)."""

from __future__ import annotations

from enum import StrEnum
from typing import ClassVar

import sqlalchemy as sa
from sqlmodel import Field, SQLModel


class PaymentTerm(SQLModel, table=True):
    __tablename__: ClassVar[str] = "payment_term"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=120, index=True)
    active: bool = Field(default=True)


class FiscalPosition(SQLModel, table=True):
    __tablename__: ClassVar[str] = "fiscal_position"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=120, index=True)
    active: bool = Field(default=True)


class Account(SQLModel, table=True):
    """An account of the French chart of accounts (PCG), e.g. 411100."""

    __tablename__: ClassVar[str] = "account"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=20, sa_column_kwargs={"unique": True}, index=True)
    name: str = Field(max_length=160)
    # "receivable" (411...), "payable" (401...) or "other"
    kind: str = Field(default="other", max_length=20)
    active: bool = Field(default=True)


class Pricelist(SQLModel, table=True):
    __tablename__: ClassVar[str] = "pricelist"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=120, index=True)
    active: bool = Field(default=True)


class MarketingCampaign(SQLModel, table=True):
    __tablename__: ClassVar[str] = "marketing_campaign"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=120, index=True)
    active: bool = Field(default=True)


class MarketingSource(SQLModel, table=True):
    __tablename__: ClassVar[str] = "marketing_source"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=120, index=True)
    active: bool = Field(default=True)


class MarketingMedium(SQLModel, table=True):
    """Canal (channel), e.g. "Bannière WEB"."""

    __tablename__: ClassVar[str] = "marketing_medium"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=120, index=True)
    active: bool = Field(default=True)


class TaskType(SQLModel, table=True):
    """Type of intervention (Visite technique, Ramonage, ...)."""

    __tablename__: ClassVar[str] = "task_type"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=120, index=True)
    # Pre-fills the duration of a new intervention of this type.
    default_duration_minutes: int = Field(default=60)
    # A maintenance visit: completing it records the maintenance of its equipment.
    maintenance: bool = Field(default=False, sa_column_kwargs={"server_default": sa.false()})
    active: bool = Field(default=True)


class EquipmentCategory(StrEnum):
    """What the law asks of a kind of equipment, and which certificate it gets."""

    COMBUSTION = "combustion"  # boilers, stoves, inserts: CO measured
    HEAT_PUMP = "heat_pump"
    FLUE = "flue"  # swept: « certificat de ramonage »
    OTHER = "other"


EQUIPMENT_CATEGORY_LABELS = {
    EquipmentCategory.COMBUSTION.value: "Appareil à combustion",
    EquipmentCategory.HEAT_PUMP.value: "Pompe à chaleur",
    EquipmentCategory.FLUE.value: "Conduit de fumée",
    EquipmentCategory.OTHER.value: "Autre",
}


# The list a new company starts with (the migration inserts it; editable in
# Paramètres): boilers yearly (décret 2009-649), heat pumps every two years
# (décret 2020-912), flues yearly (departmental rules; 6 months for two sweeps).
DEFAULT_EQUIPMENT_TYPES = (
    ("Chaudière gaz", EquipmentCategory.COMBUSTION.value, 12),
    ("Chaudière fioul", EquipmentCategory.COMBUSTION.value, 12),
    ("Chaudière bois/granulés", EquipmentCategory.COMBUSTION.value, 12),
    ("Poêle à granulés", EquipmentCategory.COMBUSTION.value, 12),
    ("Poêle à bois", EquipmentCategory.COMBUSTION.value, 12),
    ("Insert/foyer fermé", EquipmentCategory.COMBUSTION.value, 12),
    ("Pompe à chaleur air/eau", EquipmentCategory.HEAT_PUMP.value, 24),
    ("Pompe à chaleur air/air", EquipmentCategory.HEAT_PUMP.value, 24),
    ("Chauffe-eau thermodynamique", EquipmentCategory.HEAT_PUMP.value, 24),
    ("Conduit de fumée", EquipmentCategory.FLUE.value, 12),
)


class EquipmentType(SQLModel, table=True):
    """Type of installed equipment (Chaudière gaz, Conduit de fumée, ...) and
    how often it must be maintained unless the equipment or its contract says otherwise."""

    __tablename__: ClassVar[str] = "equipment_type"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=120, index=True)
    category: str = Field(default=EquipmentCategory.OTHER.value, max_length=20)
    periodicity_months: int = Field(default=12)
    active: bool = Field(default=True)


# Any reference row: each has an id, a name and an active flag.
ReferenceRow = (
    PaymentTerm
    | FiscalPosition
    | Account
    | Pricelist
    | MarketingCampaign
    | MarketingSource
    | MarketingMedium
    | TaskType
    | EquipmentType
)
