"""The contact page as a registry of tabs: every registered tab is filled by
the page's one load event, in one database session and few statements."""

from __future__ import annotations

import pytest
from sqlalchemy import event

from crm_app import db
from crm_app.audit.state import JournalState
from crm_app.contacts import page_tabs, service
from crm_app.contacts.forms import ContactForm, SubContactForm
from crm_app.contacts.page_state import ContactPageState
from crm_app.core.forms import parse_form
from crm_app.geo.state import LocationTabState
from crm_app.interventions.state import HistoryTabState
from tests.state_helpers import at_path, log_in, run_async, substate

SEED_TABS = [
    ("addresses", "Contacts & Adresses"),
    ("notes", "Notes internes"),
    ("sales", "Ventes & Achats"),
    ("history", "Historique"),
    ("accounting", "Comptabilité"),
    ("marketing", "Marketing"),
    ("location", "Localisation"),
]
# The page's load: session check, contact, addresses, choice lists, pickers,
# History (count and page), journal (count, page, and the names its lines
# cite, in one query), Localisation, Équipements (equipment, contracts).
MAX_LOAD_STATEMENTS = 14


@pytest.fixture
def company(session, office_user):
    contact = service.create_contact(
        session,
        parse_form(
            ContactForm,
            {"name": "Chaufferie Ouest", "is_company": True, "street": "1 rue de Brest"},
        ),
        created_by_id=office_user.id,
    )
    service.create_sub_contact(
        session,
        contact.id,
        parse_form(
            SubContactForm, {"name": "Chantier", "address_type": "delivery", "city": "Rennes"}
        ),
        created_by_id=office_user.id,
    )
    session.commit()
    return contact


def test_the_seed_tabs_come_first_in_their_order():
    assert [(t.key, t.label) for t in page_tabs.contact_tabs()][:7] == SEED_TABS
    assert [(t.key, t.label) for t in page_tabs.contact_tabs()][7] == ("equipment", "Équipements")


def test_load_fills_every_registered_tab_in_few_statements(root, company, db_url):
    log_in(root)
    page = substate(root, ContactPageState)
    for cls in (HistoryTabState, JournalState, LocationTabState):
        at_path(substate(root, cls), f"/contact/{company.id}")
    at_path(page, f"/contact/{company.id}")
    statements: list[str] = []

    def count(_conn, _cursor, statement, *_args):
        statements.append(statement)

    engine = db.get_engine(db_url)
    event.listen(engine, "before_cursor_execute", count)
    try:
        run_async(page.load())
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert page.display_name == "Chaufferie Ouest"
    assert len(page.sub_contacts) == 1
    assert substate(root, JournalState).journal_total >= 1
    assert substate(root, HistoryTabState).history_total == 0
    assert len(substate(root, LocationTabState).location_rows) == 2
    assert len(statements) <= MAX_LOAD_STATEMENTS, statements
