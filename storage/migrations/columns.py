"""The columns, keys and indexes the revisions spell alike, written once.

An applied revision never runs again on that database, so it must build the same schema forever on a new one
(tests/e2e/test_migration_schema.py pins it): change nothing here that a revision uses; add a new helper instead.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op


def id_primary_key() -> sa.Column[Any]:
    """The table's own id, its primary key: INTEGER NOT NULL, PRIMARY KEY (id) (SERIAL on PostgreSQL)."""
    return sa.Column('id', sa.Integer(), primary_key=True, nullable=False)


def timestamp(name: str, *, nullable: bool = False) -> sa.Column[Any]:
    """A moment, stored with its UTC offset (storage.types.UtcDateTime)."""
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def references(**tables: str) -> list[sa.ForeignKeyConstraint]:
    """FOREIGN KEY (column) REFERENCES table (id), one per column, in the order given."""
    return [sa.ForeignKeyConstraint([column], [f'{table}.id']) for column, table in tables.items()]


def create_indexes(table: str, columns: Sequence[str]) -> None:
    """One index per column, named ix_<table>_<column> as Alembic's autogenerate names them."""
    for column in columns:
        op.create_index(op.f(f'ix_{table}_{column}'), table, [column], unique=False)


def drop_indexes(table: str, columns: Sequence[str]) -> None:
    """The indexes of `create_indexes`, dropped in the reverse order."""
    for column in reversed(columns):
        op.drop_index(op.f(f'ix_{table}_{column}'), table_name=table)


def drop_tables(indexes: Mapping[str, Sequence[str]]) -> None:
    """Drops a revision's tables, the last created first, each after the indexes `create_indexes` made on it.

    `indexes`: the columns indexed, by table, the tables in the order the revision created them."""
    for table, columns in reversed(indexes.items()):
        drop_indexes(table, columns)
        op.drop_table(table)
