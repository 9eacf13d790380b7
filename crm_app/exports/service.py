"""Contact exports: the rows of a search (all of them, not a page), in list
order, read in batches; the one-use download tickets; the journal entry.

A download is a plain HTTP request (a file of 100,000 contacts does not go
through the websocket): the page asks for a ticket, the browser fetches
``/api/exports/<secret>``, and the secret is good once, for a minute, for
the user who asked, while he may still export."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from crm_app.audit import service as audit
from crm_app.contacts import search
from crm_app.contacts.models import Contact
from crm_app.core.clock import as_utc, utcnow
from crm_app.core.formatting import number_label
from crm_app.exports.columns import SOURCE_FIELDS, ExportColumn, Row, chosen_columns
from crm_app.exports.models import ExportTicket
from crm_app.exports.writers import ExportFormat
from crm_app.users.models import User, UserRole

TICKET_LIFETIME = timedelta(minutes=1)
BATCH_ROWS = 1000
EXPORT_ROLES = (UserRole.ADMIN, UserRole.OFFICE)


class ExportRefused(ValueError):
    """The ticket is unknown, used, expired, or its user may no longer export."""


@dataclass(frozen=True)
class ExportRequest:
    user_id: int
    query: str
    include_archived: bool
    file_format: ExportFormat
    columns: list[ExportColumn]


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def may_export(user: User | None) -> bool:
    return bool(user and user.active and user.role in EXPORT_ROLES)


def create_ticket(
    session: Session,
    *,
    user_id: int,
    query: str,
    include_archived: bool,
    file_format: str,
    column_keys: list[str],
) -> str:
    """A one-use secret for the export of ``query``; the caller commits."""
    if not may_export(session.get(User, user_id)):
        raise ExportRefused("Export réservé au bureau et aux administrateurs.")
    token = secrets.token_urlsafe(32)
    columns = chosen_columns(column_keys)
    session.add(
        ExportTicket(
            token_hash=_hash(token),
            user_id=user_id,
            query=query[:200],
            include_archived=include_archived,
            file_format=ExportFormat(file_format).value,
            columns=",".join(c.key for c in columns),
        )
    )
    # Tickets nobody redeemed are of no use past their minute.
    stale = utcnow() - 10 * TICKET_LIFETIME
    session.exec(sa.delete(ExportTicket).where(col(ExportTicket.created_at) < stale))
    session.flush()
    return token


def redeem_ticket(session: Session, token: str) -> ExportRequest:
    """The export a ticket stands for, marking it used and writing the
    export to the journal; the caller commits before sending the file."""
    ticket = session.exec(
        select(ExportTicket).where(ExportTicket.token_hash == _hash(token)).with_for_update()
    ).first()
    if ticket is None or ticket.used_at is not None:
        raise ExportRefused("Lien d'export inconnu ou déjà utilisé.")
    if as_utc(ticket.created_at) < utcnow() - TICKET_LIFETIME:
        raise ExportRefused("Lien d'export expiré : relancez l'export.")
    if not may_export(session.get(User, ticket.user_id)):
        raise ExportRefused("Export réservé au bureau et aux administrateurs.")
    ticket.used_at = utcnow()
    request = ExportRequest(
        user_id=ticket.user_id,
        query=ticket.query,
        include_archived=ticket.include_archived,
        file_format=ExportFormat(ticket.file_format),
        columns=chosen_columns(ticket.columns.split(",")),
    )
    audit.record(
        session,
        user_id=ticket.user_id,
        object_type="contact_export",
        object_id=ticket.id or 0,
        action="export",
        contact_id=None,
        changes=[
            ["Recherche", None, ticket.query or "(tous les contacts)"],
            ["Format", None, request.file_format.value],
            ["Colonnes", None, ", ".join(c.label for c in request.columns)],
            ["Contacts", None, count_matching(session, ticket.query, ticket.include_archived)],
        ],
    )
    session.flush()
    return request


def count_matching(session: Session, query: str, include_archived: bool) -> int:
    conditions: list[sa.ColumnElement[bool]] = []
    if not include_archived:
        conditions.append(col(Contact.active).is_(True))
    text_condition = search.contact_text_condition(session, query)
    if text_condition is not None:
        conditions.append(text_condition)
    return session.exec(select(sa.func.count()).select_from(Contact).where(*conditions)).one()


def count_label(count: int) -> str:
    if count == 0:
        return "Aucun contact ne correspond à cette recherche."
    if count == 1:
        return "1 contact sera exporté."
    return f"{number_label(count)} contacts seront exportés."


def matching_rows(session: Session, query: str, include_archived: bool) -> Iterator[Row]:
    """Every contact the list shows for ``query``, in the list's order (with
    the archived ones: the active contacts first, then the archived ones),
    read in batches by keyset along the list's index (never the whole table
    in memory, nor one sort of it per batch)."""
    yield from _rows_in_list_order(session, query, active=True)
    if include_archived:
        yield from _rows_in_list_order(session, query, active=False)


def _rows_in_list_order(session: Session, query: str, *, active: bool) -> Iterator[Row]:
    parent = aliased(Contact)
    contact_columns = [getattr(Contact, name) for name in SOURCE_FIELDS]
    conditions: list[sa.ColumnElement[bool]] = [col(Contact.active) == active]
    text_condition = search.contact_text_condition(session, query)
    if text_condition is not None:
        conditions.append(text_condition)
    sort_key, contact_id = col(Contact.list_sort_key), col(Contact.id)
    base = (
        sa.select(
            *contact_columns,
            sort_key,
            sa.func.coalesce(parent.internal_reference, parent.name).label("parent_reference"),
            col(parent.name).label("parent_name"),
        )
        .outerjoin(parent, col(parent.id) == col(Contact.parent_id))
        .where(*conditions)
        .order_by(sort_key, contact_id)
        .limit(BATCH_ROWS)
    )
    last: tuple[str, int] | None = None
    while True:
        page = base
        if last is not None:
            page = base.where(sa.tuple_(sort_key, contact_id) > sa.tuple_(*last))
        rows = session.execute(page).mappings().all()
        yield from rows
        if len(rows) < BATCH_ROWS:
            return
        last = (rows[-1]["list_sort_key"], rows[-1]["id"])


def file_name(file_format: ExportFormat, when_label: str) -> str:
    return f"contacts-{when_label}.{file_format.value}"
