"""outbox lease tokens and the send budget all processes share

Revision ID: 0002p
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0002p'
down_revision = '0002'


def upgrade() -> None:
    with op.batch_alter_table('outbox') as batch:
        batch.add_column(sa.Column('lease_token', sa.String(length=32), nullable=True))
    op.create_table('send_budget',
    sa.Column('key', sa.String(length=120), nullable=False),
    sa.Column('times_json', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('key')
    )


def downgrade() -> None:
    op.drop_table('send_budget')
    with op.batch_alter_table('outbox') as batch:
        batch.drop_column('lease_token')
