"""Proactive delivery: recorded first, delivered once, through throttling, outages and restarts."""

from __future__ import annotations

import asyncio
import datetime as dt

from bot.adapter import build_adapter
from bot.app import DELIVERER
from bot.outbox import Deliverer
from storage.outbox import EnqueueOutcome, OutboxState
from tests.conftest import DEAN, STUDENT, TUTOR, RunningBot
from tests.support import teams


def note(text: str) -> dict[str, object]:
    return {"type": "message", "text": text}


async def say_help(bot: RunningBot, user: teams.TeamsUser) -> None:
    """The person talks to the bot once, so it has their personal conversation."""
    before = len(bot.connector.sent)
    await bot.client.post(teams.message(bot.connector.url, user, "help"))
    await bot.connector.wait_for(before + 1)


async def enqueue(bot: RunningBot, email: str, key: str, text: str) -> EnqueueOutcome:
    async with bot.database.unit_of_work() as uow:
        person = await uow.people.by_email(email)
        assert person is not None
        return await uow.outbox.to_person(person, key, note(text))


async def state(bot: RunningBot, key: str) -> str:
    async with bot.database.unit_of_work() as uow:
        row = await uow.outbox.state_of(key)
        assert row is not None
        return row.state


async def settled(bot: RunningBot, key: str, timeout: float = 10.0) -> str:
    """The outbox row's state once delivery stopped working on it (the Connector answers before we record)."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        current = await state(bot, key)
        if current not in (OutboxState.PENDING, OutboxState.SENDING) or asyncio.get_running_loop().time() > deadline:
            return current
        await asyncio.sleep(0.05)


async def test_delivered_once_even_if_enqueued_twice(bot: RunningBot) -> None:
    await say_help(bot, TUTOR)
    assert await enqueue(bot, TUTOR.email or "", "t:1", "Новый вопрос") is EnqueueOutcome.QUEUED
    assert await enqueue(bot, TUTOR.email or "", "t:1", "Новый вопрос") is EnqueueOutcome.DUPLICATE
    assert bot.app is not None
    bot.app[DELIVERER].kick()
    await bot.connector.wait_for(2)
    await asyncio.sleep(0.3)
    delivered = [s for s in bot.connector.sent if s.text == "Новый вопрос"]
    assert len(delivered) == 1
    assert delivered[0].conversation_id == f"a:personal-{TUTOR.teams_id}"
    assert await settled(bot, "t:1") == OutboxState.SENT


async def test_429_then_200_yields_one_message(bot: RunningBot) -> None:
    await say_help(bot, TUTOR)
    bot.connector.fail_next(429, times=2, retry_after=0.2)
    await enqueue(bot, TUTOR.email or "", "t:2", "после 429")
    assert bot.app is not None
    bot.app[DELIVERER].kick()
    await bot.connector.wait_for(2, timeout=15)
    await asyncio.sleep(0.5)
    assert [s.text for s in bot.connector.sent].count("после 429") == 1
    assert await settled(bot, "t:2") == OutboxState.SENT


async def test_connector_down_for_a_while_then_one_message(bot: RunningBot) -> None:
    await say_help(bot, TUTOR)
    bot.connector.go_down_for(2.0)
    await enqueue(bot, TUTOR.email or "", "t:3", "после простоя")
    assert bot.app is not None
    bot.app[DELIVERER].kick()
    await bot.connector.wait_for(2, timeout=20)
    assert await settled(bot, "t:3") == OutboxState.SENT
    assert [s.text for s in bot.connector.sent].count("после простоя") == 1
    async with bot.database.unit_of_work() as uow:
        row = await uow.outbox.state_of("t:3")
        assert row is not None and row.state == OutboxState.SENT and row.attempts >= 2


async def test_unreachable_person_is_recorded_not_sent(bot: RunningBot) -> None:
    assert await enqueue(bot, "m.ospanova@demo.almau.edu.kz", "t:4", "никому") is EnqueueOutcome.UNREACHABLE
    assert await state(bot, "t:4") == OutboxState.UNREACHABLE


async def test_person_seen_only_in_a_channel_gets_a_new_personal_chat(bot: RunningBot) -> None:
    await bot.client.post(teams.channel_mention(bot.connector.url, DEAN, "help"))
    await bot.connector.wait_for(1)
    await enqueue(bot, DEAN.email or "", "t:5", "лично декану")
    assert bot.app is not None
    bot.app[DELIVERER].kick()
    await bot.connector.wait_for(2)
    [created] = bot.connector.created_conversations
    assert created["members"] == [{"id": DEAN.teams_id}]
    assert [s.text for s in bot.connector.sent].count("лично декану") == 1
    assert await settled(bot, "t:5") == OutboxState.SENT


async def test_restart_in_the_middle_neither_loses_nor_duplicates(bot: RunningBot) -> None:
    await say_help(bot, STUDENT)
    assert bot.app is not None
    await bot.app[DELIVERER].stop()  # the bot's own loop is out of the way: we play two processes
    await enqueue(bot, STUDENT.email or "", "t:6", "переживёт рестарт")
    # Process 1 claims the row and dies before sending: its lease keeps others off for a moment.
    async with bot.database.unit_of_work() as uow:
        claimed = await uow.outbox.claim_due(dt.datetime.now(dt.UTC), 10, dt.timedelta(seconds=1), "dead-process")
    assert [c.key for c in claimed] == ["t:6"]
    adapter, _ = build_adapter(bot.settings)
    second = Deliverer(bot.database, adapter, "", lease=dt.timedelta(seconds=1))
    assert await second.deliver_due() == 0  # still leased by the dead process
    await asyncio.sleep(1.2)
    assert await second.deliver_due() == 1  # lease expired: taken over
    assert await second.deliver_due() == 0
    assert [s.text for s in bot.connector.sent].count("переживёт рестарт") == 1
