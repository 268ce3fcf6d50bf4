"""Sending to Teams with the retries its Connector asks for (429, 412, 502, 503, 504; Retry-After honoured)."""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Awaitable, Callable
from typing import TypeVar

from aiohttp import ClientResponseError

RETRYABLE = frozenset({412, 429, 502, 503, 504})
MAX_ATTEMPTS = 5
MAX_WAIT_S = 30.0

log = logging.getLogger("tutorbot.delivery")
T = TypeVar("T")


def retry_after_seconds(error: ClientResponseError) -> float | None:
    value = (error.headers or {}).get("Retry-After") if error.headers else None
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        return None


async def with_retries(send: Callable[[], Awaitable[T]], *, what: str = "send") -> T:
    """Run `send`, retrying throttling and gateway errors with backoff and jitter; other errors propagate."""
    for attempt in range(1, MAX_ATTEMPTS + 1):
        try:
            return await send()
        except ClientResponseError as error:
            if error.status not in RETRYABLE or attempt == MAX_ATTEMPTS:
                raise
            wait = retry_after_seconds(error)
            if wait is None:
                wait = min(MAX_WAIT_S, 0.25 * 2 ** (attempt - 1)) * (0.5 + random.random())
            wait = min(wait, MAX_WAIT_S)
            log.warning("%s: HTTP %s, retry %d in %.2f s", what, error.status, attempt, wait)
            await asyncio.sleep(wait)
    raise AssertionError("unreachable")
