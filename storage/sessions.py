"""Models and queries of the sessions feature."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession


class SessionsRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session
