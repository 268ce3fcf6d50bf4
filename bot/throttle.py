"""Rate limits Teams enforces on bots: about 7 messages a second per conversation, 50 a second per bot.

The budget is the bot's, not a process's: every send reserves its time slot in the database (`send_budget`), so
N processes together keep the limits. A slot honours sliding windows the way Teams counts them; the window is a
little longer than Teams' second because a message reaches Teams a few milliseconds after its slot.
"""

from __future__ import annotations

import asyncio
import time

from storage import Database

APP_KEY = "bot"


class TeamsThrottle:
    def __init__(self, database: Database, per_conversation: int = 7, per_app: int = 50,
                 period: float = 1.0, margin: float = 0.05) -> None:
        self.database = database
        self.per_conversation = per_conversation
        self.per_app = per_app
        self.period = period + margin  # a send arrives a little after its slot: keep that much apart
        # SQLite serves one process; its writers queue on the file, so reservations are made one at a time here.
        self._local = asyncio.Lock()

    async def acquire(self, conversation_key: str) -> float:
        """Wait for this send's slot; returns how long it waited (s)."""
        keys = [(f"conv:{conversation_key}"[:120], self.per_conversation, self.period),
                (APP_KEY, self.per_app, self.period)]
        if self.database.dialect == "postgresql":
            slot = await self._reserve(keys)
        else:
            async with self._local:
                slot = await self._reserve(keys)
        wait = slot - time.time()
        if wait > 0:
            await asyncio.sleep(wait)
        return max(0.0, wait)

    async def _reserve(self, keys: list[tuple[str, int, float]]) -> float:
        async with self.database.unit_of_work() as uow:
            return await uow.outbox.take_slot(keys, time.time())
