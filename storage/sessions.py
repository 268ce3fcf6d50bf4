"""Models and queries of the sessions feature: webinars and consultations, and the work due around them.

A `Session` is recorded by the turn that schedules it (sync pending); the sessions worker (`bot/sessions_worker.py`)
then creates, moves or cancels its calendar event after the commit and tells the people concerned through the
outbox. Every change bumps `version`; `synced_version` is the version the calendar and the students know. The
sweeps read what is due from these columns: sync (`sync_state`, `sync_next_at`, a lease), reminders (the start a
reminder was last sent for), the "was it held?" question and the attendance report.

`session_changes` is the history of what tutors did (schedule, move, cancel, held, not held) and the idempotency
store of their submissions: its `key` is unique, so a replayed card changes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import (
    Boolean,
    ColumnElement,
    ForeignKey,
    Integer,
    String,
    Text,
    and_,
    or_,
    select,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from storage.models import Base, Course, Enrollment, Person, School, active_enrollment, utcnow
from storage.repository import Repository
from storage.types import UtcDateTime
from tutoring.roles import Role
from tutoring.sessions import MAX_DURATION_MIN
from tutoring.training import TRAINING


class SessionState(StrEnum):
    SCHEDULED = "scheduled"
    HELD = "held"
    CANCELLED = "cancelled"


class SyncState(StrEnum):
    PENDING = "pending"  # the calendar and the students do not know the latest version yet
    SYNCED = "synced"
    FAILED = "failed"  # refused for good (4xx) or given up on; the tutor was told why


class AttendanceState(StrEnum):
    DONE = "done"
    UNAVAILABLE = "unavailable"  # no permission, no report within a day, or not a Teams meeting


class Session(Base):
    __tablename__ = "sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # None for a training (6.2): the УОО trains tutors, of `school_id`'s school or (None) of every school.
    course_id: Mapped[int | None] = mapped_column(ForeignKey("courses.id"), index=True, nullable=True)
    school_id: Mapped[int | None] = mapped_column(ForeignKey("schools.id"), nullable=True)
    tutor_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)  # the organizer (УОО for a training)
    kind: Mapped[str] = mapped_column(String(32))  # tutoring.norms.SessionKind, or tutoring.training.TRAINING
    title: Mapped[str | None] = mapped_column(String(200), nullable=True)
    start_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), index=True)  # UTC
    duration_min: Mapped[int] = mapped_column(Integer)
    platform: Mapped[str] = mapped_column(String(16))  # teams | zoom
    join_url: Mapped[str | None] = mapped_column(String(2000), nullable=True)
    link_kind: Mapped[str | None] = mapped_column(String(16), nullable=True)  # tutoring.calendar.LinkKind
    graph_event_id: Mapped[str | None] = mapped_column(String(500), nullable=True)
    transaction_id: Mapped[str] = mapped_column(String(64), unique=True)  # Graph's transactionId of the create
    state: Mapped[str] = mapped_column(String(16), default=SessionState.SCHEDULED.value, index=True)
    cancel_reason: Mapped[str | None] = mapped_column(String(32), nullable=True)  # cancelled | not_held
    # Versions: every change bumps `version`; the worker brings the calendar and the students up to it.
    version: Mapped[int] = mapped_column(Integer, default=1)
    synced_version: Mapped[int] = mapped_column(Integer, default=0)
    announced_version: Mapped[int] = mapped_column(Integer, default=0)  # what students were last told (0: nothing)
    sync_state: Mapped[str] = mapped_column(String(16), default=SyncState.PENDING.value, index=True)
    sync_attempts: Mapped[int] = mapped_column(Integer, default=0)
    sync_next_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), default=utcnow, index=True)
    sync_lease_until: Mapped[dt.datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    sync_error: Mapped[str | None] = mapped_column(String(500), nullable=True)
    sync_error_status: Mapped[int | None] = mapped_column(Integer, nullable=True)
    sync_round: Mapped[int] = mapped_column(Integer, default=0)  # bumped by the tutor's "try again"
    announced_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime(), nullable=True)  # students told
    # Reminders: the start each was sent for (a moved session is reminded again for its new time).
    reminded_24h_for: Mapped[dt.datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    reminded_1h_for: Mapped[dt.datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    # After the session: the tutor is asked whether it was held; "held" feeds the hours ledger.
    held_asked_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    held_answered_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    hours_recorded: Mapped[bool] = mapped_column(Boolean, default=False)
    attendance_count: Mapped[int | None] = mapped_column(Integer, nullable=True)  # enrolled students who joined
    attendance_state: Mapped[str | None] = mapped_column(String(16), nullable=True)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), default=utcnow)

    @property
    def end_at(self) -> dt.datetime:
        return self.start_at + dt.timedelta(minutes=self.duration_min)


class SessionChange(Base):
    """What a tutor did to a session, once per submission (the key is the card's submission id or activity id)."""

    __tablename__ = "session_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id"), index=True)
    key: Mapped[str] = mapped_column(String(300), unique=True)
    what: Mapped[str] = mapped_column(String(16))  # schedule | move | cancel | held | not_held | retry
    by_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), default=utcnow)
    detail: Mapped[str | None] = mapped_column(Text, nullable=True)


LONGEST = dt.timedelta(minutes=MAX_DURATION_MIN)


@dataclass(frozen=True)
class SessionRow:
    """A session with what every view needs next to it."""

    session: Session
    course: Course
    tutor: Person


@dataclass(frozen=True)
class TrainingRow:
    """A training for tutors (6.2): the session, the УОО person who organizes it, the school (None: every school)."""

    session: Session
    organizer: Person
    school: School | None


@dataclass(frozen=True)
class SyncJob:
    """A claimed session, as the worker needs it outside the transaction (ids and plain values)."""

    session_id: int
    version: int
    lease_until: dt.datetime


class SessionsRepository(Repository):
    def __init__(self, session: AsyncSession) -> None:
        super().__init__(session)
        self.changed = 0  # sessions whose calendar or students must hear of a change: the worker is kicked

    # --- writing (dialogs) -------------------------------------------------
    async def add(self, row: Session) -> Session:
        self.session.add(row)
        await self.session.flush()
        self.changed += 1
        return row

    async def mark_changed(self, row: Session, now: dt.datetime) -> None:
        """A change the calendar and the students must hear of: bump the version, sync from now."""
        row.version += 1
        row.sync_state = SyncState.PENDING.value
        row.sync_attempts = 0
        row.sync_next_at = now
        row.sync_error = None
        row.sync_error_status = None
        self.changed += 1

    async def retry_sync(self, row: Session, now: dt.datetime) -> None:
        """The tutor's "try again" after the calendar refused: same version, a new round."""
        row.sync_state = SyncState.PENDING.value
        row.sync_attempts = 0
        row.sync_next_at = now
        row.sync_round += 1
        self.changed += 1

    async def set_attendance(self, session_id: int, count: int | None, state: AttendanceState) -> None:
        await self.session.execute(
            update(Session).where(Session.id == session_id).values(attendance_count=count, attendance_state=state.value)
        )

    async def change_by_key(self, key: str) -> SessionChange | None:
        return await self.session.scalar(select(SessionChange).where(SessionChange.key == key))

    async def log_change(self, session_id: int, key: str, what: str, by_id: int, now: dt.datetime,
                         detail: str | None = None) -> None:
        self.session.add(SessionChange(session_id=session_id, key=key, what=what, by_id=by_id, at=now, detail=detail))
        await self.session.flush()

    # --- reading -----------------------------------------------------------
    async def get(self, session_id: int, *, for_update: bool = False) -> Session | None:
        query = select(Session).where(Session.id == session_id)
        if for_update and self.on_postgres:
            query = query.with_for_update()
        return await self.session.scalar(query)

    async def _rows(self, *conditions: ColumnElement[bool], student_id: int | None = None) -> list[SessionRow]:
        """Sessions with their course and tutor, by start; `student_id`: only that student's courses."""
        query = (
            select(Session, Course, Person)
            .join(Course, Course.id == Session.course_id)
            .join(Person, Person.id == Session.tutor_id)
        )
        if student_id is not None:
            query = query.join(Enrollment, Enrollment.course_id == Session.course_id).where(
                Enrollment.student_id == student_id, active_enrollment()
            )
        found = (await self.session.execute(query.where(*conditions).order_by(Session.start_at, Session.id))).all()
        return [SessionRow(*f) for f in found]

    async def row(self, session_id: int) -> SessionRow | None:
        found = await self._rows(Session.id == session_id)
        return found[0] if found else None

    async def of_courses(self, course_ids: list[int]) -> list[SessionRow]:
        """Every session of these courses, cancelled ones included, by start."""
        if not course_ids:
            return []
        return await self._rows(Session.course_id.in_(course_ids))

    async def upcoming_for_student(self, student_id: int, now: dt.datetime, limit: int = 20) -> list[SessionRow]:
        """Scheduled sessions of the student's courses that have not ended, soonest first."""
        found = await self._rows(
            Session.state == SessionState.SCHEDULED.value,
            Session.start_at > now - LONGEST,  # what may still be running; the end decides below
            student_id=student_id,
        )
        return [r for r in found if r.session.end_at > now][:limit]

    async def students_of(self, course_id: int) -> list[Person]:
        found = await self.session.scalars(
            select(Person)
            .join(Enrollment, Enrollment.student_id == Person.id)
            .where(Enrollment.course_id == course_id, active_enrollment())
            .order_by(Person.name, Person.id)
        )
        return list(found.all())

    # --- trainings (6.2) ---------------------------------------------------
    async def _trainings(self, *conditions: ColumnElement[bool]) -> list[TrainingRow]:
        query = (
            select(Session, Person, School)
            .join(Person, Person.id == Session.tutor_id)
            .outerjoin(School, School.id == Session.school_id)
            .where(Session.kind == TRAINING, *conditions)
            .order_by(Session.start_at, Session.id)
        )
        return [TrainingRow(*found) for found in (await self.session.execute(query)).all()]

    async def training_row(self, session_id: int) -> TrainingRow | None:
        found = await self._trainings(Session.id == session_id)
        return found[0] if found else None

    async def upcoming_trainings(self, now: dt.datetime, school_id: int | None = None, *,
                                 every_school: bool = False, limit: int = 20) -> list[TrainingRow]:
        """Scheduled trainings that have not ended, soonest first: those a tutor of `school_id` is invited to
        (their school's and every school's), or with `every_school` all of them (the УОО's view)."""
        conditions = [Session.state == SessionState.SCHEDULED.value, Session.start_at > now - LONGEST]
        if not every_school:
            conditions.append(or_(Session.school_id.is_(None), Session.school_id == school_id))
        return [r for r in await self._trainings(*conditions) if r.session.end_at > now][:limit]

    async def trainees(self, school_id: int | None) -> list[Person]:
        """Who a training invites: the tutors of the school, or (None) every tutor."""
        query = select(Person).where(Person.role == Role.TUTOR.value)
        if school_id is not None:
            query = query.where(Person.school_id == school_id)
        return list((await self.session.scalars(query.order_by(Person.name, Person.id))).all())

    # --- the sync sweep (worker) ------------------------------------------
    async def claim_sync(self, now: dt.datetime, limit: int, lease: dt.timedelta) -> list[SyncJob]:
        """Sessions whose calendar / students are behind and due now, leased to this worker."""
        due = (
            select(Session)
            .where(
                Session.sync_state == SyncState.PENDING.value,
                Session.sync_next_at <= now,
                or_(Session.sync_lease_until.is_(None), Session.sync_lease_until < now),
            )
            .order_by(Session.sync_next_at, Session.id)
            .limit(limit)
        )
        if self.on_postgres:
            due = due.with_for_update(skip_locked=True)
        rows = list((await self.session.scalars(due)).all())
        for row in rows:
            row.sync_lease_until = now + lease
        return [SyncJob(r.id, r.version, now + lease) for r in rows]

    # --- the after-sweeps (worker) ----------------------------------------
    async def reminder_candidates(self, now: dt.datetime, horizon: dt.timedelta) -> list[SessionRow]:
        """Scheduled sessions the students know of, starting within `horizon`: what a reminder may be due for."""
        return await self._rows(
            Session.state == SessionState.SCHEDULED.value,
            Session.announced_version > 0,
            Session.start_at > now,
            Session.start_at <= now + horizon,
        )

    async def ended_unasked(self, now: dt.datetime) -> list[SessionRow]:
        """Scheduled sessions that have ended and whose tutor was not asked yet whether they were held."""
        found = await self._rows(
            Session.state == SessionState.SCHEDULED.value,
            Session.held_asked_at.is_(None),
            Session.start_at < now,
        )
        return [r for r in found if r.session.end_at <= now]

    async def attendance_due(self, now: dt.datetime, after_end: dt.timedelta) -> list[SessionRow]:
        """Teams sessions ended at least `after_end` ago, not cancelled, whose attendance is not settled."""
        found = await self._rows(
            Session.state != SessionState.CANCELLED.value,
            Session.attendance_state.is_(None),
            Session.link_kind == "teams",
            Session.join_url.is_not(None),
            Session.start_at < now,
        )
        return [r for r in found if r.session.end_at + after_end <= now]

    async def mark_asked(self, session_id: int, now: dt.datetime) -> bool:
        """Claim the "was it held?" question: True for the one caller that set it."""
        result = await self.session.execute(
            update(Session)
            .where(and_(Session.id == session_id, Session.held_asked_at.is_(None)))
            .values(held_asked_at=now)
        )
        return bool(getattr(result, "rowcount", 0))
