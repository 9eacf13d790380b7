"""French formatting of what the app shows: dates, datetimes, amounts, numbers,
phones, durations. Through babel only, whatever the server's locale."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal

import phonenumbers
from babel.dates import format_date, format_datetime, format_time, get_month_names
from babel.numbers import format_currency, format_decimal

from crm_app.core.clock import LOCAL_ZONE, to_local

LOCALE = "fr_FR"


def date_label(value: date | None) -> str:
    """01/12/2026."""
    return format_date(value, "dd/MM/y", locale=LOCALE) if value else ""


def long_date_label(value: date | None) -> str:
    """1 décembre 2026."""
    return format_date(value, "d MMMM y", locale=LOCALE) if value else ""


def weekday_date_label(value: date | None) -> str:
    """mardi 8 décembre 2026."""
    return format_date(value, "EEEE d MMMM y", locale=LOCALE) if value else ""


def minute_label(minute: int) -> str:
    """A time of day given in minutes since midnight: 8 h 35 → « 08:35 »."""
    return f"{minute // 60 % 24:02d}:{minute % 60:02d}"


def datetime_label(value: datetime | None) -> str:
    """28/12/2023 16:30, in Paris time (stored values are UTC)."""
    if value is None:
        return ""
    return format_datetime(to_local(value), "dd/MM/y HH:mm", tzinfo=LOCAL_ZONE, locale=LOCALE)


def local_date_label(value: datetime | None) -> str:
    """The Paris-time day of a stored datetime: 28/12/2023."""
    return date_label(to_local(value).date()) if value else ""


def time_label(value: datetime | None) -> str:
    """16:30 in Paris time."""
    if value is None:
        return ""
    return format_time(to_local(value), "HH:mm", tzinfo=LOCAL_ZONE, locale=LOCALE)


def datetime_input(value: datetime | None) -> str:
    """The text of a date-time picker for a stored (UTC) datetime: « 01/12/2026 14:30 »,
    Paris time, 24 h (what ``validators.parse_local_datetime`` reads back)."""
    return datetime_label(value)


def date_input(value: date | None) -> str:
    """The text of a date picker: « 01/12/2026 » (what ``validators.parse_date`` reads back)."""
    return date_label(value)


def month_name(month: int) -> str:
    """octobre (1 = janvier)."""
    return get_month_names("wide", locale=LOCALE)[month]


def month_label(day: date) -> str:
    """octobre 2026."""
    return format_date(day, "MMMM y", locale=LOCALE)


def amount_label(cents: int) -> str:
    """1 250,50 €."""
    return format_currency(Decimal(cents) / 100, "EUR", locale=LOCALE)


def amount_input(cents: int) -> str:
    """The amount as typed in a form: "1250,50"."""
    return f"{cents // 100},{cents % 100:02d}"


def number_label(value: int | float | Decimal) -> str:
    """1 234 (narrow no-break space as thousands separator)."""
    return format_decimal(value, locale=LOCALE)


def decimal_label(value: float | Decimal, digits: int = 2) -> str:
    """0,87 (always ``digits`` decimals)."""
    return format_decimal(value, format="#,##0." + "0" * digits, locale=LOCALE)


def duration_label(minutes: int) -> str:
    """01:30."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


# A French number in E.164 (+33 and nine digits, not a special 08 one): its
# national form is a 0 and the digits in pairs, as phonenumbers writes it, without parsing it
# (exports format hundreds of thousands of them).
_FRENCH_E164 = re.compile(r"\+33([1-79])(\d\d)(\d\d)(\d\d)(\d\d)")


def phone_label(e164: str | None) -> str:
    """French national format for French numbers, international for others."""
    if not e164:
        return ""
    french = _FRENCH_E164.fullmatch(e164)
    if french:
        return "0" + " ".join(french.groups())
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    if number.country_code == 33:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
