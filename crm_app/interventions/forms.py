"""The intervention form as a typed model: every field checked at once,
French messages (address, task type and technicians need the database: they
are checked in service.py)."""

from __future__ import annotations

from datetime import datetime

from pydantic import field_validator

from crm_app.core import validators
from crm_app.core.errors import FieldError
from crm_app.core.forms import FormModel
from crm_app.interventions.models import InterventionState


class InterventionForm(FormModel):
    fill_missing = True  # every input of the page is sent
    start_at: datetime
    duration_minutes: int
    state: str
    label: str | None
    description: str | None

    @field_validator("start_at", mode="before")
    @classmethod
    def _start_at(cls, value: object) -> datetime:
        return validators.parse_local_datetime(value)

    @field_validator("duration_minutes", mode="before")
    @classmethod
    def _duration(cls, value: object) -> int:
        return validators.parse_duration(value)

    @field_validator("state", mode="before")
    @classmethod
    def _state(cls, value: object) -> str:
        try:
            return InterventionState(str(value or InterventionState.DRAFT.value)).value
        except ValueError:
            raise FieldError("État inconnu.") from None

    @field_validator("label", mode="before")
    @classmethod
    def _label(cls, value: object) -> str | None:
        return validators.optional_text(value, 300)

    @field_validator("description", mode="before")
    @classmethod
    def _description(cls, value: object) -> str | None:
        return validators.optional_text(value, 10000)
