"""Proctoring reports and the tutor's review (Regulation 7.3, CONTRACT §9). One row per proctoring session: a
resend replaces it, and reopens a decided review only when the score or the violations changed."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import Float, ForeignKey, Integer, String, Text, func, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.models import Base, Course, Person, TutorAssignment, active_assignment
from storage.repository import Repository
from storage.types import UtcDateTime
from tutoring.proctoring import ProctoringRecord


class ReviewState(StrEnum):
    NONE = "none"  # below the threshold and no violations: nothing to review
    PENDING = "pending"
    APPROVED = "approved"
    DECLINED = "declined"


class ProctoringReport(Base):
    __tablename__ = "proctoring_reports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[str] = mapped_column(String(200), unique=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id"), index=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    exam: Mapped[str] = mapped_column(String(8))
    started_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    score: Mapped[float] = mapped_column(Float)
    violations_json: Mapped[str] = mapped_column(Text)
    video_url: Mapped[str] = mapped_column(String(2000))
    fingerprint: Mapped[str] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, default=1)  # grows when a resend reopens the review
    received_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    review_state: Mapped[str] = mapped_column(String(16), index=True)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"), nullable=True)
    decided_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    comment: Mapped[str | None] = mapped_column(Text, nullable=True)

    course: Mapped[Course] = relationship(lazy="joined")
    student: Mapped[Person] = relationship(lazy="joined", foreign_keys=[student_id])
    decided_by: Mapped[Person | None] = relationship(lazy="joined", foreign_keys=[decided_by_id])

    def violations(self) -> list[dict[str, str]]:
        return list(json.loads(self.violations_json))


@dataclass(frozen=True)
class Received:
    report: ProctoringReport
    to_review: bool  # new or reopened: the course's tutors get a card


class ProctoringRepository(Repository):
    async def offering(self, code: str, semester: str) -> Course | None:
        return await self.session.scalar(select(Course).where(func.lower(Course.code) == code.lower(),
                                                              Course.semester == semester))

    async def receive(self, record: ProctoringRecord, *, course: Course, student: Person,
                      now: dt.datetime) -> Received:
        row = await self.session.scalar(select(ProctoringReport).where(
            ProctoringReport.session_id == record.session_id))
        fields = {
            "course_id": course.id, "student_id": student.id, "exam": record.exam, "started_at": record.started_at,
            "score": record.score, "video_url": record.video_url, "received_at": now,
            "violations_json": json.dumps([{"type": v.type, "at": v.at.isoformat(), "severity": v.severity}
                                           for v in record.violations], ensure_ascii=False),
        }
        wanted = ReviewState.PENDING if record.needs_review else ReviewState.NONE
        if row is None:
            row = ProctoringReport(session_id=record.session_id, fingerprint=record.fingerprint(), version=1,
                                   review_state=wanted.value, **fields)
            self.session.add(row)
            await self.session.flush()
            return Received(row, wanted is ReviewState.PENDING)
        changed = row.fingerprint != record.fingerprint()
        for name, value in fields.items():
            setattr(row, name, value)
        if not changed:
            return Received(row, False)  # the same data again: the decision (or the wait) stands
        row.fingerprint, row.version = record.fingerprint(), row.version + 1
        row.review_state = wanted.value
        row.decided_by_id, row.decided_at, row.comment = None, None, None
        await self.session.flush()
        return Received(row, wanted is ReviewState.PENDING)

    async def get(self, report_id: int) -> ProctoringReport | None:
        return await self.session.get(ProctoringReport, report_id)

    async def pending_for_tutor(self, tutor_id: int) -> list[ProctoringReport]:
        mine = select(TutorAssignment.course_id).where(TutorAssignment.tutor_id == tutor_id, active_assignment())
        rows = await self.session.scalars(select(ProctoringReport).where(
            ProctoringReport.course_id.in_(mine), ProctoringReport.review_state == ReviewState.PENDING.value)
            .order_by(ProctoringReport.received_at, ProctoringReport.id))
        return list(rows.unique().all())

    async def decide(self, report: ProctoringReport, *, approve: bool, comment: str, tutor: Person,
                     now: dt.datetime) -> None:
        report.review_state = (ReviewState.APPROVED if approve else ReviewState.DECLINED).value
        report.decided_by_id, report.decided_at, report.comment = tutor.id, now, comment or None
        await self.session.flush()
        await self.session.refresh(report)
