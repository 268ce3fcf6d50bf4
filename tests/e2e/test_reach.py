"""Reaching people who never opened the bot (CONTRACT §10): Graph installs the app, the outbox then reaches them."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.adapter import build_adapter
from bot.app import DELIVERER
from bot.outbox import Deliverer
from bot.reach import REFUSALS, personal_chats, reach
from bot.settings import Settings
from storage.outbox import EnqueueOutcome, OutboxState
from tests.conftest import TUTOR, RunningBot, make_settings
from tests.support import teams
from tests.support.graph import GraphStandIn
from tests.support.waiting import until

ROOT = Path(__file__).resolve().parents[2]
MANIFEST_ID = "6f1c2a3b-0000-4000-8000-00000000ab01"
CATALOG_ID = "catalog-tutorbot-1"
AAD = {f"0a1d0000-0000-4000-8000-00000000000{i}" for i in range(1, 9)}
NOT_IN_DIRECTORY = "0a1d0000-0000-4000-8000-000000000006"  # d.akhmetov
OSPANOVA = "0a1d0000-0000-4000-8000-000000000007"


@pytest.fixture
async def graph() -> AsyncIterator[GraphStandIn]:
    async with GraphStandIn() as stand_in:
        stand_in.catalog = {MANIFEST_ID: CATALOG_ID}
        stand_in.directory = AAD - {NOT_IN_DIRECTORY}
        yield stand_in


def graph_settings(bot: RunningBot, graph: GraphStandIn) -> Settings:
    return make_settings(bot.settings.database_url, app_id=MANIFEST_ID, graph_access_token=graph.token,
                         graph_base_url=graph.base_url)


async def say_help(bot: RunningBot) -> None:
    await bot.client.post(teams.message(bot.connector.url, TUTOR, "help"))
    await bot.connector.wait_for(1)


async def enqueue(bot: RunningBot, email: str, key: str) -> EnqueueOutcome:
    async with bot.database.unit_of_work() as uow:
        person = await uow.people.by_email(email)
        assert person is not None
        return await uow.outbox.to_person(person, key, {"type": "message", "text": key})


async def test_reach_installs_the_app_then_the_outbox_reaches_the_person(bot: RunningBot, graph: GraphStandIn) -> None:
    await say_help(bot)  # the tutor opened the bot: the tenant's service URL is known
    assert await enqueue(bot, "m.ospanova@demo.almau.edu.kz", "before") is EnqueueOutcome.UNREACHABLE
    graph.installed[OSPANOVA] = "inst-earlier"  # installed before, by an admin: Graph answers 409

    run = await reach(graph_settings(bot, graph), bot.database, dry_run=False)

    assert (run.reachable, run.installed, run.failed) == (1, 6, 1)
    assert run.lines == ["d.akhmetov@demo.almau.edu.kz: not found (404): no such user in the directory, "
                         "or the app is not in the catalog"]
    assert len(graph.calls("GET", "/appCatalogs/teamsApps")) == 1  # the catalog id looked up by the manifest id
    posts = graph.calls("POST", "/teamwork/installedApps")
    assert {p.body["teamsApp@odata.bind"] for p in posts} == {f"{graph.base_url}/appCatalogs/teamsApps/{CATALOG_ID}"}
    assert await enqueue(bot, "m.ospanova@demo.almau.edu.kz", "after") is EnqueueOutcome.QUEUED
    assert bot.app is not None
    bot.app[DELIVERER].kick()
    chat = f"19:{OSPANOVA}_tutorbot@unq.gbl.spaces"
    await until(lambda: [s.text for s in bot.connector.to_conversation(chat)] == ["after"], "the message in her chat")

    again = await reach(graph_settings(bot, graph), bot.database, dry_run=False)  # nothing left to install
    assert (again.reachable, again.installed, again.failed) == (7, 0, 1)


async def test_reach_reports_a_refusal_and_stores_nothing(bot: RunningBot, graph: GraphStandIn) -> None:
    await say_help(bot)
    graph.install_forbidden = True
    run = await reach(graph_settings(bot, graph), bot.database, dry_run=False)
    assert (run.reachable, run.installed, run.failed) == (1, 0, 7)
    assert all("403" in line and "TeamsAppInstallation.ReadWriteSelfForUser.All" in line for line in run.lines)
    assert len(graph.calls("POST", "/teamwork/installedApps")) == 7  # each asked once, not retried forever
    assert await enqueue(bot, "m.ospanova@demo.almau.edu.kz", "still") is EnqueueOutcome.UNREACHABLE


async def test_dry_run_installs_nothing(bot: RunningBot, graph: GraphStandIn) -> None:
    await say_help(bot)
    run = await reach(graph_settings(bot, graph), bot.database, dry_run=True)
    assert run.summary(dry_run=True) == "reachable 1, would be installed 7, failed 0"
    assert graph.calls("POST") == []


async def test_cli_without_graph_names_who_cannot_be_reached(bot: RunningBot) -> None:
    env = {**os.environ, "DATABASE_URL": bot.settings.database_url, "TUTORBOT_DEMO_ROSTER": "0"}
    for name in ("GRAPH_ACCESS_TOKEN", "GRAPH_TENANT_ID", "GRAPH_CLIENT_ID", "GRAPH_CLIENT_SECRET", "MicrosoftAppId"):
        env.pop(name, None)
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "reach", "--school", "SOM", cwd=ROOT, env=env,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, _ = await process.communicate()
    lines = out.decode().strip().splitlines()
    assert process.returncode == 1
    assert "m.ospanova@demo.almau.edu.kz: not reachable: Graph is not configured" in "\n".join(lines)
    assert lines[-1].startswith("reachable 0, installed now 0, failed ")


async def outbox_row(bot: RunningBot, key: str) -> tuple[str, str | None]:
    async with bot.database.unit_of_work() as uow:
        row = await uow.outbox.state_of(key)
        assert row is not None
        return row.state, row.last_error


async def _state_is(bot: RunningBot, key: str, state: OutboxState) -> bool:
    return (await outbox_row(bot, key))[0] == state


@pytest.fixture
async def installing(bot: RunningBot, graph: GraphStandIn) -> AsyncIterator[Deliverer]:
    """The bot's delivery as it runs with Graph configured: it installs the app for whoever it cannot reach."""
    assert bot.app is not None
    await bot.app[DELIVERER].stop()
    settings = graph_settings(bot, graph)
    deliverer = Deliverer(bot.database, build_adapter(bot.settings)[0], bot.settings.app_id,
                          reach=personal_chats(settings, bot.database))
    deliverer.start()
    yield deliverer
    await deliverer.stop()
    bot.database.reach_by_install = False


async def test_the_outbox_installs_the_app_for_someone_it_cannot_reach(
        bot: RunningBot, graph: GraphStandIn, installing: Deliverer) -> None:
    await say_help(bot)  # the tutor opened the bot: the tenant's service URL is known
    assert await enqueue(bot, "m.ospanova@demo.almau.edu.kz", "notice:1") is EnqueueOutcome.QUEUED
    assert await enqueue(bot, "m.ospanova@demo.almau.edu.kz", "notice:2") is EnqueueOutcome.QUEUED
    installing.kick()
    chat = f"19:{OSPANOVA}_tutorbot@unq.gbl.spaces"
    await until(lambda: [s.text for s in bot.connector.to_conversation(chat)] == ["notice:1", "notice:2"],
                lambda: f"her chat holds {[s.text for s in bot.connector.to_conversation(chat)]}")
    assert OSPANOVA in graph.installed
    installs = [c for c in graph.calls("POST", "/teamwork/installedApps") if OSPANOVA in c.path]
    assert len(installs) == 1  # the second notice found the chat the first one stored
    # The Connector holds the message a moment before the deliverer records it as sent.
    await until(lambda: _state_is(bot, "notice:2", OutboxState.SENT), "notice:2 recorded as sent")
    assert await enqueue(bot, "m.ospanova@demo.almau.edu.kz", "notice:3") is EnqueueOutcome.QUEUED
    installing.kick()
    await until(lambda: len(bot.connector.to_conversation(chat)) == 3, "the third notice")
    assert len(graph.calls("POST", "/teamwork/installedApps")) == 1


@pytest.mark.parametrize("refusal", [403, 404])
async def test_a_graph_refusal_is_recorded_as_not_reachable_once(
        bot: RunningBot, graph: GraphStandIn, installing: Deliverer, refusal: int) -> None:
    await say_help(bot)
    email = "m.ospanova@demo.almau.edu.kz"
    if refusal == 403:
        graph.install_forbidden = True
    else:
        graph.directory.discard(OSPANOVA)
        email = "d.akhmetov@demo.almau.edu.kz"  # not in the directory either
        graph.directory.discard(NOT_IN_DIRECTORY)
    assert await enqueue(bot, email, "lost") is EnqueueOutcome.QUEUED
    installing.kick()

    async def settled() -> bool:
        return (await outbox_row(bot, "lost"))[0] not in (OutboxState.PENDING, OutboxState.SENDING)

    await until(settled, "the row to settle")
    state, error = await outbox_row(bot, "lost")
    assert state == OutboxState.UNREACHABLE and error == REFUSALS[refusal]
    installing.kick()
    await installing.deliver_due()  # nothing left to try: not asked again
    assert len(graph.calls("POST", "/teamwork/installedApps")) == 1
    assert len(bot.connector.sent) == 1  # only the tutor's help
