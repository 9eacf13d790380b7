"""Which database the suite runs on.

By default every test gets its own SQLite file. With ``CRM_TEST_DATABASE=postgresql``
the suite runs on PostgreSQL instead (database ``test``, one schema per use:
``crm_unit`` for the service and state tests, ``crm_e2e`` for the end-to-end app,
``crm_migrations`` for the migration test) and the end-to-end app keeps its
states in Redis with several backend workers.
"""

from __future__ import annotations

import os

import sqlalchemy
from sqlalchemy.pool import NullPool

PG_URL = os.environ.get("CRM_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
REDIS_URL = os.environ.get("CRM_TEST_REDIS_URL", "redis://127.0.0.1:6379/11")
# Two checkouts can run the PostgreSQL pass at once with different prefixes
# (and different CRM_TEST_REDIS_URL databases).
SCHEMA_PREFIX = os.environ.get("CRM_TEST_PG_SCHEMA_PREFIX", "crm")
# Extensions live in ``public`` (on every schema's search path), so that dropping
# a test schema never drops them and every schema sees them.
PG_EXTENSIONS = ("pg_trgm",)


def on_postgresql() -> bool:
    choice = os.environ.get("CRM_TEST_DATABASE", "sqlite").strip().lower()
    if choice in ("postgresql", "postgres", "pg"):
        return True
    if choice in ("", "sqlite"):
        return False
    raise RuntimeError(f"CRM_TEST_DATABASE={choice!r}: expected 'sqlite' or 'postgresql'.")


def pg_schema_url(schema: str) -> str:
    """The test database's URL with ``schema`` first on the search path.

    The session's time zone is a French server's, not UTC, so that a datetime
    that depends on it shows.
    """
    separator = "&" if "?" in PG_URL else "?"
    options = f"-csearch_path%3D{schema},public%20-ctimezone%3DEurope/Paris"
    return f"{PG_URL}{separator}options={options}"


def reset_pg_schema(use: str) -> str:
    """Drop and recreate the schema for ``use`` ("unit", "e2e", "migrations"),
    empty; returns its URL."""
    schema = f"{SCHEMA_PREFIX}_{use}"
    engine = sqlalchemy.create_engine(PG_URL, poolclass=NullPool)
    try:
        with engine.begin() as connection:
            available = set(
                connection.execute(
                    sqlalchemy.text("SELECT name FROM pg_available_extensions")
                ).scalars()
            )
            for extension in PG_EXTENSIONS:
                if extension in available:
                    connection.execute(
                        sqlalchemy.text(
                            f"CREATE EXTENSION IF NOT EXISTS {extension} SCHEMA public"
                        )
                    )
            connection.execute(sqlalchemy.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
            connection.execute(sqlalchemy.text(f'CREATE SCHEMA "{schema}"'))
    finally:
        engine.dispose()
    return pg_schema_url(schema)


def truncate_all(url: str, metadata: sqlalchemy.MetaData) -> None:
    """Empty every table of ``metadata`` and restart their id sequences."""
    from crm_app import db

    tables = ", ".join(f'"{table.name}"' for table in metadata.sorted_tables)
    with db.get_engine(url).begin() as connection:
        connection.execute(sqlalchemy.text("SET LOCAL lock_timeout = '20s'"))
        connection.execute(sqlalchemy.text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))


def unreachable_services() -> list[str]:
    """What the PostgreSQL pass needs and cannot reach (empty when all is up)."""
    problems = []
    try:
        import psycopg

        dsn = PG_URL.replace("postgresql+psycopg://", "postgresql://", 1)
        with psycopg.connect(dsn, connect_timeout=5) as connection:
            connection.execute("SELECT 1")
    except Exception as error:  # any failure means "unreachable"
        problems.append(f"PostgreSQL ({PG_URL}) : {str(error).strip() or type(error).__name__}")
    try:
        import redis

        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=5, socket_timeout=5).ping()
    except Exception as error:
        problems.append(f"Redis ({REDIS_URL}) : {str(error).strip() or type(error).__name__}")
    return problems


if __name__ == "__main__":
    # `python -m tests.databases`: exit status 1 and the reasons when the
    # PostgreSQL pass cannot run (used by scripts/test.sh).
    import sys

    problems = unreachable_services()
    for problem in problems:
        print(problem, file=sys.stderr)
    sys.exit(1 if problems else 0)
