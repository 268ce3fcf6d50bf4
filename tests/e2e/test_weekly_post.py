"""A weekly post with nowhere to go is not marked sent: it goes out once the channel is known again (issue 14)."""

from __future__ import annotations

from sqlalchemy import func, select, text

from bot.app import SERVICES
from bot.weekly_summary import send_weekly_summaries
from storage.outbox import OutboxMessage
from storage.summary import SummaryPost, SummarySubscription
from tests.conftest import RunningBot
from tests.e2e.test_summary import record_week, subscribe_channel, summary_posts
from tests.support.waiting import until

GONE = 999_999  # no conversation reference has this id


async def point_nowhere(bot: RunningBot) -> int:
    """The subscription's channel reference is gone (as after a restore that lost it): its id points nowhere."""
    async with bot.database.engine.connect() as conn:
        if bot.database.dialect == "postgresql":
            await conn.execute(text("SET session_replication_role = replica"))  # foreign keys unchecked
        else:
            await conn.execute(text("PRAGMA foreign_keys = OFF"))  # outside a transaction, as SQLite wants
        was = (await conn.execute(text("SELECT conversation_ref_id FROM summary_subscriptions"))).scalar_one()
        await conn.execute(text("UPDATE summary_subscriptions SET conversation_ref_id = :gone"), {"gone": GONE})
        await conn.commit()
        await conn.execute(text("SET session_replication_role = DEFAULT" if bot.database.dialect == "postgresql"
                                else "PRAGMA foreign_keys = ON"))
        await conn.commit()
    return int(was)


async def posts_of(bot: RunningBot) -> int:
    async with bot.database.unit_of_work() as uow:
        return int(await uow.db.scalar(select(func.count(SummaryPost.id))) or 0)


async def test_a_week_with_no_channel_reference_is_not_marked_sent(bot: RunningBot) -> None:
    await subscribe_channel(bot)
    week = await record_week(bot)
    assert bot.app is not None
    services = bot.app[SERVICES]
    was = await point_nowhere(bot)

    run = await send_weekly_summaries(services, week=week)

    assert (run.posted, run.already, run.missing) == (0, 0, 1)
    assert await posts_of(bot) == 0  # not claimed: the week is still due
    async with bot.database.unit_of_work() as uow:
        assert await uow.db.scalar(select(func.count(OutboxMessage.id)).where(OutboxMessage.key.like("summary:%"))) == 0
        subscription = await uow.db.scalar(select(SummarySubscription))
        assert subscription is not None
        subscription.conversation_ref_id = was  # the channel is known again

    again = await send_weekly_summaries(services, week=week)

    assert (again.posted, again.missing) == (1, 0)
    assert await posts_of(bot) == 1
    await until(lambda: len(summary_posts(bot)) == 1, "the week's post in the channel")
