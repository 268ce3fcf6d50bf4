"""Rate limits Teams enforces on bots (FIELD-NOTES): per conversation 7 messages a second, 8 in 2 s, 60 in 30 s and
1800 an hour; about 50 a second per bot.

The budget is the bot's, not a process's: every send reserves its time slot in the database (`send_budget`), so
N processes together keep the limits. A slot honours sliding windows the way Teams counts them; the window is a
little longer than Teams' because a message reaches Teams a few milliseconds after its slot. Two things keep a busy
process from crowding a window: a send woken well after its slot (the event loop was busy) takes a fresh slot
rather than going out beside the sends reserved after it, and a conversation's send answered late is counted from
its answer (it reached Teams by then), which its next send's slot respects.
"""

from __future__ import annotations

import asyncio
import bisect
import time
from dataclasses import dataclass

from storage import Database
from storage.send_budget import Send, Window, earliest_slot

APP_KEY = "bot"
CONVERSATION_LIMITS: tuple[tuple[int, float], ...] = ((7, 1.0), (8, 2.0), (60, 30.0), (1800, 3600.0))
APP_LIMITS: tuple[tuple[int, float], ...] = ((50, 1.0),)


@dataclass(frozen=True)
class Ticket:
    """A send's reserved slot: for `answered`, once Teams has taken the message."""

    conversation: str  # the budget key of the conversation
    slot: float
    waited: float  # seconds spent waiting for the slot


class TeamsThrottle:
    def __init__(self, database: Database, conversation_limits: tuple[tuple[int, float], ...] = CONVERSATION_LIMITS,
                 app_limits: tuple[tuple[int, float], ...] = APP_LIMITS, margin: float = 0.05) -> None:
        self.database = database
        self.conversation_limits = conversation_limits
        self.app_limits = app_limits
        self.margin = margin  # a send arrives a little after its slot: keep that much apart
        # SQLite serves one process only (WORKERS needs PostgreSQL): its budget stays in this process's memory.
        self._local: dict[str, list[float]] = {}
        # PostgreSQL: sends waiting for a slot are reserved together, one transaction for all of them.
        self._waiting: list[tuple[Send, asyncio.Future[float]]] = []
        self._flushing: asyncio.Task[None] | None = None

    def windows(self, conversation_key: str) -> list[Window]:
        conversation = f"conv:{conversation_key}"[:120]
        return [*((conversation, limit, period + self.margin) for limit, period in self.conversation_limits),
                *((APP_KEY, limit, period + self.margin) for limit, period in self.app_limits)]

    @property
    def longest(self) -> float:
        """How long a send counts against some window (what the budget must remember)."""
        return max(period for _limit, period in (*self.conversation_limits, *self.app_limits)) + self.margin

    async def acquire(self, conversation_key: str) -> Ticket:
        """Wait for this send's slot."""
        keys = self.windows(conversation_key)
        slot = await self._reserve(keys, None)
        waited = await self._until(slot)
        if waited > 0 and time.time() - slot > self.margin:
            # Woken later than the margin absorbs (the event loop was busy): going now would crowd the sends
            # reserved after this one. The missed slot is given back (nothing was sent in it) for a fresh one.
            slot = await self._reserve(keys, slot)
            waited += await self._until(slot)
        return Ticket(keys[0][0], slot, waited)

    @staticmethod
    async def _until(slot: float) -> float:
        wait = slot - time.time()
        if wait <= 0:
            return 0.0
        await asyncio.sleep(wait)
        return wait

    async def answered(self, ticket: Ticket, at: float) -> None:
        """Teams answered this send at `at`: if well after its slot, count it against its conversation from then."""
        if at - ticket.slot <= self.margin / 2:
            return
        if self.database.dialect != "postgresql":
            times = self._local.get(ticket.conversation, [])
            if ticket.slot in times:
                times.remove(ticket.slot)
                bisect.insort(times, at)
            return
        async with self.database.unit_of_work() as uow:
            await uow.outbox.budget.move_slot(ticket.conversation, ticket.slot, at)

    async def _reserve(self, keys: list[Window], instead_of: float | None) -> float:
        if self.database.dialect != "postgresql":
            return self._reserve_here(keys, time.time(), instead_of)
        future: asyncio.Future[float] = asyncio.get_running_loop().create_future()
        self._waiting.append((Send(keys, instead_of), future))
        if self._flushing is None or self._flushing.done():
            self._flushing = asyncio.create_task(self._flush(), name="send-budget")
        return await future

    def _reserve_here(self, keys: list[Window], now: float, instead_of: float | None) -> float:
        longest: dict[str, float] = {}
        for key, _limit, period in keys:
            longest[key] = max(period, longest.get(key, 0.0))
        windows = {key: [t for t in self._local.get(key, []) if t > now - period] for key, period in longest.items()}
        for times in windows.values():
            if instead_of in times:
                times.remove(instead_of)
        slot = earliest_slot([(windows[key], limit, period) for key, limit, period in keys], now)
        for key in longest:
            bisect.insort(windows[key], slot)
            self._local[key] = windows[key]
        if len(self._local) > 10_000:  # conversations quiet for longer than every window have nothing to remember
            self._local = {key: times for key, times in self._local.items() if times and times[-1] > now - self.longest}
        return slot

    async def _flush(self) -> None:
        while self._waiting:
            batch, self._waiting = self._waiting, []
            try:
                async with self.database.unit_of_work() as uow:
                    slots = await uow.outbox.budget.take_slots([send for send, _ in batch], time.time())
            except Exception as error:  # each waiting send fails as its own send would (the outbox retries it)
                for _, future in batch:
                    if not future.done():
                        future.set_exception(error)
                continue
            for (_, future), slot in zip(batch, slots, strict=True):
                if not future.done():
                    future.set_result(slot)


async def prune_send_budget(database: Database, throttle: TeamsThrottle) -> int:
    """Delete the budget rows of keys with no send inside the longest window (a sweep: any process, any time)."""
    async with database.unit_of_work() as uow:
        return await uow.outbox.budget.prune(time.time() - throttle.longest)
