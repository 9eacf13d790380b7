"""State of « Calendrier » (/calendrier, office): the week or day board, its
filters, moves by drag and drop (a past time asks first), a click on an empty
slot, and « Trouver un créneau » for the intervention clicked."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime

import reflex as rx

from crm_app.core import clock
from crm_app.core.clock import local_today
from crm_app.core.ui import toasts
from crm_app.core.ui.options import ChoiceOption, choice_options
from crm_app.db import session_scope
from crm_app.documents.forms import StaleDocumentError
from crm_app.planning import calendar, sectors, slots
from crm_app.planning.calendar import CalendarEvent, CalendarResource, MoveRefused
from crm_app.users import service as users
from crm_app.users.state import (
    AuthState,
    current_actor,
    office_page_load,
    office_required,
)

VIEW_DAYS = {"week": 7, "day": 1}


@dataclasses.dataclass
class SlotChoice:
    label: str  # « Jean Jean, mardi 8 décembre 14:00, +6 km »
    technician_id: int
    start: str  # "2026-12-08T14:00", Paris


DAY_FORMAT = "%Y-%m-%d"


class CalendarState(AuthState):
    view: str = "week"
    anchor: str = ""  # a day of the period shown
    technician_options: list[ChoiceOption] = []
    technician_filter: rx.Field[list[str]] = rx.field(default_factory=list)
    sector_options: list[ChoiceOption] = []
    sector_id: str = ""
    events: rx.Field[list[CalendarEvent]] = rx.field(default_factory=list)
    resources: rx.Field[list[CalendarResource]] = rx.field(default_factory=list)
    overlaps: rx.Field[list[str]] = rx.field(default_factory=list)
    # A move to a past time waiting for « Confirmer ».
    pending_move: dict[str, str] = {}
    confirm_open: bool = False
    # The intervention clicked, and « Trouver un créneau »'s proposals.
    selected_id: int = 0
    selected_version: int = 0
    selected_title: str = ""
    selected_when: str = ""
    selected_state: str = ""
    selected_technicians: str = ""
    proposals: rx.Field[list[SlotChoice]] = rx.field(default_factory=list)
    proposals_message: str = ""

    def _anchor(self) -> date:
        try:
            return datetime.strptime(self.anchor, DAY_FORMAT).date()
        except ValueError:
            return local_today()

    def _fetch(self) -> None:
        first, last = calendar.period(self._anchor(), VIEW_DAYS.get(self.view, 7))
        chosen = [int(t) for t in self.technician_filter if t.isdigit()]
        with session_scope() as session:
            data = calendar.calendar_data(
                session,
                first,
                last,
                technician_filter=chosen or None,
                sector_id=int(self.sector_id) if self.sector_id.isdigit() else None,
            )
        self.events = data.events
        self.resources = data.resources
        self.overlaps = data.overlaps

    @rx.event
    @office_page_load
    def load(self):
        self.anchor = self.router.url.query_parameters.get("jour", "") or local_today().strftime(
            DAY_FORMAT
        )
        self.selected_id = 0
        self.proposals = []
        wanted = self.router.url.query_parameters.get("intervention", "")
        with session_scope() as session:
            self.technician_options = choice_options(users.technician_choices(session))
            self.sector_options = [
                ChoiceOption(value=str(s.id), label=s.name)
                for s in sectors.list_sectors(session, include_archived=False)
            ]
        self._fetch()
        if wanted.isdigit():  # « Trouver un créneau » from the intervention's form
            try:
                self._select(int(wanted))
            except MoveRefused as refusal:
                return toasts.refused(str(refusal))
            self._find_slots()

    @rx.event
    @office_required
    def navigate(self, day: str):
        self.anchor = day
        self._fetch()

    @rx.event
    @office_required
    def change_view(self, view: str):
        if view in VIEW_DAYS:
            self.view = view
            self._fetch()

    @rx.event
    @office_required
    def toggle_technician(self, user_id: str, checked: bool):
        kept = [t for t in self.technician_filter if t != user_id]
        self.technician_filter = [*kept, user_id] if checked else kept
        self._fetch()

    @rx.event
    @office_required
    def set_sector(self, value: str):
        self.sector_id = "" if value == "all" else value
        self._fetch()

    @rx.event
    @office_required
    def move(self, change: dict):
        wanted = {k: str(change.get(k, "")) for k in ("id", "version", "start", "end",
                                                      "from_lane", "to_lane")}  # fmt: skip
        try:
            past = calendar.is_past(wanted["start"])
        except MoveRefused as refusal:
            self._fetch()
            return toasts.refused(str(refusal))
        if past:
            self.pending_move = wanted
            self.confirm_open = True
            return
        return self._apply(wanted)

    @rx.event
    @office_required
    def confirm_move(self):
        self.confirm_open = False
        wanted, self.pending_move = dict(self.pending_move), {}
        if wanted:
            return self._apply(wanted)

    @rx.event
    @office_required
    def cancel_move(self):
        self.confirm_open = False
        self.pending_move = {}
        self._fetch()  # the event goes back where it was

    def _apply(self, wanted: dict[str, str]):
        try:
            with session_scope() as session:
                calendar.move_intervention(
                    session,
                    int(wanted["id"]),
                    start=wanted["start"],
                    end=wanted["end"],
                    from_lane=int(wanted["from_lane"] or 0),
                    to_lane=int(wanted["to_lane"] or 0),
                    expected_version=int(wanted["version"] or 0),
                    actor=current_actor(self),
                )
                session.commit()
        except StaleDocumentError:
            self._fetch()
            return toasts.refused(
                "Cette intervention a été modifiée entre-temps : le calendrier est rechargé."
            )
        except (MoveRefused, ValueError) as refusal:
            self._fetch()
            return toasts.refused(str(refusal))
        self._fetch()
        if self.selected_id == int(wanted["id"]):
            self._select(self.selected_id)
        return toasts.saved("Intervention déplacée.")

    @rx.event
    @office_required
    def select_slot(self, slot: dict):
        lane = str(slot.get("lane", "0"))
        return rx.redirect(
            f"/interventions/nouveau?debut={slot.get('start', '')}&fin={slot.get('end', '')}"
            f"&technicien={lane if lane.isdigit() else '0'}"
        )

    def _select(self, intervention_id: int) -> None:
        with session_scope() as session:
            summary = calendar.intervention_summary(session, intervention_id)
        self.selected_id = summary.id
        self.selected_version = summary.version
        self.selected_title = summary.title
        self.selected_when = summary.when
        self.selected_state = summary.state_label
        self.selected_technicians = summary.technicians

    @rx.event
    @office_required
    def select_event(self, chosen: dict):
        self.proposals = []
        self.proposals_message = ""
        try:
            self._select(int(chosen.get("id", 0)))
        except (MoveRefused, ValueError) as refusal:
            return toasts.refused(str(refusal))

    @rx.event
    @office_required
    def close_selection(self):
        self.selected_id = 0
        self.proposals = []

    @rx.event
    @office_required
    def find_slots(self):
        self._find_slots()

    def _find_slots(self) -> None:
        with session_scope() as session:
            summary = calendar.intervention_summary(session, self.selected_id)
            address = calendar.address_of(session, summary.address_id)
            found = slots.find_slots(
                session,
                address=address,
                duration_minutes=summary.duration_minutes,
                skip_intervention_id=summary.id,
            )
        self.proposals = [
            SlotChoice(s.label, s.technician_id, calendar.wall_clock(s.start)) for s in found
        ]
        self.proposals_message = "" if found else "Aucun créneau libre sur les deux semaines."

    @rx.event
    @office_required
    def book(self, index: int):
        if not 0 <= int(index) < len(self.proposals):
            return
        choice = self.proposals[int(index)]
        technician_id, start = choice.technician_id, choice.start
        try:
            with session_scope() as session:
                calendar.book_slot(
                    session,
                    self.selected_id,
                    int(technician_id),
                    calendar.from_wall_clock(start),
                    expected_version=self.selected_version,
                    actor=current_actor(self),
                )
                session.commit()
        except StaleDocumentError:
            self._fetch()
            return toasts.refused("Cette intervention a été modifiée entre-temps : rechargez.")
        except MoveRefused as refusal:
            return toasts.refused(str(refusal))
        self.proposals = []
        self.anchor = start[:10]
        self._fetch()
        self._select(self.selected_id)
        day = clock.to_local(calendar.from_wall_clock(start))
        return toasts.saved(f"Réservé le {day:%d/%m/%Y à %H:%M}.")
