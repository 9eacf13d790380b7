"""Derived fields of a contact (display name, list sort key, search text),
computed by a session hook whenever a contact is written, whoever writes it:
a service, an import, a merge, a script or a bare Session. A main contact's
change of name reaches its addresses' derived fields in the same flush."""

from __future__ import annotations

import re

import phonenumbers
import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import col, select

from crm_app.contacts.models import ADDRESS_TYPE_LABELS, AddressType, Contact
from crm_app.core.schema import table_of
from crm_app.core.text import normalize

# Fields of a main contact that its addresses' derived fields read.
PARENT_FIELDS = ("name",)


def _phone_search_forms(e164: str | None) -> list[str]:
    """Digit strings a user may type for a number: 33299..., 0299..."""
    if not e164:
        return []
    forms = [e164.lstrip("+")]
    try:
        number = phonenumbers.parse(e164, None)
        national = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
        forms.append(re.sub(r"\D", "", national))
    except phonenumbers.NumberParseException:
        pass
    return forms


def own_label(contact: Contact) -> str:
    """What names a contact on its own: its name, or its type for a nameless address."""
    if contact.name:
        return contact.name
    return ADDRESS_TYPE_LABELS[AddressType(contact.address_type)]


def compute_display_name(contact: Contact, parent: Contact | None) -> str:
    """Odoo's rule: a sub-contact is shown as "Parent, Child"."""
    if parent is None:
        return contact.name
    return f"{parent.name}, {own_label(contact)}"


def name_key(name: str) -> str:
    """What a main contact's place in the list starts with (then its id)."""
    return normalize(name)[:200]


def _sort_key(contact: Contact, parent: Contact | None) -> str:
    # Children sort right under their parent, whatever names come in between:
    # the key groups by the root's name, then its id, then parent before children.
    root = parent or contact
    root_key = f"{name_key(root.name)}\x1f{root.id or 0:010d}\x1f"
    return root_key + ("1" + normalize(own_label(contact))[:200] if parent else "0")


def refresh_derived_fields(contact: Contact, parent: Contact | None) -> None:
    """Display name, list sort key and search text from the contact's fields
    (and its main contact's, for an address)."""
    contact.display_name = compute_display_name(contact, parent)
    contact.list_sort_key = _sort_key(contact, parent)
    parts = [
        contact.display_name,
        contact.email,
        contact.city,
        contact.zip,
        contact.internal_reference,
        contact.vat,
        contact.street,
        contact.website,
    ]
    phones = _phone_search_forms(contact.phone) + _phone_search_forms(contact.mobile)
    contact.search_text = normalize(" ".join(p for p in parts if p))[:1800] + " " + " ".join(phones)


def _refresh_all(
    session: OrmSession, contacts: list[Contact]
) -> list[tuple[Contact, Contact | None]]:
    """Refresh the contacts and, for a main contact renamed, its addresses;
    returns those whose sort key waits for a new main contact's id."""
    waiting = []
    with session.no_autoflush:
        for contact in contacts:
            parent = session.get(Contact, contact.parent_id) if contact.parent_id else None
            refresh_derived_fields(contact, parent)
            if (parent or contact).id is None:
                waiting.append((contact, parent))
            state = sa.inspect(contact)
            renamed = any(state.attrs[f].history.has_changes() for f in PARENT_FIELDS)
            if parent is None and contact.id is not None and renamed:
                children = session.execute(
                    select(Contact).where(col(Contact.parent_id) == contact.id)
                ).scalars()
                for child in children:
                    if child not in contacts:
                        refresh_derived_fields(child, contact)
    return waiting


@event.listens_for(OrmSession, "before_flush")
def _derive(session: OrmSession, _context, _instances) -> None:
    written = [o for o in (*session.new, *session.dirty) if isinstance(o, Contact)]
    if written:
        session.info["derived_waiting"] = _refresh_all(session, written)


@event.listens_for(OrmSession, "after_flush")
def _key_with_id(session: OrmSession, _context) -> None:
    """A new main contact's id, part of its (and its addresses') sort key, is
    known once inserted: the key is written then, in the same transaction."""
    waiting: list[tuple[Contact, Contact | None]] = session.info.pop("derived_waiting", [])
    table = table_of(Contact)
    keys = []
    for contact, parent in waiting:
        key = _sort_key(contact, parent)
        if contact.id is None or key == contact.list_sort_key:
            continue
        keys.append({"contact_id": contact.id, "key": key})
        set_committed_value(contact, "list_sort_key", key)
    if keys:  # one statement for a flush of many new contacts (an import's batch)
        session.connection().execute(
            sa.update(table)
            .where(table.c.id == sa.bindparam("contact_id"))
            .values(list_sort_key=sa.bindparam("key")),
            keys,
        )
