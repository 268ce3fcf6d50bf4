"""The Microsoft 365 Agents SDK adapter, configured for local (anonymous) or Azure Bot (JWT) mode.

Inbound tokens are checked in bot/tokens.py before the SDK sees a request. Outbound, every Connector client
(replies, member lookups, proactive sends, new conversations) is made here, and only for a trusted service URL
(bot/trust.py): the bot's token is never minted for, nor sent to, a host an activity merely names.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any
from urllib.parse import urlsplit

from microsoft_agents.activity import ActivityTypes
from microsoft_agents.authentication.msal import MsalAuth
from microsoft_agents.hosting.aiohttp import CloudAdapter
from microsoft_agents.hosting.core import (
    AgentAuthConfiguration,
    AnonymousTokenProvider,
    RestChannelServiceClientFactory,
    TurnContext,
)
from microsoft_agents.hosting.core.authorization import AuthTypes, ClaimsIdentity, ConnectionManager
from microsoft_agents.hosting.core.connector import ConnectorClientBase
from msal import ConfidentialClientApplication
from msal.authority import WELL_KNOWN_AUTHORITY_HOSTS

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

    def __init__(self, service_hosts: ServiceHosts, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.service_hosts = service_hosts
        self.on_turn_error = _on_turn_error

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


class _TrustedClientFactory(RestChannelServiceClientFactory):
    """Refuses, before any token is requested, a Connector client for a service URL that is not trusted."""

    def __init__(self, connections: ConnectionManager, service_hosts: ServiceHosts) -> None:
        super().__init__(connections)
        self._service_hosts = service_hosts

    async def create_connector_client(self, context: TurnContext | None, claims_identity: ClaimsIdentity,
                                      service_url: str, audience: str, scopes: list[str] | None = None,
                                      use_anonymous: bool = False) -> ConnectorClientBase:
        self._service_hosts.check(service_url)  # raises UntrustedServiceUrl
        return await super().create_connector_client(context, claims_identity, service_url, audience, scopes,
                                                     use_anonymous)


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
        connections = ConnectionManager(provider_factory=_BotCredentials,
                                        connections_configurations={"SERVICE_CONNECTION": config})
    else:
        connections = ConnectionManager(
            provider_factory=lambda _c: AnonymousTokenProvider(),
            connections_configurations={"SERVICE_CONNECTION": config},
        )
    factory = _TrustedClientFactory(connections, hosts)
    return TutorAdapter(hosts, connection_manager=connections, channel_service_client_factory=factory), config
