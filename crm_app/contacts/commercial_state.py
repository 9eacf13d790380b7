"""State of the commercial tabs' pickers (Vendeur, Revendeur, Installateur,
Prospecteur, Utilisateur) and of the RGPD consent proof document."""

from __future__ import annotations

import reflex as rx

from crm_app.contacts import commercial, consent_proof, search, service
from crm_app.contacts.models import Contact
from crm_app.contacts.page_state import ContactPageState
from crm_app.core.errors import FieldError
from crm_app.core.ui import toasts
from crm_app.core.ui.options import ChoiceOption
from crm_app.db import session_scope
from crm_app.users import service as users
from crm_app.users.state import current_user_id, login_required, office_required

PICKER_FIELDS = commercial.PARTNER_FIELDS + commercial.USER_FIELDS
PICKER_RESULTS = 8
CONSENT_UPLOAD_ID = "consent-proof"


class CommercialTabsState(ContactPageState):
    picker_field: str = ""
    picker_query: str = ""
    picker_results: list[ChoiceOption] = []
    proof_error: rx.Field[str] = rx.field("")

    # --- Searchable pickers, searched in SQL -----------------------------------------

    @rx.event
    @office_required
    def search_picker(self, field: str, text: str):
        if self.is_sub_contact or field not in PICKER_FIELDS:
            return
        self.picker_field = field
        self.picker_query = text
        with session_scope() as session:
            if field in commercial.PARTNER_FIELDS:
                rows = search.search_main_contacts(
                    session, text, exclude_id=self.contact_id_loaded, limit=PICKER_RESULTS
                )
                self.picker_results = [
                    ChoiceOption(
                        value=str(c.id), label=" · ".join(p for p in (c.display_name, c.city) if p)
                    )
                    for c in rows
                ]
            else:
                self.picker_results = [
                    ChoiceOption(value=str(u.id), label=u.name)
                    for u in users.search_users(session, text, limit=PICKER_RESULTS)
                ]

    @rx.event
    @office_required
    def choose_picker(self, field: str, value: str, label: str):
        if self.is_sub_contact or field not in PICKER_FIELDS:
            return
        self.form[field] = value
        # The list shows "name · city"; the field shows the name.
        self.picker_labels[field] = label.split(" · ")[0]
        self.form_errors.pop(field, None)
        self.form_dirty = True
        self._close_picker()

    @rx.event
    @office_required
    def clear_picker(self, field: str):
        if self.is_sub_contact or field not in PICKER_FIELDS:
            return
        self.form[field] = ""
        self.picker_labels[field] = ""
        self.form_dirty = True
        self._close_picker()

    @rx.event
    @login_required
    def close_picker(self):
        self._close_picker()

    def _close_picker(self) -> None:
        self.picker_field = ""
        self.picker_query = ""
        self.picker_results = []

    # --- Consent proof (private document) ---------------------------------------------

    @rx.event
    @office_required
    async def upload_proof(self, files: list[rx.UploadFile]):
        if self.is_sub_contact or not files:
            return
        upload = files[0]
        data = await upload.read()
        try:
            with session_scope() as session:
                contact = service.get_contact(session, self.contact_id_loaded)
                former = consent_proof.store_proof(
                    session, contact, upload.name or "preuve", data, user_id=current_user_id(self)
                )
                session.commit()
                self.consent_proof_name = contact.consent_proof_file_name or ""
            consent_proof.discard_file(former)
        except FieldError as error:
            self.proof_error = str(error)
            return toasts.refused(str(error))
        self.proof_error = ""
        return toasts.saved("Preuve de consentement enregistrée.")

    @rx.event
    @office_required
    def download_proof(self):
        with session_scope() as session:
            contact = session.get(Contact, self.contact_id_loaded)
            if contact is None:
                return toasts.refused("Ce contact n'existe plus.")
            holder = commercial.commercial_contact(session, contact)
            try:
                name, data = consent_proof.read_proof(holder)
            except FileNotFoundError:
                return toasts.refused("Aucune preuve enregistrée pour ce contact.")
        return rx.download(data=data, filename=name)

    @rx.event
    @office_required
    def remove_proof(self):
        if self.is_sub_contact:
            return
        with session_scope() as session:
            contact = service.get_contact(session, self.contact_id_loaded)
            former = consent_proof.remove_proof(session, contact, user_id=current_user_id(self))
            session.commit()
        consent_proof.discard_file(former)
        self.consent_proof_name = ""
        return toasts.notice("Preuve de consentement retirée.")
