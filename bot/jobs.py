"""Every timed job of the bot, registered in one place. Each one only triggers a sweep over the database."""

from __future__ import annotations

from bot.outbox import Deliverer
from bot.scheduler import Scheduler
from storage import Database


def register_jobs(scheduler: Scheduler, database: Database, deliverer: Deliverer) -> None:
    # The delivery loop wakes itself; this sweep is the safety net after an outage or a missed kick.
    scheduler.every("outbox-sweep", 30, deliverer.deliver_due)
    _ = database  # feature sweeps (reminders, weekly summary) register here
