"""The weekly summary's arithmetic: ISO weeks in Almaty time, when a week is due, problems by urgency."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from tutoring.norms import DEFAULT_NORMS, Category, SessionKind
from tutoring.progress import LedgerLine, TutorCourse, compute_progress
from tutoring.weekly import (
    IsoWeek,
    ProblemKind,
    QuestionFigures,
    Row,
    SessionFigures,
    compose,
    problems_of,
    week_due,
)

ALMATY_UTC_OFFSET = dt.timedelta(hours=5)


def at_almaty(y: int, m: int, d: int, hh: int, mm: int = 0) -> dt.datetime:
    return dt.datetime(y, m, d, hh, mm, tzinfo=dt.UTC) - ALMATY_UTC_OFFSET


def test_iso_week_parse_and_bounds() -> None:
    week = IsoWeek.parse("2026-W48")
    assert (week.monday, week.sunday) == (dt.date(2026, 11, 23), dt.date(2026, 11, 29))
    start, end = week.bounds_utc()
    assert start == dt.datetime(2026, 11, 22, 19, 0, tzinfo=dt.UTC)  # Monday 00:00 in Almaty is 19:00 UTC Sunday
    assert end - start == dt.timedelta(days=7)
    assert str(week.previous()) == "2026-W47"
    assert str(IsoWeek.parse("2027-W01").previous()) == "2026-W53"


@pytest.mark.parametrize("text", ["2026-48", "2026-W54", "W48", "2025-W53", ""])
def test_bad_weeks_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        IsoWeek.parse(text)


def test_week_due_turns_at_monday_nine_almaty() -> None:
    assert str(week_due(at_almaty(2026, 11, 30, 8, 59))) == "2026-W47"  # Monday 08:59: last week not due yet
    assert str(week_due(at_almaty(2026, 11, 30, 9, 0))) == "2026-W48"
    assert str(week_due(at_almaty(2026, 12, 3, 15))) == "2026-W48"  # a restart on Thursday catches up W48


def course(**dates: dt.date) -> TutorCourse:
    base = dict(start_date=dt.date(2026, 9, 1), rk1_date=dt.date(2026, 10, 24), rk2_date=dt.date(2026, 12, 12),
                exam_date=dt.date(2026, 12, 26))
    return TutorCourse(tutor_id=1, course_id=1, norms=DEFAULT_NORMS, tutor_name="Айгерим", course_code="MGT2101",
                       **{**base, **dates})  # type: ignore[arg-type]


def test_problems_first_and_most_urgent_first() -> None:
    today = dt.date(2026, 12, 8)  # RK2 in 4 days
    item = course()
    lines = [LedgerLine(1, 1, Category.INTRO, Decimal(1))]
    [progress] = compute_progress([item], lines, today)
    row = Row(progress, SessionFigures(scheduled_kinds=frozenset({SessionKind.INTRO, SessionKind.CONSULTATION_RK1})),
              QuestionFigures(received=3, answered=2, open_overdue=1,
                              response_times=(dt.timedelta(hours=2), dt.timedelta(hours=30))), Decimal(1))
    summary = compose("Школа менеджмента", IsoWeek.parse("2026-W49"), [row], today)
    kinds = [p.kind for p in summary.problems]
    assert kinds[0] is ProblemKind.CONSULTATION_MISSING and summary.problems[0].days_left == 4
    assert summary.problems[0].control == "rk2"
    assert ProblemKind.QUESTIONS_OVERDUE in kinds and ProblemKind.HOURS_BEHIND in kinds
    assert ProblemKind.INTRO_MISSING not in kinds
    assert summary.median_response == dt.timedelta(hours=16)
    assert summary.totals["questions_overdue"] == 1


@pytest.mark.parametrize(("today", "flagged"), [
    (dt.date(2026, 9, 7), False),  # the last day of week 1: the intro may still happen today
    (dt.date(2026, 9, 8), True),  # week 2: the intro's last day (regulation calendar, 7.1) has passed
    (dt.date(2026, 12, 27), False),  # after the exam the semester is over
])
def test_a_missing_intro_is_a_problem_once_week_1_is_over(today: dt.date, flagged: bool) -> None:
    [progress] = compute_progress([course()], [], today)
    row = Row(progress, SessionFigures(), QuestionFigures(), Decimal(0))
    kinds = [p.kind for p in compose("Школа менеджмента", IsoWeek.of(today), [row], today).problems]
    assert (ProblemKind.INTRO_MISSING in kinds) is flagged


def test_a_missing_consultation_is_a_problem_from_two_weeks_before_its_control_point() -> None:
    def flagged(today: dt.date) -> list[str | None]:
        [progress] = compute_progress([course()], [], today)
        row = Row(progress, SessionFigures(scheduled_kinds=frozenset({SessionKind.INTRO})), QuestionFigures(),
                  Decimal(0))
        return [p.control for p in problems_of(row, today) if p.kind is ProblemKind.CONSULTATION_MISSING]

    assert flagged(dt.date(2026, 10, 9)) == []
    assert flagged(dt.date(2026, 10, 10)) == ["rk1"]
    assert flagged(dt.date(2026, 10, 24)) == ["rk1"]  # the control day: still listed, now overdue
    assert flagged(dt.date(2026, 10, 25)) == []


def test_a_course_with_two_tutors_counts_its_questions_once() -> None:
    """Both tutors' rows carry the course's questions; the school's figures and median take them once."""
    today = dt.date(2026, 11, 20)
    questions = QuestionFigures(received=3, answered=2, open_overdue=1,
                                response_times=(dt.timedelta(hours=2), dt.timedelta(hours=30)))
    first, second = course(), TutorCourse(tutor_id=2, course_id=1, norms=DEFAULT_NORMS, tutor_name="Дмитрий",
                                          course_code="MGT2101", start_date=dt.date(2026, 9, 1),
                                          rk1_date=dt.date(2026, 10, 24), rk2_date=dt.date(2026, 12, 12),
                                          exam_date=dt.date(2026, 12, 26))
    rows = [Row(p, SessionFigures(), questions, Decimal(0)) for p in compute_progress([first, second], [], today)]
    summary = compose("Школа менеджмента", IsoWeek.parse("2026-W47"), rows, today)
    totals = summary.totals
    assert (totals["questions_received"], totals["questions_answered"], totals["questions_overdue"]) == (3, 2, 1)
    assert summary.median_response == dt.timedelta(hours=16)
