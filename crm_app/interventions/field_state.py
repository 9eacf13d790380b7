"""State of the field report page (/terrain/<id>), phone first: start the
intervention, write the report (kept in the browser until saved), add
photos, have the customer sign, finish as « Terminé » or « Inachevé », print."""

from __future__ import annotations

import reflex as rx

from crm_app.core.errors import FieldError, FormError
from crm_app.core.ui import toasts
from crm_app.db import session_scope
from crm_app.interventions import attachments, fieldwork
from crm_app.interventions.field_sheet import field_sheet
from crm_app.interventions.fieldwork import FieldworkRefused, PhotoLine
from crm_app.interventions.state import report_download
from crm_app.users.state import (
    AuthState,
    current_actor,
    login_page_load,
    login_required,
)

SHEET_FIELDS = (
    "state", "state_label", "when", "task", "maintenance", "technicians", "customer",
    "address", "phone", "phone_label", "warning", "notes", "description", "can_start",
    "can_finish", "finished", "cancelled", "started_label", "ended_label",
    "time_spent_label", "signed_label", "signature_image", "photos",
)  # fmt: skip


class FieldReportState(AuthState):
    intervention_id: int = 0
    refused: str = ""
    state: str = ""
    state_label: str = ""
    when: str = ""
    task: str = ""
    maintenance: bool = False
    technicians: str = ""
    customer: str = ""
    address: str = ""
    phone: str = ""
    phone_label: str = ""
    warning: str = ""
    notes: str = ""
    description: str = ""
    can_start: bool = False
    can_finish: bool = False
    finished: bool = False
    cancelled: bool = False
    started_label: str = ""
    ended_label: str = ""
    time_spent_label: str = ""
    signed_label: str = ""
    signature_image: str = ""
    photos: rx.Field[list[PhotoLine]] = rx.field(default_factory=list)
    # What the technician types (the report is also kept in the browser).
    report: str = ""
    time_spent: str = ""
    signer_name: str = ""
    # The pad's PNG data URL stays on the server (not sent back to the phone
    # after each stroke); the page only knows whether there is one.
    _signature: str = ""
    has_signature: bool = False
    clear_signal: int = 0
    saved_signal: int = 0
    errors: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    error_summary: str = ""

    def _route_id(self) -> int:
        raw = self.router.url.path.rstrip("/").rsplit("/", 1)[-1]
        return int(raw) if raw.isdigit() else 0

    def _show(self, *, keep_typed: bool = True) -> None:
        try:
            with session_scope() as session:
                sheet = field_sheet(session, self.intervention_id, current_actor(self))
        except FieldworkRefused as refusal:
            self.refused = str(refusal)
            self.photos = []
            return
        self.refused = ""
        for name in SHEET_FIELDS:
            setattr(self, name, getattr(sheet, name))
        if not keep_typed or not self.report:
            self.report = sheet.report_text
        if not keep_typed or not self.signer_name:
            self.signer_name = sheet.signer_name

    def _set_drawing(self, data_url: str) -> None:
        self._signature = data_url or ""
        self.has_signature = bool(self._signature)

    @rx.var
    def draft_key(self) -> str:
        return f"crm-report-{self.intervention_id}"

    @rx.event
    @login_page_load
    def load(self):
        self.intervention_id = self._route_id()
        self.errors = {}
        self.error_summary = ""
        self.report = ""
        self.time_spent = ""
        self.signer_name = ""
        self._set_drawing("")
        self._show(keep_typed=False)

    @rx.event
    @login_required
    def set_report(self, value: str):
        self.report = value
        self.errors.pop("report", None)

    @rx.event
    @login_required
    def set_time_spent(self, value: str):
        self.time_spent = value
        self.errors.pop("time_spent", None)

    @rx.event
    @login_required
    def set_signer_name(self, value: str):
        self.signer_name = value

    @rx.event
    @login_required
    def set_signature(self, value: str):
        self._set_drawing(value)
        self.errors.pop("signature", None)

    @rx.event
    @login_required
    def clear_signature(self):
        self._set_drawing("")
        self.clear_signal += 1

    @rx.event
    @login_required
    def start(self):
        try:
            with session_scope() as session:
                fieldwork.start_intervention(
                    session, self.intervention_id, actor=current_actor(self)
                )
                session.commit()
        except FieldworkRefused as refusal:
            return toasts.refused(str(refusal))
        self._show()
        return toasts.saved("Intervention démarrée.")

    @rx.event
    @login_required
    def finish(self, done: bool):
        try:
            with session_scope() as session:
                fieldwork.finish_intervention(
                    session,
                    self.intervention_id,
                    actor=current_actor(self),
                    done=bool(done),
                    report=self.report,
                    time_spent=self.time_spent,
                )
                session.commit()
        except FormError as error:
            self.errors = error.errors
            self.error_summary = "Vérifiez les champs signalés en rouge."
            return
        except FieldworkRefused as refusal:
            return toasts.refused(str(refusal))
        self.errors = {}
        self.error_summary = ""
        self.saved_signal += 1
        self._show(keep_typed=False)
        return toasts.saved("Intervention terminée." if done else "Intervention notée inachevée.")

    @rx.event
    @login_required
    def save_signature(self):
        try:
            with session_scope() as session:
                former = fieldwork.sign(
                    session,
                    self.intervention_id,
                    actor=current_actor(self),
                    data_url=self._signature,
                    signer_name=self.signer_name,
                )
                session.commit()
            attachments.discard_signature(former)
        except FormError as error:
            self.errors = {**self.errors, **error.errors}
            return
        except FieldworkRefused as refusal:
            return toasts.refused(str(refusal))
        self.errors.pop("signature", None)
        self._set_drawing("")
        self.clear_signal += 1
        self._show()
        return toasts.saved("Signature enregistrée.")

    @rx.event
    @login_required
    async def upload_photos(self, files: list[rx.UploadFile]):
        added, refused = 0, []
        for upload in files:
            data = await upload.read()
            try:
                with session_scope() as session:
                    fieldwork.add_photo(
                        session,
                        self.intervention_id,
                        actor=current_actor(self),
                        file_name=upload.name or "photo.jpg",
                        data=data,
                    )
                    session.commit()
                added += 1
            except FieldError as error:
                refused.append(f"{upload.name} : {error}")
            except FieldworkRefused as refusal:
                return toasts.refused(str(refusal))
        self.errors = {k: v for k, v in self.errors.items() if k != "photos"}
        if refused:
            self.errors["photos"] = " ".join(refused)
        self._show()
        if added:
            return toasts.saved(f"{added} photo(s) ajoutée(s).")

    @rx.event
    @login_required
    def remove_photo(self, photo_id: int):
        try:
            with session_scope() as session:
                key = fieldwork.remove_photo(session, int(photo_id), actor=current_actor(self))
                session.commit()
            attachments.discard_photo(key)
        except FieldworkRefused as refusal:
            return toasts.refused(str(refusal))
        self._show()

    @rx.event
    @login_required
    def print_report(self):
        return report_download(self, self.intervention_id)
