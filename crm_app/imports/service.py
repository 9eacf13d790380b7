"""Contact imports, before anything is written: the upload, the mapping
(suggested, saved and reused by name), and the preview of the rows as they
would be stored, with their errors and their probable duplicates.

The import itself (batches, resume, undo, report) is in ``runner.py``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlmodel import Session, col, select

from crm_app.contacts import service as contacts
from crm_app.core.clock import utcnow
from crm_app.core.validators import clean_text
from crm_app.duplicates import service as duplicates
from crm_app.duplicates.index import DuplicateIndex
from crm_app.duplicates.matching import keys_of
from crm_app.imports import files
from crm_app.imports.mapping import clean_mapping, mapping_errors, row_values, suggest_mapping
from crm_app.imports.models import ContactImport, DuplicateAction, ImportMapping, ImportState
from crm_app.imports.readers import FileRefused, Table, read_table
from crm_app.imports.rows import CheckedRow, check_row

PREVIEW_ROWS = 50


class ImportRefused(ValueError):
    """The import cannot go on as asked; the message says why, in French."""


def create_import(
    session: Session, *, user_id: int | None, file_name: str, data: bytes
) -> ContactImport:
    """Read the file once (to refuse what cannot be read), keep it, and start
    an import with the mapping suggested by its headers. The caller commits."""
    table = read_table(data, file_name)
    record = ContactImport(
        created_by_id=user_id,
        file_name=clean_text(file_name)[:255] or "fichier",
        file_key=files.store(data),
        sheet=table.sheet,
        mapping=json.dumps(suggest_mapping(table.headers), ensure_ascii=False),
        total_rows=len(table.rows),
    )
    session.add(record)
    session.flush()
    return record


def get_import(session: Session, import_id: int) -> ContactImport:
    record = session.get(ContactImport, int(import_id))
    if record is None:
        raise ImportRefused("Cet import n'existe plus.")
    return record


def load_table(record: ContactImport) -> Table:
    try:
        return read_table(files.read(record.file_key), record.file_name, record.sheet or None)
    except FileNotFoundError:
        raise FileRefused("Le fichier de cet import n'est plus disponible.") from None


def mapping_of(record: ContactImport) -> dict[str, str]:
    return json.loads(record.mapping or "{}")


def row_actions_of(record: ContactImport) -> dict[int, str]:
    return {int(k): v for k, v in json.loads(record.row_actions or "{}").items()}


def configure(
    session: Session,
    record: ContactImport,
    *,
    sheet: str,
    mapping: dict[str, str],
    duplicate_action: str,
    skip_invalid: bool,
    row_actions: dict[int, str] | None = None,
) -> Table:
    """Save the choices of a draft import (the sheet may change its headers)."""
    if record.state != ImportState.DRAFT.value:
        raise ImportRefused("Cet import est déjà lancé.")
    if sheet != record.sheet:
        record.sheet = sheet
        table = load_table(record)
        mapping = suggest_mapping(table.headers) if set(mapping) != set(table.headers) else mapping
    else:
        table = load_table(record)
    record.mapping = json.dumps(clean_mapping(mapping, table.headers), ensure_ascii=False)
    record.duplicate_action = DuplicateAction(duplicate_action).value
    record.skip_invalid = bool(skip_invalid)
    actions = {str(n): DuplicateAction(a).value for n, a in (row_actions or {}).items()}
    record.row_actions = json.dumps(actions)
    record.total_rows = len(table.rows)
    session.add(record)
    session.flush()
    return table


def typed_rows(record: ContactImport, table: Table) -> list[dict[str, str]]:
    """Each row's fields as typed (by the mapping), not checked yet."""
    mapping = mapping_of(record)
    return [row_values(mapping, table.headers, row) for row in table.rows]


def checked_rows(record: ContactImport, table: Table) -> list[CheckedRow]:
    return [check_row(n, typed) for n, typed in enumerate(typed_rows(record, table), start=2)]


def processing_order(rows: list[CheckedRow] | list[dict[str, str]]) -> list[int]:
    """Main contacts first, then the addresses (which may name a main contact
    that comes later in the file); positions in ``rows``."""

    def is_sub(row: CheckedRow | dict[str, str]) -> bool:
        return row.is_sub if isinstance(row, CheckedRow) else bool(row.get("parent", "").strip())

    mains = [i for i, row in enumerate(rows) if not is_sub(row)]
    return mains + [i for i, row in enumerate(rows) if is_sub(row)]


@dataclass
class PreviewRow:
    number: int
    values: dict[str, str]
    errors: dict[str, str]
    duplicate_of: str  # « Nom (raisons) » of the probable duplicate, or ""
    duplicate_id: int  # its contact id (0: a row earlier in the file)


@dataclass
class Preview:
    rows: list[PreviewRow]
    valid: int
    invalid: int
    duplicates: int
    notes: list[str]


def base_index(session: Session) -> DuplicateIndex:
    """Every contact a row may duplicate, in memory for the whole file."""
    return duplicates.index_of_base(session)


def preview(session: Session, record: ContactImport, table: Table) -> Preview:
    """The rows as they would be stored (the first 50 shown), every cell
    checked by the forms' validators, and the totals of the whole file:
    valid, invalid, probable duplicates (of the base or of an earlier row)."""
    errors = mapping_errors(mapping_of(record))
    if errors:
        raise ImportRefused(errors[0])
    rows = checked_rows(record, table)
    index = base_index(session)
    shown: list[PreviewRow] = []
    valid = invalid = duplicates = 0
    names: dict[int, str] = {}
    for position in processing_order(rows):
        row = rows[position]
        match = None
        if row.valid:
            valid += 1
            keys = keys_of({**row.values, "id": -row.number})
            match = index.best_match(keys)
            duplicates += match is not None
            index.add(keys)
            names[-row.number] = f"ligne {row.number}"
        else:
            invalid += 1
        if position < PREVIEW_ROWS:
            label = ""
            if match is not None:
                other, found = match
                name = names.get(other.id) or _name_of(session, other.id)
                label = f"{name} ({found.reason_text})"
            values = {k: str(v) for k, v in row.values.items()}
            # A wrong cell shows what was typed, beside its error.
            values.update({k: row.typed[k] for k in row.errors if k in row.typed})
            shown.append(
                PreviewRow(
                    row.number,
                    values,
                    row.errors,
                    label,
                    max(match[0].id, 0) if match else 0,
                )
            )
    shown.sort(key=lambda r: r.number)
    return Preview(shown, valid, invalid, duplicates, table.notes)


def _name_of(session: Session, contact_id: int) -> str:
    return contacts.get_contact(session, contact_id).display_name


def saved_mappings(session: Session) -> list[ImportMapping]:
    return list(session.exec(select(ImportMapping).order_by(col(ImportMapping.name))).all())


def save_mapping(
    session: Session, name: str, mapping: dict[str, str], *, user_id: int | None
) -> ImportMapping:
    """Save (or replace) a mapping under a name, for the next files."""
    name = clean_text(name)[:100]
    if not name:
        raise ImportRefused("Donnez un nom à cette correspondance.")
    saved = session.exec(select(ImportMapping).where(ImportMapping.name == name)).first()
    saved = saved or ImportMapping(name=name, created_by_id=user_id)
    saved.mapping = json.dumps({k: v for k, v in mapping.items() if v}, ensure_ascii=False)
    saved.updated_at = utcnow()
    session.add(saved)
    session.flush()
    return saved


def apply_saved_mapping(saved: ImportMapping, headers: list[str]) -> dict[str, str]:
    return clean_mapping(json.loads(saved.mapping or "{}"), headers)
