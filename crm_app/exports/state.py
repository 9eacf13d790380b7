"""The export dialog of the contact list: format and columns (remembered in
the browser), then a one-use download link for the current search."""

from __future__ import annotations

import reflex as rx

from crm_app.core.ui.backend_urls import download_from_backend
from crm_app.db import session_scope
from crm_app.exports import service
from crm_app.exports.api import EXPORT_PATH
from crm_app.exports.columns import COLUMNS, DEFAULT_COLUMN_KEYS
from crm_app.exports.service import ExportRefused
from crm_app.exports.writers import ExportFormat
from crm_app.users.state import AuthState, current_user_id, office_required


class ContactExportState(AuthState):
    dialog_open: bool = False
    file_format: str = ExportFormat.CSV.value
    # The columns chosen last time, in this browser (comma-separated keys).
    remembered_columns: str = rx.LocalStorage(
        ",".join(DEFAULT_COLUMN_KEYS), name="crm_export_columns"
    )
    remembered_format: str = rx.LocalStorage(ExportFormat.CSV.value, name="crm_export_format")
    error: str = ""
    count_label: str = ""
    _query: str = ""
    _include_archived: bool = False

    @rx.var
    def chosen(self) -> list[str]:
        return [key for key in self.remembered_columns.split(",") if key]

    @rx.event
    @office_required
    def open_dialog(self, query: str, include_archived: bool):
        self._query, self._include_archived = str(query)[:200], bool(include_archived)
        self.file_format = (
            self.remembered_format
            if self.remembered_format in {f.value for f in ExportFormat}
            else ExportFormat.CSV.value
        )
        self.error = ""
        with session_scope() as session:
            count = service.count_matching(session, self._query, self._include_archived)
        self.count_label = service.count_label(count)
        self.dialog_open = True

    @rx.event
    @office_required
    def close_dialog(self):
        self.dialog_open = False

    @rx.event
    @office_required
    def set_format(self, value: str):
        if value in {f.value for f in ExportFormat}:
            self.file_format = value

    @rx.event
    @office_required
    def toggle_column(self, key: str, checked: bool):
        known = [c.key for c in COLUMNS]
        chosen = set(self.chosen) | {key} if checked else set(self.chosen) - {key}
        self.remembered_columns = ",".join(k for k in known if k in chosen)
        self.error = ""

    @rx.event
    @office_required
    def start_export(self):
        if not self.chosen:
            self.error = "Choisissez au moins une colonne."
            return
        try:
            with session_scope() as session:
                token = service.create_ticket(
                    session,
                    user_id=current_user_id(self),
                    query=self._query,
                    include_archived=self._include_archived,
                    file_format=self.file_format,
                    column_keys=self.chosen,
                )
                session.commit()
        except ExportRefused as refused:
            self.error = str(refused)
            return
        self.remembered_format = self.file_format
        self.dialog_open = False
        return download_from_backend(f"{EXPORT_PATH}/{token}", f"contacts.{self.file_format}")
