"""The control-point plan of a course (Regulation П-УОО-04, 7.1, 7.2, 8.6): which sessions are required, by when.

Every date comes from `tutoring.regulation_calendar` (the one calendar of the regulation; its docstring says
which clause each rule comes from):

| kind | clause | last day | proposed day |
| --- | --- | --- | --- |
| intro | 7.1 | the end of week 1 (start + 6 days) | the start date |
| consultation_rk1 | 7.2 | the day before RK1 | two days before RK1 |
| consultation_rk2 | 7.2 | the day before RK2 | two days before RK2 |
| consultation_exam | 7.2 | the day before the exam | two days before the exam |
| webinar | 7.2, 8.8 | through the semester, 6 h by default (the `sessions` norm) | a week after the last one |

A proposed day is never a Sunday or a public holiday, nor in the past (then it is the next such day from tomorrow,
and flagged late if the last day has gone).
`overrides` replaces a kind's default date: the integration map's Part 4 places the three consultations in weeks of
the syllabus, and a course that has filled it in gets those dates proposed instead.

Pure functions over plain data; the schedule card, the tutor's `sessions` view and the dean's figures call these.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from tutoring.norms import CATEGORY_OF_KIND, CLAUSE, DEFAULT_NORMS, Category, SessionKind
from tutoring.regulation_calendar import (
    CONSULTATION_FOR,
    CourseDates,
    consultation_default_day,
    consultation_window,
    intro_deadline,
    intro_default_day,
    nearest_session_day,
    week_dates,
)

DEFAULT_TIME = dt.time(18, 0)  # after the day's classes: when online consultations usually happen
DEFAULT_DURATION_MIN = 60  # the norm of 7.1 and of each 7.2 consultation is one hour
WEEK = dt.timedelta(days=7)
DAY = dt.timedelta(days=1)
REQUIRED_KINDS = (
    SessionKind.INTRO,
    SessionKind.CONSULTATION_RK1,
    SessionKind.CONSULTATION_RK2,
    SessionKind.CONSULTATION_EXAM,
)


@dataclass(frozen=True)
class Requirement:
    kind: SessionKind
    clause: str
    window_start: dt.date
    due_by: dt.date  # the last day on which the session still satisfies the regulation
    default_date: dt.date


class Status(StrEnum):
    HELD = "held"
    SCHEDULED = "scheduled"
    MISSING = "missing"  # not scheduled, still time
    OVERDUE = "overdue"  # not scheduled, and its last day has passed


@dataclass(frozen=True)
class SessionFact:
    """A session as the plan sees it: not cancelled, held or scheduled, on a local date."""

    kind: SessionKind
    date: dt.date
    held: bool
    minutes: int = DEFAULT_DURATION_MIN


@dataclass(frozen=True)
class PlanItem:
    requirement: Requirement
    status: Status
    session_date: dt.date | None = None  # the session that satisfies it
    late: bool = False  # that session is after the last day

    @property
    def kind(self) -> SessionKind:
        return self.requirement.kind

    @property
    def done(self) -> bool:
        return self.status in (Status.HELD, Status.SCHEDULED)


@dataclass(frozen=True)
class WebinarProgress:
    held_hours: Decimal
    scheduled_hours: Decimal
    norm_hours: Decimal | None

    @property
    def missing_hours(self) -> Decimal:
        if self.norm_hours is None:
            return Decimal(0)
        return max(Decimal(0), self.norm_hours - self.held_hours - self.scheduled_hours)


@dataclass(frozen=True)
class Proposal:
    """What the schedule card proposes: the next missing session, with a sensible date and time."""

    kind: SessionKind
    date: dt.date
    time: dt.time = DEFAULT_TIME
    duration_minutes: int = DEFAULT_DURATION_MIN
    due_by: dt.date | None = None
    late: bool = False  # the regulation's last day for it has passed


def requirements(dates: CourseDates, overrides: Mapping[SessionKind, dt.date] | None = None) -> list[Requirement]:
    """The four sessions the regulation requires of every course, in order."""
    overrides = overrides or {}

    def before(kind: SessionKind) -> Requirement:
        control = dates.control(CONSULTATION_FOR[kind])
        first, last = consultation_window(dates.start, control)
        default = overrides.get(kind) or consultation_default_day(dates.start, control)
        return Requirement(kind, CLAUSE[CATEGORY_OF_KIND[kind]], first, last, default)

    intro_default = overrides.get(SessionKind.INTRO) or intro_default_day(dates.start)
    return [
        Requirement(SessionKind.INTRO, CLAUSE[Category.INTRO], dates.start, intro_deadline(dates.start, dates.rk1),
                    intro_default),
        before(SessionKind.CONSULTATION_RK1),
        before(SessionKind.CONSULTATION_RK2),
        before(SessionKind.CONSULTATION_EXAM),
    ]


def plan(
    dates: CourseDates,
    sessions: Iterable[SessionFact],
    today: dt.date,
    overrides: Mapping[SessionKind, dt.date] | None = None,
) -> list[PlanItem]:
    """Each required session: held, scheduled (perhaps late), missing or overdue."""
    facts = list(sessions)
    items: list[PlanItem] = []
    for requirement in requirements(dates, overrides):
        mine = [f for f in facts if f.kind is requirement.kind]
        held = sorted((f for f in mine if f.held), key=lambda f: f.date)
        scheduled = sorted((f for f in mine if not f.held), key=lambda f: f.date)
        chosen = held[0] if held else (scheduled[0] if scheduled else None)
        if chosen is not None:
            status = Status.HELD if chosen.held else Status.SCHEDULED
            items.append(PlanItem(requirement, status, chosen.date, chosen.date > requirement.due_by))
        else:
            status = Status.OVERDUE if today > requirement.due_by else Status.MISSING
            items.append(PlanItem(requirement, status))
    return items


def webinar_progress(sessions: Iterable[SessionFact], norm_hours: Decimal | None = DEFAULT_NORMS[Category.SESSIONS]
                     ) -> WebinarProgress:
    held = Decimal(0)
    scheduled = Decimal(0)
    for fact in sessions:
        if fact.kind is not SessionKind.WEBINAR:
            continue
        hours = Decimal(fact.minutes) / 60
        if fact.held:
            held += hours
        else:
            scheduled += hours
    return WebinarProgress(held, scheduled, norm_hours)


def _future(day: dt.date, today: dt.date, *, earlier: bool) -> dt.date:
    """`day`, or tomorrow if that has passed; never a Sunday or a public holiday."""
    tomorrow = today + DAY
    if day < tomorrow:
        return nearest_session_day(tomorrow, earlier=False)
    moved = nearest_session_day(day, earlier=earlier)
    return moved if moved >= tomorrow else nearest_session_day(day, earlier=False)


def propose(
    dates: CourseDates,
    sessions: Iterable[SessionFact],
    today: dt.date,
    overrides: Mapping[SessionKind, dt.date] | None = None,
    kind: SessionKind | None = None,
) -> Proposal:
    """The session to schedule next: the missing required one due first, else a webinar; or the given kind."""
    facts = list(sessions)
    items = plan(dates, facts, today, overrides)
    wanted = next((i for i in items if i.kind is kind), None) if kind is not None else None
    if wanted is None and kind is None:
        missing = [i for i in items if not i.done]
        wanted = min(missing, key=lambda i: i.requirement.due_by) if missing else None
    if wanted is not None:
        requirement = wanted.requirement
        day = _future(requirement.default_date, today, earlier=True)
        return Proposal(requirement.kind, day, due_by=requirement.due_by, late=day > requirement.due_by)
    webinars = sorted(f.date for f in facts if f.kind is SessionKind.WEBINAR)
    base = webinars[-1] + WEEK if webinars else max(week_dates(dates.start, 2)[0], today + DAY)  # from week 2
    return Proposal(SessionKind.WEBINAR, _future(base, today, earlier=False))


def requirement_of(dates: CourseDates, kind: SessionKind,
                   overrides: Mapping[SessionKind, dt.date] | None = None) -> Requirement | None:
    return next((r for r in requirements(dates, overrides) if r.kind is kind), None)
