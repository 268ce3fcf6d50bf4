"""Tutor appointments (Regulation 8.2, 8.3): a candidate proposed, agreed with the dean, fixed by the School
Council's decision. A proposal is decided once; an approval makes (or renews) the tutor assignment."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from sqlalchemy import Date, ForeignKey, Integer, String, Text, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.models import (
    Base,
    Course,
    Person,
    TutorAssignment,
    active_assignment,
)
from storage.repository import Repository
from storage.types import UtcDateTime
from tutoring.roles import Role


class ProposalState(StrEnum):
    PROPOSED = "proposed"
    APPROVED = "approved"
    REJECTED = "rejected"


class TutorProposal(Base):
    __tablename__ = "tutor_proposals"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)  # the proposing submission: a replay adds nothing
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id"), index=True)
    tutor_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    proposed_by_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    proposed_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    state: Mapped[str] = mapped_column(String(16), default=ProposalState.PROPOSED.value)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"), nullable=True)
    decided_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    comment: Mapped[str | None] = mapped_column(Text, nullable=True)
    council_number: Mapped[str | None] = mapped_column(String(100), nullable=True)
    council_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)

    course: Mapped[Course] = relationship(lazy="joined")
    tutor: Mapped[Person] = relationship(lazy="joined", foreign_keys=[tutor_id])
    proposed_by: Mapped[Person] = relationship(lazy="joined", foreign_keys=[proposed_by_id])
    decided_by: Mapped[Person | None] = relationship(lazy="joined", foreign_keys=[decided_by_id])


class AppointmentsRepository(Repository):
    async def get(self, proposal_id: int) -> TutorProposal | None:
        return await self.session.get(TutorProposal, proposal_id)

    async def by_key(self, key: str) -> TutorProposal | None:
        return await self.session.scalar(select(TutorProposal).where(TutorProposal.key == key))

    async def pending(self, course_id: int, tutor_id: int) -> TutorProposal | None:
        return await self.session.scalar(select(TutorProposal).where(
            TutorProposal.course_id == course_id, TutorProposal.tutor_id == tutor_id,
            TutorProposal.state == ProposalState.PROPOSED.value))

    async def propose(self, *, key: str, course: Course, tutor: Person, by: Person,
                      now: dt.datetime) -> TutorProposal:
        row = TutorProposal(key=key, course_id=course.id, tutor_id=tutor.id, proposed_by_id=by.id, proposed_at=now,
                            state=ProposalState.PROPOSED.value)
        self.session.add(row)
        await self.session.flush()
        await self.session.refresh(row)
        return row

    async def staff_of_school(self, school_id: int) -> list[Person]:
        """The school's teaching staff who may tutor (8.2: a candidate comes from the ППС)."""
        rows = await self.session.scalars(select(Person).where(
            Person.school_id == school_id, Person.role == Role.TUTOR.value).order_by(Person.name))
        return list(rows.all())

    async def deans_of_school(self, school_id: int) -> list[Person]:
        rows = await self.session.scalars(select(Person).where(
            Person.school_id == school_id, Person.role == Role.DEAN.value).order_by(Person.name))
        return list(rows.all())

    async def approve(self, proposal: TutorProposal, *, dean: Person, council_number: str, council_date: dt.date,
                      now: dt.datetime) -> TutorAssignment:
        """Record the decision and make the assignment active from the council's date (8.3)."""
        proposal.state = ProposalState.APPROVED.value
        proposal.decided_by_id, proposal.decided_at = dean.id, now
        proposal.council_number, proposal.council_date = council_number, council_date
        assignment = await self.session.scalar(select(TutorAssignment).where(
            TutorAssignment.course_id == proposal.course_id, TutorAssignment.tutor_id == proposal.tutor_id))
        if assignment is None:
            assignment = TutorAssignment(course_id=proposal.course_id, tutor_id=proposal.tutor_id)
            self.session.add(assignment)
        assignment.approved_by = dean.name
        assignment.council_decision = f"№ {council_number} {council_date.isoformat()}"
        assignment.active_from, assignment.active_to = council_date, None
        await self.session.flush()
        await self.session.refresh(proposal)
        return assignment

    async def reject(self, proposal: TutorProposal, *, dean: Person, comment: str, now: dt.datetime) -> None:
        proposal.state = ProposalState.REJECTED.value
        proposal.decided_by_id, proposal.decided_at, proposal.comment = dean.id, now, comment
        await self.session.flush()
        await self.session.refresh(proposal)

    async def untutored(self, semester: str, school_id: int | None = None) -> list[Course]:
        """Offerings of the semester without an active tutor: the dean's summary lists them."""
        tutored = select(TutorAssignment.course_id).where(active_assignment())
        query = select(Course).where(Course.semester == semester, Course.id.not_in(tutored)).order_by(Course.code)
        if school_id is not None:
            query = query.where(Course.school_id == school_id)
        return list((await self.session.scalars(query)).all())
