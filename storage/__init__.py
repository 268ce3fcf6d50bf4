"""Persistence: SQLAlchemy models, the database façade and repositories (the only place with queries)."""

from storage.database import Database, UnitOfWork

__all__ = ["Database", "UnitOfWork"]
