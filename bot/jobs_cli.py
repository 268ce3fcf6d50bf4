"""`jobs run weekly-summary [--week YYYY-Www] [--force] [--school CODE]` (CONTRACT §8): run a job now."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from bot.adapter import build_adapter
from bot.outbox import Deliverer
from bot.services import Services
from bot.settings import Settings
from bot.weekly_summary import send_weekly_summaries
from storage import Database
from tutoring.clock import ALMATY, SystemClock
from tutoring.weekly import IsoWeek


def add_parser(commands: Any) -> None:
    jobs = commands.add_parser("jobs", help="run a scheduled job now")
    actions = jobs.add_subparsers(dest="jobs_action", required=True)
    run = actions.add_parser("run", help="run one job")
    run.add_argument("job", choices=["weekly-summary"])
    run.add_argument("--week", help="ISO week like 2026-W47 (default: the previous week)")
    run.add_argument("--force", action="store_true", help="post again even if this week was already posted")
    run.add_argument("--school", help="only this school's channels (its code)")


async def run(settings: Settings, args: argparse.Namespace) -> int:
    try:
        week = IsoWeek.parse(args.week) if args.week else None
    except ValueError as error:
        print(f"--week: {error}", file=sys.stderr)
        return 2
    database = Database(settings.database_url)
    adapter, _ = build_adapter(settings)
    deliverer = Deliverer(database, adapter, settings.app_id)
    services = Services(settings=settings, database=database, deliverer=deliverer, clock=SystemClock())
    try:
        await database.migrate()
        # CONTRACT §8: the previous ISO week by default (the scheduler uses the last week due instead).
        week = week or IsoWeek.of(services.clock.now().astimezone(ALMATY).date()).previous()
        result = await send_weekly_summaries(services, week=week, force=args.force, school_code=args.school)
        sent = await deliverer.deliver_due()  # now, from this process; the outbox keeps it to once
    finally:
        await adapter.close()
        await database.close()
    print(f"weekly summary {result.week}: {result.posted} posted, {result.already} already sent earlier, "
          f"{sent} message(s) delivered now")
    return 0
