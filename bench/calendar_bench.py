"""Planning figures on the benchmark dataset (100,000 contacts, 500,000
interventions), server side:

- **calendar week**: ``planning.calendar.calendar_data`` for one week with
  10 technicians × 40 interventions each (added once to the dataset, on real
  synthetic addresses), all lanes and with a sector filter;
- **« Trouver un créneau »**: ``planning.slots.find_slots`` over those 10
  technicians and two weeks, for an intervention at a synthetic address;
- **route**: ``planning.route.optimise`` on 25 stops of one day (5 with an
  agreed time), against the same stops in the order of their start times and
  in a nearest-neighbour order (same distance model), saving printed in %.

Each measure: one warm-up call, then REPEATS calls; p50 and p95 printed.

    .venv/bin/python -m bench.calendar_bench          # SQLite file data/bench-100k.db
    .venv/bin/python -m bench.calendar_bench --db-url 'postgresql+psycopg://…'
"""

from __future__ import annotations

import argparse
import random
import sys
from datetime import date, datetime, time, timedelta

from bench.scale_bench import DEFAULT_DB, open_database, percentile, timed

REPEATS = 20
TECHNICIANS = 10
PER_TECHNICIAN = 40
ROUTE_STOPS = 25
FIXED_STOPS = 5
BENCH_TECH_LOGIN = "banc-tech-{n:02d}"
SEED = 17


def bench_week() -> date:
    """A Monday five weeks ahead (beyond the synthetic visits' usual dates)."""
    today = date.today()
    return today - timedelta(days=today.weekday()) + timedelta(weeks=5)


def ensure_bench_week(session, monday: date) -> list[int]:
    """Ten technicians with forty interventions each in that week (made once)."""
    from sqlalchemy import insert
    from sqlmodel import col, select

    from crm_app.contacts.models import Contact
    from crm_app.core import clock
    from crm_app.core.clock import as_utc
    from crm_app.interventions.models import Intervention, InterventionTechnician
    from crm_app.reference.models import TaskType
    from crm_app.users.models import User, UserRole
    from crm_app.users.service import create_user

    ids: list[int] = []
    for n in range(TECHNICIANS):
        login = BENCH_TECH_LOGIN.format(n=n)
        user = session.exec(select(User).where(User.login == login)).first()
        if user is None:
            user = create_user(
                session,
                name=f"Technicien banc {n:02d}",
                login=login,
                password="Banc-de-mesure-2026-Rennes",
                role=UserRole.TECHNICIAN,
            )
            user.start_latitude, user.start_longitude = 48.11 + n * 0.01, -1.68
            session.add(user)
            session.flush()
        ids.append(user.saved_id)
    low = as_utc(datetime.combine(monday, time(0), tzinfo=clock.LOCAL_ZONE))
    already = session.exec(
        select(InterventionTechnician.intervention_id)
        .join(Intervention, col(Intervention.id) == col(InterventionTechnician.intervention_id))
        .where(
            col(InterventionTechnician.user_id).in_(ids),
            col(Intervention.start_at) >= low,
            col(Intervention.start_at) < low + timedelta(days=7),
        )
    ).all()
    if len(already) >= TECHNICIANS * PER_TECHNICIAN:
        session.commit()
        return ids
    rng = random.Random(SEED)
    addresses = session.exec(
        select(Contact.id, Contact.parent_id)
        .where(col(Contact.latitude).is_not(None), col(Contact.zip).like("35%"))
        .limit(5000)
    ).all()
    task_id = session.exec(select(TaskType.id)).first()
    for user_id in ids:
        for k in range(PER_TECHNICIAN):
            day = monday + timedelta(days=k // 8)  # Monday to Friday, 8 a day
            start = datetime.combine(day, time(8 + k % 8, 0), tzinfo=clock.LOCAL_ZONE)
            address_id, parent_id = rng.choice(addresses)
            result = session.execute(
                insert(Intervention).values(
                    customer_id=parent_id or address_id,
                    address_id=address_id,
                    task_type_id=task_id,
                    start_at=as_utc(start),
                    duration_minutes=50,
                    state="confirmed",
                    label="Banc calendrier",
                    search_text="banc calendrier",
                    version=1,
                    time_fixed=False,
                    created_at=clock.utcnow(),
                    updated_at=clock.utcnow(),
                )
            )
            intervention_id = result.inserted_primary_key[0]
            session.execute(
                insert(InterventionTechnician).values(
                    intervention_id=intervention_id, user_id=user_id
                )
            )
    session.commit()
    return ids


def ensure_bench_sector(session) -> int:
    from sqlmodel import select

    from crm_app.planning import sectors
    from crm_app.planning.models import Sector

    found = session.exec(select(Sector).where(Sector.name == "Banc Rennes")).first()
    if found is None:
        found = sectors.save_sector(
            session, name="Banc Rennes", color="#ff0000", postcodes="350*", technician_ids=[]
        )
        session.commit()
    return found.saved_id


def measure(function, *args, **kwargs) -> tuple[list[float], object]:
    timed(function, *args, **kwargs)  # warm-up
    times, result = [], None
    for _ in range(REPEATS):
        elapsed, result = timed(function, *args, **kwargs)
        times.append(elapsed)
    return times, result


def route_stops(*, with_agreed_times: bool):
    """25 stops around Rennes, planned every 30 minutes from 7:00 in a random
    order; every fifth one at a time agreed with the customer (or none)."""
    from crm_app.planning import route

    rng = random.Random(SEED)
    stops = []
    for k in range(ROUTE_STOPS):
        point = (48.11 + rng.uniform(-0.15, 0.15), -1.68 + rng.uniform(-0.25, 0.25))
        fixed = with_agreed_times and k % (ROUTE_STOPS // FIXED_STOPS) == 0
        stops.append(route.Stop(k + 1, point, 20, 7 * 60 + k * 30, fixed=fixed))
    return stops


def route_figures(model) -> dict[str, object]:
    """The solver against the planned order (same agreed times) and, without
    agreed times, against the nearest-neighbour order (which cannot keep them)."""
    from crm_app.planning import route

    home = (48.11, -1.68)
    figures: dict[str, object] = {}
    for with_times in (True, False):
        stops = route_stops(with_agreed_times=with_times)
        times, best = measure(route.optimise, model, home, stops)
        figures[f"times-{with_times}"] = times
        figures[f"best-{with_times}"] = best.total_km  # type: ignore[union-attr]
        figures[f"planned-{with_times}"] = route.route_in_order(model, home, stops).total_km
        greedy = route.nearest_neighbour_order(model, home, stops)
        figures[f"greedy-{with_times}"] = route.route_in_order(model, home, greedy).total_km
    return figures


def saving(best: float, other: float) -> str:
    return f"{best:.1f} km contre {other:.1f} km, {(best / other - 1) * 100:+.0f} %"


def line(label: str, times: list[float], target: str) -> str:
    return (
        f"{label:<46} p50 {percentile(times, 0.5):7.1f} ms   p95 {percentile(times, 0.95):7.1f} ms"
        f"   (objectif {target})"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db-url", default=f"sqlite:///{DEFAULT_DB}")
    options = parser.parse_args(argv)
    open_database(options.db_url)
    from sqlmodel import select

    from crm_app.contacts.models import Contact
    from crm_app.db import session_scope
    from crm_app.planning import calendar, route, slots

    monday = bench_week()
    with session_scope(options.db_url) as session:
        ids = ensure_bench_week(session, monday)
        sector_id = ensure_bench_sector(session)
        first, last = calendar.period(monday, 7)
        week_times, data = measure(
            calendar.calendar_data, session, first, last, technician_filter=ids
        )
        all_lanes, _ = measure(calendar.calendar_data, session, first, last)
        sector_times, _ = measure(calendar.calendar_data, session, first, last, sector_id=sector_id)
        address = session.exec(
            select(Contact).where(Contact.zip == "35000", Contact.latitude != None)  # noqa: E711
        ).first()
        assert address is not None
        slot_times, found = measure(
            slots.find_slots,
            session,
            address=address,
            duration_minutes=60,
            today=monday,
            now_minute=0,
        )
    model = route.DistanceModel.from_settings()
    figures = route_figures(model)

    events = len(data.events)  # type: ignore[union-attr]
    print(f"Base : {options.db_url}")
    print(f"Semaine du {monday:%d/%m/%Y} : {events} interventions des {len(ids)} techniciens")
    print(line("Calendrier, semaine, 10 techniciens", week_times, "≤ 150 ms"))
    print(line("Calendrier, semaine, toutes les colonnes", all_lanes, "≤ 150 ms"))
    print(line("Calendrier, semaine, un secteur", sector_times, "≤ 150 ms"))
    print(line("Trouver un créneau (10 techniciens, 2 semaines)", slot_times, "≤ 300 ms"))
    print("   proposés : " + " | ".join(s.label for s in found))  # type: ignore[union-attr]
    for with_times, label in ((True, f"{FIXED_STOPS} heures fixées"), (False, "sans heure fixée")):
        times: list[float] = figures[f"times-{with_times}"]  # type: ignore[assignment]
        best: float = figures[f"best-{with_times}"]  # type: ignore[assignment]
        planned: float = figures[f"planned-{with_times}"]  # type: ignore[assignment]
        print(line(f"Tournée optimisée ({ROUTE_STOPS} arrêts, {label})", times, "≤ 1000 ms"))
        print(f"   contre l'ordre des heures prévues : {saving(best, planned)}")
        if not with_times:
            greedy: float = figures["greedy-False"]  # type: ignore[assignment]
            print(f"   contre le plus proche voisin : {saving(best, greedy)}")


if __name__ == "__main__":
    main(sys.argv[1:])
