"""Students' questions and tutors' answers: asked → answered → closed, with the times that make response time.

A follow-up is a question of its own (its own asked / first-answer times) linked to the first question of the
thread by `thread_id`. Every submission carries a key with a unique constraint, so a replay changes nothing.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, func, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.models import (
    Base,
    Course,
    Enrollment,
    Person,
    TutorAssignment,
    active_assignment,
    active_enrollment,
    course_of,
)
from storage.repository import Repository
from storage.types import UtcDateTime
from tutoring.response_time import QuestionTimes, ResponseFigures, overdue_from, response_figures
from tutoring.roles import Role


class Audience(StrEnum):
    """Who a question goes to: the course's tutors (a student's, 8.8) or the УОО (a tutor's `support`, 6.2)."""

    COURSE = "course"
    UOO = "uoo"


class QuestionState(StrEnum):
    ASKED = "asked"  # waiting for a tutor
    ANSWERED = "answered"  # a tutor answered; the student may still follow up
    CLOSED = "closed"  # the student marked it resolved


REF_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud or typed without mistakes
REF_LENGTH = 8


def new_question_ref() -> str:
    """A random reference: what a tutor sees of an anonymous question instead of its id, which is a global
    sequence and so would place the question among named ones. It starts with a letter, so it never reads as the
    beginning of a question number."""
    first = secrets.choice([c for c in REF_ALPHABET if c.isalpha()])
    return first + "".join(secrets.choice(REF_ALPHABET) for _ in range(REF_LENGTH - 1))


class Question(Base):
    __tablename__ = "questions"
    # The weekly summary's reads of a school's questions (migration 0013p), from the index alone.
    __table_args__ = (Index("ix_questions_course_asked", "course_id", "asked_at", "state", "first_answered_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # Nullable only for the migration's sake (SQLite cannot add a NOT NULL column in place); every row has one.
    ref: Mapped[str] = mapped_column(String(16), nullable=True, unique=True, index=True, default=new_question_ref)
    audience: Mapped[str] = mapped_column(String(16), default=Audience.COURSE.value, server_default="course",
                                          index=True)
    course_id: Mapped[int | None] = mapped_column(ForeignKey("courses.id"), index=True, nullable=True)  # None: УОО
    # Who asked: a student (course questions) or a tutor (questions to the УОО); the column keeps its first name.
    student_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    thread_id: Mapped[int | None] = mapped_column(ForeignKey("questions.id"), nullable=True, index=True)
    anonymous: Mapped[bool] = mapped_column(Boolean, default=False)
    text: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(16), default=QuestionState.ASKED.value, index=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)  # the submission's idempotency key
    asked_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), index=True)
    first_answered_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    first_answered_by: Mapped[int | None] = mapped_column(ForeignKey("people.id"), nullable=True)
    reminded_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    overdue_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    closed_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime(), nullable=True)

    course: Mapped[Course | None] = relationship(lazy="joined")
    student: Mapped[Person] = relationship(lazy="joined", foreign_keys=[student_id])

    @property
    def root_id(self) -> int:
        return self.thread_id or self.id

    @property
    def to_uoo(self) -> bool:
        return self.audience == Audience.UOO.value


class Answer(Base):
    __tablename__ = "question_answers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id"), index=True)
    tutor_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    text: Mapped[str] = mapped_column(Text)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    answered_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())

    tutor: Mapped[Person] = relationship(lazy="joined")


class Deflection(Base):
    """A draft the student dropped because an already-answered question answered it: tutor time won back."""

    __tablename__ = "question_deflections"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id"), index=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    matched_question_id: Mapped[int] = mapped_column(ForeignKey("questions.id"))
    text: Mapped[str] = mapped_column(Text)
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), index=True)


@dataclass(frozen=True)
class CourseQuestionFigures:
    """One course's questions over a period; `figures` is tutoring.response_time.ResponseFigures."""

    course_id: int
    course_code: str
    course_name: str
    tutor_ids: tuple[int, ...]  # the tutors assigned to the course (usually one): the figures are theirs
    tutor_names: tuple[str, ...]
    figures: ResponseFigures
    deflected: int  # drafts not sent because an answered question already answered them


class QuestionsRepository(Repository):
    # --- asking ---------------------------------------------------------
    async def by_key(self, key: str) -> Question | None:
        return await self.session.scalar(select(Question).where(Question.key == key))

    async def get(self, question_id: int) -> Question | None:
        return await self.session.get(Question, question_id)

    async def by_ref(self, ref: str) -> Question | None:
        return await self.session.scalar(select(Question).where(Question.ref == ref))

    async def ask(self, *, course: Course | None, student: Person, text: str, anonymous: bool, key: str,
                  now: dt.datetime, thread: Question | None = None) -> Question:
        """A student's question to `course`'s tutors, or with `course` None a tutor's question to the УОО."""
        audience = Audience.COURSE if course is not None else Audience.UOO
        question = Question(course_id=course.id if course else None, audience=audience.value, student_id=student.id,
                            text=text, anonymous=anonymous, key=key, asked_at=now, state=QuestionState.ASKED.value,
                            thread_id=thread.root_id if thread else None)
        self.session.add(question)
        if thread is not None:
            root = await self.get(thread.root_id)
            if root is not None and root.state == QuestionState.CLOSED:
                # A follow-up re-opens a thread the student had closed.
                root.state = QuestionState.ANSWERED.value
                root.closed_at = None
        await self.session.flush()
        await self.session.refresh(question)
        return question

    async def deflection_by_key(self, key: str) -> Deflection | None:
        return await self.session.scalar(select(Deflection).where(Deflection.key == key))

    async def deflect(self, *, key: str, course: Course, student: Person, matched: Question, text: str,
                      now: dt.datetime) -> Deflection:
        row = Deflection(key=key, course_id=course.id, student_id=student.id, matched_question_id=matched.id,
                         text=text, at=now)
        self.session.add(row)
        await self.session.flush()
        return row

    async def answered_in_course(self, course_id: int, limit: int = 500) -> list[tuple[Question, Answer]]:
        """The course's answered first questions with their first answer, newest first: what similar ones come from."""
        first_answer = (
            select(Answer.question_id, func.min(Answer.id).label("answer_id")).group_by(Answer.question_id).subquery()
        )
        rows = await self.session.execute(
            select(Question, Answer)
            .join(first_answer, first_answer.c.question_id == Question.id)
            .join(Answer, Answer.id == first_answer.c.answer_id)
            .where(Question.course_id == course_id, Question.thread_id.is_(None),
                   Question.state.in_([QuestionState.ANSWERED.value, QuestionState.CLOSED.value]))
            .order_by(Question.asked_at.desc())
            .limit(limit)
        )
        return [(q, a) for q, a in rows.all()]

    # --- threads --------------------------------------------------------
    async def thread(self, question: Question) -> list[Question]:
        """The first question of the thread and its follow-ups, in order."""
        root = question.root_id
        rows = await self.session.scalars(
            select(Question).where((Question.id == root) | (Question.thread_id == root)).order_by(Question.id)
        )
        return list(rows.all())

    async def answers(self, question_ids: list[int]) -> list[Answer]:
        if not question_ids:
            return []
        rows = await self.session.scalars(
            select(Answer).where(Answer.question_id.in_(question_ids)).order_by(Answer.id)
        )
        return list(rows.all())

    async def close_thread(self, question: Question, now: dt.datetime) -> int:
        """The student resolved it: the whole thread closes. Returns how many questions changed."""
        changed = 0
        for item in await self.thread(question):
            if item.state != QuestionState.CLOSED:
                item.state = QuestionState.CLOSED.value
                item.closed_at = now
                changed += 1
        return changed

    # --- answering ------------------------------------------------------
    async def tutors_of(self, course_id: int) -> list[Person]:
        rows = await self.session.scalars(
            select(Person)
            .join(TutorAssignment, TutorAssignment.tutor_id == Person.id)
            .where(TutorAssignment.course_id == course_id, active_assignment())
            .order_by(Person.name)
        )
        return list(rows.all())

    async def uoo_people(self) -> list[Person]:
        """Everyone of the Office of Online Education: who a tutor's `support` question goes to."""
        rows = await self.session.scalars(select(Person).where(Person.role == Role.UOO.value).order_by(Person.name, Person.id))
        return list(rows.all())

    async def answerers(self, question: Question) -> list[Person]:
        """Who a question goes to and who may answer it: the course's tutors, or the УОО."""
        if question.course_id is None:
            return await self.uoo_people()
        return await self.tutors_of(question.course_id)

    async def may_answer(self, person: Person, question: Question) -> bool:
        if question.course_id is None:
            return question.to_uoo and person.role == Role.UOO.value
        return await self.is_tutor_of(person.id, question.course_id)

    async def is_tutor_of(self, tutor_id: int, course_id: int) -> bool:
        found = await self.session.scalar(
            select(TutorAssignment.id).where(TutorAssignment.tutor_id == tutor_id,
                                             TutorAssignment.course_id == course_id, active_assignment())
        )
        return found is not None

    async def is_enrolled(self, student_id: int, course_id: int) -> bool:
        found = await self.session.scalar(
            select(Enrollment.course_id).where(Enrollment.student_id == student_id, Enrollment.course_id == course_id,
                                               active_enrollment())
        )
        return found is not None

    async def answer_by_key(self, key: str) -> Answer | None:
        return await self.session.scalar(select(Answer).where(Answer.key == key))

    async def answer(self, *, question: Question, tutor: Person, text: str, key: str, now: dt.datetime) -> Answer:
        row = Answer(question_id=question.id, tutor_id=tutor.id, text=text, key=key, answered_at=now)
        self.session.add(row)
        if question.first_answered_at is None:
            question.first_answered_at = now
            question.first_answered_by = tutor.id
            deadline = overdue_from(question.asked_at)
            if now > deadline and question.overdue_at is None:
                question.overdue_at = deadline
        if question.state == QuestionState.ASKED:
            question.state = QuestionState.ANSWERED.value
        await self.session.flush()
        await self.session.refresh(row)
        return row

    async def open_for_tutor(self, tutor_id: int, limit: int) -> tuple[list[Question], int]:
        """Unanswered questions of the tutor's courses, oldest first (at most `limit`), and how many there are."""
        mine = select(TutorAssignment.course_id).where(TutorAssignment.tutor_id == tutor_id, active_assignment())
        where = (Question.state == QuestionState.ASKED.value, Question.course_id.in_(mine))
        total = await self.session.scalar(select(func.count()).select_from(Question).where(*where)) or 0
        rows = await self.session.scalars(
            select(Question).where(*where).order_by(Question.asked_at, Question.id).limit(limit)
        )
        return list(rows.all()), int(total)

    async def open_for_uoo(self, limit: int) -> tuple[list[Question], int]:
        """Tutors' questions to the УОО nobody has answered yet, oldest first (at most `limit`), and how many."""
        where = (Question.state == QuestionState.ASKED.value, Question.audience == Audience.UOO.value)
        total = await self.session.scalar(select(func.count()).select_from(Question).where(*where)) or 0
        rows = await self.session.scalars(
            select(Question).where(*where).order_by(Question.asked_at, Question.id).limit(limit)
        )
        return list(rows.all()), int(total)

    async def open_in_courses(self, course_ids: set[int]) -> list[Question]:
        """Questions of these courses still waiting for a tutor, oldest first."""
        if not course_ids:
            return []
        rows = await self.session.scalars(
            select(Question).where(Question.state == QuestionState.ASKED.value, Question.course_id.in_(course_ids))
            .order_by(Question.asked_at, Question.id)
        )
        return list(rows.all())

    # --- the sweep --------------------------------------------------------
    async def unanswered_since(self, before: dt.datetime, *, not_reminded: bool = False,
                               not_flagged: bool = False) -> list[Question]:
        """Questions still waiting that were asked before `before`; claimed against other replicas on PostgreSQL."""
        query = select(Question).where(Question.state == QuestionState.ASKED.value, Question.asked_at <= before)
        if not_reminded:
            query = query.where(Question.reminded_at.is_(None))
        if not_flagged:
            query = query.where(Question.overdue_at.is_(None))
        query = query.order_by(Question.asked_at).limit(1000)
        if self.on_postgres:
            query = query.with_for_update(skip_locked=True, of=Question)
        return list((await self.session.scalars(query)).unique().all())

    # --- figures for the dean's summary ---------------------------------------
    async def response_figures(self, start: dt.datetime, end: dt.datetime, now: dt.datetime, *,
                               school_id: int | None = None,
                               course_ids: list[int] | None = None) -> list[CourseQuestionFigures]:
        """Per course (and so per its tutors): questions asked in [start, end), as they stand at `now`.

        Every course in scope is listed, also those without questions. `school_id` limits to a school,
        `course_ids` to some courses. Overdue and in-time use the working-time rules of tutoring.response_time.
        """
        courses_query = select(Course).order_by(Course.code)
        if school_id is not None:
            courses_query = courses_query.where(Course.school_id == school_id)
        if course_ids is not None:
            courses_query = courses_query.where(Course.id.in_(course_ids))
        courses = list((await self.session.scalars(courses_query)).all())
        ids = [c.id for c in courses]
        if not ids:
            return []
        asked = await self.session.execute(
            select(course_of(Question), Question.asked_at, Question.first_answered_at, Question.thread_id)
            .where(Question.course_id.in_(ids), Question.asked_at >= start, Question.asked_at < end)
        )
        times: dict[int, list[QuestionTimes]] = {i: [] for i in ids}
        for course_id, asked_at, first_answered_at, thread_id in asked.all():
            times[course_id].append(QuestionTimes(course_id, asked_at, first_answered_at,
                                                  follow_up=thread_id is not None))
        deflected_rows = await self.session.execute(
            select(Deflection.course_id, func.count())
            .where(Deflection.course_id.in_(ids), Deflection.at >= start, Deflection.at < end)
            .group_by(Deflection.course_id)
        )
        deflected = {course_id: int(n) for course_id, n in deflected_rows.all()}
        tutors_rows = await self.session.execute(
            select(TutorAssignment.course_id, Person.id, Person.name)
            .join(Person, Person.id == TutorAssignment.tutor_id)
            .where(TutorAssignment.course_id.in_(ids), active_assignment())
            .order_by(Person.name)
        )
        tutors: dict[int, list[tuple[int, str]]] = {i: [] for i in ids}
        for course_id, tutor_id, name in tutors_rows.all():
            tutors[course_id].append((tutor_id, name))
        return [
            CourseQuestionFigures(
                course_id=c.id,
                course_code=c.code,
                course_name=c.name,
                tutor_ids=tuple(t for t, _ in tutors[c.id]),
                tutor_names=tuple(n for _, n in tutors[c.id]),
                figures=response_figures(times[c.id], now),
                deflected=deflected.get(c.id, 0),
            )
            for c in courses
        ]
