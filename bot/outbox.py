"""Delivery of the outbox: claim due rows, send them through the SDK with Teams' limits, record the result.

Recorded first, sent after: a crash or an outage delays a message but does not lose it, and a row is only
marked sent after the Connector acknowledged it. A 429 or 5xx puts the row back with its next attempt time
(Retry-After when given), so the truth of what is due stays in the database, not in memory.

Many processes, one database: each claim carries a lease token that only its holder can settle, and a claim's
leases are renewed while its batch is in flight; the Teams rate budget is reserved in the database
(`bot/throttle.py`). Delivery is at-least-once only across a crash between Teams' 2xx and the commit of `sent`,
which follows it at once: at most the one message in flight per conversation is sent twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import random
import time
import uuid
from collections import deque
from dataclasses import dataclass, field, replace
from typing import Any

from aiohttp import ClientResponseError
from microsoft_agents.activity import (
    Activity,
    ChannelAccount,
    ConversationParameters,
    ConversationReference,
)
from microsoft_agents.hosting.core import TurnContext
from microsoft_agents.hosting.core.authorization import AuthenticationConstants

from bot import metrics
from bot.delivery import RETRYABLE, retry_after_seconds
from bot.reach import GraphRefused, PersonalChats
from bot.references import stored_reference
from bot.tasks import stop_task
from bot.throttle import TeamsThrottle, Ticket
from bot.tracing import TRACER
from bot.trust import UntrustedServiceUrl
from storage import Database
from storage.models import ConversationRef, utcnow
from storage.outbox import Claimed, OutboxState

log = logging.getLogger("tutorbot.outbox")

MAX_ATTEMPTS = 12  # with backoff capped at 10 min this spans about an hour of outage
LEASE = dt.timedelta(seconds=60)
INLINE_RETRY_S = 5.0  # a shorter wait is waited holding the claim; a longer one puts the row back
FIRST_CLAIM = 50
RECLAIM_S = 5.0  # while a long fan-out is sent, look for newly due rows this often
UNREACHABLE_STATUSES = frozenset({403, 404})


@dataclass
class _Conversation:
    queue: deque[Claimed] = field(default_factory=lambda: deque[Claimed]())
    worker: asyncio.Task[None] | None = None
    retry_at: dt.datetime | None = None  # one of its rows failed: the rest waits until then, untried


@dataclass
class _Pass:
    """One delivery pass: the rows this process holds (one lease token), conversation by conversation."""

    token: str = field(default_factory=lambda: uuid.uuid4().hex)
    in_flight: set[int] = field(default_factory=set[int])
    conversations: dict[str, _Conversation] = field(default_factory=dict[str, _Conversation])
    workers: set[asyncio.Task[None]] = field(default_factory=set[asyncio.Task[None]])
    sent: int = 0
    changed: asyncio.Event = field(default_factory=asyncio.Event)  # a row settled, or a kick
    finished: asyncio.Event = field(default_factory=asyncio.Event)

    def settle(self, items: list[Claimed], sent: int) -> None:
        self.in_flight.difference_update(item.id for item in items)
        self.sent += sent
        self.changed.set()

    async def drained(self) -> None:
        while pending := [w for w in self.workers if not w.done()]:
            await asyncio.wait(pending)


def backoff(attempts: int) -> float:
    return min(600.0, 0.5 * 2 ** (attempts - 1)) * (0.75 + random.random() / 2)


class Deliverer:
    def __init__(self, database: Database, adapter: Any, app_id: str, throttle: TeamsThrottle | None = None,
                 batch: int = 500, concurrency: int = 64, lease: dt.timedelta = LEASE,
                 reach: PersonalChats | None = None) -> None:
        self.database = database
        self.reach = reach  # with Graph: install the app for a person with no conversation
        self.adapter = adapter
        self.app_id = app_id
        self.throttle = throttle or TeamsThrottle(database)
        self.batch = batch
        self.lease = lease
        self._concurrency = asyncio.Semaphore(concurrency)
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._pass: _Pass | None = None
        self._stopping = False

    def kick(self) -> None:
        """Something was enqueued: deliver now rather than at the next sweep."""
        self._wake.set()
        if self._pass is not None:
            self._pass.changed.set()

    def start(self) -> None:
        self._stopping = False
        self._task = asyncio.create_task(self._run(), name="outbox-delivery")

    async def stop(self) -> None:
        self._stopping = True
        self.kick()
        await stop_task(self._task)
        if self.reach is not None:
            await self.reach.close()

    async def _run(self) -> None:
        while not self._stopping:
            try:
                await self.deliver_due()
            except Exception:
                log.exception("outbox sweep failed; retrying at the next sweep")
            if self._stopping:
                return
            wait = 5.0
            with contextlib.suppress(Exception):
                async with self.database.unit_of_work() as uow:
                    next_at = await uow.outbox.next_due_at()
                if next_at is not None:
                    wait = max(0.05, min(wait, (next_at - utcnow()).total_seconds()))
            self._wake.clear()
            if self._stopping:  # nothing from here to the wait suspends: a later stop() sets the event
                return
            # asyncio.timeout, not wait_for: on Python 3.11 wait_for swallows a cancel that lands as the wake-up
            # completes, and stop() then waits forever (seen when a kick and a shutdown coincide).
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(wait):
                    await self._wake.wait()

    async def deliver_due(self) -> int:
        """Deliver everything due now; return how many were sent. One caller at a time per process: the loop.

        Pipelined: each conversation has one worker sending its messages one after the other, conversations go
        in parallel up to the bot's budget, and the next claim is taken while the last one is still being sent
        (no pause between batches, and a message enqueued meanwhile does not wait for a long fan-out to end)."""
        run = _Pass()
        self._pass = run
        renewing = asyncio.create_task(self._renew(run), name="outbox-lease-renewal")
        try:
            try:
                await self._claim_while_sending(run)
            finally:  # even when a claim failed: what was claimed is still sent, under renewed leases
                await run.drained()
        finally:
            self._pass = None
            run.finished.set()
            await stop_task(renewing)
        return run.sent

    async def _claim_while_sending(self, run: _Pass) -> None:
        limit = min(self.batch, FIRST_CLAIM)  # a small first claim: the first message leaves at once
        while not self._stopping:
            self._wake.clear()
            async with self.database.unit_of_work() as uow:
                claimed = await uow.outbox.claim_due(utcnow(), limit, self.lease, run.token, held=run.in_flight)
            for item in claimed:
                self._dispatch(run, item)
            if not run.in_flight:
                return
            await self._until_room(run, full=len(claimed) == limit)
            limit = self.batch

    async def _until_room(self, run: _Pass, *, full: bool) -> None:
        """Wait until a claim is worth taking: room below half a batch after a full one, else a kick, a pause
        (rows due again), or nothing left in flight."""
        deadline = asyncio.get_running_loop().time() + RECLAIM_S
        while run.in_flight and not self._stopping:
            if (full and len(run.in_flight) <= self.batch // 2) or (not full and self._wake.is_set()):
                return
            run.changed.clear()
            left = deadline - asyncio.get_running_loop().time()
            if left <= 0:
                return
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(left):
                    await run.changed.wait()

    def _dispatch(self, run: _Pass, item: Claimed) -> None:
        conversation = run.conversations.setdefault(item.conversation_key, _Conversation())
        conversation.queue.append(item)
        run.in_flight.add(item.id)
        if conversation.worker is None:
            conversation.worker = asyncio.create_task(self._serve(run, conversation), name="outbox-conversation")
            run.workers.add(conversation.worker)

    async def _serve(self, run: _Pass, conversation: _Conversation) -> None:
        """One conversation's worker: its messages in order, one at a time."""
        holding: list[Claimed] = []  # taken from the queue, not settled yet
        try:
            while conversation.queue:
                holding = list(conversation.queue) if conversation.retry_at or self._stopping else [
                    conversation.queue[0]]
                for _ in holding:
                    conversation.queue.popleft()
                if conversation.retry_at is not None or self._stopping:
                    # The rest waits behind the one that failed (or for the next process), untried.
                    await self._put_back(holding, conversation.retry_at or utcnow())
                    run.settle(holding, 0)
                    holding = []
                    continue
                delivered, retry_at = await self._deliver_until_settled(holding[0])
                run.settle(holding, delivered)
                holding = []
                if retry_at is not None:
                    conversation.retry_at = retry_at
        except Exception:  # the database went away mid-way: the leases run out and the rows are claimed again
            log.exception("outbox: a conversation's delivery stopped; its rows wait for their lease to run out")
            stuck = [*holding, *conversation.queue]
            conversation.queue.clear()
            conversation.retry_at = utcnow() + self.lease
            run.settle(stuck, 0)
        conversation.worker = None  # no await after the last look at the queue: _dispatch sees it free

    async def _put_back(self, items: list[Claimed], at: dt.datetime) -> None:
        async with self.database.unit_of_work() as uow:
            for item in items:
                await uow.outbox.release(item.id, item.token, at)

    async def _deliver_until_settled(self, item: Claimed) -> tuple[int, dt.datetime | None]:
        """(1 if sent, else 0; when the row is due again if it was put back)."""
        while True:
            async with self._concurrency:
                ticket = await self.throttle.acquire(item.conversation_key)
                metrics.THROTTLE_WAIT.inc(ticket.waited)
                with TRACER.start_as_current_span("outbox.deliver", attributes={
                        "tutorbot.outbox.key": item.key, "tutorbot.outbox.attempt": item.attempts}) as span:
                    delivered, retry_at, again_in = await self._deliver(item, ticket)
                    span.set_attribute("tutorbot.outbox.sent", bool(delivered))
            if again_in is None:
                return delivered, retry_at
            # A short wait (Retry-After of a 429): try again holding the lease, the conversation behind it.
            await asyncio.sleep(again_in)
            item = replace(item, attempts=item.attempts + 1)

    async def _renew(self, run: _Pass) -> None:
        """Keep the leases of what this pass holds while it is in flight (a crowded conversation takes a while)."""
        while not run.finished.is_set():
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(self.lease.total_seconds() / 3):
                    await run.finished.wait()
            if run.finished.is_set() or not run.in_flight:
                continue
            try:
                async with self.database.unit_of_work() as uow:
                    await uow.outbox.renew(sorted(run.in_flight), run.token, utcnow() + self.lease)
            except Exception:  # the database is away: the next renewal tries again, the lease still holds a while
                log.warning("outbox lease renewal failed", exc_info=True)

    async def _deliver(self, item: Claimed, ticket: Ticket) -> tuple[int, dt.datetime | None, float | None]:
        """(1 if sent, else 0; when the row is due again if it was put back; how soon to try it again in place)."""
        try:
            activity_id, conversation_id = await self._send(item)
            answered = time.time()
        except ClientResponseError as error:
            return 0, *await self._failed(item, error.status, retry_after_seconds(error), f"HTTP {error.status}")
        except _NoConversation as error:
            await self._final(item, OutboxState.UNREACHABLE, str(error))
            return 0, None, None
        except GraphRefused as refused:  # installing the app for them: 403/404 for good, 429/5xx later
            if refused.transient:
                return 0, *await self._failed(item, 503, None, refused.reason)
            await self._final(item, OutboxState.UNREACHABLE, refused.reason)
            return 0, None, None
        except UntrustedServiceUrl as error:  # a stored reference to a host the bot never sends its token to
            await self._final(item, OutboxState.FAILED, str(error))
            return 0, None, None
        except (OSError, TimeoutError) as error:
            return 0, *await self._failed(item, 503, None, f"{type(error).__name__}: connector unreachable")
        # Teams has it: record that at once, the only window where a crash can send it twice.
        async with self.database.unit_of_work() as uow:
            held = await uow.outbox.mark_sent(item.id, item.token, activity_id, conversation_id)
        metrics.DELIVERIES.labels("sent" if held else "sent_after_lease").inc()
        if not held:  # our lease ran out and another process took the row: it may send it again
            log.warning("outbox %s: sent, but the lease had passed to another process", item.key)
        await self.throttle.answered(ticket, answered)
        return 1, None, None

    async def _failed(self, item: Claimed, status: int, retry_after: float | None,
                      error: str) -> tuple[dt.datetime | None, float | None]:
        if status == 429:
            metrics.THROTTLED.inc()
        if status in UNREACHABLE_STATUSES:
            await self._final(item, OutboxState.UNREACHABLE, error)
        elif status in RETRYABLE and item.attempts < MAX_ATTEMPTS:
            wait = retry_after if retry_after is not None else backoff(item.attempts)
            log.warning("outbox %s: %s, attempt %d, next in %.1f s", item.key, error, item.attempts, wait)
            metrics.DELIVERIES.labels("retry").inc()
            if wait <= INLINE_RETRY_S and not self._stopping:
                async with self.database.unit_of_work() as uow:
                    await uow.outbox.note_attempt(item.id, item.token, error)
                return None, wait
            at = utcnow() + dt.timedelta(seconds=wait)
            async with self.database.unit_of_work() as uow:
                await uow.outbox.mark_retry(item.id, item.token, at, error)
            return at, None
        else:
            await self._final(item, OutboxState.FAILED, error)
        return None, None

    async def _final(self, item: Claimed, state: OutboxState, error: str) -> None:
        log.warning("outbox %s: %s (%s)", item.key, state.value, error)
        metrics.DELIVERIES.labels(state.value).inc()
        async with self.database.unit_of_work() as uow:
            await uow.outbox.mark_final(item.id, item.token, state, error)

    async def _send(self, item: Claimed) -> tuple[str | None, str | None]:
        activity = Activity.model_validate(item.activity)
        result: dict[str, str | None] = {}
        failed: list[Exception] = []

        async def send(context: TurnContext) -> None:
            try:
                response = await context.send_activity(activity)
            except Exception as error:
                # Raised from here, the SDK's default on_turn_error would swallow it (and post "Exception caught"
                # to the person): the row would be marked sent and the message lost. Carry it out instead.
                failed.append(error)
                return
            result["id"] = response.id if response else None
            result["conversation"] = context.activity.conversation.id if context.activity.conversation else None

        if item.reference_json is not None and item.new_thread_in is not None:
            reference = ConversationReference.model_validate_json(item.reference_json)
            return await self._post_new_thread(item, reference, activity), None
        if item.reference_json is not None:
            reference = ConversationReference.model_validate_json(item.reference_json)
            await self.adapter.continue_conversation(self.app_id, reference.get_continuation_activity(), send)
        else:
            await self._create_personal_chat(item, send)
        if failed:
            raise failed[0]
        return result.get("id"), result.get("conversation")

    async def _post_new_thread(self, item: Claimed, reference: ConversationReference, activity: Activity) -> str | None:
        """A channel post of its own: create a conversation in the channel with the message as its first activity."""
        tenant = reference.conversation.tenant_id if reference.conversation else None
        parameters = ConversationParameters(
            is_group=True,
            bot=reference.agent or ChannelAccount(id=self.app_id or "bot"),
            activity=activity,
            channel_data={"channel": {"id": item.new_thread_in}, **({"tenant": {"id": tenant}} if tenant else {})},
        )
        if tenant:
            parameters.tenant_id = tenant
        created: dict[str, str | None] = {}

        async def remember(context: TurnContext) -> None:
            conversation = context.activity.conversation
            created["id"] = conversation.id if conversation else None

        await self.adapter.create_conversation(
            self.app_id, "msteams", reference.service_url, AuthenticationConstants.AGENTS_SDK_SCOPE,
            parameters, remember,
        )
        return created.get("id")

    async def _create_personal_chat(self, item: Claimed, send: Any) -> None:
        if (not item.teams_user_id or not item.service_url) and self.reach is not None and item.person_id:
            reference = ConversationReference.model_validate_json(await self._installed_chat(item.person_id))
            await self.adapter.continue_conversation(self.app_id, reference.get_continuation_activity(), send)
            return
        if not item.teams_user_id or not item.service_url:
            raise _NoConversation("no conversation with this person: the bot is not installed for them")
        parameters = ConversationParameters(
            is_group=False,
            bot=ChannelAccount(id=item.bot_id or self.app_id or "bot"),
            members=[ChannelAccount(id=item.teams_user_id)],
            channel_data={"tenant": {"id": item.tenant_id}} if item.tenant_id else None,
        )
        if item.tenant_id:
            parameters.tenant_id = item.tenant_id
        created: dict[str, Any] = {}

        async def remember_and_send(context: TurnContext) -> None:
            conversation = context.activity.conversation
            if conversation is not None:
                conversation.conversation_type = "personal"
                conversation.tenant_id = item.tenant_id
                created["reference"] = context.activity.get_conversation_reference()
            await send(context)

        await self.adapter.create_conversation(
            self.app_id, "msteams", item.service_url, AuthenticationConstants.AGENTS_SDK_SCOPE,
            parameters, remember_and_send,
        )
        reference = created.get("reference")
        if isinstance(reference, ConversationReference) and reference.conversation is not None:
            async with self.database.unit_of_work() as uow:
                await uow.outbox.remember_created_conversation(
                    ConversationRef(
                        conversation_id=reference.conversation.id,
                        conversation_type="personal",
                        person_id=item.person_id,
                        teams_user_id=item.teams_user_id,
                        tenant_id=item.tenant_id,
                        service_url=item.service_url,
                        reference_json=stored_reference(reference),
                    )
                )


    async def _installed_chat(self, person_id: int) -> str:
        """The person's personal chat, installing the app for them first if no earlier message of theirs did."""
        assert self.reach is not None
        async with self.database.unit_of_work() as uow:
            stored = await uow.outbox.personal_reference(person_id)
        if stored is None:
            await self.reach.reach(person_id)  # Graph calls: no transaction open
            async with self.database.unit_of_work() as uow:
                stored = await uow.outbox.personal_reference(person_id)
        if stored is None:
            raise _NoConversation("the app was installed but its chat was not stored")
        return stored


class _NoConversation(Exception):
    pass
