"""questions: a random reference, shown to tutors instead of an anonymous question's id

Revision ID: 0003a
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from storage.questions import new_question_ref

revision = '0003a'
down_revision = '0003'


def upgrade() -> None:
    with op.batch_alter_table('questions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('ref', sa.String(length=16), nullable=True))
    connection = op.get_bind()
    ids = connection.execute(sa.text("SELECT id FROM questions WHERE ref IS NULL")).scalars().all()
    for question_id in ids:
        connection.execute(sa.text("UPDATE questions SET ref = :ref WHERE id = :id"),
                           {"ref": new_question_ref(), "id": question_id})
    op.create_index(op.f('ix_questions_ref'), 'questions', ['ref'], unique=True)


def downgrade() -> None:
    with op.batch_alter_table('questions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_questions_ref'))
        batch_op.drop_column('ref')
