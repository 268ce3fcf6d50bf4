"""8.2 and 8.3 in Teams: propose a tutor → the dean approves with Action.Execute → the School Council's decision is
recorded → the assignment is active → the tutor and the students are told. A rejection needs a comment and
leaves no assignment."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from sqlalchemy import select

from storage.appointments import TutorProposal
from storage.models import Course, TutorAssignment
from storage.outbox import OutboxMessage
from tests.conftest import ADMIN, DEAN, STUDENT, TUTOR, RunningBot
from tests.support.chat import Chat
from tests.support.texts import ru, shows
from tutoring.clock import ALMATY, Clock, FixedClock

TODAY = dt.date(2026, 11, 16)


@pytest.fixture
def bot_clock() -> Clock | None:
    return FixedClock(dt.datetime(2026, 11, 16, 10, 0, tzinfo=ALMATY))


def choices(card: dict[str, Any], input_id: str) -> list[str]:
    [block] = [b for b in card["body"] if b.get("id") == input_id]
    return [c["value"] for c in block["choices"]]


async def fin_course_id(bot: RunningBot) -> int:
    async with bot.database.unit_of_work() as uow:
        found = await uow.db.scalar(select(Course.id).where(Course.code == "FIN2204"))
        assert found is not None
        return found


async def outbox(bot: RunningBot, prefix: str) -> list[OutboxMessage]:
    async with bot.database.unit_of_work() as uow:
        rows = await uow.db.scalars(select(OutboxMessage).where(OutboxMessage.key.like(prefix + "%"))
                                         .order_by(OutboxMessage.id))
        return list(rows.all())


async def assignment(bot: RunningBot, course_id: int, email: str) -> TutorAssignment | None:
    async with bot.database.unit_of_work() as uow:
        tutor = await uow.people.by_email(email)
        assert tutor is not None
        return await uow.db.scalar(select(TutorAssignment).where(
            TutorAssignment.course_id == course_id, TutorAssignment.tutor_id == tutor.id))


async def propose_aigerim_for_fin(bot: RunningBot) -> int:
    """The admin proposes Айгерим (who tutors MGT2101) for FIN2204 through the card; the proposal's id."""
    admin = Chat(bot, ADMIN)
    form = (await admin.say("appoint")).card
    course_id = await fin_course_id(bot)
    assert str(course_id) in choices(form, "course")
    assert TUTOR.email in choices(form, "tutor")
    said = await admin.submit({"action": "appoint.propose", "sid": "p-1", "course": str(course_id),
                               "tutor": TUTOR.email})
    assert "Гульнара Сапарова" in said.text
    async with bot.database.unit_of_work() as uow:
        proposal = await uow.db.scalar(select(TutorProposal))
        assert proposal is not None
        return proposal.id


async def test_propose_approve_council_active_and_everyone_told(bot: RunningBot) -> None:
    await Chat(bot, DEAN).say("help")  # the dean has the bot: the approval card can reach her
    for user in (TUTOR, STUDENT):
        await Chat(bot, user).say("help")
    proposal_id = await propose_aigerim_for_fin(bot)
    course_id = await fin_course_id(bot)
    [review] = await outbox(bot, f"appoint:{proposal_id}:review:")
    card = json.loads(review.activity_json)["attachments"][0]["content"]
    verbs = [a.get("verb") for a in card["actions"]]
    assert verbs == ["appoint.decide", "appoint.decide"]
    assert {b.get("id") for b in card["body"]} >= {"council_number", "council_date", "comment"}
    assert await assignment(bot, course_id, TUTOR.email or "") is None

    dean = Chat(bot, DEAN)
    missing = await dean.execute("appoint.decide", {"proposal": proposal_id, "verdict": "approve",
                                                    "council_number": "4", "council_date": "2026-12-01"})
    assert ru("appoint.error.council_date") in json.dumps(missing.invoke_body, ensure_ascii=False)  # a future date
    assert await assignment(bot, course_id, TUTOR.email or "") is None

    approved = await dean.execute("appoint.decide", {"proposal": proposal_id, "verdict": "approve",
                                                     "council_number": "4", "council_date": "2026-11-13"})
    decided = approved.invoke_body["value"]
    assert "actions" not in decided
    shown = json.dumps(decided, ensure_ascii=False)
    assert shows(shown, "ru", "appoint.state.approved", who="Гульнара Сапарова")
    assert ru("appoint.council", number="4", date="13.11.2026") in shown
    made = await assignment(bot, course_id, TUTOR.email or "")
    assert made is not None and made.active_from == dt.date(2026, 11, 13) and made.active_to is None
    assert made.approved_by == "Гульнара Сапарова" and made.council_decision == "№ 4 2026-11-13"

    welcome = await outbox(bot, f"appoint:{proposal_id}:welcome")
    students = await outbox(bot, f"appoint:{proposal_id}:student:")
    told_admin = await outbox(bot, f"appoint:{proposal_id}:decided")
    assert len(welcome) == 1 and "FIN2204" in json.loads(welcome[0].activity_json)["text"]
    assert len(students) == 2  # Ерлан and Мадина are enrolled in FIN2204
    assert all("Айгерим Касымова" in json.loads(s.activity_json)["text"] for s in students)
    assert len(told_admin) == 1

    # The tutor now has the course.
    tutor_courses = json.dumps((await Chat(bot, TUTOR).say("hours")).card, ensure_ascii=False)
    assert "FIN2204" in tutor_courses
    # A second click shows the decision and changes nothing.
    again = await dean.execute("appoint.decide", {"proposal": proposal_id, "verdict": "reject", "comment": "нет"})
    assert shows(json.dumps(again.invoke_body, ensure_ascii=False), "ru", "appoint.state.approved")
    async with bot.database.unit_of_work() as uow:
        proposal = await uow.db.get(TutorProposal, proposal_id)
        assert proposal is not None and proposal.state == "approved" and proposal.comment is None
    assert len(await outbox(bot, "appoint:")) == 5


async def test_rejection_needs_a_comment_and_leaves_no_assignment(bot: RunningBot) -> None:
    proposal_id = await propose_aigerim_for_fin(bot)
    course_id = await fin_course_id(bot)
    dean = Chat(bot, DEAN)
    no_comment = await dean.execute("appoint.decide", {"proposal": proposal_id, "verdict": "reject", "comment": " "})
    assert ru("appoint.error.comment") in json.dumps(no_comment.invoke_body, ensure_ascii=False)
    rejected = await dean.execute("appoint.decide", {"proposal": proposal_id, "verdict": "reject",
                                                     "comment": "Нагрузка уже 5 курсов"})
    assert shows(json.dumps(rejected.invoke_body, ensure_ascii=False), "ru", "appoint.state.rejected")
    assert await assignment(bot, course_id, TUTOR.email or "") is None
    async with bot.database.unit_of_work() as uow:
        proposal = await uow.db.get(TutorProposal, proposal_id)
        assert proposal is not None and proposal.state == "rejected"
        assert proposal.comment == "Нагрузка уже 5 курсов" and proposal.decided_at is not None
    [told] = await outbox(bot, f"appoint:{proposal_id}:decided")
    assert "Нагрузка уже 5 курсов" in json.loads(told.activity_json)["text"]


async def test_only_the_dean_of_the_school_decides_and_candidates_come_from_its_staff(bot: RunningBot) -> None:
    proposal_id = await propose_aigerim_for_fin(bot)
    said = await Chat(bot, ADMIN).execute("appoint.decide", {"proposal": proposal_id, "verdict": "approve",
                                                             "council_number": "4", "council_date": "2026-11-13"})
    assert shows(said.text, "ru", "not_allowed", role=ru("role.admin"))
    refused = await Chat(bot, TUTOR).say("appoint FIN2204 a.kassymova@demo.almau.edu.kz")
    assert shows(refused.text, "ru", "not_allowed", command="appoint", role=ru("role.tutor"))
    not_staff = await Chat(bot, DEAN).say("appoint FIN2204 e.zhumabayev@demo.almau.edu.kz")
    assert ru("appoint.error.tutor") in not_staff.text
    already = await Chat(bot, DEAN).say("appoint FIN2204 d.kovalev@demo.almau.edu.kz")
    assert shows(already.text, "ru", "appoint.error.already", course="FIN2204")
    async with bot.database.unit_of_work() as uow:
        assert len((await uow.db.scalars(select(TutorProposal))).all()) == 1


async def test_the_summary_lists_offerings_without_a_tutor(bot: RunningBot) -> None:
    async with bot.database.unit_of_work() as uow:
        course_id = await uow.db.scalar(select(Course.id).where(Course.code == "FIN2204"))
        row = await uow.db.scalar(select(TutorAssignment).where(TutorAssignment.course_id == course_id))
        assert row is not None
        row.active_to = TODAY  # removed by the School Council (8.3)
    said = await Chat(bot, DEAN).say("report")
    shown = json.dumps(said.cards, ensure_ascii=False)
    assert ru("appoint.summary.untutored") in shown and "FIN2204" in shown
