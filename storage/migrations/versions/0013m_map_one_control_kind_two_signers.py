"""integration map: the regulation's control kinds ("exam", not "final"); two signers; change notes

Revision ID: 0013m
Revises: 0012

Stored maps (each draft and version) name their control rows with the regulation's words: the row the map
called "final" is "exam" (tutoring.regulation_calendar.ControlKind). A version is approved in two steps (the
school's dean, then the Office of Online Education): the dean's step is kept beside the final review. A new
version of an approved map carries the tutor's note of what changed.
"""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from alembic import op

from storage.migrations.columns import timestamp

revision = '0013m'
down_revision = '0012'

# The map's JSON as this revision knows it (not the app's code, which may change after it).
RENAMED = {"final": "exam"}


def _rename_kinds(text: str, renamed: dict[str, str]) -> str:
    content: dict[str, Any] = json.loads(text)
    for row in content.get("controls") or []:
        if isinstance(row, dict) and row.get("kind") in renamed:  # pyright: ignore[reportUnknownMemberType]
            row["kind"] = renamed[str(row["kind"])]  # pyright: ignore[reportUnknownArgumentType]
    return json.dumps(content, ensure_ascii=False, sort_keys=True)  # canonical, as the app writes it


def _rewrite(table: str, column: str, renamed: dict[str, str]) -> None:
    bind = op.get_bind()
    rows = bind.execute(sa.text(f"SELECT id, {column} FROM {table}")).all()
    for row_id, stored in rows:
        new = _rename_kinds(stored, renamed)
        if new != stored:
            bind.execute(sa.text(f"UPDATE {table} SET {column} = :value WHERE id = :id"),
                         {"value": new, "id": row_id})


def upgrade() -> None:
    _rewrite('integration_maps', 'draft_json', RENAMED)
    _rewrite('integration_map_versions', 'content_json', RENAMED)
    with op.batch_alter_table('integration_map_versions') as batch:
        batch.add_column(sa.Column('school_approved_by_id', sa.Integer(),
                                   sa.ForeignKey('people.id', name='fk_map_versions_school_approved_by'),
                                   nullable=True))
        batch.add_column(timestamp('school_approved_at', nullable=True))
        batch.add_column(sa.Column('change_note', sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('integration_map_versions') as batch:
        batch.drop_column('change_note')
        batch.drop_column('school_approved_at')
        batch.drop_column('school_approved_by_id')
    back = {new: old for old, new in RENAMED.items()}
    _rewrite('integration_maps', 'draft_json', back)
    _rewrite('integration_map_versions', 'content_json', back)
