"""Sessions as Teams meetings, end to end: the real app over HTTP, the Connector stand-in for Teams, and the real
msgraph-sdk talking to a Graph stand-in. Time is a FixedClock; sweeps are called directly instead of waiting."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import aiohttp
import pytest
from aiohttp import web
from sqlalchemy import select

from bot.app import SESSIONS_WORKER
from bot.sessions_worker import SessionsWorker
from cards.i18n import text
from storage import Database
from storage.hours import HoursEntry
from storage.sessions import Session
from tests.conftest import DEAN, STUDENT, STUDENT_NO_AAD, TUTOR, RunningBot, make_settings, start_bot
from tests.support.adaptive_cards import assert_cards_valid
from tests.support.cards import card_text, inputs, open_urls, submit_data
from tests.support.chat import Chat, Said
from tests.support.connector import ConnectorStandIn, Sent
from tests.support.graph import GraphStandIn
from tests.support.teams import BotClient, TeamsUser
from tests.support.waiting import until
from tutoring.clock import ALMATY, FixedClock

STUDENT_DANIYAR = TeamsUser("29:student-daniyar", "Данияр Ахметов", "0a1d0000-0000-4000-8000-000000000006",
                            "d.akhmetov@demo.almau.edu.kz")
MGT2101_STUDENTS = (STUDENT, STUDENT_NO_AAD, STUDENT_DANIYAR)
MONDAY = dt.datetime(2026, 10, 19, 10, 0, tzinfo=ALMATY)  # RK1 of MGT2101 is on Saturday 2026-10-24
CONSULTATION = {"course": "MGT2101", "kind": "consultation_rk1", "date": "2026-10-22", "time": "18:00",
                "duration": "60", "platform": "teams"}
CONSULTATION_START_UTC = dt.datetime(2026, 10, 22, 13, 0, tzinfo=dt.UTC)  # 18:00 in Almaty, UTC+5


@dataclass
class Harness:
    """The bot on a fixed clock, restartable on the same database, like a process that stops and starts."""

    database_url: str
    connector: ConnectorStandIn
    graph: GraphStandIn
    clock: FixedClock
    backend: str = "graph"
    runner: web.AppRunner | None = None
    bot: RunningBot | None = None
    http: aiohttp.ClientSession | None = None
    chats: dict[str, Chat] = field(default_factory=lambda: {})

    async def start(self) -> RunningBot:
        settings = make_settings(self.database_url, calendar_backend=self.backend,
                                 graph_access_token=self.graph.token if self.backend == "graph" else "",
                                 graph_base_url=self.graph.base_url)
        database = Database(self.database_url)
        self.runner, url = await start_bot(settings, database, self.clock)
        self.http = self.http or aiohttp.ClientSession()
        self.bot = RunningBot(url, BotClient(url, self.http), self.connector, database, settings, self.runner.app)
        self.chats = {}
        return self.bot

    async def stop(self) -> None:
        if self.runner is not None:
            await self.runner.cleanup()
            self.runner = None

    async def restart(self) -> RunningBot:
        await self.stop()
        return await self.start()

    @property
    def worker(self) -> SessionsWorker:
        assert self.bot is not None and self.bot.app is not None
        return self.bot.app[SESSIONS_WORKER]

    def chat(self, user: TeamsUser, locale: str = "ru-RU") -> Chat:
        assert self.bot is not None
        key = f"{user.teams_id}:{locale}"
        if key not in self.chats:
            self.chats[key] = Chat(self.bot, user, locale=locale)
        return self.chats[key]

    async def session(self) -> Session:
        assert self.bot is not None
        async with self.bot.database.unit_of_work() as uow:
            rows = (await uow.db.scalars(select(Session).order_by(Session.id))).all()
            assert rows, "no session recorded"
            return rows[-1]


@pytest.fixture
async def harness(database_url: str, connector: ConnectorStandIn, graph: GraphStandIn) -> AsyncIterator[Harness]:
    for user in (*MGT2101_STUDENTS, TUTOR, DEAN):
        connector.add_member(user.teams_id, name=user.name, email=user.email or "", aad_object_id=user.aad_object_id)
    h = Harness(database_url, connector, graph, FixedClock(MONDAY))
    await h.start()
    yield h
    await h.stop()
    if h.http is not None:
        await h.http.close()


# --- helpers ------------------------------------------------------------------------------------------------


def to_user(connector: ConnectorStandIn, user: TeamsUser, contains: str = "") -> list[Sent]:
    return [s for s in connector.sent
            if s.conversation_id == f"a:personal-{user.teams_id}" and s.method == "POST" and contains in s.text]


async def install(h: Harness, *users: TeamsUser) -> None:
    """Each person talks to the bot once, so it has their personal chat."""
    for user in users:
        await h.chat(user).say("help")


async def schedule(h: Harness, **changes: str) -> tuple[Said, Session]:
    tutor = h.chat(TUTOR)
    card = (await tutor.say("schedule")).card
    data = submit_data(card, "sessions.schedule") | CONSULTATION | changes
    said = await tutor.submit(data)
    return said, await h.session()


async def synced(h: Harness, timeout: float = 15.0) -> Session:
    """Wait for the post-turn calendar sync to settle (whatever the outcome)."""
    seen: list[Session] = []

    async def settled() -> bool:
        session = await h.session()
        seen.append(session)
        return session.sync_lease_until is None and (session.sync_state != "pending" or session.sync_attempts > 0)

    await until(settled, lambda: f"the calendar sync to settle: session still syncing: {seen[-1].sync_state}", timeout)
    return seen[-1]


async def all_sessions(h: Harness) -> list[Session]:
    assert h.bot is not None
    async with h.bot.database.unit_of_work() as uow:
        return list((await uow.db.scalars(select(Session).order_by(Session.id))).all())


def delivered(h: Harness, user: TeamsUser, contains: str) -> int:
    return len(to_user(h.connector, user, contains))


def assert_every_card_valid(h: Harness) -> None:
    """Cards that went out through the outbox (notices, reminders, the tutor's word) are checked here."""
    cards = [card for sent in h.connector.sent for card in sent.cards]
    assert cards
    assert_cards_valid(cards)


# --- the tests --------------------------------------------------------------------------------------------


async def test_a_late_session_names_its_due_date_as_the_ui_writes_dates(harness: Harness) -> None:
    """The regulation's due day in the note reads 07.09.2026 in Russian (the formatter), not 2026-09-07."""
    harness.clock.at = dt.datetime(2026, 8, 28, 12, 0, tzinfo=ALMATY).astimezone(dt.UTC)
    said, session = await schedule(harness, kind="intro", date="2026-09-15")
    assert session.kind == "intro"
    assert text("ru", "sessions.scheduled.late", due="07.09.2026") in said.text


async def test_schedule_card_proposes_the_next_missing_session(harness: Harness) -> None:
    harness.clock.at = dt.datetime(2026, 8, 28, 12, 0, tzinfo=ALMATY).astimezone(dt.UTC)  # before the course
    said = await harness.chat(TUTOR, "en-US").say("schedule")
    assert said.text == "Next under the regulation: Introductory session, by 7 September 2026 at the latest. " \
        "The date and time below are proposed."
    card = said.card
    fields = inputs(card)
    assert set(fields) == {"course", "kind", "date", "time", "duration", "platform", "link", "title"}
    assert fields["course"]["value"] == "MGT2101"
    assert fields["kind"]["value"] == "intro"
    assert fields["date"]["value"] == "2026-09-01"  # the course's first day (7.1)
    assert fields["time"]["value"] == "18:00"
    assert fields["duration"]["value"] == 60
    assert fields["platform"]["value"] == "teams"
    shown = card_text(card)
    assert "due by 7 September 2026" in shown and "Consultation before RK1" in shown  # the plan underneath


async def test_a_teams_session_through_graph_reaches_every_student_once(harness: Harness) -> None:
    h = harness
    await install(h, *MGT2101_STUDENTS)
    said, session = await schedule(h)
    assert "Teams" in said.text and "(3)" in said.text
    assert said.activities[0].method == "PUT"  # the schedule card is replaced, so it cannot be sent twice
    session = await synced(h)
    assert session.sync_state == "synced" and session.link_kind == "teams"

    [create] = h.graph.creates()
    assert create.raw_path == "/v1.0/users/a.kassymova%40demo.almau.edu.kz/events"
    assert create.headers["Authorization"] == f"Bearer {h.graph.token}"
    body = create.body
    start = dt.datetime.fromisoformat(body["start"]["dateTime"]).replace(tzinfo=dt.UTC)
    assert body["start"]["timeZone"] == "UTC" and start == CONSULTATION_START_UTC
    end = dt.datetime.fromisoformat(body["end"]["dateTime"]).replace(tzinfo=dt.UTC)
    assert end - start == dt.timedelta(minutes=60)
    assert {a["emailAddress"]["address"] for a in body["attendees"]} == {u.email for u in MGT2101_STUDENTS}
    assert {a["type"] for a in body["attendees"]} == {"required"}
    assert body["isOnlineMeeting"] is True and body["onlineMeetingProvider"] == "teamsForBusiness"
    assert body["transactionId"] == session.transaction_id and len(session.transaction_id) >= 16
    assert "Консультация перед РК1" in body["subject"] and "MGT2101" in body["subject"]

    [event] = h.graph.live_events()
    join_url = event.json["onlineMeeting"]["joinUrl"]
    assert session.graph_event_id == event.id and session.join_url == join_url

    await until(lambda: all(delivered(h, u, "Новое занятие") == 1 for u in MGT2101_STUDENTS), "3 notices")
    await until(lambda: delivered(h, TUTOR, "Встреча Teams создана") == 1, "the tutor's confirmation")
    for user in MGT2101_STUDENTS:
        [notice] = to_user(h.connector, user, "Новое занятие")
        assert open_urls(notice.cards) == [join_url]
        assert "22 октября 2026, 18:00–19:00" in card_text(notice.cards[0])
    [confirmation] = to_user(h.connector, TUTOR, "Встреча Teams создана")
    assert "3 из 3" in card_text(confirmation.cards[0]) and open_urls(confirmation.cards)[0] == join_url

    # A student sees it with the join link; the tutor sees the plan.
    mine = await h.chat(STUDENT, "en-US").say("sessions")
    assert join_url in open_urls(mine.activities[0].cards)
    assert "Consultation before RK1" in card_text(mine.card)
    plan = card_text((await h.chat(TUTOR, "en-US").say("sessions")).card)
    assert "Consultation before RK1" in plan and "scheduled for 22 October 2026" in plan
    assert "missing, its deadline 7 September 2026 has passed" in plan  # the intro (7.1) was never held
    assert_every_card_valid(h)


async def test_the_same_submission_twice_schedules_once(harness: Harness) -> None:
    h = harness
    await install(h, STUDENT)
    tutor = h.chat(TUTOR)
    data = submit_data((await tutor.say("schedule")).card, "sessions.schedule") | CONSULTATION
    await tutor.submit(data)
    await synced(h)
    replay = await tutor.submit(data)
    assert "уже сделано" in replay.text
    await asyncio.sleep(0.3)
    assert len(await all_sessions(h)) == 1
    assert len(h.graph.creates()) == 1
    assert delivered(h, STUDENT, "Новое занятие") == 1


async def test_429_then_201_creates_one_meeting(harness: Harness) -> None:
    h = harness
    await install(h, STUDENT)
    h.graph.fail_next(429, times=1, retry_after=1)
    await schedule(h)
    session = await synced(h)
    assert session.sync_state == "synced" and session.join_url
    first, second = h.graph.creates()
    assert first.body["transactionId"] == second.body["transactionId"] == session.transaction_id
    assert len(h.graph.live_events()) == 1
    await until(lambda: delivered(h, STUDENT, "Новое занятие") == 1, "the notice")
    # The two who never opened the bot cannot be written to: the tutor is told who, by name.
    await until(lambda: delivered(h, TUTOR, "Встреча Teams создана") == 1, "the tutor's confirmation")
    [confirmation] = to_user(h.connector, TUTOR, "Встреча Teams создана")
    shown = card_text(confirmation.cards[0])
    assert "1 из 3" in shown and "Анна Смирнова, Данияр Ахметов" in shown


async def test_a_lost_answer_does_not_double_book(harness: Harness) -> None:
    # Graph made the event but the answer never arrived (a 503 in its place): the SDK's retry carries the same
    # transactionId, and Graph answers with the event it already made.
    h = harness
    h.graph.lose_next_create_response()
    await schedule(h)
    session = await synced(h)
    assert len(h.graph.creates()) == 2
    [event] = h.graph.live_events()
    assert session.graph_event_id == event.id and session.sync_state == "synced"


async def test_graph_outage_keeps_the_session_pending_tells_the_tutor_and_retries(harness: Harness) -> None:
    h = harness
    await install(h, STUDENT)
    h.graph.go_down(503, retry_after=1)
    said, _ = await schedule(h)
    assert "Создаю встречу Teams" in said.text
    await until(lambda: delivered(h, TUTOR, "Microsoft Graph сейчас недоступен") == 1, "the tutor told", 30)
    session = await h.session()
    assert session.sync_state == "pending" and session.sync_attempts == 1 and session.join_url is None
    assert len(h.graph.creates()) == 4  # the SDK's own three retries, honouring Retry-After
    assert delivered(h, STUDENT, "Новое занятие") == 0  # nobody gets a session without its meeting

    # Still down at the next sweep: retried, still pending, the tutor is not told twice.
    h.clock.advance(dt.timedelta(minutes=5))
    assert await h.worker.sync_due() == 1
    session = await h.session()
    assert session.sync_state == "pending" and session.sync_attempts == 2
    assert await h.worker.sync_due() == 0  # not due again before its next attempt

    h.graph.come_back()
    h.clock.advance(dt.timedelta(minutes=5))
    assert await h.worker.sync_due() == 1
    session = await h.session()
    assert session.sync_state == "synced" and session.join_url
    assert len(h.graph.live_events()) == 1
    assert {r.body["transactionId"] for r in h.graph.creates()} == {session.transaction_id}
    await until(lambda: delivered(h, STUDENT, "Новое занятие") == 1, "the notice after the outage")
    await until(lambda: delivered(h, TUTOR, "Встреча Teams создана") == 1, "the tutor's confirmation")
    assert delivered(h, TUTOR, "Microsoft Graph сейчас недоступен") == 1


async def test_an_outage_past_the_start_gives_up_and_says_so(harness: Harness) -> None:
    h = harness
    await install(h, STUDENT)
    h.graph.go_down(503, retry_after=1)
    await schedule(h)
    await until(lambda: delivered(h, TUTOR, "Microsoft Graph сейчас недоступен") == 1, "the tutor told", 30)
    h.clock.at = CONSULTATION_START_UTC + dt.timedelta(minutes=1)
    creates = len(h.graph.creates())
    assert await h.worker.sync_due() == 1
    session = await h.session()
    assert session.sync_state == "failed" and session.join_url is None
    assert len(h.graph.creates()) == creates  # no meeting is created in the past
    await until(lambda: delivered(h, TUTOR, "не удалось создать до начала занятия") == 1, "the tutor told")
    assert delivered(h, STUDENT, "Новое занятие") == 0


async def test_graph_without_a_teams_link_is_said_plainly(harness: Harness) -> None:
    h = harness
    await install(h, STUDENT)
    h.graph.teams_allowed = False
    await schedule(h)
    session = await synced(h)
    assert session.sync_state == "synced" and session.link_kind == "no_teams" and session.join_url is None
    await until(lambda: delivered(h, TUTOR, "без ссылки Teams") == 1, "the tutor told")
    [word] = to_user(h.connector, TUTOR, "без ссылки Teams")
    assert "не разрешает встречи Teams" in word.text
    await until(lambda: delivered(h, STUDENT, "Новое занятие") == 1, "the notice")
    [notice] = to_user(h.connector, STUDENT, "Новое занятие")
    assert open_urls(notice.cards) == []
    assert "не разрешает встречи Teams" in card_text(notice.cards[0])


async def test_a_4xx_is_explained_and_try_again_works(harness: Harness) -> None:
    h = harness
    await install(h, STUDENT)
    h.graph.fail_next(403)
    await schedule(h)
    session = await synced(h)
    assert session.sync_state == "failed" and session.sync_error_status == 403
    await until(lambda: delivered(h, TUTOR, "HTTP 403") == 1, "the explanation")
    [word] = to_user(h.connector, TUTOR, "HTTP 403")
    assert "Calendars.ReadWrite" in card_text(word.cards[0])
    assert delivered(h, STUDENT, "Новое занятие") == 0
    retried = await h.chat(TUTOR).submit(submit_data(word.cards[0], "sessions.retry"))
    assert "Повторяю" in retried.text
    await until(lambda: delivered(h, STUDENT, "Новое занятие") == 1, "the notice after the retry")
    session = await h.session()
    assert session.sync_state == "synced" and len(h.graph.live_events()) == 1


async def test_moving_and_cancelling_update_graph_and_renotify_every_student(harness: Harness) -> None:
    h = harness
    await install(h, *MGT2101_STUDENTS)
    said, _ = await schedule(h)
    await synced(h)
    await until(lambda: all(delivered(h, u, "Новое занятие") == 1 for u in MGT2101_STUDENTS), "notices")

    moved = await h.chat(TUTOR).submit(submit_data(said.card, "sessions.change")
                                       | {"date": "2026-10-23", "time": "17:30", "duration": "90", "title": ""})
    assert "Изменения сохранены" in moved.text
    await until(lambda: all(delivered(h, u, "перенесено") == 1 for u in MGT2101_STUDENTS), "change notices")
    [patch] = h.graph.calls("PATCH")
    start = dt.datetime.fromisoformat(patch.body["start"]["dateTime"]).replace(tzinfo=dt.UTC)
    end = dt.datetime.fromisoformat(patch.body["end"]["dateTime"]).replace(tzinfo=dt.UTC)
    assert start == dt.datetime(2026, 10, 23, 12, 30, tzinfo=dt.UTC) and end - start == dt.timedelta(minutes=90)
    assert "isOnlineMeeting" not in patch.body and "transactionId" not in patch.body
    session = await h.session()
    assert session.sync_state == "synced" and session.version == 2
    [notice] = to_user(h.connector, STUDENT, "перенесено")
    assert "23 октября 2026, 17:30–19:00" in card_text(notice.cards[0])
    assert open_urls(notice.cards) == [session.join_url]

    cancelled = await h.chat(TUTOR).submit(submit_data(moved.card, "sessions.cancel"))
    assert "отменено" in cancelled.text
    await until(lambda: all(delivered(h, u, "Занятие отменено") == 1 for u in MGT2101_STUDENTS), "cancel notices")
    [cancel] = h.graph.calls("POST", "/cancel")
    assert cancel.path.endswith(f"/events/{session.graph_event_id}/cancel")
    assert h.graph.live_events() == []
    session = await h.session()
    assert session.state == "cancelled" and session.sync_state == "synced"
    assert all(delivered(h, u, "Новое занятие") == 1 for u in MGT2101_STUDENTS)  # nobody heard anything twice
    shown = card_text((await h.chat(STUDENT, "en-US").say("sessions")).card)
    assert "No upcoming" in shown
    assert_every_card_valid(h)


async def test_reminders_fire_once_each_across_a_restart(harness: Harness) -> None:
    h = harness
    await install(h, *MGT2101_STUDENTS)
    await schedule(h)
    await synced(h)
    await until(lambda: all(delivered(h, u, "Новое занятие") == 1 for u in MGT2101_STUDENTS), "notices")
    assert await h.worker.remind_due() == 0  # three days ahead: nothing yet

    h.clock.at = CONSULTATION_START_UTC - dt.timedelta(hours=23)
    assert await h.worker.remind_due() == 3
    assert await h.worker.remind_due() == 0
    await until(lambda: all(delivered(h, u, "завтра занятие") == 1 for u in MGT2101_STUDENTS), "24 h reminders")
    await h.restart()
    assert await h.worker.remind_due() == 0  # a new process finds them done

    h.clock.at = CONSULTATION_START_UTC - dt.timedelta(minutes=50)
    assert await h.worker.remind_due() == 3
    await until(lambda: all(delivered(h, u, "через час") == 1 for u in MGT2101_STUDENTS), "1 h reminders")
    await h.restart()
    assert await h.worker.remind_due() == 0
    await asyncio.sleep(0.3)
    for user in MGT2101_STUDENTS:
        assert delivered(h, user, "завтра занятие") == 1 and delivered(h, user, "через час") == 1
        [reminder] = to_user(h.connector, user, "через час")
        assert open_urls(reminder.cards) and "18:00–19:00" in card_text(reminder.cards[0])


async def test_after_the_session_held_feeds_the_hours_and_attendance_is_counted(
    harness: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    h = harness
    await install(h, STUDENT)
    await schedule(h)
    await schedule(h, date="2026-10-23", kind="webinar")
    await until(lambda: delivered(h, STUDENT, "Новое занятие") == 2, "notices")
    first, second = await all_sessions(h)
    assert h.bot is not None
    assert first.join_url is not None and second.join_url is not None
    h.graph.attendance = {first.join_url: [STUDENT.email or "", STUDENT_NO_AAD.email or "", "guest@example.com"]}

    tutor = h.chat(TUTOR)
    early = await tutor.submit({"action": "sessions.held", "session": first.id, "held": "yes"})
    assert "ещё не закончилось" in early.text

    h.clock.at = CONSULTATION_START_UTC + dt.timedelta(minutes=80)
    assert await h.worker.after_sessions() == 1
    assert await h.worker.after_sessions() == 0
    await until(lambda: delivered(h, TUTOR, "Состоялось ли занятие") == 1, "the question")
    [question] = to_user(h.connector, TUTOR, "Состоялось ли занятие")
    refreshed = await h.session()
    async with h.bot.database.unit_of_work() as uow:
        counted = await uow.sessions.get(first.id)
        assert counted is not None and counted.attendance_count == 2 and counted.attendance_state == "done"
    assert refreshed.id == second.id

    said = await tutor.submit(submit_data(question.cards[0], "sessions.held"))
    assert "1 ч внесены" in said.text and "2 из 3" in said.text
    again = await tutor.submit(submit_data(question.cards[0], "sessions.held"))
    assert "Уже отмечено" in again.text
    async with h.bot.database.unit_of_work() as uow:
        lines = (await uow.db.scalars(select(HoursEntry).where(HoursEntry.session_id == first.id))).all()
        assert [(line.category, str(line.hours), line.date) for line in lines] == [
            ("consultation_rk1", "1.00", dt.date(2026, 10, 22))]
        held = await uow.sessions.get(first.id)
        assert held is not None and held.state == "held" and held.hours_recorded

    # The second session's tutor may not read attendance (403): said once in the log, not per session.
    h.graph.attendance = None
    await schedule(h, date="2026-10-24", time="10:00", kind="webinar")
    await until(lambda: delivered(h, STUDENT, "Новое занятие") == 3, "the third notice")
    h.clock.at = dt.datetime(2026, 10, 24, 12, 0, tzinfo=ALMATY).astimezone(dt.UTC)
    with caplog.at_level(logging.WARNING, logger="tutorbot.sessions"):
        await h.worker.after_sessions()
        await h.worker.after_sessions()
    refused = [r for r in caplog.records if "OnlineMeetingArtifact.Read.All" in r.getMessage()]
    assert len(refused) == 1
    states = [s.attendance_state for s in await all_sessions(h)]
    assert states == ["done", "unavailable", "unavailable"]
    assert_every_card_valid(h)


async def test_zoom_session_carries_the_tutors_link_and_needs_no_graph(harness: Harness) -> None:
    h = harness
    await install(h, STUDENT)
    said, session = await schedule(h, platform="zoom", link="https://zoom.us/j/123456789", kind="webinar",
                                   title="Разбор кейса")
    assert "Zoom" in said.text
    await until(lambda: delivered(h, STUDENT, "Новое занятие") == 1, "the notice")
    [notice] = to_user(h.connector, STUDENT, "Новое занятие")
    assert open_urls(notice.cards) == ["https://zoom.us/j/123456789"]
    assert "Разбор кейса" in card_text(notice.cards[0])
    assert h.graph.requests == []
    assert session.link_kind == "external"


@pytest.mark.parametrize(
    ("change", "named"),
    [
        ({"date": "2026-10-18"}, "«Дата»"),
        ({"date": "22.10.2026"}, "«Дата»"),
        ({"time": "25:00"}, "«Время начала»"),
        ({"duration": "5"}, "«Длительность»"),
        ({"platform": "skype"}, "«Платформа»"),
        ({"platform": "zoom"}, "«Ссылка»"),
        ({"kind": "lecture"}, "«Вид занятия»"),
        ({"course": "FIN2204"}, "«Курс»"),
        ({"title": "x" * 201}, "«Тема»"),
    ],
)
async def test_bad_values_are_named_and_nothing_is_stored(harness: Harness, change: dict[str, str],
                                                          named: str) -> None:
    tutor = harness.chat(TUTOR)
    data = submit_data((await tutor.say("schedule")).card, "sessions.schedule") | CONSULTATION | change
    said = await tutor.submit(data)
    assert named in said.text
    assert await all_sessions(harness) == []
    assert harness.graph.requests == []


async def test_students_cannot_schedule_nor_touch_sessions(harness: Harness) -> None:
    h = harness
    refused = await h.chat(STUDENT, "en-US").say("schedule")
    assert "not available" in refused.text
    submitted = await h.chat(STUDENT, "en-US").submit({"action": "sessions.schedule"} | CONSULTATION)
    assert "not available" in submitted.text
    await schedule(h)
    session = await h.session()
    touched = await h.chat(STUDENT, "en-US").submit({"action": "sessions.cancel", "session": session.id})
    assert "not available" in touched.text
    assert (await h.session()).state == "scheduled"


async def test_deans_see_the_plan_of_their_school_read_only(harness: Harness) -> None:
    await schedule(harness)
    said = await harness.chat(DEAN, "en-US").say("sessions")
    shown = card_text(said.card)
    assert "MGT2101" in shown and "FIN2204" in shown
    assert "Consultation before RK1" in shown and "scheduled for 22 October 2026" in shown
    assert "sessions.open" not in str(said.card) and "schedule MGT2101" not in str(said.card)


async def test_local_backend_gives_a_clearly_labelled_local_link(database_url: str, connector: ConnectorStandIn,
                                                                  graph: GraphStandIn) -> None:
    connector.add_member(TUTOR.teams_id, name=TUTOR.name, email=TUTOR.email or "",
                         aad_object_id=TUTOR.aad_object_id)
    connector.add_member(STUDENT.teams_id, name=STUDENT.name, email=STUDENT.email or "",
                         aad_object_id=STUDENT.aad_object_id)
    h = Harness(database_url, connector, graph, FixedClock(MONDAY), backend="local")
    await h.start()
    try:
        await install(h, STUDENT)
        await schedule(h)
        session = await synced(h)
        assert session.link_kind == "local" and session.join_url is not None
        assert session.join_url.startswith("https://local-calendar.invalid/")
        await until(lambda: delivered(h, STUDENT, "Новое занятие") == 1, "the notice")
        [notice] = to_user(h.connector, STUDENT, "Новое занятие")
        shown = card_text(notice.cards[0])
        assert "Локальная ссылка (демо, не Teams)" in shown and "не настоящая встреча Teams" in shown
        await until(lambda: delivered(h, TUTOR, "локальный календарь") == 1, "the tutor told")
        assert graph.requests == []
    finally:
        await h.stop()
        if h.http is not None:
            await h.http.close()
