"""The Office of Online Education trains tutors (Regulation 6.2, CONTRACT §11): a training is scheduled with the
schedule card plus `school`, becomes a Teams meeting in the organizer's calendar through the real msgraph-sdk and
the Graph stand-in, and invites that school's tutors (or all tutors), nobody else. Tutors cannot schedule one.

Алия (УОО) organizes; SOM's tutors are Айгерим (TUTOR) and Дмитрий; SOE (added here) has Жанна.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import select

from cards.i18n import text
from storage.models import Person, School
from storage.outbox import OutboxMessage
from storage.sessions import Session
from tests.conftest import DEAN, STUDENT, TUTOR
from tests.e2e.test_sessions import Harness
from tests.support.cards import card_text, inputs, nodes, open_urls, submit_data
from tests.support.connector import ConnectorStandIn
from tests.support.graph import GraphStandIn
from tests.support.teams import TeamsUser
from tests.support.waiting import until
from tutoring.clock import ALMATY, FixedClock
from tutoring.roles import Role

MONDAY = dt.datetime(2026, 10, 19, 10, 0, tzinfo=ALMATY)
TRAINING = {"date": "2026-10-21", "time": "15:00", "duration": "90", "platform": "teams",
            "title": "Проверка работ в Moodle"}

ALIYA = TeamsUser("29:uoo-aliya", "Алия Бекова", "0a1d0000-0000-4000-8000-000000000104", "a.bekova@demo.almau.edu.kz")
KOVALEV = TeamsUser("29:tutor-dmitry", "Дмитрий Ковалёв", "0a1d0000-0000-4000-8000-000000000003",
                    "d.kovalev@demo.almau.edu.kz")
ZHANNA = TeamsUser("29:tutor-soe", "Жанна Серикова", "0a1d0000-0000-4000-8000-000000000102", "z.serikova@soe.kz")
EVERYONE = (ALIYA, TUTOR, KOVALEV, ZHANNA, DEAN, STUDENT)


@pytest.fixture
async def office(database_url: str, connector: ConnectorStandIn, graph: GraphStandIn) -> AsyncIterator[Harness]:
    """The bot on the Graph backend; the УОО and another school's tutor in the roster; everyone opened the bot."""
    for user in EVERYONE:
        connector.add_member(user.teams_id, name=user.name, email=user.email or "", aad_object_id=user.aad_object_id)
    h = Harness(database_url, connector, graph, FixedClock(MONDAY))
    bot = await h.start()
    async with bot.database.unit_of_work() as uow:
        soe = School(code="SOE", name="Школа экономики", dean_email="a.nurlanov@soe.kz")
        uow.db.add(soe)
        await uow.db.flush()
        uow.db.add_all([
            Person(email=ALIYA.email or "", name=ALIYA.name, role=Role.UOO.value, school_id=None,
                   aad_object_id=ALIYA.aad_object_id),
            Person(email=ZHANNA.email or "", name=ZHANNA.name, role=Role.TUTOR.value, school_id=soe.id,
                   aad_object_id=ZHANNA.aad_object_id),
        ])
    for user in EVERYONE:
        await h.chat(user).say("help")
    yield h
    await h.stop()
    if h.http is not None:
        await h.http.close()


async def schedule_training(h: Harness, school: str) -> Session:
    aliya = h.chat(ALIYA)
    card = (await aliya.say("training")).card
    said = await aliya.submit(submit_data(card, "training.schedule") | TRAINING | {"school": school})
    assert said.activities[0].method == "PUT"  # the card is replaced: it cannot be sent twice
    tutors = {"SOM": 2, "all": 3}[school]
    assert said.text == text("ru", "training.scheduled", count=tutors)
    assert h.bot is not None
    async with h.bot.database.unit_of_work() as uow:
        session = (await uow.db.scalars(select(Session).order_by(Session.id.desc()))).first()
    assert session is not None
    return session


def invitations(h: Harness, user: TeamsUser, notice: str = "new") -> list[dict[str, object]]:
    heading = text("ru", f"training.notice.{notice}")
    return [c for s in h.connector.sent if s.conversation_id == f"a:personal-{user.teams_id}"
            and s.method == "POST" and s.text.startswith(heading) for c in s.cards]


async def invited(h: Harness) -> set[str]:
    """Who the trainings' messages were queued for, by the outbox keys (the person's id ends each)."""
    assert h.bot is not None
    async with h.bot.database.unit_of_work() as uow:
        keys = (await uow.db.scalars(select(OutboxMessage.key).where(OutboxMessage.key.like("session:%")))).all()
        people = [await uow.people.by_id(int(k.rsplit(":", 1)[1])) for k in keys if ":tutor:" in k]
        return {p.email for p in people if p is not None}


async def test_a_training_for_one_school_invites_its_tutors_and_nobody_else(office: Harness) -> None:
    h = office
    card = (await h.chat(ALIYA).say("training")).card
    fields = inputs(card)
    assert set(fields) == {"school", "date", "time", "duration", "platform", "link", "title"}
    assert [c["value"] for c in fields["school"]["choices"]] == ["all", "SOE", "SOM"]

    session = await schedule_training(h, "SOM")
    assert session.kind == "training" and session.course_id is None
    await until(lambda: len(invitations(h, TUTOR)) == 1 and len(invitations(h, KOVALEV)) == 1, "two invitations")

    [create] = h.graph.creates()
    assert create.raw_path == "/v1.0/users/a.bekova%40demo.almau.edu.kz/events"  # the organizer's calendar
    assert {a["emailAddress"]["address"] for a in create.body["attendees"]} == {TUTOR.email, KOVALEV.email}
    assert create.body["isOnlineMeeting"] is True
    start = dt.datetime.fromisoformat(create.body["start"]["dateTime"]).replace(tzinfo=dt.UTC)
    assert start == dt.datetime(2026, 10, 21, 10, 0, tzinfo=dt.UTC)  # 15:00 in Almaty
    [event] = h.graph.live_events()
    join_url = event.json["onlineMeeting"]["joinUrl"]
    [invitation] = invitations(h, TUTOR)
    assert open_urls([invitation]) == [join_url] and "Проверка работ в Moodle" in card_text(invitation)
    await until(lambda: any(text("ru", "training.organizer.done", sent=2, total=2) in s.text
                            for s in h.connector.sent if s.conversation_id == "a:personal-29:uoo-aliya"),
                "the organizer's confirmation")
    assert await invited(h) == {TUTOR.email, KOVALEV.email}  # not Жанна (SOE), not the dean, not a student

    mine = await h.chat(TUTOR).say("sessions", expect=2)
    assert any(open_urls([c]) == [join_url] for c in mine.cards)
    theirs = await h.chat(ZHANNA).say("sessions")
    assert all("Проверка работ в Moodle" not in card_text(c) for c in theirs.cards)


async def test_a_training_for_all_invites_every_tutor_and_can_be_cancelled(office: Harness) -> None:
    h = office
    await schedule_training(h, "all")
    await until(lambda: all(len(invitations(h, u)) == 1 for u in (TUTOR, KOVALEV, ZHANNA)), "three invitations")
    assert await invited(h) == {TUTOR.email, KOVALEV.email, ZHANNA.email}

    said = await h.chat(ZHANNA).say("sessions", expect=2)
    assert any(text("ru", "training.list.title") in card_text(c) for c in said.cards)

    aliya = h.chat(ALIYA)
    organizer_card = (await aliya.say("sessions", expect=2)).cards[-1]
    assert text("ru", "training.list.title") in card_text(organizer_card)
    assert h.bot is not None
    async with h.bot.database.unit_of_work() as uow:
        [row] = await uow.sessions.upcoming_trainings(h.clock.now(), every_school=True)
    cancel = {"action": "training.cancel", "session": row.session.id, "submission": "c1"}
    refused = await h.chat(TUTOR).submit(cancel)
    assert refused.text == text("ru", "not_allowed", command="training", role=text("ru", "role.tutor"))
    assert (await aliya.submit(cancel)).text == text("ru", "training.cancelled")
    await until(lambda: all(len(invitations(h, u, "cancelled")) == 1 for u in (TUTOR, KOVALEV, ZHANNA)),
                "three cancellations")
    await until(lambda: h.graph.live_events() == [], "the meeting cancelled in the calendar")
    # The organizer's word on the cancellation comes after the calendar's; a replay pressed before it would
    # be answered in the same chat, next to it.
    done = text("ru", "training.organizer.done", sent=3, total=3)
    await until(lambda: sum(s.text == done for s in h.connector.sent
                            if s.conversation_id == f"a:personal-{ALIYA.teams_id}") == 2, "the organizer told twice")
    assert (await aliya.submit(cancel)).text == text("ru", "sessions.replay")


async def test_tutors_cannot_schedule_trainings_and_bad_values_store_nothing(office: Harness) -> None:
    h = office
    tutor = h.chat(TUTOR)
    said = await tutor.say("training")
    assert said.text == text("ru", "not_allowed", command="training", role=text("ru", "role.tutor"))
    card = (await tutor.say("schedule")).card
    refused = await tutor.submit(submit_data(card, "sessions.schedule") | TRAINING | {"course": "MGT2101",
                                                                                      "kind": "training"})
    assert refused.text == text("ru", "training.tutors_cannot")
    refused = await tutor.submit({"action": "training.schedule", **TRAINING, "school": "all", "submission": "t"})
    assert refused.text == text("ru", "not_allowed", command="training", role=text("ru", "role.tutor"))

    aliya = h.chat(ALIYA, "en-US")
    data = submit_data((await aliya.say("training")).card, "training.schedule") | TRAINING
    assert (await aliya.submit(data | {"school": "LAW"})).text == text("en", "training.bad.school")
    assert (await aliya.submit(data | {"school": "all", "date": "2026-10-01"})).text == \
        text("en", "sessions.bad.date.past")
    assert (await aliya.submit(data | {"school": "all", "duration": "1e400"})).text == \
        text("en", "sessions.bad.duration", min=15, max=480)
    assert h.bot is not None
    async with h.bot.database.unit_of_work() as uow:
        assert (await uow.db.scalars(select(Session))).all() == []
    assert [n for n in nodes(card) if n.get("id") == "school"] == []  # the tutor's card has no audience
