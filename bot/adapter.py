"""The Microsoft 365 Agents SDK adapter, configured for local (anonymous) or Azure Bot (JWT) mode."""

from __future__ import annotations

import logging
from typing import Any

from microsoft_agents.activity import ActivityTypes
from microsoft_agents.authentication.msal import MsalConnectionManager
from microsoft_agents.hosting.aiohttp import CloudAdapter
from microsoft_agents.hosting.core import AgentAuthConfiguration, AnonymousTokenProvider, TurnContext
from microsoft_agents.hosting.core.authorization import AuthTypes, ClaimsIdentity, ConnectionManager

from bot.settings import Settings
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

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
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
