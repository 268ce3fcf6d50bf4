"""send budget: the latest send time per key, so a sweep can drop quiet keys

Revision ID: 0013b
Revises: 0012, 0002p
"""

from __future__ import annotations

import time

import sqlalchemy as sa
from alembic import op

revision = '0013b'
down_revision = ('0012', '0002p')  # the send_budget table came in 0002p


def upgrade() -> None:
    with op.batch_alter_table('send_budget') as batch:
        batch.add_column(sa.Column('last_at', sa.Float(), nullable=False, server_default='0'))
        batch.create_index('ix_send_budget_last_at', ['last_at'])
    # Rows from before hold recent sends: keep them for a while (their times are read again on the next send).
    op.execute(sa.text('UPDATE send_budget SET last_at = :now').bindparams(now=time.time()))


def downgrade() -> None:
    with op.batch_alter_table('send_budget') as batch:
        batch.drop_index('ix_send_budget_last_at')
        batch.drop_column('last_at')
