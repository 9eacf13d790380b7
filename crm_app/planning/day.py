"""« Ma journée »: a technician's interventions of one day in visit order,
with what he needs at the door (warning, notes, phones, equipment, earlier
visits), the route between them, a better order, and applying it to the
planning. Plain functions; the caller commits."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from urllib.parse import quote

from sqlmodel import Session, col, select

from crm_app.contacts.models import Contact
from crm_app.contacts.presenters import one_line_address
from crm_app.core import clock, formatting
from crm_app.core.clock import as_utc
from crm_app.core.errors import FormError
from crm_app.documents.forms import StaleDocumentError
from crm_app.documents.rules import DocumentKind, customer_notes_for, customer_warning
from crm_app.equipment import service as equipment_service
from crm_app.geo import maps
from crm_app.interventions.models import (
    INTERVENTION_STATE_LABELS,
    Intervention,
    InterventionPhoto,
    InterventionState,
    InterventionTechnician,
)
from crm_app.interventions.service import form_values, save_intervention, technician_ids
from crm_app.planning import route
from crm_app.reference.models import TaskType
from crm_app.users.models import Actor, User, UserRole

PREVIOUS_VISITS = 3


class DayRefused(PermissionError):
    """Not allowed (French message)."""


@dataclass
class StopLine:
    id: int
    position: int
    time_label: str
    end_label: str
    state: str
    state_label: str
    task: str
    customer: str
    address: str
    phone: str  # E.164, for tel:
    phone_label: str
    mobile: str
    mobile_label: str
    warning: str
    notes: str
    equipment: list[str]
    previous_visits: list[str]
    latitude: float | None
    longitude: float | None
    geo_link: str
    directions_link: str
    no_position_reason: str
    time_fixed: bool
    km_from_previous: str
    report_text: str
    time_spent: str
    signed: bool
    photo_count: int


@dataclass
class DayPlan:
    technician: str
    day: date
    stops: list[StopLine]
    start_point: tuple[float, float] | None
    start_label: str
    total_km: float = 0.0
    driving_minutes: float = 0.0
    without_position: list[StopLine] = field(default_factory=list)


def day_interventions(session: Session, user_id: int, day: date) -> list[Intervention]:
    """His interventions of that day, by start time; cancelled ones left out."""
    low, high = clock.local_days(day, day + timedelta(days=1))
    return list(
        session.exec(
            select(Intervention)
            .join(
                InterventionTechnician,
                col(InterventionTechnician.intervention_id) == col(Intervention.id),
            )
            .where(
                InterventionTechnician.user_id == user_id,
                col(Intervention.start_at) >= low,
                col(Intervention.start_at) < high,
                Intervention.state != InterventionState.CANCELLED.value,
            )
            .order_by(col(Intervention.start_at), col(Intervention.id))
        )
    )


def check_reader(actor: User | Actor, technician_id: int) -> None:
    """A technician sees his own day; the office and admins anybody's."""
    if actor.role == UserRole.TECHNICIAN.value and actor.id != technician_id:
        raise DayRefused("Vous ne pouvez consulter que votre propre journée.")


def start_point(user: User) -> tuple[float, float] | None:
    if user.start_latitude is None or user.start_longitude is None:
        return None
    return (user.start_latitude, user.start_longitude)


def navigation_links(address: Contact) -> tuple[str, str]:
    """(geo: URI for the phone's navigation app, https directions fallback)."""
    where = one_line_address(address)
    if address.latitude is not None and address.longitude is not None:
        lat, lon = address.latitude, address.longitude
        return (
            maps.geo_uri(lat, lon, where or address.display_name),
            maps.directions_url(lat, lon),
        )
    if where:  # not located yet: the navigation app searches the address
        return (
            f"geo:0,0?q={quote(where)}",
            f"https://www.google.com/maps/dir/?api=1&destination={quote(where)}",
        )
    return ("", "")


def _previous_visits(session: Session, intervention: Intervention) -> list[str]:
    rows = session.exec(
        select(Intervention)
        .where(
            Intervention.address_id == intervention.address_id,
            col(Intervention.start_at) < intervention.start_at,
            Intervention.state != InterventionState.CANCELLED.value,
        )
        .order_by(col(Intervention.start_at).desc())
        .limit(PREVIOUS_VISITS)
    ).all()
    return [f"{formatting.local_date_label(r.start_at)} — {r.label}" for r in rows]


def _equipment_at(session: Session, address: Contact) -> list[str]:
    main_id = address.parent_id or address.saved_id
    lines: list[str] = []
    for group in equipment_service.contact_equipment(session, main_id):
        if group.address_id != address.id:
            continue
        for item in group.equipment:
            lines.append(
                f"{item.type_name} {item.title} — dernier entretien : {item.last_label}"
                + (" (en retard)" if item.overdue else "")
            )
    return lines


def _stop_line(session: Session, intervention: Intervention, position: int) -> StopLine:
    customer = session.get(Contact, intervention.customer_id)
    address = session.get(Contact, intervention.address_id) or customer
    task = session.get(TaskType, intervention.task_type_id) if intervention.task_type_id else None
    warning = customer_warning(session, intervention.customer_id, DocumentKind.INTERVENTION)
    end = as_utc(intervention.start_at) + timedelta(minutes=intervention.duration_minutes)
    geo, directions = navigation_links(address) if address else ("", "")
    has_point = address is not None and address.latitude is not None
    phone = (address.phone if address else None) or (customer.phone if customer else None) or ""
    mobile = (address.mobile if address else None) or (customer.mobile if customer else None) or ""
    photos = session.exec(
        select(InterventionPhoto.id).where(InterventionPhoto.intervention_id == intervention.id)
    ).all()
    return StopLine(
        id=intervention.saved_id,
        position=position,
        time_label=formatting.time_label(intervention.start_at),
        end_label=formatting.time_label(end),
        state=intervention.state,
        state_label=INTERVENTION_STATE_LABELS[InterventionState(intervention.state)],
        task=task.name if task else "",
        customer=customer.display_name if customer else "",
        address=one_line_address(address) if address else "",
        phone=phone,
        phone_label=formatting.phone_label(phone) if phone else "",
        mobile=mobile,
        mobile_label=formatting.phone_label(mobile) if mobile else "",
        warning=warning.message if warning else "",
        notes=customer_notes_for(session, customer) if customer else "",
        equipment=_equipment_at(session, address) if address else [],
        previous_visits=_previous_visits(session, intervention),
        latitude=address.latitude if has_point and address else None,
        longitude=address.longitude if has_point and address else None,
        geo_link=geo,
        directions_link=directions,
        no_position_reason="" if has_point else _no_position_reason(address),
        time_fixed=intervention.time_fixed,
        km_from_previous="",
        report_text=intervention.report_text or "",
        time_spent=formatting.duration_label(intervention.time_spent_minutes)
        if intervention.time_spent_minutes
        else "",
        signed=bool(intervention.signature_key),
        photo_count=len(photos),
    )


def _no_position_reason(address: Contact | None) -> str:
    if address is None:
        return "Adresse introuvable."
    if not one_line_address(address):
        return "Adresse non renseignée."
    if address.geocode_error:
        return f"Adresse non localisée : {address.geocode_error}"
    return "Adresse pas encore localisée (onglet Localisation de la fiche)."


def technician_day(
    session: Session,
    technician_id: int,
    day: date,
    *,
    actor: User | Actor,
    proposed: list[route.PlannedStop] | None = None,
) -> DayPlan:
    """The day as planned (by start time), or in a ``proposed`` order with its
    start times (an optimised order being looked at)."""
    check_reader(actor, technician_id)
    technician = session.get(User, technician_id)
    if technician is None:
        raise DayRefused("Technicien inconnu.")
    interventions = day_interventions(session, technician_id, day)
    starts: dict[int, int] = {}
    if proposed:
        rank = {stop.id: i for i, stop in enumerate(proposed)}
        interventions.sort(key=lambda i: rank.get(i.saved_id, len(rank)))
        starts = {stop.id: stop.start_minute for stop in proposed}
    lines = [_stop_line(session, i, n + 1) for n, i in enumerate(interventions)]
    for line, intervention in zip(lines, interventions, strict=True):
        if line.id in starts:
            begins = starts[line.id]
            line.time_label = formatting.minute_label(begins)
            line.end_label = formatting.minute_label(begins + intervention.duration_minutes)
    home = start_point(technician)
    plan = DayPlan(
        technician=technician.name,
        day=day,
        stops=lines,
        start_point=home,
        start_label=technician.start_address or "",
        without_position=[s for s in lines if s.latitude is None],
    )
    model = route.DistanceModel.from_settings()
    located = [s for s in lines if s.latitude is not None and s.longitude is not None]
    previous = home
    for stop in located:
        here = (stop.latitude or 0.0, stop.longitude or 0.0)
        if previous is not None:
            stop.km_from_previous = f"{formatting.decimal_label(model.km(previous, here), 1)} km"
        previous = here
    points = [(s.latitude or 0.0, s.longitude or 0.0) for s in located]
    plan.total_km = round(route.path_km(model, home, points), 1)
    plan.driving_minutes = round(model.minutes(plan.total_km))
    return plan


def route_stops(session: Session, technician_id: int, day: date) -> list[route.Stop]:
    """The day's located interventions as the solver's stops."""
    stops: list[route.Stop] = []
    for intervention in day_interventions(session, technician_id, day):
        address = session.get(Contact, intervention.address_id)
        if address is None or address.latitude is None or address.longitude is None:
            continue
        stops.append(
            route.Stop(
                id=intervention.saved_id,
                point=(address.latitude, address.longitude),
                duration_minutes=intervention.duration_minutes,
                start_minute=clock.minute_of_day(intervention.start_at),
                fixed=intervention.time_fixed
                or intervention.state
                in (InterventionState.IN_PROGRESS.value, InterventionState.DONE.value),
            )
        )
    return stops


@dataclass(frozen=True)
class Optimisation:
    best: route.Route
    planned_km: float  # the day's located stops in their planned order

    @property
    def saving_percent(self) -> float:
        if not self.planned_km:
            return 0.0
        return max(0.0, (1 - self.best.total_km / self.planned_km) * 100)


def optimise_day(
    session: Session, technician_id: int, day: date, *, actor: User | Actor
) -> Optimisation:
    """The best order of the day's located stops (agreed times and visits
    already started or done kept where they are), and the planned order's length."""
    check_reader(actor, technician_id)
    technician = session.get(User, technician_id)
    if technician is None:
        raise DayRefused("Technicien inconnu.")
    model = route.DistanceModel.from_settings()
    home = start_point(technician)
    stops = route_stops(session, technician_id, day)
    return Optimisation(
        best=route.optimise(model, home, stops),
        planned_km=route.route_in_order(model, home, stops).total_km,
    )


def apply_order(
    session: Session,
    technician_id: int,
    day: date,
    planned: list[route.PlannedStop],
    *,
    actor: User | Actor,
) -> int:
    """Move the day's interventions to the proposed start times (office only),
    each through ``save_intervention`` (its checks, version and journal).
    Returns how many changed."""
    if actor.role == UserRole.TECHNICIAN.value:
        raise DayRefused("Seul le bureau peut modifier le planning.")
    mine = {i.saved_id: i for i in day_interventions(session, technician_id, day)}
    if any(stop.id not in mine for stop in planned):
        raise DayRefused("Le planning de la journée a changé : recalculez l'ordre.")
    changed = 0
    for stop in planned:
        intervention = mine[stop.id]
        new_start = clock.at_local_minute(day, stop.start_minute)
        if as_utc(intervention.start_at) == new_start:
            continue
        form: dict[str, object] = {**form_values(intervention)}
        form["start_at"] = formatting.datetime_input(new_start)
        form["technician_ids"] = [str(t) for t in technician_ids(session, stop.id)]
        try:
            save_intervention(
                session,
                form,
                intervention_id=stop.id,
                expected_version=intervention.version,
                user_id=actor.id,
            )
        except (FormError, StaleDocumentError):
            raise DayRefused("Le planning de la journée a changé : recalculez l'ordre.") from None
        changed += 1
    return changed
