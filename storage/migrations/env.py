"""Alembic environment. The app passes an open connection (storage.database.migrate); the CLI form is not used."""

from __future__ import annotations

from alembic import context

from storage.models import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("storage migrations run through storage.database.Database.migrate()")

# When writing a revision for one feature, only its tables count (scripts/new_migration.py).
only_tables: set[str] | None = context.config.attributes.get("only_tables")


def include_object(obj: object, name: str | None, type_: str, reflected: bool, compare_to: object) -> bool:
    if only_tables is None:
        return True
    table = getattr(obj, "table", obj)
    return getattr(table, "name", name) in only_tables


context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    include_object=include_object,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
