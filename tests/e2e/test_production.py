"""Production (CONTRACT §10): many processes on one PostgreSQL, leases, the shared Teams budget, metrics, health."""

from __future__ import annotations

import asyncio
import csv
import datetime as dt
import os
import signal
import subprocess
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import aiohttp
import pytest
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import func, select, text

from bot.adapter import build_adapter
from bot.app import DELIVERER
from bot.demo import DEMO_ROSTER
from bot.outbox import Deliverer
from storage import Database
from storage.database import migration_heads
from storage.models import Person, School
from storage.outbox import OutboxState
from tests.conftest import STUDENT_NO_AAD, TUTOR, RunningBot, make_settings, start_bot
from tests.support import teams
from tests.support.connector import ConnectorStandIn
from tests.support.people import people_with_chats
from tests.support.postgres import free_port, start_postgres
from tests.support.waiting import until, until_healthy

ROOT = Path(__file__).resolve().parents[2]
ONLY_POSTGRES = pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)


def note(key: str) -> dict[str, object]:
    return {"type": "message", "text": key}


async def scrape(bot: RunningBot) -> dict[str, float]:
    return await _scrape_url(bot.url)


async def _scrape_url(url: str) -> dict[str, float]:
    """One scrape over a new connection (with WORKERS=N the kernel picks the process)."""
    async with aiohttp.ClientSession() as session, session.get(f"{url}/metrics") as response:
        assert response.status == 200
        assert response.headers["Content-Type"].startswith("text/plain")
        body = await response.text()
    values: dict[str, float] = {}
    for family in text_string_to_metric_families(body):
        values[f"family:{family.name}"] = 1
        for sample in family.samples:
            labels = ",".join(f"{k}={v}" for k, v in sorted(sample.labels.items()) if k != "le")
            if "le" in sample.labels:
                continue
            values[f"{sample.name}{{{labels}}}"] = sample.value
    return values


async def say_help(bot: RunningBot, user: teams.TeamsUser) -> None:
    before = len(bot.connector.sent)
    await bot.client.post(teams.message(bot.connector.url, user, "help"))
    await bot.connector.wait_for(before + 1)


async def enqueue_to(bot: RunningBot, email: str, keys: list[str]) -> None:
    async with bot.database.unit_of_work() as uow:
        person = await uow.people.by_email(email)
        assert person is not None
        for key in keys:
            await uow.outbox.to_person(person, key, note(key))


async def test_metrics_move_with_the_traffic(bot: RunningBot) -> None:
    before = await scrape(bot)
    for name in ("tutorbot_turns", "tutorbot_turn_seconds", "tutorbot_outbox_depth", "tutorbot_deliveries",
                 "tutorbot_graph_calls"):
        assert f"family:{name}" in before, name
    await say_help(bot, TUTOR)
    assert bot.app is not None
    await bot.app[DELIVERER].stop()  # the row waits, so the depth shows it
    await enqueue_to(bot, TUTOR.email or "", ["m:1"])
    middle = await scrape(bot)
    turns = "tutorbot_turns_total{kind=message,outcome=ok}"
    assert middle[turns] == before.get(turns, 0) + 1
    assert middle["tutorbot_turn_seconds_count{kind=message}"] == before.get(
        "tutorbot_turn_seconds_count{kind=message}", 0) + 1
    assert middle["tutorbot_outbox_depth{}"] == 1
    bot.app[DELIVERER].start()
    bot.app[DELIVERER].kick()
    await until(lambda: any(s.text == "m:1" for s in bot.connector.sent), "the notification")
    sent = "tutorbot_deliveries_total{outcome=sent}"

    async def delivered() -> bool:
        return (await scrape(bot)).get(sent, 0) >= before.get(sent, 0) + 1

    await until(delivered, "the delivery counted")
    after = await scrape(bot)
    assert after["tutorbot_outbox_depth{}"] == 0


async def test_healthz_is_ready_only_at_the_migration_head(bot: RunningBot) -> None:
    status, body = await bot.client.health()
    assert status == 200 and body["status"] == "ok"
    head = sorted(migration_heads())[0]  # as if this code were newer than the database: one head not applied
    async with bot.database.engine.begin() as conn:
        await conn.execute(text("UPDATE alembic_version SET version_num = '0001' WHERE version_num = :head"),
                           {"head": head})
    status, body = await bot.client.health()
    assert status == 503 and body["status"] == "degraded"
    async with bot.database.engine.begin() as conn:
        await conn.execute(text("UPDATE alembic_version SET version_num = :head WHERE version_num = '0001'"),
                           {"head": head})
    assert (await bot.client.health())[0] == 200


async def test_only_the_lease_holder_settles_a_row(bot: RunningBot) -> None:
    await say_help(bot, TUTOR)
    assert bot.app is not None
    await bot.app[DELIVERER].stop()
    await enqueue_to(bot, TUTOR.email or "", ["lease:1"])
    now = dt.datetime.now(dt.UTC)
    async with bot.database.unit_of_work() as uow:
        [slow] = await uow.outbox.claim_due(now, 10, dt.timedelta(seconds=1), "slow-process")
    later = now + dt.timedelta(seconds=2)  # the slow process's lease ran out: another one takes the row over
    async with bot.database.unit_of_work() as uow:
        [taker] = await uow.outbox.claim_due(later, 10, dt.timedelta(seconds=60), "taker")
        assert taker.id == slow.id
    async with bot.database.unit_of_work() as uow:
        assert await uow.outbox.renew([slow.id], slow.token, later + dt.timedelta(seconds=60)) == 0
        assert not await uow.outbox.mark_sent(slow.id, slow.token, "a-1", None)
        assert await uow.outbox.renew([taker.id], taker.token, later + dt.timedelta(seconds=60)) == 1
    async with bot.database.unit_of_work() as uow:
        row = await uow.outbox.state_of("lease:1")
        assert row is not None and row.state == OutboxState.SENDING and row.lease_token == "taker"
        assert await uow.outbox.mark_sent(taker.id, taker.token, "a-2", None)
    async with bot.database.unit_of_work() as uow:
        row = await uow.outbox.state_of("lease:1")
        assert row is not None and row.state == OutboxState.SENT and row.sent_activity_id == "a-2"


async def test_a_conversation_is_claimed_by_one_process_from_its_oldest_row(bot: RunningBot) -> None:
    await say_help(bot, TUTOR)
    assert bot.app is not None
    await bot.app[DELIVERER].stop()
    await enqueue_to(bot, TUTOR.email or "", [f"order:{i}" for i in range(4)])
    now = dt.datetime.now(dt.UTC)
    async with bot.database.unit_of_work() as uow:
        first = await uow.outbox.claim_due(now, 2, dt.timedelta(seconds=60), "first")
    assert [c.key for c in first] == ["order:0", "order:1"]
    async with bot.database.unit_of_work() as uow:  # the rest must wait behind the rows another process holds
        assert await uow.outbox.claim_due(now, 10, dt.timedelta(seconds=60), "second") == []
    async with bot.database.unit_of_work() as uow:
        for item in first:
            assert await uow.outbox.mark_sent(item.id, item.token, None, None)
    async with bot.database.unit_of_work() as uow:
        second = await uow.outbox.claim_due(now, 10, dt.timedelta(seconds=60), "second")
    assert [c.key for c in second] == ["order:2", "order:3"]


@ONLY_POSTGRES
async def test_the_rate_budget_is_one_for_all_processes(database_url: str) -> None:
    one, two = Database(database_url), Database(database_url)
    await one.migrate()
    now = 1_000_000.0
    try:
        async def reserve(database: Database, conversation: str) -> list[float]:
            slots = []
            for _ in range(30):
                async with database.unit_of_work() as uow:
                    slots.append(await uow.outbox.take_slot(
                        [(f"conv:{conversation}", 7, 1.0), ("bot", 50, 1.0)], now))
            return slots

        results = await asyncio.gather(*(reserve(db, f"c{i}") for i, db in enumerate([one, two, one, two])))
    finally:
        await one.close()
        await two.close()
    every = sorted(slot for slots in results for slot in slots)
    assert len(every) == 120
    for start in every:  # at most 50 for the bot and 7 per conversation in any second, whoever reserved
        assert sum(1 for s in every if start <= s < start + 1.0) <= 50
        for slots in results:
            assert sum(1 for s in slots if start <= s < start + 1.0) <= 7
    assert every[-1] >= now + 2  # 120 sends at 50 a second take more than two seconds


@ONLY_POSTGRES
async def test_two_processes_start_at_once_on_an_empty_database(database_url: str) -> None:
    settings = make_settings(database_url)
    databases = [Database(database_url), Database(database_url)]
    started = await asyncio.gather(*(start_bot(settings, db) for db in databases), return_exceptions=True)
    try:
        failures = [s for s in started if isinstance(s, BaseException)]
        assert failures == [], failures
        async with aiohttp.ClientSession() as session:
            for runner_and_url in started:
                assert not isinstance(runner_and_url, BaseException)
                client = teams.BotClient(runner_and_url[1], session)
                assert (await client.health())[0] == 200
        check = Database(database_url)
        async with check.unit_of_work() as uow:
            schools = await uow.db.scalar(select(func.count(School.id)))
        await check.close()
        with (DEMO_ROSTER / "schools.csv").open(encoding="utf-8-sig") as file:
            assert schools == len(list(csv.DictReader(file)))
    finally:
        for runner_and_url in started:
            if not isinstance(runner_and_url, BaseException):
                await runner_and_url[0].cleanup()


@ONLY_POSTGRES
async def test_member_lookup_runs_with_no_transaction_open(bot: RunningBot) -> None:
    open_transactions: list[int] = []
    name = bot.database.engine.url.database

    async def look() -> None:
        admin = Database(bot.settings.database_url)
        try:
            async with admin.engine.connect() as conn:
                count = await conn.scalar(text(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = :db AND state LIKE 'idle in transaction%'"
                ), {"db": name})
                open_transactions.append(int(count or 0))
        finally:
            await admin.close()

    bot.connector.while_looking_up = look
    await say_help(bot, STUDENT_NO_AAD)  # no aadObjectId: the bot asks Teams who this is
    assert open_transactions == [0]


@ONLY_POSTGRES
async def test_drill_fan_out_with_two_processes_delivering(bot: RunningBot) -> None:
    """500 notifications, two delivering processes (each its own pool and budget client): none lost, none twice."""
    assert bot.app is not None
    await bot.app[DELIVERER].stop()
    people = await people_with_chats(bot.database, bot.connector.url, 50)
    keys = [f"fan:{i}" for i in range(500)]
    async with bot.database.unit_of_work() as uow:
        for i, key in enumerate(keys):
            await uow.outbox.to_person(people[i % len(people)], key, note(key))
    await _deliver(bot, 2, lambda: len(bot.connector.sent) >= 500, lambda: f"{len(bot.connector.sent)} of 500 sent")
    received = Counter(s.text for s in bot.connector.sent)
    assert [k for k in keys if received[k] == 0] == []  # none lost
    assert {k: n for k, n in received.items() if n > 1} == {}  # none twice
    for person in people[:5]:  # each conversation in order
        texts = [s.text for s in bot.connector.to_conversation(f"a:fan-{person.id}")]
        assert texts == sorted(texts, key=lambda t: int(t.split(":")[1]))


@ONLY_POSTGRES
async def test_drill_two_bot_processes_on_one_port(database_url: str, connector: ConnectorStandIn,
                                                   tmp_path: Path) -> None:
    """`python -m bot --workers 2`: two processes on one port serve turns and both come up on an empty database."""
    port = free_port()
    env = {**os.environ, "DATABASE_URL": database_url, "PORT": str(port), "HOST": "127.0.0.1",
           "TUTORBOT_SCHEDULER": "0", "MicrosoftAppId": ""}
    log_path = tmp_path / "bot.log"
    with log_path.open("wb") as log:
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "--workers", "2", cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
            stderr=log, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        async with aiohttp.ClientSession() as session:
            await until_healthy(session, url, "the workers to serve", timeout=90)
            seen: set[int] = set()

            async def both_serve() -> bool:  # a new connection each time: the kernel spreads them over the two
                async with aiohttp.ClientSession() as fresh, fresh.get(f"{url}/healthz") as response:
                    if response.status == 200:
                        seen.add((await response.json())["process"])
                return len(seen) == 2

            await until(both_serve, lambda: f"two processes answering, saw {seen}", timeout=90, every=0.1)
            connector.add_member(TUTOR.teams_id, name=TUTOR.name, email=TUTOR.email or "",
                                 aad_object_id=TUTOR.aad_object_id)
            for i in range(10):
                async with aiohttp.ClientSession() as fresh:
                    await teams.BotClient(url, fresh).post(teams.message(connector.url, TUTOR, "help"))
                await connector.wait_for(i + 1, timeout=30)
            for _ in range(6):  # whichever process answers the scrape, it speaks for both (multiprocess mode)
                scraped = await _scrape_url(url)
                assert sum(v for k, v in scraped.items() if k.startswith("tutorbot_turns_total{")) == 10
                assert len([k for k in scraped if k.startswith("tutorbot_worker_up{")]) == 2  # one per process
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            async with asyncio.timeout(30):
                await process.wait()
        except TimeoutError:
            os.killpg(process.pid, signal.SIGKILL)
            await process.wait()
    errors = log_path.read_text(errors="replace")
    assert "Traceback" not in errors, errors[-3000:]


async def _fan_out(bot: RunningBot, people: list[Person], per_person: int) -> list[str]:
    keys = [f"drill:{p.id}:{i:03d}" for i in range(per_person) for p in people]
    async with bot.database.unit_of_work() as uow:
        by_id = {p.id: p for p in people}
        for key in keys:
            await uow.outbox.to_person(by_id[int(key.split(":")[1])], key, note(key))
    return keys


def _in_order(bot: RunningBot, people: list[Person]) -> bool:
    for person in people:
        texts = [s.text for s in bot.connector.to_conversation(f"a:fan-{person.id}")]
        if texts != sorted(texts):
            return False
    return True


async def _deliver(bot: RunningBot, processes: int, done: Callable[[], bool], what: str | Callable[[], str]) -> None:
    """Deliver with `processes` delivering processes of the test's own (each its own pool and budget client) until
    `done`, and a moment more: anything sent twice would have arrived by then."""
    adapter, _ = build_adapter(bot.settings)
    deliverers = [_fast(Deliverer(Database(bot.settings.database_url), adapter, "")) for _ in range(processes)]
    for deliverer in deliverers:
        deliverer.start()
        deliverer.kick()
    try:
        await until(done, what, timeout=120)
        await asyncio.sleep(0.3)
    finally:
        for deliverer in deliverers:
            await deliverer.stop()
            await deliverer.database.close()


def _fast(deliverer: Deliverer) -> Deliverer:
    # A stand-in budget far above Teams' keeps a drill short: it checks what is lost, sent twice or reordered, and
    # the sharing of the budget, not the pace.
    deliverer.throttle.app_limits = ((5_000, 1.0),)
    deliverer.throttle.conversation_limits = ((500, 1.0),)
    return deliverer


@ONLY_POSTGRES
async def test_drill_connector_down_then_all_delivered_in_order(bot: RunningBot) -> None:
    """The Connector is away (503) for a while: afterwards everything arrives once, in order per conversation."""
    assert bot.app is not None
    await bot.app[DELIVERER].stop()
    people = await people_with_chats(bot.database, bot.connector.url, 4)
    keys = await _fan_out(bot, people, 8)
    bot.connector.go_down_for(3.0)  # the two minutes, shortened: the same code path, every try a 503
    await _deliver(bot, 2, lambda: len(bot.connector.sent) >= len(keys), lambda: f"{len(bot.connector.sent)} sent")
    received = Counter(s.text for s in bot.connector.sent)
    assert sorted(received) == sorted(keys) and set(received.values()) == {1}
    assert _in_order(bot, people)


@ONLY_POSTGRES
async def test_drill_sigkill_in_the_middle_of_a_fan_out(bot: RunningBot, tmp_path: Path) -> None:
    """A `python -m bot` process killed with SIGKILL while delivering: nothing lost; sent twice only what it had
    in flight (claimed, not yet recorded as sent) when it died."""
    assert bot.app is not None
    await bot.app[DELIVERER].stop()
    people = await people_with_chats(bot.database, bot.connector.url, 20)
    env = {**os.environ, "DATABASE_URL": bot.settings.database_url, "PORT": str(free_port()),
           "HOST": "127.0.0.1", "TUTORBOT_SCHEDULER": "0", "MicrosoftAppId": ""}
    with (tmp_path / "bot.log").open("wb") as log:
        process = await asyncio.create_subprocess_exec(sys.executable, "-m", "bot", cwd=ROOT, env=env,
                                                       stdout=subprocess.DEVNULL, stderr=log)
    keys = await _fan_out(bot, people, 10)  # 200 at Teams' pace (50 a second): about four seconds of work
    try:
        await until(lambda: len(bot.connector.sent) >= 40, lambda: f"{len(bot.connector.sent)} sent", timeout=90)
    finally:
        process.send_signal(signal.SIGKILL)
        await process.wait()
    async with bot.database.unit_of_work() as uow:
        rows = (await uow.db.execute(text("SELECT key, state FROM outbox WHERE key LIKE 'drill:%'"))).all()
        in_flight = {key for key, state in rows if state == OutboxState.SENDING}
        # What waiting out the dead process's lease (60 s) would do, at once.
        await uow.db.execute(text("UPDATE outbox SET lease_until = now() - interval '1 second' "
                                       "WHERE state = 'sending'"))
    await _deliver(bot, 1, lambda: set(keys) <= {s.text for s in bot.connector.sent}, "every notification")
    received = Counter(s.text for s in bot.connector.sent)
    twice = {key for key, count in received.items() if count > 1}
    assert [k for k in keys if received[k] == 0] == []  # none lost
    assert max(received.values()) <= 2
    assert twice <= in_flight  # only what it had in flight
    assert len(twice) <= len(people)  # at most one per conversation
    for person in people:  # first arrivals keep each conversation's order
        firsts = list(dict.fromkeys(s.text for s in bot.connector.to_conversation(f"a:fan-{person.id}")))
        assert firsts == sorted(firsts)


async def test_drill_postgresql_restarted_under_load(connector: ConnectorStandIn) -> None:
    """PostgreSQL goes away and comes back: turns meanwhile fail politely, then serve again with no restart of the
    bot, and a notification recorded as the outage begins is delivered once (before it or after)."""
    try:
        server = start_postgres()  # a server of its own: the other tests' server keeps running
    except FileNotFoundError:
        pytest.skip("PostgreSQL binaries not installed here (CI installs them)")
    database = Database(server.url("postgres"))
    runner, url = await start_bot(make_settings(server.url("postgres")), database)
    connector.add_member(TUTOR.teams_id, name=TUTOR.name, email=TUTOR.email or "", aad_object_id=TUTOR.aad_object_id)
    try:
        async with aiohttp.ClientSession() as session:
            client = teams.BotClient(url, session)
            await client.post(teams.message(connector.url, TUTOR, "help"))
            await connector.wait_for(1)
            async with database.unit_of_work() as uow:
                tutor = await uow.people.by_email(TUTOR.email or "")
                assert tutor is not None
                await uow.outbox.to_person(tutor, "through-the-outage", note("through-the-outage"))
            server.restart_stopped()
            assert (await client.health())[0] == 503
            await client.post(teams.message(connector.url, TUTOR, "help"))
            failed = [s for s in await connector.wait_for(2) if s.text != "through-the-outage"][1:]
            assert failed and failed[0].text  # the localized "something went wrong, try again", not silence
            server.start_again()
            await until(lambda: any(s.text == "through-the-outage" for s in connector.sent), "the notification",
                        timeout=60)
            assert (await client.health())[0] == 200
            before = len(connector.sent)
            await client.post(teams.message(connector.url, TUTOR, "help"))
            replies = await connector.wait_for(before + 1)
            assert replies[-1].cards  # the help card again, same process
            assert [s.text for s in connector.sent].count("through-the-outage") == 1
    finally:
        await runner.cleanup()
        server.stop()
