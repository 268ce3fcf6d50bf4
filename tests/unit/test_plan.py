"""The control-point plan (tutoring/plan.py) and the scheduling rules (tutoring/sessions.py), pure."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from tutoring.clock import ALMATY
from tutoring.norms import SessionKind
from tutoring.plan import (
    CourseDates,
    SessionFact,
    Status,
    plan,
    propose,
    requirements,
    webinar_progress,
)
from tutoring.sessions import (
    FormProblem,
    Platform,
    SessionForm,
    local_instant,
    parse_session_form,
    reminder_due,
)

# MGT2101 of the demo roster: starts Tuesday 1 September, RK1 Saturday 24 October, RK2 Saturday 12 December,
# the exam Saturday 26 December 2026.
MGT2101 = CourseDates(dt.date(2026, 9, 1), dt.date(2026, 10, 24), dt.date(2026, 12, 12), dt.date(2026, 12, 26))
D = dt.date


def test_requirements_follow_the_regulation() -> None:
    intro, rk1, rk2, exam = requirements(MGT2101)
    assert (intro.kind, intro.clause, intro.window_start, intro.due_by, intro.default_date) == (
        SessionKind.INTRO, "7.1", D(2026, 9, 1), D(2026, 9, 7), D(2026, 9, 1))
    assert (rk1.kind, rk1.clause, rk1.window_start, rk1.due_by, rk1.default_date) == (
        SessionKind.CONSULTATION_RK1, "7.2", D(2026, 9, 1), D(2026, 10, 23), D(2026, 10, 22))
    assert (rk2.due_by, rk2.default_date) == (D(2026, 12, 11), D(2026, 12, 10))
    assert (exam.due_by, exam.default_date) == (D(2026, 12, 25), D(2026, 12, 24))


def test_defaults_avoid_sundays() -> None:
    # A course that starts on a Sunday, with RK1 on a Tuesday (two days before is a Sunday).
    dates = CourseDates(D(2026, 9, 6), D(2026, 10, 27), D(2026, 12, 15), D(2026, 12, 29))
    intro, rk1, *_ = requirements(dates)
    assert intro.default_date == D(2026, 9, 7)  # Monday after
    assert rk1.default_date == D(2026, 10, 24)  # Saturday before
    assert all(r.default_date.weekday() != 6 for r in requirements(dates))


def test_overrides_replace_defaults_from_the_integration_map() -> None:
    _, rk1, *_ = requirements(MGT2101, {SessionKind.CONSULTATION_RK1: D(2026, 10, 20)})
    assert rk1.default_date == D(2026, 10, 20) and rk1.due_by == D(2026, 10, 23)
    proposal = propose(MGT2101, [SessionFact(SessionKind.INTRO, D(2026, 9, 1), held=True)], D(2026, 10, 1),
                       {SessionKind.CONSULTATION_RK1: D(2026, 10, 20)})
    assert (proposal.kind, proposal.date) == (SessionKind.CONSULTATION_RK1, D(2026, 10, 20))


def test_statuses_held_scheduled_late_missing_overdue() -> None:
    facts = [
        SessionFact(SessionKind.INTRO, D(2026, 9, 2), held=True),
        SessionFact(SessionKind.CONSULTATION_RK1, D(2026, 10, 25), held=False),  # after RK1: late
        SessionFact(SessionKind.WEBINAR, D(2026, 9, 15), held=True, minutes=90),
    ]
    items = plan(MGT2101, facts, today=D(2026, 12, 20))
    assert [(i.kind, i.status, i.late) for i in items] == [
        (SessionKind.INTRO, Status.HELD, False),
        (SessionKind.CONSULTATION_RK1, Status.SCHEDULED, True),
        (SessionKind.CONSULTATION_RK2, Status.OVERDUE, False),
        (SessionKind.CONSULTATION_EXAM, Status.MISSING, False),
    ]
    assert items[0].session_date == D(2026, 9, 2)


def test_held_counts_before_scheduled() -> None:
    facts = [
        SessionFact(SessionKind.INTRO, D(2026, 9, 10), held=False),
        SessionFact(SessionKind.INTRO, D(2026, 9, 3), held=True),
    ]
    [intro, *_] = plan(MGT2101, facts, today=D(2026, 9, 5))
    assert (intro.status, intro.session_date) == (Status.HELD, D(2026, 9, 3))


def test_proposal_is_the_missing_session_due_first() -> None:
    before_start = propose(MGT2101, [], today=D(2026, 8, 28))
    assert (before_start.kind, before_start.date, before_start.due_by, before_start.late) == (
        SessionKind.INTRO, D(2026, 9, 1), D(2026, 9, 7), False)
    assert (before_start.time, before_start.duration_minutes) == (dt.time(18, 0), 60)

    intro_done = [SessionFact(SessionKind.INTRO, D(2026, 9, 1), held=True)]
    assert propose(MGT2101, intro_done, today=D(2026, 9, 10)).kind is SessionKind.CONSULTATION_RK1


def test_a_missed_session_is_proposed_for_tomorrow_and_flagged_late() -> None:
    proposal = propose(MGT2101, [], today=D(2026, 10, 19))  # Monday; the intro was due by 7 September
    assert (proposal.kind, proposal.date, proposal.late) == (SessionKind.INTRO, D(2026, 10, 20), True)


def test_a_default_in_the_past_becomes_tomorrow_and_never_a_sunday() -> None:
    intro_done = [SessionFact(SessionKind.INTRO, D(2026, 9, 1), held=True)]
    proposal = propose(MGT2101, intro_done, today=D(2026, 10, 22))  # RK1's default day is today
    assert (proposal.kind, proposal.date, proposal.late) == (SessionKind.CONSULTATION_RK1, D(2026, 10, 23), False)
    saturday = propose(MGT2101, intro_done, today=D(2026, 10, 24))
    # Tomorrow is Sunday 25 October, Republic Day; its day off moves to Monday 26: Tuesday is proposed.
    assert saturday.date == D(2026, 10, 27) and saturday.late


def test_with_everything_scheduled_the_next_webinar_is_a_week_after_the_last() -> None:
    facts = [SessionFact(k, d, held=False) for k, d in (
        (SessionKind.INTRO, D(2026, 9, 1)), (SessionKind.CONSULTATION_RK1, D(2026, 10, 22)),
        (SessionKind.CONSULTATION_RK2, D(2026, 12, 10)), (SessionKind.CONSULTATION_EXAM, D(2026, 12, 24)),
        (SessionKind.WEBINAR, D(2026, 9, 16)))]
    proposal = propose(MGT2101, facts, today=D(2026, 9, 10))
    assert (proposal.kind, proposal.date, proposal.due_by) == (SessionKind.WEBINAR, D(2026, 9, 23), None)
    first = propose(MGT2101, facts[:4], today=D(2026, 8, 20))
    assert (first.kind, first.date) == (SessionKind.WEBINAR, D(2026, 9, 8))  # the course's second week


def test_a_given_kind_is_proposed_even_when_done() -> None:
    done = [SessionFact(SessionKind.CONSULTATION_RK2, D(2026, 12, 10), held=False)]
    proposal = propose(MGT2101, done, today=D(2026, 11, 1), kind=SessionKind.CONSULTATION_RK2)
    assert (proposal.kind, proposal.date) == (SessionKind.CONSULTATION_RK2, D(2026, 12, 10))


def test_webinar_hours_against_the_norm() -> None:
    progress = webinar_progress([
        SessionFact(SessionKind.WEBINAR, D(2026, 9, 8), held=True, minutes=90),
        SessionFact(SessionKind.WEBINAR, D(2026, 9, 15), held=False, minutes=60),
        SessionFact(SessionKind.INTRO, D(2026, 9, 1), held=True),
    ])
    assert (progress.held_hours, progress.scheduled_hours, progress.norm_hours) == (
        Decimal("1.5"), Decimal(1), Decimal(6))
    assert progress.missing_hours == Decimal("3.5")
    assert webinar_progress([], None).missing_hours == 0


# --- the schedule card's values ------------------------------------------------------------------------

NOW = dt.datetime(2026, 10, 19, 10, 0, tzinfo=ALMATY).astimezone(dt.UTC)
GOOD = {"course": "MGT2101", "kind": "consultation_rk1", "date": "2026-10-22", "time": "18:00", "duration": "60",
        "platform": "teams"}


def test_a_good_card_is_the_right_instant() -> None:
    form = parse_session_form(GOOD, now=NOW, tz=ALMATY, new=True)
    assert isinstance(form, SessionForm)
    assert form.start == dt.datetime(2026, 10, 22, 13, 0, tzinfo=dt.UTC)  # Almaty is UTC+5 all year
    assert (form.course, form.kind, form.platform, form.duration_minutes) == (
        "MGT2101", SessionKind.CONSULTATION_RK1, Platform.TEAMS, 60)
    assert local_instant(D(2026, 1, 15), dt.time(9, 0), ALMATY) == dt.datetime(2026, 1, 15, 4, 0, tzinfo=dt.UTC)
    number = parse_session_form(GOOD | {"duration": 90.0, "time": "9:05"}, now=NOW, tz=ALMATY, new=True)
    assert isinstance(number, SessionForm) and number.duration_minutes == 90
    assert number.start == dt.datetime(2026, 10, 22, 4, 5, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"course": ""}, FormProblem("course", "missing")),
        ({"kind": "lecture"}, FormProblem("kind", "choice")),
        ({"platform": "skype"}, FormProblem("platform", "choice")),
        ({"date": ""}, FormProblem("date", "missing")),
        ({"date": "22.10.2026"}, FormProblem("date", "format")),
        ({"date": "2026-02-30"}, FormProblem("date", "format")),
        ({"time": "24:00"}, FormProblem("time", "format")),
        ({"time": "noon"}, FormProblem("time", "format")),
        ({"date": "2026-10-19", "time": "09:59"}, FormProblem("date", "past")),
        ({"date": "2028-01-10"}, FormProblem("date", "too_far")),
        ({"duration": "10"}, FormProblem("duration", "range")),
        ({"duration": "481"}, FormProblem("duration", "range")),
        ({"duration": "60.5"}, FormProblem("duration", "range")),
        ({"duration": "час"}, FormProblem("duration", "format")),
        ({"link": "zoom.us/j/1"}, FormProblem("link", "url")),
        ({"platform": "zoom"}, FormProblem("link", "zoom_link")),
        ({"title": "x" * 201}, FormProblem("title", "too_long")),
    ],
)
def test_bad_values_name_their_field(change: dict[str, str], problem: FormProblem) -> None:
    assert parse_session_form(GOOD | change, now=NOW, tz=ALMATY, new=True) == problem


def test_a_change_needs_only_the_time_and_keeps_the_platform() -> None:
    form = parse_session_form({"date": "2026-10-23", "time": "17:30", "duration": "90"}, now=NOW, tz=ALMATY,
                              new=False, platform=Platform.ZOOM)
    assert isinstance(form, SessionForm) and form.platform is Platform.ZOOM and form.link is None


# --- reminders ------------------------------------------------------------------------------------------

START = dt.datetime(2026, 10, 22, 13, 0, tzinfo=dt.UTC)
DAY, HOUR = dt.timedelta(hours=24), dt.timedelta(hours=1)


def due(lead: dt.timedelta, now: dt.datetime, announced: dt.datetime | None = START - 3 * DAY,
        sent_for: dt.datetime | None = None) -> bool:
    return reminder_due(lead, start=START, now=now, announced_at=announced, sent_for=sent_for)


def test_reminders_are_due_in_their_window_once() -> None:
    assert not due(DAY, START - DAY - HOUR)
    assert due(DAY, START - DAY)
    assert due(DAY, START - 2 * HOUR)
    assert not due(DAY, START - 2 * HOUR, sent_for=START)
    assert not due(HOUR, START - 2 * HOUR)
    assert due(HOUR, START - HOUR + dt.timedelta(minutes=10))
    assert not due(HOUR, START)  # it has started


def test_a_moved_session_is_reminded_again_for_its_new_time() -> None:
    assert due(HOUR, START - HOUR, sent_for=START - DAY)


def test_no_reminder_that_the_announcement_already_was() -> None:
    # Scheduled 5 hours ahead: the announcement serves as the day-before reminder; the hour-before one still comes.
    assert not due(DAY, START - 4 * HOUR, announced=START - 5 * HOUR)
    assert due(HOUR, START - HOUR, announced=START - 5 * HOUR)
    assert not due(HOUR, START - dt.timedelta(minutes=30), announced=START - dt.timedelta(minutes=40))
    assert not due(DAY, START - 2 * HOUR, announced=None)  # students were never told: nothing to remind of


def test_after_an_outage_one_reminder_not_two() -> None:
    late = START - dt.timedelta(minutes=30)
    assert not due(DAY, late) and due(HOUR, late)
