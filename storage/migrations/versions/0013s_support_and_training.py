"""tutors' questions to the УОО (6.2) and trainings for tutors: questions and sessions without a course

Revision ID: 0013s
Revises: 0012
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0013s'
down_revision = '0012'


def upgrade() -> None:
    with op.batch_alter_table('questions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('audience', sa.String(length=16), server_default='course', nullable=False))
        batch_op.alter_column('course_id', existing_type=sa.Integer(), nullable=True)
        batch_op.create_index('ix_questions_audience', ['audience'], unique=False)
    with op.batch_alter_table('sessions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('school_id', sa.Integer(), nullable=True))
        batch_op.alter_column('course_id', existing_type=sa.Integer(), nullable=True)
        batch_op.create_foreign_key('fk_sessions_school_id', 'schools', ['school_id'], ['id'])


def downgrade() -> None:
    op.execute("DELETE FROM session_changes WHERE session_id IN (SELECT id FROM sessions WHERE course_id IS NULL)")
    op.execute("DELETE FROM sessions WHERE course_id IS NULL")
    op.execute("DELETE FROM question_answers WHERE question_id IN (SELECT id FROM questions WHERE course_id IS NULL)")
    op.execute("DELETE FROM questions WHERE course_id IS NULL")
    with op.batch_alter_table('sessions', schema=None) as batch_op:
        batch_op.drop_constraint('fk_sessions_school_id', type_='foreignkey')
        batch_op.alter_column('course_id', existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column('school_id')
    with op.batch_alter_table('questions', schema=None) as batch_op:
        batch_op.drop_index('ix_questions_audience')
        batch_op.alter_column('course_id', existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column('audience')
