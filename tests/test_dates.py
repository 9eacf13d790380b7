"""Dates and times are typed, stored and shown in French whatever the
browser's language: « jj/mm/aaaa » and « jj/mm/aaaa hh:mm » (24 h, Paris time).
The validators read what the pickers write, the formatters write what the
validators read, the forms start and reload in that form, and the journal
shows dates and amounts in French."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlmodel import select

from crm_app.accounting.models import Invoice
from crm_app.accounting.state import InvoiceFormState
from crm_app.audit.service import journal
from crm_app.contacts import service as contacts
from crm_app.contacts.forms import ContactForm
from crm_app.core import formatting, validators
from crm_app.core.errors import FieldError
from crm_app.core.forms import parse_form
from crm_app.core.ui import date_picker
from crm_app.demo.loader import load_reference_data
from crm_app.geo.state import MapPageState
from crm_app.interventions.models import Intervention
from crm_app.interventions.state import InterventionFormState
from crm_app.reference.models import TaskType
from crm_app.sales.models import Opportunity
from crm_app.sales.service import save_opportunity
from crm_app.sales.state import OpportunityFormState
from tests.state_helpers import at_path, log_in, redirect_path, substate

FRENCH_DATETIME = re.compile(r"\d\d/\d\d/\d{4} \d\d:\d\d")
FRENCH_DATE = re.compile(r"\d\d/\d\d/\d{4}")

# --- Validators and formatters ---------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["03/12/2026 14:30", "01/01/2027 00:00", "31/07/2026 23:59", "29/02/2028 08:15"],
)
def test_a_french_datetime_goes_round_in_paris_time(text):
    stored = validators.parse_local_datetime(text)
    assert stored.tzinfo is UTC
    assert formatting.datetime_input(stored) == text


def test_winter_and_summer_time_are_paris_time():
    assert validators.parse_local_datetime("03/12/2026 14:30") == datetime(
        2026, 12, 3, 13, 30, tzinfo=UTC
    )
    assert validators.parse_local_datetime("01/07/2026 09:05") == datetime(
        2026, 7, 1, 7, 5, tzinfo=UTC
    )


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("3/12/2026 9h05", "03/12/2026 09:05"),
        ("  03/12/2026   14:30 ", "03/12/2026 14:30"),
        ("03.12.2026 14:30", "03/12/2026 14:30"),
        ("2026-12-03T14:30", "03/12/2026 14:30"),  # the ISO form stays readable
    ],
)
def test_usual_ways_of_typing_a_datetime_are_read(typed, shown):
    assert formatting.datetime_input(validators.parse_local_datetime(typed)) == shown


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("31/02/2026 10:00", "Le 31/02/2026 n'existe pas dans le calendrier."),
        ("12/31/2026 10:00", "Le 12/31/2026 n'existe pas"),  # the US order
        ("03/12/2026 25:00", "L'heure 25:00 n'existe pas (de 00:00 à 23:59)."),
        ("03/12/2026 14:60", "L'heure 14:60 n'existe pas"),
        ("03/12/2026", "Indiquez aussi l'heure : jj/mm/aaaa hh:mm"),
        ("03/12/2026 2:30 PM", "Heure invalide"),
        ("demain", "Date et heure invalides : écrivez jj/mm/aaaa hh:mm"),
        ("03/12/1999 10:00", "Année hors de la plage"),
        ("", "La date et l'heure sont obligatoires."),
    ],
)
def test_a_wrong_datetime_is_refused_in_french(typed, message):
    with pytest.raises(FieldError, match=re.escape(message)):
        validators.parse_local_datetime(typed)


@pytest.mark.parametrize("text", ["03/12/2026", "29/02/2028", "01/01/2000"])
def test_a_french_date_goes_round(text):
    assert formatting.date_input(validators.parse_date(text, required=True)) == text


def test_dates_typed_otherwise_are_read_or_refused():
    assert validators.parse_date("3/1/2026", required=True) == date(2026, 1, 3)
    assert validators.parse_date("2026-01-03", required=True) == date(2026, 1, 3)
    assert validators.parse_date(" ", required=False) is None
    for typed, message in [
        ("29/02/2027", "Le 29/02/2027 n'existe pas"),
        ("13/13/2026", "Le 13/13/2026 n'existe pas"),
        ("12/2026", "Date invalide : écrivez jj/mm/aaaa"),
        ("2026-02-30", "Date invalide"),
        ("", "La date de facture est obligatoire."),
    ]:
        with pytest.raises(FieldError, match=re.escape(message)):
            validators.parse_date(typed, required=True, label="La date de facture")


def test_inputs_are_empty_for_no_value():
    assert formatting.date_input(None) == formatting.datetime_input(None) == ""


def test_decimals_are_french():
    assert formatting.decimal_label(0.8712) == "0,87"
    assert formatting.decimal_label(1) == "1,00"


# --- The picker component --------------------------------------------------------------


def test_the_picker_is_the_french_adapter_with_its_npm_packages():
    picker = date_picker.datetime_picker("03/12/2026 14:30", None, "doc-start_at")
    rendered = picker.render()
    assert rendered["name"] == "FrenchDatePicker"
    assert 'withTime:true' in rendered["props"] and 'id:"doc-start_at"' in rendered["props"]
    imports = picker._get_all_imports()
    assert {"react-datepicker@^9.1.0", "date-fns@^4.1.0"} <= set(imports)
    assert date_picker.ADAPTER.importable_path in imports
    assert 'withTime:false' in date_picker.date_picker("", None, "d").render()["props"]


def test_the_adapter_is_french_and_brings_its_styles():
    folder = Path(date_picker.__file__).parent
    adapter = (folder / "date_picker.jsx").read_text()
    for needed in (
        'import "react-datepicker/dist/react-datepicker.css"',
        'import "./date_picker.css"',
        'from "date-fns/locale"',
        "locale={fr}",
        "calendarStartDay={1}",  # weeks start on Monday
        'timeFormat="HH:mm"',
        '"dd/MM/yyyy HH:mm"',
    ):
        assert needed in adapter
    assert "http" not in adapter.replace("https://", "")  # nothing fetched at run time
    assert "--accent-9" in (folder / "date_picker.css").read_text()


# --- Forms (State) ---------------------------------------------------------------------


@pytest.fixture
def customer(session, office_user):
    load_reference_data(session)
    contact = contacts.create_contact(
        session, parse_form(ContactForm, {"name": "Albert Pont"}), created_by_id=None
    )
    session.commit()
    return contact


def open_form(root, cls, path):
    log_in(root)
    state = substate(root, cls)
    at_path(state, path)
    state.load()
    return state


def test_the_intervention_form_saves_and_reloads_the_french_text(root, session, customer):
    state = open_form(root, InterventionFormState, "/interventions/nouveau")
    assert FRENCH_DATETIME.fullmatch(state.form["start_at"])
    state.choose_customer(str(customer.id))
    task = session.exec(select(TaskType).where(TaskType.name == "Ramonage")).one()
    state.set_task_type(str(task.id))

    state.set_field("start_at", "31/02/2026 10:00")
    state.save()
    assert state.errors["start_at"] == "Le 31/02/2026 n'existe pas dans le calendrier."
    assert session.exec(select(Intervention)).first() is None

    state.set_field("start_at", "05/01/2027 14:30")
    event = state.save()
    assert state.errors == {}
    saved = session.exec(select(Intervention)).one()
    assert saved.start_at.replace(tzinfo=UTC) == datetime(2027, 1, 5, 13, 30, tzinfo=UTC)
    assert redirect_path(event[1]) == f"/interventions/{saved.id}"

    again = open_form(root, InterventionFormState, f"/interventions/{saved.id}")
    assert again.form["start_at"] == "05/01/2027 14:30"


def test_the_invoice_and_opportunity_forms_hold_french_dates(root, session, customer):
    invoice = open_form(root, InvoiceFormState, "/factures/nouveau")
    assert FRENCH_DATE.fullmatch(invoice.form["invoice_date"])
    invoice.choose_customer(str(customer.id))
    invoice.set_field("invoice_date", "2026-31-12")
    invoice.save()
    assert invoice.errors["invoice_date"].startswith("Date invalide : écrivez jj/mm/aaaa")
    invoice.set_field("invoice_date", "15/01/2027")
    invoice.save()
    saved = session.exec(select(Invoice)).one()
    assert saved.invoice_date == date(2027, 1, 15)
    reloaded = open_form(root, InvoiceFormState, f"/factures/{saved.id}")
    assert reloaded.form["invoice_date"] == "15/01/2027"

    opportunity = save_opportunity(
        session,
        {"customer_id": str(customer.id), "title": "Poêle", "expected_close_date": "28/02/2027"},
    )
    session.commit()
    form = open_form(root, OpportunityFormState, f"/opportunites/{opportunity.id}")
    assert form.form["expected_close_date"] == "28/02/2027"
    assert session.get(Opportunity, opportunity.id).expected_close_date == date(2027, 2, 28)


def test_the_map_day_is_french_and_waits_for_a_whole_date(root, session, office_user):
    state = open_form(root, MapPageState, "/carte")
    state.set_filter("mode", "interventions")
    assert FRENCH_DATE.fullmatch(state.day)
    shown = state.map_html
    state.set_filter("day", "28/12/20")  # still typing: the map stays
    assert state.day == "28/12/20" and state.map_html == shown
    assert state.day_error.startswith("Date invalide")
    state.set_filter("day", "28/12/2023")
    assert state.day == "28/12/2023" and state.day_error == ""


# --- What the journal shows ------------------------------------------------------------


def test_the_journal_shows_dates_and_amounts_in_french(session, customer):
    opportunity = save_opportunity(
        session,
        {"customer_id": str(customer.id), "title": "Poêle", "expected_revenue": "1 250,50"},
    )
    save_opportunity(
        session,
        {
            "customer_id": str(customer.id),
            "title": "Poêle",
            "expected_revenue": "2 000",
            "expected_close_date": "28/02/2027",
        },
        opportunity_id=opportunity.id,
        expected_version=opportunity.version,
    )
    session.commit()
    details = journal(session, customer.id).lines[0].details
    assert re.search(r"Revenu attendu : 1\s250,50\s€ → 2\s000,00\s€", details), details
    assert "Date de clôture prévue : ∅ → 28/02/2027" in details
