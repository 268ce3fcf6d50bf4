"""Every timed job of the bot, registered in one place. Each one only triggers a sweep over the database."""

from __future__ import annotations

from bot.scheduler import Scheduler
from bot.services import Services


def register_jobs(scheduler: Scheduler, services: Services) -> None:
    # The delivery loop wakes itself; this sweep is the safety net after an outage or a missed kick.
    scheduler.every("outbox-sweep", 30, services.deliverer.deliver_due)
