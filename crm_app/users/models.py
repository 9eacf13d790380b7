"""Users of the application (the seed's "utilisateur") and their login sessions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import ClassVar

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from crm_app.core.clock import utcnow
from crm_app.core.schema import SavedRow


@dataclass(frozen=True)
class Actor:
    """Who is acting, as a page knows them: the logged-in user's id and role
    (checked by the login guards). Rules that depend on the user take an
    Actor or a User alike (both have ``id`` and ``role``)."""

    id: int | None
    role: str


# Commands, imports and tests that act for the business as a whole.
SYSTEM_ACTOR = Actor(id=None, role="admin")


class UserRole(StrEnum):
    ADMIN = "admin"
    OFFICE = "office"
    TECHNICIAN = "technician"


USER_ROLE_LABELS = {
    UserRole.ADMIN: "Administrateur",
    UserRole.OFFICE: "Bureau",
    UserRole.TECHNICIAN: "Technicien",
}


class User(SavedRow, SQLModel, table=True):
    __tablename__: ClassVar[str] = "app_user"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=120)
    login: str = Field(max_length=80, sa_column_kwargs={"unique": True}, index=True)
    password_hash: str = Field(max_length=255)
    role: str = Field(default=UserRole.OFFICE.value, max_length=20, sa_type=sa.String(20))
    active: bool = Field(default=True)
    created_at: datetime = Field(default_factory=utcnow)
    last_login_at: datetime | None = None
    # Where a technician's day starts and ends (home or depot), geocoded for
    # the route of « Ma journée ».
    start_address: str | None = Field(default=None, max_length=300)
    start_latitude: float | None = None
    start_longitude: float | None = None
    # The private calendar feed (ICS): only a hash of its token is kept.
    calendar_token_hash: str | None = Field(default=None, max_length=64, unique=True, index=True)


class UserSession(SQLModel, table=True):
    """A browser login. Only a hash of the token is stored: a stolen database
    does not hand out live sessions."""

    __tablename__: ClassVar[str] = "user_session"

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, sa_column_kwargs={"unique": True}, index=True)
    user_id: int = Field(foreign_key="app_user.id", index=True, ondelete="CASCADE")
    created_at: datetime = Field(default_factory=utcnow)
    last_seen_at: datetime = Field(default_factory=utcnow)


class LoginAttempt(SQLModel, table=True):
    """One try at logging in, kept a while to slow down password guessing."""

    __tablename__: ClassVar[str] = "login_attempt"
    __table_args__ = (sa.Index("ix_login_attempt_login_at", "login", "attempted_at"),)

    id: int | None = Field(default=None, primary_key=True)
    login: str = Field(max_length=80)
    client_address: str = Field(default="", max_length=64, index=True)
    succeeded: bool = Field(default=False)
    attempted_at: datetime = Field(default_factory=utcnow)
