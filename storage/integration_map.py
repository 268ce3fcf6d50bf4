"""Models and queries of the integration_map feature: one working draft per course, every submitted version kept.

`integration_maps` holds the draft a tutor edits part by part and the state of its latest version;
`integration_map_versions` keeps each submission as it was sent, with its review (approved / returned with a
comment); `integration_map_edits` is the log of saves, whose unique key makes a replayed card a no-op.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, replace

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint, func, select
from sqlalchemy.orm import Mapped, mapped_column

from storage.models import Base, Course, Person, School, TutorAssignment, active_assignment, utcnow
from storage.repository import Repository
from storage.types import UtcDateTime
from tutoring.clock import local_date
from tutoring.integration_map import (
    ConsultationPoint,
    CourseFacts,
    MapContent,
    MapDocument,
    MapState,
    consultation_points,
    content_from_json,
    content_to_json,
    with_course_dates,
)


class IntegrationMap(Base):
    __tablename__ = "integration_maps"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id"), unique=True)
    draft_json: Mapped[str] = mapped_column(Text)
    # The state of the latest version (draft while none was submitted); the draft may have changed since.
    state: Mapped[str] = mapped_column(String(16), default=MapState.DRAFT.value)
    latest_version: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"), nullable=True)
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"), nullable=True)


class IntegrationMapVersion(Base):
    __tablename__ = "integration_map_versions"
    __table_args__ = (UniqueConstraint("map_id", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    map_id: Mapped[int] = mapped_column(ForeignKey("integration_maps.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    content_json: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(16), default=MapState.SUBMITTED.value)
    submission_key: Mapped[str] = mapped_column(String(300), unique=True)
    submitted_by_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    submitted_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"), nullable=True)
    reviewer_role: Mapped[str | None] = mapped_column(String(16), nullable=True)
    reviewed_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    review_comment: Mapped[str | None] = mapped_column(Text, nullable=True)
    # The course's dates when it was submitted: an approved version keeps them if the AIS moves the calendar.
    course_dates_json: Mapped[str | None] = mapped_column(Text, nullable=True)
    # The first of the two signatures (Appendix 1, "Согласовано"): the school's; the УОО's is `reviewed_*`.
    school_approved_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", name="fk_map_versions_school_approved_by"), nullable=True)
    school_approved_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    change_note: Mapped[str | None] = mapped_column(Text, nullable=True)  # what a new version of an approved map changes


class IntegrationMapEdit(Base):
    """Who saved which part when; `key` (the Teams activity id) makes a replayed save a no-op."""

    __tablename__ = "integration_map_edits"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(300), unique=True)
    map_id: Mapped[int] = mapped_column(ForeignKey("integration_maps.id"), index=True)
    step: Mapped[str] = mapped_column(String(16))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime())


@dataclass(frozen=True)
class MapSummary:
    """One line of a reviewer's list."""

    course: Course
    map: IntegrationMap
    latest: IntegrationMapVersion | None


def course_facts(course: Course) -> CourseFacts:
    return CourseFacts(
        code=course.code, name=course.name, language=course.language, semester=course.semester,
        start_date=course.start_date, rk1_date=course.rk1_date, rk2_date=course.rk2_date,
        exam_date=course.exam_date, mooc_url=course.mooc_url,
    )


_DATE_FIELDS = ("start_date", "rk1_date", "rk2_date", "exam_date")


def dates_json(course: Course) -> str:
    return json.dumps({f: getattr(course, f).isoformat() for f in _DATE_FIELDS})


def facts_as_submitted(facts: CourseFacts, version: IntegrationMapVersion) -> CourseFacts:
    """The course as the version was submitted with (older versions stored no dates: today's)."""
    if not version.course_dates_json:
        return facts
    stored = json.loads(version.course_dates_json)
    return replace(facts, **{f: dt.date.fromisoformat(stored[f]) for f in _DATE_FIELDS if f in stored})


class IntegrationMapRepository(Repository):
    # --- reading ---------------------------------------------------------------------------------------
    async def course(self, course_id: int) -> Course | None:
        return await self.session.get(Course, course_id)

    async def offerings_of(self, code: str) -> list[Course]:
        """Every offering of a course code, oldest first (one per semester)."""
        rows = await self.session.scalars(
            select(Course).where(func.lower(Course.code) == code.strip().lower()).order_by(Course.start_date))
        return list(rows.all())

    async def of_course(self, course_id: int) -> IntegrationMap | None:
        return await self.session.scalar(select(IntegrationMap).where(IntegrationMap.course_id == course_id))

    async def is_tutor_of(self, person: Person, course_id: int) -> bool:
        found = await self.session.scalar(
            select(TutorAssignment.id).where(TutorAssignment.course_id == course_id,
                                             TutorAssignment.tutor_id == person.id, active_assignment())
        )
        return found is not None

    async def tutors_of(self, course_id: int) -> list[Person]:
        query = (select(Person).join(TutorAssignment, TutorAssignment.tutor_id == Person.id)
                 .where(TutorAssignment.course_id == course_id, active_assignment()).order_by(Person.name))
        return list((await self.session.scalars(query)).all())

    async def dean_of(self, course: Course) -> Person | None:
        """The dean of the course's school: the school's dean_email, else a dean person of the school."""
        school = await self.session.get(School, course.school_id)
        if school is not None:
            dean = await self.session.scalar(select(Person).where(Person.email == school.dean_email.lower()))
            if dean is not None:
                return dean
        return await self.session.scalar(
            select(Person).where(Person.school_id == course.school_id, Person.role == "dean").order_by(Person.id)
        )

    async def uoo_people(self) -> list[Person]:
        """The Office of Online Education's staff: any of them signs a map second (Appendix 1)."""
        query = select(Person).where(Person.role == "uoo").order_by(Person.name)
        return list((await self.session.scalars(query)).all())

    async def controls_saved(self, map_: IntegrationMap) -> bool:
        """The tutor has confirmed the consultation dates: saved their card, or submitted the map."""
        if map_.latest_version > 0:
            return True
        found = await self.session.scalar(select(IntegrationMapEdit.id).where(
            IntegrationMapEdit.map_id == map_.id, IntegrationMapEdit.step == "controls"))
        return found is not None

    async def person(self, person_id: int | None) -> Person | None:
        return None if person_id is None else await self.session.get(Person, person_id)

    def content(self, map_: IntegrationMap, course: Course) -> MapContent:
        return with_course_dates(content_from_json(map_.draft_json), course_facts(course))

    async def version(self, map_id: int, number: int) -> IntegrationMapVersion | None:
        return await self.session.scalar(
            select(IntegrationMapVersion).where(IntegrationMapVersion.map_id == map_id,
                                                IntegrationMapVersion.number == number)
        )

    async def latest(self, map_: IntegrationMap) -> IntegrationMapVersion | None:
        return None if map_.latest_version == 0 else await self.version(map_.id, map_.latest_version)

    async def versions(self, map_id: int) -> list[IntegrationMapVersion]:
        query = select(IntegrationMapVersion).where(IntegrationMapVersion.map_id == map_id)
        return list((await self.session.scalars(query.order_by(IntegrationMapVersion.number))).all())

    async def latest_approved(self, map_id: int) -> IntegrationMapVersion | None:
        return await self.session.scalar(
            select(IntegrationMapVersion)
            .where(IntegrationMapVersion.map_id == map_id, IntegrationMapVersion.state == MapState.APPROVED.value)
            .order_by(IntegrationMapVersion.number.desc())
            .limit(1)
        )

    async def approved_before(self, map_id: int, number: int) -> IntegrationMapVersion | None:
        """The latest approved version older than version `number`: what a syllabus update changes."""
        return await self.session.scalar(
            select(IntegrationMapVersion)
            .where(IntegrationMapVersion.map_id == map_id, IntegrationMapVersion.state == MapState.APPROVED.value,
                   IntegrationMapVersion.number < number)
            .order_by(IntegrationMapVersion.number.desc())
            .limit(1)
        )

    async def for_review(self, school_id: int | None) -> list[MapSummary]:
        """Maps of one school (a dean) or all (school_id None, an admin), those awaiting review first."""
        query = select(IntegrationMap, Course).join(Course, Course.id == IntegrationMap.course_id)
        if school_id is not None:
            query = query.where(Course.school_id == school_id)
        rows = (await self.session.execute(query.order_by(Course.code))).all()
        result = [MapSummary(course, map_, await self.latest(map_)) for map_, course in rows]
        return sorted(result, key=lambda s: (s.map.state != MapState.SUBMITTED.value, s.course.code))

    async def consultation_points(self, course_id: int) -> tuple[ConsultationPoint, ...] | None:
        """The consultations of the course's map, for the sessions feature's control-point defaults.

        From the latest approved version, else the latest submitted one, else the draft; None without a map."""
        map_ = await self.of_course(course_id)
        course = await self.course(course_id)
        if map_ is None or course is None:
            return None
        chosen = await self.latest_approved(map_.id) or await self.latest(map_)
        content = content_from_json(chosen.content_json) if chosen else content_from_json(map_.draft_json)
        facts = course_facts(course)
        return consultation_points(with_course_dates(content, facts), facts)

    async def document(self, course: Course, number: int | None = None) -> MapDocument | None:
        """What the DOCX shows: version `number`; the working draft for 0; for None the approved version, else
        the latest one, else the draft. None when there is no such map or version. Signatures: the submitting
        tutor compiled it; an approving dean signs as the school's program leader, an admin as director of УОО."""
        map_ = await self.of_course(course.id)
        if map_ is None:
            return None
        facts = course_facts(course)
        if number == 0 or (number is None and map_.latest_version == 0):
            editor = await self.person(map_.updated_by_id)
            return MapDocument(facts, self.content(map_, course), 0, MapState.DRAFT,
                               lecturer=editor.name if editor else None, latest_version=map_.latest_version,
                               latest_state=MapState(map_.state))
        if number is None:
            version = await self.latest_approved(map_.id) or await self.latest(map_)
        else:
            version = await self.version(map_.id, number)
        if version is None:
            return None
        return await self._version_document(facts_as_submitted(facts, version), version)

    async def _version_document(self, facts: CourseFacts, version: IntegrationMapVersion) -> MapDocument:
        """Both signatures of "Согласовано": the school's (its dean) and the УОО's, each with its day. A version
        approved in one step before there were two keeps its one signer where their role puts them."""
        state = MapState(version.state)
        tutor = await self.person(version.submitted_by_id)
        school = await self.person(version.school_approved_by_id)
        school_on = local_date(version.school_approved_at) if version.school_approved_at else None
        final = await self.person(version.reviewed_by_id) if state is MapState.APPROVED else None
        final_on = local_date(version.reviewed_at) if final and version.reviewed_at else None
        if school is None and final is not None and version.reviewer_role == "dean":
            school, school_on, final, final_on = final, final_on, None, None
        return MapDocument(
            facts, with_course_dates(content_from_json(version.content_json), facts), version.number, state,
            lecturer=tutor.name if tutor else None,
            program_leader=school.name if school else None, program_leader_on=school_on,
            director=final.name if final else None, director_on=final_on,
            approved_on=final_on or (school_on if state is MapState.APPROVED else None),
        )

    # --- writing ---------------------------------------------------------------------------------------
    async def create(self, course: Course, content: MapContent, person: Person, now: dt.datetime) -> IntegrationMap:
        map_ = IntegrationMap(course_id=course.id, draft_json=content_to_json(content), state=MapState.DRAFT.value,
                              latest_version=0, created_at=now, created_by_id=person.id, updated_at=now,
                              updated_by_id=person.id)
        self.session.add(map_)
        await self.session.flush()
        return map_

    async def is_untouched(self, map_: IntegrationMap) -> bool:
        """Nothing saved or submitted yet: still the defaults the bot made."""
        edited = await self.session.scalar(select(IntegrationMapEdit.id).where(IntegrationMapEdit.map_id == map_.id))
        return edited is None and map_.latest_version == 0

    async def was_saved(self, key: str) -> bool:
        return (await self.session.scalar(select(IntegrationMapEdit.id).where(IntegrationMapEdit.key == key))) \
            is not None

    async def save(self, map_: IntegrationMap, content: MapContent, *, step: str, key: str, person: Person,
                   now: dt.datetime) -> bool:
        """Store the draft; False (nothing changed) when this key was saved before (a replayed card)."""
        if key and await self.was_saved(key):
            return False
        if key:
            self.session.add(IntegrationMapEdit(key=key, map_id=map_.id, step=step, person_id=person.id, at=now))
        map_.draft_json = content_to_json(content)
        map_.updated_at = now
        map_.updated_by_id = person.id
        await self.session.flush()
        return True

    async def by_submission_key(self, key: str) -> IntegrationMapVersion | None:
        return await self.session.scalar(
            select(IntegrationMapVersion).where(IntegrationMapVersion.submission_key == key)
        )

    async def submit(self, map_: IntegrationMap, *, key: str, person: Person, now: dt.datetime,
                     course: Course | None = None, note: str | None = None) -> IntegrationMapVersion:
        """Keep the draft as version N+1 awaiting review; a version still awaiting review is superseded."""
        previous = await self.latest(map_)
        if previous is not None and previous.state in (MapState.SUBMITTED.value, MapState.SCHOOL_APPROVED.value):
            previous.state = MapState.SUPERSEDED.value
        version = IntegrationMapVersion(
            map_id=map_.id, number=map_.latest_version + 1, content_json=map_.draft_json,
            state=MapState.SUBMITTED.value, submission_key=key, submitted_by_id=person.id, submitted_at=now,
            course_dates_json=dates_json(course or await self._course_of(map_)), change_note=note or None,
        )
        self.session.add(version)
        map_.latest_version = version.number
        map_.state = MapState.SUBMITTED.value
        await self.session.flush()
        return version

    async def _course_of(self, map_: IntegrationMap) -> Course:
        course = await self.course(map_.course_id)
        assert course is not None  # a map always belongs to a course (foreign key)
        return course

    async def earlier_content(self, course: Course) -> tuple[str, MapContent] | None:
        """The map of the most recent earlier offering of the course's code (its approved version, else the latest
        one, else the draft) and that offering's semester: a starting point for this term's map."""
        earlier = await self.session.scalars(
            select(Course).where(func.lower(Course.code) == course.code.lower(), Course.id != course.id,
                                 Course.start_date < course.start_date).order_by(Course.start_date.desc()))
        for offering in earlier.all():
            map_ = await self.of_course(offering.id)
            if map_ is None:
                continue
            chosen = await self.latest_approved(map_.id) or await self.latest(map_)
            return offering.semester, content_from_json(chosen.content_json if chosen else map_.draft_json)
        return None

    async def approved_of_courses(self, course_ids: set[int]) -> list[tuple[Course, IntegrationMapVersion]]:
        """Courses among these with an approved map version, and that version."""
        found: list[tuple[Course, IntegrationMapVersion]] = []
        for course_id in sorted(course_ids):
            map_ = await self.of_course(course_id)
            course = await self.course(course_id)
            version = await self.latest_approved(map_.id) if map_ else None
            if course is not None and version is not None:
                found.append((course, version))
        return found

    async def sign_for_school(self, map_: IntegrationMap, version: IntegrationMapVersion, *, person: Person,
                              now: dt.datetime) -> None:
        """The first signature: the version goes on to the Online Education Office."""
        version.state = MapState.SCHOOL_APPROVED.value
        version.school_approved_by_id = person.id
        version.school_approved_at = now
        if version.number == map_.latest_version:
            map_.state = MapState.SCHOOL_APPROVED.value
        await self.session.flush()

    async def review(self, map_: IntegrationMap, version: IntegrationMapVersion, *, approve: bool,
                     comment: str | None, person: Person, now: dt.datetime) -> None:
        state = MapState.APPROVED if approve else MapState.RETURNED
        version.state = state.value
        version.reviewed_by_id = person.id
        version.reviewer_role = person.role
        version.reviewed_at = now
        version.review_comment = comment or None
        if version.number == map_.latest_version:
            map_.state = state.value
        await self.session.flush()
