"""questions

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from storage.migrations.columns import create_indexes, drop_tables, id_primary_key, references, timestamp

revision = '0003'
down_revision = '0002'

INDEXES = {
    'questions': ('asked_at', 'course_id', 'state', 'student_id', 'thread_id'),
    'question_answers': ('question_id',),
    'question_deflections': ('at', 'course_id'),
}


def upgrade() -> None:
    op.create_table('questions',
    id_primary_key(),
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.Column('student_id', sa.Integer(), nullable=False),
    sa.Column('thread_id', sa.Integer(), nullable=True),
    sa.Column('anonymous', sa.Boolean(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('key', sa.String(length=200), nullable=False),
    timestamp('asked_at'),
    timestamp('first_answered_at', nullable=True),
    sa.Column('first_answered_by', sa.Integer(), nullable=True),
    timestamp('reminded_at', nullable=True),
    timestamp('overdue_at', nullable=True),
    timestamp('closed_at', nullable=True),
    *references(course_id='courses', first_answered_by='people', student_id='people', thread_id='questions'),
    sa.UniqueConstraint('key')
    )
    create_indexes('questions', INDEXES['questions'])
    op.create_table('question_answers',
    id_primary_key(),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('tutor_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('key', sa.String(length=200), nullable=False),
    timestamp('answered_at'),
    *references(question_id='questions', tutor_id='people'),
    sa.UniqueConstraint('key')
    )
    create_indexes('question_answers', INDEXES['question_answers'])
    op.create_table('question_deflections',
    id_primary_key(),
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.Column('student_id', sa.Integer(), nullable=False),
    sa.Column('matched_question_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    timestamp('at'),
    *references(course_id='courses', matched_question_id='questions', student_id='people'),
    sa.UniqueConstraint('key')
    )
    create_indexes('question_deflections', INDEXES['question_deflections'])


def downgrade() -> None:
    drop_tables(INDEXES)
