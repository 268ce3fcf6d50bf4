"""A test that hangs says where: after a while every asyncio task's stack is printed, then pytest-timeout fails it.

pytest-timeout alone shows only the event loop waiting in select(); the tasks' stacks show what they wait for.
Armed twice per test: around the test and its fixtures, and around the teardown, where pytest-asyncio's runner
cancels the tasks left over and waits for them (a task that ignores its cancel hangs there)."""

from __future__ import annotations

import asyncio
import io
import os
import sys
import threading

AFTER_S = float(os.environ.get("TUTORBOT_WATCHDOG_S", "120"))

last_loop: asyncio.AbstractEventLoop | None = None


def _dump(loop: asyncio.AbstractEventLoop, name: str) -> None:
    out = io.StringIO()
    out.write(f"\n--- watchdog: {name} still running after {AFTER_S:.0f} s; asyncio tasks:\n")
    for task in asyncio.all_tasks(loop):
        task.print_stack(file=out)
    sys.stderr.write(out.getvalue())
    sys.stderr.flush()


def arm(loop: asyncio.AbstractEventLoop, name: str, after: float = AFTER_S) -> threading.Timer:
    global last_loop
    last_loop = loop

    def fire() -> None:
        if not loop.is_closed():
            loop.call_soon_threadsafe(_dump, loop, name)

    timer = threading.Timer(after, fire)
    timer.daemon = True
    timer.start()
    return timer
