"""The forms of the reference data, as pydantic models (French messages).

Six kinds (payment terms, fiscal positions, price lists, campaigns, sources,
media) have only a name; accounts add a number and a kind, task types a
default duration. Whether a name or number is already taken is the
database's to say (``service.save_reference``).
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import BeforeValidator, Field

from crm_app.core.errors import FieldError
from crm_app.core.forms import FormModel
from crm_app.core.validators import required_name
from crm_app.reference.models import EQUIPMENT_CATEGORY_LABELS

NAME_MAX_LENGTH = 120

ACCOUNT_KIND_LABELS = {
    "receivable": "Compte client (411…)",
    "payable": "Compte fournisseur (401…)",
    "other": "Autre compte",
}


def reference_name(text: object) -> str:
    value = required_name(str(text or ""))
    if len(value) > NAME_MAX_LENGTH:
        raise FieldError(f"Le nom ne peut pas dépasser {NAME_MAX_LENGTH} caractères.")
    return value


def account_code(text: object) -> str:
    value = re.sub(r"\s", "", str(text or ""))
    if not value:
        raise FieldError("Le numéro de compte est obligatoire.")
    if not re.fullmatch(r"\d{3,20}", value):
        raise FieldError("Un numéro de compte ne contient que des chiffres (exemple : 411100).")
    return value


def account_kind(text: object) -> str:
    value = str(text or "other")
    if value not in ACCOUNT_KIND_LABELS:
        raise FieldError("Type de compte inconnu.")
    return value


def duration_minutes(text: object) -> int:
    value = str(text or "").strip()
    if not value.isdigit() or not 5 <= int(value) <= 24 * 60:
        raise FieldError("Durée en minutes, entre 5 et 1440 (exemple : 60).")
    return int(value)


Name = Annotated[str, BeforeValidator(reference_name)]
AccountCode = Annotated[str, BeforeValidator(account_code)]
AccountKind = Annotated[str, BeforeValidator(account_kind)]
Minutes = Annotated[int, BeforeValidator(duration_minutes)]


class ReferenceForm(FormModel):
    """A row of the kinds that have only a name (payment terms, fiscal
    positions, price lists, campaigns, sources, media)."""

    name: Name = Field(default="", validate_default=True)


class AccountForm(ReferenceForm):
    """An account of the chart (Comptes comptables)."""

    code: AccountCode = Field(default="", validate_default=True)
    kind: AccountKind = Field(default="other", validate_default=True)


def checkbox(value: object) -> bool:
    return str(value).lower() in ("1", "true", "on", "oui")


def equipment_category(text: object) -> str:
    value = str(text or "")
    if value not in EQUIPMENT_CATEGORY_LABELS:
        raise FieldError("Catégorie inconnue.")
    return value


def months_between(text: object) -> int:
    value = str(text or "").strip()
    if not value.isdigit() or not 1 <= int(value) <= 120:
        raise FieldError("Périodicité en mois, de 1 à 120 (exemple : 12).")
    return int(value)


class TaskTypeForm(ReferenceForm):
    """A task type (Types d'intervention), its default duration, and whether
    it is a maintenance (completing it records the equipment's maintenance)."""

    default_duration_minutes: Minutes = Field(default=0, validate_default=True)
    maintenance: Annotated[bool, BeforeValidator(checkbox)] = False


class EquipmentTypeForm(ReferenceForm):
    """A type of equipment, what the law asks of it and how often."""

    category: Annotated[str, BeforeValidator(equipment_category)] = Field(
        default="other", validate_default=True
    )
    periodicity_months: Annotated[int, BeforeValidator(months_between)] = Field(
        default=12, validate_default=True
    )
