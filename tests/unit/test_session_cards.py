"""Every card of the sessions feature, in every language and state, through the Adaptive Cards validator."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, get_args

import pytest

from cards.i18n import feature_texts
from cards.sessions import (
    CoursePlanView,
    Notice,
    SessionView,
    held_question_card,
    notice_card,
    plan_overview_card,
    schedule_card,
    schedule_hint,
    session_card,
    student_sessions_card,
    when_text,
)
from tests.support.adaptive_cards import card_problems_many, node_tools_available
from tutoring.calendar import LinkKind
from tutoring.locale import Lang
from tutoring.norms import SessionKind
from tutoring.plan import CourseDates, SessionFact, plan, propose, webinar_progress

LANGS: tuple[Lang, ...] = ("ru", "kk", "en")
START = dt.datetime(2026, 10, 22, 13, 0, tzinfo=dt.UTC)
BASE = SessionView(1, SessionKind.CONSULTATION_RK1, "MGT2101", "Основы менеджмента", START, 60, "teams",
                   "Айгерим Касымова", join_url="https://teams.microsoft.com/l/meetup-join/x", link_kind=LinkKind.TEAMS)
VARIANTS = [
    BASE,
    SessionView(2, SessionKind.WEBINAR, "MGT2101", "Основы менеджмента", START, 90, "teams", "Айгерим Касымова",
                link_kind=LinkKind.NO_TEAMS),
    SessionView(3, SessionKind.INTRO, "MGT2101", "Основы менеджмента", START, 60, "teams", "Айгерим Касымова",
                join_url="https://local-calendar.invalid/tutorbot/meeting/local-1", link_kind=LinkKind.LOCAL),
    SessionView(4, SessionKind.WEBINAR, "FIN2204", "Қаржылық есеп", START, 45, "zoom", "Дмитрий Ковалёв",
                title="Разбор кейса", join_url="https://zoom.us/j/1", link_kind=LinkKind.EXTERNAL),
    SessionView(5, SessionKind.CONSULTATION_EXAM, "MGT2101", "Основы менеджмента", START, 60, "teams",
                "Айгерим Касымова", sync_state="pending"),
    SessionView(6, SessionKind.CONSULTATION_RK2, "MGT2101", "Основы менеджмента", START, 60, "teams",
                "Айгерим Касымова", sync_state="failed", sync_error="Access is denied."),
    SessionView(7, SessionKind.CONSULTATION_RK1, "MGT2101", "Основы менеджмента", START, 60, "teams",
                "Айгерим Касымова", state="cancelled", cancel_reason="not_held"),
    SessionView(8, SessionKind.CONSULTATION_RK1, "MGT2101", "Основы менеджмента", START, 60, "teams",
                "Айгерим Касымова", state="held", attendance_count=2, students=3),
]
MGT2101 = CourseDates(dt.date(2026, 9, 1), dt.date(2026, 10, 24), dt.date(2026, 12, 12), dt.date(2026, 12, 26))


def all_cards() -> list[dict[str, Any]]:
    cards: list[dict[str, Any]] = []
    today = dt.date(2026, 10, 19)
    facts = [SessionFact(SessionKind.INTRO, dt.date(2026, 9, 1), held=True),
             SessionFact(SessionKind.CONSULTATION_RK1, dt.date(2026, 10, 25), held=False)]
    items = plan(MGT2101, facts, today)
    webinars = webinar_progress(facts)
    courses = [("MGT2101", "Основы менеджмента"), ("FIN2204", "Қаржылық есеп")]
    for lang in LANGS:
        for proposal in (propose(MGT2101, facts, today), propose(MGT2101, [], today),
                         propose(MGT2101, facts, today, kind=SessionKind.WEBINAR)):
            cards.append(schedule_card(lang, courses, "MGT2101", proposal, items, webinars, "sub-1", today))
            assert schedule_hint(lang, proposal)
        for view in VARIANTS:
            cards.append(session_card(lang, view, tutor=True, notes=["note"], submission="sub-2", now=START
                                      - dt.timedelta(days=1)))
            cards.append(session_card(lang, view))
            for notice in get_args(Notice):
                cards.append(notice_card(lang, view, notice))
            cards.append(held_question_card(lang, view, Decimal("1.5"), "7.2 консультация перед РК1"))
        cards.append(student_sessions_card(lang, VARIANTS[:5]))
        cards.append(student_sessions_card(lang, []))
        overview = CoursePlanView("MGT2101", "Основы менеджмента", items, webinars, VARIANTS[:3], frozenset({1}))
        cards.append(plan_overview_card(lang, [overview], tutor=True, more=2))
        cards.append(plan_overview_card(lang, [overview], tutor=False))
        cards.append(plan_overview_card(lang, [], tutor=True))
    return cards


@pytest.mark.skipif(not node_tools_available(), reason="node or npm adaptivecards missing")
def test_every_session_card_passes_the_validator() -> None:
    cards = all_cards()
    problems = card_problems_many(cards)
    assert [p for p in problems if p] == []
    assert len(cards) > 150


def test_every_text_speaks_three_languages() -> None:
    for key, entry in feature_texts("sessions").items():
        assert key.startswith("sessions."), key
        assert set(entry) == set(LANGS), key
        assert all(value.strip() for value in entry.values()), key


def test_times_read_in_almaty_in_the_readers_language() -> None:
    assert when_text("ru", START, 60) == "Четверг, 22 октября 2026, 18:00–19:00 (время Алматы)"
    assert when_text("en", START, 90) == "Thursday, 22 October 2026, 18:00–19:30 (Almaty time)"
    assert when_text("kk", START, 60).startswith("Бейсенбі, 22 қазан 2026, 18:00–19:00")
