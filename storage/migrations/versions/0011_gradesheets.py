"""AIS grade sheets (7.4)

Revision ID: 0011
Revises: 0010
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from storage.migrations.columns import create_indexes, drop_tables, id_primary_key, references, timestamp

revision = '0011'
down_revision = '0010'

INDEXES = {'gradesheets': ('course_id',)}


def upgrade() -> None:
    op.create_table('gradesheets',
    id_primary_key(),
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.Column('control', sa.String(length=8), nullable=False),
    sa.Column('filled_by_id', sa.Integer(), nullable=True),
    timestamp('filled_at', nullable=True),
    timestamp('reminded_at', nullable=True),
    *references(course_id='courses', filled_by_id='people'),
    sa.UniqueConstraint('course_id', 'control')
    )
    create_indexes('gradesheets', INDEXES['gradesheets'])


def downgrade() -> None:
    drop_tables(INDEXES)
