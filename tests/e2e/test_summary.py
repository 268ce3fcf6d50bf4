"""The dean's weekly summary: subscribe in a channel, figures that match the ledger, one post per week."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import sys
from decimal import Decimal
from pathlib import Path

from bot.adapter import build_adapter
from bot.outbox import Deliverer
from bot.services import Services
from bot.weekly_summary import send_weekly_summaries
from cards.i18n import text
from dialogs.router import Turn
from dialogs.summary import dean_report
from storage import Database
from storage.models import Person
from tests.conftest import DEAN, STUDENT, TUTOR, RunningBot
from tests.support import teams
from tests.support.adaptive_cards import assert_cards_valid
from tests.support.chat import Chat
from tutoring.clock import ALMATY, SystemClock, local_date
from tutoring.norms import Category
from tutoring.roles import Role
from tutoring.weekly import IsoWeek

REPO = Path(__file__).resolve().parents[2]


async def subscribe_channel(bot: RunningBot, locale: str = "ru-RU") -> None:
    reply = await Chat(bot, DEAN, locale=locale, channel=True).say("subscribe")
    assert "Школа менеджмента" in reply.text or "School" in reply.text or "Школа" in reply.text


async def record_week(bot: RunningBot) -> IsoWeek:
    """What the tutor and students did this week, recorded through the features' own repositories."""
    now = dt.datetime.now(dt.UTC)
    today = local_date(now)
    async with bot.database.unit_of_work() as uow:
        tutor = await uow.people.by_email(TUTOR.email or "")
        student = await uow.people.by_email(STUDENT.email or "")
        assert tutor is not None and student is not None
        [course] = [c for c in await uow.people.courses_of(tutor, today) if c.code == "MGT2101"]
        for n, (category, hours) in enumerate([(Category.INTRO, "1"), (Category.SESSIONS, "2.5"),
                                               (Category.ASSESSMENT, "0.5")]):
            await uow.hours.add(key=f"summary-test-{n}", tutor_id=tutor.id, course_id=course.id,
                                category=category, hours=Decimal(hours), date=today, entered_by_id=tutor.id, now=now)
        answered = await uow.questions.ask(course=course, student=student, text="Когда РК2?", anonymous=False,
                                           key="summary-q1", now=now - dt.timedelta(hours=3))
        await uow.questions.answer(question=answered, tutor=tutor, text="12 декабря", key="summary-a1",
                                   now=now - dt.timedelta(hours=1))
        await uow.questions.ask(course=course, student=student, text="Где силлабус?", anonymous=True,
                                key="summary-q2", now=now - dt.timedelta(minutes=30))
    return IsoWeek.of(today)


def summary_posts(bot: RunningBot) -> list[dict[str, object]]:
    return [c["activity"] for c in bot.connector.created_conversations if "activity" in c]


async def run_cli(bot: RunningBot, *args: str) -> tuple[int, str]:
    env = {**os.environ, "DATABASE_URL": bot.settings.database_url, "TUTORBOT_DEMO_ROSTER": "0"}
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "jobs", "run", "weekly-summary", *args, cwd=REPO, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )
    out, _ = await asyncio.wait_for(process.communicate(), 120)
    return process.returncode or 0, out.decode()


async def test_dean_subscribes_and_the_week_is_posted_once(bot: RunningBot) -> None:
    await subscribe_channel(bot)
    week = await record_week(bot)
    code, out = await run_cli(bot, "--week", str(week))
    assert code == 0, out
    assert f"weekly summary {week}: 1 posted" in out
    code, out = await run_cli(bot, "--week", str(week))
    assert code == 0, out
    assert "0 posted, 1 already sent" in out
    [post] = summary_posts(bot)
    [created] = bot.connector.created_conversations
    assert created["isGroup"] is True and created["channelData"]["channel"]["id"] == "19:general@thread.tacv2"
    card = post["attachments"][0]["content"]  # type: ignore[index]
    assert_cards_valid([card])
    facts = {f["title"]: f["value"] for block in card["body"] if block.get("type") == "FactSet"
             for f in block["facts"]}
    assert facts["Часы за неделю"] == "4 ч"
    assert facts["Часы за семестр"].startswith("4 из 22 ч")  # two tutors × 11 h of the norms
    assert facts["Вопросы студентов"] == "получено 2, отвечено 1, просрочено 0"
    assert facts["Медиана ответа"] == "2 ч"
    assert facts["MGT2101 · Айгерим Касымова"].startswith("4/11 ч · за неделю 4 ч")
    # --force posts a second edition on purpose.
    code, out = await run_cli(bot, "--week", str(week), "--force")
    assert "1 posted" in out
    assert len(summary_posts(bot)) == 2


async def test_only_a_dean_in_a_channel_may_subscribe(bot: RunningBot) -> None:
    student = await Chat(bot, STUDENT, locale="en-US", channel=True).say("subscribe")
    assert "not available to a student" in student.text
    tutor = await Chat(bot, TUTOR, locale="en-US", channel=True).say("subscribe")
    assert "not available to a tutor" in tutor.text
    personal = await Chat(bot, DEAN, locale="en-US").say("subscribe")
    assert "team channel" in personal.text
    async with bot.database.unit_of_work() as uow:
        assert await uow.summary.active_subscriptions() == []


async def test_unsubscribe_stops_the_summary(bot: RunningBot) -> None:
    await subscribe_channel(bot)
    reply = await Chat(bot, DEAN, locale="en-US", channel=True).say("unsubscribe")
    assert "no longer receive" in reply.text
    code, out = await run_cli(bot, "--week", "2026-W47")
    assert code == 0 and "0 posted, 0 already" in out
    assert summary_posts(bot) == []


async def test_dean_report_on_demand_in_english(bot: RunningBot) -> None:
    await record_week(bot)
    reply = await Chat(bot, DEAN, locale="en-US").say("report")
    card = reply.card
    assert "Tutoring service: Школа менеджмента" in str(card)
    assert "Hours this week" in str(card)


async def test_dean_report_in_a_channel_goes_to_the_personal_chat(bot: RunningBot) -> None:
    """The summary names tutors with their figures: a team channel only hears where it went."""
    await record_week(bot)
    await Chat(bot, DEAN, locale="en-US").say("help")  # the dean has a personal chat with the bot
    personal = f"a:personal-{DEAN.teams_id}"
    before = len(bot.connector.to_conversation(personal))
    said = await Chat(bot, DEAN, locale="en-US", channel=True).say("report")
    assert said.cards == [] and "went to your personal chat" in said.text
    in_channel = [s for s in bot.connector.sent if s.conversation_id.startswith("19:general@thread.tacv2")]
    assert in_channel and all(s.cards == [] for s in in_channel)
    assert all(name not in str(s.activity) for s in in_channel for name in ("Айгерим Касымова", "Дмитрий Ковалёв"))
    await bot.connector.wait_for(len(bot.connector.sent) + 1)
    [delivered] = bot.connector.to_conversation(personal)[before:]
    assert "Hours this week" in str(delivered.cards[0]) and "Айгерим Касымова" in str(delivered.cards[0])


async def test_dean_report_in_a_channel_when_the_dean_cannot_be_reached_personally(bot: RunningBot) -> None:
    """No way to write to the dean personally: the channel hears why, and no figures."""
    await record_week(bot)
    async with bot.database.unit_of_work() as uow:
        dean = await uow.people.by_email(DEAN.email or "")
        assert dean is not None and dean.teams_user_id is None  # never spoke to the bot
        turn = Turn(person=dean, role=Role.DEAN, lang="en", uow=uow, conversation_type="channel",
                    conversation_id="19:general@thread.tacv2", activity_id="act-report-1",
                    now=dt.datetime.now(dt.UTC))
        replies = await dean_report(turn)
    assert [r.card for r in replies] == [None]
    assert "cannot write to you personally" in (replies[0].text or "")
    assert "Айгерим" not in (replies[0].text or "")
    assert uow.outbox.enqueued == 0


async def test_two_runs_racing_post_once(bot: RunningBot) -> None:
    await subscribe_channel(bot)
    week = await record_week(bot)

    def services() -> Services:
        database = Database(bot.settings.database_url)
        adapter, _ = build_adapter(bot.settings)
        return Services(bot.settings, database, Deliverer(database, adapter, ""), SystemClock())

    first, second = services(), services()
    try:
        runs = await asyncio.gather(send_weekly_summaries(first, week=week), send_weekly_summaries(second, week=week))
        assert sorted(r.posted for r in runs) == [0, 1]
        await asyncio.gather(first.deliverer.deliver_due(), second.deliverer.deliver_due())
    finally:
        await first.database.close()
        await second.database.close()
    assert len(summary_posts(bot)) == 1


async def test_cli_default_is_the_previous_iso_week(bot: RunningBot) -> None:
    await subscribe_channel(bot)
    previous = IsoWeek.of(dt.datetime.now(dt.UTC).astimezone(ALMATY).date()).previous()
    code, out = await run_cli(bot)
    assert code == 0 and f"weekly summary {previous}: 1 posted" in out


async def test_the_office_of_online_education_reads_every_school(bot: RunningBot) -> None:
    async with bot.database.unit_of_work() as uow:
        uow.db.add(Person(email="a.bekova@demo.almau.edu.kz", name="Алия Бекова", role="uoo", school_id=None,
                               aad_object_id="0a1d0000-0000-4000-8000-000000000104"))
    uoo = teams.TeamsUser("29:uoo-aliya", "Алия Бекова", "0a1d0000-0000-4000-8000-000000000104",
                          "a.bekova@demo.almau.edu.kz")
    report = await Chat(bot, uoo).say("report")
    assert "Школа менеджмента" in str(report.cards)
    refused = await Chat(bot, uoo).say("hours")
    assert text("ru", "not_allowed", command="hours", role=text("ru", "role.uoo")) == refused.text
