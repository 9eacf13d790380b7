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
from collections.abc import Callable
from dataclasses import dataclass

import sqlalchemy as sa
from alembic.runtime.environment import EnvironmentContext
from sqlalchemy import event
from sqlalchemy.sql.elements import ColumnElement

MIN_TERM_LENGTH = 3
# How many trigrams of each word look candidates up (see fts_candidates).
CANDIDATE_TRIGRAMS = 2
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
    # In public, whatever schema the URL's search_path names first: an
    # extension lives in one schema per database, and every app schema
    # (test, bench, e2e) searches public after its own.
    return (
        "CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public",
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
    phrases = " AND ".join(_fts_string(t) for t in terms if is_indexable(t))
    return sa.literal_column(name).op("MATCH")(phrases)


def trigrams(term: str) -> list[str]:
    """The overlapping three-character pieces of ``term``, as the index holds them."""
    return [term[i : i + MIN_TERM_LENGTH] for i in range(len(term) - MIN_TERM_LENGTH + 1)]


def fts_candidates(
    name: str, terms: list[str], frequency: Callable[[str], int]
) -> ColumnElement[bool]:
    """SQLite: the rows of the FTS table ``name`` holding, for every indexable
    term, its CANDIDATE_TRIGRAMS rarest trigrams by ``frequency``, in any
    order: all the rows ``fts_match`` finds and maybe a few more, which a LIKE
    check must remove. For several words, two to three times as fast as
    their phrases: FTS5 reads short lists and compares no positions
    (« quemener brest »: 1.0 against 4.1 ms for its 899 rows)."""
    grams: dict[str, None] = {}
    for term in filter(is_indexable, terms):
        rarest = sorted(set(trigrams(term)), key=frequency)[:CANDIDATE_TRIGRAMS]
        grams.update(dict.fromkeys(rarest))
    return sa.literal_column(name).op("MATCH")(" AND ".join(map(_fts_string, grams)))


def _fts_string(text: str) -> str:
    """``text`` as an FTS5 string (quotes doubled: user text is never FTS syntax)."""
    return '"' + text.replace('"', '""') + '"'


# --- The indexes of the app ---------------------------------------------------------
# Each search index (contacts, Planning) registers itself when its module is
# imported: its table's after-create hook installs it, the maintenance command
# tidies it, and migration comparisons ignore the schema objects it owns.


@dataclass(frozen=True)
class RegisteredIndex:
    table: sa.Table
    install: Callable[[sa.Connection], None]
    optimize: Callable[[sa.Connection], None]
    object_names: tuple[str, ...]  # exact names (PostgreSQL GIN index, walk index)
    object_prefixes: tuple[str, ...]  # the FTS5 table and its shadow tables


_INDEXES: dict[str, RegisteredIndex] = {}


def register_index(index: RegisteredIndex) -> None:
    """Created with its table (the tests' ``create_all``) and by its migration."""
    if index.table.name not in _INDEXES:
        event.listen(
            index.table, "after_create", lambda _table, connection, **_kw: index.install(connection)
        )
    _INDEXES[index.table.name] = index


def optimize_all(connection: sa.Connection) -> None:
    for index in _INDEXES.values():
        index.optimize(connection)


def is_index_object(name: str | None) -> bool:
    """Schema objects an index owns, which no model declares."""
    return bool(name) and any(
        name in index.object_names or name.startswith(index.object_prefixes)
        for index in _INDEXES.values()
    )


def hide_from_autogenerate() -> None:
    """Keep alembic's autogenerate (``reflex db makemigrations`` and Reflex's
    schema check at start-up) from proposing to drop the indexes, which no
    model declares. Reflex configures alembic itself, with no hook for this,
    so the filter is added to every alembic environment that sets none."""
    configure = EnvironmentContext.configure
    if getattr(configure, "_hides_search_index", False):
        return

    def configure_without_search_index(self, *args, **kwargs):
        kwargs.setdefault("include_name", lambda name, *_: not is_index_object(name))
        return configure(self, *args, **kwargs)

    configure_without_search_index._hides_search_index = True  # type: ignore[attr-defined]
    EnvironmentContext.configure = configure_without_search_index
