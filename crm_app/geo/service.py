"""Geocoding of contacts (the provider is in geo/geocoder.py): a persistent
cache, the contact's geocoding state, manual coordinates, the batch run.

Plain functions; the caller commits.
"""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import or_
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from crm_app.audit.hooks import act_as, follows, journal_paused
from crm_app.contacts.models import AddressType, Contact, GeocodeState
from crm_app.contacts.service import shares_parent_address
from crm_app.core.clock import utcnow
from crm_app.core.errors import FieldError, FormError
from crm_app.core.text import normalize
from crm_app.db import session_scope
from crm_app.geo import batch
from crm_app.geo.geocoder import Answer, Geocoder, GeocodingFailed, shared_geocoder
from crm_app.geo.models import GeocodeCacheEntry

# --- Addresses -------------------------------------------------------------------------


def address_query(contact: Contact) -> str | None:
    """The postal address to look up, or None when there is not enough of it."""
    town = " ".join(p for p in (contact.zip, contact.city) if p)
    if not town or not (contact.street or contact.city):
        return None
    parts = [contact.street, town]
    if (contact.country_code or "FR") != "FR":
        parts.append(contact.country_code)
    return ", ".join(p for p in parts if p)


def address_key(query: str) -> str:
    """Cache key: the same address typed differently is one key."""
    return normalize(query.replace(",", " "))[:600]


def cached_answer(session: Session, provider: str, query: str) -> Answer | None:
    entry = session.exec(
        select(GeocodeCacheEntry).where(
            GeocodeCacheEntry.provider == provider,
            GeocodeCacheEntry.address_key == address_key(query),
        )
    ).first()
    if entry is None:
        return None
    return Answer(entry.found, entry.latitude, entry.longitude, entry.score, entry.label)


def remember_answer(session: Session, provider: str, query: str, answer: Answer) -> None:
    """Keep an answer (found or not) for next time; faults are never cached."""
    if cached_answer(session, provider, query) is not None:
        return
    session.add(
        GeocodeCacheEntry(
            provider=provider,
            address_key=address_key(query),
            found=answer.found,
            latitude=answer.latitude,
            longitude=answer.longitude,
            score=answer.score,
            label=(answer.label or "")[:300] or None,
        )
    )
    session.flush()


# --- Contacts ---------------------------------------------------------------------------


def needs_geocoding(contact: Contact) -> bool:
    """Automatic geocoding never touches manual coordinates nor shared addresses."""
    if contact.geocode_state == GeocodeState.MANUAL.value or shares_parent_address(contact):
        return False
    return contact.geocode_state in (GeocodeState.NOT_TRIED.value, GeocodeState.FAILURE.value)


def apply_answer(contact: Contact, answer: Answer | None, error: str | None = None) -> None:
    """Store the outcome on the contact (and it stays saved whatever happened)."""
    contact.geocode_date = utcnow()
    if error is not None:
        contact.geocode_state = GeocodeState.FAILURE.value
        contact.geocode_error = error[:500]
        return
    if answer is None or not answer.found:
        contact.geocode_state = GeocodeState.FAILURE.value
        contact.geocode_error = "Adresse introuvable : vérifiez-la ou saisissez les coordonnées."
        contact.geocode_score = answer.score if answer else None
        return
    contact.latitude, contact.longitude = answer.latitude, answer.longitude
    contact.geocode_score = answer.score
    contact.geocode_state = GeocodeState.SUCCESS.value
    contact.geocode_error = None


def geocode_contact(session: Session, contact: Contact, geocoder: Geocoder) -> str:
    """Geocode one contact (cache first, then the provider); returns its new state.
    Sub-addresses of type Contact that share its address follow."""
    query = address_query(contact)
    if query is None:
        contact.geocode_state = GeocodeState.NO_ADDRESS.value
        contact.geocode_error = None
        contact.latitude = contact.longitude = None
        contact.geocode_date = utcnow()
    else:
        answer = cached_answer(session, geocoder.provider, query)
        error = None
        if answer is None:
            try:
                answer = geocoder.lookup(query)
                remember_answer(session, geocoder.provider, query, answer)
            except GeocodingFailed as failure:
                error = str(failure)
        apply_answer(contact, answer, error)
    # Automatic geocoding is no one's change: the journal keeps to the users'.
    with journal_paused(session):
        session.add(contact)
        _follow_shared_children(session, contact)
        session.flush()
    return contact.geocode_state


def _follow_shared_children(session: Session, contact: Contact) -> None:
    if contact.parent_id is not None:
        return
    children = session.exec(select(Contact).where(Contact.parent_id == contact.id)).all()
    for child in children:
        if shares_parent_address(child):
            child.latitude, child.longitude = contact.latitude, contact.longitude
            child.geocode_state = contact.geocode_state
            follows(session, child)  # the main contact's entry tells it
            session.add(child)


def coordinate(text: object, *, low: float, high: float, name: str) -> float:
    raw = str(text or "").strip().replace(",", ".")
    try:
        value = float(raw)
    except ValueError:
        raise FieldError(f"{name} : nombre décimal attendu (exemple : 48.1173).") from None
    if not low <= value <= high:
        raise FieldError(f"{name} : doit être compris entre {low:g} et {high:g}.")
    return value


def set_manual_coordinates(
    session: Session,
    contact: Contact,
    latitude: object,
    longitude: object,
    *,
    user_id: int | None = None,
) -> None:
    """Coordinates typed by hand: state manual, never overwritten automatically."""
    errors: dict[str, str] = {}
    values: dict[str, float] = {}
    for field, low, high, name in (
        ("latitude", -90.0, 90.0, "Latitude"),
        ("longitude", -180.0, 180.0, "Longitude"),
    ):
        try:
            values[field] = coordinate(
                latitude if field == "latitude" else longitude, low=low, high=high, name=name
            )
        except FieldError as error:
            errors[field] = str(error)
    if errors:
        raise FormError(errors)
    contact.latitude, contact.longitude = values["latitude"], values["longitude"]
    contact.geocode_state = GeocodeState.MANUAL.value
    contact.geocode_score = None
    contact.geocode_error = None
    contact.geocode_date = utcnow()
    act_as(session, user_id)
    session.add(contact)
    _follow_shared_children(session, contact)
    session.flush()


def contacts_to_geocode(session: Session, limit: int = 500) -> list[int]:
    """Ids of contacts that automatic geocoding should (re)try."""
    rows = session.exec(
        select(col(Contact.id))
        .where(
            col(Contact.active).is_(True),
            col(Contact.geocode_state).in_(
                [GeocodeState.NOT_TRIED.value, GeocodeState.FAILURE.value]
            ),
            # Sub-contacts of type Contact follow their main contact.
            or_(
                col(Contact.parent_id).is_(None),
                col(Contact.address_type) != AddressType.CONTACT.value,
            ),
        )
        .order_by(col(Contact.id))
        .limit(limit)
    ).all()
    return [row for row in rows if row is not None]


def geocode_contacts(ids: list[int], geocoder: Geocoder, on_progress=None) -> tuple[int, int]:
    """Geocode contacts one by one, each saved on its own (a fault never loses
    the others). Blocking network calls: run it in a worker thread.
    Returns (succeeded, failed)."""
    def snapshot(contact: Contact | None) -> tuple | None:
        if contact is None:
            return None
        return contact.version, contact.geocode_state, address_query(contact)

    succeeded = failed = 0
    for done, contact_id in enumerate(ids, start=1):
        with session_scope() as session:
            contact = session.get(Contact, contact_id)
            if contact is not None and needs_geocoding(contact):
                seen = snapshot(contact)
                try:
                    state = geocode_contact(session, contact, geocoder)
                    # The provider took its time: if someone typed coordinates
                    # or changed the address meanwhile, theirs stand. (Our row
                    # is written but not committed: a later edit waits for us.)
                    with session_scope() as check:
                        overtaken = snapshot(check.get(Contact, contact_id)) != seen
                    if overtaken:
                        session.rollback()
                        state = GeocodeState.NOT_TRIED.value  # counted neither way
                    else:
                        session.commit()
                except IntegrityError:
                    # Another run cached this address meanwhile: the next run
                    # will find it in the cache.
                    session.rollback()
                    state = GeocodeState.NOT_TRIED.value
                succeeded += state == GeocodeState.SUCCESS.value
                failed += state == GeocodeState.FAILURE.value
        if on_progress is not None:
            on_progress(done, succeeded, failed)
    return succeeded, failed


class GeocodingRequest(StrEnum):
    QUEUED = "queued"
    GONE = "gone"
    FOLLOWS_PARENT = "follows_parent"


def request_geocoding(session: Session, contact_id: int) -> GeocodingRequest:
    """The user asks to geocode an address again, whatever its state (a failure
    is retried); an address sharing its main contact's follows it instead."""
    contact = session.get(Contact, contact_id)
    if contact is None:
        return GeocodingRequest.GONE
    if shares_parent_address(contact):
        return GeocodingRequest.FOLLOWS_PARENT
    contact.geocode_state = GeocodeState.NOT_TRIED.value
    with journal_paused(session):  # the geocoding's outcome is not journaled either
        session.add(contact)
        session.flush()
    return GeocodingRequest.QUEUED


# From this many addresses, an import's geocoding goes through the provider's
# batch operation first (BAN / Géoplateforme only; Nominatim has none).
BATCH_FROM = 50


def geocode_imported(ids: list[int]) -> tuple[int, int]:
    """Geocode contacts an import created. Many addresses with the BAN: one
    batch request per 2,000 (``geo.batch``) fills the cache, then each contact
    is saved from it as usual (a batch the service refuses falls back to one
    address at a time, through the shared rate-limited geocoder). Blocking:
    run it in a worker thread. Returns (succeeded, failed)."""
    geocoder = shared_geocoder()
    if geocoder.provider == "ban" and len(ids) >= BATCH_FROM:
        _fill_cache_in_batches(ids, geocoder)
    return geocode_contacts(ids, geocoder)


def _fill_cache_in_batches(ids: list[int], geocoder: Geocoder) -> None:
    with session_scope() as session:
        queries: list[str] = []
        for chunk in range(0, len(ids), 500):
            for contact in session.exec(
                select(Contact).where(col(Contact.id).in_(ids[chunk : chunk + 500]))
            ):
                query = address_query(contact) if needs_geocoding(contact) else None
                if query and cached_answer(session, geocoder.provider, query) is None:
                    queries.append(query)
    if len(queries) < BATCH_FROM:
        return
    try:
        answers = batch.geocode_batch(queries, geocoder.settings)
    except GeocodingFailed:
        return  # one address at a time, then
    items = list(answers.items())
    for start in range(0, len(items), 500):
        with session_scope() as session:
            for query, answer in items[start : start + 500]:
                remember_answer(session, geocoder.provider, query, answer)
            try:
                session.commit()
            except IntegrityError:  # another run cached some meanwhile
                session.rollback()


# --- A free address (a technician's start point) ---------------------------------------


def locate(session: Session, query: str, geocoder: Geocoder) -> Answer:
    """An address typed freely, through the cache and the rate-limited
    geocoder (network: call it outside the request). GeocodingFailed when the
    provider cannot answer."""
    provider = geocoder.provider
    answer = cached_answer(session, provider, query)
    if answer is None:
        answer = geocoder.lookup(query)
        remember_answer(session, provider, query, answer)
    return answer


def default_geocoder() -> Geocoder:
    """The configured provider, shared by the whole process (its rate limit too)."""
    return shared_geocoder()
