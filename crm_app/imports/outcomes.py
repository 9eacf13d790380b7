"""After an import: « Annuler l'import », the report of every row's outcome,
and the contacts it created (to geocode)."""

from __future__ import annotations

import csv
import io
import json

from sqlmodel import Session, col, select

from crm_app.contacts import service as contacts
from crm_app.contacts.commercial_forms import ContactPageForm
from crm_app.contacts.forms import SubContactForm
from crm_app.contacts.models import Contact
from crm_app.core.clock import utcnow
from crm_app.core.forms import parse_form
from crm_app.core.spreadsheet import escape_row
from crm_app.imports import files, service
from crm_app.imports.models import ROW_OUTCOME_LABELS, ImportedRow, ImportState, RowOutcome
from crm_app.imports.runner import is_interrupted, journal


def undo_import(session: Session, import_id: int, *, user_id: int | None) -> list[str]:
    """Remove the contacts the import created and restore the fields it
    updated; contacts that have since received documents are kept (their
    names are returned). The caller commits."""
    record = service.get_import(session, import_id)
    if record.state not in (ImportState.DONE.value, ImportState.INTERRUPTED.value) and not (
        is_interrupted(record)
    ):
        raise service.ImportRefused("Seul un import terminé ou interrompu peut être annulé.")
    written = session.exec(
        select(ImportedRow).where(ImportedRow.import_id == record.id).order_by(
            col(ImportedRow.row_number).desc()
        )
    ).all()
    created = [
        r.contact_id for r in written if r.outcome == RowOutcome.CREATED.value and r.contact_id
    ]
    held = contacts.records_holding(session, created)
    for row in written:
        if row.outcome == RowOutcome.UPDATED.value and row.contact_id:
            previous = json.loads(row.previous or "{}")
            contact = session.get(Contact, row.contact_id)
            if contact is not None and previous:
                form_class = SubContactForm if contact.parent_id is not None else ContactPageForm
                contacts.update_contact(
                    session, row.contact_id, parse_form(form_class, previous),
                    expected_version=None, user_id=user_id,
                )  # fmt: skip
    kept_ids = [i for i in created if held.get(i)]
    kept = [contacts.get_contact(session, i).display_name for i in kept_ids]
    contacts.delete_contacts(session, [i for i in created if i not in held], user_id=user_id)
    record.state, record.undone_at = ImportState.UNDONE.value, utcnow()
    record.message = (
        "Conservés (ils ont reçu des documents depuis) : " + ", ".join(kept) if kept else ""
    )[:1000]
    journal(session, record, user_id, "undo")
    session.add(record)
    session.flush()
    files.discard(record.file_key)
    return kept


def created_ids(session: Session, import_id: int) -> list[int]:
    """The contacts an import created (to geocode them afterwards)."""
    rows = session.exec(
        select(ImportedRow.contact_id).where(
            ImportedRow.import_id == import_id,
            ImportedRow.outcome == RowOutcome.CREATED.value,
            col(ImportedRow.contact_id).is_not(None),
        )
    ).all()
    return [row for row in rows if row is not None]


def report_csv(session: Session, import_id: int) -> bytes:
    """Every row with its outcome and messages (CSV for French Excel)."""
    rows = session.exec(
        select(ImportedRow).where(ImportedRow.import_id == import_id).order_by(
            col(ImportedRow.row_number)
        )
    ).all()
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(["Ligne", "Résultat", "Contact", "Message"])
    for row in rows:
        label = ROW_OUTCOME_LABELS.get(RowOutcome(row.outcome), row.outcome)
        writer.writerow(escape_row([row.row_number, label, row.contact_id or "", row.message]))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
