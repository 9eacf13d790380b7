"""Time helpers: everything is stored in UTC and shown in Paris time."""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

# Dates and times are typed and shown in French local time; stored in UTC.
LOCAL_ZONE = ZoneInfo("Europe/Paris")


def utcnow() -> datetime:
    return datetime.now(UTC)


def as_utc(value: datetime) -> datetime:
    """SQLite hands datetimes back without their zone: they were stored in UTC."""
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def to_local(value: datetime) -> datetime:
    """A stored (UTC) datetime in Paris time."""
    return as_utc(value).astimezone(LOCAL_ZONE)


def add_months(day: date, months: int) -> date:
    """``day`` plus ``months`` (minus, when negative), on the month's last day
    when it is shorter (31 January + 1 month: 28 February)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def local_today() -> date:
    """Today in Paris (where the business's days begin and end)."""
    return datetime.now(LOCAL_ZONE).date()


def local_midnight(day: date) -> datetime:
    """The start of a Paris day, as the UTC instant stored values compare with."""
    return as_utc(datetime.combine(day, time(0), tzinfo=LOCAL_ZONE))


def local_days(first: date, last: date) -> tuple[datetime, datetime]:
    """From the start of ``first`` to the start of ``last`` (excluded), in UTC."""
    return local_midnight(first), local_midnight(last)


def minute_of_day(value: datetime) -> int:
    """A stored datetime's Paris time of day, in minutes since midnight."""
    local = to_local(value)
    return local.hour * 60 + local.minute


def at_local_minute(day: date, minute: int) -> datetime:
    """The UTC instant of a Paris wall-clock time on ``day`` (minutes since midnight)."""
    return as_utc(datetime.combine(day, time(minute // 60 % 24, minute % 60), tzinfo=LOCAL_ZONE))
