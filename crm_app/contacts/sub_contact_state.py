"""State of the "Créer : Contacts" dialog of the Contacts & Adresses tab."""

from __future__ import annotations

import reflex as rx

from crm_app.contacts import service
from crm_app.contacts.forms import SubContactForm
from crm_app.contacts.models import AddressType
from crm_app.contacts.page_state import SUB_TEXT_FIELDS, ContactPageState, after_save
from crm_app.contacts.presenters import form_values
from crm_app.core.countries import country_name
from crm_app.core.errors import FormError
from crm_app.core.forms import parse_form
from crm_app.core.ui import toasts
from crm_app.core.ui.options import EMPTY_CHOICE
from crm_app.db import session_scope
from crm_app.duplicates import service as duplicates
from crm_app.duplicates.service import DuplicateHint
from crm_app.users.state import current_user_id, login_required, office_required


class SubContactDialogState(ContactPageState):
    sub_dialog_open: bool = False
    sub_editing_id: int = 0
    sub_version: int = 0
    sub_form: dict[str, str] = {}
    sub_errors: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    sub_form_error: str = ""
    # « Ce contact existe peut-être déjà », live as the form is typed.
    sub_duplicates: list[DuplicateHint] = []

    def _empty_sub_form(self, address_type: str = AddressType.CONTACT.value) -> None:
        self.sub_editing_id = 0
        self.sub_version = 0
        self.sub_form = {field: "" for field in SUB_TEXT_FIELDS}
        self.sub_form["address_type"] = address_type
        self.sub_form["country_code"] = country_name("FR")
        self.sub_errors = {}
        self.sub_form_error = ""
        self.sub_duplicates = []

    @rx.event
    @office_required
    def open_new_sub_contact(self):
        self._empty_sub_form()
        self.sub_dialog_open = True

    @rx.event
    @office_required
    def open_edit_sub_contact(self, sub_id: int):
        with session_scope() as session:
            address_id = int(sub_id)
            contact = service.address_of(session, self.contact_id_loaded, address_id)
            if contact is None:
                return toasts.refused("Cette adresse n'existe plus.")
            self._empty_sub_form()
            self.sub_editing_id = address_id
            self.sub_version = contact.version
            self.sub_form = form_values(contact, SUB_TEXT_FIELDS)
        self.sub_dialog_open = True

    @rx.event
    @login_required
    def set_sub_dialog_open(self, value: bool):
        self.sub_dialog_open = bool(value)

    @rx.event
    @office_required
    def set_sub_field(self, field: str, value: str):
        if field in SUB_TEXT_FIELDS:
            self.sub_form[field] = "" if value == EMPTY_CHOICE else value
            self.sub_errors.pop(field, None)
        if field in duplicates.TYPED_FIELDS:
            main_id = self.parent_id or self.contact_id_loaded
            with session_scope() as session:
                self.sub_duplicates = duplicates.hints_for_typed(
                    session,
                    self.sub_form,
                    exclude_id=self.sub_editing_id or None,
                    parent_id=main_id,  # its own family is not a duplicate
                )

    def _save_sub_contact(self) -> bool:
        try:
            form = parse_form(SubContactForm, self.sub_form)
            with session_scope() as session:
                if self.sub_editing_id:
                    service.update_contact(
                        session,
                        self.sub_editing_id,
                        form,
                        expected_version=self.sub_version,
                        user_id=current_user_id(self),
                    )
                else:
                    service.create_sub_contact(
                        session,
                        self.contact_id_loaded,
                        form,
                        created_by_id=current_user_id(self),
                    )
                session.commit()
        except FormError as error:
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
        self._reload_sub_contacts()
        return True

    @rx.event
    @office_required
    def save_sub_contact_and_close(self):
        if self._save_sub_contact():
            self.sub_dialog_open = False
            return [toasts.saved("Adresse enregistrée."), *after_save()]

    @rx.event
    @office_required
    def save_sub_contact_and_new(self):
        address_type = self.sub_form.get("address_type", AddressType.CONTACT.value)
        if self._save_sub_contact():
            # Same type again: people usually enter several of a kind in a row.
            self._empty_sub_form(address_type)
            return [
                toasts.saved("Adresse enregistrée. Saisissez la suivante."),
                *after_save(),
            ]

    @rx.event
    @login_required
    def cancel_sub_contact(self):
        self.sub_dialog_open = False

    @rx.event
    @office_required
    def archive_sub_contact(self, sub_id: int):
        with session_scope() as session:
            address_id = int(sub_id)
            contact = service.address_of(session, self.contact_id_loaded, address_id)
            if contact is None:
                return toasts.refused("Cette adresse n'existe plus.")
            service.archive_contact(session, address_id, user_id=current_user_id(self))
            session.commit()
        self._reload_sub_contacts()
        return toasts.notice("Adresse archivée.")
