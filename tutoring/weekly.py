"""The dean's weekly summary as pure data: ISO weeks, per tutor-course figures, problems ranked by urgency.

Hours come from `tutoring.progress.compute_progress` (the same numbers the tutor sees); sessions and questions
arrive as plain per (tutor, course) figures. A school of 40 tutors must still read well: the card shows the
problems first, most urgent first, and the full table goes to the export.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from tutoring.clock import ALMATY, to_local
from tutoring.norms import SessionKind
from tutoring.progress import CourseProgress
from tutoring.regulation_calendar import consultation_warning_from, intro_deadline

OVERDUE_AFTER = dt.timedelta(hours=48)
_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")


@dataclass(frozen=True, order=True)
class IsoWeek:
    year: int
    week: int

    @classmethod
    def parse(cls, text: str) -> IsoWeek:
        match = _WEEK.match(text.strip())
        if not match:
            raise ValueError(f"week {text!r} is not an ISO week like 2026-W47")
        year, week = int(match[1]), int(match[2])
        try:
            dt.date.fromisocalendar(year, week, 1)
        except ValueError as error:
            raise ValueError(f"week {text!r} does not exist") from error
        return cls(year, week)

    @classmethod
    def of(cls, day: dt.date) -> IsoWeek:
        year, week, _ = day.isocalendar()
        return cls(year, week)

    def __str__(self) -> str:
        return f"{self.year}-W{self.week:02d}"

    @property
    def monday(self) -> dt.date:
        return dt.date.fromisocalendar(self.year, self.week, 1)

    @property
    def sunday(self) -> dt.date:
        return self.monday + dt.timedelta(days=6)

    def bounds_utc(self) -> tuple[dt.datetime, dt.datetime]:
        """[Monday 00:00, next Monday 00:00) in Almaty, as UTC instants."""
        start = dt.datetime.combine(self.monday, dt.time(), ALMATY)
        return start.astimezone(dt.UTC), (start + dt.timedelta(days=7)).astimezone(dt.UTC)

    def previous(self) -> IsoWeek:
        return IsoWeek.of(self.monday - dt.timedelta(days=7))


SEND_WEEKDAY, SEND_TIME = 0, dt.time(9, 0)  # Monday 09:00 Asia/Almaty (CONTRACT §8)


def week_due(now: dt.datetime) -> IsoWeek:
    """The last week whose summary is due by `now`: the one before the latest Monday 09:00 that has passed."""
    local = to_local(now)
    monday = local.date() - dt.timedelta(days=local.weekday())
    if local < dt.datetime.combine(monday, SEND_TIME, ALMATY):
        monday -= dt.timedelta(days=7)
    return IsoWeek.of(monday).previous()


@dataclass(frozen=True)
class SessionFigures:
    held_this_week: int = 0
    scheduled_kinds: frozenset[SessionKind] = frozenset()  # scheduled or held, any time
    held_kinds: frozenset[SessionKind] = frozenset()


@dataclass(frozen=True)
class QuestionFigures:
    received: int = 0  # asked this week
    answered: int = 0  # of those, answered by now
    overdue: int = 0  # of those, answered after 48 working hours or not yet and past them
    open_overdue: int = 0  # unanswered past 48 working hours now, whenever asked
    answered_in_time: int = 0  # of `answered`, first answer within the 24 working hours promised
    response_times: tuple[dt.timedelta, ...] = ()  # asked this week → first answer

    @property
    def median_response(self) -> dt.timedelta | None:
        return median(self.response_times)


class ProblemKind(StrEnum):
    CONSULTATION_MISSING = "consultation_missing"
    INTRO_MISSING = "intro_missing"
    QUESTIONS_OVERDUE = "questions_overdue"
    HOURS_BEHIND = "hours_behind"


@dataclass(frozen=True)
class CourseProblem:
    kind: ProblemKind
    urgency: int  # lower is more urgent; days left before a control point where there is one
    tutor_name: str
    course_code: str
    days_left: int | None = None
    control: str | None = None  # rk1, rk2, exam
    count: int = 0
    hours: Decimal = Decimal(0)


@dataclass(frozen=True)
class Row:
    progress: CourseProgress
    sessions: SessionFigures
    questions: QuestionFigures
    hours_this_week: Decimal


@dataclass(frozen=True)
class WeeklySummary:
    school: str
    week: IsoWeek
    rows: tuple[Row, ...]
    problems: tuple[CourseProblem, ...]
    totals: Mapping[str, Decimal | int] = field(default_factory=lambda: {})
    median_response: dt.timedelta | None = None
    untutored: tuple[str, ...] = ()  # offerings of the semester without an active tutor (8.3)
    overdue_sheets: tuple[str, ...] = ()  # AIS grade sheets past their due day (7.4): course, control, tutor


_CONSULTATION_FOR = {
    "rk1": SessionKind.CONSULTATION_RK1,
    "rk2": SessionKind.CONSULTATION_RK2,
    "exam": SessionKind.CONSULTATION_EXAM,
}


def problems_of(row: Row, today: dt.date) -> list[CourseProblem]:
    item = row.progress.item
    found: list[CourseProblem] = []
    who = (item.tutor_name, item.course_code)
    for point in item.control_points():
        days_left = (point.date - today).days
        kind = _CONSULTATION_FOR[point.kind.value]
        if consultation_warning_from(point.date) <= today <= point.date and kind not in row.sessions.scheduled_kinds:
            found.append(CourseProblem(ProblemKind.CONSULTATION_MISSING, days_left, *who, days_left=days_left,
                                 control=point.kind.value))
    if intro_deadline(item.start_date, item.rk1_date) < today <= item.exam_date \
            and SessionKind.INTRO not in row.sessions.scheduled_kinds:
        found.append(CourseProblem(ProblemKind.INTRO_MISSING, 20, *who))
    if row.questions.open_overdue:
        found.append(CourseProblem(ProblemKind.QUESTIONS_OVERDUE, 10, *who, count=row.questions.open_overdue))
    missing = row.progress.missing_total
    if missing > 0 and row.progress.next_control is not None:
        days_left = (row.progress.next_control.date - today).days
        found.append(CourseProblem(ProblemKind.HOURS_BEHIND, 30 + max(days_left, 0), *who, days_left=days_left,
                             control=row.progress.next_control.kind.value, hours=missing))
    return found


def compose(school: str, week: IsoWeek, rows: Sequence[Row], today: dt.date,
            untutored: Sequence[str] = (), overdue_sheets: Sequence[str] = ()) -> WeeklySummary:
    problems = sorted(
        (p for row in rows for p in problems_of(row, today)),
        key=lambda p: (p.urgency, p.tutor_name, p.course_code, p.kind.value),
    )
    # A course's questions are on each of its tutors' rows: the school's figures count them once.
    per_course = {r.progress.item.course_id: r.questions for r in rows}
    delivered = sum((r.progress.delivered_total for r in rows), Decimal(0))
    norm = sum((r.progress.norm_total for r in rows), Decimal(0))
    totals: dict[str, Decimal | int] = {
        "hours_week": sum((r.hours_this_week for r in rows), Decimal(0)),
        "hours_delivered": delivered,
        "hours_norm": norm,
        "sessions_held": sum(r.sessions.held_this_week for r in rows),
        "questions_received": sum(q.received for q in per_course.values()),
        "questions_answered": sum(q.answered for q in per_course.values()),
        "questions_overdue": sum(q.open_overdue for q in per_course.values()),
    }
    all_times = [t for q in per_course.values() for t in q.response_times]
    median_all = median(all_times)
    return WeeklySummary(school, week, tuple(rows), tuple(problems), totals, median_all, tuple(untutored),
                         tuple(overdue_sheets))


def median(values: Sequence[dt.timedelta]) -> dt.timedelta | None:
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2
