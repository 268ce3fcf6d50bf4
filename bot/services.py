"""What the process's parts share: settings, database, outbox delivery, clock. Built once in `create_app`."""

from __future__ import annotations

from dataclasses import dataclass

from bot.outbox import Deliverer
from bot.settings import Settings
from storage import Database
from tutoring.clock import Clock


@dataclass
class Services:
    settings: Settings
    database: Database
    deliverer: Deliverer
    clock: Clock
