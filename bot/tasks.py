"""Stopping a background task without ever waiting forever.

A cancel can be swallowed deep in a library (seen with `asyncio.wait_for` on Python 3.11); shutdown must still end.
Each loop also checks its own stop flag, so a lost cancel ends it at its next turn."""

from __future__ import annotations

import asyncio
import logging

log = logging.getLogger("tutorbot")

STOP_TIMEOUT_S = 10.0


async def stop_task(task: asyncio.Task[None] | None, timeout: float = STOP_TIMEOUT_S) -> None:
    if task is None or task.done():
        return
    task.cancel()
    done, _ = await asyncio.wait({task}, timeout=timeout)
    if not done:
        log.error("background task %s did not stop within %.0f s; left behind", task.get_name(), timeout)
    elif not task.cancelled() and task.exception() is not None:
        log.error("background task %s ended with %r", task.get_name(), task.exception())
