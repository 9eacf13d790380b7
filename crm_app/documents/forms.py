"""Field parsers shared by the document forms, and the optimistic save."""

from __future__ import annotations

from sqlalchemy import update
from sqlmodel import Session, SQLModel

from crm_app.audit.service import snapshot
from crm_app.core.errors import FieldError


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
