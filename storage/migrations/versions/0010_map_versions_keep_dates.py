"""an integration map version keeps the course dates it was submitted with

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0010'
down_revision = '0009'


def upgrade() -> None:
    with op.batch_alter_table('integration_map_versions') as batch:
        batch.add_column(sa.Column('course_dates_json', sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('integration_map_versions') as batch:
        batch.drop_column('course_dates_json')
