"""Turn Contact rows into the small, typed records the UI state holds."""

from __future__ import annotations

import dataclasses

from crm_app.contacts.derived import own_label
from crm_app.contacts.models import (
    ADDRESS_TYPE_LABELS,
    CONTACT_FIELD_LABELS,
    AddressType,
    Contact,
    CustomerStatus,
)
from crm_app.contacts.service import shares_parent_address
from crm_app.core.countries import country_name
from crm_app.core.formatting import phone_label

ROLE_LABELS = {
    "prospect": "Prospect",
    "client": "Client",
    "supplier": "Fournisseur",
    "client_supplier": "Client et fournisseur",
    "user": "Utilisateur",
    "none": "",
}


def role_key(contact: Contact) -> str:
    """The role shown by the list icon: prospect, client, supplier or both."""
    customer = contact.customer_status if contact.is_customer else None
    if contact.is_supplier and customer == CustomerStatus.CLIENT.value:
        return "client_supplier"
    if contact.is_supplier and customer is None:
        return "supplier"
    if customer:
        return customer
    if contact.is_supplier:
        return "supplier"
    return "user" if contact.linked_user_id else "none"


def roles_of(contact: Contact) -> list[str]:
    """Every role a contact holds (the seed's four: a contact may hold several)."""
    roles = []
    if contact.is_customer:
        roles.append(contact.customer_status)
    if contact.linked_user_id:
        roles.append("user")
    if contact.is_supplier:
        roles.append("supplier")
    return roles


def warning_level(contact: Contact) -> str:
    """ "blocking", "warning" or "": what the list's warning icon shows."""
    objects = (
        contact.warning_on_interventions,
        contact.warning_on_opportunities,
        contact.warning_on_sale_orders,
        contact.warning_on_invoices,
    )
    if not contact.warning_message or not any(objects):
        return ""
    return "blocking" if contact.warning_blocking else "warning"


def one_line_address(contact: Contact) -> str:
    town = " ".join(p for p in (contact.zip, contact.city) if p)
    abroad = country_name(contact.country_code) if contact.country_code not in ("", "FR") else ""
    return ", ".join(p for p in (contact.street, contact.street2, town, abroad) if p)


def address_block(contact: Contact | None) -> str:
    """A printed address: the name, then the address on its own line."""
    if contact is None:
        return ""
    where = one_line_address(contact)
    return f"{contact.display_name}\n{where}" if where else contact.display_name


@dataclasses.dataclass
class ContactRow:
    id: int
    display_name: str
    is_child: bool  # a sub-address
    nested: bool  # shown right under its main contact's row
    is_company: bool
    type_label: str
    role: str
    role_label: str
    email: str
    phone: str
    city: str
    active: bool
    warning: str
    warning_message: str


def contact_row(contact: Contact) -> ContactRow:
    role = role_key(contact)
    return ContactRow(
        id=contact.id or 0,
        display_name=contact.display_name,
        is_child=contact.parent_id is not None,
        nested=False,
        is_company=contact.is_company,
        type_label=ADDRESS_TYPE_LABELS[AddressType(contact.address_type)],
        role=role,
        role_label=ROLE_LABELS[role],
        email=contact.email or "",
        phone=phone_label(contact.phone or contact.mobile),
        city=" ".join(p for p in (contact.zip, contact.city) if p),
        active=contact.active,
        warning=warning_level(contact),
        warning_message=(contact.warning_message or "") if warning_level(contact) else "",
    )


def contact_rows(contacts: list[Contact]) -> list[ContactRow]:
    """The list's rows. A sub-address is nested (indented) only under its
    main contact's row: a search may find it without its main contact, and it
    must not look like it belongs to the row above."""
    rows = []
    shown_under = None  # the main contact whose addresses follow
    for contact in contacts:
        row = contact_row(contact)
        if contact.parent_id is None:
            shown_under = contact.id
        else:
            row.nested = contact.parent_id == shown_under
        rows.append(row)
    return rows


@dataclasses.dataclass
class SubContactCard:
    id: int
    name: str
    address_type: str
    type_label: str
    civility: str
    job_title: str
    email: str
    phone: str
    mobile: str
    address: str
    comment: str
    shares_address: bool


def sub_contact_card(contact: Contact) -> SubContactCard:
    return SubContactCard(
        id=contact.id or 0,
        name=own_label(contact),
        address_type=contact.address_type,
        type_label=ADDRESS_TYPE_LABELS[AddressType(contact.address_type)],
        civility=contact.civility or "",
        job_title=contact.job_title or "",
        email=contact.email or "",
        phone=phone_label(contact.phone),
        mobile=phone_label(contact.mobile),
        address=one_line_address(contact),
        comment=contact.comment or "",
        shares_address=shares_parent_address(contact),
    )


def form_values(contact: Contact, fields: tuple[str, ...]) -> dict[str, str]:
    """The text a form shows for a contact: phones in French national format."""
    values: dict[str, str] = {}
    for field in fields:
        value = getattr(contact, field)
        if field in ("phone", "mobile"):
            value = phone_label(value)
        if field == "country_code":
            value = country_name(value)
        if isinstance(value, bool):
            continue
        values[field] = "" if value is None else str(value)
    return values


# French names of the fields (the journal, the save bar's error summary).
FIELD_LABELS = CONTACT_FIELD_LABELS
