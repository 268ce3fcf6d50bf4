"""The Microsoft 365 Agents SDK adapter, configured for local (anonymous) or Azure Bot (JWT) mode.

Inbound tokens are checked in bot/tokens.py before the SDK sees a request. Outbound, every Connector client
(replies, member lookups, proactive sends, new conversations) is made here, and only for a trusted service URL
(bot/trust.py): the bot's token is never minted for, nor sent to, a host an activity merely names.

The SDK builds a new Connector client (an aiohttp session, an SSL context, a TCP and TLS connection) for every
turn and closes it at the turn's end; here one pooled client per service URL serves every turn instead, with the
current token set on it each time.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any
from urllib.parse import urlsplit

from aiohttp import (
    ClientConnectionResetError,
    ClientHandlerType,
    ClientRequest,
    ClientResponse,
    ClientSession,
    ClientTimeout,
    ServerDisconnectedError,
    TCPConnector,
)
from microsoft_agents.activity import ActivityTypes, RoleTypes
from microsoft_agents.hosting.aiohttp import CloudAdapter
from microsoft_agents.hosting.core import (
    AgentAuthConfiguration,
    AnonymousTokenProvider,
    RestChannelServiceClientFactory,
    TurnContext,
)
from microsoft_agents.hosting.core.authorization import AuthTypes, ClaimsIdentity, ConnectionManager
from microsoft_agents.hosting.core.connector import ConnectorClientBase
from microsoft_agents.hosting.core.connector.client import UserTokenClient
from microsoft_agents.hosting.core.connector.get_product_info import get_product_info
from microsoft_agents.hosting.core.connector.teams import TeamsConnectorClient

from bot.settings import Settings
from bot.trust import ServiceHosts
from cards.i18n import text
from tutoring.locale import lang_from_locale

log = logging.getLogger("tutorbot.turn")


class _LocalIdentity(ClaimsIdentity):
    @property
    def allow_anonymous(self) -> bool:
        return True


class TutorAdapter(CloudAdapter):
    """Proactive turns in local mode carry no app id: make them anonymous instead of asking for a token.

    A failed turn is logged and answered with a plain apology in the person's language; the SDK's default
    would post the exception text into the chat.
    """

    def __init__(self, service_hosts: ServiceHosts, clients: _TrustedClientFactory, **kwargs: Any) -> None:
        super().__init__(channel_service_client_factory=clients, **kwargs)
        self.service_hosts = service_hosts
        self._clients = clients
        self.on_turn_error = _on_turn_error

    async def close(self) -> None:
        """The pooled Connector connections: at shutdown."""
        await self._clients.close()

    def create_claims_identity(self, agent_app_id: str = "") -> ClaimsIdentity:
        if not agent_app_id:
            return _LocalIdentity()
        return super().create_claims_identity(agent_app_id)


async def _on_turn_error(context: TurnContext, error: Exception) -> None:
    activity = context.activity
    if activity.type == ActivityTypes.event:
        raise error  # a proactive send: the outbox must see the failure to retry it
    log.error("turn failed: %s", type(error).__name__, exc_info=error)
    if activity.type == ActivityTypes.message:
        try:
            await context.send_activity(text(lang_from_locale(activity.locale), "turn_failed"))
        except Exception:  # the Connector itself may be what failed
            log.warning("could not tell the person the turn failed")


CONNECTOR_TIMEOUT = ClientTimeout(total=60, connect=10)


async def _retry_on_closed_keep_alive(request: ClientRequest, handler: ClientHandlerType) -> ClientResponse:
    """Once more on a fresh connection when the server closed a kept-alive one before answering.

    aiohttp does this itself for GET and PUT only; a reply or a proactive send is a POST. The server answered
    nothing, so it took nothing: the Connector keeps a reply to its activity id once."""
    try:
        return await handler(request)
    except (ServerDisconnectedError, ClientConnectionResetError):
        log.info("connector closed a kept-alive connection; sending again on a new one")
        return await handler(request)


class _PooledConnectorClient(TeamsConnectorClient):
    """One service URL's client, shared by every turn: the adapter's close at a turn's end leaves it open."""

    def __init__(self, service_url: str, user_agent: str) -> None:
        session = ClientSession(
            base_url=service_url if service_url.endswith("/") else service_url + "/",
            connector=TCPConnector(limit=100, keepalive_timeout=30),
            timeout=CONNECTOR_TIMEOUT,
            headers={"User-Agent": user_agent},
            middlewares=(_retry_on_closed_keep_alive,),
        )
        super().__init__(service_url, "", session=session)

    def use_token(self, token: str) -> None:
        if len(token) > 1:
            self.client.headers["Authorization"] = f"Bearer {token}"
        else:
            self.client.headers.pop("Authorization", None)

    async def close(self) -> None:
        """Called by the SDK at the end of each turn: the pool stays for the next one."""

    async def close_pool(self) -> None:
        await super().close()


class _NoUserTokenClient(UserTokenClient):
    """Tutorbot signs nobody in (no OAuth cards, no SSO), so the SDK's per-turn user token client, a new HTTP
    session each turn, is never used: one idle client, with no token and no connection, stands for it."""

    async def close(self) -> None:
        """Nothing to close per turn; `close_pool` at shutdown."""

    async def close_pool(self) -> None:
        await super().close()


class _TrustedClientFactory(RestChannelServiceClientFactory):
    """Refuses, before any token is requested, a Connector client for a service URL that is not trusted; reuses
    one pooled client per trusted service URL (and token audience)."""

    def __init__(self, connections: ConnectionManager, service_hosts: ServiceHosts, app_id: str = "") -> None:
        super().__init__(connections)
        self._connections = connections
        self._service_hosts = service_hosts
        self._app_id = app_id
        self._user_agent = get_product_info()  # the SDK reads package metadata for it on every client
        self._pool: dict[tuple[str, str, bool], _PooledConnectorClient] = {}
        self._user_tokens: _NoUserTokenClient | None = None

    async def create_connector_client(self, context: TurnContext | None, claims_identity: ClaimsIdentity,
                                      service_url: str, audience: str, scopes: list[str] | None = None,
                                      use_anonymous: bool = False) -> ConnectorClientBase:
        self._service_hosts.check(service_url)  # raises UntrustedServiceUrl
        if not service_url or not audience or (context is not None and _not_pooled(context)):
            return await super().create_connector_client(context, claims_identity, service_url, audience, scopes,
                                                         use_anonymous)
        provider = (RestChannelServiceClientFactory._ANONYMOUS_TOKEN_PROVIDER if use_anonymous
                    else self._connections.get_token_provider(claims_identity, service_url))
        # MSAL keeps the token until it is about to expire: the same one for every turn, a new one when due.
        token = await provider.get_access_token(audience, scopes or claims_identity.get_token_scope())
        key = (service_url.rstrip("/"), audience, use_anonymous)
        client = self._pool.get(key)
        if client is None:
            client = self._pool[key] = _PooledConnectorClient(service_url, self._user_agent)
        client.use_token(token or "")
        return client

    async def create_user_token_client(self, context: TurnContext, claims_identity: ClaimsIdentity,
                                       use_anonymous: bool = False) -> UserTokenClient:
        if self._user_tokens is None:
            self._user_tokens = _NoUserTokenClient(
                self._token_service_endpoint, "", app_id=self._app_id or None,
                session=ClientSession(headers={"User-Agent": self._user_agent}),
            )
        return self._user_tokens

    async def close(self) -> None:
        pool, self._pool = list(self._pool.values()), {}
        for client in pool:
            await client.close_pool()
        if self._user_tokens is not None:
            await self._user_tokens.close_pool()
            self._user_tokens = None


def _not_pooled(context: TurnContext) -> bool:
    """Agentic and Copilot Studio turns get the SDK's own client, with their own tokens."""
    recipient = context.activity.recipient
    return context.activity.is_agentic_request() or (recipient is not None
                                                     and recipient.role == RoleTypes.connector_user)


def _bot_credentials(configuration: AgentAuthConfiguration) -> Any:
    """The bot's MSAL credentials; MSAL is imported only in Azure Bot mode (it adds to every start otherwise)."""
    from microsoft_agents.authentication.msal import MsalAuth
    from msal import ConfidentialClientApplication
    from msal.authority import WELL_KNOWN_AUTHORITY_HOSTS

    class _BotCredentials(MsalAuth):
        """MSAL's client credentials, with instance discovery off for an authority outside Microsoft's known login
        hosts (`BOT_LOGIN_URL` of a sovereign cloud, or the tests' stand-in): it is the operator's explicit choice,
        and discovery would ask login.microsoftonline.com about a host it does not know."""

        async def get_access_token(self, resource_url: str, scopes: list[str], force_refresh: bool = False) -> str:
            if not self._msal_auth_client_map:
                # MSAL's constructor reads the authority's metadata with a blocking request: not on the event loop.
                await asyncio.to_thread(self._get_client)
            return await super().get_access_token(resource_url, scopes, force_refresh)

        def _create_client_application(self, tenant_id: str | None = None) -> Any:
            config = self._msal_configuration
            authority = MsalAuth._resolve_authority(config, tenant_id)
            if urlsplit(authority).hostname in WELL_KNOWN_AUTHORITY_HOSTS:
                return super()._create_client_application(tenant_id)
            return ConfidentialClientApplication(client_id=config.CLIENT_ID, authority=authority,
                                                 client_credential=config.CLIENT_SECRET, instance_discovery=False)

    return _BotCredentials(configuration)


def auth_configuration(settings: Settings) -> AgentAuthConfiguration:
    """The bot's own credentials, for its outbound token (Connector calls)."""
    if not settings.auth_enabled:
        return AgentAuthConfiguration(anonymous_allowed=True)
    # A multi-tenant bot gets its Connector token from the Bot Framework's tenant, a single-tenant one from its own.
    tenant = settings.app_tenant_id if settings.single_tenant else "botframework.com"
    return AgentAuthConfiguration(
        auth_type=AuthTypes.client_secret,
        client_id=settings.app_id,
        tenant_id=tenant,
        authority=f"{settings.bot_login_url}/{tenant}",
        client_secret=settings.app_password,
        anonymous_allowed=False,
    )


def service_hosts(settings: Settings) -> ServiceHosts:
    return ServiceHosts(settings.trusted_service_urls, enforced=settings.auth_enabled)


def build_adapter(settings: Settings) -> tuple[TutorAdapter, AgentAuthConfiguration]:
    config = auth_configuration(settings)
    hosts = service_hosts(settings)
    if settings.auth_enabled:
        connections = ConnectionManager(provider_factory=_bot_credentials,
                                        connections_configurations={"SERVICE_CONNECTION": config})
    else:
        connections = ConnectionManager(
            provider_factory=lambda _c: AnonymousTokenProvider(),
            connections_configurations={"SERVICE_CONNECTION": config},
        )
    factory = _TrustedClientFactory(connections, hosts, settings.app_id if settings.auth_enabled else "")
    return TutorAdapter(hosts, factory, connection_manager=connections), config
