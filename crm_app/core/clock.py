"""Time helpers: everything is stored in UTC and shown in Paris time."""

from __future__ import annotations

from datetime import UTC, date, datetime
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


def local_today() -> date:
    """Today in Paris (where the business's days begin and end)."""
    return datetime.now(LOCAL_ZONE).date()
