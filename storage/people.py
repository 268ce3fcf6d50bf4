"""People and what they belong to: the lookups behind "who is who" (CONTRACT §5)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Course, Enrollment, Person, TutorAssignment, active_assignment, active_enrollment
from storage.repository import Repository
from tutoring.roles import Role
from tutoring.semesters import SemesterSpan, current_semester


async def semester_of_day(session: AsyncSession, today: dt.date) -> str | None:
    """The current semester on `today` (tutoring.semesters), from the offerings' dates."""
    rows = await session.execute(
        select(Course.semester, func.min(Course.start_date), func.max(Course.exam_date)).group_by(Course.semester)
    )
    return current_semester((SemesterSpan(n, s, e) for n, s, e in rows.all()), today)


async def people_by_course(session: AsyncSession, course_ids: list[int],
                           pairs: Select[int, Person]) -> dict[int, list[Person]]:
    """Each of `course_ids`, also one without anybody, with the people `pairs` (course id, person) give it, in
    their order."""
    found: dict[int, list[Person]] = {i: [] for i in course_ids}
    if course_ids:
        for course_id, person in (await session.execute(pairs)).all():
            found[course_id].append(person)
    return found


class PeopleRepository(Repository):
    def __init__(self, session: AsyncSession) -> None:
        super().__init__(session)
        self._semester_on: dict[dt.date, str | None] = {}

    async def by_teams_user_id(self, teams_user_id: str) -> Person | None:
        return await self.session.scalar(select(Person).where(Person.teams_user_id == teams_user_id))

    async def by_aad_object_id(self, aad_object_id: str) -> Person | None:
        return await self.session.scalar(select(Person).where(Person.aad_object_id == aad_object_id.lower()))

    async def by_email(self, email: str) -> Person | None:
        return await self.session.scalar(select(Person).where(Person.email == email.strip().lower()))

    async def by_id(self, person_id: int) -> Person | None:
        return await self.session.get(Person, person_id)

    async def remember_teams_identity(
        self, person: Person, *, teams_user_id: str, aad_object_id: str | None, locale: str | None
    ) -> None:
        """Remember the Teams ids so the next turn needs no member lookup; clear them from anyone stale."""
        if person.teams_user_id != teams_user_id:
            stale = await self.by_teams_user_id(teams_user_id)
            if stale is not None and stale.id != person.id:
                stale.teams_user_id = None
                await self.session.flush()
            person.teams_user_id = teams_user_id
        if aad_object_id and person.aad_object_id is None:
            owner = await self.by_aad_object_id(aad_object_id)
            if owner is None:
                person.aad_object_id = aad_object_id.lower()
        if locale and person.locale != locale:
            person.locale = locale

    async def current_semester(self, today: dt.date) -> str | None:
        """Kept for the unit of work: a card turn asks it for the person's courses and again for their progress,
        and it is a pass over every offering. Offerings change only by a roster import, which never asks it."""
        if today not in self._semester_on:
            self._semester_on[today] = await semester_of_day(self.session, today)
        return self._semester_on[today]

    async def semesters(self) -> list[str]:
        return sorted((await self.session.scalars(select(Course.semester).distinct())).all())

    async def courses_of(self, person: Person, today: dt.date, semester: str | None = None) -> list[Course]:
        """The offerings a person works with in the current semester (or the one named): enrolled (student),
        assigned (tutor), the school's (dean), all (admin). Ended enrollments and assignments do not count."""
        semester = semester or await self.current_semester(today)
        query = select(Course).where(Course.semester == (semester or "")).order_by(Course.code)
        match Role(person.role):
            case Role.STUDENT:
                query = query.join(Enrollment, Enrollment.course_id == Course.id).where(
                    Enrollment.student_id == person.id, active_enrollment()
                )
            case Role.TUTOR:
                query = query.join(TutorAssignment, TutorAssignment.course_id == Course.id).where(
                    TutorAssignment.tutor_id == person.id, active_assignment()
                )
            case Role.DEAN:
                query = query.where(Course.school_id == person.school_id)
            case Role.ADMIN | Role.UOO:
                pass
        return list((await self.session.scalars(query)).all())
