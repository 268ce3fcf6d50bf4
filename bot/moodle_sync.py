"""The `moodle-sync` job (CONTRACT §9): a local copy of Moodle's assignments and submissions, so no turn waits on
Moodle. For the current semester's offerings with a `moodle_course_id`: assignments upserted by `cmid` (Moodle's
due and cut-off win over an assignments.csv row of the same course whose key is that cmid), who has submitted, and a
student's extension (their deadline), students matched by e-mail. A Moodle error is logged and the next run tries
again; it never reaches a chat. Moodle is read outside any transaction; each course is written in one."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from sqlalchemy.exc import IntegrityError

from bot.moodle import MoodleAssignment, MoodleClient, MoodleError, MoodleParticipant
from storage import Database
from storage.models import Course
from tutoring.clock import Clock, local_date

log = logging.getLogger("tutorbot.moodle")


@dataclass
class SyncRun:
    courses: int = 0
    assignments: int = 0  # added or changed
    submissions: int = 0  # added or changed
    failed: list[str] = field(default_factory=lambda: [])  # what Moodle did not answer (tried again next run)

    def __str__(self) -> str:
        failed = f"; {len(self.failed)} Moodle call(s) failed, retried next run" if self.failed else ""
        return (f"moodle: {self.courses} course(s), {self.assignments} assignment(s) and {self.submissions} "
                f"submission(s) updated{failed}")


@dataclass(frozen=True)
class _Fetched:
    assignment: MoodleAssignment
    participants: list[MoodleParticipant] | None  # None: Moodle did not answer; keep what we have


async def _courses(database: Database, now: dt.datetime) -> list[Course]:
    async with database.unit_of_work() as uow:
        semester = await uow.people.current_semester(local_date(now))
        return await uow.deadlines.moodle_courses(semester) if semester else []


async def _fetch(client: MoodleClient, course: Course, run: SyncRun) -> list[_Fetched] | None:
    assert course.moodle_course_id is not None
    try:
        found = await client.assignments([course.moodle_course_id])
    except MoodleError as error:
        log.warning("moodle-sync %s: assignments not read (%s); next run tries again", course.code, error)
        run.failed.append(f"{course.code}: {error}")
        return None
    fetched: list[_Fetched] = []
    for assignment in found:
        if assignment.due is None:
            continue  # no deadline: nothing to remind of or count
        try:
            fetched.append(_Fetched(assignment, await client.participants(assignment.assign_id)))
        except MoodleError as error:
            log.warning("moodle-sync %s: participants of %d not read (%s); next run tries again", course.code,
                        assignment.assign_id, error)
            run.failed.append(f"{course.code} {assignment.cmid}: {error}")
            fetched.append(_Fetched(assignment, None))
    return fetched


async def _store(database: Database, course: Course, fetched: list[_Fetched], now: dt.datetime,
                 run: SyncRun) -> None:
    async with database.unit_of_work() as uow:
        students = {s.email.lower(): s for s in (await uow.deadlines.students([course.id]))[course.id]}
        for item in fetched:
            a = item.assignment
            fields: dict[str, object] = {"title": a.name[:300], "due": a.due, "cutoff": a.cutoff,
                                         "moodle_assign_id": a.assign_id}
            if await uow.deadlines.put_assignment(course.id, str(a.cmid), fields, moodle=True) is not None:
                run.assignments += 1
            if item.participants is None:
                continue
            row = await uow.deadlines.assignment(course.id, str(a.cmid))
            assert row is not None
            for p in item.participants:
                student = students.get(p.email.lower())
                if student is None:
                    continue  # not enrolled here in the roster (or not a student): the roster decides who counts
                submitted = (p.submitted_at or now) if p.submitted else None
                if await uow.deadlines.put_submission(row.id, student.id, submitted_at=submitted,
                                                      extension_due=p.extension_due, keep_extension=False):
                    run.submissions += 1


async def sync(database: Database, client: MoodleClient, clock: Clock) -> SyncRun:
    run = SyncRun()
    for course in await _courses(database, clock.now()):
        fetched = await _fetch(client, course, run)
        if fetched is None:
            continue
        try:
            await _store(database, course, fetched, clock.now(), run)
        except IntegrityError:  # another replica stored the same rows at the same moment: theirs stand
            log.info("moodle-sync %s: written meanwhile by another process; next run compares again", course.code)
            continue
        run.courses += 1
    return run
