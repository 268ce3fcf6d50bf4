"""Delivery of the outbox: claim due rows, send them through the SDK with Teams' limits, record the result.

Recorded first, sent after: a crash or an outage delays a message but does not lose it, and a row is only
marked sent after the Connector acknowledged it. A 429 or 5xx puts the row back with its next attempt time
(Retry-After when given), so the truth of what is due stays in the database, not in memory.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import random
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

from bot.delivery import RETRYABLE, retry_after_seconds
from bot.references import stored_reference
from bot.tasks import stop_task
from bot.throttle import TeamsThrottle
from bot.trust import UntrustedServiceUrl
from storage import Database
from storage.models import ConversationRef, utcnow
from storage.outbox import Claimed, OutboxState

log = logging.getLogger("tutorbot.outbox")

MAX_ATTEMPTS = 12  # with backoff capped at 10 min this spans about an hour of outage
LEASE = dt.timedelta(seconds=60)
UNREACHABLE_STATUSES = frozenset({403, 404})


def backoff(attempts: int) -> float:
    return min(600.0, 0.5 * 2 ** (attempts - 1)) * (0.75 + random.random() / 2)


class Deliverer:
    def __init__(self, database: Database, adapter: Any, app_id: str, throttle: TeamsThrottle | None = None,
                 batch: int = 500, concurrency: int = 64, lease: dt.timedelta = LEASE) -> None:
        self.database = database
        self.adapter = adapter
        self.app_id = app_id
        self.throttle = throttle or TeamsThrottle()
        self.batch = batch
        self.lease = lease
        self._concurrency = asyncio.Semaphore(concurrency)
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._stopping = False

    def kick(self) -> None:
        """Something was enqueued: deliver now rather than at the next sweep."""
        self._wake.set()

    def start(self) -> None:
        self._stopping = False
        self._task = asyncio.create_task(self._run(), name="outbox-delivery")

    async def stop(self) -> None:
        self._stopping = True
        self._wake.set()
        await stop_task(self._task)

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
        """Deliver everything due now; return how many were sent."""
        sent = 0
        while True:
            async with self.database.unit_of_work() as uow:
                claimed = await uow.outbox.claim_due(utcnow(), self.batch, self.lease)
            if not claimed:
                return sent
            by_conversation: dict[str, list[Claimed]] = {}
            for item in claimed:
                by_conversation.setdefault(item.conversation_key, []).append(item)
            results = await asyncio.gather(*(self._deliver_in_order(items) for items in by_conversation.values()))
            sent += sum(results)
            if len(claimed) < self.batch or self._stopping:
                return sent

    async def _deliver_in_order(self, items: list[Claimed]) -> int:
        sent = 0
        for item in items:  # one conversation's messages keep their order
            async with self._concurrency:
                await self.throttle.acquire(item.conversation_key)
                sent += await self._deliver(item)
        return sent

    async def _deliver(self, item: Claimed) -> int:
        try:
            activity_id, conversation_id = await self._send(item)
        except ClientResponseError as error:
            await self._failed(item, error.status, retry_after_seconds(error), f"HTTP {error.status}")
            return 0
        except _NoConversation as error:
            await self._final(item, OutboxState.UNREACHABLE, str(error))
            return 0
        except UntrustedServiceUrl as error:  # a stored reference to a host the bot never sends its token to
            await self._final(item, OutboxState.FAILED, str(error))
            return 0
        except (OSError, TimeoutError) as error:
            await self._failed(item, 503, None, f"{type(error).__name__}: connector unreachable")
            return 0
        async with self.database.unit_of_work() as uow:
            await uow.outbox.mark_sent(item.id, activity_id, conversation_id)
        return 1

    async def _failed(self, item: Claimed, status: int, retry_after: float | None, error: str) -> None:
        if status in UNREACHABLE_STATUSES:
            await self._final(item, OutboxState.UNREACHABLE, error)
        elif status in RETRYABLE and item.attempts < MAX_ATTEMPTS:
            wait = retry_after if retry_after is not None else backoff(item.attempts)
            log.warning("outbox %s: %s, attempt %d, next in %.1f s", item.key, error, item.attempts, wait)
            async with self.database.unit_of_work() as uow:
                await uow.outbox.mark_retry(item.id, utcnow() + dt.timedelta(seconds=wait), error)
        else:
            await self._final(item, OutboxState.FAILED, error)

    async def _final(self, item: Claimed, state: OutboxState, error: str) -> None:
        log.warning("outbox %s: %s (%s)", item.key, state.value, error)
        async with self.database.unit_of_work() as uow:
            await uow.outbox.mark_final(item.id, state, error)

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


class _NoConversation(Exception):
    pass
