"""tutor proposals (8.2, 8.3)

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('tutor_proposals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.Column('tutor_id', sa.Integer(), nullable=False),
    sa.Column('proposed_by_id', sa.Integer(), nullable=False),
    sa.Column('proposed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('comment', sa.Text(), nullable=True),
    sa.Column('council_number', sa.String(length=100), nullable=True),
    sa.Column('council_date', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['course_id'], ['courses.id'], ),
    sa.ForeignKeyConstraint(['decided_by_id'], ['people.id'], ),
    sa.ForeignKeyConstraint(['proposed_by_id'], ['people.id'], ),
    sa.ForeignKeyConstraint(['tutor_id'], ['people.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('key')
    )
    op.create_index('ix_tutor_proposals_course_id', 'tutor_proposals', ['course_id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_tutor_proposals_course_id', table_name='tutor_proposals')
    op.drop_table('tutor_proposals')
