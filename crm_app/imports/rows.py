"""One row of a file as the contact it would become: the same form models
and validators as the contact forms, so an import stores nothing a user could
not have typed. Errors are per field, in French."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from crm_app.contacts.commercial_forms import ContactPageForm
from crm_app.contacts.forms import SubContactForm
from crm_app.contacts.models import ADDRESS_TYPE_LABELS, AddressType
from crm_app.core.forms import FormModel, parse_valid_fields
from crm_app.core.text import normalize

COMPANY_WORDS = {"societe", "entreprise", "professionnel", "pro", "oui", "1", "vrai", "true",
                 "yes", "company", "organisation", "organization", "x"}  # fmt: skip
# Fields a sub-contact row cannot carry (they are its main contact's).
_SCIENTIFIC = re.compile(r"^\d[.,]\d+[eE]\+?\d+$")
MAIN_ONLY = ("website", "company_registry", "vat", "internal_reference")


@dataclass
class CheckedRow:
    """A row checked: the values to store (as stored), the errors per field,
    and for a sub-contact the main contact it names."""

    number: int  # the line in the file (headers are line 1)
    typed: dict[str, str]
    values: dict[str, object] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    parent: str = ""
    # The form model the contact service takes (a ContactPageForm or a SubContactForm).
    form: FormModel | None = field(default=None, repr=False)

    @property
    def is_sub(self) -> bool:
        return bool(self.parent)

    @property
    def valid(self) -> bool:
        return not self.errors


def _is_company(text: str) -> bool:
    return normalize(text).replace("é", "e") in COMPANY_WORDS


def _address_type(text: str) -> str | None:
    plain = normalize(text)
    for kind, label in ADDRESS_TYPE_LABELS.items():
        if plain in (normalize(label), kind.value):
            return kind.value
    if plain in ("facturation", "invoice"):
        return AddressType.INVOICE.value
    if plain in ("livraison", "expedition", "delivery", "chantier"):
        return AddressType.DELIVERY.value
    return None


def excel_number(text: str) -> str:
    """A number Excel wrote in scientific notation (« 6,12345678E+08 ») as its
    digits (« 612345678 »); other text as it is."""
    if _SCIENTIFIC.match(text.strip()):
        try:
            return str(int(Decimal(text.strip().replace(",", "."))))
        except (InvalidOperation, ValueError):
            return text
    return text


def _unspreadsheet(typed: dict[str, str]) -> dict[str, str]:
    """Undo what a spreadsheet did to numbers: scientific notation, and the
    leading zero of a French postcode (« 1000 » for 01000)."""
    cleaned = dict(typed)
    for name in ("phone", "mobile", "company_registry", "zip"):
        if name in cleaned:
            cleaned[name] = excel_number(cleaned[name])
    zip_code = cleaned.get("zip", "")
    french = normalize(cleaned.get("country_code", "FR")) in ("fr", "france")
    if zip_code.isdigit() and len(zip_code) == 4 and french:
        cleaned["zip"] = "0" + zip_code
    return cleaned


def check_row(number: int, typed: dict[str, str]) -> CheckedRow:
    typed = _unspreadsheet(typed)
    row = CheckedRow(number=number, typed=typed, parent=typed.get("parent", "").strip())
    raw: dict[str, object] = {k: v for k, v in typed.items() if k not in ("parent", "notes")}
    if row.is_sub:
        if not _is_company(str(raw.pop("is_company", "") or "")):
            pass  # « non » (an export's column) says nothing of an address
        else:
            row.errors["is_company"] = "Une adresse n'est pas une société : laissez vide."
        for name in MAIN_ONLY:
            if raw.pop(name, None):
                row.errors[name] = "Appartient au contact principal : laissez vide sur une adresse."
        kind = _address_type(typed.get("address_type", "")) if typed.get("address_type") else None
        if typed.get("address_type") and kind is None:
            row.errors["address_type"] = "Type d'adresse inconnu."
        raw["address_type"] = kind or AddressType.CONTACT.value
        if typed.get("notes"):
            raw["comment"] = typed["notes"]
        form, errors = parse_valid_fields(SubContactForm, raw)
    else:
        raw.pop("address_type", None)
        # Without a type column, a SIREN/SIRET or a VAT number says « société ».
        raw["is_company"] = (
            _is_company(typed["is_company"])
            if "is_company" in typed
            else bool(typed.get("company_registry") or typed.get("vat"))
        )
        if typed.get("notes"):
            raw["internal_notes"] = typed["notes"]
        form, errors = parse_valid_fields(ContactPageForm, raw)
    for name, message in errors.items():
        row.errors.setdefault(name, message)
    row.values = form.values()
    row.form = form
    return row
