"""State tests of the « Équipements » tab, « À planifier » and the visit page,
and the printed certificate and contract read back with pypdf."""

from __future__ import annotations

import io
from datetime import date

import pytest
from pypdf import PdfReader
from sqlmodel import select

from crm_app.contacts import service as contacts
from crm_app.contacts.forms import ContactForm
from crm_app.core.clock import local_today
from crm_app.core.forms import parse_form
from crm_app.demo.loader import load_reference_data
from crm_app.equipment import contracts, visits
from crm_app.equipment import service as equipment_service
from crm_app.equipment.contract_state import ContractTabState
from crm_app.equipment.documents import build_certificate, build_contract_pdf, build_letters
from crm_app.equipment.due_state import DueState
from crm_app.equipment.models import Equipment
from crm_app.equipment.reminder_state import ReminderState
from crm_app.equipment.tab_state import EquipmentTabState
from crm_app.equipment.visit_state import VisitState
from crm_app.interventions.service import save_intervention
from crm_app.reference.models import EquipmentType, TaskType
from crm_app.users.models import UserRole
from crm_app.users.service import create_user
from tests.state_helpers import PASSWORD, at_path, log_in, run_async, substate


def pdf_text(data: bytes) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages).split())


@pytest.fixture
def home(session, office_user):
    load_reference_data(session)
    contact = contacts.create_contact(
        session,
        parse_form(
            ContactForm,
            {"name": "Albert Pont", "street": "3 rue Haute", "zip": "35000", "city": "Rennes"},
        ),
        created_by_id=office_user.id,
    )
    create_user(
        session, name="Paul Tech", login="paul", password=PASSWORD, role=UserRole.TECHNICIAN
    )
    session.commit()
    return contact


def type_id(session, name: str) -> str:
    return str(session.exec(select(EquipmentType).where(EquipmentType.name == name)).one().id)


def open_tab(root, home):
    log_in(root)
    tab = substate(root, ContractTabState)
    at_path(tab, f"/contact/{home.id}")
    run_async(tab.load())
    return tab


def test_the_dialog_keeps_what_was_typed_and_saves(root, home, session):
    tab = open_tab(root, home)
    tab.open_new_equipment()
    assert tab.equipment_dialog_open and tab.equipment_form["address_id"] == str(home.id)
    assert [o.label for o in tab.equipment_type_options][:2] == [
        "Chaudière bois/granulés",
        "Chaudière fioul",
    ]
    tab.set_equipment_field("type_id", type_id(session, "Chaudière gaz"))
    tab.set_equipment_field("brand", "Frisquet")
    tab.set_equipment_field("power_kw", "0")
    tab.set_equipment_field("commissioned_on", "01/01/2099")
    tab.save_equipment()
    assert tab.equipment_dialog_open
    assert set(tab.equipment_errors) == {"power_kw", "commissioned_on"}
    assert tab.equipment_form["brand"] == "Frisquet" and tab.equipment_form["power_kw"] == "0"
    assert session.exec(select(Equipment)).all() == []

    tab.set_equipment_field("power_kw", "32")
    tab.set_equipment_field("commissioned_on", "12/03/2022")
    tab.save_equipment()
    assert not tab.equipment_dialog_open
    assert tab.equipment_count == 1
    line = tab.equipment_groups[0].equipment[0]
    assert line.title == "Frisquet" and line.overdue

    # A contract for it: the tab's equipment shows it at once.
    tab.open_new_contract()
    assert tab.contract_equipment == [str(line.id)]
    tab.set_contract_field("yearly_price_cents", "139,00")
    tab.set_contract_field("preferred_month", "10")
    tab.save_contract()
    assert tab.contract_errors == {} and not tab.contract_dialog_open
    assert tab.contract_lines[0].price_label.startswith("139,00")
    assert tab.equipment_groups[0].equipment[0].contract_label.startswith("Contrat n°")

    tab.set_equipment_active(line.id, False)
    assert tab.equipment_count == 0
    tab.set_equipment_show_archived(True)
    assert tab.equipment_count == 1 and not tab.equipment_groups[0].equipment[0].active


def test_a_technician_reads_the_tab_but_cannot_write(root, home, session):
    equipment_service.save_equipment(
        session, {"address_id": str(home.id), "type_id": type_id(session, "Poêle à bois")}
    )
    session.commit()
    log_in(root, "paul")
    tab = substate(root, EquipmentTabState)
    at_path(tab, f"/contact/{home.id}")
    run_async(tab.load())
    assert tab.equipment_count == 1
    tab.open_new_equipment()
    assert not tab.equipment_dialog_open


def test_due_list_drafts_and_the_visit_page(root, home, session):
    boiler = equipment_service.save_equipment(
        session, {"address_id": str(home.id), "type_id": type_id(session, "Chaudière gaz")}
    )
    session.commit()
    log_in(root)
    due = substate(root, DueState)
    at_path(due, "/a-planifier")
    due.load()
    assert [line.equipment_id for line in due.lines] == [boiler.id]
    assert due.month_text.endswith(str(local_today().year))
    due.select_all()
    due.open_drafts()
    task = session.exec(select(TaskType).where(TaskType.name == "Entretien chaudière gaz")).one()
    assert due.draft_form["task_type_id"] in {o.value for o in due.task_options}
    assert task.name in {o.label for o in due.task_options}
    assert "Dépannage" not in {o.label for o in due.task_options}  # not a maintenance
    due.set_draft_field("task_type_id", str(task.id))
    due.set_draft_field("start_at", "32/01/2027 08:00")
    due.create_drafts()
    assert "n'existe pas" in due.draft_errors["start_at"]
    due.set_draft_field("start_at", "15/01/2027 08:00")
    due.create_drafts()
    assert due.lines == [] and not due.drafts_open

    intervention_id = visits.linked_intervention_ids(session, boiler.id or 0)[0]
    visit = substate(root, VisitState)
    at_path(visit, f"/entretien/{intervention_id}")
    visit.load()
    assert visit.refused == "" and len(visit.cards) == 1 and visit.maintenance
    visit.set_card_field(0, "co_ppm", "n/a")
    visit.finish()
    assert visit.errors == {f"{boiler.id}.co_ppm": visit.errors[f"{boiler.id}.co_ppm"]}
    assert visit.cards[0].co_ppm == "n/a" and not visit.done
    visit.set_card_field(0, "co_ppm", "11")
    visit.set_card_field(0, "defects", "<img src=x onerror=alert(1)>")
    visit.finish()
    assert visit.done and visit.error_summary == ""
    session.expire_all()
    assert session.get(Equipment, boiler.id).next_due_on == date(2028, 1, 15)

    name, data = build_certificate(session, intervention_id, boiler.id or 0)
    assert name.startswith("attestation-")
    text = pdf_text(data)
    for expected in ("Attestation d'entretien", "Albert Pont", "3 rue Haute", "11 ppm",
                     "<img src=x onerror=alert(1)>", "Jean Jean"):  # fmt: skip
        assert expected in text, expected


def test_a_flue_gets_a_sweeping_certificate_and_the_contract_prints(session, home):
    flue = equipment_service.save_equipment(
        session,
        {
            "address_id": str(home.id),
            "type_id": type_id(session, "Conduit de fumée"),
            "brand": "Poujoulat",
            "periodicity_months": "6",
        },  # fmt: skip
    )
    task = session.exec(select(TaskType).where(TaskType.name == "Ramonage")).one()
    intervention = save_intervention(
        session,
        {"customer_id": str(home.id), "address_id": str(home.id), "task_type_id": str(task.id),
         "start_at": "02/11/2026 10:00", "duration_minutes": "01:00", "technician_ids": []},
    )  # fmt: skip
    visits.link_equipment(session, intervention, [flue.id or 0])
    office = create_user(
        session, name="Bureau", login="bureau", password=PASSWORD, role=UserRole.OFFICE
    )
    visits.complete_visit(
        session,
        intervention.saved_id,
        {flue.id: {"sweep_method": "rotary", "observations": "Conduit en bon état", "co_ppm": "5"}},
        reader=office,
    )
    contract = contracts.save_contract(
        session,
        {"address_id": str(home.id), "equipment_ids": [str(flue.id)], "start_on": "01/09/2026",
         "state": "active", "yearly_price_cents": "89", "notes": "<b>2 ramonages</b>"},
    )  # fmt: skip
    session.commit()
    session.refresh(flue)
    assert flue.next_due_on == date(2027, 5, 2)  # two sweeps a year
    text = pdf_text(build_certificate(session, intervention.saved_id, flue.id or 0)[1])
    assert "Certificat de ramonage" in text and "Rotatif (flexible motorisé)" in text
    assert "ppm" not in text  # no CO on a flue
    text = pdf_text(build_contract_pdf(session, contract.id or 0)[1])
    for expected in ("Contrat d'entretien", "89,00", "Poujoulat", "<b>2 ramonages</b>",
                     "Reconduction tacite"):  # fmt: skip
        assert expected in text, expected


def test_reminders_page_checks_the_template_and_prepares_a_month(root, home, session):
    equipment_service.save_equipment(
        session, {"address_id": str(home.id), "type_id": type_id(session, "Chaudière gaz")}
    )
    session.commit()
    log_in(root)
    page = substate(root, ReminderState)
    at_path(page, "/relances")
    page.load()
    assert "{mois}" in page.subject and page.run_id == 0
    page.set_body("Bonjour {prenom}")
    page.prepare()
    assert page.template_errors == {"body": "Champ de fusion inconnu : {prenom}."}
    assert page.run_id == 0  # nothing prepared with a wrong template
    page.set_body("Bonjour {civilite} {nom}, entretien en {mois}.")
    page.shift_month(-1)  # the current month: the boiler, never serviced, is due now
    page.prepare()
    assert page.run_id and page.total == 1 and page.letters == 1  # Albert has no e-mail
    assert page.lines[0].status_label == "Courrier"
    text = pdf_text(build_letters(session, page.run_id)[1])
    assert "Bonjour Albert Pont, entretien en" in text
