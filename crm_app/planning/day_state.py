"""State of « Ma journée » (/ma-journee): a technician's day in visit order,
its route map, « Optimiser l'ordre », and (office) applying the order."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta

import reflex as rx

from crm_app.core import formatting
from crm_app.core.clock import local_today
from crm_app.core.errors import FieldError
from crm_app.core.ui import toasts
from crm_app.core.validators import parse_date
from crm_app.db import session_scope
from crm_app.geo import maps
from crm_app.planning import day as day_service
from crm_app.planning import start_points
from crm_app.planning.day import DayPlan, DayRefused, StopLine
from crm_app.planning.route import PlannedStop
from crm_app.users import service as users
from crm_app.users.models import UserRole
from crm_app.users.state import (
    AuthState,
    current_actor,
    current_user_id,
    current_user_role,
    login_page_load,
    login_required,
    office_required,
    user_role_from_token,
)


def route_map(plan: DayPlan) -> str:
    """The day's stops numbered on the map, with the path between them."""
    located = [s for s in plan.stops if s.latitude is not None and s.longitude is not None]
    if not located:
        return maps.empty_map_html("Aucune intervention localisée ce jour-là.")
    points = [
        maps.MapPoint(
            latitude=s.latitude or 0.0,
            longitude=s.longitude or 0.0,
            title=f"{s.time_label} {s.customer}",
            subtitle=s.address,
            detail=s.task,
        )
        for s in located
    ]
    start = None
    if plan.start_point is not None:
        start = maps.MapPoint(
            plan.start_point[0], plan.start_point[1], plan.start_label or "Départ"
        )
    return maps.route_map_html(points, start)


class DayState(AuthState):
    technician_id: int = 0
    # [id, name] of the users whose day the office may look at.
    technician_choices: list[list[str]] = []
    day_text: str = ""
    day_label: str = ""
    day_error: str = ""
    technician_name: str = ""
    stops: rx.Field[list[StopLine]] = rx.field(default_factory=list)
    without_position: rx.Field[list[StopLine]] = rx.field(default_factory=list)
    totals: str = ""
    start_label: str = ""
    map_html: str = ""
    refused: str = ""
    # « Point de départ »: the address being typed, the geocoder's refusal.
    start_editing: bool = False
    start_text: str = ""
    start_error: str = ""
    locating: bool = False
    # An optimised order being looked at: [[intervention id, new start minute], ...]
    proposal: list[list[int]] = []
    proposal_summary: str = ""

    def _day(self) -> date:
        try:
            return parse_date(self.day_text, required=True) or local_today()
        except FieldError:
            return local_today()

    def _show(self, proposed: list[PlannedStop] | None = None, *, with_map: bool = True) -> None:
        day = self._day()
        try:
            with session_scope() as session:
                plan = day_service.technician_day(
                    session, self.technician_id, day, actor=current_actor(self), proposed=proposed
                )
        except DayRefused as refusal:
            self.refused = str(refusal)
            self.stops = []
            return
        self.refused = ""
        self.day_text = formatting.date_input(day)
        self.day_label = formatting.weekday_date_label(day)
        self.technician_name = plan.technician
        self.stops = plan.stops
        self.without_position = plan.without_position
        self.start_label = plan.start_label
        count = len(plan.stops)
        self.totals = (
            f"{count} intervention{'s' if count > 1 else ''} · "
            f"{formatting.decimal_label(plan.total_km, 1)} km · "
            f"{formatting.duration_label(int(plan.driving_minutes))} de route"
            if count
            else ""
        )
        if with_map:
            self.map_html = route_map(plan)

    @rx.event
    @login_page_load
    def load(self):
        self.proposal = []
        self.proposal_summary = ""
        self.day_error = ""
        query = self.router.url.query_parameters
        self.day_text = formatting.date_input(local_today())
        if query.get("jour"):
            self.day_text = str(query.get("jour"))
        me = current_user_id(self)
        with session_scope() as session:
            if current_user_role(self) == UserRole.TECHNICIAN.value:
                self.technician_id = me
                self.technician_choices = []
            else:
                choices = users.active_user_choices(session)
                self.technician_choices = [[str(i), name] for i, name in choices]
                wanted = str(query.get("technicien") or "")
                if wanted.isdigit() and any(c[0] == wanted for c in self.technician_choices):
                    self.technician_id = int(wanted)
                elif not self.technician_id:
                    technicians = users.technician_choices(session)
                    self.technician_id = technicians[0][0] if technicians else me
        # The stops first: on a slow phone network the route map (tens of kB)
        # follows in a second answer instead of holding the first one back.
        self.map_html = ""
        self._show(with_map=False)
        return DayState.draw_map

    @rx.event
    @login_required
    def draw_map(self):
        proposed = [PlannedStop(int(i), int(m), 0.0) for i, m in self.proposal] or None
        self._show(proposed, with_map=True)

    def _move_to(self, day: date):
        self.proposal = []
        self.proposal_summary = ""
        self.day_error = ""
        self.day_text = formatting.date_input(day)
        self._show()

    @rx.event
    @login_required
    def set_day(self, text: str):
        self.day_text = text
        try:
            day = parse_date(text, required=True)
        except FieldError as error:
            self.day_error = str(error)
            return
        if day is not None:
            self._move_to(day)

    @rx.event
    @login_required
    def previous_day(self):
        self._move_to(self._day() - timedelta(days=1))

    @rx.event
    @login_required
    def next_day(self):
        self._move_to(self._day() + timedelta(days=1))

    @rx.event
    @login_required
    def today(self):
        self._move_to(local_today())

    @rx.event
    @office_required
    def set_technician(self, value: str):
        if value.isdigit():
            self.technician_id = int(value)
            self._move_to(self._day())

    @rx.event
    @login_required
    def optimise(self):
        try:
            with session_scope() as session:
                result = day_service.optimise_day(
                    session, self.technician_id, self._day(), actor=current_actor(self)
                )
        except DayRefused as refusal:
            return toasts.refused(str(refusal))
        best = result.best
        if len(best.stops) < 2:
            return toasts.refused("Il faut au moins deux interventions localisées.")
        self.proposal = [[s.id, s.start_minute] for s in best.stops]
        saving = result.saving_percent
        self.proposal_summary = (
            f"Ordre proposé : {formatting.decimal_label(best.total_km, 1)} km au lieu de "
            f"{formatting.decimal_label(result.planned_km, 1)} km"
            + (f" (−{formatting.decimal_label(saving, 0)} %)" if saving >= 0.5 else "")
            + ". Les heures fixées avec le client sont gardées."
        )
        self._show(proposed=best.stops)

    @rx.event
    @login_required
    def keep_planned_order(self):
        self.proposal = []
        self.proposal_summary = ""
        self._show()

    @rx.event
    @office_required
    def apply_proposal(self):
        planned = [PlannedStop(int(i), int(m), 0.0) for i, m in self.proposal]
        try:
            with session_scope() as session:
                changed = day_service.apply_order(
                    session, self.technician_id, self._day(), planned, actor=current_actor(self)
                )
                session.commit()
        except DayRefused as refusal:
            return toasts.refused(str(refusal))
        self.proposal = []
        self.proposal_summary = ""
        self._show()
        return toasts.saved(f"Planning mis à jour : {changed} horaire(s) déplacé(s).")

    # --- Start point (home or depot) -------------------------------------------------

    @rx.event
    @login_required
    def edit_start(self):
        self.start_editing = True
        self.start_text = self.start_label
        self.start_error = ""

    @rx.event
    @login_required
    def cancel_start(self):
        self.start_editing = False
        self.start_error = ""

    @rx.event
    @login_required
    def set_start_text(self, value: str):
        self.start_text = value
        self.start_error = ""

    @rx.event
    @login_required
    def save_start(self):
        try:
            start_points.check_start_address(self.start_text)
            with session_scope() as session:
                start_points.start_point_owner(session, self.technician_id, current_actor(self))
        except FieldError as error:
            self.start_error = str(error)
            return
        except DayRefused as refusal:
            return toasts.refused(str(refusal))
        return DayState.locate_start_in_background

    @rx.event(background=True)
    async def locate_start_in_background(self):
        # Background events cannot run the guards: the right was checked by
        # save_start; the session must still be valid.
        if user_role_from_token(self.session_token) is None:
            return
        async with self:
            if self.locating:
                return
            self.locating = True
            technician_id, text = self.technician_id, self.start_text
        error = ""
        try:
            await asyncio.to_thread(_locate_and_keep, technician_id, text)
        except FieldError as failure:
            error = str(failure)
        finally:
            async with self:
                self.locating = False
                self.start_error = error
                if not error:
                    self.start_editing = False
                    self._show()


def _locate_and_keep(technician_id: int, text: str) -> None:
    with session_scope() as session:
        start_points.set_start_point(session, technician_id, text)
        session.commit()
