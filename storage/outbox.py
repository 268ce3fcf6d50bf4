"""The outbox: proactive messages recorded first (in the turn's transaction) and delivered after, with retries.

A row's `key` is its idempotency key: enqueueing the same key twice is a no-op, so a replayed submission
never sends twice. Delivery claims rows with a lease (FOR UPDATE SKIP LOCKED on PostgreSQL), so several
replicas never send the same row at once and a crash only delays a row until its lease runs out.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from storage.conversations import ConversationRepository
from storage.models import Base, ConversationRef, Person, utcnow
from storage.types import UtcDateTime


class OutboxState(StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    UNREACHABLE = "unreachable"  # the person never installed the bot, or removed it
    FAILED = "failed"  # gave up after the retry budget


class OutboxMessage(Base):
    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(300), unique=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"), nullable=True)
    conversation_ref_id: Mapped[int | None] = mapped_column(ForeignKey("conversation_refs.id"), nullable=True)
    activity_json: Mapped[str] = mapped_column(Text)
    # A channel post that starts its own thread (the weekly summary), not a reply in a stored thread.
    new_thread: Mapped[bool] = mapped_column(Boolean, default=False)
    state: Mapped[str] = mapped_column(String(16), default=OutboxState.PENDING.value, index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), default=utcnow, index=True)
    lease_until: Mapped[dt.datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    last_error: Mapped[str | None] = mapped_column(String(500), nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), default=utcnow)
    sent_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    sent_activity_id: Mapped[str | None] = mapped_column(String(300), nullable=True)
    sent_conversation_id: Mapped[str | None] = mapped_column(String(500), nullable=True)


class EnqueueOutcome(StrEnum):
    QUEUED = "queued"
    DUPLICATE = "duplicate"  # this key was enqueued before: nothing new
    UNREACHABLE = "unreachable"  # recorded, but the bot has no way to write to this person


@dataclass(frozen=True)
class Claimed:
    id: int
    key: str
    activity: dict[str, Any]
    attempts: int
    person_id: int | None
    reference_json: str | None
    conversation_key: str  # what the per-conversation rate limit counts against
    # To open a personal chat when there is none yet (the person spoke only in a channel):
    teams_user_id: str | None = None
    service_url: str | None = None
    tenant_id: str | None = None
    bot_id: str | None = None
    new_thread_in: str | None = None  # the channel id to start a new thread in


class OutboxRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.enqueued = 0

    async def to_person(self, person: Person, key: str, activity: dict[str, Any]) -> EnqueueOutcome:
        """Queue a message for a person's personal chat with the bot."""
        if await self._exists(key):
            return EnqueueOutcome.DUPLICATE
        reachable = person.teams_user_id is not None or await self._personal_ref(person.id) is not None
        row = OutboxMessage(key=key, person_id=person.id, activity_json=json.dumps(activity, ensure_ascii=False))
        if not reachable:
            row.state = OutboxState.UNREACHABLE.value
            row.last_error = "no conversation with this person: the bot is not installed for them"
        self.session.add(row)
        await self.session.flush()
        if reachable:
            self.enqueued += 1
            return EnqueueOutcome.QUEUED
        return EnqueueOutcome.UNREACHABLE

    async def to_conversation(
        self, ref: ConversationRef, key: str, activity: dict[str, Any], *, new_thread: bool = False
    ) -> EnqueueOutcome:
        """Queue a message for a stored conversation; in a channel, `new_thread` posts a new thread."""
        if await self._exists(key):
            return EnqueueOutcome.DUPLICATE
        self.session.add(
            OutboxMessage(key=key, conversation_ref_id=ref.id, new_thread=new_thread,
                          activity_json=json.dumps(activity, ensure_ascii=False))
        )
        await self.session.flush()
        self.enqueued += 1
        return EnqueueOutcome.QUEUED

    async def state_of(self, key: str) -> OutboxMessage | None:
        return await self.session.scalar(select(OutboxMessage).where(OutboxMessage.key == key))

    async def _exists(self, key: str) -> bool:
        return (await self.session.scalar(select(OutboxMessage.id).where(OutboxMessage.key == key))) is not None

    async def _personal_ref(self, person_id: int) -> ConversationRef | None:
        return await self.session.scalar(
            select(ConversationRef)
            .where(ConversationRef.person_id == person_id, ConversationRef.conversation_type == "personal")
            .order_by(ConversationRef.updated_at.desc())
            .limit(1)
        )

    # --- delivery side ---------------------------------------------------
    async def claim_due(self, now: dt.datetime, limit: int, lease: dt.timedelta) -> list[Claimed]:
        claimable = or_(
            OutboxMessage.state == OutboxState.PENDING.value,
            # A claim whose process died: its lease ran out, take it over.
            (OutboxMessage.state == OutboxState.SENDING.value) & (OutboxMessage.lease_until < now),
        )
        due = (
            select(OutboxMessage.id)
            .where(claimable, OutboxMessage.next_attempt_at <= now)
            .order_by(OutboxMessage.id)
            .limit(limit)
        )
        if self.session.bind is not None and self.session.bind.dialect.name == "postgresql":
            due = due.with_for_update(skip_locked=True)
        candidates = list((await self.session.scalars(due)).all())
        claimed: list[Claimed] = []
        for message_id in candidates:
            # The conditional update is the claim: of two processes that saw the same row (SQLite has no
            # SKIP LOCKED), only one changes it.
            taken = await self.session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id == message_id, claimable)
                .values(state=OutboxState.SENDING.value, lease_until=now + lease,
                        attempts=OutboxMessage.attempts + 1)
                .execution_options(synchronize_session=False)
            )
            if taken.rowcount != 1:  # type: ignore[attr-defined]
                continue
            row = await self.session.get(OutboxMessage, message_id, populate_existing=True)
            if row is None:
                continue
            reference_json: str | None = None
            conversation_key = f"person:{row.person_id}"
            new_thread_in: str | None = None
            if row.conversation_ref_id is not None:
                ref = await self.session.get(ConversationRef, row.conversation_ref_id)
                reference_json = ref.reference_json if ref else None
                conversation_key = f"ref:{row.conversation_ref_id}"
                if ref is not None and row.new_thread:
                    new_thread_in = ref.conversation_id.split(";")[0]  # "19:…@thread.tacv2;messageid=…"
            elif row.person_id is not None:
                ref = await self._personal_ref(row.person_id)
                reference_json = ref.reference_json if ref else None
            item = Claimed(row.id, row.key, json.loads(row.activity_json), row.attempts, row.person_id,
                           reference_json, conversation_key, new_thread_in=new_thread_in)
            if reference_json is None and row.person_id is not None:
                item = await self._with_creation_target(item, row.person_id)
            claimed.append(item)
        return claimed

    async def _with_creation_target(self, item: Claimed, person_id: int) -> Claimed:
        person = await self.session.get(Person, person_id)
        if person is None or person.teams_user_id is None:
            return item
        any_ref = await self.session.scalar(
            select(ConversationRef).where(ConversationRef.teams_user_id == person.teams_user_id).limit(1)
        ) or await self.session.scalar(select(ConversationRef).order_by(ConversationRef.updated_at.desc()).limit(1))
        if any_ref is None:
            return item
        bot = json.loads(any_ref.reference_json).get("bot") or {}
        return Claimed(item.id, item.key, item.activity, item.attempts, item.person_id, None, item.conversation_key,
                       person.teams_user_id, any_ref.service_url, any_ref.tenant_id, bot.get("id"))

    async def remember_created_conversation(self, ref: ConversationRef) -> None:
        # An upsert: the person may open the chat with the bot at this very moment.
        await ConversationRepository(self.session).remember(
            conversation_id=ref.conversation_id, conversation_type=ref.conversation_type,
            service_url=ref.service_url, reference_json=ref.reference_json, person_id=ref.person_id,
            teams_user_id=ref.teams_user_id, tenant_id=ref.tenant_id, team_id=ref.team_id,
        )

    async def mark_sent(self, message_id: int, activity_id: str | None, conversation_id: str | None) -> None:
        await self.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == message_id)
            .values(state=OutboxState.SENT.value, sent_at=utcnow(), lease_until=None, last_error=None,
                    sent_activity_id=activity_id, sent_conversation_id=conversation_id)
        )

    async def mark_retry(self, message_id: int, at: dt.datetime, error: str) -> None:
        await self.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == message_id)
            .values(state=OutboxState.PENDING.value, next_attempt_at=at, lease_until=None, last_error=error[:500])
        )

    async def mark_final(self, message_id: int, state: OutboxState, error: str) -> None:
        await self.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == message_id)
            .values(state=state.value, lease_until=None, last_error=error[:500])
        )

    async def next_due_at(self) -> dt.datetime | None:
        value = await self.session.scalar(
            select(OutboxMessage.next_attempt_at)
            .where(OutboxMessage.state == OutboxState.PENDING.value)
            .order_by(OutboxMessage.next_attempt_at)
            .limit(1)
        )
        return value
