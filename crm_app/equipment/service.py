"""Equipment at customers' addresses: saving, archiving, its due dates, and the
contact page's « Équipements » tab. Plain functions; the caller commits."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from crm_app.audit.hooks import act_as
from crm_app.contacts.models import Contact
from crm_app.contacts.presenters import one_line_address
from crm_app.core import formatting
from crm_app.core.clock import as_utc, local_today
from crm_app.core.errors import FormError
from crm_app.core.forms import parse_valid_fields
from crm_app.equipment import due
from crm_app.equipment.forms import EquipmentForm
from crm_app.equipment.models import (
    ENERGY_LABELS,
    Equipment,
    MaintenanceContract,
    MaintenanceVisit,
)
from crm_app.reference.models import EquipmentType

MAX_SUGGESTIONS = 8
EQUIPMENT_FIELDS = tuple(EquipmentForm.model_fields)


class EquipmentNotFound(LookupError):
    pass


def main_contact_id_of(address: Contact) -> int:
    return address.parent_id or address.saved_id


def terms_of(contract: MaintenanceContract) -> due.ContractTerms:
    return due.ContractTerms(
        state=contract.state,
        start_on=contract.start_on,
        end_on=contract.end_on,
        tacit_renewal=contract.tacit_renewal,
        periodicity_months=contract.periodicity_months,
        preferred_month=contract.preferred_month,
    )


def contract_terms(contract: MaintenanceContract | None) -> due.ContractTerms | None:
    return terms_of(contract) if contract is not None else None


def contract_state_on(contract: MaintenanceContract, day: date) -> str:
    """The state the user reads (an ended contract without renewal: « Expiré »)."""
    return due.effective_state(terms_of(contract), day)


def last_visit_on(session: Session, equipment_id: int) -> date | None:
    return session.exec(
        select(func.max(MaintenanceVisit.done_on)).where(
            MaintenanceVisit.equipment_id == equipment_id
        )
    ).one()


def refresh_due(session: Session, equipment: Equipment) -> None:
    """Last and next maintenance of ``equipment``, from its visits, its type
    and its contract (the rules are in ``equipment.due``)."""
    equipment_type = session.get(EquipmentType, equipment.type_id)
    contract = (
        session.get(MaintenanceContract, equipment.contract_id) if equipment.contract_id else None
    )
    last = last_visit_on(session, equipment.id) if equipment.id else None
    equipment.last_maintenance_on = last
    if not equipment.active:
        equipment.next_due_on = None
    else:
        equipment.next_due_on = due.next_due(
            type_months=equipment_type.periodicity_months if equipment_type else 12,
            own_months=equipment.periodicity_months,
            last_done=last,
            commissioned_on=equipment.commissioned_on,
            created_on=as_utc(equipment.created_at).date()
            if equipment.created_at
            else local_today(),
            terms=contract_terms(contract),
        )
    session.add(equipment)


def _address_errors(session: Session, address_id: object) -> tuple[Contact | None, str | None]:
    text = str(address_id or "").strip()
    address = session.get(Contact, int(text)) if text.isdigit() else None
    if address is None:
        return None, "Choisissez l'adresse où l'équipement est installé."
    if address.erased_at is not None or not address.active:
        return None, "Cette adresse est archivée."
    return address, None


def _type_error(session: Session, type_id: object, keep_id: int | None) -> str | None:
    text = str(type_id or "").strip()
    kind = session.get(EquipmentType, int(text)) if text.isdigit() else None
    if kind is None:
        return "Choisissez le type d'équipement."
    if not kind.active and kind.id != keep_id:
        return "Ce type d'équipement est archivé."
    return None


def _contract_error(session: Session, contract_id: object, main_contact_id: int) -> str | None:
    text = str(contract_id or "").strip()
    if not text:
        return None
    contract = session.get(MaintenanceContract, int(text)) if text.isdigit() else None
    if contract is None or contract.customer_id != main_contact_id:
        return "Ce contrat n'est pas celui de ce client."
    return None


def save_equipment(
    session: Session,
    raw: Mapping[str, object],
    *,
    equipment_id: int | None = None,
    user_id: int | None = None,
) -> Equipment:
    """Create or update an equipment from what the user typed (``raw`` holds
    the form's fields plus ``address_id``, ``type_id`` and ``contract_id``);
    FormError naming every wrong field, nothing written."""
    form, errors = parse_valid_fields(EquipmentForm, raw)
    existing = session.get(Equipment, equipment_id) if equipment_id else None
    if equipment_id and existing is None:
        raise EquipmentNotFound(equipment_id)
    if existing is not None and not existing.active:
        errors.setdefault("__all__", "Cet équipement est archivé : restaurez-le pour le modifier.")
    address, address_error = _address_errors(session, raw.get("address_id"))
    if address_error:
        errors["address_id"] = address_error
    type_error = _type_error(session, raw.get("type_id"), existing.type_id if existing else None)
    if type_error:
        errors["type_id"] = type_error
    if address is not None:
        contract_error = _contract_error(
            session, raw.get("contract_id"), main_contact_id_of(address)
        )
        if contract_error:
            errors["contract_id"] = contract_error
    if errors or address is None:
        raise FormError(errors)
    act_as(session, user_id)
    equipment = existing or Equipment(address_id=0, main_contact_id=0, type_id=0)
    for field in EQUIPMENT_FIELDS:
        setattr(equipment, field, getattr(form, field))
    equipment.address_id = address.saved_id
    equipment.main_contact_id = main_contact_id_of(address)
    equipment.type_id = int(str(raw.get("type_id")))
    contract_text = str(raw.get("contract_id") or "").strip()
    equipment.contract_id = int(contract_text) if contract_text else None
    session.add(equipment)
    session.flush()
    refresh_due(session, equipment)
    session.flush()
    return equipment


def set_equipment_active(
    session: Session, equipment_id: int, active: bool, *, user_id: int | None = None
) -> Equipment:
    """Archive (removed from the building) or restore; never deleted, its
    visits stay in the history."""
    equipment = session.get(Equipment, equipment_id)
    if equipment is None:
        raise EquipmentNotFound(equipment_id)
    act_as(session, user_id)
    equipment.active = active
    refresh_due(session, equipment)
    session.flush()
    return equipment


def suggestions(session: Session, field: str, typed: str, *, brand: str = "") -> list[str]:
    """Brands (or models, of the brand when given) already used, starting with ``typed``."""
    column = col(Equipment.brand) if field == "brand" else col(Equipment.model)
    query = select(column).where(column != "").group_by(column)
    if typed.strip():
        query = query.where(func.lower(column).startswith(typed.strip().lower(), autoescape=True))
    if field == "model" and brand.strip():
        query = query.where(func.lower(Equipment.brand) == brand.strip().lower())
    return list(session.exec(query.order_by(func.count().desc(), column).limit(MAX_SUGGESTIONS)))


# --- The contact page's tab ---------------------------------------------------------


@dataclass
class EquipmentLine:
    id: int
    address_id: int
    type_name: str
    title: str  # brand and model
    serial_number: str
    details: str  # power, energy, commissioning, location
    last_label: str
    next_label: str
    overdue: bool
    active: bool
    contract_label: str


@dataclass
class AddressGroup:
    address_id: int
    title: str  # the address's name
    where: str  # its street and town
    equipment: list[EquipmentLine]


def _details(equipment: Equipment) -> str:
    bits = []
    if equipment.power_kw:
        bits.append(f"{formatting.number_label(equipment.power_kw)} kW")
    if equipment.energy:
        bits.append(ENERGY_LABELS.get(equipment.energy, equipment.energy))
    if equipment.commissioned_on:
        bits.append(f"mise en service le {formatting.date_label(equipment.commissioned_on)}")
    if equipment.location:
        bits.append(equipment.location)
    return " · ".join(bits)


def equipment_line(
    equipment: Equipment, type_name: str, contract_label: str, today: date
) -> EquipmentLine:
    next_due = equipment.next_due_on
    return EquipmentLine(
        id=equipment.id or 0,
        address_id=equipment.address_id,
        type_name=type_name,
        title=" ".join(p for p in (equipment.brand, equipment.model) if p) or type_name,
        serial_number=equipment.serial_number,
        details=_details(equipment),
        last_label=formatting.date_label(equipment.last_maintenance_on) or "jamais",
        next_label=formatting.date_label(next_due) if next_due else "—",
        overdue=bool(equipment.active and next_due and next_due < today),
        active=equipment.active,
        contract_label=contract_label,
    )


def contact_equipment(
    session: Session, main_contact_id: int, *, include_archived: bool = False
) -> list[AddressGroup]:
    """The equipment of a contact and of its addresses, grouped by address
    (the contact itself first), each with its last and next maintenance."""
    query = (
        select(Equipment, EquipmentType.name, Contact)
        .join(EquipmentType, col(EquipmentType.id) == col(Equipment.type_id))
        .join(Contact, col(Contact.id) == col(Equipment.address_id))
        .where(Equipment.main_contact_id == main_contact_id)
    )
    if not include_archived:
        query = query.where(col(Equipment.active).is_(True))
    rows = session.exec(
        query.order_by(
            col(Contact.parent_id).is_not(None),
            Contact.list_sort_key,
            col(Equipment.active).desc(),
            col(Equipment.id),
        )
    ).all()
    today = local_today()
    groups: dict[int, AddressGroup] = {}
    for equipment, type_name, address in rows:
        group = groups.get(address.saved_id)
        if group is None:
            group = AddressGroup(
                address.saved_id, address.display_name, one_line_address(address), []
            )
            groups[address.saved_id] = group
        label = f"Contrat n° {equipment.contract_id}" if equipment.contract_id else ""
        group.equipment.append(equipment_line(equipment, type_name, label, today))
    return list(groups.values())


def addresses_for_equipment(session: Session, main_contact_id: int) -> list[tuple[int, str]]:
    """Where equipment may be installed: the contact and its active addresses."""
    rows = session.exec(
        select(Contact)
        .where(
            or_(col(Contact.id) == main_contact_id, col(Contact.parent_id) == main_contact_id),
            col(Contact.active).is_(True),
        )
        .order_by(col(Contact.parent_id).is_not(None), Contact.list_sort_key)
    ).all()
    return [
        (c.saved_id, " — ".join(p for p in (c.display_name, one_line_address(c)) if p))
        for c in rows
    ]


def equipment_form_values(equipment: Equipment) -> dict[str, str]:
    """What the edit dialog shows for a saved equipment."""
    return {
        "address_id": str(equipment.address_id),
        "type_id": str(equipment.type_id),
        "contract_id": str(equipment.contract_id or ""),
        "brand": equipment.brand,
        "model": equipment.model,
        "serial_number": equipment.serial_number,
        "commissioned_on": formatting.date_input(equipment.commissioned_on),
        "power_kw": formatting.number_label(equipment.power_kw) if equipment.power_kw else "",
        "energy": equipment.energy,
        "location": equipment.location,
        "warranty_end": formatting.date_input(equipment.warranty_end),
        "notes": equipment.notes,
        "periodicity_months": str(equipment.periodicity_months or ""),
    }


def get_equipment(session: Session, equipment_id: int) -> Equipment:
    equipment = session.get(Equipment, equipment_id)
    if equipment is None:
        raise EquipmentNotFound(equipment_id)
    return equipment


def equipment_choices(session: Session, address_id: int) -> list[tuple[int, str]]:
    """The active equipment installed at one address (a contract's choice)."""
    rows = session.exec(
        select(Equipment, EquipmentType.name)
        .join(EquipmentType, col(EquipmentType.id) == col(Equipment.type_id))
        .where(Equipment.address_id == address_id, col(Equipment.active).is_(True))
        .order_by(col(Equipment.id))
    ).all()
    return [
        (e.id or 0, " ".join(p for p in (name, e.brand, e.model, e.serial_number) if p))
        for e, name in rows
    ]


def type_choices(session: Session, keep_id: int | None = None) -> list[tuple[int, str]]:
    rows = session.exec(
        select(EquipmentType)
        .where(or_(col(EquipmentType.active).is_(True), col(EquipmentType.id) == (keep_id or 0)))
        .order_by(col(EquipmentType.name))
    ).all()
    return [(t.id or 0, t.name) for t in rows]


def record_past_maintenance(
    session: Session, equipment_id: int, done_on: date, *, user_id: int | None = None
) -> Equipment:
    """A maintenance done before the CRM knew the equipment (from the paper
    records or the previous attestation): its date moves the next one."""
    equipment = get_equipment(session, equipment_id)
    if not equipment.active:
        raise FormError({"done_on": "Cet équipement est archivé."})
    if done_on > local_today():
        raise FormError({"done_on": "La date d'entretien ne peut pas être dans le futur."})
    act_as(session, user_id)
    session.add(MaintenanceVisit(equipment_id=equipment_id, done_on=done_on, technician_id=None))
    session.flush()
    refresh_due(session, equipment)
    session.flush()
    return equipment
