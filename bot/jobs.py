"""Every timed job of the bot, registered in one place. Each one only triggers a sweep over the database."""

from __future__ import annotations

from functools import partial

from bot.scheduler import Scheduler
from bot.services import Services
from bot.weekly_summary import scheduled_weekly_summaries
from dialogs import questions


def register_jobs(scheduler: Scheduler, services: Services) -> None:
    # The delivery loop wakes itself; this sweep is the safety net after an outage or a missed kick. It only wakes
    # the loop: one delivery loop per process, never a second one beside it.
    async def wake_delivery() -> None:
        services.deliverer.kick()

    scheduler.every("outbox-sweep", 30, wake_delivery)
    # Questions unanswered for 24 working hours remind the tutor once; at 48 they are flagged overdue.
    scheduler.every("questions-sweep", questions.SWEEP_EVERY_S, partial(
        questions.run_sweep, services.database, services.clock, services.deliverer.kick))
    # Sessions: calendar sync retries, reminders 24 h / 1 h before, "was it held?" after, attendance reports.
    if services.sessions is not None:
        scheduler.every("sessions-sweep", 60, services.sessions.sweep)
    # The dean's weekly summary: Monday 09:00 local time; the scheduler runs a missed one once (coalesce), and
    # `catch_up` at start covers a bot that was down on Monday morning.
    scheduler.weekly("weekly-summary", "mon", 9, 0, partial(scheduled_weekly_summaries, services))
    scheduler.at_start("weekly-summary-catch-up", partial(scheduled_weekly_summaries, services))
