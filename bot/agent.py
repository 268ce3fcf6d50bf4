"""The activity handler: identify the person, remember the conversation, route to a dialog, reply.

One unit of work per turn; it is committed before any reply goes out, so "done" always means on disk.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable, Sequence
from typing import Any

from microsoft_agents.activity import Activity, ActivityTypes, Attachment, InvokeResponse
from microsoft_agents.hosting.core import TurnContext

from bot import metrics
from bot.delivery import with_retries
from bot.files import FILE_CONSENT_INVOKE, upload_file
from bot.identity import LookupNeeded, MemberLookup, identify, look_up_member, remember_identity
from bot.references import stored_reference
from cards.base import CARD_CONTENT_TYPE
from cards.help import welcome_card
from cards.i18n import text
from dialogs import Dispatch, Reply, Turn, build_dispatch
from storage import Database, UnitOfWork
from storage.models import Person
from tutoring.clock import Clock, SystemClock
from tutoring.locale import Lang, lang_from_locale
from tutoring.roles import Command, Role, may
from tutoring.text import clean_data, clean_text

log = logging.getLogger("tutorbot.turn")

CARD_ACTION_INVOKE = "adaptiveCard/action"
_KINDS = frozenset({"message", "invoke", "conversationUpdate", "installationUpdate"})  # metric labels stay few
_RESULTS = {"refused": "refused", "ignored": "ignored", "unknown command": "unknown_command"}


class TutorAgent:
    def __init__(
        self,
        database: Database,
        dispatch: Dispatch | None = None,
        on_enqueued: Callable[[], None] | None = None,
        clock: Clock | None = None,
        after_commit: Sequence[Callable[[UnitOfWork], None]] = (),
        gradesheet_days: int = 3,
    ) -> None:
        self.database = database
        self.gradesheet_days = gradesheet_days
        self.clock = clock or SystemClock()
        self.dispatch = dispatch or build_dispatch()
        self.on_enqueued = on_enqueued or (lambda: None)
        # Post-commit kicks (e.g. the sessions worker): each looks at the committed unit of work, returns at once.
        self.after_commit = tuple(after_commit)

    async def on_turn(self, context: TurnContext) -> None:
        started = time.perf_counter()
        activity = context.activity
        outcome = _Outcome()
        try:
            if activity.type == ActivityTypes.message or (
                activity.type == ActivityTypes.invoke and activity.name in (CARD_ACTION_INVOKE, FILE_CONSENT_INVOKE)
            ):
                await self._on_message(context, outcome)
            elif activity.type in (ActivityTypes.conversation_update, ActivityTypes.installation_update):
                await self._on_install(context, outcome)
            else:
                outcome.what = "ignored"
        except Exception:
            outcome.what = f"{outcome.what} failed"
            raise
        finally:
            kind = activity.type if activity.type in _KINDS else "other"
            result = "failed" if outcome.what.endswith("failed") else _RESULTS.get(outcome.what, "ok")
            metrics.TURNS.labels(kind, result).inc()
            metrics.TURN_SECONDS.labels(kind).observe(time.perf_counter() - started)
            log.info(
                "turn type=%s conv=%s who=%s what=%s took=%.1fms",
                activity.type,
                _conversation_type(activity),
                outcome.named(),
                outcome.what,
                (time.perf_counter() - started) * 1000,
            )

    async def _on_message(self, context: TurnContext, outcome: _Outcome) -> None:
        activity = context.activity
        lang = lang_from_locale(activity.locale)
        replies: list[Reply]
        looked_up: MemberLookup | None = None
        while True:
            try:
                async with self.database.unit_of_work() as uow:
                    person = await identify(context, uow, looked_up, with_locale=False)
                    if person is None:
                        outcome.who, outcome.what = "unknown", "refused"
                        replies = [Reply(text=text(lang, "unknown_person"))]
                    else:
                        outcome.who = f"{person.role}#{person.id}"
                        await _remember_conversation(uow, activity, person)
                        replies = await self._route(uow, activity, person, lang, outcome)
                        # Last: a changed locale is a write, and on SQLite it holds the write lock until the
                        # commit; taken here, it is held for one statement instead of the whole turn.
                        await remember_identity(context, uow, person)
                break
            except LookupNeeded:  # nothing was written; ask Teams with no transaction open, then once more
                looked_up = await look_up_member(context)
        # Committed: now it is safe to say so, and to deliver what the turn queued for others.
        if uow.outbox.enqueued:
            self.on_enqueued()
        for kick in self.after_commit:
            kick(uow)
        await self._send(context, replies)

    async def _route(
        self, uow: UnitOfWork, activity: Activity, person: Person, lang: Lang, outcome: _Outcome
    ) -> list[Reply]:
        role = Role(person.role)
        turn = Turn(
            person=person,
            role=role,
            lang=lang,
            uow=uow,
            conversation_type=_conversation_type(activity),
            conversation_id=activity.conversation.id if activity.conversation else "",
            activity_id=_bounded_id(activity.id or ""),
            gradesheet_days=self.gradesheet_days,
            now=self.clock.now(),
        )
        outcome.turn = turn
        data = clean_data(_submitted_data(activity))  # a person's text: no control characters past this point
        if data is not None:
            action = str(data.get("action") or data.get("verb") or "")
            outcome.what = f"submit:{action or '?'}"
            route = self.dispatch.by_action.get(action)
            if route is None:
                return [Reply(text=text(lang, "bad_submission"))]
            # The role rule holds for cards too: each action belongs to one command, and a role that may not use
            # that command may not submit it (a student replaying a tutor's card values is refused here).
            if not may(role, route.command):
                return [_not_allowed(lang, route.command, role)]
            turn.data = data
            turn.anonymous = str(data.get("anonymous") or "").lower() == "true"
            return await route.handler(turn)
        typed = clean_text(activity.remove_recipient_mention() or activity.text or "").strip()
        route, word, rest = self.dispatch.match(typed)
        if route is None:
            known = _known_command(word)
            if known is None:
                outcome.what = "unknown command"
                return [Reply(text=text(lang, "unknown_command", text=typed[:80]))]
            outcome.what = known.value
            if not may(role, known):
                return [_not_allowed(lang, known, role)]
            return [Reply(text=text(lang, "not_ready", command=known.value))]
        outcome.what = route.command.value
        if not may(role, route.command):
            return [_not_allowed(lang, route.command, role)]
        turn.args = rest
        return await route.handler(turn)

    async def _on_install(self, context: TurnContext, outcome: _Outcome) -> None:
        activity = context.activity
        recipient_id = activity.recipient.id if activity.recipient else None
        bot_added = activity.type == ActivityTypes.conversation_update and any(
            m.id == recipient_id for m in (activity.members_added or [])
        )
        if activity.type == ActivityTypes.installation_update and activity.action not in (None, "add", "add-upgrade"):
            outcome.what = f"installation {activity.action}"
            return
        looked_up: MemberLookup | None = None
        while True:
            try:
                async with self.database.unit_of_work() as uow:
                    personal = _conversation_type(activity) == "personal"
                    person = await identify(context, uow, looked_up) if personal else None
                    outcome.who = f"{person.role}#{person.id}" if person else "-"
                    await _remember_conversation(uow, activity, person)
                break
            except LookupNeeded:  # as in _on_message: the HTTP lookup runs outside the transaction
                looked_up = await look_up_member(context)
        outcome.what = "installed" if bot_added else "conversation update"
        # Teams sends both installationUpdate and conversationUpdate on install: welcome once.
        if bot_added:
            lang = lang_from_locale(activity.locale or (person.locale if person else None))
            await self._send(context, [Reply(card=welcome_card(lang))])

    async def _send(self, context: TurnContext, replies: list[Reply]) -> None:
        activity = context.activity
        if activity.type == ActivityTypes.invoke and activity.name == FILE_CONSENT_INVOKE:
            # The user allowed a file: upload it, say so in the chat, and answer the invoke with a plain 200.
            for reply in replies:
                await _send_message(context, await _with_upload(reply))
            await context.send_activity(Activity(type=ActivityTypes.invoke_response, value=InvokeResponse(status=200)))
            return
        if activity.type == ActivityTypes.invoke:
            await self._answer_invoke(context, replies)
            return
        for reply in replies:
            if reply.update and activity.reply_to_id and await _replace_card(context, reply, activity.reply_to_id):
                # The card is replaced; whatever else the reply says comes as a message of its own.
                reply = Reply(text=reply.text, attachments=reply.attachments) if reply.card is not None else Reply()
            if reply.text or reply.card is not None or reply.attachments:
                await _send_message(context, reply)

    async def _answer_invoke(self, context: TurnContext, replies: list[Reply]) -> None:
        """Action.Execute: the last card replaces the one clicked; texts go to the chat."""
        cards = [r.card for r in replies if r.card is not None]
        for reply in replies:
            if reply.text and reply.card is None:
                outgoing = _message(reply)
                await with_retries(lambda o=outgoing: context.send_activity(o), what="reply")
        body: dict[str, Any]
        if cards:
            body = {"statusCode": 200, "type": CARD_CONTENT_TYPE, "value": cards[-1]}
        else:
            body = {"statusCode": 200, "type": "application/vnd.microsoft.activity.message", "value": "ok"}
        await context.send_activity(
            Activity(type=ActivityTypes.invoke_response, value=InvokeResponse(status=200, body=body))
        )


class _Outcome:
    def __init__(self) -> None:
        self.who = "-"
        self.what = "-"
        self.turn: Turn | None = None

    def named(self) -> str:
        """Who, for the log: an anonymous question's turn names the role only, never the person."""
        if self.turn is not None and self.turn.anonymous:
            return self.turn.role.value
        return self.who


def _message(reply: Reply) -> Activity:
    attachments = [Attachment.model_validate(a) for a in reply.attachments]
    if reply.card is not None:
        attachments.insert(0, Attachment(content_type=CARD_CONTENT_TYPE, content=reply.card))
    # Only the fields that have a value: an explicit `"text": null` is refused by the Agents Playground.
    fields: dict[str, Any] = {}
    if reply.text:
        fields["text"] = reply.text
    if attachments:
        fields["attachments"] = attachments
    return Activity(type=ActivityTypes.message, **fields)


async def _replace_card(context: TurnContext, reply: Reply, card_activity_id: str) -> bool:
    """Replace the submitted card with the reply's card alone (or its text alone, when it has no card).

    An update must stay one message: the Agents Playground refuses (400) an update that it would have to split into
    several (text plus an attachment, or two attachments), and Teams takes a card-only update. False when it could
    not be replaced.
    """
    only = Reply(card=reply.card) if reply.card is not None else Reply(text=reply.text)
    outgoing = _message(only)
    outgoing.id = card_activity_id
    outgoing.conversation = context.activity.conversation
    try:
        await with_retries(lambda: context.update_activity(outgoing), what="update card")
    except Exception as error:  # the card stays; the result is still said in a new message
        log.warning("could not replace the submitted card: %s", type(error).__name__)
        return False
    return True


async def _send_message(context: TurnContext, reply: Reply) -> None:
    outgoing = _message(reply)
    await with_retries(lambda: context.send_activity(outgoing), what="reply")


async def _with_upload(reply: Reply) -> Reply:
    """Do a reply's file upload (Teams' file consent flow); the reply then carries the file card or the failure."""
    upload = reply.upload
    if upload is None:
        return reply
    try:
        await upload_file(upload.upload_url, upload.content)
    except Exception as error:
        log.warning("file upload failed: %s", type(error).__name__)
        return Reply(text=upload.failed_text)
    return Reply(text=upload.done_text, card=reply.card, attachments=[*reply.attachments, upload.info])


def _bounded_id(activity_id: str) -> str:
    """Idempotency keys are built from the activity id: Teams' ids are short; a longer one is hashed so a key
    always fits its column (String(200..300)) instead of failing the turn on PostgreSQL."""
    if len(activity_id) <= 100:
        return activity_id
    return "h:" + hashlib.sha256(activity_id.encode()).hexdigest()


def _not_allowed(lang: Lang, command: Command, role: Role) -> Reply:
    return Reply(text=text(lang, "not_allowed", command=command.value, role=text(lang, f"role.{role.value}")))


def _known_command(word: str) -> Command | None:
    try:
        return Command(word)
    except ValueError:
        return None


def _submitted_data(activity: Activity) -> dict[str, Any] | None:
    """Action.Submit arrives as a message with `value`; Action.Execute as an invoke with action.data and verb."""
    value = activity.value
    if not isinstance(value, dict):
        return None
    if activity.type == ActivityTypes.invoke and activity.name == FILE_CONSENT_INVOKE:
        # {"type": "fileUpload", "action": "accept"|"decline", "context": <the card's acceptContext>, "uploadInfo": …}
        context = value.get("context")
        data = dict(context) if isinstance(context, dict) else {}
        data["consent"] = str(value.get("action") or "")
        upload = value.get("uploadInfo")
        data["upload"] = dict(upload) if isinstance(upload, dict) else {}
        return data
    if activity.type == ActivityTypes.invoke:
        action = value.get("action")
        if not isinstance(action, dict):
            return {}
        data = dict(action.get("data") or {})
        if action.get("verb") and "action" not in data:
            data["action"] = action["verb"]
        return data
    return dict(value)


def _conversation_type(activity: Activity) -> str:
    conversation = activity.conversation
    return (conversation.conversation_type if conversation else None) or "personal"


def _channel_data(activity: Activity) -> dict[str, Any]:
    data = activity.channel_data
    if isinstance(data, dict):
        return data
    if data is not None and hasattr(data, "model_dump"):
        return data.model_dump(by_alias=True)  # type: ignore[no-any-return]
    return {}


def tenant_of(activity: Activity) -> str | None:
    if activity.conversation and activity.conversation.tenant_id:
        return activity.conversation.tenant_id
    tenant = _channel_data(activity).get("tenant")
    return tenant.get("id") if isinstance(tenant, dict) else None


async def _remember_conversation(uow: UnitOfWork, activity: Activity, person: Person | None) -> None:
    if activity.conversation is None or not activity.service_url:
        return
    team = _channel_data(activity).get("team")
    await uow.conversations.remember_if_changed(
        conversation_id=activity.conversation.id,
        conversation_type=_conversation_type(activity),
        service_url=activity.service_url,
        reference_json=stored_reference(activity.get_conversation_reference()),
        person_id=person.id if person else None,
        teams_user_id=activity.from_property.id if activity.from_property else None,
        tenant_id=tenant_of(activity),
        team_id=team.get("id") if isinstance(team, dict) else None,
    )
