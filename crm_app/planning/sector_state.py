"""State of « Secteurs » (/secteurs, Paramètres): the list, the dialog, and
a postcode tester (« Quel secteur pour 35042 ? »)."""

from __future__ import annotations

import reflex as rx

from crm_app.core.errors import FormError
from crm_app.core.ui import toasts
from crm_app.core.ui.options import ChoiceOption, choice_options
from crm_app.db import session_scope
from crm_app.planning import sectors
from crm_app.planning.sectors import SectorLine
from crm_app.users import service as users
from crm_app.users.state import AuthState, admin_page_load, admin_required

EMPTY_FORM = {"name": "", "color": "#3b82f6", "postcodes": ""}


class SectorState(AuthState):
    rows: rx.Field[list[SectorLine]] = rx.field(default_factory=list)
    show_archived: bool = False
    dialog_open: bool = False
    editing_id: int = 0
    form: rx.Field[dict[str, str]] = rx.field(default_factory=lambda: dict(EMPTY_FORM))
    chosen: rx.Field[list[str]] = rx.field(default_factory=list)
    technician_choices: list[ChoiceOption] = []
    errors: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    probe: str = ""
    probe_answer: str = ""

    def _fetch(self) -> None:
        with session_scope() as session:
            self.rows = sectors.list_sectors(session, include_archived=self.show_archived)
            self.technician_choices = choice_options(users.technician_choices(session))

    @rx.event
    @admin_page_load
    def load(self):
        self.dialog_open = False
        self._fetch()

    @rx.event
    @admin_required
    def set_show_archived(self, value: bool):
        self.show_archived = bool(value)
        self._fetch()

    @rx.event
    @admin_required
    def open_new(self):
        self.editing_id = 0
        self.form = dict(EMPTY_FORM)
        self.chosen = []
        self.errors = {}
        self.dialog_open = True

    @rx.event
    @admin_required
    def open_edit(self, sector_id: int):
        row = next((r for r in self.rows if r.id == int(sector_id)), None)
        if row is None:
            return toasts.refused("Ce secteur n'existe plus.")
        self.editing_id = row.id
        self.form = {"name": row.name, "color": row.color, "postcodes": row.postcodes}
        self.chosen = [str(t) for t in row.technician_ids]
        self.errors = {}
        self.dialog_open = True

    @rx.event
    @admin_required
    def set_dialog_open(self, value: bool):
        self.dialog_open = bool(value)

    @rx.event
    @admin_required
    def set_field(self, name: str, value: str):
        if name in EMPTY_FORM:
            self.form[name] = value
            self.errors.pop(name, None)

    @rx.event
    @admin_required
    def toggle_technician(self, user_id: str, checked: bool):
        kept = [t for t in self.chosen if t != user_id]
        self.chosen = [*kept, user_id] if checked else kept
        self.errors.pop("technician_ids", None)

    @rx.event
    @admin_required
    def save(self):
        try:
            with session_scope() as session:
                sectors.save_sector(
                    session,
                    name=self.form.get("name", ""),
                    color=self.form.get("color", ""),
                    postcodes=self.form.get("postcodes", ""),
                    technician_ids=[int(t) for t in self.chosen if t.isdigit()],
                    sector_id=self.editing_id or None,
                )
                session.commit()
        except FormError as error:
            self.errors = error.errors
            return
        self.dialog_open = False
        self._fetch()
        return toasts.saved("Secteur enregistré.")

    @rx.event
    @admin_required
    def set_active(self, sector_id: int, active: bool):
        try:
            with session_scope() as session:
                sectors.archive_sector(session, int(sector_id), active=bool(active))
                session.commit()
        except FormError as error:
            return toasts.refused(next(iter(error.errors.values())))
        except LookupError:
            return toasts.refused("Ce secteur n'existe plus.")
        self._fetch()

    @rx.event
    @admin_required
    def set_probe(self, value: str):
        self.probe = value
        code = value.strip()
        if not code:
            self.probe_answer = ""
            return
        with session_scope() as session:
            suggestion = sectors.suggest_for_postcode(session, code)
            names = {int(o.value): o.label for o in self.technician_choices}
        if suggestion.sector_id is None:
            self.probe_answer = suggestion.message
            return
        who = ", ".join(names.get(t, "") for t in suggestion.technician_ids) or "aucun technicien"
        self.probe_answer = f"{suggestion.message} : {who}"
