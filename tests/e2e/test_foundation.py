"""The foundation, the way Teams talks to it: real app, real HTTP, Connector stand-in."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from storage.models import ConversationRef, Person
from tests.conftest import ADMIN, DEAN, STRANGER, STUDENT, STUDENT_NO_AAD, TUTOR, RunningBot
from tests.support import teams
from tests.support.adaptive_cards import card_problems
from tests.support.texts import ru, shows


def facts(card: dict[str, object]) -> list[str]:
    body = card["body"]
    assert isinstance(body, list)
    return [f["title"] for block in body if block.get("type") == "FactSet" for f in block["facts"]]


async def test_healthz_answers_with_database(bot: RunningBot) -> None:
    status, body = await bot.client.health()
    assert status == 200
    assert body["status"] == "ok"


async def test_student_help_in_russian_by_default(bot: RunningBot) -> None:
    status, _ = await bot.client.post(teams.message(bot.connector.url, STUDENT, "help"))
    assert status in (200, 201, 202)
    [sent] = await bot.connector.wait_for(1)
    assert sent.conversation_id == f"a:personal-{STUDENT.teams_id}"
    [card] = sent.cards
    assert card_problems(card) == []
    assert shows(str(card), "ru", "help.greeting", name="Ерлан Жумабаев")
    assert facts(card) == ["ask", "sessions", "deadlines", "help"]


async def test_help_follows_teams_locale(bot: RunningBot) -> None:
    await bot.client.post(teams.message(bot.connector.url, STUDENT, "help", locale="en-US"))
    await bot.client.post(teams.message(bot.connector.url, STUDENT, "көмек", locale="kk-KZ"))
    first, second = await bot.connector.wait_for(2)
    assert shows(str(first.cards[0]), "en", "help.greeting", name="Ерлан Жумабаев")
    assert shows(str(second.cards[0]), "kk", "help.greeting", name="Ерлан Жумабаев")


@pytest.mark.parametrize(
    ("user", "expected"),
    [
        (TUTOR, ["questions", "schedule", "sessions", "hours", "report", "map", "reviews", "gradesheets", "deadlines",
                "support",
                "help"]),
        (DEAN, ["report", "subscribe", "unsubscribe", "sessions", "export", "map", "appoint", "help"]),
        (ADMIN, ["report", "sessions", "export", "map", "appoint", "help"]),
    ],
)
async def test_help_is_role_aware(bot: RunningBot, user: teams.TeamsUser, expected: list[str]) -> None:
    await bot.client.post(teams.message(bot.connector.url, user, "HELP"))
    [sent] = await bot.connector.wait_for(1)
    assert facts(sent.cards[0]) == expected
    assert card_problems(sent.cards[0]) == []


async def test_identity_by_member_lookup_is_remembered(bot: RunningBot) -> None:
    # No aadObjectId in the activity: the bot asks the Connector who this is, once.
    await bot.client.post(teams.message(bot.connector.url, STUDENT_NO_AAD, "help"))
    await bot.client.post(teams.message(bot.connector.url, STUDENT_NO_AAD, "помощь"))
    first, second = await bot.connector.wait_for(2)
    assert "Анна Смирнова" in str(first.cards[0]) and "Анна Смирнова" in str(second.cards[0])
    assert bot.connector.member_lookups == [(f"a:personal-{STUDENT_NO_AAD.teams_id}", STUDENT_NO_AAD.teams_id)]
    async with bot.database.unit_of_work() as uow:
        person = await uow.people.by_email("a.smirnova@demo.almau.edu.kz")
        assert person is not None and person.teams_user_id == STUDENT_NO_AAD.teams_id


async def test_unknown_person_is_refused_and_nothing_stored(bot: RunningBot) -> None:
    bot.connector.add_member(STRANGER.teams_id, name=STRANGER.name, email=STRANGER.email or "")
    await bot.client.post(teams.message(bot.connector.url, STRANGER, "help", locale="en-US"))
    [sent] = await bot.connector.wait_for(1)
    assert "could not find you" in sent.text
    assert sent.cards == []
    async with bot.database.unit_of_work() as uow:
        refs = (await uow.db.scalars(select(ConversationRef))).all()
        assert refs == []
        assert await uow.people.by_teams_user_id(STRANGER.teams_id) is None


async def test_channel_command_after_mention(bot: RunningBot) -> None:
    await bot.client.post(teams.channel_mention(bot.connector.url, DEAN, "help", locale="en-US"))
    [sent] = await bot.connector.wait_for(1)
    assert sent.conversation_id.startswith("19:general@thread.tacv2")
    assert "Hello, Гульнара Сапарова" in str(sent.cards[0])
    async with bot.database.unit_of_work() as uow:
        ref = await uow.conversations.by_conversation_id(sent.conversation_id)
        assert ref is not None and ref.conversation_type == "channel" and ref.team_id == "19:team@thread.tacv2"


async def test_install_welcomes_once_and_stores_reference(bot: RunningBot) -> None:
    await bot.client.post(teams.installation_update(bot.connector.url, TUTOR, locale="en-US"))
    await bot.client.post(teams.bot_added(bot.connector.url, TUTOR, locale="en-US"))
    [sent] = await bot.connector.wait_for(1)
    assert "Welcome to Tutorbot" in str(sent.cards[0])
    assert card_problems(sent.cards[0]) == []
    async with bot.database.unit_of_work() as uow:
        tutor = await uow.people.by_email(TUTOR.email or "")
        assert tutor is not None
        ref = await uow.conversations.personal_of(tutor.id)
        assert ref is not None and ref.service_url == bot.connector.url


async def test_role_rule_refuses_other_roles_commands(bot: RunningBot) -> None:
    await bot.client.post(teams.message(bot.connector.url, STUDENT, "hours", locale="en-US"))
    [sent] = await bot.connector.wait_for(1)
    assert "not available to a student" in sent.text


async def test_unknown_command_is_explained(bot: RunningBot) -> None:
    await bot.client.post(teams.message(bot.connector.url, TUTOR, "абракадабра"))
    [sent] = await bot.connector.wait_for(1)
    assert ru("unknown_command", text="абракадабра") in sent.text


async def test_reply_survives_connector_throttling(bot: RunningBot) -> None:
    bot.connector.fail_next(429, retry_after=0.2)
    bot.connector.fail_next(503)
    await bot.client.post(teams.message(bot.connector.url, STUDENT, "help"))
    sent = await bot.connector.wait_for(1)
    assert len(sent) == 1


@pytest.mark.parametrize(
    "body",
    [b"{not json", b"[1, 2]", b'{"type": "message"}', b'{"text": "no type"}', b"", b'"string"',
     b'{"type": "message", "conversation": {"id": "c"}, "from": 5}'],
)
async def test_malformed_body_is_400_and_server_keeps_serving(bot: RunningBot, body: bytes) -> None:
    status, _ = await bot.client.post(body)
    assert status == 400
    status, _ = await bot.client.health()
    assert status == 200


async def test_remembered_people_are_unique(bot: RunningBot) -> None:
    await bot.client.post(teams.message(bot.connector.url, TUTOR, "help"))
    await bot.connector.wait_for(1)
    async with bot.database.unit_of_work() as uow:
        people = (await uow.db.scalars(select(Person).where(Person.teams_user_id == TUTOR.teams_id))).all()
        assert [p.email for p in people] == [TUTOR.email]


async def test_chat_helper_reads_like_a_chat(bot: RunningBot) -> None:
    from tests.support.chat import Chat

    chat = Chat(bot, TUTOR, locale="en-US")
    reply = await chat.say("help")
    assert "Hello, Айгерим Касымова" in str(reply.card)
    reply = await chat.say("nonsense words")
    assert "did not understand" in reply.text


async def test_card_actions_follow_the_role_rule(bot: RunningBot) -> None:
    """A student who sends the values of a tutor's or dean's card is refused before any dialog runs."""
    from tests.support.chat import Chat

    chat = Chat(bot, STUDENT, locale="en-US")
    for action in ("hours.submit", "integration_map.approve"):
        reply = await chat.submit({"action": action, "course": "MGT2101", "category": "intro", "hours": "1"})
        assert "is not available to a student" in reply.text, action
