"""a course is an offering per semester; enrollments end instead of vanishing

Revision ID: 0008
Revises: 0003, 0004, 0005, 0006, 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = ('0003', '0004', '0005', '0006', '0007')


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == 'sqlite':
        # SQLite cannot drop a UNIQUE written inline: the table is copied without it (the naming convention
        # names the reflected one so it can be left out). Storage.database.migrate turns SQLite's foreign keys
        # off around migrations and checks them after.
        with op.batch_alter_table('courses', recreate='always',
                                  naming_convention={'uq': 'uq_%(table_name)s_%(column_0_name)s'}) as batch:
            batch.drop_constraint('uq_courses_code', type_='unique')
            batch.create_unique_constraint('uq_courses_code_semester', ['code', 'semester'])
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
