"""Students ask, tutors answer: the whole walk over HTTP, the way Teams talks to the bot.

The student asks (card or typed), sees similar answered questions first, the question reaches the course's tutor
as a proactive card through the outbox, the tutor answers in the card, the answer reaches the student with the
question quoted, and the student resolves it or follows up. Time-dependent rules run on a FixedClock and the sweep
is called directly.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import logging
import re
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
from sqlalchemy import func, select

from bot.app import DELIVERER
from cards.i18n import text
from dialogs import questions as questions_dialog
from storage import Database
from storage.outbox import OutboxMessage, OutboxState
from storage.questions import Answer, Deflection, Question, QuestionState
from tests.conftest import STUDENT, STUDENT_NO_AAD, TUTOR, RunningBot, make_settings, start_bot
from tests.support import teams
from tests.support.adaptive_cards import assert_cards_valid
from tests.support.cards import input_ids, nodes, submit_data, text_and_facts
from tests.support.connector import ConnectorStandIn, Sent
from tests.support.texts import ru, shows
from tests.support.waiting import until
from tutoring.clock import ALMATY, FixedClock
from tutoring.locale import Lang

# Ерлан (STUDENT) has MGT2101 and FIN2204; Анна (STUDENT_NO_AAD) only MGT2101; Айгерим (TUTOR) tutors MGT2101;
# Дмитрий tutors FIN2204 (bot/demo_roster).
TUTOR_FIN = teams.TeamsUser("29:tutor-dmitry", "Дмитрий Ковалёв", "0a1d0000-0000-4000-8000-000000000003",
                            "d.kovalev@demo.almau.edu.kz")


# --- helpers ------------------------------------------------------------------------------
def said_in(shown: list[dict[str, Any]], key: str, **known: object) -> bool:
    """Whether one of these cards says the Russian text of `key` (wording from the catalogue)."""
    return any(shows(text_and_facts(card), "ru", key, **known) for card in shown)


def conversation(user: teams.TeamsUser) -> str:
    return teams.personal_conversation(user)["id"]


async def say(bot: RunningBot, user: teams.TeamsUser, words: str, *, locale: str = "ru-RU",
              channel: bool = False) -> list[Sent]:
    """Type a message; return what the bot answered in that conversation during the turn (replies are sent
    before the HTTP response returns, so nothing needs waiting for)."""
    if channel:
        activity = teams.channel_mention(bot.connector.url, user, words, locale=locale)
    else:
        activity = teams.message(bot.connector.url, user, words, locale=locale)
    return await turn(bot, activity, activity["conversation"]["id"])


async def submit(bot: RunningBot, user: teams.TeamsUser, data: dict[str, Any], *, locale: str = "ru-RU",
                 activity_id: str | None = None) -> list[Sent]:
    """Press an Action.Submit button; `activity_id` set replays the very same activity (a Teams retry)."""
    activity = teams.card_submit(bot.connector.url, user, data, locale=locale)
    if activity_id is not None:
        activity["id"] = activity_id
    return await turn(bot, activity, conversation(user))


async def turn(bot: RunningBot, activity: dict[str, Any], conversation_id: str) -> list[Sent]:
    """Post one activity to the bot; what it answered in that conversation during the turn."""
    before = len(bot.connector.sent)
    status, body = await bot.client.post(activity)
    assert status in (200, 201, 202), body
    return [s for s in bot.connector.sent[before:] if s.conversation_id == conversation_id]


def texts(sent: list[Sent]) -> str:
    return "\n".join(s.text for s in sent if s.text)


def cards(sent: list[Sent]) -> list[dict[str, Any]]:
    return [c for s in sent for c in s.cards]


def proactive(bot: RunningBot, user: teams.TeamsUser) -> list[Sent]:
    """Messages the bot started: not replies to the user's activities (ids act-in-…, act-card-…), not card updates.
    (A proactive post carries the SDK's continuation id as replyToId, so it is not simply "no replyToId".)"""
    return [s for s in bot.connector.to_conversation(conversation(user))
            if s.method == "POST" and not (s.reply_to_id or "").startswith(("act-in-", "act-card-"))]


async def delivered(bot: RunningBot, user: teams.TeamsUser, count: int, timeout: float = 15.0) -> list[Sent]:
    """Wake the outbox and wait until `user` got `count` proactive messages in all."""
    assert bot.app is not None
    bot.app[DELIVERER].kick()

    async def outbox_and_sent() -> str:
        async with bot.database.unit_of_work() as uow:
            rows = (await uow.db.scalars(select(OutboxMessage))).all()
            states = [(r.key, r.state, r.last_error) for r in rows]
        sent = [(s.method, s.conversation_id, s.reply_to_id, s.text) for s in bot.connector.sent]
        return f"{user.name}: expected {count} proactive messages; outbox {states}; sent {sent}"

    await until(lambda: len(proactive(bot, user)) >= count, outbox_and_sent, timeout, every=0.02)
    return proactive(bot, user)


async def quiet(bot: RunningBot, seconds: float = 0.4) -> None:
    """Let the outbox run a little, to see that nothing more arrives."""
    assert bot.app is not None
    bot.app[DELIVERER].kick()
    await asyncio.sleep(seconds)


def all_cards_valid(bot: RunningBot) -> None:
    """Every card the bot sent in the test passes the Adaptive Cards library (one Node run)."""
    assert_cards_valid([c for s in bot.connector.sent for c in s.cards])


async def count(database: Database, model: type[Any]) -> int:
    async with database.unit_of_work() as uow:
        return int(await uow.db.scalar(select(func.count()).select_from(model)) or 0)


async def ask_by_card(bot: RunningBot, user: teams.TeamsUser, question: str, *, locale: str = "ru-RU",
                      course: str | None = None, anonymous: bool = False) -> list[Sent]:
    [card] = cards(await say(bot, user, "ask", locale=locale))
    data = submit_data(card, "questions.ask") | {"question": question, "anonymous": str(anonymous).lower()}
    if course is not None:
        data["course"] = course
    return await submit(bot, user, data, locale=locale)


async def answer_latest(bot: RunningBot, tutor: teams.TeamsUser, answer: str, *, locale: str = "ru-RU",
                        ) -> list[Sent]:
    card = proactive(bot, tutor)[-1].cards[0]
    return await submit(bot, tutor, submit_data(card, "questions.answer") | {"answer": answer}, locale=locale)


async def answered(bot: RunningBot, question: str, answer: str) -> list[Sent]:
    """Анна asks `question` by card and the tutor answers it; what reached Анна (the answer)."""
    await say(bot, TUTOR, "help")
    await ask_by_card(bot, STUDENT_NO_AAD, question)
    await delivered(bot, TUTOR, 1)
    await answer_latest(bot, TUTOR, answer)
    return await delivered(bot, STUDENT_NO_AAD, 1)


# --- the walk ------------------------------------------------------------------------------
@pytest.mark.parametrize(("locale", "lang"), [("ru-RU", "ru"), ("en-US", "en")])
async def test_question_to_tutor_and_answer_back(bot: RunningBot, locale: str, lang: Lang) -> None:
    await say(bot, TUTOR, "help", locale=locale)  # the tutor has talked to the bot once
    # `ask`: Анна has one course, so the card has no course input (CONTRACT §7).
    [card] = cards(await say(bot, STUDENT_NO_AAD, "ask", locale=locale))
    assert input_ids(card) == ["question", "anonymous"]
    data = submit_data(card, "questions.ask") | {"question": "Когда консультация перед РК1?", "anonymous": "false"}
    reply = await submit(bot, STUDENT_NO_AAD, data, locale=locale)
    [confirmation] = cards(reply)
    assert reply[0].method == "PUT"  # the question card is replaced: it cannot be sent twice
    shown = text_and_facts(confirmation)
    assert shows(shown, lang, "questions.sent.title", id=1) and shows(shown, lang, "questions.sent.next")
    assert shows(shown, lang, "questions.sent.to", tutors="Айгерим Касымова")

    [to_tutor] = await delivered(bot, TUTOR, 1)
    tutor_card = to_tutor.cards[0]
    shown = text_and_facts(tutor_card)
    assert shows(shown, lang, "questions.new.title", id=1) and "MGT2101" in shown and "Анна Смирнова" in shown
    assert "Когда консультация перед РК1?" in shown
    assert input_ids(tutor_card) == ["answer"]

    reply = await answer_latest(bot, TUTOR, "Консультация 20 октября в 15:00, ссылка придёт в Teams.", locale=locale)
    assert text(lang, "questions.answer.sent", id=1) in texts(reply)
    assert input_ids(cards(reply)[0]) == []  # the tutor's card now shows the answer, no input left

    [to_student] = await delivered(bot, STUDENT_NO_AAD, 1)
    answer_card = to_student.cards[0]
    shown = text_and_facts(answer_card)
    assert shows(shown, lang, "questions.answered.title")
    assert "Когда консультация перед РК1?" in shown  # the question quoted
    assert "Консультация 20 октября в 15:00" in shown and "Айгерим Касымова" in shown

    reply = await submit(bot, STUDENT_NO_AAD, submit_data(answer_card, "questions.resolve"), locale=locale)
    assert any(text(lang, "questions.resolved") in text_and_facts(c) for c in cards(reply))
    async with bot.database.unit_of_work() as uow:
        question = await uow.questions.get(1)
        assert question is not None
        assert question.state == QuestionState.CLOSED
        assert question.first_answered_at is not None and question.closed_at is not None
    all_cards_valid(bot)


async def test_anonymous_question_carries_nothing_of_the_student(bot: RunningBot) -> None:
    await say(bot, TUTOR, "help")
    await ask_by_card(bot, STUDENT_NO_AAD, "Можно ли пересдать РК1, если я болел?", anonymous=True)
    [to_tutor] = await delivered(bot, TUTOR, 1)
    listed = await say(bot, TUTOR, "questions")
    async with bot.database.unit_of_work() as uow:
        anna = await uow.people.by_email(STUDENT_NO_AAD.email or "")
        assert anna is not None
        rows = (await uow.db.scalars(select(OutboxMessage).where(OutboxMessage.person_id != anna.id))).all()
    # Everything the tutor got or could get: the proactive card, the `questions` list, the outbox rows.
    for blob in [json.dumps(to_tutor.activity, ensure_ascii=False), json.dumps([s.activity for s in listed],
                 ensure_ascii=False), *(r.activity_json for r in rows)]:
        for trace in ("Анна", "Смирнова", "smirnova", STUDENT_NO_AAD.teams_id, "student_id", "student"):
            assert trace not in blob, trace
    assert "анонимный студент" in json.dumps(to_tutor.cards[0], ensure_ascii=False)
    # The answer still finds its way back to her.
    await answer_latest(bot, TUTOR, "Да, по справке.")
    [to_student] = await delivered(bot, STUDENT_NO_AAD, 1)
    assert "Да, по справке." in json.dumps(to_student.cards[0], ensure_ascii=False)
    all_cards_valid(bot)


async def test_anonymous_question_in_english(bot: RunningBot) -> None:
    await say(bot, TUTOR, "help", locale="en-US")
    reply = await ask_by_card(bot, STUDENT, "When is the RK1 consultation?", course="MGT2101", anonymous=True,
                              locale="en-US")
    assert "the tutor will not see your name" in json.dumps(cards(reply))
    [to_tutor] = await delivered(bot, TUTOR, 1)
    blob = json.dumps(to_tutor.activity, ensure_ascii=False)
    for trace in ("Ерлан", "Жумабаев", "zhumabayev", STUDENT.teams_id, STUDENT.aad_object_id or "-"):
        assert trace not in blob
    await answer_latest(bot, TUTOR, "On 20 October at 15:00.", locale="en-US")
    [to_student] = await delivered(bot, STUDENT, 1)
    shown = json.dumps(to_student.cards[0], ensure_ascii=False)
    assert "When is the RK1 consultation?" in shown and "On 20 October at 15:00." in shown
    all_cards_valid(bot)


async def test_typed_ask_goes_straight_away(bot: RunningBot) -> None:
    await say(bot, TUTOR, "help")
    reply = await say(bot, STUDENT_NO_AAD, "ask Где найти силлабус курса?")
    assert said_in(cards(reply), "questions.sent.title", id=1)
    [to_tutor] = await delivered(bot, TUTOR, 1)
    assert "Где найти силлабус курса?" in json.dumps(to_tutor.cards[0], ensure_ascii=False)
    # A student with two courses gets the card with the text in it and the course to choose.
    [card] = cards(await say(bot, STUDENT, "ask Где найти силлабус?"))
    assert input_ids(card) == ["course", "question", "anonymous"]
    assert "Где найти силлабус?" in json.dumps(card, ensure_ascii=False)
    all_cards_valid(bot)


# --- similar answered questions first ------------------------------------------------------------------
async def test_similar_answered_questions_come_first(bot: RunningBot) -> None:
    await answered(bot, "Когда будет экзамен по дисциплине?", "Экзамен 26 декабря в 10:00, онлайн с прокторингом.")

    # Ерлан asks the same in other words ("экзамена", not "экзамен"): he sees the answer before sending.
    reply = await ask_by_card(bot, STUDENT, "Подскажите дату экзамена", course="MGT2101")
    [similar] = cards(reply)
    shown = json.dumps(similar, ensure_ascii=False)
    assert "Когда будет экзамен по дисциплине?" in shown and "Экзамен 26 декабря в 10:00" in shown
    assert await count(bot.database, Question) == 1  # nothing sent yet
    answers_it = submit_data(similar, "questions.similar_answers")
    reply = await submit(bot, STUDENT, answers_it)
    assert said_in(cards(reply), "questions.deflected")
    assert await count(bot.database, Deflection) == 1
    again = await submit(bot, STUDENT, answers_it)  # a double click
    assert ru("questions.replay.deflected") in texts(again)
    assert await count(bot.database, Deflection) == 1

    # The same kind of question, and he sends it anyway: it goes to the tutor.
    reply = await ask_by_card(bot, STUDENT, "Дата экзамена по дисциплине?", course="MGT2101")
    send = submit_data(cards(reply)[0], "questions.send")
    reply = await submit(bot, STUDENT, send)
    assert said_in(cards(reply), "questions.sent.title", id=2)
    await delivered(bot, TUTOR, 2)
    replay = await submit(bot, STUDENT, send)
    assert ru("questions.replay.asked", id=2) in texts(replay)
    await quiet(bot)
    assert len(proactive(bot, TUTOR)) == 2

    # Answered questions of another course never show: FIN2204 has none, so this goes straight out.
    reply = await ask_by_card(bot, STUDENT, "Когда экзамен?", course="FIN2204")
    assert said_in(cards(reply), "questions.sent.title", id=3)
    all_cards_valid(bot)


# --- threads -----------------------------------------------------------------------------------------
async def test_follow_up_stays_in_the_thread(bot: RunningBot) -> None:
    [answer] = await answered(bot, "Какой объём эссе по мотивации?", "Около 1500 слов.")
    follow = submit_data(answer.cards[0], "questions.followup") | {"question": "А список литературы входит в объём?"}
    reply = await submit(bot, STUDENT_NO_AAD, follow)
    shown = json.dumps(cards(reply), ensure_ascii=False)
    assert said_in(cards(reply), "questions.followup.sent", id=2, text="А список литературы входит в объём?")
    assert said_in(cards(reply), "questions.sent.title", id=2)
    [_, to_tutor] = await delivered(bot, TUTOR, 2)
    shown = json.dumps(to_tutor.cards[0], ensure_ascii=False)
    assert said_in([to_tutor.cards[0]], "questions.followup.title", id=2, course="MGT2101")
    assert "Какой объём эссе по мотивации?" in shown and "Около 1500 слов." in shown  # the thread so far
    again = await submit(bot, STUDENT_NO_AAD, follow)
    assert ru("questions.replay.asked", id=2) in texts(again)

    await answer_latest(bot, TUTOR, "Нет, не входит.")
    [_, second] = await delivered(bot, STUDENT_NO_AAD, 2)
    await submit(bot, STUDENT_NO_AAD, submit_data(second.cards[0], "questions.resolve"))
    async with bot.database.unit_of_work() as uow:
        rows = (await uow.db.scalars(select(Question).order_by(Question.id))).all()
        assert [(q.id, q.thread_id, q.state) for q in rows] == [(1, None, "closed"), (2, 1, "closed")]
    replay = await submit(bot, STUDENT_NO_AAD, submit_data(second.cards[0], "questions.resolve"))
    assert ru("questions.replay.resolved") in texts(replay)
    all_cards_valid(bot)


# --- the tutor's list ---------------------------------------------------------------------------------
async def test_questions_lists_open_ones_oldest_first_answerable_in_place(bot: RunningBot) -> None:
    await ask_by_card(bot, STUDENT_NO_AAD, "Первый вопрос про РК1")
    await ask_by_card(bot, STUDENT, "Второй вопрос про вебинар", course="MGT2101")
    await ask_by_card(bot, STUDENT, "Вопрос по финансовому учёту", course="FIN2204")
    listed = await say(bot, TUTOR, "questions")
    assert ru("questions.list.header", count=2) in texts(listed)
    shown = [json.dumps(c, ensure_ascii=False) for c in cards(listed)]
    assert len(shown) == 2
    assert "Первый вопрос про РК1" in shown[0] and "Второй вопрос про вебинар" in shown[1]
    assert all(input_ids(c) == ["answer"] for c in cards(listed))
    data = submit_data(cards(listed)[1], "questions.answer") | {"answer": "Ссылка в календаре Teams."}
    reply = await submit(bot, TUTOR, data)
    assert ru("questions.answer.sent", id=2) in texts(reply)
    listed = await say(bot, TUTOR, "вопросы")
    assert ru("questions.list.header", count=1) in texts(listed)
    [to_student] = await delivered(bot, STUDENT, 1)
    assert "Ссылка в календаре Teams." in json.dumps(to_student.cards[0], ensure_ascii=False)
    all_cards_valid(bot)


async def test_unreachable_tutor_student_is_told_question_stays_listed(bot: RunningBot) -> None:
    # Дмитрий (FIN2204) has never opened the bot.
    reply = await ask_by_card(bot, STUDENT, "Когда сдавать баланс?", course="FIN2204", locale="en-US")
    shown = json.dumps(cards(reply), ensure_ascii=False)
    assert "Дмитрий Ковалёв has not opened Tutorbot in Teams yet" in shown
    assert "“questions” list" in shown
    async with bot.database.unit_of_work() as uow:
        row = await uow.outbox.state_of("question:1:new:3")
        assert row is not None and row.state == OutboxState.UNREACHABLE
    listed = await say(bot, TUTOR_FIN, "questions")
    assert "Когда сдавать баланс?" in json.dumps(cards(listed), ensure_ascii=False)
    all_cards_valid(bot)


# --- bad input ---------------------------------------------------------------------------------------
async def test_bad_input_is_named_and_changes_nothing(bot: RunningBot) -> None:
    await say(bot, TUTOR, "help")
    [card] = cards(await say(bot, STUDENT, "ask"))
    data = submit_data(card, "questions.ask")
    said = texts(await submit(bot, STUDENT, data | {"course": "MGT2101", "question": "   "}))
    assert ru("questions.error.empty") in said
    said = texts(await submit(bot, STUDENT, data | {"course": "MGT2101", "question": "я" * 5000}))
    assert ru("questions.error.too_long", length=5000, max=2000) in said
    said = texts(await submit(bot, STUDENT, data | {"question": "Когда РК1?"}))
    assert ru("questions.error.choose_course", courses="FIN2204, MGT2101") in said
    said = texts(await submit(bot, STUDENT_NO_AAD, data | {"course": "FIN2204", "question": "Когда РК1?"}))
    assert ru("questions.error.not_enrolled", course="FIN2204", courses="MGT2101") in said
    said = texts(await submit(bot, STUDENT, data | {"course": "MGT2101", "question": ""}, locale="kk-KZ"))
    assert text("kk", "questions.error.empty") in said
    said = texts(await submit(bot, STUDENT, data | {"course": "MGT2101", "question": "x" * 2001}, locale="en-US"))
    assert text("en", "questions.error.too_long", length=2001, max=2000) in said
    said = texts(await say(bot, STUDENT_NO_AAD, "ask " + "я" * 5000))
    assert ru("questions.error.too_long", length=5000, max=2000) in said
    assert await count(bot.database, Question) == 0

    # A replayed submission: the very same activity (a Teams retry), then a double click (another activity).
    good = data | {"course": "MGT2101", "question": "Когда РК1?"}
    await submit(bot, STUDENT, good, activity_id="act-in-replayed")
    said = texts(await submit(bot, STUDENT, good, activity_id="act-in-replayed"))
    assert ru("questions.replay.asked", id=1) in said
    said = texts(await submit(bot, STUDENT, good))
    assert ru("questions.replay.asked", id=1) in said
    assert await count(bot.database, Question) == 1
    await delivered(bot, TUTOR, 1)

    # Answers: empty, another course's tutor, a replay.
    tutor_card = proactive(bot, TUTOR)[-1].cards[0]
    answer = submit_data(tutor_card, "questions.answer")
    said = texts(await submit(bot, TUTOR, answer | {"answer": " "}))
    assert ru("questions.error.answer_empty") in said
    said = texts(await submit(bot, TUTOR_FIN, answer | {"answer": "Не мой курс, но отвечу"}))
    assert ru("questions.error.not_your_course", id=1, course="MGT2101") in said
    said = texts(await submit(bot, TUTOR_FIN, answer | {"answer": "x", "question_id": 999}, locale="en-US"))
    assert text("en", "questions.error.unknown", command="questions") in said
    assert await count(bot.database, Answer) == 0
    await submit(bot, TUTOR, answer | {"answer": "15 октября."})
    said = texts(await submit(bot, TUTOR, answer | {"answer": "15 октября."}))
    assert ru("questions.replay.answer") in said
    assert await count(bot.database, Answer) == 1
    await delivered(bot, STUDENT, 1)
    await quiet(bot)
    assert len(proactive(bot, STUDENT)) == 1

    # Only students ask, whatever a card says.
    said = texts(await submit(bot, TUTOR, data | {"course": "MGT2101", "question": "Сам себе вопрос"}))
    assert ru("not_allowed", command="ask", role=ru("role.tutor")) in said
    assert await count(bot.database, Question) == 1

    # Somebody else's question cannot be resolved.
    [answer_card] = [c for s in proactive(bot, STUDENT) for c in s.cards]
    said = texts(await submit(bot, STUDENT_NO_AAD, submit_data(answer_card, "questions.resolve")))
    assert ru("questions.error.not_yours") in said
    all_cards_valid(bot)


async def test_questions_are_not_asked_in_a_channel(bot: RunningBot) -> None:
    said = texts(await say(bot, STUDENT, "ask Когда РК1?", channel=True))
    assert ru("questions.error.channel", command="ask") in said
    said = texts(await say(bot, TUTOR, "questions", channel=True, locale="en-US"))
    assert text("en", "questions.error.channel", command="questions") in said
    assert await count(bot.database, Question) == 0


# --- delivery that loses nothing -----------------------------------------------------------------------
async def paused_delivery(bot: RunningBot) -> None:
    """Hold the outbox's own loop so the Connector's trouble below meets the delivery, not the turn's replies."""
    assert bot.app is not None
    await bot.app[DELIVERER].stop()


def resume_delivery(bot: RunningBot) -> None:
    assert bot.app is not None
    bot.app[DELIVERER].start()


@pytest.mark.parametrize("refusals", [1, 2])
async def test_throttled_then_ok_delivers_once(bot: RunningBot, refusals: int) -> None:
    # One 429 used to be swallowed by the SDK's default turn-error handler, which then posted
    # "Exception caught : 429…" in its place: the card was lost and the row marked sent.
    await say(bot, TUTOR, "help")
    await paused_delivery(bot)
    await ask_by_card(bot, STUDENT_NO_AAD, "Вопрос через 429")
    bot.connector.fail_next(429, times=refusals, retry_after=0.2)
    resume_delivery(bot)
    await delivered(bot, TUTOR, 1)
    await quiet(bot, 0.6)
    assert [s.text for s in proactive(bot, TUTOR)] == [ru("questions.new.summary", course="MGT2101")]
    assert len(proactive(bot, TUTOR)[0].cards) == 1
    async with bot.database.unit_of_work() as uow:
        row = await uow.outbox.state_of("question:1:new:2")
        assert row is not None and row.state == OutboxState.SENT and row.attempts >= 2


async def test_connector_down_for_a_while_delivers_once(bot: RunningBot) -> None:
    await say(bot, TUTOR, "help")
    await ask_by_card(bot, STUDENT_NO_AAD, "Вопрос во время простоя")
    await delivered(bot, TUTOR, 1)
    await paused_delivery(bot)
    await answer_latest(bot, TUTOR, "Ответ, пока Teams лежит.")
    bot.connector.go_down_for(2.0)
    resume_delivery(bot)
    [to_student] = await delivered(bot, STUDENT_NO_AAD, 1, timeout=25)
    await quiet(bot, 0.6)
    assert len(proactive(bot, STUDENT_NO_AAD)) == 1
    assert "Ответ, пока Teams лежит." in json.dumps(to_student.cards[0], ensure_ascii=False)
    async with bot.database.unit_of_work() as uow:
        row = await uow.outbox.state_of("question:1:answer:1")
        assert row is not None and row.state == OutboxState.SENT and row.attempts >= 2


# --- response time: 24 h reminder, 48 h overdue, on a fixed clock --------------------------------------
@pytest.fixture
async def clocked(database_url: str, connector: ConnectorStandIn) -> AsyncIterator[tuple[RunningBot, FixedClock]]:
    # Wednesday 2 December 2026, 10:00 in Almaty.
    clock = FixedClock(dt.datetime(2026, 12, 2, 10, 0, tzinfo=ALMATY))
    settings = make_settings(database_url)
    database = Database(database_url)
    runner, url = await start_bot(settings, database, clock)
    for user in (STUDENT, STUDENT_NO_AAD, TUTOR):
        connector.add_member(user.teams_id, name=user.name, email=user.email or "", aad_object_id=user.aad_object_id)
    async with aiohttp.ClientSession() as session:
        yield RunningBot(url, teams.BotClient(url, session), connector, database, settings, runner.app), clock
    await runner.cleanup()


async def sweep(bot: RunningBot, clock: FixedClock) -> questions_dialog.SweepResult:
    assert bot.app is not None
    return await questions_dialog.run_sweep(bot.database, clock, bot.app[DELIVERER].kick)


async def test_reminder_once_at_24h_overdue_at_48h(clocked: tuple[RunningBot, FixedClock]) -> None:
    bot, clock = clocked
    await say(bot, TUTOR, "help")
    reply = await ask_by_card(bot, STUDENT_NO_AAD, "Вопрос, на который долго не отвечают")
    assert "чт 3 декабря, 10:00" in json.dumps(cards(reply), ensure_ascii=False)  # the promise: 24 h later
    await delivered(bot, TUTOR, 1)

    clock.advance(dt.timedelta(hours=23, minutes=50))
    assert await sweep(bot, clock) == questions_dialog.SweepResult(0, 0)
    clock.advance(dt.timedelta(minutes=15))  # Thursday 10:05
    assert await sweep(bot, clock) == questions_dialog.SweepResult(1, 0)
    assert await sweep(bot, clock) == questions_dialog.SweepResult(0, 0)  # once
    [_, reminder] = await delivered(bot, TUTOR, 2)
    assert said_in([reminder.cards[0]], "questions.reminder.title", id=1, course="MGT2101")
    assert input_ids(reminder.cards[0]) == ["answer"]

    clock.advance(dt.timedelta(hours=24))  # Friday 10:05: 48 working hours
    assert await sweep(bot, clock) == questions_dialog.SweepResult(0, 1)
    assert await sweep(bot, clock) == questions_dialog.SweepResult(0, 0)
    await quiet(bot)
    assert len(proactive(bot, TUTOR)) == 2  # no second reminder
    listed = await say(bot, TUTOR, "questions")
    assert said_in(cards(listed), "questions.overdue")

    # Answered late: the figures for the dean count it as received, answered and overdue.
    clock.advance(dt.timedelta(hours=2))
    await answer_latest(bot, TUTOR, "Простите за задержку.")
    async with bot.database.unit_of_work() as uow:
        week = dt.datetime(2026, 11, 30, tzinfo=ALMATY), dt.datetime(2026, 12, 7, tzinfo=ALMATY)
        figures = await uow.questions.response_figures(*week, clock.now())
    mgt = next(f for f in figures if f.course_code == "MGT2101")
    assert mgt.tutor_names == ("Айгерим Касымова",)
    f = mgt.figures
    assert (f.received, f.answered, f.answered_in_time, f.overdue, f.open) == (1, 1, 0, 1, 0)
    assert f.median_response_hours == 50.08
    all_cards_valid(bot)


async def test_weekends_do_not_count_and_nights_are_quiet(clocked: tuple[RunningBot, FixedClock]) -> None:
    bot, clock = clocked
    await say(bot, TUTOR, "help")
    clock.at = dt.datetime(2026, 12, 4, 18, 0, tzinfo=ALMATY).astimezone(dt.UTC)  # Friday 18:00
    reply = await ask_by_card(bot, STUDENT_NO_AAD, "Вопрос в пятницу вечером")
    assert "пн 7 декабря, 18:00" in json.dumps(cards(reply), ensure_ascii=False)
    clock.at = dt.datetime(2026, 12, 6, 18, 30, tzinfo=ALMATY).astimezone(dt.UTC)  # Sunday: 48 h of wall clock
    assert await sweep(bot, clock) == questions_dialog.SweepResult(0, 0)
    clock.at = dt.datetime(2026, 12, 7, 18, 30, tzinfo=ALMATY).astimezone(dt.UTC)  # Monday: 24 working hours
    assert await sweep(bot, clock) == questions_dialog.SweepResult(1, 0)

    # A question asked on Monday at 02:00 is due on Tuesday at 02:00: the reminder waits for 09:00.
    clock.at = dt.datetime(2026, 12, 7, 2, 0, tzinfo=ALMATY).astimezone(dt.UTC)
    await ask_by_card(bot, STUDENT, "Ночной вопрос", course="MGT2101")
    clock.at = dt.datetime(2026, 12, 8, 2, 30, tzinfo=ALMATY).astimezone(dt.UTC)
    assert await sweep(bot, clock) == questions_dialog.SweepResult(0, 0)
    clock.at = dt.datetime(2026, 12, 8, 9, 0, tzinfo=ALMATY).astimezone(dt.UTC)
    assert await sweep(bot, clock) == questions_dialog.SweepResult(1, 0)


# --- anonymous means anonymous: no id, no time finer than the day, no student id in the log -----------------
def _anonymous_view_problems(card: dict[str, Any], question: Question, minute: str) -> list[str]:
    """What in a tutor's card about an anonymous question could place it among named ones or point to its author."""
    shown = text_and_facts(card)
    problems: list[str] = []
    if re.search(rf"(№|#)\s*{question.id}\b", shown):
        problems.append(f"the question's id {question.id} is shown")
    if minute in shown:
        problems.append(f"the minute {minute} is shown")
    data = [n["data"] for n in nodes(card) if isinstance(n.get("data"), dict)]
    if any("question_id" in d or question.id in d.values() for d in data):
        problems.append(f"the question's id is in the buttons' data: {data}")
    if question.ref not in shown:
        problems.append(f"no reference {question.ref} to name it by")
    return problems


async def test_the_tutor_sees_an_anonymous_question_by_a_random_reference_and_the_day_only(
        clocked: tuple[RunningBot, FixedClock]) -> None:
    bot, clock = clocked
    clock.advance(dt.timedelta(minutes=17))  # Wednesday 2 December, 10:17
    await say(bot, TUTOR, "help")
    await ask_by_card(bot, STUDENT, "Именованный вопрос до", course="MGT2101")
    await ask_by_card(bot, STUDENT_NO_AAD, "Анонимный вопрос про пересдачу", anonymous=True)
    await ask_by_card(bot, STUDENT, "Именованный вопрос после", course="MGT2101")
    async with bot.database.unit_of_work() as uow:
        secret = await uow.questions.by_key(
            (await uow.db.scalars(select(Question.key).where(Question.anonymous.is_(True)))).one())
        assert secret is not None and secret.id == 2 and len(secret.ref) == 8
    # The card delivered to the tutor, the `questions` list and the 24 h reminder.
    first = [s.cards[0] for s in await delivered(bot, TUTOR, 3)]
    anonymous_card = next(c for c in first if "Анонимный вопрос" in json.dumps(c, ensure_ascii=False))
    assert _anonymous_view_problems(anonymous_card, secret, "10:17") == []
    assert "ср 2 декабря" in text_and_facts(anonymous_card)  # the day, and the promise as a day
    assert "чт 3 декабря" in text_and_facts(anonymous_card)
    listed = cards(await say(bot, TUTOR, "questions"))
    assert len(listed) == 3
    assert _anonymous_view_problems(listed[1], secret, "10:17") == []
    assert ru("questions.new.title", id=1, course="MGT2101") in text_and_facts(listed[0]) and "ср 2 декабря, 10:17" in text_and_facts(listed[0])
    assert submit_data(listed[2], "questions.answer")["question_id"] == 3  # named ones keep working by id
    clock.advance(dt.timedelta(hours=24, minutes=3))
    assert await sweep(bot, clock) == questions_dialog.SweepResult(3, 0)
    reminders = [s.cards[0] for s in (await delivered(bot, TUTOR, 6))[3:]]
    [reminder] = [c for c in reminders if "Анонимный вопрос" in json.dumps(c, ensure_ascii=False)]
    assert _anonymous_view_problems(reminder, secret, "10:17") == []

    # Its id, copied into an answer card, finds nothing (a reply naming it would tie the id to the reference).
    forged = await submit(bot, TUTOR, {"action": "questions.answer", "question_id": secret.id, "answer": "?",
                                       "sid": "forged-1"})
    assert ru("questions.error.unknown", command="questions") in texts(forged)
    assert await count(bot.database, Answer) == 0
    # The reference answers it, and the reply names it by the reference.
    data = submit_data(reminder, "questions.answer") | {"answer": "Да, по справке."}
    reply = await submit(bot, TUTOR, data)
    assert f"№{secret.ref}" in texts(reply) and "№2" not in texts(reply)
    assert _anonymous_view_problems(cards(reply)[0], secret, "10:17") == []
    [to_student] = await delivered(bot, STUDENT_NO_AAD, 1)
    assert "Да, по справке." in json.dumps(to_student.cards[0], ensure_ascii=False)
    all_cards_valid(bot)


async def test_the_log_names_no_student_for_an_anonymous_question(bot: RunningBot,
                                                                  caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="tutorbot.turn")
    async with bot.database.unit_of_work() as uow:
        anna = await uow.people.by_email(STUDENT_NO_AAD.email or "")
        assert anna is not None
    named = f"who=student#{anna.id} "

    def turn_lines(what: str) -> list[str]:
        return [r.getMessage() for r in caplog.records if r.name == "tutorbot.turn" and f"what={what} " in
                r.getMessage()]

    await say(bot, TUTOR, "help")
    await ask_by_card(bot, STUDENT_NO_AAD, "Вопрос с именем")
    assert [named in line for line in turn_lines("submit:questions.ask")] == [True]  # named: as before
    caplog.clear()
    await ask_by_card(bot, STUDENT_NO_AAD, "Анонимный вопрос про эссе", anonymous=True)
    [line] = turn_lines("submit:questions.ask")
    assert "who=student " in line and f"#{anna.id}" not in line
    # The thread stays anonymous: the follow-up and the resolve name no one either.
    await delivered(bot, TUTOR, 2)
    await answer_latest(bot, TUTOR, "Около 1500 слов.")
    [answer] = await delivered(bot, STUDENT_NO_AAD, 1)
    follow = submit_data(answer.cards[0], "questions.followup") | {"question": "А список литературы входит?"}
    await submit(bot, STUDENT_NO_AAD, follow)
    await submit(bot, STUDENT_NO_AAD, submit_data(answer.cards[0], "questions.resolve"))
    for what in ("submit:questions.followup", "submit:questions.resolve"):
        [line] = turn_lines(what)
        assert "who=student " in line and f"#{anna.id}" not in line, line
