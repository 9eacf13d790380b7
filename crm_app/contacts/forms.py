"""The forms of a contact: the header of a main contact and the form of a
sub-contact (Contacts & Adresses), as pydantic models (French messages).

Each field runs one validator of ``crm_app.core.validators``; ``parse_form``
returns every wrong field at once. Fields are declared in the order their
rules need: the country before the phones and the postcode it reads, the
address type before the name it may make optional.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BeforeValidator, ValidationInfo, field_validator

from crm_app.contacts.models import CIVILITY_CHOICES, AddressType
from crm_app.core.errors import FieldError
from crm_app.core.forms import FormModel
from crm_app.core.validators import (
    NAME_MAX_LENGTH,
    NOTE_MAX_LENGTH,
    clean_text,
    country,
    email,
    optional_text,
    phone,
    required_name,
    website,
    zip_code,
)


def civility(text: object) -> str | None:
    value = clean_text(text)
    if not value:
        return None
    if value not in CIVILITY_CHOICES:
        raise FieldError("Civilité inconnue.")
    return value


def address_type(text: object) -> str:
    try:
        return AddressType(text or AddressType.CONTACT.value).value
    except ValueError:
        raise FieldError("Type d'adresse inconnu.") from None


ADDRESS_FIELDS = ("street", "street2", "zip", "city", "country_code")

Text = Annotated[str | None, BeforeValidator(optional_text)]
City = Annotated[str | None, BeforeValidator(lambda v: optional_text(v, 120))]
Note = Annotated[str | None, BeforeValidator(lambda v: optional_text(v, NOTE_MAX_LENGTH))]
Email = Annotated[str | None, BeforeValidator(email)]
Civility = Annotated[str | None, BeforeValidator(civility)]
Website = Annotated[str | None, BeforeValidator(website)]
Flag = Annotated[bool, BeforeValidator(bool)]
# (an alias: a field named like its validator would hide it from its annotation)
AddressKind = Annotated[str, BeforeValidator(address_type)]


def _country_of(info: ValidationInfo) -> str:
    """The form's country (France when absent or wrong: its own error says so)."""
    return str(info.data.get("country_code") or "FR")


class _PersonForm(FormModel):
    """What a main contact and a sub-contact share."""

    country_code: Annotated[str | None, BeforeValidator(lambda v: country(v or "FR"))] = None
    civility: Civility = None
    job_title: Text = None
    email: Email = None
    phone: str | None = None
    mobile: str | None = None
    street: Text = None
    street2: Text = None
    zip: str | None = None
    city: City = None

    @field_validator("phone", "mobile", mode="before")
    @classmethod
    def _phone(cls, value: object, info: ValidationInfo) -> str | None:
        return phone(value, _country_of(info))

    @field_validator("zip", mode="before")
    @classmethod
    def _zip(cls, value: object, info: ValidationInfo) -> str | None:
        return zip_code(value, _country_of(info))


class ContactForm(_PersonForm):
    """The header of a main contact (company or individual)."""

    name: Annotated[str, BeforeValidator(required_name)] = ""
    is_company: Flag = False
    website: Website = None


class SubContactForm(_PersonForm):
    """A sub-contact of Contacts & Adresses: a person or an address."""

    address_type: AddressKind = AddressType.CONTACT.value
    name: str = ""
    comment: Note = None

    @field_validator("name", mode="before")
    @classmethod
    def _name(cls, value: object, info: ValidationInfo) -> str:
        # A sub-address (invoice, worksite...) may go without a name, as in Odoo;
        # a person may not.
        kind = info.data.get("address_type", AddressType.CONTACT.value)
        if kind != AddressType.CONTACT.value:
            return optional_text(value, NAME_MAX_LENGTH) or ""
        return required_name(value)
