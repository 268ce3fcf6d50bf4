"""AIS grade sheets (Regulation 7.4, CONTRACT §11): after RK1, RK2 and the exam the tutor fills the course's grade
sheet in the AIS. A row exists once the sheet was marked filled or its tutor reminded; both happen once."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.models import Base, Course, Person, TutorAssignment, active_assignment
from storage.people import people_by_course
from storage.repository import Repository
from storage.types import UtcDateTime


class GradeSheet(Base):
    __tablename__ = "gradesheets"
    __table_args__ = (UniqueConstraint("course_id", "control"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id"), index=True)
    control: Mapped[str] = mapped_column(String(8))  # rk1, rk2, exam
    filled_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"), nullable=True)
    filled_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    reminded_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime(), nullable=True)

    filled_by: Mapped[Person | None] = relationship(lazy="joined")


class GradeSheetsRepository(Repository):
    async def of_courses(self, course_ids: list[int]) -> dict[tuple[int, str], GradeSheet]:
        if not course_ids:
            return {}
        rows = await self.session.scalars(select(GradeSheet).where(GradeSheet.course_id.in_(course_ids)))
        return {(r.course_id, r.control): r for r in rows.unique().all()}

    async def sheet(self, course_id: int, control: str) -> GradeSheet:
        """The row of a course's control point, made on first use."""
        found = await self.session.scalar(select(GradeSheet).where(
            GradeSheet.course_id == course_id, GradeSheet.control == control))
        if found is None:
            found = GradeSheet(course_id=course_id, control=control)
            self.session.add(found)
            await self.session.flush()
        return found

    async def courses(self, semester: str, school_id: int | None = None) -> list[Course]:
        query = select(Course).where(Course.semester == semester).order_by(Course.code)
        if school_id is not None:
            query = query.where(Course.school_id == school_id)
        return list((await self.session.scalars(query)).all())

    async def tutors(self, course_ids: list[int]) -> dict[int, list[Person]]:
        assigned = (select(TutorAssignment.course_id, Person).join(Person, Person.id == TutorAssignment.tutor_id)
                    .where(TutorAssignment.course_id.in_(course_ids), active_assignment()).order_by(Person.name))
        return await people_by_course(self.session, course_ids, assigned)
