"""Conversation tests that read like a chat: `await chat.say("help")`, then look at what came back.

    chat = Chat(bot, STUDENT, locale="en-US")
    reply = await chat.say("ask Когда РК1?")
    assert "RK1" in reply.text
    reply = await chat.submit({"action": "ask.submit", "question": "..."})
"""

from __future__ import annotations

from dataclasses import KW_ONLY, dataclass
from typing import Any

from tests.conftest import RunningBot
from tests.support import teams
from tests.support.adaptive_cards import assert_cards_valid
from tests.support.connector import Sent


@dataclass
class Said:
    """What the bot answered to one message: every activity it sent into this chat for that turn."""

    activities: list[Sent]
    status: int
    invoke_body: Any = None

    @property
    def text(self) -> str:
        return "\n".join(a.text for a in self.activities if a.text)

    @property
    def cards(self) -> list[dict[str, Any]]:
        return [card for a in self.activities for card in a.cards]

    @property
    def card(self) -> dict[str, Any]:
        cards = self.cards
        assert cards, f"expected a card, the bot said: {self.text!r}"
        return cards[-1]


@dataclass(eq=False)
class Chat:
    bot: RunningBot
    user: teams.TeamsUser
    _: KW_ONLY
    locale: str = "ru-RU"
    channel: bool = False

    @property
    def conversation_id(self) -> str:
        return teams.personal_conversation(self.user)["id"]

    async def _turn(self, activity: dict[str, Any], expect: int) -> Said:
        connector = self.bot.connector
        before = len(connector.sent)
        status, body = await self.bot.client.post(activity)
        assert status in (200, 201, 202), f"bot answered HTTP {status}: {body}"
        conversation = activity["conversation"]["id"]
        if expect:
            await connector.wait_for(before + expect)
        mine = [s for s in connector.sent[before:] if s.conversation_id == conversation]
        said = Said(mine, status, body)
        assert_cards_valid(said.cards)
        return said

    async def say(self, text: str, *, expect: int = 1) -> Said:
        """Type a message; wait for `expect` activities from the bot in this conversation."""
        url = self.bot.connector.url
        if self.channel:
            return await self._turn(teams.channel_mention(url, self.user, text, locale=self.locale), expect)
        return await self._turn(teams.message(url, self.user, text, locale=self.locale), expect)

    async def submit(self, data: dict[str, Any], *, expect: int = 1, reply_to: str = "act-card-1") -> Said:
        """Press an Action.Submit button of a card with these input values."""
        activity = teams.card_submit(self.bot.connector.url, self.user, data, locale=self.locale)
        activity["replyToId"] = reply_to
        return await self._turn(activity, expect)

    async def execute(self, verb: str, data: dict[str, Any], *, expect: int = 0) -> Said:
        """Press an Action.Execute button: the bot answers in the HTTP response (invoke)."""
        activity = teams.card_execute(self.bot.connector.url, self.user, verb, data, locale=self.locale)
        return await self._turn(activity, expect)

    async def file_consent(self, context: dict[str, Any], upload_info: dict[str, Any], *, accept: bool = True,
                           expect: int = 1) -> Said:
        """Press Allow (or Decline) on a file consent card the bot sent."""
        activity = teams.file_consent(self.bot.connector.url, self.user, context, upload_info,
                                      action="accept" if accept else "decline", locale=self.locale)
        return await self._turn(activity, expect)
