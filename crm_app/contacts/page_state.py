"""State of one contact page: loading, the form (header and the commercial
tabs, saved together as in Odoo), archiving.

The "Créer : Contacts" dialog and the commercial tabs' pickers and consent
proof live in substates (sub_contact_state, commercial_state).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import reflex as rx
from sqlmodel import Session

from crm_app.contacts import commercial, page_tabs, service
from crm_app.contacts.commercial_forms import ContactPageForm
from crm_app.contacts.forms import SubContactForm
from crm_app.contacts.models import ADDRESS_TYPE_LABELS, AddressType, Contact
from crm_app.contacts.presenters import (
    FIELD_LABELS,
    ROLE_LABELS,
    SubContactCard,
    form_values,
    one_line_address,
    role_key,
    roles_of,
    sub_contact_card,
    warning_level,
)
from crm_app.core.errors import FormError
from crm_app.core.formatting import long_date_label
from crm_app.core.forms import parse_valid_fields
from crm_app.core.ui import toasts
from crm_app.core.ui.options import EMPTY_CHOICE, ChoiceOption, choice_options
from crm_app.db import session_scope
from crm_app.reference import service as reference
from crm_app.reference.models import (
    Account,
    FiscalPosition,
    MarketingCampaign,
    MarketingMedium,
    MarketingSource,
    PaymentTerm,
    Pricelist,
)
from crm_app.users.models import User
from crm_app.users.state import AuthState, current_user_id, login_required, office_required

HEADER_TEXT_FIELDS = tuple(f for f in service.HEADER_FIELDS if f != "is_company")
SUB_TEXT_FIELDS = service.SUB_CONTACT_FIELDS
COMMERCIAL_TEXT_FIELDS = tuple(
    f for f in commercial.COMMERCIAL_FIELDS if f not in commercial.BOOLEAN_FIELDS
)
MAX_SUB_CONTACTS_SHOWN = 200

# Which tab shows a field, to lead the user to an error.
TAB_OF_FIELD = {
    **{f: "notes" for f in commercial.NOTES_FIELDS},
    "warning_objects": "notes",
    **{f: "sales" for f in commercial.SALES_FIELDS},
    **{f: "accounting" for f in commercial.ACCOUNTING_FIELDS},
    **{f: "marketing" for f in commercial.MARKETING_FIELDS},
}
TAB_LABELS = {
    "notes": "Notes internes",
    "sales": "Ventes & Achats",
    "accounting": "Comptabilité",
    "marketing": "Marketing",
}
HEADER_PLACE = "En-tête"


@dataclass
class ErrorPlace:
    """Where a refused save has wrong fields: the header or one tab."""

    tab: str  # the tab's key; "" for the header
    label: str
    fields: str  # the wrong fields' French labels


def error_places(errors: dict[str, str]) -> list[ErrorPlace]:
    """The save bar's summary of a refused save: the header first, then the
    tabs in page order, each with its wrong fields."""
    by_tab: dict[str, list[str]] = {}
    for field in errors:
        label = FIELD_LABELS.get(field, "Avertissement" if field == "warning_objects" else field)
        by_tab.setdefault(TAB_OF_FIELD.get(field, ""), []).append(label)
    order = ["", *TAB_LABELS]
    return [
        ErrorPlace(tab, TAB_LABELS.get(tab, HEADER_PLACE), ", ".join(by_tab[tab]))
        for tab in sorted(by_tab, key=order.index)
    ]


# The selects of the commercial tabs: choice list name -> (model, form field, account kind).
CHOICE_LISTS = {
    "pricelist": (Pricelist, "sale_pricelist_id", None),
    "customer_payment_term": (PaymentTerm, "customer_payment_term_id", None),
    "supplier_payment_term": (PaymentTerm, "supplier_payment_term_id", None),
    "fiscal_position": (FiscalPosition, "fiscal_position_id", None),
    "receivable_account": (Account, "receivable_account_id", "receivable"),
    "payable_account": (Account, "payable_account_id", "payable"),
    "campaign": (MarketingCampaign, "campaign_id", None),
    "source": (MarketingSource, "source_id", None),
    "medium": (MarketingMedium, "medium_id", None),
}


def after_save() -> list:
    """After a save: the tabs that show derived data (Localisation, Journal...)
    reload, as they registered."""
    return page_tabs.refresh_after_save()


def picker_labels(session: Session, contact: Contact) -> dict[str, str]:
    """What the pickers show for the contact's current partners and users."""
    labels: dict[str, str] = {}
    for field in commercial.PARTNER_FIELDS:
        partner_id = getattr(contact, field)
        partner = session.get(Contact, partner_id) if partner_id else None
        labels[field] = partner.display_name if partner else ""
    for field in commercial.USER_FIELDS:
        user_id = getattr(contact, field)
        user = session.get(User, user_id) if user_id else None
        labels[field] = user.name if user else ""
    return labels


def choice_lists(session: Session, contact: Contact) -> dict[str, list[ChoiceOption]]:
    options = reference.choice_lists(
        session,
        {
            name: reference.ChoiceList(model, getattr(contact, field), account_kind)
            for name, (model, field, account_kind) in CHOICE_LISTS.items()
        },
    )
    return {name: choice_options(pairs) for name, pairs in options.items()}


class ContactPageState(AuthState):
    contact_id_loaded: rx.Field[int] = rx.field(0)
    not_found: bool = False
    display_name: str = ""
    is_sub_contact: bool = False
    parent_id: rx.Field[int] = rx.field(0)
    parent_name: str = ""
    parent_address: str = ""
    type_label: str = ""
    active: rx.Field[bool] = rx.field(True)
    role: str = "prospect"
    status_label: str = ""
    role_labels: list[str] = []
    saved_status_forced: bool = False
    warning_level: str = ""
    warning_text: str = ""
    website: str = ""  # the saved "Site web", shown as a link
    merged_into_id: rx.Field[int] = rx.field(0)  # « Fusionner » archived it into this one
    version: int = 0
    stale: bool = False

    # The whole form: header fields, then the commercial tabs' text fields
    # (for a sub-contact, its main contact's, shown read-only).
    form: dict[str, str] = {}
    flags: dict[str, bool] = {}
    form_is_company: bool = False
    form_errors: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    # A refused save, summed up in the save bar (a toast would cover the button).
    save_error_places: rx.Field[list[ErrorPlace]] = rx.field(default_factory=list)
    form_dirty: rx.Field[bool] = rx.field(False)
    consent_date_label: str = ""
    consent_proof_name: str = ""
    picker_labels: dict[str, str] = {}
    choices: dict[str, list[ChoiceOption]] = {}

    active_tab: str = "addresses"
    # The contact the shown tab was chosen for: a tab clicked while the page's
    # load is still on its way is kept, not reset to the first one.
    _tab_contact_id: int = 0
    sub_contacts: rx.Field[list[SubContactCard]] = rx.field(default_factory=list)

    # --- Loading --------------------------------------------------------------

    def _route_contact_id(self) -> int:
        raw = self.router.url.path.rstrip("/").rsplit("/", 1)[-1]
        return int(raw) if raw.isdigit() else 0

    def _show(
        self, session: Session, contact: Contact, parent: Contact | None, subs: list[Contact]
    ) -> None:
        holder = parent or contact  # the commercial fields are the main contact's
        self.contact_id_loaded = contact.id or 0
        self.not_found = False
        self.display_name = contact.display_name
        self.merged_into_id = contact.merged_into_id or 0
        self.is_sub_contact = parent is not None
        self.parent_id = (parent.id or 0) if parent else 0
        self.parent_name = parent.name if parent else ""
        self.parent_address = one_line_address(holder)
        self.type_label = ADDRESS_TYPE_LABELS[AddressType(contact.address_type)]
        self.active = contact.active
        self.role = role_key(holder)
        self.status_label = ROLE_LABELS[self.role]
        self.role_labels = [ROLE_LABELS[r] for r in roles_of(holder)]
        self.saved_status_forced = holder.is_customer and holder.customer_status_forced
        self.warning_level = warning_level(holder)
        self.warning_text = (holder.warning_message or "") if self.warning_level else ""
        self.website = (contact.website or "") if parent is None else ""
        self.version = contact.version
        self.stale = False
        fields = SUB_TEXT_FIELDS if parent else HEADER_TEXT_FIELDS
        self.form = {
            **form_values(holder, COMMERCIAL_TEXT_FIELDS),
            **form_values(contact, fields),
        }
        self.flags = {f: bool(getattr(holder, f)) for f in commercial.BOOLEAN_FIELDS}
        self.form_is_company = contact.is_company
        self.form_errors = {}
        self.save_error_places = []
        self.form_dirty = False
        self.consent_date_label = long_date_label(holder.consent_date)
        self.consent_proof_name = holder.consent_proof_file_name or ""
        self.picker_labels = picker_labels(session, holder)
        self.choices = choice_lists(session, holder)
        self.sub_contacts = [sub_contact_card(s) for s in subs[:MAX_SUB_CONTACTS_SHOWN]]

    def _reload_sub_contacts(self) -> None:
        """Refresh the address cards only: unsaved edits of the form stay."""
        with session_scope() as session:
            subs = service.list_sub_contacts(session, self.contact_id_loaded)
            self.sub_contacts = [sub_contact_card(s) for s in subs[:MAX_SUB_CONTACTS_SHOWN]]

    def _reload(self) -> None:
        with session_scope() as session:
            self._reload_in(session)

    def _reload_in(self, session: Session) -> tuple[Contact | None, list[Contact] | None]:
        """Show the contact of the page's address; returns it with its active
        addresses (None for an address), or (None, None) when it is not found."""
        contact_id = self._route_contact_id()
        contact = session.get(Contact, contact_id) if contact_id else None
        if contact is None:
            self.not_found = True
            self.contact_id_loaded = 0
            return None, None
        parent = session.get(Contact, contact.parent_id) if contact.parent_id else None
        subs = None if parent else service.list_sub_contacts(session, contact_id)
        self._show(session, contact, parent, subs or [])
        return contact, subs

    @rx.event
    @login_required
    async def load(self):
        """on_load of /contact/[id]: the header and every registered tab's data
        in one event and one database session. (One on_load handler per tab
        cost a websocket round trip each, and with Redis a state fetch and
        lock each.)"""
        contact_id = self._route_contact_id()
        if self._tab_contact_id != contact_id:
            self.active_tab = "addresses"
            self._tab_contact_id = contact_id
        fills = [(await self.get_state(f.state), f.fill) for f in page_tabs.tab_fills()]
        follow_ups = []
        with session_scope() as session:
            contact, subs = self._reload_in(session)
            if contact is None:
                return None
            parent = session.get(Contact, contact.parent_id) if contact.parent_id else None
            loaded = page_tabs.LoadedContact(contact=contact, parent=parent, sub_contacts=subs)
            for tab_state, fill in fills:
                follow_up = fill(tab_state, session, loaded)
                if follow_up is not None:
                    follow_ups.append(follow_up)
        return follow_ups or None

    @rx.event
    @login_required
    def reload(self):
        self._reload()

    @rx.event
    @login_required
    def set_active_tab(self, value: str):
        self.active_tab = value
        self._tab_contact_id = self._route_contact_id()

    # --- The form -------------------------------------------------------------

    def _editable(self, field: str) -> bool:
        # A sub-contact's commercial fields are its main contact's: read-only here.
        return field in self.form and not (
            self.is_sub_contact and field in commercial.COMMERCIAL_FIELDS
        )

    @rx.event
    @office_required
    def set_form_field(self, field: str, value: str):
        if self._editable(field):
            self.form[field] = "" if value == EMPTY_CHOICE else value
            self._clear_errors(field)
            self.form_dirty = True

    def _clear_errors(self, *fields: str) -> None:
        if any(field in self.form_errors for field in fields):
            for field in fields:
                self.form_errors.pop(field, None)
            self.save_error_places = error_places(self.form_errors)

    @rx.event
    @office_required
    def set_flag(self, field: str, value: bool):
        if self.is_sub_contact or field not in commercial.BOOLEAN_FIELDS:
            return
        self.flags[field] = bool(value)
        self.form_dirty = True
        if field in commercial.WARNING_OBJECT_FIELDS or field == "warning_blocking":
            self._clear_errors("warning_objects", "warning_message")
        if field == "consent_communication":
            # Shown at once; the server sets the same date on save.
            self.consent_date_label = long_date_label(date.today()) if value else ""

    @rx.event
    @office_required
    def set_form_is_company(self, value: str):
        self.form_is_company = value == "company"
        self.form_dirty = True

    @rx.event
    @office_required
    def save_contact(self):
        typed: dict[str, object] = {**self.form, **self.flags}
        if not self.is_sub_contact:
            typed["is_company"] = self.form_is_company
        # A sub-contact's commercial fields are its main contact's: not its form's.
        form, errors = parse_valid_fields(
            SubContactForm if self.is_sub_contact else ContactPageForm, typed
        )
        try:
            with session_scope() as session:
                service.update_contact(
                    session,
                    self.contact_id_loaded,
                    form,
                    expected_version=self.version,
                    user_id=current_user_id(self),
                    form_errors=errors,
                )
                session.commit()
        except FormError as error:
            self.form_errors = error.errors
            self.save_error_places = error_places(error.errors)
            tabs = [place.tab for place in self.save_error_places]
            # The header is always in view, and so is the tab on screen: else
            # lead the user to the first tab in error.
            if "" not in tabs and self.active_tab not in tabs and tabs:
                self.active_tab = tabs[0]
            return
        except service.StaleContactError:
            self.stale = True
            return
        self._reload()
        return [toasts.saved("Contact enregistré."), *after_save()]

    @rx.event
    @office_required
    def archive(self):
        with session_scope() as session:
            service.archive_contact(session, self.contact_id_loaded, user_id=current_user_id(self))
            session.commit()
        self._reload()
        return toasts.notice("Contact archivé.")

    @rx.event
    @office_required
    def restore(self):
        try:
            with session_scope() as session:
                service.restore_contact(
                    session, self.contact_id_loaded, user_id=current_user_id(self)
                )
                session.commit()
        except service.ContactRuleError as error:
            return toasts.refused(str(error))
        self._reload()
        return toasts.saved("Contact restauré.")
