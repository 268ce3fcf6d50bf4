"""Applying an imported roster: upserts inside the caller's transaction, references checked first."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Course, Enrollment, Person, School, TutorAssignment
from tutoring.roles import Role
from tutoring.roster import Roster, RosterProblem, Where


class RosterRejected(Exception):
    def __init__(self, problems: list[RosterProblem]) -> None:
        super().__init__(f"{len(problems)} problem(s) in the roster")
        self.problems = problems


@dataclass
class ImportCounts:
    created: int = 0
    updated: int = 0

    @property
    def changed(self) -> int:
        return self.created + self.updated


class RosterRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def is_empty(self) -> bool:
        return (await self.session.scalar(select(Person.id).limit(1))) is None

    async def apply(self, roster: Roster) -> ImportCounts:
        """Upsert everything; raise RosterRejected (nothing written) if a reference does not resolve."""
        schools = {s.code.lower(): s for s in (await self.session.scalars(select(School))).all()}
        people = {p.email: p for p in (await self.session.scalars(select(Person))).all()}
        courses = {c.code.lower(): c for c in (await self.session.scalars(select(Course))).all()}
        problems: list[RosterProblem] = []
        file_schools = {s.code.lower() for s in roster.schools}
        file_roles = {p.email: p.role for p in roster.people}
        file_courses = {c.code.lower() for c in roster.courses}

        def role_of(email: str) -> Role | None:
            if email in file_roles:
                return file_roles[email]
            person = people.get(email)
            return Role(person.role) if person else None

        def need_school(where: Where, code: str) -> None:
            if code and code.lower() not in file_schools and code.lower() not in schools:
                problems.append(RosterProblem(where, f"school {code!r} is not in schools.csv nor in the database"))

        def need_course(where: Where, code: str) -> None:
            if code.lower() not in file_courses and code.lower() not in courses:
                problems.append(RosterProblem(where, f"course {code!r} is not in courses.csv nor in the database"))

        def need_role(where: Where, email: str, role: Role, column: str) -> None:
            actual = role_of(email)
            if actual is None:
                problems.append(RosterProblem(where, f"{column} {email!r} is not in people.csv nor in the database"))
            elif actual is not role:
                problems.append(RosterProblem(where, f"{column} {email!r} is a {actual.value}, not a {role.value}"))

        aad_owner = {p.aad_object_id: p.email for p in people.values() if p.aad_object_id}
        for row in roster.people:
            need_school(row.where, row.school)
            if row.aad_object_id:
                owner = aad_owner.get(row.aad_object_id)
                if owner is not None and owner != row.email:
                    problems.append(RosterProblem(row.where, f"aad_object_id already belongs to {owner}"))
                aad_owner[row.aad_object_id] = row.email
        for row in roster.courses:
            need_school(row.where, row.school)
        for row in roster.enrollments:
            need_course(row.where, row.course)
            need_role(row.where, row.student_email, Role.STUDENT, "student_email")
        for row in roster.tutors:
            need_course(row.where, row.course)
            need_role(row.where, row.tutor_email, Role.TUTOR, "tutor_email")
        if problems:
            raise RosterRejected(sorted(problems, key=lambda p: (p.where.file, p.where.line)))
        return await self._upsert(roster, schools, people, courses)

    async def _upsert(
        self,
        roster: Roster,
        schools: dict[str, School],
        people: dict[str, Person],
        courses: dict[str, Course],
    ) -> ImportCounts:
        counts = ImportCounts()

        def put(obj: object, current: object | None, fields: dict[str, object]) -> None:
            if current is None:
                for k, v in fields.items():
                    setattr(obj, k, v)
                self.session.add(obj)
                counts.created += 1
            elif any(getattr(current, k) != v for k, v in fields.items()):
                for k, v in fields.items():
                    setattr(current, k, v)
                counts.updated += 1

        for s in roster.schools:
            current = schools.get(s.code.lower())
            obj = current or School()
            put(obj, current, {"code": s.code, "name": s.name, "dean_email": s.dean_email})
            schools[s.code.lower()] = obj
        await self.session.flush()
        for p in roster.people:
            current = people.get(p.email)
            obj = current or Person()
            fields: dict[str, object] = {
                "email": p.email,
                "name": p.name,
                "role": p.role.value,
                "school_id": schools[p.school.lower()].id if p.school else None,
            }
            if p.aad_object_id:
                fields["aad_object_id"] = p.aad_object_id
            put(obj, current, fields)
            people[p.email] = obj
        for c in roster.courses:
            current = courses.get(c.code.lower())
            obj = current or Course()
            put(obj, current, {
                "code": c.code, "name": c.name, "school_id": schools[c.school.lower()].id,
                "semester": c.semester, "language": c.language, "start_date": c.start_date,
                "rk1_date": c.rk1_date, "rk2_date": c.rk2_date, "exam_date": c.exam_date, "mooc_url": c.mooc_url,
            })
            courses[c.code.lower()] = obj
        await self.session.flush()

        enrolled = {(e.course_id, e.student_id) for e in (await self.session.scalars(select(Enrollment))).all()}
        for e in roster.enrollments:
            key = (courses[e.course.lower()].id, people[e.student_email].id)
            if key not in enrolled:
                self.session.add(Enrollment(course_id=key[0], student_id=key[1]))
                enrolled.add(key)
                counts.created += 1
        assigned = {(a.course_id, a.tutor_id): a for a in (await self.session.scalars(select(TutorAssignment))).all()}
        for t in roster.tutors:
            key = (courses[t.course.lower()].id, people[t.tutor_email].id)
            current_a = assigned.get(key)
            obj_a = current_a or TutorAssignment()
            put(obj_a, current_a, {
                "course_id": key[0], "tutor_id": key[1],
                "approved_by": t.approved_by, "council_decision": t.council_decision,
            })
            assigned[key] = obj_a
        await self.session.flush()
        return counts
