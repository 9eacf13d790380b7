"""contact search walk index (PostgreSQL)

Revision ID: c5e1f7a3b902
Revises: 6b00b11064f8
Create Date: 2026-12-04 16:55:00

On PostgreSQL, the list's order with the search text in its entries, so that
a search walking the head of the list tests each row from the index alone
(about 0.4 µs an entry instead of ~3 µs reading the row). A btree entry
holds at most 2,704 bytes: contacts whose text and sort key take more than
2,400 go to a second index of their own (normally empty), which the walk
reads too. SQLite got its walk index in b7d2e4c1a9f3.
The SQL is written here rather than imported, so that this migration stays
what it was when the application changes.
"""
from typing import Sequence, Union

from alembic import op


# revision identifiers, used by Alembic.
revision: str = 'c5e1f7a3b902'
down_revision: Union[str, Sequence[str], None] = '6b00b11064f8'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

_ENTRY_BYTES = "octet_length(search_text) + octet_length(list_sort_key)"


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE INDEX IF NOT EXISTS ix_contact_search_walk "
            "ON contact (active, list_sort_key) INCLUDE (id, search_text) "
            f"WHERE {_ENTRY_BYTES} <= 2400"
        )
        op.execute(
            "CREATE INDEX IF NOT EXISTS ix_contact_search_walk_long "
            f"ON contact (active, list_sort_key) WHERE {_ENTRY_BYTES} > 2400"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_contact_search_walk_long")
        op.execute("DROP INDEX IF EXISTS ix_contact_search_walk")
