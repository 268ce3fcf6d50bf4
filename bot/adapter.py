"""The Microsoft 365 Agents SDK adapter, configured for local (anonymous) or Azure Bot (JWT) mode."""

from __future__ import annotations

from microsoft_agents.authentication.msal import MsalConnectionManager
from microsoft_agents.hosting.aiohttp import CloudAdapter
from microsoft_agents.hosting.core import AgentAuthConfiguration, AnonymousTokenProvider
from microsoft_agents.hosting.core.authorization import AuthTypes, ClaimsIdentity, ConnectionManager

from bot.settings import Settings


class _LocalIdentity(ClaimsIdentity):
    @property
    def allow_anonymous(self) -> bool:
        return True


class TutorAdapter(CloudAdapter):
    """Proactive turns in local mode carry no app id: make them anonymous instead of asking for a token."""

    def create_claims_identity(self, agent_app_id: str = "") -> ClaimsIdentity:
        if not agent_app_id:
            return _LocalIdentity()
        return super().create_claims_identity(agent_app_id)


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


def build_adapter(settings: Settings) -> tuple[TutorAdapter, AgentAuthConfiguration]:
    config = auth_configuration(settings)
    if settings.auth_enabled:
        connections = MsalConnectionManager(connections_configurations={"SERVICE_CONNECTION": config})
    else:
        connections = ConnectionManager(
            provider_factory=lambda _c: AnonymousTokenProvider(),
            connections_configurations={"SERVICE_CONNECTION": config},
        )
    return TutorAdapter(connection_manager=connections), config
