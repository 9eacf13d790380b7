"""Interventions: saving (with the customer warning rule), the list, and the
History tab of a contact. Plain functions; the caller commits."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy import delete, func, or_
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import Select

from crm_app.audit.hooks import act_as
from crm_app.contacts.models import Contact
from crm_app.contacts.search import searchable_terms
from crm_app.core import formatting
from crm_app.core.clock import as_utc, utcnow
from crm_app.core.errors import FieldError
from crm_app.core.paging import PageWindow, WindowedPage, page_window
from crm_app.documents.rules import DocumentKind, check_address
from crm_app.documents.service import DocumentChecks, save_document
from crm_app.interventions.forms import InterventionForm
from crm_app.interventions.models import (
    INTERVENTION_STATE_LABELS,
    Intervention,
    InterventionState,
    InterventionTechnician,
)
from crm_app.interventions.search import planning_page_of_ids
from crm_app.reference.models import TaskType
from crm_app.users.models import Actor, User, UserRole

PAGE_SIZE = 20

_Row = TypeVar("_Row", bound=Any)

# What other domains do when an intervention reaches « Terminé » (equipment:
# record the maintenance). Registered at import by the domain that owns the rule.
DoneRule = Callable[[Session, Intervention, "int | None"], None]
_DONE_RULES: list[DoneRule] = []


def when_done(rule: DoneRule) -> DoneRule:
    """Run ``rule(session, intervention, user_id)`` whenever an intervention
    becomes « Terminé », from whichever page or service makes it so."""
    if rule not in _DONE_RULES:
        _DONE_RULES.append(rule)
    return rule


def reached_done(session: Session, intervention: Intervention, user_id: int | None) -> None:
    for rule in _DONE_RULES:
        rule(session, intervention, user_id)


def default_label(address: Contact) -> str:
    """The seed's Libellé: the customer's name and town ("Albert Pont 35000 Rennes")."""
    town = " ".join(p for p in (address.zip, address.city) if p)
    return " ".join(p for p in (address.display_name, town) if p)[:300]


def form_values(intervention: Intervention) -> dict[str, str]:
    """The intervention as its form shows and sends it (the office's form
    fills from it; a change made elsewhere — a move on the calendar, a new
    order of the day — starts from it and goes through ``save_intervention``)."""
    return {
        "customer_id": str(intervention.customer_id),
        "address_id": str(intervention.address_id),
        "task_type_id": str(intervention.task_type_id or ""),
        "start_at": formatting.datetime_input(intervention.start_at),
        "duration_minutes": formatting.duration_label(intervention.duration_minutes),
        "state": intervention.state,
        "label": intervention.label,
        "description": intervention.description or "",
        "time_fixed": "true" if intervention.time_fixed else "",
    }


def technician_ids(session: Session, intervention_id: int) -> list[int]:
    return list(
        session.exec(
            select(InterventionTechnician.user_id).where(
                InterventionTechnician.intervention_id == intervention_id
            )
        )
    )


def technician_names(session: Session, intervention_ids: list[int]) -> dict[int, list[str]]:
    names: dict[int, list[str]] = {i: [] for i in intervention_ids}
    if not intervention_ids:
        return names
    rows = session.exec(
        select(InterventionTechnician.intervention_id, User.name)
        .join(User, col(User.id) == col(InterventionTechnician.user_id))
        .where(col(InterventionTechnician.intervention_id).in_(intervention_ids))
        .order_by(User.name)
    )
    for intervention_id, name in rows:
        names[intervention_id].append(name)
    return names


def _technicians(session: Session, raw: object, current: list[int]) -> list[int]:
    ids = raw if isinstance(raw, list) else str(raw or "").split(",")
    chosen: list[int] = []
    for value in ids:
        value = str(value).strip()
        if not value:
            continue
        if not value.isdigit():
            raise FieldError("Intervenant inconnu.")
        user = session.get(User, int(value))
        if user is None or (not user.active and user.id not in current):
            raise FieldError("Cet intervenant n'existe plus ou est désactivé.")
        if user.id is not None and user.id not in chosen:
            chosen.append(user.id)
    return chosen


def save_intervention(
    session: Session,
    form: Mapping[str, object],
    *,
    intervention_id: int | None = None,
    expected_version: int | None = None,
    user_id: int | None = None,
) -> Intervention:
    """Create or update an intervention; DocumentValidationError on bad input,
    BlockedCustomerError when the customer is blocked for interventions."""
    technicians: list[int] = []
    was_done = False

    def check(checks: DocumentChecks, existing: Intervention | None) -> None:
        nonlocal was_done
        was_done = existing is not None and existing.state == InterventionState.DONE.value
        customer = checks.customer
        if customer is not None:
            checks.run("address_id", lambda v: check_address(session, customer, v, "address_id"))
        checks.run("task_type_id", lambda v: _task_type(session, v, existing))
        current = technician_ids(session, existing.id) if existing and existing.id else []
        chosen = checks.run(
            "technician_ids", lambda v: _technicians(session, v, current), store=False
        )
        technicians.extend(chosen or [])

    def prepare(
        intervention: Intervention, customer: Contact, before: dict[str, object] | None
    ) -> None:
        if not intervention.label:
            address = session.get(Contact, intervention.address_id)
            intervention.label = default_label(address) if address is not None else ""

    intervention = save_document(
        session,
        DocumentKind.INTERVENTION,
        Intervention,
        InterventionForm,
        form,
        document_id=intervention_id,
        expected_version=expected_version,
        user_id=user_id,
        check=check,
        prepare=prepare,
    )
    session.exec(
        delete(InterventionTechnician).where(
            col(InterventionTechnician.intervention_id) == intervention.id
        )
    )
    session.add_all(
        InterventionTechnician(intervention_id=intervention.saved_id, user_id=u)
        for u in technicians
    )
    session.flush()
    if intervention.state == InterventionState.DONE.value and not was_done:
        reached_done(session, intervention, user_id)
    return intervention


def mark_done(session: Session, intervention_id: int, *, user_id: int | None) -> Intervention:
    """« Terminé », from the field (the visit's report), with the same rules as
    the form: the customer's blocking does not apply to finishing a visit."""
    intervention = session.get(Intervention, intervention_id)
    if intervention is None:
        raise LookupError(intervention_id)
    if intervention.state != InterventionState.DONE.value:
        act_as(session, user_id)
        intervention.state = InterventionState.DONE.value
        intervention.version += 1
        session.add(intervention)
        session.flush()
        reached_done(session, intervention, user_id)
    return intervention


def _int(value: object) -> int | None:
    text = str(value or "").strip()
    return int(text) if text.isdigit() else None


def _task_type(session: Session, value: object, existing: Intervention | None) -> int:
    task_id = _int(value)
    task = session.get(TaskType, task_id) if task_id else None
    if task is None or task.id is None:
        raise FieldError("Choisissez le type d'intervention.")
    if not task.active and (existing is None or existing.task_type_id != task.id):
        raise FieldError("Ce type d'intervention est archivé.")
    return task.id


# --- Who may read an intervention -----------------------------------------------------


def _assigned_to(user_id: int | None) -> ColumnElement[bool]:
    return sa.exists().where(
        col(InterventionTechnician.intervention_id) == col(Intervention.id),
        col(InterventionTechnician.user_id) == user_id,
    )


def readable_by(user: User | Actor) -> ColumnElement[bool]:
    """The interventions this user may read, as a where clause: all of them,
    except for a technician, who sees only those he is assigned to."""
    if user.role == UserRole.TECHNICIAN.value:
        return _assigned_to(user.id)
    return sa.true()


def readable_interventions(query: Select[_Row], user: User | Actor) -> Select[_Row]:
    """``query`` (over Intervention) kept to what ``user`` may read."""
    return query.where(readable_by(user))


def can_read_intervention(
    session: Session, user: User | Actor, intervention: Intervention
) -> bool:
    """Whether ``user`` may open (or print) this intervention: a technician
    only those he is assigned to; the office and the admins all of them."""
    if user.role != UserRole.TECHNICIAN.value:
        return True
    if intervention.id is None or user.id is None:
        return False
    return session.get(InterventionTechnician, (intervention.id, user.id)) is not None


# --- Lists ------------------------------------------------------------------------


@dataclass
class InterventionLine:
    """An intervention as lists, the History tab and the report show it."""

    id: int
    task: str
    technicians: str
    start_label: str
    duration_label: str
    state: str
    state_label: str
    label: str
    description: str
    customer: str
    upcoming: bool


def _lines(session: Session, rows: list[Intervention]) -> list[InterventionLine]:
    now = utcnow()
    names = technician_names(session, [r.saved_id for r in rows])
    task_ids = {r.task_type_id for r in rows if r.task_type_id}
    tasks = {
        t.id: t.name for t in session.exec(select(TaskType).where(col(TaskType.id).in_(task_ids)))
    }
    customer_ids = {r.customer_id for r in rows}
    customers = {
        c.id: c.display_name
        for c in session.exec(select(Contact).where(col(Contact.id).in_(customer_ids)))
    }
    return [
        InterventionLine(
            id=r.saved_id,
            task=tasks.get(r.task_type_id, ""),
            technicians=", ".join(names[r.saved_id]),
            start_label=formatting.datetime_label(r.start_at),
            duration_label=formatting.duration_label(r.duration_minutes),
            state=r.state,
            state_label=INTERVENTION_STATE_LABELS[InterventionState(r.state)],
            label=r.label,
            description=r.description or "",
            customer=customers.get(r.customer_id, ""),
            upcoming=as_utc(r.start_at) >= now,
        )
        for r in rows
    ]


@dataclass
class LinePage(WindowedPage):
    lines: list[InterventionLine]
    window: PageWindow


def _page(
    session: Session, query, page: int, page_size: int, *, few_rows: bool = False
) -> LinePage:
    """One page, newest first. ``few_rows``: the query picks a bounded set
    (one customer's), which the database should fetch through its filter's
    indexes and sort; sorting on an expression keeps PostgreSQL from walking
    the whole date index backwards looking for them (54 ms on 500,000 rows)."""
    start_at = (
        func.coalesce(Intervention.start_at, Intervention.start_at)
        if few_rows
        else col(Intervention.start_at)
    )
    window = page_window(session, query, page, page_size)
    rows = session.exec(
        query.order_by(start_at.desc(), col(Intervention.id).desc())
        .offset(window.offset)
        .limit(page_size)
    ).all()
    return LinePage(_lines(session, list(rows)), window)


def contact_history(
    session: Session,
    contact_id: int,
    *,
    reader: User | Actor,
    page: int = 1,
    page_size: int = PAGE_SIZE,
) -> LinePage:
    """Interventions of a contact and of all its sub-addresses, newest first;
    only those ``reader`` may read (a technician: his own)."""
    contact = session.get(Contact, contact_id)
    if contact is None:
        return LinePage([], PageWindow(page=1, page_size=page_size, total=0, exact=True))
    ids = [contact_id]
    if contact.parent_id is None:
        ids += list(session.exec(select(Contact.id).where(Contact.parent_id == contact_id)))
    query = select(Intervention).where(
        or_(col(Intervention.customer_id).in_(ids), col(Intervention.address_id).in_(ids)),
        readable_by(reader),
    )
    return _page(session, query, page, page_size, few_rows=True)


def search_interventions(
    session: Session,
    text: str = "",
    *,
    page: int = 1,
    page_size: int = 25,
    technician_id: int | None = None,
    reader: User | Actor | None = None,
    where: ColumnElement[bool] | None = None,
) -> LinePage:
    """The planning list: every term in the customer's search text or in the
    label, newest first; only one technician's when ``technician_id`` is given,
    only what ``reader`` may read when given (see ``readable_by``), and only
    those meeting ``where`` when given."""
    filters: list[ColumnElement[bool]] = []
    if technician_id is not None:
        filters.append(_assigned_to(technician_id))
    if reader is not None:
        filters.append(readable_by(reader))
    if where is not None:  # e.g. a sector (planning.sectors.intervention_in_sector)
        filters.append(where)
    terms = searchable_terms(text)
    if not terms:
        return _page(session, select(Intervention).where(*filters), page, page_size)
    ids, window = planning_page_of_ids(session, terms, filters, page, page_size)
    by_id = {
        i.id: i for i in session.exec(select(Intervention).where(col(Intervention.id).in_(ids)))
    }
    return LinePage(_lines(session, [by_id[i] for i in ids if i in by_id]), window)
