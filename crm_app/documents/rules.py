"""Rules shared by the four documents (interventions, opportunities, quotes,
invoices): the customer warning, addresses, amounts and numbering.

The warning rule lives here only: every document form asks
``customer_warning`` while the user fills it, and every save goes through
``ensure_customer_allowed``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import Session, col, func, select

from crm_app.contacts.commercial import commercial_contact
from crm_app.contacts.models import ADDRESS_TYPE_LABELS, AddressType, Contact
from crm_app.contacts.presenters import one_line_address
from crm_app.core.errors import FormError
from crm_app.documents.models import NumberedDocument


class DocumentKind(StrEnum):
    INTERVENTION = "intervention"
    OPPORTUNITY = "opportunity"
    SALE_ORDER = "sale_order"
    INVOICE = "invoice"


# The checkbox of the Avertissements box that covers each kind.
WARNING_FLAG = {
    DocumentKind.INTERVENTION: "warning_on_interventions",
    DocumentKind.OPPORTUNITY: "warning_on_opportunities",
    DocumentKind.SALE_ORDER: "warning_on_sale_orders",
    DocumentKind.INVOICE: "warning_on_invoices",
}


class DocumentValidationError(FormError):
    """Wrong fields of a document form; ``errors`` maps field to French message."""


class BlockedCustomerError(DocumentValidationError):
    """The customer carries a blocking warning for this kind of document."""

    def __init__(self, message: str):
        super().__init__({"customer_id": message})
        self.message = message


@dataclass(frozen=True)
class CustomerWarning:
    message: str
    blocking: bool
    holder_name: str  # the contact whose warning it is (the main contact of an address)


def customer_warning(
    session: Session, customer_id: int | None, kind: DocumentKind
) -> CustomerWarning | None:
    """The warning to show when this customer is chosen on this kind of document:
    its own, or its main contact's for a sub-address; None if none applies."""
    if not customer_id:
        return None
    customer = session.get(Contact, customer_id)
    if customer is None:
        return None
    holder = commercial_contact(session, customer)
    if not holder.warning_message or not getattr(holder, WARNING_FLAG[kind]):
        return None
    return CustomerWarning(
        message=holder.warning_message,
        blocking=holder.warning_blocking,
        holder_name=holder.display_name,
    )


def ensure_customer_allowed(
    session: Session, customer_id: int | None, kind: DocumentKind
) -> Contact:
    """The customer to save on a document, or an error: missing, archived, or
    under a blocking warning for this kind of document."""
    customer = session.get(Contact, customer_id) if customer_id else None
    if customer is None:
        raise DocumentValidationError({"customer_id": "Choisissez un client."})
    if not customer.active:
        raise DocumentValidationError({"customer_id": "Ce contact est archivé."})
    warning = customer_warning(session, customer.id, kind)
    if warning is not None and warning.blocking:
        raise BlockedCustomerError(f"Client bloqué : {warning.message}")
    return customer


def allowed_customer(
    session: Session,
    form: Mapping[str, object],
    kind: DocumentKind,
    errors: dict[str, str],
    *,
    current_customer_id: int | None = None,
) -> Contact | None:
    """The form's customer if it may be saved on this kind of document; else
    None, with the reason added to ``errors``. A blocked customer stops the
    save at once (BlockedCustomerError). The rule guards choosing a customer:
    an existing document keeps its customer (it can still be cancelled or
    marked paid after the customer was blocked or archived)."""
    raw = str(form.get("customer_id") or "").strip()
    customer_id = int(raw) if raw.isdigit() else None
    if customer_id is not None and customer_id == current_customer_id:
        customer = session.get(Contact, customer_id)
        if customer is not None:
            return customer
    try:
        return ensure_customer_allowed(session, customer_id, kind)
    except BlockedCustomerError:
        raise
    except DocumentValidationError as error:
        errors.update(error.errors)
        return None


# --- Addresses -------------------------------------------------------------------------


def customer_addresses(session: Session, customer: Contact) -> list[Contact]:
    """The main contact and its active sub-addresses: where a document may point."""
    holder = commercial_contact(session, customer)
    subs = session.exec(
        select(Contact)
        .where(Contact.parent_id == holder.id, Contact.active == True)  # noqa: E712
        .order_by(Contact.list_sort_key)
        .limit(200)
    ).all()
    return [holder, *subs]


def address_label(contact: Contact) -> str:
    kind = (
        ADDRESS_TYPE_LABELS[AddressType(contact.address_type)]
        if contact.parent_id
        else "Adresse principale"
    )
    where = one_line_address(contact)
    return f"{contact.display_name} — {kind}" + (f" — {where}" if where else "")


def default_address(session: Session, customer: Contact, address_type: AddressType) -> Contact:
    """The customer's sub-address of that type if it has one, else the customer."""
    if customer.parent_id is not None and customer.address_type == address_type.value:
        return customer
    for address in customer_addresses(session, customer)[1:]:
        if address.address_type == address_type.value:
            return address
    return customer


def customer_notes_for(session: Session, customer: Contact) -> str:
    """The Notes client shown on quotes and interventions (the main contact's)."""
    return commercial_contact(session, customer).customer_notes or ""


def check_address(session: Session, customer: Contact, address_id: object, field: str) -> int:
    """An address chosen on a document must belong to the customer."""
    try:
        wanted = int(str(address_id or 0))
    except ValueError:
        wanted = 0
    allowed = {a.id for a in customer_addresses(session, customer)}
    if wanted not in allowed:
        raise DocumentValidationError({field: "Choisissez une adresse de ce client."})
    return wanted


# --- Amounts and numbers -----------------------------------------------------------------


def next_number(session: Session, model: type[NumberedDocument], prefix: str, year: int) -> str:
    """Next number of the year: DEV-2026-0001, FAC-2026-0002...

    The sequence is compared as a number (as text, 10000 sorts before 9999).
    On PostgreSQL several backend workers may number at the same time: a lock
    held until the caller's transaction ends makes them take turns.
    """
    start = f"{prefix}-{year}-"
    if session.get_bind().dialect.name == "postgresql":
        session.execute(select(func.pg_advisory_xact_lock(func.hashtext(start))))
    number = col(model.number)
    sequence = sa.cast(func.substr(number, len(start) + 1), sa.Integer)
    last = session.exec(select(func.max(sequence)).where(number.startswith(start))).one()
    return f"{start}{(last or 0) + 1:04d}"
