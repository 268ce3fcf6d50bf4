"""The tutor's `deadlines` cards at scale: a tutor with 5 courses and 150 students in each, through the real import,
tables and dialog, on a fresh SQLite file. Prints each card's JSON size in UTF-8 against Teams' 28 KB message limit.

    .venv/bin/python bench/deadlines_card.py            # 5 courses x 150 students, 6 assignments each
    .venv/bin/python bench/deadlines_card.py --students 400 --assignments 10
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.roster_import import import_roster
from dialogs import deadlines
from dialogs.router import Turn
from storage import Database
from tutoring.clock import ALMATY
from tutoring.roles import Role

TEAMS_LIMIT = 28 * 1024
NOW = dt.datetime(2026, 11, 25, 10, 0, tzinfo=ALMATY)
COURSES = 5


def roster(folder: Path, students: int, assignments: int) -> None:
    """A school, one tutor, 5 courses; every student in every course; half the assignments overdue."""
    tutor = "t.tutor@bench.kz"
    people = ["email,name,role,school", f"{tutor},Тьютор Бенчмарков,tutor,BEN", "dean@bench.kz,Декан,dean,BEN"]
    people += [f"s{i}@bench.kz,Студентов-Длиннофамильный Студент {i:04d},student,BEN" for i in range(students)]
    courses = ["code,name,school,semester,language,start_date,rk1_date,rk2_date,exam_date"]
    courses += [f"BEN{c}00,Курс с достаточно длинным названием {c},BEN,2026-fall,ru,2026-09-01,2026-10-24,"
                "2026-12-12,2026-12-26" for c in range(COURSES)]
    enrollments = ["course,student_email"] + [f"BEN{c}00,s{i}@bench.kz" for c in range(COURSES)
                                              for i in range(students)]
    tutors = ["course,tutor_email"] + [f"BEN{c}00,{tutor}" for c in range(COURSES)]
    work = ["course,semester,key,title,due"]
    for c in range(COURSES):
        for a in range(assignments):
            due = NOW + dt.timedelta(days=a - assignments // 2)
            work.append(f"BEN{c}00,2026-fall,a{a},Практическая работа номер {a} по теме курса,"
                        f"{due.strftime('%Y-%m-%d %H:%M')}")
    files = {"schools.csv": ["code,name,dean_email", "BEN,Школа бенчмарка,dean@bench.kz"], "people.csv": people,
             "courses.csv": courses, "enrollments.csv": enrollments, "tutors.csv": tutors, "assignments.csv": work}
    for name, lines in files.items():
        (folder / name).write_text("\n".join(lines) + "\n", encoding="utf-8")


async def main(students: int, assignments: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        roster(folder, students, assignments)
        database = Database(f"sqlite+aiosqlite:///{folder / 'bench.db'}")
        await database.migrate()
        result = await import_roster(database, folder, today=NOW.date(), accept_losses=True)
        assert not result.problems, result.problems[:3]
        print(f"{COURSES} courses x {students} students, {assignments} assignments per course "
              f"({assignments // 2} overdue, the rest due within 7 days); Teams' limit {TEAMS_LIMIT} bytes")
        for lang in ("ru", "kk", "en"):
            async with database.unit_of_work() as uow:
                tutor = await uow.people.by_email("t.tutor@bench.kz")
                assert tutor is not None
                started = time.perf_counter()
                replies = await deadlines.deadlines(Turn(tutor, Role.TUTOR, lang, uow, now=NOW.astimezone(dt.UTC)))
                took = time.perf_counter() - started
            sizes = [len(json.dumps(r.card, ensure_ascii=False).encode()) for r in replies if r.card]
            print(f"{lang}: {len(sizes)} card(s), bytes each: {', '.join(map(str, sizes))}; largest "
                  f"{max(sizes) / TEAMS_LIMIT:.0%} of the limit; the turn's work took {took * 1000:.0f} ms")
        await database.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--students", type=int, default=150)
    parser.add_argument("--assignments", type=int, default=6)
    args = parser.parse_args()
    asyncio.run(main(args.students, args.assignments))
