"""The one progress function (tutoring/progress.py) and the entry rules (tutoring/hours_rules.py), pure."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from tutoring.hours_rules import CourseWindow, check_entry, parse_hours
from tutoring.norms import DEFAULT_NORMS, Category
from tutoring.progress import (
    ControlKind,
    LedgerLine,
    TutorCourse,
    compute_progress,
    due_by,
    next_control_point,
)

D = Decimal
# The demo course MGT2101: start 1 Sep, RK1 24 Oct, RK2 12 Dec, exam 26 Dec 2026.
COURSE = TutorCourse(
    tutor_id=1, course_id=10, start_date=dt.date(2026, 9, 1), rk1_date=dt.date(2026, 10, 24),
    rk2_date=dt.date(2026, 12, 12), exam_date=dt.date(2026, 12, 26), norms=DEFAULT_NORMS,
    tutor_name="Айгерим", course_code="MGT2101", semester="2026-fall",
)


def line(category: Category, hours: str, tutor: int = 1, course: int = 10) -> LedgerLine:
    return LedgerLine(tutor, course, category, D(hours))


def test_per_category_totals_gaps_and_over_norm() -> None:
    lines = [
        line(Category.INTRO, "1"),
        line(Category.CONSULTATION_RK1, "1.5"),
        line(Category.SESSIONS, "2.5"),
        line(Category.SESSIONS, "1.5"),
        line(Category.DOCUMENTATION, "2"),
        line(Category.SESSIONS, "3", tutor=2),  # another tutor: not counted
        line(Category.SESSIONS, "3", course=11),  # another course: not counted
    ]
    [p] = compute_progress([COURSE], lines, dt.date(2026, 11, 20))
    assert [c.category for c in p.categories] == list(Category)
    sessions = p.by_category(Category.SESSIONS)
    assert (sessions.delivered, sessions.norm, sessions.remaining, sessions.over) == (D("4"), D(6), D(2), D(0))
    rk1 = p.by_category(Category.CONSULTATION_RK1)
    assert rk1.over_norm and rk1.over == D("0.5") and rk1.remaining == 0
    docs = p.by_category(Category.DOCUMENTATION)
    assert docs.norm is None and docs.delivered == D(2) and not docs.over_norm and docs.remaining == 0
    assert p.delivered_total == D("8.5")  # documentation and over-norm hours count in the total
    assert p.norm_total == D(11)
    # Over-norm hours never fill another category's gap: rk2 1 + exam 1 + sessions 2 + assessment 1.
    assert p.gap_total == D(5)
    assert [c.category for c in p.over_norm] == [Category.CONSULTATION_RK1]
    assert p.over_total == 0


def test_missing_before_the_next_control_point() -> None:
    lines = [line(Category.INTRO, "1"), line(Category.CONSULTATION_RK1, "1"), line(Category.SESSIONS, "4")]
    [p] = compute_progress([COURSE], lines, dt.date(2026, 11, 20))
    assert p.next_control is not None
    assert (p.next_control.kind, p.next_control.date) == (ControlKind.RK2, dt.date(2026, 12, 12))
    # Sessions are spread: by RK2 102 of the 116 days have passed -> 6 * 102/116 = 5.28, rounded up to 5.5.
    missing = {c.category: c.missing_before_next for c in p.missing_before_next}
    assert missing == {Category.CONSULTATION_RK2: D(1), Category.SESSIONS: D("1.5")}
    assert p.missing_total == D("2.5")


def test_before_rk1_the_intro_and_first_consultation_are_due() -> None:
    [p] = compute_progress([COURSE], [], dt.date(2026, 10, 1))
    assert p.next_control is not None and p.next_control.kind is ControlKind.RK1
    missing = {c.category: c.missing_before_next for c in p.missing_before_next}
    # 53 of 116 days -> 6 * 0.457 = 2.74 -> 2.75.
    assert missing == {Category.INTRO: D(1), Category.CONSULTATION_RK1: D(1), Category.SESSIONS: D("2.75")}


def test_control_point_day_itself_still_counts_as_next() -> None:
    assert next_control_point(COURSE, dt.date(2026, 10, 24)) == COURSE.control_points()[0]
    assert next_control_point(COURSE, dt.date(2026, 12, 26)) == COURSE.control_points()[2]
    assert next_control_point(COURSE, dt.date(2026, 12, 27)) is None


def test_after_the_exam_everything_still_owed_is_missing() -> None:
    [p] = compute_progress([COURSE], [line(Category.SESSIONS, "6")], dt.date(2027, 1, 10))
    assert p.next_control is None
    assert p.missing_total == p.gap_total == D(5)


def test_exam_point_is_the_whole_norm() -> None:
    exam = COURSE.control_points()[2]
    assert {c: due_by(COURSE, c, exam) for c in Category} == {
        c: (n if n is not None else D(0)) for c, n in DEFAULT_NORMS.items()
    }


def test_reversals_and_norm_overrides() -> None:
    norms = {**DEFAULT_NORMS, Category.SESSIONS: D(8), Category.DOCUMENTATION: D(2)}
    course = TutorCourse(**{**COURSE.__dict__, "norms": norms})
    lines = [line(Category.SESSIONS, "2.5"), line(Category.SESSIONS, "-2.5"), line(Category.SESSIONS, "2")]
    [p] = compute_progress([course], lines, dt.date(2026, 11, 20))
    assert p.by_category(Category.SESSIONS).delivered == D(2)
    assert p.norm_total == D(15)  # 11 - 6 + 8 + 2
    assert p.by_category(Category.DOCUMENTATION).remaining == D(2)


def test_output_follows_the_load_order_and_keeps_empty_pairs() -> None:
    other = TutorCourse(**{**COURSE.__dict__, "tutor_id": 2, "tutor_name": "Дмитрий"})
    result = compute_progress([other, COURSE], [line(Category.INTRO, "1")], dt.date(2026, 11, 20))
    assert [p.item.tutor_id for p in result] == [2, 1]
    assert result[0].delivered_total == 0 and result[0].gap_total == D(11)


# --- the entry rules ------------------------------------------------------------------------------------------
WINDOWS = {10: CourseWindow(10, dt.date(2026, 9, 1), dt.date(2026, 12, 26))}
TODAY = dt.date(2026, 11, 20)
GOOD = {"course": "10", "category": "sessions", "hours": "1,5", "date": "2026-11-18", "note": " webinar "}


@pytest.mark.parametrize(("raw", "expected"), [
    ("1,5", D("1.5")), ("1.5", D("1.5")), (" 2 ", D(2)), (1.25, D("1.25")), (3, D(3)), (",5", D("0.5")),
    ("abc", None), ("", None), (None, None), ("1e3", None), ("NaN", None), (True, None), ("1,5,0", None),
])
def test_parse_hours(raw: object, expected: Decimal | None) -> None:
    assert parse_hours(raw) == expected


def test_a_good_entry() -> None:
    draft, problems = check_entry(dict(GOOD), courses=WINDOWS, today=TODAY)
    assert problems == []
    assert draft is not None
    assert (draft.course_id, draft.category, draft.hours, draft.date, draft.note) == (
        10, Category.SESSIONS, D("1.5"), dt.date(2026, 11, 18), "webinar")


@pytest.mark.parametrize(("change", "field", "key"), [
    ({"hours": "-1"}, "hours", "hours.error.hours.not_positive"),
    ({"hours": "0"}, "hours", "hours.error.hours.not_positive"),
    ({"hours": "0.1"}, "hours", "hours.error.hours.step"),
    ({"hours": "30"}, "hours", "hours.error.hours.day_limit"),
    ({"hours": "abc"}, "hours", "hours.error.hours.not_number"),
    ({"hours": ""}, "hours", "hours.error.hours.missing"),
    ({"date": "2027-11-18"}, "date", "hours.error.date.future"),
    ({"date": "2026-08-31"}, "date", "hours.error.date.outside"),
    ({"date": "18.11.2026"}, "date", "hours.error.date.invalid"),
    ({"course": "11"}, "course", "hours.error.course.not_yours"),
    ({"course": ""}, "course", "hours.error.course.missing"),
    ({"category": "lunch"}, "category", "hours.error.category"),
    ({"note": "x" * 501}, "note", "hours.error.note.long"),
])
def test_each_violation_names_its_field(change: dict[str, str], field: str, key: str) -> None:
    draft, problems = check_entry({**GOOD, **change}, courses=WINDOWS, today=TODAY)
    assert draft is None
    assert [(p.field, p.key) for p in problems] == [(field, key)]


def test_twelve_hours_a_day_counts_what_is_already_logged() -> None:
    logged = {dt.date(2026, 11, 18): D("10.5")}
    assert check_entry({**GOOD, "hours": "1.5"}, courses=WINDOWS, today=TODAY, logged_that_day=logged)[1] == []
    _, problems = check_entry({**GOOD, "hours": "1.75"}, courses=WINDOWS, today=TODAY, logged_that_day=logged)
    assert [p.key for p in problems] == ["hours.error.hours.day_limit"]
    assert problems[0].values["left"] == D("1.5")


@pytest.mark.parametrize(("category", "date", "key"), [
    # The exam is Saturday 26 December 2026; its grade sheet is due Wednesday 30 December; 7.3 and 7.4 work
    # may be logged for seven days after that, until 6 January 2027.
    ("assessment", "2026-12-28", None),
    ("documentation", "2027-01-06", None),
    ("assessment", "2027-01-07", "hours.error.date.after_grace"),
    ("sessions", "2026-12-27", "hours.error.date.after_exam"),
    ("consultation_exam", "2026-12-28", "hours.error.date.after_exam"),
    ("sessions", "2026-12-26", None),
    ("assessment", "2026-08-31", "hours.error.date.outside"),
])
def test_after_the_exam_only_assessment_and_documentation(category: str, date: str, key: str | None) -> None:
    today = dt.date(2027, 1, 10)
    _, problems = check_entry({**GOOD, "category": category, "date": date}, courses=WINDOWS, today=today)
    assert [p.key for p in problems] == ([key] if key else [])
    if key == "hours.error.date.after_exam":
        assert problems[0].values == {"date": dt.date.fromisoformat(date), "exam": dt.date(2026, 12, 26),
                                      "until": dt.date(2027, 1, 6)}
