"""Rules of the contact hierarchy: creation, sub-contacts, address sharing,
display names, archiving and the searched, paged contact list.

Plain functions taking a SQLModel Session; the caller commits.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from sqlalchemy import func, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, SQLModel, col, select

from crm_app.audit import service as audit
from crm_app.audit.hooks import act_as, follows
from crm_app.contacts import commercial, forms
from crm_app.contacts.commercial_forms import COMMERCIAL_FIELDS, ContactPageForm
from crm_app.contacts.forms import ContactForm, SubContactForm
from crm_app.contacts.models import AddressType, Contact, GeocodeState
from crm_app.core.clock import utcnow
from crm_app.core.errors import FormError
from crm_app.core.schema import new_row

HEADER_FIELDS = (
    "name",
    "is_company",
    "civility",
    "job_title",
    "email",
    "phone",
    "mobile",
    "street",
    "street2",
    "zip",
    "city",
    "country_code",
    "website",
)
SUB_CONTACT_FIELDS = (
    "address_type",
    "name",
    "civility",
    "job_title",
    "email",
    "phone",
    "mobile",
    "comment",
    "street",
    "street2",
    "zip",
    "city",
    "country_code",
)


class ContactNotFound(LookupError):
    pass


class StaleContactError(RuntimeError):
    """Someone else saved this contact since the form was opened."""


class ContactRuleError(ValueError):
    """A request that breaks a rule of the hierarchy; message in French."""


def copy_parent_address(child: Contact, parent: Contact) -> None:
    """A sub-contact of type Contact lives at its main contact's address."""
    for field in forms.ADDRESS_FIELDS:
        setattr(child, field, getattr(parent, field))
    child.latitude, child.longitude = parent.latitude, parent.longitude
    child.geocode_state = parent.geocode_state


def forget_position(contact: Contact) -> None:
    """The address changed: its old position is wrong, unless typed by hand."""
    if contact.geocode_state == GeocodeState.MANUAL.value:
        return
    contact.latitude = contact.longitude = contact.geocode_score = None
    contact.geocode_error = None
    contact.geocode_state = GeocodeState.NOT_TRIED.value


def shares_parent_address(contact: Contact) -> bool:
    return contact.parent_id is not None and contact.address_type == AddressType.CONTACT.value


# --- Reads -------------------------------------------------------------------


def address_of(session: Session, contact_id: int, address_id: int) -> Contact | None:
    """The sub-contact ``address_id`` if it belongs to the main contact
    ``contact_id`` (a form never edits another contact's address)."""
    address = session.get(Contact, address_id)
    if address is None or not contact_id or address.parent_id != contact_id:
        return None
    return address


def get_contact(session: Session, contact_id: int) -> Contact:
    contact = session.get(Contact, contact_id)
    if contact is None:
        raise ContactNotFound(contact_id)
    return contact


def list_sub_contacts(
    session: Session, parent_id: int, *, include_archived: bool = False, limit: int | None = None
) -> list[Contact]:
    query = select(Contact).where(Contact.parent_id == parent_id)
    if not include_archived:
        query = query.where(Contact.active == True)  # noqa: E712
    return list(session.exec(query.order_by(Contact.list_sort_key).limit(limit)))


# --- Writes ------------------------------------------------------------------


def _apply(contact: Contact, values: dict[str, object]) -> None:
    for field, value in values.items():
        setattr(contact, field, value)


def _values(form: ContactForm | SubContactForm, fields: tuple[str, ...]) -> dict[str, object]:
    """The values of ``fields`` the user sent in ``form``."""
    sent = form.values()
    return {field: sent[field] for field in fields if field in sent}


def create_contact(session: Session, form: ContactForm, *, created_by_id: int | None) -> Contact:
    """Create a main contact (company or individual), a prospect by default;
    with a ContactPageForm (an import's row), the commercial fields it holds
    too, checked as the tabs check them."""
    contact = build_contact(session, form, created_by_id=created_by_id)
    act_as(session, created_by_id)
    session.add(contact)
    session.flush()  # derived fields and the journal: contacts/derived.py, audit/hooks.py
    return contact


def build_contact(
    session: Session, form: ContactForm, *, created_by_id: int | None
) -> Contact:
    """The new main contact ``form`` describes, checked, not yet in the
    session: create_contact adds it, an import's batch inserts many at once
    (contacts/bulk.py)."""
    values = _values(form, HEADER_FIELDS)
    if "name" not in values:
        raise FormError({"name": "Le nom est obligatoire."})
    owner = {"created_by_id": created_by_id, "salesperson_id": created_by_id}
    contact = new_row(Contact, name=str(values["name"]), **owner)
    commercial_values = (
        _values(form, COMMERCIAL_FIELDS) if isinstance(form, ContactPageForm) else {}
    )
    if commercial_values:
        errors = commercial.commercial_errors(session, contact, commercial_values)
        if errors:
            raise FormError(errors)
    contact.receivable_account_id, contact.payable_account_id = commercial.default_account_ids(
        session
    )
    _apply(contact, values)
    commercial.apply_commercial_values(contact, commercial_values, today=date.today())
    return contact


def create_sub_contact(
    session: Session, parent_id: int, form: SubContactForm, *, created_by_id: int | None
) -> Contact:
    parent = get_contact(session, parent_id)
    if parent.parent_id is not None:
        raise ContactRuleError(
            "Une adresse secondaire ne peut pas avoir ses propres sous-contacts."
        )
    if not parent.active:
        raise ContactRuleError(
            "Ce contact est archivé : restaurez-le avant d'ajouter des adresses."
        )
    values = _values(form, SUB_CONTACT_FIELDS)
    child = Contact(
        name=str(values.get("name") or ""),
        parent_id=parent.id,
        created_by_id=created_by_id,
        is_company=False,
    )
    # Commercial fields are the parent's (Odoo): the child never becomes its own customer.
    child.is_customer = False
    _apply(child, values)
    if shares_parent_address(child):
        copy_parent_address(child, parent)
    act_as(session, created_by_id)
    session.add(child)
    session.flush()
    return child


def _bump_version(session: Session, contact_id: int, expected_version: int | None) -> None:
    """Atomically claim the next version; fails if someone saved in between."""
    if expected_version is None:
        session.exec(
            update(Contact)
            .where(col(Contact.id) == contact_id)
            .values(version=col(Contact.version) + 1)
        )
        return
    result = session.exec(
        update(Contact)
        .where(col(Contact.id) == contact_id, col(Contact.version) == expected_version)
        .values(version=expected_version + 1)
    )
    if result.rowcount != 1:
        raise StaleContactError(contact_id)


def update_contact(
    session: Session,
    contact_id: int,
    form: ContactForm | SubContactForm,
    *,
    expected_version: int | None,
    user_id: int | None = None,
    form_errors: Mapping[str, str] | None = None,
) -> Contact:
    """Save the header of a main contact (with the commercial tabs when ``form``
    is a ContactPageForm) or the form of a sub-contact; the journal records
    what changed.

    ``form_errors`` are the errors of the fields the typed form could not take
    (``parse_valid_fields``): the database rules check the others, and every
    error is raised at once, nothing saved.
    """
    contact = get_contact(session, contact_id)
    is_sub = contact.parent_id is not None
    if is_sub != isinstance(form, SubContactForm):
        raise ContactRuleError(
            "Formulaire d'adresse secondaire attendu."
            if is_sub
            else "Formulaire de contact principal attendu."
        )
    values = _values(form, SUB_CONTACT_FIELDS if is_sub else HEADER_FIELDS)
    errors: dict[str, str] = dict(form_errors or {})
    # Commercial fields belong to the main contact.
    commercial_values: dict[str, object] = {}
    if isinstance(form, ContactPageForm):
        commercial_values = _values(form, COMMERCIAL_FIELDS)
        found = commercial.commercial_errors(session, contact, commercial_values)
        errors.update({k: v for k, v in found.items() if k not in errors})
    if errors:
        raise FormError(errors)
    _bump_version(session, contact_id, expected_version)
    session.refresh(contact)
    act_as(session, user_id)
    address_changed = any(
        f in values and values[f] != getattr(contact, f) for f in forms.ADDRESS_FIELDS
    )
    _apply(contact, values)
    if address_changed:
        forget_position(contact)
    commercial.apply_commercial_values(contact, commercial_values, today=date.today())
    contact.updated_at = utcnow()
    parent = session.get(Contact, contact.parent_id) if is_sub else None
    if parent is not None and shares_parent_address(contact):
        copy_parent_address(contact, parent)
    session.add(contact)
    try:
        # (no autoflush: a unique clash must surface here, as a field error)
        with session.no_autoflush:
            children = (
                []
                if is_sub
                else list_sub_contacts(session, contact.saved_id, include_archived=True)
            )
        for child in children:
            if shares_parent_address(child):
                copy_parent_address(child, contact)
            follows(session, child)  # the main contact's entry tells it
            session.add(child)
        session.flush()
    except IntegrityError:
        # Two saves racing for the same unique value: the index decides.
        field = (
            "internal_reference"
            if commercial_values.get("internal_reference")
            else ("linked_user_id")
        )
        raise FormError({field: "Cette valeur vient d'être prise par un autre contact."}) from None
    return contact


def archive_contact(session: Session, contact_id: int, *, user_id: int | None = None) -> Contact:
    """Archive a contact; a main contact takes its sub-contacts with it.

    Sub-contacts archived along with their parent carry the parent's archive
    time, which is how restore_contact tells them from those archived earlier.
    """
    contact = get_contact(session, contact_id)
    act_as(session, user_id)
    archived_at = utcnow()
    contact.active = False
    contact.updated_at = archived_at
    contact.version += 1
    session.add(contact)
    if contact.parent_id is None:
        for child in list_sub_contacts(session, contact.saved_id):
            child.active = False
            child.updated_at = archived_at
            child.version += 1
            follows(session, child)  # archived with its contact: one entry
            session.add(child)
    session.flush()
    return contact


def restore_contact(session: Session, contact_id: int, *, user_id: int | None = None) -> Contact:
    contact = get_contact(session, contact_id)
    act_as(session, user_id)
    if contact.parent_id is not None:
        parent = get_contact(session, contact.parent_id)
        if not parent.active:
            raise ContactRuleError("Restaurez d'abord le contact principal.")
    if contact.parent_id is None and not contact.active:
        for child in list_sub_contacts(session, contact.saved_id, include_archived=True):
            if not child.active and child.updated_at == contact.updated_at:
                child.active = True
                child.version += 1
                follows(session, child)  # restored with its contact: one entry
                session.add(child)
    contact.active = True
    contact.updated_at = utcnow()
    contact.version += 1
    session.add(contact)
    session.flush()
    return contact


def records_holding(session: Session, contact_ids: list[int]) -> dict[int, int]:
    """How many records that cannot do without it (documents: interventions,
    opportunities, quotes, invoices…) each of ``contact_ids`` holds. Read from
    the schema: every foreign key to a contact that forbids its deletion,
    but the contact's own sub-contacts."""
    held: dict[int, int] = {}
    if not contact_ids:
        return held
    contact_table = Contact.__table__  # type: ignore[attr-defined]
    for table in SQLModel.metadata.sorted_tables:
        for key in table.foreign_keys:
            if key.column.table is not contact_table or key.ondelete != "RESTRICT":
                continue
            if table is contact_table:
                continue  # sub-contacts: deleted with their main contact
            column = key.parent
            query = (
                select(column, func.count())
                .where(column.in_(contact_ids))
                .group_by(column)
            )
            for contact_id, count in session.exec(query).all():
                held[contact_id] = held.get(contact_id, 0) + count
    return held


def delete_contacts(session: Session, contact_ids: list[int], *, user_id: int | None) -> None:
    """Delete contacts (an undone import's): their sub-contacts first. The
    caller has checked ``records_holding``; the journal records each deletion."""
    act_as(session, user_id)
    children = session.exec(select(Contact).where(col(Contact.parent_id).in_(contact_ids))).all()
    mains = session.exec(select(Contact).where(col(Contact.id).in_(contact_ids))).all()
    for contact in [*children, *mains]:
        session.delete(contact)
        session.flush()
    audit.detach_journal(session, [c.id for c in [*children, *mains] if c.id is not None])


def move_records(session: Session, from_ids: list[int], to_id: int) -> dict[str, int]:
    """Point every record of ``from_ids`` at ``to_id`` (a merge): documents,
    sub-contacts, and the contacts naming them as reseller, installer…
    Read from the schema, so a new document kind follows. Returns the number
    moved per table and column (« intervention.customer_id »)."""
    moved: dict[str, int] = {}
    contact_table = Contact.__table__  # type: ignore[attr-defined]
    for table in SQLModel.metadata.sorted_tables:
        for key in table.foreign_keys:
            if key.column.table is not contact_table:
                continue
            # Records that need their contact, and contacts naming it; not the
            # bookkeeping that merely remembers it (an import's rows, pairs).
            if key.ondelete != "RESTRICT" and table is not contact_table:
                continue
            column = key.parent
            result = session.execute(
                update(table).where(column.in_(from_ids)).values({column.name: to_id})
            )
            count = result.rowcount  # type: ignore[attr-defined]
            if count:
                moved[f"{table.name}.{column.name}"] = count
    session.expire_all()
    return moved
