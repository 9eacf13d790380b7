"""The Planning search over its two trigram indexes (customer and label), on
a real database (SQLite file, or PostgreSQL): accents, a term on either side,
newest first, the capped count, and the index following every label write."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlmodel import select

from crm_app.contacts import service as contacts
from crm_app.contacts.forms import ContactForm
from crm_app.contacts.models import Contact
from crm_app.core import paging
from crm_app.core.forms import parse_form
from crm_app.demo.loader import load_reference_data
from crm_app.demo.synthetic import generate
from crm_app.interventions import search
from crm_app.interventions.models import Intervention
from crm_app.interventions.search_index import search_text_for
from crm_app.interventions.service import save_intervention, search_interventions
from crm_app.reference.models import TaskType
from crm_app.rgpd.service import erase_contact

START = datetime(2026, 3, 2, 9, 0)


@pytest.fixture
def planning(session, office_user):
    """Three customers and their interventions, a day apart, the last newest."""
    load_reference_data(session)
    task = session.exec(select(TaskType).where(TaskType.name == "Ramonage")).one()
    customers = {
        name: contacts.create_contact(
            session,
            parse_form(ContactForm, {"name": name, "city": city, "zip": zip_code}),
            created_by_id=office_user.id,
        )
        for name, city, zip_code in [
            ("Franck Lemoine", "Montfort-sur-Meu", "35160"),
            ("Hôtel de l'Océan", "Saint-Malo", "35400"),
            ("Zoé Le Bihan", "Rennes", "35200"),
        ]
    }
    session.commit()
    labels = [
        ("Franck Lemoine", "Entretien chaudière"),
        ("Hôtel de l'Océan", "Ramonage conduit"),
        ("Zoé Le Bihan", "Entretien poêle à granulés"),
        ("Franck Lemoine", "Ramonage"),
        ("Hôtel de l'Océan", "Dépannage CHAUDIÈRE"),
        ("Zoé Le Bihan", "Visite Lemoine"),  # the word of another customer, in a label
        ("Franck Lemoine", ""),  # the default label: name and town
    ]
    made = []
    for day, (customer, label) in enumerate(labels):
        made.append(
            save_intervention(
                session,
                {
                    "customer_id": str(customers[customer].id),
                    "address_id": str(customers[customer].id),
                    "task_type_id": str(task.id),
                    "start_at": (START + timedelta(days=day)).strftime("%Y-%m-%dT%H:%M"),
                    "duration_minutes": "01:00",
                    "label": label,
                    "technician_ids": [str(office_user.id)] if day % 2 else [],
                },
                user_id=office_user.id,
            )
        )
    session.commit()
    return {"customers": customers, "interventions": made, "task": task}


def labels(page) -> list[str]:
    return [line.label for line in page.lines]


def test_label_found_without_accents_or_case(session, planning):
    newest_first = ["Dépannage CHAUDIÈRE", "Entretien chaudière"]
    assert labels(search_interventions(session, "chaudiere")) == newest_first
    assert labels(search_interventions(session, "CHAUDIÈRE")) == newest_first
    assert labels(search_interventions(session, "pôele")) == ["Entretien poêle à granulés"]


def test_each_term_in_the_customer_or_in_the_label(session, planning):
    # "lemoine": the customer Franck Lemoine, or the label "Visite Lemoine".
    assert labels(search_interventions(session, "LEMOINE")) == [
        "Franck Lemoine 35160 Montfort-sur-Meu",
        "Visite Lemoine",
        "Ramonage",
        "Entretien chaudière",
    ]
    # One term in the customer's search text, the other in the label.
    assert labels(search_interventions(session, "lemoine ramonage")) == ["Ramonage"]
    assert labels(search_interventions(session, "saint-malo chaudiere")) == ["Dépannage CHAUDIÈRE"]
    assert labels(search_interventions(session, "entretien bihan")) == [
        "Entretien poêle à granulés"
    ]
    # A short term only narrows what the others found.
    assert labels(search_interventions(session, "le bihan")) == [
        "Visite Lemoine",
        "Entretien poêle à granulés",
    ]
    assert search_interventions(session, "lemoine vidange").lines == []
    assert search_interventions(session, "introuvable").lines == []


def test_technician_sees_only_his_matches(session, planning, office_user):
    found = search_interventions(session, "lemoine", technician_id=office_user.id)
    assert labels(found) == ["Visite Lemoine", "Ramonage"]


def expected(session, predicate) -> list[int]:
    """What the Planning must show: every match, newest first."""
    rows = session.exec(
        select(Intervention, Contact).join(Contact, Contact.id == Intervention.customer_id)
    ).all()
    rows = sorted(rows, key=lambda row: (row[0].start_at, row[0].id), reverse=True)
    return [i.id for i, customer in rows if predicate(i.search_text, customer.search_text)]


def every_page(session, text: str, page_size: int) -> list[int]:
    found, page = [], 1
    while True:
        result = search_interventions(session, text, page=page, page_size=page_size)
        assert result.page == page
        found += [line.id for line in result.lines]
        if not result.window.has_next:
            return found
        page += 1


@pytest.mark.parametrize(
    ("count_window", "walk_budget"),
    [(1000, 3000), (2, 3000), (2, 0)],
    ids=["few-matches-sorted", "many-met-walking-the-dates", "many-clustered-sorted"],
)
def test_every_plan_finds_the_same_pages_newest_first(
    session, planning, monkeypatch, count_window, walk_budget
):
    """Whatever plan the search picks (by match count: COUNT_WINDOW and
    WALK_BUDGET), the pages are the same, newest first."""
    monkeypatch.setattr(paging, "COUNT_WINDOW", count_window)
    monkeypatch.setattr(search, "WALK_BUDGET", walk_budget)
    lemoine = expected(session, lambda label, customer: "lemoine" in label + " " + customer)
    assert len(lemoine) == 4
    assert every_page(session, "lemoine", 1) == lemoine
    both = expected(
        session,
        lambda label, customer: all(t in label or t in customer for t in ("entretien", "e")),
    )
    assert len(both) == 2
    assert every_page(session, "e entretien", 1) == both


def test_capped_count_and_pages(session, planning, monkeypatch):
    monkeypatch.setattr(paging, "COUNT_WINDOW", 3)
    lemoine = expected(session, lambda label, customer: "lemoine" in label + " " + customer)
    # Four matches: the first page counts three past its start, and says more.
    first = search_interventions(session, "lemoine", page_size=2)
    assert (first.total, first.window.exact, first.window.has_next) == (3, False, True)
    assert [line.id for line in first.lines] == lemoine[:2]
    last = search_interventions(session, "lemoine", page=2, page_size=2)
    assert (last.page, last.total, last.window.exact, last.window.has_next) == (2, 4, True, False)
    assert [line.id for line in last.lines] == lemoine[2:]
    # A page past the end moves back to the last one.
    beyond = search_interventions(session, "lemoine", page=40, page_size=2)
    assert beyond.page == 2 and [x.id for x in beyond.lines] == lemoine[2:]
    # Too short to search: the whole planning, its count capped too.
    every = search_interventions(session, "le", page_size=2)
    assert (every.total, every.window.exact) == (3, False)


def test_the_index_follows_label_changes(session, planning, office_user):
    ramonage = planning["interventions"][3]
    assert ramonage.search_text == "ramonage"
    saved = save_intervention(
        session,
        {
            "customer_id": str(ramonage.customer_id),
            "address_id": str(ramonage.address_id),
            "task_type_id": str(planning["task"].id),
            "start_at": "2026-03-05T09:00",
            "duration_minutes": "01:00",
            "label": "Vidange du Réservoir",
        },
        intervention_id=ramonage.id,
        expected_version=ramonage.version,
        user_id=office_user.id,
    )
    session.commit()
    assert saved.search_text == "vidange du reservoir"
    assert labels(search_interventions(session, "reservoir")) == ["Vidange du Réservoir"]
    assert labels(search_interventions(session, "lemoine ramonage")) == []
    # Erasing a contact (RGPD) rewrites its labels, and their search text.
    erase_contact(session, planning["customers"]["Hôtel de l'Océan"].id, user_id=office_user.id)
    session.commit()
    assert search_interventions(session, "conduit").lines == []
    assert labels(search_interventions(session, "contact efface")) == [
        "Intervention (contact effacé)",
        "Intervention (contact effacé)",
    ]


def test_bulk_datasets_fill_the_search_text(session, office_user):
    load_reference_data(session)
    generate(session, contacts=40, seed=3)
    session.commit()
    rows = session.exec(select(Intervention)).all()
    assert rows and all(i.search_text == search_text_for(i.label) for i in rows)
    some = rows[0]
    found = search_interventions(session, some.label, page_size=100)
    assert some.id in [line.id for line in found.lines]
