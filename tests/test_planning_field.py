"""Sectors, the route solver, « Ma journée », reporting from the field and
the technician's start point, on a real database file (the solver on fixed
coordinates)."""

from __future__ import annotations

import base64
import io
from datetime import datetime

import pytest
from PIL import Image
from pypdf import PdfReader
from sqlmodel import select

from crm_app.audit.service import journal
from crm_app.core import clock
from crm_app.core.clock import as_utc
from crm_app.core.errors import FieldError, FormError
from crm_app.equipment.models import Equipment
from crm_app.interventions import fieldwork
from crm_app.interventions.models import Intervention, InterventionPhoto, InterventionState
from crm_app.interventions.report import build_report
from crm_app.planning import day as day_service
from crm_app.planning import route, sectors, start_points
from crm_app.reference.models import EquipmentType
from crm_app.rgpd import service as rgpd
from tests import planning_world
from tests.geo_stub import StubGeocoder, position_for
from tests.planning_world import DAY, MODEL, actor, customer, visit

# The shared fixtures (pytest finds them by name in this module).
team = planning_world.team
private_dir = planning_world.private_dir

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


def test_erasure_removes_reports_photos_and_signatures(session, team, private_dir):
    home = customer(session, team, "Albert Pont", -1.6)
    intervention = visit(session, team, home, "09:00")
    paul = actor(team["paul"])
    fieldwork.add_photo(session, intervention.saved_id, actor=paul, file_name="a.jpg",
                        data=jpeg_bytes(40, 30))  # fmt: skip
    fieldwork.sign(session, intervention.saved_id, actor=paul, data_url=png_data_url(True),
                   signer_name="A. Pont")  # fmt: skip
    fieldwork.finish_intervention(
        session,
        intervention.saved_id,
        actor=paul,
        done=True,
        report="Chez M. Pont",
        time_spent="1h",
    )
    session.commit()
    exported = rgpd.export_contact(session, home.saved_id)
    assert exported["interventions"][0]["report_text"] == "Chez M. Pont"
    files = rgpd.erase_contact(session, home.saved_id, user_id=team["office"].id)
    session.commit()
    rgpd.discard_files(files)
    session.refresh(intervention)
    assert intervention.report_text is None and intervention.signer_name is None
    assert intervention.signature_key is None
    assert session.exec(select(InterventionPhoto)).all() == []
    assert list((private_dir / "signatures").iterdir()) == []
    assert list((private_dir / "intervention-photos").iterdir()) == []
