"""Reference data the contact form picks from (payment terms, accounts, ...)."""

from __future__ import annotations

from typing import ClassVar

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
)
