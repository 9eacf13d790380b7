"""duplicates

Revision ID: f1c7d3e9a2b5
Revises: e5b8c2a4f610
Create Date: 2026-12-04 03:40:00

Pairs of the last duplicate scan, pairs said not to be duplicates, and the
scans themselves (crm_app/duplicates).
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel

# revision identifiers, used by Alembic.
revision: str = 'f1c7d3e9a2b5'
down_revision: Union[str, Sequence[str], None] = 'e5b8c2a4f610'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        'duplicate_pair',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('first_id', sa.Integer(), nullable=False),
        sa.Column('second_id', sa.Integer(), nullable=False),
        sa.Column('score', sa.Integer(), nullable=False),
        sa.Column('reasons', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.ForeignKeyConstraint(['first_id'], ['contact.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['second_id'], ['contact.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('first_id', 'second_id'),
    )
    op.create_index('ix_duplicate_pair_rank', 'duplicate_pair', ['score', 'id'])
    op.create_index(op.f('ix_duplicate_pair_first_id'), 'duplicate_pair', ['first_id'])
    op.create_index(op.f('ix_duplicate_pair_second_id'), 'duplicate_pair', ['second_id'])
    op.create_table(
        'not_duplicate',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('first_id', sa.Integer(), nullable=False),
        sa.Column('second_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=True),
        sa.Column('at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['first_id'], ['contact.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['second_id'], ['contact.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['app_user.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('first_id', 'second_id'),
    )
    op.create_table(
        'duplicate_scan',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('started_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('finished_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column('user_id', sa.Integer(), nullable=True),
        sa.Column('contacts_scanned', sa.Integer(), nullable=False),
        sa.Column('pairs_found', sa.Integer(), nullable=False),
        sa.Column('seconds', sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['app_user.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id'),
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table('duplicate_scan')
    op.drop_table('not_duplicate')
    op.drop_index(op.f('ix_duplicate_pair_second_id'), table_name='duplicate_pair')
    op.drop_index(op.f('ix_duplicate_pair_first_id'), table_name='duplicate_pair')
    op.drop_index('ix_duplicate_pair_rank', table_name='duplicate_pair')
    op.drop_table('duplicate_pair')
