"""The bundled demo roster: `make run` works out of the box on an empty database."""

from __future__ import annotations

import logging
from pathlib import Path

from bot.roster_import import import_roster
from storage import Database

DEMO_ROSTER = Path(__file__).parent / "demo_roster"
log = logging.getLogger("tutorbot.demo")


async def import_demo_roster_if_empty(database: Database) -> bool:
    async with database.unit_of_work() as uow:
        if not await uow.roster.is_empty():
            return False
    result = await import_roster(database, DEMO_ROSTER)
    if not result.ok:
        raise RuntimeError("the bundled demo roster is invalid: " + "; ".join(map(str, result.problems)))
    log.info("database was empty: imported the bundled demo roster (%d rows) from %s", result.counts.created, DEMO_ROSTER)
    return True
