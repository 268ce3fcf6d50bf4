"""tutor proposals (8.2, 8.3)

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from storage.migrations.columns import create_indexes, drop_tables, id_primary_key, references, timestamp

revision = '0009'
down_revision = '0008'

INDEXES = {'tutor_proposals': ('course_id',)}


def upgrade() -> None:
    op.create_table('tutor_proposals',
    id_primary_key(),
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.Column('tutor_id', sa.Integer(), nullable=False),
    sa.Column('proposed_by_id', sa.Integer(), nullable=False),
    timestamp('proposed_at'),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    timestamp('decided_at', nullable=True),
    sa.Column('comment', sa.Text(), nullable=True),
    sa.Column('council_number', sa.String(length=100), nullable=True),
    sa.Column('council_date', sa.Date(), nullable=True),
    *references(course_id='courses', decided_by_id='people', proposed_by_id='people', tutor_id='people'),
    sa.UniqueConstraint('key')
    )
    create_indexes('tutor_proposals', INDEXES['tutor_proposals'])


def downgrade() -> None:
    drop_tables(INDEXES)
