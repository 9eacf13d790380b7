"""intervention search text and its trigram index

Revision ID: a4c9e2f17b36
Revises: da3f07b1d718
Create Date: 2026-11-28 18:40:00.000000

Adds ``intervention.search_text`` (the label, lower case and without
accents), fills it in batches, then indexes it: FTS5 trigram table and
triggers on SQLite, pg_trgm GIN index on PostgreSQL. As in the contact index
migration, the statements and the normalisation are written out here (not
imported from the app) so that this migration keeps meaning what it meant.
The index is created after the backfill, so the backfill doesn't feed it row
by row.
"""
from typing import Sequence, Union
import unicodedata

from alembic import op
import sqlalchemy as sa
import sqlmodel


# revision identifiers, used by Alembic.
revision: str = 'a4c9e2f17b36'
down_revision: Union[str, Sequence[str], None] = 'da3f07b1d718'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

BATCH = 20000
SEARCH_TEXT_LENGTH = 400

SQLITE_UPGRADE = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS intervention_search USING fts5("
    "search_text, content='intervention', content_rowid='id', tokenize='trigram')",
    "CREATE TRIGGER IF NOT EXISTS intervention_search_insert AFTER INSERT ON intervention "
    "BEGIN INSERT INTO intervention_search(rowid, search_text) "
    "VALUES (new.id, new.search_text); END",
    "CREATE TRIGGER IF NOT EXISTS intervention_search_delete AFTER DELETE ON intervention "
    "BEGIN INSERT INTO intervention_search(intervention_search, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); END",
    "CREATE TRIGGER IF NOT EXISTS intervention_search_update AFTER UPDATE OF search_text "
    "ON intervention BEGIN INSERT INTO intervention_search(intervention_search, rowid, "
    "search_text) VALUES ('delete', old.id, old.search_text); "
    "INSERT INTO intervention_search(rowid, search_text) VALUES (new.id, new.search_text); END",
    "INSERT INTO intervention_search(intervention_search) VALUES ('rebuild')",
)
SQLITE_DOWNGRADE = (
    "DROP TRIGGER IF EXISTS intervention_search_insert",
    "DROP TRIGGER IF EXISTS intervention_search_delete",
    "DROP TRIGGER IF EXISTS intervention_search_update",
    "DROP TABLE IF EXISTS intervention_search",
)
POSTGRESQL_UPGRADE = (
    "CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public",
    "CREATE INDEX IF NOT EXISTS ix_intervention_search_text_trgm "
    "ON intervention USING gin (search_text gin_trgm_ops)",
)
POSTGRESQL_DOWNGRADE = ("DROP INDEX IF EXISTS ix_intervention_search_text_trgm",)


def _normalize(text):
    """Lower case, accents removed, spaces collapsed (as the app's normalize)."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())[:SEARCH_TEXT_LENGTH]


def _backfill() -> None:
    """Every label's search text, BATCH rows at a time in id order."""
    bind = op.get_bind()
    select_batch = sa.text(
        "SELECT id, label FROM intervention WHERE id > :after ORDER BY id LIMIT :batch"
    )
    update = sa.text("UPDATE intervention SET search_text = :search_text WHERE id = :id")
    after = 0
    while True:
        rows = bind.execute(select_batch, {"after": after, "batch": BATCH}).all()
        if not rows:
            return
        texts = [{"id": row.id, "search_text": _normalize(row.label)} for row in rows]
        changed = [row for row in texts if row["search_text"]]
        if changed:
            bind.execute(update, changed)
        after = rows[-1].id


def _run(statements_by_dialect: dict) -> None:
    for statement in statements_by_dialect.get(op.get_bind().dialect.name, ()):
        op.execute(statement)


def upgrade() -> None:
    """Upgrade schema."""
    # A plain ADD COLUMN (no batch mode): on SQLite, rebuilding the table would
    # take long on a big planning, and the server default fills existing rows.
    op.add_column(
        'intervention',
        sa.Column(
            'search_text',
            sqlmodel.sql.sqltypes.AutoString(length=400),
            server_default='',
            nullable=False,
        ),
    )
    _backfill()
    _run({"sqlite": SQLITE_UPGRADE, "postgresql": POSTGRESQL_UPGRADE})


def downgrade() -> None:
    """Downgrade schema."""
    _run({"sqlite": SQLITE_DOWNGRADE, "postgresql": POSTGRESQL_DOWNGRADE})
    with op.batch_alter_table('intervention', schema=None) as batch_op:
        batch_op.drop_column('search_text')
