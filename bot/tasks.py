"""Stopping a background task without ever waiting forever.

First the loop is asked to stop (its own flag) and given a grace period to finish what it is doing: a task
cancelled in the middle of a database call can leave the driver's connection half-closed (seen with SQLAlchemy
and aiosqlite: a close that never completes). Only then is it cancelled, and waited for a bounded time, because
a cancel can also be swallowed deep in a library (seen with `asyncio.wait_for` on Python 3.11)."""

from __future__ import annotations

import asyncio
import logging

log = logging.getLogger("tutorbot")

GRACE_S = 10.0
STOP_TIMEOUT_S = 10.0


async def stop_task(task: asyncio.Task[None] | None, grace: float = GRACE_S, timeout: float = STOP_TIMEOUT_S) -> None:
    """Wait for `task` to end by itself (its loop was told to stop), then cancel it; never longer than both."""
    if task is None or task.done():
        return
    done, _ = await asyncio.wait({task}, timeout=grace)
    if not done:
        log.warning("background task %s still busy after %.0f s; cancelling it", task.get_name(), grace)
        task.cancel()
        done, _ = await asyncio.wait({task}, timeout=timeout)
    if not done:
        log.error("background task %s did not stop within %.0f s; left behind", task.get_name(), timeout)
    elif not task.cancelled() and task.exception() is not None:
        log.error("background task %s ended with %r", task.get_name(), task.exception())
