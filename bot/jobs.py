"""Every timed job of the bot, named and registered in one place (CONTRACT §8). Each one only triggers a sweep
over the database, so running one twice (the scheduler, `jobs run NAME`, several replicas) sends nothing twice."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from bot import moodle_sync
from bot.moodle import moodle_client
from bot.scheduler import Scheduler
from bot.services import Services
from bot.throttle import prune_send_budget
from bot.weekly_summary import scheduled_weekly_summaries
from dialogs import deadlines, gradesheets, questions


@dataclass(frozen=True)
class Job:
    name: str
    what: str  # one line for `jobs list`
    run: Callable[[Services], Awaitable[str]]  # runs it once against the current time; what it did
    every_s: int | None = None  # an interval sweep
    weekly: tuple[str, int, int] | None = None  # (day of week, hour, minute), local time
    at_start: bool = False  # once when the scheduler starts (catches up a run the bot was down for)
    # What the scheduler runs instead of `run`, where the running process has a loop of its own for it.
    scheduled: Callable[[Services], Awaitable[object]] | None = None


async def _outbox(services: Services) -> str:
    return f"{await services.deliverer.deliver_due()} message(s) delivered"


async def _wake_delivery(services: Services) -> None:
    """In the server: wake its one delivery loop, never a second delivery beside it (CONTRACT §10)."""
    services.deliverer.kick()


async def _reminders(services: Services) -> str:
    swept = await questions.run_sweep(services.database, services.clock, services.deliverer.kick)
    if services.sessions is not None:
        await services.sessions.sweep()
    return f"questions: {swept.reminded} reminded, {swept.overdue} flagged overdue; sessions swept"


async def _gradesheet_reminders(services: Services) -> str:
    reminded = await gradesheets.run_sweep(services.database, services.clock, services.settings.gradesheet_days)
    services.deliverer.kick()
    return f"grade sheets: {reminded} reminded"


async def _deadline_reminders(services: Services) -> str:
    reminded = await deadlines.run_sweep(services.database, services.clock)
    services.deliverer.kick()
    return f"deadlines: {reminded} reminded"


async def _moodle_sync(services: Services) -> str:
    client = moodle_client(services.settings)
    if client is None:
        return "moodle: not configured (MOODLE_URL, MOODLE_TOKEN); submissions come from import-submissions"
    async with client:
        return str(await moodle_sync.sync(services.database, client, services.clock))


async def _send_budget(services: Services) -> str:
    pruned = await prune_send_budget(services.database, services.deliverer.throttle)
    return f"send budget: {pruned} quiet key(s) dropped"


async def _weekly_summary(services: Services) -> str:
    result = await scheduled_weekly_summaries(services)
    return f"weekly summary {result.week}: {result.posted} posted, {result.already} already sent"


JOBS: tuple[Job, ...] = (
    # The delivery loop wakes itself; this sweep is the safety net after an outage or a missed kick.
    Job("outbox", "deliver queued messages that are due (retries after an outage)", _outbox, every_s=30,
        scheduled=_wake_delivery),
    # Questions unanswered for 24 working hours remind the tutor once, at 48 they are flagged overdue; sessions:
    # calendar sync retries, reminders 24 h / 1 h before, "was it held?" after, attendance reports.
    Job("reminders", "questions (24 h reminder, 48 h overdue) and sessions (sync, 24 h / 1 h reminders, held?)",
        _reminders, every_s=60),
    # A grade sheet not marked filled on or after its due day (7.4): its tutors are reminded once.
    Job("gradesheet-reminders", "AIS grade sheets not marked filled by their due day: remind the tutor once",
        _gradesheet_reminders, every_s=600),
    # Work not handed in 48 h before its deadline (7.3): each student reminded once, unless `deadlines off`.
    Job("deadline-reminders", "syllabus deadlines within 48 h, work not handed in: remind each student once",
        _deadline_reminders, every_s=600),
    # A local copy of Moodle's assignments and submissions (no turn waits on Moodle); failures retry next run.
    Job("moodle-sync", "Moodle's assignments, submissions and extensions into the local copy (with MOODLE_URL)",
        _moodle_sync, every_s=900),
    # The shared rate budget keeps a row per conversation ever written to: drop those quiet past every window.
    Job("send-budget", "drop Teams rate-budget rows of conversations quiet for longer than every window",
        _send_budget, every_s=600),
    # Monday 09:00 local time; a missed Monday runs once at start (the unique key keeps it to one post).
    Job("weekly-summary", "the deans' weekly summary to subscribed channels (Monday 09:00)", _weekly_summary,
        weekly=("mon", 9, 0), at_start=True),
)


def job_named(name: str) -> Job | None:
    return next((j for j in JOBS if j.name == name), None)


def register_jobs(scheduler: Scheduler, services: Services) -> None:
    for job in JOBS:
        sweep = _bound(job, services)
        if job.every_s is not None:
            scheduler.every(job.name, job.every_s, sweep)
        if job.weekly is not None:
            day, hour, minute = job.weekly
            scheduler.weekly(job.name, day, hour, minute, sweep)
        if job.at_start:
            scheduler.at_start(f"{job.name}-catch-up", sweep)


def _bound(job: Job, services: Services) -> Callable[[], Awaitable[object]]:
    run = job.scheduled or job.run

    async def sweep() -> object:
        return await run(services)

    return sweep
