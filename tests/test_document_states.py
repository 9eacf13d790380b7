"""State tests of the document forms: the live warning when a customer is
chosen, and the server's refusal of a blocked customer even when the event
is crafted to skip the popup."""

from __future__ import annotations

import pytest
from sqlmodel import select

from crm_app.accounting.models import Invoice
from crm_app.accounting.state import InvoiceFormState
from crm_app.contacts import service as contacts
from crm_app.contacts.forms import ContactForm, SubContactForm
from crm_app.core.forms import parse_form
from crm_app.demo.loader import load_reference_data
from crm_app.interventions.models import Intervention
from crm_app.interventions.state import HistoryTabState, InterventionFormState
from crm_app.reference.models import TaskType
from crm_app.sales.models import Opportunity, SaleOrder
from crm_app.sales.state import OpportunityFormState, SaleOrderFormState
from tests.state_helpers import at_path, log_in, redirect_path, substate

FORMS = [
    (InterventionFormState, "/interventions", Intervention),
    (OpportunityFormState, "/opportunites", Opportunity),
    (SaleOrderFormState, "/devis", SaleOrder),
    (InvoiceFormState, "/factures", Invoice),
]


@pytest.fixture
def customers(session, office_user):
    load_reference_data(session)
    blocked = contacts.create_contact(
        session, parse_form(ContactForm, {"name": "Franck Lemoine"}), created_by_id=None
    )
    blocked.warning_message = "Mauvais payeur"
    blocked.warning_blocking = True
    blocked.warning_on_interventions = blocked.warning_on_opportunities = True
    blocked.warning_on_sale_orders = blocked.warning_on_invoices = True
    site = contacts.create_sub_contact(
        session,
        blocked.id,
        parse_form(SubContactForm, {"address_type": "delivery", "name": "Grange"}),
        created_by_id=None,
    )
    careful = contacts.create_contact(
        session, parse_form(ContactForm, {"name": "David Martin"}), created_by_id=None
    )
    careful.warning_message = "Chien dans la cour"
    careful.warning_on_interventions = True
    session.commit()
    return {"blocked": blocked, "site": site, "careful": careful}


def open_new(root, cls, route):
    log_in(root)
    state = substate(root, cls)
    at_path(state, f"{route}/nouveau")
    state.load()
    return state


@pytest.mark.parametrize(("cls", "route", "model"), FORMS)
def test_choosing_a_blocked_customer_pops_up_and_empties_the_field(
    root, customers, cls, route, model
):
    state = open_new(root, cls, route)
    state.choose_customer(str(customers["site"].id))  # a sub-address inherits
    assert state.warning_open and state.warning_blocking
    assert state.warning_message == "Mauvais payeur"
    assert state.warning_holder == "Franck Lemoine"
    assert state.customer_id == "" and state.customer_label == ""


@pytest.mark.parametrize(("cls", "route", "model"), FORMS)
def test_a_crafted_save_with_a_blocked_customer_is_refused(
    root, customers, session, cls, route, model
):
    state = open_new(root, cls, route)
    state.customer_id = str(customers["blocked"].id)  # as a forged event would
    state.save()
    assert "Mauvais payeur" in state.errors["customer_id"]
    assert state.customer_id == ""
    assert session.exec(select(model)).first() is None


def test_non_blocking_warning_keeps_the_customer_and_saves(root, customers, session):
    state = open_new(root, InterventionFormState, "/interventions")
    state.choose_customer(str(customers["careful"].id))
    assert state.warning_open and not state.warning_blocking
    assert state.customer_label == "David Martin"
    assert state.form["address_id"] == str(customers["careful"].id)
    task = session.exec(select(TaskType).where(TaskType.name == "Ramonage")).one()
    state.set_task_type(str(task.id))
    assert state.form["duration_minutes"] == "01:00"
    event = state.save()
    assert state.errors == {}
    saved = session.exec(select(Intervention)).one()
    assert redirect_path(event[1]) == f"/interventions/{saved.id}"


def test_a_warning_for_other_objects_does_not_show(root, customers):
    state = open_new(root, OpportunityFormState, "/opportunites")
    state.choose_customer(str(customers["careful"].id))
    assert not state.warning_open and state.customer_label == "David Martin"


def test_a_new_document_from_a_contact_starts_with_it(root, customers):
    log_in(root)
    state = substate(root, SaleOrderFormState)
    at_path(state, "/devis/nouveau?client=" + str(customers["blocked"].id))
    state.load()
    assert state.warning_open and state.customer_id == ""


def test_history_tab_and_report_download_need_a_login(root, customers):
    history = substate(root, HistoryTabState)
    at_path(history, f"/contact/{customers['blocked'].id}")
    assert "/login" in redirect_path(history.print_report(1))


def test_a_new_opportunity_starts_from_the_contact_marketing(root, customers, session):
    from crm_app.reference.models import MarketingCampaign

    campaign = session.exec(select(MarketingCampaign)).first()
    customers["careful"].campaign_id = campaign.id
    session.commit()
    state = open_new(root, OpportunityFormState, "/opportunites")
    state.choose_customer(str(customers["careful"].id))
    assert state.form["campaign_id"] == str(campaign.id)
    state.set_field("title", "Poêle")
    state.save()
    session.expire_all()
    assert session.get(type(customers["careful"]), customers["careful"].id).campaign_id == (
        campaign.id
    )
