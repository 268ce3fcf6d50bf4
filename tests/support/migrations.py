"""Alembic's revisions run one target at a time on a test database (the app itself only upgrades to the heads)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from alembic.config import Config
from sqlalchemy import Connection
from sqlalchemy.ext.asyncio import create_async_engine

from storage.database import MIGRATIONS

T = TypeVar("T")


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


async def in_one_transaction(database_url: str, work: Callable[[Connection], T]) -> T:
    """`work` on one connection of its own, in one transaction (Alembic and the inspector are synchronous)."""
    engine = create_async_engine(database_url)
    try:
        async with engine.begin() as conn:
            return await conn.run_sync(work)
    finally:
        await engine.dispose()
