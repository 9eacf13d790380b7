"""Recording and reading the audit trail. Plain functions; the caller commits
(an entry is saved with the change it describes, or not at all)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, update
from sqlmodel import Session, SQLModel, col, select

from crm_app.audit.models import AuditEntry
from crm_app.audit.presentation import describe_all
from crm_app.core.clock import as_utc
from crm_app.core.formatting import datetime_label
from crm_app.users.models import User

ACTION_LABELS = {
    "create": "Création",
    "update": "Modification",
    "archive": "Archivage",
    "restore": "Restauration",
    "delete": "Suppression",
    "erase": "Effacement RGPD",
    "export": "Export RGPD",
    "merge": "Fusion",
    "reminder": "Envoi",
}
OBJECT_LABELS = {
    "contact": "Contact",
    "intervention": "Intervention",
    "opportunity": "Opportunité",
    "sale_order": "Devis",
    "invoice": "Facture",
    "equipment": "Équipement",
    "maintenance_contract": "Contrat d'entretien",
    "maintenance_reminder": "Relance d'entretien",
}
# Bookkeeping columns that say nothing to the reader of the journal.
IGNORED_FIELDS = {
    "version",
    "updated_at",
    "created_at",
    "display_name",
    "list_sort_key",
    "search_text",
    "geocode_date",
    # The private file's storage key: its name is what the reader knows it by.
    "consent_proof_file_key",
}
PAGE_SIZE = 10


def snapshot(row: SQLModel) -> dict[str, object]:
    """The row's fields, as the journal compares them."""
    return {k: plain(v) for k, v in row.model_dump().items() if k not in IGNORED_FIELDS}


def plain(value: object) -> object:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def changes_between(before: dict[str, object], after: dict[str, object]) -> list[list]:
    return [
        [field, before.get(field), after.get(field)]
        for field in after
        if before.get(field) != after.get(field)
    ]


def record(
    session: Session,
    *,
    user_id: int | None,
    object_type: str,
    object_id: int,
    action: str,
    contact_id: int | None,
    changes: list[list] | None = None,
) -> AuditEntry | None:
    """Add an entry; an update that changed nothing is not recorded."""
    if action == "update" and not changes:
        return None
    user = session.get(User, user_id) if user_id else None
    entry = AuditEntry(
        user_id=user_id,
        user_name=user.name if user else "Système",
        object_type=object_type,
        object_id=object_id,
        contact_id=contact_id,
        action=action,
        changes=json.dumps(changes or [], ensure_ascii=False, default=str),
    )
    session.add(entry)
    session.flush()
    return entry


@dataclass
class JournalLine:
    when: str
    who: str
    what: str
    details: str


@dataclass
class JournalPage:
    lines: list[JournalLine]
    total: int
    page: int
    page_count: int


def journal(session: Session, contact_id: int, *, page: int = 1) -> JournalPage:
    """Entries about a main contact (its own, its addresses', its documents'),
    newest first, one page at a time."""
    query = select(AuditEntry).where(AuditEntry.contact_id == contact_id)
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    page_count = max(1, -(-total // PAGE_SIZE))
    page = min(max(1, page), page_count)
    rows = session.exec(
        query.order_by(col(AuditEntry.at).desc(), col(AuditEntry.id).desc())
        .offset((page - 1) * PAGE_SIZE)
        .limit(PAGE_SIZE)
    ).all()
    lines = [
        JournalLine(
            when=datetime_label(as_utc(row.at)),
            who=row.user_name,
            what=f"{ACTION_LABELS.get(row.action, row.action)} · "
            f"{OBJECT_LABELS.get(row.object_type, row.object_type)} n° {row.object_id}",
            details=details,
        )
        for row, details in zip(rows, describe_all(session, rows), strict=True)
    ]
    return JournalPage(lines, total, page, page_count)


def move_journal(session: Session, from_ids: list[int], to_id: int) -> int:
    """The journal of merged contacts read on the kept contact's page."""
    result = session.exec(
        update(AuditEntry).where(col(AuditEntry.contact_id).in_(from_ids)).values(contact_id=to_id)
    )
    return result.rowcount  # type: ignore[attr-defined]


def detach_journal(session: Session, contact_ids: list[int]) -> None:
    """Deleted contacts' entries stay in the audit trail but leave the page of
    whatever contact may later get the same number (SQLite reuses the highest
    id once its row is gone)."""
    session.exec(
        update(AuditEntry).where(col(AuditEntry.contact_id).in_(contact_ids)).values(contact_id=None)
    )
