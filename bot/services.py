"""What the process's parts share: settings, database, outbox delivery, clock, calendar. Built once in `create_app`."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.calendar.local import LocalCalendar
from bot.outbox import Deliverer
from bot.sessions_worker import SessionsWorker
from bot.settings import Settings
from storage import Database
from tutoring.calendar import Calendar
from tutoring.clock import Clock


@dataclass
class Services:
    settings: Settings
    database: Database
    deliverer: Deliverer
    clock: Clock
    calendar: Calendar = field(default_factory=LocalCalendar)  # Graph or local (CONTRACT §3)
    sessions: SessionsWorker | None = None  # calendar sync, reminders, "was it held?" (bot/sessions_worker.py)
