"""The Teams rate budget every process shares: the send times of the last window per key (the bot, a conversation).

A key may carry several windows (Teams counts a conversation's sends per 1 s, 2 s, 30 s and hour); its row keeps
the times of its longest one. Rows of keys quiet for longer than any window are deleted by a sweep (`prune`).
"""

from __future__ import annotations

import bisect
import json
from dataclasses import dataclass

from sqlalchemy import Float, String, Text, delete, select, update
from sqlalchemy.orm import Mapped, mapped_column

from storage.models import Base
from storage.repository import Repository

Window = tuple[str, int, float]  # (key, at most this many sends, in any period of this many seconds)


@dataclass(frozen=True)
class Send:
    """One send asking for a slot: the windows it must keep, and the slot it gives back (missed, unused)."""

    windows: list[Window]
    instead_of: float | None = None
PACE_ABOVE = 10  # sends a second: windows faster than this are paced evenly
EPSILON = 1e-6


class SendBudget(Base):
    """The send times of the last window per rate-limit key (the bot, a conversation), shared by all processes."""

    __tablename__ = "send_budget"

    key: Mapped[str] = mapped_column(String(120), primary_key=True)
    times_json: Mapped[str] = mapped_column(Text)
    # The latest time in times_json (epoch seconds): what the sweep reads to drop quiet keys.
    last_at: Mapped[float] = mapped_column(Float, default=0.0, index=True)


class SendBudgetRepository(Repository):
    async def take_slots(self, sends: list[list[Window] | Send], now: float) -> list[float]:
        """Slots for several sends at once, in order, each keeping every (key, limit, period) window it names.

        Reserved for all keys in one transaction, under row locks taken in key order on PostgreSQL, so processes
        share one budget and never wait on each other in a cycle."""
        asked = [send if isinstance(send, Send) else Send(send) for send in sends]
        periods: dict[str, float] = {}
        for send in asked:
            for key, _limit, period in send.windows:
                periods[key] = max(period, periods.get(key, 0.0))
        windows = await self._locked(sorted(periods), periods, now)
        slots: list[float] = []
        for send in asked:
            keys = {key for key, _limit, _period in send.windows}
            for key in keys:
                if send.instead_of in windows[key]:
                    windows[key].remove(send.instead_of)
            slot = earliest_slot([(windows[key], limit, period) for key, limit, period in send.windows], now)
            for key in keys:
                bisect.insort(windows[key], slot)
            slots.append(slot)
        await self._store(windows)
        return slots

    async def move_slot(self, key: str, slot: float, at: float) -> None:
        """A send reserved at `slot` was answered at `at`: count it from then (it reached Teams by then)."""
        windows = await self._locked([key], {key: 0.0}, None)
        times = windows[key]
        if slot in times:
            times.remove(slot)
            bisect.insort(times, max(slot, at))
            await self._store(windows)

    async def prune(self, before: float) -> int:
        """Delete the rows of keys with no send since `before` (older than every window): how many."""
        result = await self.session.execute(delete(SendBudget).where(SendBudget.last_at < before)
                                            .execution_options(synchronize_session=False))
        return int(result.rowcount)  # type: ignore[attr-defined]

    async def _locked(self, names: list[str], periods: dict[str, float], now: float | None) -> dict[str, list[float]]:
        await self.session.execute(self.insert(SendBudget).values([{"key": k, "times_json": "[]", "last_at": 0.0}
                                                              for k in names]).on_conflict_do_nothing())
        query = select(SendBudget.key, SendBudget.times_json).where(SendBudget.key.in_(names)).order_by(SendBudget.key)
        if self.on_postgres:
            query = query.with_for_update()
        rows = {key: json.loads(times) for key, times in (await self.session.execute(query)).all()}
        if now is None:
            return {key: sorted(times) for key, times in rows.items()}
        return {key: sorted(t for t in rows[key] if t > now - periods[key]) for key in names}

    async def _store(self, windows: dict[str, list[float]]) -> None:
        for key in sorted(windows):
            times = windows[key]
            await self.session.execute(
                update(SendBudget).where(SendBudget.key == key)
                .values(times_json=json.dumps(times), last_at=times[-1] if times else 0.0)
                .execution_options(synchronize_session=False))


def earliest_slot(windows: list[tuple[list[float], int, float]], now: float) -> float:
    """The first time >= now where one more send leaves at most `limit` sends in any `period` of each window.

    `times` are sorted. Fast windows (the bot's 50 a second) are also paced `period / limit` apart: a burst of a
    whole window at one instant reaches Teams in a jittered order and spills into the next window. A
    conversation's sends go one after the other anyway, and its slow windows (60 in 30 s) must not be spread
    thin (that would forbid the 7 a second it may send), so they are not paced."""
    paced = [*windows, *((times, 1, period / limit) for times, limit, period in windows
                         if limit / period > PACE_ABOVE)]
    candidates = sorted({now, *(t + period for times, _limit, period in paced
                                for t in times[bisect.bisect_right(times, now - period):])})
    for slot in candidates:
        if all(_fits(times, limit, period, slot) for times, limit, period in paced):
            return slot
    return candidates[-1]  # unreachable: past every known send, all windows are empty


def _fits(ordered: list[float], limit: int, period: float, slot: float) -> bool:
    # Every window of length `period` that holds `slot` starts at a send in (slot - period, slot] or at the slot.
    # Times a rounding error apart (epoch seconds carry about 0.2 µs) count as equal: EPSILON.
    first = bisect.bisect_right(ordered, slot - period + EPSILON)
    if bisect.bisect_left(ordered, slot + period - EPSILON) - first + 1 <= limit:
        return True  # fewer sends than the limit anywhere near the slot: no window can be full
    for start in [*ordered[first:bisect.bisect_right(ordered, slot)], slot]:
        inside = bisect.bisect_left(ordered, start + period - EPSILON) - bisect.bisect_left(ordered, start)
        if inside + 1 > limit:
            return False
    return True
