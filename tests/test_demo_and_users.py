"""Demo data and the first administrator."""

from __future__ import annotations

import tomllib
from fnmatch import fnmatch
from pathlib import Path

import pytest
from sqlmodel import select

from crm_app.accounting.models import Invoice
from crm_app.contacts import search
from crm_app.contacts.models import AddressType, Contact
from crm_app.demo import dataset
from crm_app.demo.dataset import BLOCKED_CONTACT_NAME, DEMO_CONTACTS
from crm_app.demo.loader import load_demo_data
from crm_app.interventions.models import Intervention
from crm_app.interventions.service import contact_history
from crm_app.sales.models import Opportunity, SaleOrder
from crm_app.users import service as users
from crm_app.users.models import SYSTEM_ACTOR, UserRole

MAIN_KEYS = [
    "name", "is_company", "civility", "job_title", "email", "phone", "mobile", "street",
    "street2", "zip", "city", "role", "internal_reference", "internal_notes",
    "customer_notes", "latitude", "longitude", "children",
]  # fmt: skip
CHILD_KEYS = [
    "address_type", "name", "civility", "job_title", "email", "phone", "mobile", "comment",
    "street", "street2", "zip", "city", "latitude", "longitude",
]  # fmt: skip
ADDRESS_KEYS = ("street", "street2", "zip", "city", "latitude", "longitude")


def test_demo_dataset_file_has_the_documented_shape():
    assert len(DEMO_CONTACTS) == 32
    assert sum(len(c["children"]) for c in DEMO_CONTACTS) == 32
    for contact in DEMO_CONTACTS:
        assert list(contact) == MAIN_KEYS, contact["name"]
        assert isinstance(contact["is_company"], bool)
        assert contact["role"] in ("client", "prospect", "supplier")
        assert all(isinstance(contact[k], float) for k in ("latitude", "longitude"))
        for child in contact["children"]:
            assert list(child) == CHILD_KEYS, child["name"]
            assert child["address_type"] in {t.value for t in AddressType}
            if child["address_type"] == "contact":
                assert all(child[k] is None for k in ADDRESS_KEYS), child["name"]
    assert [c["name"] for c in DEMO_CONTACTS].count(BLOCKED_CONTACT_NAME) == 1
    assert DEMO_CONTACTS[0]["internal_notes"] == (
        "Poêle à granulés MCZ installé en 2019. Entretien annuel en octobre. "
        "Digicode 4512B, 2e étage gauche."
    )


def test_demo_dataset_file_is_package_data():
    # A non-editable install only carries the files pyproject.toml declares.
    root = Path(__file__).resolve().parent.parent
    package_data = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["tool"][
        "setuptools"
    ]["package-data"]["crm_app"]
    data_file = Path(dataset.__file__).with_name(dataset.DATA_FILE)
    assert data_file.is_file()
    relative = data_file.relative_to(root / "crm_app").as_posix()
    assert any(fnmatch(relative, pattern) for pattern in package_data)


def test_demo_data_loads_once_with_every_address_type(session, office_user):
    created = load_demo_data(session, office_user)
    session.commit()
    assert created >= 30
    assert load_demo_data(session, office_user) == 0
    contacts = session.exec(select(Contact)).all()
    types = {c.address_type for c in contacts if c.parent_id}
    assert types == {t.value for t in AddressType}
    names = {c.name for c in contacts}
    assert {"Albert Pont", "Alexandre Astier", "David Martin", "Jean-François Belmon"} <= names
    blocked = [c for c in contacts if c.warning_blocking]
    assert [c.warning_message for c in blocked] == ["Mauvais payeur"]
    rows = search.search_contacts(session, "astier").rows
    assert [r.display_name for r in rows] == ["Alexandre Astier", "Alexandre Astier, David Martin"]


def test_demo_documents_hold_the_seed_history_and_spare_the_blocked_contact(session, office_user):
    load_demo_data(session, office_user)
    session.commit()
    albert = session.exec(select(Contact).where(Contact.name == "Albert Pont")).one()
    seed_rows = [
        line
        for line in contact_history(session, albert.id, reader=SYSTEM_ACTOR, page_size=50).lines
        if line.start_label.endswith("/2023 16:30")
    ]
    assert [
        (r.task, r.technicians, r.start_label, r.duration_label, r.state_label, r.label)
        for r in seed_rows
    ] == [
        (
            "Visite technique",
            "Jean Jean",
            "28/12/2023 16:30",
            "01:00",
            "En cours",
            "Albert Pont",
        ),
        (
            "Visite technique",
            "Jean Jean",
            "19/12/2023 16:30",
            "01:00",
            "Confirmé",
            "Albert Pont",
        ),
    ]
    astier = session.exec(select(Contact).where(Contact.name == "Alexandre Astier")).one()
    labels = [line.label for line in contact_history(session, astier.id, reader=SYSTEM_ACTOR).lines]
    assert "Alexandre Astier, David Martin 35000 Rennes" in labels
    # A contact erased meanwhile: an empty History, not an error.
    gone = contact_history(session, 10**9, reader=SYSTEM_ACTOR)
    assert gone.lines == [] and gone.total == 0 and gone.page_count == 1
    blocked = session.exec(select(Contact).where(Contact.name == BLOCKED_CONTACT_NAME)).one()
    for model in (Intervention, Opportunity, SaleOrder, Invoice):
        assert session.exec(select(model).where(model.customer_id == blocked.id)).first() is None
        assert session.exec(select(model)).first() is not None
    christmas = session.exec(
        select(Opportunity).where(Opportunity.campaign_id.is_not(None))
    ).first()
    assert christmas is not None


def test_first_admin_gets_a_generated_password_printed_once(session):
    admin, generated = users.ensure_admin(session, password=None)
    assert admin.role == UserRole.ADMIN.value and len(generated) >= 12
    assert users.authenticate(session, "admin", generated).id == admin.id
    again, none = users.ensure_admin(session, password=None)
    assert again.id == admin.id and none is None


def test_passwords_are_argon2_and_short_ones_refused(session):
    user = users.create_user(session, name="Léa", login="Lea", password="un-mot-de-passe")
    assert user.login == "lea" and user.password_hash.startswith("$argon2id$")
    with pytest.raises(users.UserError):
        users.create_user(session, name="X", login="x", password="court")
    with pytest.raises(users.UserError):
        users.create_user(session, name="Y", login="LEA", password="un-mot-de-passe")


def test_sessions_die_with_password_change_and_inactive_users(session, office_user):
    token = users.open_session(session, office_user)
    assert users.user_for_token(session, token).id == office_user.id
    users.set_password(session, office_user, "nouveau-mot-de-passe")
    assert users.user_for_token(session, token) is None
    token = users.open_session(session, office_user)
    office_user.active = False
    assert users.user_for_token(session, token) is None
    assert users.authenticate(session, "jean", "nouveau-mot-de-passe") is None


def test_an_idle_session_expires(session, office_user):
    from datetime import timedelta

    from crm_app.core.clock import utcnow
    from crm_app.users.models import UserSession

    token = users.open_session(session, office_user)
    login_session = session.exec(select(UserSession)).one()
    login_session.last_seen_at = utcnow() - users.SESSION_IDLE_TIMEOUT - timedelta(minutes=1)
    session.flush()
    assert users.user_for_token(session, token) is None
    assert session.exec(select(UserSession)).all() == []
