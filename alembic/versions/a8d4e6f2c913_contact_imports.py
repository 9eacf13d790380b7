"""contact imports

Revision ID: a8d4e6f2c913
Revises: f1c7d3e9a2b5
Create Date: 2026-12-04 04:00:00

Imports of contacts (crm_app/imports): each import, each row's outcome, and
the mappings saved by name.
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel

# revision identifiers, used by Alembic.
revision: str = 'a8d4e6f2c913'
down_revision: Union[str, Sequence[str], None] = 'f1c7d3e9a2b5'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

String = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        'contact_import',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('file_name', String(length=255), nullable=False),
        sa.Column('file_key', String(length=100), nullable=False),
        sa.Column('sheet', String(length=200), nullable=False),
        sa.Column('mapping', sa.Text(), nullable=False),
        sa.Column('duplicate_action', String(length=20), nullable=False),
        sa.Column('row_actions', sa.Text(), nullable=False),
        sa.Column('skip_invalid', sa.Boolean(), nullable=False),
        sa.Column('state', String(length=20), nullable=False),
        sa.Column('total_rows', sa.Integer(), nullable=False),
        sa.Column('processed', sa.Integer(), nullable=False),
        sa.Column('created_count', sa.Integer(), nullable=False),
        sa.Column('updated_count', sa.Integer(), nullable=False),
        sa.Column('skipped_count', sa.Integer(), nullable=False),
        sa.Column('invalid_count', sa.Integer(), nullable=False),
        sa.Column('started_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column('finished_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column('undone_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column('message', String(length=1000), nullable=False),
        sa.ForeignKeyConstraint(['created_by_id'], ['app_user.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_table(
        'contact_import_row',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('import_id', sa.Integer(), nullable=False),
        sa.Column('row_number', sa.Integer(), nullable=False),
        sa.Column('outcome', String(length=20), nullable=False),
        sa.Column('contact_id', sa.Integer(), nullable=True),
        sa.Column('message', sa.Text(), nullable=False),
        sa.Column('previous', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['contact_id'], ['contact.id'], ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['import_id'], ['contact_import.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index(
        'ix_contact_import_row_import', 'contact_import_row', ['import_id', 'row_number']
    )
    op.create_table(
        'import_mapping',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', String(length=100), nullable=False),
        sa.Column('mapping', sa.Text(), nullable=False),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['created_by_id'], ['app_user.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('name'),
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table('import_mapping')
    op.drop_index('ix_contact_import_row_import', table_name='contact_import_row')
    op.drop_table('contact_import_row')
    op.drop_table('contact_import')
