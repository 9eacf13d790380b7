"""What a user types for an equipment, a contract and a maintenance visit, as
typed models with French messages. The address, type and contract need the
database: the services check them."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import BeforeValidator, Field, field_validator, model_validator

from crm_app.core import validators
from crm_app.core.clock import local_today
from crm_app.core.errors import FieldError, FormError
from crm_app.core.forms import (
    AmountCents,
    FormModel,
    OptionalDate,
    as_choice,
    as_required_date,
)
from crm_app.equipment.models import (
    ENERGY_LABELS,
    SWEEP_METHOD_LABELS,
    ContractState,
)

MAX_POWER_KW = 10_000
PERIODICITY_CHOICES = {
    "": "Celle du type",
    "6": "Tous les 6 mois (2 fois par an)",
    "12": "Tous les ans",
    "24": "Tous les 2 ans",
    "36": "Tous les 3 ans",
}


def _text(max_length: int, label: str) -> BeforeValidator:
    def check(value: object) -> str:
        text = validators.clean_text(value)
        if len(text) > max_length:
            raise FieldError(f"{label} : {max_length} caractères au plus ({len(text)} saisis).")
        return text

    return BeforeValidator(check)


def _power(value: object) -> float | None:
    return validators.parse_number(
        value, label="La puissance (kW)", minimum=0, maximum=MAX_POWER_KW, above_minimum=True
    )


def _co(value: object) -> float | None:
    return validators.parse_number(value, label="Le CO mesuré (ppm)", minimum=0, maximum=10_000)


def _periodicity(value: object) -> int | None:
    text = validators.clean_text(value)
    if not text:
        return None
    if not text.isdigit() or not 1 <= int(text) <= 120:
        raise FieldError("Périodicité en mois, de 1 à 120.")
    return int(text)


def _month(value: object) -> int | None:
    text = validators.clean_text(value)
    if not text:
        return None
    if not text.isdigit() or not 1 <= int(text) <= 12:
        raise FieldError("Mois de 1 à 12.")
    return int(text)


def _one_of(labels: dict[str, str]) -> BeforeValidator:
    """One code of ``labels``, or empty."""

    def check(value: object) -> str:
        text = validators.clean_text(value)
        if text == "" or text in labels:
            return text
        raise FieldError("Choix inconnu.")

    return BeforeValidator(check)


Periodicity = Annotated[int | None, BeforeValidator(_periodicity)]


class EquipmentForm(FormModel):
    fill_missing = True
    brand: Annotated[str, _text(80, "La marque")] = ""
    model: Annotated[str, _text(120, "Le modèle")] = ""
    serial_number: Annotated[str, _text(80, "Le numéro de série")] = ""
    commissioned_on: OptionalDate = None
    power_kw: Annotated[float | None, BeforeValidator(_power)] = None
    energy: Annotated[str, _one_of(ENERGY_LABELS)] = ""
    location: Annotated[str, _text(200, "L'emplacement")] = ""
    warranty_end: OptionalDate = None
    notes: Annotated[str, _text(2000, "Les notes")] = ""
    periodicity_months: Periodicity = None

    @field_validator("commissioned_on")
    @classmethod
    def _not_in_future(cls, value: date | None) -> date | None:
        if value is not None and value > local_today():
            raise FieldError("La date de mise en service ne peut pas être dans le futur.")
        return value


class ContractForm(FormModel):
    fill_missing = True
    periodicity_months: Periodicity = None
    preferred_month: Annotated[int | None, BeforeValidator(_month)] = None
    yearly_price_cents: AmountCents = 0
    start_on: Annotated[date, as_required_date("La date de début")] = Field(
        default=None, validate_default=True
    )
    end_on: OptionalDate = None
    tacit_renewal: bool = True
    state: Annotated[str, as_choice(ContractState, ContractState.DRAFT)] = "draft"
    notes: Annotated[str, _text(2000, "Les notes")] = ""

    @field_validator("tacit_renewal", mode="before")
    @classmethod
    def _flag(cls, value: object) -> bool:
        if value is None:
            return True  # not said: renewed, as most contracts are
        return str(value).lower() in ("1", "true", "on", "oui", "yes")

    @model_validator(mode="after")
    def _ends_after_start(self) -> ContractForm:
        if self.end_on is not None and self.start_on is not None and self.end_on < self.start_on:
            raise FormError({"end_on": "La date de fin précède la date de début."})
        return self


class VisitForm(FormModel):
    """One equipment's part of a maintenance visit."""

    fill_missing = True
    checks_done: Annotated[str, _text(4000, "Les contrôles")] = ""
    co_ppm: Annotated[float | None, BeforeValidator(_co)] = None
    efficiency: Annotated[str, _text(2000, "L'évaluation du rendement")] = ""
    defects: Annotated[str, _text(4000, "Les défauts constatés")] = ""
    advice: Annotated[str, _text(4000, "Les conseils")] = ""
    sweep_method: Annotated[str, _one_of(SWEEP_METHOD_LABELS)] = ""
    observations: Annotated[str, _text(4000, "Les observations")] = ""
