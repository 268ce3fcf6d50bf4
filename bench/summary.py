"""The dean's weekly summary on a synthetic university: how long all schools take, and how many SQL statements.

    .venv/bin/python bench/summary.py                 # full size, SQLite then PostgreSQL
    .venv/bin/python bench/summary.py --scale 0.1     # a tenth of everything
    .venv/bin/python bench/summary.py --sqlite-only   # or --pg-only

Builds 20 schools, 2,000 courses, 500 tutors (4 courses each), 30,000 students (5 courses each), 200,000 hours
entries, 100,000 questions and 10,000 sessions of semester 2026-fall (every count times `--scale`; schools differ
in size, the biggest about three times the smallest) in a SQLite file and in a throw-away PostgreSQL server, through
the project's migrations and tables. Then, for every school, it does what the weekly job does: one unit of work
with `uow.summary.rows(school, 2026-W48, Monday 2026-11-30 09:00 Almaty)`, `tutoring.weekly.compose` and the
Russian card, and prints the time, the SQL statements issued (a `before_cursor_execute` listener on the engine)
and where in storage/ the statement time goes.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import json
import math
import os
import random
import signal
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from types import FrameType
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import asyncpg  # noqa: E402
import greenlet  # noqa: E402
from sqlalchemy import Table, event, insert, text  # noqa: E402

from cards.summary import summary_card  # noqa: E402
from storage import Database  # noqa: E402
from storage.hours import HoursEntry, HoursSource  # noqa: E402
from storage.models import Base, Course, Enrollment, Person, School, TutorAssignment  # noqa: E402
from storage.questions import Question, QuestionState  # noqa: E402
from storage.sessions import AttendanceState, Session, SessionState, SyncState  # noqa: E402
from tests.support.postgres import PostgresServer, find_pg_bin, start_postgres  # noqa: E402
from tutoring.clock import ALMATY  # noqa: E402
from tutoring.norms import CATEGORY_OF_KIND, Category, SessionKind  # noqa: E402
from tutoring.roles import Role  # noqa: E402
from tutoring.weekly import IsoWeek, compose  # noqa: E402

GOAL_S = 1.0  # issue 13: every school's weekly summary, all together, under a second
SEMESTER = "2026-fall"
WEEK = IsoWeek.parse("2026-W48")
NOW = dt.datetime(2026, 11, 30, 4, 0, tzinfo=dt.UTC)  # Monday 09:00 in Almaty: when the job runs
TODAY = NOW.astimezone(ALMATY).date()
SEMESTER_START = dt.date(2026, 9, 1)

FULL = {"schools": 20, "tutors": 500, "students": 30_000, "hours": 200_000, "questions": 100_000, "sessions": 10_000}
COURSES_PER_TUTOR = 4
COURSES_PER_STUDENT = 5

FIRST = ["Айгерим", "Нурлан", "Асель", "Ерлан", "Динара", "Тимур", "Жанна", "Арман", "Гульнара", "Данияр",
         "Мария", "Алексей", "Салтанат", "Бауыржан", "Ольга", "Санжар", "Камила", "Руслан", "Алия", "Марат"]
LAST = ["Ахметов", "Нурпеисова", "Сейткали", "Жумабаев", "Иванова", "Касымов", "Омарова", "Смагулов",
        "Петров", "Абенова", "Тулегенов", "Ким", "Искакова", "Бекмуханов", "Сидорова", "Есенов"]
SUBJECTS = ["Математический анализ", "Линейная алгебра", "Программирование", "Базы данных", "Экономика",
            "Менеджмент", "Физика", "Химия", "История Казахстана", "Философия", "Статистика", "Маркетинг",
            "Право", "Психология", "Английский язык", "Алгоритмы", "Машинное обучение", "Финансы"]
QUESTION_TEXTS = ["Когда будет консультация перед РК?", "Не понимаю задание {n} из модуля, можно пояснить?",
                  "Где найти материалы к лекции {n}?", "Сколько баллов даёт тест {n}?",
                  "Можно ли пересдать промежуточный контроль?", "Как оформить отчёт по практике {n}?"]
# Card lines of the ledger: mostly sessions, assessment and documentation, a little of the consultations.
CARD_CATEGORIES = [Category.SESSIONS, Category.ASSESSMENT, Category.DOCUMENTATION, Category.INTRO,
                   Category.CONSULTATION_RK1, Category.CONSULTATION_RK2, Category.CONSULTATION_EXAM]
CARD_CATEGORY_WEIGHTS = [4, 2, 3, 0.5, 0.5, 0.3, 0.2]
CARD_HOURS = [Decimal(h) for h in ("0.25", "0.5", "0.75", "1", "1.5", "2")]

Rows = list[dict[str, Any]]


# --- the synthetic university ----------------------------------------------------------------------------------
@dataclass
class University:
    tables: list[tuple[Table, Rows]] = field(default_factory=lambda: [])

    @property
    def total(self) -> int:
        return sum(len(rows) for _, rows in self.tables)

    def count(self, table: Table) -> int:
        return next((len(rows) for t, rows in self.tables if t is table), 0)


def scaled(name: str, scale: float) -> int:
    return max(1, round(FULL[name] * scale))


def apportion(total: int, weights: Sequence[float]) -> list[int]:
    """`total` split by `weights` (largest remainder), at least one each."""
    whole = sum(weights)
    exact = [total * w / whole for w in weights]
    shares = [max(1, math.floor(x)) for x in exact]
    by_remainder = sorted(range(len(weights)), key=lambda i: exact[i] - math.floor(exact[i]), reverse=True)
    i = 0
    while sum(shares) < total:
        shares[by_remainder[i % len(shares)]] += 1
        i += 1
    while sum(shares) > total and max(shares) > 1:
        shares[shares.index(max(shares))] -= 1
    return shares


def local_utc(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), ALMATY).astimezone(dt.UTC)


def build(scale: float, seed: int) -> University:
    rng = random.Random(seed)
    n_schools = scaled("schools", scale)
    n_tutors = max(n_schools, scaled("tutors", scale))
    n_students = max(n_schools, scaled("students", scale))
    weights = [0.5 + i / (n_schools - 1) if n_schools > 1 else 1.0 for i in range(n_schools)]
    tutors_per_school = apportion(n_tutors, weights)
    students_per_school = apportion(n_students, tutors_per_school)

    schools: Rows = []
    people: Rows = []
    courses: Rows = []
    assignments: Rows = []
    enrollments: Rows = []
    pairs: list[tuple[int, int]] = []  # (tutor, course)
    course_dates: dict[int, tuple[dt.date, dt.date, dt.date, dt.date]] = {}
    course_tutor: dict[int, int] = {}
    course_students: dict[int, list[int]] = {}
    person_id = course_id = 0
    for s in range(n_schools):
        school_id = s + 1
        code = f"S{school_id:02d}"
        schools.append({"id": school_id, "code": code, "name": f"Школа {SUBJECTS[s % len(SUBJECTS)].lower()} {code}",
                        "dean_email": f"dean.{code.lower()}@bench.example.kz"})
        school_courses: list[int] = []
        for _ in range(tutors_per_school[s]):
            person_id += 1
            tutor_id = person_id
            people.append({"id": tutor_id, "email": f"tutor{tutor_id}@bench.example.kz", "role": Role.TUTOR.value,
                           "name": f"{rng.choice(LAST)} {rng.choice(FIRST)} ({tutor_id})", "school_id": school_id})
            for _ in range(COURSES_PER_TUTOR):
                course_id += 1
                rk1 = dt.date(2026, 10, 12) + dt.timedelta(days=rng.randint(0, 14))
                rk2 = dt.date(2026, 11, 30) + dt.timedelta(days=rng.randint(0, 20))
                exam = dt.date(2026, 12, 21) + dt.timedelta(days=rng.randint(0, 10))
                course_dates[course_id] = (SEMESTER_START, rk1, rk2, exam)
                courses.append({
                    "id": course_id, "code": f"{code}-{course_id:04d}", "school_id": school_id, "semester": SEMESTER,
                    "name": f"{rng.choice(SUBJECTS)} {rng.randint(1, 3)}",
                    "language": rng.choices(["ru", "kk", "en"], [6, 2.5, 1.5])[0],
                    "start_date": SEMESTER_START, "rk1_date": rk1, "rk2_date": rk2, "exam_date": exam,
                    "mooc_url": None,
                })
                assignments.append({"id": course_id, "course_id": course_id, "tutor_id": tutor_id,
                                    "approved_by": None, "council_decision": None, "active_from": None,
                                    "active_to": None})
                pairs.append((tutor_id, course_id))
                course_tutor[course_id] = tutor_id
                course_students[course_id] = []
                school_courses.append(course_id)
        for _ in range(students_per_school[s]):
            person_id += 1
            people.append({"id": person_id, "email": f"student{person_id}@bench.example.kz",
                           "role": Role.STUDENT.value, "school_id": school_id,
                           "name": f"{rng.choice(LAST)} {rng.choice(FIRST)}"})
            for c in rng.sample(school_courses, min(COURSES_PER_STUDENT, len(school_courses))):
                enrollments.append({"course_id": c, "student_id": person_id})
                course_students[c].append(person_id)
    for person in people:
        person.update(aad_object_id=None, teams_user_id=None, locale=None)

    # Sessions: per (tutor, course) an intro, the RK1 consultation, a webinar, the RK2 and exam consultations (some
    # skipped for a webinar, so the summary has consultations to miss), then more webinars.
    sessions: Rows = []
    slots = [SessionKind.INTRO, SessionKind.CONSULTATION_RK1, SessionKind.WEBINAR, SessionKind.CONSULTATION_RK2,
             SessionKind.CONSULTATION_EXAM]
    skip = {SessionKind.INTRO: 0.1, SessionKind.CONSULTATION_RK2: 0.35, SessionKind.CONSULTATION_EXAM: 0.5}
    for i in range(scaled("sessions", scale)):
        tutor_id, course = pairs[i % len(pairs)]
        slot = i // len(pairs)
        kind = slots[slot] if slot < len(slots) else SessionKind.WEBINAR
        if rng.random() < skip.get(kind, 0):
            kind = SessionKind.WEBINAR
        start, rk1, rk2, exam = course_dates[course]
        day = {
            SessionKind.INTRO: start + dt.timedelta(days=rng.randint(0, 10)),
            SessionKind.CONSULTATION_RK1: rk1 - dt.timedelta(days=rng.randint(1, 7)),
            SessionKind.CONSULTATION_RK2: rk2 - dt.timedelta(days=rng.randint(1, 7)),
            SessionKind.CONSULTATION_EXAM: exam - dt.timedelta(days=rng.randint(1, 7)),
        }.get(kind, start + dt.timedelta(days=rng.randint(0, (exam - start).days)))
        start_at = local_utc(day, rng.randint(9, 18), rng.choice([0, 30]))
        duration = rng.choice([45, 60, 60, 90])
        end = start_at + dt.timedelta(minutes=duration)
        if end <= NOW:
            state = SessionState.HELD if rng.random() < 0.9 else SessionState.CANCELLED
        else:
            state = SessionState.SCHEDULED if rng.random() < 0.95 else SessionState.CANCELLED
        teams = rng.random() < 0.7
        created = min(start_at - dt.timedelta(days=7), NOW)
        held = state == SessionState.HELD
        sessions.append({
            "id": i + 1, "course_id": course, "tutor_id": tutor_id, "kind": kind.value, "title": None,
            "start_at": start_at, "duration_min": duration, "platform": "teams" if teams else "zoom",
            "join_url": f"https://{'teams.microsoft.com/l/meetup-join' if teams else 'zoom.us/j'}/{i + 1}",
            "link_kind": "teams" if teams else "zoom", "graph_event_id": f"event-{i + 1}",
            "transaction_id": f"bench-session-{i + 1}", "state": state.value,
            "cancel_reason": "cancelled" if state == SessionState.CANCELLED else None,
            "version": 1, "synced_version": 1, "announced_version": 1, "sync_state": SyncState.SYNCED.value,
            "sync_attempts": 0, "sync_next_at": created, "sync_lease_until": None, "sync_error": None,
            "sync_error_status": None, "sync_round": 0, "announced_at": created,
            "reminded_24h_for": start_at if start_at - dt.timedelta(hours=24) <= NOW else None,
            "reminded_1h_for": start_at if start_at - dt.timedelta(hours=1) <= NOW else None,
            "held_asked_at": end if end <= NOW else None, "held_answered_at": end + dt.timedelta(hours=1) if held else None,
            "hours_recorded": held,
            "attendance_count": rng.randint(3, 40) if held and teams else None,
            "attendance_state": (AttendanceState.DONE if teams else AttendanceState.UNAVAILABLE).value if held else None,
            "created_by_id": tutor_id, "created_at": created,
        })

    # The hours ledger: a line per held session, then card lines (1 % of them undoing an earlier card line). A fifth
    # of the (tutor, course) pairs log almost nothing, so the summary has hours behind to report.
    n_hours = scaled("hours", scale)
    hours: Rows = []
    for row in sessions:
        if row["state"] != SessionState.HELD.value or len(hours) >= n_hours:
            continue
        hours.append(ledger_line(
            len(hours) + 1, row["tutor_id"], row["course_id"], CATEGORY_OF_KIND[SessionKind(row["kind"])],
            (Decimal(row["duration_min"]) / 60).quantize(Decimal("0.01")), row["start_at"].astimezone(ALMATY).date(),
            source=HoursSource.SESSION, key=f"session:{row['id']}", session_id=row["id"],
            created_at=row["start_at"] + dt.timedelta(minutes=row["duration_min"] + 60),
        ))
    pair_weights = [0.02 if rng.random() < 0.2 else rng.uniform(0.5, 1.5) for _ in pairs]
    remaining = n_hours - len(hours)
    chosen = rng.choices(pairs, pair_weights, k=remaining)
    categories = rng.choices(CARD_CATEGORIES, CARD_CATEGORY_WEIGHTS, k=remaining)
    days = (TODAY - SEMESTER_START).days
    card_lines: list[dict[str, Any]] = []
    reversed_ids: set[int] = set()
    for (tutor_id, course), category in zip(chosen, categories, strict=True):
        entry_id = len(hours) + 1
        if card_lines and rng.random() < 0.01:
            old = rng.choice(card_lines)
            if old["id"] not in reversed_ids:
                reversed_ids.add(old["id"])
                hours.append(ledger_line(
                    entry_id, old["tutor_id"], old["course_id"], Category(old["category"]), -old["hours"], old["date"],
                    source=HoursSource.CARD, key=f"reverse:{old['id']}", reverses_entry_id=old["id"],
                    created_at=old["created_at"] + dt.timedelta(hours=rng.randint(1, 72)),
                ))
                continue
        day = SEMESTER_START + dt.timedelta(days=rng.randrange(days))
        line = ledger_line(entry_id, tutor_id, course, category, rng.choice(CARD_HOURS), day,
                           source=HoursSource.CARD, key=f"card:{tutor_id}:bench-{entry_id}",
                           created_at=local_utc(day, rng.randint(10, 21)))
        hours.append(line)
        card_lines.append(line)

    # Questions over the semester so far; most answered within a day, a few never.
    questions: Rows = []
    course_ids = list(course_students)
    window = (NOW - dt.timedelta(minutes=5) - local_utc(SEMESTER_START, 0)).total_seconds()
    for i in range(scaled("questions", scale)):
        course = rng.choice(course_ids)
        asked = local_utc(SEMESTER_START, 0) + dt.timedelta(seconds=rng.uniform(0, window))
        answered: dt.datetime | None = asked + dt.timedelta(hours=rng.lognormvariate(math.log(12), 1.0))
        if rng.random() < 0.01 or (answered is not None and answered > NOW):
            answered = None
        closed = answered + dt.timedelta(days=1) if answered and rng.random() < 0.4 else None
        if closed is not None and closed > NOW:
            closed = None
        state = QuestionState.ASKED if answered is None else QuestionState.CLOSED if closed else QuestionState.ANSWERED
        students = course_students[course] or [course_tutor[course]]
        questions.append({
            "id": i + 1, "course_id": course, "student_id": rng.choice(students), "thread_id": None,
            "anonymous": rng.random() < 0.1, "text": rng.choice(QUESTION_TEXTS).format(n=rng.randint(1, 12)),
            "state": state.value, "key": f"bench-question-{i + 1}", "asked_at": asked,
            "first_answered_at": answered, "first_answered_by": course_tutor[course] if answered else None,
            "reminded_at": None, "overdue_at": None, "closed_at": closed,
        })

    return University([
        (table_of(School), schools), (table_of(Person), people), (table_of(Course), courses),
        (table_of(TutorAssignment), assignments), (table_of(Enrollment), enrollments),
        (table_of(Session), sessions), (table_of(HoursEntry), hours), (table_of(Question), questions),
    ])


def table_of(model: type[Base]) -> Table:
    table = model.__table__
    assert isinstance(table, Table)
    return table


def ledger_line(entry_id: int, tutor_id: int, course_id: int, category: Category, hours: Decimal, day: dt.date, *,
                source: str, key: str, created_at: dt.datetime, session_id: int | None = None,
                reverses_entry_id: int | None = None) -> dict[str, Any]:
    return {"id": entry_id, "tutor_id": tutor_id, "course_id": course_id, "category": category.value,
            "hours": hours, "date": day, "note": None, "source": source, "session_id": session_id,
            "entered_by_id": tutor_id, "created_at": created_at, "idempotency_key": key,
            "reverses_entry_id": reverses_entry_id, "replaces_entry_id": None}


async def load(db: Database, university: University, chunk: int) -> None:
    """Every table in one transaction, `chunk` rows per executemany."""
    async with db.engine.begin() as conn:
        for table, rows in university.tables:
            for start in range(0, len(rows), chunk):
                await conn.execute(insert(table), rows[start:start + chunk])
        if db.dialect == "postgresql":
            for table, _ in university.tables:  # explicit ids: move the sequences past them
                if "id" in table.c:
                    await conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                                            f"(SELECT max(id) FROM {table.name}))"))


# --- counting and timing the statements ------------------------------------------------------------------------
@dataclass
class Site:
    statements: int = 0
    seconds: float = 0.0
    sql: str = ""


class SqlTracer:
    """Counts and times every cursor execution while `active`, by the line in storage/ that issued it."""

    def __init__(self, db: Database) -> None:
        self.active = False
        self.statements = 0
        self.seconds = 0.0
        self.sites: dict[str, Site] = {}
        event.listen(db.engine.sync_engine, "before_cursor_execute", self._before)
        event.listen(db.engine.sync_engine, "after_cursor_execute", self._after)

    def reset(self) -> None:
        self.statements, self.seconds, self.sites = 0, 0.0, {}

    def _before(self, conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if self.active:
            self.statements += 1
            conn.info.setdefault("bench", []).append((time.perf_counter(), call_site(), statement))

    def _after(self, conn: Any, _cursor: Any, *_: Any) -> None:
        pending: list[tuple[float, str, str]] = conn.info.get("bench") or []
        if not pending:
            return
        started, where, statement = pending.pop()
        elapsed = time.perf_counter() - started
        self.seconds += elapsed
        site = self.sites.setdefault(where, Site(sql=" ".join(statement.split())))
        site.statements += 1
        site.seconds += elapsed


def call_site() -> str:
    """The innermost line of storage/ (not the façade) that led to this statement. Under the async engine the
    statement runs in a greenlet; the awaiting coroutines are on its parent's stack."""
    frames: list[FrameType | None] = [sys._getframe()]
    parent = getattr(greenlet.getcurrent(), "parent", None)
    if parent is not None:
        frames.append(getattr(parent, "gr_frame", None))
    storage = ROOT / "storage"
    for frame in frames:
        while frame is not None:
            path = Path(frame.f_code.co_filename)
            if path.is_relative_to(storage) and path.name != "database.py":
                return f"{path.relative_to(ROOT)}:{frame.f_lineno} {frame.f_code.co_name}"
            frame = frame.f_back
    return "(outside storage/)"


# --- the measured part -------------------------------------------------------------------------------------------
@dataclass
class SchoolResult:
    code: str
    name: str
    rows: int
    problems: int
    seconds: float
    rows_seconds: float
    sql_seconds: float
    statements: int
    card_bytes: int


@dataclass
class RunResult:
    seconds: float
    statements: int
    sql_seconds: float
    list_statements: int
    schools: list[SchoolResult]
    sites: dict[str, Site]
    cpu_seconds: float = 0.0  # this process's CPU (the loop and aiosqlite's thread): steadier than wall time on a busy machine


async def summarize_all(db: Database, tracer: SqlTracer) -> RunResult:
    tracer.reset()
    tracer.active = True
    started, cpu_started = time.perf_counter(), time.process_time()
    try:
        async with db.unit_of_work() as uow:
            schools = await uow.summary.schools()
        list_statements = tracer.statements
        results: list[SchoolResult] = []
        for school in schools:
            school_started, before, sql_before = time.perf_counter(), tracer.statements, tracer.seconds
            async with db.unit_of_work() as uow:
                rows = await uow.summary.rows(school.id, WEEK, NOW)
            rows_done = time.perf_counter()
            summary = compose(school.name, WEEK, rows, TODAY)
            card = summary_card(summary, "ru", TODAY, export_command=None)
            card_bytes = len(json.dumps(card, ensure_ascii=False).encode())
            results.append(SchoolResult(school.code, school.name, len(rows), len(summary.problems),
                                        time.perf_counter() - school_started, rows_done - school_started,
                                        tracer.seconds - sql_before, tracer.statements - before, card_bytes))
        seconds = time.perf_counter() - started
    finally:
        tracer.active = False
    return RunResult(seconds, tracer.statements, tracer.seconds, list_statements, results, tracer.sites,
                     time.process_time() - cpu_started)


# --- one database from start to end -------------------------------------------------------------------------------
async def bench(label: str, url: str, university: University, args: argparse.Namespace) -> None:
    print(f"== {label} ==", flush=True)
    db = Database(url)
    try:
        started = time.perf_counter()
        await db.migrate()
        migrated = time.perf_counter()
        await load(db, university, args.chunk)
        loaded = time.perf_counter()
        analyzed = ", no ANALYZE (the bot runs none)"
        if db.dialect == "postgresql" or args.sqlite_analyze:
            async with db.engine.begin() as conn:
                await conn.execute(text("ANALYZE"))
            why = "as autovacuum would" if db.dialect == "postgresql" else "--sqlite-analyze"
            analyzed = f", ANALYZE {time.perf_counter() - loaded:.1f} s ({why})"
        print(f"build: migrate {migrated - started:.1f} s, insert {university.total:,} rows in {loaded - migrated:.1f} s "
              f"({university.total / (loaded - migrated):,.0f} rows/s, chunks of {args.chunk:,}){analyzed}", flush=True)
        tracer = SqlTracer(db)
        for run in range(1, args.runs + 1):
            report(run, await summarize_all(db, tracer), args.top)
    finally:
        await db.close()


def report(run: int, result: RunResult, top: int) -> None:
    schools = result.schools
    n = len(schools)
    per_school = [s.statements for s in schools]
    rows_seconds = sum(s.rows_seconds for s in schools)
    rows_sql = sum(s.sql_seconds for s in schools)
    print(f"run {run}{' (cold)' if run == 1 else ''}: {n} schools in {result.seconds:.3f} s, "
          f"{result.seconds / max(n, 1) * 1000:.1f} ms per school on average "
          f"(min {min(s.seconds for s in schools) * 1000:.1f}, max {max(s.seconds for s in schools) * 1000:.1f} ms)")
    met = "met" if result.seconds < GOAL_S else "NOT met"
    print(f"  goal: all schools under {GOAL_S:g} s: {result.seconds:.3f} s ({met}); CPU in this process "
          f"{result.cpu_seconds:.3f} s; load average {os.getloadavg()[0]:.2f}")
    print(f"  of which uow.summary.rows() {rows_seconds:.3f} s (statements in the database {rows_sql:.3f} s, "
          f"the rest {rows_seconds - rows_sql:.3f} s), compose + card {sum(s.seconds - s.rows_seconds for s in schools):.3f} s")
    print(f"  SQL statements: {result.statements} in all = {result.list_statements} for the school list + "
          f"{sum(per_school)} for the schools, {sum(per_school) / max(n, 1):.1f} per school "
          f"(min {min(per_school)}, max {max(per_school)})")
    biggest = max(schools, key=lambda s: (s.rows, s.card_bytes))
    print(f"  biggest school {biggest.code} ({biggest.rows} tutor-course rows, {biggest.problems} problems): "
          f"card {biggest.card_bytes:,} bytes, {biggest.seconds * 1000:.1f} ms, {biggest.statements} statements; "
          f"largest card of all {max(s.card_bytes for s in schools):,} bytes")
    print(f"  statement time by call site (top {top}):")
    for where, site in sorted(result.sites.items(), key=lambda kv: kv[1].seconds, reverse=True)[:top]:
        sql = site.sql if len(site.sql) <= 150 else site.sql[:147] + "..."
        print(f"    {site.seconds:7.3f} s {site.statements:4}× {site.seconds / site.statements * 1000:8.2f} ms  {where}")
        print(f"               {sql}")
    print(flush=True)


async def create_database(server: PostgresServer, name: str) -> None:
    conn = await asyncpg.connect(server.admin_dsn)
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()


class Shutdown:
    """Ctrl-C or SIGTERM: stop PostgreSQL first (an await on a stopped server fails at once, where a cancelled
    asyncpg executemany can hang), then cancel the run; the finally blocks close the engines and remove the files."""

    def __init__(self) -> None:
        self.server: PostgresServer | None = None
        self.signalled = False

    def install(self, task: asyncio.Task[Any]) -> None:
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, self.fire, task)

    def fire(self, task: asyncio.Task[Any]) -> None:
        self.signalled = True
        if self.server is not None:
            self.server.stop()
        task.cancel()


async def main(args: argparse.Namespace) -> int:
    shutdown = Shutdown()
    task = asyncio.current_task()
    assert task is not None
    shutdown.install(task)
    try:
        return await run(args, shutdown)
    except (asyncio.CancelledError, Exception) as error:
        if not shutdown.signalled:
            raise
        print(f"interrupted ({type(error).__name__})", file=sys.stderr)
        return 130


async def run(args: argparse.Namespace, shutdown: Shutdown) -> int:
    started = time.perf_counter()
    university = build(args.scale, args.seed)
    counts = ", ".join(f"{len(rows):,} {table.name}" for table, rows in university.tables)
    print(f"synthetic university (scale {args.scale:g}, seed {args.seed}): {counts} = {university.total:,} rows, "
          f"generated in {time.perf_counter() - started:.1f} s")
    print(f"summary of {WEEK} as of {NOW:%Y-%m-%d %H:%M} UTC ({TODAY} in Almaty), card in ru; "
          f"a statement = one cursor execution\n", flush=True)

    if not args.pg_only:
        with tempfile.TemporaryDirectory(prefix="tutorbot-bench-summary-") as folder:
            await bench("SQLite (file)", f"sqlite+aiosqlite:///{folder}/bench.db", university, args)

    if args.sqlite_only:
        return 0
    if find_pg_bin() is None:
        print("PostgreSQL binaries (initdb, pg_ctl) not found: no PostgreSQL run.")
        return 1 if args.pg_only else 0
    try:
        # Not in a thread: a signal during the start must find the server to stop it (a second or two).
        shutdown.server = start_postgres()
    except Exception as error:  # a notice, not a crash: the SQLite figures stand
        print(f"PostgreSQL did not start ({error}): no PostgreSQL run.")
        return 1 if args.pg_only else 0
    server = shutdown.server
    try:
        await create_database(server, "bench_summary")
        await bench(f"PostgreSQL (throw-away server, port {server.port})", server.url("bench_summary"),
                    university, args)
    finally:
        server.stop()
    return 0


def positive(kind: Callable[[str], float]) -> Callable[[str], float]:
    def parse(value: str) -> float:
        number = kind(value)
        if number <= 0:
            raise argparse.ArgumentTypeError(f"{value} is not positive")
        return number
    return parse


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--scale", type=positive(float), default=1.0, help="multiply every count (default 1.0)")
    parser.add_argument("--seed", type=int, default=1, help="random seed of the synthetic data (default 1)")
    parser.add_argument("--runs", type=positive(int), default=2, help="summaries of all schools per database "
                        "(default 2: the first is cold)")
    parser.add_argument("--chunk", type=positive(int), default=5000, help="rows per insert (default 5000)")
    parser.add_argument("--top", type=int, default=8, help="call sites to list (default 8)")
    parser.add_argument("--sqlite-analyze", action="store_true",
                        help="run ANALYZE on the SQLite file after the load (the bot never does; PostgreSQL always)")
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--sqlite-only", action="store_true")
    which.add_argument("--pg-only", action="store_true")
    args = parser.parse_args(argv)
    args.runs, args.chunk = int(args.runs), int(args.chunk)
    return args


if __name__ == "__main__":
    with contextlib.suppress(KeyboardInterrupt):
        sys.exit(asyncio.run(main(parse_args())))
    sys.exit(130)
