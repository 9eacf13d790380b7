"""Geocoding cache: the answer for a normalised address, so the same address
is never asked twice (Nominatim's usage policy asks for it)."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from crm_app.core.clock import utcnow


class GeocodeCacheEntry(SQLModel, table=True):
    __tablename__: ClassVar[str] = "geocode_cache"
    __table_args__ = (
        sa.UniqueConstraint("provider", "address_key", name="uq_geocode_cache_provider_key"),
    )

    id: int | None = Field(default=None, primary_key=True)
    provider: str = Field(max_length=20)
    # The normalised address asked (see geo.service.address_key).
    address_key: str = Field(max_length=600)
    found: bool = Field(default=False)
    latitude: float | None = None
    longitude: float | None = None
    score: float | None = None
    label: str | None = Field(default=None, max_length=300)
    created_at: datetime = Field(default_factory=utcnow)
