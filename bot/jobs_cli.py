"""`jobs list`, `jobs run NAME` (CONTRACT §8): every timed job can be run now, once, against the current time.

`jobs run weekly-summary [--week YYYY-Www] [--force] [--school CODE]` posts a given week (the previous one by
default); the others take no options. What a run queued is delivered before the command returns.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from bot.adapter import build_adapter
from bot.calendar import build_calendar
from bot.jobs import JOBS, job_named
from bot.outbox import Deliverer
from bot.reach import personal_chats
from bot.services import Services
from bot.sessions_worker import SessionsWorker
from bot.settings import Settings
from bot.weekly_summary import send_weekly_summaries
from storage import Database
from tutoring.clock import SystemClock, local_date
from tutoring.weekly import IsoWeek


def add_parser(commands: Any) -> None:
    jobs = commands.add_parser("jobs", help="list the timed jobs, or run one now")
    actions = jobs.add_subparsers(dest="jobs_action", required=True)
    actions.add_parser("list", help="name every timed job")
    run = actions.add_parser("run", help="run one job now")
    run.add_argument("job", choices=[j.name for j in JOBS])
    run.add_argument("--week", help="ISO week like 2026-W47 (default: the previous week)")
    run.add_argument("--force", action="store_true", help="post again even if this week was already posted")
    run.add_argument("--school", help="only this school's channels (its code)")


async def run(settings: Settings, args: argparse.Namespace) -> int:
    if args.jobs_action == "list":
        for job in JOBS:
            print(f"{job.name}: {job.what}")
        return 0
    if args.job != "weekly-summary" and (args.week or args.force or args.school):
        print("--week, --force and --school are options of weekly-summary only", file=sys.stderr)
        return 2
    try:
        week = IsoWeek.parse(args.week) if args.week else None
    except ValueError as error:
        print(f"--week: {error}", file=sys.stderr)
        return 2
    database = Database(settings.database_url)
    adapter, _ = build_adapter(settings)
    deliverer = Deliverer(database, adapter, settings.app_id, reach=personal_chats(settings, database))
    services = Services(settings=settings, database=database, deliverer=deliverer, clock=SystemClock(),
                        calendar=build_calendar(settings))
    services.sessions = SessionsWorker(database, services.calendar, services.clock, deliverer.kick)
    try:
        await database.migrate()
        if args.job == "weekly-summary":
            # CONTRACT §8: the previous ISO week by default (the scheduler uses the last week due instead).
            week = week or IsoWeek.of(local_date(services.clock.now())).previous()
            result = await send_weekly_summaries(services, week=week, force=args.force, school_code=args.school)
            said = f"weekly summary {result.week}: {result.posted} posted, {result.already} already sent earlier"
        else:
            job = job_named(args.job)
            assert job is not None  # argparse's choices
            said = await job.run(services)
        sent = await deliverer.deliver_due()  # now, from this process; the outbox keeps it to once
    finally:
        await services.calendar.close()
        await deliverer.stop()  # its loop never ran here; this closes its Graph session, if it opened one
        await adapter.close()
        await database.close()
    print(f"{said}; {sent} message(s) delivered now")
    return 0
