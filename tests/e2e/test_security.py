"""Inbound auth and the tenant allow-list (CONTRACT §2): nothing unauthenticated or foreign gets in."""

from __future__ import annotations

from collections.abc import AsyncIterator

import aiohttp
import pytest

from storage import Database
from tests.conftest import STUDENT, RunningBot, make_settings, start_bot
from tests.support import teams
from tests.support.connector import ConnectorStandIn


@pytest.fixture
async def secured_bot(database_url: str, connector: ConnectorStandIn) -> AsyncIterator[RunningBot]:
    settings = make_settings(
        database_url,
        app_id="11111111-2222-3333-4444-555555555555",
        app_password="not-a-real-secret",
        app_tenant_id="tenant-almau",
    )
    database = Database(database_url)
    runner, url = await start_bot(settings, database)
    async with aiohttp.ClientSession() as session:
        yield RunningBot(url, teams.BotClient(url, session), connector, database, settings)
    await runner.cleanup()


@pytest.mark.parametrize(
    "authorization",
    [None, "", "Bearer", "Bearer garbage", "Basic dXNlcjpwYXNz", "Bearer a.b.c", "Bearer x y"],
)
async def test_unauthenticated_requests_get_401_and_do_nothing(
    secured_bot: RunningBot, authorization: str | None
) -> None:
    headers = {"Authorization": authorization} if authorization is not None else None
    status, _ = await secured_bot.client.post(teams.message(secured_bot.connector.url, STUDENT, "help"), headers)
    assert status == 401
    assert secured_bot.connector.sent == [] and secured_bot.connector.member_lookups == []
    status, _ = await secured_bot.client.health()
    assert status == 200


async def test_malformed_body_without_token_is_still_401(secured_bot: RunningBot) -> None:
    # Authentication comes first: an unauthenticated caller learns nothing about body parsing.
    status, _ = await secured_bot.client.post(b"{not json")
    assert status == 401


async def test_foreign_tenant_is_refused(database_url: str, connector: ConnectorStandIn) -> None:
    settings = make_settings(database_url, allowed_tenant_ids=frozenset({"some-other-tenant"}))
    runner, url = await start_bot(settings, Database(database_url))
    try:
        async with aiohttp.ClientSession() as session:
            client = teams.BotClient(url, session)
            status, _ = await client.post(teams.message(connector.url, STUDENT, "help"))
            assert status == 403
            assert connector.sent == []
    finally:
        await runner.cleanup()


async def test_allowed_tenant_gets_in(database_url: str, connector: ConnectorStandIn) -> None:
    settings = make_settings(database_url, allowed_tenant_ids=frozenset({teams.TENANT}))
    runner, url = await start_bot(settings, Database(database_url))
    try:
        async with aiohttp.ClientSession() as session:
            status, _ = await teams.BotClient(url, session).post(teams.message(connector.url, STUDENT, "help"))
            assert status == 202
            await connector.wait_for(1)
    finally:
        await runner.cleanup()
