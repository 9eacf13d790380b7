"""The journal written by the session itself: every flush of a journaled row
(a contact, a document) records its creation, its changed fields, its
archiving or restoring, its deletion. A writer cannot forget it: services,
imports, merges, scripts and a bare ``Session`` all get the same entries.

A model joins the journal with ``journal_changes_of`` (in its own models
module). Who acts is said once per session with ``act_as``; without it the
entry reads « Système ». Rows changed only because another row changed (the
addresses archived with their contact) are marked with ``follows``: the main
row's entry describes them. Work that is no user's change (automatic
geocoding, the anonymisation that writes its own « Effacement » entry, bulk
generation of test data) runs under ``journal_paused``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session as OrmSession

from crm_app.audit import registry
from crm_app.audit.models import AuditEntry
from crm_app.audit.registry import JournaledModel
from crm_app.audit.service import IGNORED_FIELDS, changes_between, plain, snapshot
from crm_app.core.clock import utcnow
from crm_app.core.schema import table_of
from crm_app.users.models import User

ACTOR_KEY = "journal_actor_id"
PAUSED_KEY = "journal_paused"
FOLLOWS_KEY = "journal_follows"
PENDING_KEY = "journal_pending"


# How a domain joins the journal, from its models module (see audit/registry.py).
journal_changes_of = registry.register


def act_as(session: OrmSession, user_id: int | None) -> None:
    """The user whose changes the next flushes record."""
    session.info[ACTOR_KEY] = user_id


def follows(session: OrmSession, row: object) -> None:
    """``row`` changes along with another row, whose entry describes it."""
    session.info.setdefault(FOLLOWS_KEY, set()).add(id(row))


@contextmanager
def journal_paused(session: OrmSession) -> Iterator[None]:
    """Flushes inside the block record nothing (flush before leaving it)."""
    session.info[PAUSED_KEY] = True
    try:
        yield
    finally:
        session.info.pop(PAUSED_KEY, None)


@dataclass
class _Pending:
    row: Any
    model: JournaledModel
    action: str
    changes: list[list] | None  # None: a creation, described after the insert


def _changed_fields(row: Any) -> list[list]:
    state = sa.inspect(row)
    changes = []
    for attribute in state.mapper.column_attrs:
        key = attribute.key
        if key in IGNORED_FIELDS:
            continue
        history = state.attrs[key].history
        if not history.has_changes():
            continue
        old = plain(history.deleted[0]) if history.deleted else None
        new = plain(history.added[0]) if history.added else None
        if old != new:
            changes.append([key, old, new])
    return changes


def _pending(session: OrmSession) -> list[_Pending]:
    found: list[_Pending] = []
    followers = session.info.get(FOLLOWS_KEY, set())
    for row in session.new:
        model = registry.for_model(type(row))
        if model is not None:
            found.append(_Pending(row, model, "create", None))
    for row in session.dirty:
        model = registry.for_model(type(row))
        if model is None or id(row) in followers:
            continue
        changes = _changed_fields(row)
        activity = next((c for c in changes if c[0] == "active"), None)
        if activity is not None:
            found.append(_Pending(row, model, "restore" if activity[2] else "archive", []))
        elif changes:
            found.append(_Pending(row, model, "update", changes))
    for row in session.deleted:
        model = registry.for_model(type(row))
        if model is not None:
            found.append(_Pending(row, model, "delete", changes_between(snapshot(row), {})))
    return found


@event.listens_for(OrmSession, "before_flush")
def _collect(session: OrmSession, _context, _instances) -> None:
    if session.info.get(PAUSED_KEY):
        session.info.pop(FOLLOWS_KEY, None)
        return
    session.info[PENDING_KEY] = _pending(session)
    session.info.pop(FOLLOWS_KEY, None)


@event.listens_for(OrmSession, "after_flush")
def _write(session: OrmSession, _context) -> None:
    pending: list[_Pending] = session.info.pop(PENDING_KEY, [])
    if pending:
        _insert_entries(session, pending)


def journal_created(session: OrmSession, rows: list[Any]) -> None:
    """The creation entries of rows inserted without the session's flush (an
    import's bulk insert), as a flush would have written them; ``rows`` hold
    their ids."""
    if session.info.get(PAUSED_KEY) or not rows:
        return
    model = registry.for_model(type(rows[0]))
    if model is not None:
        _insert_entries(session, [_Pending(row, model, "create", None) for row in rows])


def _insert_entries(session: OrmSession, pending: list[_Pending]) -> None:
    # Written on the session's own connection: in the same transaction as the
    # change it describes, without a second flush.
    connection = session.connection()
    actor_id = session.info.get(ACTOR_KEY)
    user_name = "Système"
    if actor_id:
        users = table_of(User)
        name = connection.execute(
            sa.select(users.c.name).where(users.c.id == actor_id)
        ).scalar()
        user_name = name or user_name
    rows = []
    for item in pending:
        changes = (
            changes_between({}, snapshot(item.row)) if item.changes is None else item.changes
        )
        rows.append(
            {
                "at": utcnow(),
                "user_id": actor_id if actor_id else None,
                "user_name": user_name,
                "object_type": item.model.object_type,
                "object_id": item.row.id,
                "contact_id": item.model.main_contact_id(connection, item.row),
                "action": item.action,
                "changes": json.dumps(changes, ensure_ascii=False, default=str),
            }
        )
    connection.execute(sa.insert(table_of(AuditEntry)), rows)
