"""Syllabus updates, pure: which weeks a new version changes and how, which of them are still ahead, the note."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal

from cards.i18n import text
from cards.integration_map_changes import change_line, students_message
from tests.unit.test_integration_map import MGT, full
from tutoring.integration_map import (
    MAX_COMMENT,
    MapContent,
    MapProblem,
    Rule,
    WeekChange,
    WeekChangeKind,
    ahead,
    check_change_note,
    week_changes,
)


def with_weeks(content: MapContent, **topics: str) -> MapContent:
    """`w3="…"` sets week 3's topic."""
    changed = {int(k[1:]): v for k, v in topics.items()}
    return replace(content, weeks=tuple(replace(w, topic=changed.get(w.week, w.topic)) for w in content.weeks))


def test_each_kind_of_week_change_is_named() -> None:
    before = with_weeks(full(), w12="")
    after = with_weeks(before, w3="Новая тема", w5="", w12="Кейс", w14="Тема 15", w15="Тема 14")
    after = replace(after, weeks=tuple(replace(w, hours=Decimal(3)) if w.week == 7 else w for w in after.weeks))
    assert week_changes(before, after) == [
        WeekChange(3, WeekChangeKind.RENAMED, "Тема 3", "Новая тема"),
        WeekChange(5, WeekChangeKind.REMOVED, "Тема 5", ""),
        WeekChange(7, WeekChangeKind.DETAILS, "Тема 7", "Тема 7"),
        WeekChange(12, WeekChangeKind.ADDED, "", "Кейс"),
        WeekChange(14, WeekChangeKind.MOVED, "Тема 14", "Тема 15", moved_from=15),
        WeekChange(15, WeekChangeKind.MOVED, "Тема 15", "Тема 14", moved_from=14),
    ]
    assert week_changes(full(), full()) == []


def test_only_weeks_not_over_are_the_students_news() -> None:
    changes = [WeekChange(n, WeekChangeKind.RENAMED, "a", "b") for n in (12, 13, 14)]
    # 25.11.2026: week 12 (17.11–23.11) is over, week 13 (24.11–30.11) is running, 14 ahead.
    assert [c.week for c in ahead(changes, MGT.start_date, dt.date(2026, 11, 25))] == [13, 14]
    assert [c.week for c in ahead(changes, MGT.start_date, dt.date(2026, 12, 1))] == [14]


def test_an_update_needs_its_note() -> None:
    assert check_change_note("") == [MapProblem("note", Rule.REQUIRED)]
    assert check_change_note("Поменяли порядок") == []
    [too_long] = check_change_note("x" * (MAX_COMMENT + 1))
    assert (too_long.field, too_long.rule, too_long.high) == ("note", Rule.TOO_LONG, str(MAX_COMMENT))


def test_the_students_message_names_each_week_with_its_dates() -> None:
    change = WeekChange(14, WeekChangeKind.MOVED, "Тема 14", "Тема *15*", moved_from=15)
    line = change_line("ru", change, MGT.start_date)
    assert line == text("ru", "integration_map.change.moved", n=14, dates="01.12–07.12", new="Тема \\*15\\*", m=15)
    message = students_message("en", code="MGT2101", name="Management", note="Swapped", changes=[change],
                               start=MGT.start_date)
    assert message.splitlines()[0] == text("en", "integration_map.notify.syllabus", code="MGT2101",
                                           name="Management", note="Swapped")
    assert message.splitlines()[1] == "• " + change_line("en", change, MGT.start_date)
