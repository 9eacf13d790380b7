"""Field parsers shared by the document forms, and the optimistic save."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import update
from sqlmodel import Session, SQLModel

from crm_app.audit.service import snapshot
from crm_app.contacts.validation import FieldError
from crm_app.users.models import as_utc

# Dates and times are typed and shown in French local time; stored in UTC.
LOCAL_ZONE = ZoneInfo("Europe/Paris")


class StaleDocumentError(RuntimeError):
    """Someone saved this document since the form was opened."""


class DocumentNotFound(LookupError):
    pass


def document_to_edit(
    session: Session, model: type[SQLModel], document_id: int | None
) -> SQLModel | None:
    """The saved document a form edits, or None for a new one; DocumentNotFound
    when it no longer exists."""
    if not document_id:
        return None
    document = session.get(model, document_id)
    if document is None:
        raise DocumentNotFound(document_id)
    return document


def parse_local_datetime(text: object) -> datetime:
    """A datetime-local input ("2026-12-01T14:30") in Paris time, to UTC."""
    raw = str(text or "").strip()
    if not raw:
        raise FieldError("La date et l'heure sont obligatoires.")
    try:
        local = datetime.fromisoformat(raw)
    except ValueError:
        raise FieldError("Date et heure invalides (exemple : 01/12/2026 14:30).") from None
    if not 2000 <= local.year <= 2100:
        raise FieldError("Année hors de la plage acceptée (2000 à 2100).")
    return local.replace(tzinfo=LOCAL_ZONE).astimezone(UTC)


def local_input(value: datetime | None) -> str:
    """The value of a datetime-local input for a stored UTC datetime."""
    if value is None:
        return ""
    return as_utc(value).astimezone(LOCAL_ZONE).strftime("%Y-%m-%dT%H:%M")


def local_label(value: datetime) -> str:
    """28/12/2023 16:30, in Paris time."""
    return as_utc(value).astimezone(LOCAL_ZONE).strftime("%d/%m/%Y %H:%M")


def parse_date(text: object, *, required: bool, label: str = "La date") -> date | None:
    raw = str(text or "").strip()
    if not raw:
        if required:
            raise FieldError(f"{label} est obligatoire.")
        return None
    try:
        value = date.fromisoformat(raw)
    except ValueError:
        raise FieldError("Date invalide (exemple : 01/12/2026).") from None
    if not 2000 <= value.year <= 2100:
        raise FieldError("Année hors de la plage acceptée (2000 à 2100).")
    return value


def parse_duration(text: object) -> int:
    """Minutes from "01:30", "1h30", "90"."""
    raw = str(text or "").strip().lower().replace("h", ":")
    try:
        if ":" in raw:
            hours, _, minutes = raw.partition(":")
            total = int(hours or 0) * 60 + int(minutes or 0)
        else:
            total = int(raw)
    except ValueError:
        raise FieldError("Durée invalide (exemple : 01:30).") from None
    if not 5 <= total <= 24 * 60:
        raise FieldError("La durée doit être comprise entre 00:05 et 24:00.")
    return total


def duration_label(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def collect(errors: dict, values: dict, field: str, parse, raw: object) -> None:
    """Run one field's parser: its value into ``values``, its message into ``errors``."""
    try:
        values[field] = parse(raw)
    except FieldError as exc:
        errors[field] = str(exc)
    except ValueError as exc:  # a form error naming its own field(s)
        errors.update(getattr(exc, "errors", {field: str(exc)}))


def claim_version(
    session: Session, row: SQLModel, expected_version: int | None
) -> dict[str, object]:
    """Atomically take the next version of a row being edited (or fail if it
    moved on), reload it, and return its fields as they were, for the journal."""
    model = type(row)
    query = update(model).where(model.id == row.id)
    if expected_version is not None:
        query = query.where(model.version == expected_version)
    result = session.exec(query.values(version=model.version + 1))
    if result.rowcount != 1:
        if session.get(model, row.id) is None:
            raise DocumentNotFound(row.id)
        raise StaleDocumentError(row.id)
    session.refresh(row)
    return snapshot(row)
