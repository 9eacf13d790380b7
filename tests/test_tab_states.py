"""State tests of the commercial tabs and of the reference admin page:
handlers called directly on a State tree, against a real SQLite file."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select

from crm_app.contacts import service
from crm_app.contacts.commercial_state import CommercialTabsState
from crm_app.contacts.forms import ContactForm, SubContactForm
from crm_app.contacts.models import Contact
from crm_app.contacts.page_state import ContactPageState
from crm_app.core.formatting import long_date_label
from crm_app.core.forms import parse_form
from crm_app.demo.loader import load_reference_data
from crm_app.reference.models import PaymentTerm
from crm_app.reference.state import ReferenceAdminState
from crm_app.users.models import UserRole
from crm_app.users.service import create_user
from tests.state_helpers import at_path, log_in, run_async, substate


@pytest.fixture
def company(session, office_user):
    load_reference_data(session)
    contact = service.create_contact(
        session,
        parse_form(ContactForm, {"name": "Chaufferie Ouest", "is_company": True}),
        created_by_id=office_user.id,
    )
    session.commit()
    return contact


def open_page(root, cls, contact):
    log_in(root)
    page = substate(root, cls)
    at_path(page, f"/contact/{contact.id}")
    run_async(page.load())
    return page


def test_tabs_are_loaded_with_their_choices(root, company, office_user):
    page = open_page(root, ContactPageState, company)
    assert page.form["invoice_policy"] == "ordered" and page.form["trust_level"] == "normal"
    assert page.flags["is_customer"] and not page.flags["is_supplier"]
    assert page.picker_labels["salesperson_id"] == "Jean Jean"
    labels = [c.label for c in page.choices["receivable_account"]]
    assert labels[0].startswith("411100") and all(lab.startswith("411") for lab in labels)
    assert page.role_labels == ["Prospect"]


def test_tab_fields_are_saved_through_the_page(root, company, session):
    page = open_page(root, ContactPageState, company)
    term = session.exec(select(PaymentTerm).where(PaymentTerm.name == "30 jours")).one()
    page.set_form_field("customer_payment_term_id", str(term.id))
    page.set_form_field("vat", "BE0477472701")
    page.set_flag("is_supplier", True)
    page.set_flag("consent_communication", True)
    assert page.consent_date_label == long_date_label(date.today())
    page.save_contact()
    assert page.form_errors == {}
    session.expire_all()
    saved = session.get(Contact, company.id)
    assert saved.customer_payment_term_id == term.id and saved.vat == "BE0477472701"
    assert saved.is_supplier and saved.consent_date == date.today()
    assert page.role_labels == ["Prospect", "Fournisseur"]


def test_an_error_in_a_tab_leads_to_that_tab(root, company, session):
    page = open_page(root, ContactPageState, company)
    page.set_form_field("vat", "BE0477472702")
    page.save_contact()
    assert "vat" in page.form_errors and page.active_tab == "accounting"
    assert page.form["vat"] == "BE0477472702"  # kept as typed
    session.expire_all()
    assert session.get(Contact, company.id).vat is None


def test_pickers_search_in_sql_and_choose(root, company, session):
    other = service.create_contact(
        session,
        parse_form(ContactForm, {"name": "Poêles Bretons", "city": "Vitré"}),
        created_by_id=None,
    )
    session.commit()
    page = open_page(root, CommercialTabsState, company)
    page.search_picker("installer_id", "poeles")
    assert [o.label for o in page.picker_results] == ["Poêles Bretons · Vitré"]
    page.choose_picker("installer_id", str(other.id), "Poêles Bretons · Vitré")
    assert page.form["installer_id"] == str(other.id)
    assert page.picker_labels["installer_id"] == "Poêles Bretons"
    assert page.picker_results == [] and page.form_dirty
    page.search_picker("installer_id", "chaufferie")
    assert page.picker_results == []  # never itself
    page.search_picker("not_a_field", "x")
    assert page.picker_field == "installer_id"


def test_a_refused_save_is_summed_up_in_the_save_bar_without_a_toast(root, company):
    page = open_page(root, ContactPageState, company)
    page.set_form_field("email", "pas-un-courriel")
    page.set_form_field("vat", "BE0477472702")
    page.set_form_field("company_registry", "732 829 321")
    assert page.save_contact() is None  # no toast: it would cover the save button
    places = [(p.tab, p.label, set(p.fields.split(", "))) for p in page.save_error_places]
    assert places == [
        ("", "En-tête", {"Courriel"}),
        ("accounting", "Comptabilité", {"Numéro fiscal", "Registre de la société"}),
    ]
    assert page.active_tab == "addresses"  # the header's error is already in view
    page.set_form_field("email", "contact@chaufferie-ouest.fr")
    assert [p.label for p in page.save_error_places] == ["Comptabilité"]
    page.set_form_field("vat", "")
    page.set_form_field("company_registry", "")
    assert page.save_error_places == []
    page.save_contact()
    assert page.form_errors == {} and page.save_error_places == []


def test_sub_contact_page_cannot_change_commercial_fields(root, company, session, office_user):
    child = service.create_sub_contact(
        session,
        company.id,
        parse_form(SubContactForm, {"address_type": "invoice", "name": "Compta"}),
        created_by_id=office_user.id,
    )
    session.commit()
    page = open_page(root, CommercialTabsState, child)
    assert page.is_sub_contact and page.form["trust_level"] == "normal"
    page.set_form_field("vat", "BE0477472701")
    page.set_flag("is_supplier", True)
    page.choose_picker("reseller_id", "1", "X")
    assert page.form["vat"] == "" and not page.flags["is_supplier"]
    page.set_form_field("name", "Comptabilité")
    page.save_contact()
    session.expire_all()
    assert session.get(Contact, child.id).name == "Comptabilité"
    assert session.get(Contact, company.id).vat is None


def test_reference_admin_is_for_administrators(root, office_user, session):
    load_reference_data(session)
    session.commit()
    log_in(root)  # an office user
    admin_page = substate(root, ReferenceAdminState)
    at_path(admin_page, "/parametres/conditions-paiement")
    admin_page.load()
    assert admin_page.rows == []
    admin_page.form = {"name": "Intrus"}
    admin_page.save()
    assert session.exec(select(PaymentTerm).where(PaymentTerm.name == "Intrus")).first() is None


def test_reference_admin_lists_creates_and_archives(root, session):
    create_user(
        session, name="Admin", login="jean", password="motdepasse-solide", role=UserRole.ADMIN
    )
    load_reference_data(session)
    session.commit()
    log_in(root)
    page = substate(root, ReferenceAdminState)
    at_path(page, "/parametres/conditions-paiement")
    page.load()
    assert page.kind_title == "Conditions de paiement" and page.total == 5
    page.open_new()
    page.set_field("name", "30 jours")
    page.save()
    assert page.errors == {"name": "« 30 jours » existe déjà."} and page.dialog_open
    page.set_field("name", "60 jours net")
    page.save()
    assert not page.dialog_open and page.total == 6
    row = next(r for r in page.rows if r.name == "60 jours net")
    page.set_active(row.id, False)
    assert page.total == 5
    page.set_query("60")
    assert page.rows == []
    page.set_show_archived(True)
    assert [r.name for r in page.rows] == ["60 jours net"]

    at_path(page, "/parametres/inconnu")
    page.load()
    assert page.unknown_kind


def test_saving_an_address_keeps_the_unsaved_edits_of_the_page(root, company, session):
    from crm_app.contacts.sub_contact_state import SubContactDialogState

    page = open_page(root, SubContactDialogState, company)
    page.set_form_field("internal_notes", "Pas encore enregistré")
    page.open_new_sub_contact()
    page.set_sub_field("address_type", "delivery")
    page.set_sub_field("name", "Chantier")
    page.save_sub_contact_and_close()
    assert [c.name for c in page.sub_contacts] == ["Chantier"]
    assert page.form["internal_notes"] == "Pas encore enregistré" and page.form_dirty


def test_a_tab_chosen_before_the_load_answers_is_kept(root, company, session, office_user):
    other = service.create_contact(
        session,
        parse_form(ContactForm, {"name": "Ramonage du Nord", "is_company": True}),
        created_by_id=office_user.id,
    )
    session.commit()
    page = open_page(root, ContactPageState, company)
    page.set_active_tab("history")
    # Another contact opened: its page starts on the first tab…
    at_path(page, f"/contact/{other.id}")
    run_async(page.load())
    assert page.active_tab == "addresses"
    # …unless its tab was clicked while the load was still on its way.
    page.set_active_tab("equipment")
    run_async(page.load())
    assert page.active_tab == "equipment"
