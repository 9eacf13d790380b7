"""The forms of the commercial tabs (Notes internes, Ventes & Achats,
Comptabilité, Marketing) as pydantic models, and the contact page's form:
the header and the four tabs, saved together.

Rules that need the database (the chosen record exists and is active, the
internal reference is unique, a partner is not the contact itself...) stay
in ``commercial.commercial_errors``.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BeforeValidator

from crm_app.contacts.forms import ContactForm, Flag
from crm_app.contacts.models import CustomerStatus, InvoicePolicy, TrustLevel
from crm_app.core.forms import FormModel, RecordId, as_choice, as_optional_text
from crm_app.core.validators import company_registry, vat_number

NOTES_MAX_LENGTH = 20000
WARNING_MAX_LENGTH = 1000
REFERENCE_MAX_LENGTH = 60


# (aliases: a field named like its validator would hide it from its annotation)
CompanyRegistry = Annotated[str | None, BeforeValidator(company_registry)]
VatNumber = Annotated[str | None, BeforeValidator(vat_number)]


class NotesForm(FormModel):
    """Notes internes: notes and the Avertissements box."""

    internal_notes: Annotated[str | None, as_optional_text(NOTES_MAX_LENGTH)] = None
    customer_notes: Annotated[str | None, as_optional_text(NOTES_MAX_LENGTH)] = None
    warning_message: Annotated[str | None, as_optional_text(WARNING_MAX_LENGTH)] = None
    warning_blocking: Flag = False
    warning_on_interventions: Flag = False
    warning_on_opportunities: Flag = False
    warning_on_sale_orders: Flag = False
    warning_on_invoices: Flag = False


class SalesForm(FormModel):
    """Ventes & Achats."""

    is_customer: Flag = False
    customer_status: Annotated[str, as_choice(CustomerStatus, CustomerStatus.PROSPECT)] = (
        CustomerStatus.PROSPECT.value
    )
    customer_status_forced: Flag = False
    is_supplier: Flag = False
    linked_user_id: RecordId = None
    salesperson_id: RecordId = None
    reseller_id: RecordId = None
    installer_id: RecordId = None
    prospector_id: RecordId = None
    sale_pricelist_id: RecordId = None
    internal_reference: Annotated[str | None, as_optional_text(REFERENCE_MAX_LENGTH)] = None
    shop_code: Annotated[str | None, as_optional_text(REFERENCE_MAX_LENGTH)] = None
    consent_communication: Flag = False
    consent_proof_text: Annotated[str | None, as_optional_text(2000)] = None


class AccountingForm(FormModel):
    """Comptabilité."""

    customer_payment_term_id: RecordId = None
    supplier_payment_term_id: RecordId = None
    invoice_policy: Annotated[str, as_choice(InvoicePolicy, InvoicePolicy.ORDERED)] = (
        InvoicePolicy.ORDERED.value
    )
    trust_level: Annotated[str, as_choice(TrustLevel, TrustLevel.NORMAL)] = (
        TrustLevel.NORMAL.value
    )
    company_registry: CompanyRegistry = None
    fiscal_position_id: RecordId = None
    vat: VatNumber = None
    receivable_account_id: RecordId = None
    payable_account_id: RecordId = None


class MarketingForm(FormModel):
    """Marketing."""

    campaign_id: RecordId = None
    source_id: RecordId = None
    medium_id: RecordId = None


class CommercialForm(NotesForm, SalesForm, AccountingForm, MarketingForm):
    """The four commercial tabs at once."""


class ContactPageForm(ContactForm, CommercialForm):
    """The contact page of a main contact: its header and the four tabs."""


def fields_of(*models: type[FormModel]) -> tuple[str, ...]:
    return tuple(name for model in models for name in model.model_fields)


NOTES_FIELDS = fields_of(NotesForm)
SALES_FIELDS = fields_of(SalesForm)
ACCOUNTING_FIELDS = fields_of(AccountingForm)
MARKETING_FIELDS = fields_of(MarketingForm)
COMMERCIAL_FIELDS = NOTES_FIELDS + SALES_FIELDS + ACCOUNTING_FIELDS + MARKETING_FIELDS
