"""Field validation for contacts: one function per kind of field, French messages.

Each validator takes the raw text typed by the user and returns the value to
store, or raises FieldError with a message meant for the field.
"""

from __future__ import annotations

import re

import phonenumbers
from email_validator import EmailNotValidError, validate_email

from crm_app.contacts.models import CIVILITY_CHOICES, AddressType

NAME_MAX_LENGTH = 200
SHORT_TEXT_MAX_LENGTH = 200
NOTE_MAX_LENGTH = 4000


class FieldError(ValueError):
    pass


class ContactValidationError(ValueError):
    """Several fields are wrong; ``errors`` maps field name to French message."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


def clean_text(text: str | None) -> str:
    """Typed text, trimmed and without control characters (except newlines in
    notes): they never belong in a field, and PostgreSQL refuses NUL in text,
    even in a search."""
    return re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "", text or "").strip()


_clean = clean_text


def optional_text(text: str | None, max_length: int = SHORT_TEXT_MAX_LENGTH) -> str | None:
    value = _clean(text)
    if len(value) > max_length:
        raise FieldError(f"Ce champ ne peut pas dépasser {max_length} caractères.")
    return value or None


def required_name(text: str | None) -> str:
    value = _clean(text)
    if not value:
        raise FieldError("Le nom est obligatoire.")
    if len(value) > NAME_MAX_LENGTH:
        raise FieldError(
            f"Le nom ne peut pas dépasser {NAME_MAX_LENGTH} caractères ({len(value)} saisis)."
        )
    return value


def email(text: str | None) -> str | None:
    value = _clean(text)
    if not value:
        return None
    try:
        result = validate_email(value, check_deliverability=False)
    except EmailNotValidError:
        raise FieldError("Adresse courriel invalide (exemple attendu : nom@domaine.fr).") from None
    return result.normalized


def phone(text: str | None, country_code: str = "FR") -> str | None:
    """Parse a phone number and return it in E.164 (+33299...)."""
    value = _clean(text)
    if not value:
        return None
    try:
        number = phonenumbers.parse(value, country_code or "FR")
    except phonenumbers.NumberParseException:
        raise FieldError("Numéro de téléphone illisible (exemple : 02 99 12 34 56).") from None
    if not phonenumbers.is_valid_number(number):
        raise FieldError("Ce numéro de téléphone n'existe pas (vérifiez le nombre de chiffres).")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def phone_for_display(e164: str | None) -> str:
    """French national format for French numbers, international for others."""
    if not e164:
        return ""
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    if number.country_code == 33:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def zip_code(text: str | None, country_code: str = "FR") -> str | None:
    value = _clean(text).replace(" ", "") if (country_code or "FR") == "FR" else _clean(text)
    if not value:
        return None
    if (country_code or "FR") == "FR" and not re.fullmatch(r"\d{5}", value):
        raise FieldError("Un code postal français compte 5 chiffres (exemple : 35000).")
    if len(value) > 20:
        raise FieldError("Code postal trop long.")
    return value


def country(text: str | None) -> str:
    value = _clean(text).upper() or "FR"
    if not re.fullmatch(r"[A-Z]{2}", value):
        raise FieldError("Code pays sur deux lettres attendu (exemple : FR, BE).")
    return value


def civility(text: str | None) -> str | None:
    value = _clean(text)
    if not value:
        return None
    if value not in CIVILITY_CHOICES:
        raise FieldError("Civilité inconnue.")
    return value


def address_type(text: str | None) -> str:
    try:
        return AddressType(text or AddressType.CONTACT.value).value
    except ValueError:
        raise FieldError("Type d'adresse inconnu.") from None


ADDRESS_FIELDS = ("street", "street2", "zip", "city", "country_code")


def validate_contact_form(raw: dict[str, object], *, is_sub_contact: bool) -> dict[str, object]:
    """Validate every field of a contact or sub-contact form at once.

    Returns the cleaned values; raises ContactValidationError listing every
    wrong field, so the user sees all problems in one go.
    """
    errors: dict[str, str] = {}
    clean: dict[str, object] = {}

    def run(field: str, validator, *args) -> None:
        if field not in raw:
            return
        try:
            clean[field] = validator(raw.get(field), *args)
        except FieldError as exc:
            errors[field] = str(exc)

    try:
        country_code = country(str(raw.get("country_code") or "FR"))
    except FieldError as exc:
        errors["country_code"] = str(exc)
        country_code = "FR"
    if "country_code" in raw:
        clean["country_code"] = country_code

    kind = AddressType.CONTACT.value
    if is_sub_contact:
        run("address_type", address_type)
        kind = str(clean.get("address_type", AddressType.CONTACT.value))
    # A sub-address (invoice, worksite...) may go without a name, as in Odoo;
    # a person or a main contact may not.
    if "name" in raw:
        if is_sub_contact and kind != AddressType.CONTACT.value:
            run("name", optional_text, NAME_MAX_LENGTH)
            clean["name"] = clean.get("name") or ""
        else:
            run("name", required_name)
    run("civility", civility)
    run("job_title", optional_text)
    run("email", email)
    run("phone", phone, country_code)
    run("mobile", phone, country_code)
    run("street", optional_text)
    run("street2", optional_text)
    run("zip", zip_code, country_code)
    run("city", optional_text, 120)
    run("comment", optional_text, NOTE_MAX_LENGTH)
    if "is_company" in raw:
        clean["is_company"] = bool(raw["is_company"])
    if errors:
        raise ContactValidationError(errors)
    return clean
