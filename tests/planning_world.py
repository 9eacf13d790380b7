"""The little world the planning tests share: two technicians, an office
user, customers placed on a line east of Rennes, interventions on one day."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select

from crm_app.contacts import service as contacts
from crm_app.contacts.forms import ContactForm
from crm_app.core.forms import parse_form
from crm_app.demo.loader import load_reference_data
from crm_app.interventions.service import save_intervention
from crm_app.planning import route
from crm_app.reference.models import TaskType
from crm_app.users.models import Actor, UserRole
from crm_app.users.service import create_user

DAY = date(2026, 12, 8)
MODEL = route.DistanceModel(road_factor=1.3, speed_kmh=45)


@pytest.fixture
def private_dir(tmp_path, monkeypatch):
    folder = tmp_path / "private"
    monkeypatch.setenv("CRM_PRIVATE_DIR", str(folder))
    return folder


@pytest.fixture
def team(session, office_user):
    load_reference_data(session)
    paul = create_user(
        session,
        name="Paul Tech",
        login="paul",
        password="motdepasse-solide",
        role=UserRole.TECHNICIAN,
    )
    marc = create_user(
        session,
        name="Marc Tech",
        login="marc",
        password="motdepasse-solide",
        role=UserRole.TECHNICIAN,
    )
    task = session.exec(select(TaskType).where(TaskType.name == "Entretien chaudière gaz")).one()
    session.commit()
    return {"office": office_user, "paul": paul, "marc": marc, "task": task}


def actor(user) -> Actor:
    return Actor(id=user.id, role=user.role)


def customer(session, team, name, lon, *, zip_code="35000", warning=""):
    contact = contacts.create_contact(
        session,
        parse_form(
            ContactForm,
            {"name": name, "street": "1 rue Haute", "zip": zip_code, "city": "Rennes"},
        ),
        created_by_id=team["office"].id,
    )
    contact.latitude, contact.longitude = 48.11, lon
    if warning:
        contact.warning_message = warning
        contact.warning_on_interventions = True
    session.add(contact)
    session.flush()
    return contact


def visit(session, team, contact, hour, technician="paul", *, fixed=False):
    intervention = save_intervention(
        session,
        {
            "customer_id": str(contact.id),
            "address_id": str(contact.id),
            "task_type_id": str(team["task"].id),
            "start_at": f"{DAY:%d/%m/%Y} {hour}",
            "duration_minutes": "01:00",
            "state": "confirmed",
            "technician_ids": [str(team[technician].id)],
        },
        user_id=team["office"].id,
    )
    intervention.time_fixed = fixed
    session.flush()
    return intervention
