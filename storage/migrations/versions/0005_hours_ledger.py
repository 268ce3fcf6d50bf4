"""hours ledger

Revision ID: 0005
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from storage.migrations.columns import create_indexes, drop_tables, id_primary_key, references, timestamp

revision = '0005'
down_revision = '0002'

INDEXES = {'hours_norms': (), 'hours_entries': ('course_id', 'date', 'session_id', 'tutor_id')}


def upgrade() -> None:
    op.create_table('hours_norms',
    id_primary_key(),
    sa.Column('semester', sa.String(length=32), nullable=False),
    sa.Column('category', sa.String(length=32), nullable=False),
    sa.Column('hours', sa.Numeric(precision=5, scale=2), nullable=True),
    sa.Column('set_by', sa.String(length=320), nullable=False),
    timestamp('set_at'),
    sa.UniqueConstraint('semester', 'category')
    )
    op.create_table('hours_entries',
    id_primary_key(),
    sa.Column('tutor_id', sa.Integer(), nullable=False),
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.Column('category', sa.String(length=32), nullable=False),
    sa.Column('hours', sa.Numeric(precision=5, scale=2), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=True),
    sa.Column('entered_by_id', sa.Integer(), nullable=False),
    timestamp('created_at'),
    sa.Column('idempotency_key', sa.String(length=300), nullable=False),
    sa.Column('reverses_entry_id', sa.Integer(), nullable=True),
    sa.Column('replaces_entry_id', sa.Integer(), nullable=True),
    *references(course_id='courses', entered_by_id='people', replaces_entry_id='hours_entries',
                reverses_entry_id='hours_entries', tutor_id='people'),
    sa.UniqueConstraint('idempotency_key'),
    sa.UniqueConstraint('reverses_entry_id')
    )
    create_indexes('hours_entries', INDEXES['hours_entries'])


def downgrade() -> None:
    drop_tables(INDEXES)
