"""The equipment figures of ``python -m bench`` on the 100,000-contact dataset
(about 150,000 equipment from the synthetic generator):

- « À planifier »: one page of a month's due maintenances, server side (the
  service call the page's state makes), over five filter sets, each with 2
  warm-up runs then 10 timed runs, for page 1 and page 5;
- 200 draft interventions created from a selection, in a transaction rolled
  back after each of 3 timed runs (the same 200 each time);
- the heavy customer (20 addresses) gets 30 equipment and a contract, so the
  contact page figure of the scale bench includes a full « Équipements » tab.
"""

from __future__ import annotations

import time
from datetime import UTC, date, datetime, timedelta

HEAVY_EQUIPMENT = 30
WARMUPS, RUNS, DRAFT_RUNS, DRAFTS = 2, 10, 3, 200


def _timed(function, *args, **kwargs) -> tuple[float, object]:
    started = time.perf_counter()
    result = function(*args, **kwargs)
    return (time.perf_counter() - started) * 1000, result


def _next_month() -> date:
    today = date.today()
    return date(today.year + today.month // 12, today.month % 12 + 1, 1)


def ensure_heavy_equipment(session, heavy_id: int) -> None:
    from sqlmodel import select

    from crm_app.contacts.models import Contact
    from crm_app.equipment import contracts
    from crm_app.equipment import service as equipment
    from crm_app.equipment.models import Equipment
    from crm_app.reference.models import EquipmentType
    from crm_app.reference.service import ensure_equipment_types

    if session.exec(select(Equipment.id).where(Equipment.main_contact_id == heavy_id)).first():
        return
    ensure_equipment_types(session)
    kinds = [t.id for t in session.exec(select(EquipmentType))]
    places = [heavy_id, *session.exec(select(Contact.id).where(Contact.parent_id == heavy_id))]
    made = []
    for number in range(HEAVY_EQUIPMENT):
        made.append(
            equipment.save_equipment(
                session,
                {
                    "address_id": str(places[number % len(places)]),
                    "type_id": str(kinds[number % len(kinds)]),
                    "brand": "Viessmann",
                    "model": f"Vitodens {number}",
                    "commissioned_on": "15/03/2019",
                },
            )
        )
    contracts.save_contract(
        session,
        {
            "address_id": str(heavy_id),
            "equipment_ids": [str(e.id) for e in made if e.address_id == heavy_id],
            "start_on": "01/01/2024",
            "state": "active",
            "yearly_price_cents": "1200",
        },
    )
    session.commit()


def measure_due_pages(url: str) -> tuple[list[float], int]:
    from crm_app.db import session_scope
    from crm_app.equipment import planning

    month = _next_month()
    filter_sets = (
        planning.DueFilters(month=month),
        planning.DueFilters(month=month, include_overdue=False),
        planning.DueFilters(month=month, order="place"),
        planning.DueFilters(month=month, place="35"),
        planning.DueFilters(month=month, contract="none", include_overdue=False),
    )
    times: list[float] = []
    total = 0
    with session_scope(url) as session:
        for filters in filter_sets:
            for page in (1, 5):
                for _ in range(WARMUPS):
                    planning.due_page(session, filters, page=page)
                for _ in range(RUNS):
                    elapsed, result = _timed(planning.due_page, session, filters, page=page)
                    times.append(elapsed)
                    total = max(total, result.window.total)  # type: ignore[attr-defined]
    return times, total


def measure_drafts(url: str) -> list[float]:
    from sqlmodel import select

    from crm_app.db import session_scope
    from crm_app.equipment import planning
    from crm_app.reference.models import TaskType

    times = []
    for _ in range(DRAFT_RUNS):
        with session_scope(url) as session:
            task = session.exec(select(TaskType).where(TaskType.active == True)).first()  # noqa: E712
            assert task is not None and task.id is not None
            ids = planning.due_ids(session, planning.DueFilters(month=_next_month()), DRAFTS)
            start = datetime.now(UTC) + timedelta(days=30)
            elapsed, result = _timed(
                planning.create_drafts,
                session,
                ids,
                task_type_id=task.id,
                start_at=start,
                technician_id=None,
                user_id=None,
            )
            assert len(ids) == DRAFTS, f"{len(ids)} due maintenances only"
            times.append(elapsed)
            session.rollback()  # the next run creates the same drafts
    return times


def equipment_count(url: str) -> int:
    from sqlalchemy import func
    from sqlmodel import select

    from crm_app.db import session_scope
    from crm_app.equipment.models import Equipment

    with session_scope(url) as session:
        return session.exec(select(func.count()).select_from(Equipment)).one()
