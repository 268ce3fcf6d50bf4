"""Syllabus deadlines (Regulation 7.3, CONTRACT §9): `assignments.csv` with the roster and `import-submissions`, all
or nothing; a student's `deadlines` and one reminder 48 h before, none after submission or `deadlines off`; the
tutor's Remind sent once; the dean sees who is behind and the reviews waiting; Moodle synced into a local copy."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.adapter import build_adapter
from bot.deadlines_import import import_submissions
from bot.moodle import MoodleClient
from bot.moodle_sync import sync
from bot.outbox import Deliverer
from bot.roster_import import import_roster
from bot.services import Services
from bot.weekly_summary import send_weekly_summaries
from cards.formats import fmt_when
from cards.i18n import text
from dialogs import deadlines
from storage.deadlines import Assignment, AssignmentSubmission
from storage.outbox import OutboxMessage
from tests.conftest import DEAN, STUDENT, STUDENT_NO_AAD, TUTOR, RunningBot
from tests.support.cards import nodes, submit_data, text_and_facts
from tests.support.chat import Chat
from tests.support.moodle import TOKEN, MoodleStandIn
from tutoring.clock import ALMATY, Clock, FixedClock
from tutoring.proctoring import parse_record
from tutoring.weekly import IsoWeek

NOW = dt.datetime(2026, 11, 25, 10, 0, tzinfo=ALMATY)  # Wednesday of the demo semester
REPO = Path(__file__).resolve().parents[2]
ASSIGNMENTS = """course,semester,key,title,due,cutoff,week
MGT2101,2026-fall,essay1,Эссе 1,2026-11-26 18:00,,12
MGT2101,2026-fall,501,Кейс 2,2026-11-20,2026-11-30 23:59,11
MGT2101,2026-fall,project,Проект,2026-12-20 18:00,,16
FIN2204,2026-fall,fin1,Баланс,2026-11-26 12:00,,12
"""
ANNA, DANIYAR, MADINA = STUDENT_NO_AAD.email or "", "d.akhmetov@demo.almau.edu.kz", "m.ospanova@demo.almau.edu.kz"


@pytest.fixture
def bot_clock() -> Clock | None:
    return FixedClock(NOW)


async def load(bot: RunningBot, tmp_path: Path, assignments: str = ASSIGNMENTS) -> list[str]:
    folder = tmp_path / "syllabus"
    folder.mkdir(exist_ok=True)
    (folder / "assignments.csv").write_text(assignments, encoding="utf-8")
    result = await import_roster(bot.database, folder, today=NOW.date())
    return [str(p) for p in result.problems]


async def hand_in(bot: RunningBot, tmp_path: Path, rows: str) -> list[str]:
    path = tmp_path / "export.csv"
    path.write_text("course,semester,key,student_email,submitted_at\n" + rows, encoding="utf-8")
    return [str(p) for p in (await import_submissions(bot.database, path)).problems]


async def messages(bot: RunningBot, pattern: str = "deadline:%") -> list[OutboxMessage]:
    async with bot.database.unit_of_work() as uow:
        return list((await uow.db.scalars(select(OutboxMessage).where(OutboxMessage.key.like(pattern))
                                          .order_by(OutboxMessage.key))).all())


async def stored(bot: RunningBot) -> tuple[list[Assignment], list[AssignmentSubmission]]:
    async with bot.database.unit_of_work() as uow:
        return (list((await uow.db.scalars(select(Assignment).order_by(Assignment.key))).all()),
                list((await uow.db.scalars(select(AssignmentSubmission))).all()))


async def sweep(bot: RunningBot, at: dt.datetime = NOW) -> int:
    async with bot.database.unit_of_work() as uow:
        return await deadlines.sweep(uow, at.astimezone(dt.UTC))


async def person_id(bot: RunningBot, email: str | None) -> int:
    async with bot.database.unit_of_work() as uow:
        person = await uow.people.by_email(email or "")
        assert person is not None
        return person.id


# --- files -----------------------------------------------------------------------------------------------------------
async def test_a_bad_assignments_row_is_named_and_nothing_is_imported(bot: RunningBot, tmp_path: Path) -> None:
    problems = await load(bot, tmp_path, ASSIGNMENTS + "MGT2101,2026-fall,quiz,Тест,26.11.2026,,\n"
                                                      "XYZ999,2026-fall,quiz,Тест,2026-11-26,,\n"
                                                      "MGT2101,2026-fall,late,Поздно,2026-11-26,2026-11-25,60\n")
    assert problems == [
        "assignments.csv:6: due '26.11.2026' is not a date-time YYYY-MM-DD HH:MM or a date YYYY-MM-DD",
        "assignments.csv:7: course 'XYZ999' in semester '2026-fall' is not in courses.csv nor in the database",
        "assignments.csv:8: cutoff is before due",
        "assignments.csv:8: week '60' is not a number from 1 to 53",
    ]
    assert await stored(bot) == ([], [])
    assert await load(bot, tmp_path) == []
    assignments, _ = await stored(bot)
    assert [(a.key, a.due.astimezone(ALMATY).strftime("%d.%m %H:%M")) for a in assignments] == [
        ("501", "20.11 23:59"), ("essay1", "26.11 18:00"), ("fin1", "26.11 12:00"), ("project", "20.12 18:00")]
    assert await load(bot, tmp_path) == []  # twice: the same four
    assert len((await stored(bot))[0]) == 4


async def test_a_bad_moodle_course_id_is_named_with_the_syllabus_rows(bot: RunningBot, tmp_path: Path) -> None:
    folder = moodle_course(tmp_path)
    courses = (folder / "courses.csv").read_text(encoding="utf-8").replace(",7\n", ",seven\n")
    (folder / "courses.csv").write_text(courses, encoding="utf-8")
    (folder / "assignments.csv").write_text(ASSIGNMENTS + "MGT2101,2026-fall,x,,2026-11-26,,\n", encoding="utf-8")
    result = await import_roster(bot.database, folder, today=NOW.date())
    assert [str(p) for p in result.problems] == [
        "assignments.csv:6: title is empty",
        "courses.csv:2: moodle_course_id 'seven' is not a Moodle course id (a positive whole number)",
    ]
    assert await stored(bot) == ([], [])
    (folder / "courses.csv").write_text(courses.replace(",seven", ",7"), encoding="utf-8")
    (folder / "assignments.csv").write_text(ASSIGNMENTS, encoding="utf-8")
    dry = await import_roster(bot.database, folder, today=NOW.date(), dry_run=True)
    assert "add assignment MGT2101 2026-fall essay1" in [str(c) for c in dry.changes]
    assert await stored(bot) == ([], [])


async def test_import_submissions_refuses_a_bad_row_and_changes_nothing(bot: RunningBot, tmp_path: Path) -> None:
    assert await load(bot, tmp_path) == []
    path = tmp_path / "export.csv"
    path.write_text("course,semester,key,student_email,submitted_at\n"
                    f"MGT2101,2026-fall,essay1,{ANNA},2026-11-24 21:15\n"
                    f"MGT2101,2026-fall,essay9,{ANNA},2026-11-24 21:15\n"
                    f"MGT2101,2026-fall,essay1,{MADINA},2026-11-24T21:15:00+05:00\n"
                    f"MGT2101,2026-fall,essay1,{ANNA},yesterday\n", encoding="utf-8")
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "import-submissions", str(path), cwd=REPO,
        env={**os.environ, "DATABASE_URL": bot.settings.database_url, "TUTORBOT_DEMO_ROSTER": "0"},
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    out, err = await asyncio.wait_for(process.communicate(), 120)
    assert process.returncode == 1, out.decode()
    assert [line for line in err.decode().splitlines() if line.startswith("export.csv:")] == [
        "export.csv:3: key 'essay9' is not an assignment of MGT2101 2026-fall",
        f"export.csv:4: student_email '{MADINA}' is not enrolled in MGT2101 2026-fall",
        "export.csv:5: submitted_at 'yesterday' is not YYYY-MM-DD HH:MM nor ISO 8601 with a time",
    ]
    assert (await stored(bot))[1] == []
    assert await hand_in(bot, tmp_path, f"MGT2101,2026-fall,essay1,{ANNA.upper()},2026-11-24 21:15\n") == []
    [row] = (await stored(bot))[1]
    assert row.submitted_at == dt.datetime(2026, 11, 24, 21, 15, tzinfo=ALMATY)


# --- students ----------------------------------------------------------------------------------------------------------
async def test_a_student_sees_upcoming_and_missed_work_with_its_status(bot: RunningBot, tmp_path: Path) -> None:
    assert await load(bot, tmp_path) == []
    assert await hand_in(bot, tmp_path, f"FIN2204,2026-fall,fin1,{STUDENT.email},2026-11-24 10:00\n") == []
    card = (await Chat(bot, STUDENT, locale="en-US").say("deadlines")).card
    seen = text_and_facts(card)
    assert text("en", "deadlines.student.upcoming") in seen and text("en", "deadlines.student.past") in seen
    cutoff = fmt_when(dt.datetime(2026, 11, 30, 23, 59, tzinfo=ALMATY), "en")
    due = fmt_when(dt.datetime(2026, 11, 20, 23, 59, tzinfo=ALMATY), "en")
    line = text("en", "deadlines.student.line", course="MGT2101", title="Кейс 2", due=due)
    assert f"{line}: {text('en', 'deadlines.status.overdue', cutoff=cutoff)}" in seen
    assert text("en", "deadlines.status.submitted") in seen  # fin1, handed in on time
    assert seen.count(text("en", "deadlines.status.upcoming")) == 2  # essay1, project
    assert text("en", "deadlines.student.on_note") in seen


async def test_one_reminder_48_hours_before_none_after_submission_none_after_off(
        bot: RunningBot, tmp_path: Path) -> None:
    assert await load(bot, tmp_path) == []
    assert await hand_in(bot, tmp_path, f"MGT2101,2026-fall,essay1,{ANNA},2026-11-24 21:15\n") == []
    erlan = Chat(bot, STUDENT)
    assert (await erlan.say("deadlines off")).text == text("ru", "deadlines.off")
    assert (await erlan.say("deadlines off")).text == text("ru", "deadlines.already_off")
    assert text("ru", "deadlines.student.off_note") in text_and_facts((await erlan.say("deadlines")).card)

    early = NOW - dt.timedelta(days=1)  # essay1 and fin1 are more than 48 h away yet
    assert await sweep(bot, early) == 0
    assert (await sweep(bot), await sweep(bot)) == (2, 0)
    daniyar, madina = await person_id(bot, DANIYAR), await person_id(bot, MADINA)
    sent = await messages(bot)
    assert [m.key.split(":")[2:] for m in sent] == sorted([[str(daniyar), "auto"], [str(madina), "auto"]])
    # Анна handed in, Ерлан said off; turning them back on does not catch up a window already open.
    assert (await erlan.say("deadlines on")).text == text("ru", "deadlines.on")
    assert await sweep(bot, NOW + dt.timedelta(hours=2)) == 0
    assert len(await messages(bot)) == 2


async def test_deadlines_are_for_the_personal_chat_and_off_is_for_students(bot: RunningBot) -> None:
    in_channel = await Chat(bot, TUTOR, channel=True).say("deadlines")
    assert in_channel.text == text("ru", "deadlines.error.channel") and in_channel.cards == []
    assert (await Chat(bot, TUTOR).say("deadlines off")).text == text("ru", "deadlines.students_only")
    assert (await Chat(bot, STUDENT).say("deadlines soon")).text == text("ru", "deadlines.usage")
    assert (await Chat(bot, STUDENT).say("сроки")).text == text("ru", "deadlines.student.none")
    async with bot.database.unit_of_work() as uow:
        assert await uow.deadlines.preferences() == {}


# --- tutors -------------------------------------------------------------------------------------------------------------
async def test_a_tutors_remind_is_sent_once_and_remind_all_reaches_the_rest(bot: RunningBot, tmp_path: Path) -> None:
    assert await load(bot, tmp_path) == []
    assert await hand_in(bot, tmp_path, f"MGT2101,2026-fall,essay1,{ANNA},2026-11-24 21:15\n") == []
    await Chat(bot, STUDENT).say("deadlines")  # Ерлан has talked to the bot: it can write to him
    tutor = Chat(bot, TUTOR)
    [card] = (await tutor.say("deadlines")).cards  # MGT2101 only: Айгерим's one course
    names = [n["text"] for n in nodes(card) if n.get("type") == "TextBlock" and n.get("weight") == "Bolder"]
    assert names[1:] == ["Анна Смирнова", "Данияр Ахметов", "Ерлан Жумабаев"]  # Кейс 2 overdue for all three
    erlan = await person_id(bot, STUDENT.email)
    button = next(n["data"] for n in nodes(card) if n.get("type") == "Action.Submit"
                  and n["data"].get("student") == erlan)
    said = await tutor.submit(button, expect=2)
    assert said.text == text("ru", "deadlines.reminded", sent=2)  # Кейс 2 and Эссе 1
    assert text("ru", "deadlines.tutor.reminded") in text_and_facts(said.card)
    again = await tutor.submit(button, expect=2)
    assert again.text == text("ru", "deadlines.reminded_already")
    assert len(await messages(bot)) == 2

    everyone = submit_data(card, "deadlines.remind_all")
    said = await tutor.submit(everyone, expect=2)
    # Анна: Кейс 2; Данияр: Кейс 2 and Эссе 1. Neither has ever opened the bot: the tutor is told.
    assert said.text == " ".join((text("ru", "deadlines.reminded", sent=3),
                                  text("ru", "deadlines.unreachable", count=2)))
    assert (await tutor.submit(everyone, expect=2)).text == text("ru", "deadlines.reminded_already")
    assert len(await messages(bot, "deadline:%:tutor")) == 5
    reminder = (await messages(bot, f"deadline:%:{erlan}:tutor"))[0]
    assert "Айгерим Касымова" in reminder.activity_json

    report = (await tutor.say("report", expect=2)).cards
    assert text("ru", "deadlines.report.line", course="MGT2101", count=3) in text_and_facts(report[-1])


async def test_the_dean_sees_students_behind_and_reviews_waiting(bot: RunningBot, tmp_path: Path) -> None:
    assert await load(bot, tmp_path) == []
    record, _ = parse_record({
        "session_id": "rk-1", "student_email": MADINA, "course": "FIN2204", "semester": "2026-fall", "exam": "rk1",
        "started_at": "2026-10-24T10:00:00+05:00", "score": 80, "violations": [],
        "video_url": "https://proctor.example.kz/rk-1"})
    assert record is not None
    async with bot.database.unit_of_work() as uow:
        fin = await uow.proctoring.offering("FIN2204", "2026-fall")
        madina = await uow.people.by_email(MADINA)
        assert fin is not None and madina is not None
        await uow.proctoring.receive(record, course=fin, student=madina, now=NOW - dt.timedelta(days=4, hours=1))
    seen = text_and_facts((await Chat(bot, DEAN).say("report")).card)
    assert text("ru", "deadlines.summary.title") in seen
    assert "MGT2101: " + text("ru", "deadlines.summary.behind", count=3) in seen
    assert "FIN2204: " + text("ru", "deadlines.summary.reviews", count=1, days=4) in seen


async def test_the_weekly_summary_counts_students_behind_per_course(bot: RunningBot, tmp_path: Path) -> None:
    assert await load(bot, tmp_path) == []
    await Chat(bot, DEAN, channel=True).say("subscribe")  # the channel of the dean's school
    adapter, _ = build_adapter(bot.settings)
    services = Services(bot.settings, bot.database, Deliverer(bot.database, adapter, ""), FixedClock(NOW))
    try:
        assert (await send_weekly_summaries(services, week=IsoWeek.of(NOW.date()).previous())).posted == 1
    finally:
        await adapter.close()
    [post] = await messages(bot, "summary:%")
    assert text("ru", "deadlines.summary.title") in post.activity_json
    assert "MGT2101: " + text("ru", "deadlines.summary.behind", count=3) in post.activity_json


# --- Moodle -------------------------------------------------------------------------------------------------------------
def moodle_course(tmp_path: Path) -> Path:
    """The demo's courses.csv with MGT2101's Moodle id."""
    folder = tmp_path / "moodle-roster"
    folder.mkdir()
    source = (REPO / "bot" / "demo_roster" / "courses.csv").read_text(encoding="utf-8").splitlines()
    rows = [source[0] + ",moodle_course_id"] + [r + (",7" if r.startswith("MGT2101") else ",") for r in source[1:]]
    (folder / "courses.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return folder


async def test_moodle_sync_keeps_a_local_copy_and_retries_after_errors(bot: RunningBot, tmp_path: Path) -> None:
    assert await load(bot, tmp_path) == []
    assert (await import_roster(bot.database, moodle_course(tmp_path), today=NOW.date())).problems == []
    utc = dt.UTC
    async with MoodleStandIn() as moodle:
        moodle.add_assignment(7, assign_id=31, cmid=501, name="Кейс 2 (Moodle)",
                              due=dt.datetime(2026, 11, 27, 13, 0, tzinfo=utc),
                              cutoff=dt.datetime(2026, 12, 1, 13, 0, tzinfo=utc))
        moodle.add_assignment(7, assign_id=32, cmid=502, name="Тест 3", due=dt.datetime(2026, 12, 2, 13, tzinfo=utc))
        moodle.add_participant(31, user_id=4, email=(STUDENT.email or "").upper(), status="submitted",
                               submitted_at=dt.datetime(2026, 11, 24, 8, 0, tzinfo=utc))
        moodle.add_participant(31, user_id=5, email=ANNA, status="new",
                               extension=dt.datetime(2026, 11, 29, 13, 0, tzinfo=utc))
        moodle.add_participant(32, user_id=99, email="someone@elsewhere.kz", status="submitted",
                               submitted_at=dt.datetime(2026, 11, 24, 8, 0, tzinfo=utc))
        clock = FixedClock(NOW)
        async with MoodleClient(moodle.url, TOKEN, backoff=0.01, retries=1) as client:
            moodle.raise_next("invalidparameter")
            failed = await sync(bot.database, client, clock)
            assert failed.failed and failed.courses == 0
            assert [a.key for a in (await stored(bot))[0]] == ["501", "essay1", "fin1", "project"]
            moodle.fail_next(2)  # 503 twice: one retry is not enough for the first call
            assert (await sync(bot.database, client, clock)).failed
            moodle.fail_next(1)  # 503 once: the retry gets through
            run = await sync(bot.database, client, clock)
            assert (run.failed, run.courses, run.assignments, run.submissions) == ([], 1, 2, 2)
            assert (await sync(bot.database, client, clock)).assignments == 0  # nothing new: nothing changes
    assignments, submissions = await stored(bot)
    case2 = next(a for a in assignments if a.key == "501")
    assert (case2.title, case2.due, case2.source) == ("Кейс 2 (Moodle)", dt.datetime(2026, 11, 27, 13, tzinfo=utc),
                                                      "moodle")
    assert {(s.student_id, s.submitted_at is not None, s.extension_due) for s in submissions} == {
        (await person_id(bot, STUDENT.email), True, None),
        (await person_id(bot, ANNA), False, dt.datetime(2026, 11, 29, 13, tzinfo=utc))}
    assert await load(bot, tmp_path) == []  # the syllabus again: Moodle's dates stay
    assert next(a for a in (await stored(bot))[0] if a.key == "501").due == dt.datetime(2026, 11, 27, 13, tzinfo=utc)
    assert await messages(bot, "%") == []  # nothing of Moodle's trouble went to any chat
    # Анна's extension is her deadline: her reminder comes 48 h before it, when Кейс 2 is already past for others.
    assert await sweep(bot, dt.datetime(2026, 11, 28, 10, 0, tzinfo=ALMATY)) == 1
    [reminder] = await messages(bot)
    assert reminder.key.endswith(f":{await person_id(bot, ANNA)}:auto")
    assert fmt_when(dt.datetime(2026, 11, 29, 13, tzinfo=utc), "ru") in reminder.activity_json
