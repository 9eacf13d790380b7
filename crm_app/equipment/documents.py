"""The printed documents of maintenance (French PDFs on the core's document):
the « Attestation d'entretien » (arrêté du 15 septembre 2009 for boilers;
décret 2020-912 for heat pumps), the « Certificat de ramonage » for flues,
and the maintenance contract."""

from __future__ import annotations

from sqlmodel import Session

from crm_app.contacts.models import Contact
from crm_app.contacts.presenters import address_block
from crm_app.core import formatting
from crm_app.core.clock import local_today
from crm_app.core.pdf import Document
from crm_app.equipment.contracts import ContractNotFound, covered_equipment_ids
from crm_app.equipment.models import (
    CONTRACT_STATE_LABELS,
    ENERGY_LABELS,
    SWEEP_METHOD_LABELS,
    Equipment,
    MaintenanceContract,
    ReminderRun,
)
from crm_app.equipment.reminders import letter_items, merge_values, render
from crm_app.equipment.service import contract_state_on
from crm_app.equipment.visits import visit_of
from crm_app.reference.models import EquipmentCategory, EquipmentType
from crm_app.users.models import User


class VisitNotRecorded(LookupError):
    """No visit of this equipment on this intervention."""



def _equipment_fields(pdf: Document, equipment: Equipment, kind: EquipmentType | None) -> None:
    pdf.field("Appareil", kind.name if kind else "")
    pdf.field("Marque et modèle", " ".join(p for p in (equipment.brand, equipment.model) if p))
    pdf.field("N° de série", equipment.serial_number)
    if equipment.power_kw:
        pdf.field("Puissance nominale", f"{formatting.number_label(equipment.power_kw)} kW")
    pdf.field("Énergie", ENERGY_LABELS.get(equipment.energy, ""))
    pdf.field("Mise en service", formatting.date_label(equipment.commissioned_on))
    pdf.field("Emplacement", equipment.location)


def certificate_title(category: str) -> str:
    if category == EquipmentCategory.FLUE.value:
        return "Certificat de ramonage"
    return "Attestation d'entretien"


def build_certificate(
    session: Session, intervention_id: int, equipment_id: int
) -> tuple[str, bytes]:
    """(file name, PDF) of the certificate of one equipment's visit."""
    visit = visit_of(session, intervention_id, equipment_id)
    equipment = session.get(Equipment, equipment_id)
    if visit is None or equipment is None:
        raise VisitNotRecorded((intervention_id, equipment_id))
    kind = session.get(EquipmentType, equipment.type_id)
    category = kind.category if kind else EquipmentCategory.OTHER.value
    title = certificate_title(category)
    address = session.get(Contact, equipment.address_id)
    customer = session.get(Contact, equipment.main_contact_id)
    technician = session.get(User, visit.technician_id) if visit.technician_id else None

    pdf = Document(f"{title} — {formatting.date_label(visit.done_on)}")
    pdf.add_page()
    pdf.company_header()
    pdf.title_block(
        title,
        f"Visite du {formatting.long_date_label(visit.done_on)} "
        f"— intervention n° {intervention_id}",
    )
    pdf.field("Client", customer.display_name if customer else "")
    pdf.field("Adresse de l'installation", address_block(address))
    pdf.field("Technicien", technician.name if technician else "")
    pdf.heading("Installation")
    _equipment_fields(pdf, equipment, kind)
    if category == EquipmentCategory.FLUE.value:
        pdf.block(
            "Méthode de ramonage", SWEEP_METHOD_LABELS.get(visit.sweep_method, "Non précisée")
        )
        pdf.block("Contrôles effectués", visit.checks_done)
        pdf.block("Observations (vacuité, état du conduit)", visit.observations)
        pdf.block("Anomalies constatées", visit.defects)
        pdf.paragraph(
            "Le conduit désigné ci-dessus a été ramoné sur toute sa longueur ; "
            "ce certificat est à conserver et à présenter à votre assureur."
        )
    else:
        pdf.block("Contrôles et opérations effectués", visit.checks_done)
        if category == EquipmentCategory.COMBUSTION.value:
            co = (
                f"{formatting.number_label(visit.co_ppm)} ppm"
                if visit.co_ppm is not None
                else "non mesuré"
            )
            pdf.field("CO mesuré", co)
        pdf.block("Évaluation du rendement", visit.efficiency)
        pdf.block("Défauts constatés", visit.defects)
        pdf.block("Conseils (bon usage, améliorations possibles)", visit.advice)
        pdf.block("Observations", visit.observations)
    pdf.ln(3)
    pdf.paragraph(
        f"Fait le {formatting.long_date_label(visit.done_on)}. Document remis au client "
        "dans les quinze jours suivant la visite.",
        size=9,
    )
    pdf.signatures("Le client", "Le technicien")
    slug = "certificat-ramonage" if category == EquipmentCategory.FLUE.value else "attestation"
    return f"{slug}-{intervention_id}-{equipment_id}.pdf", bytes(pdf.output())


def build_contract_pdf(session: Session, contract_id: int) -> tuple[str, bytes]:
    """(file name, PDF) of a maintenance contract."""
    contract = session.get(MaintenanceContract, contract_id)
    if contract is None:
        raise ContractNotFound(contract_id)
    customer = session.get(Contact, contract.customer_id)
    address = session.get(Contact, contract.address_id)
    pdf = Document(f"Contrat d'entretien n° {contract_id}")
    pdf.add_page()
    pdf.company_header()
    pdf.title_block(
        "Contrat d'entretien",
        f"N° {contract_id} — imprimé le {formatting.long_date_label(local_today())}",
    )
    pdf.field("Client", customer.display_name if customer else "")
    if customer is not None:
        bits = [formatting.phone_label(customer.phone or customer.mobile), customer.email or ""]
        pdf.field("Coordonnées", " · ".join(b for b in bits if b))
    pdf.field("Adresse", address_block(address))
    state = contract_state_on(contract, local_today())
    pdf.field("État", CONTRACT_STATE_LABELS.get(state, state))
    pdf.field("Début", formatting.date_label(contract.start_on))
    pdf.field(
        "Durée",
        "Reconduction tacite chaque année"
        if contract.tacit_renewal
        else f"Jusqu'au {formatting.date_label(contract.end_on)}"
        if contract.end_on
        else "Sans date de fin",
    )
    pdf.field(
        "Périodicité",
        f"Tous les {contract.periodicity_months} mois"
        if contract.periodicity_months
        else "Celle de chaque appareil",
    )
    if contract.preferred_month:
        pdf.field("Mois de visite", formatting.month_name(contract.preferred_month))
    pdf.field("Prix annuel", formatting.amount_label(contract.yearly_price_cents))
    pdf.heading("Équipements couverts")
    for equipment_id in covered_equipment_ids(session, contract_id):
        equipment = session.get(Equipment, equipment_id)
        if equipment is None:
            continue
        kind = session.get(EquipmentType, equipment.type_id)
        pdf.ln(1)
        _equipment_fields(pdf, equipment, kind)
    pdf.block("Conditions particulières", contract.notes)
    pdf.signatures("Le client", "L'entreprise")
    return f"contrat-entretien-{contract_id}.pdf", bytes(pdf.output())


def build_letters(session: Session, run_id: int) -> tuple[str, bytes]:
    """The reminder as a letter, one page per customer without e-mail (mail merge)."""
    run = session.get(ReminderRun, run_id)
    if run is None:
        raise LookupError(run_id)
    pdf = Document(f"Relances d'entretien — {formatting.month_label(run.month)}")
    for item in letter_items(session, run_id):
        values = merge_values(session, run, item)
        contact = session.get(Contact, item.contact_id)
        pdf.add_page()
        pdf.company_header()
        pdf.set_x(pdf.l_margin + pdf.width * 0.55)
        pdf.set_font("DejaVu", size=10)
        pdf.multi_cell(pdf.width * 0.45, 5.5, address_block(contact), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(8)
        pdf.paragraph(f"Le {formatting.long_date_label(local_today())}", size=10)
        pdf.ln(4)
        pdf.set_font("DejaVu", "B", 11)
        pdf.multi_cell(
            pdf.width, 6, "Objet : " + render(run.subject, values), new_x="LMARGIN", new_y="NEXT"
        )
        pdf.ln(3)
        pdf.paragraph(render(run.body, values))
    if not pdf.page_no():
        pdf.add_page()
        pdf.paragraph("Aucun client sans courriel pour cette relance.")
    return f"relances-courrier-{run.month.isoformat()[:7]}.pdf", bytes(pdf.output())
