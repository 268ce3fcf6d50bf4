"""A thin façade over APScheduler (as python-telegram-bot's JobQueue): jobs only trigger sweeps.

What is due lives in the database; a job that fires twice, late, or on two replicas finds the work
already claimed or done. So jobs stay in memory and nothing is pickled.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from apscheduler.schedulers.asyncio import AsyncIOScheduler  # type: ignore[import-untyped]
from apscheduler.triggers.cron import CronTrigger  # type: ignore[import-untyped]
from apscheduler.triggers.date import DateTrigger  # type: ignore[import-untyped]
from apscheduler.triggers.interval import IntervalTrigger  # type: ignore[import-untyped]

from bot import metrics

Sweep = Callable[[], Awaitable[object]]
log = logging.getLogger("tutorbot.scheduler")


class Scheduler:
    def __init__(self, tz_name: str) -> None:
        self.tz_name = tz_name
        self._scheduler = AsyncIOScheduler(timezone=tz_name)
        self.jobs: list[str] = []

    def every(self, name: str, seconds: int, sweep: Sweep) -> None:
        self._add(name, IntervalTrigger(seconds=seconds, timezone=self.tz_name), sweep)

    def weekly(self, name: str, day_of_week: str, hour: int, minute: int, sweep: Sweep) -> None:
        """Local wall-clock time in the scheduler's zone (Asia/Almaty by default)."""
        self._add(name, CronTrigger(day_of_week=day_of_week, hour=hour, minute=minute, timezone=self.tz_name), sweep)

    def at_start(self, name: str, sweep: Sweep) -> None:
        """Once, right after the scheduler starts."""
        self._add(name, DateTrigger(timezone=self.tz_name), sweep)

    def _add(self, name: str, trigger: object, sweep: Sweep) -> None:
        async def run() -> None:
            try:
                await sweep()
            except Exception:
                metrics.JOB_RUNS.labels(name, "failed").inc()
                log.exception("job %s failed; it runs again at its next time", name)
            else:
                metrics.JOB_RUNS.labels(name, "ok").inc()

        # coalesce + one instance: a late or busy job runs once, not once per missed tick.
        self._scheduler.add_job(run, trigger, id=name, name=name, coalesce=True, max_instances=1,
                                misfire_grace_time=3600, replace_existing=True)
        self.jobs.append(name)

    def start(self) -> None:
        self._scheduler.start()
        log.info("scheduler started (%s): %s", self.tz_name, ", ".join(self.jobs) or "no jobs")

    def shutdown(self) -> None:
        if self._scheduler.running:
            self._scheduler.shutdown(wait=False)
