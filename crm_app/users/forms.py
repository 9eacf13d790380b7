"""The forms of the user administration (new user, role), as pydantic models,
and the login rule they share with the service; passwords are judged by
``users.passwords``."""

from __future__ import annotations

from typing import Annotated

from pydantic import BeforeValidator, Field, ValidationInfo, field_validator

from crm_app.core.errors import FieldError
from crm_app.core.forms import FormModel
from crm_app.core.validators import clean_text
from crm_app.users.models import UserRole
from crm_app.users.passwords import password_strength

NAME_AND_LOGIN_REQUIRED = "Le nom et l'identifiant sont obligatoires."


def normalize_login(login: object) -> str:
    """A login as stored and looked up: trimmed, lower case, without control
    characters (PostgreSQL refuses NUL in text, even in a query)."""
    return clean_text(login).lower()


def _required(value: str) -> str:
    if not value:
        raise FieldError(NAME_AND_LOGIN_REQUIRED)
    return value


def role(text: object) -> str:
    try:
        return UserRole(str(text or "")).value
    except ValueError:
        raise FieldError("Rôle inconnu.") from None


Login = Annotated[str, BeforeValidator(lambda v: _required(normalize_login(v)))]
Name = Annotated[str, BeforeValidator(lambda v: _required(clean_text(v)))]
Role = Annotated[str, BeforeValidator(role)]


class NewUserForm(FormModel):
    """A new user account (Utilisateurs > Nouvel utilisateur)."""

    login: Login = Field(default="", validate_default=True)
    name: Name = Field(default="", validate_default=True)
    role: Role = UserRole.OFFICE.value
    password: str = Field(default="", validate_default=True)

    @field_validator("password", mode="before")
    @classmethod
    def _password(cls, value: object, info: ValidationInfo) -> str:
        password = "" if value is None else str(value)
        login, name = info.data.get("login", ""), info.data.get("name", "")
        password_strength(password, login=login, name=name)
        return password


class RoleForm(FormModel):
    """A user's new role."""

    role: Role = Field(default="", validate_default=True)
