"""SQLAlchemy 2 models. Names follow the regulation and DESIGN.md's domain list."""

from __future__ import annotations

import datetime as dt
from typing import Protocol

from sqlalchemy import (
    ColumnElement,
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    func,
    type_coerce,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from storage.types import UtcDateTime


class Base(DeclarativeBase):
    pass


class HasCourse(Protocol):
    course_id: Mapped[int | None]


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class School(Base):
    __tablename__ = "schools"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    dean_email: Mapped[str] = mapped_column(String(320))


class Person(Base):
    __tablename__ = "people"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)  # stored lower-case
    name: Mapped[str] = mapped_column(String(300))
    role: Mapped[str] = mapped_column(String(16))
    school_id: Mapped[int | None] = mapped_column(ForeignKey("schools.id"), nullable=True)
    aad_object_id: Mapped[str | None] = mapped_column(String(64), unique=True, nullable=True)
    teams_user_id: Mapped[str | None] = mapped_column(String(200), unique=True, nullable=True)
    locale: Mapped[str | None] = mapped_column(String(16), nullable=True)

    school: Mapped[School | None] = relationship(lazy="joined")


class Course(Base):
    """An offering of a discipline in a semester: `code` + `semester` identify it (CONTRACT §4)."""

    __tablename__ = "courses"
    __table_args__ = (UniqueConstraint("code", "semester", name="uq_courses_code_semester"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(64), index=True)
    name: Mapped[str] = mapped_column(String(300))
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"))
    semester: Mapped[str] = mapped_column(String(32))
    language: Mapped[str] = mapped_column(String(8))
    start_date: Mapped[dt.date] = mapped_column(Date)
    rk1_date: Mapped[dt.date] = mapped_column(Date)
    rk2_date: Mapped[dt.date] = mapped_column(Date)
    exam_date: Mapped[dt.date] = mapped_column(Date)
    mooc_url: Mapped[str | None] = mapped_column(String(2000), nullable=True)
    moodle_course_id: Mapped[int | None] = mapped_column(Integer, nullable=True)  # courses.csv, optional (§9)


class Enrollment(Base):
    __tablename__ = "enrollments"

    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id"), primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("people.id"), primary_key=True)
    # The day the AIS stopped listing it (8.3: removal); the row stays as history. None: active.
    active_to: Mapped[dt.date | None] = mapped_column(Date, nullable=True)


class TutorAssignment(Base):
    __tablename__ = "tutor_assignments"
    __table_args__ = (UniqueConstraint("course_id", "tutor_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id"))
    tutor_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    approved_by: Mapped[str | None] = mapped_column(String(300), nullable=True)
    council_decision: Mapped[str | None] = mapped_column(String(300), nullable=True)
    active_from: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    # The day the assignment ended (removed by the School Council, 8.3); None: active. History is kept.
    active_to: Mapped[dt.date | None] = mapped_column(Date, nullable=True)


def course_of(model: type[HasCourse]) -> ColumnElement[int]:
    """A row's course id typed as present: for queries already limited to courses (questions to the УОО and
    trainings for tutors have none, and such a query never selects them)."""
    return type_coerce(model.course_id, Integer)


def active_enrollment() -> ColumnElement[bool]:
    return Enrollment.active_to.is_(None)


def active_assignment() -> ColumnElement[bool]:
    return TutorAssignment.active_to.is_(None)


class ConversationRef(Base):
    """What the bot needs to write into a conversation later (proactive messages)."""

    __tablename__ = "conversation_refs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    conversation_id: Mapped[str] = mapped_column(String(500), unique=True)
    conversation_type: Mapped[str] = mapped_column(String(32))  # personal, channel, groupChat
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"), nullable=True)
    teams_user_id: Mapped[str | None] = mapped_column(String(200), nullable=True)
    tenant_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    team_id: Mapped[str | None] = mapped_column(String(500), nullable=True)
    service_url: Mapped[str] = mapped_column(String(1000))
    reference_json: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[dt.datetime] = mapped_column(
        UtcDateTime(), default=utcnow, onupdate=utcnow, server_default=func.now()
    )
