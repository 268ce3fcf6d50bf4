"""The Microsoft 365 Agents SDK adapter, configured for local (anonymous) or Azure Bot (JWT) mode."""

from __future__ import annotations

from microsoft_agents.authentication.msal import MsalConnectionManager
from microsoft_agents.hosting.aiohttp import CloudAdapter
from microsoft_agents.hosting.core import AgentAuthConfiguration, AnonymousTokenProvider
from microsoft_agents.hosting.core.authorization import AuthTypes, ConnectionManager

from bot.settings import Settings


def auth_configuration(settings: Settings) -> AgentAuthConfiguration:
    if not settings.auth_enabled:
        return AgentAuthConfiguration(anonymous_allowed=True)
    single = settings.app_type.lower() == "singletenant"
    return AgentAuthConfiguration(
        auth_type=AuthTypes.client_secret,
        client_id=settings.app_id,
        tenant_id=settings.app_tenant_id if single and settings.app_tenant_id else None,
        client_secret=settings.app_password,
        anonymous_allowed=False,
    )


def build_adapter(settings: Settings) -> tuple[CloudAdapter, AgentAuthConfiguration]:
    config = auth_configuration(settings)
    if settings.auth_enabled:
        connections = MsalConnectionManager(connections_configurations={"SERVICE_CONNECTION": config})
    else:
        connections = ConnectionManager(
            provider_factory=lambda _c: AnonymousTokenProvider(),
            connections_configurations={"SERVICE_CONNECTION": config},
        )
    return CloudAdapter(connection_manager=connections), config
