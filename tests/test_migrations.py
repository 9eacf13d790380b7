"""The committed alembic migrations build exactly the schema the models declare."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.pool import NullPool
from sqlmodel import SQLModel

import crm_app.models  # noqa: F401
from crm_app.contacts import search, search_index, service
from crm_app.contacts.commercial_forms import ContactPageForm
from crm_app.contacts.forms import ContactForm
from crm_app.core import trigram_index
from crm_app.core.forms import parse_form
from crm_app.db import session_scope
from crm_app.interventions.models import Intervention
from crm_app.interventions.search_index import search_text_for
from crm_app.interventions.service import search_interventions
from tests import databases

PROJECT_DIR = Path(__file__).resolve().parents[1]


def test_migrations_match_the_models(tmp_path):
    # On PostgreSQL, in a schema of its own, rebuilt empty.
    url = (
        databases.reset_pg_schema("migrations")
        if databases.on_postgresql()
        else f"sqlite:///{tmp_path / 'migrated.db'}"
    )
    env = dict(
        os.environ,
        REFLEX_DB_URL=url,
        REFLEX_TELEMETRY_ENABLED="false",
        REFLEX_CHECK_LATEST_VERSION="false",
    )
    reflex = str(Path(sys.executable).parent / "reflex")
    subprocess.run(
        [reflex, "db", "migrate"], cwd=PROJECT_DIR, env=env, check=True, capture_output=True
    )
    engine = sqlalchemy.create_engine(url, poolclass=NullPool)
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection,
            # The search index is raw DDL (an FTS5 table and its shadow tables).
            opts={"include_name": lambda name, *_: not trigram_index.is_index_object(name)},
        )
        assert context.get_current_revision() is not None
        differences = compare_metadata(context, SQLModel.metadata)
        # The objects the models don't declare are there, as create_all makes them.
        indexes = {i["name"] for i in sqlalchemy.inspect(connection).get_indexes("contact")}
    assert differences == []
    if url.startswith("sqlite"):
        assert search_index.WALK_INDEX in indexes
    else:
        assert {search_index.PG_INDEX, search_index.WALK_INDEX} <= indexes
        assert search_index.WALK_LONG_INDEX in indexes
    _assert_search_index_follows_writes(url)
    _assert_planning_index_follows_writes(url)
    # Running it again is harmless.
    subprocess.run(
        [reflex, "db", "migrate"], cwd=PROJECT_DIR, env=env, check=True, capture_output=True
    )


def _assert_search_index_follows_writes(url: str) -> None:
    """The migrated index sees inserts, updates and deletes (its triggers)."""
    with session_scope(url) as session:
        contact = service.create_contact(
            session,
            parse_form(ContactForm, {"name": "Ramonage Kerouédan", "city": "Quimper"}),
            created_by_id=None,
        )
        session.commit()
        assert [c.id for c in search.search_contacts(session, "kerouedan").rows] == [contact.id]
        service.update_contact(
            session,
            contact.id,
            parse_form(ContactPageForm, {"name": "Ramonage Le Goff"}),
            expected_version=contact.version,
        )
        session.commit()
        assert search.search_contacts(session, "kerouedan").rows == []
        assert [c.id for c in search.search_contacts(session, "le goff").rows] == [contact.id]


def _assert_planning_index_follows_writes(url: str) -> None:
    """The migrated Planning index sees new labels and label changes."""
    with session_scope(url) as session:
        customer = service.create_contact(
            session, parse_form(ContactForm, {"name": "Ferme Tanguy"}), created_by_id=None
        )
        session.flush()
        label = "Entretien chaudière"
        intervention = Intervention(
            customer_id=customer.id,
            address_id=customer.id,
            start_at=datetime(2026, 3, 2, 9, 0, tzinfo=UTC),
            label=label,
            search_text=search_text_for(label),
        )
        session.add(intervention)
        session.commit()
        found = search_interventions(session, "chaudiere tanguy")
        assert [line.id for line in found.lines] == [intervention.id]
        intervention.label = "Ramonage"
        intervention.search_text = search_text_for(intervention.label)
        session.add(intervention)
        session.commit()
        assert search_interventions(session, "chaudiere").lines == []
        assert [line.id for line in search_interventions(session, "ramonage").lines] == [
            intervention.id
        ]
