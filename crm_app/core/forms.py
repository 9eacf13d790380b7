"""Typed forms: a pydantic model per form, built from what the user typed,
that reports every wrong field at once as a FormError (French messages).

    class ThingForm(FormModel):
        name: str
        amount_cents: int = Field(alias="amount")   # the input's name, if it differs

        @field_validator("name", mode="before")
        @classmethod
        def _name(cls, value: object) -> str:
            return validators.required_name(value)   # raises FieldError

    form = parse_form(ThingForm, {"name": "", "amount": "12,50"})  # FormError

Field validators reuse ``crm_app.core.validators``: a FieldError becomes the
message of its field (the field's alias when it has one: the name the state
and the view use), a FormError raised inside a validator gives its own fields.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError

from crm_app.core.errors import FormError

INVALID_VALUE = "Valeur invalide."

Form = TypeVar("Form", bound="FormModel")


class FormModel(BaseModel):
    """Base of the input models: unknown inputs are ignored, fields may be
    filled by name or by alias, and a parsed form can be updated."""

    model_config = ConfigDict(
        extra="ignore",
        populate_by_name=True,
        arbitrary_types_allowed=True,
        str_strip_whitespace=False,
    )


def form_errors(error: ValidationError) -> dict[str, str]:
    """Field name → French message, the first message of each field."""
    errors: dict[str, str] = {}
    for detail in error.errors():
        cause = (detail.get("ctx") or {}).get("error")
        if isinstance(cause, FormError):
            for field, message in cause.errors.items():
                errors.setdefault(field, message)
            continue
        location = detail.get("loc") or ("",)
        field = str(location[0])
        message = str(cause) if isinstance(cause, ValueError) else INVALID_VALUE
        errors.setdefault(field, message)
    return errors


def parse_form(
    model: type[Form], raw: Mapping[str, object], *, context: dict[str, Any] | None = None
) -> Form:
    """The typed form, or FormError with every wrong field at once. Each field
    is read under its alias (else its name); a missing input counts as None."""
    values = dict(raw)
    for name, field in model.model_fields.items():
        # An input the page did not send is empty, as typed: its validator decides.
        values.setdefault(field.alias or name, None)
    try:
        return model.model_validate(values, context=context)
    except ValidationError as error:
        raise FormError(form_errors(error)) from None
