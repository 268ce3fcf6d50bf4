"""Applying an imported roster as the AIS snapshot of the semesters its courses.csv names (CONTRACT §4).

`check` finds every reference that does not resolve; `apply` upserts inside the caller's transaction, ends what
the snapshot no longer lists (history kept), and says line by line what it changed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Course, Enrollment, Person, School, TutorAssignment
from storage.repository import Repository
from tutoring.roles import Role
from tutoring.roster import CourseRow, Roster, RosterProblem, Where

OfferingKey = tuple[str, str]  # (code lower-case, semester)
LOSS_SHARE = 5  # more than one in five offerings left without a tutor, or enrollments ended: ask for --yes


class RosterRejected(Exception):
    def __init__(self, problems: list[RosterProblem]) -> None:
        super().__init__(f"{len(problems)} problem(s) in the roster")
        self.problems = problems


@dataclass
class ImportCounts:
    created: int = 0
    updated: int = 0
    ended: int = 0

    @property
    def changed(self) -> int:
        return self.created + self.updated + self.ended


@dataclass(frozen=True)
class RosterChange:
    """One line of `import-roster --dry-run`: `add enrollment MGT101 2026-fall st@x.kz`."""

    verb: str  # add, end, change
    what: str  # school, person, course, enrollment, tutor
    subject: str  # course code and semester, and the person's email where there is one
    detail: str = ""

    def __str__(self) -> str:
        return f"{self.verb} {self.what} {self.subject}" + (f": {self.detail}" if self.detail else "")


@dataclass
class RosterOutcome:
    counts: ImportCounts = field(default_factory=ImportCounts)
    changes: list[RosterChange] = field(default_factory=lambda: [])
    losses: list[str] = field(default_factory=lambda: [])  # why the import needs --yes
    # Offerings whose tutor left while another took over: their open questions change hands.
    handed_over: set[int] = field(default_factory=lambda: set())
    # Existing offerings whose start, RK1, RK2 or exam date moved: an approved map needs a look.
    recalendared: set[int] = field(default_factory=lambda: set())


class RosterRepository(Repository):
    async def is_empty(self) -> bool:
        return (await self.session.scalar(select(Person.id).limit(1))) is None

    async def check(self, roster: Roster) -> list[RosterProblem]:
        """Every reference that resolves neither in the files nor in the database, with its file and line."""
        schools = {c.lower() for c in (await self.session.scalars(select(School.code))).all()}
        roles = {e: Role(r) for e, r in (await self.session.execute(select(Person.email, Person.role))).all()}
        offerings = await self._offering_keys()
        problems: list[RosterProblem] = []
        file_schools = {s.code.lower() for s in roster.schools}
        roles.update({p.email: p.role for p in roster.people})

        def need_school(where: Where, code: str) -> None:
            known = code.lower() in file_schools or code.lower() in schools or f"school:{code.lower()}" in roster.flawed
            if code and not known:
                problems.append(RosterProblem(where, f"school {code!r} is not in schools.csv nor in the database"))

        def need_role(where: Where, email: str, role: Role, column: str) -> None:
            actual = roles.get(email)
            if actual is None and f"person:{email}" not in roster.flawed:
                problems.append(RosterProblem(where, f"{column} {email!r} is not in people.csv nor in the database"))
            elif actual is not None and actual is not role:
                problems.append(RosterProblem(where, f"{column} {email!r} is a {actual.value}, not a {role.value}"))

        owners = await self.session.execute(
            select(Person.aad_object_id, Person.email).where(Person.aad_object_id.is_not(None)))
        aad_owner: dict[str | None, str] = {aad: email for aad, email in owners.all()}
        for row in roster.people:
            need_school(row.where, row.school)
            if row.aad_object_id:
                owner = aad_owner.get(row.aad_object_id)
                if owner is not None and owner != row.email:
                    problems.append(RosterProblem(row.where, f"aad_object_id already belongs to {owner}"))
                aad_owner[row.aad_object_id] = row.email
        for row in roster.courses:
            need_school(row.where, row.school)
        for row in [*roster.enrollments, *roster.tutors]:
            problem = offering_problem(roster, offerings, row.course, row.semester)
            if problem:
                problems.append(RosterProblem(row.where, problem))
        for row in roster.enrollments:
            need_role(row.where, row.student_email, Role.STUDENT, "student_email")
        for row in roster.tutors:
            need_role(row.where, row.tutor_email, Role.TUTOR, "tutor_email")
        return problems

    async def apply(self, roster: Roster, today: dt.date) -> RosterOutcome:
        """Upsert the files, end what the named semesters no longer list, and count what a term would lose."""
        problems = await self.check(roster)
        if problems:
            raise RosterRejected(sorted(problems, key=lambda p: (p.where.file, p.where.line)))
        return await _Apply(self.session, roster, today).run()

    async def _offering_keys(self) -> dict[str, list[str]]:
        rows = (await self.session.execute(select(Course.code, Course.semester))).all()
        semesters: dict[str, list[str]] = {}
        for code, semester in rows:
            semesters.setdefault(code.lower(), []).append(semester)
        return semesters


def offering_problem(roster: Roster, offerings: dict[str, list[str]], code: str, semester: str | None) -> str:
    """Why an enrollments/tutors row names no one offering; empty when it does."""
    if f"course:{code.lower()}" in roster.flawed:
        return ""
    in_file = roster.semesters_of(code)
    in_db = sorted(offerings.get(code.lower(), []))
    if semester:
        if semester in in_file or semester in in_db:
            return ""
        return f"course {code!r} in semester {semester!r} is not in courses.csv nor in the database"
    named = in_file or in_db
    if not named:
        return f"course {code!r} is not in courses.csv nor in the database"
    if len(named) > 1:
        source = "courses.csv" if in_file else "the database"
        return f"semester is required: {source} has course {code!r} in {', '.join(named)}"
    return ""


def offering_of(roster: Roster, offerings: dict[OfferingKey, Course], code: str, semester: str | None) -> Course:
    if not semester:
        named = roster.semesters_of(code) or [s for (c, s) in offerings if c == code.lower()]
        semester = named[0]
    return offerings[(code.lower(), semester)]


class _Apply:
    """One import's writes, with the lines that say what changed."""

    def __init__(self, session: AsyncSession, roster: Roster, today: dt.date) -> None:
        self.session = session
        self.roster = roster
        self.today = today
        self.outcome = RosterOutcome()

    def _put(self, obj: object, current: object | None, fields: dict[str, object], what: str, subject: str) -> None:
        counts = self.outcome.counts
        if current is None:
            for k, v in fields.items():
                setattr(obj, k, v)
            self.session.add(obj)
            counts.created += 1
            self.outcome.changes.append(RosterChange("add", what, subject))
            return
        differs = [k for k, v in fields.items() if getattr(current, k) != v]
        if differs:
            detail = ", ".join(f"{k} {getattr(current, k)} → {fields[k]}" for k in differs)
            for k in differs:
                setattr(current, k, fields[k])
            counts.updated += 1
            self.outcome.changes.append(RosterChange("change", what, subject, detail))

    async def run(self) -> RosterOutcome:
        roster, session = self.roster, self.session
        schools = {s.code.lower(): s for s in (await session.scalars(select(School))).all()}
        people = {p.email: p for p in (await session.scalars(select(Person))).all()}
        courses = {(c.code.lower(), c.semester): c for c in (await session.scalars(select(Course))).all()}
        for s in roster.schools:
            current = schools.get(s.code.lower())
            obj = current or School()
            self._put(obj, current, {"code": s.code, "name": s.name, "dean_email": s.dean_email}, "school", s.code)
            schools[s.code.lower()] = obj
        await session.flush()
        for p in roster.people:
            current = people.get(p.email)
            obj = current or Person()
            fields: dict[str, object] = {
                "email": p.email, "name": p.name, "role": p.role.value,
                "school_id": schools[p.school.lower()].id if p.school else None,
            }
            if p.aad_object_id:
                fields["aad_object_id"] = p.aad_object_id
            self._put(obj, current, fields, "person", p.email)
            people[p.email] = obj
        for c in roster.courses:
            current = courses.get((c.code.lower(), c.semester))
            if current is not None and (current.start_date, current.rk1_date, current.rk2_date, current.exam_date) \
                    != (c.start_date, c.rk1_date, c.rk2_date, c.exam_date):
                self.outcome.recalendared.add(current.id)
            obj = current or Course()
            self._put(obj, current, _course_fields(c, schools[c.school.lower()].id), "course",
                      f"{c.code} {c.semester}")
            courses[(c.code.lower(), c.semester)] = obj
        await session.flush()
        named = [c for c in courses.values() if c.semester in roster.semesters]
        await self._enrollments(courses, people, named)
        await self._tutors(courses, people, named)
        await session.flush()
        return self.outcome

    def _link(self, courses: dict[OfferingKey, Course], people: dict[str, Person], code: str,
              semester: str | None, email: str) -> tuple[tuple[int, int], str]:
        """A listed enrollment's or tutor's (course id, person id) and how a change names it."""
        course = offering_of(self.roster, courses, code, semester)
        return (course.id, people[email].id), _link_subject(course, email)

    def _end(self, row: Enrollment | TutorAssignment, what: str, course: Course, email: str) -> None:
        row.active_to = self.today
        self.outcome.counts.ended += 1
        self.outcome.changes.append(RosterChange("end", what, _link_subject(course, email)))

    async def _enrollments(self, courses: dict[OfferingKey, Course], people: dict[str, Person],
                           named: list[Course]) -> None:
        rows = list((await self.session.scalars(select(Enrollment))).all())
        existing = {(e.course_id, e.student_id): e for e in rows}
        was_active = {key for key, e in existing.items() if e.active_to is None}
        listed: set[tuple[int, int]] = set()
        for e in self.roster.enrollments:
            key, subject = self._link(courses, people, e.course, e.semester, e.student_email)
            listed.add(key)
            current = existing.get(key)
            if current is None:
                existing[key] = Enrollment(course_id=key[0], student_id=key[1])
                self.session.add(existing[key])
                self.outcome.counts.created += 1
                self.outcome.changes.append(RosterChange("add", "enrollment", subject))
            elif current.active_to is not None:
                current.active_to = None
                self.outcome.counts.created += 1
                self.outcome.changes.append(RosterChange("add", "enrollment", subject, "enrolled again"))
        if "enrollments.csv" not in self.roster.files:
            return  # a missing file is not an empty one: nothing ends
        by_id = {c.id: c for c in named}
        emails = {p.id: p.email for p in people.values()}
        active_before: dict[str, int] = {}
        ended: dict[str, int] = {}
        for key in sorted(was_active):
            course = by_id.get(key[0])
            if course is None:
                continue  # a semester this import does not name
            active_before[course.semester] = active_before.get(course.semester, 0) + 1
            if key in listed:
                continue
            ended[course.semester] = ended.get(course.semester, 0) + 1
            self._end(existing[key], "enrollment", course, emails[key[1]])
        for semester, count in sorted(ended.items()):
            if count * LOSS_SHARE > active_before[semester]:
                self.outcome.losses.append(
                    f"{semester}: {count} of {active_before[semester]} enrollments would end")

    async def _tutors(self, courses: dict[OfferingKey, Course], people: dict[str, Person],
                      named: list[Course]) -> None:
        rows = list((await self.session.scalars(select(TutorAssignment))).all())
        existing = {(a.course_id, a.tutor_id): a for a in rows}
        had_tutor = {a.course_id for a in rows if a.active_to is None}
        listed: set[tuple[int, int]] = set()
        by_id = {c.id: c for c in courses.values()}
        emails = {p.id: p.email for p in people.values()}
        for t in self.roster.tutors:
            key, subject = self._link(courses, people, t.course, t.semester, t.tutor_email)
            listed.add(key)
            current = existing.get(key)
            fields: dict[str, object] = {"course_id": key[0], "tutor_id": key[1], "approved_by": t.approved_by,
                                         "council_decision": t.council_decision}
            if current is not None and current.active_to is not None:
                current.active_to = None
                current.active_from = self.today
                self.outcome.changes.append(RosterChange("add", "tutor", subject, "assigned again"))
                self.outcome.counts.created += 1
            obj = current or TutorAssignment(active_from=self.today)
            self._put(obj, current, fields, "tutor", subject)
            existing[key] = obj
        if "tutors.csv" not in self.roster.files:
            return
        for key, row in existing.items():
            course = by_id[key[0]]
            if course.semester not in self.roster.semesters or row.active_to is not None or key in listed:
                continue
            self._end(row, "tutor", course, emails[key[1]])
        has_tutor = {a.course_id for a in existing.values() if a.active_to is None}
        self.outcome.handed_over = {
            a.course_id for a in existing.values()
            if a.active_to == self.today and a.course_id in has_tutor and a.course_id in had_tutor
        }
        for semester in sorted({c.semester for c in named}):
            offerings = [c for c in named if c.semester == semester]
            lost = [c for c in offerings if c.id in had_tutor and c.id not in has_tutor]
            if len(lost) * LOSS_SHARE > len(offerings):
                self.outcome.losses.append(
                    f"{semester}: {len(lost)} of {len(offerings)} offerings would be left without a tutor")


def _link_subject(course: Course, email: str) -> str:
    """How a change names an enrollment or a tutor assignment."""
    return f"{course.code} {course.semester} {email}"


def _course_fields(c: CourseRow, school_id: int) -> dict[str, object]:
    return {
        "code": c.code, "name": c.name, "school_id": school_id, "semester": c.semester, "language": c.language,
        "start_date": c.start_date, "rk1_date": c.rk1_date, "rk2_date": c.rk2_date, "exam_date": c.exam_date,
        "mooc_url": c.mooc_url, "moodle_course_id": c.moodle_course_id,
    }
