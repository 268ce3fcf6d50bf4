"""Conversation references: where the bot can write later without being spoken to."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import ConversationRef, utcnow
from storage.read_cache import RefState, Seen
from storage.repository import Repository


class ConversationRepository(Repository):
    def __init__(self, session: AsyncSession, cached: Callable[[str], Awaitable[RefState | None]] | None = None,
                 seen: Seen | None = None) -> None:
        super().__init__(session)
        self._cached = cached  # what a committed earlier turn stored for a chat, if nothing was committed since
        self._seen = seen if seen is not None else Seen()

    async def remember_if_changed(self, *, conversation_id: str, conversation_type: str, service_url: str,
                                  reference_json: str, person_id: int | None, teams_user_id: str | None,
                                  tenant_id: str | None, team_id: str | None) -> None:
        """`remember`, asking the database nothing when an earlier turn stored exactly this (the usual turn)."""
        cached = await self._cached(conversation_id) if self._cached is not None else None
        if cached is not None and _unchanged(cached, RefState(conversation_type, service_url, reference_json,
                                                              tenant_id, team_id, person_id, teams_user_id)):
            return
        ref = await self.remember(
            conversation_id=conversation_id, conversation_type=conversation_type, service_url=service_url,
            reference_json=reference_json, person_id=person_id, teams_user_id=teams_user_id, tenant_id=tenant_id,
            team_id=team_id)
        self._seen.refs[conversation_id] = RefState.of(ref)

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
        """Store where the bot can write later; an upsert, as Teams sends installationUpdate and
        conversationUpdate for a new conversation at the same moment (a SELECT-then-INSERT loses that race)."""
        ref = await self.by_conversation_id(conversation_id)
        if ref is not None and _unchanged(ref, RefState(conversation_type, service_url, reference_json, tenant_id,
                                                        team_id, person_id, teams_user_id)):
            return ref  # the common case: no write, so a read-only turn stays read-only
        personal = conversation_type == "personal"  # a channel is shared; only a personal chat is one person's
        values: dict[str, Any] = {
            "conversation_id": conversation_id,
            "conversation_type": conversation_type,
            "service_url": service_url,
            "reference_json": reference_json,
            "tenant_id": tenant_id,
            "team_id": team_id,
            "person_id": person_id if personal else None,
            "teams_user_id": teams_user_id if personal else None,
            "updated_at": utcnow(),  # ON CONFLICT's update runs no `onupdate`
        }
        insert = self.insert(ConversationRef).values(values)
        changes: dict[str, Any] = {
            name: insert.excluded[name]
            for name in ("conversation_type", "service_url", "reference_json", "tenant_id", "team_id", "updated_at")
        }
        if personal:
            changes["person_id"] = func.coalesce(insert.excluded.person_id, ConversationRef.__table__.c.person_id)
            changes["teams_user_id"] = insert.excluded.teams_user_id
        await self.session.execute(
            insert.on_conflict_do_update(index_elements=[ConversationRef.conversation_id], set_=changes)
        )
        stored = await self.session.scalar(
            select(ConversationRef)
            .where(ConversationRef.conversation_id == conversation_id)
            .execution_options(populate_existing=True)
        )
        assert stored is not None  # just written in this transaction
        return stored

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


def _unchanged(ref: ConversationRef | RefState, wanted: RefState) -> bool:
    """Whether storing `wanted` over `ref` would change nothing; a personal chat's turn that knows no person keeps
    the stored one."""
    same = (
        ref.conversation_type == wanted.conversation_type
        and ref.service_url == wanted.service_url
        and ref.reference_json == wanted.reference_json
        and ref.tenant_id == wanted.tenant_id
        and ref.team_id == wanted.team_id
    )
    if wanted.conversation_type == "personal":
        same = (same and ref.teams_user_id == wanted.teams_user_id
                and (wanted.person_id is None or ref.person_id == wanted.person_id))
    return same
