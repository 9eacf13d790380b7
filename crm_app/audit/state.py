"""The Journal section of the contact page: the audit trail, paged in SQL."""

from __future__ import annotations

import reflex as rx
from sqlmodel import Session

from crm_app.audit.service import JournalLine, journal
from crm_app.contacts.models import Contact
from crm_app.contacts.page_state import ContactPageState
from crm_app.contacts.page_tabs import LoadedContact
from crm_app.db import session_scope
from crm_app.users.state import login_required


class JournalState(ContactPageState):
    journal_lines: list[JournalLine] = []
    journal_page: int = 1
    journal_page_count: int = 1
    journal_total: int = 0

    def _fetch_journal(self) -> None:
        with session_scope() as session:
            contact = session.get(Contact, self._route_contact_id())
            if contact is not None:
                self._show_journal(session, contact.parent_id or contact.id or 0)

    def _show_journal(self, session: Session, main_contact_id: int) -> None:
        result = journal(session, main_contact_id, page=self.journal_page)
        self.journal_lines = result.lines
        self.journal_page, self.journal_page_count = result.page, result.page_count
        self.journal_total = result.total

    @rx.event
    @login_required
    def load_journal(self):
        self.journal_page = 1
        self._fetch_journal()

    @rx.event
    @login_required
    def journal_go_to(self, page: int):
        self.journal_page = int(page)
        self._fetch_journal()


def fill_journal_tab(state: JournalState, session: Session, loaded: LoadedContact) -> None:
    """The contact page's load hook (contacts/page_tabs.py): the first page."""
    state.journal_page = 1
    state._show_journal(session, loaded.main_contact_id)
