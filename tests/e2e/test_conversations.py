"""Conversation references: first contact races and turns that change nothing, over real HTTP on both databases."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import pytest
from sqlalchemy import event, select

from storage.models import ConversationRef
from tests.conftest import DEAN, TUTOR, RunningBot
from tests.support import teams

RACES = 8  # each a fresh conversation: the race is only at first contact


def _channel(index: int) -> dict[str, Any]:
    return {"id": f"19:race-{index}@thread.tacv2", "conversationType": "channel", "isGroup": True,
            "tenantId": teams.TENANT}


def _first_contact(bot: RunningBot, user: teams.TeamsUser, conversation: dict[str, Any]) -> list[dict[str, Any]]:
    """What Teams sends at the same moment when the app is added: installationUpdate and conversationUpdate."""
    installed = teams.installation_update(bot.connector.url, user)
    installed["conversation"] = conversation
    added = teams.bot_added(bot.connector.url, user, conversation=conversation)
    if conversation["conversationType"] == "channel":
        channel_data = {"tenant": {"id": teams.TENANT}, "team": {"id": "19:team@thread.tacv2"},
                        "channel": {"id": conversation["id"]}}
        installed["channelData"] = added["channelData"] = channel_data
    return [installed, added]


async def _refs(bot: RunningBot, conversation_id: str) -> list[tuple[Any, ...]]:
    async with bot.database.unit_of_work() as uow:
        rows = await uow.db.scalars(
            select(ConversationRef).where(ConversationRef.conversation_id == conversation_id)
        )
        return [(r.id, r.conversation_type, r.person_id, r.teams_user_id, r.tenant_id, r.team_id, r.service_url,
                 r.reference_json, r.updated_at) for r in rows.all()]


async def _race(bot: RunningBot, user: teams.TeamsUser, conversation: dict[str, Any],
                caplog: pytest.LogCaptureFixture) -> None:
    caplog.clear()
    results = await asyncio.gather(*(bot.client.post(a) for a in _first_contact(bot, user, conversation)))
    assert all(200 <= status < 300 for status, _ in results), results
    # A failed turn is still answered 200 (the adapter apologises): the log says whether both went through.
    failed = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR or "failed" in r.getMessage()]
    assert failed == []
    assert len(await _refs(bot, conversation["id"])) == 1


async def test_simultaneous_first_contact_in_a_channel_stores_one_reference(
        bot: RunningBot, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="tutorbot")
    for index in range(RACES):
        await _race(bot, DEAN, _channel(index), caplog)


async def test_simultaneous_first_contact_in_a_personal_chat_stores_one_reference(
        bot: RunningBot, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="tutorbot")
    for index in range(RACES):
        conversation = {"id": f"a:race-personal-{index}", "conversationType": "personal", "tenantId": teams.TENANT}
        await _race(bot, TUTOR, conversation, caplog)
    async with bot.database.unit_of_work() as uow:
        tutor = await uow.people.by_email(TUTOR.email or "")
        assert tutor is not None
        ref = await uow.conversations.personal_of(tutor.id)
        assert ref is not None and ref.teams_user_id == TUTOR.teams_id


async def test_a_repeated_help_writes_nothing_to_conversation_refs(bot: RunningBot) -> None:
    conversation_id = teams.personal_conversation(TUTOR)["id"]
    await bot.client.post(teams.message(bot.connector.url, TUTOR, "help"))
    first = await _refs(bot, conversation_id)
    assert len(first) == 1
    for _ in range(2):  # each with its own activity id and the SDK's own request id
        await bot.client.post(teams.message(bot.connector.url, TUTOR, "help", locale="en-US"))
        assert await _refs(bot, conversation_id) == first


async def test_one_person_starting_many_chats_at_once_is_answered_in_each(
        bot: RunningBot, caplog: pytest.LogCaptureFixture) -> None:
    """First contact from several of one person's chats at once, in two languages: each turn notes the person's
    Teams id and locale and each chat's reference, and none deadlocks another (PostgreSQL) or fails."""
    caplog.set_level(logging.INFO, logger="tutorbot")
    chats = [{"id": f"a:many-chats-{index}", "conversationType": "personal", "tenantId": teams.TENANT}
             for index in range(RACES)]
    results = await asyncio.gather(*(
        bot.client.post(teams.message(bot.connector.url, TUTOR, "help", conversation=chat,
                                      locale=("ru-RU", "en-US")[index % 2]))
        for index, chat in enumerate(chats)))
    assert all(200 <= status < 300 for status, _ in results), results
    failed = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR or "failed" in r.getMessage()]
    assert failed == []
    for chat in chats:
        [reply] = bot.connector.to_conversation(chat["id"])
        assert reply.cards  # the help card, not an apology


async def test_a_repeated_help_writes_nothing_at_all(bot: RunningBot) -> None:
    """A read-only turn takes no write lock (SQLite has one for the whole file): no INSERT, UPDATE or DELETE."""
    await bot.client.post(teams.message(bot.connector.url, TUTOR, "help", locale="en-US"))
    writes: list[str] = []

    def seen(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        if statement.lstrip().split(None, 1)[0].upper() in {"INSERT", "UPDATE", "DELETE", "REPLACE"}:
            writes.append(statement)

    cards_before = len(bot.connector.sent)
    engine = bot.database.engine.sync_engine
    event.listen(engine, "before_cursor_execute", seen)
    try:
        for _ in range(3):  # each with its own activity id and the SDK's own request id
            status, _body = await bot.client.post(teams.message(bot.connector.url, TUTOR, "help", locale="en-US"))
            assert 200 <= status < 300
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    assert len(bot.connector.sent) == cards_before + 3  # each turn answered with its help card
    assert writes == []


async def test_channel_speakers_do_not_rewrite_the_channel_reference(bot: RunningBot) -> None:
    """A channel is shared: who spoke last is not part of where the bot writes later."""
    conversation = _channel(100)
    for activity in _first_contact(bot, DEAN, conversation):
        await bot.client.post(activity)
    first = await _refs(bot, conversation["id"])
    assert len(first) == 1
    for user in (TUTOR, DEAN):
        said = teams.message(bot.connector.url, user, "help", conversation=conversation)
        said["channelData"] = {"tenant": {"id": teams.TENANT}, "team": {"id": "19:team@thread.tacv2"},
                               "channel": {"id": conversation["id"]}}
        await bot.client.post(said)
        assert await _refs(bot, conversation["id"]) == first
