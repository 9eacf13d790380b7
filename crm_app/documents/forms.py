"""The document a form edits and its optimistic version (see service.save_document;
each kind's typed form model is in its own forms.py)."""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy import update
from sqlmodel import Session, col

from crm_app.audit.service import snapshot
from crm_app.documents.models import DocumentBase

Document = TypeVar("Document", bound=DocumentBase)


class StaleDocumentError(RuntimeError):
    """Someone saved this document since the form was opened."""


class DocumentNotFound(LookupError):
    pass


def document_to_edit(
    session: Session, model: type[Document], document_id: int | None
) -> Document | None:
    """The saved document a form edits, or None for a new one; DocumentNotFound
    when it no longer exists."""
    if not document_id:
        return None
    document = session.get(model, document_id)
    if document is None:
        raise DocumentNotFound(document_id)
    return document


def claim_version(
    session: Session, row: DocumentBase, expected_version: int | None
) -> dict[str, object]:
    """Atomically take the next version of a row being edited (or fail if it
    moved on), reload it, and return its fields as they were, for the journal."""
    model = type(row)
    query = update(model).where(col(model.id) == row.id)
    if expected_version is not None:
        query = query.where(col(model.version) == expected_version)
    result = session.exec(query.values(version=col(model.version) + 1))
    if result.rowcount != 1:
        if session.get(model, row.id) is None:
            raise DocumentNotFound(row.id)
        raise StaleDocumentError(row.id)
    session.refresh(row)
    return snapshot(row)
