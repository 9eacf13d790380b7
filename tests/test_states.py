"""Event handlers of the State classes, run directly under pytest against a
real SQLite file: login, refusal of anonymous events, list and contact page."""

from __future__ import annotations

import pytest
from sqlmodel import delete as sqlmodel_delete

from crm_app.contacts import search, service
from crm_app.contacts.commercial_forms import ContactPageForm
from crm_app.contacts.commercial_state import CommercialTabsState
from crm_app.contacts.forms import ContactForm, SubContactForm
from crm_app.contacts.list_state import ContactListState
from crm_app.contacts.page_state import ContactPageState
from crm_app.contacts.sub_contact_state import SubContactDialogState
from crm_app.core.forms import parse_form
from crm_app.users.state import AuthState
from tests.state_helpers import at_path, log_in, redirect_path, run_async, substate


def test_login_with_a_wrong_password_is_refused(root, office_user):
    auth = substate(root, AuthState)
    at_path(auth, "/login")
    assert run_async(auth.login({"login": "jean", "password": "faux"})) is None
    assert auth.login_error == "Identifiant ou mot de passe incorrect."
    assert auth.session_token == ""
    assert auth.is_logged_in is False


def test_login_opens_a_session_and_logout_closes_it(root, office_user, session):
    auth = log_in(root)
    token = auth.session_token
    assert token and auth.user_name == "Jean Jean"
    from crm_app.users.service import user_for_token

    assert user_for_token(session, token).id == office_user.id
    auth.logout()
    assert auth.session_token == "" and auth.user_name == ""
    session.expire_all()
    assert user_for_token(session, token) is None


@pytest.mark.parametrize(
    ("cls", "handler", "args"),
    [
        (ContactListState, "load", ()),
        (ContactListState, "set_query", ("a",)),
        (ContactListState, "create_contact", ()),
        (ContactPageState, "load", ()),
        (ContactPageState, "save_contact", ()),
        (ContactPageState, "set_flag", ("is_supplier", True)),
        (SubContactDialogState, "save_sub_contact_and_close", ()),
        (SubContactDialogState, "archive_sub_contact", (1,)),
        (CommercialTabsState, "search_picker", ("reseller_id", "a")),
        (CommercialTabsState, "choose_picker", ("reseller_id", "1", "X")),
        (CommercialTabsState, "download_proof", ()),
        (CommercialTabsState, "remove_proof", ()),
    ],
)
def test_every_handler_refuses_an_anonymous_visitor(root, office_user, session, cls, handler, args):
    state = substate(root, cls)
    at_path(state, "/contact/1")
    if cls is ContactListState:
        state.new_form = {"name": "Intrus"}
    else:
        state.contact_id_loaded = 1
        if cls is SubContactDialogState:
            state.sub_form = {"name": "Intrus", "address_type": "contact"}
    event = run_async(getattr(state, handler)(*args))
    assert "/login" in redirect_path(event)
    assert search.search_contacts(session, include_archived=True).total == 0


def test_a_forged_token_is_refused(root, office_user):
    state = substate(root, ContactListState)
    substate(root, AuthState).session_token = "forged-token"
    at_path(state, "/")
    assert "/login" in redirect_path(state.load())
    assert state.rows == []


def test_list_search_and_paging(root, office_user, session):
    for i in range(30):
        service.create_contact(
            session, parse_form(ContactForm, {"name": f"Client {i:02d}"}), created_by_id=None
        )
    service.create_contact(
        session, parse_form(ContactForm, {"name": "Éloïse Hervé"}), created_by_id=None
    )
    session.commit()
    log_in(root)
    state = substate(root, ContactListState)
    state.load()
    assert (len(state.rows), state.total, state.page_count) == (25, 31, 2)
    assert state.range_label == "1–25 sur 31 contacts"
    state.next_page()
    assert [r.display_name for r in state.rows][-1] == "Éloïse Hervé"
    state.set_query("eloise")
    assert (state.page, state.total) == (1, 1)


def test_an_address_found_without_its_main_contact_is_not_nested(root, office_user, session):
    """Searched, a sub-address shows under the row above it only if that row
    is its own main contact; else it stands alone (its name says whose it is)."""
    bernard = service.create_contact(
        session, parse_form(ContactForm, {"name": "Alain Bernard"}), created_by_id=None
    )
    bertrand = service.create_contact(
        session, parse_form(ContactForm, {"name": "Alain Bertrand"}), created_by_id=None
    )
    for parent, name in ((bernard, "Chaufferie"), (bertrand, "Comptabilité Alain")):
        service.create_sub_contact(
            session,
            parent.id,
            parse_form(SubContactForm, {"address_type": "invoice", "name": name}),
            created_by_id=None,
        )
    session.commit()
    log_in(root)
    state = substate(root, ContactListState)
    state.load()
    assert [(r.display_name, r.is_child, r.nested) for r in state.rows] == [
        ("Alain Bernard", False, False),
        ("Alain Bernard, Chaufferie", True, True),
        ("Alain Bertrand", False, False),
        ("Alain Bertrand, Comptabilité Alain", True, True),
    ]
    state.set_query("alain bernard")
    assert [(r.display_name, r.nested) for r in state.rows] == [
        ("Alain Bernard", False),
        ("Alain Bernard, Chaufferie", True),
    ]
    state.set_query("comptabilite")
    assert [(r.display_name, r.is_child, r.nested) for r in state.rows] == [
        ("Alain Bertrand, Comptabilité Alain", True, False),
    ]


def test_quick_create_keeps_the_typed_values_on_error(root, office_user, session):
    log_in(root)
    state = substate(root, ContactListState)
    state.open_new_dialog(True)
    state.set_new_field("name", "Boulangerie")
    state.set_new_field("email", "mauvais@")
    assert state.create_contact() is None
    assert state.new_errors["email"].startswith("Adresse courriel invalide")
    assert state.new_form["email"] == "mauvais@"
    assert search.search_contacts(session).total == 0
    state.set_new_field("email", "contact@boulangerie.fr")
    event = state.create_contact()
    created = search.search_contacts(session).rows[0]
    assert redirect_path(event) == f"/contact/{created.id}"
    assert created.salesperson_id == office_user.id and created.is_company


def test_contact_page_sub_contact_dialog_buttons(root, office_user, session):
    parent = service.create_contact(
        session,
        parse_form(
            ContactForm,
            {"name": "SCI Les Tilleuls", "street": "1 rue A", "zip": "35000", "city": "Rennes"},
        ),
        created_by_id=None,
    )
    session.commit()
    log_in(root)
    page = substate(root, SubContactDialogState)
    at_path(page, f"/contact/{parent.id}")
    run_async(page.load())
    assert page.display_name == "SCI Les Tilleuls" and page.sub_contacts == []

    page.open_new_sub_contact()
    page.set_sub_field("address_type", "invoice")
    page.set_sub_field("name", "Comptabilité")
    page.set_sub_field("city", "Vitré")
    page.save_sub_contact_and_new()
    assert page.sub_dialog_open and page.sub_form["name"] == ""
    assert page.sub_form["address_type"] == "invoice"

    page.set_sub_field("address_type", "contact")
    page.set_sub_field("name", "")
    page.save_sub_contact_and_close()
    assert page.sub_dialog_open and page.sub_errors == {"name": "Le nom est obligatoire."}

    page.set_sub_field("name", "Paul Morel")
    page.save_sub_contact_and_close()
    assert not page.sub_dialog_open
    assert sorted(c.name for c in page.sub_contacts) == ["Comptabilité", "Paul Morel"]
    paul = next(c for c in page.sub_contacts if c.name == "Paul Morel")
    assert paul.shares_address and paul.address == "1 rue A, 35000 Rennes"

    page.open_new_sub_contact()
    page.set_sub_field("name", "Annulé")
    page.cancel_sub_contact()
    assert len(service.list_sub_contacts(session, parent.id)) == 2

    page.archive_sub_contact(paul.id)
    assert [c.name for c in page.sub_contacts] == ["Comptabilité"]


def test_contact_page_header_stale_save_is_refused(root, office_user, session):
    contact = service.create_contact(
        session, parse_form(ContactForm, {"name": "Garage"}), created_by_id=None
    )
    session.commit()
    log_in(root)
    page = substate(root, ContactPageState)
    at_path(page, f"/contact/{contact.id}")
    run_async(page.load())
    service.update_contact(
        session, contact.id, parse_form(ContactPageForm, {"city": "Bruz"}), expected_version=1
    )
    session.commit()
    page.set_form_field("city", "Vitré")
    page.save_contact()
    assert page.stale is True
    session.expire_all()
    assert service.get_contact(session, contact.id).city == "Bruz"
    page.reload()
    assert page.form["city"] == "Bruz" and page.stale is False


def test_unknown_contact_shows_not_found(root, office_user):
    log_in(root)
    page = substate(root, ContactPageState)
    at_path(page, "/contact/999")
    run_async(page.load())
    assert page.not_found is True


def test_a_session_ended_elsewhere_is_refused_at_the_next_check(root, office_user, session):
    from crm_app.users.models import UserSession

    auth = log_in(root)
    state = substate(root, ContactListState)
    at_path(state, "/")
    assert state.load() is None
    session.exec(sqlmodel_delete(UserSession))
    session.commit()
    auth._verified_at = 0.0  # the recheck interval has passed
    assert "/login" in redirect_path(state.load())
    assert auth.is_logged_in is False
