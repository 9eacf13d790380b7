"""The trigram index behind the Planning search, on SQLite and on PostgreSQL.

``intervention.search_text`` holds the normalised label (lower case, no
accents: « Chaudière » is found by « chaudiere »), written by the service
layer wherever a label is written (``search_text_for``). As for the contacts
(``crm_app/contacts/search_index.py``):

- SQLite: an FTS5 table with the trigram tokenizer whose content is the
  ``intervention`` table itself; triggers keep it in step with every write;
- PostgreSQL: a pg_trgm GIN index, which serves ``LIKE '%term%'`` directly.
"""

from __future__ import annotations

import sqlalchemy as sa

from crm_app.contacts.service import normalize

SEARCH_TEXT_LENGTH = 400
FTS_TABLE = "intervention_search"
PG_INDEX = "ix_intervention_search_text_trgm"

SQLITE_DDL = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
    "search_text, content='intervention', content_rowid='id', tokenize='trigram')",
    f"CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_insert AFTER INSERT ON intervention BEGIN "
    f"INSERT INTO {FTS_TABLE}(rowid, search_text) VALUES (new.id, new.search_text); END",
    f"CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_delete AFTER DELETE ON intervention BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); END",
    f"CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_update AFTER UPDATE OF search_text "
    f"ON intervention BEGIN INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); "
    f"INSERT INTO {FTS_TABLE}(rowid, search_text) VALUES (new.id, new.search_text); END",
    # Index what the table already holds (a no-op on an empty table).
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')",
)

POSTGRESQL_DDL = (
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    f"CREATE INDEX IF NOT EXISTS {PG_INDEX} ON intervention USING gin (search_text gin_trgm_ops)",
)


def search_text_for(label: str | None) -> str:
    """What the Planning search compares a label with: the one rule, used by
    every writer of a label (forms, RGPD erasure, bulk datasets)."""
    return normalize(label)[:SEARCH_TEXT_LENGTH]


def optimize(connection: sa.Connection) -> None:
    """After a bulk load, or now and then: on SQLite, merge the FTS index's
    segments into one (a search reads every segment: measured up to twice
    as fast after the synthetic load); on PostgreSQL, move the GIN index's
    pending entries into it."""
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('optimize')")
    elif connection.dialect.name == "postgresql":
        connection.exec_driver_sql(f"SELECT gin_clean_pending_list('{PG_INDEX}'::regclass)")


def install(connection: sa.Connection) -> None:
    """Create the index for this database (idempotent)."""
    ddl = {"sqlite": SQLITE_DDL, "postgresql": POSTGRESQL_DDL}.get(connection.dialect.name, ())
    for statement in ddl:
        connection.exec_driver_sql(statement)
