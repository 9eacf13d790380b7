"""Field validation for contacts: one function per kind of field, French messages.

Each validator takes the raw text typed by the user and returns the value to
store, or raises FieldError with a message meant for the field.
"""

from __future__ import annotations

from crm_app.contacts.models import CIVILITY_CHOICES, AddressType
from crm_app.core.errors import FieldError, FormError
from crm_app.core.validators import (
    NAME_MAX_LENGTH,
    NOTE_MAX_LENGTH,
    clean_text,
    country,
    email,
    optional_text,
    phone,
    required_name,
    zip_code,
)


def civility(text: str | None) -> str | None:
    value = clean_text(text)
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

    Returns the cleaned values; raises FormError listing every
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
        raise FormError(errors)
    return clean
