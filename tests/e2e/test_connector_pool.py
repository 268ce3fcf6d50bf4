"""Outbound Connector calls go through one pooled client per service URL, with the bot's current token, and a
kept-alive connection the Connector closed is not a lost reply. Real HTTP, both databases."""

from __future__ import annotations

import pytest

from tests.conftest import STUDENT, RunningBot
from tests.e2e.test_auth import APP_ID, bearer, login, secured, secured_bot  # noqa: F401  # fixtures
from tests.support import teams
from tests.support.openid import OpenIdStandIn


async def test_turns_share_one_kept_alive_connection_and_carry_the_bots_token(
    secured_bot: RunningBot, login: OpenIdStandIn  # noqa: F811
) -> None:
    connector = secured_bot.connector
    inbound = login.channel_token(APP_ID, connector.url)
    for _ in range(3):
        status, _ = await secured_bot.client.post(teams.message(connector.url, STUDENT, "help"), bearer(inbound))
        assert status == 202
    replies = await connector.wait_for(3)
    assert all(reply.cards for reply in replies)
    issued = {f"Bearer {asked.issued}" for asked in login.token_requests}
    assert issued and all(r.authorization in issued for r in connector.requests)
    # One connection for all three turns: the SDK alone would open (and close) a new one for each.
    assert len(connector.requests) == 3 and len({r.peer for r in connector.requests}) == 1


async def test_a_reply_on_a_kept_alive_connection_the_connector_closed_is_sent_again(
    bot: RunningBot, caplog: pytest.LogCaptureFixture
) -> None:
    await bot.client.post(teams.message(bot.connector.url, STUDENT, "help"))
    await bot.connector.wait_for(1)
    bot.connector.close_next_kept_alive = 1
    status, _ = await bot.client.post(teams.message(bot.connector.url, STUDENT, "help", locale="en-US"))
    assert 200 <= status < 300
    replies = await bot.connector.wait_for(2)
    assert len(bot.connector.dropped) == 1  # the second reply met the closed connection...
    assert len(replies) == 2 and replies[1].cards  # ...and went out once, on a new one: no apology instead
    assert "turn failed" not in caplog.text
