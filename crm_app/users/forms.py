"""The forms of the user administration (new user, role), as pydantic models,
and the password and login rules they share with the service."""

from __future__ import annotations

from typing import Annotated

from pydantic import BeforeValidator, Field, ValidationInfo, field_validator

from crm_app.core.errors import FieldError
from crm_app.core.forms import FormModel
from crm_app.core.validators import clean_text
from crm_app.users.models import UserRole

MIN_PASSWORD_LENGTH = 10
NAME_AND_LOGIN_REQUIRED = "Le nom et l'identifiant sont obligatoires."

# Too common to be accepted whatever their length.
COMMON_PASSWORDS = {
    "motdepasse",
    "motdepasse1",
    "motdepasse123",
    "azertyuiop",
    "azerty1234",
    "1234567890",
    "0123456789",
    "password123",
    "passwordpassword",
    "qwertyuiop",
    "soleil1234",
    "bonjour1234",
    "administrateur",
    "0000000000",
    "1111111111",
    "123456789a",
}


def normalize_login(login: object) -> str:
    """A login as stored and looked up: trimmed, lower case, without control
    characters (PostgreSQL refuses NUL in text, even in a query)."""
    return clean_text(login).lower()


def password_strength(password: str, *, login: str = "", name: str = "") -> None:
    """At least 10 characters mixing two kinds (letters, digits, others), not a
    well-known password and not the login or the name; FieldError otherwise."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise FieldError(
            f"Le mot de passe doit contenir au moins {MIN_PASSWORD_LENGTH} caractères."
        )
    kinds = sum(
        (
            any(c.isalpha() for c in password),
            any(c.isdigit() for c in password),
            any(not c.isalnum() for c in password),
        )
    )
    if kinds < 2 or len(set(password)) < 5:
        raise FieldError(
            "Mot de passe trop simple : mélangez lettres, chiffres ou signes (exemple : "
            "« Poele-granules-2026 »)."
        )
    lowered = password.lower()
    if lowered in COMMON_PASSWORDS or any(
        part and len(part) >= 4 and part in lowered
        for part in (login.strip().lower(), name.strip().lower())
    ):
        raise FieldError(
            "Ce mot de passe est trop facile à deviner (mot courant, identifiant ou nom)."
        )


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
