"""Who is speaking (CONTRACT §5): roster match by aadObjectId, the remembered Teams id, or the member lookup."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from microsoft_agents.activity import Activity
from microsoft_agents.hosting.core import TurnContext
from microsoft_agents.hosting.core.connector import ConnectorClientBase

from bot.delivery import with_retries
from storage import UnitOfWork
from storage.models import Person

log = logging.getLogger("tutorbot.identity")


class LookupNeeded(Exception):
    """The sender is not known by id: ask Teams who they are (`look_up_member`), with no transaction open."""


@dataclass(frozen=True)
class MemberLookup:
    email: str | None


async def identify(context: TurnContext, uow: UnitOfWork, looked_up: MemberLookup | None = None, *,
                   with_locale: bool = True) -> Person | None:
    """The roster person speaking, their Teams ids noted at once. Raises LookupNeeded (before writing anything)
    when only the member lookup, an HTTP call, can tell: the caller leaves its unit of work, looks up, and calls
    again with the answer. Without `with_locale`, a changed locale waits for `remember_identity`, which the message
    turn calls just before its commit: on SQLite a write holds the one write lock from then until the commit."""
    activity = context.activity
    sender = activity.from_property
    if sender is None or not sender.id:
        return None
    person: Person | None = None
    aad = sender.aad_object_id
    if aad:
        person = await _by_aad_object_id(uow, aad.lower())
    if person is None:
        person = await uow.people.by_teams_user_id(sender.id)
    if person is None:
        if looked_up is None:
            raise LookupNeeded
        if looked_up.email:
            person = await uow.people.by_email(looked_up.email)
    if person is not None:
        await uow.people.remember_teams_identity(
            person, teams_user_id=sender.id, aad_object_id=aad, locale=activity.locale if with_locale else None
        )
    return person


async def _by_aad_object_id(uow: UnitOfWork, aad: str) -> Person | None:
    """The roster lookup; what an earlier committed turn found, while nothing was committed since."""
    person = await uow.cached_person(aad)
    if person is None:
        person = await uow.people.by_aad_object_id(aad)
        if person is not None:
            uow.seen.people[aad] = person
    return person


async def remember_identity(context: TurnContext, uow: UnitOfWork, person: Person) -> None:
    """The Teams ids and the locale (proactive messages speak it); writes only what changed."""
    activity = context.activity
    sender = activity.from_property
    if sender is None or not sender.id:
        return
    await uow.people.remember_teams_identity(
        person, teams_user_id=sender.id, aad_object_id=sender.aad_object_id, locale=activity.locale
    )


async def look_up_member(context: TurnContext) -> MemberLookup:
    return MemberLookup(await _lookup_email(context, context.activity))


async def _lookup_email(context: TurnContext, activity: Activity) -> str | None:
    """GET {serviceUrl}/v3/conversations/{id}/members/{from.id}: Teams answers with email and UPN.

    The client is the turn's own: made only for a trusted Teams host (bot/adapter.py) and, with MicrosoftAppId set,
    for the serviceUrl the token's signed `serviceurl` claim names (bot/tokens.py). No other host is asked."""
    client = context.services.get(ConnectorClientBase)
    if client is None or activity.conversation is None or activity.from_property is None:
        return None
    conversation_id = activity.conversation.id
    member_id = activity.from_property.id
    try:
        member = await with_retries(
            lambda: client.conversations.get_conversation_member(conversation_id, member_id),
            what="member lookup",
        )
    except Exception as error:  # an unreachable or refusing Connector means "unknown", not a crash
        log.warning("member lookup failed: %s", type(error).__name__)
        return None
    extra: dict[str, Any] = member.model_extra or {}
    for key in ("email", "userPrincipalName", "user_principal_name"):
        value = extra.get(key) or getattr(member, key, None)
        if isinstance(value, str) and "@" in value:
            return value.strip().lower()
    return None
