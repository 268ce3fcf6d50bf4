"""sessions

Revision ID: 0004
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from storage.migrations.columns import create_indexes, drop_tables, id_primary_key, references, timestamp

revision = '0004'
down_revision = '0002'

INDEXES = {
    'sessions': ('course_id', 'start_at', 'state', 'sync_next_at', 'sync_state', 'tutor_id'),
    'session_changes': ('session_id',),
}


def upgrade() -> None:
    op.create_table('sessions',
    id_primary_key(),
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.Column('tutor_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=True),
    timestamp('start_at'),
    sa.Column('duration_min', sa.Integer(), nullable=False),
    sa.Column('platform', sa.String(length=16), nullable=False),
    sa.Column('join_url', sa.String(length=2000), nullable=True),
    sa.Column('link_kind', sa.String(length=16), nullable=True),
    sa.Column('graph_event_id', sa.String(length=500), nullable=True),
    sa.Column('transaction_id', sa.String(length=64), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('cancel_reason', sa.String(length=32), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('synced_version', sa.Integer(), nullable=False),
    sa.Column('announced_version', sa.Integer(), nullable=False),
    sa.Column('sync_state', sa.String(length=16), nullable=False),
    sa.Column('sync_attempts', sa.Integer(), nullable=False),
    timestamp('sync_next_at'),
    timestamp('sync_lease_until', nullable=True),
    sa.Column('sync_error', sa.String(length=500), nullable=True),
    sa.Column('sync_error_status', sa.Integer(), nullable=True),
    sa.Column('sync_round', sa.Integer(), nullable=False),
    timestamp('announced_at', nullable=True),
    timestamp('reminded_24h_for', nullable=True),
    timestamp('reminded_1h_for', nullable=True),
    timestamp('held_asked_at', nullable=True),
    timestamp('held_answered_at', nullable=True),
    sa.Column('hours_recorded', sa.Boolean(), nullable=False),
    sa.Column('attendance_count', sa.Integer(), nullable=True),
    sa.Column('attendance_state', sa.String(length=16), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    timestamp('created_at'),
    *references(course_id='courses', created_by_id='people', tutor_id='people'),
    sa.UniqueConstraint('transaction_id')
    )
    create_indexes('sessions', INDEXES['sessions'])
    op.create_table('session_changes',
    id_primary_key(),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=300), nullable=False),
    sa.Column('what', sa.String(length=16), nullable=False),
    sa.Column('by_id', sa.Integer(), nullable=False),
    timestamp('at'),
    sa.Column('detail', sa.Text(), nullable=True),
    *references(by_id='people', session_id='sessions'),
    sa.UniqueConstraint('key')
    )
    create_indexes('session_changes', INDEXES['session_changes'])


def downgrade() -> None:
    drop_tables(INDEXES)
