"""Waiting in tests for something the bot does in the background (the outbox, a calendar sync) to happen."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable

import aiohttp


async def until(condition: Callable[[], bool | Awaitable[bool]], what: str | Callable[[], str | Awaitable[str]],
                timeout: float = 15.0, *, every: float = 0.05) -> None:
    """Check `condition` (plain or async) every `every` seconds until it holds; after `timeout` seconds fail the
    test with "timed out waiting for <what>". `what` may be a function (plain or async), asked only on failure,
    to describe the state things were left in."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        held = condition()
        if not isinstance(held, bool):
            held = await held
        if held:
            return
        if loop.time() > deadline:
            raise AssertionError(f"timed out waiting for {await _described(what)}")
        await asyncio.sleep(every)


async def _described(what: str | Callable[[], str | Awaitable[str]]) -> str:
    if isinstance(what, str):
        return what
    said = what()
    return said if isinstance(said, str) else await said


async def until_healthy(session: aiohttp.ClientSession, url: str, what: str, timeout: float = 60.0) -> None:
    """Wait until the bot at `url` answers 200 on /healthz (it serves: database reachable, migrations at head)."""

    async def healthy() -> bool:
        with contextlib.suppress(aiohttp.ClientError):
            async with session.get(f"{url}/healthz") as response:
                return response.status == 200
        return False

    await until(healthy, what, timeout, every=0.2)
