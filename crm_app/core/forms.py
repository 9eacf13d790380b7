"""Typed forms: pydantic models built from what the user typed.

A form model's field validators are the shared validators of
``crm_app.core.validators`` (they raise FieldError with a French message);
``parse_form`` validates every field and raises one FormError naming every
wrong field at once, each with the message of the validator that failed.

Only the fields the user sent are "set" (``model_fields_set``): a service
storing a form stores those (``form.values()``), so a partial form changes
only what it carries.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

import pydantic
from pydantic import ConfigDict, ValidationError
from pydantic_core import ErrorDetails

from crm_app.core.errors import FieldError, FormError

INVALID_VALUE = "Valeur invalide."


class FormModel(pydantic.BaseModel):
    """A form as typed by the user; unknown keys are ignored."""

    model_config = ConfigDict(extra="ignore", validate_default=False, frozen=True)

    def values(self) -> dict[str, object]:
        """The cleaned values of the fields the user sent."""
        return self.model_dump(exclude_unset=True)


FormT = TypeVar("FormT", bound=FormModel)


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
        field = str(detail["loc"][0]) if detail["loc"] else "__all__"
        errors.setdefault(field, _message(detail))
    return errors


def parse_form(model_cls: type[FormT], raw: Mapping[str, object]) -> FormT:
    """The form model of ``raw``; FormError listing every wrong field otherwise."""
    try:
        return model_cls.model_validate(dict(raw))
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
        return model_cls.model_validate(dict(raw)), {}
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
