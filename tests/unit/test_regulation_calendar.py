"""The regulation's calendar (tutoring/regulation_calendar.py): its answers pinned for real course calendars.

MGT2101 and FIN2204 are the demo roster's fall 2026 courses (bot/demo_roster/courses.csv): start Tuesday
1 September, RK1 Saturday 24 October (Republic Day, Sunday 25, moves its day off to Monday 26), RK2 Saturday
12 December (Independence Day is Wednesday 16), the exam Saturday 26 December (MGT2101) or Monday 28 December
(FIN2204). ECO1102 is a spring 2027 course made up for Nauryz: start Monday 25 January, RK1 Saturday 20 March
(Nauryz 21–23 March; the 21st is a Sunday, so Wednesday 24 is off too), RK2 Tuesday 11 May (Victory Day, Sunday
9 May, moves its day off to Monday 10), the exam Saturday 22 May.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from tutoring.norms import Category
from tutoring.regulation_calendar import (
    KZ,
    ControlKind,
    CourseDates,
    Holidays,
    add_working_days,
    consultation_default_day,
    consultation_last_day,
    consultation_warning_from,
    consultation_window,
    course_week,
    due_at,
    gradesheet_due,
    gradesheet_dues,
    hours_grace_until,
    hours_window,
    intro_deadline,
    intro_default_day,
    is_working_day,
    kz_public_holidays,
    nearest_session_day,
    week_dates,
)

D = dt.date
MGT2101 = CourseDates(D(2026, 9, 1), D(2026, 10, 24), D(2026, 12, 12), D(2026, 12, 26))
FIN2204 = CourseDates(D(2026, 9, 1), D(2026, 10, 24), D(2026, 12, 12), D(2026, 12, 28))
ECO1102 = CourseDates(D(2027, 1, 25), D(2027, 3, 20), D(2027, 5, 11), D(2027, 5, 22))

Question = Callable[[CourseDates], object]
QUESTIONS: dict[str, Question] = {
    "week of RK1": lambda c: course_week(c.start, c.rk1),
    "week 8": lambda c: week_dates(c.start, 8),
    "intro: last day": lambda c: intro_deadline(c.start, c.rk1),
    "intro: proposed day": lambda c: intro_default_day(c.start),
    "consultations: last days": lambda c: tuple(consultation_last_day(c.control(k)) for k in ControlKind),
    "consultations: proposed days": lambda c: tuple(consultation_default_day(c.start, c.control(k))
                                                    for k in ControlKind),
    "consultation rk1: window": lambda c: consultation_window(c.start, c.rk1),
    "consultations: flagged from": lambda c: tuple(consultation_warning_from(c.control(k)) for k in ControlKind),
    "grade sheets due": lambda c: tuple(gradesheet_dues(c).values()),
    "hours: sessions": lambda c: hours_window(c.start, c.exam, Category.SESSIONS),
    "hours: assessment": lambda c: hours_window(c.start, c.exam, Category.ASSESSMENT),
    "hours: documentation": lambda c: hours_window(c.start, c.exam, Category.DOCUMENTATION),
    "hours due at": lambda c: tuple(due_at(c, category).value for category in Category),
}

TABLE: list[tuple[str, CourseDates, str, object]] = [
    # MGT2101, fall 2026
    ("MGT2101", MGT2101, "week of RK1", 8),
    ("MGT2101", MGT2101, "week 8", (D(2026, 10, 20), D(2026, 10, 26))),
    ("MGT2101", MGT2101, "intro: last day", D(2026, 9, 7)),
    ("MGT2101", MGT2101, "intro: proposed day", D(2026, 9, 1)),
    ("MGT2101", MGT2101, "consultations: last days", (D(2026, 10, 23), D(2026, 12, 11), D(2026, 12, 25))),
    ("MGT2101", MGT2101, "consultations: proposed days", (D(2026, 10, 22), D(2026, 12, 10), D(2026, 12, 24))),
    ("MGT2101", MGT2101, "consultation rk1: window", (D(2026, 9, 1), D(2026, 10, 23))),
    ("MGT2101", MGT2101, "consultations: flagged from", (D(2026, 10, 10), D(2026, 11, 28), D(2026, 12, 12))),
    # RK1: Sun 25 and Mon 26 October are off -> 27, 28, 29; RK2: Wed 16 December is off -> 14, 15, 17.
    ("MGT2101", MGT2101, "grade sheets due", (D(2026, 10, 29), D(2026, 12, 17), D(2026, 12, 30))),
    ("MGT2101", MGT2101, "hours: sessions", (D(2026, 9, 1), D(2026, 12, 26))),
    ("MGT2101", MGT2101, "hours: assessment", (D(2026, 9, 1), D(2027, 1, 6))),
    ("MGT2101", MGT2101, "hours: documentation", (D(2026, 9, 1), D(2027, 1, 6))),
    ("MGT2101", MGT2101, "hours due at", ("rk1", "rk1", "rk2", "exam", "exam", "exam", "exam")),
    # FIN2204: the exam on Monday 28 December; the day before is a Sunday.
    ("FIN2204", FIN2204, "consultations: last days", (D(2026, 10, 23), D(2026, 12, 11), D(2026, 12, 27))),
    ("FIN2204", FIN2204, "consultations: proposed days", (D(2026, 10, 22), D(2026, 12, 10), D(2026, 12, 26))),
    ("FIN2204", FIN2204, "grade sheets due", (D(2026, 10, 29), D(2026, 12, 17), D(2026, 12, 31))),
    ("FIN2204", FIN2204, "hours: assessment", (D(2026, 9, 1), D(2027, 1, 7))),
    # ECO1102, spring 2027
    ("ECO1102", ECO1102, "week of RK1", 8),
    ("ECO1102", ECO1102, "week 8", (D(2027, 3, 15), D(2027, 3, 21))),
    ("ECO1102", ECO1102, "intro: last day", D(2027, 1, 31)),
    ("ECO1102", ECO1102, "intro: proposed day", D(2027, 1, 25)),
    ("ECO1102", ECO1102, "consultations: last days", (D(2027, 3, 19), D(2027, 5, 10), D(2027, 5, 21))),
    # RK2 on Tuesday 11 May: two days before is Sunday 9 May, Victory Day -> Saturday 8 May.
    ("ECO1102", ECO1102, "consultations: proposed days", (D(2027, 3, 18), D(2027, 5, 8), D(2027, 5, 20))),
    ("ECO1102", ECO1102, "consultation rk1: window", (D(2027, 1, 25), D(2027, 3, 19))),
    ("ECO1102", ECO1102, "consultations: flagged from", (D(2027, 3, 6), D(2027, 4, 27), D(2027, 5, 8))),
    # RK1 on Saturday 20 March: 22, 23 (Nauryz) and 24 (Nauryz's Sunday moved) are off -> 25, 26, 29.
    ("ECO1102", ECO1102, "grade sheets due", (D(2027, 3, 29), D(2027, 5, 14), D(2027, 5, 26))),
    ("ECO1102", ECO1102, "hours: sessions", (D(2027, 1, 25), D(2027, 5, 22))),
    ("ECO1102", ECO1102, "hours: assessment", (D(2027, 1, 25), D(2027, 6, 2))),
    ("ECO1102", ECO1102, "hours: documentation", (D(2027, 1, 25), D(2027, 6, 2))),
    ("ECO1102", ECO1102, "hours due at", ("rk1", "rk1", "rk2", "exam", "exam", "exam", "exam")),
]


@pytest.mark.parametrize(("course", "dates", "question", "answer"), TABLE,
                         ids=[f"{c}: {q}" for c, _, q, _ in TABLE])
def test_the_calendar_answers(course: str, dates: CourseDates, question: str, answer: object) -> None:
    assert QUESTIONS[question](dates) == answer


def test_every_question_is_pinned_for_the_demo_and_the_spring_course() -> None:
    for name in ("MGT2101", "ECO1102"):
        assert {q for c, _, q, _ in TABLE if c == name} == set(QUESTIONS)


def test_weeks_start_on_the_course_start_date() -> None:
    assert [course_week(MGT2101.start, D(2026, 9, d)) for d in (1, 7, 8, 14, 15)] == [1, 1, 2, 2, 3]
    assert course_week(MGT2101.start, D(2026, 8, 31)) == 0  # before the course
    assert week_dates(MGT2101.start, 1) == (D(2026, 9, 1), D(2026, 9, 7))  # Tuesday to Monday, not ISO weeks


def test_the_intro_is_due_before_rk1_when_rk1_comes_in_the_first_week() -> None:
    assert intro_deadline(D(2026, 9, 1), D(2026, 9, 5)) == D(2026, 9, 4)


def test_a_consultation_on_the_control_day_is_too_late() -> None:
    for control in (MGT2101.rk1, MGT2101.rk2, MGT2101.exam):
        first, last = consultation_window(MGT2101.start, control)
        assert first == MGT2101.start and last < control and last == control - dt.timedelta(days=1)


def test_kazakhstan_public_holidays() -> None:
    h2026 = kz_public_holidays(2026)
    assert {D(2026, 3, 21), D(2026, 3, 22), D(2026, 3, 23), D(2026, 10, 25), D(2026, 12, 16)} <= h2026
    assert D(2026, 3, 24) in h2026  # Nauryz on Saturday 21 and Sunday 22: Tuesday 24 ...
    assert D(2026, 3, 25) in h2026  # ... and Wednesday 25 are off
    assert D(2026, 10, 26) in h2026  # Republic Day on a Sunday
    assert D(2026, 12, 17) not in h2026  # Independence Day is one day since 2022
    h2027 = kz_public_holidays(2027)
    assert {D(2027, 3, 22), D(2027, 3, 23), D(2027, 3, 24), D(2027, 5, 10)} <= h2027
    h2028 = kz_public_holidays(2028)
    assert {D(2028, 1, 3), D(2028, 1, 4)} <= h2028  # New Year on Saturday and Sunday
    assert D(2029, 1, 7) in kz_public_holidays(2029) and D(2029, 1, 8) not in kz_public_holidays(2029)  # religious


def test_working_days_and_extra_holidays() -> None:
    assert not is_working_day(D(2026, 10, 24)) and not is_working_day(D(2026, 10, 26))
    assert is_working_day(D(2026, 10, 27))
    assert add_working_days(D(2026, 10, 23), 1) == D(2026, 10, 27)  # Friday -> Tuesday
    # Kurban Ait and days moved by decree are not computed: they are passed in.
    decreed = Holidays.with_extra([D(2027, 5, 25)])
    assert D(2027, 5, 25) in decreed and D(2027, 5, 25) not in KZ
    assert gradesheet_due(ECO1102.exam, holidays=decreed) == D(2027, 5, 27)
    assert gradesheet_due(ECO1102.exam, days=5) == D(2027, 5, 28)
    assert hours_grace_until(ECO1102.exam, holidays=decreed) == D(2027, 6, 3)


def test_proposed_session_days_avoid_sundays_and_holidays() -> None:
    assert nearest_session_day(D(2026, 10, 25), earlier=False) == D(2026, 10, 27)
    assert nearest_session_day(D(2026, 10, 25), earlier=True) == D(2026, 10, 24)  # Saturday is a study day
    assert intro_default_day(D(2027, 1, 7)) == D(2027, 1, 8)  # Orthodox Christmas
