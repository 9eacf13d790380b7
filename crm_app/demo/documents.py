"""Demo documents: technicians, interventions (the seed's four rows among
them), opportunities, quotes and invoices, saved through the services so
every rule applies (the blocked contact gets none)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlmodel import Session, col, select

from crm_app.accounting.service import save_invoice
from crm_app.contacts.models import Contact
from crm_app.core.clock import LOCAL_ZONE
from crm_app.demo.dataset import BLOCKED_CONTACT_NAME
from crm_app.interventions.service import save_intervention
from crm_app.reference.models import MarketingCampaign, MarketingMedium, MarketingSource, TaskType
from crm_app.sales.service import save_opportunity, save_sale_order
from crm_app.users import service as users
from crm_app.users.models import User, UserRole

# Technicians get a random password: an administrator sets a real one
# (python -m crm_app.manage reset-password jean) before they log in.
TECHNICIANS = [("Jean Jean", "jean"), ("Marc Le Gall", "marc")]
NON_BLOCKING_CONTACT_NAME = "David Martin"
NON_BLOCKING_MESSAGE = "Chien dans la cour : prévenir avant d'entrer."

# The seed's History rows: task, start, duration, state, customer, sub-address, Libellé.
SEED_INTERVENTIONS = [
    (
        "Visite technique",
        "2023-12-28T16:30",
        "01:00",
        "in_progress",
        "Albert Pont",
        None,
        "Albert Pont",
    ),
    (
        "Visite technique",
        "2023-12-19T16:30",
        "01:00",
        "confirmed",
        "Albert Pont",
        None,
        "Albert Pont",
    ),
    (
        "Entretien Poêle Granulés",
        "2023-12-11T14:00",
        "02:00",
        "in_progress",
        "Alexandre Astier",
        "David Martin",
        "Alexandre Astier, David Martin 35000 Rennes",
    ),
    (
        "Entretien Poêle Granulés",
        "2023-11-27T14:00",
        "02:00",
        "confirmed",
        "Jean-François Belmon",
        None,
        "Jean-François Belmon 35000 RENNES",
    ),
]
TASK_CYCLE = [
    "Entretien Poêle Granulés",
    "Ramonage",
    "Visite technique",
    "Entretien chaudière gaz",
    "Dépannage",
]


def _technicians(session: Session) -> list[User]:
    found = []
    for name, login in TECHNICIANS:
        user = session.exec(select(User).where(User.login == login)).first()
        if user is None:
            user = users.create_user(
                session,
                name=name,
                login=login,
                password=users.generate_password(),
                role=UserRole.TECHNICIAN,
            )
        found.append(user)
    return found


def _by_name(session: Session, model, name: str) -> int:
    return session.exec(select(model).where(model.name == name)).one().id


def _main(session: Session, name: str) -> Contact:
    contact = session.exec(
        select(Contact).where(Contact.name == name, col(Contact.parent_id).is_(None))
    ).first()
    if contact is None:
        raise LookupError(f"demo contact {name!r} not loaded")
    return contact


# « Ma journée » of the first technician today: five visits around Rennes, in
# an order a better route improves; one time agreed with the customer.
TODAYS_ROUND = [
    ("Yannick Guillou", "08:30", "Entretien chaudière gaz", False),
    ("Pierre-Yves Le Bihan", "10:00", "Ramonage", False),
    ("Hélène Moreau", "11:30", "Entretien Poêle Granulés", True),
    ("Catherine Le Goff", "14:00", "Visite technique", False),
    ("Isabelle Fontaine", "15:30", "Entretien chaudière gaz", False),
]
DEPOT = ("Dépôt — 12 rue de Lorient, 35000 Rennes", 48.1121, -1.7102)


def _todays_round(session: Session, owner: User, technician: User, tasks: dict) -> None:
    technician.start_address, technician.start_latitude, technician.start_longitude = DEPOT
    session.add(technician)
    today = datetime.now(LOCAL_ZONE).date()
    for name, hour, task, fixed in TODAYS_ROUND:
        customer = _main(session, name)
        intervention = save_intervention(
            session,
            {
                "customer_id": str(customer.id),
                "address_id": str(customer.id),
                "task_type_id": str(tasks[task]),
                "start_at": f"{today.isoformat()}T{hour}",
                "duration_minutes": "01:00",
                "state": "confirmed",
                "technician_ids": [str(technician.id)],
            },
            user_id=owner.id,
        )
        intervention.time_fixed = fixed
    session.flush()


def load_demo_documents(session: Session, owner: User) -> None:
    technicians = _technicians(session)
    tech_ids = [str(t.id) for t in technicians]
    tasks = {name: _by_name(session, TaskType, name) for name in TASK_CYCLE}

    for task, start, duration, state, customer_name, address_name, label in SEED_INTERVENTIONS:
        customer = _main(session, customer_name)
        address = customer
        if address_name:
            address = session.exec(
                select(Contact).where(
                    Contact.parent_id == customer.id, Contact.name == address_name
                )
            ).one()
        save_intervention(
            session,
            {
                "customer_id": str(customer.id),
                "address_id": str(address.id),
                "task_type_id": str(tasks[task]),
                "start_at": start,
                "duration_minutes": duration,
                "state": state,
                "label": label,
                "technician_ids": [tech_ids[0]],
            },
            user_id=owner.id,
        )

    customers = session.exec(
        select(Contact)
        .where(
            col(Contact.parent_id).is_(None),
            col(Contact.is_customer).is_(True),
            Contact.name != BLOCKED_CONTACT_NAME,
        )
        .order_by(col(Contact.id))
    ).all()
    today = datetime.now(LOCAL_ZONE).replace(hour=9, minute=0, second=0, microsecond=0)
    for index, customer in enumerate(customers):
        # One past and, for half of them, one upcoming visit.
        for offset in [-40 - index * 5] + ([index % 9 + 1] if index % 2 == 0 else []):
            start = today + timedelta(days=offset, hours=(index % 4) * 2)
            past = offset < 0
            save_intervention(
                session,
                {
                    "customer_id": str(customer.id),
                    "address_id": str(customer.id),
                    "task_type_id": str(tasks[TASK_CYCLE[index % len(TASK_CYCLE)]]),
                    "start_at": start.strftime("%Y-%m-%dT%H:%M"),
                    "duration_minutes": "01:30" if index % 3 else "01:00",
                    "state": "done" if past else "confirmed",
                    "technician_ids": [tech_ids[index % 2]]
                    + ([tech_ids[1]] if index % 5 == 0 else []),
                    "description": "Entretien annuel, contrôle du conduit." if past else "",
                },
                user_id=owner.id,
            )

    _todays_round(session, owner, technicians[0], tasks)

    christmas = _by_name(session, MarketingCampaign, "Offre de Noël")
    banner = _by_name(session, MarketingMedium, "Bannière WEB")
    website = _by_name(session, MarketingSource, "Site internet")
    for index, customer in enumerate(customers[:8]):
        save_opportunity(
            session,
            {
                "customer_id": str(customer.id),
                "title": "Poêle à granulés" if index % 2 else "Contrat d'entretien annuel",
                "stage": ["new", "qualified", "proposal", "won"][index % 4],
                "expected_revenue": "3 490,00" if index % 2 else "189,00",
                "expected_close_date": (date.today() + timedelta(days=20 + index)).isoformat(),
                "campaign_id": str(christmas) if index % 3 == 0 else "",
                "source_id": str(website) if index % 3 == 0 else "",
                "medium_id": str(banner) if index % 3 == 0 else "",
            },
            user_id=owner.id,
        )
    for index, customer in enumerate(customers[:6]):
        order = {
            "customer_id": str(customer.id),
            "invoice_address_id": str(customer.id),
            "delivery_address_id": str(customer.id),
            "state": ["draft", "sent", "validated"][index % 3],
            "amount": f"{190 + index * 85},00",
        }
        save_sale_order(session, order, user_id=owner.id)
    for index, customer in enumerate(customers[:6]):
        save_invoice(
            session,
            {
                "customer_id": str(customer.id),
                "invoice_address_id": str(customer.id),
                "invoice_date": (date.today() - timedelta(days=10 * index + 3)).isoformat(),
                "amount": f"{120 + index * 40},00",
                "state": ["paid", "posted", "draft"][index % 3],
            },
            user_id=owner.id,
        )

    # A warning that informs without blocking, on interventions only.
    holder = _main(session, NON_BLOCKING_CONTACT_NAME)
    if holder is not None:
        holder.warning_message = NON_BLOCKING_MESSAGE
        holder.warning_on_interventions = True
        holder.warning_blocking = False
        session.add(holder)
    session.flush()
