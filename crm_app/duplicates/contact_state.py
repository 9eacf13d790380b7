"""« Doublons de cette fiche » on the contact page: the contacts this one is
probably a duplicate of, by the same rules as the scan, each to open or merge."""

from __future__ import annotations

import reflex as rx

from crm_app.contacts.page_state import ContactPageState
from crm_app.db import session_scope
from crm_app.duplicates import service
from crm_app.duplicates.service import DuplicateHint
from crm_app.users.state import login_required, office_required


class ContactDuplicatesState(ContactPageState):
    duplicates_open: bool = False
    duplicates: list[DuplicateHint] = []

    @rx.event
    @office_required
    def find_duplicates(self):
        with session_scope() as session:
            self.duplicates = service.hints_for_contact(session, self.contact_id_loaded)
        self.duplicates_open = True

    @rx.event
    @login_required
    def set_duplicates_open(self, value: bool):
        self.duplicates_open = bool(value)
