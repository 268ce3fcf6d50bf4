"""What a valid hours entry is (issue 5, CONTRACT §7): pure checks, one problem per violated rule.

Each problem names the field (`course`, `category`, `hours`, `date`, `note` — the card's input ids) and a text
key with its values, so the dialog can say it in the tutor's language. Nothing here touches the database: the
caller passes the facts it looked up (the tutor's courses, what is already logged that day).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from dataclasses import field as _field
from decimal import Decimal, InvalidOperation

from tutoring.norms import Category
from tutoring.regulation_calendar import (
    AFTER_EXAM_CATEGORIES,
    gradesheet_due,
    hours_grace_until,
    hours_window,
)

STEP = Decimal("0.25")
MAX_PER_DAY = Decimal(12)
MAX_NOTE = 500
_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$|^[+-]?[.,]\d+$")


@dataclass(frozen=True)
class EntryProblem:
    field: str  # the card input id
    key: str  # text key (cards/texts/hours.toml)
    values: dict[str, object] = _field(default_factory=lambda: {})


@dataclass(frozen=True)
class CourseWindow:
    """A course the tutor may log hours for, and its semester: start_date..exam_date, both included
    (7.3 and 7.4 work also a while after the exam: `regulation_calendar.hours_window`)."""

    course_id: int
    start_date: dt.date
    exam_date: dt.date


@dataclass(frozen=True)
class EntryDraft:
    course_id: int
    category: Category
    hours: Decimal
    date: dt.date
    note: str | None


def parse_hours(raw: object) -> Decimal | None:
    """"1,5", "1.5", 1.5, "2" -> Decimal; anything else (text, "1e3", NaN) -> None."""
    if isinstance(raw, bool) or raw is None:
        return None
    text = str(raw).strip().replace(" ", "").replace("\u00a0", "")
    if not _NUMBER.match(text):
        return None
    try:
        return Decimal(text.replace(",", "."))
    except InvalidOperation:
        return None


def parse_date(raw: object) -> dt.date | None:
    text = str(raw or "").strip()[:10]
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def check_entry(
    data: dict[str, object],
    *,
    courses: dict[int, CourseWindow],
    today: dt.date,
    logged_that_day: dict[dt.date, Decimal] | None = None,
) -> tuple[EntryDraft | None, list[EntryProblem]]:
    """Validate a submitted hours card. `courses`: the tutor's own courses by id. `logged_that_day`: net hours the
    tutor already has in the ledger per date (all courses), for the 12-hours-a-day rule.

    Returns the draft when there is no problem, else (None, problems)."""
    problems: list[EntryProblem] = []
    course = _course(data.get("course"), courses, problems)
    category = _category(data.get("category"), problems)
    date_raw = data.get("date")
    date = parse_date(date_raw)
    hours = _hours(data.get("hours"), dated=date is not None, problems=problems)
    if date is None:
        problems.append(EntryProblem("date", "hours.error.date.invalid", {"value": str(date_raw or "")[:20]}))
    elif date > today:
        problems.append(EntryProblem("date", "hours.error.date.future", {"date": date}))
    elif course is not None and (outside := _date_outside(course, category, date)) is not None:
        problems.append(outside)
    if hours is not None and hours > 0 and (hours > MAX_PER_DAY or hours % STEP == 0) and date is not None:
        already = (logged_that_day or {}).get(date, Decimal(0))
        if already + hours > MAX_PER_DAY:
            problems.append(EntryProblem("hours", "hours.error.hours.day_limit",
                                         {"date": date, "already": already,
                                          "left": max(MAX_PER_DAY - already, Decimal(0)), "max": MAX_PER_DAY}))
    note = str(data.get("note") or "").strip() or None
    if note is not None and len(note) > MAX_NOTE:
        problems.append(EntryProblem("note", "hours.error.note.long", {"max": MAX_NOTE}))
    if problems or course is None or category is None or hours is None or date is None:
        return None, problems
    return EntryDraft(course.course_id, category, hours, date, note), []


def _course(raw: object, courses: dict[int, CourseWindow], problems: list[EntryProblem]) -> CourseWindow | None:
    text = str(raw or "").strip()
    if not text:
        problems.append(EntryProblem("course", "hours.error.course.missing"))
        return None
    course = courses.get(int(text)) if text.isdigit() else None
    if course is None:
        problems.append(EntryProblem("course", "hours.error.course.not_yours"))
    return course


def _category(raw: object, problems: list[EntryProblem]) -> Category | None:
    try:
        return Category(str(raw or "").strip())
    except ValueError:
        problems.append(EntryProblem("category", "hours.error.category"))
        return None


def _hours(raw: object, *, dated: bool, problems: list[EntryProblem]) -> Decimal | None:
    """The hours as a number, or None with the field's problem. Over the day's maximum is said with the day's figures
    by the caller when there is a date; `%` of 1e40 would raise, so the step is checked only below the maximum."""
    hours = parse_hours(raw)
    if hours is None:
        shown = str(raw or "").strip()[:20]
        problems.append(EntryProblem("hours", "hours.error.hours.not_number" if shown else "hours.error.hours.missing",
                                     {"value": shown}))
    elif hours <= 0:
        problems.append(EntryProblem("hours", "hours.error.hours.not_positive"))
    elif hours > MAX_PER_DAY:
        if not dated:
            problems.append(EntryProblem("hours", "hours.error.hours.too_large", {"max": MAX_PER_DAY}))
    elif hours % STEP != 0:
        problems.append(EntryProblem("hours", "hours.error.hours.step", {"value": hours}))
    return hours


def _date_outside(course: CourseWindow, category: Category | None, date: dt.date) -> EntryProblem | None:
    """The date problem when `date` is outside the days `category` may be logged for (regulation calendar)."""
    first, last = hours_window(course.start_date, course.exam_date, category or Category.SESSIONS)
    if first <= date <= last:
        return None
    if date < first:
        return EntryProblem("date", "hours.error.date.outside",
                       {"date": date, "start": course.start_date, "end": course.exam_date})
    grace_until = hours_grace_until(course.exam_date)
    if category in AFTER_EXAM_CATEGORIES:
        return EntryProblem("date", "hours.error.date.after_grace",
                       {"date": date, "until": grace_until, "due": gradesheet_due(course.exam_date)})
    return EntryProblem("date", "hours.error.date.after_exam",
                   {"date": date, "exam": course.exam_date, "until": grace_until})
