"""The outbox: proactive messages recorded first (in the turn's transaction) and delivered after, with retries.

A row's `key` is its idempotency key: enqueueing the same key twice is a no-op, so a replayed submission
never sends twice. Delivery claims rows with a lease (FOR UPDATE SKIP LOCKED on PostgreSQL), so several
replicas never send the same row at once and a crash only delays a row until its lease runs out. Each claim
carries a lease token: only the holder may record the outcome, and it renews the lease while a slow batch is in
flight. A conversation's rows are claimed by one process at a time, from its oldest unsent row on, so they keep
their order whatever number of processes deliver.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Collection
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from storage.conversations import ConversationRepository
from storage.models import Base, ConversationRef, Person, utcnow
from storage.repository import Repository
from storage.send_budget import SendBudgetRepository, Window
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
    lease_token: Mapped[str | None] = mapped_column(String(32), nullable=True)  # who holds the lease
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
    token: str = ""  # the lease token of the claim: only its holder records the outcome
    conversation: tuple[int | None, int | None] = (None, None)  # (person_id, conversation_ref_id)


class OutboxRepository(Repository):
    def __init__(self, session: AsyncSession) -> None:
        super().__init__(session)
        self.enqueued = 0
        self.budget = SendBudgetRepository(session)
        self.conversations = ConversationRepository(session)
        self.reach_by_install = False  # set by the unit of work: the delivery installs the app when it must

    async def to_person(self, person: Person, key: str, activity: dict[str, Any]) -> EnqueueOutcome:
        """Queue a message for a person's personal chat with the bot."""
        if await self._exists(key):
            return EnqueueOutcome.DUPLICATE
        reachable = (person.teams_user_id is not None or self.reach_by_install
                     or await self.conversations.personal_of(person.id) is not None)
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

    async def personal_reference(self, person_id: int) -> str | None:
        """The stored reference of the person's personal chat with the bot, if there is one."""
        ref = await self.conversations.personal_of(person_id)
        return ref.reference_json if ref is not None else None

    # --- delivery side ---------------------------------------------------
    async def claim_due(self, now: dt.datetime, limit: int, lease: dt.timedelta, token: str,
                        held: Collection[int] = ()) -> list[Claimed]:
        """Claim up to `limit` due rows under `token`, each conversation from its oldest unsent row on.

        `held`: rows this process claimed before and is still sending; they do not hold back their conversation's
        later rows, which it sends after them."""
        claimable = or_(
            OutboxMessage.state == OutboxState.PENDING.value,
            # A claim whose process died: its lease ran out, take it over.
            (OutboxMessage.state == OutboxState.SENDING.value) & (OutboxMessage.lease_until < now),
        )
        due = (
            select(OutboxMessage.id, OutboxMessage.person_id, OutboxMessage.conversation_ref_id)
            .where(claimable, OutboxMessage.next_attempt_at <= now)
            .order_by(OutboxMessage.id)
            .limit(limit)
        )
        if self.on_postgres:
            due = due.with_for_update(skip_locked=True)
        rows = (await self.session.execute(due)).all()
        heads = await self._oldest_unsent(rows, held)
        conversations: dict[int, tuple[int | None, int | None]] = {}
        blocked: set[tuple[int | None, int | None]] = set()
        for message_id, person_id, ref_id in rows:
            conversation = (person_id, ref_id)
            # Only from a conversation's oldest unsent row on: another process may hold (or be claiming) the
            # earlier ones, and a later row must not overtake them.
            if conversation in blocked:
                continue
            if conversation not in conversations.values() and heads.get(conversation) != message_id:
                blocked.add(conversation)
                continue
            conversations[message_id] = conversation
        if not conversations:
            return []
        # The conditional update is the claim: of two processes that saw the same rows (SQLite has no
        # SKIP LOCKED), only one changes each of them.
        taken = set((await self.session.scalars(
            update(OutboxMessage)
            .where(OutboxMessage.id.in_(list(conversations)), claimable)
            .values(state=OutboxState.SENDING.value, lease_until=now + lease, lease_token=token,
                    attempts=OutboxMessage.attempts + 1)
            .returning(OutboxMessage.id)
            .execution_options(synchronize_session=False)
        )).all())
        missed = {conversations[i] for i in conversations if i not in taken}
        given_back = [i for i in taken if conversations[i] in missed]  # they would overtake the row another took
        if given_back:
            await self.session.execute(
                update(OutboxMessage).where(OutboxMessage.id.in_(given_back))
                .values(state=OutboxState.PENDING.value, lease_until=None, lease_token=None,
                        attempts=OutboxMessage.attempts - 1)
                .execution_options(synchronize_session=False))
        return await self._claimed(sorted(taken.difference(given_back)), token)

    async def _claimed(self, ids: list[int], token: str) -> list[Claimed]:
        """What delivery needs of the claimed rows, read in a few statements whatever their number."""
        if not ids:
            return []
        rows = (await self.session.scalars(
            select(OutboxMessage).where(OutboxMessage.id.in_(ids)).order_by(OutboxMessage.id)
            .execution_options(populate_existing=True))).all()
        refs = {ref.id: ref for ref in (await self.session.scalars(select(ConversationRef).where(
            ConversationRef.id.in_({r.conversation_ref_id for r in rows if r.conversation_ref_id is not None})))).all()}
        personal: dict[int, ConversationRef] = {}
        for ref in (await self.session.scalars(
            select(ConversationRef).where(
                ConversationRef.person_id.in_({r.person_id for r in rows if r.conversation_ref_id is None}),
                ConversationRef.conversation_type == "personal")
            .order_by(ConversationRef.updated_at, ConversationRef.id))).all():
            if ref.person_id is not None:
                personal[ref.person_id] = ref  # the latest one wins, as personal_of picks it
        claimed: list[Claimed] = []
        for row in rows:
            ref = refs.get(row.conversation_ref_id) if row.conversation_ref_id is not None else (
                personal.get(row.person_id) if row.person_id is not None else None)
            reference_json = ref.reference_json if ref else None
            new_thread_in: str | None = None
            if row.conversation_ref_id is not None and ref is not None and row.new_thread:
                new_thread_in = ref.conversation_id.split(";")[0]  # "19:…@thread.tacv2;messageid=…"
            item = Claimed(row.id, row.key, json.loads(row.activity_json), row.attempts, row.person_id,
                           reference_json, f"ref:{row.conversation_ref_id}" if row.conversation_ref_id is not None
                           else f"person:{row.person_id}", new_thread_in=new_thread_in, token=token,
                           conversation=(row.person_id, row.conversation_ref_id))
            if reference_json is None and row.person_id is not None:
                item = await self._with_creation_target(item, row.person_id)
            claimed.append(item)
        return claimed

    async def _oldest_unsent(self, rows: Any, held: Collection[int]) -> dict[tuple[int | None, int | None], int]:
        """Per conversation among `rows`: the id of its oldest row not yet settled (pending or sending) and not
        among `held`."""
        people = {r[1] for r in rows if r[2] is None and r[1] is not None}
        refs = {r[2] for r in rows if r[2] is not None}
        unsent = OutboxMessage.state.in_([OutboxState.PENDING.value, OutboxState.SENDING.value])
        if held:
            unsent = unsent & OutboxMessage.id.not_in(list(held))
        heads: dict[tuple[int | None, int | None], int] = {}
        if people:
            for person_id, first in await self.session.execute(
                select(OutboxMessage.person_id, func.min(OutboxMessage.id))
                .where(unsent, OutboxMessage.conversation_ref_id.is_(None), OutboxMessage.person_id.in_(people))
                .group_by(OutboxMessage.person_id)
            ):
                heads[(person_id, None)] = first
        if refs:
            for ref_id, person_id, first in await self.session.execute(
                select(OutboxMessage.conversation_ref_id, OutboxMessage.person_id, func.min(OutboxMessage.id))
                .where(unsent, OutboxMessage.conversation_ref_id.in_(refs))
                .group_by(OutboxMessage.conversation_ref_id, OutboxMessage.person_id)
            ):
                key = (person_id, ref_id)
                heads[key] = min(first, heads.get(key, first))
        return heads

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
        return replace(item, teams_user_id=person.teams_user_id, service_url=any_ref.service_url,
                       tenant_id=any_ref.tenant_id, bot_id=bot.get("id"))

    async def remember_created_conversation(self, ref: ConversationRef) -> None:
        # An upsert: the person may open the chat with the bot at this very moment.
        await self.conversations.remember(
            conversation_id=ref.conversation_id, conversation_type=ref.conversation_type,
            service_url=ref.service_url, reference_json=ref.reference_json, person_id=ref.person_id,
            teams_user_id=ref.teams_user_id, tenant_id=ref.tenant_id, team_id=ref.team_id,
        )

    def _held(self, message_id: int, token: str) -> Any:
        return ((OutboxMessage.id == message_id) & (OutboxMessage.lease_token == token)
                & (OutboxMessage.state == OutboxState.SENDING.value))

    async def _settle(self, message_id: int, token: str, **values: Any) -> bool:
        """Record an outcome if this process still holds the lease; False when another took the row over."""
        result = await self.session.execute(
            update(OutboxMessage).where(self._held(message_id, token))
            .values(lease_until=None, lease_token=None, **values)
            .execution_options(synchronize_session=False)
        )
        return result.rowcount == 1  # type: ignore[attr-defined]

    async def mark_sent(self, message_id: int, token: str, activity_id: str | None,
                        conversation_id: str | None) -> bool:
        return await self._settle(message_id, token, state=OutboxState.SENT.value, sent_at=utcnow(),
                                  last_error=None, sent_activity_id=activity_id, sent_conversation_id=conversation_id)

    async def mark_retry(self, message_id: int, token: str, at: dt.datetime, error: str) -> bool:
        return await self._settle(message_id, token, state=OutboxState.PENDING.value, next_attempt_at=at,
                                  last_error=error[:500])

    async def note_attempt(self, message_id: int, token: str, error: str) -> bool:
        """A failed try that the holder retries in place, still holding the lease: counted and explained."""
        result = await self.session.execute(
            update(OutboxMessage).where(self._held(message_id, token))
            .values(attempts=OutboxMessage.attempts + 1, last_error=error[:500])
            .execution_options(synchronize_session=False)
        )
        return result.rowcount == 1  # type: ignore[attr-defined]

    async def release(self, message_id: int, token: str, at: dt.datetime) -> bool:
        """Put back, untried, a row that waited behind one that failed (its conversation keeps its order)."""
        return await self._settle(message_id, token, state=OutboxState.PENDING.value, next_attempt_at=at,
                                  attempts=OutboxMessage.attempts - 1)

    async def mark_final(self, message_id: int, token: str, state: OutboxState, error: str) -> bool:
        return await self._settle(message_id, token, state=state.value, last_error=error[:500])

    async def renew(self, message_ids: list[int], token: str, until: dt.datetime) -> int:
        """Extend the lease of the rows this process still holds; how many it still holds."""
        if not message_ids:
            return 0
        result = await self.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id.in_(message_ids), OutboxMessage.lease_token == token,
                   OutboxMessage.state == OutboxState.SENDING.value)
            .values(lease_until=until)
            .execution_options(synchronize_session=False)
        )
        return int(result.rowcount)  # type: ignore[attr-defined]

    async def depth(self, now: dt.datetime) -> tuple[int, float]:
        """Rows waiting (pending or sending) and the age in seconds of the oldest of them."""
        count, oldest = (await self.session.execute(
            select(func.count(OutboxMessage.id), func.min(OutboxMessage.created_at))
            .where(OutboxMessage.state.in_([OutboxState.PENDING.value, OutboxState.SENDING.value]))
        )).one()
        return int(count), (now - oldest).total_seconds() if oldest is not None else 0.0

    async def take_slot(self, keys: list[Window], now: float) -> float:
        """The earliest time from `now` at which one more send keeps every (key, limit, period) window."""
        return (await self.budget.take_slots([keys], now))[0]

    async def next_due_at(self) -> dt.datetime | None:
        value = await self.session.scalar(
            select(OutboxMessage.next_attempt_at)
            .where(OutboxMessage.state == OutboxState.PENDING.value)
            .order_by(OutboxMessage.next_attempt_at)
            .limit(1)
        )
        return value if value else None

