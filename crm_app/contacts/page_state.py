"""State of one contact page: the editable header and the
"Contacts & Adresses" tab with its "Créer : Contacts" dialog."""

from __future__ import annotations

import reflex as rx

from crm_app.contacts import service
from crm_app.contacts.models import ADDRESS_TYPE_LABELS, AddressType, Contact
from crm_app.contacts.presenters import (
    ROLE_LABELS,
    SubContactCard,
    form_values,
    one_line_address,
    role_key,
    sub_contact_card,
)
from crm_app.contacts.state import EMPTY_CHOICE
from crm_app.contacts.validation import ContactValidationError
from crm_app.db import session_scope
from crm_app.users.state import AuthState, current_user_id, login_required

HEADER_TEXT_FIELDS = tuple(f for f in service.HEADER_FIELDS if f != "is_company")
SUB_TEXT_FIELDS = service.SUB_CONTACT_FIELDS
MAX_SUB_CONTACTS_SHOWN = 200


class ContactPageState(AuthState):
    contact_id_loaded: int = 0
    not_found: bool = False
    display_name: str = ""
    is_sub_contact: bool = False
    parent_id: int = 0
    parent_name: str = ""
    parent_address: str = ""
    type_label: str = ""
    active: bool = True
    role: str = "prospect"
    status_label: str = ""
    version: int = 0
    stale: bool = False

    header: dict[str, str] = {}
    header_is_company: bool = False
    header_errors: dict[str, str] = {}
    header_dirty: bool = False

    active_tab: str = "addresses"
    sub_contacts: list[SubContactCard] = []

    sub_dialog_open: bool = False
    sub_editing_id: int = 0
    sub_version: int = 0
    sub_form: dict[str, str] = {}
    sub_errors: dict[str, str] = {}
    sub_form_error: str = ""

    # --- Loading --------------------------------------------------------------

    def _route_contact_id(self) -> int:
        raw = self.router.url.path.rstrip("/").rsplit("/", 1)[-1]
        return int(raw) if raw.isdigit() else 0

    def _show(self, contact: Contact, parent: Contact | None, subs: list[Contact]) -> None:
        self.contact_id_loaded = contact.id or 0
        self.not_found = False
        self.display_name = contact.display_name
        self.is_sub_contact = parent is not None
        self.parent_id = parent.id if parent else 0
        self.parent_name = parent.name if parent else ""
        self.parent_address = one_line_address(parent) if parent else one_line_address(contact)
        self.type_label = ADDRESS_TYPE_LABELS[AddressType(contact.address_type)]
        self.active = contact.active
        self.role = role_key(parent or contact)
        self.status_label = ROLE_LABELS[self.role]
        self.version = contact.version
        self.stale = False
        fields = SUB_TEXT_FIELDS if parent else HEADER_TEXT_FIELDS
        self.header = form_values(contact, fields)
        self.header_is_company = contact.is_company
        self.header_errors = {}
        self.header_dirty = False
        self.sub_contacts = [sub_contact_card(s) for s in subs[:MAX_SUB_CONTACTS_SHOWN]]

    def _reload(self) -> None:
        contact_id = self._route_contact_id()
        with session_scope() as session:
            contact = session.get(Contact, contact_id) if contact_id else None
            if contact is None:
                self.not_found = True
                self.contact_id_loaded = 0
                return
            parent = session.get(Contact, contact.parent_id) if contact.parent_id else None
            subs = [] if parent else service.list_sub_contacts(session, contact.id)
            self._show(contact, parent, subs)

    @rx.event
    @login_required
    def load(self):
        self.active_tab = "addresses"
        self.sub_dialog_open = False
        self._reload()

    @rx.event
    @login_required
    def reload(self):
        self._reload()

    @rx.event
    @login_required
    def set_active_tab(self, value: str):
        self.active_tab = value

    # --- Header ---------------------------------------------------------------

    @rx.event
    @login_required
    def set_header_field(self, field: str, value: str):
        if field in self.header:
            self.header[field] = "" if value == EMPTY_CHOICE else value
            self.header_errors.pop(field, None)
            self.header_dirty = True

    @rx.event
    @login_required
    def set_header_is_company(self, value: str):
        self.header_is_company = value == "company"
        self.header_dirty = True

    @rx.event
    @login_required
    def save_header(self):
        form: dict[str, object] = dict(self.header)
        if not self.is_sub_contact:
            form["is_company"] = self.header_is_company
        try:
            with session_scope() as session:
                service.update_contact(
                    session, self.contact_id_loaded, form, expected_version=self.version
                )
                session.commit()
        except ContactValidationError as error:
            self.header_errors = error.errors
            return rx.toast.error(
                "Le contact n'a pas été enregistré : corrigez les champs en rouge."
            )
        except service.StaleContactError:
            self.stale = True
            return
        self._reload()
        return rx.toast.success("Contact enregistré.")

    @rx.event
    @login_required
    def archive(self):
        with session_scope() as session:
            service.archive_contact(session, self.contact_id_loaded)
            session.commit()
        self._reload()
        return rx.toast.info("Contact archivé.")

    @rx.event
    @login_required
    def restore(self):
        try:
            with session_scope() as session:
                service.restore_contact(session, self.contact_id_loaded)
                session.commit()
        except service.ContactRuleError as error:
            return rx.toast.error(str(error))
        self._reload()
        return rx.toast.success("Contact restauré.")

    # --- "Créer : Contacts" dialog -------------------------------------------------

    def _empty_sub_form(self, address_type: str = AddressType.CONTACT.value) -> None:
        self.sub_editing_id = 0
        self.sub_version = 0
        self.sub_form = {field: "" for field in SUB_TEXT_FIELDS}
        self.sub_form["address_type"] = address_type
        self.sub_form["country_code"] = "FR"
        self.sub_errors = {}
        self.sub_form_error = ""

    @rx.event
    @login_required
    def open_new_sub_contact(self):
        self._empty_sub_form()
        self.sub_dialog_open = True

    @rx.event
    @login_required
    def open_edit_sub_contact(self, sub_id: int):
        with session_scope() as session:
            contact = session.get(Contact, int(sub_id))
            if contact is None or contact.parent_id != self.contact_id_loaded:
                return rx.toast.error("Cette adresse n'existe plus.")
            self._empty_sub_form()
            self.sub_editing_id = contact.id
            self.sub_version = contact.version
            self.sub_form = form_values(contact, SUB_TEXT_FIELDS)
        self.sub_dialog_open = True

    @rx.event
    @login_required
    def set_sub_dialog_open(self, value: bool):
        self.sub_dialog_open = bool(value)

    @rx.event
    @login_required
    def set_sub_field(self, field: str, value: str):
        if field in SUB_TEXT_FIELDS:
            self.sub_form[field] = "" if value == EMPTY_CHOICE else value
            self.sub_errors.pop(field, None)

    def _save_sub_contact(self) -> bool:
        form: dict[str, object] = dict(self.sub_form)
        try:
            with session_scope() as session:
                if self.sub_editing_id:
                    service.update_contact(
                        session, self.sub_editing_id, form, expected_version=self.sub_version
                    )
                else:
                    service.create_sub_contact(
                        session,
                        self.contact_id_loaded,
                        form,
                        created_by_id=current_user_id(self),
                    )
                session.commit()
        except ContactValidationError as error:
            self.sub_errors = error.errors
            return False
        except service.StaleContactError:
            self.sub_form_error = (
                "Cette adresse a été modifiée par quelqu'un d'autre entre-temps. "
                "Fermez puis rouvrez-la pour voir sa dernière version."
            )
            return False
        except service.ContactRuleError as error:
            self.sub_form_error = str(error)
            return False
        self._reload()
        return True

    @rx.event
    @login_required
    def save_sub_contact_and_close(self):
        if self._save_sub_contact():
            self.sub_dialog_open = False
            return rx.toast.success("Adresse enregistrée.")

    @rx.event
    @login_required
    def save_sub_contact_and_new(self):
        address_type = self.sub_form.get("address_type", AddressType.CONTACT.value)
        if self._save_sub_contact():
            # Same type again: people usually enter several of a kind in a row.
            self._empty_sub_form(address_type)
            return rx.toast.success("Adresse enregistrée. Saisissez la suivante.")

    @rx.event
    @login_required
    def cancel_sub_contact(self):
        self.sub_dialog_open = False

    @rx.event
    @login_required
    def archive_sub_contact(self, sub_id: int):
        with session_scope() as session:
            contact = session.get(Contact, int(sub_id))
            if contact is None or contact.parent_id != self.contact_id_loaded:
                return rx.toast.error("Cette adresse n'existe plus.")
            service.archive_contact(session, contact.id)
            session.commit()
        self._reload()
        return rx.toast.info("Adresse archivée.")
