"""Tutors ask the Office of Online Education (Regulation 6.2, CONTRACT §11): `support` reaches every УОО person
and nobody else, any of them answers once for all, the tutor gets the answer; reminders come from the same sweep.

Айгерим (TUTOR) asks; Алия and Ержан are the УОО (added here: the demo roster has none); Дмитрий tutors another
course of the same school, Гульнара is its dean.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import select

from bot.app import DELIVERER
from cards.i18n import text
from dialogs import questions as questions_dialog
from storage.models import Person, School
from storage.outbox import OutboxMessage
from storage.questions import Answer, Audience, Question
from tests.conftest import DEAN, STUDENT, TUTOR, RunningBot
from tests.support.cards import card_text, input_ids, nodes, submit_data
from tests.support.chat import Chat
from tests.support.teams import TeamsUser
from tests.support.waiting import until
from tutoring.clock import ALMATY, Clock, FixedClock
from tutoring.roles import Role

NOW = dt.datetime(2026, 12, 2, 10, 0, tzinfo=ALMATY)  # a Wednesday of the demo semester

ALIYA = TeamsUser("29:uoo-aliya", "Алия Бекова", "0a1d0000-0000-4000-8000-000000000104", "a.bekova@demo.almau.edu.kz")
YERZHAN = TeamsUser("29:uoo-yerzhan", "Ержан Омаров", "0a1d0000-0000-4000-8000-000000000105",
                    "y.omarov@demo.almau.edu.kz")
KOVALEV = TeamsUser("29:tutor-dmitry", "Дмитрий Ковалёв", "0a1d0000-0000-4000-8000-000000000003",
                    "d.kovalev@demo.almau.edu.kz")


@pytest.fixture
def bot_clock() -> Clock:
    return FixedClock(NOW)


async def the_office(bot: RunningBot) -> None:
    """Two УОО people in the roster; everyone has opened the bot once (so a leaked notice would be queued)."""
    async with bot.database.unit_of_work() as uow:
        for user in (ALIYA, YERZHAN):
            uow.db.add(Person(email=user.email or "", name=user.name, role=Role.UOO.value, school_id=None,
                              aad_object_id=user.aad_object_id))
    for user in (ALIYA, YERZHAN, KOVALEV):
        bot.connector.add_member(user.teams_id, name=user.name, email=user.email or "",
                                 aad_object_id=user.aad_object_id)
    for user in (ALIYA, YERZHAN, TUTOR, KOVALEV, DEAN, STUDENT):
        await Chat(bot, user).say("help")


def proactive_cards(bot: RunningBot, user: TeamsUser) -> list[dict[str, Any]]:
    """Cards the bot sent `user` on its own (not replies to the user's messages or buttons)."""
    conversation = Chat(bot, user).conversation_id
    return [c for s in bot.connector.to_conversation(conversation)
            if s.method == "POST" and not (s.reply_to_id or "").startswith(("act-in-", "act-card-")) for c in s.cards]


async def delivered(bot: RunningBot, user: TeamsUser, count: int) -> list[dict[str, Any]]:
    assert bot.app is not None
    bot.app[DELIVERER].kick()
    await until(lambda: len(proactive_cards(bot, user)) >= count,
                lambda: f"{user.name}: expected {count} cards, got {len(proactive_cards(bot, user))}", 15.0)
    return proactive_cards(bot, user)


async def outbox_people(bot: RunningBot) -> set[str]:
    """Who the support question's messages were queued for (the outbox keys name the person)."""
    async with bot.database.unit_of_work() as uow:
        keys = (await uow.db.scalars(select(OutboxMessage.key).where(OutboxMessage.key.like("question:%")))).all()
        ids = {int(k.rsplit(":", 1)[1]) for k in keys}
        return {p.email for p in [await uow.people.by_id(i) for i in ids] if p is not None}


async def test_a_tutor_asks_the_office_and_one_of_them_answers_for_all(bot: RunningBot) -> None:
    await the_office(bot)
    tutor, aliya, yerzhan = Chat(bot, TUTOR), Chat(bot, ALIYA), Chat(bot, YERZHAN)

    card = (await tutor.say("support")).card
    assert input_ids(card) == ["question"]  # no course, no anonymity: the УОО answers tutors by name
    sent = await tutor.submit({**submit_data(card, "support.ask"), "question": "Как загрузить ведомость в АИС?"})
    assert text("ru", "support.sent.title", id=1) in card_text(sent.card)
    assert "Алия Бекова, Ержан Омаров" in card_text(sent.card)

    [to_aliya] = await delivered(bot, ALIYA, 1)
    [to_yerzhan] = await delivered(bot, YERZHAN, 1)
    assert input_ids(to_aliya) == ["answer"] and "Как загрузить ведомость в АИС?" in card_text(to_aliya)
    assert "Айгерим Касымова" in card_text(to_aliya)
    assert await outbox_people(bot) == {ALIYA.email, YERZHAN.email}  # nobody else: no tutor, no dean

    listed = await aliya.say("questions", expect=2)
    assert text("ru", "support.list.header", count=1) in listed.text and len(listed.cards) == 1
    assert text("ru", "questions.list.none") in (await Chat(bot, KOVALEV).say("questions")).text

    answered = await aliya.submit({**submit_data(to_aliya, "questions.answer"), "answer": "Через раздел «Журнал»."},
                                  expect=2)
    assert text("ru", "support.answer.sent", id=1) in answered.text
    assert [n for n in nodes(answered.card) if n.get("type") == "Input.Text"] == []

    [answer] = await delivered(bot, TUTOR, 1)
    assert "Через раздел «Журнал»." in card_text(answer) and "Алия Бекова" in card_text(answer)
    assert list(n for n in nodes(answer) if str(n.get("type", "")).startswith("Action.")) == []  # nothing to press
    [_, told] = await delivered(bot, YERZHAN, 2)
    assert text("ru", "support.answer.done_by", name="Алия Бекова", when="ср 2 декабря, 10:00") in card_text(told)

    late = await yerzhan.submit({**submit_data(to_yerzhan, "questions.answer"), "answer": "Моя версия"}, expect=2)
    assert text("ru", "support.already_answered", id=1, name="Алия Бекова") in late.text
    replay = await aliya.submit({**submit_data(to_aliya, "questions.answer"), "answer": "Ещё раз"})
    assert replay.text == text("ru", "questions.replay.answer")
    async with bot.database.unit_of_work() as uow:
        assert [a.text for a in (await uow.db.scalars(select(Answer))).all()] == ["Через раздел «Журнал»."]
    assert text("ru", "support.list.none") in (await aliya.say("questions")).text


async def test_typed_support_and_who_may_not(bot: RunningBot) -> None:
    await the_office(bot)
    sent = await Chat(bot, TUTOR, locale="en-US").say("support Where is the RK2 grade sheet template?")
    assert text("en", "support.sent.title", id=1) in card_text(sent.card)
    async with bot.database.unit_of_work() as uow:
        [question] = (await uow.db.scalars(select(Question))).all()
        assert question.audience == Audience.UOO.value and question.course_id is None and not question.anonymous

    channel = await Chat(bot, TUTOR, channel=True).say("support Вопрос")
    assert channel.text == text("ru", "support.error.channel", command="support")
    student = await Chat(bot, STUDENT).say("support Вопрос")
    assert student.text == text("ru", "not_allowed", command="support", role=text("ru", "role.student"))
    empty = await Chat(bot, TUTOR).submit({"action": "support.ask", "question": "  ", "sid": "s-empty"})
    assert empty.text == text("ru", "questions.error.empty")

    # Another tutor cannot answer it; the УОО cannot answer a student's question of a course.
    card = (await delivered(bot, ALIYA, 1))[0]
    refused = await Chat(bot, KOVALEV).submit({**submit_data(card, "questions.answer"), "answer": "Я отвечу"})
    assert refused.text == text("ru", "questions.error.unknown", command="questions")
    async with bot.database.unit_of_work() as uow:
        erlan = await uow.people.by_email(STUDENT.email or "")
        [mgt] = await uow.maps.offerings_of("MGT2101")
        assert erlan is not None
        student_question = await uow.questions.ask(course=mgt, student=erlan, text="Когда РК2?", anonymous=False,
                                                   key="student-question", now=NOW)
    refused = await Chat(bot, ALIYA).submit({"action": "questions.answer", "question_id": student_question.id,
                                             "answer": "Ответ", "sid": "s-foreign"})
    assert refused.text == text("ru", "questions.error.not_your_course", id=student_question.id, course="MGT2101")
    async with bot.database.unit_of_work() as uow:
        assert (await uow.db.scalars(select(Answer))).all() == []


async def test_the_office_is_reminded_once_after_24_working_hours(bot: RunningBot, bot_clock: FixedClock) -> None:
    await the_office(bot)
    await Chat(bot, TUTOR).say("support Как настроить запись вебинара?")
    await delivered(bot, ALIYA, 1)
    assert bot.app is not None
    kick = bot.app[DELIVERER].kick

    bot_clock.advance(dt.timedelta(hours=23, minutes=50))
    assert await questions_dialog.run_sweep(bot.database, bot_clock, kick) == questions_dialog.SweepResult(0, 0)
    bot_clock.advance(dt.timedelta(minutes=15))
    assert await questions_dialog.run_sweep(bot.database, bot_clock, kick) == questions_dialog.SweepResult(1, 0)
    assert await questions_dialog.run_sweep(bot.database, bot_clock, kick) == questions_dialog.SweepResult(0, 0)
    for user in (ALIYA, YERZHAN):
        [_, reminder] = await delivered(bot, user, 2)
        assert text("ru", "support.reminder.title", id=1, course=text("ru", "support.subject", school="SOM")) \
            in card_text(reminder)
        assert input_ids(reminder) == ["answer"]
    assert await outbox_people(bot) == {ALIYA.email, YERZHAN.email}


async def test_help_of_the_office_and_the_tutor(bot: RunningBot) -> None:
    await the_office(bot)

    def commands(card: dict[str, Any]) -> list[str]:
        return [f["title"] for n in nodes(card) if n.get("type") == "FactSet" for f in n["facts"]]

    assert commands((await Chat(bot, ALIYA).say("help")).card) == [
        "questions", "training", "report", "sessions", "export", "map", "help"]
    assert "support" in commands((await Chat(bot, TUTOR).say("help")).card)


async def test_the_office_reads_any_school_and_changes_none(bot: RunningBot) -> None:
    await the_office(bot)
    async with bot.database.unit_of_work() as uow:
        uow.db.add(School(code="SOE", name="Школа экономики", dean_email="a.nurlanov@soe.kz"))
    aliya = Chat(bot, ALIYA)

    every = await aliya.say("report", expect=2)
    assert [c for c in every.cards if "Школа экономики" in card_text(c)] and \
        [c for c in every.cards if "Школа менеджмента" in card_text(c)]
    one = await aliya.say("report som")
    assert len(one.cards) == 1 and "Школа менеджмента" in card_text(one.card)
    assert "Школа экономики" not in card_text(one.card)

    for command in ("hours", "schedule", "subscribe", "ask"):  # `map` they may: the УОО signs maps (Appendix 1)
        refused = await aliya.say(command)
        assert refused.text == text("ru", "not_allowed", command=command, role=text("ru", "role.uoo"))
