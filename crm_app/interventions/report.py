"""The printed intervention report (PDF, in French), made with fpdf2.

User text is written as plain text (no markup), in DejaVu Sans so accents and
most scripts print; the font comes from the npm package dejavu-fonts-ttf
fetched at setup, or from Debian's fonts-dejavu-core.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from fpdf import FPDF
from sqlmodel import Session

from crm_app.contacts.models import Contact
from crm_app.contacts.presenters import one_line_address
from crm_app.core import clock, formatting
from crm_app.core.clock import as_utc
from crm_app.core.formatting import phone_label
from crm_app.core.settings import (
    PROJECT_DIR,
    get_settings,
)
from crm_app.documents import forms
from crm_app.documents.rules import customer_notes_for
from crm_app.interventions.models import (
    INTERVENTION_STATE_LABELS,
    Intervention,
    InterventionState,
)
from crm_app.interventions.service import technician_names
from crm_app.reference.models import TaskType

FONT_DIRS = (
    PROJECT_DIR / "tools" / "node_modules" / "dejavu-fonts-ttf" / "ttf",
    Path("/usr/share/fonts/truetype/dejavu"),
)
MARGIN = 18


def _font_file(name: str) -> Path:
    for folder in FONT_DIRS:
        if (folder / name).is_file():
            return folder / name
    raise FileNotFoundError(f"{name} introuvable : lancez scripts/setup.sh")


def company_lines() -> list[str]:
    """The business printing the report, from its configuration."""
    settings = get_settings()
    details = [settings.company_address, settings.company_contact]
    return [settings.company_name or "CRM Terrain", *[d for d in details if d]]


class _Report(FPDF):
    def footer(self) -> None:
        self.set_y(-14)
        self.set_font("DejaVu", size=8)
        self.set_text_color(120)
        self.cell(0, 6, f"Page {self.page_no()}/{{nb}}", align="C")


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

    pdf = _Report(format="A4")
    pdf.set_title(f"Rapport d'intervention {intervention.id}")
    pdf.set_author(company_lines()[0])
    pdf.add_font("DejaVu", "", str(_font_file("DejaVuSans.ttf")))
    pdf.add_font("DejaVu", "B", str(_font_file("DejaVuSans-Bold.ttf")))
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_page()
    width = pdf.w - 2 * MARGIN

    # Company header
    lines = company_lines()
    pdf.set_font("DejaVu", "B", 14)
    pdf.multi_cell(width, 7, lines[0], new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", size=9)
    for line in lines[1:]:
        pdf.multi_cell(width, 5, line, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("DejaVu", "B", 16)
    pdf.cell(width, 9, "Rapport d'intervention", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", size=9)
    pdf.set_text_color(90)
    printed = formatting.long_date_label(date.today())
    pdf.cell(
        width, 5, f"N° {intervention.id} — imprimé le {printed}", new_x="LMARGIN", new_y="NEXT"
    )
    pdf.set_text_color(0)
    pdf.ln(3)

    def field(label: str, value: str) -> None:
        pdf.set_font("DejaVu", "B", 10)
        pdf.cell(45, 6, label)
        pdf.set_font("DejaVu", size=10)
        pdf.multi_cell(width - 45, 6, value or "—", new_x="LMARGIN", new_y="NEXT")

    def block(title: str, text: str) -> None:
        pdf.ln(2)
        pdf.set_font("DejaVu", "B", 11)
        pdf.cell(width, 7, title, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", size=10)
        pdf.multi_cell(width, 5.5, text or "—", border=1, padding=2, new_x="LMARGIN", new_y="NEXT")

    field("Client", customer.display_name if customer else "")
    if customer is not None:
        contact_bits = [phone_label(customer.phone or customer.mobile), customer.email or ""]
        field("Coordonnées", " · ".join(b for b in contact_bits if b))
    field("Adresse d'intervention", _address_text(address))
    field("Date", formatting.datetime_label(intervention.start_at))
    field("Durée", formatting.duration_label(intervention.duration_minutes))
    field("Intervenants", ", ".join(technicians))
    field("Tâche", task.name if task else "")
    field("État", INTERVENTION_STATE_LABELS[InterventionState(intervention.state)])
    field("Libellé", intervention.label)
    block("Description", intervention.description or "")
    block("Notes client", customer_notes_for(session, customer) if customer else "")
    block("Travaux réalisés / observations", "\n\n\n")

    # Signatures
    pdf.ln(6)
    if pdf.will_page_break(40):
        pdf.add_page()
    half = (width - 10) / 2
    top = pdf.get_y()
    pdf.set_font("DejaVu", "B", 10)
    pdf.cell(half, 6, "Signature du client")
    pdf.set_x(MARGIN + half + 10)
    pdf.cell(half, 6, "Signature du technicien", new_x="LMARGIN", new_y="NEXT")
    pdf.rect(MARGIN, top + 7, half, 30)
    pdf.rect(MARGIN + half + 10, top + 7, half, 30)
    pdf.set_y(top + 40)
    return report_file_name(intervention), bytes(pdf.output())


def _address_text(address: Contact | None) -> str:
    if address is None:
        return ""
    where = one_line_address(address)
    return f"{address.display_name}\n{where}" if where else address.display_name
