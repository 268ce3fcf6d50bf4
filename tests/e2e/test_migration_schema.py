"""Every migration builds the schema it was applied with: the tables, columns, keys and indexes each revision adds or
drops are pinned in tests/data/migration_schema_<dialect>.json.

An applied revision never runs again on that database, so a later edit of it would give new databases another
schema than the running ones: this test fails on any such edit. A new revision is added to the pin by running this
test once with UPDATE_MIGRATION_SCHEMA=1 (it writes the file and fails; review the diff, then run it again).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import Connection
from sqlalchemy.engine import make_url

from tests.support.migrations import alembic_config, in_one_transaction

DATA = Path(__file__).resolve().parents[1] / "data"
ONE_WAY = "0008"  # offerings per semester cannot be folded back (its downgrade refuses)
Steps = dict[str, dict[str, list[str]]]


def _scripts() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config())


def _in_order() -> list[str]:
    """Every revision, each after all it builds on."""
    return [script.revision for script in reversed(list(_scripts().walk_revisions()))]


def _index_fact(table: str, index: Any) -> str:
    columns = [c if c is not None else "?" for c in index["column_names"]]
    expressions = index.get("expressions")
    options = {k: str(v) for k, v in sorted(index.get("dialect_options", {}).items())}
    return (f"{table} index {index['name']} ({', '.join(columns)}) unique={bool(index['unique'])}"
            f"{f' expressions={expressions}' if expressions else ''}{f' {options}' if options else ''}")


def _table_facts(inspector: sa.Inspector, dialect: sa.Dialect, table: str) -> list[str]:
    facts = [f"{table} column {n:02d} {c['name']} {c['type'].compile(dialect=dialect)}"
             f" {'NULL' if c['nullable'] else 'NOT NULL'} default={c.get('default')}"
             for n, c in enumerate(inspector.get_columns(table))]
    pk = inspector.get_pk_constraint(table)
    facts.append(f"{table} primary key {pk.get('name')} ({', '.join(pk['constrained_columns'])})")
    facts += [f"{table} foreign key {fk['name']} ({', '.join(fk['constrained_columns'])}) -> {fk['referred_table']}"
              f" ({', '.join(fk['referred_columns'])}) {fk.get('options') or {}}"
              for fk in inspector.get_foreign_keys(table)]
    facts += [f"{table} unique {u['name']} ({', '.join(u['column_names'])})"
              for u in inspector.get_unique_constraints(table)]
    facts += [_index_fact(table, index) for index in inspector.get_indexes(table)]
    facts += [f"{table} check {c['name']} {c['sqltext']}" for c in inspector.get_check_constraints(table)]
    return facts


def _schema(connection: Connection) -> set[str]:
    inspector = sa.inspect(connection)
    facts: set[str] = set()
    for table in inspector.get_table_names():
        if table != "alembic_version":
            facts.update(_table_facts(inspector, connection.dialect, table))
    if connection.dialect.name == "postgresql":
        facts.update(f"sequence {name}" for name in inspector.get_sequence_names())
    return facts


def _walk(connection: Connection) -> Steps:
    """Each revision applied alone on top of all it builds on: what it added to the schema and what it dropped."""
    steps: Steps = {}
    schema = _schema(connection)
    for revision in _in_order():
        command.upgrade(alembic_config(connection), revision)
        new = _schema(connection)
        steps[revision] = {"added": sorted(new - schema), "dropped": sorted(schema - new)}
        schema = new
    return steps


def _pinned(dialect: str, steps: Steps) -> Steps:
    path = DATA / f"migration_schema_{dialect}.json"
    if os.environ.get("UPDATE_MIGRATION_SCHEMA"):
        path.write_text(json.dumps(steps, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        pytest.fail(f"{path.name} written: review its diff, then run again without UPDATE_MIGRATION_SCHEMA")
    return json.loads(path.read_text(encoding="utf-8"))


async def test_each_revision_builds_the_pinned_schema(database_url: str) -> None:
    steps = await in_one_transaction(database_url, _walk)
    pinned = _pinned(make_url(database_url).get_backend_name(), steps)
    assert sorted(steps) == sorted(pinned), "a revision was added or removed: pin the schema again"
    for revision, change in steps.items():
        assert change == pinned[revision], f"revision {revision} builds another schema than it was applied with"


def _down_and_up(connection: Connection) -> dict[str, set[str]]:
    """The schemas on the way down and back up: to the base from before the one-way revision, and back to it
    from the heads. Each downgrade runs once, and both must restore the schema the upgrades had built."""
    config = alembic_config(connection)
    one_way_and_after = {script.revision for script in _scripts().walk_revisions(base=ONE_WAY, head="heads")}
    before = [revision for revision in _in_order() if revision not in one_way_and_after]
    seen: dict[str, set[str]] = {}
    for step in ("before one-way", "again before one-way"):
        for revision in before:
            command.upgrade(config, revision)
        seen[step] = _schema(connection)
        if step == "before one-way":
            command.downgrade(config, "base")
            seen["base"] = _schema(connection)
    command.upgrade(config, ONE_WAY)
    seen["one-way"] = _schema(connection)
    command.upgrade(config, "heads")
    seen["heads"] = _schema(connection)
    command.downgrade(config, ONE_WAY)
    seen["down to one-way"] = _schema(connection)
    command.upgrade(config, "heads")
    seen["heads again"] = _schema(connection)
    with pytest.raises(NotImplementedError):
        command.downgrade(config, "base")  # courses cannot be folded back into one per code
    return seen


async def test_every_downgrade_restores_the_schema_before_it(database_url: str) -> None:
    seen = await in_one_transaction(database_url, _down_and_up)
    assert seen["base"] == set()
    assert seen["again before one-way"] == seen["before one-way"]
    assert seen["down to one-way"] == seen["one-way"]
    assert seen["heads again"] == seen["heads"]
