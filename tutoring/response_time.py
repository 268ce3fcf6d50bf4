"""Response time of tutors' answers: the 24-hour promise, the 48-hour overdue flag, and the figures. Pure.

Working time, not wall-clock time: Saturdays and Sundays (Asia/Almaty) do not count, every hour of Monday to
Friday does. Why: tutors are faculty on a five-day week and the regulation (8.1, 8.6) makes tutoring part of
the teaching load, not a weekend duty; counting weekends would make every question asked on Friday afternoon
"overdue" by Sunday and fill the dean's summary with noise. Why not office hours only (09:00-18:00): then
"24 hours" would mean three calendar days, far from what a student reads as "within 24 hours". So a question
asked on Friday at 18:00 is promised an answer by Monday 18:00 and is overdue on Tuesday at 18:00; one asked on
Wednesday at 10:00 is promised by Thursday 10:00. Reminders are not sent at night: one that comes due between
21:00 and 09:00 local time waits for the morning. Public holidays can be passed in (`holidays`); the roster has
no holiday calendar yet, so by default none are skipped.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from zoneinfo import ZoneInfo

from tutoring.clock import ALMATY

PROMISE = dt.timedelta(hours=24)
OVERDUE = dt.timedelta(hours=48)
WEEKEND = frozenset({5, 6})  # Saturday, Sunday
QUIET_FROM = dt.time(21, 0)
QUIET_UNTIL = dt.time(9, 0)
_ONE_DAY = dt.timedelta(days=1)


def _is_day_off(day: dt.date, holidays: frozenset[dt.date]) -> bool:
    return day.weekday() in WEEKEND or day in holidays


@lru_cache(maxsize=4096)
def _midnight_after(day: dt.date, tz: ZoneInfo) -> dt.datetime:
    """The local midnight that ends `day`, in UTC (cached: the weekly summary asks for the same days thousands
    of times)."""
    return dt.datetime.combine(day + _ONE_DAY, dt.time(0), tzinfo=tz).astimezone(dt.UTC)


def add_working_time(start: dt.datetime, amount: dt.timedelta, *, tz: ZoneInfo = ALMATY,
                     holidays: frozenset[dt.date] = frozenset()) -> dt.datetime:
    """The moment `amount` of working time after `start` (aware; returned in UTC)."""
    current = start.astimezone(dt.UTC)
    day = current.astimezone(tz).date()
    remaining = amount
    while True:
        midnight = _midnight_after(day, tz)
        if not _is_day_off(day, holidays):
            available = midnight - current
            if remaining <= available:
                return current + remaining
            remaining -= available
        current, day = midnight, day + _ONE_DAY


def working_time_between(start: dt.datetime, end: dt.datetime, *, tz: ZoneInfo = ALMATY,
                         holidays: frozenset[dt.date] = frozenset()) -> dt.timedelta:
    """Working time from `start` to `end` (zero if `end` is not later)."""
    current, end = start.astimezone(dt.UTC), end.astimezone(dt.UTC)
    day = current.astimezone(tz).date()
    total = dt.timedelta(0)
    while current < end:
        stop = min(_midnight_after(day, tz), end)
        if not _is_day_off(day, holidays):
            total += stop - current
        current, day = stop, day + _ONE_DAY
    return total


def promised_by(asked_at: dt.datetime, holidays: frozenset[dt.date] = frozenset()) -> dt.datetime:
    return add_working_time(asked_at, PROMISE, holidays=holidays)


def overdue_from(asked_at: dt.datetime, holidays: frozenset[dt.date] = frozenset()) -> dt.datetime:
    return add_working_time(asked_at, OVERDUE, holidays=holidays)


def is_overdue(asked_at: dt.datetime, first_answered_at: dt.datetime | None, now: dt.datetime) -> bool:
    """Answered after the 48-hour mark, or still unanswered past it."""
    return (first_answered_at or now) > overdue_from(asked_at)


def quiet_hours(now: dt.datetime, tz: ZoneInfo = ALMATY) -> bool:
    """Night in Almaty: reminders wait for the morning."""
    local = now.astimezone(tz).time()
    return local >= QUIET_FROM or local < QUIET_UNTIL


@dataclass(frozen=True)
class QuestionTimes:
    """What the figures need of one question, plain data."""

    course_id: int
    asked_at: dt.datetime
    first_answered_at: dt.datetime | None
    follow_up: bool = False


@dataclass(frozen=True)
class ResponseFigures:
    received: int  # questions asked in the period (follow-ups included)
    follow_ups: int  # of which follow-ups to an earlier answer
    answered: int  # of those, answered by `now`
    answered_in_time: int  # first answer within the 24 working hours promised
    overdue: int  # first answer after 48 working hours, or none yet and 48 working hours have passed
    open: int  # not answered yet at `now`
    median_response_hours: float | None  # asked → first answer, wall-clock hours, answered ones only
    median_working_response_hours: float | None  # the same in working hours (weekends not counted)


def response_figures(questions: Iterable[QuestionTimes], now: dt.datetime) -> ResponseFigures:
    items = list(questions)
    answered = [q for q in items if q.first_answered_at is not None]
    hours = [((q.first_answered_at - q.asked_at).total_seconds() / 3600) for q in answered
             if q.first_answered_at is not None]
    working = [working_time_between(q.asked_at, q.first_answered_at).total_seconds() / 3600 for q in answered
               if q.first_answered_at is not None]
    return ResponseFigures(
        received=len(items),
        follow_ups=sum(1 for q in items if q.follow_up),
        answered=len(answered),
        answered_in_time=sum(1 for q in answered if q.first_answered_at is not None
                             and q.first_answered_at <= promised_by(q.asked_at)),
        overdue=sum(1 for q in items if is_overdue(q.asked_at, q.first_answered_at, now)),
        open=len(items) - len(answered),
        median_response_hours=round(statistics.median(hours), 2) if hours else None,
        median_working_response_hours=round(statistics.median(working), 2) if working else None,
    )
