"""contact search walk index (SQLite)

Revision ID: b7d2e4c1a9f3
Revises: a4c9e2f17b36
Create Date: 2026-11-28 18:55:00

On SQLite, an index of the list's order with the search text: a search with
many matches walks the head of the list testing each row from the index
alone. PostgreSQL gets nothing (its btree entries cannot hold the text).
The SQL is written here rather than imported, so that this migration stays
what it was when the application changes.
"""
from typing import Sequence, Union

from alembic import op


# revision identifiers, used by Alembic.
revision: str = 'b7d2e4c1a9f3'
down_revision: Union[str, Sequence[str], None] = 'a4c9e2f17b36'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "CREATE INDEX IF NOT EXISTS ix_contact_search_walk "
            "ON contact (active, list_sort_key, search_text)"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP INDEX IF EXISTS ix_contact_search_walk")
