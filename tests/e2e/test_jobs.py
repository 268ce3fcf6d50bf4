"""`jobs list` and `jobs run NAME` (CONTRACT §8): every timed job can be run now; twice sends nothing twice."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import sys
from pathlib import Path

from sqlalchemy import select

from bot.jobs import JOBS
from storage.outbox import OutboxMessage
from tests.conftest import STUDENT_NO_AAD, RunningBot

REPO = Path(__file__).resolve().parents[2]


async def jobs_cli(bot: RunningBot, *args: str) -> tuple[int, str]:
    env = {**os.environ, "DATABASE_URL": bot.settings.database_url, "TUTORBOT_DEMO_ROSTER": "0"}
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "jobs", *args, cwd=REPO, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )
    out, _ = await asyncio.wait_for(process.communicate(), 120)
    return process.returncode or 0, out.decode()


async def test_jobs_list_names_every_timed_job(bot: RunningBot) -> None:
    code, out = await jobs_cli(bot, "list")
    assert code == 0, out
    names = [line.split(":")[0] for line in out.splitlines() if ":" in line]
    assert {"weekly-summary", "reminders", "deadline-reminders", "moodle-sync"} <= set(names)
    assert names == [j.name for j in JOBS]


async def test_running_the_reminders_twice_reminds_once(bot: RunningBot) -> None:
    now = dt.datetime.now(dt.UTC)
    async with bot.database.unit_of_work() as uow:
        anna = await uow.people.by_email(STUDENT_NO_AAD.email or "")
        assert anna is not None
        [course] = await uow.people.courses_of(anna, now.date())
        question = await uow.questions.ask(course=course, student=anna, text="Где найти силлабус курса?",
                                           anonymous=False, key="jobs-q1", now=now - dt.timedelta(days=6))
        tutors = await uow.questions.tutors_of(course.id)
    code, out = await jobs_cli(bot, "run", "reminders")
    assert code == 0, out
    assert "questions: 1 reminded" in out
    code, again = await jobs_cli(bot, "run", "reminders")
    assert code == 0, again
    assert "questions: 0 reminded" in again
    async with bot.database.unit_of_work() as uow:
        rows = (await uow.db.scalars(select(OutboxMessage).where(
            OutboxMessage.key.like(f"question:{question.id}:reminder:%")))).all()
    assert len(rows) == len(tutors) == 1


async def test_options_of_the_weekly_summary_belong_to_it(bot: RunningBot) -> None:
    code, out = await jobs_cli(bot, "run", "reminders", "--week", "2026-W47")
    assert code == 2 and "weekly-summary only" in out
