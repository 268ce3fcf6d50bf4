"""The delivery pipeline: a conversation's messages in order at Teams' pace, other conversations meanwhile."""

from __future__ import annotations

import time
from collections import Counter

from sqlalchemy import select

from bot.adapter import build_adapter
from bot.app import DELIVERER
from bot.outbox import Deliverer
from bot.throttle import CONVERSATION_LIMITS, TeamsThrottle
from storage import Database
from storage.models import Person
from storage.send_budget import SendBudget
from tests.conftest import RunningBot
from tests.e2e.test_jobs import jobs_cli
from tests.support.people import people_with_chats
from tests.support.waiting import until


async def enqueue(database: Database, person: Person, keys: list[str]) -> None:
    async with database.unit_of_work() as uow:
        for key in keys:
            await uow.outbox.to_person(person, key, {"type": "message", "text": key})


async def test_a_long_fan_out_does_not_hold_back_another_conversation(bot: RunningBot) -> None:
    """24 notices to one student go out at Teams' pace for that chat (8 in 2 s): several seconds. A notice to
    another student enqueued meanwhile leaves before they are done, and the 24 keep their order and Teams'
    windows."""
    assert bot.app is not None
    await bot.app[DELIVERER].stop()
    busy, other = await people_with_chats(bot.database, bot.connector.url, 2, "pipe")
    fan_out = [f"pipe:{i:02d}" for i in range(24)]
    await enqueue(bot.database, busy, fan_out)
    deliverer = Deliverer(bot.database, build_adapter(bot.settings)[0], "")
    deliverer.start()
    deliverer.kick()
    try:
        await until(lambda: len(bot.connector.sent) >= 1, "the fan-out to start", timeout=30)
        await enqueue(bot.database, other, ["pipe:other"])
        deliverer.kick()
        await until(lambda: any(s.text == "pipe:other" for s in bot.connector.sent), "the other notice",
                    timeout=30)
        fan_out_sent_by_then = sum(1 for s in bot.connector.sent if s.text != "pipe:other")
        await until(lambda: len(bot.connector.sent) >= 25, lambda: f"{len(bot.connector.sent)} of 25 sent",
                    timeout=60)
    finally:
        await deliverer.stop()
    assert fan_out_sent_by_then < len(fan_out)  # it did not wait for the fan-out to end
    received = Counter(s.text for s in bot.connector.sent)
    assert set(received.values()) == {1} and set(received) == {*fan_out, "pipe:other"}
    busy_chat = bot.connector.to_conversation(f"a:pipe-{busy.id}")
    assert [s.text for s in busy_chat] == fan_out  # in order
    arrivals = [s.at for s in busy_chat]
    for limit, period in CONVERSATION_LIMITS:  # no window of the conversation holds more than Teams allows
        for start in arrivals:
            assert sum(1 for t in arrivals if start <= t < start + period) <= limit, (limit, period)


async def test_the_sweep_drops_budget_rows_quiet_past_every_window(bot: RunningBot) -> None:
    """Every conversation ever written to has a budget row; the `send-budget` sweep deletes those quiet for
    longer than the longest window (an hour) and keeps the others."""
    throttle = TeamsThrottle(bot.database)
    now = time.time()
    async with bot.database.unit_of_work() as uow:
        for key, at in (("conv:quiet", now - throttle.longest - 60), ("conv:recent", now - 600)):
            await uow.outbox.budget.take_slots([[(key, 60, 30.0), (key, 1800, throttle.longest)]], at)
    code, out = await jobs_cli(bot, "run", "send-budget")
    assert code == 0, out
    assert "send budget: " in out
    async with bot.database.unit_of_work() as uow:
        keys = set((await uow.db.scalars(select(SendBudget.key))).all())
    assert "conv:recent" in keys and "conv:quiet" not in keys
