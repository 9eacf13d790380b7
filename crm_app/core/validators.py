"""Reusable field validators: one function per kind of field, French messages.

Each validator takes the raw value typed by the user and returns the value to
store, or raises FieldError with a message meant for the field.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from decimal import ROUND_HALF_UP, Decimal
from enum import Enum

import phonenumbers
from babel.numbers import NumberFormatError, format_decimal, parse_decimal
from email_validator import EmailNotValidError, validate_email
from stdnum import exceptions as stdnum_errors
from stdnum.eu import vat as eu_vat
from stdnum.fr import siren, siret

from crm_app.core.clock import LOCAL_ZONE
from crm_app.core.countries import country_code_of
from crm_app.core.errors import FieldError

NAME_MAX_LENGTH = 200
SHORT_TEXT_MAX_LENGTH = 200
NOTE_MAX_LENGTH = 4000
MAX_AMOUNT_CENTS = 100_000_000_00  # 100 million euros


# --- Text ----------------------------------------------------------------------------


def clean_text(text: object) -> str:
    """Typed text, trimmed and without control characters (except newlines in
    notes): they never belong in a field, and PostgreSQL refuses NUL in text,
    even in a search."""
    raw = "" if text is None else str(text)
    return re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "", raw).strip()


def optional_text(text: object, max_length: int = SHORT_TEXT_MAX_LENGTH) -> str | None:
    value = clean_text(text)
    if len(value) > max_length:
        raise FieldError(f"Ce champ ne peut pas dépasser {max_length} caractères.")
    return value or None


def required_name(text: object) -> str:
    value = clean_text(text)
    if not value:
        raise FieldError("Le nom est obligatoire.")
    if len(value) > NAME_MAX_LENGTH:
        raise FieldError(
            f"Le nom ne peut pas dépasser {NAME_MAX_LENGTH} caractères ({len(value)} saisis)."
        )
    return value


# --- Choices and records -------------------------------------------------------------


def choice(text: object, allowed: type[Enum], default: str) -> str:
    """One value of a StrEnum ("" gives ``default``)."""
    value = clean_text(text) or default
    try:
        return str(allowed(value).value)
    except ValueError:
        raise FieldError("Choix inconnu.") from None


def record_id(text: object) -> int | None:
    """Ids travel as text in forms; "" (or "0") means none."""
    if text is None or isinstance(text, bool):
        return None
    value = str(text).strip()
    if value in ("", "0"):
        return None
    if not value.isdigit():
        raise FieldError("Choix inconnu.")
    return int(value)


# --- Contact details -----------------------------------------------------------------


def email(text: object) -> str | None:
    value = clean_text(text)
    if not value:
        return None
    try:
        result = validate_email(value, check_deliverability=False)
    except EmailNotValidError:
        raise FieldError("Adresse courriel invalide (exemple attendu : nom@domaine.fr).") from None
    return result.normalized


def phone(text: object, country_code: str = "FR") -> str | None:
    """Parse a phone number and return it in E.164 (+33299...)."""
    value = clean_text(text)
    if not value:
        return None
    try:
        number = phonenumbers.parse(value, country_code or "FR")
    except phonenumbers.NumberParseException:
        raise FieldError("Numéro de téléphone illisible (exemple : 02 99 12 34 56).") from None
    if not phonenumbers.is_valid_number(number):
        raise FieldError("Ce numéro de téléphone n'existe pas (vérifiez le nombre de chiffres).")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def zip_code(text: object, country_code: str = "FR") -> str | None:
    french = (country_code or "FR") == "FR"
    value = clean_text(text).replace(" ", "") if french else clean_text(text)
    if not value:
        return None
    if french and not re.fullmatch(r"\d{5}", value):
        raise FieldError("Un code postal français compte 5 chiffres (exemple : 35000).")
    if len(value) > 20:
        raise FieldError("Code postal trop long.")
    return value


def country(text: object) -> str:
    """A country of the list, typed as its French name or its code: its ISO code."""
    value = clean_text(text) or "FR"
    code = country_code_of(value)
    if code is None:
        raise FieldError(f"Pays inconnu : « {value[:40]} ». Choisissez un pays de la liste.")
    return code


def website(text: object) -> str | None:
    """A web address; "www.exemple.fr" gets its https://."""
    value = clean_text(text)
    if not value:
        return None
    if len(value) > 200:
        raise FieldError("L'adresse du site ne peut pas dépasser 200 caractères.")
    if not re.match(r"^https?://", value, re.IGNORECASE):
        value = "https://" + value
    host = re.match(r"^https?://([^/?#\s]+)(?:[/?#]\S*)?$", value, re.IGNORECASE)
    if host is None or not re.fullmatch(
        r"(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}(?::\d{1,5})?",
        host.group(1).lower(),
    ):
        raise FieldError("Adresse de site invalide (exemple : https://www.exemple.fr).")
    return value


# --- Company numbers (python-stdnum) -------------------------------------------------


def company_registry(text: object) -> str | None:
    """A SIREN (9 digits) or SIRET (14 digits), checked with python-stdnum."""
    value = optional_text(text, 40)
    if value is None:
        return None
    digits = siret.compact(value)
    if not digits.isdigit():
        raise FieldError("Le SIREN ou SIRET ne doit contenir que des chiffres.")
    if len(digits) not in (9, 14):
        raise FieldError(
            f"Un SIREN compte 9 chiffres et un SIRET 14 chiffres ({len(digits)} saisis)."
        )
    module, kind = (siren, "SIREN") if len(digits) == 9 else (siret, "SIRET")
    try:
        return module.validate(digits)
    except stdnum_errors.InvalidChecksum:
        raise FieldError(
            f"Ce numéro {kind} est invalide : la clé de contrôle ne correspond pas "
            "(vérifiez les chiffres)."
        ) from None
    except stdnum_errors.ValidationError:
        raise FieldError(f"Ce numéro {kind} est invalide.") from None


def vat_number(text: object) -> str | None:
    """An intra-EU VAT number (FR..., BE0477472701), checked for its country."""
    value = optional_text(text, 40)
    if value is None:
        return None
    compact = re.sub(r"[\s.\-/,]", "", value).upper()
    if len(compact) < 3 or not compact[:2].isalpha():
        raise FieldError(
            "Le numéro de TVA commence par le code du pays (exemple : FR, BE) suivi du numéro."
        )
    country_prefix = compact[:2].upper()
    if country_prefix.lower() not in eu_vat.MEMBER_STATES and country_prefix != "EL":
        raise FieldError(
            f"« {country_prefix} » n'est pas un pays de l'Union européenne : "
            "numéro de TVA intracommunautaire impossible."
        )
    try:
        return eu_vat.validate(compact)
    except stdnum_errors.InvalidLength:
        raise FieldError(
            f"Ce numéro de TVA n'a pas la longueur attendue pour le pays {country_prefix}."
        ) from None
    except stdnum_errors.InvalidChecksum:
        raise FieldError(
            f"Ce numéro de TVA ({country_prefix}) est invalide : "
            "la clé de contrôle ne correspond pas."
        ) from None
    except stdnum_errors.ValidationError:
        raise FieldError(
            f"Ce numéro de TVA ne respecte pas le format du pays {country_prefix}."
        ) from None


# --- Dates, durations, amounts -------------------------------------------------------


# French forms, as the date pickers write them (« 03/12/2026 », « 03/12/2026 14:30 »);
# a day or month of one digit, « 14h30 » and « . » or « - » between the numbers pass too.
FRENCH_DATE = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})")
FRENCH_TIME = re.compile(r"(\d{1,2})\s*[:hH]\s*(\d{2})")
# The ISO forms stored before (and used by imports and tests): 2026-12-03, 2026-12-03T14:30.
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
ISO_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2})?")
DATE_EXAMPLE = "jj/mm/aaaa (exemple : 01/12/2026)"
DATETIME_EXAMPLE = "jj/mm/aaaa hh:mm (exemple : 01/12/2026 14:30)"


def _french_date(day: str, month: str, year: str) -> date:
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        raise FieldError(
            f"Le {int(day):02d}/{int(month):02d}/{year} n'existe pas dans le calendrier."
        ) from None


def _in_range(value: date) -> None:
    if not 2000 <= value.year <= 2100:
        raise FieldError("Année hors de la plage acceptée (2000 à 2100).")


def parse_local_datetime(text: object) -> datetime:
    """A date and time typed in Paris time (« 01/12/2026 14:30 », 24 h), to UTC."""
    raw = " ".join(clean_text(text).split())
    if not raw:
        raise FieldError("La date et l'heure sont obligatoires.")
    if ISO_DATETIME.fullmatch(raw):
        try:
            local = datetime.fromisoformat(raw)
        except ValueError:
            raise FieldError(f"Date et heure invalides : écrivez {DATETIME_EXAMPLE}.") from None
    else:
        day_part, _, time_part = raw.partition(" ")
        day_match = FRENCH_DATE.fullmatch(day_part)
        if day_match is None:
            raise FieldError(f"Date et heure invalides : écrivez {DATETIME_EXAMPLE}.")
        if not time_part:
            raise FieldError(f"Indiquez aussi l'heure : {DATETIME_EXAMPLE}.")
        time_match = FRENCH_TIME.fullmatch(time_part)
        if time_match is None:
            raise FieldError(f"Heure invalide : écrivez {DATETIME_EXAMPLE}.")
        day = _french_date(*day_match.groups())
        hour, minute = (int(n) for n in time_match.groups())
        if hour > 23 or minute > 59:
            raise FieldError(f"L'heure {hour:02d}:{minute:02d} n'existe pas (de 00:00 à 23:59).")
        local = datetime(day.year, day.month, day.day, hour, minute)
    _in_range(local.date())
    return local.replace(tzinfo=LOCAL_ZONE).astimezone(UTC)


def parse_date(text: object, *, required: bool, label: str = "La date") -> date | None:
    """A date typed « 01/12/2026 » (or ISO « 2026-12-01 »)."""
    raw = clean_text(text)
    if not raw:
        if required:
            raise FieldError(f"{label} est obligatoire.")
        return None
    if ISO_DATE.fullmatch(raw):
        try:
            value = date.fromisoformat(raw)
        except ValueError:
            raise FieldError(f"Date invalide : écrivez {DATE_EXAMPLE}.") from None
    elif match := FRENCH_DATE.fullmatch(raw):
        value = _french_date(*match.groups())
    else:
        raise FieldError(f"Date invalide : écrivez {DATE_EXAMPLE}.")
    _in_range(value)
    return value


def parse_duration(text: object) -> int:
    """Minutes from "01:30", "1h30", "90"."""
    raw = str(text or "").strip().lower().replace("h", ":")
    try:
        if ":" in raw:
            hours, _, minutes = raw.partition(":")
            total = int(hours or 0) * 60 + int(minutes or 0)
        else:
            total = int(raw)
    except ValueError:
        raise FieldError("Durée invalide (exemple : 01:30).") from None
    if not 5 <= total <= 24 * 60:
        raise FieldError("La durée doit être comprise entre 00:05 et 24:00.")
    return total


def parse_amount(text: object) -> int:
    """French amount ("1 234,50", "1234.5 €") to cents."""
    raw = re.sub(r"[\s\u00a0\u202f€]", "", str(text or ""))
    if not raw:
        return 0
    try:
        value = parse_decimal(raw.replace(".", ","), locale="fr_FR", strict=False)
    except (NumberFormatError, ArithmeticError):
        raise FieldError("Montant invalide (exemple : 1 250,00).") from None
    if not Decimal(value).is_finite():
        raise FieldError("Montant invalide (exemple : 1 250,00).")
    if value < 0:
        raise FieldError("Le montant ne peut pas être négatif.")
    if value > Decimal(MAX_AMOUNT_CENTS) / 100:
        raise FieldError("Montant trop élevé.")
    return int((Decimal(value) * 100).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def parse_number(
    text: object, *, label: str, minimum: float, maximum: float, above_minimum: bool = False
) -> float | None:
    """A decimal number typed the French way (« 24,5 »), empty as None, within
    [minimum, maximum] (]minimum, maximum] with ``above_minimum``)."""
    raw = re.sub(r"[\s\u00a0\u202f]", "", str(text or ""))
    if not raw:
        return None
    try:
        value = parse_decimal(raw.replace(".", ","), locale="fr_FR", strict=False)
    except (NumberFormatError, ArithmeticError):
        raise FieldError(f"{label} : un nombre est attendu (exemple : 24,5).") from None
    if not Decimal(value).is_finite():
        raise FieldError(f"{label} : un nombre est attendu (exemple : 24,5).")
    number = float(value)
    too_low = number <= minimum if above_minimum else number < minimum
    if too_low or number > maximum:
        low = "plus de" if above_minimum else "au moins"
        bounds = f"{low} {format_decimal(minimum, locale='fr_FR')} et au plus " + format_decimal(
            maximum, locale="fr_FR"
        )
        raise FieldError(f"{label} : valeur attendue {bounds}.")
    return number
