"""contact merged into

Revision ID: b3e9f5a1d7c2
Revises: a8d4e6f2c913
Create Date: 2026-12-04 04:10:00

The contact a merged contact went into (« Fusionner »). Adding a nullable
column does not rebuild the contact table on SQLite (an ALTER TABLE ADD
COLUMN); dropping it does (batch mode), so the downgrade creates the search
index's triggers again.
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

from crm_app.contacts import search_index

# revision identifiers, used by Alembic.
revision: str = 'b3e9f5a1d7c2'
down_revision: Union[str, Sequence[str], None] = 'a8d4e6f2c913'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table('contact', schema=None) as batch_op:
        batch_op.add_column(sa.Column('merged_into_id', sa.Integer(), nullable=True))


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table('contact', schema=None) as batch_op:
        batch_op.drop_column('merged_into_id')
    search_index.install(op.get_bind())
