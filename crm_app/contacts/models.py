"""The contact hierarchy (Odoo's res.partner): main contacts and their sub-contacts.

Every field of the seven tabs of the contact page lives here, grouped by tab.
French labels for choices live next to their enum.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum, StrEnum
from typing import ClassVar

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from crm_app.audit.hooks import journal_changes_of
from crm_app.core.clock import utcnow
from crm_app.core.countries import country_names
from crm_app.core.schema import SavedRow


class AddressType(StrEnum):
    CONTACT = "contact"
    INVOICE = "invoice"
    DELIVERY = "delivery"
    OTHER = "other"
    PRIVATE = "private"


ADDRESS_TYPE_LABELS = {
    AddressType.CONTACT: "Contact",
    AddressType.INVOICE: "Adresse de facturation",
    AddressType.DELIVERY: "Adresse d'expédition",
    AddressType.OTHER: "Autre adresse",
    AddressType.PRIVATE: "Adresse personnelle",
}


class CustomerStatus(StrEnum):
    PROSPECT = "prospect"
    CLIENT = "client"


CUSTOMER_STATUS_LABELS = {
    CustomerStatus.PROSPECT: "Prospect",
    CustomerStatus.CLIENT: "Client",
}


class InvoicePolicy(StrEnum):
    ORDERED = "ordered"
    DELIVERED = "delivered"


INVOICE_POLICY_LABELS = {
    InvoicePolicy.ORDERED: "Quantités commandées",
    InvoicePolicy.DELIVERED: "Quantités livrées",
}


class TrustLevel(StrEnum):
    GOOD = "good"
    NORMAL = "normal"
    BAD = "bad"


TRUST_LEVEL_LABELS = {
    TrustLevel.GOOD: "Bon débiteur",
    TrustLevel.NORMAL: "Débiteur normal",
    TrustLevel.BAD: "Mauvais débiteur",
}


class GeocodeState(StrEnum):
    NOT_TRIED = "not_tried"
    SUCCESS = "success"
    FAILURE = "failure"
    MANUAL = "manual"
    NO_ADDRESS = "no_address"


GEOCODE_STATE_LABELS = {
    GeocodeState.NOT_TRIED: "Non tenté",
    GeocodeState.SUCCESS: "Réussi",
    GeocodeState.FAILURE: "Échec",
    GeocodeState.MANUAL: "Manuel",
    GeocodeState.NO_ADDRESS: "Pas d'adresse",
}

# French names of the fields, as the journal and the forms' messages show them.
CONTACT_FIELD_LABELS = {
    "parent_id": "Contact principal",
    "linked_user_id": "Utilisateur du CRM lié",
    "name": "Nom",
    "is_company": "Société",
    "civility": "Civilité",
    "job_title": "Poste occupé",
    "email": "Courriel",
    "website": "Site web",
    "phone": "Téléphone",
    "mobile": "Mobile",
    "street": "Rue",
    "street2": "Complément",
    "zip": "Code postal",
    "city": "Ville",
    "country_code": "Pays",
    "comment": "Notes",
    "address_type": "Type d'adresse",
    "active": "Actif",
    "internal_notes": "Notes internes",
    "customer_notes": "Notes client",
    "warning_message": "Message d'avertissement",
    "warning_blocking": "Bloquant",
    "warning_on_interventions": "Avertir sur les interventions",
    "warning_on_opportunities": "Avertir sur les opportunités",
    "warning_on_sale_orders": "Avertir sur les commandes",
    "warning_on_invoices": "Avertir sur les factures",
    "is_customer": "Est un client",
    "customer_status": "État",
    "customer_status_forced": "Statut forcé",
    "is_supplier": "Est un fournisseur",
    "salesperson_id": "Vendeur",
    "reseller_id": "Revendeur",
    "installer_id": "Installateur",
    "prospector_id": "Prospecteur",
    "sale_pricelist_id": "Liste de prix",
    "internal_reference": "Référence interne",
    "shop_code": "Code magasin",
    "consent_communication": "Autorise recevoir communication",
    "consent_date": "Date de l'autorisation",
    "consent_proof_text": "Preuve autorisation",
    "customer_payment_term_id": "Conditions de paiement client",
    "supplier_payment_term_id": "Conditions de paiement du vendeur",
    "invoice_policy": "Politique de facturation",
    "trust_level": "Niveau de confiance",
    "company_registry": "Registre de la société",
    "fiscal_position_id": "Position fiscale",
    "vat": "Numéro fiscal",
    "receivable_account_id": "Compte client",
    "payable_account_id": "Compte fournisseur",
    "campaign_id": "Campagne",
    "source_id": "Source",
    "medium_id": "Canal",
    "latitude": "Latitude",
    "longitude": "Longitude",
    "geocode_state": "Géocodage",
}

CIVILITY_CHOICES = ["M.", "Mme", "M. et Mme", "Dr", "Me", "Société"]


def _choice(enum_value: Enum, length: int = 20):
    return Field(default=enum_value.value, max_length=length, sa_type=sa.String(length))


class Contact(SavedRow, SQLModel, table=True):
    __tablename__: ClassVar[str] = "contact"
    __table_args__ = (
        sa.Index("ix_contact_list_order", "active", "list_sort_key"),
        # A contact's addresses in list order, without walking the whole list.
        sa.Index("ix_contact_children", "parent_id", "list_sort_key"),
        # Addresses by place (« À planifier » sorted by postcode and town).
        sa.Index("ix_contact_place", "zip", "city", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    # Optimistic locking: every save increments it; a stale form cannot overwrite.
    version: int = Field(default=1)
    active: bool = Field(default=True, index=True)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    created_by_id: int | None = Field(default=None, foreign_key="app_user.id", ondelete="SET NULL")

    # --- Identity (header) -------------------------------------------------
    parent_id: int | None = Field(
        default=None, foreign_key="contact.id", index=True, ondelete="RESTRICT"
    )
    address_type: str = _choice(AddressType.CONTACT)
    is_company: bool = Field(default=False)
    name: str = Field(max_length=200)
    civility: str | None = Field(default=None, max_length=30)
    job_title: str | None = Field(default=None, max_length=200)  # Poste occupé
    email: str | None = Field(default=None, max_length=254)
    website: str | None = Field(default=None, max_length=220)  # Site web
    phone: str | None = Field(default=None, max_length=32)  # E.164
    mobile: str | None = Field(default=None, max_length=32)  # E.164
    street: str | None = Field(default=None, max_length=200)
    street2: str | None = Field(default=None, max_length=200)
    zip: str | None = Field(default=None, max_length=20)
    city: str | None = Field(default=None, max_length=120)
    country_code: str = Field(default="FR", max_length=2)
    # Free note on a sub-contact ("Notes" of the "Créer : Contacts" dialog).
    comment: str | None = Field(default=None, max_length=4000)

    # Derived, kept by the service layer: "Parent, Child", list order, search.
    display_name: str = Field(default="", max_length=420)
    list_sort_key: str = Field(default="", max_length=500)
    search_text: str = Field(default="", max_length=2000)

    # --- Notes internes ----------------------------------------------------
    internal_notes: str | None = Field(default=None, max_length=20000)
    customer_notes: str | None = Field(default=None, max_length=20000)
    warning_message: str | None = Field(default=None, max_length=1000)
    warning_blocking: bool = Field(default=False)
    warning_on_interventions: bool = Field(default=False)
    warning_on_opportunities: bool = Field(default=False)
    warning_on_sale_orders: bool = Field(default=False)
    warning_on_invoices: bool = Field(default=False)

    # --- Ventes & Achats ---------------------------------------------------
    # A contact may be a customer (prospect or client) and a supplier at once.
    is_customer: bool = Field(default=True)
    customer_status: str = _choice(CustomerStatus.PROSPECT)
    customer_status_forced: bool = Field(default=False)
    is_supplier: bool = Field(default=False)
    # Role "utilisateur": the contact is one of the people using this CRM.
    linked_user_id: int | None = Field(
        default=None,
        foreign_key="app_user.id",
        ondelete="SET NULL",
        unique=True,
        index=True,
    )
    salesperson_id: int | None = Field(
        default=None, foreign_key="app_user.id", index=True, ondelete="SET NULL"
    )
    reseller_id: int | None = Field(default=None, foreign_key="contact.id", ondelete="SET NULL")
    installer_id: int | None = Field(default=None, foreign_key="contact.id", ondelete="SET NULL")
    prospector_id: int | None = Field(default=None, foreign_key="contact.id", ondelete="SET NULL")
    sale_pricelist_id: int | None = Field(
        default=None, foreign_key="pricelist.id", ondelete="SET NULL"
    )
    internal_reference: str | None = Field(
        default=None, max_length=60, sa_column_kwargs={"unique": True}, index=True
    )
    shop_code: str | None = Field(default=None, max_length=60)
    consent_communication: bool = Field(default=False)
    consent_date: date | None = None
    consent_proof_text: str | None = Field(default=None, max_length=2000)
    consent_proof_file_name: str | None = Field(default=None, max_length=255)
    # Key of the file in the private document store (never under /_upload).
    consent_proof_file_key: str | None = Field(default=None, max_length=100)

    # --- Comptabilité ------------------------------------------------------
    customer_payment_term_id: int | None = Field(
        default=None, foreign_key="payment_term.id", ondelete="SET NULL"
    )
    supplier_payment_term_id: int | None = Field(
        default=None, foreign_key="payment_term.id", ondelete="SET NULL"
    )
    invoice_policy: str = _choice(InvoicePolicy.ORDERED)
    trust_level: str = _choice(TrustLevel.NORMAL)
    company_registry: str | None = Field(default=None, max_length=20)  # SIREN / SIRET
    fiscal_position_id: int | None = Field(
        default=None, foreign_key="fiscal_position.id", ondelete="SET NULL"
    )
    vat: str | None = Field(default=None, max_length=20, index=True)
    receivable_account_id: int | None = Field(
        default=None, foreign_key="account.id", ondelete="SET NULL"
    )
    payable_account_id: int | None = Field(
        default=None, foreign_key="account.id", ondelete="SET NULL"
    )

    # --- Marketing ---------------------------------------------------------
    campaign_id: int | None = Field(
        default=None, foreign_key="marketing_campaign.id", ondelete="SET NULL"
    )
    source_id: int | None = Field(
        default=None, foreign_key="marketing_source.id", ondelete="SET NULL"
    )
    medium_id: int | None = Field(
        default=None, foreign_key="marketing_medium.id", ondelete="SET NULL"
    )

    # Set when the contact's personal data was erased on request (RGPD).
    erased_at: datetime | None = None
    # The contact this one was merged into (« Fusionner »); it is archived.
    merged_into_id: int | None = None

    # --- Localisation ------------------------------------------------------
    latitude: float | None = None
    longitude: float | None = None
    geocode_state: str = _choice(GeocodeState.NOT_TRIED)
    geocode_score: float | None = None
    geocode_date: datetime | None = None
    geocode_error: str | None = Field(default=None, max_length=500)




def _main_contact_id(_connection: sa.Connection, contact: Contact) -> int | None:
    return contact.parent_id or contact.id


journal_changes_of(
    Contact,
    "contact",
    _main_contact_id,
    labels=CONTACT_FIELD_LABELS,
    choices={
        "address_type": ADDRESS_TYPE_LABELS,
        "customer_status": CUSTOMER_STATUS_LABELS,
        "invoice_policy": INVOICE_POLICY_LABELS,
        "trust_level": TRUST_LEVEL_LABELS,
        "geocode_state": GEOCODE_STATE_LABELS,
        "country_code": country_names(),
    },
)
