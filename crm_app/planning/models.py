"""Sectors (« Secteurs »): the areas a business splits its territory into,
as postcode prefixes or ranges, with the technicians who usually cover them
(OpenFire's ``of_planning`` sectors)."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from sqlmodel import Field, SQLModel

from crm_app.core.clock import utcnow
from crm_app.core.schema import SavedRow


class Sector(SavedRow, SQLModel, table=True):
    __tablename__: ClassVar[str] = "sector"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=80, sa_column_kwargs={"unique": True})
    color: str = Field(default="#3b82f6", max_length=7)
    # As the user wrote them, normalised: "35000-35099, 352*, 35510".
    postcodes: str = Field(default="", max_length=1000)
    active: bool = Field(default=True)
    created_at: datetime = Field(default_factory=utcnow)


class SectorTechnician(SQLModel, table=True):
    """The technicians a sector's interventions are suggested to."""

    __tablename__: ClassVar[str] = "sector_technician"

    sector_id: int = Field(foreign_key="sector.id", primary_key=True, ondelete="CASCADE")
    user_id: int = Field(foreign_key="app_user.id", primary_key=True, ondelete="CASCADE")
