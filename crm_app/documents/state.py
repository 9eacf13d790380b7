"""What the four document pages share, as state mixins: the form with its
customer picker and live warning popup, and the searched, paged list.

Each document's state (interventions/state.py, sales/state.py,
accounting/state.py) mixes these in and fills the hooks (_blank, _fill,
_customer_defaults, _save, _search).
"""

from __future__ import annotations

from typing import ClassVar

import reflex as rx
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from crm_app.contacts import search as contact_search
from crm_app.contacts.models import Contact
from crm_app.core.paging import PageWindow
from crm_app.core.ui import toasts
from crm_app.core.ui.options import EMPTY_CHOICE, ChoiceOption
from crm_app.core.ui.paged_list import PagedListMixin
from crm_app.db import session_scope
from crm_app.documents import forms
from crm_app.documents.listing import DocumentRow
from crm_app.documents.models import DocumentBase
from crm_app.documents.rules import (
    BlockedCustomerError,
    DocumentKind,
    DocumentValidationError,
    address_label,
    customer_addresses,
    customer_notes_for,
    customer_warning,
)
from crm_app.users.state import OFFICE_ROLES, current_user_id, roles_from

NEW_SEGMENT = "nouveau"
CUSTOMER_RESULTS = 8


class DocumentFormMixin(rx.State, mixin=True):
    KIND: ClassVar[DocumentKind]
    MODEL: ClassVar[type[DocumentBase]]
    ROUTE: ClassVar[str]  # "/interventions"
    SAVED_MESSAGE: ClassVar[str] = "Enregistré."
    # Who may open the document, and who may change it.
    READ_ROLES: ClassVar[tuple[str, ...]] = OFFICE_ROLES
    WRITE_ROLES: ClassVar[tuple[str, ...]] = OFFICE_ROLES

    doc_id: int = 0
    doc_version: int = 0
    doc_number: str = ""
    not_found: bool = False
    stale: bool = False
    form: dict[str, str] = {}
    errors: rx.Field[dict[str, str]] = rx.field(default_factory=dict)

    customer_id: str = ""
    customer_label: str = ""
    customer_query: str = ""
    customer_searching: bool = False
    customer_results: list[ChoiceOption] = []
    customer_notes: str = ""
    address_options: list[ChoiceOption] = []

    warning_open: bool = False
    warning_message: str = ""
    warning_blocking: bool = False
    warning_holder: str = ""

    # --- Hooks each document fills ------------------------------------------------

    def _blank(self, session: Session) -> None:
        raise NotImplementedError

    def _fill(self, session: Session, document: DocumentBase) -> None:
        raise NotImplementedError

    def _customer_defaults(self, session: Session, customer: Contact) -> None:
        """Defaults that follow the customer (addresses, label)."""

    def _save(self, session: Session, form: dict[str, object]) -> DocumentBase:
        raise NotImplementedError

    def _may_read(self, session: Session, document: DocumentBase) -> bool:
        """Whether this user may open this document (READ_ROLES said the kind)."""
        return True

    # --- Loading ----------------------------------------------------------------------

    def _segment(self) -> str:
        return self.router.url.path.rstrip("/").rsplit("/", 1)[-1]

    def _clear_customer(self) -> None:
        self.customer_id = self.customer_label = self.customer_notes = ""
        self.address_options = []
        self._close_search()

    def _close_search(self) -> None:
        self.customer_query = ""
        self.customer_searching = False
        self.customer_results = []

    def _show_customer(self, session: Session, customer: Contact) -> None:
        self.customer_id = str(customer.id)
        self.customer_label = customer.display_name
        self.customer_notes = customer_notes_for(session, customer)
        self.address_options = [
            ChoiceOption(value=str(a.id), label=address_label(a))
            for a in customer_addresses(session, customer)
        ]

    def _choose_customer(self, session: Session, customer: Contact) -> None:
        """Show the customer's warning at once; a blocking one empties the field."""
        warning = customer_warning(session, customer.id, self.KIND)
        if warning is not None:
            self.warning_message = warning.message
            self.warning_blocking = warning.blocking
            self.warning_holder = warning.holder_name
            self.warning_open = True
        if warning is not None and warning.blocking:
            self._clear_customer()
            return
        self._show_customer(session, customer)
        self._customer_defaults(session, customer)
        self.errors.pop("customer_id", None)

    @rx.event
    @roles_from("READ_ROLES", page_load=True)
    def load(self):
        self._load()

    def _load(self) -> None:
        self.doc_id = self.doc_version = 0
        self.doc_number = ""
        self.not_found = self.stale = self.warning_open = False
        self.errors = {}
        self._clear_customer()
        segment = self._segment()
        with session_scope() as session:
            if segment == NEW_SEGMENT:
                self._blank(session)
                client = self.router.url.query_parameters.get("client", "")
                customer = session.get(Contact, int(client)) if client.isdigit() else None
                if customer is not None and customer.active:
                    self._choose_customer(session, customer)
                return
            document = session.get(self.MODEL, int(segment)) if segment.isdigit() else None
            if document is None or not self._may_read(session, document):
                self.not_found = True
                return
            self.doc_id = document.saved_id
            self.doc_version = document.version
            self.doc_number = getattr(document, "number", "")
            customer = session.get(Contact, document.customer_id)
            if customer is not None:
                self._show_customer(session, customer)
            self._fill(session, document)

    # --- Customer picker ---------------------------------------------------------------

    @rx.event
    @roles_from("WRITE_ROLES")
    def search_customers(self, text: str):
        self.customer_query = text
        self.customer_searching = True
        with session_scope() as session:
            page = contact_search.search_contacts(session, text, page_size=CUSTOMER_RESULTS)
            self.customer_results = [
                ChoiceOption(
                    value=str(c.id),
                    label=" · ".join(p for p in (c.display_name, c.city) if p),
                )
                for c in page.rows
            ]

    @rx.event
    @roles_from("WRITE_ROLES")
    def choose_customer(self, value: str):
        self._close_search()
        with session_scope() as session:
            customer = session.get(Contact, int(value)) if str(value).isdigit() else None
            if customer is None or not customer.active:
                return toasts.refused("Ce contact n'existe plus.")
            self._choose_customer(session, customer)

    @rx.event
    @roles_from("READ_ROLES")
    def close_customer_search(self):
        self._close_search()

    @rx.event
    @roles_from("READ_ROLES")
    def set_warning_open(self, value: bool):
        self.warning_open = bool(value)

    # --- Fields and saving -----------------------------------------------------------------

    @rx.event
    @roles_from("WRITE_ROLES")
    def set_field(self, field: str, value: str):
        if field in self.form:
            self.form[field] = "" if value == EMPTY_CHOICE else value
            self.errors.pop(field, None)

    @rx.event
    @roles_from("WRITE_ROLES")
    def save(self):
        form: dict[str, object] = {**self.form, "customer_id": self.customer_id}
        try:
            with session_scope() as session:
                document = self._save(session, form)
                session.commit()
                new_id = document.saved_id
        except BlockedCustomerError as error:
            self.errors = error.errors
            self._clear_customer()
            return toasts.refused(error.message)
        except DocumentValidationError as error:
            self.errors = error.errors  # said beside the save button
            return
        except IntegrityError:
            # Another document took the same number at the same moment.
            return toasts.refused("Un autre enregistrement a eu lieu au même moment : réessayez.")
        except forms.StaleDocumentError:
            self.stale = True
            return
        except forms.DocumentNotFound:
            self.not_found = True
            return
        if not self.doc_id:
            return [toasts.saved(self.SAVED_MESSAGE), rx.redirect(f"{self.ROUTE}/{new_id}")]
        self._load()
        return toasts.saved(self.SAVED_MESSAGE)

    def _user_id(self) -> int:
        return current_user_id(self)


class DocumentListMixin(PagedListMixin, mixin=True):
    READ_ROLES: ClassVar[tuple[str, ...]] = OFFICE_ROLES

    query: str = ""
    rows: list[DocumentRow] = []

    def _search(self, session: Session) -> tuple[list[DocumentRow], PageWindow]:
        """Return the rows of the asked page and its window."""
        raise NotImplementedError

    def _fetch(self) -> None:
        with session_scope() as session:
            self.rows, window = self._search(session)
        self._show_window(window, len(self.rows), "documents", "Aucun document")

    @rx.event
    @roles_from("READ_ROLES", page_load=True)
    def load(self):
        self.page = 1
        self._fetch()

    @rx.event
    @roles_from("READ_ROLES")
    def set_query(self, value: str):
        self.query = value
        self.page = 1
        self._fetch()

    @rx.event
    @roles_from("READ_ROLES")
    def go_to_page(self, page: int):
        self.page = int(page)
        self._fetch()
