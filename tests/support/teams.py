"""Teams-shaped activities and a client that posts them to the bot over real HTTP, as Teams does."""

from __future__ import annotations

import itertools
import uuid
from dataclasses import dataclass
from typing import Any

import aiohttp

BOT_ID = "28:tutorbot-app-id"
BOT_NAME = "Tutorbot"
TENANT = "tenant-almau"
_ids = itertools.count(1)


@dataclass(frozen=True)
class TeamsUser:
    teams_id: str
    name: str
    aad_object_id: str | None = None
    email: str | None = None

    def account(self) -> dict[str, Any]:
        account: dict[str, Any] = {"id": self.teams_id, "name": self.name}
        if self.aad_object_id:
            account["aadObjectId"] = self.aad_object_id
        return account


def personal_conversation(user: TeamsUser) -> dict[str, Any]:
    return {"id": f"a:personal-{user.teams_id}", "conversationType": "personal", "tenantId": TENANT}


def channel_conversation(channel: str = "19:general@thread.tacv2") -> dict[str, Any]:
    return {
        "id": f"{channel};messageid={next(_ids)}",
        "conversationType": "channel",
        "isGroup": True,
        "tenantId": TENANT,
    }


def _base(service_url: str, user: TeamsUser, conversation: dict[str, Any], locale: str) -> dict[str, Any]:
    channel_data: dict[str, Any] = {"tenant": {"id": TENANT}}
    if conversation.get("conversationType") == "channel":
        channel = str(conversation["id"]).split(";")[0]
        channel_data |= {"team": {"id": "19:team@thread.tacv2", "name": "AlmaU SOM"}, "channel": {"id": channel}}
    return {
        "id": f"act-in-{uuid.uuid4().hex[:12]}",
        "channelId": "msteams",
        "serviceUrl": service_url,
        "timestamp": "2026-11-28T10:00:00.000Z",
        "locale": locale,
        "from": user.account(),
        "recipient": {"id": BOT_ID, "name": BOT_NAME},
        "conversation": conversation,
        "channelData": channel_data,
    }


def message(service_url: str, user: TeamsUser, text: str, *, locale: str = "ru-RU",
            conversation: dict[str, Any] | None = None) -> dict[str, Any]:
    conversation = conversation or personal_conversation(user)
    activity = _base(service_url, user, conversation, locale)
    activity |= {"type": "message", "text": text, "textFormat": "plain"}
    return activity


def channel_mention(service_url: str, user: TeamsUser, text: str, *, locale: str = "ru-RU",
                    channel: str = "19:general@thread.tacv2") -> dict[str, Any]:
    """A channel post that @mentions the bot, with the mention entity Teams sends."""
    mention_text = f"<at>{BOT_NAME}</at>"
    activity = message(service_url, user, f"{mention_text} {text}", locale=locale,
                       conversation=channel_conversation(channel))
    activity["entities"] = [
        {"type": "mention", "text": mention_text, "mentioned": {"id": BOT_ID, "name": BOT_NAME}},
        {"type": "clientInfo", "locale": locale, "platform": "Web"},
    ]
    return activity


def card_submit(service_url: str, user: TeamsUser, data: dict[str, Any], *, locale: str = "ru-RU") -> dict[str, Any]:
    """Action.Submit: a message activity with the card's values in `value` and no text."""
    activity = _base(service_url, user, personal_conversation(user), locale)
    activity |= {"type": "message", "value": data, "replyToId": "act-card-1"}
    return activity


def card_execute(service_url: str, user: TeamsUser, verb: str, data: dict[str, Any], *,
                 locale: str = "ru-RU") -> dict[str, Any]:
    """Action.Execute: an invoke `adaptiveCard/action`; the bot answers in the HTTP response."""
    activity = _base(service_url, user, personal_conversation(user), locale)
    activity |= {
        "type": "invoke",
        "name": "adaptiveCard/action",
        "value": {"action": {"type": "Action.Execute", "verb": verb, "data": data}, "trigger": "manual"},
        "replyToId": "act-card-1",
    }
    return activity


def file_consent(service_url: str, user: TeamsUser, context: dict[str, Any], upload_info: dict[str, Any], *,
                 action: str = "accept", locale: str = "ru-RU") -> dict[str, Any]:
    """The user answered a file consent card: invoke `fileConsent/invoke` with the card's context and, when
    accepted, where to upload (`uploadInfo.uploadUrl`, a OneDrive upload session in real Teams)."""
    activity = _base(service_url, user, personal_conversation(user), locale)
    value: dict[str, Any] = {"type": "fileUpload", "action": action, "context": context}
    if action == "accept":
        value["uploadInfo"] = upload_info
    activity |= {"type": "invoke", "name": "fileConsent/invoke", "value": value, "replyToId": "act-consent-1"}
    return activity


def bot_added(service_url: str, user: TeamsUser, *, locale: str = "ru-RU",
              conversation: dict[str, Any] | None = None) -> dict[str, Any]:
    conversation = conversation or personal_conversation(user)
    activity = _base(service_url, user, conversation, locale)
    activity |= {"type": "conversationUpdate", "membersAdded": [{"id": BOT_ID}]}
    return activity


def installation_update(service_url: str, user: TeamsUser, action: str = "add", *,
                        locale: str = "ru-RU") -> dict[str, Any]:
    activity = _base(service_url, user, personal_conversation(user), locale)
    activity |= {"type": "installationUpdate", "action": action}
    return activity


class BotClient:
    """Posts activities to the bot's /api/messages like the Teams service does."""

    def __init__(self, base_url: str, session: aiohttp.ClientSession) -> None:
        self.base_url = base_url.rstrip("/")
        self.session = session

    async def post(self, activity: dict[str, Any] | str | bytes, headers: dict[str, str] | None = None,
                   ) -> tuple[int, Any]:
        kwargs: dict[str, Any] = {"headers": {"Content-Type": "application/json", **(headers or {})}}
        if isinstance(activity, dict):
            kwargs["json"] = activity
        else:
            kwargs["data"] = activity
        async with self.session.post(f"{self.base_url}/api/messages", **kwargs) as response:
            text = await response.text()
            try:
                body: Any = await response.json(content_type=None) if text else None
            except ValueError:
                body = text
            return response.status, body

    async def health(self) -> tuple[int, Any]:
        async with self.session.get(f"{self.base_url}/healthz") as response:
            return response.status, await response.json()
