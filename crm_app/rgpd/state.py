"""State of the RGPD tools: export and erasure on the contact page, and the
retention page (/rgpd). Office and administrators only."""

from __future__ import annotations

import dataclasses

import reflex as rx

from crm_app.contacts.page_state import ContactPageState, after_save
from crm_app.core.formatting import local_date_label
from crm_app.core.ui import toasts
from crm_app.db import session_scope
from crm_app.rgpd import service as rgpd
from crm_app.users.state import AuthState, current_user_id, office_page_load, office_required


class RgpdState(ContactPageState):
    erase_dialog_open: bool = False

    def _export(self, kind: str):
        with session_scope() as session:
            try:
                data = rgpd.export_contact(session, self.contact_id_loaded)
            except LookupError:
                return toasts.refused("Ce contact n'existe plus.")
            rgpd.record_export(session, data["contact"]["id"], user_id=current_user_id(self))
            session.commit()
        body = rgpd.export_json(data) if kind == "json" else rgpd.export_csv(data)
        return rx.download(data=body, filename=f"donnees-contact-{data['contact']['id']}.{kind}")

    @rx.event
    @office_required
    def export_json(self):
        return self._export("json")

    @rx.event
    @office_required
    def export_csv(self):
        return self._export("csv")

    @rx.event
    @office_required
    def set_erase_dialog_open(self, value: bool):
        self.erase_dialog_open = bool(value)

    @rx.event
    @office_required
    def erase(self):
        with session_scope() as session:
            try:
                files = rgpd.erase_contact(
                    session, self.contact_id_loaded, user_id=current_user_id(self)
                )
            except LookupError:
                return toasts.refused("Ce contact n'existe plus.")
            session.commit()
        rgpd.discard_files(files)
        self.erase_dialog_open = False
        self._reload()
        return [
            toasts.saved("Données personnelles effacées ; les factures sont conservées."),
            *after_save(),
        ]


@dataclasses.dataclass
class RetentionLine:
    id: int
    name: str
    reason: str
    last_activity: str


class RetentionState(AuthState):
    lines: list[RetentionLine] = []
    selected: list[str] = []
    confirm_open: bool = False

    def _fetch(self) -> None:
        with session_scope() as session:
            rows = rgpd.retention_candidates(session)
        self.lines = [
            RetentionLine(
                r.id,
                r.name,
                rgpd.STATUS_LABELS.get(r.status, r.status),
                local_date_label(r.last_activity),
            )
            for r in rows
        ]
        self.selected = [s for s in self.selected if int(s) in {r.id for r in rows}]

    @rx.event
    @office_page_load
    def load(self):
        self.selected = []
        self._fetch()

    @rx.event
    @office_required
    def toggle(self, contact_id: int, checked: bool):
        key = str(contact_id)
        rest = [s for s in self.selected if s != key]
        self.selected = [*rest, key] if checked else rest

    @rx.event
    @office_required
    def select_all(self, checked: bool):
        self.selected = [str(line.id) for line in self.lines] if checked else []

    @rx.event
    @office_required
    def set_confirm_open(self, value: bool):
        self.confirm_open = bool(value)

    @rx.event
    @office_required
    def anonymise_selected(self):
        allowed = {line.id for line in self.lines}
        ids = [int(s) for s in self.selected if int(s) in allowed]
        files: list[str] = []
        with session_scope() as session:
            for contact_id in ids:
                files += rgpd.erase_contact(session, contact_id, user_id=current_user_id(self))
            session.commit()
        rgpd.discard_files(files)
        self.confirm_open = False
        self.selected = []
        self._fetch()
        return toasts.saved(f"{len(ids)} contact(s) anonymisé(s).")
