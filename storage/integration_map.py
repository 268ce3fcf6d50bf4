"""Models and queries of the integration_map feature."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession


class IntegrationMapRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session
