"""The preview of an import as its page shows it: each row's shown values,
and each error at the cell it concerns."""

from __future__ import annotations

import dataclasses

from crm_app.core.formatting import phone_label
from crm_app.db import bulk_session_scope
from crm_app.imports import service
from crm_app.imports.mapping import TARGETS_BY_KEY
from crm_app.imports.readers import FileRefused
from crm_app.imports.service import ImportRefused

FIELD_LABELS = {key: target.label for key, target in TARGETS_BY_KEY.items()} | {
    "internal_notes": "Notes",
    "comment": "Notes",
}


@dataclasses.dataclass
class PreviewLine:
    number: int
    name: str
    email: str
    phone: str
    place: str
    duplicate_of: str
    action: str
    # Errors shown in the cell they concern; the others in the last column.
    name_error: str
    email_error: str
    phone_error: str
    place_error: str
    other_errors: str


SHOWN_ERRORS = {
    "name_error": ("name",),
    "email_error": ("email",),
    "phone_error": ("phone", "mobile"),
    "place_error": ("zip", "city", "country_code"),
}


def _cell_errors(errors: dict[str, str]) -> dict[str, str]:
    shown = {
        cell: " ; ".join(errors[f] for f in fields if f in errors)
        for cell, fields in SHOWN_ERRORS.items()
    }
    placed = {f for fields in SHOWN_ERRORS.values() for f in fields}
    shown["other_errors"] = " ; ".join(
        f"{FIELD_LABELS.get(f, f)} : {m}" for f, m in errors.items() if f not in placed
    )
    return shown


def preview_lines(import_id: int) -> tuple[list[PreviewLine], str, str]:
    try:
        # The whole base's keys are read once: without the file's memory map.
        with bulk_session_scope() as session:
            record = service.get_import(session, import_id)
            shown = service.preview(session, record, service.load_table(record))
            actions = service.row_actions_of(record)
            default = record.duplicate_action
    except (ImportRefused, FileRefused) as refused:
        return [], "", str(refused)
    lines = [
        PreviewLine(
            number=row.number,
            name=row.values.get("name", ""),
            email=row.values.get("email", ""),
            phone=phone_label(row.values.get("phone", "") or row.values.get("mobile", "")),
            place=" ".join(p for p in (row.values.get("zip", ""), row.values.get("city", "")) if p),
            duplicate_of=row.duplicate_of,
            action=actions.get(row.number, default),
            **_cell_errors(row.errors),
        )
        for row in shown.rows
    ]
    totals = (
        f"{shown.valid} ligne(s) valide(s), {shown.invalid} invalide(s), "
        f"{shown.duplicates} doublon(s) probable(s)."
    )
    return lines, totals, ""
