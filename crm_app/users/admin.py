"""User administration: list, create, change role, deactivate, reset password.
Plain functions; the caller commits."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, or_
from sqlmodel import Session, col, delete, select

from crm_app.core.validators import clean_text
from crm_app.users import service
from crm_app.users.forms import RoleForm
from crm_app.users.models import User, UserRole, UserSession
from crm_app.users.service import UserError, generate_password, set_password

PAGE_SIZE = 25


@dataclass
class UserPage:
    rows: list[User]
    total: int
    page: int
    page_count: int


def list_users(
    session: Session, text: str = "", *, page: int = 1, include_inactive: bool = True
) -> UserPage:
    query = select(User)
    if not include_inactive:
        query = query.where(User.active == True)  # noqa: E712
    for term in clean_text(text).lower().split()[:5]:
        query = query.where(
            or_(
                func.lower(User.name).contains(term, autoescape=True),
                func.lower(User.login).contains(term, autoescape=True),
            )
        )
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    page_count = max(1, -(-total // PAGE_SIZE))
    page = min(max(1, page), page_count)
    rows = session.exec(
        query.order_by(col(User.active).desc(), func.lower(User.name))
        .offset((page - 1) * PAGE_SIZE)
        .limit(PAGE_SIZE)
    ).all()
    return UserPage(list(rows), total, page, page_count)


def _user(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise UserError("Cet utilisateur n'existe plus.")
    return user


def _other_active_admins(session: Session, user_id: int) -> int:
    return session.exec(
        select(func.count())
        .select_from(User)
        .where(
            User.role == UserRole.ADMIN.value,
            col(User.active).is_(True),
            User.id != user_id,
        )
    ).one()


def change_role(session: Session, user_id: int, form: RoleForm) -> User:
    new_role = UserRole(form.role)
    user = _user(session, user_id)
    if user.role == UserRole.ADMIN.value and new_role is not UserRole.ADMIN:
        if not _other_active_admins(session, user.saved_id):
            raise UserError("Il faut garder au moins un administrateur actif.")
    user.role = new_role.value
    session.add(user)
    session.flush()
    return user


def set_active(session: Session, user_id: int, active: bool, *, acting_user_id: int) -> User:
    """Deactivating ends the user's sessions at once."""
    user = _user(session, user_id)
    if not active:
        if user.id == acting_user_id:
            raise UserError("Vous ne pouvez pas désactiver votre propre compte.")
        if user.role == UserRole.ADMIN.value and not _other_active_admins(session, user.saved_id):
            raise UserError("Il faut garder au moins un administrateur actif.")
        session.exec(delete(UserSession).where(col(UserSession.user_id) == user.id))
    user.active = active
    session.add(user)
    session.flush()
    return user


def reset_password(session: Session, user_id: int) -> str:
    """A new random password (to hand over once); the user's sessions end."""
    user = _user(session, user_id)
    password = generate_password()
    set_password(session, user, password)
    return password


def revoke_calendar(session: Session, user_id: int) -> User:
    """An administrator ends someone's calendar feed (a leaked link)."""
    user = _user(session, user_id)
    service.revoke_calendar_token(session, user)
    return user
