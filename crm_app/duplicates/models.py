"""Probable duplicate pairs found by the last scan of the base, and the pairs
a user said are not duplicates (remembered across scans)."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from crm_app.core.clock import utcnow


class DuplicatePair(SQLModel, table=True):
    """One pair of the last scan; ``first_id`` < ``second_id``."""

    __tablename__: ClassVar[str] = "duplicate_pair"
    __table_args__ = (
        sa.UniqueConstraint("first_id", "second_id"),
        sa.Index("ix_duplicate_pair_rank", "score", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    first_id: int = Field(foreign_key="contact.id", ondelete="CASCADE", index=True)
    second_id: int = Field(foreign_key="contact.id", ondelete="CASCADE", index=True)
    score: int
    reasons: str = Field(max_length=300)


class NotDuplicate(SQLModel, table=True):
    """« Pas un doublon »: never proposed again."""

    __tablename__: ClassVar[str] = "not_duplicate"
    __table_args__ = (sa.UniqueConstraint("first_id", "second_id"),)

    id: int | None = Field(default=None, primary_key=True)
    first_id: int = Field(foreign_key="contact.id", ondelete="CASCADE")
    second_id: int = Field(foreign_key="contact.id", ondelete="CASCADE")
    user_id: int | None = Field(default=None, foreign_key="app_user.id", ondelete="SET NULL")
    at: datetime = Field(default_factory=utcnow)


class DuplicateScan(SQLModel, table=True):
    """When the base was last scanned, by whom, and what it found."""

    __tablename__: ClassVar[str] = "duplicate_scan"

    id: int | None = Field(default=None, primary_key=True)
    started_at: datetime = Field(default_factory=utcnow)
    finished_at: datetime | None = None
    user_id: int | None = Field(default=None, foreign_key="app_user.id", ondelete="SET NULL")
    contacts_scanned: int = 0
    pairs_found: int = 0
    seconds: float = 0.0
