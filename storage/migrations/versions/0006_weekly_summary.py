"""weekly summary

Revision ID: 0006
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from storage.migrations.columns import id_primary_key, references, timestamp

revision = '0006'
down_revision = '0002'


def upgrade() -> None:
    op.create_table('summary_subscriptions',
    id_primary_key(),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.Column('channel_id', sa.String(length=500), nullable=False),
    sa.Column('conversation_ref_id', sa.Integer(), nullable=False),
    sa.Column('subscribed_by_id', sa.Integer(), nullable=False),
    sa.Column('lang', sa.String(length=8), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    timestamp('created_at'),
    *references(conversation_ref_id='conversation_refs', school_id='schools', subscribed_by_id='people'),
    sa.UniqueConstraint('school_id', 'channel_id')
    )
    op.create_table('summary_posts',
    id_primary_key(),
    sa.Column('subscription_id', sa.Integer(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.Column('week', sa.String(length=10), nullable=False),
    sa.Column('edition', sa.Integer(), nullable=False),
    timestamp('created_at'),
    *references(school_id='schools', subscription_id='summary_subscriptions'),
    sa.UniqueConstraint('subscription_id', 'week', 'edition')
    )


def downgrade() -> None:
    op.drop_table('summary_posts')
    op.drop_table('summary_subscriptions')
