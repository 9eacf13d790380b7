"""Where a technician's day starts and ends (his home or the depot): an
address typed freely, geocoded, kept on the user for « Ma journée »'s route
and « Trouver un créneau ». Plain functions; the caller commits."""

from __future__ import annotations

from sqlmodel import Session

from crm_app.core.errors import FieldError
from crm_app.core.validators import clean_text
from crm_app.geo import service as geo
from crm_app.planning.day import DayRefused, check_reader
from crm_app.users.models import Actor, User

MAX_LENGTH = 300


def check_start_address(text: str) -> str:
    address = clean_text(text)
    if len(address) > MAX_LENGTH:
        raise FieldError(f"{MAX_LENGTH} caractères au plus.")
    return address


def start_point_owner(session: Session, technician_id: int, actor: User | Actor) -> User:
    """A technician changes his own start point; the office anybody's."""
    check_reader(actor, technician_id)
    user = session.get(User, technician_id)
    if user is None:
        raise DayRefused("Technicien inconnu.")
    return user


def apply_start_point(user: User, address: str, answer: geo.Answer | None) -> None:
    """Keep the address and its position; FieldError when it was not found."""
    if not address:
        user.start_address = user.start_latitude = user.start_longitude = None
        return
    if answer is None or not answer.found or answer.latitude is None:
        raise FieldError("Adresse introuvable : précisez le numéro, la rue et la ville.")
    user.start_address = address
    user.start_latitude, user.start_longitude = answer.latitude, answer.longitude


def locate_start(session: Session, address: str) -> geo.Answer:
    """The geocoder's answer (network; GeocodingFailed when it cannot answer)."""
    return geo.locate(session, address, geo.default_geocoder())


def set_start_point(session: Session, technician_id: int, text: str) -> User:
    """Geocode and keep (network: run it outside the request; the caller has
    checked the right with ``start_point_owner``). FieldError when the address
    is too long or not found, or the geocoder cannot answer."""
    address = check_start_address(text)
    user = session.get(User, technician_id)
    if user is None:
        raise DayRefused("Technicien inconnu.")
    answer = None
    if address:
        try:
            answer = locate_start(session, address)
        except geo.GeocodingFailed as failure:
            raise FieldError(str(failure)) from None
    apply_start_point(user, address, answer)
    session.add(user)
    session.flush()
    return user
