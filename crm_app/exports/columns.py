"""The columns a contact export offers, with their French headers.

The headers are the ones the import recognises, so that an export re-imports
into another base with the same mapping (sub-contacts name their main contact
by internal reference, or by name when it has none)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from crm_app.contacts.models import ADDRESS_TYPE_LABELS, CUSTOMER_STATUS_LABELS
from crm_app.core.countries import country_name
from crm_app.core.formatting import phone_label

# One exported row: the contact's columns by name, plus the main contact's
# reference (``parent_reference``) for sub-contacts.
Row = Mapping[Any, Any]


@dataclass(frozen=True)
class ExportColumn:
    key: str
    label: str
    value: Callable[[Row], object]


def _text(field: str) -> Callable[[Row], object]:
    return lambda row: row[field] or ""


def _phone(field: str) -> Callable[[Row], object]:
    return lambda row: phone_label(row[field])  # type: ignore[arg-type]


def _label(field: str, labels: Mapping[Any, str]) -> Callable[[Row], object]:
    return lambda row: labels.get(str(row[field]), row[field] or "")


def _number(field: str) -> Callable[[Row], object]:
    return lambda row: row[field] if row[field] is not None else ""


COLUMNS: tuple[ExportColumn, ...] = (
    ExportColumn("internal_reference", "Référence", _text("internal_reference")),
    ExportColumn("name", "Nom", _text("name")),
    ExportColumn(
        "is_company", "Type", lambda row: "société" if row["is_company"] else "particulier"
    ),
    ExportColumn("civility", "Civilité", _text("civility")),
    ExportColumn("job_title", "Poste occupé", _text("job_title")),
    ExportColumn("parent", "Contact principal", _text("parent_reference")),
    ExportColumn("address_type", "Type d'adresse", _label("address_type", ADDRESS_TYPE_LABELS)),
    ExportColumn("street", "Rue", _text("street")),
    ExportColumn("street2", "Complément", _text("street2")),
    ExportColumn("zip", "Code postal", _text("zip")),
    ExportColumn("city", "Ville", _text("city")),
    ExportColumn("country", "Pays", lambda row: country_name(str(row["country_code"] or ""))),
    ExportColumn("phone", "Téléphone", _phone("phone")),
    ExportColumn("mobile", "Portable", _phone("mobile")),
    ExportColumn("email", "E-mail", _text("email")),
    ExportColumn("website", "Site web", _text("website")),
    ExportColumn("company_registry", "SIREN / SIRET", _text("company_registry")),
    ExportColumn("vat", "N° TVA", _text("vat")),
    ExportColumn(
        "customer_status", "Statut client", _label("customer_status", CUSTOMER_STATUS_LABELS)
    ),
    ExportColumn("comment", "Notes", _text("comment")),
    ExportColumn("latitude", "Latitude", _number("latitude")),
    ExportColumn("longitude", "Longitude", _number("longitude")),
)
COLUMNS_BY_KEY = {column.key: column for column in COLUMNS}
DEFAULT_COLUMN_KEYS = tuple(
    c.key for c in COLUMNS if c.key not in ("latitude", "longitude", "customer_status")
)
# The contact columns a row must carry for every column above.
SOURCE_FIELDS = (
    "id",
    "internal_reference",
    "name",
    "is_company",
    "civility",
    "job_title",
    "address_type",
    "street",
    "street2",
    "zip",
    "city",
    "country_code",
    "phone",
    "mobile",
    "email",
    "website",
    "company_registry",
    "vat",
    "customer_status",
    "comment",
    "latitude",
    "longitude",
    "display_name",
)


def chosen_columns(keys: list[str] | tuple[str, ...]) -> list[ExportColumn]:
    """The known columns among ``keys``, in the catalogue's order; the default
    choice when none is known."""
    wanted = set(keys)
    columns = [c for c in COLUMNS if c.key in wanted]
    return columns or [COLUMNS_BY_KEY[k] for k in DEFAULT_COLUMN_KEYS]
