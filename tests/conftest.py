"""Shared fixtures: a real SQLite database file per test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import reflex as rx
from sqlmodel import Session, SQLModel

import crm_app.models  # noqa: F401  (every table)
from crm_app import db
from crm_app.users.models import UserRole
from crm_app.users.service import create_user


@pytest.fixture
def db_url(tmp_path) -> str:
    url = f"sqlite:///{tmp_path / 'test.db'}"
    SQLModel.metadata.create_all(db.get_engine(url))
    return url


@pytest.fixture
def session(db_url) -> Iterator[Session]:
    with Session(db.get_engine(db_url), expire_on_commit=False) as session:
        yield session


@pytest.fixture
def office_user(session):
    user = create_user(
        session, name="Jean Jean", login="jean", password="motdepasse-solide", role=UserRole.OFFICE
    )
    session.commit()
    return user


@pytest.fixture
def app_db(db_url, monkeypatch):
    """Point the app's session factory at the test database."""
    from crm_app import db

    monkeypatch.setattr(db, "database_url", lambda: db_url)
    return db_url


@pytest.fixture
def root(app_db):
    return rx.State(_reflex_internal_init=True)
