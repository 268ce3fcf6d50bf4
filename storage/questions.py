"""Models and queries of the questions feature."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession


class QuestionsRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session
