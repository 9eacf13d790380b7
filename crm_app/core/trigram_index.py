"""The mechanics shared by the trigram indexes (contacts, Planning labels):
their DDL, their upkeep, and how a query reaches them.

Each index is a normalised ``search_text`` column of a table with:
- SQLite: an FTS5 table with the trigram tokenizer whose content is that
  table itself; triggers keep it in step with every write;
- PostgreSQL: a pg_trgm GIN index, which serves ``LIKE '%term%'`` directly.
(The migrations write their own copy of this SQL, frozen as it was.)
"""

from __future__ import annotations

import re

import sqlalchemy as sa
from sqlalchemy.sql.elements import ColumnElement

MIN_TERM_LENGTH = 3
_INDEXABLE = re.compile(rf"[^\W_]{{{MIN_TERM_LENGTH}}}")


def sqlite_ddl(table: str, fts_table: str) -> tuple[str, ...]:
    """The FTS5 table over ``table.search_text``, its triggers, and the
    indexing of what the table already holds (a no-op when it is empty)."""
    return (
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {fts_table} USING fts5("
        f"search_text, content='{table}', content_rowid='id', tokenize='trigram')",
        f"CREATE TRIGGER IF NOT EXISTS {fts_table}_insert AFTER INSERT ON {table} BEGIN "
        f"INSERT INTO {fts_table}(rowid, search_text) VALUES (new.id, new.search_text); END",
        f"CREATE TRIGGER IF NOT EXISTS {fts_table}_delete AFTER DELETE ON {table} BEGIN "
        f"INSERT INTO {fts_table}({fts_table}, rowid, search_text) "
        "VALUES ('delete', old.id, old.search_text); END",
        f"CREATE TRIGGER IF NOT EXISTS {fts_table}_update AFTER UPDATE OF search_text "
        f"ON {table} BEGIN INSERT INTO {fts_table}({fts_table}, rowid, search_text) "
        "VALUES ('delete', old.id, old.search_text); "
        f"INSERT INTO {fts_table}(rowid, search_text) VALUES (new.id, new.search_text); END",
        f"INSERT INTO {fts_table}({fts_table}) VALUES ('rebuild')",
    )


def postgresql_ddl(table: str, pg_index: str) -> tuple[str, ...]:
    return (
        "CREATE EXTENSION IF NOT EXISTS pg_trgm",
        f"CREATE INDEX IF NOT EXISTS {pg_index} ON {table} USING gin (search_text gin_trgm_ops)",
    )


def optimize(connection: sa.Connection, fts_table: str, pg_index: str) -> None:
    """After a bulk load, or now and then: on SQLite, merge the FTS index's
    segments into one (a search reads every segment: measured up to twice
    as fast after the synthetic load); on PostgreSQL, move the GIN index's
    pending entries into it."""
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql(f"INSERT INTO {fts_table}({fts_table}) VALUES ('optimize')")
    elif connection.dialect.name == "postgresql":
        connection.exec_driver_sql(f"SELECT gin_clean_pending_list('{pg_index}'::regclass)")


def is_indexable(term: str) -> bool:
    """Whether the index can find ``term``: it holds MIN_TERM_LENGTH letters or
    digits in a row. (pg_trgm makes its trigrams from letters and digits only:
    for "+33" or "---" it would read the whole table.) Other terms only
    narrow what indexable ones found."""
    return _INDEXABLE.search(term) is not None


def like_pattern(term: str) -> str:
    """``%term%`` with LIKE's wildcards in the term taken literally (escape '/')."""
    escaped = term.replace("/", "//").replace("%", "/%").replace("_", "/_")
    return f"%{escaped}%"


def fts_table(name: str) -> sa.TableClause:
    return sa.table(name, sa.column("rowid"))


def fts_match(name: str, terms: list[str]) -> ColumnElement[bool]:
    """SQLite: the FTS table ``name`` holds every indexable term, each as a
    phrase (quotes doubled: user text is never FTS syntax)."""
    phrases = " AND ".join('"' + t.replace('"', '""') + '"' for t in terms if is_indexable(t))
    return sa.literal_column(name).op("MATCH")(phrases)
