"""Rate limits Teams enforces on bots: about 7 messages a second per conversation, 50 a second per app."""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict


class RateLimiter:
    """A sliding window: at most `limit` acquisitions in any `period` seconds."""

    def __init__(self, limit: int, period: float = 1.0) -> None:
        self.limit = limit
        self.period = period
        self._times: list[float] = []
        self._lock = asyncio.Lock()

    async def acquire(self) -> None:
        async with self._lock:
            while True:
                now = time.monotonic()
                self._times = [t for t in self._times if now - t < self.period]
                if len(self._times) < self.limit:
                    self._times.append(now)
                    return
                await asyncio.sleep(self.period - (now - self._times[0]) + 0.001)


class TeamsThrottle:
    def __init__(self, per_conversation: int = 7, per_app: int = 45) -> None:
        # 45, not 50: send timing jitters, and a limit hit exactly gets 429s from Teams.
        self.per_conversation = per_conversation
        self.app = RateLimiter(per_app)
        self._conversations: OrderedDict[str, RateLimiter] = OrderedDict()

    async def acquire(self, conversation_key: str) -> None:
        limiter = self._conversations.get(conversation_key)
        if limiter is None:
            limiter = self._conversations[conversation_key] = RateLimiter(self.per_conversation)
            if len(self._conversations) > 10_000:  # forget the least recently used ones
                self._conversations.popitem(last=False)
        self._conversations.move_to_end(conversation_key)
        await limiter.acquire()
        await self.app.acquire()
