"""Database engine and sessions, shared by the app, the scripts and the tests.

The URL comes from Reflex's configuration (``REFLEX_DB_URL`` or ``rxconfig.db_url``),
so the app, ``reflex db migrate`` and our own commands always talk to the same
database.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager

import sqlalchemy
from sqlalchemy import event
from sqlmodel import Session

from crm_app.core import trigram_index

SQLITE_MMAP_BYTES = 256 * 1024 * 1024
# How long a write waits for another one to end before it fails.
SQLITE_BUSY_TIMEOUT_MS = 15_000


@event.listens_for(sqlalchemy.engine.Engine, "connect")
def _configure_sqlite_connection(dbapi_connection, _connection_record) -> None:
    """Per SQLite connection: foreign keys (ignored unless asked), write-ahead
    log, lock wait, memory map."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        # Readers never wait for a writer, nor a writer for readers: without
        # it, a burst of logins (each writes its session) made the searches
        # wait, then failed with "database is locked" (load test, 120 users).
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        # Read the file through the OS page cache rather than copying each
        # page: a third off the searches that look matches up one by one.
        cursor.execute(f"PRAGMA mmap_size={SQLITE_MMAP_BYTES}")
        cursor.close()


_engines: dict[str, sqlalchemy.engine.Engine] = {}


def database_url() -> str:
    from reflex_base.config import get_config

    url = get_config().db_url
    if not url:
        raise RuntimeError("No database configured (REFLEX_DB_URL).")
    return url


def _connect_args(url: str) -> dict:
    if url.startswith("sqlite"):
        return {"check_same_thread": False}
    if url.startswith("postgresql+psycopg"):
        # No server-side prepared statements: after a few runs PostgreSQL would
        # plan a search once for any pattern, and a trigram search needs the
        # pattern to choose between its index and the list order.
        return {"prepare_threshold": None}
    return {}


def get_engine(url: str | None = None, *, mapped: bool = True) -> sqlalchemy.engine.Engine:
    """The engine of ``url``; ``mapped=False``: another one whose SQLite
    connections read the file without the memory map (see bulk_session_scope)."""
    url = url or database_url()
    key = url if mapped else f"unmapped:{url}"
    engine = _engines.get(key)
    if engine is None:
        engine = sqlalchemy.create_engine(url, connect_args=_connect_args(url), pool_pre_ping=True)
        if not mapped:
            event.listen(engine, "connect", _without_memory_map)
        _engines[key] = engine
    return engine


def _without_memory_map(dbapi_connection, _connection_record) -> None:
    if isinstance(dbapi_connection, sqlite3.Connection):
        dbapi_connection.execute("PRAGMA mmap_size=0")
        # No wait for the disk at each commit (the write-ahead log is synced
        # at checkpoints): a power cut may lose the last batches, never
        # leave one half-written, and the import resumes after the last
        # batch the database kept, as its progress is in the same commit.
        dbapi_connection.execute("PRAGMA synchronous=NORMAL")


def sync_id_sequences(session: Session, *models: type) -> None:
    """After rows went in with explicit ids: PostgreSQL's id sequences do not
    follow by themselves, and the next ordinary insert would reuse an id
    (SQLite takes the largest id + 1 anyway)."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for model in models:
        table = model.__table__
        next_id = sqlalchemy.func.coalesce(sqlalchemy.func.max(table.c.id), 0) + 1
        sequence = sqlalchemy.func.pg_get_serial_sequence(table.name, "id")
        session.execute(sqlalchemy.select(sqlalchemy.func.setval(sequence, next_id, False)))


@contextmanager
def session_scope(url: str | None = None, *, mapped: bool = True) -> Iterator[Session]:
    """A session for one unit of work; the caller commits, errors roll back."""
    with Session(get_engine(url, mapped=mapped), expire_on_commit=False) as session:
        try:
            yield session
        except Exception:
            session.rollback()
            raise


def bulk_session_scope(url: str | None = None) -> AbstractContextManager[Session]:
    """A session for work that goes once through much of the database (an
    import): on SQLite its connections do not map the file, whose pages would
    stay in the process's resident memory (up to SQLITE_MMAP_BYTES) for no
    gain to a single pass. Same transactions and rules as session_scope."""
    return session_scope(url, mapped=False)


def refresh_statistics(session: Session) -> None:
    """After a bulk load, or now and then (``manage maintenance``): the search
    indexes tidied, then the planner's statistics (ANALYZE), without which
    PostgreSQL plans the big tables as if they were empty."""
    connection = session.connection()
    trigram_index.optimize_all(connection)
    if connection.dialect.name == "postgresql":
        # VACUUM cannot run in a transaction. It also marks the pages
        # all-visible, so that index-only scans skip the table.
        with connection.engine.connect() as autocommit:
            autocommit.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql(
                "VACUUM (ANALYZE)"
            )
    else:
        session.execute(sqlalchemy.text("ANALYZE"))
