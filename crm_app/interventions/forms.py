"""The intervention form as a typed model: every field checked at once,
French messages (address, task type and technicians need the database: they
are checked in service.py)."""

from __future__ import annotations

from typing import Annotated

from pydantic import field_validator

from crm_app.core.errors import FieldError
from crm_app.core.forms import DurationMinutes, FormModel, LocalDateTime, as_optional_text
from crm_app.interventions.models import InterventionState


class InterventionForm(FormModel):
    fill_missing = True  # every input of the page is sent
    start_at: LocalDateTime
    duration_minutes: DurationMinutes
    state: str
    label: Annotated[str | None, as_optional_text(300)]
    description: Annotated[str | None, as_optional_text(10000)]
    time_fixed: bool = False

    @field_validator("time_fixed", mode="before")
    @classmethod
    def _time_fixed(cls, value: object) -> bool:
        return str(value or "").strip().lower() in ("true", "1", "on", "oui")

    @field_validator("state", mode="before")
    @classmethod
    def _state(cls, value: object) -> str:
        try:
            return InterventionState(str(value or InterventionState.DRAFT.value)).value
        except ValueError:
            raise FieldError("État inconnu.") from None
