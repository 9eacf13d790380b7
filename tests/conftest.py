"""Shared fixtures: a real database per test.

A fresh SQLite file per test by default; with ``CRM_TEST_DATABASE=postgresql``
the ``crm_unit`` schema of the PostgreSQL test database, created once per session
and emptied before each test (see ``tests/databases.py``).

The app module is imported first, so that every State class exists before a
test builds a state tree (a handler may ask for another page's state).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
import reflex as rx
from sqlmodel import Session, SQLModel

import crm_app.crm_app  # noqa: F401  (every table and every State class, as in the app)
from crm_app import db
from crm_app.contacts import search_estimate
from crm_app.users.models import UserRole
from crm_app.users.service import create_user
from tests import databases


@pytest.fixture(scope="session")
def _pg_unit_url() -> str | None:
    """On PostgreSQL: the ``crm_unit`` schema, rebuilt once for the session."""
    if not databases.on_postgresql():
        return None
    url = databases.reset_pg_schema("unit")
    SQLModel.metadata.create_all(db.get_engine(url))
    return url


@pytest.fixture
def fresh_db(tmp_path, _pg_unit_url) -> Callable[[], str]:
    """Returns the URL of an empty database with every table, on each call."""
    count = 0

    def make() -> str:
        nonlocal count
        search_estimate.forget_samples()  # taken from the previous test's contacts
        if _pg_unit_url is not None:
            databases.truncate_all(_pg_unit_url, SQLModel.metadata)
            return _pg_unit_url
        count += 1
        name = "test.db" if count == 1 else f"test{count}.db"
        url = f"sqlite:///{tmp_path / name}"
        SQLModel.metadata.create_all(db.get_engine(url))
        return url

    return make


@pytest.fixture
def db_url(fresh_db) -> str:
    return fresh_db()


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
