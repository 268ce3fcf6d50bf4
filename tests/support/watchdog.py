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
import warnings

AFTER_S = float(os.environ.get("TUTORBOT_WATCHDOG_S", "120"))

last_loop: asyncio.AbstractEventLoop | None = None


def _report(text: str) -> None:
    """To the test's captured stderr, and to TUTORBOT_WATCHDOG_LOG when set (passing tests' output is not shown)."""
    sys.stderr.write(text)
    sys.stderr.flush()
    if path := os.environ.get("TUTORBOT_WATCHDOG_LOG"):
        with open(path, "a", encoding="utf-8") as file:
            file.write(text)


def _dump(loop: asyncio.AbstractEventLoop, name: str) -> None:
    out = io.StringIO()
    out.write(f"\n--- watchdog: {name} still running after {AFTER_S:.0f} s; asyncio tasks:\n")
    for task in asyncio.all_tasks(loop):
        task.print_stack(file=out)
    _report(out.getvalue())


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


async def settle_leftovers(name: str, timeout: float = 10.0) -> None:
    """Tasks a test left running are reported with their stacks, then cancelled and waited for (bounded), so
    that pytest-asyncio's runner, which waits for them without a limit, does not hang on one."""
    left = [t for t in asyncio.all_tasks() if t is not asyncio.current_task() and not t.done()]
    if not left:
        return
    out = io.StringIO()
    out.write(f"\n--- watchdog: {name} left {len(left)} task(s) running:\n")
    for task in left:
        task.print_stack(file=out)
        task.cancel()
    _, pending = await asyncio.wait(left, timeout=timeout)
    for task in pending:
        out.write(f"--- still running {timeout:.0f} s after its cancel:\n")
        task.print_stack(file=out)
    _report(out.getvalue())
    for task in pending:
        # A task that ignores its cancel would hang the runner's close, which waits for every task without a
        # limit. It is reported (above, and as a warning in the summary) and taken off the loop's list instead.
        warnings.warn(f"{name}: task {task.get_name()} ignored its cancel: {task!r}"[:1000], stacklevel=1)
        asyncio.tasks._unregister_task(task)  # pyright: ignore[reportPrivateUsage]
