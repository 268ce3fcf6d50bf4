"""Fan-out of proactive messages through the outbox, against a Connector stand-in that enforces Teams' limits.

    .venv/bin/python bench/fanout.py                 # N=500 to 500 people, then N=500 into 5 conversations
    .venv/bin/python bench/fanout.py --n 1000 --conversations 10 --database-url postgresql+asyncpg://…

What runs is the product's own path: messages are enqueued with `uow.outbox.to_person` (one transaction),
then the real `bot.outbox.Deliverer` sends them through the Agents SDK adapter. The stand-in counts like Teams
(FIELD-NOTES): per conversation at most 7 messages in any 1 s, 8 in 2 s, 60 in 30 s and 1800 in an hour, and 50
per app in any 1 s; anything over gets 429 and Retry-After: 1. Every message carries its outbox key, so the
stand-in counts what arrived once, twice (duplicated) or never (lost). The theoretical minimum time is N/50 s (the
app limit), or, when later, the time at which the busiest conversation's last message may leave at the earliest
under its windows. Only loopback traffic; the run is bounded by --timeout.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import logging
import sys
import tempfile
import time
from collections import Counter, deque
from pathlib import Path

from aiohttp import web
from sqlalchemy import select

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.adapter import build_adapter
from bot.outbox import Deliverer
from bot.settings import Settings
from storage import Database
from storage.models import ConversationRef, Person
from storage.outbox import OutboxMessage, OutboxState
from storage.send_budget import earliest_slot
from tests.support.local_server import LocalServer

CONVERSATION_WINDOWS = ((7, 1.0), (8, 2.0), (60, 30.0), (1800, 3600.0))  # (messages, in any this many s)
PER_APP = 50
WINDOW_S = 1.0


def earliest_last(messages: int) -> float:
    """When a conversation's last of `messages` may leave at the earliest (each sent as soon as Teams allows)."""
    times: list[float] = []
    for _ in range(messages):
        times.append(earliest_slot([(times, limit, period) for limit, period in CONVERSATION_WINDOWS],
                                   times[-1] if times else 0.0))
    return times[-1] if times else 0.0


class LimitedConnector(LocalServer):
    """Speaks POST /v3/conversations/{id}/activities[/{replyTo}]; 429 past Teams' limits, else records."""

    path = "/"  # a serviceUrl as Teams sends it

    def __init__(self) -> None:
        self.app_window: deque[float] = deque()
        self.conversation_windows: dict[str, list[deque[float]]] = {}
        self.received: Counter[str] = Counter()
        self.arrivals: list[float] = []  # time.perf_counter() of every accepted message
        self.refused = 0

    @staticmethod
    def _full(window: deque[float], limit: int, period: float, now: float) -> bool:
        while window and now - window[0] >= period:
            window.popleft()
        return len(window) >= limit

    async def _post(self, request: web.Request) -> web.Response:
        conversation = request.match_info["cid"]
        now = time.monotonic()
        windows = self.conversation_windows.setdefault(conversation, [deque() for _ in CONVERSATION_WINDOWS])
        if self._full(self.app_window, PER_APP, WINDOW_S, now) or any(
                self._full(window, limit, period, now)
                for window, (limit, period) in zip(windows, CONVERSATION_WINDOWS, strict=True)):
            self.refused += 1
            return web.json_response({"error": {"code": "TooManyRequests"}}, status=429, headers={"Retry-After": "1"})
        self.app_window.append(now)
        for window in windows:
            window.append(now)
        self.arrivals.append(time.perf_counter())
        body = await request.json()
        self.received[str(body.get("text"))] += 1
        return web.json_response({"id": f"sent-{sum(self.received.values())}"}, status=201)

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_post("/v3/conversations/{cid}/activities", self._post)
        app.router.add_post("/v3/conversations/{cid}/activities/{aid}", self._post)
        return app


def reference(connector_url: str, conversation_id: str, user_id: str) -> str:
    return json.dumps({
        "activityId": None, "bot": {"id": "28:tutorbot-bench", "name": "Tutorbot"}, "channelId": "msteams",
        "conversation": {"id": conversation_id, "conversationType": "personal", "tenantId": "tenant-bench"},
        "serviceUrl": connector_url, "user": {"id": user_id, "name": user_id},
    })


async def scenario(name: str, database_url: str, n: int, conversations: int, timeout: float,
                   deliverers: int = 1) -> None:
    connector = LimitedConnector()
    await connector.start()
    database = Database(database_url)
    await database.migrate()
    try:
        # People and their personal chats; a "conversation" here is a person's chat with the bot.
        async with database.unit_of_work() as uow:
            people: list[Person] = []
            for i in range(conversations):
                person = Person(email=f"bench{i}@{name}.example", name=f"Bench {i}", role="tutor",
                                teams_user_id=f"29:bench-{name}-{i}")
                uow.db.add(person)
                people.append(person)
            await uow.db.flush()
            for i, person in enumerate(people):
                uow.db.add(ConversationRef(
                    conversation_id=f"a:bench-{name}-{i}", conversation_type="personal", person_id=person.id,
                    teams_user_id=person.teams_user_id, tenant_id="tenant-bench", service_url=connector.url,
                    reference_json=reference(connector.url, f"a:bench-{name}-{i}", person.teams_user_id or ""),
                ))
        keys = [f"bench:{name}:{i}" for i in range(n)]
        async with database.unit_of_work() as uow:  # the fan-out is one transaction, as a turn or sweep does it
            for i, key in enumerate(keys):
                await uow.outbox.to_person(people[i % conversations], key, {"type": "message", "text": key})

        settings = Settings.load(env={"DATABASE_URL": database_url}, env_file=None)
        adapter, _ = build_adapter(settings)
        # Several delivering processes: each its own database pool, sharing the outbox and the Teams budget.
        pools = [database] + [Database(database_url) for _ in range(deliverers - 1)]
        running = [Deliverer(pool, adapter, settings.app_id) for pool in pools]
        started = time.perf_counter()
        for deliverer in running:
            deliverer.start()
            deliverer.kick()
        finished = False
        while time.perf_counter() - started < timeout:
            async with database.unit_of_work() as uow:
                settled = await uow.db.scalar(
                    select(OutboxMessage.id)
                    .where(OutboxMessage.key.like(f"bench:{name}:%"),
                           OutboxMessage.state.in_([OutboxState.PENDING.value, OutboxState.SENDING.value]))
                    .limit(1)
                )
            if settled is None:
                finished = True
                break
            await asyncio.sleep(0.05)
        elapsed = time.perf_counter() - started
        for deliverer in running:
            await deliverer.stop()
        await adapter.close()  # the pooled Connector sessions, as the app's shutdown closes them
        for pool in pools[1:]:
            await pool.close()

        busiest = -(-n // conversations)
        minimum = max(n / PER_APP, earliest_last(busiest))
        delivered = sum(1 for k in keys if connector.received[k] >= 1)
        duplicated = sum(connector.received[k] - 1 for k in keys if connector.received[k] > 1)
        lost = n - delivered
        stray = sum(count for text, count in connector.received.items() if text not in set(keys))
        async with database.unit_of_work() as uow:
            states = Counter((await uow.db.scalars(
                select(OutboxMessage.state).where(OutboxMessage.key.like(f"bench:{name}:%"))
            )).all())
        print(f"{name}: N={n} into {conversations} conversation(s) (busiest {busiest} messages), "
              f"{deliverers} delivering process(es), {database.dialect}")
        print(f"  time {elapsed:.2f} s; theoretical minimum {minimum:.2f} s "
              f"(N/50 = {n / PER_APP:.2f} s, busiest conversation {earliest_last(busiest):.2f} s); "
              f"ratio {elapsed / minimum:.2f}{'' if finished else '  (TIMED OUT)'}")
        if connector.arrivals:
            print(f"  first message at {min(connector.arrivals) - started:.2f} s, "
                  f"last at {max(connector.arrivals) - started:.2f} s")
        print(f"  delivered {delivered}, lost {lost}, duplicated {duplicated}, stray (not ours) {stray}; "
              f"429 answered by the stand-in {connector.refused}; outbox states {dict(states)}")
    finally:
        await database.close()
        await connector.stop()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=500, help="notifications per scenario (default 500)")
    parser.add_argument("--conversations", type=int, default=5,
                        help="conversations in the crowded scenario (default 5)")
    parser.add_argument("--database-url", default="", help="default: a fresh SQLite file")
    parser.add_argument("--deliverers", type=int, default=1,
                        help="delivering processes sharing the outbox and the budget (above 1 needs PostgreSQL)")
    parser.add_argument("--postgres", action="store_true", help="a throw-away PostgreSQL server (tests/support)")
    parser.add_argument("--only", default="spread,crowded", help="scenarios to run (default spread,crowded)")
    parser.add_argument("--timeout", type=float, default=300.0, help="give up on a scenario after this (s)")
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    for noisy in ("tutorbot.outbox", "microsoft_agents"):
        logging.getLogger(noisy).setLevel(logging.CRITICAL)  # every 429 is logged; here they are counted
    server = None
    if args.postgres and not args.database_url:
        from tests.support.postgres import start_postgres

        server = start_postgres()
    try:
        with tempfile.TemporaryDirectory() as folder:
            url = args.database_url or (server.url("postgres") if server else f"sqlite+aiosqlite:///{folder}/fanout.db")
            if "spread" in args.only:
                await scenario("spread", url, args.n, args.n, args.timeout, args.deliverers)
            if "crowded" in args.only:
                await scenario("crowded", url, args.n, args.conversations, args.timeout, args.deliverers)
    finally:
        if server is not None:
            server.stop()


if __name__ == "__main__":
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(main())
