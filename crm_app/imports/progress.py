"""What the import page shows of an import: its progress while it runs (rows
per second, time left), its counts, and the list of past imports."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from crm_app.core.clock import as_utc, utcnow
from crm_app.core.formatting import datetime_label, number_label
from crm_app.imports.models import IMPORT_STATE_LABELS, ContactImport, ImportState
from crm_app.imports.runner import is_interrupted
from crm_app.users.models import User

HISTORY_SIZE = 20


@dataclass
class Progress:
    state: str  # an ImportState value; « interrupted » when the runner went silent
    state_label: str
    processed: int
    total: int
    percent: int
    counts: str
    rate: str
    time_left: str


def state_of(record: ContactImport) -> str:
    return ImportState.INTERRUPTED.value if is_interrupted(record) else record.state


def counts_label(record: ContactImport) -> str:
    parts = [
        (record.created_count, "créé(s)"),
        (record.updated_count, "mis à jour"),
        (record.skipped_count, "ignoré(s)"),
        (record.invalid_count, "refusé(s)"),
    ]
    return " · ".join(f"{number_label(n)} {label}" for n, label in parts)


def progress_of(record: ContactImport) -> Progress:
    state = state_of(record)
    total = max(record.total_rows, 1)
    rate = time_left = ""
    if record.started_at and record.processed and state == ImportState.RUNNING.value:
        seconds = max((utcnow() - as_utc(record.started_at)).total_seconds(), 0.001)
        per_second = record.processed / seconds
        remaining = (record.total_rows - record.processed) / per_second if per_second else 0
        rate = f"{number_label(round(per_second))} lignes/s"
        time_left = (
            f"environ {round(remaining / 60)} min restantes"
            if remaining >= 90
            else f"environ {max(1, round(remaining))} s restantes"
        )
    return Progress(
        state=state,
        state_label=IMPORT_STATE_LABELS[ImportState(state)],
        processed=record.processed,
        total=record.total_rows,
        percent=min(100, round(100 * record.processed / total)),
        counts=counts_label(record),
        rate=rate,
        time_left=time_left,
    )


@dataclass
class HistoryLine:
    id: int
    when: str
    file_name: str
    who: str
    state_label: str
    counts: str


def history(session: Session) -> list[HistoryLine]:
    """The latest imports, newest first."""
    rows = session.exec(
        select(ContactImport, User.name)
        .join(User, col(User.id) == col(ContactImport.created_by_id), isouter=True)
        .order_by(col(ContactImport.id).desc())
        .limit(HISTORY_SIZE)
    ).all()
    return [
        HistoryLine(
            record.id or 0,
            datetime_label(record.created_at),
            record.file_name,
            name or "—",
            IMPORT_STATE_LABELS[ImportState(state_of(record))],
            counts_label(record),
        )
        for record, name in rows
    ]
