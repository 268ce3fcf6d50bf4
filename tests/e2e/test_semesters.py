"""Year after year (CONTRACT §4 "Semesters and removal"): offerings per semester, the import as the AIS snapshot,
a removed tutor or student loses the course, open questions change hands, a half-exported file wipes nothing."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from storage import Database, UnitOfWork
from storage.integration_map import course_facts
from storage.models import Course, Enrollment, Person, TutorAssignment
from storage.outbox import OutboxMessage
from tests.conftest import STUDENT, STUDENT_NO_AAD, TUTOR, RunningBot
from tests.support import teams
from tests.support.cards import nodes, submit_data
from tests.support.chat import Chat
from tests.support.roster import copy_demo, counts, imported, refused, run_import, write
from tutoring.clock import ALMATY, Clock, FixedClock
from tutoring.integration_map import default_content
from tutoring.norms import Category, SessionKind
from tutoring.regulation_calendar import ControlKind
from tutoring.weekly import IsoWeek

NEW_TUTOR = teams.TeamsUser("29:tutor-dmitry", "Дмитрий Ковалёв", "0a1d0000-0000-4000-8000-000000000003",
                            "d.kovalev@demo.almau.edu.kz")
SPRING = "MGT2101,Основы менеджмента,SOM,2027-spring,ru,2027-01-18,2027-03-06,2027-04-17,2027-05-08,\n"


@pytest.fixture
def bot_clock() -> Clock | None:
    return FixedClock(dt.datetime(2026, 11, 16, 10, 0, tzinfo=ALMATY))  # a Monday of the demo's fall term


async def offerings(database: Database) -> list[tuple[str, str, dt.date]]:
    async with database.unit_of_work() as uow:
        rows = await uow.db.execute(select(Course.code, Course.semester, Course.rk1_date).order_by(
            Course.code, Course.semester))
        return [(c, s, d) for c, s, d in rows.all()]


async def test_next_term_is_another_offering_and_leaves_this_one_alone(
    database_url: str, database: Database, roster: Path
) -> None:
    before = await offerings(database)
    write(roster, "courses.csv", "code,name,school,semester,language,start_date,rk1_date,rk2_date,exam_date,"
                                 "mooc_url\n" + SPRING)
    write(roster, "enrollments.csv", "course,student_email\nMGT2101,e.zhumabayev@demo.almau.edu.kz\n")
    write(roster, "tutors.csv", "course,tutor_email\nMGT2101,d.kovalev@demo.almau.edu.kz\n")
    imported(database_url, roster)
    after = await offerings(database)
    assert after == sorted([*before, ("MGT2101", "2027-spring", dt.date(2027, 3, 6))])
    async with database.unit_of_work() as uow:
        # Fall is a semester the files do not name: its enrollments and tutors stay active.
        ended = await uow.db.scalars(select(Enrollment).where(Enrollment.active_to.is_not(None)))
        assert list(ended.all()) == []
        fall = await uow.people.courses_of(await _person(uow, TUTOR.email), dt.date(2026, 11, 16))
        spring = await uow.people.courses_of(await _person(uow, NEW_TUTOR.email), dt.date(2027, 2, 1))
    assert [(c.code, c.semester) for c in fall] == [("MGT2101", "2026-fall")]
    assert [(c.code, c.semester) for c in spring] == [("MGT2101", "2027-spring")]


async def test_semester_is_required_where_courses_csv_names_the_code_twice(
    database_url: str, database: Database, tmp_path: Path
) -> None:
    roster = copy_demo(tmp_path)
    (roster / "courses.csv").write_text((roster / "courses.csv").read_text(encoding="utf-8") + SPRING,
                                        encoding="utf-8")
    lines = refused(database_url, roster).splitlines()
    assert "enrollments.csv:2: semester is required: courses.csv has course 'MGT2101' in 2026-fall, 2027-spring" \
        in lines
    write(roster, "enrollments.csv", "course,student_email,semester\nMGT2101,e.zhumabayev@demo.almau.edu.kz,"
                                     "2027-spring\nFIN2204,m.ospanova@demo.almau.edu.kz,\n")
    write(roster, "tutors.csv", "course,tutor_email,semester\nMGT2101,a.kassymova@demo.almau.edu.kz,2026-fall\n"
                                "MGT2101,d.kovalev@demo.almau.edu.kz,2027-spring\n"
                                "FIN2204,d.kovalev@demo.almau.edu.kz,\n")
    imported(database_url, roster)
    assert (await counts(database))["courses"] == 3


async def test_format_and_reference_problems_come_together(
    database_url: str, database: Database, tmp_path: Path
) -> None:
    roster = copy_demo(tmp_path)
    with (roster / "courses.csv").open("a", encoding="utf-8") as f:
        f.write("BAD1,Плохой курс,SOM,2026-fall,ru,2026-13-01,2026-10-24,2026-12-12,2026-12-26,\n")
    with (roster / "people.csv").open("a", encoding="utf-8") as f:
        f.write("x.new@demo.almau.edu.kz,Новый,student,NOSCHOOL,\n")
    with (roster / "enrollments.csv").open("a", encoding="utf-8") as f:
        f.write("BAD1,e.zhumabayev@demo.almau.edu.kz\nNOPE,e.zhumabayev@demo.almau.edu.kz\n")
    lines = refused(database_url, roster).splitlines()
    assert "courses.csv:4: start_date '2026-13-01' is not a date YYYY-MM-DD" in lines
    assert "people.csv:10: school 'NOSCHOOL' is not in schools.csv nor in the database" in lines
    assert "enrollments.csv:8: course 'NOPE' is not in courses.csv nor in the database" in lines
    # The row of the bad course is reported once, at the course, not again at each reference to it.
    assert not [line for line in lines if line.startswith("enrollments.csv:7:")]
    assert (await counts(database))["people"] == 0


async def test_dry_run_prints_each_change_and_touches_nothing(
    database_url: str, database: Database, roster: Path
) -> None:
    write(roster, "enrollments.csv", "course,student_email\nMGT2101,e.zhumabayev@demo.almau.edu.kz\n"
                                     "MGT2101,a.smirnova@demo.almau.edu.kz\nMGT2101,d.akhmetov@demo.almau.edu.kz\n"
                                     "FIN2204,e.zhumabayev@demo.almau.edu.kz\nMGT2101,m.ospanova@demo.almau.edu.kz\n")
    write(roster, "tutors.csv", "course,tutor_email\nMGT2101,d.kovalev@demo.almau.edu.kz\n"
                                "FIN2204,d.kovalev@demo.almau.edu.kz\n")
    text = (roster / "courses.csv").read_text(encoding="utf-8").replace("2026-10-24,2026-12-12,2026-12-26",
                                                                         "2026-10-31,2026-12-12,2026-12-26")
    write(roster, "courses.csv", text)
    before = await counts(database)
    result = run_import(database_url, roster, "--dry-run")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "add enrollment MGT2101 2026-fall m.ospanova@demo.almau.edu.kz" in lines
    assert "end enrollment FIN2204 2026-fall m.ospanova@demo.almau.edu.kz" in lines
    assert "add tutor MGT2101 2026-fall d.kovalev@demo.almau.edu.kz" in lines
    assert "end tutor MGT2101 2026-fall a.kassymova@demo.almau.edu.kz" in lines
    assert "change course MGT2101 2026-fall: rk1_date 2026-10-24 → 2026-10-31" in lines
    assert await counts(database) == before
    async with database.unit_of_work() as uow:
        assert (await uow.db.scalar(select(Enrollment).where(Enrollment.active_to.is_not(None)))) is None
        assert (await uow.db.scalar(select(Course.rk1_date).where(Course.code == "MGT2101"))) == \
            dt.date(2026, 10, 24)


async def test_a_half_exported_file_changes_nothing_without_yes(
    database_url: str, database: Database, roster: Path
) -> None:
    write(roster, "enrollments.csv", "course,student_email\nMGT2101,e.zhumabayev@demo.almau.edu.kz\n")
    write(roster, "tutors.csv", "course,tutor_email\nMGT2101,a.kassymova@demo.almau.edu.kz\n")
    errors = refused(database_url, roster)
    assert "2026-fall: 4 of 5 enrollments would end" in errors
    assert "2026-fall: 1 of 2 offerings would be left without a tutor" in errors
    async with database.unit_of_work() as uow:
        assert (await uow.db.scalar(select(Enrollment).where(Enrollment.active_to.is_not(None)))) is None
    result = run_import(database_url, roster, "--yes")
    assert result.returncode == 0, result.stderr
    async with database.unit_of_work() as uow:
        ended = (await uow.db.scalars(select(Enrollment).where(Enrollment.active_to.is_not(None)))).all()
        tutors = (await uow.db.scalars(select(TutorAssignment).where(TutorAssignment.active_to.is_(None)))).all()
    assert len(ended) == 4  # kept as history, with the day they ended
    assert len(tutors) == 1


async def test_replaced_tutor_loses_the_course_and_the_new_one_gets_its_open_question(
    bot: RunningBot, tmp_path: Path
) -> None:
    bot.connector.add_member(NEW_TUTOR.teams_id, name=NEW_TUTOR.name, email=NEW_TUTOR.email or "",
                             aad_object_id=NEW_TUTOR.aad_object_id)
    student = Chat(bot, STUDENT_NO_AAD)  # Анна has MGT2101 only: `ask <text>` goes straight to it
    await Chat(bot, NEW_TUTOR).say("help")  # the new tutor has opened the bot: reachable
    await student.say("ask Когда будет консультация перед РК2 по менеджменту?", expect=0)
    old_tutor = Chat(bot, TUTOR)
    assert "MGT2101" in json.dumps((await old_tutor.say("questions", expect=0)).cards, ensure_ascii=False)

    roster = copy_demo(tmp_path)
    write(roster, "tutors.csv", "course,tutor_email\nMGT2101,d.kovalev@demo.almau.edu.kz\n"
                                "FIN2204,d.kovalev@demo.almau.edu.kz\n")
    imported(bot.database.url, roster)

    said = await old_tutor.say("questions", expect=0)
    assert "MGT2101" not in json.dumps(said.cards, ensure_ascii=False) + said.text
    new_list = await Chat(bot, NEW_TUTOR).say("questions", expect=0)
    assert "консультация перед РК2" in json.dumps(new_list.cards, ensure_ascii=False)
    async with bot.database.unit_of_work() as uow:
        rows = (await uow.db.scalars(select(OutboxMessage).where(OutboxMessage.key.like("question:%")))).all()
        anna = await _person(uow, STUDENT_NO_AAD.email)
        new = await _person(uow, NEW_TUTOR.email)
    to_new = [r for r in rows if r.person_id == new.id]
    told = [r for r in rows if r.person_id == anna.id and ":handover:" in r.key]
    assert len(to_new) == 1 and "консультация перед РК2" in to_new[0].activity_json
    assert len(told) == 1 and NEW_TUTOR.name in json.loads(told[0].activity_json)["text"]
    # Importing the same files again hands nothing over twice.
    imported(bot.database.url, roster)
    async with bot.database.unit_of_work() as uow:
        again = (await uow.db.scalars(select(OutboxMessage).where(OutboxMessage.key.like("question:%")))).all()
    assert len(again) == len(rows)


async def test_removed_student_loses_the_course(bot: RunningBot, tmp_path: Path) -> None:
    roster = copy_demo(tmp_path)
    write(roster, "enrollments.csv", "course,student_email\nMGT2101,e.zhumabayev@demo.almau.edu.kz\n"
                                     "MGT2101,d.akhmetov@demo.almau.edu.kz\nFIN2204,e.zhumabayev@demo.almau.edu.kz\n"
                                     "FIN2204,m.ospanova@demo.almau.edu.kz\n")
    imported(bot.database.url, roster)
    said = await Chat(bot, STUDENT_NO_AAD).say("ask Где силлабус?", expect=0)
    assert "MGT2101" not in said.text + json.dumps(said.cards, ensure_ascii=False)
    async with bot.database.unit_of_work() as uow:
        anna = await _person(uow, STUDENT_NO_AAD.email)
        assert await uow.people.courses_of(anna, dt.date(2026, 11, 16)) == []
        erlan = await _person(uow, STUDENT.email)
        assert len(await uow.people.courses_of(erlan, dt.date(2026, 11, 16))) == 2


async def _person(uow: UnitOfWork, email: str | None) -> Person:
    person = await uow.people.by_email(email or "")
    assert person is not None
    return person


async def test_an_approved_map_keeps_its_dates_when_the_ais_moves_the_calendar(
    database_url: str, database: Database, roster: Path
) -> None:
    now = dt.datetime(2026, 9, 20, 6, 0, tzinfo=dt.UTC)
    async with database.unit_of_work() as uow:
        course = (await uow.maps.offerings_of("MGT2101"))[0]
        tutor = await _person(uow, TUTOR.email)
        dean = await _person(uow, "g.saparova@demo.almau.edu.kz")
        map_ = await uow.maps.create(course, default_content(course_facts(course), {}), tutor, now)
        version = await uow.maps.submit(map_, key="semesters:map", person=tutor, now=now)
        await uow.maps.review(map_, version, approve=True, comment=None, person=dean, now=now)
    text = (roster / "courses.csv").read_text(encoding="utf-8").replace("2026-10-24,2026-12-12,2026-12-26",
                                                                         "2026-10-31,2026-12-12,2026-12-26")
    write(roster, "courses.csv", text)
    imported(database_url, roster)
    imported(database_url, roster)  # the same calendar again: nobody is told twice
    async with database.unit_of_work() as uow:
        course = (await uow.maps.offerings_of("MGT2101"))[0]
        document = await uow.maps.document(course)
        rows = (await uow.db.scalars(select(OutboxMessage).where(OutboxMessage.key.like("map:%calendar%")))).all()
    assert course.rk1_date == dt.date(2026, 10, 31)
    assert document is not None and document.facts.rk1_date == dt.date(2026, 10, 24)
    assert dt.date(2026, 10, 24) in [c.date for c in document.content.controls]
    assert dt.date(2026, 10, 31) not in [c.date for c in document.content.controls]
    assert sorted(r.person_id or 0 for r in rows) == sorted([tutor.id, dean.id])
    assert "31.10.2026" in json.loads(rows[0].activity_json)["text"]


async def _last_spring(bot: RunningBot) -> Course:
    """MGT2101 in 2026-spring, an earlier offering: Айгерим tutored it, logged hours and approved a map there."""
    now = dt.datetime(2026, 4, 1, 6, 0, tzinfo=dt.UTC)
    async with bot.database.unit_of_work() as uow:
        fall = (await uow.maps.offerings_of("MGT2101"))[0]
        tutor = await _person(uow, TUTOR.email)
        dean = await _person(uow, "g.saparova@demo.almau.edu.kz")
        spring = Course(code="MGT2101", name=fall.name, school_id=fall.school_id, semester="2026-spring",
                        language="ru", start_date=dt.date(2026, 1, 19), rk1_date=dt.date(2026, 3, 7),
                        rk2_date=dt.date(2026, 4, 18), exam_date=dt.date(2026, 5, 9))
        uow.db.add(spring)
        await uow.db.flush()
        uow.db.add(TutorAssignment(course_id=spring.id, tutor_id=tutor.id))
        await uow.hours.add(key="spring-hours", tutor_id=tutor.id, course_id=spring.id, category=Category.SESSIONS,
                            hours=Decimal(5), date=dt.date(2026, 3, 2), entered_by_id=tutor.id, now=now)
        content = default_content(course_facts(spring), {})
        weeks = tuple(replace(w, topic="Весенняя тема 1") if w.week == 1 else w for w in content.weeks)
        map_ = await uow.maps.create(spring, replace(content, weeks=weeks), tutor, now)
        version = await uow.maps.submit(map_, key="spring:map", person=tutor, now=now)
        await uow.maps.review(map_, version, approve=True, comment=None, person=dean, now=now)
        return spring


async def test_summary_and_progress_count_only_the_current_term(bot: RunningBot) -> None:
    spring = await _last_spring(bot)
    week = IsoWeek.of(dt.date(2026, 11, 16))
    async with bot.database.unit_of_work() as uow:
        school_id = (await _person(uow, TUTOR.email)).school_id or 0
        rows = await uow.summary.rows(school_id, week, dt.datetime(2026, 11, 16, 5, 0, tzinfo=dt.UTC))
        past = await uow.summary.rows(school_id, week, dt.datetime(2026, 11, 16, 5, 0, tzinfo=dt.UTC),
                                      "2026-spring")
    assert sorted(r.progress.item.semester for r in rows) == ["2026-fall", "2026-fall"]
    assert [(r.progress.item.course_id, r.progress.delivered_total) for r in past] == [(spring.id, Decimal(5))]
    tutor = Chat(bot, TUTOR)
    now_card = json.dumps((await tutor.say("report")).card, ensure_ascii=False)
    assert "2026-spring" not in now_card and "MGT2101" in now_card
    then_card = json.dumps((await tutor.say("report 2026-spring")).card, ensure_ascii=False)
    assert "2026-spring" in then_card
    unknown = await tutor.say("report 1999-fall")
    assert "1999-fall" in unknown.text and "2026-fall" in unknown.text


async def test_a_new_term_map_starts_from_last_terms(bot: RunningBot) -> None:
    await _last_spring(bot)
    tutor = Chat(bot, TUTOR)
    overview = (await tutor.say("map MGT2101")).card
    said = await tutor.submit(submit_data(overview, "integration_map.copy"))
    assert "2026-spring" in said.text + json.dumps(said.cards, ensure_ascii=False)
    async with bot.database.unit_of_work() as uow:
        fall = next(c for c in await uow.maps.offerings_of("MGT2101") if c.semester == "2026-fall")
        map_ = await uow.maps.of_course(fall.id)
        assert map_ is not None
        content = uow.maps.content(map_, fall)
    assert content.week(1).topic == "Весенняя тема 1"
    assert content.course.semester == "2026-fall"
    assert content.control(ControlKind.RK1).date == fall.rk1_date
    consultation = content.control(SessionKind.CONSULTATION_RK1).date
    assert consultation is not None and fall.start_date <= consultation < fall.rk1_date
    # Once there is a map of its own, the button is gone.
    again = (await tutor.say("map MGT2101")).card
    assert not [n for n in nodes(again) if isinstance(n.get("data"), dict)
                and n["data"].get("action") == "integration_map.copy"]
