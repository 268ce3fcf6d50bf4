"""The hours cards (cards/hours.py) are valid Adaptive Cards in every language and shape, including the ones the
end-to-end tests do not reach (the school table a dean gets while the summary feature has no `dean_report`)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from cards.formats import fmt_hours
from cards.hours import (
    CourseChoice,
    HistoryLine,
    HoursDefaults,
    export_card,
    history_card,
    hours_card,
    progress_card,
    school_card,
)
from tests.support.adaptive_cards import card_problems_many, node_tools_available
from tutoring.locale import Lang
from tutoring.norms import DEFAULT_NORMS, Category
from tutoring.progress import LedgerLine, TutorCourse, compute_progress

COURSE = TutorCourse(
    tutor_id=1, course_id=10, start_date=dt.date(2026, 9, 1), rk1_date=dt.date(2026, 10, 24),
    rk2_date=dt.date(2026, 12, 12), exam_date=dt.date(2026, 12, 26), norms=DEFAULT_NORMS,
    tutor_name="Айгерим Касымова", course_code="MGT2101", course_name="Основы менеджмента", semester="2026-fall",
    school="SOM",
)
LINES = [LedgerLine(1, 10, Category.SESSIONS, Decimal("7")), LedgerLine(1, 10, Category.DOCUMENTATION, Decimal(2))]
WHEN = dt.datetime(2026, 11, 20, 5, 0, tzinfo=dt.UTC)


def all_cards(lang: Lang) -> list[dict[str, object]]:
    cards: list[dict[str, object]] = []
    for today in (dt.date(2026, 10, 1), dt.date(2026, 11, 20), dt.date(2027, 1, 10)):
        progress = compute_progress([COURSE, COURSE], LINES, today)
        cards.append(progress_card(lang, "Айгерим", today, progress, headline="ok"))
        cards.append(school_card(lang, "Школа менеджмента", today, progress))
    choices = [CourseChoice(10, "MGT2101", "Основы менеджмента", "2026-fall"), CourseChoice(11, "X", "Y", "2026-fall")]
    progress = compute_progress([COURSE], LINES, dt.date(2026, 11, 20))
    line = HistoryLine(3, dt.date(2026, 11, 18), "MGT2101", Category.SESSIONS, Decimal("2.5"), "card", None,
                       "Айгерим", WHEN, correctable=True)
    cards.append(hours_card(lang, choices, HoursDefaults(None, dt.date(2026, 11, 20)), DEFAULT_NORMS, progress,
                            submission="s1"))
    cards.append(hours_card(lang, choices, HoursDefaults(10, line.date, line.category, line.hours, "note"),
                            DEFAULT_NORMS, progress, submission="s2", correcting=line))
    cards.append(history_card(lang, [
        line,
        HistoryLine(4, dt.date(2026, 11, 18), "MGT2101", Category.SESSIONS, Decimal("-2.5"), "card", None, "Айгерим",
                    WHEN, reverses_id=3),
        HistoryLine(5, dt.date(2026, 11, 17), "MGT2101", Category.SESSIONS, Decimal("1.5"), "session", 41, "Айгерим",
                    WHEN, reversed_by=(6, "Айгерим", WHEN), replaces_id=2),
    ], recent_days=14))
    cards.append(history_card(lang, [], recent_days=14))
    cards.append(progress_card(lang, "Айгерим", dt.date(2026, 11, 20), []))
    cards.append(export_card(lang, scope="SOM", command="python -m bot export hours", rows=2, entries=6))
    return cards


@pytest.mark.skipif(not node_tools_available(), reason="node or npm adaptivecards missing")
@pytest.mark.parametrize("lang", ["ru", "kk", "en"])
def test_every_hours_card_is_valid(lang: Lang) -> None:
    cards = all_cards(lang)
    assert card_problems_many(cards) == [[] for _ in cards]


def test_school_card_shows_each_tutor_and_course() -> None:
    progress = compute_progress([COURSE], LINES, dt.date(2026, 11, 20))
    shown = str(school_card("ru", "Школа менеджмента", dt.date(2026, 11, 20), progress))
    assert "Айгерим Касымова — MGT2101: 9 из 11 ч" in shown
    assert "7.2 занятия и поддержка по вопросам студентов ⚠ сверх нормы на 1 ч" in shown


@pytest.mark.parametrize(("lang", "value", "shown"), [
    ("ru", Decimal("1.50"), "1,5"), ("kk", Decimal("0.25"), "0,25"), ("en", Decimal("4.00"), "4"),
    ("en", Decimal("-2.5"), "-2.5"),
])
def test_hours_are_shown_the_local_way(lang: Lang, value: Decimal, shown: str) -> None:
    assert fmt_hours(value, lang) == shown
