"""Models and queries of the summary feature."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession


class SummaryRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session
