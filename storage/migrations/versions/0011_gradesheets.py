"""AIS grade sheets (7.4)

Revision ID: 0011
Revises: 0010
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('gradesheets',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.Column('control', sa.String(length=8), nullable=False),
    sa.Column('filled_by_id', sa.Integer(), nullable=True),
    sa.Column('filled_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('reminded_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['course_id'], ['courses.id'], ),
    sa.ForeignKeyConstraint(['filled_by_id'], ['people.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('course_id', 'control')
    )
    op.create_index('ix_gradesheets_course_id', 'gradesheets', ['course_id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_gradesheets_course_id', table_name='gradesheets')
    op.drop_table('gradesheets')
