"""The planning calendar: the interventions of a week (or a day) as events in
one lane per technician (and « Non attribuées »), overlaps flagged; moving or
resizing one through the intervention service (optimistic version, journal).

Times cross to the browser as Paris wall-clock text ("2026-12-08T09:00"):
the calendar shows them as they are, whatever the browser's time zone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from crm_app.contacts.models import Contact
from crm_app.core import clock, formatting
from crm_app.core.clock import as_utc, utcnow
from crm_app.core.errors import FormError
from crm_app.documents.forms import StaleDocumentError
from crm_app.interventions.models import (
    INTERVENTION_STATE_LABELS,
    Intervention,
    InterventionState,
    InterventionTechnician,
)
from crm_app.interventions.service import (
    form_values,
    save_intervention,
    technician_ids,
    technician_names,
)
from crm_app.planning import sectors
from crm_app.reference.models import TaskType
from crm_app.users.models import Actor, User, UserRole

UNASSIGNED = 0  # the lane of interventions without a technician
WALL_CLOCK = "%Y-%m-%dT%H:%M"
MIN_MINUTES, MAX_MINUTES = 5, 24 * 60
STATE_COLORS = {
    InterventionState.DRAFT.value: "#8d8d8d",
    InterventionState.CONFIRMED.value: "#3e63dd",
    InterventionState.IN_PROGRESS.value: "#f76b15",
    InterventionState.UNFINISHED.value: "#e5484d",
    InterventionState.DONE.value: "#30a46c",
    InterventionState.CANCELLED.value: "#bbbbbb",
    InterventionState.POSTPONED.value: "#8e4ec6",
}


class MoveRefused(ValueError):
    """A move the calendar cannot make (French message)."""


@dataclass
class CalendarEvent:
    key: str  # intervention id and lane: one intervention shows in each technician's lane
    id: int
    version: int
    resource: int
    start: str  # wall clock, Paris
    end: str
    title: str
    detail: str
    state: str
    state_label: str
    color: str
    overlap: bool
    sector_color: str


@dataclass
class CalendarResource:
    id: int
    title: str


@dataclass
class CalendarData:
    resources: list[CalendarResource]
    events: list[CalendarEvent]
    overlaps: list[str]  # « Jean Jean : mardi 8 décembre 09:00 (Pont) et 09:30 (Martin) »


def wall_clock(value: datetime) -> str:
    return clock.to_local(value).strftime(WALL_CLOCK)


def from_wall_clock(text: str) -> datetime:
    """A Paris wall-clock time from the calendar, as a UTC instant."""
    try:
        local = datetime.strptime(text[:16], WALL_CLOCK)
    except ValueError:
        raise MoveRefused("Date invalide.") from None
    return as_utc(local.replace(tzinfo=clock.LOCAL_ZONE))


def period(anchor: date, days: int) -> tuple[date, date]:
    """The week (Monday first) holding ``anchor``, or that one day."""
    first = anchor - timedelta(days=anchor.weekday()) if days == 7 else anchor
    return first, first + timedelta(days=days)


def calendar_resources(
    session: Session,
    technician_filter: list[int] | None = None,
    period: tuple[datetime, datetime] | None = None,
) -> list[CalendarResource]:
    """The lanes: the active technicians, anyone else sent on an intervention
    of the ``period`` (an office user who went himself), « Non attribuées »."""
    lane_of_user = col(User.role) == UserRole.TECHNICIAN.value
    if period is not None:
        lane_of_user = sa.or_(
            lane_of_user,
            sa.exists().where(
                col(InterventionTechnician.user_id) == col(User.id),
                col(Intervention.id) == col(InterventionTechnician.intervention_id),
                col(Intervention.start_at) >= period[0],
                col(Intervention.start_at) < period[1],
            ),
        )
    query = select(User.id, User.name).where(col(User.active).is_(True), lane_of_user)
    if technician_filter:
        query = query.where(col(User.id).in_(technician_filter))
    lanes = [
        CalendarResource(user_id, name)
        for user_id, name in session.exec(query.order_by(User.name))
        if user_id is not None
    ]
    if not technician_filter:
        lanes.append(CalendarResource(UNASSIGNED, "Non attribuées"))
    return lanes


def calendar_data(
    session: Session,
    first: date,
    last: date,
    *,
    technician_filter: list[int] | None = None,
    sector_id: int | None = None,
) -> CalendarData:
    """Events from ``first`` (included) to ``last`` (excluded), cancelled ones left out."""
    low, high = clock.local_days(first, last)
    resources = calendar_resources(session, technician_filter, (low, high))
    lanes = {r.id for r in resources}
    technicians = [r.id for r in resources if r.id != UNASSIGNED]
    # Only what shows in a lane: a listed technician's, or nobody's.
    assigned_to_lane = sa.exists().where(
        col(InterventionTechnician.intervention_id) == col(Intervention.id),
        col(InterventionTechnician.user_id).in_(technicians),
    )
    shown = assigned_to_lane
    if UNASSIGNED in lanes:
        nobody = ~sa.exists().where(
            col(InterventionTechnician.intervention_id) == col(Intervention.id)
        )
        shown = sa.or_(assigned_to_lane, nobody)
    query = (
        sa.select(
            col(Intervention.id),
            col(Intervention.version),
            col(Intervention.start_at),
            col(Intervention.duration_minutes),
            col(Intervention.state),
            col(Intervention.label),
            col(Contact.display_name),
            col(Contact.city),
            col(Contact.zip),
            col(TaskType.name),
        )
        .join(Contact, col(Contact.id) == col(Intervention.address_id))
        .outerjoin(TaskType, col(TaskType.id) == col(Intervention.task_type_id))
        .where(
            col(Intervention.start_at) >= low,
            col(Intervention.start_at) < high,
            col(Intervention.state) != InterventionState.CANCELLED.value,
            shown,
        )
        .order_by(col(Intervention.start_at))
    )
    if sector_id:
        query = query.where(sectors.postcode_filter(session, sector_id, col(Contact.zip)))
    rows = session.connection().execute(query).all()
    assigned: dict[int, list[int]] = {}
    ids = [row[0] for row in rows]
    for chunk in range(0, len(ids), 500):
        for intervention_id, user_id in session.exec(
            select(InterventionTechnician.intervention_id, InterventionTechnician.user_id).where(
                col(InterventionTechnician.intervention_id).in_(ids[chunk : chunk + 500])
            )
        ):
            assigned.setdefault(intervention_id, []).append(user_id)
    sector_color = sectors.color_of_postcode(session, default="")
    events: list[CalendarEvent] = []
    for row in rows:
        values: tuple[Any, ...] = tuple(row)
        intervention_id, version, start_at, minutes, state, label, name, city, zip_code, task = (
            values
        )
        start_at = as_utc(start_at)
        color = sector_color(zip_code or "")
        for lane in assigned.get(intervention_id, [UNASSIGNED]):
            if lane not in lanes:
                continue
            events.append(
                CalendarEvent(
                    key=f"{intervention_id}-{lane}",
                    id=intervention_id,
                    version=version,
                    resource=lane,
                    start=wall_clock(start_at),
                    end=wall_clock(start_at + timedelta(minutes=minutes)),
                    title=" · ".join(p for p in (name, city) if p),
                    detail=task or label,
                    state=state,
                    state_label=INTERVENTION_STATE_LABELS[InterventionState(state)],
                    color=STATE_COLORS.get(state, "#3e63dd"),
                    overlap=False,
                    sector_color=color,
                )
            )
    names = {r.id: r.title for r in resources}
    return CalendarData(resources, events, _flag_overlaps(events, names))


def _flag_overlaps(events: list[CalendarEvent], names: dict[int, str]) -> list[str]:
    """Mark the events of one technician that overlap; list them in French."""
    found: list[str] = []
    by_lane: dict[int, list[CalendarEvent]] = {}
    for event in events:
        if event.resource != UNASSIGNED:
            by_lane.setdefault(event.resource, []).append(event)
    for lane, lane_events in by_lane.items():
        lane_events.sort(key=lambda e: e.start)
        busy_until: CalendarEvent | None = None
        for event in lane_events:
            if busy_until is not None and event.start < busy_until.end:
                event.overlap = busy_until.overlap = True
                day = formatting.weekday_date_label(datetime.strptime(event.start, WALL_CLOCK))
                found.append(
                    f"{names.get(lane, '')} : {day}, {busy_until.start[11:]} ({busy_until.title})"
                    f" et {event.start[11:]} ({event.title})"
                )
            if busy_until is None or event.end > busy_until.end:
                busy_until = event
    return found


def move_intervention(
    session: Session,
    intervention_id: int,
    *,
    start: str,
    end: str,
    from_lane: int,
    to_lane: int,
    expected_version: int,
    actor: User | Actor,
) -> Intervention:
    """Move (another time, day or technician) or resize an intervention, saved
    through ``save_intervention`` with its optimistic version (StaleDocumentError
    when someone changed it meanwhile) and journaled. MoveRefused otherwise."""
    if actor.role == UserRole.TECHNICIAN.value:
        raise MoveRefused("Seul le bureau peut modifier le planning.")
    intervention = session.get(Intervention, intervention_id)
    if intervention is None:
        raise MoveRefused("Cette intervention n'existe plus.")
    if intervention.version != expected_version:
        raise StaleDocumentError(intervention_id)
    begins, ends = from_wall_clock(start), from_wall_clock(end)
    minutes = round((ends - begins).total_seconds() / 60)
    if not MIN_MINUTES <= minutes <= MAX_MINUTES:
        raise MoveRefused("La durée doit être comprise entre 5 minutes et 24 heures.")
    chosen = technician_ids(session, intervention_id)
    if to_lane != from_lane:
        if to_lane != UNASSIGNED:
            user = session.get(User, to_lane)
            if user is None or not user.active:
                raise MoveRefused("Ce technicien est archivé : choisissez-en un autre.")
        chosen = [t for t in chosen if t != from_lane]
        if to_lane != UNASSIGNED and to_lane not in chosen:
            chosen.append(to_lane)
    form: dict[str, object] = {**form_values(intervention)}
    form["start_at"] = formatting.datetime_input(begins)
    form["duration_minutes"] = formatting.duration_label(minutes)
    form["technician_ids"] = [str(t) for t in chosen]
    try:
        return save_intervention(
            session,
            form,
            intervention_id=intervention_id,
            expected_version=expected_version,
            user_id=actor.id,
        )
    except FormError as error:
        raise MoveRefused(" ".join(error.errors.values())) from None


def book_slot(
    session: Session,
    intervention_id: int,
    technician_id: int,
    start: datetime,
    *,
    expected_version: int,
    actor: User | Actor,
) -> Intervention:
    """« Trouver un créneau »'s choice: this technician (only him), this start."""
    if actor.role == UserRole.TECHNICIAN.value:
        raise MoveRefused("Seul le bureau peut modifier le planning.")
    intervention = session.get(Intervention, intervention_id)
    if intervention is None:
        raise MoveRefused("Cette intervention n'existe plus.")
    user = session.get(User, technician_id)
    if user is None or not user.active:
        raise MoveRefused("Ce technicien est archivé : choisissez-en un autre.")
    form: dict[str, object] = {**form_values(intervention)}
    form["start_at"] = formatting.datetime_input(start)
    form["technician_ids"] = [str(technician_id)]
    if form["state"] == InterventionState.DRAFT.value:
        form["state"] = InterventionState.CONFIRMED.value
    try:
        return save_intervention(
            session,
            form,
            intervention_id=intervention_id,
            expected_version=expected_version,
            user_id=actor.id,
        )
    except FormError as error:
        raise MoveRefused(" ".join(error.errors.values())) from None


def is_past(start: str) -> bool:
    """Whether a calendar time is already gone (the move asks for confirmation)."""
    return from_wall_clock(start) < utcnow()


@dataclass
class InterventionSummary:
    id: int
    version: int
    title: str
    when: str
    state_label: str
    technicians: str
    address_id: int
    duration_minutes: int


def intervention_summary(session: Session, intervention_id: int) -> InterventionSummary:
    intervention = session.get(Intervention, intervention_id)
    if intervention is None:
        raise MoveRefused("Cette intervention n'existe plus.")
    address = session.get(Contact, intervention.address_id)
    names = technician_names(session, [intervention.saved_id])[intervention.saved_id]
    return InterventionSummary(
        id=intervention.saved_id,
        version=intervention.version,
        title=" · ".join(
            p for p in ((address.display_name if address else ""), intervention.label) if p
        ),
        when=f"{formatting.datetime_label(intervention.start_at)} · "
        f"{formatting.duration_label(intervention.duration_minutes)}",
        state_label=INTERVENTION_STATE_LABELS[InterventionState(intervention.state)],
        technicians=", ".join(names) or "Non attribuée",
        address_id=intervention.address_id,
        duration_minutes=intervention.duration_minutes,
    )


def address_of(session: Session, address_id: int) -> Contact:
    address = session.get(Contact, address_id)
    if address is None:
        raise MoveRefused("L'adresse de cette intervention n'existe plus.")
    return address
