"""Load the demo dataset into an empty database, through the same service
functions the app uses (so every derived field is right)."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, func, select
from stdnum import luhn

from crm_app.contacts import service as contacts
from crm_app.contacts.forms import ContactForm, SubContactForm
from crm_app.contacts.models import Contact, CustomerStatus, GeocodeState, TrustLevel
from crm_app.core.forms import parse_form
from crm_app.demo.dataset import BLOCKED_CONTACT_NAME, DEMO_CONTACTS
from crm_app.demo.documents import TECHNICIANS, load_demo_documents
from crm_app.demo.equipment import load_demo_equipment
from crm_app.reference.models import (
    Account,
    FiscalPosition,
    MarketingCampaign,
    MarketingMedium,
    MarketingSource,
    PaymentTerm,
    Pricelist,
    TaskType,
)
from crm_app.reference.service import ensure_equipment_types
from crm_app.users.models import User

# The dataset gives every form field except the country (all French).
FORM_KEYS = tuple(f for f in contacts.HEADER_FIELDS if f in DEMO_CONTACTS[0])
CHILD_KEYS = tuple(f for f in contacts.SUB_CONTACT_FIELDS if f != "country_code")

REFERENCE_DATA = {
    PaymentTerm: [
        "Paiement immédiat",
        "15 jours",
        "30 jours",
        "30 jours fin de mois",
        "45 jours fin de mois",
    ],
    FiscalPosition: [
        "Régime national",
        "Intra-communautaire",
        "Hors UE (export)",
        "Autoliquidation BTP",
    ],
    Pricelist: ["Tarif public", "Tarif revendeurs", "Tarif collectivités"],
    MarketingCampaign: ["Offre de Noël", "Entretien d'automne", "Salon Habitat Rennes"],
    MarketingSource: ["Site internet", "Bouche-à-oreille", "Salon", "Pages Jaunes"],
    MarketingMedium: ["Bannière WEB", "Courriel", "Téléphone", "Flyer"],
}
# Intervention types, their usual duration in minutes, and whether they are maintenance.
TASK_TYPES = [
    ("Visite technique", 60, False),
    ("Entretien Poêle Granulés", 120, True),
    ("Ramonage", 60, True),
    ("Entretien chaudière gaz", 90, True),
    ("Dépannage", 60, False),
    ("Installation poêle", 480, False),
]
ACCOUNTS = [
    ("411100", "Clients - Ventes de biens ou de prestations de services", "receivable"),
    ("411200", "Clients - Collectivités publiques", "receivable"),
    ("401100", "Fournisseurs - Achats de biens et prestations de services", "payable"),
    ("401200", "Fournisseurs - Sous-traitance", "payable"),
    ("706000", "Prestations de services", "other"),
    ("707000", "Ventes de marchandises", "other"),
]


def load_reference_data(session: Session) -> None:
    for model, names in REFERENCE_DATA.items():
        if session.exec(select(func.count()).select_from(model)).one() == 0:
            session.add_all(model(name=name) for name in names)
    if session.exec(select(func.count()).select_from(Account)).one() == 0:
        session.add_all(Account(code=c, name=n, kind=k) for c, n, k in ACCOUNTS)
    if session.exec(select(func.count()).select_from(TaskType)).one() == 0:
        session.add_all(
            TaskType(name=name, default_duration_minutes=minutes, maintenance=maintenance)
            for name, minutes, maintenance in TASK_TYPES
        )
    ensure_equipment_types(session)
    session.flush()


def demo_siren(index: int) -> str:
    """A valid (Luhn) but fictitious SIREN for the demo's companies."""
    base = f"{81234560 + index * 7:08d}"
    return base + luhn.calc_check_digit(base)


def french_vat(siren_number: str) -> str:
    """The French VAT number of a SIREN: FR, its key, then the SIREN."""
    return f"FR{(12 + 3 * (int(siren_number) % 97)) % 97:02d}{siren_number}"


def _commercial_demo_values(session: Session, contact: Contact, index: int) -> None:
    """Fill the commercial tabs the way an office would have."""
    by_name = {
        model: {row.name: row.id for row in session.exec(select(model))}
        for model in (
            PaymentTerm,
            FiscalPosition,
            Pricelist,
            MarketingCampaign,
            MarketingSource,
            MarketingMedium,
        )
    }
    contact.customer_payment_term_id = by_name[PaymentTerm][
        "30 jours fin de mois" if contact.is_company else "Paiement immédiat"
    ]
    contact.sale_pricelist_id = by_name[Pricelist]["Tarif public"]
    contact.fiscal_position_id = by_name[FiscalPosition]["Régime national"]
    if contact.is_supplier:
        contact.supplier_payment_term_id = by_name[PaymentTerm]["45 jours fin de mois"]
    if contact.is_company:
        contact.company_registry = demo_siren(index)
        contact.vat = french_vat(contact.company_registry)
    if index % 3 == 0:
        contact.source_id = by_name[MarketingSource]["Bouche-à-oreille"]
    elif index % 3 == 1:
        contact.campaign_id = by_name[MarketingCampaign]["Offre de Noël"]
        contact.source_id = by_name[MarketingSource]["Site internet"]
        contact.medium_id = by_name[MarketingMedium]["Bannière WEB"]
    if index % 4 == 0 and not contact.is_supplier:
        contact.consent_communication = True
        contact.consent_date = date(2024, 3, 1 + index % 28)
        contact.consent_proof_text = "Case cochée sur le bon d'intervention signé."


def _place(contact: Contact, data: dict) -> None:
    if data.get("latitude") is not None:
        # Positions of the demo addresses were placed by hand, not geocoded.
        contact.latitude, contact.longitude = data["latitude"], data["longitude"]
        contact.geocode_state = GeocodeState.MANUAL.value


def load_demo_data(session: Session, owner: User) -> int:
    """Fill an empty database; returns how many contacts were created (0 if not empty)."""
    load_reference_data(session)
    if session.exec(select(func.count()).select_from(Contact)).one():
        return 0
    receivable = session.exec(select(Account).where(Account.code == "411100")).one()
    payable = session.exec(select(Account).where(Account.code == "401100")).one()
    created = 0
    for data in DEMO_CONTACTS:
        contact = contacts.create_contact(
            session,
            parse_form(ContactForm, {k: data.get(k) for k in FORM_KEYS}),
            created_by_id=owner.id,
        )
        role = data.get("role")
        contact.is_supplier = role == "supplier"
        contact.is_customer = role != "supplier"
        if role == "client":
            contact.customer_status = CustomerStatus.CLIENT.value
        contact.internal_reference = data.get("internal_reference")
        contact.internal_notes = data.get("internal_notes")
        contact.customer_notes = data.get("customer_notes")
        contact.receivable_account_id = receivable.id
        contact.payable_account_id = payable.id
        _commercial_demo_values(session, contact, created)
        _place(contact, data)
        if contact.name == BLOCKED_CONTACT_NAME:
            contact.warning_message = "Mauvais payeur"
            contact.warning_blocking = True
            contact.warning_on_interventions = contact.warning_on_opportunities = True
            contact.warning_on_sale_orders = contact.warning_on_invoices = True
            contact.trust_level = TrustLevel.BAD.value
        session.add(contact)
        created += 1
        for child_data in data.get("children", []):
            child = contacts.create_sub_contact(
                session,
                contact.saved_id,
                parse_form(SubContactForm, {k: child_data.get(k) for k in CHILD_KEYS}),
                created_by_id=owner.id,
            )
            if not contacts.shares_parent_address(child):
                _place(child, child_data)
            created += 1
    session.flush()
    load_demo_documents(session, owner)
    technician = session.exec(select(User).where(User.login == TECHNICIANS[0][1])).one()
    load_demo_equipment(session, owner, technician)
    return created
