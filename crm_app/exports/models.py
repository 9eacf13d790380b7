"""A requested export: the search, the columns and the format a user asked
for, redeemed once by the download link within a minute."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from sqlmodel import Field, SQLModel

from crm_app.core.clock import utcnow


class ExportTicket(SQLModel, table=True):
    __tablename__: ClassVar[str] = "export_ticket"

    id: int | None = Field(default=None, primary_key=True)
    # SHA-256 of the secret in the link: the database never holds the link.
    token_hash: str = Field(max_length=64, unique=True)
    user_id: int = Field(foreign_key="app_user.id", ondelete="CASCADE")
    created_at: datetime = Field(default_factory=utcnow)
    used_at: datetime | None = None
    query: str = Field(default="", max_length=200)
    include_archived: bool = Field(default=False)
    file_format: str = Field(max_length=10)
    # Comma-separated column keys (crm_app/exports/columns.py).
    columns: str = Field(default="", max_length=1000)
