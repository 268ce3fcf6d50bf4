"""initial roster and conversations

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from storage.migrations.columns import id_primary_key, references

revision = '0001'
down_revision = None


def upgrade() -> None:
    op.create_table('schools',
    id_primary_key(),
    sa.Column('code', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('dean_email', sa.String(length=320), nullable=False),
    sa.UniqueConstraint('code')
    )
    op.create_table('courses',
    id_primary_key(),
    sa.Column('code', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.Column('semester', sa.String(length=32), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('rk1_date', sa.Date(), nullable=False),
    sa.Column('rk2_date', sa.Date(), nullable=False),
    sa.Column('exam_date', sa.Date(), nullable=False),
    sa.Column('mooc_url', sa.String(length=2000), nullable=True),
    *references(school_id='schools'),
    sa.UniqueConstraint('code')
    )
    op.create_table('people',
    id_primary_key(),
    sa.Column('email', sa.String(length=320), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=True),
    sa.Column('aad_object_id', sa.String(length=64), nullable=True),
    sa.Column('teams_user_id', sa.String(length=200), nullable=True),
    sa.Column('locale', sa.String(length=16), nullable=True),
    *references(school_id='schools'),
    sa.UniqueConstraint('aad_object_id'),
    sa.UniqueConstraint('email'),
    sa.UniqueConstraint('teams_user_id')
    )
    op.create_table('conversation_refs',
    id_primary_key(),
    sa.Column('conversation_id', sa.String(length=500), nullable=False),
    sa.Column('conversation_type', sa.String(length=32), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('teams_user_id', sa.String(length=200), nullable=True),
    sa.Column('tenant_id', sa.String(length=64), nullable=True),
    sa.Column('team_id', sa.String(length=500), nullable=True),
    sa.Column('service_url', sa.String(length=1000), nullable=False),
    sa.Column('reference_json', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    *references(person_id='people'),
    sa.UniqueConstraint('conversation_id')
    )
    op.create_table('enrollments',
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.Column('student_id', sa.Integer(), nullable=False),
    *references(course_id='courses', student_id='people'),
    sa.PrimaryKeyConstraint('course_id', 'student_id')
    )
    op.create_table('tutor_assignments',
    id_primary_key(),
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.Column('tutor_id', sa.Integer(), nullable=False),
    sa.Column('approved_by', sa.String(length=300), nullable=True),
    sa.Column('council_decision', sa.String(length=300), nullable=True),
    sa.Column('active_from', sa.Date(), nullable=True),
    sa.Column('active_to', sa.Date(), nullable=True),
    *references(course_id='courses', tutor_id='people'),
    sa.UniqueConstraint('course_id', 'tutor_id')
    )


def downgrade() -> None:
    for table in ('tutor_assignments', 'enrollments', 'conversation_refs', 'people', 'courses', 'schools'):
        op.drop_table(table)
