"""Demo equipment: boilers, pellet stoves, heat pumps and flues on most
customer addresses, a dozen contracts, some maintenances overdue and some due
next month, and one finished maintenance with its attestation. Saved through
the services, so every rule (due dates, journal) applies."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlmodel import Session, col, select

from crm_app.contacts.models import AddressType, Contact
from crm_app.core.clock import LOCAL_ZONE, add_months, local_today
from crm_app.demo.dataset import BLOCKED_CONTACT_NAME
from crm_app.equipment import contracts, visits
from crm_app.equipment import service as equipment
from crm_app.interventions.service import save_intervention
from crm_app.reference.models import EquipmentType, TaskType
from crm_app.users.models import Actor, User, UserRole

# (type, brand, model, power kW, energy, location)
MODELS = [
    ("Chaudière gaz", "Saunier Duval", "ThemaPlus Condens", 25, "gas", "Cuisine"),
    ("Poêle à granulés", "MCZ", "Ego 2.0", 8, "pellets", "Séjour"),
    ("Conduit de fumée", "Poujoulat", "Efficience", None, "", "Séjour"),
    ("Pompe à chaleur air/eau", "Daikin", "Altherma 3 R", 8, "electricity", "Jardin"),
    ("Chaudière fioul", "De Dietrich", "MPX 24/28 MI", 28, "oil", "Sous-sol"),
    ("Poêle à bois", "Invicta", "Onsen", 9, "wood", "Salon"),
    ("Chaudière gaz", "Frisquet", "Hydromotrix Evolution", 32, "gas", "Garage"),
    ("Insert/foyer fermé", "Supra", "Tweed", 10, "wood", "Salon"),
]


def _addresses(session: Session) -> list[Contact]:
    """Customers' main addresses and their sites (delivery or other addresses)."""
    blocked = BLOCKED_CONTACT_NAME
    mains = session.exec(
        select(Contact)
        .where(
            col(Contact.parent_id).is_(None),
            col(Contact.is_customer).is_(True),
            Contact.name != blocked,
        )
        .order_by(col(Contact.id))
    ).all()
    sites = session.exec(
        select(Contact)
        .where(
            col(Contact.parent_id).is_not(None),
            col(Contact.address_type).in_([AddressType.DELIVERY.value, AddressType.OTHER.value]),
        )
        .order_by(col(Contact.id))
    ).all()
    return [*mains, *sites]


def load_demo_equipment(session: Session, owner: User, technician: User) -> None:
    types = {t.name: t.id for t in session.exec(select(EquipmentType))}
    today = local_today()
    saved = []
    for index, address in enumerate(_addresses(session)):
        if index % 7 == 6:
            continue  # not every address: some have nothing on record yet
        count = 2 if index % 3 == 0 else 1
        for number in range(count):
            kind, brand, model, power, energy, where = MODELS[(index + number * 2) % len(MODELS)]
            commissioned = date(2012 + index % 12, 1 + index % 12, 1 + index % 27)
            item = equipment.save_equipment(
                session,
                {
                    "address_id": str(address.id),
                    "type_id": str(types[kind]),
                    "brand": brand,
                    "model": model,
                    "serial_number": f"{brand[:3].upper()}-{2012 + index % 12}-{4100 + index}",
                    "commissioned_on": commissioned.isoformat(),
                    "power_kw": str(power or ""),
                    "energy": energy,
                    "location": where,
                    "periodicity_months": "6"
                    if kind == "Conduit de fumée" and index % 4 == 0
                    else "",
                },  # fmt: skip
                user_id=owner.id,
            )
            # Serviced 8 to 14 months ago: some due next month, some overdue.
            done_on = add_months(today, -(8 + (index + number) % 7))
            equipment.record_past_maintenance(session, item.id or 0, done_on, user_id=owner.id)
            saved.append(item)
    _contracts(session, saved, owner)
    _finished_visit(session, saved, owner, technician)
    session.flush()


def _contracts(session: Session, saved: list, owner: User) -> None:
    by_address: dict[int, list[int]] = {}
    for item in saved:
        by_address.setdefault(item.address_id, []).append(item.id)
    for number, (address_id, ids) in enumerate(list(by_address.items())[:12]):
        start = date(2023 + number % 3, 1 + number % 12, 1)
        contracts.save_contract(
            session,
            {
                "address_id": str(address_id),
                "equipment_ids": [str(i) for i in ids],
                "start_on": start.isoformat(),
                "tacit_renewal": "true" if number % 4 else "false",
                "end_on": "" if number % 4 else (start + timedelta(days=3 * 365)).isoformat(),
                "state": "draft" if number == 11 else "active",
                "preferred_month": str(9 + number % 4) if number % 2 else "",
                "yearly_price_cents": f"{120 + number * 10},00",
                "notes": "Pièces et main-d'œuvre hors forfait facturées au tarif en vigueur.",
            },
            user_id=owner.id,
        )


def _finished_visit(session: Session, saved: list, owner: User, technician: User) -> None:
    """A boiler serviced last week, with its measurements and attestation."""
    boiler = next(
        (
            item
            for item in saved
            if item.energy == "gas" and item.main_contact_id == item.address_id
        ),
        None,
    )
    if boiler is None:
        return
    task = session.exec(select(TaskType).where(TaskType.name == "Entretien chaudière gaz")).one()
    start = (datetime.now(LOCAL_ZONE) - timedelta(days=6)).replace(hour=10, minute=0)
    intervention = save_intervention(
        session,
        {
            "customer_id": str(boiler.main_contact_id),
            "address_id": str(boiler.address_id),
            "task_type_id": str(task.id),
            "start_at": start.strftime("%Y-%m-%dT%H:%M"),
            "duration_minutes": "01:30",
            "state": "confirmed",
            "technician_ids": [str(technician.id)],
            "description": "Entretien annuel de la chaudière.",
        },
        user_id=owner.id,
    )
    visits.link_equipment(session, intervention, [boiler.id])
    visits.complete_visit(
        session,
        intervention.saved_id,
        {
            boiler.id: {
                "checks_done": "Nettoyage du corps de chauffe et du brûleur, contrôle des "
                "organes de sécurité, vérification de l'évacuation des fumées.",
                "co_ppm": "8",
                "efficiency": "Rendement conforme aux données du fabricant (94 %).",
                "defects": "Aucun.",
                "advice": "Purger les radiateurs en début de saison ; un thermostat "
                "programmable réduirait la consommation.",
                "observations": "Pression du circuit 1,4 bar.",
            }
        },
        reader=Actor(id=technician.id, role=UserRole.TECHNICIAN.value),
    )
