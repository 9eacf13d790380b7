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
and the view use); a FormError raised inside a validator gives its own fields.

Only the fields the user sent are "set" (``model_fields_set``): a service
storing a partial form stores those (``form.values()``), so it changes only
what it carries. A form whose every input is always sent (a document form)
sets ``fill_missing``: a missing input then reaches its validator as None.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from enum import Enum
from typing import Annotated, Any, ClassVar, TypeVar

import pydantic
from pydantic import BeforeValidator, ConfigDict, ValidationError
from pydantic_core import ErrorDetails

from crm_app.core import validators
from crm_app.core.errors import FieldError, FormError

INVALID_VALUE = "Valeur invalide."


class FormModel(pydantic.BaseModel):
    """A form as typed by the user: unknown inputs are ignored, fields may be
    filled by name or by alias."""

    model_config = ConfigDict(extra="ignore", populate_by_name=True, validate_default=False)
    # True: an input the page did not send counts as empty (its validator decides).
    fill_missing: ClassVar[bool] = False

    def values(self) -> dict[str, object]:
        """The cleaned values of the fields the user sent."""
        return self.model_dump(exclude_unset=True)


FormT = TypeVar("FormT", bound=FormModel)

# Field types of the shared validators, for form models: ``amount: AmountCents``.
AmountCents = Annotated[int, BeforeValidator(validators.parse_amount)]
LocalDateTime = Annotated[datetime, BeforeValidator(validators.parse_local_datetime)]
DurationMinutes = Annotated[int, BeforeValidator(validators.parse_duration)]
RequiredName = Annotated[str, BeforeValidator(validators.required_name)]
RecordId = Annotated[int | None, BeforeValidator(validators.record_id)]
OptionalDate = Annotated[
    date | None, BeforeValidator(lambda value: validators.parse_date(value, required=False))
]


# Validators with a parameter, for ``Annotated[type, ...]`` fields.


def as_required_date(label: str) -> BeforeValidator:
    """A required date whose message names it (« La date de facture… »)."""
    return BeforeValidator(lambda value: validators.parse_date(value, required=True, label=label))


def as_optional_text(max_length: int) -> BeforeValidator:
    """A text, empty as None, at most ``max_length`` characters."""
    return BeforeValidator(lambda value: validators.optional_text(value, max_length))


def as_choice(allowed: type[Enum], default: Enum) -> BeforeValidator:
    """One value of ``allowed`` ("" gives ``default``)."""
    return BeforeValidator(lambda value: validators.choice(value, allowed, str(default.value)))


def _message(error: ErrorDetails) -> str:
    cause = (error.get("ctx") or {}).get("error")
    if isinstance(cause, FieldError):
        return str(cause)
    if error["type"] == "value_error":
        # A ValueError raised on purpose: its message, without pydantic's prefix.
        return error["msg"].removeprefix("Value error, ")
    return INVALID_VALUE


def form_errors(error: ValidationError) -> dict[str, str]:
    """{field: French message}, the first message of each wrong field."""
    errors: dict[str, str] = {}
    for detail in error.errors():
        cause = (detail.get("ctx") or {}).get("error")
        if isinstance(cause, FormError):
            for field, message in cause.errors.items():
                errors.setdefault(field, message)
            continue
        field = str(detail["loc"][0]) if detail["loc"] else "__all__"
        errors.setdefault(field, _message(detail))
    return errors


def _inputs(model_cls: type[FormModel], raw: Mapping[str, object]) -> dict[str, object]:
    values = dict(raw)
    if model_cls.fill_missing:
        for name, field in model_cls.model_fields.items():
            values.setdefault(field.alias or name, None)
    return values


def parse_form(
    model_cls: type[FormT], raw: Mapping[str, object], *, context: dict[str, Any] | None = None
) -> FormT:
    """The form model of ``raw``; FormError listing every wrong field otherwise."""
    try:
        return model_cls.model_validate(_inputs(model_cls, raw), context=context)
    except ValidationError as error:
        raise FormError(form_errors(error)) from None


def parse_valid_fields(
    model_cls: type[FormT], raw: Mapping[str, object]
) -> tuple[FormT, dict[str, str]]:
    """The form model of the fields that are right, and the errors of the others.

    For a service that checks more rules in the database: it checks the right
    fields and reports its errors together with these.
    """
    try:
        return model_cls.model_validate(_inputs(model_cls, raw)), {}
    except ValidationError as error:
        errors = form_errors(error)
    # Field by field, in the model's order (a field's rules may read the ones
    # before it): only the right ones are set.
    form = model_cls.model_construct()
    for field in model_cls.model_fields:
        if field in raw and field not in errors:
            try:
                model_cls.__pydantic_validator__.validate_assignment(form, field, raw[field])
            except ValidationError as error:
                errors.setdefault(field, next(iter(form_errors(error).values()), INVALID_VALUE))
    return form, errors
