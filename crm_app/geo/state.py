"""State of the Localisation tab and of the Carte page. Geocoding runs in
background events (a worker thread for geopy's blocking calls), so nobody
waits for the provider."""

from __future__ import annotations

import asyncio
import dataclasses
from datetime import date

import reflex as rx
from sqlmodel import Session

from crm_app.contacts.models import (
    GEOCODE_STATE_LABELS,
    Contact,
    GeocodeState,
)
from crm_app.contacts.page_state import ContactPageState
from crm_app.contacts.page_tabs import LoadedContact
from crm_app.contacts.presenters import one_line_address
from crm_app.contacts.service import list_sub_contacts
from crm_app.core.clock import add_months
from crm_app.core.errors import FieldError, FormError
from crm_app.core.formatting import date_input, datetime_label, decimal_label, month_label
from crm_app.core.ui import toasts
from crm_app.core.ui.options import ChoiceOption, choice_options
from crm_app.core.validators import parse_date
from crm_app.db import session_scope
from crm_app.geo import maps, points
from crm_app.geo import service as geo
from crm_app.geo.geocoder import shared_geocoder
from crm_app.interventions.models import (
    INTERVENTION_STATE_LABELS,
)
from crm_app.planning import sectors
from crm_app.users import service as users
from crm_app.users.state import (
    OFFICE_ROLES,
    AuthState,
    current_actor,
    current_user_id,
    current_user_role,
    login_required,
    office_required,
    user_role_from_token,
)

MAX_MAPPED_ADDRESSES = 200  # on a contact's Localisation tab


@dataclasses.dataclass
class LocationRow:
    id: int
    name: str
    type_label: str
    address: str
    latitude: str
    longitude: str
    state: str
    state_label: str
    score: str
    checked: str
    error: str


class LocationTabState(ContactPageState):
    location_rows: list[LocationRow] = []
    map_html: str = ""
    # The map is drawn when the tab is first shown: most visits of a contact
    # never look at it, and drawing it costs more than all the tabs' data.
    _map_points: list[maps.MapPoint] = []
    _map_shown: bool = False
    manual_latitude: str = ""
    manual_longitude: str = ""
    manual_errors: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    geocoding: bool = False

    def _load_location(self) -> list[int]:
        """Fill the tab; returns the ids that still wait for geocoding."""
        with session_scope() as session:
            contact = session.get(Contact, self._route_contact_id())
            if contact is None or contact.id is None:
                return []
            subs = (
                None
                if contact.parent_id
                else list_sub_contacts(session, contact.id, limit=MAX_MAPPED_ADDRESSES)
            )
            return self._fill_location(contact, subs)

    def _fill_location(self, contact: Contact, subs: list[Contact] | None) -> list[int]:
        """Fill the tab from the contact and its active addresses (None for an
        address); returns the ids that still wait for geocoding."""
        places = [contact, *(subs or [])[:MAX_MAPPED_ADDRESSES]]
        self.location_rows = [self._row(c) for c in places]
        self._map_points = points.place_points(places)
        self.map_html = self._draw_map() if self._map_shown else ""
        self.manual_latitude = "" if contact.latitude is None else f"{contact.latitude:.6f}"
        self.manual_longitude = "" if contact.longitude is None else f"{contact.longitude:.6f}"
        self.manual_errors = {}
        return [
            c.id
            for c in places
            if c.id is not None
            and c.geocode_state == GeocodeState.NOT_TRIED.value
            and geo.needs_geocoding(c)
        ]

    def _row(self, contact: Contact) -> LocationRow:
        if contact.id is None:
            raise ValueError("contact not saved yet")
        return LocationRow(
            id=contact.id,
            name=contact.display_name,
            type_label=points.place_label(contact),
            address=one_line_address(contact),
            latitude="" if contact.latitude is None else f"{contact.latitude:.6f}",
            longitude="" if contact.longitude is None else f"{contact.longitude:.6f}",
            state=contact.geocode_state,
            state_label=GEOCODE_STATE_LABELS[GeocodeState(contact.geocode_state)],
            score="" if contact.geocode_score is None else decimal_label(contact.geocode_score),
            checked=datetime_label(contact.geocode_date) if contact.geocode_date else "",
            error=contact.geocode_error or "",
        )

    def _draw_map(self) -> str:
        if not self._map_points:
            return maps.empty_map_html("Aucune adresse géolocalisée pour ce contact.")
        return maps.contact_map_html(self._map_points)

    @rx.event
    @login_required
    def show_map(self):
        """The Localisation tab is on screen: draw its map (kept up to date
        from now on, e.g. when a background geocoding ends)."""
        self._map_shown = True
        self.map_html = self._draw_map()

    @rx.event
    @login_required
    def load_location(self):
        self._map_shown = False
        pending = self._load_location()
        if pending:
            # Just created or moved: geocode without making anyone wait.
            return LocationTabState.geocode_in_background(pending)

    @rx.event
    @office_required
    def geocode_now(self, contact_id: int):
        """The "Géolocaliser" button: asked by the user, so it retries failures."""
        with session_scope() as session:
            outcome = geo.request_geocoding(session, int(contact_id))
            session.commit()
        if outcome is geo.GeocodingRequest.GONE:
            return toasts.refused("Cette adresse n'existe plus.")
        if outcome is geo.GeocodingRequest.FOLLOWS_PARENT:
            return toasts.notice("Cette adresse suit celle du contact principal.")
        return LocationTabState.geocode_in_background([int(contact_id)])

    @rx.event(background=True)
    async def geocode_in_background(self, contact_ids: list[int]):
        # Background events cannot run the guards (they write state): ask the DB.
        if user_role_from_token(self.session_token) is None:
            return
        async with self:
            if self.geocoding:
                return
            self.geocoding = True
        try:
            geocoder = shared_geocoder()
            await asyncio.to_thread(geo.geocode_contacts, [int(i) for i in contact_ids], geocoder)
        finally:
            async with self:
                self.geocoding = False
                self._load_location()

    @rx.event
    @office_required
    def set_manual(self, field: str, value: str):
        if field == "latitude":
            self.manual_latitude = value
        elif field == "longitude":
            self.manual_longitude = value
        self.manual_errors.pop(field, None)

    @rx.event
    @office_required
    def save_manual_coordinates(self):
        with session_scope() as session:
            contact = session.get(Contact, self._route_contact_id())
            if contact is None:
                return
            try:
                geo.set_manual_coordinates(
                    session,
                    contact,
                    self.manual_latitude,
                    self.manual_longitude,
                    user_id=current_user_id(self),
                )
            except FormError as error:
                self.manual_errors = error.errors
                return
            session.commit()
        self._load_location()
        return toasts.saved("Coordonnées enregistrées (état : manuel).")


def fill_location_tab(state: LocationTabState, session: Session, loaded: LoadedContact):
    """The contact page's load hook (contacts/page_tabs.py). The map is drawn
    when the tab is shown; addresses waiting for geocoding are geocoded in the
    background, without making anyone wait."""
    state._map_shown = False
    pending = state._fill_location(loaded.contact, loaded.sub_contacts)
    return LocationTabState.geocode_in_background(pending) if pending else None


# --- The Carte page ------------------------------------------------------------------


class MapPageState(AuthState):
    mode: str = "contacts"
    role: str = "all"
    day: str = ""  # « 28/12/2023 », as typed or picked
    day_error: rx.Field[str] = rx.field("")
    technician: str = ""
    intervention_state: str = ""
    technician_options: list[ChoiceOption] = []
    # « Entretiens à planifier » (the office): the month, as its first day's ISO date.
    mode_options: list[ChoiceOption] = []
    month: str = ""
    month_options: list[ChoiceOption] = []
    map_html: str = ""
    point_count: int = 0
    # Sectors (planning): only one, and contacts coloured by sector.
    sector_options: rx.Field[list[ChoiceOption]] = rx.field(default_factory=list)
    sector: str = ""
    color_by: str = "role"

    job_running: bool = False
    job_started: bool = False
    job_done: int = 0
    job_total: int = 0
    job_failed: int = 0

    def _refresh(self) -> None:
        with session_scope() as session:
            in_sector = (
                sectors.sector_filter(session, int(self.sector)) if self.sector.isdigit() else None
            )
            if self.mode == "interventions":
                try:
                    day = parse_date(self.day, required=True) or date.today()
                except FieldError:
                    day = date.today()
                    self.day, self.day_error = date_input(day), ""
                technician = int(self.technician) if self.technician.isdigit() else None
                shown = points.intervention_points(
                    session,
                    day,
                    technician_id=technician,
                    state=self.intervention_state,
                    reader=current_actor(self),
                    postcode_filter=in_sector,
                )
            elif self.mode == "maintenance" and current_user_role(self) in OFFICE_ROLES:
                shown = points.maintenance_points(session, date.fromisoformat(self.month))
            else:
                shown = points.contact_points(
                    session,
                    self.role,
                    postcode_filter=in_sector,
                    color_of_postcode=sectors.color_of_postcode(session)
                    if self.color_by == "sector"
                    else None,
                )
        self.point_count = len(shown)
        self.map_html = (
            maps.field_map_html(shown)
            if shown
            else maps.empty_map_html("Aucun point à afficher avec ces filtres.")
        )

    @rx.event
    @login_required
    def load(self):
        if not self.day:
            self.day = date_input(date.today())
        with session_scope() as session:
            self.technician_options = choice_options(users.active_user_choices(session))
            self.sector_options = choice_options(sectors.sector_choices(session))
        self.mode_options = [
            ChoiceOption("contacts", "Contacts"),
            ChoiceOption("interventions", "Interventions"),
        ]
        if current_user_role(self) in OFFICE_ROLES:
            self.mode_options.append(ChoiceOption("maintenance", "Entretiens à planifier"))
        first = date.today().replace(day=1)
        months = [add_months(first, shift) for shift in range(-1, 12)]
        self.month_options = [
            ChoiceOption(m.isoformat(), month_label(m).capitalize()) for m in months
        ]
        if self.month not in {o.value for o in self.month_options}:
            self.month = first.isoformat()
        self._refresh()

    @rx.event
    @login_required
    def set_filter(self, field: str, value: str):
        value = "" if value in ("0", "—") else value
        if field == "day":
            # Typed one key at a time: the map follows once the text is a whole date.
            self.day = value
            try:
                parse_date(value, required=True, label="Le jour")
            except FieldError as error:
                self.day_error = str(error)
                return
            self.day_error = ""
        if field == "month" and value not in {o.value for o in self.month_options}:
            return
        if field == "color_by" and value not in ("role", "sector"):
            return
        if field in (
            "mode", "role", "day", "technician", "intervention_state", "month", "sector",
            "color_by",
        ):  # fmt: skip
            setattr(self, field, value)
            self._refresh()

    @rx.event
    @office_required
    def start_geocode_all(self):
        if self.job_running:
            return toasts.notice("Le géocodage est déjà en cours.")
        return MapPageState.geocode_all

    @rx.event(background=True)
    async def geocode_all(self):
        if user_role_from_token(self.session_token) not in OFFICE_ROLES:
            return
        with session_scope() as session:
            ids = geo.contacts_to_geocode(session, limit=100_000)
        async with self:
            if self.job_running:
                return
            self.job_running = self.job_started = True
            self.job_done, self.job_total, self.job_failed = 0, len(ids), 0
        geocoder = shared_geocoder()
        try:
            for start in range(0, len(ids), 20):
                batch = ids[start : start + 20]
                _, failed = await asyncio.to_thread(geo.geocode_contacts, batch, geocoder)
                async with self:
                    self.job_done = min(len(ids), start + len(batch))
                    self.job_failed += failed
        finally:
            async with self:
                self.job_running = False
                self._refresh()

    @rx.var
    def job_percent(self) -> int:
        return int(100 * self.job_done / self.job_total) if self.job_total else 0


STATE_FILTER_OPTIONS = [
    ChoiceOption(s.value, label) for s, label in INTERVENTION_STATE_LABELS.items()
]
