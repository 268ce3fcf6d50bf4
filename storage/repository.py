"""What every repository is: queries on the unit of work's database session, on SQLite or PostgreSQL."""

from __future__ import annotations

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Base


class Repository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    @property
    def on_postgres(self) -> bool:
        """PostgreSQL (else SQLite): only there do row locks (FOR UPDATE, SKIP LOCKED) mean anything."""
        return self.session.get_bind().dialect.name == "postgresql"  # resolved as the session's statements are

    def insert(self, model: type[Base]) -> postgresql.Insert | sqlite.Insert:
        """An INSERT in the session's dialect, the one whose ON CONFLICT clause the database understands."""
        return (postgresql.insert if self.on_postgres else sqlite.insert)(model)
