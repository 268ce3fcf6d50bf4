"""Inbound tokens as strict as the Bot Framework allows, and the bot's own token only for trusted Teams hosts.

The bot runs in secured mode (MicrosoftAppId set) against a login stand-in over TLS (tests/support/openid.py):
the Bot Framework's OpenID metadata and keys that sign the channel tokens, and Entra's token endpoint where the
bot's MSAL client gets its own Connector token. Nothing is mocked inside the bot.
"""

from __future__ import annotations

import asyncio
import base64
import json
import logging
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from sqlalchemy import func, select

from bot.app import DELIVERER
from bot.tokens import SigningKeys
from storage import Database
from storage.models import ConversationRef
from storage.outbox import OutboxState
from tests.conftest import STUDENT, STUDENT_NO_AAD, RunningBot, make_settings, start_bot
from tests.support import teams
from tests.support.connector import ConnectorStandIn
from tests.support.openid import OpenIdStandIn
from tests.support.waiting import until

APP_ID = "11111111-2222-3333-4444-555555555555"
SECRET = "client-secret-for-tests-only"
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
async def login(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[OpenIdStandIn]:
    async with OpenIdStandIn(tmp_path) as stand_in:
        # The stand-in's certificate is self-signed: the bot's key fetch (OpenSSL) and MSAL (requests) trust it here.
        monkeypatch.setenv("SSL_CERT_FILE", stand_in.ca_file)
        monkeypatch.setenv("REQUESTS_CA_BUNDLE", stand_in.ca_file)
        yield stand_in


@asynccontextmanager
async def secured(database_url: str, connector: ConnectorStandIn, login: OpenIdStandIn,
                  **overrides: object) -> AsyncIterator[RunningBot]:
    settings = make_settings(
        database_url,
        **{
            "app_id": APP_ID,
            "app_password": SECRET,
            "app_tenant_id": teams.TENANT,
            "trusted_service_urls": (connector.url,),
            "bot_openid_metadata_url": login.metadata_url,
            "bot_login_url": login.login_url,
            **overrides,
        },
    )
    database = Database(database_url)
    runner, url = await start_bot(settings, database)
    for user in (STUDENT, STUDENT_NO_AAD):
        connector.add_member(user.teams_id, name=user.name, email=user.email or "", aad_object_id=user.aad_object_id)
    try:
        async with aiohttp.ClientSession() as session:
            yield RunningBot(url, teams.BotClient(url, session), connector, database, settings, runner.app)
    finally:
        await runner.cleanup()


@pytest.fixture
async def secured_bot(database_url: str, connector: ConnectorStandIn, login: OpenIdStandIn,
                      ) -> AsyncIterator[RunningBot]:
    async with secured(database_url, connector, login) as running:
        yield running


@pytest.fixture
async def elsewhere() -> AsyncIterator[ConnectorStandIn]:
    """A Connector look-alike on a host nobody configured as trusted."""
    async with ConnectorStandIn() as stand_in:
        stand_in.add_member(STUDENT_NO_AAD.teams_id, name=STUDENT_NO_AAD.name, email=STUDENT_NO_AAD.email or "")
        yield stand_in


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def conversations_stored(bot: RunningBot) -> int:
    async with bot.database.unit_of_work() as uow:
        return int(await uow.db.scalar(select(func.count()).select_from(ConversationRef)) or 0)


async def assert_nothing_happened(bot: RunningBot, login: OpenIdStandIn) -> None:
    await asyncio.sleep(0.2)  # anything the request had set off would have reached the stand-ins by now
    assert bot.connector.sent == [] and bot.connector.member_lookups == []
    assert bot.connector.requests == []
    assert login.token_requests == []  # the bot did not even get its own token
    assert await conversations_stored(bot) == 0


async def test_channel_token_is_served_and_replies_carry_the_bots_own_token(
    secured_bot: RunningBot, login: OpenIdStandIn
) -> None:
    connector = secured_bot.connector
    inbound = login.channel_token(APP_ID, connector.url)
    # Anna has no aadObjectId in Teams' activity: the bot looks her up at the Connector.
    status, _ = await secured_bot.client.post(teams.message(connector.url, STUDENT_NO_AAD, "help"), bearer(inbound))
    assert status == 202
    [reply] = await connector.wait_for(1)
    assert reply.cards  # the help card: the person was recognised through the member lookup
    assert len(connector.member_lookups) == 1
    # The bot's own token, from Entra (the stand-in) for the bot's tenant with its client secret...
    assert login.token_requests
    for asked in login.token_requests:
        assert asked.tenant == teams.TENANT
        assert asked.form["client_id"] == APP_ID and asked.form["client_secret"] == SECRET
        assert "https://api.botframework.com/.default" in asked.form["scope"].split()
    issued = {f"Bearer {asked.issued}" for asked in login.token_requests}
    # ...is what the Connector sees on the member lookup and the reply; the inbound token is never passed on.
    assert connector.requests and all(r.authorization in issued for r in connector.requests)


def _tampered(login: OpenIdStandIn, service_url: str) -> str:
    head, _body, signature = login.channel_token(APP_ID, service_url).split(".")
    claims = {"iss": "https://api.botframework.com", "aud": APP_ID, "serviceurl": service_url,
              "exp": int(time.time()) + 3600, "tid": "someone-else"}
    body = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    return f"{head}.{body}.{signature}"


REFUSED_TOKENS: dict[str, Callable[[OpenIdStandIn, str], str]] = {
    "Entra issuer of the bot's own tenant": lambda login, url: login.channel_token(
        APP_ID, url, iss=f"https://login.microsoftonline.com/{teams.TENANT}/v2.0", tid=teams.TENANT, ver="2.0"),
    "Entra v1 issuer": lambda login, url: login.channel_token(APP_ID, url, iss=f"https://sts.windows.net/{teams.TENANT}/"),
    "look-alike issuer": lambda login, url: login.channel_token(APP_ID, url, iss="https://api.botframework.com.evil.example"),
    "no issuer": lambda login, url: login.channel_token(APP_ID, url, iss=None),
    "another bot's audience": lambda login, url: login.channel_token(APP_ID, url, aud="99999999-8888-7777-6666-555555555555"),
    "audience list": lambda login, url: login.channel_token(APP_ID, url, aud=[APP_ID, "other"]),
    "expired": lambda login, url: login.channel_token(APP_ID, url, exp=int(time.time()) - 600, nbf=int(time.time()) - 4000),
    "not yet valid": lambda login, url: login.channel_token(APP_ID, url, nbf=int(time.time()) + 600),
    "no expiry": lambda login, url: login.channel_token(APP_ID, url, exp=None),
    "alg none": lambda login, url: login.sign({"iss": "https://api.botframework.com", "aud": APP_ID, "serviceurl": url,
                                               "exp": int(time.time()) + 3600}, algorithm="none"),
    "HS256 with the public key": lambda login, url: login.sign(
        {"iss": "https://api.botframework.com", "aud": APP_ID, "serviceurl": url, "exp": int(time.time()) + 3600},
        algorithm="HS256"),
    "key not published": lambda login, url: login.channel_token(APP_ID, url, key=login.add_key(published=False)),
    "tampered claims": _tampered,
    "serviceurl claim for another host": lambda login, url: login.channel_token(
        APP_ID, "https://smba.trafficmanager.net/amer/"),
    "no serviceurl claim": lambda login, url: login.channel_token(APP_ID, url, serviceurl=None),
}


@pytest.mark.parametrize("case", list(REFUSED_TOKENS))
async def test_refused_tokens_get_401_and_set_nothing_off(
    secured_bot: RunningBot, login: OpenIdStandIn, case: str
) -> None:
    url = secured_bot.connector.url
    token = REFUSED_TOKENS[case](login, url)
    status, _ = await secured_bot.client.post(teams.message(url, STUDENT_NO_AAD, "help"), bearer(token))
    assert status == 401
    await assert_nothing_happened(secured_bot, login)


def _in_tenant(activity: dict[str, Any], *, channel_data: str | None, conversation: str | None) -> dict[str, Any]:
    activity["channelData"] = {"tenant": {"id": channel_data}} if channel_data else {}
    activity["conversation"].pop("tenantId", None)
    if conversation:
        activity["conversation"]["tenantId"] = conversation
    return activity


@pytest.mark.parametrize(
    ("channel_data", "conversation", "tid"),
    [
        ("tenant-other", "tenant-other", None),  # another tenant, consistently
        (None, None, None),  # no tenant at all
        (teams.TENANT, "tenant-other", None),  # the allow-list would read one field, storage the other
        ("tenant-other", teams.TENANT, None),
        (teams.TENANT, teams.TENANT, "tenant-other"),  # the signed tid wins over what the body says
    ],
)
async def test_other_or_inconsistent_tenant_gets_403(
    secured_bot: RunningBot, login: OpenIdStandIn, channel_data: str | None, conversation: str | None,
    tid: str | None,
) -> None:
    url = secured_bot.connector.url
    activity = _in_tenant(teams.message(url, STUDENT_NO_AAD, "help"), channel_data=channel_data,
                          conversation=conversation)
    token = login.channel_token(APP_ID, url, tid=tid)  # None: no tid claim
    status, _ = await secured_bot.client.post(activity, bearer(token))
    assert status == 403
    await assert_nothing_happened(secured_bot, login)


async def test_signed_tid_of_the_bots_tenant_is_served(secured_bot: RunningBot, login: OpenIdStandIn) -> None:
    url = secured_bot.connector.url
    activity = _in_tenant(teams.message(url, STUDENT, "help"), channel_data=teams.TENANT.upper(), conversation=None)
    status, _ = await secured_bot.client.post(activity, bearer(login.channel_token(APP_ID, url, tid=teams.TENANT)))
    assert status == 202
    await secured_bot.connector.wait_for(1)


async def test_untrusted_service_url_never_gets_a_token_or_a_lookup(
    secured_bot: RunningBot, login: OpenIdStandIn, elsewhere: ConnectorStandIn
) -> None:
    # A genuine token whose serviceurl claim names the host: the host is still not one the bot trusts.
    token = login.channel_token(APP_ID, elsewhere.url)
    status, _ = await secured_bot.client.post(teams.message(elsewhere.url, STUDENT_NO_AAD, "help"), bearer(token))
    assert status == 403
    await assert_nothing_happened(secured_bot, login)
    assert elsewhere.requests == [] and elsewhere.member_lookups == []


async def test_key_not_endorsed_for_the_channel_gets_403(secured_bot: RunningBot, login: OpenIdStandIn) -> None:
    url = secured_bot.connector.url
    webchat_key = login.add_key(endorsements=["webchat"])
    status, _ = await secured_bot.client.post(teams.message(url, STUDENT_NO_AAD, "help"),
                                              bearer(login.channel_token(APP_ID, url, key=webchat_key)))
    assert status == 403
    await assert_nothing_happened(secured_bot, login)


async def test_signing_keys_out_of_reach_is_401_not_500(secured_bot: RunningBot, login: OpenIdStandIn) -> None:
    login.metadata_status = 503
    url = secured_bot.connector.url
    status, _ = await secured_bot.client.post(teams.message(url, STUDENT_NO_AAD, "help"),
                                              bearer(login.channel_token(APP_ID, url)))
    assert status == 401
    await assert_nothing_happened(secured_bot, login)
    status, _ = await secured_bot.client.health()
    assert status == 200


async def test_forged_key_ids_do_not_make_the_bot_refetch_keys(secured_bot: RunningBot, login: OpenIdStandIn) -> None:
    url = secured_bot.connector.url
    status, _ = await secured_bot.client.post(teams.message(url, STUDENT, "help"), bearer(login.channel_token(APP_ID, url)))
    assert status == 202
    assert login.jwks_requests == 1
    for _ in range(5):
        forged = login.channel_token(APP_ID, url, key=login.add_key(published=False))
        status, _ = await secured_bot.client.post(teams.message(url, STUDENT, "help"), bearer(forged))
        assert status == 401
    assert login.jwks_requests == 1


async def test_an_unknown_key_id_refreshes_the_keys(login: OpenIdStandIn) -> None:
    keys = SigningKeys(login.metadata_url, unknown_kid_refresh_s=0)
    issuer, first = await keys.get(login.key.kid)
    assert issuer == "https://api.botframework.com" and first is not None
    rotated = login.add_key(endorsements=["msteams"])  # Microsoft publishes a new key
    _, found = await keys.get(rotated.kid)
    assert found is not None and found.endorsements == frozenset({"msteams"})
    assert login.jwks_requests == 2


async def test_multi_tenant_bot_serves_its_listed_tenants_only(
    database_url: str, connector: ConnectorStandIn, login: OpenIdStandIn
) -> None:
    async with secured(database_url, connector, login, app_type="MultiTenant", app_tenant_id="",
                       allowed_tenant_ids=frozenset({teams.TENANT})) as bot:
        url = connector.url
        status, _ = await bot.client.post(teams.message(url, STUDENT, "help"), bearer(login.channel_token(APP_ID, url)))
        assert status == 202
        await connector.wait_for(1)
        # A multi-tenant bot gets its Connector token from the Bot Framework's tenant.
        assert {asked.tenant for asked in login.token_requests} == {"botframework.com"}
        other = _in_tenant(teams.message(url, STUDENT, "help"), channel_data="tenant-other", conversation=None)
        status, _ = await bot.client.post(other, bearer(login.channel_token(APP_ID, url)))
        assert status == 403
        assert len(connector.sent) == 1


async def test_proactive_send_carries_the_bots_token_to_a_trusted_host(
    secured_bot: RunningBot, login: OpenIdStandIn
) -> None:
    connector = secured_bot.connector
    url = connector.url
    await secured_bot.client.post(teams.message(url, STUDENT, "help"), bearer(login.channel_token(APP_ID, url)))
    await connector.wait_for(1)
    async with secured_bot.database.unit_of_work() as uow:
        person = await uow.people.by_email(STUDENT.email or "")
        assert person is not None
        await uow.outbox.to_person(person, "auth:proactive", {"type": "message", "text": "Напоминание"})
    assert secured_bot.app is not None
    secured_bot.app[DELIVERER].kick()
    sent = await connector.wait_for(2)
    assert sent[-1].text == "Напоминание"
    issued = {f"Bearer {asked.issued}" for asked in login.token_requests}
    assert connector.requests[-1].authorization in issued


async def test_outbox_to_an_untrusted_service_url_fails_without_sending(
    secured_bot: RunningBot, login: OpenIdStandIn, elsewhere: ConnectorStandIn, caplog: pytest.LogCaptureFixture
) -> None:
    # A reference stored before (say, while the bot ran in local mode) that names a host now untrusted.
    reference = {"channelId": "msteams", "serviceUrl": elsewhere.url, "conversation": {"id": "a:old-chat"},
                 "bot": {"id": teams.BOT_ID}, "user": {"id": STUDENT.teams_id}}
    async with secured_bot.database.unit_of_work() as uow:
        ref = ConversationRef(conversation_id="a:old-chat", conversation_type="personal", service_url=elsewhere.url,
                              reference_json=json.dumps(reference), tenant_id=teams.TENANT)
        uow.db.add(ref)
        await uow.db.flush()
        await uow.outbox.to_conversation(ref, "auth:untrusted", {"type": "message", "text": "Секрет"})

    async def state() -> str | None:
        async with secured_bot.database.unit_of_work() as uow:
            row = await uow.outbox.state_of("auth:untrusted")
            return row.state if row is not None else None

    async def failed() -> bool:
        return await state() == OutboxState.FAILED

    with caplog.at_level(logging.WARNING, logger="tutorbot.outbox"):
        assert secured_bot.app is not None
        secured_bot.app[DELIVERER].kick()
        await until(failed, "the outbox row to fail")
    assert elsewhere.requests == [] and secured_bot.connector.requests == []
    assert any("not a trusted Teams host" in r.getMessage() for r in caplog.records)


async def test_incomplete_auth_settings_serve_nobody(database_url: str, connector: ConnectorStandIn,
                                                     caplog: pytest.LogCaptureFixture) -> None:
    # MultiTenant without ALLOWED_TENANT_IDS: the process runs (CLI, /healthz) but every activity gets 401.
    settings = make_settings(database_url, app_id=APP_ID, app_password=SECRET, app_type="MultiTenant",
                             app_tenant_id="", allowed_tenant_ids=frozenset())
    runner, url = await start_bot(settings, Database(database_url))
    try:
        async with aiohttp.ClientSession() as session:
            client = teams.BotClient(url, session)
            status, _ = await client.post(teams.message(connector.url, STUDENT, "help"),
                                          {"Authorization": "Bearer a.b.c"})
            health, body = await client.health()
    finally:
        await runner.cleanup()
    assert status == 401 and health == 200
    assert "ALLOWED_TENANT_IDS" in str(body)
    assert connector.requests == []
    logged = " ".join(r.getMessage() for r in caplog.records)
    assert "ALLOWED_TENANT_IDS" in logged and SECRET not in logged
