"""Syllabus deadlines and submissions (Regulation 7.3, CONTRACT §9): assignments from `assignments.csv` or Moodle,
who handed in what (and a per-student extension), each reminder recorded once, a student's `deadlines off`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Boolean, ForeignKey, Integer, String, UniqueConstraint, func, select
from sqlalchemy.orm import Mapped, mapped_column

from storage.models import Base, Course, Enrollment, Person, active_enrollment
from storage.people import people_by_course
from storage.proctoring import ProctoringReport, ReviewState
from storage.repository import Repository
from storage.types import UtcDateTime
from tutoring.deadlines import Standing, own_due


class Assignment(Base):
    __tablename__ = "assignments"
    __table_args__ = (UniqueConstraint("course_id", "key", name="uq_assignments_course_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id"), index=True)  # the offering (its semester)
    key: Mapped[str] = mapped_column(String(64))  # the syllabus key; Moodle's cmid for Moodle's assignments
    title: Mapped[str] = mapped_column(String(300))
    due: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    cutoff: Mapped[dt.datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    week: Mapped[int | None] = mapped_column(Integer, nullable=True)
    source: Mapped[str] = mapped_column(String(8))  # csv, moodle
    moodle_assign_id: Mapped[int | None] = mapped_column(Integer, nullable=True)  # set: Moodle's dates win


class AssignmentSubmission(Base):
    """A student's row of an assignment: handed in (when), and their own deadline where the LMS granted one."""

    __tablename__ = "assignment_submissions"
    __table_args__ = (UniqueConstraint("assignment_id", "student_id", name="uq_assignment_submissions"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignments.id"), index=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    submitted_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    extension_due: Mapped[dt.datetime | None] = mapped_column(UtcDateTime(), nullable=True)


class DeadlineReminder(Base):
    """A reminder sent (kind `auto`: 48 h before; `tutor`: the tutor's Remind). Claimed in the transaction that
    queues the message: the unique key keeps it to one, whoever runs the sweep or replays the click."""

    __tablename__ = "deadline_reminders"
    __table_args__ = (UniqueConstraint("assignment_id", "student_id", "kind", name="uq_deadline_reminders"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignments.id"), index=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    kind: Mapped[str] = mapped_column(String(8))
    sent_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"), nullable=True)


class DeadlinePreference(Base):
    """`deadlines off` / `on`: `changed_at` is when; a reminder window that opened before `on` is not caught up."""

    __tablename__ = "deadline_preferences"

    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), primary_key=True)
    off: Mapped[bool] = mapped_column(Boolean)
    changed_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())


@dataclass(frozen=True)
class WorkStanding:
    """One student's standing on one assignment of an offering."""

    assignment: Assignment
    student: Person
    standing: Standing


class DeadlinesRepository(Repository):
    async def offerings(self) -> dict[tuple[str, str], Course]:
        rows = (await self.session.scalars(select(Course))).all()
        return {(c.code.lower(), c.semester): c for c in rows}

    async def assignments(self, course_ids: list[int], only: list[int] | None = None) -> list[Assignment]:
        if not course_ids:
            return []
        query = select(Assignment).where(Assignment.course_id.in_(course_ids))
        if only is not None:
            query = query.where(Assignment.id.in_(only))
        return list((await self.session.scalars(query.order_by(Assignment.due, Assignment.id))).all())

    async def due_between(self, course_ids: list[int], start: dt.datetime, end: dt.datetime) -> list[int]:
        """The assignments of these offerings whose deadline, or a student's extension, falls in [start, end)."""
        if not course_ids:
            return []
        own = select(Assignment.id).where(Assignment.course_id.in_(course_ids), Assignment.due >= start,
                                          Assignment.due < end)
        extended = select(AssignmentSubmission.assignment_id).join(
            Assignment, Assignment.id == AssignmentSubmission.assignment_id).where(
            Assignment.course_id.in_(course_ids), AssignmentSubmission.extension_due >= start,
            AssignmentSubmission.extension_due < end)
        return sorted(set((await self.session.scalars(own)).all()) | set((await self.session.scalars(extended)).all()))

    async def assignment(self, course_id: int, key: str) -> Assignment | None:
        return await self.session.scalar(select(Assignment).where(Assignment.course_id == course_id,
                                                                  Assignment.key == key))

    async def put_assignment(self, course_id: int, key: str, fields: dict[str, object], *,
                             moodle: bool) -> str | None:
        """Upsert by (offering, key). A csv row never moves the dates Moodle set. What changed: `add`, the changed
        fields' names, or None."""
        row = await self.assignment(course_id, key)
        if row is None:
            self.session.add(Assignment(course_id=course_id, key=key, source="moodle" if moodle else "csv",
                                        **fields))
            await self.session.flush()
            return "add"
        if row.moodle_assign_id is not None and not moodle:
            fields = {k: v for k, v in fields.items() if k not in ("due", "cutoff")}
        changed = {k: v for k, v in fields.items() if getattr(row, k) != v}
        for name, value in changed.items():
            setattr(row, name, value)
        if moodle and row.source != "moodle":
            row.source, changed["source"] = "moodle", "moodle"
        return ", ".join(changed) or None

    async def put_submission(self, assignment_id: int, student_id: int, *, submitted_at: dt.datetime | None,
                             extension_due: dt.datetime | None = None, keep_extension: bool = True) -> bool:
        row = await self.session.scalar(select(AssignmentSubmission).where(
            AssignmentSubmission.assignment_id == assignment_id, AssignmentSubmission.student_id == student_id))
        if row is None:
            if submitted_at is None and extension_due is None:
                return False
            self.session.add(AssignmentSubmission(assignment_id=assignment_id, student_id=student_id,
                                                  submitted_at=submitted_at, extension_due=extension_due))
            await self.session.flush()
            return True
        extension = row.extension_due if keep_extension and extension_due is None else extension_due
        if (row.submitted_at, row.extension_due) == (submitted_at, extension):
            return False
        row.submitted_at, row.extension_due = submitted_at, extension
        return True

    async def students(self, course_ids: list[int]) -> dict[int, list[Person]]:
        enrolled = (select(Enrollment.course_id, Person).join(Person, Person.id == Enrollment.student_id)
                    .where(Enrollment.course_id.in_(course_ids), active_enrollment()).order_by(Person.name, Person.id))
        return await people_by_course(self.session, course_ids, enrolled)

    async def work(self, course_ids: list[int], student_id: int | None = None,
                   only: list[int] | None = None) -> list[WorkStanding]:
        """Every enrolled student's standing on every assignment of these offerings (one student's, if named; these
        assignments only, if given)."""
        assignments = await self.assignments(course_ids, only)
        if not assignments:
            return []
        students = await self.students(sorted({a.course_id for a in assignments}))
        rows = (await self.session.scalars(select(AssignmentSubmission).where(
            AssignmentSubmission.assignment_id.in_([a.id for a in assignments])))).all()
        handed = {(r.assignment_id, r.student_id): r for r in rows}
        found: list[WorkStanding] = []
        for a in assignments:
            for student in students[a.course_id]:
                if student_id is not None and student.id != student_id:
                    continue
                row = handed.get((a.id, student.id))
                extension = row.extension_due if row else None
                due = own_due(a.due, extension)
                cutoff = max(a.cutoff, due) if a.cutoff is not None else None
                found.append(WorkStanding(a, student, Standing(due, cutoff, row.submitted_at if row else None)))
        return found

    async def claim_reminder(self, assignment_id: int, student_id: int, kind: str, now: dt.datetime,
                             by_id: int | None = None) -> bool:
        """Record a reminder; False when it was already recorded (the unique key decides, not a read before)."""
        result = await self.session.execute(
            self.insert(DeadlineReminder).values(assignment_id=assignment_id, student_id=student_id, kind=kind,
                                            sent_at=now, by_id=by_id)
            .on_conflict_do_nothing().returning(DeadlineReminder.id))
        return result.scalar() is not None

    async def reminded(self, assignment_ids: list[int], kind: str) -> set[tuple[int, int]]:
        if not assignment_ids:
            return set()
        rows = await self.session.execute(select(DeadlineReminder.assignment_id, DeadlineReminder.student_id).where(
            DeadlineReminder.assignment_id.in_(assignment_ids), DeadlineReminder.kind == kind))
        return {(a, s) for a, s in rows.all()}

    async def preference(self, person_id: int) -> DeadlinePreference | None:
        return await self.session.get(DeadlinePreference, person_id)

    async def preferences(self) -> dict[int, DeadlinePreference]:
        return {p.person_id: p for p in (await self.session.scalars(select(DeadlinePreference))).all()}

    async def set_off(self, person_id: int, off: bool, now: dt.datetime) -> bool:
        """False when it already was so (nothing changes, the moment stays)."""
        row = await self.preference(person_id)
        if row is None:
            if not off:
                return False
            self.session.add(DeadlinePreference(person_id=person_id, off=True, changed_at=now))
            return True
        if row.off == off:
            return False
        row.off, row.changed_at = off, now
        return True

    async def moodle_courses(self, semester: str) -> list[Course]:
        return list((await self.session.scalars(select(Course).where(
            Course.semester == semester, Course.moodle_course_id.is_not(None)).order_by(Course.code))).all())

    async def students_by_email(self, emails: list[str]) -> dict[str, Person]:
        if not emails:
            return {}
        rows = await self.session.scalars(select(Person).where(func.lower(Person.email).in_(emails),
                                                               Person.role == "student"))
        return {p.email.lower(): p for p in rows.all()}

    async def pending_reviews(self, course_ids: list[int]) -> dict[int, tuple[int, dt.datetime]]:
        """Per offering: proctoring reports waiting for the tutor's decision, and when the oldest arrived."""
        if not course_ids:
            return {}
        rows = await self.session.execute(
            select(ProctoringReport.course_id, func.count(), func.min(ProctoringReport.received_at))
            .where(ProctoringReport.course_id.in_(course_ids),
                   ProctoringReport.review_state == ReviewState.PENDING.value)
            .group_by(ProctoringReport.course_id))
        return {course_id: (count, oldest) for course_id, count, oldest in rows.all()}
