"""State tests of « Ma journée » and the field report page; a technician
forging events on another technician's intervention changes nothing."""

from __future__ import annotations

import base64
import io

import pytest
from PIL import Image
from sqlmodel import select

from crm_app.contacts import service as contacts
from crm_app.contacts.forms import ContactForm
from crm_app.core.clock import to_local
from crm_app.core.forms import parse_form
from crm_app.demo.loader import load_reference_data
from crm_app.interventions.field_state import FieldReportState
from crm_app.interventions.models import Intervention
from crm_app.interventions.service import save_intervention
from crm_app.interventions.state import InterventionFormState
from crm_app.planning import sectors
from crm_app.planning.calendar import wall_clock as calendar_wall_clock
from crm_app.planning.calendar_state import CalendarState
from crm_app.planning.day_state import DayState
from crm_app.planning.sector_state import SectorState
from crm_app.reference.models import TaskType
from crm_app.users.models import UserRole
from crm_app.users.service import create_user
from tests.state_helpers import PASSWORD, at_path, log_in, run_async, substate
from tests.table_contents import table_checksums

DAY = "08/12/2026"
DAY_ISO = "2026-12-08"


@pytest.fixture
def field_world(session, app_db, tmp_path, monkeypatch):
    monkeypatch.setenv("CRM_PRIVATE_DIR", str(tmp_path / "private"))
    load_reference_data(session)
    office = create_user(session, name="Bureau", login="bureau", password=PASSWORD)
    paul = create_user(
        session, name="Paul Tech", login="paul", password=PASSWORD, role=UserRole.TECHNICIAN
    )
    marc = create_user(
        session, name="Marc Tech", login="marc", password=PASSWORD, role=UserRole.TECHNICIAN
    )
    task = session.exec(select(TaskType)).first()
    made = {}
    for name, lon, hour, who in [
        ("Est", -1.43, "08:00", paul),
        ("Milieu", -1.58, "10:00", paul),
        ("Chez Marc", -1.60, "09:00", marc),
    ]:
        contact = contacts.create_contact(
            session,
            parse_form(
                ContactForm,
                {"name": name, "street": "1 rue Haute", "zip": "35000", "city": "Rennes"},
            ),  # fmt: skip
            created_by_id=office.id,
        )
        contact.latitude, contact.longitude = 48.11, lon
        made[name] = save_intervention(
            session,
            {
                "customer_id": str(contact.id),
                "address_id": str(contact.id),
                "task_type_id": str(task.id if task else 0),
                "start_at": f"{DAY} {hour}",
                "duration_minutes": "01:00",
                "state": "confirmed",
                "technician_ids": [str(who.id)],
            },
            user_id=office.id,
        )
    paul.start_latitude, paul.start_longitude = 48.11, -1.68
    paul.start_address = "Dépôt, Rennes"
    session.commit()
    return {"office": office, "paul": paul, "marc": marc, **made}


def day_state(root, login, query=f"?jour={DAY}"):
    log_in(root, login)
    state = substate(root, DayState)
    at_path(state, f"/ma-journee{query}")
    follow_up = run_async(state.load())
    assert state.stops == [] or state.map_html == ""  # the stops come first
    assert follow_up is not None  # then the map, in its own answer
    run_async(state.draw_map())
    return state


def test_technician_sees_his_day_and_optimises_it(root, field_world):
    state = day_state(root, "paul")
    assert [s.customer for s in state.stops] == ["Est", "Milieu"]
    assert state.stops[0].geo_link.startswith("geo:48.110000,-1.430000")
    assert "2 interventions" in state.totals and "km" in state.totals
    assert "Est" in state.map_html and "Dépôt" in state.map_html
    run_async(state.optimise())
    assert [s.id for s in state.stops] == [i for i, _ in state.proposal]
    assert "au lieu de" in state.proposal_summary
    # He may look at a better order, not write it to the planning.
    assert run_async(state.apply_proposal()) is not None
    run_async(state.next_day())
    assert state.stops == [] and state.day_text == "09/12/2026"


def test_office_applies_the_order_to_the_planning(root, session, field_world):
    paul = field_world["paul"]
    state = day_state(root, "bureau", f"?jour={DAY}&technicien={paul.id}")
    assert state.technician_name == "Paul Tech"
    run_async(state.optimise())
    proposal = list(state.proposal)
    assert len(proposal) == 2
    run_async(state.apply_proposal())
    session.expire_all()
    for intervention_id, minute in proposal:
        start = to_local(session.get(Intervention, intervention_id).start_at)
        assert start.hour * 60 + start.minute == minute
    assert [s.id for s in state.stops] == [i for i, _ in proposal]
    assert state.proposal == []


def signature_url() -> str:
    image = Image.new("RGBA", (200, 80), (0, 0, 0, 0))
    for x in range(20, 180):
        image.putpixel((x, 40), (0, 0, 0, 255))
    out = io.BytesIO()
    image.save(out, "PNG")
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode()


def field_state(root, login, intervention_id):
    log_in(root, login)
    state = substate(root, FieldReportState)
    at_path(state, f"/terrain/{intervention_id}")
    run_async(state.load())
    return state


def test_field_report_from_start_to_finish(root, session, field_world):
    state = field_state(root, "paul", field_world["Est"].id)
    assert state.refused == "" and state.can_start
    run_async(state.start())
    assert state.state == "in_progress" and state.started_label
    run_async(state.finish(True))
    assert state.errors["report"] == "Décrivez ce qui a été fait."
    run_async(state.set_report("Ramonage fait"))
    run_async(state.set_signature(signature_url()))
    run_async(state.set_signer_name("M. Est"))
    run_async(state.save_signature())
    assert state.signed_label.startswith("Signé par M. Est")
    assert state.signature_image.startswith("data:image/png;base64,")
    run_async(state.finish(True))
    assert state.state == "done" and state.finished and state.saved_signal == 1
    assert state.time_spent_label


def test_forged_field_events_on_another_technicians_intervention_change_nothing(
    root, session, field_world
):
    theirs = field_world["Chez Marc"].id
    state = field_state(root, "paul", theirs)
    assert state.refused == "Cette intervention ne vous est pas attribuée."
    before = table_checksums(session)
    state.intervention_id = theirs  # forged: the page refused, the events are sent anyway
    state.report = "forgé"
    run_async(state.set_signature(signature_url()))  # as the page would send it
    for event in (state.start(), state.finish(True), state.finish(False), state.save_signature(),
                  state.remove_photo(1), state.print_report()):  # fmt: skip
        assert run_async(event) is not None
    session.expire_all()
    assert table_checksums(session) == before


def test_sectors_page_saves_refuses_and_answers_a_postcode(root, session, field_world):
    create_user(session, name="Admin", login="chef", password=PASSWORD, role=UserRole.ADMIN)
    session.commit()
    log_in(root, "chef")
    state = substate(root, SectorState)
    at_path(state, "/secteurs")
    run_async(state.load())
    assert [o.label for o in state.technician_choices] == ["Marc Tech", "Paul Tech"]
    run_async(state.open_new())
    run_async(state.set_field("name", "Rennes"))
    run_async(state.set_field("postcodes", "35099-35000"))
    run_async(state.save())
    assert "à l'envers" in state.errors["postcodes"] and state.dialog_open
    assert state.form["name"] == "Rennes"  # what was typed stays
    run_async(state.set_field("postcodes", "350*, 35510"))
    run_async(state.toggle_technician(str(field_world["paul"].id), True))
    run_async(state.save())
    assert not state.dialog_open and [r.name for r in state.rows] == ["Rennes"]
    run_async(state.open_new())
    run_async(state.set_field("name", "Cesson"))
    run_async(state.set_field("postcodes", "35510"))
    run_async(state.save())
    assert "du secteur « Rennes »" in state.errors["postcodes"]
    run_async(state.set_probe("35042"))
    assert state.probe_answer == "Secteur Rennes : Paul Tech"
    run_async(state.set_probe("29200"))
    assert state.probe_answer == "Aucun secteur ne couvre 29200."


def test_a_new_intervention_suggests_the_sector_technicians(root, session, field_world):
    sectors.save_sector(
        session,
        name="Rennes",
        color="#ff0000",
        postcodes="350*",
        technician_ids=[field_world["marc"].id],
    )
    session.commit()
    log_in(root, "bureau")
    state = substate(root, InterventionFormState)
    at_path(state, "/interventions/nouveau")
    state.load()
    customer_id = session.get(Intervention, field_world["Est"].id).customer_id
    state.choose_customer(str(customer_id))
    assert state.technicians == [str(field_world["marc"].id)]
    assert state.sector_hint == "Secteur Rennes : ses techniciens sont proposés."
    state.set_time_fixed(True)
    assert state.form["time_fixed"] == "true"


def calendar_state(root, login="bureau"):
    log_in(root, login)
    state = substate(root, CalendarState)
    at_path(state, f"/calendrier?jour={DAY_ISO}")
    run_async(state.load())
    return state


def test_calendar_moves_confirms_the_past_and_reloads_on_conflict(root, session, field_world):
    state = calendar_state(root)
    assert [r.title for r in state.resources] == ["Marc Tech", "Paul Tech", "Non attribuées"]
    est = next(e for e in state.events if e.id == field_world["Est"].id)
    paul, marc = field_world["paul"].id, field_world["marc"].id
    move = {
        "id": est.id,
        "version": est.version,
        "start": "2026-12-09T15:00",
        "end": "2026-12-09T16:30",
        "from_lane": paul,
        "to_lane": marc,
    }
    run_async(state.move(move))
    moved = next(e for e in state.events if e.id == est.id)
    assert (moved.resource, moved.start, moved.end) == (
        marc,
        "2026-12-09T15:00",
        "2026-12-09T16:30",
    )
    # The same drop again, with the version the page had: someone changed it meanwhile.
    assert run_async(state.move(move)) is not None
    assert next(e for e in state.events if e.id == est.id).start == "2026-12-09T15:00"
    # A time already gone asks first; « Annuler » leaves it where it was.
    past = {**move, "version": moved.version, "start": "2020-01-06T09:00",
            "end": "2020-01-06T10:00", "from_lane": marc}  # fmt: skip
    run_async(state.move(past))
    assert state.confirm_open and state.pending_move["start"] == "2020-01-06T09:00"
    run_async(state.cancel_move())
    assert not state.confirm_open
    run_async(state.move(past))
    run_async(state.confirm_move())
    session.expire_all()
    assert to_local(session.get(Intervention, est.id).start_at).year == 2020


def test_calendar_slot_click_and_find_a_slot(root, session, field_world):
    state = calendar_state(root)
    event = run_async(
        state.select_slot({"start": "2026-12-08T14:00", "end": "2026-12-08T15:30", "lane": 3})
    )
    assert "debut=2026-12-08T14:00" in str(event) and "technicien=3" in str(event)
    run_async(state.select_event({"id": field_world["Chez Marc"].id}))
    assert (
        state.selected_title.startswith("Chez Marc") and state.selected_technicians == "Marc Tech"
    )
    run_async(state.find_slots())
    assert 1 <= len(state.proposals) <= 3
    choice = state.proposals[0]
    run_async(state.book(0))
    session.expire_all()
    booked = session.get(Intervention, field_world["Chez Marc"].id)
    assert calendar_wall_clock(booked.start_at) == choice.start
    assert state.proposals == []


def test_new_intervention_from_a_calendar_slot(root, field_world):
    log_in(root, "bureau")
    state = substate(root, InterventionFormState)
    at_path(
        state,
        f"/interventions/nouveau?debut=2026-12-08T14:00&fin=2026-12-08T15:30"
        f"&technicien={field_world['marc'].id}",
    )
    state.load()
    assert state.form["start_at"] == "08/12/2026 14:00"
    assert state.form["duration_minutes"] == "01:30"
    assert state.technicians == [str(field_world["marc"].id)]


def test_find_a_slot_from_the_intervention_form(root, field_world):
    log_in(root, "bureau")
    state = substate(root, CalendarState)
    at_path(state, f"/calendrier?intervention={field_world['Est'].id}")
    run_async(state.load())
    assert state.selected_id == field_world["Est"].id
    assert state.proposals or state.proposals_message
