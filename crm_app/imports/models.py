"""Contact imports: each import with its file, mapping, options, progress and
counts (the import's journal); each row's outcome (the report, and what
« Annuler l'import » undoes); mappings saved by name."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import ClassVar

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from crm_app.core.clock import utcnow


class ImportState(StrEnum):
    DRAFT = "draft"
    RUNNING = "running"
    DONE = "done"
    INTERRUPTED = "interrupted"
    UNDONE = "undone"


IMPORT_STATE_LABELS = {
    ImportState.DRAFT: "En préparation",
    ImportState.RUNNING: "En cours",
    ImportState.DONE: "Terminé",
    ImportState.INTERRUPTED: "Interrompu",
    ImportState.UNDONE: "Annulé",
}


class DuplicateAction(StrEnum):
    CREATE = "create"
    FILL_EMPTY = "fill_empty"
    OVERWRITE = "overwrite"
    SKIP = "skip"


DUPLICATE_ACTION_LABELS = {
    DuplicateAction.SKIP: "Ignorer la ligne",
    DuplicateAction.FILL_EMPTY: "Mettre à jour la fiche existante (champs vides seulement)",
    DuplicateAction.OVERWRITE: "Mettre à jour la fiche existante (remplacer les valeurs)",
    DuplicateAction.CREATE: "Créer quand même",
}


class RowOutcome(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    SKIPPED = "skipped"
    INVALID = "invalid"


ROW_OUTCOME_LABELS = {
    RowOutcome.CREATED: "Créé",
    RowOutcome.UPDATED: "Mis à jour",
    RowOutcome.SKIPPED: "Ignoré",
    RowOutcome.INVALID: "Refusé",
}


class ContactImport(SQLModel, table=True):
    __tablename__: ClassVar[str] = "contact_import"

    id: int | None = Field(default=None, primary_key=True)
    created_at: datetime = Field(default_factory=utcnow)
    created_by_id: int | None = Field(default=None, foreign_key="app_user.id", ondelete="SET NULL")
    file_name: str = Field(max_length=255)
    # The uploaded file, kept in the private folder until the import is undone
    # or deleted (an interrupted import resumes from it).
    file_key: str = Field(max_length=100)
    sheet: str = Field(default="", max_length=200)
    mapping: str = Field(default="{}", sa_type=sa.Text)  # JSON {header: field}
    duplicate_action: str = Field(default=DuplicateAction.SKIP.value, max_length=20)
    row_actions: str = Field(default="{}", sa_type=sa.Text)  # JSON {row number: action}
    skip_invalid: bool = Field(default=True)
    state: str = Field(default=ImportState.DRAFT.value, max_length=20)
    total_rows: int = 0
    # Rows handled so far, in the import's order (main contacts, then addresses).
    processed: int = 0
    created_count: int = 0
    updated_count: int = 0
    skipped_count: int = 0
    invalid_count: int = 0
    started_at: datetime | None = None
    finished_at: datetime | None = None
    undone_at: datetime | None = None
    message: str = Field(default="", max_length=1000)


class ImportedRow(SQLModel, table=True):
    __tablename__: ClassVar[str] = "contact_import_row"
    __table_args__ = (sa.Index("ix_contact_import_row_import", "import_id", "row_number"),)

    id: int | None = Field(default=None, primary_key=True)
    import_id: int = Field(foreign_key="contact_import.id", ondelete="CASCADE")
    row_number: int
    outcome: str = Field(max_length=20)
    contact_id: int | None = Field(default=None, foreign_key="contact.id", ondelete="SET NULL")
    message: str = Field(default="", sa_type=sa.Text)
    # For an update: the fields' values before it (JSON), which undo restores.
    previous: str = Field(default="{}", sa_type=sa.Text)


class ImportMapping(SQLModel, table=True):
    __tablename__: ClassVar[str] = "import_mapping"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=100, unique=True)
    mapping: str = Field(default="{}", sa_type=sa.Text)
    created_by_id: int | None = Field(default=None, foreign_key="app_user.id", ondelete="SET NULL")
    updated_at: datetime = Field(default_factory=utcnow)
