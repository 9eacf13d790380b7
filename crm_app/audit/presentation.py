"""How a journal entry reads: French field labels, names instead of ids,
French labels instead of stored codes, oui/non, French dates and amounts.

Entries keep the raw values they were written with (old rows included); this
module turns them into text when the journal is read. What each journaled
table shows is declared by its domain with ``journal_changes_of(...,
labels=..., choices=...)``: a field without a label is bookkeeping (``id``,
``version``, ``created_by_id``, search text…) and is never shown. A field that
is a foreign key shows the referenced row's name, looked up once per table for
a whole page of entries.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session

from crm_app.audit.models import AuditEntry
from crm_app.audit.registry import JournaledModel, journaled_model
from crm_app.core.formatting import amount_label, date_label, datetime_label, decimal_label

EMPTY = "∅"
MAX_FIELDS = 30
MAX_TEXT = 80
# The column that names a referenced row, in order of preference.
NAME_COLUMNS = ("display_name", "name", "title", "number", "label")


def _foreign_table(model: JournaledModel, field: str) -> sa.Table | None:
    table = model.table
    if table is None or field not in table.c:
        return None
    keys = list(table.c[field].foreign_keys)
    return keys[0].column.table if keys else None


def _name_column(table: sa.Table) -> sa.Column | None:
    return next((table.c[name] for name in NAME_COLUMNS if name in table.c), None)


def _shown_fields(entry: AuditEntry, model: JournaledModel | None) -> list[list]:
    """The entry's [field, old, new] that the reader is meant to see."""
    try:
        changes = json.loads(entry.changes or "[]")
    except ValueError:
        return []
    if model is None:
        return []
    return [change for change in changes if change[0] in model.labels][:MAX_FIELDS]


def _names_by_table(
    session: Session, entries: Sequence[AuditEntry]
) -> dict[str, dict[int, str]]:
    """The names of every row the entries refer to, in one query (a UNION ALL
    of one select per referenced table: one round trip to the database)."""
    wanted: dict[str, set[int]] = defaultdict(set)
    tables: dict[str, sa.Table] = {}
    for entry in entries:
        model = journaled_model(entry.object_type)
        for field, old, new in _shown_fields(entry, model):
            target = _foreign_table(model, field) if model else None
            if target is None or _name_column(target) is None:
                continue
            tables[target.name] = target
            wanted[target.name].update(v for v in (old, new) if isinstance(v, int))
    names: dict[str, dict[int, str]] = {name: {} for name in wanted}
    selects = []
    for table_name, ids in wanted.items():
        table = tables[table_name]
        name_column = _name_column(table)
        assert name_column is not None
        selects.append(
            sa.select(
                sa.literal(table_name).label("table_name"),
                table.c.id.label("id"),
                sa.cast(name_column, sa.String).label("name"),
            ).where(table.c.id.in_(sorted(ids)))
        )
    if not selects:
        return names
    query = selects[0] if len(selects) == 1 else sa.union_all(*selects)
    for row in session.connection().execute(query):
        names[row.table_name][row.id] = str(row.name or "")
    return names


def present_value(
    model: JournaledModel | None,
    field: str,
    value: object,
    names: dict[str, dict[int, str]],
) -> str:
    """One stored value as the reader sees it."""
    if value is None or value == "":
        return EMPTY
    if value is True:
        return "oui"
    if value is False:
        return "non"
    if model is not None:
        choices = model.choices.get(field)
        if choices is not None:
            return choices.get(str(value), str(value))
        target = _foreign_table(model, field)
        if target is not None and isinstance(value, int) and _name_column(target) is None:
            return f"n° {value}"  # a row without a name (a contract): its number
        if target is not None and isinstance(value, int):
            name = names.get(target.name, {}).get(value)
            return name or f"n° {value} (supprimé)"
    if field.endswith("_cents") and isinstance(value, int):
        return amount_label(value)
    if isinstance(value, float):  # coordinates: six decimals, a French comma
        return decimal_label(value, 6)
    if field.endswith(("_at", "_date")) and isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            pass
        else:  # stored as 2026-12-01 for a date, with the time (UTC) for a datetime
            return datetime_label(moment) if "T" in value else date_label(moment.date())
    text = str(value)
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…"


# Entries written already in French by the service that did the work (a merge
# says what it merged and moved, a reminder where it went): shown as they are.
SUMMARY_ACTIONS = ("merge", "reminder")


def _summary(entry: AuditEntry) -> str:
    try:
        changes = json.loads(entry.changes or "[]")
    except ValueError:
        return ""
    parts = []
    for label, old, new in changes[:MAX_FIELDS]:
        shown_new = EMPTY if new in (None, "") else str(new)
        parts.append(f"{label} : {old} → {shown_new}" if old not in (None, "") else f"{label} : {shown_new}")  # noqa: E501
    return " ; ".join(parts)


def describe(entry: AuditEntry, names: dict[str, dict[int, str]]) -> str:
    """The entry's details: the values set for a creation (or held before a
    deletion), « label : old → new » for a change."""
    if entry.action in SUMMARY_ACTIONS:
        return _summary(entry)
    model = journaled_model(entry.object_type)
    fields = _shown_fields(entry, model)
    assert model is not None or not fields
    parts = []
    for field, old, new in fields:
        label = model.labels[field] if model else field
        if entry.action in ("create", "delete"):
            value = new if entry.action == "create" else old
            if value is None or value == "" or value is False:
                continue  # a creation lists what was filled in
            parts.append(f"{label} : {present_value(model, field, value, names)}")
        else:
            shown_old = present_value(model, field, old, names)
            shown_new = present_value(model, field, new, names)
            parts.append(f"{label} : {shown_old} → {shown_new}")
    return " ; ".join(parts)


def describe_all(session: Session, entries: Sequence[AuditEntry]) -> list[str]:
    """The details of a page of entries, with the names they refer to read once."""
    names = _names_by_table(session, entries)
    return [describe(entry, names) for entry in entries]
