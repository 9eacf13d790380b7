"""RGPD tools: export everything held about a contact (right of access),
erase it on request (right to erasure), and find the files kept too long
(the CNIL's 3 years for prospects and for former customers).

Plain functions; the caller commits.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, or_, update
from sqlmodel import Session, col, select

from crm_app.accounting.models import Invoice
from crm_app.audit import service as audit
from crm_app.audit.hooks import journal_paused
from crm_app.audit.models import AuditEntry
from crm_app.contacts.commercial import commercial_contact
from crm_app.contacts.consent_proof import discard_file
from crm_app.contacts.models import Contact, CustomerStatus, GeocodeState
from crm_app.contacts.service import list_sub_contacts
from crm_app.core.clock import as_utc, utcnow
from crm_app.core.schema import table_of
from crm_app.core.spreadsheet import escape_cell
from crm_app.equipment import privacy as equipment_privacy
from crm_app.geo.models import GeocodeCacheEntry
from crm_app.geo.service import address_key, address_query
from crm_app.interventions import fieldwork
from crm_app.interventions.models import Intervention
from crm_app.interventions.search_index import search_text_for
from crm_app.sales.models import Opportunity, SaleOrder

RETENTION = timedelta(days=3 * 365)
ERASED_INTERVENTION_LABEL = "Intervention (contact effacé)"
# What is personal in a contact row (erased), apart from the name.
PERSONAL_FIELDS = (
    "civility",
    "job_title",
    "email",
    "phone",
    "mobile",
    "street",
    "street2",
    "zip",
    "city",
    "comment",
    "website",
    "internal_notes",
    "customer_notes",
    "warning_message",
    "consent_proof_text",
    "consent_proof_file_name",
    "consent_date",
    "latitude",
    "longitude",
    "geocode_score",
    "geocode_error",
    "geocode_date",
)
EXPORTED_CONTACT_FIELDS = (
    "id",
    "name",
    "is_company",
    "address_type",
    *PERSONAL_FIELDS[:11],
    "internal_notes",
    "customer_notes",
    "internal_reference",
    "vat",
    "company_registry",
    "customer_status",
    "is_supplier",
    "consent_communication",
    "consent_date",
    "consent_proof_text",
    "consent_proof_file_name",
    "latitude",
    "longitude",
    "created_at",
    "updated_at",
)


def _value(value: object) -> object:
    if isinstance(value, datetime):
        return as_utc(value).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def _family(session: Session, contact_id: int) -> tuple[Contact, list[Contact]]:
    contact = session.get(Contact, contact_id)
    if contact is None:
        raise LookupError(contact_id)
    holder = commercial_contact(session, contact)
    return holder, list_sub_contacts(session, holder.saved_id, include_archived=True)


# --- Right of access ---------------------------------------------------------------------


def export_contact(session: Session, contact_id: int) -> dict:
    """Everything held about a main contact and its addresses, as plain data."""
    holder, subs = _family(session, contact_id)
    ids = [holder.id, *[s.id for s in subs]]

    def contact_data(row: Contact) -> dict:
        return {f: _value(getattr(row, f)) for f in dict.fromkeys(EXPORTED_CONTACT_FIELDS)}

    def rows(model, fields) -> list[dict]:
        query = select(model).where(model.customer_id.in_(ids)).order_by(model.id)
        return [{f: _value(getattr(r, f)) for f in fields} for r in session.exec(query)]

    return {
        "exporte_le": utcnow().isoformat(),
        "contact": contact_data(holder),
        "adresses_et_sous_contacts": [contact_data(s) for s in subs],
        "consentement": {
            "autorise_communication": holder.consent_communication,
            "date": _value(holder.consent_date),
            "preuve": holder.consent_proof_text,
            "document": holder.consent_proof_file_name,
        },
        "interventions": rows(
            Intervention,
            (
                "id", "start_at", "duration_minutes", "state", "label", "description",
                "report_text", "time_spent_minutes", "signer_name", "signed_at",
            ),  # fmt: skip
        ),
        "opportunites": rows(Opportunity, ("id", "title", "stage", "created_at")),
        "devis": rows(SaleOrder, ("id", "number", "state", "amount_cents", "created_at")),
        "factures": rows(Invoice, ("id", "number", "invoice_date", "amount_cents", "state")),
        **equipment_privacy.export_equipment(session, holder.saved_id),
    }


def export_json(data: dict) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")


def export_csv(data: dict) -> bytes:
    """One line per value: section; row; field; value (opens in a spreadsheet)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(["section", "ligne", "champ", "valeur"])
    for section, content in data.items():
        if isinstance(content, dict):
            for field, value in content.items():
                writer.writerow([section, 1, field, escape_cell(value)])
        elif isinstance(content, list):
            for index, row in enumerate(content, start=1):
                for field, value in row.items():
                    writer.writerow([section, index, field, escape_cell(value)])
        else:
            writer.writerow([section, 1, "", escape_cell(content)])
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # BOM: Excel reads it as UTF-8


# --- Right to erasure ------------------------------------------------------------------------


def erase_contact(session: Session, contact_id: int, *, user_id: int | None) -> list[str]:
    """Anonymise a main contact and its addresses: personal fields emptied,
    position removed, documents kept (invoices must be kept 10 years) but
    stripped of personal text, journal entries emptied of former values.
    Returns the consent proof files to delete once committed."""
    holder, subs = _family(session, contact_id)
    # The anonymisation writes one « Effacement RGPD » entry, not its fields.
    with journal_paused(session):
        files = _anonymise(session, holder, subs)
    session.exec(
        update(AuditEntry).where(col(AuditEntry.contact_id) == holder.id).values(changes="[]")
    )
    audit.record(
        session,
        user_id=user_id,
        object_type="contact",
        object_id=holder.id or 0,
        action="erase",
        contact_id=holder.id,
    )
    session.flush()
    return files


def _anonymise(session: Session, holder: Contact, subs: list[Contact]) -> list[str]:
    family = [holder, *subs]
    ids = [c.id for c in family]
    files: list[str] = []
    for contact in family:
        query = address_query(contact)
        if query:
            session.exec(
                table_of(GeocodeCacheEntry)
                .delete()
                .where(col(GeocodeCacheEntry.address_key) == address_key(query))
            )
        if contact.consent_proof_file_key:
            files.append(contact.consent_proof_file_key)
        for field in PERSONAL_FIELDS:
            setattr(contact, field, None)
        contact.name = f"Contact effacé n° {contact.id}"
        contact.consent_communication = False
        contact.consent_proof_file_key = None
        contact.warning_blocking = False
        contact.warning_on_interventions = contact.warning_on_opportunities = False
        contact.warning_on_sale_orders = contact.warning_on_invoices = False
        if not holder.is_company:
            contact.vat = contact.company_registry = None
        contact.geocode_state = GeocodeState.NO_ADDRESS.value
        contact.active = False
        contact.erased_at = utcnow()
        contact.version += 1
        session.add(contact)
    session.flush()
    session.exec(
        update(Intervention)
        .where(or_(col(Intervention.customer_id).in_(ids), col(Intervention.address_id).in_(ids)))
        .values(
            label=ERASED_INTERVENTION_LABEL,
            search_text=search_text_for(ERASED_INTERVENTION_LABEL),
            description=None,
        )
    )
    session.exec(
        update(Opportunity)
        .where(col(Opportunity.customer_id).in_(ids))
        .values(title="Opportunité (contact effacé)")
    )
    equipment_privacy.forget_customer(session, holder.saved_id)
    visited = session.exec(
        select(Intervention.id).where(
            or_(col(Intervention.customer_id).in_(ids), col(Intervention.address_id).in_(ids))
        )
    ).all()
    files += fieldwork.forget_field_reports(session, [i for i in visited if i is not None])
    session.flush()
    return files


def record_export(session: Session, contact_id: int, *, user_id: int | None) -> None:
    """The right of access was exercised: the export goes to the journal."""
    audit.record(
        session,
        user_id=user_id,
        object_type="contact",
        object_id=contact_id,
        action="export",
        contact_id=contact_id,
    )


def discard_files(keys: list[str]) -> None:
    for key in keys:
        if fieldwork.is_field_file(key):  # a photo or a signature from the field
            fieldwork.discard_field_file(key)
        else:
            discard_file(key)


# --- Retention ------------------------------------------------------------------------------


@dataclass
class RetentionRow:
    id: int
    name: str
    status: str
    last_activity: datetime


def _last_document_dates(session: Session):
    """Per main contact: the date of its latest document (any kind)."""
    holder = func.coalesce(Contact.parent_id, Contact.id)
    dates = []
    for model, column in (
        (Intervention, Intervention.start_at),
        (Opportunity, Opportunity.created_at),
        (SaleOrder, SaleOrder.created_at),
        (Invoice, Invoice.created_at),
    ):
        dates.append(
            select(holder.label("holder_id"), func.max(column).label("last"))
            .join(model, col(model.customer_id) == col(Contact.id))
            .group_by(holder)
        )
    union = dates[0].union_all(*dates[1:]).subquery()
    return (
        select(union.c.holder_id, func.max(union.c.last).label("last"))
        .group_by(union.c.holder_id)
        .subquery()
    )


def retention_candidates(
    session: Session, *, now: datetime | None = None, limit: int = 200
) -> list[RetentionRow]:
    """Prospects with no activity for 3 years, and customers 3 years after
    their last document: the files to anonymise (oldest first)."""
    cutoff = (now or utcnow()) - RETENTION
    last_docs = _last_document_dates(session)
    activity = func.coalesce(last_docs.c.last, Contact.updated_at)
    query = (
        select(Contact, activity.label("activity"))
        .outerjoin(last_docs, last_docs.c.holder_id == Contact.id)
        .where(
            col(Contact.parent_id).is_(None),
            col(Contact.erased_at).is_(None),
            col(Contact.is_customer).is_(True),
            col(Contact.linked_user_id).is_(None),
            col(Contact.updated_at) < cutoff,
            activity < cutoff,
        )
        .order_by(activity, col(Contact.id))
        .limit(limit)
    )
    return [
        RetentionRow(c.saved_id, c.display_name, c.customer_status, as_utc(last))
        for c, last in session.exec(query)
    ]


STATUS_LABELS = {
    CustomerStatus.PROSPECT.value: "Prospect sans activité",
    CustomerStatus.CLIENT.value: "Client sans document",
}
