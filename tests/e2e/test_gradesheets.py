"""AIS grade sheets (Regulation 7.4, CONTRACT §11): due after each control point within GRADESHEET_DAYS working
days; marked once from the card (time logged as documentation); one reminder; the dean sees the overdue ones."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import select

from cards.i18n import text
from dialogs import gradesheets
from storage.gradesheets import GradeSheet
from storage.hours import HoursEntry
from storage.outbox import OutboxMessage
from tests.conftest import DEAN, TUTOR, RunningBot
from tests.support.cards import nodes
from tests.support.chat import Chat
from tests.support.texts import shows
from tutoring.clock import ALMATY, Clock, FixedClock

# MGT2101 (Айгерим) and FIN2204 (Дмитрий): RK1 on Saturday 24.10.2026, its sheet due Thursday 29.10.2026.
NOW = dt.datetime(2026, 11, 16, 10, 0, tzinfo=ALMATY)


@pytest.fixture
def bot_clock() -> Clock | None:
    return FixedClock(NOW)


def buttons(card: dict[str, Any]) -> list[dict[str, Any]]:
    return [n["data"] for n in nodes(card) if n.get("type") == "Action.Submit"
            and isinstance(n.get("data"), dict) and n["data"].get("action") == "gradesheets.filled"]


async def entries(bot: RunningBot) -> list[HoursEntry]:
    async with bot.database.unit_of_work() as uow:
        return list((await uow.db.scalars(select(HoursEntry).where(
            HoursEntry.idempotency_key.like("gradesheet:%")))).all())


async def test_the_tutor_marks_a_sheet_filled_once_and_logs_the_time(bot: RunningBot) -> None:
    tutor = Chat(bot, TUTOR)
    card = (await tutor.say("gradesheets")).card
    assert buttons(card) == [{"action": "gradesheets.filled", "course": "MGT2101", "control": "rk1"}]
    assert "hours" in [n.get("id") for n in nodes(card)]
    assert "29.10.2026" in str(card)

    said = await tutor.submit({**buttons(card)[0], "hours": "0,5"}, expect=0)
    assert text("ru", "gradesheets.marked", control="РК 1", course="MGT2101") in said.text
    [entry] = await entries(bot)
    assert entry.category == "documentation" and entry.hours == Decimal("0.5")
    assert entry.date == NOW.date()

    again = await tutor.submit({**buttons(card)[0], "hours": "0,5"}, expect=0)
    assert shows(again.text, "ru", "gradesheets.already", course="MGT2101", who="Айгерим Касымова")
    assert len(await entries(bot)) == 1
    assert text("ru", "gradesheets.none") in (await tutor.say("gradesheets")).text


async def test_a_sheet_not_due_or_not_mine_is_refused(bot: RunningBot) -> None:
    tutor = Chat(bot, TUTOR)
    for data in ({"course": "MGT2101", "control": "rk2"},  # RK2 is on 12.12: nothing to fill yet
                 {"course": "FIN2204", "control": "rk1"},  # Дмитрий's course
                 {"course": "MGT2101", "control": "final"}):
        said = await tutor.submit({"action": "gradesheets.filled", **data}, expect=0)
        assert said.text == text("ru", "gradesheets.error.sheet")
    async with bot.database.unit_of_work() as uow:
        assert (await uow.db.scalars(select(GradeSheet).where(GradeSheet.filled_at.is_not(None)))).all() == []


async def test_bad_hours_are_the_hours_fields_message_and_mark_nothing(bot: RunningBot) -> None:
    said = await Chat(bot, TUTOR).submit({"action": "gradesheets.filled", "course": "MGT2101", "control": "rk1",
                                          "hours": "1e400"}, expect=0)
    assert said.text and not shows(said.text, "ru", "gradesheets.marked")
    async with bot.database.unit_of_work() as uow:
        assert (await uow.db.scalars(select(GradeSheet).where(GradeSheet.filled_at.is_not(None)))).all() == []
    assert await entries(bot) == []


async def test_one_reminder_per_sheet_and_the_dean_sees_the_overdue_ones(bot: RunningBot) -> None:
    await Chat(bot, TUTOR).submit({"action": "gradesheets.filled", "course": "MGT2101", "control": "rk1"}, expect=0)
    async with bot.database.unit_of_work() as uow:
        first = await gradesheets.sweep(uow, NOW.astimezone(dt.UTC))
    async with bot.database.unit_of_work() as uow:
        second = await gradesheets.sweep(uow, NOW.astimezone(dt.UTC))
        rows = (await uow.db.scalars(select(OutboxMessage).where(
            OutboxMessage.key.like("gradesheet:%:reminder:%")))).all()
    assert (first, second) == (1, 0)  # FIN2204's RK1 only: MGT2101's was marked
    assert len(rows) == 1 and "FIN2204" in rows[0].activity_json
    report = str((await Chat(bot, DEAN).say("report")).cards)
    assert text("ru", "gradesheets.summary.title") in report
    assert "FIN2204 · РК 1 · Дмитрий Ковалёв (срок 29.10.2026)" in report
    assert "MGT2101 · РК 1" not in report
