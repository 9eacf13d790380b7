"""Sectors, the route solver, « Ma journée » and reporting from the field,
on a real database file (the solver on fixed coordinates)."""

from __future__ import annotations

import base64
import io
from datetime import date, datetime

import pytest
from icalendar import Calendar
from PIL import Image
from pypdf import PdfReader
from sqlmodel import select
from starlette.testclient import TestClient

from crm_app.audit.service import journal
from crm_app.contacts import service as contacts
from crm_app.contacts.forms import ContactForm
from crm_app.core import clock
from crm_app.core.clock import as_utc
from crm_app.core.errors import FieldError, FormError
from crm_app.core.forms import parse_form
from crm_app.demo.loader import load_reference_data
from crm_app.documents.forms import StaleDocumentError
from crm_app.equipment.models import Equipment
from crm_app.geo import points
from crm_app.interventions import fieldwork
from crm_app.interventions.models import Intervention, InterventionPhoto, InterventionState
from crm_app.interventions.report import build_report
from crm_app.interventions.service import (
    save_intervention,
    search_interventions,
    technician_ids,
)
from crm_app.planning import calendar, route, sectors, slots, start_points
from crm_app.planning import day as day_service
from crm_app.planning.api import feed_api
from crm_app.planning.feeds import feed_ics
from crm_app.planning.models import Sector
from crm_app.reference.models import EquipmentType, TaskType
from crm_app.users import service as users
from crm_app.users.models import Actor, UserRole
from crm_app.users.service import create_user
from tests.geo_stub import StubGeocoder, position_for

DAY = date(2026, 12, 8)
MODEL = route.DistanceModel(road_factor=1.3, speed_kmh=45)


@pytest.fixture
def private_dir(tmp_path, monkeypatch):
    folder = tmp_path / "private"
    monkeypatch.setenv("CRM_PRIVATE_DIR", str(folder))
    return folder


@pytest.fixture
def team(session, office_user):
    load_reference_data(session)
    paul = create_user(
        session,
        name="Paul Tech",
        login="paul",
        password="motdepasse-solide",
        role=UserRole.TECHNICIAN,
    )
    marc = create_user(
        session,
        name="Marc Tech",
        login="marc",
        password="motdepasse-solide",
        role=UserRole.TECHNICIAN,
    )
    task = session.exec(select(TaskType).where(TaskType.name == "Entretien chaudière gaz")).one()
    session.commit()
    return {"office": office_user, "paul": paul, "marc": marc, "task": task}


def actor(user) -> Actor:
    return Actor(id=user.id, role=user.role)


def customer(session, team, name, lon, *, zip_code="35000", warning=""):
    contact = contacts.create_contact(
        session,
        parse_form(
            ContactForm,
            {"name": name, "street": "1 rue Haute", "zip": zip_code, "city": "Rennes"},
        ),
        created_by_id=team["office"].id,
    )
    contact.latitude, contact.longitude = 48.11, lon
    if warning:
        contact.warning_message = warning
        contact.warning_on_interventions = True
    session.add(contact)
    session.flush()
    return contact


def visit(session, team, contact, hour, technician="paul", *, fixed=False):
    intervention = save_intervention(
        session,
        {
            "customer_id": str(contact.id),
            "address_id": str(contact.id),
            "task_type_id": str(team["task"].id),
            "start_at": f"{DAY:%d/%m/%Y} {hour}",
            "duration_minutes": "01:00",
            "state": "confirmed",
            "technician_ids": [str(team[technician].id)],
        },
        user_id=team["office"].id,
    )
    intervention.time_fixed = fixed
    session.flush()
    return intervention


# --- Sectors --------------------------------------------------------------------------


def test_sector_ranges_prefixes_and_codes():
    ranges = sectors.parse_postcodes("35000 - 35099; 352* 35510")
    assert [r.label for r in ranges] == ["350*", "352*", "35510"]
    assert ranges[0].contains("35042") and not ranges[0].contains("35100")
    for text, message in [
        ("35099-35000", "à l'envers"),
        ("35A00", "ni un code postal"),
        ("", "au moins un"),
        ("35000-35099, 3500*", "se chevauchent"),
    ]:
        with pytest.raises(FieldError, match=message):
            sectors.parse_postcodes(text)


def test_sector_overlap_names_the_other_sector_and_suggestion(session, team):
    north = sectors.save_sector(
        session,
        name="Rennes Nord",
        color="#ff0000",
        postcodes="35000-35099",
        technician_ids=[team["paul"].id],
    )
    with pytest.raises(FormError) as refused:
        sectors.save_sector(
            session, name="Centre", color="#00ff00", postcodes="3505*", technician_ids=[]
        )
    assert "Rennes Nord" in refused.value.errors["postcodes"]
    with pytest.raises(FormError) as refused:
        sectors.save_sector(
            session,
            name="rennes nord",
            color="vert",
            postcodes="29*",
            technician_ids=[team["office"].id],
        )
    assert set(refused.value.errors) == {"name", "color", "technician_ids"}
    session.commit()

    suggestion = sectors.suggest_for_postcode(session, "35042")
    assert suggestion.sector_id == north.id and suggestion.technician_ids == [team["paul"].id]
    assert (
        sectors.suggest_for_postcode(session, "29200").message == "Aucun secteur ne couvre 29200."
    )
    sectors.archive_sector(session, north.saved_id)
    assert sectors.sector_of_postcode(session, "35042") is None
    # Once archived, its ranges are free for another sector.
    sectors.save_sector(
        session, name="Centre", color="#00ff00", postcodes="3505*", technician_ids=[]
    )
    with pytest.raises(FormError):
        sectors.archive_sector(session, north.saved_id, active=True)


# --- The route solver on fixed coordinates ---------------------------------------------


def line_stops():
    """Five stops on a line east of home, planned in a zigzag."""
    offsets = [3, 1, 4, 2, 5]
    return [
        route.Stop(i + 1, (48.11, -1.68 + 0.05 * k), 60, 8 * 60 + i * 90)
        for i, k in enumerate(offsets)
    ]


def test_solver_finds_the_known_best_order():
    home = (48.11, -1.68)
    stops = line_stops()
    planned = route.route_in_order(MODEL, home, stops)
    best = route.optimise(MODEL, home, stops)
    # Out along the line and back: twice the farthest stop (5 × 0.05° of longitude).
    expected = 2 * MODEL.km(home, (48.11, -1.68 + 0.25))
    assert best.total_km == pytest.approx(expected, abs=0.2)
    assert best.total_km < planned.total_km
    order = [s.id for s in best.stops]
    assert order in ([2, 4, 1, 3, 5], [5, 3, 1, 4, 2])
    # One after another from the day's first start, rounded to 5 minutes.
    starts = [s.start_minute for s in best.stops]
    assert starts[0] == 8 * 60 and all(m % 5 == 0 for m in starts)
    assert all(b - a >= 60 for a, b in zip(starts, starts[1:], strict=False))


def test_solver_keeps_an_agreed_time():
    stops = line_stops()
    stops[4] = route.Stop(5, stops[4].point, 60, 8 * 60, fixed=True)  # the farthest, at 8:00
    best = route.optimise(MODEL, (48.11, -1.68), stops)
    fixed = next(s for s in best.stops if s.id == 5)
    assert fixed.start_minute == 8 * 60
    assert best.stops[0].id == 5


def test_nearest_neighbour_baseline():
    order = route.nearest_neighbour_order(MODEL, (48.11, -1.68), line_stops())
    assert [s.id for s in order] == [2, 4, 1, 3, 5]


# --- « Ma journée » ------------------------------------------------------------------


def test_day_lists_his_stops_with_what_he_needs(session, team):
    far = customer(session, team, "Far Away", -1.43, warning="Chien méchant")
    near = customer(session, team, "Near By", -1.63)
    lost = customer(session, team, "Sans Position", -1.5)
    lost.latitude = lost.longitude = None
    session.add(
        Equipment(
            main_contact_id=near.saved_id,
            address_id=near.saved_id,
            type_id=session.exec(select(EquipmentType.id)).first() or 0,
            brand="Viessmann",
        )
    )
    visit(session, team, far, "08:00")
    visit(session, team, near, "10:00")
    visit(session, team, lost, "14:00")
    visit(session, team, near, "09:00", technician="marc")
    session.commit()

    paul = actor(team["paul"])
    plan = day_service.technician_day(session, team["paul"].id, DAY, actor=paul)
    assert [s.customer for s in plan.stops] == ["Far Away", "Near By", "Sans Position"]
    first = plan.stops[0]
    assert first.warning == "Chien méchant" and first.time_label == "08:00"
    assert first.geo_link.startswith("geo:48.110000,-1.430000")
    assert first.directions_link.endswith("destination=48.110000,-1.430000")
    assert any("Viessmann" in e for e in plan.stops[1].equipment)
    assert [s.customer for s in plan.without_position] == ["Sans Position"]
    assert "localisée" in plan.without_position[0].no_position_reason
    with pytest.raises(day_service.DayRefused):
        day_service.technician_day(session, team["marc"].id, DAY, actor=paul)


def test_optimised_order_is_applied_by_the_office_only(session, team):
    east = customer(session, team, "Est", -1.43)
    mid = customer(session, team, "Milieu", -1.58)
    first = visit(session, team, east, "08:00")
    second = visit(session, team, mid, "10:00")
    team["paul"].start_latitude, team["paul"].start_longitude = 48.11, -1.68
    session.commit()
    paul = actor(team["paul"])
    best = day_service.optimise_day(session, team["paul"].id, DAY, actor=paul).best
    assert [s.id for s in best.stops] in ([second.id, first.id], [first.id, second.id])
    with pytest.raises(day_service.DayRefused):
        day_service.apply_order(session, team["paul"].id, DAY, best.stops, actor=paul)
    office = actor(team["office"])
    changed = day_service.apply_order(session, team["paul"].id, DAY, best.stops, actor=office)
    session.commit()
    assert changed >= 1
    for stop in best.stops:
        start = as_utc(session.get(Intervention, stop.id).start_at).astimezone(clock.LOCAL_ZONE)
        assert start.hour * 60 + start.minute == stop.start_minute


# --- Reporting from the field -----------------------------------------------------------


def png_data_url(draw: bool) -> str:
    image = Image.new("RGBA", (300, 120), (0, 0, 0, 0))
    if draw:
        for x in range(40, 260):
            image.putpixel((x, 60 + (x % 20)), (0, 0, 0, 255))
    out = io.BytesIO()
    image.save(out, "PNG")
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode()


def jpeg_bytes(width=3000, height=2000) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 100, 50)).save(out, "JPEG")
    return out.getvalue()


def test_technician_starts_and_finishes_his_own_intervention(session, team, private_dir):
    home = customer(session, team, "Albert Pont", -1.6)
    intervention = visit(session, team, home, "09:00")
    session.commit()
    paul, marc = actor(team["paul"]), actor(team["marc"])
    before = intervention.version

    with pytest.raises(fieldwork.FieldworkRefused):
        fieldwork.start_intervention(session, intervention.saved_id, actor=marc)
    started = datetime(2026, 12, 8, 8, 5, tzinfo=clock.UTC)
    fieldwork.start_intervention(session, intervention.saved_id, actor=paul, now=started)
    session.commit()
    assert intervention.state == InterventionState.IN_PROGRESS.value
    assert intervention.version == before + 1

    with pytest.raises(FormError) as refused:
        fieldwork.finish_intervention(
            session, intervention.saved_id, actor=paul, done=True, report="", time_spent="2 heures"
        )
    assert set(refused.value.errors) == {"report", "time_spent"}
    session.rollback()

    photo = fieldwork.add_photo(
        session, intervention.saved_id, actor=paul, file_name="chaudiere.jpg", data=jpeg_bytes()
    )
    assert max(photo.width, photo.height) == 1600
    with pytest.raises(FieldError, match="pas une image"):
        fieldwork.add_photo(
            session, intervention.saved_id, actor=paul, file_name="x.jpg", data=b"%PDF-1.4 not"
        )
    with pytest.raises(FieldError, match="10 Mo"):
        fieldwork.add_photo(
            session,
            intervention.saved_id,
            actor=paul,
            file_name="big.jpg",
            data=b"\xff\xd8\xff" + b"0" * (50 * 1024 * 1024),
        )
    with pytest.raises(FormError) as refused:
        fieldwork.sign(
            session, intervention.saved_id, actor=paul, data_url=png_data_url(False), signer_name=""
        )
    assert "vide" in refused.value.errors["signature"]
    fieldwork.sign(
        session,
        intervention.saved_id,
        actor=paul,
        data_url=png_data_url(True),
        signer_name="A. Pont",
    )
    ended = datetime(2026, 12, 8, 9, 32, tzinfo=clock.UTC)
    fieldwork.finish_intervention(
        session,
        intervention.saved_id,
        actor=paul,
        done=True,
        report="Brûleur nettoyé <b>RAS</b>",
        now=ended,
    )
    session.commit()
    assert intervention.state == InterventionState.DONE.value
    assert intervention.time_spent_minutes == 87
    assert len(session.exec(select(InterventionPhoto)).all()) == 1
    assert len(list((private_dir / "signatures").iterdir())) == 1
    with pytest.raises(fieldwork.FieldworkRefused):
        fieldwork.start_intervention(session, intervention.saved_id, actor=paul)

    _, pdf = build_report(session, intervention.saved_id)
    reader = PdfReader(io.BytesIO(pdf))
    text = "".join(page.extract_text() for page in reader.pages)
    assert "Brûleur nettoyé <b>RAS</b>" in text
    assert "Signé par A. Pont" in text and "Temps passé" in text
    images = sum(len(page.images) for page in reader.pages)
    assert images == 2  # the photo and the signature
    entries = journal(session, home.saved_id)
    assert any("Compte rendu" in line.details and line.who == "Paul Tech" for line in entries.lines)


def test_a_technician_cannot_touch_another_ones_photo(session, team, private_dir):
    home = customer(session, team, "Albert Pont", -1.6)
    intervention = visit(session, team, home, "09:00")
    photo = fieldwork.add_photo(
        session,
        intervention.saved_id,
        actor=actor(team["paul"]),
        file_name="a.jpg",
        data=jpeg_bytes(40, 30),
    )
    session.commit()
    with pytest.raises(fieldwork.FieldworkRefused):
        fieldwork.remove_photo(session, photo.id or 0, actor=actor(team["marc"]))
    assert session.get(InterventionPhoto, photo.id) is not None


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
    assert best.technician == "Paul Tech" and best.extra_km < 1
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
    # The sector's technician first (without a start point, his empty next day costs nothing).
    assert found[0].technician == "Marc Tech" and found[0].in_sector
    outside = [s for s in found if not s.in_sector]
    assert all("(hors secteur)" in s.label for s in outside)

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


# --- The technician's start point -------------------------------------------------------


@pytest.fixture
def geocoder_stub(monkeypatch):
    server = StubGeocoder().start()
    monkeypatch.setenv("CRM_GEOCODER", "ban")
    monkeypatch.setenv("CRM_GEOCODER_DOMAIN", f"{server.domain}/geocodage")
    monkeypatch.setenv("CRM_GEOCODER_SCHEME", "http")
    yield server
    server.stop()


def test_start_point_is_geocoded_and_kept(session, team, geocoder_stub):
    paul = team["paul"]
    with pytest.raises(day_service.DayRefused):
        start_points.start_point_owner(session, paul.saved_id, actor(team["marc"]))
    assert start_points.start_point_owner(session, paul.saved_id, actor(team["office"])) is paul

    start_points.set_start_point(session, paul.saved_id, "  12 rue de Lorient, 35000 Rennes ")
    session.commit()
    assert paul.start_address == "12 rue de Lorient, 35000 Rennes"
    expected = position_for("12 rue de Lorient, 35000 Rennes")
    assert (paul.start_latitude, paul.start_longitude) == pytest.approx(expected)

    with pytest.raises(FieldError, match="Adresse introuvable"):
        start_points.set_start_point(session, paul.saved_id, "rue introuvable")
    with pytest.raises(FieldError, match="indisponible"):
        start_points.set_start_point(session, paul.saved_id, "panne 35000 Rennes")
    with pytest.raises(FieldError, match="300 caractères"):
        start_points.set_start_point(session, paul.saved_id, "x" * 301)
    session.rollback()
    assert paul.start_address == "12 rue de Lorient, 35000 Rennes"
    start_points.set_start_point(session, paul.saved_id, "")
    assert paul.start_address is None and paul.start_latitude is None


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
