"""outbox

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from storage.migrations.columns import create_indexes, drop_tables, id_primary_key, references, timestamp

revision = '0002'
down_revision = '0001'

INDEXES = {'outbox': ('next_attempt_at', 'state')}


def upgrade() -> None:
    op.create_table('outbox',
    id_primary_key(),
    sa.Column('key', sa.String(length=300), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('conversation_ref_id', sa.Integer(), nullable=True),
    sa.Column('activity_json', sa.Text(), nullable=False),
    sa.Column('new_thread', sa.Boolean(), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    timestamp('next_attempt_at'),
    timestamp('lease_until', nullable=True),
    sa.Column('last_error', sa.String(length=500), nullable=True),
    timestamp('created_at'),
    timestamp('sent_at', nullable=True),
    sa.Column('sent_activity_id', sa.String(length=300), nullable=True),
    sa.Column('sent_conversation_id', sa.String(length=500), nullable=True),
    *references(conversation_ref_id='conversation_refs', person_id='people'),
    sa.UniqueConstraint('key')
    )
    create_indexes('outbox', INDEXES['outbox'])


def downgrade() -> None:
    drop_tables(INDEXES)
