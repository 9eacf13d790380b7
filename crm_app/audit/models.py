"""Audit trail: who created, changed, archived, erased or exported what, and
which fields went from what to what."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from crm_app.core.clock import utcnow


class AuditEntry(SQLModel, table=True):
    __tablename__: ClassVar[str] = "audit_entry"
    __table_args__ = (sa.Index("ix_audit_entry_contact_at", "contact_id", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow)
    user_id: int | None = Field(default=None, foreign_key="app_user.id", ondelete="SET NULL")
    # Kept as written: the journal still names who did it if the user goes.
    user_name: str = Field(default="", max_length=120)
    object_type: str = Field(max_length=30)  # contact, intervention, opportunity...
    object_id: int
    # The main contact concerned, for the contact page's Journal.
    contact_id: int | None = Field(default=None, index=True)
    action: str = Field(max_length=20)  # create, update, archive, restore, delete...
    # JSON list of [field, old, new]
    changes: str = Field(default="[]", sa_type=sa.Text)
