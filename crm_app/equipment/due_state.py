"""State of « À planifier »: the month's due maintenances, filtered and paged
in SQL, a selection, and the draft interventions made from it."""

from __future__ import annotations

from datetime import date, datetime

import reflex as rx

from crm_app.core import formatting
from crm_app.core.clock import add_months, local_today
from crm_app.core.errors import FieldError
from crm_app.core.paging import range_label
from crm_app.core.ui import toasts
from crm_app.core.ui.options import EMPTY_CHOICE, NO_CHOICE, ChoiceOption, choice_options
from crm_app.core.validators import parse_local_datetime
from crm_app.db import session_scope
from crm_app.documents.rules import DocumentValidationError
from crm_app.equipment import planning
from crm_app.equipment.planning import DueLine
from crm_app.users import service as users
from crm_app.users.state import AuthState, current_user_id, office_page_load, office_required


def _first_of(text: str) -> date:
    try:
        return date.fromisoformat(text).replace(day=1)
    except ValueError:
        return local_today().replace(day=1)


class DueState(AuthState):
    month: str = ""  # ISO date of the month's first day
    month_text: str = ""
    include_overdue: bool = True
    place: str = ""
    type_id: str = ""
    contract_filter: str = ""
    order: str = planning.DueOrder.DUE.value
    type_options: list[ChoiceOption] = []

    lines: list[DueLine] = []
    page: int = 1
    page_count: int = 1
    has_next: bool = False
    total_exact: bool = True
    range_text: str = ""
    selected: rx.Field[list[str]] = rx.field(default_factory=list)

    drafts_open: bool = False
    task_options: list[ChoiceOption] = []
    technician_options: list[ChoiceOption] = []
    draft_form: dict[str, str] = {}
    draft_errors: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    skipped: rx.Field[list[str]] = rx.field(default_factory=list)

    def _filters(self) -> planning.DueFilters:
        return planning.DueFilters(
            month=_first_of(self.month),
            include_overdue=self.include_overdue,
            place=self.place,
            type_id=int(self.type_id) if self.type_id.isdigit() else None,
            contract=self.contract_filter,
            order=self.order,
        )

    def _fetch(self) -> None:
        with session_scope() as session:
            result = planning.due_page(session, self._filters(), page=self.page)
        self.lines = result.lines
        self.page = result.page
        self.page_count = result.page_count
        self.has_next = result.window.has_next
        self.total_exact = result.window.exact
        self.range_text = range_label(
            result.window, len(result.lines), "entretiens", "Aucun entretien à planifier."
        )
        self.month_text = formatting.month_label(_first_of(self.month)).capitalize()

    def _refilter(self) -> None:
        self.page = 1
        self.selected = []
        self._fetch()

    @rx.event
    @office_page_load
    def load(self):
        if not self.month:
            self.month = local_today().replace(day=1).isoformat()
        with session_scope() as session:
            self.type_options = choice_options(planning.type_filter_choices(session))
        self.drafts_open = False
        self._refilter()

    @rx.event
    @office_required
    def shift_month(self, months: int):
        self.month = add_months(_first_of(self.month), int(months)).isoformat()
        self._refilter()

    @rx.event
    @office_required
    def set_include_overdue(self, value: bool):
        self.include_overdue = bool(value)
        self._refilter()

    @rx.event
    @office_required
    def set_place(self, value: str):
        self.place = value.strip()[:60]
        self._refilter()

    @rx.event
    @office_required
    def set_type_id(self, value: str):
        self.type_id = "" if value in (NO_CHOICE, EMPTY_CHOICE) else value
        self._refilter()

    @rx.event
    @office_required
    def set_contract_filter(self, value: str):
        codes = {label: code for code, label in planning.CONTRACT_FILTER_LABELS.items()}
        self.contract_filter = codes.get(value, "")
        self._refilter()

    @rx.event
    @office_required
    def set_order(self, value: str):
        self.order = "place" if value == "Par lieu" else "due"
        self._refilter()

    @rx.event
    @office_required
    def go_to_page(self, page: int):
        self.page = int(page)
        self._fetch()

    @rx.event
    @office_required
    def toggle(self, equipment_id: int, checked: bool):
        key = str(equipment_id)
        kept = [s for s in self.selected if s != key]
        self.selected = [*kept, key] if checked else kept

    @rx.event
    @office_required
    def select_all(self):
        """Every due maintenance of the filters (up to the cap), not only this page."""
        with session_scope() as session:
            self.selected = [str(i) for i in planning.due_ids(session, self._filters())]

    @rx.event
    @office_required
    def clear_selection(self):
        self.selected = []

    @rx.event
    @office_required
    def open_drafts(self):
        if not self.selected:
            return toasts.refused("Cochez d'abord les entretiens à planifier.")
        with session_scope() as session:
            self.task_options = choice_options(planning.maintenance_task_choices(session))
            self.technician_options = choice_options(users.active_user_choices(session))
        first = _first_of(self.month)
        start = max(first, local_today())
        self.draft_form = {
            "task_type_id": self.task_options[0].value if self.task_options else "",
            "start_at": f"{formatting.date_input(start)} 08:00",
            "technician_id": "",
        }
        self.draft_errors = {}
        self.skipped = []
        self.drafts_open = True

    @rx.event
    @office_required
    def set_drafts_open(self, value: bool):
        self.drafts_open = bool(value)

    @rx.event
    @office_required
    def set_draft_field(self, field: str, value: str):
        if field in ("task_type_id", "start_at", "technician_id"):
            self.draft_form[field] = "" if value in (NO_CHOICE, EMPTY_CHOICE) else value
            self.draft_errors.pop(field, None)

    @rx.event
    @office_required
    def create_drafts(self):
        try:
            start_at: datetime = parse_local_datetime(self.draft_form.get("start_at"))
        except FieldError as error:
            self.draft_errors = {"start_at": str(error)}
            return
        task = self.draft_form.get("task_type_id", "")
        technician = self.draft_form.get("technician_id", "")
        try:
            with session_scope() as session:
                result = planning.create_drafts(
                    session,
                    [int(s) for s in self.selected if s.isdigit()],
                    task_type_id=int(task) if task.isdigit() else 0,
                    start_at=start_at,
                    technician_id=int(technician) if technician.isdigit() else None,
                    user_id=current_user_id(self),
                )
                session.commit()
        except DocumentValidationError as error:
            self.draft_errors = error.errors
            return
        self.skipped = result.skipped
        self.selected = []
        if not result.skipped:
            self.drafts_open = False
        self._fetch()
        return toasts.saved(f"{len(result.created)} intervention(s) créée(s) en brouillon.")
