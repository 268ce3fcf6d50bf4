"""covering indexes for the weekly summary and the hours progress (issue 13)

The weekly summary sums a school's ledger (by course, over a date range and over the semester) and reads its
courses' questions of the week: these indexes hold every column those statements read, so both databases answer
from the index alone instead of visiting the table row by row.

Revision ID: 0013p
Revises: 0012
"""

from __future__ import annotations

from alembic import op

revision = '0013p'
down_revision = '0012'


def upgrade() -> None:
    op.create_index('ix_hours_entries_course_date', 'hours_entries',
                    ['course_id', 'date', 'tutor_id', 'category', 'hours'], unique=False)
    op.create_index('ix_questions_course_asked', 'questions',
                    ['course_id', 'asked_at', 'state', 'first_answered_at'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_questions_course_asked', table_name='questions')
    op.drop_index('ix_hours_entries_course_date', table_name='hours_entries')
