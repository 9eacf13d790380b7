"""The calendar (lanes, overlaps, moves), « Trouver un créneau », the
calendar feeds (ICS) and the sector filters, on a real database file."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from icalendar import Calendar
from sqlmodel import select
from starlette.testclient import TestClient

from crm_app.audit.service import journal
from crm_app.core import clock
from crm_app.documents.forms import StaleDocumentError
from crm_app.geo import points
from crm_app.interventions.service import (
    save_intervention,
    search_interventions,
    technician_ids,
)
from crm_app.planning import calendar, sectors, slots
from crm_app.planning.api import feed_api
from crm_app.planning.feeds import feed_ics
from crm_app.planning.models import Sector
from crm_app.users import service as users
from tests import planning_world
from tests.planning_world import DAY, MODEL, actor, customer, visit

# The shared fixtures (pytest finds them by name in this module).
team = planning_world.team
private_dir = planning_world.private_dir

# --- Calendar feeds (ICS) ---------------------------------------------------------------


def test_calendar_feed_lists_his_interventions_and_nothing_else(session, team, app_db):
    home = customer(session, team, "Albert <b>Pont</b>", -1.6, warning="Sonner deux fois")
    mine = visit(session, team, home, "09:00")
    visit(session, team, home, "11:00", technician="marc")
    far_away = save_intervention(
        session,
        {
            "customer_id": str(home.id),
            "address_id": str(home.id),
            "task_type_id": str(team["task"].id),
            "start_at": "08/06/2027 09:00",
            "duration_minutes": "01:00",
            "technician_ids": [str(team["paul"].id)],
        },
        user_id=team["office"].id,
    )
    token = users.issue_calendar_token(session, team["paul"])
    session.commit()
    assert team["paul"].calendar_token_hash != token  # only its hash is kept

    now = datetime(2026, 12, 4, 12, 0, tzinfo=clock.UTC)
    calendar = Calendar.from_ical(feed_ics(session, team["paul"], now=now))
    events = calendar.walk("VEVENT")
    assert [str(e["uid"]) for e in events] == [f"intervention-{mine.id}@crm-terrain"]
    event = events[0]
    assert str(event["summary"]).startswith("Albert <b>Pont</b>")
    assert "Attention : Sonner deux fois" in str(event["description"])
    assert str(event["location"]) == "1 rue Haute, 35000 Rennes"
    assert event.decoded("dtstart") == datetime(2026, 12, 8, 8, 0, tzinfo=clock.UTC)
    assert far_away.id not in {int(str(e["uid"]).split("-")[1].split("@")[0]) for e in events}

    client = TestClient(feed_api)
    answer = client.get(users.calendar_feed_path(token))
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/calendar")
    assert client.get(users.calendar_feed_path("devine" * 7)).status_code == 404
    users.revoke_calendar_token(session, team["paul"])
    session.commit()
    assert client.get(users.calendar_feed_path(token)).status_code == 404
    # A new link works, the one before it does not.
    first = users.issue_calendar_token(session, team["paul"])
    second = users.issue_calendar_token(session, team["paul"])
    session.commit()
    assert client.get(users.calendar_feed_path(first)).status_code == 404
    assert client.get(users.calendar_feed_path(second)).status_code == 200
    team["paul"].active = False
    session.commit()
    assert client.get(users.calendar_feed_path(second)).status_code == 404


# --- The calendar and « Trouver un créneau » --------------------------------------------


def test_calendar_lanes_events_and_overlaps(session, team):
    east = customer(session, team, "Est", -1.43, zip_code="35510")
    mid = customer(session, team, "Milieu", -1.58)
    visit(session, team, east, "09:00")
    visit(session, team, mid, "09:30")
    loose = visit(session, team, mid, "14:00")
    save_intervention(
        session,
        {**_form(loose), "technician_ids": []},
        intervention_id=loose.id,
        expected_version=loose.version,
        user_id=team["office"].id,
    )
    sectors.save_sector(
        session, name="Rennes", color="#ff0000", postcodes="350*", technician_ids=[]
    )
    session.commit()
    first, last = calendar.period(DAY, 7)
    assert first.weekday() == 0 and (last - first).days == 7
    data = calendar.calendar_data(session, first, last)
    assert [r.title for r in data.resources] == ["Marc Tech", "Paul Tech", "Non attribuées"]
    paul = [e for e in data.events if e.resource == team["paul"].id]
    assert [e.start[11:] for e in paul] == ["09:00", "09:30"] and all(e.overlap for e in paul)
    assert len(data.overlaps) == 1 and "Paul Tech" in data.overlaps[0]
    unassigned = [e for e in data.events if e.resource == calendar.UNASSIGNED]
    assert [e.id for e in unassigned] == [loose.id] and not unassigned[0].overlap
    assert paul[1].sector_color == "#ff0000" and paul[0].sector_color == ""
    rennes = session.exec(select(Sector)).one()
    only_rennes = calendar.calendar_data(session, first, last, sector_id=rennes.id)
    assert {e.title for e in only_rennes.events} == {"Milieu · Rennes"}


def _form(intervention) -> dict:
    return {
        "customer_id": str(intervention.customer_id),
        "address_id": str(intervention.address_id),
        "task_type_id": str(intervention.task_type_id),
        "start_at": "08/12/2026 14:00",
        "duration_minutes": "01:00",
        "state": intervention.state,
    }


def test_moving_an_intervention_on_the_calendar(session, team):
    east = customer(session, team, "Est", -1.43)
    intervention = visit(session, team, east, "09:00")
    session.commit()
    office = actor(team["office"])
    moved = calendar.move_intervention(
        session,
        intervention.saved_id,
        start="2026-12-09T14:30",
        end="2026-12-09T16:00",
        from_lane=team["paul"].id,
        to_lane=team["marc"].id,
        expected_version=intervention.version,
        actor=office,
    )
    session.commit()
    local = clock.to_local(moved.start_at)
    assert (local.day, local.hour, local.minute) == (9, 14, 30)
    assert moved.duration_minutes == 90
    assert technician_ids(session, moved.saved_id) == [team["marc"].id]
    assert any("Date" in line.details for line in journal(session, east.saved_id).lines)

    def move(**changes):
        values = dict(
            start="2026-12-09T14:30",
            end="2026-12-09T15:00",
            from_lane=team["marc"].id,
            to_lane=team["marc"].id,
            expected_version=moved.version,
            actor=office,
        )
        values.update(changes)
        return calendar.move_intervention(session, moved.saved_id, **values)

    with pytest.raises(StaleDocumentError):
        move(expected_version=moved.version - 1)
    with pytest.raises(calendar.MoveRefused, match="entre 5 minutes et 24 heures"):
        move(end="2026-12-09T14:33")
    with pytest.raises(calendar.MoveRefused, match="entre 5 minutes et 24 heures"):
        move(end="2026-12-10T15:00")
    team["paul"].active = False
    session.flush()
    with pytest.raises(calendar.MoveRefused, match="archivé"):
        move(to_lane=team["paul"].id)
    with pytest.raises(calendar.MoveRefused, match="bureau"):
        move(actor=actor(team["marc"]))
    assert calendar.is_past("2020-01-01T08:00") and not calendar.is_past("2999-01-01T08:00")


def test_find_slots_prefers_little_driving_and_the_sector(session, team):
    east = customer(session, team, "Est", -1.43)
    mid = customer(session, team, "Milieu", -1.58)
    marcs = customer(session, team, "Chez Marc", -1.60)
    new = customer(session, team, "Nouveau", -1.59)
    team["paul"].start_latitude, team["paul"].start_longitude = 48.11, -1.68
    visit(session, team, east, "08:00")
    visit(session, team, mid, "10:00")
    visit(session, team, marcs, "09:00", technician="marc")
    session.commit()
    found = slots.find_slots(
        session, address=new, duration_minutes=60, today=DAY, now_minute=0, model=MODEL
    )
    assert len(found) == 3
    best = found[0]
    assert best.technician == "Paul Tech" and best.extra_km is not None and best.extra_km < 1
    assert clock.to_local(best.start).strftime("%d %H:%M") == "08 11:15"
    assert best.label.startswith("Paul Tech, mardi 8 décembre 11:15, +0 km")
    assert found[1].technician == "Marc Tech"

    sectors.save_sector(
        session, name="Rennes", color="#ff0000", postcodes="350*", technician_ids=[team["marc"].id]
    )
    session.commit()
    found = slots.find_slots(
        session, address=new, duration_minutes=60, today=DAY, now_minute=0, model=MODEL
    )
    # The sector's technician first.
    assert found[0].technician == "Marc Tech" and found[0].in_sector
    outside = [s for s in found if not s.in_sector]
    assert all("(hors secteur)" in s.label for s in outside)
    # An address without a position: no driving is measured, none is made up.
    nowhere = customer(session, team, "Sans position", -1.59)
    nowhere.latitude = nowhere.longitude = None
    session.commit()
    found_nowhere = slots.find_slots(
        session, address=nowhere, duration_minutes=60, today=DAY, now_minute=0, model=MODEL
    )
    assert found_nowhere and all(s.extra_km is None for s in found_nowhere)
    assert all("trajet inconnu" in s.label and "km" not in s.label for s in found_nowhere)

    to_place = visit(session, team, new, "16:00")
    booked = calendar.book_slot(
        session,
        to_place.saved_id,
        found[0].technician_id,
        found[0].start,
        expected_version=to_place.version,
        actor=actor(team["office"]),
    )
    assert technician_ids(session, booked.saved_id) == [team["marc"].id]
    assert booked.start_at == found[0].start


def test_a_free_day_without_a_start_point_is_not_shown_as_no_driving(session, team):
    """Nobody's start point is known and nobody has a visit: the drive to the
    address cannot be measured, and the proposals say so."""
    new = customer(session, team, "Nouveau", -1.59)
    session.commit()
    found = slots.find_slots(
        session, address=new, duration_minutes=60, today=DAY, now_minute=0, model=MODEL
    )
    assert len(found) == 3
    assert all(s.extra_km is None and s.label.endswith("trajet inconnu") for s in found)
    # Once a technician's start point is known, his drive is measured and preferred.
    team["paul"].start_latitude, team["paul"].start_longitude = 48.11, -1.60
    session.commit()
    found = slots.find_slots(
        session, address=new, duration_minutes=60, today=DAY, now_minute=0, model=MODEL
    )
    assert found[0].technician == "Paul Tech" and found[0].extra_km is not None
    assert found[0].label.endswith(" km")


def test_sector_filters_the_planning_list_and_the_map(session, team):
    rennes = customer(session, team, "Rennais", -1.6, zip_code="35000")
    cesson = customer(session, team, "Cessonnais", -1.55, zip_code="35510")
    visit(session, team, rennes, "09:00")
    visit(session, team, cesson, "11:00")
    sector = sectors.save_sector(
        session, name="Rennes", color="#ff0000", postcodes="350*", technician_ids=[]
    )
    session.commit()
    office = actor(team["office"])
    where = sectors.intervention_in_sector(session, sector.saved_id)
    listed = search_interventions(session, "", reader=office, where=where)
    assert [line.customer for line in listed.lines] == ["Rennais"]
    assert len(search_interventions(session, "", reader=office).lines) == 2

    in_rennes = sectors.sector_filter(session, sector.saved_id)
    shown = points.contact_points(session, "all", postcode_filter=in_rennes)
    assert [p.title for p in shown] == ["Rennais"]
    coloured = points.contact_points(
        session, "all", color_of_postcode=sectors.color_of_postcode(session)
    )
    assert {p.title: p.color for p in coloured} == {
        "Rennais": "#ff0000",
        "Cessonnais": sectors.NO_SECTOR_COLOR,
    }
    day_points = points.intervention_points(
        session, DAY, technician_id=None, state="", reader=office, postcode_filter=in_rennes
    )
    assert len(day_points) == 1


def test_someone_from_the_office_sent_on_a_visit_gets_a_lane(session, team):
    east = customer(session, team, "Est", -1.43)
    intervention = visit(session, team, east, "09:00")
    save_intervention(
        session,
        {**_form(intervention), "technician_ids": [str(team["office"].id)]},
        intervention_id=intervention.id,
        expected_version=intervention.version,
        user_id=team["office"].id,
    )
    session.commit()
    first, last = calendar.period(DAY, 7)
    data = calendar.calendar_data(session, first, last)
    assert [r.title for r in data.resources] == [
        "Jean Jean",
        "Marc Tech",
        "Paul Tech",
        "Non attribuées",
    ]
    assert [e.resource for e in data.events] == [team["office"].id]
    next_week = calendar.calendar_data(session, last, last + timedelta(days=7))
    assert "Jean Jean" not in [r.title for r in next_week.resources]
