"""Import every table so SQLModel's metadata (and alembic) sees the whole schema."""

from crm_app.accounting.models import Invoice
from crm_app.audit.models import AuditEntry
from crm_app.contacts import derived  # noqa: F401  (its session hook)
from crm_app.contacts import search_index as contact_index  # noqa: F401  (registers itself)
from crm_app.contacts.models import Contact
from crm_app.core import trigram_index
from crm_app.duplicates.models import DuplicatePair, DuplicateScan, NotDuplicate
from crm_app.equipment import visits  # noqa: F401  (its rule when an intervention is done)
from crm_app.equipment.models import (
    Equipment,
    InterventionEquipment,
    MaintenanceContract,
    MaintenanceVisit,
    ReminderItem,
    ReminderRun,
    ReminderTemplate,
)
from crm_app.exports.models import ExportTicket
from crm_app.geo.models import GeocodeCacheEntry
from crm_app.imports.models import ContactImport, ImportedRow, ImportMapping
from crm_app.interventions import search_index as planning_index  # noqa: F401
from crm_app.interventions.models import (
    Intervention,
    InterventionPhoto,
    InterventionTechnician,
)
from crm_app.planning.models import Sector, SectorTechnician
from crm_app.reference.models import (
    Account,
    EquipmentType,
    FiscalPosition,
    MarketingCampaign,
    MarketingMedium,
    MarketingSource,
    PaymentTerm,
    Pricelist,
    TaskType,
)
from crm_app.sales.models import Opportunity, SaleOrder
from crm_app.users.models import User, UserSession

trigram_index.hide_from_autogenerate()

__all__ = [
    "AuditEntry",
    "Account",
    "Contact",
    "ContactImport",
    "DuplicatePair",
    "DuplicateScan",
    "Equipment",
    "EquipmentType",
    "ExportTicket",
    "GeocodeCacheEntry",
    "ImportMapping",
    "ImportedRow",
    "Intervention",
    "InterventionEquipment",
    "InterventionPhoto",
    "InterventionTechnician",
    "Invoice",
    "Opportunity",
    "SaleOrder",
    "Sector",
    "SectorTechnician",
    "FiscalPosition",
    "MaintenanceContract",
    "MaintenanceVisit",
    "MarketingCampaign",
    "MarketingMedium",
    "MarketingSource",
    "NotDuplicate",
    "PaymentTerm",
    "ReminderItem",
    "ReminderRun",
    "ReminderTemplate",
    "Pricelist",
    "TaskType",
    "User",
    "UserSession",
]
