"""Running an import: rows written in batches, each batch in its own
transaction with the import's progress, so that an interruption (a server
restart) leaves whole batches only and the import resumes where it stopped;
« Annuler l'import »; the report of every row's outcome."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col

from crm_app.audit import service as audit
from crm_app.core.clock import as_utc, utcnow
from crm_app.imports import batches, service
from crm_app.imports.mapping import TARGETS_BY_KEY
from crm_app.imports.models import ContactImport, ImportState, RowOutcome
from crm_app.imports.rows import CheckedRow, check_row

BATCH_ROWS = 3000
# A small file is written in smaller batches, so that its progress bar moves
# in about PROGRESS_STEPS steps (a batch is one commit: not below MIN_BATCH_ROWS).
PROGRESS_STEPS = 20
MIN_BATCH_ROWS = 100
# A running import not heard of for this long was interrupted (server restart).
STALE_AFTER = timedelta(minutes=2)

SessionFactory = Callable[[], AbstractContextManager[Session]]


def is_interrupted(record: ContactImport) -> bool:
    if record.state == ImportState.INTERRUPTED.value:
        return True
    heartbeat = record.finished_at or record.started_at
    return (
        record.state == ImportState.RUNNING.value
        and heartbeat is not None
        and as_utc(heartbeat) < utcnow() - STALE_AFTER
    )


def claim(session: Session, import_id: int) -> bool:
    """Take the import for this runner (one runner at a time): a draft, an
    interrupted import, or a running one whose runner went silent."""
    stale = utcnow() - STALE_AFTER
    heartbeat = sa.func.coalesce(ContactImport.finished_at, ContactImport.started_at)
    result = session.execute(
        sa.update(ContactImport)
        .where(
            col(ContactImport.id) == import_id,
            sa.or_(
                col(ContactImport.state).in_(
                    [ImportState.DRAFT.value, ImportState.INTERRUPTED.value]
                ),
                sa.and_(col(ContactImport.state) == ImportState.RUNNING.value, heartbeat < stale),
            ),
        )
        .values(state=ImportState.RUNNING.value, started_at=utcnow(), finished_at=None)
    )
    return result.rowcount == 1  # type: ignore[attr-defined]


def check_can_start(session: Session, record: ContactImport, rows: list[CheckedRow]) -> None:
    errors = service.mapping_errors(service.mapping_of(record))
    if errors:
        raise service.ImportRefused(errors[0])
    if not record.skip_invalid and any(not row.valid for row in rows):
        raise service.ImportRefused(
            "Des lignes ont des erreurs : corrigez le fichier, ou choisissez "
            "« ignorer les lignes invalides »."
        )


COUNTERS = {
    RowOutcome.CREATED.value: "created_count",
    RowOutcome.UPDATED.value: "updated_count",
    RowOutcome.SKIPPED.value: "skipped_count",
    RowOutcome.INVALID.value: "invalid_count",
}


def batch_size_for(row_count: int) -> int:
    """Rows per batch: BATCH_ROWS for a big file (speed, memory), fewer for a
    small one (about PROGRESS_STEPS progress steps)."""
    return max(MIN_BATCH_ROWS, min(BATCH_ROWS, -(-row_count // PROGRESS_STEPS)))


def run_import(
    session_factory: SessionFactory, import_id: int, *, user_id: int | None,
    batch_rows: int | None = None, stop_after_batches: int | None = None,
) -> ContactImport | None:  # fmt: skip
    """Write the import's rows from where it stopped, one batch per
    transaction. None when another runner has it. ``stop_after_batches``
    leaves it as a server restart would (for tests)."""
    with session_factory() as session:
        if not claim(session, import_id):
            return None
        session.commit()
        record = service.get_import(session, import_id)
        # Rows are checked batch by batch: a 100,000-row file never holds
        # 100,000 form models at once; and a row written is let go (the
        # index of duplicates grows meanwhile by the rows created).
        rows = service.typed_rows(record, service.load_table(record))
        order = service.processing_order(rows)
        typed: list[dict[str, str] | None] = list(rows)
        del rows
        index = service.base_index(session)
    batch_rows = batch_rows or batch_size_for(len(order))
    batches_done = 0
    while True:
        with session_factory() as session:
            record = service.get_import(session, import_id)
            start = record.processed
            if start >= len(order):
                break
            batch = order[start : start + batch_rows]
            try:
                checked = [check_row(p + 2, typed[p] or {}) for p in batch]
                written = batches.write_batch(session, record, checked, index, user_id)
            except IntegrityError:
                # A value taken between the checks and the insert: the batch
                # again, row by row, against the base as it is now.
                session.rollback()
                index = service.base_index(session)
                record = service.get_import(session, import_id)
                written = batches.write_batch(
                    session, record, checked, index, user_id, safe=True
                )
            for outcome in written:
                counter = COUNTERS[outcome.outcome]
                setattr(record, counter, getattr(record, counter) + 1)
            for position in batch:
                typed[position] = None
            record.processed = start + len(batch)
            record.finished_at = utcnow()  # the heartbeat while running
            session.add(record)
            session.commit()
        batches_done += 1
        if stop_after_batches is not None and batches_done >= stop_after_batches:
            return record
    with session_factory() as session:
        record = service.get_import(session, import_id)
        record.state, record.finished_at = ImportState.DONE.value, utcnow()
        journal(session, record, user_id, "create")
        session.add(record)
        session.commit()
        return record


def mapping_text(mapping: dict[str, str]) -> str:
    """« Raison sociale → Nom / Raison sociale ; CP → Code postal »."""
    return " ; ".join(
        f"{header} → {TARGETS_BY_KEY[field].label}"
        for header, field in mapping.items()
        if field in TARGETS_BY_KEY
    )


def journal(session: Session, record: ContactImport, user_id: int | None, action: str) -> None:
    audit.record(
        session,
        user_id=user_id,
        object_type="contact_import",
        object_id=record.id or 0,
        action=action,
        contact_id=None,
        changes=[
            ["Fichier", None, record.file_name],
            ["Correspondance", None, mapping_text(service.mapping_of(record))],
            ["Créés", None, record.created_count],
            ["Mis à jour", None, record.updated_count],
            ["Ignorés", None, record.skipped_count],
            ["Refusés", None, record.invalid_count],
        ],
    )
