"""contact search index: FTS5 trigram on SQLite, pg_trgm GIN on PostgreSQL

Revision ID: 7b1e5a9c2d40
Revises: f56322928ea5
Create Date: 2026-11-28 16:20:00.000000

The statements are written out here (not imported from the app) so that this
migration keeps meaning what it meant when it was written. A later migration
that rebuilds the contact table on SQLite (batch mode) drops its triggers and
must create them again: see crm_app/contacts/search_index.py.
"""
from typing import Sequence, Union

from alembic import op

# revision identifiers, used by Alembic.
revision: str = '7b1e5a9c2d40'
down_revision: Union[str, Sequence[str], None] = 'f56322928ea5'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

SQLITE_UPGRADE = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS contact_search USING fts5("
    "search_text, content='contact', content_rowid='id', tokenize='trigram')",
    "CREATE TRIGGER IF NOT EXISTS contact_search_insert AFTER INSERT ON contact BEGIN "
    "INSERT INTO contact_search(rowid, search_text) VALUES (new.id, new.search_text); END",
    "CREATE TRIGGER IF NOT EXISTS contact_search_delete AFTER DELETE ON contact BEGIN "
    "INSERT INTO contact_search(contact_search, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); END",
    "CREATE TRIGGER IF NOT EXISTS contact_search_update AFTER UPDATE OF search_text ON contact "
    "BEGIN INSERT INTO contact_search(contact_search, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); "
    "INSERT INTO contact_search(rowid, search_text) VALUES (new.id, new.search_text); END",
    "INSERT INTO contact_search(contact_search) VALUES ('rebuild')",
)
SQLITE_DOWNGRADE = (
    "DROP TRIGGER IF EXISTS contact_search_insert",
    "DROP TRIGGER IF EXISTS contact_search_delete",
    "DROP TRIGGER IF EXISTS contact_search_update",
    "DROP TABLE IF EXISTS contact_search",
)
POSTGRESQL_UPGRADE = (
    "CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public",
    "CREATE INDEX IF NOT EXISTS ix_contact_search_text_trgm "
    "ON contact USING gin (search_text gin_trgm_ops)",
)
POSTGRESQL_DOWNGRADE = ("DROP INDEX IF EXISTS ix_contact_search_text_trgm",)


def _run(statements_by_dialect: dict) -> None:
    for statement in statements_by_dialect.get(op.get_bind().dialect.name, ()):
        op.execute(statement)


def upgrade() -> None:
    """Upgrade schema."""
    _run({"sqlite": SQLITE_UPGRADE, "postgresql": POSTGRESQL_UPGRADE})


def downgrade() -> None:
    """Downgrade schema."""
    _run({"sqlite": SQLITE_DOWNGRADE, "postgresql": POSTGRESQL_DOWNGRADE})
