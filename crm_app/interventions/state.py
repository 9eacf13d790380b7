"""State of the intervention pages (list and form) and of the History tab."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import ClassVar

import reflex as rx
from sqlmodel import Session

from crm_app.contacts.models import Contact
from crm_app.contacts.page_state import ContactPageState
from crm_app.contacts.page_tabs import LoadedContact
from crm_app.core import clock, formatting
from crm_app.core.ui import toasts
from crm_app.core.ui.options import ChoiceOption, choice_options
from crm_app.db import session_scope
from crm_app.documents import forms
from crm_app.documents.listing import DocumentRow
from crm_app.documents.rules import DocumentKind
from crm_app.documents.state import DocumentFormMixin, DocumentListMixin
from crm_app.interventions import fieldwork, service
from crm_app.interventions.models import Intervention, InterventionState
from crm_app.interventions.report import build_report
from crm_app.planning import sectors
from crm_app.reference import service as reference
from crm_app.reference.models import TaskType
from crm_app.users import service as users
from crm_app.users.state import (
    ALL_ROLES,
    REFUSED_MESSAGE,
    AuthState,
    current_actor,
    login_required,
    office_required,
)

MAX_TECHNICIANS_OFFERED = 100


def _row(line: service.InterventionLine) -> DocumentRow:
    return DocumentRow(
        id=line.id,
        reference=line.task,
        customer=line.customer,
        title=line.label,
        when=line.start_label,
        amount=line.duration_label,
        state=line.state,
        state_label=line.state_label,
    )


def report_download(state, intervention_id: int):
    """The report as a download; a technician prints only his interventions."""
    with session_scope() as session:
        intervention = session.get(Intervention, int(intervention_id))
        if intervention is not None and not service.can_read_intervention(
            session, current_actor(state), intervention
        ):
            return toasts.refused(REFUSED_MESSAGE)
        try:
            name, data = build_report(session, int(intervention_id))
        except forms.DocumentNotFound:
            return toasts.refused("Cette intervention n'existe plus.")
        except FileNotFoundError:
            return toasts.refused(
                "Police DejaVu introuvable : relancez scripts/run.sh pour l'installer."
            )
    return rx.download(data=data, filename=name)


class InterventionFormState(DocumentFormMixin, AuthState):
    KIND: ClassVar[DocumentKind] = DocumentKind.INTERVENTION
    MODEL: ClassVar[type] = Intervention
    ROUTE: ClassVar[str] = "/interventions"
    SAVED_MESSAGE: ClassVar[str] = "Intervention enregistrée."
    # A technician opens the interventions assigned to him (see _may_read).
    READ_ROLES: ClassVar[tuple[str, ...]] = ALL_ROLES

    task_options: list[ChoiceOption] = []
    technician_options: list[ChoiceOption] = []
    technicians: rx.Field[list[str]] = rx.field(default_factory=list)
    # « Secteur Rennes Nord » or « Aucun secteur ne couvre 29200. » for the address.
    sector_hint: str = ""
    # What the technician reported from the field (read only here).
    field_report: str = ""

    def _options(self, session: Session, task_id: int | None, keep_users: list[int]) -> None:
        self.task_options = choice_options(reference.choices(session, TaskType, keep_id=task_id))
        self.technician_options = choice_options(
            users.active_user_choices(session, MAX_TECHNICIANS_OFFERED, keep_ids=keep_users)
        )

    def _blank(self, session: Session) -> None:
        self._options(session, None, [])
        start = (datetime.now(clock.LOCAL_ZONE) + timedelta(hours=1)).replace(
            minute=0, second=0, microsecond=0
        )
        self.form = {
            "address_id": "",
            "task_type_id": "",
            "start_at": formatting.datetime_input(start),
            "duration_minutes": "01:00",
            "state": InterventionState.DRAFT.value,
            "label": "",
            "description": "",
            "time_fixed": "",
        }
        self.technicians = []
        self.sector_hint = ""
        self.field_report = ""
        self._from_calendar()

    def _from_calendar(self) -> None:
        """A slot clicked on the calendar: ?debut=2026-12-08T09:00&fin=…&technicien=3."""
        query = self.router.url.query_parameters
        begins, ends = query.get("debut", ""), query.get("fin", "")
        try:
            start = datetime.strptime(begins[:16], "%Y-%m-%dT%H:%M")
        except ValueError:
            return
        self.form["start_at"] = start.strftime("%d/%m/%Y %H:%M")
        try:
            minutes = (datetime.strptime(ends[:16], "%Y-%m-%dT%H:%M") - start).total_seconds() // 60
        except ValueError:
            minutes = 0
        if 15 <= minutes <= 24 * 60:
            self.form["duration_minutes"] = formatting.duration_label(int(minutes))
        technician = query.get("technicien", "")
        if technician.isdigit() and technician != "0":
            self.technicians = [technician]

    def _fill(self, session: Session, document: Intervention) -> None:
        technicians = service.technician_ids(session, document.saved_id)
        self._options(session, document.task_type_id, technicians)
        values = service.form_values(document)
        values.pop("customer_id")  # the customer has its own picker
        self.form = values
        self.technicians = [str(t) for t in technicians]
        self.sector_hint = ""
        self.field_report = fieldwork.report_summary(document)

    def _may_read(self, session: Session, document: Intervention) -> bool:
        return service.can_read_intervention(session, current_actor(self), document)

    def _customer_defaults(self, session: Session, customer: Contact) -> None:
        self.form["address_id"] = str(customer.id)
        self.form["label"] = service.default_label(customer)
        self._suggest_sector(session, customer)

    def _suggest_sector(self, session: Session, address: Contact) -> None:
        """Name the address's sector; a new intervention without technicians
        gets the sector's."""
        suggestion = sectors.suggest_for_postcode(session, address.zip)
        self.sector_hint = suggestion.message
        if not self.doc_id and not self.technicians and suggestion.technician_ids:
            self.technicians = [str(t) for t in suggestion.technician_ids]
            self.sector_hint += " : ses techniciens sont proposés."

    def _save(self, session: Session, form: dict[str, object]):
        return service.save_intervention(
            session,
            {**form, "technician_ids": list(self.technicians)},
            intervention_id=self.doc_id or None,
            expected_version=self.doc_version or None,
            user_id=self._user_id(),
        )

    @rx.event
    @office_required
    def set_task_type(self, value: str):
        self.form["task_type_id"] = value
        self.errors.pop("task_type_id", None)
        if not self.doc_id and value.isdigit():
            # A new intervention takes the usual duration of its type.
            with session_scope() as session:
                task = session.get(TaskType, int(value))
                if task is not None:
                    self.form["duration_minutes"] = formatting.duration_label(
                        task.default_duration_minutes
                    )

    @rx.event
    @office_required
    def set_address(self, value: str):
        self.form["address_id"] = value
        self.errors.pop("address_id", None)
        with session_scope() as session:
            address = session.get(Contact, int(value)) if value.isdigit() else None
            if address is not None and not self.doc_id:
                self.form["label"] = service.default_label(address)
            if address is not None:
                self._suggest_sector(session, address)

    @rx.event
    @office_required
    def set_time_fixed(self, checked: bool):
        self.form["time_fixed"] = "true" if checked else ""

    @rx.event
    @office_required
    def toggle_technician(self, user_id: str, checked: bool):
        chosen = [t for t in self.technicians if t != user_id]
        self.technicians = [*chosen, user_id] if checked else chosen
        self.errors.pop("technician_ids", None)

    @rx.event
    @login_required
    def print_report(self):
        if not self.doc_id:
            return toasts.refused("Enregistrez d'abord l'intervention.")
        return report_download(self, self.doc_id)


class InterventionListState(DocumentListMixin, AuthState):
    READ_ROLES: ClassVar[tuple[str, ...]] = ALL_ROLES

    sector_options: rx.Field[list[ChoiceOption]] = rx.field(default_factory=list)
    sector_id: str = ""

    def _search(self, session: Session):
        self.sector_options = choice_options(sectors.sector_choices(session))
        where = None
        if self.sector_id.isdigit():
            where = sectors.intervention_in_sector(session, int(self.sector_id))
        result = service.search_interventions(
            session, self.query, page=self.page, reader=current_actor(self), where=where
        )
        return [_row(line) for line in result.lines], result.window

    @rx.event
    @login_required
    def set_sector(self, value: str):
        self.sector_id = "" if value == "all" else value
        self.page = 1
        self._fetch()


class HistoryTabState(ContactPageState):
    """The Historique tab: the contact's interventions, one page at a time."""

    history: list[service.InterventionLine] = []
    history_page: int = 1
    history_page_count: int = 1
    history_has_next: bool = False
    history_total: int = 0

    def _fetch_history(self) -> None:
        with session_scope() as session:
            self._fill_history(session)

    def _fill_history(self, session: Session) -> None:
        reader = current_actor(self)
        result = service.contact_history(
            session, self._route_contact_id(), reader=reader, page=self.history_page
        )
        self.history = result.lines
        self.history_page = result.page
        self.history_page_count = result.page_count
        self.history_has_next = result.window.has_next
        self.history_total = result.total

    @rx.event
    @login_required
    def history_go_to(self, page: int):
        self.history_page = int(page)
        self._fetch_history()

    @rx.event
    @login_required
    def print_report(self, intervention_id: int):
        return report_download(self, intervention_id)


def fill_history_tab(state: HistoryTabState, session: Session, loaded: LoadedContact) -> None:
    """The contact page's load hook (contacts/page_tabs.py): the first page."""
    state.history_page = 1
    state._fill_history(session)
