"""Conversation references: where the bot can write later without being spoken to."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import ConversationRef


class ConversationRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def remember(
        self,
        *,
        conversation_id: str,
        conversation_type: str,
        service_url: str,
        reference_json: str,
        person_id: int | None,
        teams_user_id: str | None,
        tenant_id: str | None,
        team_id: str | None,
    ) -> ConversationRef:
        ref = await self.session.scalar(
            select(ConversationRef).where(ConversationRef.conversation_id == conversation_id)
        )
        if ref is not None and _unchanged(ref, conversation_type, service_url, reference_json, person_id,
                                          teams_user_id, tenant_id, team_id):
            return ref  # the common case: no write, so a read-only turn stays read-only
        if ref is None:
            ref = ConversationRef(conversation_id=conversation_id)
            self.session.add(ref)
        ref.conversation_type = conversation_type
        ref.service_url = service_url
        ref.reference_json = reference_json
        ref.tenant_id = tenant_id
        ref.team_id = team_id
        if conversation_type == "personal":
            # A channel is shared; only a personal chat belongs to one person.
            ref.person_id = person_id if person_id is not None else ref.person_id
            ref.teams_user_id = teams_user_id
        return ref

    async def personal_of(self, person_id: int) -> ConversationRef | None:
        return await self.session.scalar(
            select(ConversationRef)
            .where(ConversationRef.person_id == person_id, ConversationRef.conversation_type == "personal")
            .order_by(ConversationRef.updated_at.desc())
            .limit(1)
        )

    async def by_conversation_id(self, conversation_id: str) -> ConversationRef | None:
        return await self.session.scalar(
            select(ConversationRef).where(ConversationRef.conversation_id == conversation_id)
        )


def _unchanged(
    ref: ConversationRef,
    conversation_type: str,
    service_url: str,
    reference_json: str,
    person_id: int | None,
    teams_user_id: str | None,
    tenant_id: str | None,
    team_id: str | None,
) -> bool:
    same = (
        ref.conversation_type == conversation_type
        and ref.service_url == service_url
        and ref.reference_json == reference_json
        and ref.tenant_id == tenant_id
        and ref.team_id == team_id
    )
    if conversation_type == "personal":
        same = same and ref.teams_user_id == teams_user_id and (person_id is None or ref.person_id == person_id)
    return same
