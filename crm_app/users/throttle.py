"""Login throttling: after too many failed passwords for a login from one
client address (or from one address overall), logins wait a while."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, func
from sqlmodel import Session, col, select

from crm_app.core.clock import as_utc, utcnow
from crm_app.core.validators import clean_text
from crm_app.users.models import LoginAttempt
from crm_app.users.service import normalize_login

WINDOW = timedelta(minutes=15)
MAX_FAILURES_PER_LOGIN = 5  # for one login from one address
MAX_FAILURES_PER_ADDRESS = 20  # all logins from one address (password spraying)
KEEP_ATTEMPTS = timedelta(days=30)


def _failures(session: Session, since: datetime, **where) -> tuple[int, datetime | None]:
    query = select(func.count(), func.max(LoginAttempt.attempted_at)).where(
        LoginAttempt.succeeded == False,  # noqa: E712
        LoginAttempt.attempted_at >= since,
    )
    for field, value in where.items():
        query = query.where(getattr(LoginAttempt, field) == value)
    count, last = session.exec(query).one()
    return count, last


def minutes_to_wait(session: Session, login: str, client_address: str) -> int:
    """0 if this login may be tried now, else how many minutes to wait."""
    now = utcnow()
    since = now - WINDOW
    # Looked up exactly as record_attempt stores them.
    login = normalize_login(login)[:80]
    client_address = clean_text(client_address)[:64]
    # Failures before the last success for this login do not count.
    last_success = session.exec(
        select(func.max(LoginAttempt.attempted_at)).where(
            LoginAttempt.login == login,
            LoginAttempt.client_address == client_address,
            LoginAttempt.succeeded == True,  # noqa: E712
        )
    ).one()
    if last_success is not None and as_utc(last_success) > since:
        since = as_utc(last_success)
    per_login, last_a = _failures(session, since, login=login, client_address=client_address)
    per_address, last_b = _failures(session, now - WINDOW, client_address=client_address)
    blocked_since = None
    if per_login >= MAX_FAILURES_PER_LOGIN:
        blocked_since = last_a
    if per_address >= MAX_FAILURES_PER_ADDRESS:
        blocked_since = max(filter(None, (blocked_since, last_b)), key=as_utc)
    if blocked_since is None:
        return 0
    remaining = as_utc(blocked_since) + WINDOW - now
    return max(1, int(remaining.total_seconds() // 60) + 1)


def record_attempt(session: Session, login: str, client_address: str, succeeded: bool) -> None:
    session.add(
        LoginAttempt(
            login=normalize_login(login)[:80],
            client_address=clean_text(client_address)[:64],
            succeeded=succeeded,
        )
    )
    session.exec(
        delete(LoginAttempt).where(col(LoginAttempt.attempted_at) < utcnow() - KEEP_ATTEMPTS)
    )
    session.flush()
