"""Which AIS grade sheets are due (Regulation 7.4, CONTRACT §11): pure, over a course's dates."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from tutoring.regulation_calendar import (
    CONTROL_ORDER,
    GRADESHEET_DAYS,
    ControlKind,
    CourseDates,
    gradesheet_due,
)


@dataclass(frozen=True)
class SheetDue:
    course_id: int
    control: ControlKind
    control_date: dt.date
    due: dt.date

    def overdue(self, today: dt.date) -> bool:
        return today > self.due


def sheets_due(course_id: int, dates: CourseDates, today: dt.date, days: int = GRADESHEET_DAYS) -> list[SheetDue]:
    """The sheets of the control points that have taken place by `today` (the sheet is filled after the control)."""
    return [
        SheetDue(course_id, kind, dates.control(kind), gradesheet_due(dates.control(kind), days))
        for kind in CONTROL_ORDER
        if dates.control(kind) <= today
    ]


def parse_control(raw: object) -> ControlKind | None:
    try:
        return ControlKind(str(raw or "").strip().lower())
    except ValueError:
        return None
