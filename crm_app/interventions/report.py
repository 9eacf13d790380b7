"""The printed intervention report (PDF, in French), on the core's PDF
document (fpdf2, DejaVu Sans, user text as plain text)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from sqlmodel import Session

from crm_app.contacts.models import Contact
from crm_app.contacts.presenters import address_block
from crm_app.core import clock, formatting
from crm_app.core.clock import as_utc
from crm_app.core.formatting import phone_label
from crm_app.core.pdf import Document
from crm_app.documents import forms
from crm_app.documents.rules import customer_notes_for
from crm_app.interventions.attachments import read_photo, read_signature
from crm_app.interventions.fieldwork import photo_keys
from crm_app.interventions.models import (
    INTERVENTION_STATE_LABELS,
    Intervention,
    InterventionState,
)
from crm_app.interventions.service import technician_names
from crm_app.reference.models import TaskType


def _field_report(pdf: Document, intervention: Intervention) -> None:
    """What the technician reported, or room to write it by hand."""
    if intervention.started_at:
        pdf.field("Début", formatting.datetime_label(intervention.started_at))
    if intervention.ended_at:
        pdf.field("Fin", formatting.datetime_label(intervention.ended_at))
    if intervention.time_spent_minutes:
        pdf.field("Temps passé", formatting.duration_label(intervention.time_spent_minutes))
    pdf.block("Travaux réalisés / observations", intervention.report_text or "\n\n\n")


def _readable(read: Callable[[str], bytes], key: str | None) -> bytes:
    """A private file's bytes, or b"" when it is missing (a restored backup
    without its files prints without them rather than failing)."""
    if not key:
        return b""
    try:
        return read(key)
    except FileNotFoundError:
        return b""


def report_file_name(intervention: Intervention) -> str:
    day = as_utc(intervention.start_at).astimezone(clock.LOCAL_ZONE).date()
    return f"rapport-intervention-{intervention.id}-{day.isoformat()}.pdf"


def build_report(session: Session, intervention_id: int) -> tuple[str, bytes]:
    """(file name, PDF bytes) of an intervention's report."""
    intervention = session.get(Intervention, intervention_id)
    if intervention is None:
        raise forms.DocumentNotFound(intervention_id)
    customer = session.get(Contact, intervention.customer_id)
    address = session.get(Contact, intervention.address_id)
    task = session.get(TaskType, intervention.task_type_id) if intervention.task_type_id else None
    technicians = technician_names(session, [intervention.saved_id])[intervention.saved_id]

    pdf = Document(f"Rapport d'intervention {intervention.id}")
    pdf.add_page()
    pdf.company_header()
    printed = formatting.long_date_label(date.today())
    pdf.title_block("Rapport d'intervention", f"N° {intervention.id} — imprimé le {printed}")

    pdf.field("Client", customer.display_name if customer else "")
    if customer is not None:
        contact_bits = [phone_label(customer.phone or customer.mobile), customer.email or ""]
        pdf.field("Coordonnées", " · ".join(b for b in contact_bits if b))
    pdf.field("Adresse d'intervention", address_block(address))
    pdf.field("Date", formatting.datetime_label(intervention.start_at))
    pdf.field("Durée", formatting.duration_label(intervention.duration_minutes))
    pdf.field("Intervenants", ", ".join(technicians))
    pdf.field("Tâche", task.name if task else "")
    pdf.field("État", INTERVENTION_STATE_LABELS[InterventionState(intervention.state)])
    pdf.field("Libellé", intervention.label)
    pdf.block("Description", intervention.description or "")
    pdf.block("Notes client", customer_notes_for(session, customer) if customer else "")
    _field_report(pdf, intervention)
    photos = [_readable(read_photo, key) for key in photo_keys(session, intervention.saved_id)]
    pdf.photos("Photos", [p for p in photos if p])
    signature = _readable(read_signature, intervention.signature_key)
    caption = ""
    if signature:
        who = intervention.signer_name or "le client"
        caption = f"Signé par {who} le {formatting.datetime_label(intervention.signed_at)}"
    pdf.signatures(
        "Signature du client",
        "Signature du technicien",
        left_image=signature or None,
        left_caption=caption,
    )
    return report_file_name(intervention), bytes(pdf.output())

