"""Installed equipment and maintenance on a real database file: the due-date
rules, saving and refusing equipment and contracts, « À planifier » and its
drafts, recording a visit and the rule run when an intervention is done."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlmodel import select

from crm_app.audit.service import journal
from crm_app.contacts import service as contacts
from crm_app.contacts.forms import ContactForm, SubContactForm
from crm_app.core.clock import add_months, local_today
from crm_app.core.errors import FormError
from crm_app.core.forms import parse_form
from crm_app.demo.loader import load_reference_data
from crm_app.equipment import contracts, planning, visits
from crm_app.equipment import service as equipment_service
from crm_app.equipment.due import ContractTerms, effective_state, next_due
from crm_app.equipment.models import Equipment, MaintenanceVisit
from crm_app.interventions.models import Intervention, InterventionState
from crm_app.interventions.service import save_intervention
from crm_app.reference.models import EquipmentType, TaskType
from crm_app.users.models import Actor, UserRole
from crm_app.users.service import create_user

TODAY = date(2026, 12, 4)


def terms(**changes) -> ContractTerms:
    values = dict(
        state="active",
        start_on=date(2025, 1, 1),
        end_on=None,
        tacit_renewal=True,
        periodicity_months=None,
        preferred_month=None,
    )
    values.update(changes)
    return ContractTerms(**values)


def due(**changes) -> date:
    values = dict(
        type_months=12,
        own_months=None,
        last_done=date(2026, 3, 10),
        commissioned_on=None,
        created_on=date(2024, 1, 1),
        terms=None,
    )
    values.update(changes)
    return next_due(**values)


# --- The rules, on plain values ---------------------------------------------------------


def test_boiler_is_due_a_year_after_its_last_maintenance():
    assert due() == date(2027, 3, 10)


def test_heat_pump_is_due_two_years_after():
    assert due(type_months=24) == date(2028, 3, 10)


def test_two_sweeps_a_year_and_an_equipment_override():
    assert due(own_months=6) == date(2026, 9, 10)


def test_without_history_from_commissioning_else_at_once():
    assert due(last_done=None, commissioned_on=date(2025, 11, 30)) == date(2026, 11, 30)
    assert due(last_done=None) == date(2024, 1, 1)


def test_contract_period_and_preferred_month_win():
    assert due(own_months=24, terms=terms(periodicity_months=12)) == date(2027, 3, 10)
    # Serviced in March, the customer wants October: the nearest October.
    assert due(terms=terms(preferred_month=10)) == date(2026, 10, 1)
    # Never before the last visit.
    assert due(last_done=date(2026, 10, 20), terms=terms(preferred_month=10)) == date(2027, 10, 1)


def test_contract_renewal_and_end():
    fixed = terms(tacit_renewal=False, end_on=date(2026, 12, 31), periodicity_months=6)
    # The contract's 6 months land after its end: the type's 12 months apply.
    assert due(last_done=date(2026, 9, 1), terms=fixed) == date(2027, 9, 1)
    renewing = terms(end_on=date(2026, 12, 31), periodicity_months=6)
    assert due(last_done=date(2026, 9, 1), terms=renewing) == date(2027, 3, 1)
    assert effective_state(fixed, TODAY.replace(year=2027)) == "expired"
    assert effective_state(renewing, TODAY.replace(year=2027)) == "active"
    # A terminated contract plans nothing.
    assert due(terms=terms(state="terminated", periodicity_months=6)) == date(2027, 3, 10)


def test_add_months_keeps_the_end_of_month():
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)


# --- On a database ----------------------------------------------------------------------


@pytest.fixture
def world(session, office_user):
    load_reference_data(session)
    customer = contacts.create_contact(
        session,
        parse_form(ContactForm, {"name": "Albert Pont", "zip": "35000", "city": "Rennes"}),
        created_by_id=office_user.id,
    )
    flat = contacts.create_sub_contact(
        session,
        customer.saved_id,
        parse_form(
            SubContactForm,
            {
                "address_type": "delivery",
                "name": "Appartement 2",
                "street": "3 rue Haute",
                "zip": "35700",
                "city": "Rennes",
            },
        ),
        created_by_id=office_user.id,
    )
    technician = create_user(
        session,
        name="Paul Tech",
        login="paul",
        password="motdepasse-solide",
        role=UserRole.TECHNICIAN,
    )
    session.commit()
    types = {t.name: t for t in session.exec(select(EquipmentType))}
    task = session.exec(select(TaskType).where(TaskType.name == "Entretien chaudière gaz")).one()
    return {
        "customer": customer,
        "flat": flat,
        "user": office_user,
        "tech": technician,
        "types": types,
        "task": task,
    }


def add_equipment(session, world, address, type_name="Chaudière gaz", **values):
    raw = {
        "address_id": str(address.id),
        "type_id": str(world["types"][type_name].id),
        "brand": "Saunier Duval",
        "model": "ThemaPlus",
        "commissioned_on": "15/01/2020",
        "power_kw": "24,5",
        "energy": "gas",
    }
    raw.update(values)
    equipment = equipment_service.save_equipment(session, raw, user_id=world["user"].id)
    session.commit()
    return equipment


def test_equipment_is_saved_with_its_due_date(session, world):
    boiler = add_equipment(session, world, world["flat"])
    assert boiler.main_contact_id == world["customer"].id
    assert boiler.power_kw == 24.5
    assert boiler.next_due_on == date(2021, 1, 15)  # never serviced since: overdue
    groups = equipment_service.contact_equipment(session, world["customer"].saved_id)
    assert [g.title for g in groups] == ["Albert Pont, Appartement 2"]
    assert groups[0].equipment[0].overdue
    assert equipment_service.suggestions(session, "brand", "sau") == ["Saunier Duval"]
    assert equipment_service.suggestions(session, "model", "", brand="saunier duval") == [
        "ThemaPlus"
    ]


def test_bad_equipment_input_is_refused_and_nothing_is_stored(session, world):
    with pytest.raises(FormError) as refused:
        add_equipment(
            session,
            world,
            world["customer"],
            commissioned_on="01/01/2099",
            power_kw="0",
            serial_number="x" * 500,
        )
    assert set(refused.value.errors) == {"commissioned_on", "power_kw", "serial_number"}
    with pytest.raises(FormError) as too_big:
        add_equipment(session, world, world["customer"], power_kw="20000", type_id="")
    assert "10" in too_big.value.errors["power_kw"] and "type_id" in too_big.value.errors
    session.rollback()
    assert session.exec(select(Equipment)).all() == []


def test_html_is_stored_as_typed(session, world):
    boiler = add_equipment(
        session, world, world["customer"], notes="<b>chaud</b><script>x</script>"
    )
    assert boiler.notes == "<b>chaud</b><script>x</script>"


def test_contract_moves_the_due_date_and_refuses_an_end_before_its_start(session, world):
    boiler = add_equipment(session, world, world["customer"])
    raw = {
        "address_id": str(world["customer"].id),
        "equipment_ids": [str(boiler.id)],
        "start_on": "01/01/2026",
        "end_on": "01/12/2025",
        "state": "active",
        "yearly_price_cents": "150",
        "preferred_month": "10",
    }
    with pytest.raises(FormError) as refused:
        contracts.save_contract(session, raw)
    assert refused.value.errors == {"end_on": "La date de fin précède la date de début."}
    contract = contracts.save_contract(session, {**raw, "end_on": ""}, user_id=world["user"].id)
    session.commit()
    session.refresh(boiler)
    assert boiler.contract_id == contract.id
    assert boiler.next_due_on == date(2020, 10, 1)  # the October nearest to 15/01/2021
    entries = journal(session, world["customer"].id).lines
    assert any(f"Contrat : ∅ → n° {contract.id}" in e.details for e in entries), [
        e.details for e in entries
    ]
    page = contracts.search_contracts(session, "pont")
    assert [line.price_label for line in page.lines] == ["150,00\u00a0€"]
    assert page.lines[0].equipment_count == 1
    assert contracts.search_contracts(session, "", state="draft").lines == []
    # Released: the type's rule again.
    contracts.save_contract(
        session,
        {**raw, "end_on": "", "equipment_ids": [], "state": "terminated"},
        contract_id=contract.id,
        expected_version=contract.version,
    )
    session.refresh(boiler)
    assert boiler.contract_id is None and boiler.next_due_on == date(2021, 1, 15)


def test_due_list_drafts_and_visit(session, world):
    boiler = add_equipment(session, world, world["customer"])
    flue = add_equipment(session, world, world["customer"], type_name="Conduit de fumée")
    other = add_equipment(session, world, world["flat"], commissioned_on="")
    filters = planning.DueFilters(month=local_today())
    page = planning.due_page(session, filters)
    assert {line.equipment_id for line in page.lines} == {boiler.id, flue.id, other.id}
    assert planning.due_page(session, planning.DueFilters(month=local_today(), place="35700"))
    by_place = planning.DueFilters(month=local_today(), order="place")
    assert [line.equipment_id for line in planning.due_page(session, by_place).lines] == [
        boiler.id,  # 35000 Rennes, due in 2021
        flue.id,  # same address, same due date, created after
        other.id,  # 35700
    ]
    second = planning.due_page(session, by_place, page=2, page_size=2)
    assert [line.equipment_id for line in second.lines] == [other.id]
    only_flat = planning.due_page(session, planning.DueFilters(month=local_today(), place="357"))
    assert [line.equipment_id for line in only_flat.lines] == [other.id]
    not_overdue = planning.DueFilters(month=local_today(), include_overdue=False)
    assert {line.equipment_id for line in planning.due_page(session, not_overdue).lines} == {
        other.id  # created today, never serviced: due this month
    }

    result = planning.create_drafts(
        session,
        [boiler.id or 0, flue.id or 0, other.id or 0],
        task_type_id=world["task"].id,
        start_at=datetime(2026, 12, 15, 8, 0, tzinfo=UTC),
        technician_id=world["tech"].id,
        user_id=world["user"].id,
    )
    session.commit()
    assert len(result.created) == 2 and result.skipped == []
    assert planning.due_page(session, filters).lines == []  # planned now
    at_home = next(
        session.get(Intervention, i)
        for i in result.created
        if session.get(Intervention, i).address_id == world["customer"].id
    )
    assert at_home.duration_minutes == 90 and at_home.state == "draft"
    assert visits.linked_equipment_ids(session, at_home.saved_id) == sorted([boiler.id, flue.id])

    technician = Actor(id=world["tech"].id, role=UserRole.TECHNICIAN.value)
    reports = {
        boiler.id: {"checks_done": "Brûleur nettoyé", "co_ppm": "abc"},
        flue.id: {"sweep_method": "rotary", "observations": "RAS"},
    }
    with pytest.raises(FormError) as refused:
        visits.complete_visit(session, at_home.saved_id, reports, reader=technician)
    assert list(refused.value.errors) == [f"{boiler.id}.co_ppm"]
    session.rollback()
    assert session.exec(select(MaintenanceVisit)).all() == []

    reports[boiler.id]["co_ppm"] = "12,5"
    visits.complete_visit(session, at_home.saved_id, reports, reader=technician)
    session.commit()
    session.refresh(boiler)
    session.refresh(flue)
    assert session.get(Intervention, at_home.id).state == InterventionState.DONE.value
    assert boiler.last_maintenance_on == date(2026, 12, 15)
    assert boiler.next_due_on == date(2027, 12, 15)
    assert visits.visit_of(session, at_home.saved_id, boiler.id or 0).co_ppm == 12.5
    assert visits.visit_of(session, at_home.saved_id, flue.id or 0).co_ppm is None


def test_done_from_the_office_form_records_the_maintenance(session, world):
    boiler = add_equipment(session, world, world["customer"])
    form = {
        "customer_id": str(world["customer"].id),
        "address_id": str(world["customer"].id),
        "task_type_id": str(world["task"].id),
        "start_at": "10/11/2026 09:00",
        "duration_minutes": "01:30",
        "technician_ids": [],
    }
    intervention = save_intervention(session, form, user_id=world["user"].id)
    visits.link_equipment(session, intervention, [boiler.id or 0])
    session.commit()
    save_intervention(
        session,
        {**form, "state": "done"},
        intervention_id=intervention.id,
        expected_version=intervention.version,
        user_id=world["user"].id,
    )
    session.commit()
    session.refresh(boiler)
    assert boiler.last_maintenance_on == date(2026, 11, 10)
    assert boiler.next_due_on == date(2027, 11, 10)


def test_archived_equipment_gets_no_visit_and_no_due_date(session, world):
    boiler = add_equipment(session, world, world["customer"])
    intervention = save_intervention(
        session,
        {
            "customer_id": str(world["customer"].id),
            "address_id": str(world["customer"].id),
            "task_type_id": str(world["task"].id),
            "start_at": "10/11/2026 09:00",
            "duration_minutes": "01:30",
            "technician_ids": [str(world["tech"].id)],
        },
        user_id=world["user"].id,
    )
    visits.link_equipment(session, intervention, [boiler.id or 0])
    equipment_service.set_equipment_active(session, boiler.id or 0, False)
    session.commit()
    assert boiler.next_due_on is None
    technician = Actor(id=world["tech"].id, role=UserRole.TECHNICIAN.value)
    with pytest.raises(FormError) as refused:
        visits.complete_visit(session, intervention.saved_id, {}, reader=technician)
    assert "archivé" in refused.value.errors[f"{boiler.id}.__all__"]
    # Another technician may not record it.
    stranger = Actor(id=999, role=UserRole.TECHNICIAN.value)
    with pytest.raises(visits.VisitRefused):
        visits.complete_visit(session, intervention.saved_id, {}, reader=stranger)


def test_due_map_points_group_an_address(session, world):
    add_equipment(session, world, world["customer"])
    add_equipment(session, world, world["customer"], type_name="Conduit de fumée")
    customer = world["customer"]
    customer.latitude, customer.longitude = 48.11, -1.68
    session.add(customer)
    session.commit()
    points = planning.due_map_points(
        session, planning.DueFilters(month=date(2021, 1, 1), include_overdue=False)
    )
    assert [(p.name, p.label) for p in points] == [
        ("Albert Pont", "2 entretien(s) à planifier : chaudière gaz, conduit de fumée")
    ]


def test_drafts_skip_a_blocked_customer_and_roll_back_whole(session, world):
    blocked = world["customer"]
    blocked.warning_message, blocked.warning_blocking = "Mauvais payeur", True
    blocked.warning_on_interventions = True
    session.add(blocked)
    boiler = add_equipment(session, world, world["customer"])
    other = contacts.create_contact(
        session, parse_form(ContactForm, {"name": "Bernard Gautier", "city": "Bruz"}),
        created_by_id=world["user"].id,
    )  # fmt: skip
    stove = add_equipment(session, world, other, type_name="Poêle à granulés")
    session.commit()
    result = planning.create_drafts(
        session,
        [boiler.id or 0, stove.id or 0],
        task_type_id=world["task"].id,
        start_at=datetime(2027, 1, 4, 8, 0, tzinfo=UTC),
        technician_id=None,
        user_id=world["user"].id,
    )
    assert len(result.created) == 1
    assert result.skipped == ["Albert Pont : " + result.skipped[0].split(" : ", 1)[1]]
    assert "Mauvais payeur" in result.skipped[0]
    session.rollback()  # one transaction: nothing was committed on the way
    assert session.exec(select(Intervention)).all() == []


def test_due_list_filters_by_contract_state(session, world):
    signed = add_equipment(session, world, world["customer"])
    pending = add_equipment(session, world, world["customer"], type_name="Poêle à bois")
    loose = add_equipment(session, world, world["flat"])
    for equipment, state in ((signed, "active"), (pending, "draft")):
        contracts.save_contract(
            session,
            {"address_id": str(equipment.address_id), "equipment_ids": [str(equipment.id)],
             "start_on": "01/01/2026", "state": state},
        )  # fmt: skip
    session.commit()

    def shown(contract: str) -> set[int]:
        filters = planning.DueFilters(month=local_today(), contract=contract)
        return {line.equipment_id for line in planning.due_page(session, filters).lines}

    assert shown("active") == {signed.id}
    assert shown("none") == {pending.id, loose.id}
    assert shown("draft") == {pending.id}
    assert shown("terminated") == set()
    assert shown("") == {signed.id, pending.id, loose.id}
