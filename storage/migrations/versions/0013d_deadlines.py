"""syllabus deadlines, submissions, reminders, courses' Moodle id (7.3)

Revision ID: 0013d
Revises: 0012
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from storage.migrations.columns import create_indexes, id_primary_key, references, timestamp

revision = '0013d'
down_revision = '0012'


def upgrade() -> None:
    with op.batch_alter_table('courses') as batch:
        batch.add_column(sa.Column('moodle_course_id', sa.Integer(), nullable=True))
    op.create_table('assignments',
    id_primary_key(),
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    timestamp('due'),
    timestamp('cutoff', nullable=True),
    sa.Column('week', sa.Integer(), nullable=True),
    sa.Column('source', sa.String(length=8), nullable=False),
    sa.Column('moodle_assign_id', sa.Integer(), nullable=True),
    *references(course_id='courses'),
    sa.UniqueConstraint('course_id', 'key', name='uq_assignments_course_key')
    )
    create_indexes('assignments', ['course_id'])
    op.create_table('assignment_submissions',
    id_primary_key(),
    sa.Column('assignment_id', sa.Integer(), nullable=False),
    sa.Column('student_id', sa.Integer(), nullable=False),
    timestamp('submitted_at', nullable=True),
    timestamp('extension_due', nullable=True),
    *references(assignment_id='assignments', student_id='people'),
    sa.UniqueConstraint('assignment_id', 'student_id', name='uq_assignment_submissions')
    )
    create_indexes('assignment_submissions', ['assignment_id'])
    op.create_table('deadline_reminders',
    id_primary_key(),
    sa.Column('assignment_id', sa.Integer(), nullable=False),
    sa.Column('student_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    timestamp('sent_at'),
    sa.Column('by_id', sa.Integer(), nullable=True),
    *references(assignment_id='assignments', by_id='people', student_id='people'),
    sa.UniqueConstraint('assignment_id', 'student_id', 'kind', name='uq_deadline_reminders')
    )
    create_indexes('deadline_reminders', ['assignment_id'])
    op.create_table('deadline_preferences',
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('off', sa.Boolean(), nullable=False),
    timestamp('changed_at'),
    *references(person_id='people'),
    sa.PrimaryKeyConstraint('person_id')
    )


def downgrade() -> None:
    for table in ('deadline_preferences', 'deadline_reminders', 'assignment_submissions', 'assignments'):
        op.drop_table(table)
    with op.batch_alter_table('courses') as batch:
        batch.drop_column('moodle_course_id')
