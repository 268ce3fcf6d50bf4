"""Syllabus updates (7.4): what a new version of an approved map changes in the week plan, which of those weeks
are still ahead of the students, and the tutor's note that a new version of an approved map needs. No I/O."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from tutoring.integration_map.content import MAX_COMMENT, WEEKS, MapContent, WeekPlan
from tutoring.integration_map.fields import MapProblem, Rule, shorten
from tutoring.regulation_calendar import week_dates


class WeekChangeKind(StrEnum):
    ADDED = "added"  # a topic where the week had none
    REMOVED = "removed"  # the week's topic is gone
    RENAMED = "renamed"  # another topic in its place
    MOVED = "moved"  # a topic of another week now stands here (the order changed)
    DETAILS = "details"  # the same topic; its hours, assignments, assessment, form or links changed


@dataclass(frozen=True)
class WeekChange:
    week: int
    kind: WeekChangeKind
    old: str  # the week's topic before
    new: str  # and now
    moved_from: int | None = None  # for MOVED: the week the topic stood in before


def week_changes(before: MapContent, after: MapContent) -> list[WeekChange]:
    """The weeks whose plan differs, week by week (a moved topic shows at the week it moved to)."""
    old_weeks = {w.topic: w.week for w in before.weeks if w.topic}
    changes: list[WeekChange] = []
    for n in range(1, WEEKS + 1):
        old, new = before.week(n), after.week(n)
        if old == new:
            continue
        changes.append(WeekChange(n, _kind(old, new, old_weeks), old.topic, new.topic,
                                  old_weeks.get(new.topic) if new.topic != old.topic else None))
    return changes


def _kind(old: WeekPlan, new: WeekPlan, old_weeks: dict[str, int]) -> WeekChangeKind:
    if old.topic == new.topic:
        return WeekChangeKind.DETAILS
    if new.topic and old_weeks.get(new.topic, new.week) != new.week:
        return WeekChangeKind.MOVED
    if not old.topic:
        return WeekChangeKind.ADDED
    if not new.topic:
        return WeekChangeKind.REMOVED
    return WeekChangeKind.RENAMED


def ahead(changes: list[WeekChange], start: dt.date, today: dt.date) -> list[WeekChange]:
    """The changes to weeks that are not over yet (`regulation_calendar.week_dates`): what students still meet."""
    return [c for c in changes if week_dates(start, c.week)[1] >= today]


def check_change_note(note: str) -> list[MapProblem]:
    """A new version of an approved map says what changed and why (reviewers and students read it)."""
    if not note:
        return [MapProblem("note", Rule.REQUIRED)]
    if len(note) > MAX_COMMENT:
        return [MapProblem("note", Rule.TOO_LONG, shorten(note), high=str(MAX_COMMENT))]
    return []
