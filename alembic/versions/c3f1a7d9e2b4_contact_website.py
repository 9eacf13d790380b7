"""contact website

Revision ID: c3f1a7d9e2b4
Revises: b7d2e4c1a9f3
Create Date: 2026-11-29 10:00:00

Adding a nullable column does not rebuild the contact table on SQLite (an
ALTER TABLE ADD COLUMN); dropping it does (batch mode), so the downgrade
creates the search index's triggers again.
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel

from crm_app.contacts import search_index

# revision identifiers, used by Alembic.
revision: str = 'c3f1a7d9e2b4'
down_revision: Union[str, Sequence[str], None] = 'b7d2e4c1a9f3'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table('contact', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('website', sqlmodel.sql.sqltypes.AutoString(length=220), nullable=True)
        )


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table('contact', schema=None) as batch_op:
        batch_op.drop_column('website')
    search_index.install(op.get_bind())
