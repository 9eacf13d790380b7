"""« À planifier »: the maintenances due in a month (or overdue), searched
and paged in SQL, and the draft interventions created from a selection."""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from crm_app.contacts.models import Contact
from crm_app.core import formatting
from crm_app.core.clock import LOCAL_ZONE, local_today
from crm_app.core.paging import PageWindow, WindowedPage, page_window
from crm_app.documents.rules import DocumentValidationError
from crm_app.equipment.contracts import effective_state_sql
from crm_app.equipment.models import (
    ContractState,
    Equipment,
    InterventionEquipment,
    MaintenanceContract,
)
from crm_app.equipment.visits import link_equipment
from crm_app.interventions import service as interventions
from crm_app.interventions.models import Intervention, InterventionState
from crm_app.reference.models import EquipmentType, TaskType

PAGE_SIZE = 25
MAX_SELECTION = 500
# An intervention in one of these states already plans the equipment's visit.
PLANNED_STATES = (
    InterventionState.DRAFT.value,
    InterventionState.CONFIRMED.value,
    InterventionState.IN_PROGRESS.value,
    InterventionState.POSTPONED.value,
    InterventionState.UNFINISHED.value,
)


class ContractFilter(StrEnum):
    ANY = ""
    ACTIVE = "active"  # under a contract in force
    NONE = "none"  # without a contract in force
    DRAFT = "draft"  # under a contract not signed yet
    TERMINATED = "terminated"
    EXPIRED = "expired"


CONTRACT_FILTER_LABELS = {
    ContractFilter.ANY.value: "Tous les équipements",
    ContractFilter.ACTIVE.value: "Sous contrat actif",
    ContractFilter.NONE.value: "Sans contrat actif",
    ContractFilter.DRAFT.value: "Contrat en brouillon",
    ContractFilter.TERMINATED.value: "Contrat résilié",
    ContractFilter.EXPIRED.value: "Contrat expiré",
}


class DueOrder(StrEnum):
    DUE = "due"
    PLACE = "place"


@dataclass(frozen=True)
class DueFilters:
    month: date  # any day of the month
    include_overdue: bool = True
    place: str = ""  # postcode prefix or town
    type_id: int | None = None
    contract: str = ContractFilter.ANY.value
    order: str = DueOrder.DUE.value


def month_bounds(day: date) -> tuple[date, date]:
    last = calendar.monthrange(day.year, day.month)[1]
    return day.replace(day=1), day.replace(day=last)


def _planned() -> sa.ColumnElement[bool]:
    return sa.exists().where(
        col(InterventionEquipment.equipment_id) == col(Equipment.id),
        col(Intervention.id) == col(InterventionEquipment.intervention_id),
        col(Intervention.state).in_(PLANNED_STATES),
    )


def _equipment_conditions(filters: DueFilters) -> list[sa.ColumnElement[bool]]:
    """Due in the month (or before), not planned yet, of the type and contract asked."""
    first, last = month_bounds(filters.month)
    conditions = [
        col(Equipment.active).is_(True),
        col(Equipment.next_due_on) <= last,
        ~_planned(),
    ]
    if not filters.include_overdue:
        conditions.append(col(Equipment.next_due_on) >= first)
    if filters.type_id:
        conditions.append(col(Equipment.type_id) == filters.type_id)
    if filters.contract in CONTRACT_FILTER_LABELS and filters.contract:
        state = ContractState.ACTIVE.value if filters.contract == "none" else filters.contract
        in_state = (
            sa.select(col(MaintenanceContract.id))
            .where(
                col(MaintenanceContract.id) == col(Equipment.contract_id),
                effective_state_sql() == state,
            )
            .exists()
        )
        conditions.append(~in_state if filters.contract == ContractFilter.NONE else in_state)
    return conditions


def _place_conditions(filters: DueFilters) -> list[sa.ColumnElement[bool]]:
    place = filters.place.strip()
    if place.isdigit():
        return [col(Contact.zip).startswith(place, autoescape=True)]
    if place:
        return [sa.func.lower(Contact.city).startswith(place.lower(), autoescape=True)]
    return []


def _due_query(filters: DueFilters):
    """The due equipment's ids in the asked order (for « par lieu », see ``_by_place``)."""
    query = (
        select(col(Equipment.id))
        .join(Contact, col(Contact.id) == col(Equipment.address_id))
        .where(*_equipment_conditions(filters), *_place_conditions(filters))
    )
    if filters.order == DueOrder.PLACE:
        return query.order_by(
            col(Contact.zip), col(Contact.city), col(Equipment.next_due_on), col(Equipment.id)
        )
    return query.order_by(col(Equipment.next_due_on), col(Equipment.id))


def _by_place(session: Session, filters: DueFilters, offset: int, limit: int) -> list[int]:
    """A page in postcode order: first the addresses holding due equipment,
    walked along ix_contact_place up to the page's end (each has at least one),
    then their equipment sorted; rather than sort every due maintenance."""
    holds_due = (
        sa.select(col(Equipment.id))
        .where(col(Equipment.address_id) == col(Contact.id), *_equipment_conditions(filters))
        .exists()
    )
    addresses = session.exec(
        select(col(Contact.id))
        .where(holds_due, *_place_conditions(filters))
        .order_by(col(Contact.zip), col(Contact.city), col(Contact.id))
        .limit(offset + limit)
    ).all()
    query = _due_query(filters).where(col(Equipment.address_id).in_(list(addresses)))
    return [i for i in session.exec(query.offset(offset).limit(limit)) if i]


@dataclass
class DueLine:
    equipment_id: int
    customer: str
    customer_id: int
    address: str
    type_name: str
    title: str
    due_label: str
    overdue: bool
    contract_label: str


@dataclass
class DuePage(WindowedPage):
    lines: list[DueLine]
    window: PageWindow


def due_page(
    session: Session, filters: DueFilters, *, page: int = 1, page_size: int = PAGE_SIZE
) -> DuePage:
    # Counted along the due-date index whatever the order (the same rows).
    counted = _due_query(replace(filters, order=DueOrder.DUE.value)).order_by(None)
    window = page_window(session, counted, page, page_size)
    if filters.order == DueOrder.PLACE:
        ids = _by_place(session, filters, window.offset, page_size)
    else:
        query = _due_query(filters).offset(window.offset).limit(page_size)
        ids = [i for i in session.exec(query) if i]
    return DuePage(due_lines(session, ids), window)


def due_ids(session: Session, filters: DueFilters, limit: int = MAX_SELECTION) -> list[int]:
    """Every due equipment of the filters (« tout sélectionner »), capped."""
    return [i for i in session.exec(_due_query(filters).limit(limit)) if i]


def due_lines(session: Session, ids: list[int]) -> list[DueLine]:
    if not ids:
        return []
    customer = aliased(Contact)
    rows = session.exec(
        select(Equipment, EquipmentType.name, Contact, customer.display_name)
        .join(EquipmentType, col(EquipmentType.id) == col(Equipment.type_id))
        .join(Contact, col(Contact.id) == col(Equipment.address_id))
        .join(customer, col(customer.id) == col(Equipment.main_contact_id))
        .where(col(Equipment.id).in_(ids))
    ).all()
    today = local_today()
    by_id = {}
    for equipment, type_name, address, customer_name in rows:
        where = " ".join(p for p in (address.street, address.zip, address.city) if p)
        by_id[equipment.id] = DueLine(
            equipment_id=equipment.id or 0,
            customer=customer_name,
            customer_id=equipment.main_contact_id,
            address=where
            if address.id == equipment.main_contact_id
            else (f"{address.display_name} — {where}"),
            type_name=type_name,
            title=" · ".join(
                p
                for p in (
                    " ".join(p for p in (equipment.brand, equipment.model) if p),
                    f"N° {equipment.serial_number}" if equipment.serial_number else "",
                )
                if p
            ),
            due_label=formatting.date_label(equipment.next_due_on),
            overdue=bool(equipment.next_due_on and equipment.next_due_on < today),
            contract_label=f"n° {equipment.contract_id}" if equipment.contract_id else "",
        )
    return [by_id[i] for i in ids if i in by_id]


@dataclass
class DueMapPoint:
    latitude: float
    longitude: float
    name: str
    address: str
    label: str  # « 2 entretiens à planifier : chaudière gaz, conduit de fumée »


def due_map_points(session: Session, filters: DueFilters, limit: int = 2000) -> list[DueMapPoint]:
    """« Entretiens à planifier » on the map: one point per located address."""
    due = _due_query(filters).order_by(None).limit(limit).subquery()
    rows = session.exec(
        select(Contact, EquipmentType.name)
        .join(Equipment, col(Equipment.address_id) == col(Contact.id))
        .join(EquipmentType, col(EquipmentType.id) == col(Equipment.type_id))
        .where(col(Equipment.id).in_(select(due.c.id)))
        .where(col(Contact.latitude).is_not(None), col(Contact.longitude).is_not(None))
        .order_by(col(Contact.id))
    ).all()
    by_place: dict[int, tuple[Contact, list[str]]] = {}
    for contact, type_name in rows:
        by_place.setdefault(contact.saved_id, (contact, []))[1].append(type_name.lower())
    return [
        DueMapPoint(
            latitude=contact.latitude or 0.0,
            longitude=contact.longitude or 0.0,
            name=contact.display_name,
            address=" ".join(p for p in (contact.street, contact.zip, contact.city) if p),
            label=f"{len(kinds)} entretien(s) à planifier : {', '.join(kinds)}",
        )
        for contact, kinds in by_place.values()
    ]


@dataclass
class DraftsResult:
    created: list[int] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # « Nom : raison »


def create_drafts(
    session: Session,
    equipment_ids: list[int],
    *,
    task_type_id: int,
    start_at: datetime,
    technician_id: int | None,
    user_id: int | None,
) -> DraftsResult:
    """One draft intervention per address for the selected equipment (task
    type, its duration, the equipment linked, the technician if chosen);
    customers blocked for interventions are skipped and named."""
    task = session.get(TaskType, task_type_id)
    if task is None or not task.active:
        raise DocumentValidationError({"task_type_id": "Choisissez le type d'intervention."})
    chosen = sorted(set(equipment_ids))[:MAX_SELECTION]
    rows = session.exec(
        select(Equipment, EquipmentType.name)
        .join(EquipmentType, col(EquipmentType.id) == col(Equipment.type_id))
        .where(col(Equipment.id).in_(chosen), col(Equipment.active).is_(True))
        .order_by(col(Equipment.address_id), col(Equipment.id))
    ).all()
    by_address: dict[int, list[tuple[Equipment, str]]] = {}
    for equipment, type_name in rows:
        by_address.setdefault(equipment.address_id, []).append((equipment, type_name))
    start_text = formatting.datetime_input(start_at.astimezone(LOCAL_ZONE))
    result = DraftsResult()
    for address_id, items in by_address.items():
        main_contact_id = items[0][0].main_contact_id
        form = {
            "customer_id": str(main_contact_id),
            "address_id": str(address_id),
            "task_type_id": str(task.id),
            "start_at": start_text,
            "duration_minutes": formatting.duration_label(task.default_duration_minutes),
            "state": InterventionState.DRAFT.value,
            "label": "",
            "description": "Entretien : " + ", ".join(name for _, name in items),
            "technician_ids": [str(technician_id)] if technician_id else [],
        }
        try:
            # Refused (a blocked customer) before anything is written: no savepoint needed.
            intervention = interventions.save_intervention(session, form, user_id=user_id)
        except DocumentValidationError as error:
            name = session.get(Contact, main_contact_id)
            reason = next(iter(error.errors.values()), "refusé")
            result.skipped.append(f"{name.display_name if name else main_contact_id} : {reason}")
            continue
        link_equipment(session, intervention, [e.id or 0 for e, _ in items])
        result.created.append(intervention.saved_id)
    return result


def maintenance_task_choices(session: Session) -> list[tuple[int, str]]:
    """The task types a maintenance draft may take (those marked « Entretien »)."""
    rows = session.exec(
        select(TaskType)
        .where(col(TaskType.active).is_(True), col(TaskType.maintenance).is_(True))
        .order_by(col(TaskType.name))
    ).all()
    return [(t.id or 0, t.name) for t in rows]


def type_filter_choices(session: Session) -> list[tuple[int, str]]:
    rows = session.exec(select(EquipmentType).order_by(col(EquipmentType.name))).all()
    return [(t.id or 0, t.name) for t in rows]
