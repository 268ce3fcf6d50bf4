"""How long reading Moodle takes through bot/moodle.py, against the Moodle stand-in on this machine.

    .venv/bin/python bench/moodle.py [--courses 5] [--assignments 8] [--students 150] [--latency 0.02]

Loads the stand-in (tests/support/moodle.py) with courses × assignments × students (60 % submitted, 5 % with an
extension), then reads every course's assignments in one call and every assignment's participants, first one
assignment after the other, then with `participants_of` (CONNECTIONS at a time). `--latency` adds that many
seconds to every answer, as a Moodle across the campus network would take; 0 measures the client and the
stand-in alone. Both share this machine's CPU: compare figures within one run.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.moodle import CONNECTIONS, MoodleClient
from tests.support.moodle import TOKEN, MoodleStandIn

START = datetime(2026, 12, 1, 18, 0, tzinfo=UTC)


def load(moodle: MoodleStandIn, courses: int, assignments: int, students: int) -> list[int]:
    assign_ids: list[int] = []
    for c in range(1, courses + 1):
        moodle.add_course(c, f"C{c:03}")
        for a in range(assignments):
            assign_id = c * 1000 + a
            assign_ids.append(assign_id)
            moodle.add_assignment(c, assign_id=assign_id, cmid=assign_id + 500_000, name=f"Work {a + 1}",
                                  due=START + timedelta(days=7 * a), cutoff=START + timedelta(days=7 * a + 2))
            for s in range(students):
                submitted = s % 10 < 6
                moodle.add_participant(assign_id, user_id=c * 100_000 + s, email=f"student{c}.{s}@uni.kz",
                                       status="submitted" if submitted else ("draft" if s % 10 == 6 else ""),
                                       submitted_at=START - timedelta(hours=s) if submitted else None,
                                       extension=START + timedelta(days=9) if s % 20 == 19 else None)
    return assign_ids


async def run(args: argparse.Namespace) -> None:
    async with MoodleStandIn() as moodle:
        assign_ids = load(moodle, args.courses, args.assignments, args.students)
        moodle.latency = args.latency
        async with MoodleClient(moodle.url, TOKEN) as lms:
            t0 = time.perf_counter()
            found = await lms.assignments(list(range(1, args.courses + 1)))
            t1 = time.perf_counter()
            calls0 = len(moodle.requests)
            people = 0
            for assign_id in assign_ids:
                people += len(await lms.participants(assign_id))
            t2 = time.perf_counter()
            calls1 = len(moodle.requests)
            together = await lms.participants_of(assign_ids)
            t3 = time.perf_counter()
    assert len(found) == len(assign_ids) and sum(map(len, together.values())) == people
    sequential_calls, gathered_calls = calls1 - calls0, len(moodle.requests) - calls1
    print(f"{args.courses} courses × {args.assignments} assignments × {args.students} students, "
          f"latency {args.latency * 1000:.0f} ms per answer")
    print(f"{'step':38} {'calls':>6} {'seconds':>8} {'ms/call':>8}")
    for name, calls, seconds in (("assignments (one call)", 1, t1 - t0),
                                 ("participants, one at a time", sequential_calls, t2 - t1),
                                 (f"participants_of ({CONNECTIONS} at a time)", gathered_calls, t3 - t2)):
        print(f"{name:38} {calls:6} {seconds:8.2f} {seconds / calls * 1000:8.1f}")
    print(f"{people} participant rows per pass")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--courses", type=int, default=5)
    parser.add_argument("--assignments", type=int, default=8)
    parser.add_argument("--students", type=int, default=150)
    parser.add_argument("--latency", type=float, default=0.0)
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
