"""A test that hangs says where: after a while every asyncio task's stack is printed, then pytest-timeout fails it.

pytest-timeout alone shows only the event loop waiting in select(); the tasks' stacks show what they wait for."""

from __future__ import annotations

import asyncio
import io
import os
import sys
import threading

AFTER_S = float(os.environ.get("TUTORBOT_WATCHDOG_S", "120"))


def _dump(loop: asyncio.AbstractEventLoop, name: str) -> None:
    out = io.StringIO()
    out.write(f"\n--- watchdog: {name} still running after {AFTER_S:.0f} s; asyncio tasks:\n")
    for task in asyncio.all_tasks(loop):
        task.print_stack(file=out)
    sys.stderr.write(out.getvalue())
    sys.stderr.flush()


def arm(loop: asyncio.AbstractEventLoop, name: str) -> threading.Timer:
    timer = threading.Timer(AFTER_S, lambda: loop.call_soon_threadsafe(_dump, loop, name))
    timer.daemon = True
    timer.start()
    return timer
