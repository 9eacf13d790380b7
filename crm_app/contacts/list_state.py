"""State of the contact list: one page of rows, searched and paged in SQL,
and the quick-create dialog for a company or an individual."""

from __future__ import annotations

import reflex as rx

from crm_app.contacts import search, service
from crm_app.contacts.forms import ContactForm
from crm_app.contacts.presenters import ContactRow, contact_rows
from crm_app.core.errors import FormError
from crm_app.core.forms import parse_form
from crm_app.core.ui.options import EMPTY_CHOICE
from crm_app.core.ui.paged_list import PagedListMixin
from crm_app.db import session_scope
from crm_app.duplicates import service as duplicates
from crm_app.duplicates.service import DuplicateHint
from crm_app.users.state import AuthState, current_user_id, login_required, office_required

NEW_CONTACT_FIELDS = ("name", "civility", "email", "phone", "mobile", "street", "zip", "city")


class ContactListState(PagedListMixin, AuthState):
    query: str = ""
    rows: list[ContactRow] = []
    search_hint: str = ""
    show_archived: bool = False

    new_dialog_open: bool = False
    new_is_company: bool = True
    new_form: dict[str, str] = {}
    new_errors: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    # « Ce contact existe peut-être déjà », live as the form is typed.
    new_duplicates: list[DuplicateHint] = []

    def _fetch(self) -> None:
        with session_scope() as session:
            result = search.search_contacts(
                session, self.query, page=self.page, include_archived=self.show_archived
            )
        self.rows = contact_rows(result.rows)
        self._show_window(result.window, len(result.rows), "contacts", "Aucun contact")
        self.search_hint = search.TOO_SHORT_MESSAGE if result.too_short else ""

    @rx.event
    @login_required
    def load(self):
        self._fetch()

    @rx.event
    @login_required
    def set_query(self, value: str):
        self.query = value[:200]
        self.page = 1
        self._fetch()

    @rx.event
    @login_required
    def toggle_archived(self, value: bool):
        self.show_archived = bool(value)
        self.page = 1
        self._fetch()

    @rx.event
    @login_required
    def next_page(self):
        if self.has_next:
            self.page += 1
            self._fetch()

    @rx.event
    @login_required
    def previous_page(self):
        if self.page > 1:
            self.page -= 1
            self._fetch()

    @rx.event
    @login_required
    def open_contact(self, contact_id: int):
        return rx.redirect(f"/contact/{int(contact_id)}")

    # --- Quick creation ------------------------------------------------------

    @rx.event
    @office_required
    def open_new_dialog(self, is_company: bool):
        self.new_is_company = bool(is_company)
        self.new_form = {field: "" for field in NEW_CONTACT_FIELDS}
        self.new_errors = {}
        self.new_duplicates = []
        self.new_dialog_open = True

    @rx.event
    @login_required
    def close_new_dialog(self):
        self.new_dialog_open = False

    @rx.event
    @office_required
    def set_new_field(self, field: str, value: str):
        if field in NEW_CONTACT_FIELDS:
            self.new_form[field] = "" if value == EMPTY_CHOICE else value
            self.new_errors.pop(field, None)
        if field in duplicates.TYPED_FIELDS:
            with session_scope() as session:
                self.new_duplicates = duplicates.hints_for_typed(session, self.new_form)

    @rx.event
    @office_required
    def create_contact(self):
        form: dict[str, object] = dict(self.new_form)
        form["is_company"] = self.new_is_company
        if self.new_is_company:
            form.pop("civility", None)
        try:
            typed = parse_form(ContactForm, form)
            with session_scope() as session:
                contact = service.create_contact(
                    session, typed, created_by_id=current_user_id(self)
                )
                session.commit()
        except FormError as error:
            self.new_errors = error.errors
            return
        self.new_dialog_open = False
        return rx.redirect(f"/contact/{contact.id}")
