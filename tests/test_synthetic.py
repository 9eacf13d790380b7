"""The synthetic dataset: reproducible, consistent with the app's rules
(derived columns, hierarchy), geolocated, with interventions."""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import Session, select

from crm_app import db
from crm_app.contacts import search
from crm_app.contacts.models import Contact
from crm_app.demo.loader import load_reference_data
from crm_app.demo.synthetic import generate
from crm_app.equipment.models import Equipment
from crm_app.equipment.service import refresh_due
from crm_app.interventions.models import Intervention
from crm_app.interventions.service import contact_history
from crm_app.users.models import SYSTEM_ACTOR


def names(db_url: str, seed: int) -> list[str]:
    with Session(db.get_engine(db_url)) as session:
        load_reference_data(session)
        generate(session, contacts=50, seed=seed)
        session.commit()
        return [c.display_name for c in session.exec(select(Contact).order_by(Contact.id))]


def test_same_seed_same_data(fresh_db):
    first = names(fresh_db(), 7)
    assert names(fresh_db(), 7) == first


def test_generated_rows_follow_the_app_rules(session, office_user):
    load_reference_data(session)
    result = generate(session, contacts=300, seed=1)
    session.commit()
    total = session.exec(select(func.count()).select_from(Contact)).one()
    mains = session.exec(
        select(func.count()).select_from(Contact).where(Contact.parent_id.is_(None))
    ).one()
    assert (mains, total) == (300, result["contacts"])
    assert (
        session.exec(select(func.count()).select_from(Intervention)).one()
        == (result["interventions"])
        > 300
    )
    assert (
        session.exec(
            select(func.count()).select_from(Contact).where(Contact.latitude.is_(None))
        ).one()
        == 0
    )
    child = session.exec(select(Contact).where(Contact.parent_id.is_not(None))).first()
    parent = session.get(Contact, child.parent_id)
    assert child.display_name.startswith(parent.name + ", ")
    # The list, the search and the History work on it as on real data.
    page = search.search_contacts(session, parent.email)
    assert [c.id for c in page.rows][:1] == [parent.id]
    own = session.exec(
        select(func.count()).select_from(Intervention).where(Intervention.customer_id == parent.id)
    ).one()
    assert contact_history(session, parent.id, reader=SYSTEM_ACTOR).total == own
    # About 1.5 equipment per contact, whose due dates are the app's own.
    assert 300 <= result["equipment"] <= 600
    assert session.exec(select(func.count()).select_from(Equipment)).one() == result["equipment"]
    for item in session.exec(select(Equipment).limit(40)):
        stored = (item.last_maintenance_on, item.next_due_on)
        refresh_due(session, item)
        assert (item.last_maintenance_on, item.next_due_on) == stored
