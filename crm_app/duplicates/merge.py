"""« Fusionner », as Odoo's partner merge: two or more contacts become the one
kept, field by field from the contact chosen for each; their sub-contacts,
documents, consent proof and journal move to it; the others are archived
« fusionné dans … ». One transaction (the caller commits), one journal entry."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import Session, col, select

from crm_app.audit import service as audit
from crm_app.audit.hooks import journal_paused
from crm_app.contacts import service as contacts
from crm_app.contacts.models import CONTACT_FIELD_LABELS, CUSTOMER_STATUS_LABELS, Contact
from crm_app.core.clock import utcnow
from crm_app.core.countries import country_name
from crm_app.core.formatting import phone_label
from crm_app.duplicates.models import DuplicatePair
from crm_app.sales import service as sales

# The fields chosen one by one, with their French labels.
MERGE_FIELDS: tuple[tuple[str, str], ...] = (
    ("name", "Nom"),
    ("civility", "Civilité"),
    ("job_title", "Poste occupé"),
    ("email", "E-mail"),
    ("phone", "Téléphone"),
    ("mobile", "Portable"),
    ("website", "Site web"),
    ("street", "Adresse"),
    ("street2", "Complément"),
    ("zip", "Code postal"),
    ("city", "Ville"),
    ("country_code", "Pays"),
    ("company_registry", "SIREN / SIRET"),
    ("vat", "N° TVA"),
    ("internal_reference", "Référence"),
    ("customer_status", "Statut client"),
    ("internal_notes", "Notes internes"),
    ("customer_notes", "Notes client"),
    ("warning_message", "Avertissement"),
)
# An address's fields go together (a street from one, a town from another
# would be an address nobody has); so do a warning's.
GROUPS = {
    "street": ("street", "street2", "zip", "city", "country_code", "latitude", "longitude",
               "geocode_state", "geocode_score", "geocode_date", "geocode_error"),
    "warning_message": ("warning_message", "warning_blocking", "warning_on_interventions",
                        "warning_on_opportunities", "warning_on_sale_orders",
                        "warning_on_invoices"),
}  # fmt: skip
GROUPED = {"street2", "zip", "city", "country_code"}
MOVED_LABELS = {
    "intervention": "intervention(s)",
    "opportunity": "opportunité(s)",
    "sale_order": "devis",
    "invoice": "facture(s)",
    "contact.parent_id": "adresse(s) et contact(s)",
}


class MergeRefused(ValueError):
    """The merge cannot be done; the message says why, in French."""


def shown_field(contact: Contact, field: str) -> str:
    """A field of ``contact`` as the merge page shows it (an address whole)."""
    if field == "street":
        town = " ".join(p for p in (contact.zip, contact.city) if p)
        return ", ".join(p for p in (contact.street, contact.street2, town) if p)
    return shown_value(field, getattr(contact, field))


def shown_value(field: str, value: object) -> str:
    if value in (None, ""):
        return ""
    if field in ("phone", "mobile"):
        return phone_label(str(value))
    if field == "country_code":
        return country_name(str(value))
    if field == "customer_status":
        return CUSTOMER_STATUS_LABELS.get(str(value), str(value))  # type: ignore[call-overload]
    return str(value)


def merge_candidates(session: Session, ids: list[int]) -> list[Contact]:
    """The contacts to merge, checked: refused with a message when it cannot be."""
    unique = list(dict.fromkeys(int(i) for i in ids))
    if len(unique) < 2:
        raise MergeRefused("Choisissez au moins deux contacts à fusionner.")
    found = {c.id: c for c in session.exec(select(Contact).where(col(Contact.id).in_(unique)))}
    if len(found) < len(unique):
        raise MergeRefused("Un de ces contacts n'existe plus.")
    chosen = [found[i] for i in unique]
    for contact in chosen:
        if contact.erased_at is not None:
            raise MergeRefused(f"« {contact.display_name} » a été effacé (RGPD) : pas de fusion.")
        if not contact.active:
            raise MergeRefused(f"« {contact.display_name} » est archivé : restaurez-le d'abord.")
    for contact in chosen:
        if contact.parent_id in found:
            raise MergeRefused(
                f"« {contact.display_name} » est une adresse de « "
                f"{found[contact.parent_id].display_name} » : on ne fusionne pas un contact "
                "avec ses propres adresses."
            )
    return chosen


def default_choices(contacts_: list[Contact], kept_id: int) -> dict[str, int]:
    """For each field, the kept contact's value, or the first other one's
    when it has none (a client stays a client)."""
    kept = next(c for c in contacts_ if c.id == kept_id)
    others = [c for c in contacts_ if c.id != kept_id]
    choices: dict[str, int] = {}
    for field, _ in MERGE_FIELDS:
        source = kept
        if getattr(kept, field) in (None, ""):
            source = next((c for c in others if getattr(c, field) not in (None, "")), kept)
        if field == "customer_status" and kept.customer_status != "client":
            source = next((c for c in contacts_ if c.customer_status == "client"), kept)
        choices[field] = source.id or 0
    return choices


@dataclass
class MergeResult:
    kept: Contact
    merged: list[Contact]
    moved: dict[str, int]


def merge_contacts(
    session: Session,
    ids: list[int],
    kept_id: int,
    choices: Mapping[str, int],
    *,
    user_id: int | None,
) -> MergeResult:
    """Merge ``ids`` into ``kept_id``, each field of MERGE_FIELDS from the
    contact ``choices`` names (the kept one's by default)."""
    chosen = merge_candidates(session, ids)
    by_id = {c.id: c for c in chosen}
    if kept_id not in by_id:
        raise MergeRefused("Choisissez le contact à garder parmi ceux à fusionner.")
    kept = by_id[kept_id]
    merged = [c for c in chosen if c.id != kept_id]
    merged_ids = [c.id or 0 for c in merged]
    if kept.parent_id is not None and session.exec(
        select(Contact.id).where(col(Contact.parent_id).in_(merged_ids)).limit(1)
    ).first():
        raise MergeRefused(
            "Le contact gardé est une adresse : il ne peut pas recevoir les adresses des autres. "
            "Gardez plutôt le contact principal."
        )
    values: dict[str, object] = {}
    for field, _ in MERGE_FIELDS:
        if field in GROUPED:
            continue
        source = by_id.get(choices.get(field, kept_id)) or kept
        for name in GROUPS.get(field, (field,)):
            values[name] = getattr(source, name)
    changed = [
        [CONTACT_FIELD_LABELS.get(f, f), shown_value(f, getattr(kept, f)), shown_value(f, v)]
        for f, v in values.items()
        if getattr(kept, f) != v and f in dict(MERGE_FIELDS)
    ]
    proof_from = next((c for c in merged if c.consent_proof_file_key), None)
    with journal_paused(session):  # one entry for the whole merge, written below
        if values.get("internal_reference"):
            for other in merged:  # the reference is unique: free it first
                other.internal_reference = None
                session.add(other)
            session.flush()
        moved = contacts.move_records(session, merged_ids, kept.id or 0)
        moved_journal = audit.move_journal(session, merged_ids, kept.id or 0)
        kept = session.get(Contact, kept_id) or kept
        for field, value in values.items():
            setattr(kept, field, value)
        if not kept.consent_proof_file_key and proof_from is not None:
            for name in ("consent_proof_file_key", "consent_proof_file_name",
                         "consent_communication", "consent_date", "consent_proof_text"):
                setattr(kept, name, getattr(proof_from, name))  # fmt: skip
            proof_from.consent_proof_file_key = None
        kept.updated_at = utcnow()
        kept.version += 1
        session.add(kept)
        for other in merged:
            other = session.get(Contact, other.id) or other
            other.active, other.merged_into_id = False, kept.id
            other.updated_at = utcnow()
            session.add(other)
        session.exec(
            sa.delete(DuplicatePair).where(  # type: ignore[call-overload]
                sa.or_(
                    col(DuplicatePair.first_id).in_(merged_ids),
                    col(DuplicatePair.second_id).in_(merged_ids),
                )
            )
        )
        session.flush()
    sales.sync_contact_marketing(session, kept)
    moved_text = ", ".join(
        f"{count} {_moved_label(key)}" for key, count in sorted(moved.items())
    )
    audit.record(
        session,
        user_id=user_id,
        object_type="contact",
        object_id=kept.id or 0,
        action="merge",
        contact_id=kept.parent_id or kept.id,
        changes=[
            ["Fusionnés", None, ", ".join(c.display_name for c in merged)],
            ["Déplacés", None, moved_text or "rien"],
            ["Entrées du journal reprises", None, moved_journal],
            *changed,
        ],
    )
    session.flush()
    return MergeResult(kept, merged, moved)


def _moved_label(key: str) -> str:
    return MOVED_LABELS.get(key, MOVED_LABELS.get(key.split(".")[0], key))
