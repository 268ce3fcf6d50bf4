"""Migrations keep what is stored: a database filled by the previous schema upgrades without losing a row."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from alembic import command
from sqlalchemy import Connection, Row, text

from storage import Database
from storage.models import Course
from tests.support.migrations import alembic_config, in_one_transaction
from tutoring.integration_map import content_from_json
from tutoring.regulation_calendar import ControlKind

BEFORE_OFFERINGS = ("0003", "0004", "0005", "0006", "0007")  # the heads before courses became offerings
TABLES = ("schools", "people", "courses", "enrollments", "tutor_assignments", "questions", "question_answers",
          "hours_norms", "hours_entries")

FILL = [
    "INSERT INTO schools (id, code, name, dean_email) VALUES (1, 'SB', 'School of Business', 'dean@x.kz')",
    "INSERT INTO people (id, email, name, role, school_id) VALUES (1, 'dean@x.kz', 'Dean', 'dean', 1),"
    " (2, 'tutor@x.kz', 'Tutor', 'tutor', 1), (3, 'st@x.kz', 'Student', 'student', 1)",
    "INSERT INTO courses (id, code, name, school_id, semester, language, start_date, rk1_date, rk2_date, exam_date)"
    " VALUES (1, 'MGT101', 'Management', 1, '2026-fall', 'ru', '2026-09-01', '2026-10-20', '2026-11-24',"
    " '2026-12-22'), (2, 'FIN200', 'Finance', 1, '2026-fall', 'en', '2026-09-01', '2026-10-20', '2026-11-24',"
    " '2026-12-22')",
    "INSERT INTO enrollments (course_id, student_id) VALUES (1, 3), (2, 3)",
    "INSERT INTO tutor_assignments (id, course_id, tutor_id, approved_by, council_decision)"
    " VALUES (1, 1, 2, 'Dean', '№ 4 of 2026-08-28')",
    "INSERT INTO questions (id, course_id, student_id, anonymous, text, state, key, asked_at)"
    " VALUES (1, 1, 3, false, 'When is RK1?', 'answered', 'q1', '2026-09-10 05:00:00+00:00')",
    "INSERT INTO question_answers (id, question_id, tutor_id, text, key, answered_at)"
    " VALUES (1, 1, 2, 'On 20 October', 'a1', '2026-09-10 06:00:00+00:00')",
    "INSERT INTO hours_norms (id, semester, category, hours, set_by, set_at)"
    " VALUES (1, '2026-fall', 'intro', 1, 'admin@x.kz', '2026-08-01 00:00:00+00:00')",
    "INSERT INTO hours_entries (id, tutor_id, course_id, category, hours, date, source, entered_by_id, created_at,"
    " idempotency_key) VALUES (1, 2, 1, 'intro', 1.5, '2026-09-02', 'card', 2, '2026-09-02 10:00:00+00:00', 'h1')",
]


def _filled_before_offerings(connection: Connection) -> tuple[dict[str, int], list[Row[Any]]]:
    for head in BEFORE_OFFERINGS:
        command.upgrade(alembic_config(connection), head)
    for statement in FILL:
        connection.execute(text(statement))
    counts = {t: connection.execute(text(f"SELECT count(*) FROM {t}")).scalar_one() for t in TABLES}
    return counts, list(connection.execute(text("SELECT * FROM courses ORDER BY id")).all())


async def test_previous_schema_upgrades_keeping_every_row(database_url: str) -> None:
    before, rows_before = await in_one_transaction(database_url, _filled_before_offerings)

    database = Database(database_url)
    try:
        await database.migrate()
        async with database.unit_of_work() as uow:
            session = uow.db
            after = {t: (await session.execute(text(f"SELECT count(*) FROM {t}"))).scalar_one() for t in TABLES}
            rows_after = (await session.execute(text(
                "SELECT id, code, name, school_id, semester, language, start_date, rk1_date, rk2_date, exam_date,"
                " mooc_url FROM courses ORDER BY id"))).all()
            ended = (await session.execute(text("SELECT count(*) FROM enrollments WHERE active_to IS NOT NULL")))
            assert ended.scalar_one() == 0
            # The same code in another semester is now another offering, beside the first.
            session.add(Course(id=3, code="MGT101", name="Management", school_id=1, semester="2027-spring",
                               language="ru", start_date=_d("2027-01-18"), rk1_date=_d("2027-03-01"), rk2_date=_d("2027-04-12"), exam_date=_d("2027-05-10")))
        async with database.unit_of_work() as uow:
            offerings = (await uow.db.execute(text("SELECT semester FROM courses WHERE code = 'MGT101'"
                                                        " ORDER BY semester"))).scalars().all()
            if database.dialect == "sqlite":
                assert (await uow.db.execute(text("PRAGMA foreign_keys"))).scalar_one() == 1
    finally:
        await database.close()
    assert after == before
    assert [tuple(str(v) for v in r) for r in rows_after] == [tuple(str(v) for v in r) for r in rows_before]
    assert list(offerings) == ["2026-fall", "2027-spring"]


def _d(value: str) -> dt.date:
    return dt.date.fromisoformat(value)


MAP_BEFORE = {"course": {}, "model": None, "moocs": [], "weeks": [],
              "controls": [{"kind": "rk2", "date": "2026-11-24", "assessment": "Кейс"},
                           {"kind": "final", "date": "2026-12-22", "assessment": "Экзамен \"final\""}]}


def _map_stored_before_exam(connection: Connection) -> None:
    stored = json.dumps(MAP_BEFORE, ensure_ascii=False, sort_keys=True)
    command.upgrade(alembic_config(connection), "0012")
    for statement in FILL[:3]:
        connection.execute(text(statement))
    connection.execute(text("INSERT INTO integration_maps (id, course_id, draft_json, state, latest_version,"
                            " created_at, updated_at) VALUES (1, 1, :j, 'submitted', 1, :t, :t)"),
                       {"j": stored, "t": dt.datetime(2026, 9, 5, tzinfo=dt.UTC)})
    connection.execute(text("INSERT INTO integration_map_versions (id, map_id, number, content_json, state,"
                            " submission_key, submitted_by_id, submitted_at) VALUES"
                            " (1, 1, 1, :j, 'submitted', 'k1', 2, :t)"),
                       {"j": stored, "t": dt.datetime(2026, 9, 5, tzinfo=dt.UTC)})


async def test_stored_maps_name_the_exam_as_the_regulation_does(database_url: str) -> None:
    """0013m: the map's own "final" control row becomes the regulation's "exam", in drafts and versions alike;
    a person's text that says "final" stays as it was."""
    await in_one_transaction(database_url, _map_stored_before_exam)

    database = Database(database_url)
    try:
        await database.migrate()
        async with database.unit_of_work() as uow:
            for column, table in (("draft_json", "integration_maps"), ("content_json", "integration_map_versions")):
                after = json.loads((await uow.db.execute(text(f"SELECT {column} FROM {table}"))).scalar_one())
                assert [(r["kind"], r["assessment"]) for r in after["controls"]] == [
                    ("rk2", "Кейс"), ("exam", "Экзамен \"final\"")]
            content = content_from_json((await uow.db.execute(
                text("SELECT content_json FROM integration_map_versions"))).scalar_one())
            assert content.control(ControlKind.EXAM).assessment == "Экзамен \"final\""
    finally:
        await database.close()
