"""Commercial fields of a contact: the Notes internes, Ventes & Achats,
Comptabilité and Marketing tabs.

As in Odoo, these fields belong to the main contact ("commercial contact"):
a sub-contact shows its main contact's values and never holds its own.
Plain functions taking a SQLModel Session; the caller commits.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from sqlalchemy import func, update
from sqlmodel import Session, col, select

from crm_app.contacts.commercial_forms import (
    ACCOUNTING_FIELDS,
    COMMERCIAL_FIELDS,
    MARKETING_FIELDS,
    NOTES_FIELDS,
    SALES_FIELDS,
)
from crm_app.contacts.models import Contact, CustomerStatus
from crm_app.core.errors import FieldError
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

__all__ = [
    "ACCOUNTING_FIELDS",
    "COMMERCIAL_FIELDS",
    "MARKETING_FIELDS",
    "NOTES_FIELDS",
    "SALES_FIELDS",
]

BOOLEAN_FIELDS = (
    "warning_blocking",
    "warning_on_interventions",
    "warning_on_opportunities",
    "warning_on_sale_orders",
    "warning_on_invoices",
    "is_customer",
    "customer_status_forced",
    "is_supplier",
    "consent_communication",
)
WARNING_OBJECT_FIELDS = BOOLEAN_FIELDS[1:5]

# Reference tables each id field picks from.
REFERENCE_FIELDS = {
    "sale_pricelist_id": Pricelist,
    "customer_payment_term_id": PaymentTerm,
    "supplier_payment_term_id": PaymentTerm,
    "fiscal_position_id": FiscalPosition,
    "receivable_account_id": Account,
    "payable_account_id": Account,
    "campaign_id": MarketingCampaign,
    "source_id": MarketingSource,
    "medium_id": MarketingMedium,
}
ACCOUNT_KIND_OF_FIELD = {"receivable_account_id": "receivable", "payable_account_id": "payable"}
PARTNER_FIELDS = ("reseller_id", "installer_id", "prospector_id")
USER_FIELDS = ("salesperson_id", "linked_user_id")

DEFAULT_RECEIVABLE_ACCOUNT = "411100"
DEFAULT_PAYABLE_ACCOUNT = "401100"


# --- Rules of the four tabs that need the database ----------------------------------


def _check_reference(session: Session, field: str, value: int, current: int | None) -> None:
    model = REFERENCE_FIELDS[field]
    row = session.get(model, value)
    if row is None:
        raise FieldError("Cet élément n'existe plus : choisissez-en un autre.")
    # An archived choice may stay where it already was, but is not offered anew.
    if not row.active and value != current:
        raise FieldError("Cet élément est archivé : choisissez-en un autre.")
    expected_kind = ACCOUNT_KIND_OF_FIELD.get(field)
    if expected_kind and row.kind != expected_kind:
        raise FieldError(
            "Choisissez un compte client (411…)."
            if expected_kind == "receivable"
            else "Choisissez un compte fournisseur (401…)."
        )


def _check_partner(session: Session, contact: Contact, value: int, current: int | None) -> None:
    if value == contact.id:
        raise FieldError("Un contact ne peut pas être son propre partenaire.")
    partner = session.get(Contact, value)
    if partner is None or partner.parent_id is not None:
        raise FieldError("Choisissez un contact principal existant.")
    if not partner.active and value != current:
        raise FieldError("Ce contact est archivé : choisissez-en un autre.")


def _check_user(session: Session, value: int, current: int | None) -> None:
    user = session.get(User, value)
    if user is None:
        raise FieldError("Cet utilisateur n'existe plus.")
    if not user.active and value != current:
        raise FieldError("Cet utilisateur est désactivé.")


def _check_unique_reference(session: Session, contact: Contact, reference: str) -> None:
    clash = session.exec(
        select(Contact).where(
            func.lower(Contact.internal_reference) == reference.lower(),
            Contact.id != contact.id,
        )
    ).first()
    if clash is not None:
        raise FieldError(
            f"La référence interne « {reference} » est déjà utilisée par « {clash.display_name} »."
        )


def _check_linked_user(session: Session, contact: Contact, user_id: int) -> None:
    clash = session.exec(
        select(Contact).where(Contact.linked_user_id == user_id, Contact.id != contact.id)
    ).first()
    if clash is not None:
        raise FieldError(f"Cet utilisateur est déjà lié au contact « {clash.display_name} ».")


def commercial_errors(
    session: Session, contact: Contact, values: dict[str, object]
) -> dict[str, str]:
    """The errors of the commercial values ``values`` (from a CommercialForm,
    the fields the user sent) that only the database can tell: chosen records
    that vanished or were archived, partners, users, unique values; and the
    Avertissements box, read with the contact's stored values."""
    errors: dict[str, str] = {}
    checks: dict[str, Callable[[int, int | None], None]] = {
        f: (lambda v, cur, f=f: _check_reference(session, f, v, cur)) for f in REFERENCE_FIELDS
    }
    checks.update(
        {f: lambda v, cur: _check_partner(session, contact, v, cur) for f in PARTNER_FIELDS}
    )
    checks.update({f: lambda v, cur: _check_user(session, v, cur) for f in USER_FIELDS})
    for field, check in checks.items():
        value = values.get(field)
        if value is None:
            continue
        try:
            check(int(str(value)), getattr(contact, field))
        except FieldError as exc:
            errors[field] = str(exc)
    reference = values.get("internal_reference")
    if reference:
        try:
            _check_unique_reference(session, contact, str(reference))
        except FieldError as exc:
            errors["internal_reference"] = str(exc)
    linked_user = values.get("linked_user_id")
    if linked_user and "linked_user_id" not in errors:
        try:
            _check_linked_user(session, contact, int(str(linked_user)))
        except FieldError as exc:
            errors["linked_user_id"] = str(exc)
    errors.update(_warning_errors(contact, values))
    return errors


def _warning_errors(contact: Contact, clean: dict[str, object]) -> dict[str, str]:
    """The Avertissements box must say what to warn about, and on what."""

    def current(field: str) -> object:
        return clean[field] if field in clean else getattr(contact, field)

    if not any(f in clean for f in ("warning_message", "warning_blocking", *WARNING_OBJECT_FIELDS)):
        return {}
    has_objects = any(current(f) for f in WARNING_OBJECT_FIELDS)
    message = current("warning_message")
    if has_objects and not message:
        return {
            "warning_message": "Saisissez le message de l'avertissement : il s'affichera "
            "sur les objets cochés."
        }
    if not has_objects and (message or current("warning_blocking")):
        return {
            "warning_objects": "Cochez au moins un objet sur lequel afficher "
            "l'avertissement (ou videz le message et décochez Bloquant)."
        }
    return {}


# --- Rules applied on save -----------------------------------------------------------


def apply_commercial_values(contact: Contact, values: dict[str, object], today: date) -> None:
    """Store validated values; the consent date follows the consent box."""
    was_consenting = contact.consent_communication
    for field, value in values.items():
        setattr(contact, field, value)
    if contact.consent_communication and (not was_consenting or contact.consent_date is None):
        contact.consent_date = today
    elif not contact.consent_communication:
        contact.consent_date = None
    if not contact.is_customer:
        # Not a customer any more: a forced customer status means nothing.
        contact.customer_status_forced = False


def commercial_contact(session: Session, contact: Contact) -> Contact:
    """The contact holding the commercial fields: the main contact of a sub-contact."""
    if contact.parent_id is None:
        return contact
    parent = session.get(Contact, contact.parent_id)
    return parent if parent is not None else contact


def promote_to_client(session: Session, contact: Contact) -> bool:
    """A sale turns a prospect into a client, unless the status is forced.

    Called for any contact or sub-address; acts on the main contact.
    Returns whether the status changed.
    """
    target = commercial_contact(session, contact)
    if target.customer_status_forced:
        return False
    if target.is_customer and target.customer_status == CustomerStatus.CLIENT.value:
        return False
    session.exec(
        update(Contact)
        .where(col(Contact.id) == target.id)
        .values(
            is_customer=True,
            customer_status=CustomerStatus.CLIENT.value,
            version=Contact.version + 1,  # atomic: an open form becomes stale
        )
    )
    session.refresh(target)
    return True


def default_account_ids(session: Session) -> tuple[int | None, int | None]:
    """Ids of the default receivable (411100) and payable (401100) accounts
    (read once per session: an import creates thousands of contacts)."""
    cached = session.info.get("default_account_ids")
    if cached is not None:
        return cached
    rows = session.exec(
        select(Account).where(
            col(Account.code).in_([DEFAULT_RECEIVABLE_ACCOUNT, DEFAULT_PAYABLE_ACCOUNT]),
            col(Account.active).is_(True),
        )
    ).all()
    by_code = {row.code: row.id for row in rows}
    found = by_code.get(DEFAULT_RECEIVABLE_ACCOUNT), by_code.get(DEFAULT_PAYABLE_ACCOUNT)
    session.info["default_account_ids"] = found
    return found
