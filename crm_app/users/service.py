"""Users, passwords (argon2 via pwdlib) and browser sessions."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Mapping, Sequence
from datetime import timedelta

from pwdlib import PasswordHash
from sqlmodel import Session, col, delete, func, or_, select

from crm_app.core.clock import utcnow
from crm_app.core.errors import FieldError, FormError
from crm_app.core.forms import parse_form
from crm_app.core.validators import clean_text
from crm_app.users.forms import NewUserForm, normalize_login
from crm_app.users.models import User, UserRole, UserSession
from crm_app.users.passwords import MIN_PASSWORD_LENGTH, password_strength

_password_hash = PasswordHash.recommended()  # argon2id

# A session dies after this much inactivity.
SESSION_IDLE_TIMEOUT = timedelta(hours=12)
__all__ = ["MIN_PASSWORD_LENGTH", "normalize_login"]


class UserError(ValueError):
    """A user-facing error, message in French."""


def hash_password(password: str) -> str:
    return _password_hash.hash(password)


def check_password_strength(password: str, *, login: str = "", name: str = "") -> None:
    """At least 10 characters mixing two kinds (letters, digits, others), not a
    well-known password and not the login or the name; UserError otherwise."""
    try:
        password_strength(password, login=login, name=name)
    except FieldError as error:
        raise UserError(str(error)) from None


def generate_password() -> str:
    """A random password that passes check_password_strength."""
    while True:
        candidate = secrets.token_urlsafe(12)
        try:
            check_password_strength(candidate)
            return candidate
        except UserError:
            continue


def add_user(
    session: Session, form: NewUserForm, *, form_errors: Mapping[str, str] | None = None
) -> User:
    """Create the user of a NewUserForm; FormError naming every wrong field.

    ``form_errors`` are the errors of the fields the typed form could not take
    (``parse_valid_fields``): a right login is checked for use all the same.
    """
    errors = dict(form_errors or {})
    if "login" not in errors and form.login:
        if session.exec(select(User).where(col(User.login) == form.login)).first():
            errors["login"] = f"L'identifiant « {form.login} » est déjà utilisé."
    if errors:
        raise FormError(errors)
    user = User(
        name=form.name, login=form.login, password_hash=hash_password(form.password), role=form.role
    )
    session.add(user)
    session.flush()
    return user


def create_user(
    session: Session,
    *,
    name: str,
    login: str,
    password: str,
    role: UserRole = UserRole.OFFICE,
) -> User:
    """Create a user from code (first administrator, demo data, scripts): the
    same rules as the form; UserError with the first problem's message."""
    try:
        form = parse_form(
            NewUserForm, {"name": name, "login": login, "password": password, "role": role.value}
        )
        return add_user(session, form)
    except FormError as error:
        raise UserError(next(iter(error.errors.values()))) from None


def set_password(session: Session, user: User, password: str) -> None:
    """Change a password and end every session of that user."""
    check_password_strength(password, login=user.login, name=user.name)
    user.password_hash = hash_password(password)
    session.add(user)
    session.exec(delete(UserSession).where(col(UserSession.user_id) == user.id))
    session.flush()


def change_own_password(
    session: Session,
    user_id: int,
    *,
    current_token: str,
    old_password: str,
    new_password: str,
    confirmation: str,
) -> None:
    """A user changes his own password (« Mon compte »): the current one must
    be right, the new one strong and typed twice the same. Every other session
    of the user ends; the one making the change stays open. FormError naming
    every wrong field (old_password, new_password, confirmation)."""
    user = session.get(User, user_id)
    if user is None or not user.active:
        raise FormError({"old_password": "Compte introuvable ou désactivé."})
    errors: dict[str, str] = {}
    if not _password_hash.verify(old_password, user.password_hash):
        errors["old_password"] = "Mot de passe actuel incorrect."
    try:
        check_password_strength(new_password, login=user.login, name=user.name)
    except UserError as error:
        errors["new_password"] = str(error)
    if "new_password" not in errors and new_password == old_password:
        errors["new_password"] = "Le nouveau mot de passe doit différer de l'actuel."
    if new_password != confirmation:
        errors["confirmation"] = "Les deux saisies du nouveau mot de passe diffèrent."
    if errors:
        raise FormError(errors)
    user.password_hash = hash_password(new_password)
    session.add(user)
    session.exec(
        delete(UserSession).where(
            col(UserSession.user_id) == user.id,
            col(UserSession.token_hash) != _token_hash(current_token),
        )
    )
    session.flush()


# A real hash to verify against when the login is unknown, so that response
# time does not reveal which logins exist.
_DUMMY_HASH = hash_password(secrets.token_urlsafe(16))


def authenticate(session: Session, login: str, password: str) -> User | None:
    user = session.exec(select(User).where(User.login == normalize_login(login))).first()
    if user is None or not user.active:
        _password_hash.verify(password, _DUMMY_HASH)
        return None
    valid, new_hash = _password_hash.verify_and_update(password, user.password_hash)
    if not valid:
        return None
    if new_hash:
        user.password_hash = new_hash
    user.last_login_at = utcnow()
    session.add(user)
    session.flush()
    return user


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def open_session(session: Session, user: User) -> str:
    """Create a login session; returns the token to give to the browser."""
    token = secrets.token_urlsafe(32)
    session.add(UserSession(token_hash=_token_hash(token), user_id=user.saved_id))
    session.flush()
    return token


def user_for_token(session: Session, token: str | None) -> User | None:
    """The active user behind a session token, or None (unknown, idle, inactive)."""
    if not token:
        return None
    login_session = session.exec(
        select(UserSession).where(UserSession.token_hash == _token_hash(token))
    ).first()
    if login_session is None:
        return None
    now = utcnow()
    if now - login_session.last_seen_at > SESSION_IDLE_TIMEOUT:
        session.delete(login_session)
        session.flush()
        return None
    user = session.get(User, login_session.user_id)
    if user is None or not user.active:
        return None
    # Touch at most once a minute: avoids a write on every click.
    if now - login_session.last_seen_at > timedelta(minutes=1):
        login_session.last_seen_at = now
        session.add(login_session)
        session.flush()
    return user


def close_session(session: Session, token: str | None) -> None:
    if token:
        session.exec(delete(UserSession).where(col(UserSession.token_hash) == _token_hash(token)))
        session.flush()


def ensure_admin(session: Session, *, password: str | None) -> tuple[User, str | None]:
    """Create the first administrator if no user exists yet.

    Returns the admin and the generated password (None when the admin existed
    already or the password came from the caller).
    """
    existing = session.exec(select(User).where(User.role == UserRole.ADMIN.value)).first()
    if existing is not None:
        return existing, None
    generated = None
    if not password:
        generated = password = generate_password()
    user = create_user(
        session, name="Administrateur", login="admin", password=password, role=UserRole.ADMIN
    )
    return user, generated


def search_users(session: Session, text: str = "", limit: int = 20) -> list[User]:
    query = select(User).where(User.active == True)  # noqa: E712
    term = clean_text(text).lower()
    if term:
        query = query.where(
            func.lower(User.name).contains(term, autoescape=True)
            | func.lower(User.login).contains(term, autoescape=True)
        )
    return list(session.exec(query.order_by(User.name).limit(limit)))


def active_user_choices(
    session: Session, limit: int = 200, *, keep_ids: Sequence[int] = ()
) -> list[tuple[int, str]]:
    """(id, name) of the active users, by name, with those of ``keep_ids``
    even if inactive (already chosen on a document): the technician choices."""
    query = select(User.id, User.name).where(
        or_(col(User.active).is_(True), col(User.id).in_(list(keep_ids)))
    )
    rows = session.exec(query.order_by(User.name).limit(limit)).all()
    return [(user_id, name) for user_id, name in rows if user_id is not None]


def technician_choices(session: Session) -> list[tuple[int, str]]:
    """(id, name) of the active technicians, by name."""
    rows = session.exec(
        select(User.id, User.name)
        .where(col(User.active).is_(True), User.role == UserRole.TECHNICIAN.value)
        .order_by(User.name)
    ).all()
    return [(user_id, name) for user_id, name in rows if user_id is not None]


# --- Calendar feed (ICS) token: the feed itself is planning/feeds.py -----------------

CALENDAR_FEED_PATH = "/api/calendrier"


def issue_calendar_token(session: Session, user: User) -> str:
    """A new secret for the user's calendar feed; the former one stops working.
    Only its hash is kept: the link is shown once."""
    token = secrets.token_urlsafe(32)
    user.calendar_token_hash = _token_hash(token)
    session.add(user)
    session.flush()
    return token


def revoke_calendar_token(session: Session, user: User) -> None:
    user.calendar_token_hash = None
    session.add(user)
    session.flush()


def calendar_feed_path(token: str) -> str:
    return f"{CALENDAR_FEED_PATH}/{token}.ics"


def user_for_calendar_token(session: Session, token: str) -> User | None:
    """The active user whose feed this is, or None (unknown, revoked, disabled)."""
    if not token or len(token) > 200:
        return None
    user = session.exec(
        select(User).where(User.calendar_token_hash == _token_hash(token))
    ).first()
    return user if user is not None and user.active else None
