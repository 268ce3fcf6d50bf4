"""Rate limits Teams enforces on bots: about 7 messages a second per conversation, 50 a second per bot.

The budget is the bot's, not a process's: every send reserves its time slot in the database (`send_budget`), so
N processes together keep the limits. A slot honours sliding windows the way Teams counts them; the window is a
little longer than Teams' second because a message reaches Teams a few milliseconds after its slot.
"""

from __future__ import annotations

import asyncio
import time

from storage import Database
from storage.outbox import earliest_slot

APP_KEY = "bot"


class TeamsThrottle:
    def __init__(self, database: Database, per_conversation: int = 7, per_app: int = 50,
                 period: float = 1.0, margin: float = 0.05) -> None:
        self.database = database
        self.per_conversation = per_conversation
        self.per_app = per_app
        self.period = period + margin  # a send arrives a little after its slot: keep that much apart
        # SQLite serves one process only (WORKERS needs PostgreSQL): its budget stays in this process's memory.
        self._local: dict[str, list[float]] = {}
        # PostgreSQL: sends waiting for a slot are reserved together, one transaction for all of them.
        self._waiting: list[tuple[list[tuple[str, int, float]], asyncio.Future[float]]] = []
        self._flushing: asyncio.Task[None] | None = None

    async def acquire(self, conversation_key: str) -> float:
        """Wait for this send's slot; returns how long it waited (s)."""
        keys = [(f"conv:{conversation_key}"[:120], self.per_conversation, self.period),
                (APP_KEY, self.per_app, self.period)]
        if self.database.dialect == "postgresql":
            future: asyncio.Future[float] = asyncio.get_running_loop().create_future()
            self._waiting.append((keys, future))
            if self._flushing is None or self._flushing.done():
                self._flushing = asyncio.create_task(self._flush(), name="send-budget")
            slot = await future
        else:
            slot = self._reserve_here(keys, time.time())
        wait = slot - time.time()
        if wait > 0:
            await asyncio.sleep(wait)
        return max(0.0, wait)

    def _reserve_here(self, keys: list[tuple[str, int, float]], now: float) -> float:
        windows = {key: [t for t in self._local.get(key, []) if t > now - period] for key, _limit, period in keys}
        slot = earliest_slot([(windows[key], limit, period) for key, limit, period in keys], now)
        for key, _limit, _period in keys:
            self._local[key] = [*windows[key], slot]
        if len(self._local) > 10_000:  # conversations quiet for a second have nothing left to remember
            self._local = {key: times for key, times in self._local.items() if times and times[-1] > now - 2}
        return slot

    async def _flush(self) -> None:
        while self._waiting:
            batch, self._waiting = self._waiting, []
            try:
                async with self.database.unit_of_work() as uow:
                    slots = await uow.outbox.take_slots([keys for keys, _ in batch], time.time())
            except Exception as error:  # each waiting send fails as its own send would (the outbox retries it)
                for _, future in batch:
                    if not future.done():
                        future.set_exception(error)
                continue
            for (_, future), slot in zip(batch, slots, strict=True):
                if not future.done():
                    future.set_result(slot)
