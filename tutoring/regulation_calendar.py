"""The calendar of regulation П-УОО-04: every date question about a course is answered here, and only here.

The plan, progress, the weekly summary, the integration map, the hours rules and the dialogs ask these functions;
none of them does its own date arithmetic about the intro, the consultations or the control points.
A course's dates come from the AIS roster: `start_date`, `rk1_date`, `rk2_date`, `exam_date` (local dates).

| question | the one rule | where it comes from |
| --- | --- | --- |
| week of a date | week 1 is `start_date` … `start_date` + 6 days; week N begins 7·(N − 1) days after the start (`course_week`, `week_dates`) | Appendix 1, Part 4: the schedule by course week, filled from the syllabus (8.6) |
| the intro's last day | the end of week 1 (`start_date` + 6), and the day before RK1 if that comes first (`intro_deadline`) | 7.1: the introductory session acquaints students with the course; Appendix 1, Part 4 puts "Введение" in week 1 |
| the intro's proposed day | the start date, or the next day that is not a Sunday or public holiday (`intro_default_day`) | |
| the latest consultation day | the day before RK1 / RK2 / the exam; a consultation on the control day itself is not "before" it (`consultation_last_day`); it may be held from the course start on (`consultation_window`) | 7.2: consultations *before* RK1, RK2 and the exam; Appendix 1, Part 4 rows stand before their control rows |
| a consultation's proposed day | two days before its control point, moved back off a Sunday or public holiday, never before the start (`consultation_default_day`): one spare day stays inside the window if it has to move | |
| when a missing consultation is a problem | from 14 days before its control point to the control day (`consultation_warning_from`) | the dean's weekly summary (8.4) |
| grade-sheet due date | the `GRADESHEET_DAYS`-th (3) working day after the control day; working days are Monday–Friday except Kazakhstan's public holidays (`gradesheet_due`) | 7.4: fill the AIS grade sheets on time after current and final control; CONTRACT §11 |
| which dates hours may be logged for | every category: `start_date` … the exam; 7.3 `assessment` and 7.4 `documentation` also after the exam, until the exam's grade sheet is due + `HOURS_GRACE_DAYS` (7) days (`hours_window`) | 7.3 final control (grading happens after the exam), 7.4 AIS grade sheets (filled after it) |
| by which control point a category's hours are due | the first of RK1, RK2, exam on or after the category's last day (`due_at`); everything by the exam | progress (7.1–7.3) |

Public holidays: `holidays` (the PyPI package) is not installed in this project, so `kz_public_holidays` lists
them explicitly, from the Law "On holidays in the Republic of Kazakhstan" (as amended in 2022: Republic Day
25 October restored, Independence Day 16 December only) and the Labour Code (art. 85): a national or state holiday
that falls on a Saturday or Sunday moves the day off to the next working day; religious holidays (Orthodox
Christmas, Kurban Ait) do not move. Kurban Ait follows the lunar calendar and the government's yearly decree
moves other days off: pass those in `Holidays(extra=...)`. Years before 2022 are not modelled.

Not here: the dean's summary counts ISO weeks (Monday–Sunday, CONTRACT §8); those are reporting weeks, not course
weeks. Response times count working hours (`tutoring.response_time`).

Pure functions over plain dates, no I/O.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from tutoring.norms import Category, SessionKind

DAY = dt.timedelta(days=1)
WEEK_DAYS = 7
GRADESHEET_DAYS = 3  # CONTRACT §11: working days after a control point to fill its AIS grade sheet
HOURS_GRACE_DAYS = 7  # calendar days after the exam's grade sheet is due in which 7.3 / 7.4 hours may be logged
CONSULTATION_LEAD_DAYS = 2  # the proposed consultation day: this many days before its control point
CONSULTATION_WARN_DAYS = 14  # the dean's summary flags a missing consultation from this many days before
WEEKEND = frozenset({5, 6})  # Saturday, Sunday: not working days (the five-day week of the Labour Code)
NO_SESSIONS_WEEKDAY = 6  # Sunday: no proposed session day (Saturday is a study day)
AFTER_EXAM_CATEGORIES = frozenset({Category.ASSESSMENT, Category.DOCUMENTATION})


class ControlKind(StrEnum):
    """The course's control points (7.2, 7.3): two midterm controls and the exam."""

    RK1 = "rk1"
    RK2 = "rk2"
    EXAM = "exam"


CONTROL_ORDER = (ControlKind.RK1, ControlKind.RK2, ControlKind.EXAM)
CONSULTATION_FOR: dict[SessionKind, ControlKind] = {
    SessionKind.CONSULTATION_RK1: ControlKind.RK1,
    SessionKind.CONSULTATION_RK2: ControlKind.RK2,
    SessionKind.CONSULTATION_EXAM: ControlKind.EXAM,
}


@dataclass(frozen=True)
class CourseDates:
    """A course's dates from the roster (local dates)."""

    start: dt.date
    rk1: dt.date
    rk2: dt.date
    exam: dt.date

    def control(self, kind: ControlKind) -> dt.date:
        if kind == ControlKind.RK1:
            return self.rk1
        return self.rk2 if kind == ControlKind.RK2 else self.exam


# --- public holidays and working days --------------------------------------------------------------------------


# National and state holidays: a day off that falls on a weekend moves to the next working day.
_MOVING_HOLIDAYS = ((1, 1), (1, 2), (3, 8), (3, 21), (3, 22), (3, 23), (5, 1), (5, 7), (5, 9), (7, 6), (8, 30),
                    (10, 25), (12, 16))
_RELIGIOUS_HOLIDAYS = ((1, 7),)  # Orthodox Christmas; does not move (Kurban Ait: pass it in `extra`)


@lru_cache(maxsize=64)
def kz_public_holidays(year: int) -> frozenset[dt.date]:
    """Kazakhstan's non-working public holidays of a year (2022 on), with days off moved from weekends."""
    fixed = {dt.date(year, m, d) for m, d in _MOVING_HOLIDAYS + _RELIGIOUS_HOLIDAYS}
    days = set(fixed)
    for m, d in _MOVING_HOLIDAYS:
        holiday = dt.date(year, m, d)
        if holiday.weekday() not in WEEKEND:
            continue
        moved = holiday + DAY
        while moved.weekday() in WEEKEND or moved in days:
            moved += DAY
        days.add(moved)
    return frozenset(days)


@dataclass(frozen=True)
class Holidays:
    """Non-working days: Kazakhstan's public holidays plus `extra` ones (Kurban Ait, days moved by decree)."""

    extra: frozenset[dt.date] = frozenset()

    def __contains__(self, day: object) -> bool:
        if not isinstance(day, dt.date):
            return False
        return day in self.extra or day in kz_public_holidays(day.year)

    @classmethod
    def with_extra(cls, days: Iterable[dt.date]) -> Holidays:
        return cls(frozenset(days))


KZ = Holidays()


def is_working_day(day: dt.date, holidays: Holidays = KZ) -> bool:
    """Monday to Friday, not a public holiday."""
    return day.weekday() not in WEEKEND and day not in holidays


def add_working_days(day: dt.date, count: int, holidays: Holidays = KZ) -> dt.date:
    """The `count`-th working day after `day` (`day` itself does not count)."""
    current, left = day, count
    while left > 0:
        current += DAY
        if is_working_day(current, holidays):
            left -= 1
    return current


def is_session_day(day: dt.date, holidays: Holidays = KZ) -> bool:
    """A day the bot may propose for a session: not a Sunday, not a public holiday."""
    return day.weekday() != NO_SESSIONS_WEEKDAY and day not in holidays


def nearest_session_day(day: dt.date, *, earlier: bool, holidays: Holidays = KZ) -> dt.date:
    """`day`, or the nearest session day before (earlier) or after it."""
    step = -DAY if earlier else DAY
    while not is_session_day(day, holidays):
        day += step
    return day


# --- weeks ------------------------------------------------------------------------------------------------------


def course_week(start: dt.date, day: dt.date) -> int:
    """The course week `day` falls in: 1 from the start date on (0 or less before the course starts)."""
    return (day - start).days // WEEK_DAYS + 1


def week_dates(start: dt.date, week: int) -> tuple[dt.date, dt.date]:
    """First and last day of course week `week`."""
    first = start + dt.timedelta(days=WEEK_DAYS * (week - 1))
    return first, first + dt.timedelta(days=WEEK_DAYS - 1)


# --- the intro (7.1) -------------------------------------------------------------------------------------------


def intro_deadline(start: dt.date, rk1: dt.date) -> dt.date:
    """The last day of week 1, or the day before RK1 if that is earlier."""
    return min(week_dates(start, 1)[1], max(start, rk1 - DAY))


def intro_default_day(start: dt.date, holidays: Holidays = KZ) -> dt.date:
    return nearest_session_day(start, earlier=False, holidays=holidays)


# --- the consultations (7.2) -------------------------------------------------------------------------------------


def consultation_last_day(control: dt.date) -> dt.date:
    """The latest day a consultation before a control point (RK1, RK2, exam) satisfies 7.2: the day before."""
    return control - DAY


def consultation_window(start: dt.date, control: dt.date) -> tuple[dt.date, dt.date]:
    """The days a consultation for `control` may be held or planned on: from the course start to its last day."""
    return start, max(start, consultation_last_day(control))


def consultation_default_day(start: dt.date, control: dt.date, holidays: Holidays = KZ) -> dt.date:
    """The day proposed for a consultation: two days before the control point, off Sundays and holidays."""
    day = nearest_session_day(control - CONSULTATION_LEAD_DAYS * DAY, earlier=True, holidays=holidays)
    return max(day, start)


def consultation_warning_from(control: dt.date) -> dt.date:
    """From this day until the control day a consultation not yet scheduled is a problem for the dean."""
    return control - CONSULTATION_WARN_DAYS * DAY


# --- the AIS grade sheets (7.4) ------------------------------------------------------------------------------------


def gradesheet_due(control: dt.date, days: int = GRADESHEET_DAYS, holidays: Holidays = KZ) -> dt.date:
    """The last day to fill the AIS grade sheet of a control point: its `days`-th working day after it."""
    return add_working_days(control, days, holidays)


def gradesheet_dues(dates: CourseDates, days: int = GRADESHEET_DAYS,
                    holidays: Holidays = KZ) -> dict[ControlKind, dt.date]:
    return {kind: gradesheet_due(dates.control(kind), days, holidays) for kind in CONTROL_ORDER}


# --- hours (Section 7) -----------------------------------------------------------------------------------------------


def hours_grace_until(exam: dt.date, days: int = GRADESHEET_DAYS, holidays: Holidays = KZ) -> dt.date:
    """The last day 7.3 and 7.4 work after the exam may be logged for."""
    return gradesheet_due(exam, days, holidays) + HOURS_GRACE_DAYS * DAY


def hours_window(start: dt.date, exam: dt.date, category: Category, days: int = GRADESHEET_DAYS,
                 holidays: Holidays = KZ) -> tuple[dt.date, dt.date]:
    """The dates hours of `category` may be logged for, both included."""
    if category in AFTER_EXAM_CATEGORIES:
        return start, hours_grace_until(exam, days, holidays)
    return start, exam


def category_deadline(dates: CourseDates, category: Category) -> dt.date:
    """The last day by which a category's work is due (7.1 intro, 7.2 consultations; the rest by the exam)."""
    match category:
        case Category.INTRO:
            return intro_deadline(dates.start, dates.rk1)
        case Category.CONSULTATION_RK1:
            return consultation_last_day(dates.rk1)
        case Category.CONSULTATION_RK2:
            return consultation_last_day(dates.rk2)
        case Category.CONSULTATION_EXAM:
            return consultation_last_day(dates.exam)
        case _:
            return dates.exam


@lru_cache(maxsize=8192)  # the weekly summary asks it for every tutor, course and category
def due_at(dates: CourseDates, category: Category) -> ControlKind:
    """The control point by which all of a category's hours are due: the first on or after its deadline."""
    deadline = category_deadline(dates, category)
    return next((k for k in CONTROL_ORDER if dates.control(k) >= deadline), ControlKind.EXAM)
