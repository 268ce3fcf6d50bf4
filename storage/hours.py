"""Models and queries of the hours feature."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession


class HoursRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session
