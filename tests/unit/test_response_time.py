"""Response time: 24 working hours promised, 48 overdue, weekends not counted, quiet nights; the figures."""

from __future__ import annotations

import datetime as dt

from tutoring.clock import ALMATY
from tutoring.response_time import (
    QuestionTimes,
    add_working_time,
    is_overdue,
    overdue_from,
    promised_by,
    quiet_hours,
    response_figures,
    working_time_between,
)


def almaty(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 12, day, hour, minute, tzinfo=ALMATY)  # 2026-12-02 is a Wednesday


def test_weekday_promise_is_a_day_later() -> None:
    assert promised_by(almaty(2, 10)) == almaty(3, 10)
    assert overdue_from(almaty(2, 10)) == almaty(4, 10)


def test_weekend_does_not_count() -> None:
    assert promised_by(almaty(4, 18)) == almaty(7, 18)  # Friday 18:00 → Monday 18:00
    assert overdue_from(almaty(4, 18)) == almaty(8, 18)
    assert promised_by(almaty(5, 11)) == almaty(8, 0)  # asked on Saturday: the clock starts on Monday 00:00


def test_holidays_can_be_skipped() -> None:
    assert add_working_time(almaty(2, 10), dt.timedelta(hours=24), holidays=frozenset({dt.date(2026, 12, 3)})) \
        == almaty(4, 10)


def test_working_time_between() -> None:
    assert working_time_between(almaty(4, 18), almaty(7, 18)) == dt.timedelta(hours=24)
    assert working_time_between(almaty(2, 10), almaty(2, 9)) == dt.timedelta(0)


def test_overdue_answered_late_or_still_open() -> None:
    asked = almaty(2, 10)
    assert not is_overdue(asked, almaty(3, 9), now=almaty(9, 0))
    assert is_overdue(asked, almaty(4, 11), now=almaty(9, 0))
    assert is_overdue(asked, None, now=almaty(4, 11))
    assert not is_overdue(asked, None, now=almaty(4, 9))


def test_quiet_hours_in_almaty() -> None:
    assert quiet_hours(almaty(2, 2))
    assert quiet_hours(almaty(2, 21, 30))
    assert not quiet_hours(almaty(2, 9))
    assert not quiet_hours(almaty(2, 20, 59))


def test_figures() -> None:
    now = almaty(9, 12)
    figures = response_figures([
        QuestionTimes(1, almaty(2, 10), almaty(2, 12)),  # 2 h, in time
        QuestionTimes(1, almaty(2, 10), almaty(4, 12)),  # 50 h, overdue
        QuestionTimes(1, almaty(4, 18), almaty(7, 17), follow_up=True),  # 71 h wall clock, 23 working: in time
        QuestionTimes(1, almaty(3, 10), None),  # open and overdue by now
    ], now)
    assert (figures.received, figures.follow_ups, figures.answered, figures.answered_in_time, figures.overdue,
            figures.open) == (4, 1, 3, 2, 2, 1)
    assert figures.median_response_hours == 50.0
    assert figures.median_working_response_hours == 23.0
    empty = response_figures([], now)
    assert empty.received == 0 and empty.median_response_hours is None
