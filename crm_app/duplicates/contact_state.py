"""« Doublons de cette fiche » on the contact page: the contacts this one is
probably a duplicate of, by the same rules as the scan, each to open or merge."""

from __future__ import annotations

import reflex as rx

from crm_app.contacts import service as contacts
from crm_app.contacts.page_state import ContactPageState
from crm_app.db import session_scope
from crm_app.duplicates import service
from crm_app.duplicates.scan import KEY_COLUMNS
from crm_app.duplicates.service import DuplicateHint
from crm_app.users.state import login_required, office_required


class ContactDuplicatesState(ContactPageState):
    duplicates_open: bool = False
    duplicates: list[DuplicateHint] = []

    @rx.event
    @office_required
    def find_duplicates(self):
        with session_scope() as session:
            contact = contacts.get_contact(session, self.contact_id_loaded)
            values = {field: getattr(contact, field) for field in KEY_COLUMNS}
            self.duplicates = [
                DuplicateHint(m.id, m.name, m.details, m.likeness.reason_text)
                for m in service.matches_for(session, values, limit=10)
            ]
        self.duplicates_open = True

    @rx.event
    @login_required
    def set_duplicates_open(self, value: bool):
        self.duplicates_open = bool(value)
