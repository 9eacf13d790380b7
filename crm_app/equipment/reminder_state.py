"""State of « Relances »: the template, a month's run, sending it in the
background with its progress, retrying, the letters for customers without e-mail."""

from __future__ import annotations

import asyncio
from datetime import date

import reflex as rx

from crm_app.core import formatting
from crm_app.core.clock import add_months, local_today
from crm_app.core.errors import FormError
from crm_app.core.paging import range_label
from crm_app.core.ui import toasts
from crm_app.db import session_scope
from crm_app.equipment import reminders
from crm_app.equipment.documents import build_letters
from crm_app.equipment.mailer import MailNotConfigured
from crm_app.equipment.reminders import ReminderLine
from crm_app.users.state import (
    OFFICE_ROLES,
    AuthState,
    current_user_id,
    office_page_load,
    office_required,
    user_role_from_token,
)

POLL_SECONDS = 0.5
MERGE_HELP = " · ".join(f"{{{name}}} : {label}" for name, label in reminders.MERGE_FIELDS.items())


def _send(run_id: int, user_id: int | None) -> str:
    """The sending, in a worker thread; a French error when it cannot start."""
    try:
        reminders.send_pending(session_scope, run_id, user_id=user_id)
    except MailNotConfigured as error:
        return str(error)
    return ""


class ReminderState(AuthState):
    month: str = ""
    month_text: str = ""
    subject: str = ""
    body: str = ""
    template_errors: rx.Field[dict[str, str]] = rx.field(default_factory=dict)

    run_id: int = 0
    run_month: str = ""
    total: int = 0
    sent: int = 0
    failed: int = 0
    pending: int = 0
    letters: int = 0
    percent: int = 0  # of the e-mails, sent or failed
    sending: bool = False
    send_error: str = ""
    lines: rx.Field[list[ReminderLine]] = rx.field(default_factory=list)
    page: int = 1
    page_count: int = 1
    has_next: bool = False
    range_text: str = ""

    def _month(self) -> date:
        try:
            return date.fromisoformat(self.month)
        except ValueError:
            return add_months(local_today().replace(day=1), 1)

    def _refresh(self) -> None:
        if not self.run_id:
            self.lines = []
            return
        with session_scope() as session:
            progress = reminders.run_progress(session, self.run_id)
            result = reminders.run_page(session, self.run_id, page=self.page)
        self.run_month = progress.month_label
        self.total, self.sent, self.failed = progress.total, progress.sent, progress.failed
        self.pending, self.letters = progress.pending, progress.letters
        emails = progress.total - progress.letters
        self.percent = progress.done * 100 // emails if emails else 0
        self.lines, self.page = result.lines, result.page
        self.page_count, self.has_next = result.page_count, result.window.has_next
        self.range_text = range_label(result.window, len(result.lines), "clients", "Aucun client.")

    @rx.event
    @office_page_load
    def load(self):
        self.month = self._month().isoformat()
        self.month_text = formatting.month_label(self._month()).capitalize()
        with session_scope() as session:
            self.subject, self.body = reminders.current_template(session)
            if not self.run_id:
                self.run_id = reminders.latest_run_id(session) or 0
        self.template_errors = {}
        self._refresh()

    @rx.event
    @office_required
    def shift_month(self, months: int):
        self.month = add_months(self._month(), int(months)).isoformat()
        self.month_text = formatting.month_label(self._month()).capitalize()

    @rx.event
    @office_required
    def set_subject(self, value: str):
        self.subject = value
        self.template_errors.pop("subject", None)

    @rx.event
    @office_required
    def set_body(self, value: str):
        self.body = value
        self.template_errors.pop("body", None)

    def _save_template(self) -> bool:
        try:
            with session_scope() as session:
                reminders.save_template(session, self.subject, self.body)
                session.commit()
        except FormError as error:
            self.template_errors = error.errors
            return False
        return True

    @rx.event
    @office_required
    def save_template(self):
        if self._save_template():
            return toasts.saved("Modèle enregistré.")

    @rx.event
    @office_required
    def prepare(self):
        if not self._save_template():
            return
        with session_scope() as session:
            run = reminders.prepare_run(session, self._month(), user_id=current_user_id(self))
            session.commit()
        self.run_id, self.page, self.send_error = run.id or 0, 1, ""
        self._refresh()
        if not self.total:
            return toasts.notice("Aucun entretien n'arrive à échéance ce mois-là.")

    @rx.event
    @office_required
    def go_to_page(self, page: int):
        self.page = int(page)
        self._refresh()

    @rx.event
    @office_required
    def retry(self):
        with session_scope() as session:
            count = reminders.retry_failed(session, self.run_id)
            session.commit()
        self._refresh()
        if count:
            return ReminderState.send_in_background

    @rx.event
    @office_required
    def send(self):
        if self.run_id and self.pending and not self.sending:
            return ReminderState.send_in_background

    @rx.event(background=True)
    async def send_in_background(self):
        if user_role_from_token(self.session_token) not in OFFICE_ROLES:
            return
        async with self:
            if self.sending:
                return
            self.sending, self.send_error = True, ""
            run_id, user_id = self.run_id, current_user_id(self)
        work = asyncio.create_task(asyncio.to_thread(_send, run_id, user_id))
        try:
            while not work.done():
                await asyncio.sleep(POLL_SECONDS)
                async with self:
                    self._refresh()
            error = await work
        finally:
            async with self:
                self.sending = False
        async with self:
            self.send_error = error
            self._refresh()
        if not error:
            return toasts.saved("Envoi terminé.")

    @rx.event
    @office_required
    def download_letters(self):
        with session_scope() as session:
            try:
                name, data = build_letters(session, self.run_id)
            except LookupError:
                return toasts.refused("Préparez d'abord les relances.")
        return rx.download(data=data, filename=name)
