"""What the equipment domain holds about a customer, for the RGPD: its part
of the right of access, and its part of an erasure (the equipment stays: it
belongs to the building; contracts lose their personal text and end;
reminders lose the address they went to)."""

from __future__ import annotations

from sqlalchemy import update
from sqlmodel import Session, col, select

from crm_app.core import formatting
from crm_app.equipment.contracts import detach_contract_equipment
from crm_app.equipment.models import (
    CONTRACT_STATE_LABELS,
    ENERGY_LABELS,
    ContractState,
    Equipment,
    MaintenanceContract,
    MaintenanceVisit,
    ReminderItem,
)
from crm_app.equipment.service import refresh_due
from crm_app.reference.models import EquipmentType


def _date(value) -> str:
    return value.isoformat() if value else ""


def export_equipment(session: Session, main_contact_id: int) -> dict[str, list[dict]]:
    """The customer's equipment, its maintenances and contracts, as plain data."""
    rows = session.exec(
        select(Equipment, EquipmentType.name)
        .join(EquipmentType, col(EquipmentType.id) == col(Equipment.type_id))
        .where(Equipment.main_contact_id == main_contact_id)
        .order_by(col(Equipment.id))
    ).all()
    equipment = [
        {
            "id": e.id,
            "adresse_id": e.address_id,
            "type": type_name,
            "marque": e.brand,
            "modele": e.model,
            "numero_serie": e.serial_number,
            "mise_en_service": _date(e.commissioned_on),
            "puissance_kw": e.power_kw,
            "energie": ENERGY_LABELS.get(e.energy, ""),
            "emplacement": e.location,
            "fin_garantie": _date(e.warranty_end),
            "notes": e.notes,
            "dernier_entretien": _date(e.last_maintenance_on),
            "prochain_entretien": _date(e.next_due_on),
            "actif": e.active,
        }
        for e, type_name in rows
    ]
    ids = [e.id for e, _ in rows]
    visits = session.exec(
        select(MaintenanceVisit)
        .where(col(MaintenanceVisit.equipment_id).in_(ids))
        .order_by(col(MaintenanceVisit.done_on))
    ).all()
    maintenances = [
        {
            "equipement_id": v.equipment_id,
            "date": _date(v.done_on),
            "intervention_id": v.intervention_id,
            "controles": v.checks_done,
            "co_ppm": v.co_ppm,
            "rendement": v.efficiency,
            "defauts": v.defects,
            "conseils": v.advice,
            "observations": v.observations,
        }
        for v in visits
    ]
    contracts = [
        {
            "id": c.id,
            "adresse_id": c.address_id,
            "debut": _date(c.start_on),
            "fin": _date(c.end_on),
            "tacite_reconduction": c.tacit_renewal,
            "prix_annuel": formatting.amount_label(c.yearly_price_cents),
            "etat": CONTRACT_STATE_LABELS.get(c.state, c.state),
            "notes": c.notes,
        }
        for c in session.exec(
            select(MaintenanceContract)
            .where(MaintenanceContract.customer_id == main_contact_id)
            .order_by(col(MaintenanceContract.id))
        )
    ]
    return {"equipements": equipment, "entretiens": maintenances, "contrats_entretien": contracts}


def forget_customer(session: Session, main_contact_id: int) -> None:
    """An erasure: contracts end and lose their notes; the equipment they
    covered is released (its due date follows its type again); the
    equipment's own notes, which may name people, are emptied."""
    contract_ids = [
        c
        for c in session.exec(
            select(col(MaintenanceContract.id)).where(
                MaintenanceContract.customer_id == main_contact_id
            )
        )
        if c is not None
    ]
    detach_contract_equipment(session, contract_ids)
    session.exec(
        update(MaintenanceContract)
        .where(col(MaintenanceContract.id).in_(contract_ids))
        .values(notes="", state=ContractState.TERMINATED.value)
    )
    session.exec(
        update(Equipment).where(col(Equipment.main_contact_id) == main_contact_id).values(notes="")
    )
    session.exec(
        update(ReminderItem)
        .where(col(ReminderItem.contact_id) == main_contact_id)
        .values(email="", message="")
    )
    session.flush()
    for equipment in session.exec(
        select(Equipment).where(Equipment.main_contact_id == main_contact_id)
    ):
        refresh_due(session, equipment)
    session.flush()
