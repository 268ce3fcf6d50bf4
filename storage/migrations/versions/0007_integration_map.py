"""integration map

Revision ID: 0007
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from storage.migrations.columns import create_indexes, drop_tables, id_primary_key, references, timestamp

revision = '0007'
down_revision = '0002'

INDEXES = {'integration_maps': (), 'integration_map_edits': ('map_id',), 'integration_map_versions': ('map_id',)}


def upgrade() -> None:
    op.create_table('integration_maps',
    id_primary_key(),
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.Column('draft_json', sa.Text(), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('latest_version', sa.Integer(), nullable=False),
    timestamp('created_at'),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    timestamp('updated_at'),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    *references(course_id='courses', created_by_id='people', updated_by_id='people'),
    sa.UniqueConstraint('course_id')
    )
    op.create_table('integration_map_edits',
    id_primary_key(),
    sa.Column('key', sa.String(length=300), nullable=False),
    sa.Column('map_id', sa.Integer(), nullable=False),
    sa.Column('step', sa.String(length=16), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    timestamp('at'),
    *references(map_id='integration_maps', person_id='people'),
    sa.UniqueConstraint('key')
    )
    create_indexes('integration_map_edits', INDEXES['integration_map_edits'])
    op.create_table('integration_map_versions',
    id_primary_key(),
    sa.Column('map_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('content_json', sa.Text(), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('submission_key', sa.String(length=300), nullable=False),
    sa.Column('submitted_by_id', sa.Integer(), nullable=False),
    timestamp('submitted_at'),
    sa.Column('reviewed_by_id', sa.Integer(), nullable=True),
    sa.Column('reviewer_role', sa.String(length=16), nullable=True),
    timestamp('reviewed_at', nullable=True),
    sa.Column('review_comment', sa.Text(), nullable=True),
    *references(map_id='integration_maps', reviewed_by_id='people', submitted_by_id='people'),
    sa.UniqueConstraint('map_id', 'number'),
    sa.UniqueConstraint('submission_key')
    )
    create_indexes('integration_map_versions', INDEXES['integration_map_versions'])


def downgrade() -> None:
    drop_tables(INDEXES)
