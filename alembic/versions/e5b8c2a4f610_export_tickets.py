"""export tickets

Revision ID: e5b8c2a4f610
Revises: c3f1a7d9e2b4
Create Date: 2026-12-04 03:20:00

One-use download links of contact exports (crm_app/exports).
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel

# revision identifiers, used by Alembic.
revision: str = 'e5b8c2a4f610'
down_revision: Union[str, Sequence[str], None] = 'c3f1a7d9e2b4'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        'export_ticket',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('token_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('used_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column('query', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column('include_archived', sa.Boolean(), nullable=False),
        sa.Column('file_format', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column('columns', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['app_user.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('token_hash'),
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table('export_ticket')
