"""Syllabus updates (7.4, issue 16 item 4), on SQLite and PostgreSQL: the tutor changes the week plan of an approved
map; the new version needs a note of what changed; the dean and the УОО see the weeks' changes; once it is approved,
the course's students are told, once, about the changed weeks still ahead of them.

The test's day is 25.11.2026 (week 13 of MGT2101, which starts 01.09.2026): weeks 1–12 are over, 13–15 ahead.
"""

from __future__ import annotations

from typing import Any

import pytest

from cards.integration_map_pieces import problem_text
from tests.conftest import DEAN, STUDENT, TUTOR, RunningBot
from tests.e2e.test_integration_map import (
    NOW,
    UOO,
    WEEK_TOPICS,
    T,
    fill_whole_map,
    press,
    stored_map,
    uoo_chat,
    wait_for_text,
)
from tests.support.cards import input_ids
from tests.support.chat import Chat
from tests.support.texts import shows
from tests.support.waiting import until
from tutoring.clock import Clock, FixedClock
from tutoring.integration_map import MapProblem, MapState, Rule

NOTE = "Темы 14 и 15 поменялись местами: кейс к экзамену раньше"


@pytest.fixture
def bot_clock() -> Clock:
    return FixedClock(NOW)


async def approve_both(dean: Chat, uoo: Chat, code: str = "MGT2101") -> str:
    """The dean signs, then the УОО; the УОО's reply."""
    await press(dean, (await dean.say(f"map {code}")).card, "integration_map.approve", expect=2)

    def told_uoo() -> bool:  # the outbox's notice to the УОО, delivered before it signs (else it joins its reply)
        return any(s.conversation_id == uoo.conversation_id
                   and shows(s.text, "ru", "integration_map.notify.school_approved", code=code)
                   for s in dean.bot.connector.sent)

    await until(told_uoo, lambda: f"no notice of {code} to the УОО", 10)
    said = await press(uoo, (await uoo.say(f"map {code}")).card, "integration_map.approve", expect=2)
    return said.text


def sent_to(bot: RunningBot, conversation: str, needle: str) -> list[dict[str, Any]]:
    return [s.activity for s in bot.connector.sent if s.conversation_id == conversation and needle in s.text]


async def test_an_approved_maps_update_is_reviewed_as_a_diff_and_students_hear_of_the_weeks_ahead(
    bot: RunningBot,
) -> None:
    dean, tutor, student = Chat(bot, DEAN), Chat(bot, TUTOR), Chat(bot, STUDENT)
    for chat in (dean, student):
        await chat.say("help")  # they have talked to the bot: the outbox can reach them
    uoo = await uoo_chat(bot)
    overview = await fill_whole_map(tutor)
    await press(tutor, overview, "integration_map.submit", expect=2)
    said = await approve_both(dean, uoo)
    assert said == T("review.approved", code="MGT2101", n=1)  # nobody else told: a first approval is no update
    head = T("notify.syllabus", code="MGT2101", name="Основы менеджмента", note=NOTE)
    assert sent_to(bot, student.conversation_id, head) == []  # a first approval is no update

    # The tutor swaps the topics of weeks 14 and 15 (ahead) and renames week 2's (over).
    overview = (await tutor.say("map")).card
    weeks = (await press(tutor, overview, "integration_map.edit", step="weeks1")).card
    said = await press(tutor, weeks, "integration_map.save", {"w2_topic": "Л 2. Команда и роли"}, then="overview")
    weeks = (await press(tutor, said.card, "integration_map.edit", step="weeks11")).card
    said = await press(tutor, weeks, "integration_map.save", {"w14_topic": WEEK_TOPICS[15],
                                                              "w15_topic": WEEK_TOPICS[14]}, then="overview")
    overview = said.card
    assert "note" in input_ids(overview)  # an approved map's submit asks what changed

    said = await press(tutor, overview, "integration_map.submit", {"note": ""}, expect=2)
    assert problem_text("ru", MapProblem("note", Rule.REQUIRED)) in said.text
    _, versions = await stored_map(bot)
    assert [v.number for v in versions] == [1]  # nothing submitted
    said = await press(tutor, said.card, "integration_map.submit", {"note": NOTE}, expect=2)
    assert T("submitted", code="MGT2101", n=2) in said.text
    map_, versions = await stored_map(bot)
    assert map_ is not None and map_.state == MapState.SUBMITTED
    assert [(v.number, v.state, v.change_note) for v in versions] == [(1, "approved", None), (2, "submitted", NOTE)]

    # The dean's card shows the note and the weeks' changes, week by week.
    delivered = await wait_for_text(bot, dean.conversation_id, "(версия 2)")
    review = str(delivered["attachments"][0]["content"])
    assert T("changes.title", n=1) in review and NOTE in review
    assert T("change.moved", n=14, dates="01.12–07.12", new=WEEK_TOPICS[15], m=15) in review
    assert T("change.moved", n=15, dates="08.12–14.12", new=WEEK_TOPICS[14], m=14) in review
    assert T("change.renamed", n=2, dates="08.09–14.09", old=WEEK_TOPICS[2], new="Л 2. Команда и роли") in review

    async with bot.database.unit_of_work() as uow:
        course = (await uow.maps.offerings_of("MGT2101"))[0]
        students = len(await uow.sessions.students_of(course.id))
    said = await approve_both(dean, uoo)
    assert T("notify.syllabus_told", n=students) in said and students >= 2
    message = await wait_for_text(bot, student.conversation_id, head)
    assert T("change.moved", n=14, dates="01.12–07.12", new=WEEK_TOPICS[15], m=15) in message["text"]
    assert "08.09–14.09" not in message["text"]  # week 2 is over: not the students' news
    # A second click changes nothing and tells nobody again.
    review_card = (await uoo.say("map MGT2101")).card
    said = await uoo.submit({"action": "integration_map.approve", "course": map_.course_id, "version": 2})
    assert T("review.stale", n=2, state=T("state.approved")) in said.text and review_card
    await until(lambda: bool(sent_to(bot, tutor.conversation_id, T("notify.approved", code="MGT2101", n=2,
                                                                        who=UOO.name))), lambda: "tutor told")
    assert len(sent_to(bot, student.conversation_id, head)) == 1
    async with bot.database.unit_of_work() as uow:
        course = (await uow.maps.offerings_of("MGT2101"))[0]
        document = await uow.maps.document(course)
        assert document is not None and (document.version, document.director) == (2, UOO.name)
