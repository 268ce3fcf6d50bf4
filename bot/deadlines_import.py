"""Deadlines from files (CONTRACT §9): `assignments.csv` imported with the roster, in its transaction, and
`import-submissions FILE` (the LMS's export). All or nothing, every bad row as `file:line: message`."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from storage import Database, UnitOfWork
from storage.roster import RosterChange, RosterRejected
from tutoring.deadlines import (
    ASSIGNMENTS_FILE,
    AssignmentRow,
    SubmissionRow,
    parse_assignments,
    parse_submissions,
)
from tutoring.roster import Roster, RosterProblem, Where


def read_text(path: Path, name: str) -> tuple[str, list[RosterProblem]]:
    try:
        return path.read_text(encoding="utf-8"), []
    except UnicodeDecodeError as error:
        line = path.read_bytes()[: error.start].count(b"\n") + 1
        return "", [RosterProblem(Where(name, line), "not UTF-8 text (save the CSV as UTF-8)")]
    except OSError as error:
        return "", [RosterProblem(Where(name, 0), f"not readable ({error.strerror})")]


def read_assignments(directory: Path) -> tuple[list[AssignmentRow], list[RosterProblem]]:
    """The folder's `assignments.csv` (optional: none, nothing to do)."""
    path = directory / ASSIGNMENTS_FILE
    if not path.is_file():
        return [], []
    content, problems = read_text(path, ASSIGNMENTS_FILE)
    if problems:
        return [], problems
    return parse_assignments(content)


async def check_assignments(uow: UnitOfWork, roster: Roster, rows: list[AssignmentRow]) -> list[RosterProblem]:
    """Each row's offering is in this import's courses.csv or in the database."""
    known = set(await uow.deadlines.offerings()) | {(c.code.lower(), c.semester) for c in roster.courses}
    return [RosterProblem(r.where, f"course {r.course!r} in semester {r.semester!r} is not in courses.csv nor in "
                                   "the database")
            for r in rows if (r.course.lower(), r.semester) not in known
            and f"course:{r.course.lower()}" not in roster.flawed]


async def apply_assignments(uow: UnitOfWork, rows: list[AssignmentRow]) -> list[RosterChange]:
    """Upsert each row (after the roster's courses are written); what changed, for the counts and --dry-run."""
    offerings = await uow.deadlines.offerings()
    changes: list[RosterChange] = []
    for r in rows:
        course = offerings[(r.course.lower(), r.semester)]
        done = await uow.deadlines.put_assignment(
            course.id, r.key, {"title": r.title, "due": r.due, "cutoff": r.cutoff, "week": r.week}, moodle=False)
        if done is not None:
            subject = f"{course.code} {course.semester} {r.key}"
            changes.append(RosterChange("add", "assignment", subject) if done == "add"
                           else RosterChange("change", "assignment", subject, done))
    return changes


@dataclass
class SubmissionsImport:
    problems: list[RosterProblem] = field(default_factory=lambda: [])
    recorded: int = 0  # new or changed rows
    unchanged: int = 0


async def import_submissions(database: Database, path: Path) -> SubmissionsImport:
    outcome = SubmissionsImport()
    content, problems = read_text(path, path.name)
    rows, parse_problems = parse_submissions(content, path.name) if not problems else ([], [])
    problems += parse_problems
    try:
        async with database.unit_of_work() as uow:
            resolved, ref_problems = await _resolve(uow, rows)
            problems += ref_problems
            if problems:
                raise RosterRejected(sorted(problems, key=lambda p: p.where.line))
            for assignment_id, student_id, row in resolved:
                if await uow.deadlines.put_submission(assignment_id, student_id, submitted_at=row.submitted_at):
                    outcome.recorded += 1
                else:
                    outcome.unchanged += 1
    except RosterRejected as rejected:  # raised inside the transaction: rolled back, nothing written
        outcome.problems = rejected.problems
        outcome.recorded = outcome.unchanged = 0
    return outcome


async def _resolve(uow: UnitOfWork, rows: list[SubmissionRow]
                   ) -> tuple[list[tuple[int, int, SubmissionRow]], list[RosterProblem]]:
    offerings = await uow.deadlines.offerings()
    students = await uow.deadlines.students_by_email(sorted({r.student_email for r in rows}))
    enrolled = await uow.deadlines.students([c.id for c in offerings.values()])
    resolved: list[tuple[int, int, SubmissionRow]] = []
    problems: list[RosterProblem] = []
    for r in rows:
        course = offerings.get((r.course.lower(), r.semester))
        assignment = await uow.deadlines.assignment(course.id, r.key) if course is not None else None
        student = students.get(r.student_email)
        if course is None:
            problems.append(RosterProblem(r.where, f"course {r.course!r} in semester {r.semester!r} is not in the "
                                                   "database"))
        elif assignment is None:
            problems.append(RosterProblem(r.where, f"key {r.key!r} is not an assignment of {course.code} "
                                                   f"{course.semester}"))
        if student is None:
            problems.append(RosterProblem(r.where, f"student_email {r.student_email!r} is not a student in the "
                                                   "roster"))
        elif course is not None and student not in enrolled[course.id]:
            problems.append(RosterProblem(r.where, f"student_email {r.student_email!r} is not enrolled in "
                                                   f"{course.code} {course.semester}"))
        if assignment is not None and student is not None and course is not None and student in enrolled[course.id]:
            resolved.append((assignment.id, student.id, r))
    return resolved, problems
