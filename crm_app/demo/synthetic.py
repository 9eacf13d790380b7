"""A large, realistic, reproducible synthetic dataset for scale work:
French names and addresses around real towns, sub-addresses, geolocated
contacts, years of interventions and installed equipment (about 1.5 per
contact, with its last maintenance and next due date). Seeded: the same seed gives the same data.

    python -m crm_app.manage synthetic --contacts 100000 --seed 42

Rows go in with bulk inserts (not one ORM object at a time), and derived
columns are computed by the same functions the app uses.
"""

from __future__ import annotations

import random
import time
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, insert
from sqlmodel import Session, select

from crm_app import db
from crm_app.contacts.derived import refresh_derived_fields  # bulk SQL inserts: no session hook
from crm_app.contacts.models import AddressType, Contact, CustomerStatus, GeocodeState
from crm_app.core.schema import table_of
from crm_app.equipment.due import next_due
from crm_app.equipment.models import Equipment, MaintenanceVisit
from crm_app.interventions.models import Intervention, InterventionState, InterventionTechnician
from crm_app.interventions.search_index import search_text_for
from crm_app.reference.models import EquipmentType, TaskType
from crm_app.reference.service import ensure_equipment_types
from crm_app.users.models import User

FIRST_NAMES = (
    "Jean Marie Pierre Anne Michel Catherine André Nathalie Philippe Isabelle Louis Sophie "
    "Nicolas Sylvie Alain Christine Bernard Valérie Éric Sandrine Yann Gwenaëlle Loïc Maëlle "
    "Erwan Nolwenn Hervé Soizic Ronan Morgane Corentin Léa Hugo Chloé Théo Manon Lucas Inès"
).split()
LAST_NAMES = tuple(
    name.strip()
    for name in (
        "Martin, Bernard, Thomas, Petit, Robert, Richard, Durand, Dubois, Moreau, Laurent, "
        "Simon, Michel, Lefèvre, Leroy, Roux, David, Bertrand, Morel, Fournier, Girard, "
        "Le Gall, Le Goff, Le Roux, Guillou, Tanguy, Le Bihan, Jaouen, Kerbrat, Le Floch, "
        "Riou, Quéméner, Morvan, Le Corre, Cadiou, Pichon"
    ).split(",")
)
COMPANY_KINDS = ("SCI", "SARL", "Boulangerie", "Garage", "Ferme", "Camping", "Hôtel", "Mairie de")
STREET_KINDS = ("rue", "avenue", "impasse", "allée", "chemin", "place", "boulevard")
STREET_NAMES = (
    "de la Gare",
    "Victor Hugo",
    "des Lilas",
    "du Moulin",
    "de Brest",
    "Jean Jaurès",
    "des Écoles",
    "de l'Église",
    "du Port",
    "Pasteur",
    "des Chênes",
    "de Bretagne",
)
# (postcode, town, latitude, longitude)
TOWNS = (
    ("35000", "Rennes", 48.1147, -1.6794),
    ("35400", "Saint-Malo", 48.6493, -2.0257),
    ("35500", "Vitré", 48.1236, -1.2094),
    ("35300", "Fougères", 48.3524, -1.1994),
    ("22000", "Saint-Brieuc", 48.5141, -2.7603),
    ("29200", "Brest", 48.3904, -4.4861),
    ("29000", "Quimper", 47.9960, -4.1024),
    ("56100", "Lorient", 47.7483, -3.3700),
    ("56000", "Vannes", 47.6582, -2.7608),
    ("44000", "Nantes", 47.2184, -1.5536),
    ("53000", "Laval", 48.0707, -0.7734),
    ("50100", "Cherbourg", 49.6337, -1.6222),
)
BATCH = 5000
# How many equipment a contact has (1.5 on average), and their brands.
EQUIPMENT_COUNTS = (0, 1, 1, 2, 2, 3)
BRANDS = ("Saunier Duval", "Frisquet", "De Dietrich", "MCZ", "Daikin", "Atlantic", "Viessmann")


def _phone(rng: random.Random) -> str:
    return "+332" + f"{rng.randrange(10**8):08d}"


def _mobile(rng: random.Random) -> str:
    return "+336" + f"{rng.randrange(10**8):08d}"


def _address(rng: random.Random) -> dict:
    postcode, town, lat, lon = rng.choice(TOWNS)
    return {
        "street": f"{rng.randint(1, 180)} {rng.choice(STREET_KINDS)} {rng.choice(STREET_NAMES)}",
        "zip": postcode,
        "city": town,
        "latitude": round(lat + rng.uniform(-0.08, 0.08), 6),
        "longitude": round(lon + rng.uniform(-0.12, 0.12), 6),
        "geocode_state": GeocodeState.SUCCESS.value,
        "geocode_score": round(rng.uniform(0.6, 0.99), 2),
    }


def _contact_row(contact: Contact) -> dict:
    return {c.name: getattr(contact, c.name) for c in table_of(Contact).columns}


def generate(
    session: Session, *, contacts: int, seed: int = 42, interventions_per_contact: int = 5
) -> dict[str, float]:
    """Append the dataset to the database; returns counts and seconds taken."""
    started = time.perf_counter()
    rng = random.Random(seed)
    now = datetime.now(UTC)
    next_id = (session.exec(select(func.max(Contact.id))).one() or 0) + 1
    tasks = list(session.exec(select(TaskType.id)))
    technicians = list(session.exec(select(User.id).where(User.active == True)))  # noqa: E712
    contact_rows: list[dict] = []
    intervention_rows: list[dict] = []
    created_contacts = created_interventions = 0
    next_intervention = (session.exec(select(func.max(Intervention.id))).one() or 0) + 1
    link_rows: list[dict] = []
    equipment_rows: list[dict] = []
    visit_rows: list[dict] = []
    created_equipment = 0
    next_equipment = (session.exec(select(func.max(Equipment.id))).one() or 0) + 1
    ensure_equipment_types(session)
    kinds = [(t.id, t.periodicity_months) for t in session.exec(select(EquipmentType))]

    def flush() -> None:
        nonlocal contact_rows, intervention_rows, link_rows, equipment_rows, visit_rows
        if contact_rows:
            session.execute(insert(Contact), contact_rows)
        if intervention_rows:
            session.execute(insert(Intervention), intervention_rows)
        if link_rows:
            session.execute(insert(InterventionTechnician), link_rows)
        if equipment_rows:
            session.execute(insert(Equipment), equipment_rows)
        if visit_rows:
            session.execute(insert(MaintenanceVisit), visit_rows)
        contact_rows, intervention_rows, link_rows = [], [], []
        equipment_rows, visit_rows = [], []

    for _ in range(contacts):
        is_company = rng.random() < 0.25
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        name = f"{rng.choice(COMPANY_KINDS)} {last}" if is_company else f"{first} {last}"
        main = Contact(
            id=next_id,
            name=name,
            is_company=is_company,
            email=(f"{first}.{last}{next_id}@exemple.fr".lower().replace(" ", "")),
            phone=_phone(rng),
            mobile=None if is_company else _mobile(rng),
            customer_status=rng.choice(
                [CustomerStatus.CLIENT.value] * 3 + [CustomerStatus.PROSPECT.value]
            ),
            internal_reference=f"SYN-{seed}-{next_id:07d}",
            created_at=now,
            updated_at=now,
            **_address(rng),
        )
        refresh_derived_fields(main, None)
        contact_rows.append(_contact_row(main))
        family = [main]
        next_id += 1
        for _ in range(rng.choice((0, 0, 0, 1, 1, 2, 3))):
            kind = rng.choice((AddressType.DELIVERY, AddressType.INVOICE, AddressType.OTHER))
            child = Contact(
                id=next_id,
                parent_id=main.id,
                address_type=kind.value,
                is_customer=False,
                name=rng.choice(("Chantier", "Résidence secondaire", "Comptabilité", "")),
                created_at=now,
                updated_at=now,
                **_address(rng),
            )
            refresh_derived_fields(child, main)
            contact_rows.append(_contact_row(child))
            family.append(child)
            next_id += 1
        for _ in range(rng.randint(0, 2 * interventions_per_contact)):
            address = rng.choice(family)
            start = now + timedelta(days=rng.randint(-3 * 365, 60), hours=rng.randint(-4, 4))
            label = f"{address.display_name} {address.zip} {address.city}"[:300]
            intervention_rows.append(
                {
                    "id": next_intervention,
                    "version": 1,
                    "task_type_id": rng.choice(tasks) if tasks else None,
                    "customer_id": main.id,
                    "address_id": address.id,
                    "start_at": start.replace(minute=0, second=0, microsecond=0),
                    "duration_minutes": rng.choice((60, 90, 120)),
                    "state": (
                        InterventionState.DONE.value
                        if start < now
                        else InterventionState.CONFIRMED.value
                    ),
                    "label": label,
                    "search_text": search_text_for(label),
                    "description": None,
                    "created_at": now,
                    "updated_at": now,
                    "created_by_id": None,
                }
            )
            if technicians:
                link_rows.append(
                    {"intervention_id": next_intervention, "user_id": rng.choice(technicians)}
                )
            next_intervention += 1
            created_interventions += 1
        for _ in range(rng.choice(EQUIPMENT_COUNTS)):
            row = _equipment_row(rng, next_equipment, rng.choice(family), main, kinds, now)
            equipment_rows.append(row)
            if row["last_maintenance_on"] is not None:
                # The visit the last maintenance date comes from (refresh_due reads it).
                visit_rows.append(
                    {"equipment_id": next_equipment, "done_on": row["last_maintenance_on"],
                     "checks_done": "", "efficiency": "", "defects": "", "advice": "",
                     "sweep_method": "", "observations": "", "created_at": now}
                )  # fmt: skip
            next_equipment += 1
            created_equipment += 1
        created_contacts += len(family)
        if len(contact_rows) >= BATCH:
            flush()
    flush()
    session.flush()
    db.sync_id_sequences(session, Contact, Intervention, Equipment)
    return {
        "contacts": created_contacts,
        "interventions": created_interventions,
        "equipment": created_equipment,
        "seconds": round(time.perf_counter() - started, 1),
    }


def _equipment_row(
    rng: random.Random, equipment_id: int, address: Contact, main: Contact, kinds: list, now
) -> dict:
    """An installed equipment, its last maintenance (none for one in ten) and
    its next due date by the app's own rule (``equipment.due``)."""
    type_id, months = rng.choice(kinds)
    commissioned = (now - timedelta(days=rng.randint(200, 20 * 365))).date()
    last = None if rng.random() < 0.1 else (now - timedelta(days=rng.randint(10, 900))).date()
    return {
        "id": equipment_id,
        "address_id": address.id,
        "main_contact_id": main.id,
        "type_id": type_id,
        "brand": rng.choice(BRANDS),
        "model": f"Série {rng.randint(1, 9)}",
        "serial_number": f"SN{rng.randrange(10**9):09d}",
        "commissioned_on": commissioned,
        "power_kw": float(rng.choice((8, 12, 18, 24, 28, 32))),
        "energy": "",
        "location": "",
        "notes": "",
        "last_maintenance_on": last,
        "next_due_on": next_due(
            type_months=months,
            own_months=None,
            last_done=last,
            commissioned_on=commissioned,
            created_on=now.date(),
            terms=None,
        ),
        "active": True,
        "created_at": now,
    }
