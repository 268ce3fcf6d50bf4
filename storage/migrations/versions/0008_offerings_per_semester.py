"""a course is an offering per semester; enrollments end instead of vanishing

Revision ID: 0008
Revises: 0003, 0004, 0005, 0006, 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = ('0003', '0004', '0005', '0006', '0007')


def _courses_table() -> sa.Table:
    """The new shape of `courses`, for SQLite's copy-and-rename (it cannot drop an inline UNIQUE)."""
    return sa.Table(
        'courses', sa.MetaData(),
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('code', sa.String(length=64), nullable=False),
        sa.Column('name', sa.String(length=300), nullable=False),
        sa.Column('school_id', sa.Integer(), sa.ForeignKey('schools.id'), nullable=False),
        sa.Column('semester', sa.String(length=32), nullable=False),
        sa.Column('language', sa.String(length=8), nullable=False),
        sa.Column('start_date', sa.Date(), nullable=False),
        sa.Column('rk1_date', sa.Date(), nullable=False),
        sa.Column('rk2_date', sa.Date(), nullable=False),
        sa.Column('exam_date', sa.Date(), nullable=False),
        sa.Column('mooc_url', sa.String(length=2000), nullable=True),
        sa.UniqueConstraint('code', 'semester', name='uq_courses_code_semester'),
    )


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == 'sqlite':
        # Storage.database.migrate turns SQLite's foreign keys off around migrations and checks them after.
        with op.batch_alter_table('courses', recreate='always', copy_from=_courses_table()) as batch:
            batch.create_index('ix_courses_code', ['code'])
    else:
        for unique in sa.inspect(bind).get_unique_constraints('courses'):
            if unique['column_names'] == ['code'] and unique['name']:
                op.drop_constraint(unique['name'], 'courses', type_='unique')
        op.create_unique_constraint('uq_courses_code_semester', 'courses', ['code', 'semester'])
        op.create_index('ix_courses_code', 'courses', ['code'])
    with op.batch_alter_table('enrollments') as batch:
        batch.add_column(sa.Column('active_to', sa.Date(), nullable=True))


def downgrade() -> None:
    raise NotImplementedError('offerings per semester cannot be folded back into one course per code')
