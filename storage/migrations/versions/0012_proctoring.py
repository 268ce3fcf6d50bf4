"""proctoring reports and their review (7.3)

Revision ID: 0012
Revises: 0011
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from storage.migrations.columns import create_indexes, id_primary_key, references, timestamp

revision = '0012'
down_revision = '0011'


def upgrade() -> None:
    op.create_table('proctoring_reports',
    id_primary_key(),
    sa.Column('session_id', sa.String(length=200), nullable=False),
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.Column('student_id', sa.Integer(), nullable=False),
    sa.Column('exam', sa.String(length=8), nullable=False),
    timestamp('started_at'),
    sa.Column('score', sa.Float(), nullable=False),
    sa.Column('violations_json', sa.Text(), nullable=False),
    sa.Column('video_url', sa.String(length=2000), nullable=False),
    sa.Column('fingerprint', sa.Text(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    timestamp('received_at'),
    sa.Column('review_state', sa.String(length=16), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    timestamp('decided_at', nullable=True),
    sa.Column('comment', sa.Text(), nullable=True),
    *references(course_id='courses', decided_by_id='people', student_id='people'),
    sa.UniqueConstraint('session_id')
    )
    create_indexes('proctoring_reports', ['course_id', 'review_state'])


def downgrade() -> None:
    op.drop_table('proctoring_reports')  # its indexes go with it
