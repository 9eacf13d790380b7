"""« Trouver un créneau »: the three best slots for an intervention over the
next two weeks, across technicians. A slot is free time of the right length
in a working day (the drive from the previous stop included); it is scored by
the extra driving it adds between that day's neighbouring stops (the route's
distance model), with the address's sector preferred and sooner days first on
equal cost. One click books it through the intervention service."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlmodel import Session, col, select

from crm_app.contacts.models import Contact
from crm_app.core import clock, formatting
from crm_app.core.clock import local_today
from crm_app.interventions.models import (
    Intervention,
    InterventionState,
    InterventionTechnician,
)
from crm_app.planning import sectors
from crm_app.planning.route import DistanceModel
from crm_app.users.models import User, UserRole

DAY_START = 8 * 60
DAY_END = 18 * 60
HORIZON_DAYS = 14
STEP_MINUTES = 15
OUTSIDE_SECTOR_KM = 25.0  # a technician of another sector counts as this much driving
# A slot whose driving cannot be computed (the address, or both of its
# neighbours on that day, have no position) counts as this much driving: it
# neither beats a known short drive nor loses to a long one.
UNKNOWN_DRIVE_KM = 15.0
PER_DAY_KM = 0.5  # on equal driving, sooner is better
PROPOSALS = 3


@dataclass(frozen=True)
class Slot:
    technician_id: int
    technician: str
    start: datetime  # UTC
    extra_km: float | None  # None: unknown (no position to measure from)
    in_sector: bool
    score: float

    @property
    def label(self) -> str:
        local = clock.to_local(self.start)
        day = formatting.weekday_date_label(local.date()).rsplit(" ", 1)[0]
        where = "" if self.in_sector else " (hors secteur)"
        if self.extra_km is None:
            drive = "trajet inconnu"
        else:
            drive = f"+{formatting.decimal_label(self.extra_km, 0)} km"
        return f"{self.technician}, {day} {local:%H:%M}, {drive}{where}"


@dataclass(frozen=True)
class _Busy:
    start: int  # minutes since midnight
    end: int
    point: tuple[float, float] | None


def _rounded_up(minute: float) -> int:
    return int(-(-minute // STEP_MINUTES) * STEP_MINUTES)


def _busy_by_day(
    session: Session, technician_ids: list[int], first: date, last: date, skip_id: int | None
) -> dict[tuple[int, date], list[_Busy]]:
    low, high = clock.local_days(first, last + timedelta(days=1))
    rows = session.exec(
        select(InterventionTechnician.user_id, Intervention, Contact.latitude, Contact.longitude)
        .join(Intervention, col(Intervention.id) == col(InterventionTechnician.intervention_id))
        .join(Contact, col(Contact.id) == col(Intervention.address_id))
        .where(
            col(InterventionTechnician.user_id).in_(technician_ids),
            col(Intervention.start_at) >= low,
            col(Intervention.start_at) < high,
            Intervention.state != InterventionState.CANCELLED.value,
            Intervention.id != skip_id,
        )
    ).all()
    busy: dict[tuple[int, date], list[_Busy]] = {}
    for user_id, intervention, latitude, longitude in rows:
        local = clock.to_local(intervention.start_at)
        begins = clock.minute_of_day(intervention.start_at)
        point = (latitude, longitude) if latitude is not None and longitude is not None else None
        busy.setdefault((user_id, local.date()), []).append(
            _Busy(begins, begins + intervention.duration_minutes, point)
        )
    for items in busy.values():
        items.sort(key=lambda b: b.start)
    return busy


def find_slots(
    session: Session,
    *,
    address: Contact,
    duration_minutes: int,
    skip_intervention_id: int | None = None,
    today: date | None = None,
    now_minute: int | None = None,
    model: DistanceModel | None = None,
) -> list[Slot]:
    """The best slots (at most three, different technicians or days first)."""
    model = model or DistanceModel.from_settings()
    today = today or local_today()
    if now_minute is None:
        now_minute = clock.minute_of_day(clock.utcnow())
    technicians = session.exec(
        select(User).where(col(User.active).is_(True), User.role == UserRole.TECHNICIAN.value)
    ).all()
    if not technicians:
        return []
    suggestion = sectors.suggest_for_postcode(session, address.zip)
    preferred = set(suggestion.technician_ids)
    target = (
        (address.latitude, address.longitude)
        if address.latitude is not None and address.longitude is not None
        else None
    )
    last = today + timedelta(days=HORIZON_DAYS)
    busy = _busy_by_day(
        session, [t.saved_id for t in technicians], today, last, skip_intervention_id
    )
    candidates: list[Slot] = []
    for offset in range(HORIZON_DAYS):
        day = today + timedelta(days=offset)
        if day.weekday() >= 5:  # Saturday, Sunday
            continue
        earliest = max(DAY_START, _rounded_up(now_minute + 30)) if offset == 0 else DAY_START
        for technician in technicians:
            home = (
                (technician.start_latitude, technician.start_longitude)
                if technician.start_latitude is not None and technician.start_longitude is not None
                else None
            )
            slot = _best_in_day(
                model,
                busy.get((technician.saved_id, day), []),
                home,
                target,
                duration_minutes,
                earliest,
            )
            if slot is None:
                continue
            minute, extra = slot
            in_sector = not preferred or technician.saved_id in preferred
            drive = UNKNOWN_DRIVE_KM if extra is None else extra
            score = drive + (0 if in_sector else OUTSIDE_SECTOR_KM) + offset * PER_DAY_KM
            start = clock.at_local_minute(day, minute)
            shown = None if extra is None else round(extra, 1)
            candidates.append(
                Slot(technician.saved_id, technician.name, start, shown, in_sector, score)
            )
    candidates.sort(key=lambda s: (s.score, s.start))
    return _varied(candidates)


def _varied(candidates: list[Slot]) -> list[Slot]:
    """The best ones, at most one per technician and day."""
    chosen: list[Slot] = []
    seen: set[tuple[int, date]] = set()
    for slot in candidates:
        key = (slot.technician_id, clock.to_local(slot.start).date())
        if key in seen:
            continue
        seen.add(key)
        chosen.append(slot)
        if len(chosen) == PROPOSALS:
            break
    return chosen


def _best_in_day(
    model: DistanceModel,
    busy: list[_Busy],
    home: tuple[float, float] | None,
    target: tuple[float, float] | None,
    duration: int,
    earliest: int,
) -> tuple[int, float | None] | None:
    """(start minute, extra km) of the cheapest gap of this day that fits; the
    km are None when the address or both neighbours of the gap have no
    position (such a gap costs UNKNOWN_DRIVE_KM)."""
    best: tuple[int, float | None] | None = None
    best_cost = 0.0
    stops = [_Busy(DAY_START, DAY_START, home), *busy, _Busy(DAY_END, DAY_END, home)]
    for before, after in zip(stops, stops[1:], strict=False):
        to_km = _km(model, before.point, target)
        from_km = _km(model, target, after.point)
        begins = _rounded_up(max(earliest, before.end + model.minutes(to_km)))
        if begins + duration + model.minutes(from_km) > after.start and after.start != DAY_END:
            continue
        if begins + duration > DAY_END:
            continue
        measured = target is not None and (before.point or after.point) is not None
        extra = to_km + from_km - _km(model, before.point, after.point)
        cost = max(0.0, extra) if measured else UNKNOWN_DRIVE_KM
        if best is None or cost < best_cost:
            best, best_cost = (begins, max(0.0, extra) if measured else None), cost
    return best


def _km(model: DistanceModel, a: tuple[float, float] | None, b: tuple[float, float] | None):
    return model.km(a, b) if a is not None and b is not None else 0.0
